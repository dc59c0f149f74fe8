"""The preference page's live preview: one indexed window of recent sections per process.

Reading and analysing a few thousand sections takes a good part of a second; a preview
over them, once indexed, takes microseconds. So the window (`PreviewWindow`) is kept
between requests and rebuilt only when its sections change: one small query per
preview (the newest section id and the number of sections since the window's start)
tells.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from digest import store
from digest.errors import InvalidQuery
from digest.matching.filters import section_document
from digest.matching.preview import Preview, PreviewWindow, WindowStory
from digest.matching.query import Query, parse_query
from digest.models import Section
from digest.text import web_url

#: How far back a preview looks.
PREVIEW_WEEKS = 4


class PreviewCache:
    """The window of the last `weeks`, shared by the requests of one process."""

    def __init__(self, weeks: int = PREVIEW_WEEKS) -> None:
        self.span = timedelta(weeks=weeks)
        self._window: PreviewWindow | None = None
        self._lock = threading.Lock()

    def preview(self, session: Session, now: datetime, queries: Sequence[Query]) -> Preview:
        return self.window(session, now).preview(queries)

    def of(
        self, session: Session, now: datetime, topics: Sequence[str], queries: Sequence[str]
    ) -> Preview:
        """The preview of catalog topics (slugs) and own queries as typed."""
        catalog = {topic.slug: topic.query for topic in store.topics(session)}
        return self.preview(session, now, topic_and_own_queries(catalog, topics, queries))

    def window(self, session: Session, now: datetime) -> PreviewWindow:
        since = now - self.span
        stamp = _stamp(session, since)
        with self._lock:  # one rebuild at a time; the others wait for it
            window = self._window
            if window is None or window.stamp != stamp:
                window = self._window = _build(session, since, stamp)
            return window


def topic_and_own_queries(
    topic_queries: dict[str, str], chosen: Sequence[str], own: Sequence[str]
) -> list[Query]:
    """The queries of the chosen catalog topics, then the subscriber's own that parse (the
    page shows the others' errors)."""
    sources = [topic_queries[slug] for slug in chosen if slug in topic_queries]
    queries = []
    for source in [*sources, *own]:
        try:
            queries.append(parse_query(source))
        except InvalidQuery:
            continue
    return queries


def _stamp(session: Session, since: datetime) -> tuple[int, int]:
    newest, count = session.execute(
        select(func.max(Section.id), func.count(Section.id)).where(Section.first_seen_at >= since)
    ).one()
    return int(newest or 0), int(count)


def _build(session: Session, since: datetime, stamp: tuple[int, int]) -> PreviewWindow:
    sections = store.sections(session, since=since)
    stories = [
        WindowStory(
            s.id,
            s.title,
            s.post.feed.title or s.post.feed.url,
            s.post.published_at,
            web_url(s.url),
        )
        for s in sections
    ]
    documents = [section_document(s) for s in sections]
    return PreviewWindow(since, stamp, stories, documents)
