"""Queries compiled to what every matcher evaluates: alternatives of plain conjunctions (pure).

A query becomes a tuple of `Conjunction`s (its disjunctive normal form, with
every NOT pushed down to a word): it matches a section when one conjunction
does, that is when all of the conjunction's `must` atoms occur in the section
and none of its `must_not` atoms do. An `Atom` is one word, prefix or phrase in
one field, stemmed in one language, so matchers only ever ask "does this
section contain this atom?" and can index the answer. Parsing bounds the
number of conjunctions (`digest.query.MAX_ALTERNATIVES`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import product
from typing import NamedTuple

from digest.matching.analysis import Analyser, Document, FieldText
from digest.matching.query import DEFAULT_FIELDS, And, Not, Or, Phrase, Prefix, Query, Word

WORD, PREFIX, PHRASE = "word", "prefix", "phrase"


class Atom(NamedTuple):
    """A stemmed word, a folded prefix or a phrase of stems, in a field ("" is the default).

    A tuple: atoms are hashed, compared and sorted millions of times in a send run, which a
    tuple does in C."""

    kind: str
    field: str
    key: str  # the stem, the prefix, or the phrase's stems joined by spaces

    def fields(self) -> tuple[str, ...]:
        return (self.field,) if self.field else DEFAULT_FIELDS

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(self.key.split(" "))


@dataclass(frozen=True)
class Conjunction:
    must: frozenset[Atom]
    must_not: frozenset[Atom]


def compile_query(query: Query, analyser: Analyser) -> tuple[Conjunction, ...]:
    """The query's alternatives in one language; an empty tuple matches nothing."""
    root = query.root
    if isinstance(root, And) and all(isinstance(c, Word) for c in root.children):
        atoms = frozenset(leaf_atom(child, analyser) for child in root.children)
        return (Conjunction(atoms, frozenset()),)  # the commonest query, without the general walk
    seen: dict[Conjunction, None] = {}
    for must, must_not in _alternatives(root, False, analyser):
        if not must & must_not:  # "a -a" can never match
            seen.setdefault(Conjunction(must, must_not), None)
    return tuple(seen)


_Pair = tuple[frozenset[Atom], frozenset[Atom]]


def _alternatives(node: object, negated: bool, analyser: Analyser) -> Iterator[_Pair]:
    if isinstance(node, Not):
        yield from _alternatives(node.child, not negated, analyser)
    elif isinstance(node, And | Or):
        parts = [list(_alternatives(child, negated, analyser)) for child in node.children]
        if isinstance(node, And) != negated:  # AND, or a negated OR (De Morgan)
            for combination in product(*parts):
                yield (
                    frozenset().union(*(must for must, _ in combination)),
                    frozenset().union(*(must_not for _, must_not in combination)),
                )
        else:
            for part in parts:
                yield from part
    else:
        atom = leaf_atom(node, analyser)
        yield (frozenset(), frozenset({atom})) if negated else (frozenset({atom}), frozenset())


def leaf_atom(leaf: object, analyser: Analyser) -> Atom:
    if isinstance(leaf, Word):
        return Atom(WORD, leaf.field or "", analyser.stem(leaf.text))
    if isinstance(leaf, Prefix):
        return Atom(PREFIX, leaf.field or "", leaf.text)
    if isinstance(leaf, Phrase):
        stems = " ".join(analyser.stem(word) for word in leaf.words)
        return Atom(PHRASE, leaf.field or "", stems)
    raise TypeError(f"not a word, prefix or phrase: {leaf!r}")


def occurrences(atom: Atom, text: FieldText) -> int:
    """How often an atom occurs in one field."""
    if atom.kind == WORD:
        return len(text.positions.get(atom.key, ()))
    if atom.kind == PREFIX:
        return sum(1 for word in text.words if word.startswith(atom.key))
    return text.phrase_count(atom.stems)


def present(atom: Atom, document: Document) -> bool:
    fields = document.fields
    if atom.kind == WORD:
        return any(atom.key in fields[name].positions for name in atom.fields())
    if atom.kind == PREFIX:
        return any(
            word.startswith(atom.key) for name in atom.fields() for word in fields[name].surfaces
        )
    return any(fields[name].phrase_count(atom.stems) for name in atom.fields())


def satisfied(conjunction: Conjunction, document: Document) -> bool:
    return all(present(a, document) for a in conjunction.must) and not any(
        present(a, document) for a in conjunction.must_not
    )


def spellings(query: Query, analyser: Analyser) -> dict[Atom, str]:
    """Each atom of a query with the way the query wrote it ("chips", not the stem "chip")."""
    found: dict[Atom, str] = {}
    for leaf in query.leaves():
        if isinstance(leaf, Phrase):
            text = '"' + " ".join(leaf.words) + '"'
        else:
            text = leaf.text + ("*" if isinstance(leaf, Prefix) else "")
        found.setdefault(leaf_atom(leaf, analyser), text)
    return found
