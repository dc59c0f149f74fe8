"""A subscriber's filters and a stored section's words, as the matchers take them."""

from __future__ import annotations

import logging
from functools import lru_cache

from digest.errors import InvalidQuery
from digest.matching.analysis import DEFAULT_LANGUAGE, Document, analyser
from digest.matching.query import parse_query
from digest.matching.score import OWN_QUERY_LABEL, Filter
from digest.models import Feed, Section, Subscriber

log = logging.getLogger(__name__)


def subscriber_filters(subscriber: Subscriber) -> list[Filter]:
    """The catalog topics a subscriber follows, then their own queries.

    Queries are checked when saved; one stored under an older, looser grammar
    that no longer parses is logged and left out, never the subscriber's digest.
    """
    labelled = [(t.name, t.query) for t in subscriber.topics]
    labelled += [(OWN_QUERY_LABEL, f.query) for f in subscriber.filters]
    filters = []
    for label, source in labelled:
        try:
            filters.append(Filter(label, source, parse_query(source)))
        except InvalidQuery as exc:
            log.warning("%s: ignoring the query %r of %s: %s", subscriber.email, source, label, exc)
    return filters


def feed_language(feed: Feed) -> str:
    return feed.language or DEFAULT_LANGUAGE


def section_document(section: Section) -> Document:
    """A section's fields analysed in its feed's language; `feed:` sees the feed's title and URL."""
    feed = section.post.feed
    feed_words = f"{feed.title} {feed.url}"
    return _analysed(feed_language(feed), section.title, section.teaser, section.text, feed_words)


@lru_cache(maxsize=4096)  # a send run explains the same sections in many subscribers' messages
def _analysed(language: str, title: str, teaser: str, text: str, feed: str) -> Document:
    return analyser(language).document(title, teaser, text, feed)
