"""The `digest` command line: thin commands that call the use cases.

Exit status: 0 done, 1 operational failure, 2 bad usage or bad input.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click
import sqlalchemy.exc
from sqlalchemy.orm import Session

from digest import __version__, polling, store
from digest.compose import plan_digest
from digest.config import Settings, load_settings
from digest.db import create_db_engine, transaction, upgrade
from digest.deliver import SendOutcome, deliver, links_for
from digest.errors import DigestError, InvalidQuery, InvalidValue
from digest.fetch import normalise_feed_url
from digest.ingest import PollResult, enable_feed
from digest.matching import Filter, analyse, match_filters
from digest.models import Delivery, Feed, Subscriber
from digest.query import parse_query
from digest.render import DigestContext, render_digest
from digest.runtime import Runtime, system_clock
from digest.schedule import WEEKDAYS, parse_weekday
from digest.sending import queue_digests
from digest.status import collect_status
from digest.subscriptions import (
    SubscriberChanges,
    add_subscriber,
    add_topic,
    normalise_email,
    remove_subscriber,
    remove_topic,
    update_subscriber,
)
from digest.types import Cadence, DeliveryStatus, SectionView, SubscriberStatus

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What the group's options leave for the commands: settings, and a runtime on demand."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.now_override: datetime | None = None
        self._runtime: Runtime | None = None

    def runtime(self) -> Runtime:
        if self._runtime is None:
            fixed = self.now_override
            clock = (lambda: fixed) if fixed else system_clock
            self._runtime = Runtime.open(self.settings, clock=clock)
        return self._runtime

    def now(self) -> datetime:
        return self.runtime().now()

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()


pass_state = click.make_pass_decorator(State)


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clock_option(command: F) -> F:
    """`--now ISO8601`: run as if it were that moment (for tests and replays)."""

    def store_now(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        moment = _parse_now(ctx, param, value)
        if moment is not None:
            ctx.ensure_object(State).now_override = moment

    return click.option(
        "--now",
        callback=store_now,
        expose_value=False,
        is_eager=False,
        help="Act as if it were this moment (ISO 8601; UTC if no offset).",
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(command)


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str) -> None:
    if not rows:
        click.echo(empty)
        return
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


@contextmanager
def session_for(state: State) -> Iterator[Session]:
    with transaction(state.runtime().sessions) as session:
        yield session


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(dir_okay=False), help="A TOML settings file.")
@click.option("--database", help="Database URL (overrides DIGEST_DATABASE_URL).")
@click.version_option(__version__, prog_name="digest")
@click.pass_context
def cli(ctx: click.Context, config: str | None, database: str | None) -> None:
    """Split newsletters into stories and email each subscriber the ones they follow."""
    settings = load_settings(config, os.environ, database_url=database)
    state = ctx.ensure_object(State)
    state.settings = settings
    ctx.call_on_close(state.close)


# db


@cli.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@pass_state
def db_upgrade(state: State) -> None:
    """Create the schema, or bring it up to date."""
    engine = create_db_engine(state.settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"database is up to date: {engine.url.render_as_string()}")


# feeds


@cli.group()
def feed() -> None:
    """The feeds to watch."""


@feed.command("add")
@click.argument("url")
@click.option(
    "--backfill/--only-new",
    default=False,
    help="Deliver the posts the feed lists now too, or (the default) keep them as an archive.",
)
@clock_option
@json_option
@pass_state
def feed_add(state: State, url: str, backfill: bool, as_json: bool) -> None:
    """Add a feed: an RSS or Atom URL, a page that advertises one, or a local file."""
    result = state.runtime().add_feed(url, backfill=backfill)
    if as_json:
        emit_json(result.as_json())
        return
    archive = "deliverable" if backfill else "kept as archive, not delivered"
    click.echo(
        f"added {result.feed}: {result.new_posts} posts, {result.new_sections} sections ({archive})"
    )


def _feed_health(feed: Feed) -> str:
    if feed.disabled_at is not None:
        return f"disabled since {feed.disabled_at:%Y-%m-%d %H:%M}: {feed.disabled_reason}"
    if feed.error_count and feed.failing_since is not None:
        return (
            f"failing since {feed.failing_since:%Y-%m-%d %H:%M} ({feed.error_count} in a row):"
            f" {feed.last_error}"
        )
    return "ok" if feed.last_success_at else "not polled yet"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@feed.command("list")
@json_option
@pass_state
def feed_list(state: State, as_json: bool) -> None:
    """The feeds, with their health: failing feeds say since when and why."""
    with session_for(state) as session:
        counts = store.post_counts(session)
        feeds = store.feeds(session)
        rows = [
            {
                "url": f.url,
                "title": f.title,
                "posts": counts.get(f.id, 0),
                "health": _feed_health(f),
                "last_polled_at": _iso(f.last_polled_at),
                "next_poll_at": _iso(f.next_poll_at),
                "error_count": f.error_count,
                "failing_since": _iso(f.failing_since),
                "last_error": f.last_error,
                "last_error_kind": f.last_error_kind,
                "disabled": f.disabled_at is not None,
            }
            for f in feeds
        ]
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["URL", "TITLE", "POSTS", "HEALTH"],
        [[r["url"], r["title"], r["posts"], r["health"]] for r in rows],
        "no feeds yet: add one with `digest feed add URL`",
    )


@feed.command("remove")
@click.argument("url")
@pass_state
def feed_remove(state: State, url: str) -> None:
    """Remove a feed with its posts and sections."""
    with session_for(state) as session:
        session.delete(store.feed_by_url(session, normalise_feed_url(url)))
    click.echo(f"removed {url}")


@feed.command("enable")
@click.argument("url")
@clock_option
@pass_state
def feed_enable(state: State, url: str) -> None:
    """Poll a disabled or backing-off feed again at the next `digest poll`."""
    with session_for(state) as session:
        enabled = enable_feed(session, url, state.now())
        click.echo(f"{enabled.url} will be polled at the next run")


@cli.command("poll")
@click.option("--feed", "feed_url", help="Poll this feed only, due or not.")
@click.option("--all", "force", is_flag=True, help="Poll every feed now, due or not.")
@clock_option
@json_option
@pass_state
def poll_command(state: State, feed_url: str | None, force: bool, as_json: bool) -> None:
    """Fetch the feeds that are due, store new posts and sections, and match them."""
    runtime = state.runtime()
    show_progress = not as_json and sys.stderr.isatty()
    with click.progressbar(
        length=_due_count(state, feed_url, force),
        label="polling",
        file=sys.stderr if show_progress else io.StringIO(),
    ) as bar:
        results = runtime.poll(feed_url=feed_url, force=force, on_result=lambda _: bar.update(1))
    if as_json:
        emit_json([r.as_json() for r in results])
    else:
        _print_poll(results)
    if results and all(r.error for r in results):
        raise SystemExit(1)


def _due_count(state: State, feed_url: str | None, force: bool) -> int:
    if feed_url is not None:
        return 1
    now = state.now()
    with session_for(state) as session:
        return sum(
            1
            for f in store.feeds(session)
            if force or (f.disabled_at is None and polling.is_due(f.next_poll_at, now))
        )


def _print_poll(results: Sequence[PollResult]) -> None:
    for r in results:
        if r.error:
            click.echo(f"{r.feed}: error: {r.error}", err=True)
        elif r.not_modified:
            click.echo(f"{r.feed}: not modified")
        else:
            moved = f" (moved permanently to {r.moved_to})" if r.moved_to else ""
            click.echo(
                f"{r.feed}: {r.new_posts} new posts, {r.updated_posts} updated,"
                f" {r.new_sections} new sections{moved}"
            )
    if not results:
        click.echo("no feed is due: `digest poll --all` polls every feed now")


# sections


def _since(value: str | None, now: datetime) -> datetime | None:
    """``4w``, ``10d``, ``12h`` ago, or an ISO date."""
    if value is None:
        return None
    units = {"w": "weeks", "d": "days", "h": "hours"}
    if value[:-1].isdigit() and value[-1:] in units:
        return now - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"--since {value!r}: use 4w, 10d, 12h or an ISO date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _print_sections(views: Sequence[SectionView], as_json: bool, empty: str) -> None:
    if as_json:
        emit_json([v.as_json() for v in views])
        return
    rows = []
    for v in views:
        why = "; ".join(f"{r.label}: {', '.join(r.words)}" for r in v.reasons)
        rows.append(
            [
                v.id,
                v.published_at.date(),
                v.feed[:24],
                v.title[:70],
                "" if v.score is None else f"{v.score:.2f}",
                why,
            ]
        )
    headers = ["ID", "DATE", "FEED", "TITLE", "SCORE", "WHY"]
    if all(v.score is None for v in views):
        headers, rows = headers[:4], [r[:4] for r in rows]
    emit_table(headers, rows, empty)


@cli.group()
def section() -> None:
    """The stories cut out of posts."""


@section.command("list")
@click.option("--feed", "feed_url", help="Only this feed's sections.")
@click.option("--since", help="Only sections first seen since: 4w, 10d, 12h or a date.")
@clock_option
@json_option
@pass_state
def section_list(state: State, feed_url: str | None, since: str | None, as_json: bool) -> None:
    """List stored sections, newest posts first."""
    with session_for(state) as session:
        if feed_url is not None:
            feed_url = store.feed_by_url(session, normalise_feed_url(feed_url)).url
        found = store.sections(session, feed_url=feed_url, since=_since(since, state.now()))
        views = [store.section_view(s) for s in found]
    _print_sections(views, as_json, "no sections yet: add a feed and run `digest poll`")


# topics


@cli.group()
def topic() -> None:
    """The catalog of topics subscribers can follow."""


def _checked_query(query: str) -> str:
    try:
        parse_query(query)
    except InvalidQuery as exc:
        click.echo(exc.caret(), err=True)
        raise
    return query


@topic.command("add")
@click.argument("slug")
@click.option("--query", "-q", required=True, help="What to look for, e.g. 'robot OR robotics'.")
@click.option("--name", help="The name subscribers see (default: from the slug).")
@clock_option
@pass_state
def topic_add(state: State, slug: str, query: str, name: str | None) -> None:
    """Add a topic to the catalog."""
    with session_for(state) as session:
        created = add_topic(session, slug, _checked_query(query), name, state.now())
        click.echo(f"added topic {created.slug} ({created.name}): {created.query}")


@topic.command("list")
@json_option
@pass_state
def topic_list(state: State, as_json: bool) -> None:
    """The topics in the catalog."""
    with session_for(state) as session:
        rows = [{"slug": t.slug, "name": t.name, "query": t.query} for t in store.topics(session)]
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["SLUG", "NAME", "QUERY"],
        [list(r.values()) for r in rows],
        "no topics yet: add one with `digest topic add SLUG --query Q`",
    )


@topic.command("remove")
@click.argument("slug")
@clock_option
@pass_state
def topic_remove(state: State, slug: str) -> None:
    """Remove a topic; its followers stop getting its sections."""
    runtime = state.runtime()
    with session_for(state) as session:
        remove_topic(session, slug, state.now(), runtime.lookback)
    click.echo(f"removed topic {slug}")


@topic.command("test")
@click.argument("query")
@click.option("--since", help="Only sections first seen since: 4w, 10d, 12h or a date.")
@clock_option
@json_option
@pass_state
def topic_test(state: State, query: str, since: str | None, as_json: bool) -> None:
    """Which stored sections a query would match, before anyone saves it."""
    parsed = parse_query(_checked_query(query))
    filters = [Filter("query", query, parsed)]
    views = []
    with session_for(state) as session:
        for s in store.sections(session, since=_since(since, state.now())):
            verdict = match_filters(filters, analyse(s.title, s.teaser, s.text))
            if verdict is not None:
                views.append(store.section_view(s, score=verdict.score, reasons=verdict.reasons))
    views.sort(key=lambda v: -(v.score or 0))
    _print_sections(views, as_json, "no stored section matches")


# subscribers


def _subscriber_options(command: F) -> F:
    options = [
        click.option("--topic", "topics", multiple=True, help="Follow this topic (repeatable)."),
        click.option("--query", "queries", multiple=True, help="An own query (repeatable)."),
        click.option("--cadence", type=click.Choice([c.value for c in Cadence])),
        click.option(
            "--day",
            type=click.Choice(WEEKDAYS, case_sensitive=False),
            help="Weekday of a weekly digest.",
        ),
        click.option("--hour", type=click.IntRange(0, 23), help="Hour of the digest, 0-23."),
        click.option("--timezone", help="IANA time zone, e.g. Europe/Paris."),
        click.option(
            "--confirmed",
            is_flag=True,
            default=None,
            help="The person has agreed to receive digests: make them active.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _changes(
    topics: tuple[str, ...],
    queries: tuple[str, ...],
    cadence: str | None,
    day: str | None,
    hour: int | None,
    timezone: str | None,
    confirmed: bool | None,
    *,
    adding: bool,
) -> SubscriberChanges:
    for query in queries:
        _checked_query(query)
    return SubscriberChanges(
        topics=topics if topics or adding else None,
        queries=queries if queries or adding else None,
        cadence=Cadence(cadence) if cadence else None,
        weekday=parse_weekday(day) if day else None,
        hour=hour,
        timezone=timezone,
        status=SubscriberStatus.ACTIVE if confirmed else None,
    )


def _subscriber_json(s: Subscriber) -> dict[str, object]:
    return {
        "email": s.email,
        "status": s.status,
        "cadence": s.cadence,
        "day": WEEKDAYS[s.weekday],
        "hour": s.hour,
        "timezone": s.timezone,
        "next_digest_at": s.next_digest_at.isoformat() if s.next_digest_at else None,
        "topics": [t.slug for t in s.topics],
        "queries": [f.query for f in s.filters],
    }


@cli.group()
def subscriber() -> None:
    """The people who receive digests."""


@subscriber.command("add")
@click.argument("email")
@_subscriber_options
@clock_option
@pass_state
def subscriber_add(state: State, /, email: str, **options: Any) -> None:
    """Add a subscriber (pending until confirmed)."""
    runtime = state.runtime()
    changes = _changes(**options, adding=True)
    with session_for(state) as session:
        added = add_subscriber(session, email, changes, state.now(), runtime.lookback)
        status = added.status
    hint = "" if status == "active" else " (pending: add --confirmed once they have agreed)"
    click.echo(f"added {added.email}{hint}")


@subscriber.command("set")
@click.argument("email")
@_subscriber_options
@click.option("--status", type=click.Choice([s.value for s in SubscriberStatus]))
@clock_option
@pass_state
def subscriber_set(state: State, /, email: str, status: str | None, **options: Any) -> None:
    """Change a subscriber's topics, queries, schedule or status."""
    runtime = state.runtime()
    changes = _changes(**options, adding=False)
    if status:
        changes = SubscriberChanges(**{**changes.__dict__, "status": SubscriberStatus(status)})
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        update_subscriber(session, found, changes, state.now(), runtime.lookback)
        click.echo(f"updated {found.email}")


@subscriber.command("list")
@json_option
@pass_state
def subscriber_list(state: State, as_json: bool) -> None:
    """Every subscriber."""
    with session_for(state) as session:
        found = store.subscribers(session)
        rows = [_subscriber_json(s) for s in found]
        table = [
            [
                s.email,
                s.status,
                s.cadence,
                ", ".join(t.slug for t in s.topics),
                "; ".join(f.query for f in s.filters),
            ]
            for s in found
        ]
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["EMAIL", "STATUS", "CADENCE", "TOPICS", "QUERIES"],
        table,
        "no subscribers yet: add one with `digest subscriber add EMAIL --topic SLUG`",
    )


@subscriber.command("show")
@click.argument("email")
@json_option
@pass_state
def subscriber_show(state: State, email: str, as_json: bool) -> None:
    """One subscriber's settings."""
    with session_for(state) as session:
        data = _subscriber_json(store.subscriber_by_email(session, normalise_email(email)))
    if as_json:
        emit_json(data)
        return
    for key, value in data.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"{key:>15}: {shown}")


@subscriber.command("remove")
@click.argument("email")
@pass_state
def subscriber_remove(state: State, email: str) -> None:
    """Remove a subscriber and everything recorded about them."""
    with session_for(state) as session:
        remove_subscriber(session, email)
    click.echo(f"removed {email}")


# matching, previews and sends


@cli.command("match")
@click.argument("email")
@json_option
@pass_state
def match_command(state: State, email: str, as_json: bool) -> None:
    """What this subscriber's next digest would hold, and why."""
    runtime = state.runtime()
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        views = plan_digest(session, found, runtime.lookback, state.now()).shown
    _print_sections(views, as_json, f"nothing new for {found.email}")


@cli.command("preview")
@click.argument("email")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the HTML part to this file.",
)
@clock_option
@pass_state
def preview(state: State, email: str, html_file: str | None) -> None:
    """Render the next digest without sending or recording anything."""
    runtime = state.runtime()
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        views = plan_digest(session, found, runtime.lookback, state.now()).shown
        if not views:
            click.echo(f"nothing new for {found.email}: no digest would be sent")
            return
        links = links_for(state.settings, found.id, found.token_version)
        rendered = render_digest(DigestContext(found.email, views, links, state.now()))
    if html_file:
        Path(html_file).write_text(rendered.html, encoding="utf-8")
        click.echo(f"Subject: {rendered.subject}\nwrote the HTML part to {html_file}")
    else:
        click.echo(f"Subject: {rendered.subject}\n\n{rendered.text}")


@cli.command("send")
@click.option("--to", "recipients", multiple=True, help="Send to this subscriber (repeatable).")
@click.option("--all", "everyone", is_flag=True, help="Send to every active subscriber.")
@click.option("--due", is_flag=True, help="Send to subscribers whose scheduled digest is due.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent, record nothing.")
@clock_option
@json_option
@pass_state
def send(
    state: State,
    recipients: tuple[str, ...],
    everyone: bool,
    due: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Queue digests and deliver them over SMTP (and retry what is waiting)."""
    if sum([bool(recipients), everyone, due]) != 1:
        raise click.UsageError("say whom to send to: --to EMAIL, --all or --due")
    runtime, now = state.runtime(), state.now()
    with session_for(state) as session:
        targets = _send_targets(session, recipients, everyone, due, now)
        if dry_run:
            plans = [
                (s.email, len(plan_digest(session, s, runtime.lookback, now).shown))
                for s in targets
            ]
            emit_table(["TO", "SECTIONS"], plans, "nobody to send to")
            session.rollback()
            return
        queued = queue_digests(session, targets, now, runtime.lookback, scheduled=due)
    outcomes = asyncio.run(
        deliver(
            runtime.sessions,
            runtime.mailer(),
            state.settings,
            now,
            subscriber_ids=[q.subscriber_id for q in queued],
        )
    )
    _report_send(queued, outcomes, as_json)
    if any(o.status is not DeliveryStatus.SENT for o in outcomes):
        raise SystemExit(1)


def _send_targets(
    session: Session, recipients: Sequence[str], everyone: bool, due: bool, now: datetime
) -> list[Subscriber]:
    if recipients:
        return [store.subscriber_by_email(session, normalise_email(r)) for r in recipients]
    if due:
        return store.due_subscribers(session, now)
    return store.subscribers(session, status=SubscriberStatus.ACTIVE)


def _report_send(queued: Sequence[Any], outcomes: Sequence[SendOutcome], as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "queued": [
                    {"to": q.email, "delivery": q.delivery_id, "note": q.note} for q in queued
                ],
                "deliveries": [
                    {
                        "id": o.delivery_id,
                        "to": o.to,
                        "status": str(o.status),
                        "sections": o.sections,
                        "error": o.error,
                    }
                    for o in outcomes
                ],
            }
        )
        return
    if not queued and not outcomes:
        click.echo("nobody to send to: no active subscriber is due or named")
        return
    sent_to = {o.to for o in outcomes}
    for q in queued:
        if q.delivery_id is None and q.email not in sent_to:
            click.echo(f"{q.email}: {q.note}")
    for o in outcomes:
        detail = f": {o.error}" if o.error else ""
        click.echo(
            f"{o.to}: {o.status} (delivery {o.delivery_id}, {o.sections} sections){detail}",
            err=bool(o.error),
        )


@cli.command("outbox")
@click.option("--status", type=click.Choice([s.value for s in DeliveryStatus]))
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@json_option
@pass_state
def outbox(state: State, status: str | None, limit: int, as_json: bool) -> None:
    """The delivery queue, newest first."""
    with session_for(state) as session:
        views = store.deliveries(session, status=status, limit=limit)
    if as_json:
        emit_json([v.as_json() for v in views])
        return
    emit_table(
        ["ID", "TO", "KIND", "STATUS", "ATTEMPTS", "SECTIONS", "SENT", "ERROR"],
        [
            [
                v.id,
                v.to,
                v.kind,
                v.status,
                v.attempts,
                v.sections,
                v.sent_at.isoformat(timespec="minutes") if v.sent_at else "",
                v.last_error or "",
            ]
            for v in views
        ],
        "the outbox is empty",
    )


@cli.command("resend")
@click.argument("delivery_id", type=int)
@clock_option
@pass_state
def resend(state: State, delivery_id: int) -> None:
    """Send a delivery again (a failed one, or one that was sent)."""
    runtime, now = state.runtime(), state.now()
    with session_for(state) as session:
        found: Delivery = store.delivery(session, delivery_id)
        found.status = DeliveryStatus.QUEUED
        found.next_attempt_at = None
        found.attempts = 0
        subscriber_id = found.subscriber_id
    outcomes = asyncio.run(
        deliver(
            runtime.sessions, runtime.mailer(), state.settings, now, subscriber_ids=[subscriber_id]
        )
    )
    _report_send([], outcomes, as_json=False)
    if any(o.status is not DeliveryStatus.SENT for o in outcomes):
        raise SystemExit(1)


@cli.command("status")
@json_option
@pass_state
def status(state: State, as_json: bool) -> None:
    """Counts, last poll, the queue and failing feeds."""
    with session_for(state) as session:
        report = collect_status(session)
    if as_json:
        emit_json(report)
        return
    for key, value in report.items():
        if key != "failing_feeds":
            click.echo(f"{key:>16}: {value}")
    for failing in report["failing_feeds"]:  # type: ignore[attr-defined]
        click.echo(
            f"failing feed: {failing['url']} ({failing['error_count']} errors):"
            f" {failing['last_error']}"
        )


@cli.command("demo")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default="digest-demo",
    show_default=True,
    help="Where to put the database and the received emails.",
)
@pass_state
def demo_command(state: State, directory: str) -> None:
    """The whole pipeline on a bundled sample feed, SQLite and a local SMTP capture."""
    from digest.demo import run_demo

    run_demo(Path(directory), echo=click.echo)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: maps errors to exit statuses and one-line messages."""
    try:
        cli.main(args=argv, prog_name="digest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except DigestError as exc:
        click.echo(f"digest: error: {exc}", err=True)
        return exc.exit_code
    except sqlalchemy.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        click.echo(f"digest: error: database: {reason}", err=True)
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
