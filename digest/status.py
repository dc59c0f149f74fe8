"""The numbers `digest status` shows, and the facts `digest.health` judges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ScalarSelect, func, or_, select
from sqlalchemy.orm import Session

from digest import store
from digest.health import (
    FAILED_WINDOW,
    Facts,
    FeedTrouble,
    JobRun,
    PausedDelivery,
)
from digest.models import (
    Delivery,
    DeliveryPause,
    Feed,
    Heartbeat,
    Post,
    Section,
    Subscriber,
    Topic,
)
from digest.types import DeliveryStatus, SubscriberStatus


@dataclass(frozen=True)
class Status:
    """Counts (feeds, posts, deliveries by status...) and the facts about the system's health."""

    counts: dict[str, object]
    facts: Facts
    #: Deliveries a send now would try: queued ones whose time has come.
    due_now: int

    def as_json(self) -> dict[str, object]:
        facts = self.facts
        return {
            **self.counts,
            "due_now": self.due_now,
            "delivery_paused": None
            if facts.pause is None
            else {
                "since": facts.pause.since.isoformat(),
                "reason": facts.pause.reason,
                "next_try": facts.pause.next_try.isoformat(),
            },
            "failing_feeds": [
                {"url": f.url, "error_count": f.error_count, "last_error": f.last_error}
                for f in facts.feeds
                if f.error_count > 0
            ],
            "heartbeats": [
                {
                    "job": j.job,
                    "ran_at": j.ran_at.isoformat(),
                    "seconds": j.seconds,
                    "worker": j.worker,
                    "summary": j.summary,
                    "error": j.error,
                }
                for j in facts.jobs
            ],
        }


def collect_status(session: Session, now: datetime) -> Status:
    return Status(_counts(session), collect_facts(session, now), store.sendable_count(session, now))


def _counts(session: Session) -> dict[str, object]:
    def count(model: type[object]) -> ScalarSelect[int]:
        return select(func.count()).select_from(model).scalar_subquery()

    def by_status(column: object) -> dict[str, int]:
        rows = session.execute(select(column, func.count()).group_by(column))  # type: ignore[call-overload]
        return {str(k): int(v) for k, v in rows}

    # One statement for the counts: each statement compiled costs a command's start-up.
    totals = select(
        count(Feed),
        count(Post),
        count(Section),
        count(Topic),
        select(func.max(Feed.last_polled_at)).scalar_subquery(),
    )
    feeds, posts, sections, topics, last_poll = session.execute(totals).one()
    return {
        "feeds": feeds,
        "posts": posts,
        "sections": sections,
        "topics": topics,
        "subscribers": by_status(Subscriber.status),
        "deliveries": by_status(Delivery.status),
        "last_poll": last_poll.isoformat() if last_poll else None,
    }


def collect_facts(session: Session, now: datetime) -> Facts:
    """What `digest.health.problems` needs: troubled feeds, the pause, recent failures,
    the scheduler's heartbeats."""
    troubled = session.scalars(
        select(Feed)
        .where(or_(Feed.error_count > 0, Feed.disabled_at.is_not(None)))
        .order_by(Feed.url)
    )
    pause = session.get(DeliveryPause, 1)
    # Only failures to people still subscribed: a bounced address failed for good reason.
    failed = (
        select(func.count())
        .select_from(Delivery)
        .join(Delivery.subscriber)
        .where(
            Delivery.status == DeliveryStatus.FAILED,
            Delivery.created_at >= now - FAILED_WINDOW,
            Subscriber.status == SubscriberStatus.ACTIVE,
        )
    )
    beats = session.scalars(select(Heartbeat).order_by(Heartbeat.job))
    return Facts(
        feeds=[
            FeedTrouble(
                f.url,
                f.error_count,
                f.last_error,
                f.failing_since,
                f.disabled_at,
                f.disabled_reason,
            )
            for f in troubled
        ],
        pause=None
        if pause is None
        else PausedDelivery(pause.paused_since, pause.reason, pause.probe_at),
        failed_deliveries=int(session.scalar(failed) or 0),
        jobs=[JobRun(b.job, b.ran_at, b.summary, b.seconds, b.worker, b.error) for b in beats],
    )
