"""Property tests: the indexes give exactly what the reference tree walk gives.

Queries and sections are drawn from one small vocabulary, so that most queries
match some sections and miss others. A query is generated as a small tree and
written out with every construct of the language (words, phrases, prefixes,
AND, OR, NOT, parentheses and fields), in varied spellings; those the parser
refuses are discarded. Sections mix the same words with punctuation, case and
accents. Batches of up to 70 sections cross the 64-section words of
`FilterIndex`'s bit sets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeAlias, cast

from hypothesis import assume, example, given, settings, strategies as st

from digest.errors import InvalidQuery
from digest.matching.analysis import Document, analyser
from digest.matching.filterindex import FilterIndex
from digest.matching.query import FIELDS, MAX_TERMS, Query, parse_query
from digest.matching.score import SectionIndex, matches

Draw: TypeAlias = Callable[[st.SearchStrategy[Any]], Any]
#: A query before it is written out: ("word", w), ("prefix", p), ("phrase", [w, ...]),
#: ("field", name, tree), ("not", tree), ("and", [tree, ...]) or ("or", [tree, ...]).
Tree: TypeAlias = tuple[Any, ...]

WORDS = (
    "chip",
    "chips",
    "verilog",
    "open",
    "weight",
    "model",
    "robot",
    "robots",
    "art",
    "start",
    "erdős",
    "huawei",
    "npu",
    "data",
    "import",
)
#: Some longer than the word's stem ("models" -> "model", "erdos" -> "erdo"): prefixes are
#: matched against the section's words, never their stems.
PREFIXES = (
    "chi",
    "chip",
    "chips",
    "veri",
    "ope",
    "rob",
    "robots",
    "art",
    "arts",
    "sta",
    "erdos",
    "hua",
    "dat",
    "models",
)
#: How a section may spell a word of the vocabulary, besides its case.
SPELLINGS = {
    "chip": ("chip", "Chip's", "chip’s", "CHIPS", "chipset"),
    "verilog": ("verilog", "Verilog", "SystemVerilog", "verilogs"),
    "open": ("open", "Open", "OPENED", "opener"),
    "robot": ("robot", "Robots", "robotics"),
    "art": ("art", "arts", "Artist"),
    "start": ("start", "startups", "restart"),
    "erdős": ("erdős", "Erdos", "ERDŐS", "erdös"),
    "model": ("model", "models", "Modelling"),
    "data": ("data", "DATA", "dataset"),
}
#: Pairs that sections often hold side by side, so that phrases match now and then.
PAIRS = (("open", "weight"), ("chip", "data"), ("robot", "art"), ("huawei", "npu"))
FILLER = ("the", "and", "of", "a")
SEPARATORS = (" ", " ", " ", ", ", ". ", "-", " — ", "; ", " (", ") ", "/", "'")
#: A section's feed: its title and address, words of the vocabulary among others.
FEEDS = (
    "",
    "Import AI https://importai.substack.com/feed",
    "The Chip Letter https://chips.example.org/rss",
    "Open Weight Robots https://robots.example.com/atom.xml",
    "Erdős & Art https://art.example/erdos",
    "Huawei NPU data https://npu.example/feed",
)
#: Enough for the properties to find what they look for, and the file to run in seconds.
SETTINGS = settings(max_examples=120, deadline=None, database=None)
FEWER = settings(SETTINGS, max_examples=80)

# Queries


leaves: st.SearchStrategy[Tree] = st.one_of(
    st.tuples(st.just("word"), st.sampled_from(WORDS)),
    st.tuples(st.just("prefix"), st.sampled_from(PREFIXES)),
    st.tuples(
        st.just("phrase"),
        st.one_of(
            st.sampled_from(PAIRS).map(list),
            st.lists(st.sampled_from(WORDS), min_size=2, max_size=3),
        ),
    ),
)
scoped_leaves: st.SearchStrategy[Tree] = st.one_of(
    leaves, leaves, st.tuples(st.just("field"), st.sampled_from(FIELDS), leaves)
)


def _extend(children: st.SearchStrategy[Tree]) -> st.SearchStrategy[Tree]:
    return st.one_of(
        st.tuples(st.just("and"), st.lists(children, min_size=2, max_size=3)),
        st.tuples(st.just("or"), st.lists(children, min_size=2, max_size=3)),
        st.tuples(st.just("not"), children),
        st.tuples(st.just("field"), st.sampled_from(FIELDS), children),
    )


trees: st.SearchStrategy[Tree] = st.recursive(scoped_leaves, _extend, max_leaves=7).map(
    # Most queries need something to look for besides their exclusions: give it one.
    lambda tree: ("and", [("word", "chip"), tree]) if tree[0] == "not" else tree
)


def spell_word(draw: Draw, word: str) -> str:
    forms = [word, word.upper(), word.capitalize()]
    if word == "erdős":
        forms += ["erdos", "ERDOS"]
    return str(draw(st.sampled_from(forms)))


def write(draw: Draw, tree: Tree) -> str:
    """The tree in the query language, each construct in one of its spellings."""
    kind = tree[0]
    if kind == "word":
        text = spell_word(draw, tree[1])
    elif kind == "prefix":
        text = str(tree[1]) + "*"
    elif kind == "phrase":
        words = [spell_word(draw, w) for w in tree[1]]
        hyphenated = draw(st.booleans())
        text = "-".join(words) if hyphenated else '"' + " ".join(words) + '"'
    elif kind == "field":
        name = draw(st.sampled_from([tree[1], tree[1].upper()]))
        inner = tree[2]
        if inner[0] in ("word", "prefix", "phrase"):
            text = f"{name}:{write(draw, inner)}"
        else:
            text = f"{name}:({write(draw, inner)})"
    elif kind == "not":
        operator = draw(st.sampled_from(["-", "NOT "]))
        inner = tree[1]
        if inner[0] in ("and", "or"):
            text = f"{operator}({write(draw, inner)})"
        else:
            text = operator + write(draw, inner)
    else:
        parts = []
        for child in tree[1]:
            part = write(draw, child)
            # A group of ANDs is written as one, so that the query has the tree's shape
            # (and so its key); other parentheses change nothing, and are sometimes added.
            if child[0] == "and" or draw(st.integers(0, 5)) == 0:
                part = f"({part})"
            parts.append(part)
        joiners = [" OR ", " | "] if kind == "or" else [" ", " ", " AND ", " && "]
        text = parts[0]
        for part in parts[1:]:
            text += draw(st.sampled_from(joiners)) + part
    return text


def parsed(source: str) -> Query | None:
    try:
        return parse_query(source)
    except InvalidQuery:
        return None


@st.composite
def query_sources(draw: Draw) -> str:
    return write(draw, draw(trees))


#: Valid queries, for where one refused query should not discard the whole example.
queries = cast(
    "st.SearchStrategy[Query]", query_sources().map(parsed).filter(lambda q: q is not None)
)


@st.composite
def rearranged(draw: Draw, tree: Tree) -> Tree:
    """The same query with the operands of every AND and OR shuffled, and maybe one repeated."""
    kind = tree[0]
    if kind == "field":
        return ("field", tree[1], draw(rearranged(tree[2])))
    if kind == "not":
        return ("not", draw(rearranged(tree[1])))
    if kind not in ("and", "or"):
        return tree
    children = [draw(rearranged(child)) for child in tree[1]]
    if draw(st.booleans()):
        children.append(draw(st.sampled_from(children)))
    return (kind, draw(st.permutations(children)))


def _paths(tree: Tree, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """Where each node of a tree is: the indexes that lead to it."""
    found = [path]
    if tree[0] == "field":
        found += _paths(tree[2], (*path, 2))
    elif tree[0] == "not":
        found += _paths(tree[1], (*path, 1))
    elif tree[0] in ("and", "or"):
        for i, child in enumerate(tree[1]):
            found += _paths(child, (*path, 1, i))
    return found


def _get(tree: Any, path: tuple[int, ...]) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _put(tree: Any, path: tuple[int, ...], node: Tree) -> Any:
    if not path:
        return node
    parts = list(tree)
    parts[path[0]] = _put(tree[path[0]], path[1:], node)
    return tuple(parts) if isinstance(tree, tuple) else parts


def _changes(node: Tree) -> list[Tree]:
    """Small edits of one node that (almost always) change what the query matches."""
    kind = node[0]
    changes: list[Tree] = [("not", node)]
    if kind == "word":
        changes += [("prefix", node[1][:3]), ("field", "title", node)]
    elif kind == "prefix":
        changes += [("word", node[1])]
    elif kind == "phrase":
        changes += [("phrase", node[1][::-1]), ("and", [("word", w) for w in node[1]])]
    elif kind == "field":
        changes += [node[2], ("field", "text" if node[1] != "text" else "title", node[2])]
    elif kind == "not":
        changes += [node[1]]
    else:
        changes += [("or" if kind == "and" else "and", node[1])]
    return changes


@st.composite
def perturbed(draw: Draw, tree: Tree) -> Tree:
    """The query with one node edited: negated, un-negated, AND for OR, another field..."""
    path = draw(st.sampled_from(_paths(tree)))
    edited: Tree = _put(tree, path, draw(st.sampled_from(_changes(_get(tree, path)))))
    return edited


@st.composite
def families(draw: Draw) -> list[Query]:
    """A query with a rearrangement (same key) and a small edit (most likely another key)."""
    tree = draw(trees)
    variants = [tree, draw(rearranged(tree)), draw(perturbed(tree))]
    found = [parsed(write(draw, t)) for t in variants]
    return [query for query in found if query is not None]


# Sections


@st.composite
def field_texts(draw: Draw, least: int, most: int) -> str:
    units = st.one_of(st.sampled_from(WORDS + FILLER).map(lambda w: [w]), st.sampled_from(PAIRS))
    words = [w for unit in draw(st.lists(units, min_size=least, max_size=most)) for w in unit]
    text = str(draw(st.sampled_from(["", " ", "“"])))
    for word in words:
        if word in SPELLINGS and draw(st.booleans()):
            text += draw(st.sampled_from(SPELLINGS[word]))
        else:
            text += spell_word(draw, word)
        text += draw(st.sampled_from(SEPARATORS))
    return text


sections: st.SearchStrategy[tuple[str, str, str, str]] = st.tuples(
    field_texts(1, 3), field_texts(0, 4), field_texts(3, 10), st.sampled_from(FEEDS)
)


def analysed(fields: tuple[str, str, str, str]) -> Document:
    return analyser("english").document(*fields)


@st.composite
def batches(draw: Draw) -> list[Document]:
    """1 to 70 sections, often more than 64 (two words of bits), a few distinct ones repeated in
    any order; the index's bit sets are 8, 16, 32 or 64 bits wide by the batch's size."""
    distinct = [analysed(s) for s in draw(st.lists(sections, min_size=3, max_size=10))]
    size = draw(st.one_of(st.integers(1, 10), st.integers(1, 70), st.integers(60, 70)))
    order = draw(st.lists(st.integers(0, len(distinct) - 1), min_size=size, max_size=size))
    return [distinct[i] for i in order]


@st.composite
def audiences(draw: Draw) -> list[tuple[int, list[Query]]]:
    """Subscribers holding 1 to 4 queries (now and then none), often the same ones."""
    pool = [q for family in draw(st.lists(families(), min_size=1, max_size=4)) for q in family]
    assume(pool)
    held = st.lists(st.sampled_from(pool), min_size=1, max_size=4)
    lists = draw(st.lists(st.one_of(held, held, held, st.just([])), min_size=1, max_size=12))
    return [(1000 + 7 * i, queries_) for i, queries_ in enumerate(lists)]


def naive(query: Query, documents: Sequence[Document]) -> set[int]:
    return {j for j, document in enumerate(documents) if matches(query, document)}


# Properties


@SETTINGS
@given(audience=audiences(), documents=batches())
def test_filter_index_is_the_naive_evaluation(
    audience: list[tuple[int, list[Query]]], documents: list[Document]
) -> None:
    index = FilterIndex(audience)
    held = [(subscriber, queries_) for subscriber, queries_ in audience if queries_]
    assert index.subscriber_ids.tolist() == [subscriber for subscriber, _ in held]
    expected = [set().union(*(naive(q, documents) for q in queries_)) for _, queries_ in held]

    for selection in (index.select(documents), index.match(documents)):
        assert selection.sections == len(documents)
        assert [set(selection.sections_of(row)) for row in range(len(held))] == expected
        assert selection.pairs() == sum(len(found) for found in expected)
        by_section = selection.by_section()
        assert len(by_section) == len(documents)
        for j, subscribers in enumerate(by_section):
            assert set(subscribers.tolist()) == {
                subscriber
                for (subscriber, _), found in zip(held, expected, strict=True)
                if j in found
            }
            assert selection.subscribers_of(j).tolist() == subscribers.tolist()


@SETTINGS
@given(pool=st.lists(queries, min_size=1, max_size=8), documents=batches())
def test_section_index_is_the_naive_evaluation(
    pool: list[Query], documents: list[Document]
) -> None:
    index = SectionIndex(documents)
    for query in pool:
        assert index.matching(query) == sorted(naive(query, documents)), str(query)


@SETTINGS
@given(source=query_sources())
@example(source="(b z) c")
def test_written_form_parses_back_equal(source: str) -> None:
    query = parsed(source)
    assume(query is not None)
    assert query is not None
    again = parse_query(str(query))
    assert again == query
    assert again.key == query.key


@st.composite
def few_sections(draw: Draw) -> list[Document]:
    return [analysed(s) for s in draw(st.lists(sections, min_size=1, max_size=8))]


@FEWER
@given(data=st.data(), tree=trees, documents=few_sections())
def test_rearranged_query_has_the_same_key_and_matches_alike(
    data: st.DataObject, tree: Tree, documents: list[Document]
) -> None:
    first = parsed(write(data.draw, tree))
    second = parsed(write(data.draw, data.draw(rearranged(tree))))
    assume(first is not None and second is not None)
    assert first is not None and second is not None
    assert first.key == second.key
    assert naive(first, documents) == naive(second, documents)


@FEWER
@given(pool=st.lists(families(), min_size=1, max_size=4), documents=few_sections())
def test_queries_with_one_key_match_alike(
    pool: list[list[Query]], documents: list[Document]
) -> None:
    """The key is what `FilterIndex` shares a query's answer by: it must never join
    queries that match differently."""
    found_by_key: dict[str, set[int]] = {}
    for query in (query for family in pool for query in family):
        found = naive(query, documents)
        assert found_by_key.setdefault(query.key, found) == found, str(query)


plain_words = st.one_of(
    st.sampled_from((*WORDS, "AND", "OR", "NOT", "Erdős", "ﬁle", "½", "x²", "42")),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=6),
)


@SETTINGS
@given(words=st.lists(plain_words, min_size=1, max_size=MAX_TERMS + 2))
def test_plain_words_parse_as_the_parser_would(words: list[str]) -> None:
    """Words and single spaces take a shortcut past the parser; in parentheses, the same
    words go through it (one column to the right)."""
    source = " ".join(words)
    shortcut, parser = parsed(source), parsed(f"({source})")
    assert (shortcut is None) == (parser is None)
    assume(shortcut is not None and parser is not None)
    assert shortcut is not None and parser is not None
    assert shortcut == parser
    assert [leaf.column for leaf in shortcut.leaves()] == [
        leaf.column - 1 for leaf in parser.leaves()
    ]
