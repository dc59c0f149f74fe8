"""Operator and scheduled sends: queue the digests of chosen subscribers.

Subscribers are composed a chunk at a time (`digest.mail.bulk`), each chunk in a
transaction of its own holding those subscribers' rows (PostgreSQL: FOR UPDATE; SQLite has
one writer at a time), so two composers never queue the same stories twice and no
transaction outlives a moment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from digest.db import read_transaction
from digest.mail.bulk import Composed, chunks, compose_chunk, plan_chunk, shared_window
from digest.mail.compose import DigestRules


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
    `on_queued` hears, chunk by chunk, what was queued (a progress bar).
    """
    with read_transaction(sessions) as session:
        window = shared_window(session, subscriber_ids, rules, now)
    results: list[Queued] = []
    for chunk in chunks(subscriber_ids):
        composed = compose_chunk(sessions, chunk, now, rules, window, scheduled=scheduled)
        done = [queued(c) for c in composed]
        results += done
        if on_queued is not None:
            on_queued(done)
    return results


def queued(composed: Composed) -> Queued:
    reader = composed.reader
    return Queued(reader.email, reader.id, composed.delivery_id, composed.note)


def plan_sends(
    sessions: sessionmaker[Session],
    subscriber_ids: Sequence[int],
    now: datetime,
    rules: DigestRules,
    *,
    scheduled: bool,
    on_planned: Callable[[Sequence[Planned]], None] | None = None,
) -> list[Planned]:
    """What `queue_digests` would queue for each subscriber, writing nothing.

    It takes `queue_digests`'s decisions, by the same code, and stops before writing them.
    """
    with read_transaction(sessions) as session:
        window = shared_window(session, subscriber_ids, rules, now)
    planned: list[Planned] = []
    for chunk in chunks(subscriber_ids):
        composed = plan_chunk(sessions, chunk, now, rules, window, scheduled=scheduled)
        done = [_planned(c) for c in composed]
        planned += done
        if on_planned is not None:
            on_planned(done)
    return planned


def _planned(composed: Composed) -> Planned:
    reader = composed.reader
    note = composed.note
    if composed.notifications:
        noun = "notification" if composed.notifications == 1 else "notifications"
        note = f"would queue {composed.notifications} {noun}"
    elif composed.note == "queued" and composed.sections:
        note = "would queue"
    elif composed.note == "queued":
        note = "would queue a 'nothing matched' note"  # a scheduled one, named
    return Planned(reader.email, reader.id, composed.sections, note)
