"""Matching sections against queries: whole words, phrases, exclusions, scores and reasons."""

from __future__ import annotations

import pytest

from digest.matching import Filter, analyse, evaluate, highlight_words, match_filters
from digest.query import Term, parse_query
from digest.types import Reason


def matched(
    source: str, *, title: str = "", teaser: str = "", text: str = ""
) -> tuple[str, ...] | None:
    terms = evaluate(parse_query(source), analyse(title, teaser, text))
    return None if terms is None else tuple(str(t) for t in terms)


def filter_(label: str, source: str) -> Filter:
    return Filter(label, source, parse_query(source))


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        # whole words only
        ("art", "modern art, at last.", ("art",)),
        ("art", "the start of it", None),
        ("art", "artist and artwork", None),
        ("art", "art-deco lamps", ("art",)),
        ("start", "art", None),
        # case-insensitive, NFKC and casefold
        ("chip", "CHIP shortage", ("chip",)),
        ("CHIP", "a chip", ("chip",)),
        ("chip", "a Ｃhip", ("chip",)),
        ("straße", "STRASSE", ("strasse",)),
        ("café", "CAFÉ", ("café",)),
        ("café", "cafe\u0301 society", ("café",)),
        ("ﬁle", "file", ("file",)),
        # phrases: adjacent and in order
        ('"open source"', "an open source database", ('"open source"',)),
        ('"open source"', "Open-Source!", ('"open source"',)),
        ('"open source"', "source open", None),
        ('"open source"', "open the source", None),
        ('"a b"', "a x a b", ('"a b"',)),
        # exclusion
        ("battery -car", "a home battery", ("battery",)),
        ("battery -car", "a car battery", None),
        ("battery -car", "battery cars", ("battery",)),
        ('battery -"electric car"', "battery car electric", ("battery",)),
        ('battery -"electric car"', "battery for an electric car", None),
        # OR, and OR binding tighter than AND
        ("robot OR robotics", "robotics lab", ("robotics",)),
        ("robot OR robotics", "a robot in robotics", ("robot", "robotics")),
        ("robot OR robotics", "drones", None),
        ("a b OR c", "a c", ("a", "c")),
        ("a b OR c", "b c", None),
        # AND is implicit and every clause must match
        ("chip verilog", "chip design in verilog", ("chip", "verilog")),
        ("chip verilog", "chip design", None),
    ],
)
def test_evaluate(source: str, text: str, expected: tuple[str, ...] | None) -> None:
    assert matched(source, text=text) == expected


@pytest.mark.parametrize("field", ["title", "teaser", "text"])
def test_every_field_is_searched(field: str) -> None:
    assert matched("robot", **{field: "A Robot"}) == ("robot",)


def test_phrase_does_not_span_fields() -> None:
    assert matched('"open source"', title="open", text="source") is None


def test_exclusion_applies_to_the_title() -> None:
    assert matched("battery -car", title="Car news", text="battery") is None


def test_title_hit_scores_higher_than_text_hit() -> None:
    filters = [filter_("Robotics", "robot")]
    in_title = match_filters(filters, analyse("A robot arm", "", "kit review"))
    in_teaser = match_filters(filters, analyse("Kit review", "a robot arm", "kit"))
    in_text = match_filters(filters, analyse("Kit review", "", "a robot arm"))
    assert in_title is not None and in_teaser is not None and in_text is not None
    assert in_title.score > in_teaser.score > in_text.score > 0


def test_more_mentions_score_higher() -> None:
    filters = [filter_("Robotics", "robot")]
    once = match_filters(filters, analyse("", "", "a robot"))
    twice = match_filters(filters, analyse("", "", "a robot and a robot"))
    assert once is not None and twice is not None
    assert twice.score > once.score


def test_match_filters_reasons() -> None:
    document = analyse("Robot arm kit", "", "servos and an open source controller")
    filters = [
        filter_("Robotics", "robot OR arm"),
        filter_("your query", "cheese"),
        filter_("your query", '"open source" -car'),
    ]
    verdict = match_filters(filters, document)
    assert verdict is not None
    assert verdict.reasons == (
        Reason("Robotics", "robot OR arm", ("robot", "arm")),
        Reason("your query", '"open source" -car', ('"open source"',)),
    )
    assert highlight_words(verdict.reasons) == ("robot", "arm", "open source")


def test_score_is_the_best_filter() -> None:
    document = analyse("Robot arm kit", "", "an open source controller")
    both = match_filters([filter_("A", "robot"), filter_("B", "controller")], document)
    title_only = match_filters([filter_("A", "robot")], document)
    assert both is not None and title_only is not None
    assert both.score == title_only.score


@pytest.mark.parametrize(
    "filters",
    [[], [filter_("Cheese", "cheese")], [filter_("A", "robot -arm"), filter_("B", "robot chips")]],
)
def test_no_match_gives_none(filters: list[Filter]) -> None:
    assert match_filters(filters, analyse("Robot arm kit", "", "servos")) is None


def test_document_count() -> None:
    document = analyse("", "", "a b a b a")
    assert document.count(Term(("a",)), "text") == 3
    assert document.count(Term(("a", "b")), "text") == 2
    assert document.count(Term(("b", "a")), "text") == 2
    assert document.count(Term(("a",)), "title") == 0
