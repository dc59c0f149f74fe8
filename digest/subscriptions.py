"""Operator actions on topics and subscribers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from digest import store
from digest.errors import AlreadyExists, InvalidValue
from digest.filters import subscriber_filters
from digest.ingest import rematch
from digest.models import DeliverySection, Filter, Match, Subscriber, Topic
from digest.query import parse_query
from digest.schedule import next_digest_at, parse_hour, parse_timezone
from digest.types import Cadence, SubscriberStatus

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")


def normalise_email(address: str) -> str:
    """Check an address's syntax and return it in the one form we store."""
    try:
        checked = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(f"invalid email address {address!r}: {exc}") from None
    return checked.normalized.lower()


def add_topic(session: Session, slug: str, query: str, name: str | None, now: datetime) -> Topic:
    if not _SLUG.match(slug):
        raise InvalidValue(
            f"invalid topic slug {slug!r}:"
            " use lower-case letters, digits and hyphens, such as 'ai-chips'"
        )
    parse_query(query)
    if session.scalar(select(Topic).where(Topic.slug == slug)):
        raise AlreadyExists(f"topic {slug!r} exists already")
    topic = Topic(
        slug=slug, name=name or slug.replace("-", " ").capitalize(), query=query, created_at=now
    )
    session.add(topic)
    session.flush()
    return topic


def remove_topic(session: Session, slug: str, now: datetime, lookback: timedelta) -> None:
    """Remove a topic; its followers' undelivered matches are worked out again without it."""
    topic = store.topic_by_slug(session, slug)
    followers = [s for s in store.subscribers(session) if topic in s.topics]
    session.delete(topic)
    session.flush()
    for subscriber in followers:
        session.refresh(subscriber)
        refresh_matches(session, subscriber, now, lookback)


@dataclass(frozen=True)
class SubscriberChanges:
    """What `subscriber add` or `subscriber set` was asked to change; None keeps."""

    topics: Sequence[str] | None = None
    queries: Sequence[str] | None = None
    cadence: Cadence | None = None
    weekday: int | None = None
    hour: int | None = None
    timezone: str | None = None
    status: SubscriberStatus | None = None


def add_subscriber(
    session: Session, email: str, changes: SubscriberChanges, now: datetime, lookback: timedelta
) -> Subscriber:
    email = normalise_email(email)
    if session.scalar(select(Subscriber).where(Subscriber.email == email)):
        raise AlreadyExists(f"subscriber {email} exists already: change them with `subscriber set`")
    subscriber = Subscriber(
        email=email,
        status=SubscriberStatus.PENDING,
        cadence=Cadence.WEEKLY,
        weekday=0,
        hour=8,
        timezone="UTC",
        token_version=1,
        created_at=now,
    )
    session.add(subscriber)
    return update_subscriber(session, subscriber, changes, now, lookback)


def update_subscriber(
    session: Session,
    subscriber: Subscriber,
    changes: SubscriberChanges,
    now: datetime,
    lookback: timedelta,
) -> Subscriber:
    if changes.hour is not None:
        subscriber.hour = parse_hour(changes.hour)
    if changes.timezone is not None:
        parse_timezone(changes.timezone)
        subscriber.timezone = changes.timezone
    for field in ("cadence", "weekday", "status"):
        value = getattr(changes, field)
        if value is not None:
            setattr(subscriber, field, value)
    if changes.topics is not None:
        subscriber.topics = [
            store.topic_by_slug(session, slug) for slug in dict.fromkeys(changes.topics)
        ]
    if changes.queries is not None:
        for query in changes.queries:
            parse_query(query)
        subscriber.filters = [Filter(query=q) for q in dict.fromkeys(changes.queries)]
    subscriber.next_digest_at = next_digest_at(
        Cadence(subscriber.cadence), subscriber.weekday, subscriber.hour, subscriber.timezone, now
    )
    session.flush()
    if changes.topics is not None or changes.queries is not None:
        refresh_matches(session, subscriber, now, lookback)
    return subscriber


def refresh_matches(
    session: Session, subscriber: Subscriber, now: datetime, lookback: timedelta
) -> int:
    """Forget matches not yet delivered and match the subscriber's window afresh."""
    delivered = select(DeliverySection.section_id).where(
        DeliverySection.subscriber_id == subscriber.id
    )
    session.execute(
        delete(Match).where(
            Match.subscriber_id == subscriber.id, Match.section_id.not_in(delivered)
        )
    )
    window_start = subscriber.created_at - lookback
    return rematch(session, subscriber.id, subscriber_filters(subscriber), window_start, now)


def remove_subscriber(session: Session, email: str) -> None:
    session.delete(store.subscriber_by_email(session, normalise_email(email)))
