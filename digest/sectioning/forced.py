"""Stage 3 for a feed whose operator chose the layout (pure).

`structure.plan` weighs every cue and may keep a post whole as an essay. A forced
mode says which cue opens the stories and that the post is a roundup, so there is no
essay decision:

- headings: headings (h1-h6, also linked) and underlined plain-text headings;
- bold: bold-only lines, bold or linked lead-ins, bold headlines with a teaser;
- dividers: the parts between dividers, by today's divided rules;
- none: one story (`sections.cut_post` keeps the post whole).

Among the cues allowed, the story family and the categories above it are chosen as
the automatic rules choose them. When no family has the bodies those rules ask for,
the highest-ranked family that occurs more than once opens the stories.
"""

from __future__ import annotations

import bisect

from digest.sectioning.candidates import (
    BOLD_LINE,
    HEADING_CUE,
    LEAD_IN,
    TEASERED,
    UNDERLINE,
    Candidate,
)
from digest.sectioning.modes import BOLD, DIVIDERS, HEADINGS
from digest.sectioning.normalise import HEADING, RULE, SPACER, Block
from digest.sectioning.structure import (
    MIN_PROSE,
    Plan,
    Story,
    _cut,
    _families,
    _legacy,
    _letter,
)

_HEADING_CUES = frozenset({HEADING_CUE, UNDERLINE})
_BOLD_CUES = frozenset({BOLD_LINE, LEAD_IN})


def forced_plan(blocks: list[Block], cands: list[Candidate], mode: str) -> Plan:
    """The post's stories, opened only by the cues `mode` names (not "auto" or "none")."""
    if mode == DIVIDERS:
        result = _dividers(blocks)
    elif mode in (HEADINGS, BOLD):
        result = _by_cue(blocks, cands, mode)
    else:
        raise ValueError(f"no forced plan for split mode {mode!r}")
    result.evidence.insert(0, f"split: {mode} (the operator's layout)")
    if len(result.stories) < 2:
        everything = [b.index for b in blocks]
        return Plan("single", result.family, result.evidence, [Story(everything)])
    return result


def _admits(mode: str, block: Block, cand: Candidate) -> bool:
    # A teasered headline is a heading or a bold line with the publisher's summary under it.
    if cand.cue == TEASERED:
        return (block.kind == HEADING) == (mode == HEADINGS)
    return cand.cue in (_HEADING_CUES if mode == HEADINGS else _BOLD_CUES)


def _by_cue(blocks: list[Block], cands: list[Candidate], mode: str) -> Plan:
    allowed = [c for c in cands if _admits(mode, blocks[c.index], c)]
    result = _families(blocks, allowed)
    if result.layout == "single":
        result = _top_family(blocks, allowed) or result
    if mode == BOLD:
        result = _with_categories(blocks, cands, result)
    _letter(blocks, result)  # an editor's letter above the stories stays one
    return result


def _with_categories(blocks: list[Block], cands: list[Candidate], result: Plan) -> Plan:
    """Headings straight over bold stories are their categories, as the automatic rules
    read them ("Energy" over "Solar roofs." and "Wind farms."), not text of the story
    above. A heading with text of its own stays in the story it follows."""
    chosen = [s.opener for s in result.stories if s.opener is not None]
    if result.layout != "roundup" or len(chosen) != len(result.stories):
        return result
    starts = sorted(c.index for c in chosen)
    heads = [
        c
        for c in cands
        if c.cue in _HEADING_CUES and not c.label and _over_story(blocks, c.index, starts)
    ]
    if not heads:
        return result
    openers = sorted([*chosen, *heads], key=lambda c: c.index)
    assert result.family is not None
    evidence = [*result.evidence, f"categories: {len(heads)} headings"]
    return _cut(blocks, openers, chosen, {c.index for c in heads}, result.family, evidence)


def _over_story(blocks: list[Block], index: int, starts: list[int]) -> bool:
    """Nothing but short lines between the heading and the next story's opener."""
    nxt = bisect.bisect_right(starts, index)
    if nxt == len(starts):
        return False
    return sum(b.prose for b in blocks[index + 1 : starts[nxt]]) < MIN_PROSE


def _top_family(blocks: list[Block], cands: list[Candidate]) -> Plan | None:
    """Stories at each member of the highest family that occurs more than once: the
    operator said the post is a roundup, so short bodies do not make it one story."""
    openers = [c for c in cands if not c.label]
    groups: dict[tuple[str, int, bool], list[Candidate]] = {}
    for c in openers:
        groups.setdefault(c.family, []).append(c)
    repeated = [fam for fam in groups.values() if len(fam) >= 2]
    if not repeated:
        return None
    chosen = min(repeated, key=lambda fam: (fam[0].rank, -len(fam), -fam[0].strength))
    family = chosen[0].family
    evidence = [f"highest repeated family: {family[0]}@{family[1]} n={len(chosen)}"]
    result = _cut(blocks, openers, chosen, set(), family, evidence)
    return result if result.layout == "roundup" else None


def _dividers(blocks: list[Block]) -> Plan:
    """Today's divided rules, with their one extra cut (a teasered headline inside a
    part) and their fallback for a lone part (its headlines) undone: a story is a part."""
    if not any(b.kind == RULE for b in blocks):
        return Plan("single", evidence=["no dividers"])
    result = _legacy(blocks)
    parts: list[Story] = []
    for story in result.stories:
        if parts and not _after_divider(blocks, story.blocks[0]):
            parts[-1].blocks.extend(story.blocks)
        else:
            parts.append(story)
    result.stories = parts
    return result


def _after_divider(blocks: list[Block], index: int) -> bool:
    before = index - 1
    while before >= 0 and blocks[before].kind == SPACER:
        before -= 1
    return before >= 0 and blocks[before].kind == RULE
