"""Stage 3: which candidates open stories, and whether the post is a roundup (pure).

Posts with dividers or teasered headlines keep today's rules exactly (`legacy._stories`).
Otherwise the candidates are grouped into families (same cue, rank, linking); the
story family is the highest family whose members have bodies of their own, except
that a family of labels over prose-bodied units (categories) hands over to the
units under it. Higher candidates outside its members' spans that have their own
body are peers (a lone "Quote of the Week" heading, "Also worth your time" after
a list). A post whose parts run one argument (an essay) stays whole.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field

from digest.sectioning import legacy
from digest.sectioning.candidates import (
    BARE_LINE,
    BOLD_LINE,
    HEADING_CUE,
    LEAD_IN,
    PARA_RANK,
    SALUTATION,
    TEASERED,
    UNDERLINE,
    Candidate,
    bare_lines,
)
from digest.sectioning.evidence import article_list, essay
from digest.sectioning.normalise import FIGURE, HEADING, ITEM, PARA, RULE, SPACER, Block
from digest.text import words

#: A unit with fewer prose words than this under its headline has no body of its own.
MIN_PROSE = 12
#: Share of a family's members that must have bodies for it to be the story family.
BODY_SHARE = 0.6
#: A lead-in family needs this many members (one bold lead-in is emphasis).
MIN_LEAD_FAMILY = 3
#: Cues that stand as a headline of their own: only these can be an essay's parts or
#: head a divided part (lead-ins, list items and bare lines are a roundup's furniture).
_HEADLINE_CUES = frozenset({HEADING_CUE, BOLD_LINE, UNDERLINE})


@dataclass(slots=True)
class Story:
    """A story's blocks (indexes), its opener and the category label it sits under."""

    blocks: list[int]
    opener: Candidate | None = None
    category: str | None = None


@dataclass(slots=True)
class Plan:
    """The layout decision with its evidence."""

    layout: str  # "single" | "roundup" | "whole" | "divided"
    family: tuple[str, int, bool] | None = None
    evidence: list[str] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    preamble: list[int] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    buried: bool = False  # a higher heading sits inside the stories: an article's outline
    house_ads: list[int] = field(default_factory=list)  # openers of the publisher's own ads


def plan(blocks: list[Block], cands: list[Candidate], post_title: str) -> Plan:
    """The post's stories."""
    everything = [b.index for b in blocks]
    divided = _divides(blocks)
    if divided:
        result = _legacy(blocks)
        _head_divided_parts(blocks, cands, result)
    else:
        result = _families(blocks, _without_masthead(blocks, cands, post_title))
        if result.layout == "single":  # no stronger cue: bare lines with family support
            result = _bare(blocks) or _lone_headings(blocks, cands) or result
        _letter(blocks, result)
    if result.layout in ("roundup", "divided") and len(result.stories) > 1:
        # Only sub-heading cues (and dividers) can be an essay's parts: lead-ins,
        # list items and labelled bare lines are a roundup's furniture.
        cues = {st.opener.cue for st in result.stories if st.opener}
        embedded = article_list(blocks, result)
        if embedded:
            result.evidence.append(f"one article: {embedded}")
            return Plan("whole", result.family, result.evidence, [Story(everything)])
        if result.layout == "divided" or cues & _HEADLINE_CUES:
            whole, evidence = essay(blocks, result, post_title)
            result.evidence.extend(evidence)
            if whole:
                return Plan("whole", result.family, result.evidence, [Story(everything)])
    if not result.stories:
        return Plan("single", None, result.evidence, [Story(everything)] if blocks else [])
    return result


def _without_masthead(
    blocks: list[Block], cands: list[Candidate], post_title: str
) -> list[Candidate]:
    """The post's own title repeated as its first heading (Medium, many blog themes)
    names the whole post: what follows it is the introduction, not a story."""
    first = cands[0] if cands else None
    if first is None or first.cue != HEADING_CUE or not _same_title(first.title, post_title):
        return cands
    if any(b.words for b in blocks[: first.index]):
        return cands
    nxt = blocks[first.index + 1] if first.index + 1 < len(blocks) else None
    dek = nxt is not None and nxt.kind == HEADING and nxt.level > blocks[first.index].level
    drop = {first.index, first.index + 1} if dek else {first.index}  # and its subtitle
    return [c for c in cands if c.index not in drop]


def _same_title(title: str, post_title: str) -> bool:
    head, post = words(title), words(post_title)
    return bool(head) and (head == post or (len(head) >= 3 and post[: len(head)] == head))


def _lone_headings(blocks: list[Block], cands: list[Candidate]) -> Plan | None:
    """Headings of different sizes, none repeated, each over text of its own (an e-mail's
    big lead story and a smaller second one): each opens a story."""
    heads = [c for c in cands if c.cue == HEADING_CUE and not c.label]
    if len(heads) < 2 or len({c.rank for c in heads}) < len(heads):
        return None
    bounds = [c.index for c in heads[1:]] + [len(blocks)]
    if any(_unit_prose(blocks, c, end) < MIN_PROSE for c, end in zip(heads, bounds, strict=True)):
        return None
    result = Plan("roundup", (HEADING_CUE, heads[0].rank, False), ["headings, one of each size"])
    result.preamble = list(range(heads[0].index))
    for c, end in zip(heads, bounds, strict=True):
        result.stories.append(Story(list(range(c.index, end)), c))
    return result


def _divides(blocks: list[Block]) -> bool:
    """Dividers stand between parts with text: a rule before a footer or after a
    masthead divides nothing."""
    return (
        any(b.kind == RULE for b in blocks)
        and len(legacy.divided_parts([b.raw for b in blocks])) > 1
        and not _grouped_headlines(blocks)
    )


def _grouped_headlines(blocks: list[Block]) -> bool:
    """Rules between groups of headed stories (categories, or a masthead and a footer)
    divide groups, not stories: some part holds two headings of one level that each have
    a body of their own, under nothing but bare labels or the post's masthead (a part
    whose heading opens it with an introduction is one story with sub-headings)."""
    rules = [i for i, b in enumerate(blocks) if b.kind == RULE]
    masthead = next((i for i, b in enumerate(blocks) if b.kind == HEADING), -1)
    for start, end in itertools.pairwise([-1, *rules, len(blocks)]):
        heads = [i for i in range(start + 1, end) if blocks[i].kind == HEADING]
        prose = {
            i: sum(b.prose for b in blocks[i + 1 : nxt])
            for i, nxt in itertools.pairwise([*heads, end])
        }
        bodied = [blocks[i].level for i in heads if prose[i] >= MIN_PROSE]
        for level in {lv for lv in bodied if bodied.count(lv) >= 2}:
            if not any(blocks[i].level < level and prose[i] and i != masthead for i in heads):
                return True
    return False


def _legacy(blocks: list[Block]) -> Plan:
    """Today's rules for divided or teasered posts (Import AI and alike rely on them)."""
    by_raw = {id(b.raw): b.index for b in blocks}
    stories = legacy._stories([b.raw for b in blocks])
    if len(stories) <= 1:
        return Plan("single", evidence=["dividers/teasers: one part"])
    out = [Story([by_raw[id(r)] for r in story]) for story in stories]
    return Plan("divided", evidence=["dividers or teasered headlines"], stories=out)


#: A category label over a divided part's headline is this short ("Schools").
MAX_LABEL_WORDS = 4


def _head_divided_parts(blocks: list[Block], cands: list[Candidate], result: Plan) -> None:
    """Headlines for divided parts that today's rules left without one: an opening
    letter's salutation, a bold opening sentence, or the headline under a short plain
    line ("City Hall" over "Council pushes back the budget vote"), the line then being
    the story's category label."""
    openers = {c.index: c for c in cands if not c.label and c.cue in _HEADLINE_CUES}
    leads = {c.index: c for c in cands if not c.label and c.cue == LEAD_IN}
    for pos, story in enumerate(result.stories):
        texts = [i for i in story.blocks if blocks[i].words]
        if pos == 0 and texts and _SALUTATION.match(blocks[texts[0]].text):
            story.opener = _salutation(blocks, texts[0])  # an opening letter ("Dear all")
            continue
        fresh = bool(texts) and not blocks[texts[0]].raw.headline  # today's rules saw none
        if fresh and texts[0] in leads and story.blocks[0] == texts[0]:
            # A part that opens with a bold sentence ("The ferry is late again.") is
            # headed by it, as a roundup's lead-in is.
            story.opener = leads[texts[0]]
            continue
        if len(texts) < 3 or texts[0] in openers or texts[1] not in openers:
            continue
        label = blocks[texts[0]]
        if label.kind != PARA or label.words > MAX_LABEL_WORDS or label.text[-1:] in ".!?":
            continue
        story.category = label.text
        result.labels.extend(i for i in story.blocks if i < texts[1])
        story.blocks = [i for i in story.blocks if i >= texts[1]]
        story.opener = openers[texts[1]]


# --- families --------------------------------------------------------------------------


def _unit_prose(blocks: list[Block], cand: Candidate, nxt: int) -> int:
    """Prose words under a candidate up to the next candidate."""
    own = blocks[cand.index]
    # A linked lead is no prose already; a bold one is counted in the block's prose.
    title = 0 if own.link else len(cand.title.split())
    words = max(0, own.prose - title) if cand.cue in (LEAD_IN, TEASERED) else 0
    return words + sum(b.prose for b in blocks[cand.index + 1 : nxt])


def _span_ends(blocks: list[Block], openers: list[Candidate]) -> dict[int, int]:
    """Where each opener's span ends (by its block index): at the next opener of the
    same or a higher rank, or, for a list item, at the end of its list. One pass from
    the back, keeping the later openers that may still end a span: the stages ask for
    every span, often many times."""
    ends: dict[int, int] = {}
    later: list[Candidate] = []  # the nearest last; no rank below the one before it
    list_ends: dict[int, int] = {}
    for cand in reversed(openers):
        while later and later[-1].rank > cand.rank:
            later.pop()  # hidden behind `cand` for every opener before it
        end = later[-1].index if later else len(blocks)
        if blocks[cand.index].kind == ITEM:
            end = min(end, _list_end(blocks, cand.index, list_ends))
        ends[cand.index] = end
        later.append(cand)
    return ends


def _list_end(blocks: list[Block], index: int, known: dict[int, int]) -> int:
    """Just after the last item of the list that holds block `index` (images and
    spacers between its items belong to it). `known`: the ends found so far, by item:
    a later item of the list has its end, so a list of many openers is walked once."""
    list_id, end = blocks[index].list_id, index + 1
    while end < len(blocks) and blocks[end].kind in (ITEM, FIGURE, SPACER):
        if blocks[end].kind == ITEM:
            if blocks[end].list_id != list_id:
                break
            if end in known:
                end = known[end]
                break
        end += 1
    known[index] = end
    return end


def _families(blocks: list[Block], cands: list[Candidate]) -> Plan:
    openers = [c for c in cands if not c.label]
    if not openers:
        return Plan("single", evidence=["no candidates"])
    nexts = [c.index for c in openers[1:]] + [len(blocks)]
    prose = {c.index: _unit_prose(blocks, c, n) for c, n in zip(openers, nexts, strict=True)}
    groups: dict[tuple[str, int, bool], list[Candidate]] = {}
    for c in openers:
        groups.setdefault(c.family, []).append(c)
    ends = _span_ends(blocks, openers)
    texts = _text_ends(blocks, ends)
    story, categories, evidence = _choose(groups, prose, blocks, openers, ends)
    if story is None:
        return Plan("single", evidence=evidence)
    members = {c.index for c in groups[story]}
    cat_ids = {c.index for fam in categories for c in groups[fam]}
    units = {
        c.index
        for key, fam in groups.items()
        if key not in categories
        and len(fam) >= (MIN_LEAD_FAMILY if key[0] == LEAD_IN else 2)
        and _score(fam, prose)[1] >= BODY_SHARE
        for c in fam
    }
    units -= _outline(texts, openers, groups[story], units - members, prose)
    chosen = _openers(blocks, openers, members | units, prose, ends, texts)
    return _cut(blocks, openers, chosen, cat_ids, story, evidence)


def _text_ends(blocks: list[Block], ends: dict[int, int]) -> dict[int, int]:
    """Where each opener's own text ends: at its span's end, or at a divider before it
    (a divider ends a story's text; a headline after it is no sub-head of the story)."""
    rules = [b.index for b in blocks if b.kind == RULE]
    texts: dict[int, int] = {}
    for index, end in ends.items():
        after = bisect.bisect_right(rules, index)  # the first divider after the opener
        texts[index] = min(end, rules[after]) if after < len(rules) else end
    return texts


def _outline(
    texts: dict[int, int],
    openers: list[Candidate],
    story: list[Candidate],
    units: set[int],
    prose: dict[int, int],
) -> set[int]:
    """Units of lower families that all sit under one member of the story family: that
    member's own outline ("Get Tails 4.9" over "To upgrade…", "To install…"), not
    stories. A lower family that recurs under several members keeps its units, and so
    does one under a member with no text of its own: its category ("Morning reads")."""
    spans = [(c.index, texts[c.index]) for c in story]
    owner = {i: start for start, end in spans for i in units if start < i < end}
    by_family: dict[tuple[str, int, bool], set[int]] = {}
    for c in openers:
        if c.index in units:
            by_family.setdefault(c.family, set()).add(c.index)
    out: set[int] = set()
    for ids in by_family.values():
        hosts = {owner.get(i) for i in ids}
        if len(hosts) == 1 and None not in hosts and len(story) >= 2:
            host = next(iter(hosts))
            if host is not None and prose[host] >= MIN_PROSE:
                out |= ids
    return out


def _score(fam: list[Candidate], prose: dict[int, int]) -> tuple[float, float]:
    body = sum(1 for c in fam if prose[c.index] >= MIN_PROSE) / len(fam)
    return fam[0].strength + math.log2(len(fam)) + 2 * body, body


def _choose(
    groups: dict[tuple[str, int, bool], list[Candidate]],
    prose: dict[int, int],
    blocks: list[Block],
    openers: list[Candidate],
    ends: dict[int, int],
) -> tuple[tuple[str, int, bool] | None, list[tuple[str, int, bool]], list[str]]:
    """The story family and the category families above it.

    Heading families are read top-down by the text in their spans (a link list is a
    body), so a section of link lists under sub-headings stays one story; a heading
    family whose members have no text of their own and head prose-bodied units is a
    category family, and the choice goes on below it. Other families need bodies
    of their own (prose under the headline)."""
    evidence: list[str] = []
    viable: dict[tuple[str, int, bool], float] = {}
    for key, fam in groups.items():
        need = MIN_LEAD_FAMILY if key[0] == LEAD_IN else 2
        score, body = _score(fam, prose)
        link = "+link" if key[2] else ""
        evidence.append(f"{key[0]}@{key[1]}{link} n={len(fam)} body={body:.2f}")
        if len(fam) >= need and body >= BODY_SHARE:
            viable[key] = score
    categories: list[tuple[str, int, bool]] = []
    heads = sorted((k for k in groups if k[0] in (HEADING_CUE, UNDERLINE)), key=lambda k: k[1])
    for key in heads:
        fam = groups[key]
        if len(fam) < 2 or _span_share(fam, blocks, ends) < BODY_SHARE:
            if _score(fam, prose)[1] < 0.5 and _heads(fam, viable, openers):
                categories.append(key)  # labels straight over stories (TLDR)
            continue
        if _score(fam, prose)[1] < 0.5 and _over_units(fam, viable, openers, ends):
            categories.append(key)
            evidence.append(f"categories: {key[0]}@{key[1]}")
            continue
        # The top heading family with text under it is the story family, unless a
        # category family above it already handed the choice to the units below.
        lower = [k for k in viable if k[1] >= key[1] and k != key and k not in categories]
        if not categories or not lower:
            return key, categories, evidence
        break
    candidates = {k: v for k, v in viable.items() if k not in categories}
    if not candidates:
        return None, [], evidence
    best = max(candidates, key=lambda k: candidates[k])
    return best, categories, evidence


def _span_share(fam: list[Candidate], blocks: list[Block], ends: dict[int, int]) -> float:
    """Share of members whose span (down to the next peer) holds text."""
    hits = 0
    for c in fam:
        hits += sum(b.words for b in blocks[c.index + 1 : ends[c.index]]) >= MIN_PROSE
    return hits / len(fam)


def _over_units(
    fam: list[Candidate],
    viable: dict[tuple[str, int, bool], float],
    openers: list[Candidate],
    ends: dict[int, int],
) -> bool:
    """Most members' spans hold members of a prose-bodied lower family."""
    indexes = [o.index for o in openers]
    at = {i: pos for pos, i in enumerate(indexes)}
    hits = 0
    for c in fam:
        inside = openers[at[c.index] + 1 : bisect.bisect_left(indexes, ends[c.index])]
        hits += any(o.family in viable and o.family != c.family for o in inside)
    return hits * 2 >= len(fam)


def _heads(
    fam: list[Candidate], viable: dict[tuple[str, int, bool], float], openers: list[Candidate]
) -> bool:
    """Most members are followed directly by a member of a viable family."""
    follow = {c.index: n for c, n in itertools.pairwise(openers)}
    hits = sum(1 for c in fam if c.index in follow and follow[c.index].family in viable)
    return hits * 2 >= len(fam) and hits >= 1


def _openers(
    blocks: list[Block],
    openers: list[Candidate],
    units: set[int],
    prose: dict[int, int],
    ends: dict[int, int],
    texts: dict[int, int],
) -> list[Candidate]:
    """Members of the story family, plus peers: candidates outside every member's
    span that have a body of their own and are not a label over story units
    (members of any family with bodies)."""
    sizes: dict[tuple[str, int, bool], int] = {}
    lead_looks = {c.linked for c in openers if c.cue == LEAD_IN and c.index in units}
    bold_units = any(c.cue == BOLD_LINE and c.index in units for c in openers)
    for c in openers:
        sizes[c.family] = sizes.get(c.family, 0) + 1
    inside: set[int] = set()
    for c in openers:
        if c.index in units:
            inside.update(range(c.index + 1, texts[c.index]))
    chosen = []
    for c in openers:
        if c.index in units:
            chosen.append(c)
            continue
        if c.index in inside:
            continue  # a sub-head of a story
        end = ends[c.index]
        holds_member = any(i in units for i in range(c.index + 1, end))
        body = prose[c.index] >= MIN_PROSE or _list_body(blocks, c.index, end)
        # A lone lead-in is emphasis, unless it looks like the story units' headlines.
        single = c.cue == LEAD_IN and sizes.get(c.family, 0) < 2 and not lead_looks
        # ... or a bold headline on a line of its own over its body, as bold lines are.
        single = single and not (bold_units and blocks[c.index].lead_end == "br")
        # A bigger headline with prose of its own over the stories is the lead story,
        # not their category ("Lumio's glasses sell out" in <h2>, the rest in <h3>).
        held = [i for i in range(c.index + 1, end) if i in units]
        lead_story = (
            bool(held)
            and c.cue == HEADING_CUE
            and prose[c.index] >= MIN_PROSE
            and (c.linked or all(blocks[i].kind == HEADING for i in held))
        )
        if (lead_story or not holds_member) and body and not single:
            chosen.append(c)
    return chosen


def _list_body(blocks: list[Block], start: int, end: int) -> bool:
    """A unit of items without headlines (a link list) is a body too."""
    nxt = blocks[start + 1 : end]
    return sum(1 for b in nxt if b.kind == ITEM) >= 2 and sum(b.words for b in nxt) >= MIN_PROSE


def _cut(
    blocks: list[Block],
    openers: list[Candidate],
    chosen: list[Candidate],
    cat_ids: set[int],
    story: tuple[str, int, bool],
    evidence: list[str],
) -> Plan:
    """Stories from the chosen openers; what lies outside them is preamble or loose."""
    result = Plan("roundup", story, evidence)
    if len(chosen) < 2:
        return Plan("single", story, evidence)
    chosen_ids = {c.index for c in chosen}
    category: str | None = None
    cats = {c.index: c.title for c in openers if c.index in cat_ids}
    result.preamble = list(range(chosen[0].index))
    result.buried = any(
        c.cue == HEADING_CUE and c.rank < story[1] and c.index not in chosen_ids | cat_ids
        for c in openers
        if chosen[0].index < c.index
    )
    result.labels = [i for i in cats if i not in chosen_ids]
    labels = iter(sorted(result.labels))
    label = next(labels, None)
    for pos, c in enumerate(chosen):
        if c.index in cats:
            category = None  # a category heading that is a story itself ends the last one
        while label is not None and label < c.index:
            category, label = cats[label], next(labels, None)
        end = chosen[pos + 1].index if pos + 1 < len(chosen) else len(blocks)
        if blocks[c.index].kind == ITEM:
            end = min(end, _item_end(blocks, c.index))
        body = [i for i in range(c.index, end) if i not in cats or i == c.index]
        result.stories.append(Story(body, c, category))
    result.stories = _tidy(blocks, result)
    return result if len(result.stories) > 1 else Plan("single", story, evidence)


def _tidy(blocks: list[Block], result: Plan) -> list[Story]:
    """A headline with no body over the next story is that story's category label
    ("Tip of the Week" over its one tip); a bodiless last one joins the story before."""
    tidy: list[Story] = []
    carried: Story | None = None
    for story in result.stories:
        if carried is not None and carried.opener is not None and story.opener is not None:
            story.category = legacy._headline_text(carried.opener.title) or story.category
            result.labels.extend(carried.blocks)
        carried = None
        if _body_words(blocks, story) == 0:
            carried = story
            continue
        tidy.append(story)
    if carried is not None and tidy:
        tidy[-1].blocks.extend(carried.blocks)
    elif carried is not None:
        tidy.append(carried)
    return tidy


def _body_words(blocks: list[Block], story: Story) -> int:
    if story.opener is None:
        return sum(blocks[i].words for i in story.blocks)
    # A lead-in shares its block with its body; any other headline is its block.
    lead = story.opener.cue in (LEAD_IN, TEASERED)
    own = blocks[story.opener.index].words - len(story.opener.title.split()) if lead else 0
    others = sum(blocks[i].words for i in story.blocks if i != story.opener.index)
    return max(0, own) + others


def _item_end(blocks: list[Block], index: int) -> int:
    """An item's story ends with its item (what follows the list is no part of it)."""
    end = index + 1
    while end < len(blocks) and blocks[end].kind in (FIGURE, SPACER):
        end += 1
    return end


# --- bare lines and letters -----------------------------------------------------------

#: A paragraph opening with a short label and a colon ("What's new: …").
_LABEL_PREFIX = re.compile(r"^([A-Z][\w’' /-]{1,30}):\s")
#: A bare-line family needs this many members whose spans share labels.
MIN_BARE_FAMILY = 3
_SALUTATION = re.compile(r"^(?:dear|hi|hello|hey)\b[^\n]{0,30},$", re.I)
#: A letter (salutation to signature) is a story when it is at least this long.
MIN_LETTER_WORDS = 100


def _bare(blocks: list[Block]) -> Plan | None:
    """Bare lines open stories only with family support: most of their spans use the
    same recurring labels ("What's new:", "Why it matters:"). A member whose span
    shares none is the publisher's own ad between the stories."""
    lines = bare_lines(blocks)
    if len(lines) < MIN_BARE_FAMILY:
        return None
    bounds = [c.index for c in lines[1:]] + [len(blocks)]
    labels = [
        {
            m.group(1).casefold()
            for b in blocks[c.index + 1 : end]
            if (m := _LABEL_PREFIX.match(b.text))
        }
        for c, end in zip(lines, bounds, strict=True)
    ]
    seen: dict[str, int] = {}
    for found in labels:
        for label in found:
            seen[label] = seen.get(label, 0) + 1
    recurring = {label for label, n in seen.items() if n >= 2}
    supported = [len(found & recurring) >= 2 for found in labels]
    if sum(supported) < MIN_BARE_FAMILY:
        return None
    result = Plan(
        "roundup", (BARE_LINE, PARA_RANK, False), [f"bare lines with labels {sorted(recurring)}"]
    )
    first = next(c for c, ok in zip(lines, supported, strict=True) if ok)
    kept = [c for c in lines if c.index >= first.index]
    result.house_ads = [c.index for c, ok in zip(lines, supported, strict=True) if not ok]
    result.preamble = list(range(first.index))
    for pos, c in enumerate(kept):
        end = kept[pos + 1].index if pos + 1 < len(kept) else len(blocks)
        result.stories.append(Story(list(range(c.index, end)), c))
    return result


def _salutation(blocks: list[Block], index: int) -> Candidate:
    """A letter's opener, titled by its salutation ("Dear friends")."""
    title = blocks[index].text.rstrip(",").strip()
    return Candidate(index, SALUTATION, title, PARA_RANK, False, False, False)


def _letter(blocks: list[Block], result: Plan) -> None:
    """A letter before the first story (salutation, text, signature) is a story too,
    titled by its salutation: the editor's letter has no headline of its own."""
    if result.layout != "roundup" or not result.preamble:
        return
    start = next((i for i in result.preamble if _SALUTATION.match(blocks[i].text)), None)
    if start is None:
        return
    words = 0
    for i in result.preamble[result.preamble.index(start) + 1 :]:
        block = blocks[i]
        if words >= MIN_LETTER_WORDS and block.words <= 3 and block.text[-1:].isalpha():
            result.stories.insert(0, Story(list(range(start, i + 1)), _salutation(blocks, start)))
            result.preamble = [j for j in result.preamble if not start <= j <= i]
            result.evidence.append("letter before the stories")
            return
        words += block.words
