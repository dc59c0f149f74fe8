"""Queries. They take a Session, never commit, and return models or `types` values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Executable,
    Exists,
    Select,
    and_,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, selectinload

from digest.errors import NotFound
from digest.models import (
    Base,
    Catchup,
    Delivery,
    DeliverySection,
    Feed,
    Filter,
    Match,
    Post,
    Section,
    Subscriber,
    SubscriberTopic,
    Topic,
    overflow_ids,
)
from digest.text import cited_source, story_link, web_url
from digest.types import (
    DeliveryKind,
    DeliveryListing,
    DeliveryStatus,
    DeliveryView,
    SectionView,
)


def insert_ignoring_duplicates(
    session: Session, model: type[Base], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert rows, skipping any that a unique key says are there already."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    # Imported here: a dialect's module costs every command's start-up more than it saves.
    statement: Executable
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        statement = postgresql.insert(model).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(model).on_conflict_do_nothing()
    session.execute(statement, list(rows))


def insert_plain_rows(
    session: Session, model: type[Base], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Rows of plain values (integers, booleans, text) with one executemany of the driver.

    For the many small rows of a send run: SQLAlchemy's parameter processing costs ten
    times the insert itself there. Values go to the driver as they are, so none may need
    converting (no dates, no JSON).
    """
    if not rows:
        return
    connection = session.connection()
    style = connection.dialect.paramstyle
    mark = "?" if style == "qmark" else "%s"
    assert style in ("qmark", "format", "pyformat"), f"paramstyle {style} not handled"
    names = ", ".join(columns)
    table = model.__tablename__
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join([mark] * len(columns))})"
    connection.exec_driver_sql(sql, list(rows))


# Feeds


def feed_by_url(session: Session, url: str) -> Feed:
    feed = session.scalar(select(Feed).where(Feed.url == url))
    if feed is None:
        raise NotFound(f"no feed {url!r}: see `digest feed list`")
    return feed


def feeds(session: Session, url: str | None = None) -> list[Feed]:
    query = select(Feed).order_by(Feed.id)
    if url is not None:
        query = query.where(Feed.url == url)
    return list(session.scalars(query))


def post_counts(session: Session) -> dict[int, int]:
    rows = session.execute(select(Post.feed_id, func.count()).group_by(Post.feed_id))
    return {int(feed_id): int(count) for feed_id, count in rows.all()}


def content_hashes(session: Session, feed_id: int) -> dict[str, str]:
    """The `content_hash` of each of a feed's stored posts, by guid."""
    query = select(Post.guid, Post.content_hash).where(Post.feed_id == feed_id)
    return {str(guid): str(digest) for guid, digest in session.execute(query).all()}


def posts_by_guid(session: Session, feed_id: int, guids: Sequence[str]) -> dict[str, Post]:
    """A feed's stored posts among `guids`, with their sections, in one query per 500."""
    found: dict[str, Post] = {}
    for start in range(0, len(guids), 500):
        query = (
            select(Post)
            .where(Post.feed_id == feed_id, Post.guid.in_(guids[start : start + 500]))
            .options(selectinload(Post.sections))
        )
        found.update((post.guid, post) for post in session.scalars(query))
    return found


def number_new_rows(
    session: Session, model: type[Post] | type[Section], rows: Sequence[Any]
) -> None:
    """Give new rows of one table their ids before they are flushed, on SQLite.

    SQLite cannot tell which row of a many-row INSERT ... RETURNING got which id, so
    SQLAlchemy inserts rows that lack their id one statement each; rows with ids go in one
    executemany. The ids are those SQLite would pick (one past the highest), and no other
    writer can come in between: a SQLite transaction here holds the write lock from its
    start (BEGIN IMMEDIATE, `digest.db`). PostgreSQL inserts many rows with RETURNING
    already, and keeps its sequences: there the rows are left alone.
    """
    rows = [row for row in rows if row.id is None]
    if not rows or session.get_bind().dialect.name != "sqlite":
        return
    with session.no_autoflush:
        top = session.scalar(select(func.max(model.id))) or 0
    for number, row in enumerate(rows, top + 1):
        row.id = number


# Sections


def _section_views(query: Select[Section]) -> Select[Section]:
    return (
        query.join(Section.post)
        .join(Post.feed)
        .options(selectinload(Section.post).selectinload(Post.feed))
    )


def section_view(section: Section, **extra: Any) -> SectionView:
    post = section.post
    return SectionView(
        id=section.id,
        feed=post.feed.title or post.feed.url,
        post=post.title,
        title=section.title,
        teaser=section.teaser,
        url=web_url(section.url),  # rows stored before only http(s) links were kept
        published_at=post.published_at,
        html=section.html,
        text=section.text,
        category=section.category,
        link=story_link(post.url, section.key, web_url(section.url)),
        source=cited_source(section.links or (), post.url),
        **extra,
    )


def sections(
    session: Session, *, feed_url: str | None = None, since: datetime | None = None
) -> list[Section]:
    query = _section_views(select(Section)).order_by(Post.published_at.desc(), Section.ordinal)
    if feed_url is not None:
        query = query.where(Feed.url == feed_url)
    if since is not None:
        query = query.where(Section.first_seen_at >= since)
    return list(session.scalars(query))


def sections_by_id(session: Session, ids: Iterable[int]) -> dict[int, Section]:
    query = _section_views(select(Section)).where(Section.id.in_(list(ids)))
    return {section.id: section for section in session.scalars(query).all()}


# Topics and subscribers


def topic_by_slug(session: Session, slug: str) -> Topic:
    topic = session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise NotFound(f"no topic {slug!r}: see `digest topic list`")
    return topic


def topics(session: Session) -> list[Topic]:
    return list(session.scalars(select(Topic).order_by(Topic.slug)))


def subscriber_by_email(session: Session, email: str) -> Subscriber:
    subscriber = session.scalar(
        select(Subscriber)
        .where(Subscriber.email == email)
        .options(selectinload(Subscriber.topics), selectinload(Subscriber.filters))
    )
    if subscriber is None:
        raise NotFound(f"no subscriber {email!r}: see `digest subscriber list`")
    return subscriber


def subscribers(
    session: Session, *, status: str | None = None, topic_id: int | None = None
) -> list[Subscriber]:
    """Subscribers by address; of one status, or following one catalog topic, if given."""
    query = select(Subscriber).options(
        selectinload(Subscriber.topics), selectinload(Subscriber.filters)
    )
    return list(session.scalars(_chosen(query, status, topic_id).order_by(Subscriber.email)))


def subscriber_ids(
    session: Session, *, status: str | None = None, topic_id: int | None = None
) -> list[int]:
    """`subscribers`, their ids only, in id order: whom a send is for."""
    query = _chosen(select(Subscriber.id), status, topic_id)
    return list(session.scalars(query.order_by(Subscriber.id)))


_S = TypeVar("_S", bound=Select[Any])


def _chosen(query: _S, status: str | None, topic_id: int | None) -> _S:
    """The query narrowed to one status, and to one catalog topic's followers, if given."""
    if status is not None:
        query = query.where(Subscriber.status == status)
    if topic_id is not None:
        followers = select(SubscriberTopic.subscriber_id).where(
            SubscriberTopic.topic_id == topic_id
        )
        query = query.where(Subscriber.id.in_(followers))
    return query


def topics_followed(
    session: Session, subscriber_ids: Sequence[int]
) -> dict[int, list[tuple[str, str, str]]]:
    """Each subscriber's catalog topics, as (name, query, slug), in slug order."""
    query = (
        select(SubscriberTopic.subscriber_id, Topic.name, Topic.query, Topic.slug)
        .join(Topic, Topic.id == SubscriberTopic.topic_id)
        .where(SubscriberTopic.subscriber_id.in_(subscriber_ids))
        .order_by(Topic.slug)
    )
    followed: dict[int, list[tuple[str, str, str]]] = {}
    for subscriber_id, name, topic_query, slug in session.execute(query):
        followed.setdefault(subscriber_id, []).append((name, topic_query, slug))
    return followed


def own_queries(session: Session, subscriber_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each subscriber's own queries, in the order they were added."""
    query = (
        select(Filter.subscriber_id, Filter.query)
        .where(Filter.subscriber_id.in_(subscriber_ids))
        .order_by(Filter.id)
    )
    owned: dict[int, list[str]] = {}
    for subscriber_id, own in session.execute(query):
        owned.setdefault(subscriber_id, []).append(own)
    return owned


#: Subscribers one statement names at most (PostgreSQL takes 65,535 values in a statement).
IDS_PER_STATEMENT = 5000


def id_groups(ids: Sequence[int]) -> list[Sequence[int]]:
    """`ids` in groups small enough for one statement each."""
    return [ids[i : i + IDS_PER_STATEMENT] for i in range(0, len(ids), IDS_PER_STATEMENT)]


def subscribers_by_email(session: Session, emails: Sequence[str]) -> list[Subscriber]:
    """The subscribers among normalised addresses, with their topics and filters."""
    query = select(Subscriber).where(Subscriber.email.in_(emails)).options(*_with_filters())
    return list(session.scalars(query))


def statuses_other_than(
    session: Session, subscriber_ids: Sequence[int], status: str
) -> dict[int, str]:
    """The status of each of these subscribers whose status is not `status`."""
    query = select(Subscriber.id, Subscriber.status).where(
        Subscriber.id.in_(subscriber_ids), Subscriber.status != status
    )
    return {row.id: row.status for row in session.execute(query)}


def subscribers_by_id(session: Session, ids: Sequence[int]) -> list[Subscriber]:
    query = select(Subscriber).where(Subscriber.id.in_(ids)).options(*_with_filters())
    return list(session.scalars(query))


def subscriber_for_update(session: Session, subscriber_id: int) -> Subscriber | None:
    """A subscriber, read afresh and held until the transaction ends (PostgreSQL)."""
    query = (
        select(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .options(*_with_filters())
        .with_for_update(of=Subscriber)
        .execution_options(populate_existing=True)
    )
    return session.scalar(query)


def _with_filters() -> tuple[Any, ...]:
    return selectinload(Subscriber.topics), selectinload(Subscriber.filters)


def receiving(now: datetime) -> ColumnElement[bool]:
    """Who may be composed for at `now`: active, and not paused (or the pause is over).

    The one condition every query that picks whom to compose for applies."""
    not_paused = or_(Subscriber.paused_until.is_(None), Subscriber.paused_until <= now)
    return and_(Subscriber.status == "active", not_paused)


def due_subscriber_ids(session: Session, now: datetime) -> list[int]:
    """Active subscribers whose digest is due, or who wait for a notification."""
    waiting = exists().where(Match.subscriber_id == Subscriber.id)
    query = (
        select(Subscriber.id)
        .where(
            receiving(now),
            or_(
                Subscriber.next_digest_at <= now,
                and_(Subscriber.cadence == "instant", waiting),
            ),
        )
        .order_by(Subscriber.id)
    )
    return list(session.scalars(query))


def due_digest_subscriber_ids(session: Session, now: datetime) -> list[int]:
    """Active subscribers whose weekly or daily digest is due (instant ones have no
    `next_digest_at`): a scheduler's every tick asks, so ids, not objects."""
    query = (
        select(Subscriber.id)
        .where(receiving(now), Subscriber.next_digest_at <= now)
        .order_by(Subscriber.id)
    )
    return list(session.scalars(query))


def instant_subscriber_ids_with_matches(session: Session, now: datetime) -> list[int]:
    """Active instant subscribers with matches waiting for their notification."""
    waiting = exists().where(Match.subscriber_id == Subscriber.id)
    query = (
        select(Subscriber.id)
        .where(receiving(now), Subscriber.cadence == "instant", waiting)
        .order_by(Subscriber.id)
    )
    return list(session.scalars(query))


# Matches and deliveries


def instant_audience(session: Session) -> dict[int, tuple[str, list[tuple[str | None, str]]]]:
    """Every active instant subscriber's address and (topic name, query) pairs: their
    topics, then their own queries (named None). Read with two plain queries, not as
    objects: at a million subscribers, building those would cost more than the index."""
    instant = and_(Subscriber.status == "active", Subscriber.cadence == "instant")
    audience: dict[int, tuple[str, list[tuple[str | None, str]]]] = {}
    topics = (
        select(Subscriber.id, Subscriber.email, Topic.name, Topic.query)
        .outerjoin(SubscriberTopic, SubscriberTopic.subscriber_id == Subscriber.id)
        .outerjoin(Topic, Topic.id == SubscriberTopic.topic_id)
        .where(instant)
        .order_by(Subscriber.id, Topic.slug)
    )
    for subscriber_id, email, name, query in session.execute(topics):
        held = audience.setdefault(subscriber_id, (email, []))[1]
        if query is not None:
            held.append((name, query))
    own = (
        select(Filter.subscriber_id, Filter.query)
        .join(Subscriber, Subscriber.id == Filter.subscriber_id)
        .where(instant)
        .order_by(Filter.subscriber_id, Filter.id)
    )
    for subscriber_id, query in session.execute(own):
        audience[subscriber_id][1].append((None, query))
    return audience


def window_sections(
    session: Session, since: datetime, subscriber_id: int | None = None
) -> list[Section]:
    """Deliverable sections first seen since `since`; with a subscriber, those not yet
    promised to them."""
    query = (
        select(Section)
        .join(Section.post)
        .where(Post.deliverable, Section.first_seen_at >= since)
        .options(selectinload(Section.post).selectinload(Post.feed))
        .order_by(Section.id)
    )
    if subscriber_id is None:
        return list(session.scalars(query))
    listed = set(listed_past_caps(session, subscriber_id))
    found = session.scalars(query.where(~delivered_to(subscriber_id)))
    return [section for section in found if section.id not in listed]


def delivered_to(subscriber_id: int) -> Exists:
    """A condition on `Section`: shown or covered by one of the subscriber's deliveries
    (those listed past a digest's caps are not rows: `listed_past_caps`)."""
    return exists().where(
        DeliverySection.subscriber_id == subscriber_id,
        DeliverySection.section_id == Section.id,
    )


def delivered_section_ids(session: Session, subscriber_id: int, since: datetime) -> set[int]:
    """The sections already promised to a subscriber: those first seen since `since` that a
    delivery shows or covers, and every one a digest listed past its caps."""
    query = (
        select(DeliverySection.section_id)
        .join(Section, Section.id == DeliverySection.section_id)
        .where(DeliverySection.subscriber_id == subscriber_id, Section.first_seen_at >= since)
    )
    return set(session.scalars(query)).union(listed_past_caps(session, subscriber_id))


def listed_past_caps(
    session: Session, subscriber_id: int, since: datetime | None = None
) -> list[int]:
    """The sections the subscriber's digests (made since `since`, or ever) matched past
    their caps: promised, as shown ones are."""
    lists = overflow_lists(session, [subscriber_id], since)
    return [section_id for _, _, listed in lists for section_id in listed]


def overflow_lists(
    session: Session, subscriber_ids: Sequence[int], since: datetime | None
) -> list[tuple[int, datetime, list[int]]]:
    """Each of these subscribers' digests made since `since` (or ever) that listed sections
    past its caps, as (subscriber, when it was made, the sections)."""
    query = select(Delivery.subscriber_id, Delivery.created_at, Delivery.overflow).where(
        Delivery.subscriber_id.in_(subscriber_ids), Delivery.overflow != ""
    )
    if since is not None:
        query = query.where(Delivery.created_at >= since)
    return [(sid, made, overflow_ids(text)) for sid, made, text in session.execute(query)]


def fingerprints_of(session: Session, section_ids: Iterable[int]) -> dict[int, str]:
    """The fingerprints of these sections (those that still exist), by id."""
    found: dict[int, str] = {}
    for group in id_groups(sorted(set(section_ids))):
        query = select(Section.id, Section.fingerprint).where(Section.id.in_(group))
        found.update(session.execute(query).all())
    return found


def delivery(session: Session, delivery_id: int) -> Delivery:
    found = session.get(Delivery, delivery_id)
    if found is None:
        raise NotFound(f"no delivery {delivery_id}: see `digest outbox`")
    return found


def delivery_listing(session: Session, delivery_id: int) -> DeliveryListing:
    """The sections a delivery's email shows, and those past its caps, each in order."""
    query = (
        select(DeliverySection.section_id, DeliverySection.catchup)
        .where(DeliverySection.delivery_id == delivery_id, DeliverySection.shown)
        .order_by(DeliverySection.ordinal)
    )
    overflow = overflow_ids(
        session.scalar(select(Delivery.overflow).where(Delivery.id == delivery_id)) or ""
    )
    if overflow:  # those whose feed was removed since are gone, as rows would be
        existing = set(session.scalars(select(Section.id).where(Section.id.in_(overflow))))
        overflow = [section_id for section_id in overflow if section_id in existing]
    listing = DeliveryListing([], overflow)
    for section_id, catchup in session.execute(query):
        listing.shown.append(section_id)
        if catchup:
            listing.missed.append(section_id)
    return listing


def missed_section_ids(
    session: Session, subscriber_id: int, section_ids: Iterable[int]
) -> set[int]:
    """Which of these sections reached the subscriber under "What you missed"."""
    query = select(DeliverySection.section_id).where(
        DeliverySection.subscriber_id == subscriber_id,
        DeliverySection.section_id.in_(list(section_ids)),
        DeliverySection.catchup,
    )
    return set(session.scalars(query))


def previous_digest_at(session: Session, subscriber_id: int, before: datetime) -> datetime | None:
    """When the subscriber's last digest before `before` was composed, if they had one."""
    query = select(func.max(Delivery.created_at)).where(
        Delivery.subscriber_id == subscriber_id,
        Delivery.kind == DeliveryKind.DIGEST,
        Delivery.created_at < before,
    )
    return session.scalar(query)


def catchups(session: Session, subscriber_id: int, until: datetime) -> list[Catchup]:
    """The topics and queries the subscriber added up to `until` whose catch-up is due."""
    query = select(Catchup).where(
        Catchup.subscriber_id == subscriber_id, Catchup.requested_at <= until
    )
    return list(session.scalars(query.order_by(Catchup.id)))


def sent_deliveries(
    session: Session, subscriber_id: int, limit: int = 200
) -> list[tuple[Delivery, int]]:
    """A subscriber's sent digests and notifications, newest first, each with how many
    stories it holds (those past its caps too, as its browser view shows them)."""
    stories = (
        select(func.count())
        .where(DeliverySection.delivery_id == Delivery.id, DeliverySection.shown)
        .scalar_subquery()
    )
    query = (
        select(Delivery, stories)
        .where(
            Delivery.subscriber_id == subscriber_id,
            Delivery.status == DeliveryStatus.SENT,
            Delivery.kind != DeliveryKind.CONFIRMATION,
        )
        .order_by(Delivery.sent_at.desc(), Delivery.id.desc())
        .limit(limit)
    )
    found = session.execute(query).all()
    return [(delivery, count + len(delivery.overflow_ids)) for delivery, count in found]


def delivered_fingerprints(session: Session, subscriber_id: int, since: datetime) -> list[str]:
    """Fingerprints of the stories promised to a subscriber since `since`."""
    query = (
        select(Section.fingerprint)
        .join(DeliverySection, DeliverySection.section_id == Section.id)
        .join(Delivery, Delivery.id == DeliverySection.delivery_id)
        .where(DeliverySection.subscriber_id == subscriber_id, Delivery.created_at >= since)
    )
    listed = fingerprints_of(session, listed_past_caps(session, subscriber_id, since))
    return [*session.scalars(query), *listed.values()]


def _sendable(now: datetime, subscriber_ids: Sequence[int] | None) -> list[Any]:
    """Queued deliveries whose time has come, and abandoned ones whose lease ran out."""
    ready = or_(
        and_(
            Delivery.status == DeliveryStatus.QUEUED,
            or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
        ),
        and_(Delivery.status == DeliveryStatus.SENDING, Delivery.lease_expires_at <= now),
    )
    if subscriber_ids is None:
        return [ready]
    return [ready, Delivery.subscriber_id.in_(subscriber_ids)]


def sendable_deliveries(
    session: Session, now: datetime, subscriber_ids: Sequence[int] | None = None
) -> list[Delivery]:
    """Queued deliveries whose time has come, and abandoned ones whose lease ran out."""
    query = select(Delivery).where(*_sendable(now, subscriber_ids)).order_by(Delivery.id)
    return list(session.scalars(query))


def sendable_count(
    session: Session, now: datetime, subscriber_ids: Sequence[int] | None = None
) -> int:
    """How many deliveries a send at `now` would try (`sendable_deliveries`, counted)."""
    groups: list[Sequence[int] | None] = [None]
    if subscriber_ids is not None:
        groups = [*id_groups(subscriber_ids)]
    count = select(func.count()).select_from(Delivery)
    return sum(int(session.scalar(count.where(*_sendable(now, g))) or 0) for g in groups)


def deliveries(
    session: Session,
    *,
    status: str | None = None,
    limit: int | None = None,
    subscriber_id: int | None = None,
) -> list[DeliveryView]:
    rows = (  # counted for the deliveries listed only, by the primary key's index
        select(func.count()).where(DeliverySection.delivery_id == Delivery.id).scalar_subquery()
    )
    query = (
        select(Delivery, Subscriber.email, rows)
        .join(Delivery.subscriber)
        .order_by(Delivery.id.desc())
    )
    if status is not None:
        query = query.where(Delivery.status == status)
    if subscriber_id is not None:
        query = query.where(Delivery.subscriber_id == subscriber_id)
    if limit is not None:
        query = query.limit(limit)
    return [
        DeliveryView(
            id=row.id,
            to=email,
            kind=DeliveryKind(row.kind),
            status=DeliveryStatus(row.status),
            attempts=row.attempts,
            last_error=row.last_error,
            message_id=row.message_id,
            sent_at=row.sent_at,
            sections=count + len(row.overflow_ids),
        )
        for row, email, count in session.execute(query)
    ]


def pending_matches(session: Session, subscriber_id: int) -> list[tuple[Match, Section]]:
    """A subscriber's matches whose section no delivery has promised them yet."""
    query = (
        select(Match, Section)
        .join(Section, Section.id == Match.section_id)
        .where(Match.subscriber_id == subscriber_id, ~delivered_to(subscriber_id))
        .options(selectinload(Section.post).selectinload(Post.feed))
    )
    found = session.execute(query).all()
    if not found:
        return []
    listed = set(listed_past_caps(session, subscriber_id))  # by digests, before going instant
    return [(match, section) for match, section in found if section.id not in listed]


def subscribers_with_pending_matches(session: Session, *, topic_id: int) -> list[Subscriber]:
    """The followers of a topic who have matches stored (instant subscribers)."""
    followers = select(SubscriberTopic.subscriber_id).where(SubscriberTopic.topic_id == topic_id)
    query = (
        select(Subscriber)
        .where(Subscriber.id.in_(followers))
        .where(exists().where(Match.subscriber_id == Subscriber.id))
        .options(selectinload(Subscriber.topics), selectinload(Subscriber.filters))
    )
    return list(session.scalars(query))


def match_row(subscriber_id: int, section_id: int, score: float, now: datetime) -> dict[str, Any]:
    return {
        "subscriber_id": subscriber_id,
        "section_id": section_id,
        "score": score,
        "matched_at": now,
    }


def add_matches(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    insert_ignoring_duplicates(session, Match, rows)
