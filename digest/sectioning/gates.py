"""Case-insensitive patterns searched only in texts where they can match (pure).

Python's `re` tries every alternative of a pattern at every position of a text: a
pattern of a dozen `\\b`-anchored phrases costs microseconds on a short paragraph,
and the stages ask such questions of every block. Most blocks hold none of the words
that every match holds, which lowering the text and `in` tell at a fraction of that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters that `re.IGNORECASE` matches to an ASCII letter but `str.lower` does not
#: lower to one alone (CAPITAL I WITH DOT ABOVE, DOTLESS I, LONG S, KELVIN SIGN).
_ODD_CASE = re.compile("[\u0130\u0131\u017f\u212a]")


@dataclass(frozen=True, slots=True)
class Gated:
    """A case-insensitive `pattern` every match of which holds one of `words`: a text
    holding none of them is not searched."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self._may_match(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if self._may_match(text) else None

    def _may_match(self, text: str) -> bool:
        return _holds_any(text, self.words)


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    for word in words:  # a plain loop: `any` over a generator costs a third more
        if word in lowered:
            return True
    return not text.isascii() and _ODD_CASE.search(text) is not None


@dataclass(frozen=True, slots=True)
class AnyOf:
    """The words of several gates: a text holding none of them needs none of their
    searches, and is lowered once to tell."""

    words: tuple[str, ...]

    def may_match(self, text: str) -> bool:
        return _holds_any(text, self.words)


def any_of(*gates: Gated) -> AnyOf:
    return AnyOf(tuple(dict.fromkeys(word for gate in gates for word in gate.words)))


def gated(pattern: re.Pattern[str], words: str) -> Gated:
    """`pattern` (compiled with `re.IGNORECASE`) behind a test for `words`, "|"-separated:
    lower case, letters ASCII (each match of the pattern must hold one of them)."""
    split = tuple(words.split("|"))
    if not pattern.flags & re.IGNORECASE or not all(map(_plain_lower, split)):
        raise ValueError(f"a gate needs a case-insensitive pattern and lower-case words: {words}")
    return Gated(pattern, split)


def _plain_lower(word: str) -> bool:
    """Lower case, no cased letter but ASCII ones (dashes and quotes are fine)."""
    return (
        bool(word)
        and all(char.isascii() or char.lower() == char.upper() for char in word)
        and word == word.lower()
    )
