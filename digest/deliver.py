"""Send what the outbox holds: claim a delivery, render it, hand it to SMTP, record the result.

A delivery is marked `sending` with a lease before the message leaves, and
`sent` after the server took it. A worker that dies in between leaves a lease
that runs out, and the next run sends the same message again, with the same
Message-ID: at worst one duplicate, never a lost digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.config import Settings
from digest.db import transaction
from digest.errors import DeliveryError
from digest.filters import section_document, subscriber_filters
from digest.matching import Collection, match_filters
from digest.message import Envelope, build_message, sender_domain
from digest.models import Delivery
from digest.render import DigestContext, Links, render_digest
from digest.smtp import Mailer
from digest.tokens import make_token
from digest.types import DeliveryStatus, SectionView

LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class SendOutcome:
    delivery_id: int
    to: str
    status: DeliveryStatus
    sections: int
    error: str | None = None


def links_for(settings: Settings, subscriber_id: int, token_version: int) -> Links:
    token = make_token(settings.secret_key, subscriber_id, token_version)
    base = settings.base_url.rstrip("/")
    return Links(
        preferences=f"{base}/preferences/{token}", unsubscribe=f"{base}/unsubscribe/{token}"
    )


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after each failure, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def compose_message(
    session: Session, delivery: Delivery, settings: Settings, now: datetime
) -> tuple[EmailMessage, int]:
    """The message for a delivery, and how many sections it holds."""
    subscriber = delivery.subscriber
    filters = subscriber_filters(subscriber)
    section_ids = store.delivery_section_ids(session, delivery.id)
    by_id = store.sections_by_id(session, section_ids)
    sections = [by_id[section_id] for section_id in section_ids]
    documents = [section_document(section) for section in sections]
    collection = Collection(documents)
    views: list[SectionView] = []
    for section, document in zip(sections, documents, strict=True):
        verdict = match_filters(filters, document, collection)
        views.append(store.section_view(section, reasons=verdict.reasons if verdict else ()))
    links = links_for(settings, subscriber.id, subscriber.token_version)
    rendered = render_digest(DigestContext(subscriber.email, views, links, now))
    envelope = Envelope(
        sender=settings.from_address,
        to=subscriber.email,
        list_id=f"digest.{sender_domain(settings.from_address)}",
        unsubscribe_url=links.unsubscribe,
        date=now,
        message_key=f"delivery:{delivery.id}:{delivery.period_key}",
    )
    return build_message(rendered, envelope), len(views)


async def deliver(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    settings: Settings,
    now: datetime,
    *,
    subscriber_ids: list[int] | None = None,
    worker: str = "cli",
) -> list[SendOutcome]:
    """Send every delivery that is due; each failure is recorded and the rest go on."""
    with transaction(sessions) as session:
        ids = [d.id for d in store.sendable_deliveries(session, now, subscriber_ids)]
    outcomes = []
    async with mailer:
        for delivery_id in ids:
            outcomes.append(
                await _deliver_one(sessions, mailer, settings, now, delivery_id, worker)
            )
    return outcomes


async def _deliver_one(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    settings: Settings,
    now: datetime,
    delivery_id: int,
    worker: str,
) -> SendOutcome:
    with transaction(sessions) as session:
        delivery = store.delivery(session, delivery_id)
        delivery.status = DeliveryStatus.SENDING
        delivery.attempts += 1
        delivery.lease_owner = worker
        delivery.lease_expires_at = now + LEASE
        message, count = compose_message(session, delivery, settings, now)
        to = delivery.subscriber.email
    try:
        await mailer.send(message)
    except DeliveryError as exc:
        status = _record_failure(sessions, delivery_id, exc, now, settings.max_attempts)
        return SendOutcome(delivery_id, to, status, count, str(exc))
    with transaction(sessions) as session:
        delivery = store.delivery(session, delivery_id)
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.message_id = str(message["Message-ID"])
        delivery.last_error = None
        delivery.lease_owner = delivery.lease_expires_at = None
    return SendOutcome(delivery_id, to, DeliveryStatus.SENT, count)


def _record_failure(
    sessions: sessionmaker[Session],
    delivery_id: int,
    error: DeliveryError,
    now: datetime,
    max_attempts: int,
) -> DeliveryStatus:
    with transaction(sessions) as session:
        delivery = store.delivery(session, delivery_id)
        delivery.last_error = str(error)
        delivery.lease_owner = delivery.lease_expires_at = None
        if error.permanent or delivery.attempts >= max_attempts:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.QUEUED
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        return DeliveryStatus(delivery.status)
