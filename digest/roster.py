"""The subscriber list in bulk: a CSV file imported in one pass, exported in chunks.

An import checks every row first (`digest.subscriber_csv`, which decides), then writes all
the good rows in one transaction. New subscribers go in with a few multi-row INSERTs, not
one `add_subscriber` each (5,000 rows: a second, against fifteen one at a time), yet
they get exactly what `add_subscriber` gives: its defaults, their next digest's time, and
the confirmation email when they are pending. Subscribers already there are skipped, or
with `update` changed through `update_subscriber`, which knows what a change of status or
cadence entails (cancelled mail, a last digest).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.db import transaction
from digest.models import Base, Filter, Subscriber, SubscriberTopic, Topic
from digest.schedule import next_digest_at
from digest.subscriber_csv import RowProblem, SubscriberRecord, read_subscribers
from digest.subscriptions import LEFT, NEW_SUBSCRIBER, SubscriberChanges, update_subscriber
from digest.types import Cadence, SubscriberStatus

if TYPE_CHECKING:
    from digest.mail import DigestRules

#: Rows per query of a list: well under every database's limit on bound parameters.
CHUNK = 500
_T = TypeVar("_T")


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    imported: int
    updated: int
    #: The addresses already subscribed and left as they are: without `update`, all of
    #: them; with it, those whose row changes nothing.
    skipped: tuple[str, ...]
    problems: tuple[RowProblem, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped": len(self.skipped),
            "errors": [problem.as_json() for problem in self.problems],
        }


def import_subscribers(
    session: Session,
    text: str,
    now: datetime,
    *,
    update: bool = False,
    pending: bool = False,
    dry_run: bool = False,
    rules: DigestRules | None = None,
) -> ImportReport:
    """Import the good rows of a CSV file; its bad rows are reported, not imported.

    `pending`: the people have not agreed yet, so new subscribers are pending and sent the
    confirmation email, and nobody is made active. A row that says unsubscribed or bounced
    keeps that status either way: an import never mails someone who left. `rules` are the
    digest rules a subscriber moving to instant notifications gets a last digest by.
    """
    topic_ids: dict[str, int] = dict(session.execute(select(Topic.slug, Topic.id)).all())
    found = read_subscribers(text, topic_ids)
    present = _present(session, [record.email for record in found.records])
    new = [record for record in found.records if record.email not in present]
    known = [record for record in found.records if record.email in present]
    if not dry_run:
        _insert(session, new, topic_ids, now, pending)
    changed = _update(session, known, now, pending, rules, dry_run) if update else set()
    return ImportReport(
        imported=len(new),
        updated=len(changed),
        skipped=tuple(record.email for record in known if record.email not in changed),
        problems=found.problems,
    )


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _present(session: Session, emails: Sequence[str]) -> set[str]:
    """Which of the addresses are subscribed already (one query per chunk of the file's)."""
    found: set[str] = set()
    for chunk in _chunks(emails):
        found.update(session.scalars(select(Subscriber.email).where(Subscriber.email.in_(chunk))))
    return found


def _insert(
    session: Session,
    records: Sequence[SubscriberRecord],
    topic_ids: dict[str, int],
    now: datetime,
    pending: bool,
) -> None:
    """Add the new subscribers, their topics and queries, in a few multi-row INSERTs."""
    if not records:
        return
    rows = [_new_row(record, now, pending) for record in records]
    # The ids are read back by address: INSERT ... RETURNING over many rows costs SQLAlchemy
    # time quadratic in them (it splices each batch's result onto the ones before).
    session.execute(insert(Subscriber), rows)
    ids = _ids(session, [record.email for record in records])
    pairs = list(zip(ids, records, strict=True))
    links = [
        {"subscriber_id": id_, "topic_id": topic_ids[slug]}
        for id_, record in pairs
        for slug in record.topics or ()
    ]
    filters = [
        {"subscriber_id": id_, "query": query}
        for id_, record in pairs
        for query in record.queries or ()
    ]
    _insert_all(session, SubscriberTopic, links)
    _insert_all(session, Filter, filters)  # in order: a subscriber's filters are read by id
    from digest.revisions import bump_audience

    bump_audience(session)  # these INSERTs bypass the ORM, whose flush would have bumped it
    waiting = [id_ for id_, row in zip(ids, rows, strict=True) if row["status"] == "pending"]
    _queue_confirmations(session, waiting, now)


def _ids(session: Session, emails: Sequence[str]) -> list[int]:
    """The ids of the subscribers with these addresses, in the same order."""
    found: dict[str, int] = {}
    for chunk in _chunks(emails):
        query = select(Subscriber.email, Subscriber.id).where(Subscriber.email.in_(chunk))
        found.update(session.execute(query).all())
    return [found[email] for email in emails]


def _new_row(record: SubscriberRecord, now: datetime, pending: bool) -> dict[str, Any]:
    """A new subscriber's row, as `add_subscriber` would make it from this record."""
    given = {
        "name": record.name,
        "cadence": record.cadence,
        "weekday": record.weekday,
        "hour": record.hour,
        "timezone": record.timezone,
        "send_empty": record.send_empty,
    }
    row = {**NEW_SUBSCRIBER, **{key: value for key, value in given.items() if value is not None}}
    status = _new_status(record.status, pending)
    row.update(
        email=record.email,
        status=status,
        created_at=now,
        next_digest_at=next_digest_at(
            Cadence(row["cadence"]), row["weekday"], row["hour"], row["timezone"], now
        ),
        considered_until=None,
        bounce_count=0,
        last_bounce=None,
        bounced_at=now if status == SubscriberStatus.BOUNCED else None,
    )
    return row


def _new_status(status: SubscriberStatus | None, pending: bool) -> SubscriberStatus:
    """Active by default: an operator importing a list imports people who agreed."""
    if status in LEFT:
        return status
    if pending:
        return SubscriberStatus.PENDING
    return status or SubscriberStatus.ACTIVE


def _insert_all(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), list(rows))


def _queue_confirmations(session: Session, subscriber_ids: Sequence[int], now: datetime) -> None:
    """The double opt-in email `add_subscriber` queues for a pending subscriber."""
    if not subscriber_ids:
        return
    from digest.mail import queue_confirmation

    for chunk in _chunks(subscriber_ids):
        for subscriber in session.scalars(select(Subscriber).where(Subscriber.id.in_(chunk))):
            queue_confirmation(session, subscriber, now)


def _update(
    session: Session,
    records: Sequence[SubscriberRecord],
    now: datetime,
    pending: bool,
    rules: DigestRules | None,
    dry_run: bool,
) -> set[str]:
    """Apply the rows that change something; return their addresses."""
    by_email = {record.email: record for record in records}
    changed: set[str] = set()
    # Each update flushes when done: flushing before each of its queries too is only slower.
    with session.no_autoflush:
        for chunk in _chunks(list(by_email)):
            for subscriber in store.subscribers_by_email(session, chunk):
                changes = _changes(by_email[subscriber.email], pending)
                if _changes_nothing(subscriber, changes):
                    continue  # not even its next digest's time, which an update recomputes
                changed.add(subscriber.email)
                if not dry_run:
                    update_subscriber(session, subscriber, changes, now, rules)
    return changed


def _changes(record: SubscriberRecord, pending: bool) -> SubscriberChanges:
    """What the row says to change; what it says nothing about is kept."""
    status = record.status
    if pending and status not in LEFT:
        status = None  # `pending` makes nobody active, and unconfirms nobody either
    return SubscriberChanges(
        topics=record.topics,
        queries=record.queries,
        cadence=record.cadence,
        weekday=record.weekday,
        hour=record.hour,
        timezone=record.timezone,
        status=status,
        send_empty=record.send_empty,
        name=record.name,
    )


def _changes_nothing(subscriber: Subscriber, changes: SubscriberChanges) -> bool:
    fields = ("name", "status", "cadence", "weekday", "hour", "timezone", "send_empty")
    for field in fields:
        value = getattr(changes, field)
        if value is not None and value != getattr(subscriber, field):
            return False
    if changes.topics is not None and set(changes.topics) != {t.slug for t in subscriber.topics}:
        return False
    return changes.queries is None or list(changes.queries) == [f.query for f in subscriber.filters]


# Export


@dataclass(frozen=True)
class Listed:
    """A subscriber as `digest subscriber list` shows them: their settings, and when
    their next digest is due."""

    record: SubscriberRecord
    next_digest_at: datetime | None
    #: Until when they asked for no digests (their preference page), if they did.
    paused_until: datetime | None = None


def subscriber_records(
    sessions: sessionmaker[Session], *, status: str | None = None
) -> Iterator[SubscriberRecord]:
    """Every subscriber (or those with `status`) by address, read a chunk at a time."""
    return (listed.record for listed in subscriber_listing(sessions, status=status))


def subscriber_listing(
    sessions: sessionmaker[Session], *, status: str | None = None
) -> Iterator[Listed]:
    """`subscriber_records` with each one's next digest time.

    Each chunk is read in a short transaction of its own, so a long export never holds
    the database (SQLite's write lock included) while its output is being written, and
    the memory it takes is a chunk's, however long the list.
    """
    after: str | None = None
    while True:
        with transaction(sessions) as session:
            batch = _export_chunk(session, after, status)
        if not batch:
            return
        yield from batch
        after = batch[-1].record.email


def listed(subscriber: Subscriber) -> Listed:
    """One subscriber read through the ORM, as a listing gives them."""
    topics = tuple(t.slug for t in subscriber.topics)
    queries = tuple(f.query for f in subscriber.filters)
    record = _record(subscriber, topics, queries)
    return Listed(record, subscriber.next_digest_at, subscriber.paused_until)


def _export_chunk(session: Session, after: str | None, status: str | None) -> list[Listed]:
    query = select(
        Subscriber.id,
        Subscriber.email,
        Subscriber.name,
        Subscriber.status,
        Subscriber.cadence,
        Subscriber.weekday,
        Subscriber.hour,
        Subscriber.timezone,
        Subscriber.send_empty,
        Subscriber.next_digest_at,
        Subscriber.paused_until,
    ).order_by(Subscriber.email)
    if after is not None:
        query = query.where(Subscriber.email > after)
    if status is not None:
        query = query.where(Subscriber.status == status)
    rows = session.execute(query.limit(CHUNK)).all()
    ids = [row.id for row in rows]
    topics = store.topics_followed(session, ids)
    queries = store.own_queries(session, ids)
    return [
        Listed(
            _record(
                row,
                tuple(slug for _, _, slug in topics.get(row.id, ())),
                tuple(queries.get(row.id, ())),
            ),
            row.next_digest_at,
            row.paused_until,
        )
        for row in rows
    ]


def _record(row: Any, topics: tuple[str, ...], queries: tuple[str, ...]) -> SubscriberRecord:
    """A subscriber's settings from anything holding their columns (a row, the ORM)."""
    return SubscriberRecord(
        email=row.email,
        name=row.name,
        status=SubscriberStatus(row.status),
        cadence=Cadence(row.cadence),
        weekday=row.weekday,
        hour=row.hour,
        timezone=row.timezone,
        topics=topics,
        queries=queries,
        send_empty=row.send_empty,
    )
