"""Operator and scheduled sends: choose subscribers, queue their digests, deliver them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

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
    session: Session,
    subscribers: Sequence[Subscriber],
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
    results = []
    window = _shared_window(session, subscribers, rules.lookback)
    for subscriber in subscribers:
        if subscriber.status != SubscriberStatus.ACTIVE:
            results.append(
                Queued(
                    subscriber.email,
                    subscriber.id,
                    None,
                    f"skipped: subscriber is {subscriber.status}",
                )
            )
            continue
        cadence = Cadence(subscriber.cadence)
        if cadence is Cadence.INSTANT:
            results += _notify(session, subscriber, now)
            continue
        key: str | None = None
        if scheduled and subscriber.next_digest_at is not None:
            key = period_key(cadence, subscriber.next_digest_at, subscriber.timezone)
            subscriber.next_digest_at = next_digest_at(
                cadence, subscriber.weekday, subscriber.hour, subscriber.timezone, now
            )
        delivery = queue_digest(session, subscriber, key, now, rules, window)
        note = "queued" if delivery else "nothing new"
        delivery_id = delivery.id if delivery else None
        results.append(Queued(subscriber.email, subscriber.id, delivery_id, note))
    return results


def _notify(session: Session, subscriber: Subscriber, now: datetime) -> list[Queued]:
    notifications = queue_notifications(session, subscriber, now)
    if not notifications:
        return [Queued(subscriber.email, subscriber.id, None, "nothing new")]
    return [Queued(subscriber.email, subscriber.id, n.id, "queued") for n in notifications]


def _shared_window(
    session: Session, subscribers: Sequence[Subscriber], lookback: timedelta
) -> Window | None:
    """One analysed window for many digests: sections are read and stemmed once."""
    active = [
        s
        for s in subscribers
        if s.status == SubscriberStatus.ACTIVE and s.cadence != Cadence.INSTANT
    ]
    if len(active) < 2:
        return None
    return Window.load(session, min(window_start(s, lookback) for s in active))
