"""Send what the outbox holds: claim a delivery, render it, hand it to SMTP, record the result.

A delivery is marked `sending` with a lease before the message leaves, and
`sent` after the server took it. A worker that dies in between leaves a lease
that runs out, and the next run sends the same message again, with the same
Message-ID: at worst one duplicate, never a lost digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.config import Settings
from digest.db import transaction
from digest.errors import ConfigError, DeliveryError, InvalidAddress
from digest.mail.message import (
    DkimKey,
    Envelope,
    OutgoingMessage,
    build_message,
    sender_domain,
    sign_message,
)
from digest.mail.render import DigestContext, Links, Templates, render_digest
from digest.mail.smtp import Mailer
from digest.matching.filters import section_document, subscriber_filters
from digest.matching.score import Collection, match_filters
from digest.models import Delivery, Subscriber
from digest.tokens import make_token
from digest.types import (
    DeliveryKind,
    DeliveryStatus,
    RenderedMessage,
    SectionView,
    SubscriberStatus,
)

LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class SendOutcome:
    delivery_id: int
    to: str
    status: DeliveryStatus
    sections: int
    error: str | None = None


def links_for(
    settings: Settings, subscriber_id: int, token_version: int, delivery_id: int | None = None
) -> Links:
    token = make_token(settings.secret_key, subscriber_id, token_version)
    return _links(settings, token, delivery_id)


def _links(settings: Settings, token: str, delivery_id: int | None = None) -> Links:
    """The pages a message links to; a digest or notification also to its browser view."""
    base = settings.base_url.rstrip("/")
    return Links(
        preferences=f"{base}/preferences/{token}",
        unsubscribe=f"{base}/unsubscribe/{token}",
        browser=f"{base}/view/{token}/{delivery_id}" if delivery_id is not None else None,
        confirm=f"{base}/confirm/{token}",
    )


def render_for(
    settings: Settings,
    subscriber: Subscriber,
    views: Sequence[SectionView],
    overflow: int = 0,
    kind: str = DeliveryKind.DIGEST,
    links: Links | None = None,
    budget: int | None = None,
    more: Sequence[SectionView] = (),
) -> RenderedMessage:
    """A subscriber's digest rendered with the operator's templates, address and budget
    (or `budget`, and the stories past its caps, `more`, for its browser view)."""
    context = DigestContext(
        email=subscriber.email,
        sections=views,
        links=links or links_for(settings, subscriber.id, subscriber.token_version),
        postal_address=settings.postal_address,
        overflow=overflow,
        more=more,
    )
    templates = Templates(settings.template_dir or None)
    budget = settings.max_email_bytes if budget is None else budget
    return render_digest(context, templates, budget=budget, kind=kind)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after each failure, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def compose_message(
    session: Session,
    delivery: Delivery,
    settings: Settings,
    now: datetime,
    dkim_key: DkimKey | None = None,
) -> tuple[OutgoingMessage, int]:
    """The message for a delivery, and how many sections it holds; signed with `dkim_key`."""
    subscriber = delivery.subscriber
    listing = store.delivery_listing(session, delivery.id)
    views = section_views(session, subscriber, listing.shown)
    token = make_token(settings.secret_key, subscriber.id, subscriber.token_version)
    browsable = delivery.kind != DeliveryKind.CONFIRMATION
    links = _links(settings, token, delivery.id if browsable else None)
    rendered = render_for(
        settings, subscriber, views, len(listing.overflow), kind=delivery.kind, links=links
    )
    envelope = Envelope(
        sender=settings.from_address,
        to=subscriber.email,
        list_id=f"digest.{sender_domain(settings.from_address)}",
        unsubscribe_url=links.unsubscribe,
        date=now,
        message_key=f"delivery:{delivery.id}:{delivery.period_key}",
        unsubscribe_mailto=settings.unsubscribe_mailto,
        unsubscribe_token=token,
    )
    message = build_message(rendered, envelope)
    if dkim_key is not None:
        message = sign_message(message, dkim_key)
    return message, len(views)


def section_views(
    session: Session, subscriber: Subscriber, section_ids: Sequence[int]
) -> list[SectionView]:
    """Sections of one of the subscriber's deliveries, in order, each with why it is there
    by their filters now (none, if those changed since it was queued)."""
    filters = subscriber_filters(subscriber)
    by_id = store.sections_by_id(session, section_ids)
    sections = [by_id[section_id] for section_id in section_ids]
    documents = [section_document(section) for section in sections]
    collection = Collection(documents)
    views: list[SectionView] = []
    for section, document in zip(sections, documents, strict=True):
        verdict = match_filters(filters, document, collection)
        if verdict is None:
            views.append(store.section_view(section))
        else:
            views.append(store.section_view(section, score=verdict.score, reasons=verdict.reasons))
    return views


def dkim_key(settings: Settings) -> DkimKey | None:
    """The configured DKIM key, read once per run (a rotated key is used from the next)."""
    if not settings.dkim_selector:
        return None
    path = settings.dkim_key_file
    try:
        pem = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read dkim_key_file {path}: {exc.strerror}") from None
    return DkimKey(settings.dkim_selector, pem)


async def send_due(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    settings: Settings,
    now: datetime,
    *,
    subscriber_ids: list[int] | None = None,
    worker: str = "cli",
) -> list[SendOutcome]:
    """Send every delivery that is due; each failure is recorded and the rest go on."""
    key = dkim_key(settings)
    with transaction(sessions) as session:
        ids = [d.id for d in store.sendable_deliveries(session, now, subscriber_ids)]
    outcomes = []
    async with mailer:
        for delivery_id in ids:
            outcomes.append(
                await _deliver_one(sessions, mailer, settings, now, delivery_id, worker, key)
            )
    return outcomes


async def _deliver_one(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    settings: Settings,
    now: datetime,
    delivery_id: int,
    worker: str,
    key: DkimKey | None,
) -> SendOutcome:
    try:
        with transaction(sessions) as session:
            delivery = store.delivery(session, delivery_id)
            to = delivery.subscriber.email
            if reason := _unwanted(delivery):
                delivery.status = DeliveryStatus.CANCELLED
                delivery.last_error = reason
                return SendOutcome(delivery_id, to, DeliveryStatus.CANCELLED, 0, reason)
            delivery.status = DeliveryStatus.SENDING
            delivery.attempts += 1
            delivery.lease_owner = worker
            delivery.lease_expires_at = now + LEASE
            message, count = compose_message(session, delivery, settings, now, key)
    except InvalidAddress as exc:  # this subscriber's address, not the run, is at fault
        failure = DeliveryError(str(exc), permanent=True)
        status = _record_failure(sessions, delivery_id, failure, now, settings.max_attempts)
        return SendOutcome(delivery_id, to, status, 0, str(exc))
    try:
        await mailer.send(message)
    except DeliveryError as exc:
        status = _record_failure(sessions, delivery_id, exc, now, settings.max_attempts)
        return SendOutcome(delivery_id, to, status, count, str(exc))
    with transaction(sessions) as session:
        delivery = store.delivery(session, delivery_id)
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.message_id = message.message_id
        delivery.last_error = None
        delivery.lease_owner = delivery.lease_expires_at = None
    return SendOutcome(delivery_id, to, DeliveryStatus.SENT, count)


def _unwanted(delivery: Delivery) -> str | None:
    """Why a queued delivery must not go out: its subscriber left, or bounced, since it was
    queued; a pending subscriber gets only the email that confirms them."""
    status = delivery.subscriber.status
    if status in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED):
        return f"cancelled: the subscriber is {status}"
    if status == SubscriberStatus.PENDING and delivery.kind != DeliveryKind.CONFIRMATION:
        return "cancelled: the subscriber has not confirmed"
    return None


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
