"""How each post of a feed is cut, for an operator debugging a new newsletter (pure).

`inspect_feed` takes a parsed feed, the boilerplate learned from it so far and its split
mode, and cuts every post as a poll would, keeping the sectioner's trace: the blocks, the
cues found, the layout chosen and its evidence, each block's role (an opener, body, a
category label, or chrome with its reason) and the sections that result. Nothing is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digest.ingest.prepare import merge_boilerplate, unique_entries
from digest.sectioning.sections import Cut, cut_post
from digest.types import FeedEntry, ParsedFeed

#: A block's text is shown up to this many characters.
PREVIEW = 72


@dataclass(frozen=True)
class BlockRole:
    index: int
    kind: str
    words: int
    role: str  # "opener(cue)", "body", "category", "chrome(reason)", "dropped"
    text: str

    def as_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "kind": self.kind,
            "words": self.words,
            "role": self.role,
            "text": self.text,
        }


@dataclass(frozen=True)
class InspectedPost:
    entry: FeedEntry
    cut: Cut
    split: str = "auto"  # the split mode it was cut with

    @property
    def layout(self) -> str:
        return self.cut.plan.layout

    @property
    def family(self) -> str:
        family = self.cut.plan.family
        return "" if family is None else f"{family[0]} (rank {family[1]})"

    def roles(self) -> list[BlockRole]:
        """Every block with what the sectioner made of it."""
        role: dict[int, str] = {}
        for story in self.cut.plan.stories:
            for index in story.blocks:
                role[index] = "body"
            if story.opener is not None:
                role[story.opener.index] = f"opener({story.opener.cue})"
        for index in self.cut.plan.labels:
            role[index] = "category"
        for dropped in self.cut.dropped:
            role[dropped.index] = f"chrome({dropped.reason})"
        return [
            BlockRole(b.index, b.kind, b.words, role.get(b.index, "dropped"), _preview(b.text))
            for b in self.cut.blocks
        ]

    def chrome(self) -> dict[str, int]:
        """How many blocks were dropped, by reason."""
        counts: dict[str, int] = {}
        for dropped in self.cut.dropped:
            counts[dropped.reason] = counts.get(dropped.reason, 0) + 1
        return counts

    def as_json(self, *, blocks: bool) -> dict[str, object]:
        document: dict[str, object] = {
            "guid": self.entry.guid,
            "title": self.entry.title,
            "split": self.split,
            "layout": self.layout,
            "family": self.family or None,
            "evidence": list(self.cut.plan.evidence),
            "chrome": self.chrome(),
            "sections": [
                {
                    "key": d.key,
                    "title": d.title,
                    "category": d.category,
                    "words": len(d.text.split()),
                }
                for d in self.cut.drafts
            ],
        }
        if blocks:
            document["blocks"] = [r.as_json() for r in self.roles()]
        return document


def inspect_feed(
    parsed: ParsedFeed, known_boilerplate: Sequence[str] = (), split: str = "auto"
) -> list[InspectedPost]:
    """Every post of the feed cut as a poll would cut it with `split`, the trace kept."""
    learned = frozenset(merge_boilerplate(known_boilerplate, parsed.entries))
    return [
        InspectedPost(
            entry,
            cut_post(
                entry.html,
                post_url=entry.url,
                post_title=entry.title,
                boilerplate=learned,
                base_url=entry.base_url or None,
                split=split,
            ),
            split,
        )
        for entry in unique_entries(parsed.entries)
    ]


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 1] + "…"
