"""Commands for the topic catalog, the subscribers, and what a subscriber would get."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from digest.cli.common import (
    F,
    State,
    _print_sections,
    _since,
    clock_option,
    emit_json,
    emit_table,
    json_option,
    pass_state,
    session_for,
)
from digest.errors import InvalidQuery
from digest.schedule import WEEKDAYS, parse_weekday
from digest.types import Cadence, SubscriberStatus

if TYPE_CHECKING:
    from digest.models import Subscriber
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
@clock_option
@pass_state
def topic_add(state: State, slug: str, query: str, name: str | None) -> None:
    """Add a topic to the catalog."""
    from digest.subscriptions import add_topic

    with session_for(state) as session:
        created = add_topic(session, slug, _checked_query(query), name, state.now())
        click.echo(f"added topic {created.slug} ({created.name}): {created.query}")


@topic.command("list")
@json_option
@pass_state
def topic_list(state: State, as_json: bool) -> None:
    """The topics in the catalog."""
    from digest import store

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
        "empty_digests": s.send_empty,
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
    from digest import store

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
        views = plan_digest(session, found, runtime.digest_rules, state.now()).shown
    _print_sections(views, as_json, f"nothing new for {found.email}")
