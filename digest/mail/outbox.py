"""The outbox's rows: claims with a lease, and the few writes a send makes (database edge).

Every function here is one short transaction. A worker claims due deliveries by setting their
lease in one conditional UPDATE, so two workers never hold the same row (PostgreSQL skips rows
another claim has locked; SQLite runs one writer at a time). Only the lease holder may record
what became of a delivery: a worker whose lease ran out, and whose row another worker took
over, changes nothing.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, Update, and_, bindparam, delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from digest.db import transaction
from digest.mail.retries import Verdict, bounces_to_suppress, probe_delay
from digest.models import Delivery, DeliveryPause, Match, Subscriber
from digest.types import DeliveryStatus, SubscriberStatus

LEASE = timedelta(minutes=10)
_PAUSE_ID = 1


def worker_name() -> str:
    """Unique to this process and run: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class Pause:
    since: datetime
    reason: str
    probe_at: datetime
    probes: int

    def describe(self) -> str:
        return (
            f"delivery paused since {self.since:%Y-%m-%d %H:%M} UTC: {self.reason}"
            f" (next try at {self.probe_at:%Y-%m-%d %H:%M} UTC)"
        )


def _due(now: datetime) -> object:
    return or_(
        and_(
            Delivery.status == DeliveryStatus.QUEUED,
            or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
        ),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.lease_expires_at <= now),
    )


def claim(
    sessions: sessionmaker[Session],
    worker: str,
    now: datetime,
    limit: int,
    subscriber_ids: Sequence[int] | None = None,
) -> list[int]:
    """Lease up to `limit` due deliveries to `worker`, oldest first; their ids."""
    with transaction(sessions) as session:
        due = _due(now)
        candidates = select(Delivery.id).where(due).order_by(Delivery.id).limit(limit)  # type: ignore[arg-type]
        if subscriber_ids is not None:
            candidates = candidates.where(Delivery.subscriber_id.in_(subscriber_ids))
        if session.get_bind().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        claimed = session.execute(
            update(Delivery)
            .where(Delivery.id.in_(candidates), due)  # type: ignore[arg-type]
            .values(status=DeliveryStatus.SENDING, lease_owner=worker, lease_expires_at=now + LEASE)
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(claimed.scalars())


def _settle(delivery_id: int, worker: str, **values: Any) -> Update:
    """The write that records a delivery's outcome and ends its lease: it changes nothing
    unless `worker` still holds the lease."""
    return (
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.lease_owner == worker,
            Delivery.status == DeliveryStatus.SENDING,
        )
        .values(lease_owner=None, lease_expires_at=None, **values)
        .execution_options(synchronize_session=False)
    )


def release(sessions: sessionmaker[Session], worker: str, delivery_ids: Sequence[int]) -> int:
    """Give back leased deliveries that were not tried: queued as they were."""
    if not delivery_ids:
        return 0
    with transaction(sessions) as session:
        result = session.execute(
            update(Delivery)
            .where(
                Delivery.id.in_(delivery_ids),
                Delivery.lease_owner == worker,
                Delivery.status == DeliveryStatus.SENDING,
            )
            .values(status=DeliveryStatus.QUEUED, lease_owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def release_owned(sessions: sessionmaker[Session], worker: str) -> int:
    """Give back every delivery `worker` holds: queued as they were."""
    with transaction(sessions) as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.lease_owner == worker, Delivery.status == DeliveryStatus.SENDING)
            .values(status=DeliveryStatus.QUEUED, lease_owner=None, lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Sent:
    """A message the server took."""

    delivery_id: int
    subscriber_id: int
    message_id: str


def mark_sent_many(
    sessions: sessionmaker[Session], worker: str, sent: Sequence[Sent], now: datetime
) -> None:
    """Record that the server took these messages, in one transaction, and end their
    leases; a delivery whose lease was lost meanwhile is left as its new holder records it.
    An address that took a message has its earlier bounces forgiven."""
    deliveries = cast(Table, Delivery.__table__)  # one UPDATE, run for each message
    with transaction(sessions) as session:
        session.execute(
            update(deliveries)
            .where(
                deliveries.c.id == bindparam("sent_id"),
                deliveries.c.lease_owner == worker,
                deliveries.c.status == DeliveryStatus.SENDING,
            )
            .values(
                status=DeliveryStatus.SENT,
                sent_at=now,
                message_id=bindparam("sent_message_id"),
                attempts=deliveries.c.attempts + 1,
                last_error=None,
                last_code=None,
                last_status=None,
                lease_owner=None,
                lease_expires_at=None,
            ),
            [{"sent_id": s.delivery_id, "sent_message_id": s.message_id} for s in sent],
        )
        session.execute(  # the addresses took a message: earlier bounces were not for good
            update(Subscriber)
            .where(Subscriber.id.in_({s.subscriber_id for s in sent}), Subscriber.bounce_count > 0)
            .values(bounce_count=0)
            .execution_options(synchronize_session=False)
        )


def cancel(sessions: sessionmaker[Session], worker: str, delivery_id: int, reason: str) -> None:
    with transaction(sessions) as session:
        session.execute(
            _settle(
                delivery_id,
                worker,
                status=DeliveryStatus.CANCELLED,
                last_error=reason,
            )
        )


@dataclass(frozen=True)
class Bounces:
    """How many hard bounces suppress an address: for "no such user", and for the rest."""

    unknown_user: int
    other: int


def record_failure(
    sessions: sessionmaker[Session],
    worker: str,
    delivery_id: int,
    verdict: Verdict,
    error: str,
    code: int | None,
    status: str | None,
    now: datetime,
    bounces: Bounces,
) -> bool:
    """Record a recipient's failure and its verdict; a hard bounce counts against the address
    and, at its limit, suppresses it. Returns whether the address is now suppressed."""
    with transaction(sessions) as session:
        result = session.execute(
            _settle(
                delivery_id,
                worker,
                status=verdict.status,
                next_attempt_at=verdict.next_attempt_at,
                attempts=Delivery.attempts + 1,
                last_error=error,
                last_code=code,
                last_status=status,
            ).returning(Delivery.subscriber_id)
        )
        subscriber_id = result.scalar()
        if subscriber_id is None or not verdict.bounce:
            return False
        return _bounce(session, subscriber_id, error, verdict.unknown_user, now, bounces)


def _bounce(
    session: Session,
    subscriber_id: int,
    error: str,
    unknown_user: bool,
    now: datetime,
    bounces: Bounces,
) -> bool:
    subscriber = session.get(Subscriber, subscriber_id, with_for_update=True)
    if subscriber is None:
        return False
    subscriber.bounce_count += 1
    subscriber.last_bounce = error
    limit = bounces_to_suppress(unknown_user, bounces.unknown_user, bounces.other)
    if subscriber.bounce_count < limit or subscriber.status == SubscriberStatus.BOUNCED:
        return False
    subscriber.status = SubscriberStatus.BOUNCED
    subscriber.bounced_at = now
    reason = f"cancelled: the address bounced ({error})"
    session.execute(
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.status == DeliveryStatus.QUEUED)
        .values(status=DeliveryStatus.CANCELLED, last_error=reason)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(Match).where(Match.subscriber_id == subscriber_id))
    return True


def charge_attempt(
    sessions: sessionmaker[Session], worker: str, delivery_id: int, error: str, retry_at: datetime
) -> None:
    """A message in flight when the server failed: queued again, with the try counted."""
    with transaction(sessions) as session:
        session.execute(
            _settle(
                delivery_id,
                worker,
                status=DeliveryStatus.QUEUED,
                attempts=Delivery.attempts + 1,
                next_attempt_at=retry_at,
                last_error=error,
            )
        )


# The pause


def pause(sessions: sessionmaker[Session]) -> Pause | None:
    with transaction(sessions) as session:
        row = session.get(DeliveryPause, _PAUSE_ID)
        return None if row is None else _pause_of(row)


def _pause_of(row: DeliveryPause) -> Pause:
    return Pause(row.paused_since, row.reason, row.probe_at, row.probes)


def pause_delivery(sessions: sessionmaker[Session], reason: str, now: datetime) -> Pause:
    """Pause, or after a failed probe stay paused for longer."""
    with transaction(sessions) as session:
        row = session.get(DeliveryPause, _PAUSE_ID, with_for_update=True)
        if row is None:
            row = DeliveryPause(
                id=_PAUSE_ID, paused_since=now, reason=reason, probe_at=now, probes=0
            )
            session.add(row)
        else:
            row.probes += 1
        row.reason = reason
        row.probe_at = now + probe_delay(row.probes)
        session.flush()
        return _pause_of(row)


def resume_delivery(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        session.execute(delete(DeliveryPause).where(DeliveryPause.id == _PAUSE_ID))


def requeue_failed(sessions: sessionmaker[Session], since: datetime | None) -> list[int]:
    """Queue failed deliveries again (after an outage), except to suppressed addresses."""
    with transaction(sessions) as session:
        suppressed = select(Subscriber.id).where(Subscriber.status != SubscriberStatus.ACTIVE)
        query = (
            update(Delivery)
            .where(
                Delivery.status == DeliveryStatus.FAILED,
                Delivery.subscriber_id.not_in(suppressed),
            )
            .values(status=DeliveryStatus.QUEUED, next_attempt_at=None, attempts=0)
            .returning(Delivery.id)
            .execution_options(synchronize_session=False)
        )
        if since is not None:
            query = query.where(Delivery.created_at >= since)
        return sorted(session.execute(query).scalars())
