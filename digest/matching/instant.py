"""Match new sections against the filters of everyone who wants instant notifications.

Digests need no stored matches: composing one matches the subscriber's filters
against their window then (`digest.mail.compose`), so a million weekly subscribers
add no rows here. Instant subscribers' matches are stored, with their score,
until their notification is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from digest import store
from digest.matching.filterindex import FilterIndex
from digest.matching.filters import feed_language, labelled_filters, section_document
from digest.matching.score import OWN_QUERY_LABEL, Collection, Filter, match_filters
from digest.models import Section
from digest.revisions import audience_revision


class InstantMatcher:
    """Every instant subscriber's filters, read and indexed once per language, and again
    only when the audience revision says they changed: a poll's matcher is used once,
    the scheduler's for as long as it runs."""

    def __init__(self) -> None:
        self._audience: dict[int, list[Filter]] | None = None
        self._indexes: dict[str, FilterIndex] = {}
        self._revision: int | None = None
        #: How many times the audience was read and indexed, and matches recorded in all.
        self.loads = 0
        self.recorded = 0

    def record(self, session: Session, sections: Sequence[Section], now: datetime) -> int:
        """Store a match for each new section and instant subscriber whose filters it meets."""
        if not sections or not self._load(session):
            return 0
        by_language: dict[str, list[Section]] = {}
        for section in sections:
            by_language.setdefault(feed_language(section.post.feed), []).append(section)
        rows = []
        for language, group in by_language.items():
            rows += self._match(language, group, now)
        store.add_matches(session, rows)
        self.recorded += len(rows)
        return len(rows)

    def _load(self, session: Session) -> dict[int, list[Filter]]:
        revision = audience_revision(session)
        if self._audience is None or revision != self._revision:
            self._audience = {
                subscriber_id: labelled_filters(
                    email, ((label or OWN_QUERY_LABEL, query) for label, query in held)
                )
                for subscriber_id, (email, held) in store.instant_audience(session).items()
            }
            self._indexes.clear()
            self._revision = revision
            self.loads += 1
        return self._audience

    def _index(self, language: str) -> FilterIndex:
        index = self._indexes.get(language)
        if index is None:
            assert self._audience is not None
            held = ((i, [f.query for f in fs]) for i, fs in self._audience.items())
            index = self._indexes[language] = FilterIndex(held, language)
        return index

    def _match(
        self, language: str, sections: list[Section], now: datetime
    ) -> list[dict[str, object]]:
        assert self._audience is not None
        documents = [section_document(section) for section in sections]
        collection = Collection(documents)
        matched = self._index(language).match(documents).by_section()
        rows = []
        for section, document, subscriber_ids in zip(sections, documents, matched, strict=True):
            for subscriber_id in subscriber_ids.tolist():
                verdict = match_filters(
                    self._audience[subscriber_id], document, collection, explain=False
                )
                assert verdict is not None, "the index and the filters disagree"
                rows.append(store.match_row(subscriber_id, section.id, verdict.score, now))
        return rows
