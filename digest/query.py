"""Topic queries: keyword sets, parsed into a small syntax tree (pure).

A query is a list of terms, all of which must match (AND is implicit)::

    chip verilog            both words
    "open source" python    a phrase (the words adjacent, in order) and a word
    robot OR robotics       either word: OR binds tighter than the implicit AND,
                            so `a b OR c` means a AND (b OR c), as in web search
    battery -car            exclusion: no section mentioning "car"

Words are compared case-insensitively and whole: "art" never matches "start".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.errors import InvalidQuery
from digest.text import words

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

#: One lexeme: a quoted phrase (maybe unterminated), an operator or a bare word.
_LEXEME = re.compile(r'(?P<neg>-)?(?:"(?P<phrase>[^"]*)(?P<close>"?)|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Term:
    """A word (one element) or a phrase (several, adjacent and in order)."""

    words: tuple[str, ...]

    def __str__(self) -> str:
        return self.words[0] if len(self.words) == 1 else '"' + " ".join(self.words) + '"'


@dataclass(frozen=True)
class Query:
    """Every clause must match (one of its terms), and no excluded term may."""

    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]

    def __str__(self) -> str:
        parts = [" OR ".join(str(t) for t in clause) for clause in self.clauses]
        parts += [f"-{t}" for t in self.excluded]
        return " ".join(parts)

    def terms(self) -> tuple[Term, ...]:
        return tuple(term for clause in self.clauses for term in clause)


@dataclass(frozen=True)
class _Lexeme:
    column: int
    negated: bool
    is_or: bool
    term: Term | None


def parse_query(source: str) -> Query:
    """Parse a query, or raise `InvalidQuery` saying what is wrong and at which column."""
    if len(source) > MAX_QUERY_LENGTH:
        raise InvalidQuery(f"query longer than {MAX_QUERY_LENGTH} characters", source, 1)
    lexemes = list(_lex(source))
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or: _Lexeme | None = None
    for lexeme in lexemes:
        if lexeme.is_or:
            if pending_or or not clauses or lexeme.negated:
                raise InvalidQuery("OR needs a word on each side", source, lexeme.column)
            pending_or = lexeme
        elif lexeme.negated:
            if pending_or:
                raise InvalidQuery("an exclusion cannot be one side of OR", source, lexeme.column)
            assert lexeme.term is not None
            excluded.append(lexeme.term)
        else:
            assert lexeme.term is not None
            if pending_or:
                clauses[-1].append(lexeme.term)
                pending_or = None
            else:
                clauses.append([lexeme.term])
    if pending_or:
        raise InvalidQuery("OR needs a word on each side", source, pending_or.column)
    if not clauses:
        column = lexemes[0].column if lexemes else 1
        raise InvalidQuery("a query needs at least one word to look for", source, column)
    if sum(map(len, clauses)) + len(excluded) > MAX_TERMS:
        raise InvalidQuery(f"more than {MAX_TERMS} terms", source, 1)
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded))


def _lex(source: str) -> list[_Lexeme]:
    lexemes = []
    for found in _LEXEME.finditer(source):
        column = found.start() + 1
        negated = bool(found.group("neg"))
        if found.group("phrase") is not None:
            if not found.group("close"):
                raise InvalidQuery("unclosed quotation mark", source, found.start("phrase"))
            text = found.group("phrase")
        else:
            text = found.group("word")
            if text in ("OR", "|"):
                lexemes.append(_Lexeme(column, negated, True, None))
                continue
            if text == "AND" and not negated:
                continue
            if text in ("(", ")") or text.startswith("(") or text.endswith(")"):
                raise InvalidQuery(
                    "parentheses are not supported in keyword queries",
                    source,
                    column + (0 if text.startswith("(") else len(text) - 1),
                )
        term_words = tuple(words(text))
        if not term_words:
            raise InvalidQuery(f"{text!r} holds no word to look for", source, column)
        lexemes.append(_Lexeme(column, negated, False, Term(term_words)))
    return lexemes
