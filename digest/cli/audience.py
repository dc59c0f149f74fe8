"""Commands for the topic catalog, the subscribers, and what a subscriber would get."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

import click

from digest.cli.common import (
    F,
    State,
    _print_sections,
    _since,
    clock_option,
    emit_json,
    emit_json_array,
    emit_table,
    input_name,
    json_option,
    pass_state,
    session_for,
)
from digest.errors import InvalidQuery
from digest.schedule import WEEKDAYS, parse_weekday
from digest.types import Cadence, SubscriberStatus

if TYPE_CHECKING:
    from digest.models import Subscriber
    from digest.roster import ImportReport, Listed
    from digest.subscriber_csv import SubscriberRecord
    from digest.subscriptions import SubscriberChanges

# topics


@click.group()
def topic() -> None:
    """The catalog of topics subscribers can follow."""


def _checked_query(query: str) -> str:
    from digest.matching.query import parse_query

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
@click.option(
    "--description", default="", help="A sentence on what it covers, shown on the sign-up page."
)
@clock_option
@pass_state
def topic_add(state: State, slug: str, query: str, name: str | None, description: str) -> None:
    """Add a topic to the catalog."""
    from digest.subscriptions import add_topic

    with session_for(state) as session:
        query = _checked_query(query)
        created = add_topic(session, slug, query, name, state.now(), description)
        click.echo(f"added topic {created.slug} ({created.name}): {created.query}")


@topic.command("list")
@json_option
@pass_state
def topic_list(state: State, as_json: bool) -> None:
    """The topics in the catalog."""
    from digest import store

    with session_for(state) as session:
        rows = [
            {"slug": t.slug, "name": t.name, "query": t.query, "description": t.description}
            for t in store.topics(session)
        ]
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["SLUG", "NAME", "QUERY", "DESCRIPTION"],
        [list(r.values()) for r in rows],
        "no topics yet: add one with `digest topic add SLUG --query Q`",
    )


@topic.command("remove")
@click.argument("slug")
@clock_option
@pass_state
def topic_remove(state: State, slug: str) -> None:
    """Remove a topic; its followers stop getting its sections."""
    from digest.subscriptions import remove_topic

    with session_for(state) as session:
        remove_topic(session, slug)
    click.echo(f"removed topic {slug}")


@topic.command("test")
@click.argument("query")
@click.option("--since", help="Only sections first seen since: 4w, 10d, 12h or a date.")
@clock_option
@json_option
@pass_state
def topic_test(state: State, query: str, since: str | None, as_json: bool) -> None:
    """Which stored sections a query would match, before anyone saves it."""
    from digest import store
    from digest.matching.filters import section_document
    from digest.matching.query import parse_query
    from digest.matching.score import Collection, Filter, match_filters

    parsed = parse_query(_checked_query(query))
    filters = [Filter("query", query, parsed)]
    views = []
    with session_for(state) as session:
        sections = store.sections(session, since=_since(since, state.now()))
        documents = [section_document(section) for section in sections]
        collection = Collection(documents)
        for section, document in zip(sections, documents, strict=True):
            verdict = match_filters(filters, document, collection)
            if verdict is not None:
                views.append(
                    store.section_view(section, score=verdict.score, reasons=verdict.reasons)
                )
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
        click.option("--name", help="How they are greeted, e.g. 'Ada Lovelace' ('' for none)."),
        click.option(
            "--confirmed",
            is_flag=True,
            default=None,
            help="The person has agreed to receive digests: make them active.",
        ),
        click.option(
            "--empty-digests/--no-empty-digests",
            "send_empty",
            default=None,
            help="Send a short note when nothing matched, rather than skip (default: skip).",
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
    name: str | None,
    confirmed: bool | None,
    send_empty: bool | None,
    *,
    adding: bool,
) -> SubscriberChanges:
    from digest.subscriptions import SubscriberChanges

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
        send_empty=send_empty,
        name=name,
    )


def _subscriber_json(s: Subscriber) -> dict[str, object]:
    from digest.roster import listed

    return _listed_json(listed(s))


def _listed_json(listed: Listed) -> dict[str, object]:
    record, due, paused = listed.record, listed.next_digest_at, listed.paused_until
    return {
        "email": record.email,
        "name": record.name,
        "status": record.status,
        "cadence": record.cadence,
        "day": WEEKDAYS[record.weekday or 0],
        "hour": record.hour,
        "timezone": record.timezone,
        "next_digest_at": due.isoformat() if due else None,
        "paused_until": paused.isoformat() if paused else None,
        "topics": list(record.topics or ()),
        "queries": list(record.queries or ()),
        "empty_digests": record.send_empty,
    }


@click.group()
def subscriber() -> None:
    """The people who receive digests."""


@subscriber.command("add")
@click.argument("email")
@_subscriber_options
@clock_option
@pass_state
def subscriber_add(state: State, /, email: str, **options: Any) -> None:
    """Add a subscriber (pending until confirmed)."""
    from digest.subscriptions import add_subscriber

    changes = _changes(**options, adding=True)
    with session_for(state) as session:
        added = add_subscriber(session, email, changes, state.now())
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
    from digest import store
    from digest.subscriptions import SubscriberChanges, normalise_email, update_subscriber

    changes = _changes(**options, adding=False)
    if status:
        changes = SubscriberChanges(**{**changes.__dict__, "status": SubscriberStatus(status)})
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        update_subscriber(session, found, changes, state.now(), state.runtime().digest_rules)
        click.echo(f"updated {found.email}")


@subscriber.command("list")
@json_option
@pass_state
def subscriber_list(state: State, as_json: bool) -> None:
    """Every subscriber."""
    from digest.roster import subscriber_listing

    listing = subscriber_listing(state.runtime().sessions)
    if as_json:  # streamed: flat memory however long the list
        emit_json_array(_listed_json(listed) for listed in listing)
        return
    emit_table(
        ["EMAIL", "NAME", "STATUS", "CADENCE", "TOPICS", "QUERIES"],
        [_listed_row(listed.record) for listed in listing],
        "no subscribers yet: add one with `digest subscriber add EMAIL --topic SLUG`",
    )


def _listed_row(record: SubscriberRecord) -> list[object]:
    return [
        record.email,
        record.name,
        record.status,
        record.cadence,
        ", ".join(record.topics or ()),
        "; ".join(record.queries or ()),
    ]


@subscriber.command("show")
@click.argument("email")
@json_option
@pass_state
def subscriber_show(state: State, email: str, as_json: bool) -> None:
    """One subscriber's settings."""
    from digest import store
    from digest.subscriptions import normalise_email

    with session_for(state) as session:
        data = _subscriber_json(store.subscriber_by_email(session, normalise_email(email)))
    if as_json:
        emit_json(data)
        return
    for key, value in data.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        click.echo(f"{key:>15}: {shown}")


@subscriber.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--update",
    is_flag=True,
    help="Change the subscribers already there from their rows (default: skip them).",
)
@click.option(
    "--pending",
    is_flag=True,
    help="They have not agreed yet: make the new ones pending and email each a confirmation.",
)
@click.option("--dry-run", is_flag=True, help="Check the file and report, writing nothing.")
@clock_option
@json_option
@pass_state
def subscriber_import(
    state: State, file: BinaryIO, update: bool, pending: bool, dry_run: bool, as_json: bool
) -> None:
    """Import subscribers from a CSV file (- for standard input).

    The header names the columns, in any order: email (required), name, status, cadence,
    weekday, hour, timezone, topics, queries (one per line of the cell), send_empty.
    Each bad row is named by its line; the good ones are imported all the same (exit 2).
    """
    from digest.roster import import_subscribers
    from digest.subscriber_csv import decode

    text = decode(file.read(), input_name(file))
    runtime = state.runtime()
    with session_for(state) as session:
        report = import_subscribers(
            session,
            text,
            state.now(),
            update=update,
            pending=pending,
            dry_run=dry_run,
            rules=runtime.digest_rules,
        )
    for problem in report.problems:
        click.echo(f"digest: {problem}", err=True)
    if as_json:
        emit_json(report.as_json())
    else:
        click.echo(_import_summary(report, update=update, dry_run=dry_run))
    if report.problems:
        raise SystemExit(2)


def _import_summary(report: ImportReport, *, update: bool, dry_run: bool) -> str:
    """``imported 4,998 subscribers; 2 rows refused (see above)``."""

    def count(n: int, thing: str) -> str:
        return f"{n:,} {thing}{'' if n == 1 else 's'}"

    would = "would have " if dry_run else ""
    parts = [f"{would}imported {count(report.imported, 'subscriber')}"]
    if report.updated:
        parts.append(f"{would}updated {report.updated:,}")
    if report.skipped:
        why = "unchanged" if update else "skipped (--update changes them)"
        parts.append(f"{len(report.skipped):,} already there, {why}")
    if report.problems:
        parts.append(f"{count(len(report.problems), 'row')} refused (see above)")
    return "; ".join(parts) + (" (dry run: nothing written)" if dry_run else "")


@subscriber.command("export")
@click.argument(
    "file", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True)
)
@click.option(
    "--status",
    type=click.Choice([s.value for s in SubscriberStatus]),
    help="Only the subscribers with this status.",
)
@pass_state
def subscriber_export(state: State, file: str, status: str | None) -> None:
    """Write every subscriber to a CSV file (default: standard output), as import reads it."""
    from digest.roster import subscriber_records
    from digest.subscriber_csv import write_subscribers

    records = subscriber_records(state.runtime().sessions, status=status)
    # Written to a temporary file and renamed at the end: a failed export leaves no half file.
    with click.open_file(file, "w", encoding="utf-8", atomic=file != "-") as out:
        written = write_subscribers(records, out)
    if file != "-":
        click.echo(f"exported {written:,} subscriber{'' if written == 1 else 's'} to {file}")


@subscriber.command("remove")
@click.argument("email")
@pass_state
def subscriber_remove(state: State, email: str) -> None:
    """Remove a subscriber and everything recorded about them."""
    from digest.subscriptions import remove_subscriber

    with session_for(state) as session:
        remove_subscriber(session, email)
    click.echo(f"removed {email}")


# matching


@click.command("match")
@click.argument("email")
@clock_option
@json_option
@pass_state
def match_command(state: State, email: str, as_json: bool) -> None:
    """What this subscriber's next digest would hold, and why."""
    from digest import store
    from digest.mail.compose import plan_digest
    from digest.subscriptions import normalise_email

    runtime = state.runtime()
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        plan = plan_digest(session, found, runtime.digest_rules, state.now())
        views = [*plan.shown, *plan.missed]
    _print_sections(views, as_json, f"nothing new for {found.email}")
