"""Gated patterns: the words in front of a pattern never hide one of its matches."""

from __future__ import annotations

import re
from re import _constants as sre, _parser
from typing import Any

import pytest

from digest.sectioning import chrome, evidence
from digest.sectioning.gates import Gated, gated

GATED = {
    name: value
    for module in (chrome, evidence)
    for name, value in vars(module).items()
    if isinstance(value, Gated)
}


def _covered(items: Any, words: tuple[str, ...]) -> bool:
    """Every match of the parsed pattern holds one of `words`: some literal run, group,
    every branch of an alternation or a repeated part that must occur holds one."""
    run, parts = "", []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        parts.append(any(word in run.lower() for word in words))
        run = ""
        if op is sre.SUBPATTERN:
            parts.append(_covered(av[-1], words))
        elif op is sre.BRANCH:
            parts.append(all(_covered(branch, words) for branch in av[1]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            parts.append(_covered(av[2], words))
    return any(parts)


def test_gates_found() -> None:
    assert {"_SPONSOR", "_SIGN_OFF", "_SPONSOR_MARK", "_NEXT_ISSUE"} <= set(GATED)


@pytest.mark.parametrize("name", sorted(GATED))
def test_every_match_holds_a_gate_word(name: str) -> None:
    gate = GATED[name]
    assert _covered(_parser.parse(gate.pattern.pattern, gate.pattern.flags), gate.words), name


def test_gate_searches_as_the_pattern() -> None:
    gate = gated(re.compile(r"\bsponsored by\b", re.I), "sponsored by")
    for text in ("Sponsored by X", "SPONSORED BY", "plain text", "ſponsored by", "—"):
        assert bool(gate.search(text)) == bool(gate.pattern.search(text)), text
    assert gate.match("a") is None


def test_gate_needs_case_insensitive_lower_case() -> None:
    with pytest.raises(ValueError, match="a gate needs"):
        gated(re.compile("x"), "x")
    with pytest.raises(ValueError, match="a gate needs"):
        gated(re.compile("x", re.I), "X")
