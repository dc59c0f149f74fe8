"""A subscriber's filters and a stored section's words, as the matchers take them."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

from digest.errors import InvalidQuery
from digest.matching.analysis import DEFAULT_LANGUAGE, Document, analyser
from digest.matching.query import parse_query
from digest.matching.score import OWN_QUERY_LABEL, Filter
from digest.models import Feed, Section, Subscriber

log = logging.getLogger(__name__)


def subscriber_filters(subscriber: Subscriber) -> list[Filter]:
    """The catalog topics a subscriber follows (each with its slug), then their own queries."""
    topics = [(t.name, t.query, t.slug) for t in subscriber.topics]
    own = [(OWN_QUERY_LABEL, f.query, "") for f in subscriber.filters]
    return _filters(subscriber.email, [*topics, *own])


def topic_and_own_filters(
    owner: str, topics: Iterable[tuple[str, str, str]], own: Iterable[str]
) -> list[Filter]:
    """`subscriber_filters` from columns read in bulk: (name, query, slug) of each topic
    followed, in slug order, then the subscriber's own queries in the order they were added."""
    return _filters(owner, [*topics, *((OWN_QUERY_LABEL, query, "") for query in own)])


def labelled_filters(owner: str, labelled: Iterable[tuple[str, str]]) -> list[Filter]:
    """(label, query) pairs as filters."""
    return _filters(owner, [(label, source, "") for label, source in labelled])


def _filters(owner: str, labelled: Iterable[tuple[str, str, str]]) -> list[Filter]:
    """(label, query, slug) triples as filters.

    Queries are checked when saved; one stored under an older, looser grammar
    that no longer parses is logged and left out, never the subscriber's digest.
    """
    filters = []
    for label, source, slug in labelled:
        try:
            filters.append(Filter(label, source, _parsed(source), slug))
        except InvalidQuery as exc:
            log.warning("%s: ignoring the query %r of %s: %s", owner, source, label, exc)
    return filters


#: A catalog topic's query is held by thousands of subscribers: parsed once. (Queries are
#: frozen values, so one parse can serve them all.)
_parsed = lru_cache(maxsize=8192)(parse_query)


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
