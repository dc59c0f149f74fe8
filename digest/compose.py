"""Decide what a subscriber's next digest holds, and queue it in the outbox."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from digest import store
from digest.filters import subscriber_filters
from digest.matching import analyse, match_filters
from digest.models import Delivery, DeliverySection, Subscriber
from digest.types import DeliveryKind, DeliveryStatus, SectionView


def plan_digest(session: Session, subscriber: Subscriber, lookback: timedelta) -> list[SectionView]:
    """The sections the next digest would hold, best first, with why each is there.

    It is "everything matched and not yet delivered" since the subscriber
    joined (less the look-back), not a date range: a missed run rolls over.
    """
    since = subscriber.created_at - lookback
    filters = subscriber_filters(subscriber)
    views = []
    for section, score in store.undelivered_matches(session, subscriber, since):
        verdict = match_filters(filters, analyse(section.title, section.teaser, section.text))
        reasons = verdict.reasons if verdict else ()
        views.append(store.section_view(section, score=score, reasons=reasons))
    return views


def queue_digest(
    session: Session,
    subscriber: Subscriber,
    period_key: str | None,
    now: datetime,
    lookback: timedelta,
) -> Delivery | None:
    """Put the subscriber's digest in the outbox; None when there is nothing to send.

    The delivery row and its sections are written together, so the sections
    are promised to this delivery before anything is sent. A scheduled digest
    names its period; an operator's send (no period) is named by its moment
    and its first section, so two sends never collide.
    """
    sections = plan_digest(session, subscriber, lookback)
    if not sections:
        return None
    if period_key is None:
        first = min(section.id for section in sections)
        period_key = f"manual:{now.strftime('%Y%m%dT%H%M%SZ')}:{first}"
    key = (
        Delivery.subscriber_id == subscriber.id,
        Delivery.kind == DeliveryKind.DIGEST,
        Delivery.period_key == period_key,
    )
    if session.scalar(select(Delivery.id).where(*key)) is not None:
        return None  # another run queued this period's digest already
    delivery = Delivery(
        subscriber_id=subscriber.id,
        kind=DeliveryKind.DIGEST,
        period_key=period_key,
        status=DeliveryStatus.QUEUED,
        attempts=0,
        created_at=now,
    )
    session.add(delivery)
    session.flush()
    session.add_all(
        DeliverySection(
            delivery_id=delivery.id,
            section_id=section.id,
            subscriber_id=subscriber.id,
            ordinal=ordinal,
        )
        for ordinal, section in enumerate(sections)
    )
    session.flush()
    return delivery
