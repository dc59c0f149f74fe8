"""`--json` listings written an item at a time: the same data as one `json.dumps`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click
import pytest
from click.testing import CliRunner

from digest.cli.common import emit_json_array

CASES = [
    [],
    [{"a": 1, "b": [1, 2], "c": {"d": None}, "e": {}, "f": [], "g": 1.5, "h": True}],
    [{"x": 'é"\n\u2028\x01'}, {"y": []}],
    [{"at": datetime(2026, 1, 1, tzinfo=UTC)}],
]


def written(items: list[object], batch: int) -> str:
    @click.command()
    def command() -> None:
        emit_json_array(iter(items), batch=batch)

    return CliRunner().invoke(command).output


@pytest.mark.parametrize("batch", [1, 2, 500])
@pytest.mark.parametrize("items", CASES)
def test_the_same_data_as_one_dump(items: list[object], batch: int) -> None:
    expected = json.loads(json.dumps(items, default=str))
    assert json.loads(written(items, batch)) == expected


def test_one_item_a_line() -> None:
    text = written([{"a": 1}, {"b": [2]}], batch=1)
    assert text == '[\n  {"a": 1},\n  {"b": [2]}\n]\n'
    assert written([], batch=1) == "[]\n"
