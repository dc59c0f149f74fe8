"""Operator and scheduled sends: queue the digests of chosen subscribers.

Each subscriber's digest is composed and queued in a transaction of its own, holding that
subscriber's row (PostgreSQL: FOR UPDATE; SQLite has one writer at a time), so two composers
never queue the same stories twice and no transaction outlives one digest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.db import transaction
from digest.mail.compose import (
    DigestRules,
    Window,
    plan_digest,
    queue_digest,
    queue_notifications,
    window_start,
)
from digest.models import Subscriber
from digest.schedule import next_digest_at, period_key
from digest.types import Cadence, SubscriberStatus


@dataclass(frozen=True)
class Queued:
    email: str
    subscriber_id: int
    delivery_id: int | None
    note: str


@dataclass(frozen=True)
class Planned:
    """What a send would do for one subscriber: how many sections, and why (a dry run)."""

    email: str
    subscriber_id: int
    sections: int
    note: str

    def as_json(self) -> dict[str, object]:
        return {"to": self.email, "sections": self.sections, "note": self.note}


def queue_digests(
    sessions: sessionmaker[Session],
    subscriber_ids: Sequence[int],
    now: datetime,
    rules: DigestRules,
    *,
    scheduled: bool,
    on_queued: Callable[[Sequence[Queued]], None] | None = None,
) -> list[Queued]:
    """Queue a digest for each active subscriber that has something new, and a
    notification per post for those who chose instant delivery.

    A scheduled send names the period by the subscriber's own calendar and moves
    their next digest on; an operator's send is named by the moment it was asked for.
    `on_queued` hears, once per subscriber, what was queued for them (a progress bar).
    """
    with transaction(sessions) as session:
        window = _shared_window(session, store.subscribers_by_id(session, subscriber_ids), rules)
    results: list[Queued] = []
    for subscriber_id in subscriber_ids:
        with transaction(sessions) as session:
            subscriber = store.subscriber_for_update(session, subscriber_id)
            done: list[Queued] = []
            if subscriber is not None:
                done = _queue_one(session, subscriber, now, rules, window, scheduled)
        results += done
        if on_queued is not None:
            on_queued(done)
    return results


def plan_sends(
    session: Session,
    subscribers: Sequence[Subscriber],
    now: datetime,
    rules: DigestRules,
    *,
    scheduled: bool,
    on_planned: Callable[[Planned], None] | None = None,
) -> list[Planned]:
    """What `queue_digests` would queue for each subscriber, writing nothing.

    It takes the same decisions in the same order, over one shared window, so a dry run
    costs what a real send's composing costs, not a window read per subscriber.
    """
    window = _shared_window(session, subscribers, rules)
    planned: list[Planned] = []
    for subscriber in subscribers:
        planned.append(_plan_one(session, subscriber, now, rules, window, scheduled))
        if on_planned is not None:
            on_planned(planned[-1])
    return planned


def _plan_one(
    session: Session,
    subscriber: Subscriber,
    now: datetime,
    rules: DigestRules,
    window: Window | None,
    scheduled: bool,
) -> Planned:
    def planned(sections: int, note: str) -> Planned:
        return Planned(subscriber.email, subscriber.id, sections, note)

    held = _held_back(subscriber, now, scheduled)
    if held is not None:
        return planned(0, held)
    if Cadence(subscriber.cadence) is Cadence.INSTANT:
        pending = store.pending_matches(session, subscriber.id)
        posts = len({section.post_id for _, section in pending})  # one notification a post
        if not posts:
            return planned(0, "nothing new")
        noun = "notification" if posts == 1 else "notifications"
        return planned(len(pending), f"would queue {posts} {noun}")
    plan = plan_digest(session, subscriber, rules, now, window)
    shown = len(plan.shown) + len(plan.missed)
    if shown:
        return planned(shown, "would queue")
    if scheduled and subscriber.next_digest_at is not None and subscriber.send_empty:
        return planned(0, "would queue a 'nothing matched' note")  # a scheduled one, named
    return planned(0, "nothing new")


def _held_back(subscriber: Subscriber, now: datetime, scheduled: bool) -> str | None:
    """Why a send queues nothing for this subscriber before composing anything, if it
    does not: the one place a real send and a dry run take these decisions."""
    if subscriber.status != SubscriberStatus.ACTIVE:
        return f"skipped: subscriber is {subscriber.status}"
    paused = subscriber.paused_until
    if paused is not None and paused > now:  # their own choice: an operator's send waits too
        return f"skipped: paused until {paused:%Y-%m-%d %H:%M} UTC"
    due_at = subscriber.next_digest_at
    if scheduled and subscriber.cadence != Cadence.INSTANT and due_at is not None and due_at > now:
        return "not due"  # another composer got here first
    return None


def _queue_one(
    session: Session,
    subscriber: Subscriber,
    now: datetime,
    rules: DigestRules,
    window: Window | None,
    scheduled: bool,
) -> list[Queued]:
    held = _held_back(subscriber, now, scheduled)
    if held is not None:
        return [Queued(subscriber.email, subscriber.id, None, held)]
    cadence = Cadence(subscriber.cadence)
    if cadence is Cadence.INSTANT:
        return _notify(session, subscriber, now)
    key: str | None = None
    if scheduled and subscriber.next_digest_at is not None:
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
