"""Matching sections against queries: words, stems, phrases, fields, scores and reasons.

The table of queries over a small fixed set of sections is checked against the
reference tree walk (`matches`) and against both indexes (`SectionIndex`, and
`FilterIndex` in its two modes), which must all give the same answer.
"""

from __future__ import annotations

import dataclasses
from typing import cast

import pytest

from digest.matching.analysis import Document, analyser
from digest.matching.filterindex import FilterIndex
from digest.matching.query import parse_query
from digest.matching.score import (
    Collection,
    Filter,
    SectionIndex,
    highlight_words,
    match_filters,
    matches,
)
from digest.types import Reason


def unscored(reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
    """Reasons with their score left out, to compare the rest exactly."""
    return tuple(dataclasses.replace(r, score=0.0) for r in reasons)


IMPORT_AI = "Import AI https://importai.substack.com/feed"
OTHER = "Other blog https://example.org/rss"


def document(title: str = "", teaser: str = "", text: str = "", feed: str = "") -> Document:
    return analyser("english").document(title, teaser, text, feed)


#: Each section says one or two things, so that what a query should match is plain to see.
SECTIONS = {
    "chips": document("Chips for data centres", "", "The chip's design is in Verilog.", IMPORT_AI),
    "caps": document("", "", "A CHIP shortage hits SystemVerilog tools", OTHER),
    "running": document("", "", "Robots running a marathon", OTHER),
    "erdos": document("Erdős numbers", "", "graph theory", OTHER),
    "erdos-ascii": document("", "", "ERDOS and friends", IMPORT_AI),
    "start": document("A fresh start", "", "startups everywhere", OTHER),
    "art": document("", "", "Modern art", OTHER),
    "open-hyphen": document("Open-weight models", "", "", IMPORT_AI),
    "open-comma": document("", "", "Is it open, weight or both?", OTHER),
    "open-the": document("", "", "Open the weight room", OTHER),
    "huawei-title": document("Huawei news", "", "", OTHER),
    "huawei-teaser": document("", "Huawei news", "", OTHER),
    "huawei-text": document("", "", "Huawei news", OTHER),
    "apple-npu": document("", "", "Apple NPU", OTHER),
    "npu": document("NPU", "", "crypto mining", IMPORT_AI),
}
NAMES = list(SECTIONS)
DOCUMENTS = list(SECTIONS.values())
IMPORT_AI_SECTIONS = {"chips", "erdos-ascii", "open-hyphen", "npu"}
OPEN_WEIGHT = {"open-hyphen", "open-comma"}
HUAWEI = {"huawei-title", "huawei-teaser", "huawei-text"}

TABLE = [
    # stemming: any form of the word
    pytest.param("chip", {"chips", "caps"}, id="stem"),
    pytest.param("chips", {"chips", "caps"}, id="stem-plural-query"),
    pytest.param("CHIP", {"chips", "caps"}, id="stem-upper-query"),
    pytest.param("chip's", {"chips", "caps"}, id="stem-possessive-query"),
    pytest.param("run", {"running"}, id="stem-running"),
    pytest.param("runs", {"running"}, id="stem-runs"),
    pytest.param("robot", {"running"}, id="stem-robots"),
    # accents, both ways
    pytest.param("erdos", {"erdos", "erdos-ascii"}, id="accent-in-text"),
    pytest.param("Erdős", {"erdos", "erdos-ascii"}, id="accent-in-query"),
    pytest.param("ERDŐS", {"erdos", "erdos-ascii"}, id="accent-upper"),
    # whole words
    pytest.param("art", {"art"}, id="whole-word"),
    pytest.param("start", {"start"}, id="whole-word-start"),
    pytest.param("startup", {"start"}, id="whole-word-startup"),
    pytest.param("system", set(), id="whole-word-compound"),
    # prefixes, on the section's words before stemming
    pytest.param("art*", {"art"}, id="prefix"),
    pytest.param("start*", {"start"}, id="prefix-start"),
    pytest.param("veri*", {"chips"}, id="prefix-short"),
    pytest.param("verilog*", {"chips"}, id="prefix-whole-word"),
    pytest.param("system*", {"caps"}, id="prefix-compound"),
    pytest.param("marathons*", set(), id="prefix-longer-than-word"),
    pytest.param("title:open*", {"open-hyphen"}, id="prefix-field"),
    # phrases: adjacent and in order, across punctuation, never across fields
    pytest.param('"open weight"', OPEN_WEIGHT, id="phrase"),
    pytest.param("open-weight", OPEN_WEIGHT, id="phrase-hyphen"),
    pytest.param('"open weights"', OPEN_WEIGHT, id="phrase-stemmed"),
    pytest.param('"weight open"', set(), id="phrase-order"),
    pytest.param("open weight", OPEN_WEIGHT | {"open-the"}, id="words-not-phrase"),
    pytest.param('"fresh start"', {"start"}, id="phrase-title"),
    pytest.param('"numbers graph"', set(), id="phrase-across-fields"),
    # fields
    pytest.param("huawei", HUAWEI, id="default-fields"),
    pytest.param("title:huawei", {"huawei-title"}, id="title"),
    pytest.param("teaser:huawei", {"huawei-teaser"}, id="teaser"),
    pytest.param("text:huawei", {"huawei-text"}, id="text"),
    pytest.param("title:chip", {"chips"}, id="title-stem"),
    pytest.param("text:chip", {"chips", "caps"}, id="text-stem"),
    pytest.param("import", set(), id="default-excludes-feed"),
    pytest.param("substack", set(), id="default-excludes-feed-url"),
    pytest.param("feed:import", IMPORT_AI_SECTIONS, id="feed-title"),
    pytest.param("feed:substack", IMPORT_AI_SECTIONS, id="feed-url"),
    pytest.param('feed:"import ai"', IMPORT_AI_SECTIONS, id="feed-phrase"),
    pytest.param("feed:example", set(SECTIONS) - IMPORT_AI_SECTIONS, id="feed-other"),
    pytest.param("feed:huawei", set(), id="feed-is-not-text"),
    pytest.param("title:(erdos OR huawei)", {"erdos", "huawei-title"}, id="field-group"),
    # AND, OR, NOT and grouping
    pytest.param("chip verilog", {"chips"}, id="and"),
    pytest.param("chip AND verilog*", {"chips"}, id="and-prefix"),
    pytest.param("chip OR erdos", {"chips", "caps", "erdos", "erdos-ascii"}, id="or"),
    pytest.param("chip -verilog", {"caps"}, id="minus"),
    pytest.param("chip NOT verilog", {"caps"}, id="not"),
    pytest.param("chip -title:chip", {"caps"}, id="minus-field"),
    pytest.param("npu", {"apple-npu", "npu"}, id="npu"),
    pytest.param("npu -apple", {"npu"}, id="minus-word"),
    pytest.param("(npu OR chip) -apple", {"chips", "caps", "npu"}, id="group"),
    pytest.param("huawei -(title:huawei OR teaser:huawei)", {"huawei-text"}, id="minus-group"),
    pytest.param("huawei -(title:huawei teaser:huawei)", HUAWEI, id="minus-and-group"),
    pytest.param("chip OR erdos -feed:import", {"caps", "erdos"}, id="minus-feed"),
    pytest.param("shortage chip OR erdos", {"caps"}, id="precedence"),
    pytest.param("(shortage chip) OR erdos", {"caps", "erdos", "erdos-ascii"}, id="grouped"),
    pytest.param("chip -chip", set(), id="contradiction"),
    pytest.param("crypto", {"npu"}, id="word-in-text"),
]


def names(positions: list[int]) -> set[str]:
    return {NAMES[i] for i in positions}


@pytest.mark.parametrize(("source", "expected"), TABLE)
def test_matches(source: str, expected: set[str]) -> None:
    query = parse_query(source)
    assert {name for name, d in SECTIONS.items() if matches(query, d)} == expected


@pytest.mark.parametrize(("source", "expected"), TABLE)
def test_section_index(source: str, expected: set[str]) -> None:
    assert names(SectionIndex(DOCUMENTS).matching(parse_query(source))) == expected


def test_indexes_agree_on_the_table() -> None:
    """One audience holding every query of the table (subscriber i holds query i), and
    one window index, answer the table as `matches` does."""
    sources = [str(param.values[0]) for param in TABLE]
    expected = [cast("set[str]", param.values[1]) for param in TABLE]
    queries = [parse_query(source) for source in sources]
    index = FilterIndex([(100 + i, [query]) for i, query in enumerate(queries)])
    assert index.subscriber_ids.tolist() == [100 + i for i in range(len(queries))]
    window = SectionIndex(DOCUMENTS)
    selections = {"select": index.select(DOCUMENTS), "match": index.match(DOCUMENTS)}
    for row, query in enumerate(queries):
        naive = {n for n, d in SECTIONS.items() if matches(query, d)}
        assert naive == expected[row], sources[row]
        assert names(window.matching(query)) == naive, sources[row]
        for how, selection in selections.items():
            assert names(selection.sections_of(row)) == naive, (how, sources[row])
            by_section = selection.by_section()
            assert {NAMES[j] for j, ids in enumerate(by_section) if 100 + row in ids} == naive
    for selection in selections.values():
        assert selection.pairs() == sum(len(e) for e in expected)


def test_filter_index_subscriber_with_several_queries() -> None:
    audience = [
        (7, [parse_query("title:huawei"), parse_query("erdos")]),
        (8, [parse_query("erdos"), parse_query("huawei -title:huawei")]),
        (9, []),  # no queries: not in the index
    ]
    index = FilterIndex(audience)
    assert index.subscriber_ids.tolist() == [7, 8]
    selection = index.select(DOCUMENTS)
    assert names(selection.sections_of(0)) == {"huawei-title", "erdos", "erdos-ascii"}
    assert names(selection.sections_of(1)) == {
        "huawei-teaser",
        "huawei-text",
        "erdos",
        "erdos-ascii",
    }
    instant = index.match([SECTIONS["erdos"], SECTIONS["huawei-title"], SECTIONS["art"]])
    assert [ids.tolist() for ids in instant.by_section()] == [[7, 8], [7], []]
    assert instant.subscribers_of(0).tolist() == [7, 8]
    assert instant.sections_of(1) == [0]


# Folding and whole words, each on its own section


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        pytest.param("art", "modern art, at last.", True, id="art"),
        pytest.param("art", "the start of it", False, id="art-in-start"),
        pytest.param("art", "artist and artwork", False, id="art-in-artist"),
        pytest.param("art", "art-deco lamps", True, id="art-hyphen"),
        pytest.param("start", "art", False, id="start-art"),
        pytest.param("chip", "CHIP shortage", True, id="upper-text"),
        pytest.param("CHIP", "a chip", True, id="upper-query"),
        pytest.param("chip", "a Ｃhip", True, id="fullwidth"),
        pytest.param("chip", "Chip’s design", True, id="curly-possessive"),
        pytest.param("straße", "STRASSE", True, id="sharp-s"),
        pytest.param("café", "CAFÉ", True, id="accent-upper"),
        pytest.param("cafe", "café society", True, id="accent-text"),
        pytest.param("café", "cafe\u0301 society", True, id="combining-accent"),
        pytest.param("ﬁle", "file", True, id="ligature"),
        pytest.param('"a b"', "a x a b", True, id="phrase-second-start"),
        pytest.param('"open source"', "Open-Source!", True, id="phrase-punctuation"),
        pytest.param('"open source"', "source open", False, id="phrase-reversed"),
        pytest.param('"electric car"', "battery car electric", False, id="phrase-scattered"),
        pytest.param("battery -car", "a home battery", True, id="exclusion-absent"),
        pytest.param("battery -car", "a car battery", False, id="exclusion-present"),
        pytest.param("battery -car", "battery cars", False, id="exclusion-stemmed"),
        pytest.param('battery -"electric car"', "battery car electric", True, id="not-phrase"),
        pytest.param(
            'battery -"electric car"', "battery, electric car", False, id="not-phrase-hit"
        ),
    ],
)
def test_text(source: str, text: str, expected: bool) -> None:
    assert matches(parse_query(source), document(text=text)) is expected


@pytest.mark.parametrize("field", ["title", "teaser", "text"])
def test_every_default_field_is_searched(field: str) -> None:
    assert matches(parse_query("robot"), document(**{field: "A Robot"}))


def test_exclusion_applies_to_every_default_field() -> None:
    assert not matches(parse_query("battery -car"), document(title="Car news", text="battery"))
    assert matches(parse_query("battery -car"), document(feed="Car news", text="battery"))


def test_field_phrase_count() -> None:
    field = analyser("english").field("a b a b a")
    assert field.phrase_count(("a",)) == 3
    assert field.phrase_count(("a", "b")) == 2
    assert field.phrase_count(("b", "a")) == 2
    assert field.phrase_count(("a", "a")) == 0


# Scores


def filter_(label: str, source: str) -> Filter:
    return Filter(label, source, parse_query(source))


def score(filters: list[Filter], section: Document, collection: Collection) -> float:
    verdict = match_filters(filters, section, collection)
    assert verdict is not None
    return verdict.score


def test_title_outscores_teaser_outscores_text() -> None:
    filters = [filter_("Robotics", "robot")]
    in_title = document("A robot arm", "", "kit review")
    in_teaser = document("Kit review", "a robot arm", "kit")
    in_text = document("Kit review", "", "a robot arm")
    collection = Collection([in_title, in_teaser, in_text, document("Cheese", "", "cheddar")])
    scores = [score(filters, d, collection) for d in (in_title, in_teaser, in_text)]
    assert scores[0] > scores[1] > scores[2] > 0


def test_more_occurrences_score_higher() -> None:
    filters = [filter_("Robotics", "robot")]
    once = document("", "", "a robot and a dog")
    twice = document("", "", "a robot and a robot")
    collection = Collection([once, twice, document("", "", "cheese")])
    assert score(filters, twice, collection) > score(filters, once, collection)


def test_rarer_word_scores_higher() -> None:
    both = document("", "", "chip robot")
    collection = Collection([both, document("", "", "chip"), document("", "", "chip cheese")])
    assert score([filter_("R", "robot")], both, collection) > score(
        [filter_("C", "chip")], both, collection
    )


def test_score_is_the_best_filter() -> None:
    section = document("Robot arm kit", "", "an open source controller")
    collection = Collection([section])
    both = score([filter_("A", "robot"), filter_("B", "controller")], section, collection)
    assert both == score([filter_("A", "robot")], section, collection)
    assert both > score([filter_("B", "controller")], section, collection)


def test_score_without_a_collection() -> None:
    verdict = match_filters([filter_("A", "robot")], document("A robot", "", ""))
    assert verdict is not None
    assert verdict.score > 0


@pytest.mark.parametrize(("source", "expected"), TABLE)
def test_unexplained_verdict_scores_alike(source: str, expected: set[str]) -> None:
    filters = [filter_("Q", source), filter_("Chips", "chip OR verilog*")]
    collection = Collection(DOCUMENTS)
    found = set()
    for name, section in SECTIONS.items():
        explained = match_filters(filters, section, collection)
        unexplained = match_filters(filters, section, collection, explain=False)
        if explained is None:
            assert unexplained is None, name
            continue
        assert unexplained is not None, name
        assert unexplained.score == explained.score, name
        assert unexplained.reasons == ()
        assert explained.reasons
        found.add(name)
    assert expected <= found


@pytest.mark.parametrize(
    "filters",
    [
        pytest.param([], id="none"),
        pytest.param([filter_("Cheese", "cheese")], id="absent"),
        pytest.param([filter_("A", "robot -arm"), filter_("B", "robot chips")], id="excluded"),
        pytest.param([filter_("Feed", "feed:robot")], id="wrong-field"),
    ],
)
def test_no_match_gives_none(filters: list[Filter]) -> None:
    assert match_filters(filters, document("Robot arm kit", "", "servos")) is None


# Reasons


def test_reasons() -> None:
    section = document(
        "Chips and Verilog", "Open-weight models", "The chip's design, in verilogs", IMPORT_AI
    )
    filters = [
        filter_("Chips", "chips verilog*"),
        filter_("Cheese", "cheese"),
        filter_("your query", '"open weight" -crypto'),
        filter_("Import AI", "feed:import OR cheese"),
    ]
    verdict = match_filters(filters, section)
    assert verdict is not None
    assert all(r.score > 0 for r in verdict.reasons)
    assert unscored(verdict.reasons) == (
        Reason(
            "Chips",
            "chips verilog*",
            words=("chips", "verilog*"),
            found=("chips", "chip's", "verilog", "verilogs"),
            fields=("title", "text"),
        ),
        Reason(
            "your query",
            '"open weight" -crypto',
            words=('"open weight"',),
            found=("open weight",),
            fields=("teaser",),
        ),
        Reason("Import AI", "feed:import OR cheese", ("import",), ("import",), ("feed",)),
    )
    assert highlight_words(verdict.reasons) == (
        "chips",
        "chip's",
        "verilog",
        "verilogs",
        "open weight",
        "import",
    )


def test_reason_keeps_the_query_spelling_and_the_section_word() -> None:
    verdict = match_filters([filter_("R", "Robots")], document("", "", "ROBOTICS lab"))
    assert verdict is not None
    assert unscored(verdict.reasons) == (
        Reason("R", "Robots", ("robots",), ("robotics",), ("text",)),
    )


def test_reason_names_only_the_alternatives_that_matched() -> None:
    verdict = match_filters(
        [filter_("R", "robot OR cheese OR (arm kit)")], document("Robot arm", "", "servos")
    )
    assert verdict is not None
    assert verdict.reasons[0].words == ("robot",)
    assert verdict.reasons[0].found == ("robot",)


def test_reason_across_fields_in_field_order() -> None:
    verdict = match_filters(
        [filter_("R", "robot")], document("robot", "robots", "a robot", "Robot Weekly")
    )
    assert verdict is not None
    assert verdict.reasons[0].found == ("robot", "robots")
    assert verdict.reasons[0].fields == ("title", "teaser", "text")


def test_highlight_words_once_across_reasons() -> None:
    reasons = [
        Reason("A", "a", ("chip",), ("chips", "chip")),
        Reason("B", "b", ("chip",), ("chip", "npu")),
        Reason("C", "c", ("x",)),
    ]
    assert highlight_words(reasons) == ("chips", "chip", "npu")
    assert highlight_words([]) == ()
