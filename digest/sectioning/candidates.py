"""Stage 2: the blocks that could open a story, each with its cue (pure).

A cue is what a careful reader sees as a headline: a heading, a bold-only line, a
bold or linked lead-in run at the start of a paragraph or list item, a plain-text
underlined line. A candidate that reads as a label ("Why it matters:", a text that
recurs in the post, a stock label) is kept but marked, so that it never opens a story.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from digest.sectioning import legacy
from digest.sectioning.normalise import HEADING, ITEM, PARA, SPACER, Block

#: Cues and how strongly each says "a story starts here".
TEASERED, HEADING_CUE, UNDERLINE, BOLD_LINE, LEAD_IN = (
    "teasered",
    "heading",
    "underline",
    "bold_line",
    "lead_in",
)
#: Bare lines (a short Title Case paragraph) and salutations ("Dear friends,") are
#: only read by `structure` when no stronger cue makes a story.
BARE_LINE, SALUTATION = "bare_line", "salutation"
STRENGTH = {TEASERED: 5, HEADING_CUE: 3, UNDERLINE: 3, BOLD_LINE: 2, LEAD_IN: 2}
STRENGTH |= {BARE_LINE: 1, SALUTATION: 0}
#: A bare line has at most this many words, most of them capitalised.
MAX_BARE_WORDS = 12
_BARE_CAPS = 0.6
#: Outline ranks of paragraph-level and item-level cues (headings rank 1-6, underlines 7+);
#: a label line in capitals ranks above every heading.
PARA_RANK, ITEM_RANK, CAPS_RANK = 10, 11, 0
#: A label line in capitals has at most this many words.
MAX_CAPS_WORDS = 5
#: A lead-in longer than this is a bold sentence, not a headline.
MAX_LEAD_WORDS = 14
#: A lead-in needs this many words after it: its body.
MIN_LEAD_BODY = 8
#: Terminators after which a lead reads as a headline ("Tariffs." / "X — body").
_HEADLINE_ENDS = frozenset({".", "—", "br", ""})
_ORDINAL = re.compile(r"^\s*(?:\d{1,2}|[IVXL]{1,5})[.)]\s+")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A block that could open a story."""

    index: int  # of the block
    cue: str
    title: str  # the headline as printed (decoration and trailing colon off)
    rank: int  # place in the outline: smaller is higher
    linked: bool  # the headline is one link
    label: bool  # reads as a label, never a story's opener
    ordinal: bool  # starts with a list number ("1.", "IV.")

    @property
    def strength(self) -> int:
        return STRENGTH[self.cue] + (1 if self.linked else 0)

    @property
    def family(self) -> tuple[str, int, bool]:
        """Members of one family share cue, rank and linking (a TLDR story heading is
        linked, its category heading is not)."""
        return (self.cue, self.rank, self.linked)


def candidates(blocks: list[Block]) -> list[Candidate]:
    """The post's candidates, in block order."""
    found = [_list_heading(c, blocks) for c in map(_candidate, blocks) if c is not None]
    norms = [_norm(c.title) for c in found]
    counts = Counter(norms)
    return [
        Candidate(c.index, c.cue, c.title, c.rank, c.linked, True, c.ordinal)
        if counts[norm] > 1 and c.cue != TEASERED
        else c
        for c, norm in zip(found, norms, strict=True)
    ]


def _list_heading(cand: Candidate, blocks: list[Block]) -> Candidate:
    """A bold line ending in a colon over a list ("IN BRIEF:") heads that list, which is
    a story of its own; over prose it is a label ("What's new:")."""
    if cand.cue != BOLD_LINE or not cand.label or not blocks[cand.index].text.endswith(":"):
        return cand
    if legacy._STOCK_LABEL.match(cand.title):
        return cand
    after = [b for b in blocks[cand.index + 1 : cand.index + 3] if b.kind != SPACER]
    # Items may open with a label of their own ("Transport: …"), not with a headline.
    if len(after) < 2 or any(b.kind != ITEM or (b.lead and b.lead_end != ":") for b in after):
        return cand
    return Candidate(cand.index, cand.cue, cand.title, cand.rank, cand.linked, False, cand.ordinal)


def _norm(title: str) -> str:
    return " ".join(title.casefold().split())


def _candidate(block: Block) -> Candidate | None:
    raw = block.raw
    rank = ITEM_RANK if block.kind == ITEM else PARA_RANK
    if raw.strong:  # today's teasered headline: the strongest cue there is
        title = raw.title
        return _make(block, TEASERED, title, raw.level or rank, bool(block.link), False)
    if block.kind == HEADING:
        cue = UNDERLINE if block.source == "text" else HEADING_CUE
        return _make(block, cue, raw.title, block.level, bool(block.link), raw.colon)
    if block.kind not in (PARA, ITEM):
        return None
    if block.kind == PARA and not block.bold and _caps_label(block.text):
        # A short line in capitals ("TECH", "WHAT ELSE IS BREWING") is the layout's
        # top-level label: over a headline it is a category, over a body a section.
        return _make(block, HEADING_CUE, block.text, CAPS_RANK, bool(block.link), False)
    # A bold-only line (any markup: <b>, <span style>, <u>); a bold link alone is a
    # call to action ("» Read the guide"), unless it is a list item's headline.
    if block.bold and (raw.kind != legacy._BODY or not block.link or block.kind == ITEM):
        title = legacy._headline_text(block.text)
        words = len(title.split())
        if not title or words > legacy.MAX_BOLD_HEADLINE_WORDS or legacy._sentence(title):
            return None
        return _make(block, BOLD_LINE, title, rank, bool(block.link), block.text.endswith(":"))
    if block.lead:
        return _lead_in(block, rank)
    return None


def _caps_label(text: str) -> bool:
    if text.isascii() and not text.isupper():
        return False  # a lower-case letter (most paragraphs have one at once), or none
    if len(text.split(None, MAX_CAPS_WORDS)) > MAX_CAPS_WORDS:
        return False  # too long to be a label: its letters need no reading
    letters = [ch for ch in text if ch.isalpha()]
    return (
        len(letters) >= 3
        and all(ch.isupper() for ch in letters)
        and text.rstrip()[-1:] not in ".!?,;:"
    )


def _lead_in(block: Block, rank: int) -> Candidate | None:
    lead = legacy._headline_text(block.lead)
    words = len(lead.split())
    if not lead or words > MAX_LEAD_WORDS or block.words - words < MIN_LEAD_BODY:
        return None
    if not any(ch.isalpha() for ch in lead):
        return None  # a date or a number is no headline
    if block.prose < MIN_LEAD_BODY // 2:
        return None  # a line of links ("Corvid 9.2 · Quarry 2.4 · …"), not a story
    end = block.lead_end
    flat = " ".join(block.text.split())
    after = flat[len(block.lead) :] if flat.startswith(block.lead) else " "
    if after[:1].isalnum():
        return None  # markup inside a word ("<b>chip</b>set"), no headline
    if end == "" and after.lstrip()[:1].islower():
        return None  # the sentence goes on: its subject is a link or bold, no headline
    # A colon or question after a short lead is a label ("What's new:", "iPhone user?").
    # A linked lead of three words or more is a headline whatever ends it ("Is This the
    # End of the Polyfill Era?").
    label = end not in _HEADLINE_ENDS and not (end in ":?" and words >= 3 and block.link)
    label = label or bool(legacy._STOCK_LABEL.match(lead))
    return _make(block, LEAD_IN, lead.rstrip("."), rank, bool(block.link), label)


#: A call to action ("» Read the guide here", "Click here to sign up") is a link's
#: label, never a story's headline.
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:read|click|tap|download|get|sign up|subscribe|join|watch|listen|register)\b"
    r".{0,40}\b(?:here|now|today)\W*$",
    re.I,
)


def _make(block: Block, cue: str, title: str, rank: int, linked: bool, label: bool) -> Candidate:
    label = label or bool(legacy._STOCK_LABEL.match(title)) or bool(_CALL_TO_ACTION.match(title))
    return Candidate(block.index, cue, title, rank, linked, label, bool(_ORDINAL.match(title)))


def bare_lines(blocks: list[Block]) -> list[Candidate]:
    """Short one-line Title Case paragraphs followed by a paragraph of text: headlines
    of layouts without any markup for them (an e-mail turned into Markdown)."""
    found = []
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if block.kind != PARA or "\n" in text or not 2 <= block.words <= MAX_BARE_WORDS:
            continue
        if text[-1:] in ".,:;?!)" or "(" in text or ":" in text:
            continue  # a sentence, a label, a line with a URL in brackets
        capitalised = sum(1 for w in text.split() if w[0].isupper() or w[0].isdigit())
        following = next((b for b in blocks[index + 1 :] if b.kind != SPACER), None)
        if capitalised < _BARE_CAPS * block.words or following is None:
            continue
        if following.kind == PARA and following.words >= MIN_LEAD_BODY:
            found.append(Candidate(index, BARE_LINE, text, PARA_RANK, False, False, False))
    return found
