"""Operator and scheduled sends: queue the digests of chosen subscribers.

Each subscriber's digest is composed and queued in a transaction of its own, holding that
subscriber's row (PostgreSQL: FOR UPDATE; SQLite has one writer at a time), so two composers
never queue the same stories twice and no transaction outlives one digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.db import transaction
from digest.mail.compose import DigestRules, Window, queue_digest, queue_notifications, window_start
from digest.models import Subscriber
from digest.schedule import next_digest_at, period_key
from digest.types import Cadence, SubscriberStatus


@dataclass(frozen=True)
class Queued:
    email: str
    subscriber_id: int
    delivery_id: int | None
    note: str


def queue_digests(
    sessions: sessionmaker[Session],
    subscriber_ids: Sequence[int],
    now: datetime,
    rules: DigestRules,
    *,
    scheduled: bool,
) -> list[Queued]:
    """Queue a digest for each active subscriber that has something new, and a
    notification per post for those who chose instant delivery.

    A scheduled send names the period by the subscriber's own calendar and moves
    their next digest on; an operator's send is named by the moment it was asked for.
    """
    with transaction(sessions) as session:
        window = _shared_window(session, store.subscribers_by_id(session, subscriber_ids), rules)
    results: list[Queued] = []
    for subscriber_id in subscriber_ids:
        with transaction(sessions) as session:
            subscriber = store.subscriber_for_update(session, subscriber_id)
            if subscriber is not None:
                results += _queue_one(session, subscriber, now, rules, window, scheduled)
    return results


def _queue_one(
    session: Session,
    subscriber: Subscriber,
    now: datetime,
    rules: DigestRules,
    window: Window | None,
    scheduled: bool,
) -> list[Queued]:
    if subscriber.status != SubscriberStatus.ACTIVE:
        note = f"skipped: subscriber is {subscriber.status}"
        return [Queued(subscriber.email, subscriber.id, None, note)]
    cadence = Cadence(subscriber.cadence)
    if cadence is Cadence.INSTANT:
        return _notify(session, subscriber, now)
    key: str | None = None
    if scheduled and subscriber.next_digest_at is not None:
        if subscriber.next_digest_at > now:  # another composer got here first
            return [Queued(subscriber.email, subscriber.id, None, "not due")]
        key = period_key(cadence, subscriber.next_digest_at, subscriber.timezone)
        subscriber.next_digest_at = next_digest_at(
            cadence, subscriber.weekday, subscriber.hour, subscriber.timezone, now
        )
    delivery = queue_digest(session, subscriber, key, now, rules, window)
    note = "queued" if delivery else "nothing new"
    return [Queued(subscriber.email, subscriber.id, delivery.id if delivery else None, note)]


def _notify(session: Session, subscriber: Subscriber, now: datetime) -> list[Queued]:
    notifications = queue_notifications(session, subscriber, now)
    if not notifications:
        return [Queued(subscriber.email, subscriber.id, None, "nothing new")]
    return [Queued(subscriber.email, subscriber.id, n.id, "queued") for n in notifications]


def _shared_window(
    session: Session, subscribers: Sequence[Subscriber], rules: DigestRules
) -> Window | None:
    """One analysed window for many digests: sections are read and stemmed once."""
    active = [
        s
        for s in subscribers
        if s.status == SubscriberStatus.ACTIVE and s.cadence != Cadence.INSTANT
    ]
    if len(active) < 2:
        return None
    return Window.load(session, min(window_start(s, rules.lookback) for s in active))
