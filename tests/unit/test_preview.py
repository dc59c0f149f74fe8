"""The preference page's preview: the window's stories that a subscriber's filters match."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest.matching.analysis import analyser
from digest.matching.preview import MAX_REMEMBERED, PreviewWindow, WindowStory
from digest.matching.query import parse_query
from digest.matching.score import SectionIndex, matches

START = datetime(2026, 3, 2, 9, tzinfo=UTC)
TITLES = [
    "Chip export rules tighten",
    "A new RISC-V chip for laptops",
    "Heat pumps in old houses",
    "Solar panels on balconies",
    "Robots that fold laundry",
    "Verilog tools go open source",
]


def window(titles: list[str] = TITLES) -> PreviewWindow:
    stories = [
        WindowStory(i + 1, title, "Weekly", START + timedelta(days=i), f"https://x.test/{i}")
        for i, title in enumerate(titles)
    ]
    documents = [analyser().document(title, "", f"{title}. More words.") for title in titles]
    return PreviewWindow(START, (len(titles), len(titles)), stories, documents)


def test_stories_any_query_matches_newest_first() -> None:
    preview = window().preview([parse_query("chip"), parse_query('"heat pump"')])
    assert [s.title for s in preview.stories] == [
        "Heat pumps in old houses",
        "A new RISC-V chip for laptops",
        "Chip export rules tighten",
    ]
    assert preview.total == 3


def test_nothing_chosen_or_nothing_matching_is_empty() -> None:
    assert window().preview([]).total == 0
    assert window().preview([parse_query("crypto")]).stories == ()


def test_limit_lists_the_newest_and_counts_all() -> None:
    preview = window().preview([parse_query("chip OR solar OR robots")], limit=2)
    assert [s.id for s in preview.stories] == [5, 4]
    assert preview.total == 4


def test_same_answer_as_walking_each_query() -> None:
    win = window()
    documents = [analyser().document(t, "", f"{t}. More words.") for t in TITLES]
    for source in ["chip -export", "verilog*", "title:solar OR laundry", "heat pump"]:
        query = parse_query(source)
        expected = {i + 1 for i, d in enumerate(documents) if matches(query, d)}
        assert {s.id for s in win.preview([query]).stories} == expected, source


def test_a_long_lived_window_forgets_what_it_remembered() -> None:
    win = window()
    for n in range(MAX_REMEMBERED // 2 + 10):
        win.preview([parse_query(f"word{n}")])
    assert win._index.remembered() <= MAX_REMEMBERED + 2
    assert win.preview([parse_query("chip")]).total == 2


def test_forget_keeps_the_answers() -> None:
    documents = [analyser().document(t, "", "") for t in TITLES]
    index = SectionIndex(documents)
    before = index.matching(parse_query("chip"))
    index.forget()
    assert index.remembered() == 0
    assert index.matching(parse_query("chip")) == before


def test_one_document_per_story() -> None:
    with pytest.raises(ValueError, match="one document per story"):
        PreviewWindow(START, (0, 0), [], [analyser().document("a", "", "")])
