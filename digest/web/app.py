"""The Flask application: thin views over `digest.web.selfservice`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

import sqlalchemy.exc
from flask import Flask, Response, current_app, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from jinja2 import FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session, object_session
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response as BaseResponse

from digest.db import transaction
from digest.errors import ConfigError, InputError, InvalidAddress, InvalidValue, NotFound
from digest.matching.preview import Preview
from digest.models import Subscriber
from digest.resources import resource_path
from digest.runtime import Runtime
from digest.schedule import WEEKDAYS, parse_timezone
from digest.text import normalise_email
from digest.types import Cadence, SubscriberStatus
from digest.web import accounts, selfservice
from digest.web.guard import FormRefused, Guard
from digest.web.preferences import FormResult, first, read_preferences, read_queries
from digest.web.preview import PREVIEW_WEEKS, PreviewCache
from digest.web.selfservice import ExpiredLink
from digest.web.signup import (
    SignUpResult,
    TopicChoice,
    is_bot,
    prefilled,
    read_pause,
    read_sign_up,
)

#: Every page: no Referer (addresses hold tokens), no framing, not indexed, not cached.
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:;"
        " script-src 'self'; connect-src 'self';"
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
    "paused": "Your emails are paused: nothing is sent until the day you chose.",
    "resumed": "Your emails are no longer paused.",
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
    app.jinja_env.filters.update(long_date=_long_date, local_date=_local_date)
    if runtime.settings.proxy_count:  # the client is whom the nearest proxy says it is
        count = runtime.settings.proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count)  # type: ignore[method-assign]
    guard = Guard(app, runtime.settings, runtime.clock)
    app.extensions["previews"] = PreviewCache()
    _routes(app, runtime, guard)
    _subscriber_routes(app, runtime)
    _visitor_routes(app, runtime, guard)
    _error_pages(app, guard)

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


def _routes(app: Flask, runtime: Runtime, guard: Guard) -> None:
    @app.get("/")
    def home() -> str:
        return render_template("web/home.html")

    @app.route("/preferences/<token>", methods=["GET", "POST"])
    def preferences(token: str) -> str | BaseResponse | tuple[str, int]:
        with _subscriber(runtime, token) as (session, subscriber):
            topics = selfservice.known_topics(session)
            if request.method == "GET":
                shown = FormResult(selfservice.preferences_of(subscriber))
                return _preferences_page(subscriber, topics, shown, token, runtime)
            result = read_preferences(request.form.getlist, topics)
            if request.form.get("action") == "preview":  # the Preview button: shown, not saved
                return _preferences_page(subscriber, topics, result, token, runtime)
            if not result.ok:
                return _preferences_page(subscriber, topics, result, token, runtime), 422
            selfservice.save_preferences(
                session, subscriber, result.submitted, runtime.now(), runtime.digest_rules
            )
        return redirect(url_for("preferences", token=token, done="saved"), 303)

    @app.post("/preview/<token>")
    @guard.preview
    def preview(token: str) -> str:
        """What the preference form as it stands would have brought: the page's script
        asks as topics and queries change, and puts the answer in place."""
        with _subscriber(runtime, token) as (session, _reader):  # a link that holds
            known = selfservice.known_topics(session)
            chosen = [slug for slug in request.form.getlist("topics") if slug in known]
            queries, problems, _ = read_queries(first(request.form.getlist, "queries"))
            found = _previews().of(session, runtime.now(), chosen, queries)
        return render_template(
            "web/_preview.html",
            preview=found,
            preview_weeks=PREVIEW_WEEKS,
            preview_problems=problems,
        )

    @app.get("/preview.js")
    def preview_script() -> Response:
        response = Response(_preview_script(), mimetype="text/javascript")
        response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    @app.route("/unsubscribe/<token>", methods=["GET", "POST"])
    @guard.one_click
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


def _subscriber_routes(app: Flask, runtime: Runtime) -> None:
    """The pages a subscriber's link leads to beyond their preferences: stop one topic,
    pause, sign out everywhere, the past digests."""

    @app.route("/stop/<token>/<topic_slug>", methods=["GET", "POST"])
    def stop_topic(token: str, topic_slug: str) -> str:
        with _subscriber(runtime, token) as (session, subscriber):
            topic = selfservice.known_topics(session).get(topic_slug)
            if topic is None:
                raise NotFound("there is no such topic any more")
            if request.method == "POST":
                selfservice.stop_topic(session, subscriber, topic_slug, runtime.now())
            following = any(t.slug == topic_slug for t in subscriber.topics)
            return render_template(
                "web/stop.html",
                email=subscriber.email,
                token=token,
                slug=topic_slug,
                topic=topic,
                following=following,
                stopped=request.method == "POST",
                follows_nothing=not subscriber.topics and not subscriber.filters,
            )

    @app.post("/pause/<token>")
    def pause(token: str) -> str | BaseResponse | tuple[str, int]:
        with _subscriber(runtime, token) as (session, subscriber):
            if "resume" in request.form:
                selfservice.pause(session, subscriber, None)
                return redirect(url_for("preferences", token=token, done="resumed"), 303)
            try:
                until = read_pause(
                    request.form.get("until", ""), subscriber.timezone, runtime.now()
                )
            except InvalidValue as exc:
                topics = selfservice.known_topics(session)
                shown = FormResult(selfservice.preferences_of(subscriber))
                page = _preferences_page(subscriber, topics, shown, token, runtime, str(exc))
                return page, 422
            selfservice.pause(session, subscriber, until)
        return redirect(url_for("preferences", token=token, done="paused"), 303)

    @app.post("/sign-out/<token>")
    def sign_out(token: str) -> str:
        with _subscriber(runtime, token) as (session, subscriber):
            accounts.sign_out_everywhere(session, subscriber)
            return render_template("web/signed_out.html", email=subscriber.email)

    @app.get("/archive/<token>")
    def archive(token: str) -> str:
        with _subscriber(runtime, token) as (session, subscriber):
            return render_template(
                "web/archive.html",
                email=subscriber.email,
                token=token,
                digests=selfservice.archive(session, subscriber),
                timezone=subscriber.timezone,
            )


def _visitor_routes(app: Flask, runtime: Runtime, guard: Guard) -> None:
    """The pages that take an address: sign-up, and a fresh link for a lost or old one.
    Their answers are the same whether or not the address is known."""

    @app.route("/subscribe", methods=["GET", "POST"])
    @guard.sends_email
    def subscribe() -> str | BaseResponse | tuple[str, int]:
        with transaction(runtime.sessions) as session:
            topics = selfservice.catalog(session)
        slugs = [topic.slug for topic in topics]
        if request.method == "GET":
            return _sign_up_page(topics, SignUpResult(prefilled(request.args.getlist, slugs), None))
        if is_bot(request.form.getlist):
            return redirect(url_for("subscribe_sent"), 303)  # as if it worked: bots learn nothing
        result = read_sign_up(request.form.getlist, slugs)
        if result.ok and result.address is not None:
            try:
                with transaction(runtime.sessions) as session:
                    chosen = result.submitted
                    now, lookback = runtime.now(), runtime.lookback
                    accounts.sign_up(
                        session, result.address, chosen.topics, chosen.queries, now, lookback
                    )
            except InvalidAddress as exc:  # one we would never be able to send to
                result = replace(result, errors={"email": str(exc)})
            else:
                return redirect(url_for("subscribe_sent"), 303)
        return _sign_up_page(topics, result), 422

    @app.get("/subscribe/sent")
    def subscribe_sent() -> str:
        return render_template("web/subscribe_sent.html")

    @app.route("/link", methods=["GET", "POST"])
    @guard.sends_email
    def fresh_link() -> str | BaseResponse | tuple[str, int]:
        if request.method == "GET":
            return render_template("web/fresh_link.html", email="", error=None)
        email = request.form.get("email", "").strip()
        try:
            address = normalise_email(email)
        except InputError as exc:
            return render_template("web/fresh_link.html", email=email, error=str(exc)), 422
        with transaction(runtime.sessions) as session:
            accounts.request_fresh_link(session, address, runtime.now())
        return redirect(url_for("fresh_link_sent"), 303)

    @app.get("/link/sent")
    def fresh_link_sent() -> str:
        return render_template("web/fresh_link_sent.html")


def _sign_up_page(topics: list[TopicChoice], result: SignUpResult) -> str:
    return render_template(
        "web/subscribe.html",
        topics=topics,
        chosen=result.submitted,
        errors=result.errors,
        query_problems=result.query_problems,
    )


def _preferences_page(
    subscriber: Subscriber,
    topics: dict[str, str],
    result: FormResult,
    token: str,
    runtime: Runtime,
    pause_error: str | None = None,
) -> str:
    zone = parse_timezone(subscriber.timezone)
    now = runtime.now()
    until = subscriber.paused_until
    paused_until = until.astimezone(zone).date() if until is not None and until > now else None
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
        paused_until=paused_until,
        tomorrow=(now.astimezone(zone) + timedelta(days=1)).date(),
        pause_error=pause_error,
        pause_value=request.form.get("until", "") if pause_error else "",
        preview=_preview(subscriber, result, runtime),
        preview_weeks=PREVIEW_WEEKS,
        preview_problems=(),  # the page shows them under the queries box
    )


def _previews() -> PreviewCache:
    cache: PreviewCache = current_app.extensions["previews"]
    return cache


def _preview(subscriber: Subscriber, result: FormResult, runtime: Runtime) -> Preview:
    """What the topics and queries on the page would have brought lately."""
    session = object_session(subscriber)
    assert session is not None  # the page is drawn inside the subscriber's transaction
    chosen = result.submitted
    return _previews().of(session, runtime.now(), chosen.topics, chosen.queries)


@cache
def _preview_script() -> str:
    return (resource_path("templates") / "web" / "preview.js").read_text(encoding="utf-8")


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _local_date(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(parse_timezone(timezone))
    return f"{local.day} {local:%B %Y, %H:%M}"


@cache  # the system's zone list: read once, it is hundreds of files
def _timezones() -> list[str]:
    return sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC")


def _error_pages(app: Flask, guard: Guard) -> None:
    # A link that no longer works offers to email a fresh one to the address on file.
    @app.errorhandler(ExpiredLink)
    def expired(error: ExpiredLink) -> tuple[str, int]:
        return _problem("This link has expired", str(error), 410, hint="", offer_link=True)

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> tuple[str, int]:
        return _problem("Not found", str(error), 404)

    @app.errorhandler(InvalidValue)
    def invalid(error: InvalidValue) -> tuple[str, int]:
        return _problem("This link does not work", str(error), 400, hint="", offer_link=True)

    @app.errorhandler(FormRefused)
    def refused(_error: FormRefused) -> tuple[str, int]:
        detail = (
            "the form did not come from this site's own page, or the page was open for"
            " too long: nothing was changed"
        )
        hint = "Open the page again and send the form from there."
        return _problem("This form was not accepted", detail, 403, hint=hint)

    @app.errorhandler(RateLimitExceeded)
    def too_many(_error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
        wait = guard.retry_after()
        detail = f"there were too many requests from here: please try again {_in_time(wait)}"
        page, status = _problem("Please wait a little", detail, 429, hint="")
        return page, status, {"Retry-After": str(wait)}

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


def _in_time(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return "in a minute" if minutes <= 1 else f"in {minutes} minutes"


def _problem(
    title: str,
    detail: str,
    status: int,
    *,
    hint: str = "The links in your latest email always work.",
    offer_link: bool = False,
) -> tuple[str, int]:
    page = render_template(
        "web/problem.html", title=title, detail=detail, hint=hint, offer_link=offer_link
    )
    return page, status
