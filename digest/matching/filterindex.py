"""A whole audience's filters in one index, for matching sections against all of them (pure).

Built in the manner of Lucene's Monitor: every distinct query is compiled once
(`digest.matching.atoms`), however many subscribers hold it, into conjunctions of atoms,
and each conjunction is filed under the atom likeliest to be its rarest, its key
(a word or phrase before a prefix, then the longest; see `_key`). A batch
of sections then works in four array steps:

1. the atoms the sections contain (Python, from the sections' words; one bit per section);
2. the candidate conjunctions: those filed under a present atom (the presearch);
   a conjunction that is not a candidate lacks its key, so cannot match;
3. each candidate checked whole: all its atoms present, none of its exclusions;
4. each query's sections, then each subscriber's, with bitwise ORs.

`match` does this for a few new sections (instant notifications); `select`
does it for a window of hundreds with every conjunction a candidate (a whole
audience's digests). Both give exactly what `digest.matching.matches` gives
for every filter on every section, which the property tests check.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from digest.matching.analysis import DEFAULT_LANGUAGE, Document, FieldText, analyser
from digest.matching.atoms import PREFIX, WORD, Atom, Conjunction, compile_query
from digest.matching.query import DEFAULT_FIELDS, Query
from digest.matching.score import members

Ids = npt.NDArray[np.int64]
Positions = npt.NDArray[np.int32]
Bits = npt.NDArray[np.unsignedinteger[Any]]

#: Subscribers combined at once in `select`, which bounds its memory.
_SUBSCRIBER_BLOCK = 1 << 17


@dataclass(frozen=True)
class _Csr:
    """Rows of integers, stored flat: row i is ``values[offsets[i]:offsets[i + 1]]``."""

    offsets: Ids
    values: Positions

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[int]]) -> _Csr:
        lengths = np.fromiter((len(row) for row in rows), np.int64, len(rows))
        offsets = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        values = np.fromiter((v for row in rows for v in row), np.int32, int(offsets[-1]))
        return cls(offsets, values)

    def gather(self, rows: npt.NDArray[np.integer[Any]]) -> tuple[Positions, Ids]:
        """The chosen rows' values laid end to end, and where each row starts among them."""
        starts = self.offsets[rows]
        lengths = self.offsets[rows + 1] - starts
        firsts = np.zeros(len(rows), np.int64)
        np.cumsum(lengths[:-1], out=firsts[1:])
        positions = np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()))
        return self.values[positions], firsts


@dataclass(frozen=True)
class Selection:
    """Which of a batch of sections each subscriber's filters match."""

    subscriber_ids: Ids
    bits: Bits  # one row per subscriber; bit j of the row is section j of the batch
    sections: int

    def sections_of(self, row: int) -> list[int]:
        width = self.bits.dtype.itemsize * 8
        return [
            word_index * width + bit
            for word_index, word in enumerate(self.bits[row].tolist())
            for bit in members(word)
        ]

    def subscribers_of(self, section: int) -> Ids:
        word, bit = divmod(section, self.bits.dtype.itemsize * 8)
        column = self.bits[:, word]
        hit = (column >> column.dtype.type(bit)) & column.dtype.type(1)
        found: Ids = self.subscriber_ids[hit.astype(bool)]
        return found

    def by_section(self) -> list[Ids]:
        """For each section of the batch, the subscribers it matches."""
        return [self.subscribers_of(section) for section in range(self.sections)]

    def pairs(self) -> int:
        """How many (subscriber, section) matches there are in all."""
        return int(np.unpackbits(self.bits.view(np.uint8)).sum())


class FilterIndex:
    """Every subscriber's queries, compiled and filed for matching in one language."""

    def __init__(
        self,
        audience: Iterable[tuple[int, Sequence[Query]]],
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        """`audience` holds each subscriber's id and queries."""
        with _collector_paused():
            self._build(audience, language)

    def _build(self, audience: Iterable[tuple[int, Sequence[Query]]], language: str) -> None:
        self.language = language
        subscriber_ids, self._subscriber_queries, queries = _distinct_queries(audience)
        self.subscriber_ids = np.asarray(subscriber_ids, np.int64)
        self._atoms: dict[Atom, int] = {}
        must_rows: list[list[int]] = []
        not_rows: list[list[int]] = []
        owners: list[int] = []
        keys: list[int] = []
        language_analyser = analyser(language)
        for query_id, query in enumerate(queries):
            for conjunction in compile_query(query, language_analyser):
                must_rows.append([self._atom_id(a) for a in sorted(conjunction.must)])
                not_rows.append([self._atom_id(a) for a in sorted(conjunction.must_not)])
                owners.append(query_id)
                keys.append(self._atom_id(_key(conjunction)))
        self.queries = len(queries)
        self.conjunctions = len(owners)
        self._must = _Csr.from_rows(must_rows)
        # Few conjunctions exclude anything: only theirs are stored, found through a map.
        excluding = [row for row in not_rows if row]
        self._must_not = _Csr.from_rows(excluding)
        self._exclusions_of = np.full(self.conjunctions, -1, np.int32)
        has = np.fromiter((bool(row) for row in not_rows), bool, len(not_rows))
        self._exclusions_of[has] = np.arange(len(excluding), dtype=np.int32)
        self._owner = np.asarray(owners, np.int64)
        self._keyed = _Csr.from_rows(_invert(keys, len(self._atoms)))
        self._tables = _AtomTables(self._atoms)

    def _atom_id(self, atom: Atom) -> int:
        return self._atoms.setdefault(atom, len(self._atoms))

    @property
    def subscribers(self) -> int:
        return len(self.subscriber_ids)

    def match(self, documents: Sequence[Document]) -> Selection:
        """Which subscribers' filters match each of a few new sections (a post)."""
        return self._run(documents, presearch=True)

    def select(self, documents: Sequence[Document]) -> Selection:
        """Every subscriber's matches among a window of sections."""
        return self._run(documents, presearch=False)

    def _run(self, documents: Sequence[Document], presearch: bool) -> Selection:
        bits = self._atom_bits(documents)
        if presearch:
            present = np.flatnonzero(bits.any(axis=1))
            keyed, _ = self._keyed.gather(present)
            chosen = np.zeros(self.conjunctions, bool)
            chosen[keyed] = True
            candidates = np.flatnonzero(chosen)
        else:
            candidates = np.arange(self.conjunctions)
        query_bits = self._query_bits(bits, candidates)
        bits = self._subscriber_bits(query_bits)
        return Selection(self.subscriber_ids, bits, len(documents))

    def _atom_bits(self, documents: Sequence[Document]) -> Bits:
        dtype = _bit_type(len(documents))
        width = dtype.itemsize * 8
        bits = np.zeros((len(self._atoms), max(-(-len(documents) // width), 1)), dtype)
        for j, document in enumerate(documents):
            if document.language != self.language:
                raise ValueError(f"a {document.language} section in a {self.language} index")
            ids = np.fromiter(self._tables.present(document), np.int64)
            bit = dtype.type(1 << (j % width))
            bits[ids, j // width] |= bit
        return bits

    def _query_bits(self, bits: Bits, candidates: Ids) -> Bits:
        query_bits = np.zeros((self.queries, bits.shape[1]), bits.dtype)
        if len(candidates) == 0:
            return query_bits
        must, must_starts = self._must.gather(candidates)
        matched = np.bitwise_and.reduceat(bits[must], must_starts, axis=0)
        exclusions = self._exclusions_of[candidates]
        excluding = exclusions >= 0
        if excluding.any():
            excluded, starts = self._must_not.gather(exclusions[excluding])
            matched[excluding] &= ~np.bitwise_or.reduceat(bits[excluded], starts, axis=0)
        # Conjunctions are stored query by query, so each query's rows are adjacent.
        owners = self._owner[candidates]
        firsts = np.flatnonzero(np.diff(owners, prepend=-1))
        query_bits[owners[firsts]] = np.bitwise_or.reduceat(matched, firsts, axis=0)
        return query_bits

    def _subscriber_bits(self, query_bits: Bits) -> Bits:
        offsets, values = self._subscriber_queries.offsets, self._subscriber_queries.values
        result = np.empty((self.subscribers, query_bits.shape[1]), query_bits.dtype)
        for start in range(0, self.subscribers, _SUBSCRIBER_BLOCK):
            stop = min(start + _SUBSCRIBER_BLOCK, self.subscribers)
            slots = values[offsets[start] : offsets[stop]]
            result[start:stop] = np.bitwise_or.reduceat(
                query_bits[slots], offsets[start:stop] - offsets[start], axis=0
            )
        return result


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building creates millions of small objects that all live on: the cyclic garbage
    collector would walk them again and again for nothing (a third of the build)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _bit_type(sections: int) -> np.dtype[np.unsignedinteger[Any]]:
    """The narrowest integer with a bit per section: a post's few sections move 8 times
    fewer bytes in uint8 than in uint64."""
    for dtype in (np.uint8, np.uint16, np.uint32):
        if sections <= np.dtype(dtype).itemsize * 8:
            return np.dtype(dtype)
    return np.dtype(np.uint64)


def _distinct_queries(
    audience: Iterable[tuple[int, Sequence[Query]]],
) -> tuple[list[int], _Csr, list[Query]]:
    """Number each distinct query once, whoever holds it; drop subscribers with none.
    Returns the subscribers' ids, their query numbers, and the queries."""
    numbered: dict[str, int] = {}
    queries: list[Query] = []
    subscriber_ids: list[int] = []
    lengths: list[int] = []
    held_ids: list[int] = []
    for subscriber_id, held in audience:
        mine = set()
        for query in held:
            key = query.key
            query_id = numbered.get(key)
            if query_id is None:
                query_id = numbered[key] = len(queries)
                queries.append(query)
            mine.add(query_id)
        if mine:
            subscriber_ids.append(subscriber_id)
            lengths.append(len(mine))
            held_ids.extend(mine)
    offsets = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return subscriber_ids, _Csr(offsets, np.asarray(held_ids, np.int32)), queries


def _key(conjunction: Conjunction) -> Atom:
    """The atom taken as least likely to be in a section (the fewer sections hold it, the
    fewer candidates): any word or phrase before a prefix, which stands for many words,
    and a prefix in one field other than the text before one in the text or every field;
    then the longest; then the first in the conjunction's order."""

    def commonness(atom: Atom) -> tuple[int, int]:
        if atom.kind != PREFIX:
            rank = 0
        elif atom.field and atom.field != "text":
            rank = 1
        else:
            rank = 2
        return rank, -len(atom.key)

    return min(conjunction.must, key=commonness)


def _invert(keys: Sequence[int], atoms: int) -> list[list[int]]:
    rows: list[list[int]] = [[] for _ in range(atoms)]
    for conjunction, atom in enumerate(keys):
        rows[atom].append(conjunction)
    return rows


class _AtomTables:
    """The index's atoms, arranged to find those a section contains."""

    def __init__(self, atoms: Mapping[Atom, int]) -> None:
        self.words: dict[tuple[str, str], int] = {}
        self.prefixes: dict[str, dict[str, int]] = {}
        self.phrases: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = {}
        for atom, atom_id in atoms.items():
            if atom.kind == WORD:
                self.words[(atom.field, atom.key)] = atom_id
            elif atom.kind == PREFIX:
                self.prefixes.setdefault(atom.field, {})[atom.key] = atom_id
            else:
                stems = atom.stems
                self.phrases.setdefault((atom.field, stems[0]), []).append((atom_id, stems))
        self.prefix_lengths = {
            name: sorted({len(p) for p in table}) for name, table in self.prefixes.items()
        }

    def present(self, document: Document) -> set[int]:
        found: set[int] = set()
        for name, text in document.fields.items():
            scopes = (name, "") if name in DEFAULT_FIELDS else (name,)
            for scope in scopes:
                words = self.words
                found.update(
                    atom_id
                    for stem in text.positions
                    if (atom_id := words.get((scope, stem))) is not None
                )
                if scope in self.prefixes:
                    found.update(self._prefixed(scope, text.surfaces))
                if self.phrases:
                    found.update(self._phrases(scope, text))
        return found

    def _prefixed(self, scope: str, surfaces: Iterable[str]) -> Iterable[int]:
        table, lengths = self.prefixes[scope], self.prefix_lengths[scope]
        for word in surfaces:
            for length in lengths:
                if length > len(word):
                    break
                if (atom_id := table.get(word[:length])) is not None:
                    yield atom_id

    def _phrases(self, scope: str, text: FieldText) -> Iterable[int]:
        for stem in text.positions:
            for atom_id, stems in self.phrases.get((scope, stem), ()):
                if text.phrase_count(stems):
                    yield atom_id
