"""Signed subscriber links."""

from __future__ import annotations

import pytest

from digest.errors import ConfigError, InvalidValue
from digest.tokens import LinkClaim, make_token, read_token

SECRET = "a long random secret"


@pytest.mark.parametrize(("subscriber_id", "version"), [(1, 0), (42, 3), (10**9, 77)])
def test_round_trip(subscriber_id: int, version: int) -> None:
    token = make_token(SECRET, subscriber_id, version)
    assert read_token(SECRET, token) == LinkClaim(subscriber_id, version)


def test_tokens_differ_by_subscriber_and_version() -> None:
    tokens = {make_token(SECRET, 1, 1), make_token(SECRET, 2, 1), make_token(SECRET, 1, 2)}
    assert len(tokens) == 3


def test_token_is_url_safe() -> None:
    token = make_token(SECRET, 42, 3)
    assert all(c.isalnum() or c in "-_." for c in token)


def tampered_tokens() -> list[str]:
    token = make_token(SECRET, 42, 3)
    payload, signature = token.split(".")
    other_payload = make_token(SECRET, 43, 3).split(".")[0]
    return [
        f"{other_payload}.{signature}",  # another subscriber's id, our signature
        f"{payload}.{signature[::-1]}",
        f"{payload}.",
        payload,
        "x" + token,
        "",
        "garbage",
    ]


@pytest.mark.parametrize("token", tampered_tokens())
def test_tampered_token(token: str) -> None:
    with pytest.raises(InvalidValue, match="this link is not valid"):
        read_token(SECRET, token)


def test_token_from_another_secret() -> None:
    token = make_token("another secret", 42, 3)
    with pytest.raises(InvalidValue):
        read_token(SECRET, token)


def test_empty_secret() -> None:
    with pytest.raises(ConfigError, match="DIGEST_SECRET_KEY is not set"):
        make_token("", 42, 3)
    with pytest.raises(ConfigError, match="DIGEST_SECRET_KEY is not set"):
        read_token("", make_token(SECRET, 42, 3))


@pytest.mark.parametrize("contents", [["x", "y"], [None, 1]])
def test_a_signed_token_with_wrong_contents_is_invalid(contents: list[object]) -> None:
    from itsdangerous import URLSafeSerializer

    token = URLSafeSerializer("secret", salt="digest.subscriber-link").dumps(contents)
    with pytest.raises(InvalidValue):
        read_token("secret", token)
