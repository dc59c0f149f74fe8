"""Operator actions on topics and subscribers.

Matching and mail are imported where a change needs them (a query to check, a confirmation
to queue, pending matches to prune), so `subscriber add` and `set` start quickly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from digest import store
from digest.errors import AlreadyExists, InvalidValue
from digest.models import Catchup, Delivery, Filter, Match, Subscriber, Topic
from digest.schedule import next_digest_at, parse_hour, parse_timezone

# `normalise_email` is imported from here by the commands and pages, as it always was.
from digest.text import normalise_email as normalise_email, normalise_name
from digest.types import Cadence, DeliveryStatus, SubscriberStatus

if TYPE_CHECKING:
    from digest.mail import DigestRules, Followed

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")

#: The statuses of someone no mail goes to any more.
LEFT = (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED)

#: What a new subscriber starts with, before the changes asked for (`add_subscriber`, and
#: the rows of a bulk import).
NEW_SUBSCRIBER: Mapping[str, Any] = {
    "name": "",
    "status": SubscriberStatus.PENDING,
    "cadence": Cadence.WEEKLY,
    "weekday": 0,
    "hour": 8,
    "timezone": "UTC",
    "send_empty": False,
    "token_version": 1,
}


def add_topic(
    session: Session,
    slug: str,
    query: str,
    name: str | None,
    now: datetime,
    description: str = "",
) -> Topic:
    if not _SLUG.match(slug):
        raise InvalidValue(
            f"invalid topic slug {slug!r}:"
            " use lower-case letters, digits and hyphens, such as 'ai-chips'"
        )
    from digest.matching import parse_query

    parse_query(query)
    if session.scalar(select(Topic).where(Topic.slug == slug)):
        raise AlreadyExists(f"topic {slug!r} exists already")
    topic = Topic(
        slug=slug,
        name=name or slug.replace("-", " ").capitalize(),
        query=query,
        description=normalise_name(description),  # one line, as a name is
        created_at=now,
    )
    session.add(topic)
    session.flush()
    return topic


def remove_topic(session: Session, slug: str) -> None:
    """Remove a topic: digests are matched when composed, so its followers' next ones
    simply go without it; notifications it alone matched, not yet sent, are dropped."""
    topic = store.topic_by_slug(session, slug)
    waiting = store.subscribers_with_pending_matches(session, topic_id=topic.id)
    session.delete(topic)
    session.flush()
    for subscriber in waiting:
        session.refresh(subscriber)
    prune_pending_matches(session, waiting)


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
    send_empty: bool | None = None
    name: str | None = None


def add_subscriber(
    session: Session, email: str, changes: SubscriberChanges, now: datetime
) -> Subscriber:
    email = normalise_email(email)
    if session.scalar(select(Subscriber).where(Subscriber.email == email)):
        raise AlreadyExists(f"subscriber {email} exists already: change them with `subscriber set`")
    subscriber = Subscriber(email=email, created_at=now, **NEW_SUBSCRIBER)
    session.add(subscriber)
    _apply(session, subscriber, changes, now)  # someone new has no pending matches to prune
    if subscriber.status == SubscriberStatus.PENDING:
        from digest.mail import queue_confirmation

        queue_confirmation(session, subscriber, now)  # double opt-in: they confirm by link
    return subscriber


def update_subscriber(
    session: Session,
    subscriber: Subscriber,
    changes: SubscriberChanges,
    now: datetime,
    rules: DigestRules | None = None,
) -> Subscriber:
    """Apply the changes. Moving from digests to instant notifications first queues a last
    digest (given the digest `rules`), so what was matched for the next one is not lost."""
    if rules is not None and _leaving_digests(subscriber, changes):
        from digest.mail import queue_digest

        queue_digest(session, subscriber, f"last:{now:%Y%m%dT%H%M%SZ}", now, rules)
    refiltered = changes.topics is not None or changes.queries is not None
    before = _followed(subscriber) if refiltered else None
    _apply(session, subscriber, changes, now)
    if before is not None:
        prune_pending_matches(session, [subscriber])
        remember_catchups(session, subscriber, before, now)
    return subscriber


def _followed(subscriber: Subscriber) -> Followed:
    from digest.mail import Followed

    topics = frozenset(topic.slug for topic in subscriber.topics)
    return Followed(topics, frozenset(f.query for f in subscriber.filters))


def remember_catchups(
    session: Session, subscriber: Subscriber, before: Followed, now: datetime
) -> None:
    """Record the topics and queries the subscriber follows now and did not `before`, so
    that their next digest brings what those matched lately ("What you missed"). Instant
    notifications have no digest to bring it in."""
    from digest.mail import added

    if subscriber.cadence == Cadence.INSTANT:
        return
    new = added(before, _followed(subscriber))
    by_slug = {topic.slug: topic for topic in subscriber.topics}
    session.add_all(
        Catchup(subscriber_id=subscriber.id, topic_id=by_slug[slug].id, requested_at=now)
        for slug in sorted(new.topics)
    )
    session.add_all(
        Catchup(subscriber_id=subscriber.id, query=query, requested_at=now)
        for query in sorted(new.queries)
    )
    session.flush()


def _apply(
    session: Session, subscriber: Subscriber, changes: SubscriberChanges, now: datetime
) -> None:
    if changes.status in LEFT and changes.status != subscriber.status:
        _stop_mail(session, subscriber, changes.status)
    if changes.hour is not None:
        subscriber.hour = parse_hour(changes.hour)
    if changes.timezone is not None:
        parse_timezone(changes.timezone)
        subscriber.timezone = changes.timezone
    if changes.name is not None:
        subscriber.name = normalise_name(changes.name)
    if changes.status == SubscriberStatus.ACTIVE and subscriber.status == SubscriberStatus.BOUNCED:
        subscriber.bounce_count, subscriber.bounced_at = 0, None  # the operator vouches again
    for field in ("cadence", "weekday", "status", "send_empty"):
        value = getattr(changes, field)
        if value is not None:
            setattr(subscriber, field, value)
    if changes.topics is not None:
        subscriber.topics = [
            store.topic_by_slug(session, slug) for slug in dict.fromkeys(changes.topics)
        ]
    if changes.queries:
        from digest.matching import parse_query

        for query in changes.queries:
            parse_query(query)
    if changes.queries is not None:
        kept = {f.query: f for f in subscriber.filters}  # unchanged rows stay as they are
        subscriber.filters = [
            kept.get(q) or Filter(query=q) for q in dict.fromkeys(changes.queries)
        ]
    subscriber.next_digest_at = next_digest_at(
        Cadence(subscriber.cadence), subscriber.weekday, subscriber.hour, subscriber.timezone, now
    )
    session.flush()


def _stop_mail(session: Session, subscriber: Subscriber, status: SubscriberStatus) -> None:
    """Cancel what waits in the outbox for someone who left, and drop their pending matches."""
    session.execute(
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber.id, Delivery.status == DeliveryStatus.QUEUED)
        .values(
            status=DeliveryStatus.CANCELLED, last_error=f"cancelled: the subscriber is {status}"
        )
    )
    session.execute(delete(Match).where(Match.subscriber_id == subscriber.id))


def _leaving_digests(subscriber: Subscriber, changes: SubscriberChanges) -> bool:
    return (
        subscriber.status == SubscriberStatus.ACTIVE
        and subscriber.cadence != Cadence.INSTANT
        and changes.cadence is Cadence.INSTANT
    )


def prune_pending_matches(session: Session, subscribers: Sequence[Subscriber]) -> None:
    """Drop the notifications, matched and not yet sent, that a subscriber's filters no
    longer match (after a topic or query was removed or changed)."""
    from digest.matching import match_filters, section_document, subscriber_filters

    for subscriber in subscribers:
        pending = store.pending_matches(session, subscriber.id)
        if not pending:
            continue
        filters = subscriber_filters(subscriber)
        for match, section in pending:
            if match_filters(filters, section_document(section), explain=False) is None:
                session.delete(match)
    session.flush()


def remove_subscriber(session: Session, email: str) -> None:
    session.delete(store.subscriber_by_email(session, normalise_email(email)))
