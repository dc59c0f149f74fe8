"""Poll feeds: fetch, parse, store new posts, cut them into sections, record matches."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.db import transaction
from digest.errors import AlreadyExists, DigestError
from digest.fetch import Fetcher, normalise_feed_url, parse_feed
from digest.filters import subscriber_filters
from digest.matching import Filter, analyse, match_filters
from digest.models import Feed, Post, Section
from digest.sections import split_post
from digest.types import FeedEntry, ParsedFeed


@dataclass(frozen=True)
class PollResult:
    feed: str
    new_posts: int = 0
    updated_posts: int = 0
    new_sections: int = 0
    not_modified: bool = False
    error: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "feed": self.feed,
            "new_posts": self.new_posts,
            "updated_posts": self.updated_posts,
            "new_sections": self.new_sections,
            "not_modified": self.not_modified,
            "error": self.error,
        }


def add_feed(
    sessions: sessionmaker[Session],
    fetcher: Fetcher,
    url: str,
    now: datetime,
    *,
    backfill: bool = False,
) -> PollResult:
    """Add a feed and store what it lists now: an archive, delivered only with `backfill`."""
    url = normalise_feed_url(url)
    with transaction(sessions) as session:
        if store.feeds(session, url):
            raise AlreadyExists(f"feed {url} is there already")
    document = fetcher.fetch(url)
    assert document is not None  # no validators were sent, so no 304
    parsed = parse_feed(document)
    with transaction(sessions) as session:
        feed = Feed(url=url, added_at=now, error_count=0)
        session.add(feed)
        session.flush()
        return _store_feed(session, feed, parsed, document.headers, now, deliverable=backfill)


def poll(
    sessions: sessionmaker[Session], fetcher: Fetcher, now: datetime, *, feed_url: str | None = None
) -> list[PollResult]:
    """Poll every feed (or one); a failing feed is recorded and the others go on."""
    with transaction(sessions) as session:
        if feed_url is not None:
            feed_url = store.feed_by_url(session, normalise_feed_url(feed_url)).url
        targets = [(f.id, f.url, f.etag, f.last_modified) for f in store.feeds(session, feed_url)]
    return [_poll_one(sessions, fetcher, now, *target) for target in targets]


def _poll_one(
    sessions: sessionmaker[Session],
    fetcher: Fetcher,
    now: datetime,
    feed_id: int,
    url: str,
    etag: str | None,
    last_modified: str | None,
) -> PollResult:
    try:
        document = fetcher.fetch(url, etag=etag, last_modified=last_modified)
        parsed = parse_feed(document) if document is not None else None
    except DigestError as exc:
        with transaction(sessions) as session:
            feed = session.get_one(Feed, feed_id)
            feed.error_count += 1
            feed.last_error = str(exc)
            feed.last_polled_at = now
        return PollResult(url, error=str(exc))
    with transaction(sessions) as session:
        feed = session.get_one(Feed, feed_id)
        if parsed is None:
            _record_success(feed, now)
            return PollResult(url, not_modified=True)
        assert document is not None
        return _store_feed(session, feed, parsed, document.headers, now, deliverable=True)


def _record_success(feed: Feed, now: datetime) -> None:
    feed.error_count = 0
    feed.last_error = None
    feed.last_polled_at = now


def _store_feed(
    session: Session,
    feed: Feed,
    parsed: ParsedFeed,
    response_headers: Mapping[str, str],
    now: datetime,
    *,
    deliverable: bool,
) -> PollResult:
    headers = {k.lower(): v for k, v in response_headers.items()}
    feed.title = parsed.title or feed.title
    feed.site_url = parsed.link or feed.site_url
    feed.etag = headers.get("etag")
    feed.last_modified = headers.get("last-modified")
    _record_success(feed, now)
    new_posts = updated_posts = 0
    fresh: list[Section] = []
    for entry in parsed.entries:
        post = store.post_by_guid(session, feed.id, entry.guid)
        if post is None:
            post = _new_post(feed, entry, now, deliverable)
            session.add(post)
            new_posts += 1
        elif post.content_hash != content_hash(entry):
            _update_post(post, entry)
            updated_posts += 1
        else:
            continue
        fresh.extend(_update_sections(session, post, entry, now))
    session.flush()
    if deliverable:
        record_matches(session, fresh, now)
    return PollResult(feed.url, new_posts, updated_posts, len(fresh))


def content_hash(entry: FeedEntry) -> str:
    return hashlib.sha256(f"{entry.title}\n{entry.html}".encode()).hexdigest()


def _new_post(feed: Feed, entry: FeedEntry, now: datetime, deliverable: bool) -> Post:
    published = entry.published_at
    if published is None or published > now:  # missing or in the future: when we saw it
        published = now
    return Post(
        feed=feed,
        guid=entry.guid,
        url=entry.url,
        title=entry.title,
        published_at=published,
        first_seen_at=now,
        content_hash=content_hash(entry),
        deliverable=deliverable,
    )


def _update_post(post: Post, entry: FeedEntry) -> None:
    post.title = entry.title
    post.url = entry.url
    post.content_hash = content_hash(entry)


def _update_sections(
    session: Session, post: Post, entry: FeedEntry, now: datetime
) -> list[Section]:
    """Store a post's sections; an edited story keeps its row (and its delivery record)."""
    existing = {section.key: section for section in post.sections} if post.id else {}
    created = []
    for draft in split_post(entry.html, post_url=entry.url, post_title=entry.title):
        section = existing.get(draft.key)
        if section is None:
            section = Section(post=post, key=draft.key, first_seen_at=now)
            session.add(section)
            created.append(section)
        section.ordinal = draft.ordinal
        section.title = draft.title
        section.teaser = draft.teaser
        section.html = draft.html
        section.text = draft.text
        section.url = draft.url
        section.fingerprint = draft.fingerprint
    return created


def record_matches(session: Session, sections: Sequence[Section], now: datetime) -> int:
    """Match new sections against every current subscriber's filters."""
    if not sections:
        return 0
    audience = [
        (subscriber.id, subscriber_filters(subscriber))
        for status in ("active", "pending")
        for subscriber in store.subscribers(session, status=status)
    ]
    rows = []
    for section in sections:
        document = analyse(section.title, section.teaser, section.text)
        for subscriber_id, filters in audience:
            verdict = match_filters(filters, document)
            if verdict is not None:
                rows += store.match_rows(subscriber_id, [(section.id, verdict.score)], now)
    store.add_matches(session, rows)
    return len(rows)


def rematch(
    session: Session, subscriber_id: int, filters: Sequence[Filter], since: datetime, now: datetime
) -> int:
    """Match one subscriber's filters against the deliverable sections of their window."""
    rows = []
    for section in store.deliverable_sections_since(session, since):
        verdict = match_filters(filters, analyse(section.title, section.teaser, section.text))
        if verdict is not None:
            rows += store.match_rows(subscriber_id, [(section.id, verdict.score)], now)
    store.add_matches(session, rows)
    return len(rows)
