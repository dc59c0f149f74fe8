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
    numbered = sum(1 for t in titles if _ORDINAL.match(t)) >= 2
    suffixed = sum(1 for t in titles if _PAREN.search(t)) >= RECURRING_SUFFIXES
    return [_clean(t, numbered, suffixed) for t in titles]


def without_list_numbers(titles: list[str]) -> list[str]:
    """The titles less their list numbers, when two or more of them carry one."""
    if sum(1 for t in titles if _ORDINAL.match(t)) < 2:
        return titles
    return [_ORDINAL.sub("", t) or t for t in titles]


def _clean(title: str, numbered: bool, suffixed: bool) -> str:
    text = " ".join(title.split())
    if numbered:
        text = _ORDINAL.sub("", text)
    if suffixed:
        text = _PAREN.sub("", text)
    text = _INVISIBLE.sub("", text)  # marks and joiners around an emoji
    text = strip_decoration(text).rstrip(":").rstrip(" —–-").rstrip()
    return strip_decoration(strip_full_stop(text)) or title


def strip_full_stop(title: str) -> str:
    """The title without a closing full stop (an ellipsis stays)."""
    if title.endswith(".") and not title.endswith(".."):
        return title[:-1].rstrip() or title
    return title
