"""What keeps the pages to the people they are for: form tokens and rate limits.

**Form tokens, not Origin or Referer.** Every page sends ``Referrer-Policy: no-referrer``
so that the token in its address never leaks; under that policy a browser sends no
Referer, and ``Origin: null`` with a form's POST, so neither header can tell our forms
from another site's. Every form carries a token instead, checked before any view runs:

- a page reached by a subscriber's link carries an HMAC of that link under the secret
  key (`digest.tokens.form_token`): stateless (no session, no cookie), unknown to a site
  without the key, and void once the links are renewed;
- the pages nobody's link leads to (sign-up, a fresh link) tie theirs to a random cookie
  (SameSite=Lax: a cross-site POST does not carry it) and to when the page was shown.

RFC 8058's one-click unsubscribe is the one POST without a token: a mail client sends it
from its server, with the body ``List-Unsubscribe=One-Click`` and nothing of ours.

**Rate limits** (Flask-Limiter): one shared count per client over every page that takes
a token or an address, so a client cannot try tokens or addresses by the thousand, and
tighter ones, per client and per address, on the two forms that send an email.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar, cast

from flask import Flask, Response, g, request
from flask_limiter import Limiter
from limits.errors import ConfigurationError as LimitsConfigurationError
from markupsafe import Markup, escape

from digest.config import Settings
from digest.errors import ConfigError
from digest.runtime import Clock
from digest.tokens import (
    anonymous_form_token,
    anonymous_form_token_matches,
    form_token,
    form_token_matches,
)

#: The hidden field every form sends its token in.
FORM_FIELD = "form_token"
#: The cookie the sign-up and fresh-link forms' tokens are tied to.
COOKIE = "digest_form"
#: How long a sign-up or fresh-link page's form may wait before it is sent.
ANONYMOUS_FORM_MAX_AGE = timedelta(hours=12)
#: Pages that take neither a token nor an address, or have a limit of their own (the live
#: preview, asked a keystroke at a time): not counted in the shared one.
UNCOUNTED = frozenset({"home", "preview_script", "preview"})

View = TypeVar("View", bound=Callable[..., object])


class FormRefused(Exception):
    """A POST whose form token is missing, wrong or stale: refused with 403."""


def is_one_click() -> bool:
    """An RFC 8058 one-click unsubscribe, as mail clients send it."""
    return (
        request.endpoint == "unsubscribe"
        and request.method == "POST"
        and request.form.get("List-Unsubscribe") == "One-Click"
    )


class Guard:
    """The form tokens and rate limits of one app."""

    def __init__(self, app: Flask, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.secure_cookie = settings.base_url.startswith("https:")
        _check_limits(settings)
        # Counts live in the process by default: `digest serve` is one process, and its
        # threads share them. Several processes share a store given as a URI (redis://...).
        try:
            self.limiter = Limiter(
                _client,
                app=app,
                storage_uri=settings.rate_limit_storage,
                application_limits=[settings.rate_limit_pages],
                application_limits_exempt_when=_uncounted,
                strategy="fixed-window",
            )
        except LimitsConfigurationError as exc:
            raise ConfigError(
                f"rate_limit_storage {settings.rate_limit_storage!r}: {exc}"
            ) from None
        app.before_request(self.check_form)
        app.after_request(self.set_cookie)
        app.jinja_env.globals.update(
            form_field=self.link_form_field, anonymous_form_field=self.anonymous_form_field
        )

    # rate limits

    def one_click(self, view: View) -> View:
        limit = self.limiter.limit(
            self.settings.rate_limit_one_click, exempt_when=lambda: not is_one_click()
        )
        return cast(View, limit(view))

    def preview(self, view: View) -> View:
        return cast(View, self.limiter.limit(self.settings.rate_limit_preview)(view))

    def sends_email(self, view: View) -> View:
        """The limits of a form that may send an email, shared by every such form: per
        client, and per address typed."""
        per_client = self.limiter.shared_limit(
            self.settings.rate_limit_signup, scope="sends-email", methods=["POST"]
        )
        per_address = self.limiter.shared_limit(
            self.settings.rate_limit_address,
            scope="sends-email-to",
            methods=["POST"],
            key_func=_submitted_address,
            exempt_when=lambda: not _submitted_address(),
        )
        return cast(View, per_client(per_address(view)))

    def retry_after(self) -> int:
        """Seconds until the limit just exceeded lets this client in again."""
        limit = self.limiter.current_limit
        if limit is None:
            return 60
        return max(1, int(limit.reset_at - time.time()))

    # form tokens

    def check_form(self) -> None:
        if request.method != "POST" or request.endpoint is None or is_one_click():
            return  # (no endpoint: the address is not a page, and the answer says so)
        given = request.form.get(FORM_FIELD, "")
        link = (request.view_args or {}).get("token")
        secret = self.settings.secret_key
        if isinstance(link, str):
            matches = form_token_matches(secret, link, given)
        else:
            nonce = request.cookies.get(COOKIE, "")
            matches = anonymous_form_token_matches(
                secret, nonce, given, self.clock(), ANONYMOUS_FORM_MAX_AGE
            )
        if not matches:
            raise FormRefused()

    def link_form_field(self) -> Markup:
        """The hidden field of a form on a page reached by a subscriber's link."""
        token = (request.view_args or {}).get("token", "")
        return _hidden(form_token(self.settings.secret_key, str(token)))

    def anonymous_form_field(self) -> Markup:
        """The hidden field of a sign-up or fresh-link form (its cookie is set with it)."""
        nonce = request.cookies.get(COOKIE) or g.get("new_nonce")
        if not nonce:
            nonce = g.new_nonce = secrets.token_urlsafe(18)
        return _hidden(anonymous_form_token(self.settings.secret_key, nonce, self.clock()))

    def set_cookie(self, response: Response) -> Response:
        nonce = g.get("new_nonce")
        if nonce:
            response.set_cookie(
                COOKIE, nonce, httponly=True, samesite="Lax", secure=self.secure_cookie
            )
        return response


def _hidden(value: str) -> Markup:
    return Markup(f'<input type="hidden" name="{FORM_FIELD}" value="{escape(value)}">')


def _client() -> str:
    return request.remote_addr or "unknown"


def _submitted_address() -> str:
    return request.form.get("email", "").strip().lower()[:320]


def _uncounted() -> bool:
    return request.endpoint is None or request.endpoint in UNCOUNTED or is_one_click()


def _check_limits(settings: Settings) -> None:
    from limits import parse_many

    for name in (
        "rate_limit_pages",
        "rate_limit_one_click",
        "rate_limit_preview",
        "rate_limit_signup",
        "rate_limit_address",
    ):
        try:
            parse_many(getattr(settings, name))
        except ValueError:
            value = getattr(settings, name)
            raise ConfigError(
                f"{name} must be limits such as '60/minute' or '10/hour;100/day', not {value!r}"
            ) from None
