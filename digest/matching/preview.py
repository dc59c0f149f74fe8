"""What a subscriber's topics and queries would have brought from recent weeks (pure).

The preference page shows, while a subscriber edits, the stories of the last weeks
that their filters match. The window's sections are indexed once (`SectionIndex`), so
that a preview costs a few integer operations per query however often it is asked;
the index is rebuilt only when the window's sections change (`PreviewWindow.stamp`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from digest.matching.analysis import Document
from digest.matching.query import Query
from digest.matching.score import SectionIndex, members

#: The stories a preview lists; the rest are counted.
PREVIEW_LIMIT = 20
#: Selections and atoms a window keeps before it forgets them: each query typed adds some.
MAX_REMEMBERED = 20_000


@dataclass(frozen=True)
class WindowStory:
    """A section of the window, as a preview lists it."""

    id: int
    title: str
    feed: str
    published_at: datetime
    link: str


@dataclass(frozen=True)
class Preview:
    """The newest matching stories (at most `PREVIEW_LIMIT`) and how many matched in all."""

    stories: tuple[WindowStory, ...]
    total: int


class PreviewWindow:
    """The sections first seen since `since`, indexed for previews.

    `stamp` identifies the sections the window holds (their newest id and their number,
    as the caller read them): a window with another stamp is stale.
    """

    def __init__(
        self,
        since: datetime,
        stamp: tuple[int, int],
        stories: Sequence[WindowStory],
        documents: Sequence[Document],
    ) -> None:
        if len(stories) != len(documents):
            raise ValueError("a window needs one document per story")
        self.since = since
        self.stamp = stamp
        self.stories = tuple(stories)
        self._index = SectionIndex(documents)
        # Newest first: a preview shows the stories a subscriber would have got last.
        self._order = sorted(
            range(len(self.stories)),
            key=lambda i: (self.stories[i].published_at, self.stories[i].id),
            reverse=True,
        )

    def preview(self, queries: Sequence[Query], limit: int = PREVIEW_LIMIT) -> Preview:
        """The window's stories that any of `queries` matches, newest first."""
        if self._index.remembered() > MAX_REMEMBERED:
            self._index.forget()
        selected = 0
        for query in queries:
            selected |= self._index.select(query)
        if not selected:
            return Preview((), 0)
        matched = set(members(selected))
        newest = [self.stories[i] for i in self._order if i in matched]
        return Preview(tuple(newest[:limit]), len(matched))
