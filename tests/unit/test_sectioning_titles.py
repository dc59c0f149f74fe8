"""Stage 5 of the sectioner: titles as printed."""

from __future__ import annotations

from digest.sectioning.titles import clean_titles


def test_list_numbers_come_off_a_numbered_run() -> None:
    assert clean_titles(["1. First thing", "2. Second thing."]) == ["First thing", "Second thing"]


def test_a_lone_number_stays() -> None:
    assert clean_titles(["1. Only one", "Other"]) == ["1. Only one", "Other"]


def test_recurring_parenthetical_suffixes_come_off() -> None:
    titles = ["A (4 minute read)", "B (GitHub Repo)", "C (12 minute read)", "D"]
    assert clean_titles(titles) == ["A", "B", "C", "D"]


def test_rubrics_colons_and_emoji() -> None:
    assert clean_titles(["Bonus: a font", "🌊 Tides:", "Title (one)"]) == [
        "Bonus: a font",
        "Tides",
        "Title (one)",
    ]
