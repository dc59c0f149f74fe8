"""Signed links for the subscriber pages, and their forms' tokens.

A token names a subscriber and the token version they had when it was made;
bumping the version ("sign out everywhere") invalidates every older link. Below them, the
tokens a page's form carries back (pure: the moment comes in as a value).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


# Form tokens: what a page's form sends back to show it came from the page.

_FORM_SALT = b"digest.form:"
_ANONYMOUS_SALT = b"digest.anonymous-form:"


def _mac(secret_key: str, salt: bytes, message: str) -> str:
    digest = hmac.new(secret_key.encode(), salt + message.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def form_token(secret_key: str, link_token: str) -> str:
    """The form token of a page reached by a subscriber's link: tied to that link, so it
    dies with it when their links are renewed, and unknown to a site without the key."""
    return _mac(secret_key, _FORM_SALT, link_token)


def form_token_matches(secret_key: str, link_token: str, given: str) -> bool:
    return hmac.compare_digest(form_token(secret_key, link_token), given)


def anonymous_form_token(secret_key: str, nonce: str, issued: datetime) -> str:
    """The form token of a page nobody's link leads to (sign-up, a fresh link): tied to the
    `nonce` of the visitor's cookie and to when the page was shown."""
    stamp = str(int(issued.timestamp()))
    return f"{stamp}.{_mac(secret_key, _ANONYMOUS_SALT, f'{nonce}.{stamp}')}"


def anonymous_form_token_matches(
    secret_key: str, nonce: str, given: str, now: datetime, max_age: timedelta
) -> bool:
    """True when `given` was made for this cookie's `nonce` no longer than `max_age` ago."""
    stamp, _, _ = given.partition(".")
    if not nonce or not stamp.isdigit():
        return False
    issued = datetime.fromtimestamp(int(stamp), UTC)
    fresh = now - max_age <= issued <= now + timedelta(minutes=5)  # a little clock skew
    expected = anonymous_form_token(secret_key, nonce, issued)
    return fresh and hmac.compare_digest(expected, given)
