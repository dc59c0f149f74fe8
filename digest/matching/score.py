"""Match sections against filters: whether, how well (BM25F) and why (pure).

Three ways to the same answer, each for its workload:

- `matches`: one query against one section by walking the query's tree; the
  reference the two indexes are tested against, and what `topic test` explains with.
- `SectionIndex`: one subscriber's filters against the sections of their
  window (digest composition), each filter a few integer operations.
- `digest.filterindex.FilterIndex`: new sections against every subscriber's
  filters at once (instant notifications, and selecting a whole audience's digests).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from digest.matching.analysis import Document, analyser
from digest.matching.atoms import (
    PREFIX,
    WORD,
    Atom,
    Conjunction,
    compile_query,
    leaf_atom,
    occurrences,
    present,
    satisfied,
    spellings,
)
from digest.matching.query import And, Node, Not, Or, Query
from digest.types import Reason

#: A word in the title says more about a story than the same word in its body.
FIELD_WEIGHTS = {"title": 3.0, "teaser": 2.0, "text": 1.0, "feed": 0.5}
#: BM25's saturation and length normalisation, at their customary values.
K1, B = 1.2, 0.75


@dataclass(frozen=True)
class Filter:
    """A query with the label shown to the subscriber ("Robotics", "your query")."""

    label: str
    source: str
    query: Query
    #: The catalog topic's slug; empty for a subscriber's own query.
    slug: str = ""


@dataclass(frozen=True)
class Verdict:
    score: float
    reasons: tuple[Reason, ...]


#: Queries whose matches an index remembers before starting afresh: a send run asks about
#: each reader's own query once or twice, and only the catalog's topics again and again.
QUERY_MEMORY = 5_000


@lru_cache(maxsize=2048)  # the catalog's topics, and the own queries of the readers at hand
def compiled(query: Query, language: str) -> tuple[Conjunction, ...]:
    return compile_query(query, analyser(language))


def matches(query: Query, document: Document) -> bool:
    """Walk the query's tree over the section: slow, plain, and the reference."""
    return _holds(query.root, document)


def _holds(node: Node, document: Document) -> bool:
    if isinstance(node, Not):
        return not _holds(node.child, document)
    if isinstance(node, And):
        return all(_holds(child, document) for child in node.children)
    if isinstance(node, Or):
        return any(_holds(child, document) for child in node.children)
    return present(leaf_atom(node, analyser(document.language)), document)


class Collection:
    """The sections scored together, for BM25's document frequencies and average lengths."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = documents
        self.size = max(len(documents), 1)
        self.average_length = {
            name: max(sum(len(d.fields[name].stems) for d in documents) / self.size, 1.0)
            for name in FIELD_WEIGHTS
        }
        self._frequency: dict[tuple[str, Atom], int] = {}

    def idf(self, atom: Atom, language: str) -> float:
        key = (language, atom)
        frequency = self._frequency.get(key)
        if frequency is None:
            same = (d for d in self.documents if d.language == language)
            frequency = self._frequency[key] = max(sum(present(atom, d) for d in same), 1)
        return math.log1p((self.size - frequency + 0.5) / (frequency + 0.5))

    def score(self, atom: Atom, document: Document) -> float:
        """BM25F: field frequencies weighted and length-normalised, then saturated."""
        weighted = 0.0
        for name in atom.fields():
            text = document.fields[name]
            if count := occurrences(atom, text):
                norm = 1 - B + B * len(text.stems) / self.average_length[name]
                weighted += FIELD_WEIGHTS[name] * count / norm
        return self.idf(atom, document.language) * weighted * (K1 + 1) / (K1 + weighted)


def match_filters(
    filters: Iterable[Filter],
    document: Document,
    collection: Collection | None = None,
    *,
    explain: bool = True,
) -> Verdict | None:
    """A section for one subscriber: None when none of their filters match, else the best
    filter's score and every matching filter's reason. With `explain` false the reasons
    are left empty, for callers that only need whether and how well (the same score)."""
    collection = collection or Collection([document])
    reasons: list[Reason] = []
    matched = False
    score = 0.0
    for filter_ in filters:
        alternatives = compiled(filter_.query, document.language)
        atoms = matched_atoms(c for c in alternatives if satisfied(c, document))
        if atoms is None:
            continue
        own = sum(collection.score(atom, document) for atom in atoms)
        score = max(score, own)
        matched = True
        if explain:
            reasons.append(reason_for(filter_, atoms, document, own))
    return Verdict(score, tuple(reasons)) if matched else None


def matched_atoms(holding: Iterable[Conjunction]) -> list[Atom] | None:
    """The atoms by which a query matches a section, given the query's alternatives that
    hold there: sorted; None when none holds. A filter's score is the sum of these atoms'
    BM25F scores, in this order: whoever knows the alternatives that hold (an index) and
    remembers the atoms' scores gets the very same score for less."""
    hits = list(holding)
    if not hits:
        return None
    return sorted(frozenset().union(*(c.must for c in hits)))


def reason_for(filter_: Filter, atoms: Sequence[Atom], document: Document, score: float) -> Reason:
    """Why `filter_` matched the section: its atoms that matched (`matched_atoms`) spelled
    as the query has them, the section's own words they found and in which fields."""
    spelled, order = _spelled(filter_.query, document.language)
    atoms = sorted(atoms, key=lambda atom: order.get(atom, len(order)))  # as the query has them
    found: dict[str, None] = {}
    fields: dict[str, None] = {}
    for atom in atoms:
        for name in atom.fields():
            words = _found(atom, document, name)
            found.update(dict.fromkeys(words))
            if words:
                fields[name] = None
    spellings_found = tuple(dict.fromkeys(spelled.get(atom, atom.key) for atom in atoms))
    ordered_fields = tuple(name for name in FIELD_WEIGHTS if name in fields)
    return Reason(
        filter_.label,
        filter_.source,
        spellings_found,
        tuple(found),
        ordered_fields,
        score,
        topic=filter_.slug,
    )


@lru_cache(maxsize=4096)  # a filter explains many sections of a send
def _spelled(query: Query, language: str) -> tuple[dict[Atom, str], dict[Atom, int]]:
    """The query's atoms as it writes them (`spellings`), and the order it has them in."""
    spelled = spellings(query, analyser(language))
    return spelled, {atom: position for position, atom in enumerate(spelled)}


def _found(atom: Atom, document: Document, name: str) -> Sequence[str]:
    """The section's own words that an atom matched in one field."""
    text = document.fields[name]
    if atom.kind == WORD:  # from the stem's spellings, not a scan of every word
        return text.spellings.get(atom.key, ())
    if atom.kind == PREFIX:
        return [w for w in text.words if w.startswith(atom.key)]
    size = len(atom.stems)
    starts = [
        i for i in text.positions.get(atom.stems[0], ()) if text.stems[i : i + size] == atom.stems
    ]
    return [" ".join(text.words[i : i + size]) for i in starts]


#: The heading of stories that only a subscriber's own queries found.
OWN_QUERIES = "Your own queries"
OWN_QUERY_LABEL = "your query"


def best_topic(reasons: Sequence[Reason]) -> str:
    """The topic a section is filed under in a digest: its best-scoring filter's."""
    if not reasons:
        return OWN_QUERIES
    label = max(reasons, key=lambda r: r.score).label
    return OWN_QUERIES if label == OWN_QUERY_LABEL else label


def highlight_words(reasons: Sequence[Reason]) -> tuple[str, ...]:
    """Every matched word of the section, once, for highlighting in an email."""
    seen: dict[str, None] = {}
    for reason in reasons:
        seen.update(dict.fromkeys(reason.found))
    return tuple(seen)


class SectionIndex:
    """The sections of a window, indexed by atom: a filter costs a few integer operations.

    Each atom's sections are one Python integer used as a bit set (bit i is
    ``documents[i]``), computed the first time a filter asks for it.
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = documents
        self._postings: dict[tuple[str, str, str], int] = {}
        self._languages: dict[str, int] = {}
        for index, document in enumerate(documents):
            bit = 1 << index
            self._languages[document.language] = self._languages.get(document.language, 0) | bit
            for name, text in document.fields.items():
                for stem in text.positions:
                    key = (document.language, name, stem)
                    self._postings[key] = self._postings.get(key, 0) | bit
        self._surfaces: dict[tuple[str, str], list[tuple[str, int]]] = {}
        self._atoms: dict[tuple[str, Atom], int] = {}
        self._selected: dict[str, int] = {}
        self._alternatives: dict[str, tuple[tuple[Conjunction, int], ...]] = {}

    def select(self, query: Query) -> int:
        """The window's sections the query matches, as a bit set; a query that many
        subscribers hold (a catalog topic) is evaluated once."""
        selected = self._selected.get(query.key)
        if selected is None:
            if len(self._selected) > QUERY_MEMORY:
                self._selected.clear()
            selected = 0
            for _, bits in self.alternatives(query):
                selected |= bits
            self._selected[query.key] = selected
        return selected

    def alternatives(self, query: Query) -> tuple[tuple[Conjunction, int], ...]:
        """Each of the query's alternatives (in each language) that holds somewhere, with
        the sections it holds in, as a bit set; worked out once per query, as `select`."""
        found = self._alternatives.get(query.key)
        if found is None:
            if len(self._alternatives) > QUERY_MEMORY:
                self._alternatives.clear()
            found = self._alternatives[query.key] = tuple(self._evaluate(query))
        return found

    def _evaluate(self, query: Query) -> Iterable[tuple[Conjunction, int]]:
        for language, members in self._languages.items():
            for conjunction in compiled(query, language):
                bits = members
                for atom in conjunction.must:
                    bits &= self._bits(atom, language)
                    if not bits:
                        break
                for atom in conjunction.must_not:
                    bits &= ~self._bits(atom, language)
                if bits:
                    yield conjunction, bits

    def matching(self, query: Query) -> list[int]:
        """Positions in `documents` of the sections the query matches."""
        return members(self.select(query))

    def remembered(self) -> int:
        """How many selections and atoms the index keeps (they grow with every new query)."""
        return len(self._selected) + len(self._alternatives) + len(self._atoms)

    def forget(self) -> None:
        """Drop the selections and atoms kept: an index that lives long (the preference
        page's) is asked ever new queries."""
        self._selected.clear()
        self._alternatives.clear()
        self._atoms.clear()

    def _bits(self, atom: Atom, language: str) -> int:
        key = (language, atom)
        bits = self._atoms.get(key)
        if bits is None:
            bits = self._atoms[key] = self._compute(atom, language)
        return bits

    def _compute(self, atom: Atom, language: str) -> int:
        bits = 0
        for name in atom.fields():
            if atom.kind == WORD:
                bits |= self._postings.get((language, name, atom.key), 0)
            elif atom.kind == PREFIX:
                bits |= self._prefixed(atom.key, language, name)
            else:
                bits |= self._phrase(atom, language, name)
        return bits

    def _prefixed(self, prefix: str, language: str, name: str) -> int:
        surfaces = self._surfaces.get((language, name))
        if surfaces is None:
            surfaces = self._surfaces[(language, name)] = self._surface_postings(language, name)
        bits = 0
        for word, word_bits in surfaces[bisect_left(surfaces, (prefix, 0)) :]:
            if not word.startswith(prefix):
                break
            bits |= word_bits
        return bits

    def _surface_postings(self, language: str, name: str) -> list[tuple[str, int]]:
        postings: dict[str, int] = {}
        for index, document in enumerate(self.documents):
            if document.language == language:
                for word in document.fields[name].surfaces:
                    postings[word] = postings.get(word, 0) | (1 << index)
        return sorted(postings.items())

    def _phrase(self, atom: Atom, language: str, name: str) -> int:
        candidates = self._languages.get(language, 0)
        for stem in atom.stems:
            candidates &= self._postings.get((language, name, stem), 0)
        bits = 0
        for index in members(candidates):
            if self.documents[index].fields[name].phrase_count(atom.stems):
                bits |= 1 << index
        return bits


def members(bits: int) -> list[int]:
    """The positions of the set bits, lowest first."""
    found = []
    while bits:
        lowest = bits & -bits
        found.append(lowest.bit_length() - 1)
        bits ^= lowest
    return found
