"""The topic filter language: every construct, its written form, its key, and its errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from digest.errors import InvalidQuery
from digest.matching.query import (
    MAX_ALTERNATIVES,
    MAX_DEPTH,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    MIN_PREFIX,
    And,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Word,
    parse_query,
)

a, b, c, d = Word("a"), Word("b"), Word("c"), Word("d")
chip, verilog = Word("chip"), Word("verilog")
OPEN_WEIGHT = Phrase(("open", "weight"))


@pytest.mark.parametrize(
    ("source", "tree", "text"),
    [
        # words
        pytest.param("chip", chip, "chip", id="word"),
        pytest.param("  chip  ", chip, "chip", id="word-spaces"),
        pytest.param("CHIP", chip, "chip", id="fold-case"),
        pytest.param("Ｃhip", chip, "chip", id="fold-width"),
        pytest.param("Erdős", Word("erdos"), "erdos", id="fold-accent"),
        pytest.param("ERDŐS", Word("erdos"), "erdos", id="fold-accent-upper"),
        pytest.param("chip's", Word("chip's"), "chip's", id="inner-apostrophe"),
        pytest.param("chip’s", Word("chip's"), "chip's", id="curly-apostrophe"),
        pytest.param("chip,", chip, "chip", id="trailing-punctuation"),
        pytest.param("chip &", chip, "chip", id="lone-punctuation-dropped"),
        pytest.param("and or", And((Word("and"), Word("or"))), "and or", id="lowercase-operators"),
        # phrases
        pytest.param('"open weight"', OPEN_WEIGHT, '"open weight"', id="phrase"),
        pytest.param('"Open   WEIGHT"', OPEN_WEIGHT, '"open weight"', id="phrase-folded"),
        pytest.param('"chip"', chip, "chip", id="phrase-of-one-word"),
        pytest.param("open-weight", OPEN_WEIGHT, '"open weight"', id="hyphen-phrase"),
        pytest.param('"open-weight"', OPEN_WEIGHT, '"open weight"', id="hyphen-in-phrase"),
        pytest.param(
            '"open-weight model"',
            Phrase(("open", "weight", "model")),
            '"open weight model"',
            id="hyphen-in-longer-phrase",
        ),
        pytest.param(
            "https://importai.substack.com",
            Phrase(("https", "importai", "substack", "com")),
            '"https importai substack com"',
            id="pasted-address",
        ),
        # prefixes
        pytest.param("verilog*", Prefix("verilog"), "verilog*", id="prefix"),
        pytest.param("Verilog*", Prefix("verilog"), "verilog*", id="prefix-folded"),
        pytest.param("ver*", Prefix("ver"), "ver*", id="prefix-shortest"),
        # AND
        pytest.param("chip verilog", And((chip, verilog)), "chip verilog", id="implicit-and"),
        pytest.param("chip AND verilog", And((chip, verilog)), "chip verilog", id="explicit-and"),
        pytest.param("chip && verilog", And((chip, verilog)), "chip verilog", id="and-ampersands"),
        pytest.param("a AND b AND c", And((a, b, c)), "a b c", id="and-chain"),
        # OR
        pytest.param("chip OR verilog", Or((chip, verilog)), "chip OR verilog", id="or"),
        pytest.param("chip | verilog", Or((chip, verilog)), "chip OR verilog", id="or-bar"),
        pytest.param("a OR b OR c", Or((a, b, c)), "a OR b OR c", id="or-chain"),
        pytest.param("(a OR b) OR c", Or((a, b, c)), "a OR b OR c", id="or-flattened-left"),
        pytest.param("a OR (b OR c)", Or((a, b, c)), "a OR b OR c", id="or-flattened-right"),
        # precedence: OR binds tighter than AND
        pytest.param("a b OR c", And((a, Or((b, c)))), "a (b OR c)", id="precedence"),
        pytest.param("a AND b OR c", And((a, Or((b, c)))), "a (b OR c)", id="precedence-and"),
        pytest.param("a OR b c", And((Or((a, b)), c)), "(a OR b) c", id="precedence-left"),
        pytest.param("a | b c", And((Or((a, b)), c)), "(a OR b) c", id="precedence-bar"),
        pytest.param("a AND (b OR c)", And((a, Or((b, c)))), "a (b OR c)", id="precedence-same"),
        # exclusion
        pytest.param("chip -crypto", And((chip, Not(Word("crypto")))), "chip -crypto", id="minus"),
        pytest.param("chip NOT crypto", And((chip, Not(Word("crypto")))), "chip -crypto", id="not"),
        pytest.param(
            "-crypto chip", And((Not(Word("crypto")), chip)), "-crypto chip", id="minus-first"
        ),
        pytest.param(
            'chip -"open weight"',
            And((chip, Not(OPEN_WEIGHT))),
            'chip -"open weight"',
            id="minus-phrase",
        ),
        pytest.param(
            "chip -ver*", And((chip, Not(Prefix("ver")))), "chip -ver*", id="minus-prefix"
        ),
        pytest.param("NOT NOT a", a, "a", id="double-not"),
        pytest.param("--a b", And((a, b)), "a b", id="double-minus"),
        pytest.param("a -(-b)", And((a, b)), "a b", id="double-minus-grouped"),
        pytest.param("x -(a b)", And((Word("x"), Not(And((a, b))))), "x -(a b)", id="minus-group"),
        pytest.param("NOT (a OR b) c", And((Not(Or((a, b))), c)), "-(a OR b) c", id="not-group"),
        # grouping
        pytest.param("(a)", a, "a", id="group-of-one"),
        pytest.param("((a))", a, "a", id="group-nested"),
        pytest.param(
            "(chip OR npu) -apple",
            And((Or((chip, Word("npu"))), Not(Word("apple")))),
            "(chip OR npu) -apple",
            id="group",
        ),
        pytest.param(
            "(a OR b) (c OR d)", And((Or((a, b)), Or((c, d)))), "(a OR b) (c OR d)", id="groups"
        ),
        pytest.param("a OR (b c)", Or((a, And((b, c)))), "a OR (b c)", id="and-inside-or"),
        # fields
        pytest.param("title:huawei", Word("huawei", "title"), "title:huawei", id="title"),
        pytest.param("teaser:huawei", Word("huawei", "teaser"), "teaser:huawei", id="teaser"),
        pytest.param("text:huawei", Word("huawei", "text"), "text:huawei", id="text"),
        pytest.param("feed:import", Word("import", "feed"), "feed:import", id="feed"),
        pytest.param("TITLE:Huawei", Word("huawei", "title"), "title:huawei", id="field-folded"),
        pytest.param("title: huawei", Word("huawei", "title"), "title:huawei", id="field-space"),
        pytest.param(
            "title:verilog*", Prefix("verilog", "title"), "title:verilog*", id="field-prefix"
        ),
        pytest.param(
            'title:"open weight"',
            Phrase(("open", "weight"), "title"),
            'title:"open weight"',
            id="field-phrase",
        ),
        pytest.param(
            "title:open-weight",
            Phrase(("open", "weight"), "title"),
            'title:"open weight"',
            id="field-hyphen",
        ),
        pytest.param(
            'feed:"Import AI"',
            Phrase(("import", "ai"), "feed"),
            'feed:"import ai"',
            id="feed-phrase",
        ),
        pytest.param(
            "title:(a OR b)",
            Or((Word("a", "title"), Word("b", "title"))),
            "title:a OR title:b",
            id="field-group-or",
        ),
        pytest.param(
            "teaser:(chip npu)",
            And((Word("chip", "teaser"), Word("npu", "teaser"))),
            "teaser:chip teaser:npu",
            id="field-group-and",
        ),
        pytest.param(
            "title:(a -b)",
            And((Word("a", "title"), Not(Word("b", "title")))),
            "title:a -title:b",
            id="field-group-not",
        ),
        pytest.param(
            "title:(a OR b) c",
            And((Or((Word("a", "title"), Word("b", "title"))), c)),
            "(title:a OR title:b) c",
            id="field-group-then-word",
        ),
        pytest.param(
            "-title:crypto chip",
            And((Not(Word("crypto", "title")), chip)),
            "-title:crypto chip",
            id="minus-field",
        ),
    ],
)
def test_parse(source: str, tree: Node, text: str) -> None:
    query = parse_query(source)
    assert query.root == tree
    assert str(query) == text


def test_columns_are_not_part_of_identity() -> None:
    assert parse_query("  chip") == parse_query("chip")
    assert parse_query("  chip").root.column == 3


def test_leaves_in_order() -> None:
    query = parse_query('title:chip (verilog* OR "open weight") -crypto')
    assert list(query.leaves()) == [
        Word("chip", "title"),
        Prefix("verilog"),
        OPEN_WEIGHT,
        Word("crypto"),
    ]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("chip", id="word"),
        pytest.param('"open weight"', id="phrase"),
        pytest.param("verilog*", id="prefix"),
        pytest.param("chip verilog", id="and"),
        pytest.param("chip OR verilog", id="or"),
        pytest.param("a b OR c", id="precedence"),
        pytest.param("a OR b c", id="precedence-left"),
        pytest.param("a OR (b c) OR d", id="and-inside-or"),
        pytest.param("(a OR b) (c OR d) -e", id="groups"),
        pytest.param("x -(a b)", id="minus-and"),
        pytest.param("x -(a OR b)", id="minus-or"),
        pytest.param('x -"a b" -ver*', id="minus-phrase-prefix"),
        pytest.param("x -(a OR (b c))", id="minus-nested"),
        pytest.param("title:(a OR b) c", id="field-group"),
        pytest.param('title:"open weight" feed:import -text:crypto', id="fields"),
        pytest.param("Erdős open-weight chip's", id="folded"),
        pytest.param(
            "(a b) c",
            id="and-inside-and",
        ),
        pytest.param(
            "title:(a b) c",
            id="field-and-inside-and",
        ),
    ],
)
def test_round_trip(source: str) -> None:
    query = parse_query(source)
    again = parse_query(str(query))
    assert again == query
    assert again.key == query.key
    assert str(again) == str(query)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("chip verilog", "verilog chip", id="and-reordered"),
        pytest.param("chip verilog", "chip verilog chip", id="and-duplicated"),
        pytest.param("chip verilog", "chip AND verilog", id="and-explicit"),
        pytest.param("chip OR verilog", "verilog | chip", id="or-reordered"),
        pytest.param("chip OR verilog", "chip OR verilog OR chip", id="or-duplicated"),
        pytest.param("chip", "chip chip", id="and-of-one"),
        pytest.param("chip", "chip OR chip", id="or-of-one"),
        pytest.param("a (b OR c)", "(c OR b) a", id="nested-reordered"),
        pytest.param("a -b -c", "-c a -b", id="exclusions-reordered"),
        pytest.param("(a b) c", "a (b c)", id="regrouped"),
        pytest.param(
            "(b z) c",
            "b z c",
            id="group-inside-and",
        ),
        pytest.param("CHIP Erdős", "erdos chip", id="folded"),
        pytest.param("title:(a OR b)", "title:b OR title:a", id="field-group"),
        pytest.param("NOT crypto chip", "chip -crypto", id="not-minus"),
    ],
)
def test_same_key(first: str, second: str) -> None:
    assert parse_query(first).key == parse_query(second).key


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("chip -verilog", "verilog -chip", id="exclusion-swapped"),
        pytest.param("chip", "title:chip", id="field"),
        pytest.param("title:chip", "teaser:chip", id="other-field"),
        pytest.param("chip", "chip*", id="prefix"),
        pytest.param('"open weight"', "open weight", id="phrase"),
        pytest.param('"open weight"', '"weight open"', id="phrase-order"),
        pytest.param("a b OR c", "(a b) OR c", id="grouping"),
        pytest.param("a OR b", "a b", id="operator"),
        pytest.param("x -(a b)", "x -a -b", id="de-morgan"),
    ],
)
def test_different_key(first: str, second: str) -> None:
    assert parse_query(first).key != parse_query(second).key


def test_key_sorts_operands() -> None:
    assert parse_query("verilog chip").key == "chip verilog"
    assert parse_query("x (b OR a)").key == "(a OR b) x"


FIELD_REASON = "unknown field {!r}: use title, teaser, text or feed"
PREFIX_REASON = f"a prefix needs at least {MIN_PREFIX} letters before *, as in verilog*"
ONLY_EXCLUSIONS = "a query needs at least one word to look for, not only exclusions"
OR_EXCLUSION = "an exclusion as one side of OR would match almost everything"


@pytest.mark.parametrize(
    ("source", "reason", "column"),
    [
        pytest.param("(a b", "unbalanced parenthesis", 1, id="unclosed-paren"),
        pytest.param("a (b", "unbalanced parenthesis", 3, id="unclosed-paren-later"),
        pytest.param("((a)", "unbalanced parenthesis", 1, id="unclosed-outer-paren"),
        pytest.param("a b)", "unbalanced parenthesis", 4, id="unopened-paren"),
        pytest.param("a))", "unbalanced parenthesis", 2, id="unopened-paren-first"),
        pytest.param(
            ")a",
            "unbalanced parenthesis",
            1,
            id="unopened-paren-at-start",
        ),
        pytest.param("()", "empty parentheses", 1, id="empty-parens"),
        pytest.param("a ( )", "empty parentheses", 3, id="empty-parens-spaced"),
        pytest.param("title:()", "empty parentheses", 7, id="empty-parens-field"),
        pytest.param("OR a", "OR needs something on each side", 1, id="or-first"),
        pytest.param("a OR", "OR needs something on each side", 3, id="or-last"),
        pytest.param("a | | b", "OR needs something on each side", 3, id="or-twice"),
        pytest.param("a (OR b)", "OR needs something on each side", 4, id="or-first-in-group"),
        pytest.param("a (b OR)", "OR needs something on each side", 6, id="or-last-in-group"),
        pytest.param("a OR AND b", "OR needs something on each side", 3, id="or-then-and"),
        pytest.param("AND a", "AND needs something on each side", 1, id="and-first"),
        pytest.param("a AND", "AND needs something on each side", 3, id="and-last"),
        pytest.param("a AND AND b", "AND needs something on each side", 3, id="and-twice"),
        pytest.param("(a AND) b", "AND needs something on each side", 4, id="and-last-in-group"),
        pytest.param("a - b", "a minus needs a word right after it", 3, id="lone-minus"),
        pytest.param("a -", "a minus needs a word right after it", 3, id="minus-last"),
        pytest.param("a -)", "a minus needs a word right after it", 3, id="minus-before-paren"),
        pytest.param("a NOT", "NOT needs a word after it", 3, id="not-last"),
        pytest.param("NOT", "NOT needs a word after it", 1, id="not-alone"),
        pytest.param("a NOT OR b", "NOT needs a word after it", 3, id="not-then-or"),
        pytest.param(
            "title:NOT a",
            "title: needs a word, a phrase or parentheses after it",
            1,
            id="field-not",
        ),
        pytest.param("foo:bar", FIELD_REASON.format("foo"), 1, id="unknown-field"),
        pytest.param("chip Foo:bar", FIELD_REASON.format("foo"), 6, id="unknown-field-later"),
        pytest.param("title:teaser:a", "a field inside a field", 7, id="field-in-field"),
        pytest.param(
            "title:-crypto chip",
            "put the minus before the field, as in -title:crypto",
            7,
            id="minus-after-field",
        ),
        pytest.param("x*y", "* can only end a prefix, as in verilog*", 2, id="star-inside"),
        pytest.param("verilog**", "* can only end a prefix, as in verilog*", 8, id="star-twice"),
        pytest.param("title:(teaser:a)", "a field inside a field", 15, id="field-in-group"),
        pytest.param(
            "title:", "title: needs a word, a phrase or parentheses after it", 1, id="field-alone"
        ),
        pytest.param(
            "a feed:)", "feed: needs a word, a phrase or parentheses after it", 3, id="field-paren"
        ),
        pytest.param("ab*", PREFIX_REASON, 1, id="prefix-too-short"),
        pytest.param("chip ab*", PREFIX_REASON, 6, id="prefix-too-short-later"),
        pytest.param("title:ab*", PREFIX_REASON, 7, id="prefix-too-short-field"),
        pytest.param("*", PREFIX_REASON, 1, id="star-alone"),
        pytest.param('"open* weight"', "a prefix* cannot be inside a phrase", 1, id="star-phrase"),
        pytest.param(
            'a "open weight*"', "a prefix* cannot be inside a phrase", 3, id="star-phrase-end"
        ),
        pytest.param('"open weight', "unclosed quotation mark", 1, id="unclosed-quote"),
        pytest.param('a "b', "unclosed quotation mark", 3, id="unclosed-quote-later"),
        pytest.param('""', "the quotation marks hold no word to look for", 1, id="empty-quote"),
        pytest.param(
            'title:""', "the quotation marks hold no word to look for", 7, id="empty-quote-field"
        ),
        pytest.param("", "a query needs at least one word to look for", 1, id="empty"),
        pytest.param("&", "a query needs at least one word to look for", 1, id="punctuation"),
        pytest.param("-a", ONLY_EXCLUSIONS, 1, id="only-minus"),
        pytest.param("NOT a", ONLY_EXCLUSIONS, 1, id="only-not"),
        pytest.param("  -a -b", ONLY_EXCLUSIONS, 3, id="only-exclusions"),
        pytest.param("(-b)", ONLY_EXCLUSIONS, 2, id="only-exclusion-grouped"),
        pytest.param("a OR -b", OR_EXCLUSION, 6, id="or-minus"),
        pytest.param("-a OR b", OR_EXCLUSION, 1, id="minus-or"),
        pytest.param("a OR NOT b", OR_EXCLUSION, 6, id="or-not"),
        pytest.param("a OR (-b)", OR_EXCLUSION, 7, id="or-grouped-minus"),
    ],
)
def test_invalid(source: str, reason: str, column: int) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    error = caught.value
    assert (error.reason, error.column, error.query) == (reason, column, source)
    assert str(error) == f"{reason} at column {column}"
    assert error.caret() == source + "\n" + " " * (column - 1) + "^"


@pytest.mark.parametrize(
    ("source", "caret"),
    [
        pytest.param("a OR OR b", "a OR OR b\n  ^", id="or"),
        pytest.param('a "open weight', 'a "open weight\n  ^', id="quote"),
        pytest.param("a b)", "a b)\n   ^", id="paren"),
        pytest.param("foo:bar", "foo:bar\n^", id="field"),
        pytest.param("chip ab*", "chip ab*\n     ^", id="prefix"),
    ],
)
def test_caret(source: str, caret: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    assert caught.value.caret() == caret


# Limits


def test_longest_query() -> None:
    source = "a" * MAX_QUERY_LENGTH
    assert parse_query(source).root == Word(source)
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source + "a")
    assert caught.value.reason == f"query longer than {MAX_QUERY_LENGTH} characters"
    assert caught.value.column == 1


def numbered(count: int, separator: str = " ", mark: str = "") -> str:
    return separator.join(f"{mark}w{i}" for i in range(count))


def test_most_words() -> None:
    assert len(list(parse_query(numbered(MAX_TERMS)).leaves())) == MAX_TERMS
    assert len(list(parse_query(numbered(MAX_TERMS, " OR ")).leaves())) == MAX_TERMS


@pytest.mark.parametrize(
    ("source", "last"),
    [
        pytest.param(numbered(MAX_TERMS + 1), "w32", id="and"),
        pytest.param(numbered(MAX_TERMS + 1, " OR "), "w32", id="or"),
        pytest.param("a " + numbered(MAX_TERMS, mark="-"), "w31", id="exclusions"),
        pytest.param(numbered(MAX_TERMS) + ' "x y"', '"x y"', id="phrase"),
    ],
)
def test_too_many_words(source: str, last: str) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    assert caught.value.reason == f"more than {MAX_TERMS} words and phrases"
    assert caught.value.column == source.rindex(last) + 1  # the word past the limit


def test_deepest_nesting() -> None:
    assert parse_query("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH).root == a
    assert parse_query("-" * MAX_DEPTH + "a b").root == And((a, b))


@pytest.mark.parametrize(
    ("source", "column"),
    [
        pytest.param("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), 9, id="parentheses"),
        pytest.param("-" * (MAX_DEPTH + 1) + "a b", 9, id="minuses"),
        pytest.param(
            "b " + "-(" * (MAX_DEPTH // 2) + "-a" + ")" * (MAX_DEPTH // 2), 11, id="mixed"
        ),
    ],
)
def test_too_deep(source: str, column: int) -> None:
    with pytest.raises(InvalidQuery) as caught:
        parse_query(source)
    assert caught.value.reason == f"nested more than {MAX_DEPTH} deep"
    assert caught.value.column == column  # the bracket or minus one past the limit


def or_groups(count: int) -> str:
    """Groups of two alternatives: `count` of them make 2**count combinations."""
    return " ".join(f"(x{i} OR y{i})" for i in range(count))


def not_groups(count: int) -> str:
    """Excluded pairs: -(a b) is -a OR -b, so `count` of them make 2**count combinations."""
    return "w " + " ".join(f"-(x{i} y{i})" for i in range(count))


@pytest.mark.parametrize("groups", [or_groups, not_groups], ids=["or", "de-morgan"])
def test_most_alternatives(groups: Callable[[int], str]) -> None:
    limit = MAX_ALTERNATIVES.bit_length() - 1
    assert 2**limit == MAX_ALTERNATIVES
    parse_query(groups(limit))
    with pytest.raises(InvalidQuery) as caught:
        parse_query(groups(limit + 1))
    assert caught.value.reason == (
        f"too many combinations (more than {MAX_ALTERNATIVES}): use fewer ORs inside groups"
    )
    assert caught.value.column == 1
