"""Case-insensitive patterns searched only in texts where they can match (pure).

Python's `re` tries every alternative of a pattern at every position of a text: a
pattern of a dozen `\\b`-anchored phrases costs microseconds on a short paragraph,
and the stages ask such questions of every block. Most blocks hold none of the words
that every match holds, which lowering the text and `in` tell at a fraction of that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
        return self.pattern.search(text) if _holds_any(text, self.words) else None

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(text) if _holds_any(text, self.words) else None

    def within(self, texts: Iterable[str]) -> Gated:
        """This gate for `texts` only: as this one for each of them, with only the words
        some of them hold to look for."""
        return Gated(self.pattern, _held(self.words, texts))


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    lowered = _LOWERED.get(text)
    if lowered is None:
        lowered = _lower(text)
    for word in words:  # a plain loop: `any` over a generator costs a third more
        if word in lowered:
            return True
    return not lowered and text != ""  # "" for a text: it holds an `_ODD_CASE` letter


#: Each text asked about, in lower case: the stages ask several gates of one block's
#: text, and each text is read once. Bounded: it starts again when full.
_LOWERED: dict[str, str] = {}
_MAX_LOWERED = 4096


def _lowered(text: str) -> str:
    lowered = _LOWERED.get(text)
    return _lower(text) if lowered is None else lowered


def _lower(text: str) -> str:
    """`text` in lower case, remembered; "" for a text that holds an `_ODD_CASE` letter
    (no other text but "" lowers to "")."""
    if len(_LOWERED) >= _MAX_LOWERED:
        _LOWERED.clear()
    odd = not text.isascii() and _ODD_CASE.search(text) is not None
    lowered = _LOWERED[text] = "" if odd else text.lower()
    return lowered


@dataclass(frozen=True, slots=True)
class AnyOf:
    """The words of several gates: a text holding none of them needs none of their
    searches, and is lowered once to tell."""

    words: tuple[str, ...]

    def may_match(self, text: str) -> bool:
        return _holds_any(text, self.words)

    def within(self, texts: Iterable[str]) -> AnyOf:
        """These words for `texts` only (`Gated.within`)."""
        return AnyOf(_held(self.words, texts))


def _held(words: tuple[str, ...], texts: Iterable[str]) -> tuple[str, ...]:
    """The `words` that some of `texts` hold: a post's blocks hold few of a gate's words,
    and each block is then searched for those only. One search of all the texts for a
    word costs a fraction of one search of each."""
    found = "\n".join(map(_lowered, texts))  # "" for an odd text: it passes without words
    return tuple(word for word in words if word in found)


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
