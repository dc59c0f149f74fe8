"""What you missed: which of a subscriber's topics and queries are new, and which of their
filters a catch-up matches with (pure)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from digest.matching.score import Filter


@dataclass(frozen=True)
class Followed:
    """What a subscriber follows: catalog topics by slug, and their own queries."""

    topics: frozenset[str]
    queries: frozenset[str]


def added(before: Followed, after: Followed) -> Followed:
    """The topics and queries followed now that were not before."""
    return Followed(after.topics - before.topics, after.queries - before.queries)


def catchup_filters(
    filters: Sequence[Filter], topics: Collection[str], queries: Collection[str]
) -> list[Filter]:
    """Of a subscriber's filters, those of the topics (by slug) and own queries added: a
    catch-up brings what they match, not what the others had every chance to bring."""
    return [f for f in filters if (f.slug in topics if f.slug else f.source in queries)]


def pick_missed(
    candidates: Iterable[tuple[int, str]],
    taken: Collection[int],
    seen: list[str],
    cap: int,
    same_story: Callable[[str, str], bool],
) -> list[int]:
    """Of the candidates (section id, fingerprint; best first), the first `cap` that this
    digest does not show already and that tell no story in `seen`, which they join."""
    picked: list[int] = []
    for section_id, fingerprint in candidates:
        if len(picked) == cap:
            break
        if section_id in taken or any(same_story(fingerprint, other) for other in seen):
            continue
        seen.append(fingerprint)
        picked.append(section_id)
    return picked
