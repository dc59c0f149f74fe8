"""Counters that tell a long-running process when what it keeps has gone stale.

The scheduler keeps the instant subscribers' filter index between polls (at a million
subscribers it takes seconds to build). Any session that changes what the index is built
from (a subscriber's topics, queries, cadence or status; a topic's query) bumps the
`audience` revision in the same transaction, so the index is rebuilt exactly when needed
whichever process, page or command made the change.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from digest.models import Filter, Revision, Subscriber, SubscriberTopic, Topic

AUDIENCE = "audience"

#: The attributes of a subscriber that decide whether and how they are matched.
_SUBSCRIBER_AUDIENCE = ("status", "cadence", "topics", "filters")


def watch(sessions: sessionmaker[Session]) -> None:
    """Make every session of `sessions` bump the audience revision when it changes it."""
    from sqlalchemy import event

    event.listen(sessions, "before_flush", _bump_if_audience_changed)


def audience_revision(session: Session) -> int:
    value = session.scalar(select(Revision.value).where(Revision.name == AUDIENCE))
    return value or 0


def bump_audience(session: Session) -> None:
    """Say the audience changed (for writes that bypass the ORM, such as bulk imports)."""
    table = cast(Table, Revision.__table__)
    bumped = session.connection().execute(
        update(table).where(table.c.name == AUDIENCE).values(value=table.c.value + 1)
    )
    if bumped.rowcount == 0:  # a schema made without the migration's first row
        from digest.store import insert_ignoring_duplicates

        insert_ignoring_duplicates(session, Revision, [{"name": AUDIENCE, "value": 1}])


def _bump_if_audience_changed(session: Session, _context: Any, _instances: Any) -> None:
    if _audience_changed(session):
        bump_audience(session)


def _audience_changed(session: Session) -> bool:
    kinds = (Subscriber, Filter, SubscriberTopic, Topic)
    if any(isinstance(o, kinds) for o in (*session.new, *session.deleted)):
        return True
    for instance in session.dirty:
        if isinstance(instance, Subscriber):
            if _changed(instance, _SUBSCRIBER_AUDIENCE):
                return True
        elif isinstance(instance, Filter):
            if _changed(instance, ("query",)):
                return True
        elif isinstance(instance, Topic) and _changed(instance, ("query",)):
            return True
    return False


def _changed(instance: object, names: tuple[str, ...]) -> bool:
    attrs = inspect(instance).attrs
    return any(attrs[name].history.has_changes() for name in names)
