"""Text analysis for matching: a section's fields as folded words, stems and positions (pure).

Words are folded (case, accents, width) by `digest.text.fold`, then reduced to
their stem by the Snowball stemmer of the feed's language, so "chips", "Chip's"
and "CHIP" are one word. Prefixes (``verilog*``) are matched against the folded
words before stemming, because a stem is not always a prefix of its word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property

import snowballstemmer

from digest.text import terms

DEFAULT_LANGUAGE = "english"

#: Snowball's languages by their ISO 639-1 code, for feeds that declare theirs.
_ISO_CODES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "hi": "hindi",
    "hu": "hungarian", "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip


def languages() -> tuple[str, ...]:
    """The languages a feed's words can be stemmed in."""
    return tuple(sorted(set(snowballstemmer.algorithms()) - {"porter", "dutch_porter"}))


def language_name(value: str | None) -> str | None:
    """Snowball's name for a language given as a name or a tag (``fr``, ``en-US``); None if
    there is no stemmer for it."""
    if not value:
        return None
    lowered = value.strip().lower()
    if lowered in languages():
        return lowered
    return _ISO_CODES.get(lowered.replace("_", "-").split("-")[0])


@dataclass(frozen=True, eq=False)
class FieldText:
    """One field of a section: its folded words and their stems, in order."""

    words: tuple[str, ...]
    stems: tuple[str, ...]

    @cached_property
    def positions(self) -> Mapping[str, tuple[int, ...]]:
        found: dict[str, list[int]] = {}
        for position, stem in enumerate(self.stems):
            found.setdefault(stem, []).append(position)
        return {stem: tuple(places) for stem, places in found.items()}

    @cached_property
    def spellings(self) -> Mapping[str, tuple[str, ...]]:
        """Each stem's words as the field spells them, first seen first: what a match
        on the stem highlights, worked out once for the many readers shown the field."""
        found: dict[str, dict[str, None]] = {}
        for word, stem in zip(self.words, self.stems, strict=True):
            found.setdefault(stem, {})[word] = None
        return {stem: tuple(words) for stem, words in found.items()}

    @cached_property
    def surfaces(self) -> frozenset[str]:
        return frozenset(self.words)

    def phrase_count(self, stems: tuple[str, ...]) -> int:
        """How often the stems occur adjacent and in order."""
        positions = self.positions
        if not all(stem in positions for stem in stems):
            return 0
        later = [set(positions[stem]) for stem in stems[1:]]
        return sum(
            1
            for start in positions[stems[0]]
            if all(start + offset in places for offset, places in enumerate(later, 1))
        )


@dataclass(frozen=True, eq=False)
class Document:
    """A section's fields (title, teaser, text, feed), analysed in its feed's language."""

    language: str
    fields: Mapping[str, FieldText]


_MAX_REMEMBERED = 1_000_000


class Analyser:
    """Folds and stems text in one language, remembering every word it has stemmed."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language
        self._stemmer = snowballstemmer.stemmer(language)
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stemmer.stemWord(word)
        return stem

    def field(self, text: str) -> FieldText:
        words = tuple(terms(text))
        stems = self._stems
        missing = [word for word in set(words) if word not in stems]
        if len(stems) + len(missing) > _MAX_REMEMBERED:
            stems.clear()  # a long-running process meets ever more rare words
        if missing:
            stems.update(zip(missing, self._stemmer.stemWords(missing), strict=True))
        return FieldText(words, tuple(stems[word] for word in words))

    def document(self, title: str, teaser: str, text: str, feed: str = "") -> Document:
        fields = {"title": title, "teaser": teaser, "text": text, "feed": feed}
        return Document(self.language, {name: self.field(value) for name, value in fields.items()})


@cache
def analyser(language: str = DEFAULT_LANGUAGE) -> Analyser:
    """The shared analyser of a language."""
    return Analyser(language)
