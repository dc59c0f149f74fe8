"""The sectioner against the labelled layouts in tests/layouts (e-mail builders, blogs,
link newsletters, Markdown, essays and letters that must stay whole).

The labels follow the corpus rules (a careful reader's cut); titles are compared the
way `section_score.py` compares them: normalised words, equal, a prefix, or most
words shared. Floors sit a little under today's figures, so a rule change that
loses a layout fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.ingest.parse import parse_feed
from digest.sectioning import learn_boilerplate, split_post
from digest.types import FetchedDocument
from tests.layouts.layoutkit import same

LAYOUTS = Path(__file__).resolve().parents[1] / "layouts"
SETS = sorted(p.name.removesuffix(".expected.json") for p in LAYOUTS.glob("*.expected.json"))
#: Per-set F1 floor; the micro average over every set has its own.
SET_FLOOR, MICRO_FLOOR = 0.75, 0.93
#: Layouts still cut poorly, at their floors today: book lines in italics, launch tables,
#: a two-column e-mail's side column.
WEAK = {"book-club-letter": 0.1, "product-hunt-style": 0.2, "newsletter-two-columns": 0.65}


def _cut(name: str) -> dict[str, tuple[str, list[str]]]:
    feed = LAYOUTS / f"{name}.xml"
    entries = parse_feed(FetchedDocument("https://layouts.example/feed", feed.read_bytes())).entries
    boilerplate = learn_boilerplate([e.html for e in entries])
    return {
        e.url: (e.title, [d.title for d in split_post(e.html, post_url=e.url, post_title=e.title,
                                                       boilerplate=boilerplate)])
        for e in entries
    }  # fmt: skip


def _score(name: str) -> tuple[int, int, int, list[str]]:
    """matched, produced (less optional ones), expected, posts not kept whole."""
    labels = json.loads((LAYOUTS / f"{name}.expected.json").read_text())
    cut = _cut(name)
    matched = produced = expected = 0
    broken: list[str] = []
    for link, label in labels.items():
        title, produced_titles = cut[link]
        wanted = [title] if label.get("whole") else label["titles"]
        if label.get("whole") and len(produced_titles) != 1:
            broken.append(title)
        left = list(produced_titles)
        for want in wanted:
            hit = next((p for p in left if same(p, want)), None)
            if hit is not None:
                left.remove(hit)
                matched += 1
        optional = label.get("optional", [])
        produced += len(produced_titles) - sum(1 for p in left if any(same(p, o) for o in optional))
        expected += len(wanted)
    return matched, produced, expected, broken


def _f1(matched: int, produced: int, expected: int) -> float:
    if not matched:
        return 0.0
    precision, recall = matched / produced, matched / expected
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("name", SETS)
def test_each_layout_is_cut_as_labelled(name: str) -> None:
    matched, produced, expected, broken = _score(name)
    assert not broken, f"essays or letters cut into parts: {broken}"
    assert _f1(matched, produced, expected) >= WEAK.get(name, SET_FLOOR)


def test_every_layout_together() -> None:
    totals = [_score(name)[:3] for name in SETS]
    matched, produced, expected = (sum(column) for column in zip(*totals, strict=True))
    assert len(SETS) >= 36
    assert _f1(matched, produced, expected) >= MICRO_FLOOR
