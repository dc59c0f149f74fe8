"""Parsing topic queries: the accepted syntax, and errors that point at the right column."""

from __future__ import annotations

import pytest

from digest.errors import InvalidQuery
from digest.query import MAX_QUERY_LENGTH, MAX_TERMS, Query, Term, parse_query


def q(*clauses: tuple[str, ...], excluded: tuple[str, ...] = ()) -> Query:
    """Build a Query from space-separated terms: q(("a",), ("b", "c")) is `a b OR c`."""
    return Query(
        tuple(tuple(Term(tuple(t.split())) for t in clause) for clause in clauses),
        tuple(Term(tuple(t.split())) for t in excluded),
    )


@pytest.mark.parametrize(
    ("source", "expected", "text"),
    [
        ("chip", q(("chip",)), "chip"),
        ("chip verilog", q(("chip",), ("verilog",)), "chip verilog"),
        ("CHIP  Verilog ", q(("chip",), ("verilog",)), "chip verilog"),
        ('"open source" python', q(("open source",), ("python",)), '"open source" python'),
        ('"Open   Source"', q(("open source",)), '"open source"'),
        ('"open-source"', q(("open source",)), '"open source"'),
        ('"chip"', q(("chip",)), "chip"),
        ("robot OR robotics", q(("robot", "robotics")), "robot OR robotics"),
        ("robot | robotics", q(("robot", "robotics")), "robot OR robotics"),
        ("a b OR c", q(("a",), ("b", "c")), "a b OR c"),
        ("a OR b c", q(("a", "b"), ("c",)), "a OR b c"),
        ("a OR b OR c d", q(("a", "b", "c"), ("d",)), "a OR b OR c d"),
        ("battery -car", q(("battery",), excluded=("car",)), "battery -car"),
        (
            '-"electric car" battery',
            q(("battery",), excluded=("electric car",)),
            'battery -"electric car"',
        ),
        ("a -b -c", q(("a",), excluded=("b", "c")), "a -b -c"),
        ("a AND b", q(("a",), ("b",)), "a b"),
        ("AND a", q(("a",)), "a"),
        ("and or", q(("and",), ("or",)), "and or"),
        ("Ｃhip", q(("chip",)), "chip"),
        ("Zürich", q(("zürich",)), "zürich"),
        ("don't", q(("don t",)), '"don t"'),
    ],
)
def test_valid_queries(source: str, expected: Query, text: str) -> None:
    query = parse_query(source)
    assert query == expected
    assert str(query) == text
    assert parse_query(str(query)) == query


def test_precedence_or_binds_tighter_than_and() -> None:
    query = parse_query("a b OR c")
    assert [[t.words for t in clause] for clause in query.clauses] == [[("a",)], [("b",), ("c",)]]
    assert query.terms() == (Term(("a",)), Term(("b",)), Term(("c",)))


@pytest.mark.parametrize(
    ("source", "column", "reason"),
    [
        ("OR a", 1, "OR needs a word on each side"),
        ("  OR a", 3, "OR needs a word on each side"),
        ("a OR", 3, "OR needs a word on each side"),
        ("a OR OR b", 6, "OR needs a word on each side"),
        ("a -OR b", 3, "OR needs a word on each side"),
        ("a OR -b", 6, "an exclusion cannot be one side of OR"),
        ('a "open source', 3, "unclosed quotation mark"),
        ('"abc', 1, "unclosed quotation mark"),
        ('x -"abc', 4, "unclosed quotation mark"),
        ("(a b)", 1, "parentheses are not supported in keyword queries"),
        ("a (b", 3, "parentheses are not supported in keyword queries"),
        ("a b)", 4, "parentheses are not supported in keyword queries"),
        ("a ( b", 3, "parentheses are not supported in keyword queries"),
        ("-a", 1, "a query needs at least one word to look for"),
        ("  -a -b", 3, "a query needs at least one word to look for"),
        ("", 1, "a query needs at least one word to look for"),
        ("   ", 1, "a query needs at least one word to look for"),
        ("a ++ b", 3, "'++' holds no word to look for"),
        ('"" a', 1, "'' holds no word to look for"),
    ],
)
def test_invalid_queries(source: str, column: int, reason: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    error = caught.value
    assert (error.reason, error.column, error.query) == (reason, column, source)
    assert str(error) == f"{reason} at column {column}"
    assert error.caret() == source + "\n" + " " * (column - 1) + "^"


@pytest.mark.parametrize(
    ("source", "caret"),
    [
        ("a OR OR b", "a OR OR b\n     ^"),
        ('a "open source', 'a "open source\n  ^'),
        ("a b)", "a b)\n   ^"),
        ("OR a", "OR a\n^"),
    ],
)
def test_caret_literal(source: str, caret: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    assert caught.value.caret() == caret


def test_longest_query_accepted() -> None:
    source = "a" * MAX_QUERY_LENGTH
    assert parse_query(source) == q((source,))


def test_too_long_query() -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query("a" * (MAX_QUERY_LENGTH + 1))
    assert caught.value.reason == f"query longer than {MAX_QUERY_LENGTH} characters"
    assert caught.value.column == 1


def test_most_terms_accepted() -> None:
    words = [f"w{i}" for i in range(MAX_TERMS)]
    assert len(parse_query(" ".join(words)).terms()) == MAX_TERMS


@pytest.mark.parametrize(
    "source",
    [
        " ".join(f"w{i}" for i in range(MAX_TERMS + 1)),
        " OR ".join(f"w{i}" for i in range(MAX_TERMS + 1)),
        "a " + " ".join(f"-w{i}" for i in range(MAX_TERMS)),
    ],
)
def test_too_many_terms(source: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    assert caught.value.reason == f"more than {MAX_TERMS} terms"
    assert caught.value.column == 1
