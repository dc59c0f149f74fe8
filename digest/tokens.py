"""Signed links for the preference and unsubscribe pages.

A token names a subscriber and the token version they had when it was made;
bumping the version (after an unsubscribe, say) invalidates every older link.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from digest.errors import ConfigError, InvalidValue

_SALT = "digest.subscriber-link"


@dataclass(frozen=True)
class LinkClaim:
    subscriber_id: int
    token_version: int


def _serializer(secret_key: str) -> URLSafeSerializer:
    if not secret_key:
        raise ConfigError(
            "DIGEST_SECRET_KEY is not set: links in emails are signed with it"
            " (any long random string, kept secret)"
        )
    return URLSafeSerializer(secret_key, salt=_SALT)


def make_token(secret_key: str, subscriber_id: int, token_version: int) -> str:
    return str(_serializer(secret_key).dumps([subscriber_id, token_version]))


def read_token(secret_key: str, token: str) -> LinkClaim:
    serializer = _serializer(secret_key)
    try:
        subscriber_id, version = serializer.loads(token)
        return LinkClaim(int(subscriber_id), int(version))
    except (BadSignature, ValueError, TypeError):
        raise InvalidValue("this link is not valid (it may have been altered)") from None
