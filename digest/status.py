"""The numbers `digest status` shows."""

from __future__ import annotations

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from digest.models import Delivery, DeliveryPause, Feed, Post, Section, Subscriber, Topic


def collect_status(session: Session) -> dict[str, object]:
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
    failing = session.scalars(select(Feed).where(Feed.error_count > 0).order_by(Feed.url))
    pause = session.get(DeliveryPause, 1)
    return {
        "feeds": feeds,
        "posts": posts,
        "sections": sections,
        "topics": topics,
        "subscribers": by_status(Subscriber.status),
        "deliveries": by_status(Delivery.status),
        "last_poll": last_poll.isoformat() if last_poll else None,
        "delivery_paused": None
        if pause is None
        else {
            "since": pause.paused_since.isoformat(),
            "reason": pause.reason,
            "next_try": pause.probe_at.isoformat(),
        },
        "failing_feeds": [
            {"url": f.url, "error_count": f.error_count, "last_error": f.last_error}
            for f in failing
        ],
    }
