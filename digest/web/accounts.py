"""Signing up, asking for a fresh link, and renewing every link: the use cases behind
the pages that take an address, and the preference page's "sign out everywhere".

Whoever types an address learns nothing from the answer: these return nothing, and
only the email (or its absence) differs, which only the address's owner sees. Each takes
a session and values, and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from digest.models import Delivery, Subscriber
from digest.subscriptions import SubscriberChanges, add_subscriber, update_subscriber
from digest.types import DeliveryKind, DeliveryStatus, SubscriberStatus

#: However often it is asked for, an address gets at most one link email in this time,
#: whatever the pages' rate limits (kept per process) let through.
LINK_EMAIL_INTERVAL = timedelta(minutes=10)


def subscriber_by_address(session: Session, address: str) -> Subscriber | None:
    return session.scalar(select(Subscriber).where(Subscriber.email == address))


def sign_up(
    session: Session,
    address: str,
    topics: Sequence[str],
    queries: Sequence[str],
    now: datetime,
    lookback: timedelta,
) -> None:
    """Double opt-in's first step. Someone new is added pending, which queues their
    confirmation. Someone who receives nothing yet (pending, or gone) takes the new
    choices and gets a confirmation link; someone active keeps theirs and gets a link to
    their preferences; a bounced address is mailed nothing."""
    subscriber = subscriber_by_address(session, address)
    if subscriber is None:
        add_subscriber(session, address, SubscriberChanges(topics=topics, queries=queries), now)
        return
    if subscriber.status == SubscriberStatus.BOUNCED:
        return
    if subscriber.status != SubscriberStatus.ACTIVE:
        _rejoin(session, subscriber, topics, queries, now, lookback)
    queue_link_email(session, subscriber, now)


def _rejoin(
    session: Session,
    subscriber: Subscriber,
    topics: Sequence[str],
    queries: Sequence[str],
    now: datetime,
    lookback: timedelta,
) -> None:
    """Someone who left (or never confirmed) asks again: pending until they confirm, and
    then digests hold what arrives from now, less the usual look-back, not their absence."""
    since = now - lookback
    if subscriber.considered_until is None or subscriber.considered_until < since:
        subscriber.considered_until = since
    changes = SubscriberChanges(topics=topics, queries=queries, status=SubscriberStatus.PENDING)
    update_subscriber(session, subscriber, changes, now)


def request_fresh_link(session: Session, address: str, now: datetime) -> None:
    """Email the subscriber at `address` their current link, if there is one to send."""
    subscriber = subscriber_by_address(session, address)
    if subscriber is not None and subscriber.status in (
        SubscriberStatus.ACTIVE,
        SubscriberStatus.PENDING,
    ):
        queue_link_email(session, subscriber, now)


def queue_link_email(session: Session, subscriber: Subscriber, now: datetime) -> bool:
    """Queue an email holding the subscriber's current link, unless one was queued lately.

    It is the double opt-in email, whose link confirms a pending subscriber and opens an
    active one's preferences: the outbox sends it as it sends every confirmation, made
    with the token version of the moment it is sent. False when one was queued lately."""
    lately = select(Delivery.id).where(
        Delivery.subscriber_id == subscriber.id,
        Delivery.kind == DeliveryKind.CONFIRMATION,
        Delivery.created_at > now - LINK_EMAIL_INTERVAL,
    )
    if session.scalar(lately.limit(1)) is not None:
        return False
    session.add(
        Delivery(
            subscriber_id=subscriber.id,
            kind=DeliveryKind.CONFIRMATION,
            period_key=f"link:{now:%Y%m%dT%H%M%S.%fZ}",
            status=DeliveryStatus.QUEUED,
            attempts=0,
            created_at=now,
        )
    )
    session.flush()
    return True


def sign_out_everywhere(session: Session, subscriber: Subscriber) -> None:
    """Renew the subscriber's links: every link sent so far stops working, and the next
    email (or a fresh-link email) carries the new one."""
    subscriber.token_version += 1
    session.flush()
