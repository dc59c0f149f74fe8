"""Match sections against topic queries, with a score and the reasons (pure)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digest.query import Query, Term
from digest.text import words
from digest.types import Reason

#: A word in the title says more about a story than the same word in its body.
FIELD_WEIGHTS = {"title": 3.0, "teaser": 2.0, "text": 1.0}


@dataclass(frozen=True)
class Document:
    """A section's words, field by field, ready to be matched many times."""

    fields: dict[str, tuple[str, ...]]
    vocabulary: frozenset[str]

    def count(self, term: Term, field: str) -> int:
        tokens, wanted = self.fields[field], term.words
        if len(wanted) == 1:
            return tokens.count(wanted[0])
        size = len(wanted)
        return sum(
            1
            for i, token in enumerate(tokens)
            if token == wanted[0] and tokens[i : i + size] == wanted
        )


@dataclass(frozen=True)
class Filter:
    """A query with the label shown to the subscriber ("Robotics", "your query")."""

    label: str
    source: str
    query: Query


@dataclass(frozen=True)
class Verdict:
    score: float
    reasons: tuple[Reason, ...]


def analyse(title: str, teaser: str, text: str) -> Document:
    fields = {
        "title": tuple(words(title)),
        "teaser": tuple(words(teaser)),
        "text": tuple(words(text)),
    }
    vocabulary = frozenset(token for tokens in fields.values() for token in tokens)
    return Document(fields, vocabulary)


def _present(term: Term, document: Document) -> bool:
    if not all(word in document.vocabulary for word in term.words):
        return False
    return len(term.words) == 1 or any(document.count(term, f) for f in document.fields)


def _term_score(term: Term, document: Document) -> float:
    return sum(
        weight * math.log1p(document.count(term, field)) for field, weight in FIELD_WEIGHTS.items()
    )


def evaluate(query: Query, document: Document) -> tuple[Term, ...] | None:
    """The terms by which `query` matches `document`, or None when it does not."""
    if any(_present(term, document) for term in query.excluded):
        return None
    matched: list[Term] = []
    for clause in query.clauses:
        found = [term for term in clause if _present(term, document)]
        if not found:
            return None
        matched.extend(found)
    return tuple(matched)


def match_filters(filters: Iterable[Filter], document: Document) -> Verdict | None:
    """Score a section for one subscriber: None when none of their filters match."""
    reasons: list[Reason] = []
    score = 0.0
    for filter_ in filters:
        terms = evaluate(filter_.query, document)
        if terms is None:
            continue
        score = max(score, sum(_term_score(term, document) for term in terms))
        reasons.append(Reason(filter_.label, filter_.source, tuple(str(t) for t in terms)))
    return Verdict(score, tuple(reasons)) if reasons else None


def highlight_words(reasons: Sequence[Reason]) -> tuple[str, ...]:
    """Every matched word, once, for highlighting in an email."""
    seen: dict[str, None] = {}
    for reason in reasons:
        for word in reason.words:
            seen.setdefault(word.strip('"'), None)
    return tuple(seen)
