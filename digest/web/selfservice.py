"""What a subscriber does from the links in their emails: confirm, unsubscribe (and
change their mind), choose topics and cadence, stop one topic, pause, read a digest in
the browser and list the past ones.

Each use case takes a session and the values it needs, never commits, and
leaves the web layer only the talking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from digest import store
from digest.config import Settings
from digest.errors import InvalidValue, NotFound
from digest.mail.compose import DigestRules
from digest.mail.deliver import links_for, render_for, section_views
from digest.models import Delivery, Subscriber
from digest.schedule import next_digest_at
from digest.subscriptions import SubscriberChanges, update_subscriber
from digest.tokens import read_token
from digest.types import Cadence, DeliveryKind, SubscriberStatus
from digest.web.preferences import Preferences
from digest.web.signup import TopicChoice

#: A browser view has no inbox to fit: every story is shown.
BROWSER_BUDGET = 10_000_000


class ExpiredLink(InvalidValue):
    """A well-signed link from before the subscriber's links were renewed."""


def subscriber_for_link(session: Session, secret_key: str, token: str) -> Subscriber:
    """The subscriber a signed link names; refused if altered, expired or theirs no more."""
    claim = read_token(secret_key, token)
    subscriber = session.get(Subscriber, claim.subscriber_id)
    if subscriber is None:
        raise NotFound("this link's subscription no longer exists")
    if subscriber.token_version != claim.token_version:
        raise ExpiredLink("this link has expired: the links were renewed after it was sent")
    return subscriber


def preferences_of(subscriber: Subscriber) -> Preferences:
    return Preferences(
        topics=tuple(topic.slug for topic in subscriber.topics),
        queries=tuple(f.query for f in subscriber.filters),
        cadence=Cadence(subscriber.cadence),
        weekday=subscriber.weekday,
        hour=subscriber.hour,
        timezone=subscriber.timezone,
        send_empty=subscriber.send_empty,
    )


def save_preferences(
    session: Session,
    subscriber: Subscriber,
    chosen: Preferences,
    now: datetime,
    rules: DigestRules,
) -> None:
    """Store the page's choices; moving to instant notifications first queues a last digest."""
    changes = SubscriberChanges(
        topics=chosen.topics,
        queries=chosen.queries,
        cadence=chosen.cadence,
        weekday=chosen.weekday,
        hour=chosen.hour,
        timezone=chosen.timezone,
        send_empty=chosen.send_empty,
    )
    update_subscriber(session, subscriber, changes, now, rules)
    _resume_on_schedule(subscriber)  # a pause outlasts a change of day or hour


def confirm(session: Session, subscriber: Subscriber, now: datetime) -> bool:
    """Double opt-in's second step; False when there was nothing to confirm."""
    if subscriber.status != SubscriberStatus.PENDING:
        return False
    update_subscriber(session, subscriber, SubscriberChanges(status=SubscriberStatus.ACTIVE), now)
    return True


def unsubscribe(session: Session, subscriber: Subscriber, now: datetime) -> bool:
    """Stop every email at once (see `update_subscriber`: what was queued is cancelled).

    The subscriber's links keep working, so the same page can undo it. False when
    they were not subscribed (a second click, or a mail client's one-click POST after it).
    """
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return False
    changes = SubscriberChanges(status=SubscriberStatus.UNSUBSCRIBED)
    update_subscriber(session, subscriber, changes, now)
    return True


def resubscribe(
    session: Session, subscriber: Subscriber, now: datetime, lookback: timedelta
) -> bool:
    """Undo an unsubscribe (or a bounce): digests resume with what arrives from now on,
    less the usual look-back, never with the whole time they were away."""
    if subscriber.status == SubscriberStatus.ACTIVE:
        return False
    since = now - lookback
    if subscriber.considered_until is None or subscriber.considered_until < since:
        subscriber.considered_until = since
    update_subscriber(session, subscriber, SubscriberChanges(status=SubscriberStatus.ACTIVE), now)
    return True


def browser_view(
    session: Session, settings: Settings, subscriber: Subscriber, delivery_id: int
) -> str:
    """One of the subscriber's digests or notifications as a web page (HTML): its
    stories, then those past its caps."""
    delivery = session.get(Delivery, delivery_id)
    if (
        delivery is None
        or delivery.subscriber_id != subscriber.id
        or delivery.kind == DeliveryKind.CONFIRMATION
    ):
        raise NotFound("no such digest among yours")
    listing = store.delivery_listing(session, delivery.id)
    rendered = render_for(
        settings,
        subscriber,
        section_views(session, subscriber, listing.shown),
        kind=delivery.kind,
        links=links_for(settings, subscriber.id, subscriber.token_version),
        budget=BROWSER_BUDGET,
        more=section_views(session, subscriber, listing.overflow),
    )
    return rendered.html


def known_topics(session: Session) -> dict[str, str]:
    """The catalog, slug to name, in the order the page lists it."""
    return {topic.slug: topic.name for topic in store.topics(session)}


def catalog(session: Session) -> list[TopicChoice]:
    """The catalog as the sign-up page shows it: each topic with what it covers."""
    return [TopicChoice(t.slug, t.name, t.description) for t in store.topics(session)]


def stop_topic(session: Session, subscriber: Subscriber, slug: str, now: datetime) -> bool:
    """Stop one topic ("stop sending me robotics"); False when they did not follow it."""
    kept = [topic.slug for topic in subscriber.topics if topic.slug != slug]
    if len(kept) == len(subscriber.topics):
        return False
    update_subscriber(session, subscriber, SubscriberChanges(topics=kept), now)
    return True


def pause(session: Session, subscriber: Subscriber, until: datetime | None) -> None:
    """Pause every email until `until` (None resumes now). The next digest is due at the
    first of their usual moments from then on, so it comes on their usual day and hour."""
    subscriber.paused_until = until
    _resume_on_schedule(subscriber)
    session.flush()


def _resume_on_schedule(subscriber: Subscriber) -> None:
    until = subscriber.paused_until
    if until is None or subscriber.next_digest_at is None or subscriber.next_digest_at >= until:
        return
    cadence = Cadence(subscriber.cadence)
    subscriber.next_digest_at = next_digest_at(
        cadence, subscriber.weekday, subscriber.hour, subscriber.timezone, until
    )


@dataclass(frozen=True)
class PastDigest:
    delivery_id: int
    sent_at: datetime
    kind: str
    stories: int


def archive(session: Session, subscriber: Subscriber) -> list[PastDigest]:
    """The digests and notifications sent to the subscriber, newest first."""
    return [
        PastDigest(delivery.id, delivery.sent_at or delivery.created_at, delivery.kind, count)
        for delivery, count in store.sent_deliveries(session, subscriber.id)
    ]
