"""Values passed between the modules: frozen, and UTC-aware where they hold time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Cadence(StrEnum):
    WEEKLY = "weekly"
    DAILY = "daily"
    INSTANT = "instant"


class SubscriberStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    UNSUBSCRIBED = "unsubscribed"
    BOUNCED = "bounced"


class DeliveryKind(StrEnum):
    DIGEST = "digest"
    NOTIFICATION = "notification"
    CONFIRMATION = "confirmation"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class FetchedDocument:
    """What a fetcher returns: the raw bytes of a feed and how they came.

    `content` is None when the server answered 304 Not Modified. `url` is where
    the bytes finally came from; `moved_to` is set when every redirect on the way
    was permanent (301, 308), so the feed's stored URL should change to it.
    `max_age` is the server's Cache-Control max-age in seconds, if it gave one.
    """

    url: str
    content: bytes | None
    headers: Mapping[str, str] = field(default_factory=dict)
    moved_to: str | None = None
    max_age: float | None = None

    @property
    def not_modified(self) -> bool:
        return self.content is None


@dataclass(frozen=True)
class FeedEntry:
    """One post as the feed describes it, before sectioning."""

    guid: str
    url: str
    title: str
    html: str
    published_at: datetime | None
    #: What relative links in `html` are relative to (xml:base, else the post's link).
    base_url: str = ""


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str
    entries: tuple[FeedEntry, ...]
    #: The language the feed declares ("en-us"), or "".
    language: str = ""
    #: Why the document is not well-formed ("malformed feed: mismatched tag at line 9"),
    #: or "": its entries are then those a forgiving parser could read.
    problem: str = ""


@dataclass(frozen=True)
class SectionDraft:
    """One story cut out of a post, ready to store."""

    key: str
    ordinal: int
    title: str
    teaser: str
    html: str
    text: str
    url: str
    fingerprint: str
    links: tuple[str, ...] = ()
    #: The newsletter's own category the story sits under ("Big Tech & Startups"), if any.
    category: str | None = None


@dataclass(frozen=True)
class Reason:
    """Why a section matched: which topic or query, which of its words, and where.

    `words` are the query's own spellings ("chips", "verilog*", '"open weight"');
    `found` are the section's words that matched them (folded: "chip's", "verilogs"),
    for highlighting; `fields` are where they were found (title, teaser, text, feed).
    """

    label: str
    query: str
    words: tuple[str, ...]
    found: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    score: float = 0.0  # this filter's own score: a digest files the section under its best
    #: The catalog topic's slug (its stop link names it); empty for the subscriber's own query.
    topic: str = ""


@dataclass(frozen=True)
class SectionView:
    """A stored section as listings, previews and emails show it."""

    id: int
    feed: str
    post: str
    title: str
    teaser: str
    url: str
    published_at: datetime
    html: str = ""
    text: str = ""
    score: float | None = None
    reasons: tuple[Reason, ...] = ()
    #: The newsletter's own category the story sits under, if the sectioner found one.
    category: str | None = None
    #: Where the story stands in its newsletter (the post's link and the story's anchor),
    #: and the story's own cited source on another site, when it has one.
    link: str = ""
    source: str = ""
    #: Shown under "What you missed": matched by a topic or query the subscriber just added.
    missed: bool = False

    def with_verdict(self, score: float, reasons: tuple[Reason, ...]) -> SectionView:
        """The view with a score and its reasons: made for each story a digest shows, so
        copied attribute by attribute (`dataclasses.replace` checks every field, at five
        times the cost)."""
        view = object.__new__(SectionView)
        view.__dict__.update(self.__dict__, score=score, reasons=reasons)
        return view

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "feed": self.feed,
            "post": self.post,
            "title": self.title,
            "teaser": self.teaser,
            "url": self.url,
            "category": self.category,
            "published_at": self.published_at.isoformat(),
        }
        if self.score is not None:
            data["score"] = round(self.score, 3)
            data["reasons"] = [
                {
                    "label": r.label,
                    "query": r.query,
                    "words": list(r.words),
                    "found": list(r.found),
                    "fields": list(r.fields),
                    "score": round(r.score, 3),
                }
                for r in self.reasons
            ]
        return data


@dataclass(frozen=True)
class DeliveryView:
    id: int
    to: str
    kind: DeliveryKind
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    message_id: str | None
    sent_at: datetime | None
    sections: int = 0

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "to": self.to,
            "kind": str(self.kind),
            "status": str(self.status),
            "attempts": self.attempts,
            "last_error": self.last_error,
            "message_id": self.message_id,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
        }


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    html: str
    text: str


@dataclass(frozen=True)
class DeliveryListing:
    """A delivery's sections in order: those its email shows, and those past its caps,
    which only its browser view shows (not those it covers silently)."""

    shown: list[int]
    overflow: list[int]
    #: Of those shown, the ones under "What you missed".
    missed: list[int] = field(default_factory=list)
