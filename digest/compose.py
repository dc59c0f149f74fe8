"""Decide what a subscriber's next digest holds, and queue it in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from digest import store
from digest.filters import subscriber_filters
from digest.fingerprints import near_duplicate
from digest.matching import analyse, match_filters
from digest.models import Delivery, DeliverySection, Subscriber
from digest.types import DeliveryKind, DeliveryStatus, SectionView

#: A story delivered within this many days is not sent again from another feed.
DUPLICATE_MEMORY = timedelta(days=30)


@dataclass(frozen=True)
class DigestPlan:
    """The sections a digest shows, best first, and those it covers without showing.

    A covered section tells the same story as one shown now or delivered lately
    (the same news syndicated by two feeds): it is recorded with the delivery,
    so it is never offered again, but the reader sees the story once.
    """

    shown: list[SectionView]
    covered: list[int]


def plan_digest(
    session: Session, subscriber: Subscriber, lookback: timedelta, now: datetime
) -> DigestPlan:
    """What the next digest would hold, with why each section is there.

    It is "everything matched and not yet delivered" since the subscriber
    joined (less the look-back), not a date range: a missed run rolls over.
    """
    since = subscriber.created_at - lookback
    filters = subscriber_filters(subscriber)
    seen = store.delivered_fingerprints(session, subscriber.id, now - DUPLICATE_MEMORY)
    shown: list[SectionView] = []
    covered: list[int] = []
    for section, score in store.undelivered_matches(session, subscriber, since):
        if any(same_story(section.fingerprint, other) for other in seen):
            covered.append(section.id)
            continue
        seen.append(section.fingerprint)
        verdict = match_filters(filters, analyse(section.title, section.teaser, section.text))
        reasons = verdict.reasons if verdict else ()
        shown.append(store.section_view(section, score=score, reasons=reasons))
    return DigestPlan(shown, covered)


#: SimHash bits two tellings of one story may differ by: an edited word or two moves a few
#: bits; unrelated stories were never closer than 16 in the Import AI archive.
SAME_STORY_DISTANCE = 6

#: Length of a SimHash fingerprint; sections stored before SimHash carry a longer one.
SIMHASH_LENGTH = 16


def same_story(a: str, b: str) -> bool:
    """Near-duplicate fingerprints; older exact fingerprints compare as they are."""
    if len(a) == len(b) == SIMHASH_LENGTH:
        return near_duplicate(a, b, max_distance=SAME_STORY_DISTANCE)
    return a == b


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
    plan = plan_digest(session, subscriber, lookback, now)
    if not plan.shown:
        return None
    if period_key is None:
        first = min(section.id for section in plan.shown)
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
    rows = [(section.id, True) for section in plan.shown]
    rows += [(section_id, False) for section_id in plan.covered]
    session.add_all(
        DeliverySection(
            delivery_id=delivery.id,
            section_id=section_id,
            subscriber_id=subscriber.id,
            ordinal=ordinal,
            shown=shown,
        )
        for ordinal, (section_id, shown) in enumerate(rows)
    )
    session.flush()
    return delivery
