"""The tables, as SQLAlchemy 2.0 typed models.

The unique keys are what make every step safe to repeat: a re-run poll, a
second scheduler or a restarted worker finds the row already there.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false, true
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always UTC-aware in Python, whatever the database.

    SQLite has no time zones: it stores naive UTC and we put the zone back on
    the way out. A naive datetime going in is a bug, so it is refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: digest stores UTC-aware times only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    site_url: Mapped[str] = mapped_column(Text, default="")
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime]
    last_polled_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    #: Consecutive failures; zero again after the first success.
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_kind: Mapped[str | None] = mapped_column(String(20))
    failing_since: Mapped[datetime | None]
    next_poll_at: Mapped[datetime | None] = mapped_column(index=True)
    #: Set when the server said the feed is gone (410); `feed enable` clears it.
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    #: Fingerprints of paragraphs that recur across this feed's posts (preambles, footers).
    boilerplate: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: The Snowball language its words are stemmed in: set by the operator, else the one
    #: the feed declares; None means English.
    language: Mapped[str | None] = mapped_column(String(20))
    #: How its posts are cut into stories (`sectioning.SPLIT_MODES`): "auto", or the
    #: layout its operator chose.
    split: Mapped[str] = mapped_column(String(20), default="auto", server_default="auto")

    posts: Mapped[list[Post]] = relationship(back_populates="feed", passive_deletes=True)


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("feed_id", "guid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    guid: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime]
    first_seen_at: Mapped[datetime]
    content_hash: Mapped[str] = mapped_column(String(64))
    #: False for the archive a feed held when it was added: never delivered.
    deliverable: Mapped[bool] = mapped_column(Boolean, default=True)

    feed: Mapped[Feed] = relationship(back_populates="posts")
    sections: Mapped[list[Section]] = relationship(
        back_populates="post", order_by="Section.ordinal", passive_deletes=True
    )


class Section(Base):
    __tablename__ = "sections"
    __table_args__ = (UniqueConstraint("post_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    ordinal: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    teaser: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    #: Outgoing links of the story, absolute, in order.
    links: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: The newsletter's own category the story sits under ("Big Tech & Startups"), if any.
    category: Mapped[str | None] = mapped_column(Text, default=None)
    first_seen_at: Mapped[datetime] = mapped_column(index=True)

    post: Mapped[Post] = relationship(back_populates="sections")


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(Text)
    query: Mapped[str] = mapped_column(Text)
    #: A sentence on what the topic covers, shown where people sign up; may be empty.
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime]


class Subscriber(Base):
    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    #: How they asked to be greeted, if they said (sign-up, CSV import); may be empty.
    name: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    cadence: Mapped[str] = mapped_column(String(20), default="weekly")
    #: 0 is Monday, as in `datetime.weekday()`.
    weekday: Mapped[int] = mapped_column(Integer, default=0)
    hour: Mapped[int] = mapped_column(Integer, default=8)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    next_digest_at: Mapped[datetime | None] = mapped_column(index=True)
    #: When a digest was last composed for them, sent or found empty: the sections first
    #: seen before it have been considered, and the next digest's window opens here.
    considered_until: Mapped[datetime | None]
    #: Send a short "nothing matched" note rather than skip an empty digest.
    send_empty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    #: Bumped to invalidate every link sent so far.
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    #: No digest or notification is composed for them before this moment (the start of the
    #: day they chose, in their time zone); None when they have not paused.
    paused_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    #: Hard bounces since the last message the address took, the last one's reply, and
    #: when the address was suppressed for them.
    bounce_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_bounce: Mapped[str | None] = mapped_column(Text)
    bounced_at: Mapped[datetime | None]

    topics: Mapped[list[Topic]] = relationship(secondary="subscriber_topics", order_by=Topic.slug)
    filters: Mapped[list[Filter]] = relationship(
        back_populates="subscriber",
        order_by="Filter.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class SubscriberTopic(Base):
    __tablename__ = "subscriber_topics"

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Filter(Base):
    """A subscriber's own query, beside the catalog topics they follow."""

    __tablename__ = "filters"
    __table_args__ = (UniqueConstraint("subscriber_id", "query"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    query: Mapped[str] = mapped_column(Text)

    subscriber: Mapped[Subscriber] = relationship(back_populates="filters")


class Match(Base):
    """A section a subscriber's filters matched: reasons are recomputed when shown."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("subscriber_id", "section_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    matched_at: Mapped[datetime]


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "kind", "period_key"),
        Index("ix_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    period_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_expires_at: Mapped[datetime | None]
    message_id: Mapped[str | None] = mapped_column(String(255))
    last_error: Mapped[str | None] = mapped_column(Text)
    #: The SMTP reply code and RFC 3463 status ("5.1.1") of the last failure, if any.
    last_code: Mapped[int | None] = mapped_column(Integer)
    last_status: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    #: The sections a digest matched past its caps, best first: their ids, separated by
    #: spaces (`overflow_ids`). Counted in the email, listed in its browser view, promised
    #: as the shown ones are (never offered again), without a row each: most of what a
    #: digest matches is past its caps.
    overflow: Mapped[str] = mapped_column(Text, default="", server_default="")

    subscriber: Mapped[Subscriber] = relationship()

    @property
    def overflow_ids(self) -> list[int]:
        return overflow_ids(self.overflow)


def overflow_text(section_ids: Iterable[int]) -> str:
    """`Delivery.overflow` naming these sections, in their order."""
    return " ".join(map(str, section_ids))


def overflow_ids(text: str) -> list[int]:
    """The sections a `Delivery.overflow` names, in its order."""
    return [int(number) for number in text.split()]


class DeliverySection(Base):
    """A section promised to a subscriber by one delivery: never by two."""

    __tablename__ = "delivery_sections"
    __table_args__ = (UniqueConstraint("subscriber_id", "section_id"),)

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("sections.id", ondelete="CASCADE"), primary_key=True
    )
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    #: False for the same story from another feed: covered, recorded, not shown again.
    #: (What a digest matched past its caps is in `Delivery.overflow`.)
    shown: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Shown under "What you missed": from before the digest's window, for a topic or query
    #: the subscriber had just added.
    catchup: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Catchup(Base):
    """A topic or query a subscriber added: their next digest also brings what it matched
    in the days before (setting `catchup_days`), once. Gone when that digest is composed."""

    __tablename__ = "catchups"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), index=True
    )
    #: The catalog topic added, or else the subscriber's own query added.
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    query: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime]

    topic: Mapped[Topic | None] = relationship()


class DeliveryPause(Base):
    """Delivery paused by a server-wide failure: one row while paused, none otherwise.

    Every worker reads it before claiming; the first run at or after `probe_at` tries the
    server again, and either clears the row or pushes `probe_at` further out.
    """

    __tablename__ = "delivery_pause"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1: there is one outbox
    paused_since: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    probe_at: Mapped[datetime]
    probes: Mapped[int] = mapped_column(Integer)


class Heartbeat(Base):
    """When a scheduler job last ran, how long it took and what it did: one row per job.

    `digest status --check` and `/healthz` read it to tell a scheduler that stopped ticking.
    """

    __tablename__ = "heartbeats"

    job: Mapped[str] = mapped_column(String(40), primary_key=True)
    ran_at: Mapped[datetime]
    seconds: Mapped[float] = mapped_column(Float)
    worker: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)


class Revision(Base):
    """A counter bumped whenever something a long-running process keeps may have changed.

    `audience` moves with every change to subscribers' topics, queries, cadence or status,
    and to the topics' queries: the scheduler rebuilds its instant filter index only then.
    """

    __tablename__ = "revisions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
