"""Everything a feed's answer needs before it touches the database (pure).

Parse the document, find the entries that are new or edited, learn the feed's
boilerplate and cut those entries into sections. It takes values and returns
values, so a poll of many feeds can run it in worker processes, one per core,
while the main process fetches and stores.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from digest.ingest.parse import parse_feed
from digest.sectioning.sections import learn_boilerplate, split_post
from digest.types import FeedEntry, FetchedDocument, ParsedFeed, SectionDraft

#: Learned boilerplate fingerprints kept per feed, newest first.
MAX_BOILERPLATE = 200


@dataclass(frozen=True)
class PreparedEntry:
    entry: FeedEntry
    content_hash: str
    drafts: tuple[SectionDraft, ...]


@dataclass(frozen=True)
class PreparedFeed:
    """A parsed feed, with sections cut for the entries that are new or edited only."""

    parsed: ParsedFeed
    boilerplate: tuple[str, ...]
    changed: tuple[PreparedEntry, ...]


def prepare_feed(
    document: FetchedDocument,
    known_hashes: Mapping[str, str],
    known_boilerplate: Sequence[str] = (),
    split: str = "auto",
) -> PreparedFeed:
    """`known_hashes` maps the guids already stored to their `content_hash`; `split` is
    the feed's split mode (`SPLIT_MODES`)."""
    return prepare_parsed(parse_feed(document), known_hashes, known_boilerplate, split)


def prepare_to_store(
    document: FetchedDocument,
    known_hashes: Mapping[str, str],
    known_boilerplate: Sequence[str] = (),
    split: str = "auto",
) -> PreparedFeed:
    """`prepare_feed`, without what storing it never reads: the posts' HTML (cut into
    sections already). What a worker process sends back is then a third smaller."""
    prepared = prepare_feed(document, known_hashes, known_boilerplate, split)
    return replace(
        prepared,
        parsed=replace(prepared.parsed, entries=()),
        changed=tuple(replace(c, entry=replace(c.entry, html="")) for c in prepared.changed),
    )


def prepare_parsed(
    parsed: ParsedFeed,
    known_hashes: Mapping[str, str],
    known_boilerplate: Sequence[str] = (),
    split: str = "auto",
) -> PreparedFeed:
    """`prepare_feed` for a feed parsed already."""
    changed = [
        (entry, digest)
        for entry in unique_entries(parsed.entries)
        if known_hashes.get(entry.guid) != (digest := content_hash(entry))
    ]
    if not changed:  # the usual poll of a server without validators: nothing to cut
        return PreparedFeed(parsed, tuple(known_boilerplate), ())
    boilerplate = merge_boilerplate(known_boilerplate, parsed.entries)
    learned = frozenset(boilerplate)
    prepared = tuple(
        PreparedEntry(entry, digest, tuple(_cut(entry, learned, split)))
        for entry, digest in changed
    )
    return PreparedFeed(parsed, boilerplate, prepared)


def _cut(entry: FeedEntry, boilerplate: frozenset[str], split: str) -> list[SectionDraft]:
    return split_post(
        entry.html,
        post_url=entry.url,
        post_title=entry.title,
        boilerplate=boilerplate,
        base_url=entry.base_url or None,
        split=split,
    )


def merge_boilerplate(known: Sequence[str], entries: Sequence[FeedEntry]) -> tuple[str, ...]:
    """Paragraphs that recur across a feed's posts are the publisher's, not a story."""
    learned = learn_boilerplate([entry.html for entry in entries])
    added = [fp for fp in sorted(learned) if fp not in known]
    return tuple([*added, *known][:MAX_BOILERPLATE])


def unique_entries(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """A feed that lists one guid twice: the first one listed wins."""
    seen: dict[str, FeedEntry] = {}
    for entry in entries:
        seen.setdefault(entry.guid, entry)
    return list(seen.values())


def content_hash(entry: FeedEntry) -> str:
    return hashlib.sha256(f"{entry.title}\n{entry.html}".encode()).hexdigest()
