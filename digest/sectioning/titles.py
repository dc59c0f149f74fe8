"""Stage 5: a story's title as printed (pure).

Entities are decoded and curly quotes kept by the parser; what goes is what the
reader reads past: a list number of a numbered run, a trailing full stop or colon,
edge emoji, and a trailing parenthetical that recurs across the post's headlines
("(4 minute read)"). Rubrics that are part of the headline stay ("Bonus: …").
"""

from __future__ import annotations

import re

from digest.text import strip_decoration

_ORDINAL = re.compile(r"^\s*(?:\d{1,2}|[IVXL]{1,5})[.)]\s+")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufe0e\ufe0f]")
_PAREN = re.compile(r"\s*\(([^()]{1,40})\)\s*$")
#: This many titles ending with a parenthetical make it the publisher's suffix.
RECURRING_SUFFIXES = 3


def clean_titles(titles: list[str]) -> list[str]:
    """The post's story titles, cleaned together (ordinals and suffixes are read
    across the post, not per title)."""
    suffixed = sum(1 for t in titles if _parenthetical(t)) >= RECURRING_SUFFIXES
    squashed = [" ".join(t.split()) for t in titles]
    cleaned = (_clean(t, suffixed) for t in _numbers_off(titles, squashed))
    return [text or title for text, title in zip(cleaned, titles, strict=True)]


def without_list_numbers(titles: list[str]) -> list[str]:
    """The titles less their list numbers, when two or more of them carry one."""
    unnumbered = _numbers_off(titles, titles)
    return [text or title for text, title in zip(unnumbered, titles, strict=True)]


def _numbers_off(titles: list[str], texts: list[str]) -> list[str]:
    """`texts` (the titles, as given or squashed) less their list numbers, when two or
    more of the titles carry one."""
    if sum(1 for t in titles if _ORDINAL.match(t)) < 2:
        return texts
    return [_ORDINAL.sub("", t) for t in texts]


def _parenthetical(title: str) -> bool:
    """Ends with a parenthetical (a search only where a bracket is)."""
    return ")" in title and _PAREN.search(title) is not None


def _clean(text: str, suffixed: bool) -> str:
    """The (squashed) title as printed, or "" when nothing of it is left."""
    if suffixed and _parenthetical(text):
        text = _PAREN.sub("", text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text)  # marks and joiners around an emoji
    text = strip_decoration(text).rstrip(":").rstrip(" —–-").rstrip()
    if text.endswith(".") and not text.endswith(".."):  # a full stop, not an ellipsis
        text = text[:-1].rstrip()
    return strip_decoration(text)
