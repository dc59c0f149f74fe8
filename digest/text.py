"""Text normalisation shared by sectioning and matching (pure)."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Unicode-compose and case-fold, so ``Ｃhip`` and ``CHIP`` compare equal."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """The normalised words of a text, in order."""
    return _WORD.findall(normalise(text))


def squash(text: str) -> str:
    """Collapse runs of white space and trim."""
    return _SPACE.sub(" ", text).strip()


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(_WORD.findall(ascii_text.lower())).replace("_", "-")
    return slug[:max_length].rstrip("-")


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"
