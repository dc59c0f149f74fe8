"""Composing many digests at once (database edge): a chunk of subscribers at a time.

A chunk's subscribers and what they were sent before are read with a few plain queries in
a transaction that only reads, and their digests planned over one shared window with the
section index. The plan is then written in a short transaction holding their rows
(PostgreSQL: FOR UPDATE, in id order; SQLite's writing transactions take the write lock up
front): the deliveries, their sections and the subscribers' new schedule, one statement
each. If a subscriber changed in between, the chunk is planned again under the lock. A
send of one subscriber is a chunk of one: a test holds a batch to what one at a time gives.

A delivery may be queued already leased (`Lease`): the composer sends it itself, from
what it composed, without reading it back. If the composer stops before sending, the
lease runs out and any worker sends it from the outbox as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.db import read_transaction, transaction
from digest.mail.compose import (
    DUPLICATE_MEMORY,
    DigestPlan,
    DigestRules,
    Window,
    find_missed,
    manual_period_key,
    plan_from_window,
    queue_notifications,
    window_start,
)
from digest.matching.filters import topic_and_own_filters
from digest.matching.score import Filter
from digest.models import (
    Catchup,
    Delivery,
    DeliverySection,
    Section,
    Subscriber,
    overflow_text,
)
from digest.schedule import next_digest_at, period_key
from digest.types import Cadence, DeliveryKind, DeliveryStatus, SectionView, SubscriberStatus

#: Subscribers composed in one transaction: large enough that a statement serves many,
#: small enough that the write lock (SQLite) or the rows' locks are held for a moment only.
CHUNK = 200


@dataclass(frozen=True)
class Reader:
    """What composing a digest needs of a subscriber, read in bulk (no ORM objects)."""

    id: int
    email: str
    status: str
    cadence: str
    weekday: int
    hour: int
    timezone: str
    next_digest_at: datetime | None
    considered_until: datetime | None
    created_at: datetime
    paused_until: datetime | None
    send_empty: bool
    token_version: int
    filters: tuple[Filter, ...]


@dataclass(frozen=True)
class Lease:
    """Deliveries queued already leased to the composing worker, which sends them."""

    owner: str
    expires_at: datetime


@dataclass(frozen=True)
class Composed:
    """One subscriber's outcome of a chunk: a note, and the digest queued, if any."""

    reader: Reader
    note: str
    delivery_id: int | None = None
    #: Stories the digest shows, or the notifications' stories; notifications queued.
    sections: int = 0
    notifications: int = 0
    period_key: str = ""
    #: The digest's stories as its email shows them (those under "What you missed" marked).
    views: tuple[SectionView, ...] = ()
    overflow: int = 0
    #: When the subscriber's previous digest was composed, for the masthead's period.
    previous_at: datetime | None = None


def held_back(reader: Reader, now: datetime, scheduled: bool) -> str | None:
    """Why a send queues nothing for this subscriber before composing anything, if it
    does not: the one place a real send and a dry run take these decisions."""
    if reader.status != SubscriberStatus.ACTIVE:
        return f"skipped: subscriber is {reader.status}"
    paused = reader.paused_until
    if paused is not None and paused > now:  # their own choice: an operator's send waits too
        return f"skipped: paused until {paused:%Y-%m-%d %H:%M} UTC"
    due_at = reader.next_digest_at
    if scheduled and reader.cadence != Cadence.INSTANT and due_at is not None and due_at > now:
        return "not due"  # another composer got here first
    return None


@dataclass(frozen=True)
class _Stored:
    """A chunk's subscribers as stored: their rows, topics and own queries, unparsed.
    Comparing two readings tells whether anything about them changed meanwhile."""

    rows: list[tuple[Any, ...]]
    topics: dict[int, list[tuple[str, str, str]]]
    own: dict[int, list[str]]


def read_chunk(session: Session, subscriber_ids: Sequence[int], lock: bool) -> list[Reader]:
    """The subscribers of `subscriber_ids` that exist, in id order, with their filters;
    with `lock`, their rows held until the transaction ends."""
    return _readers(_read_stored(session, subscriber_ids, lock))


def _read_stored(session: Session, subscriber_ids: Sequence[int], lock: bool) -> _Stored:
    query = select(*_READER_COLUMNS).where(Subscriber.id.in_(subscriber_ids))
    query = query.order_by(Subscriber.id)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    rows = [tuple(row) for row in session.execute(query)]
    topics = store.topics_followed(session, subscriber_ids)
    return _Stored(rows, topics, store.own_queries(session, subscriber_ids))


def _readers(stored: _Stored) -> list[Reader]:
    readers = []
    for row in stored.rows:
        fields = dict(zip(_READER_FIELDS, row, strict=True))
        topics, own = stored.topics.get(fields["id"], []), stored.own.get(fields["id"], [])
        filters = tuple(topic_and_own_filters(fields["email"], topics, own))
        readers.append(Reader(**fields, filters=filters))
    return readers


_READER_COLUMNS = (
    Subscriber.id,
    Subscriber.email,
    Subscriber.status,
    Subscriber.cadence,
    Subscriber.weekday,
    Subscriber.hour,
    Subscriber.timezone,
    Subscriber.next_digest_at,
    Subscriber.considered_until,
    Subscriber.created_at,
    Subscriber.paused_until,
    Subscriber.send_empty,
    Subscriber.token_version,
)
_READER_FIELDS = tuple(column.key for column in _READER_COLUMNS)


class _History:
    """What a chunk's subscribers were sent before, read with one query each."""

    def __init__(self, session: Session, ids: Sequence[int], window: Window, now: datetime) -> None:
        self.delivered = _sets(
            session,
            select(DeliverySection.subscriber_id, DeliverySection.section_id)
            .join(Section, Section.id == DeliverySection.section_id)
            .where(DeliverySection.subscriber_id.in_(ids), Section.first_seen_at >= window.start),
        )
        fingerprints = (
            select(DeliverySection.subscriber_id, Section.fingerprint)
            .join(Section, Section.id == DeliverySection.section_id)
            .join(Delivery, Delivery.id == DeliverySection.delivery_id)
            .where(
                DeliverySection.subscriber_id.in_(ids),
                Delivery.created_at >= now - DUPLICATE_MEMORY,
            )
        )
        self.seen: dict[int, list[str]] = {}
        for subscriber_id, fingerprint in session.execute(fingerprints):
            self.seen.setdefault(subscriber_id, []).append(fingerprint)
        self._listed(session, ids, window, now)
        previous = (
            select(Delivery.subscriber_id, func.max(Delivery.created_at))
            .where(
                Delivery.subscriber_id.in_(ids),
                Delivery.kind == DeliveryKind.DIGEST,
                Delivery.created_at < now,
            )
            .group_by(Delivery.subscriber_id)
        )
        self.previous: dict[int, datetime] = dict(session.execute(previous).all())
        self.catching_up = set(
            session.scalars(
                select(Catchup.subscriber_id).where(
                    Catchup.subscriber_id.in_(ids), Catchup.requested_at <= now
                )
            )
        )

    def _listed(self, session: Session, ids: Sequence[int], window: Window, now: datetime) -> None:
        """What their digests listed past the caps: promised, so masked in the window, and
        their stories told. A section of the window was listed by a digest made after it
        was first seen, so after the window opened."""
        recent = now - DUPLICATE_MEMORY
        lists = store.overflow_lists(session, ids, min(window.start, recent))
        told = [(subscriber, listed) for subscriber, made, listed in lists if made >= recent]
        known = window.fingerprints_of(i for _, listed in told for i in listed)
        unknown = {i for _, listed in told for i in listed if i not in known}
        if unknown:  # first seen before the window opened
            known.update(store.fingerprints_of(session, unknown))
        for subscriber_id, _, listed in lists:
            self.delivered.setdefault(subscriber_id, set()).update(listed)
        for subscriber_id, listed in told:
            seen = self.seen.setdefault(subscriber_id, [])
            seen += (known[i] for i in listed if i in known)


def _sets(session: Session, query: Any) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for subscriber_id, value in session.execute(query):
        found.setdefault(subscriber_id, set()).add(value)
    return found


@dataclass
class _Planned:
    reader: Reader
    plan: DigestPlan
    #: The delivery's period key: a scheduled digest's period, or an operator's send's
    #: moment and first section ("" when it has no story), so two sends never collide.
    key: str
    scheduled: bool
    next_at: datetime | None


@dataclass
class _Decided:
    """What reading a chunk decided for each of its subscribers, before anything is written."""

    readers: list[Reader]
    history: _History
    held: dict[int, str]
    instant: list[Reader]
    planned: list[_Planned]


def compose_chunk(
    sessions: sessionmaker[Session],
    subscriber_ids: Sequence[int],
    now: datetime,
    rules: DigestRules,
    window: Window,
    *,
    scheduled: bool,
    lease: Lease | None = None,
) -> list[Composed]:
    """Queue the digests (and instant notifications) of one chunk of subscribers; what
    became of each, in id order. `window` must open no later than any of theirs.

    The digests are planned in a transaction that only reads (on SQLite it holds up no
    writer), then written in a short one holding the subscribers' rows, after checking that
    nothing about them changed meanwhile (another composer, a save on their page); if
    something did, the chunk is planned again inside the writing transaction.
    """
    with read_transaction(sessions) as session:
        stored = _read_stored(session, subscriber_ids, lock=False)
        decided = _decide(session, _readers(stored), now, rules, window, scheduled)
    with transaction(sessions) as session:
        now_stored = _read_stored(session, subscriber_ids, lock=True)
        if now_stored != stored:
            decided = _decide(session, _readers(now_stored), now, rules, window, scheduled)
        return _write(session, decided, now, lease)


def plan_chunk(
    sessions: sessionmaker[Session],
    subscriber_ids: Sequence[int],
    now: datetime,
    rules: DigestRules,
    window: Window,
    *,
    scheduled: bool,
) -> list[Composed]:
    """What `compose_chunk` would do, writing nothing and locking nothing (a dry run)."""
    with read_transaction(sessions) as session:
        chunk = read_chunk(session, subscriber_ids, lock=False)
        decided = _decide(session, chunk, now, rules, window, scheduled)
        readers = {reader.id: reader for reader in decided.readers}
        composed = {i: Composed(readers[i], note) for i, note in decided.held.items()}
        for reader in decided.instant:
            composed[reader.id] = _would_notify(session, reader)
        taken = _taken_keys(session, decided.planned)
    for p in decided.planned:
        shown = len(p.plan.shown) + len(p.plan.missed)
        worth = _worth_sending(p, taken)
        note = Composed(p.reader, "queued", sections=shown)
        composed[p.reader.id] = note if worth else Composed(p.reader, "nothing new")
    return [composed[reader.id] for reader in decided.readers]


def _decide(
    session: Session,
    readers: list[Reader],
    now: datetime,
    rules: DigestRules,
    window: Window,
    scheduled: bool,
) -> _Decided:
    history = _History(session, [r.id for r in readers], window, now)
    decided = _Decided(readers, history, {}, [], [])
    for reader in readers:
        held = held_back(reader, now, scheduled)
        if held is not None:
            decided.held[reader.id] = held
        elif reader.cadence == Cadence.INSTANT:
            decided.instant.append(reader)
        else:
            decided.planned.append(_plan(session, reader, now, rules, window, history, scheduled))
    return decided


def _write(
    session: Session, decided: _Decided, now: datetime, lease: Lease | None
) -> list[Composed]:
    readers = {reader.id: reader for reader in decided.readers}
    composed = {i: Composed(readers[i], note) for i, note in decided.held.items()}
    for reader in decided.instant:
        composed[reader.id] = _notify(session, reader, now)
    planned, history = decided.planned, decided.history
    _reschedule(session, planned, now)
    taken = _taken_keys(session, planned)
    wanted = [p for p in planned if _worth_sending(p, taken)]
    ids = _insert_deliveries(session, wanted, now, lease)
    _insert_sections(session, wanted, ids)
    for p in planned:
        composed[p.reader.id] = _composed(p, ids.get(p.reader.id), history)
    return [composed[reader.id] for reader in decided.readers]


def _plan(
    session: Session,
    reader: Reader,
    now: datetime,
    rules: DigestRules,
    window: Window,
    history: _History,
    scheduled: bool,
) -> _Planned:
    since = window_start(reader, rules.lookback)
    seen = history.seen.get(reader.id, [])
    delivered: Iterable[int] = history.delivered.get(reader.id, ())
    if window.start > since:  # opened for others: this one reads their own
        window, delivered = Window.load(session, since, reader.id), ()
    plan = plan_from_window(window, reader.filters, since, delivered, seen, rules)
    if reader.id in history.catching_up:
        missed = find_missed(session, reader.id, reader.filters, rules, now, plan, seen)
        plan = replace(plan, missed=missed)
    if scheduled and reader.next_digest_at is not None:
        cadence = Cadence(reader.cadence)
        key = period_key(cadence, reader.next_digest_at, reader.timezone)
        next_at = next_digest_at(cadence, reader.weekday, reader.hour, reader.timezone, now)
        return _Planned(reader, plan, key, True, next_at)
    key = manual_period_key(now, plan) if plan.shown or plan.missed else ""
    return _Planned(reader, plan, key, False, reader.next_digest_at)


def _taken_keys(session: Session, planned: Sequence[_Planned]) -> set[tuple[int, str]]:
    """The digests among these that another run queued already (subscriber, period key)."""
    keys = {p.key for p in planned if p.key}
    query = select(Delivery.subscriber_id, Delivery.period_key).where(
        Delivery.subscriber_id.in_([p.reader.id for p in planned]),
        Delivery.kind == DeliveryKind.DIGEST,
        Delivery.period_key.in_(keys),
    )
    return {(subscriber_id, key) for subscriber_id, key in session.execute(query)}


def _worth_sending(planned: _Planned, taken: set[tuple[int, str]]) -> bool:
    """A digest with stories, or an empty scheduled one whose subscriber wants a note,
    unless this period's digest was queued already (by another run)."""
    plan, reader = planned.plan, planned.reader
    if not plan.shown and not plan.missed and not (planned.scheduled and reader.send_empty):
        return False
    return (reader.id, planned.key) not in taken


def _reschedule(session: Session, planned: Sequence[_Planned], now: datetime) -> None:
    """Every composed subscriber has been looked at now, and their catch-ups with it."""
    if not planned:
        return
    session.execute(  # by primary key, one statement for all
        update(Subscriber),
        [
            {"id": p.reader.id, "considered_until": now, "next_digest_at": p.next_at}
            for p in planned
        ],
    )
    ids = [p.reader.id for p in planned]
    session.execute(
        delete(Catchup)
        .where(Catchup.subscriber_id.in_(ids), Catchup.requested_at <= now)
        .execution_options(synchronize_session=False)
    )


def _insert_deliveries(
    session: Session, planned: Sequence[_Planned], now: datetime, lease: Lease | None
) -> dict[int, int]:
    """The digests' delivery rows; their ids by subscriber."""
    if not planned:
        return {}
    status = DeliveryStatus.QUEUED if lease is None else DeliveryStatus.SENDING
    rows = [
        {
            "subscriber_id": p.reader.id,
            "kind": DeliveryKind.DIGEST,
            "period_key": p.key,
            "status": status,
            "attempts": 0,
            "created_at": now,
            "lease_owner": lease.owner if lease else None,
            "lease_expires_at": lease.expires_at if lease else None,
            "overflow": overflow_text(p.plan.overflow),
        }
        for p in planned
    ]
    table = cast(Table, Delivery.__table__)  # plain inserts: no ORM objects to build
    statement = insert(table).returning(
        table.c.subscriber_id, table.c.id, sort_by_parameter_order=True
    )
    return dict(session.execute(statement, rows).all())


_SECTION_COLUMNS = ("delivery_id", "section_id", "subscriber_id", "ordinal", "shown", "catchup")


def _insert_sections(session: Session, planned: Sequence[_Planned], ids: dict[int, int]) -> None:
    """The sections each digest shows or covers, in order: shown, missed, covered (those
    past its caps are listed on the delivery)."""
    rows: list[tuple[int, int, int, int, bool, bool]] = []
    for p in planned:
        delivery_id, subscriber_id, plan = ids[p.reader.id], p.reader.id, p.plan
        ordered = [
            *((view.id, True, False) for view in plan.shown),
            *((view.id, True, True) for view in plan.missed),
            *((section_id, False, False) for section_id in plan.covered),
        ]
        rows += (
            (delivery_id, section_id, subscriber_id, ordinal, shown, catchup)
            for ordinal, (section_id, shown, catchup) in enumerate(ordered)
        )
    store.insert_plain_rows(session, DeliverySection, _SECTION_COLUMNS, rows)


def _composed(planned: _Planned, delivery_id: int | None, history: _History) -> Composed:
    reader, plan = planned.reader, planned.plan
    if delivery_id is None:
        return Composed(reader, "nothing new")
    views = (*plan.shown, *plan.missed)
    return Composed(
        reader,
        "queued",
        delivery_id,
        len(views),
        period_key=planned.key,
        views=views,
        overflow=len(plan.overflow),
        previous_at=history.previous.get(reader.id),
    )


def _would_notify(session: Session, reader: Reader) -> Composed:
    """What `_notify` would queue: a notification per post of the stored matches."""
    pending = store.pending_matches(session, reader.id)
    posts = len({section.post_id for _, section in pending})
    if not posts:
        return Composed(reader, "nothing new")
    return Composed(reader, "queued", sections=len(pending), notifications=posts)


def _notify(session: Session, reader: Reader, now: datetime) -> Composed:
    """An instant subscriber's notifications, queued (not leased) through the one-at-a-time
    path: they are few, and a notification is sent as any queued delivery is."""
    subscriber = session.get(Subscriber, reader.id)
    assert subscriber is not None, "read in this transaction"
    notifications = queue_notifications(session, subscriber, now)
    if not notifications:
        return Composed(reader, "nothing new")
    sections = session.scalar(
        select(func.count()).where(
            DeliverySection.delivery_id.in_([n.id for n in notifications]), DeliverySection.shown
        )
    )
    return Composed(reader, "queued", sections=sections or 0, notifications=len(notifications))


def shared_window(
    session: Session, subscriber_ids: Sequence[int], rules: DigestRules, now: datetime
) -> Window:
    """One analysed window for all these subscribers' digests: sections are read and
    stemmed once."""
    return Window.load(session, window_opening(session, subscriber_ids, rules, now))


def window_opening(
    session: Session, subscriber_ids: Sequence[int], rules: DigestRules, now: datetime
) -> datetime:
    """Where the earliest of these subscribers' digest windows opens (`now` for none)."""
    starts = []
    for chunk in store.id_groups(subscriber_ids):
        query = select(Subscriber.created_at, Subscriber.considered_until).where(
            Subscriber.id.in_(chunk),
            Subscriber.status == SubscriberStatus.ACTIVE,
            Subscriber.cadence != Cadence.INSTANT,
        )
        starts += [window_start(row, rules.lookback) for row in session.execute(query)]
    return min(starts, default=now)


def chunks(ids: Sequence[int], size: int | None = None) -> Iterable[Sequence[int]]:
    """`ids` a chunk (`CHUNK`, unless `size`) at a time."""
    size = size or CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
