"""The preference form, checked field by field (digest.web.preferences, pure)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from digest.types import Cadence
from digest.web.preferences import MAX_QUERIES, FormResult, read_preferences

CATALOG = ("chips", "robotics", "energy")


def submit(**fields: str | Sequence[str]) -> FormResult:
    values = {"cadence": "weekly", "weekday": "mon", "hour": "8", "timezone": "UTC"}
    values.update({k: v for k, v in fields.items() if isinstance(v, str)})
    lists = {k: list(v) for k, v in fields.items() if not isinstance(v, str)}

    def getlist(name: str) -> list[str]:
        if name in lists:
            return lists[name]
        return [values[name]] if name in values else []

    return read_preferences(getlist, CATALOG)


def test_a_complete_form_reads_back_as_preferences() -> None:
    result = submit(
        topics=["robotics", "chips", "robotics"],
        queries='heat pump\n\n  "open weight" -llama  \nheat pump\n',
        cadence="daily",
        weekday="fri",
        hour="17",
        timezone="Europe/Zurich",
        send_empty="on",
    )
    assert result.ok
    chosen = result.submitted
    assert chosen.topics == ("robotics", "chips")
    assert chosen.queries == (
        "heat pump",
        '"open weight" -llama',
    )  # trimmed, blank and twice dropped
    assert (chosen.cadence, chosen.weekday, chosen.hour) == (Cadence.DAILY, 4, 17)
    assert (chosen.timezone, chosen.send_empty) == ("Europe/Zurich", True)


def test_an_unticked_box_sends_nothing_and_means_no() -> None:
    result = submit(topics=["chips"])
    assert result.ok and result.submitted.send_empty is False
    assert result.submitted.queries == ()


def test_a_broken_query_is_reported_by_line_and_column_and_keeps_everything_typed() -> None:
    result = submit(topics=["energy"], queries="solar\n(robot\nchip OR", cadence="instant")
    assert not result.ok
    assert [(p.line, p.query, p.column) for p in result.query_problems] == [
        (2, "(robot", 1),
        (3, "chip OR", 6),
    ]
    assert result.errors["queries"].startswith("line 2: unbalanced parenthesis at column 1")
    assert result.submitted.queries == ("solar", "(robot", "chip OR")
    assert result.submitted.topics == ("energy",)
    assert result.submitted.cadence is Cadence.INSTANT


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cadence", "hourly", "choose one of weekly, daily, instant, not 'hourly'"),
        ("weekday", "funday", "choose one of mon, tue"),
        ("hour", "24", "choose one of 0, 1"),
        ("hour", "", "not ''"),
        ("timezone", "Mars/Olympus", "Mars/Olympus"),
    ],
)
def test_each_bad_choice_is_named_with_what_was_allowed(
    field: str, value: str, message: str
) -> None:
    result = submit(topics=["chips"], **{field: value})
    assert list(result.errors) == [field]
    assert message in result.errors[field]


def test_a_topic_gone_from_the_catalog_is_named_and_the_rest_kept() -> None:
    result = submit(topics=["chips", "knitting"])
    assert result.errors == {"topics": "no such topic: knitting (the catalog has changed?)"}
    assert result.submitted.topics == ("chips",)


def test_nothing_to_follow_is_refused_with_the_way_out() -> None:
    result = submit(queries="  \n ")
    assert "follow at least one topic or write a query" in result.errors["topics"]


def test_too_many_queries_are_refused_not_cut() -> None:
    many = "\n".join(f"word{n}" for n in range(MAX_QUERIES + 1))
    result = submit(queries=many)
    assert result.errors["queries"] == f"at most {MAX_QUERIES} queries, one per line (21 given)"
    assert len(result.submitted.queries) == MAX_QUERIES + 1


def test_several_bad_fields_are_all_reported_at_once() -> None:
    result = submit(topics=["chips"], queries="(", hour="99", timezone="Nowhere")
    assert set(result.errors) == {"queries", "hour", "timezone"}
