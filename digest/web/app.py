"""The Flask application: thin views over `digest.web.selfservice`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from zoneinfo import available_timezones

import sqlalchemy.exc
from flask import Flask, Response, redirect, render_template, request, url_for
from jinja2 import FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from digest.db import transaction
from digest.errors import ConfigError, InvalidValue, NotFound
from digest.models import Subscriber
from digest.resources import resource_path
from digest.runtime import Runtime
from digest.schedule import WEEKDAYS
from digest.types import Cadence, SubscriberStatus
from digest.web import selfservice
from digest.web.preferences import FormResult, read_preferences
from digest.web.selfservice import ExpiredLink

#: Every page: no Referer (addresses hold tokens), no framing, not indexed, not cached.
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:;"
        " form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}

#: The largest form a page accepts: the preference form, full, is a few kilobytes.
MAX_FORM_BYTES = 64 * 1024

#: What a banner says after a POST redirected back to a page.
NOTICES = {
    "saved": "Your choices are saved: they apply from your next email.",
    "confirmed": "Thank you: your subscription is confirmed.",
    "resubscribed": "Welcome back: your emails will resume.",
}

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CADENCES = {
    Cadence.WEEKLY: "Weekly digest",
    Cadence.DAILY: "Daily digest",
    Cadence.INSTANT: "As soon as a story is published",
}


def create_app(runtime: Runtime) -> Flask:
    """The pages over one runtime (its settings, database and clock)."""
    if not runtime.settings.secret_key:
        raise ConfigError("DIGEST_SECRET_KEY is not set: the pages check the links' signatures")
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BYTES
    paths = [runtime.settings.template_dir] if runtime.settings.template_dir else []
    app.jinja_env.loader = FileSystemLoader([*paths, str(resource_path("templates"))])
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    # Every page names the list as its emails do (autoescaped: the pages are .html).
    app.jinja_env.globals.update(site_name=runtime.settings.site_name)
    _routes(app, runtime)
    _error_pages(app)

    @app.after_request
    def secure(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


@contextmanager
def _subscriber(runtime: Runtime, token: str) -> Iterator[tuple[Session, Subscriber]]:
    with transaction(runtime.sessions) as session:
        yield session, selfservice.subscriber_for_link(session, runtime.settings.secret_key, token)


def _routes(app: Flask, runtime: Runtime) -> None:
    @app.get("/")
    def home() -> str:
        return render_template("web/home.html")

    @app.route("/preferences/<token>", methods=["GET", "POST"])
    def preferences(token: str) -> str | BaseResponse | tuple[str, int]:
        with _subscriber(runtime, token) as (session, subscriber):
            topics = selfservice.known_topics(session)
            if request.method == "GET":
                shown = FormResult(selfservice.preferences_of(subscriber))
                return _preferences_page(subscriber, topics, shown, token)
            result = read_preferences(request.form.getlist, topics)
            if not result.ok:
                return _preferences_page(subscriber, topics, result, token), 422
            selfservice.save_preferences(
                session, subscriber, result.submitted, runtime.now(), runtime.digest_rules
            )
        return redirect(url_for("preferences", token=token, done="saved"), 303)

    @app.route("/unsubscribe/<token>", methods=["GET", "POST"])
    def unsubscribe(token: str) -> str:
        with _subscriber(runtime, token) as (session, subscriber):
            if request.method == "POST":
                selfservice.unsubscribe(session, subscriber, runtime.now())
            return render_template(
                "web/unsubscribe.html",
                email=subscriber.email,
                token=token,
                unsubscribed=subscriber.status == SubscriberStatus.UNSUBSCRIBED,
            )

    @app.post("/resubscribe/<token>")
    def resubscribe(token: str) -> BaseResponse:
        with _subscriber(runtime, token) as (session, subscriber):
            selfservice.resubscribe(session, subscriber, runtime.now(), runtime.lookback)
        return redirect(url_for("preferences", token=token, done="resubscribed"), 303)

    @app.route("/confirm/<token>", methods=["GET", "POST"])
    def confirm(token: str) -> str | BaseResponse:
        with _subscriber(runtime, token) as (session, subscriber):
            if request.method == "GET" and subscriber.status == SubscriberStatus.PENDING:
                return render_template("web/confirm.html", email=subscriber.email, token=token)
            confirmed = request.method == "POST" and selfservice.confirm(
                session, subscriber, runtime.now()
            )
        page = url_for("preferences", token=token)
        return redirect(f"{page}?done=confirmed" if confirmed else page, 303)

    @app.get("/view/<token>/<int:delivery_id>")
    def view(token: str, delivery_id: int) -> str:
        with _subscriber(runtime, token) as (session, subscriber):
            return selfservice.browser_view(session, runtime.settings, subscriber, delivery_id)


def _preferences_page(
    subscriber: Subscriber,
    topics: dict[str, str],
    result: FormResult,
    token: str,
) -> str:
    return render_template(
        "web/preferences.html",
        email=subscriber.email,
        status=subscriber.status,
        token=token,
        topics=topics,
        chosen=result.submitted,
        errors=result.errors,
        query_problems=result.query_problems,
        notice=NOTICES.get(request.args.get("done", "")) if request.method == "GET" else None,
        cadences=CADENCES,
        weekdays=list(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)),
        timezones=_timezones(),
    )


@cache  # the system's zone list: read once, it is hundreds of files
def _timezones() -> list[str]:
    return sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC")


def _error_pages(app: Flask) -> None:
    @app.errorhandler(ExpiredLink)
    def expired(error: ExpiredLink) -> tuple[str, int]:
        return _problem("This link has expired", str(error), 410)

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> tuple[str, int]:
        return _problem("Not found", str(error), 404)

    @app.errorhandler(InvalidValue)
    def invalid(error: InvalidValue) -> tuple[str, int]:
        return _problem("This link does not work", str(error), 400)

    @app.errorhandler(404)
    def no_page(_error: Exception) -> tuple[str, int]:
        return _problem("Not found", "there is no page at this address", 404)

    @app.errorhandler(413)
    def too_large(_error: Exception) -> tuple[str, int]:
        detail = f"the form sent was larger than {MAX_FORM_BYTES // 1024} KB: nothing was saved"
        return _problem("Too much to save", detail, 413)

    @app.errorhandler(sqlalchemy.exc.OperationalError)
    def busy(_error: Exception) -> tuple[str, int, dict[str, str]]:
        # The database stayed locked past its busy timeout, or could not be reached: the
        # reader is asked to try again in a moment, and nothing was half-saved.
        detail = "the service is busy for a moment: nothing was changed, please try again"
        page, status = _problem("Please try again", detail, 503)
        return page, status, {"Retry-After": "5"}


def _problem(title: str, detail: str, status: int) -> tuple[str, int]:
    hint = "The links in your latest email always work."
    return render_template("web/problem.html", title=title, detail=detail, hint=hint), status
