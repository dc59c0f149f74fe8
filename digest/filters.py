"""A subscriber's filters: the catalog topics they follow and their own queries."""

from __future__ import annotations

from digest.matching import Filter
from digest.models import Subscriber
from digest.query import parse_query

OWN_QUERY_LABEL = "your query"


def subscriber_filters(subscriber: Subscriber) -> list[Filter]:
    filters = [Filter(t.name, t.query, parse_query(t.query)) for t in subscriber.topics]
    filters += [Filter(OWN_QUERY_LABEL, f.query, parse_query(f.query)) for f in subscriber.filters]
    return filters
