"""Stage 4: what is no story, each with its reason (pure).

Sponsors, contents lists, mastheads, widgets and sign-offs are cut out of the plan's
stories; a story that is nothing but chrome goes whole. Rules read what any reader
sees (marker words, generic class tokens), never a publisher's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.sectioning import legacy
from digest.sectioning.normalise import FIGURE, ITEM, RULE, SPACER, Block
from digest.sectioning.structure import Plan, Story

_SPONSOR = re.compile(
    r"\(sponsor(?:ed)?\)|^\W*sponsored\b|^\W*sponsor\b|\bsupported by\b|\bbrought to you by\b"
    r"|\bpresented by\b|\bin partnership with\b|^\W*a message from\b|^\W*advertisement\b",
    re.I,
)
_SPONSOR_CLASS = re.compile(r"^(?:sponsor\w*|ad|ads|promo\w*|advert\w*)$|sponsor", re.I)
_WIDGET_CLASS = re.compile(r"related|sharedaddy|^sd-|share|likes", re.I)
_WIDGET_TITLE = re.compile(
    r"^(?:share this|like this|related(?: posts)?|you may also like)\W*$", re.I
)
_CONTENTS = re.compile(r"^(?:in this issue|contents|table of contents|in today's issue)\W*$", re.I)
_SIGN_OFF = re.compile(
    r"^(?:thanks? (?:you )?for reading|that'?’?s all|that’s all|see you|until next|reply with"
    r"|have a (?:good|great)|cheers|best,|—\s*\w+$)|\bappeared first on\b|\bis edited by\b"
    r"|^discuss on\b|\bunsubscribe\b|^disclaimer\b",
    re.I,
)
_SIGN_OFF_WORDS = 60
#: An issue's number in a heading ("Kestrel Weekly News #119", "Issue 42", "No. 7").
_ISSUE_MARK = re.compile(
    r"#\s?\d+\b|\bissue\s+\d+\b|\bno\.\s?\d+\b|\bvol(?:ume|\.)\s?\d+\b|\b\d{4}-\d{2}-\d{2}\b", re.I
)
#: A first unit with more words than this under a title-like line is a story.
_MASTHEAD_BODY = 40


@dataclass(frozen=True, slots=True)
class Dropped:
    """A block that is no part of any story, and why."""

    index: int
    reason: str


def strip_chrome(blocks: list[Block], result: Plan, post_title: str) -> list[Dropped]:
    """Cut chrome out of `result`'s stories (in place); the blocks dropped, with reasons."""
    dropped = [Dropped(i, "preamble") for i in result.preamble]
    dropped += [Dropped(i, "category") for i in result.labels]
    if result.layout in ("single", "whole"):
        return dropped
    kept: list[Story] = []
    titles = [s.opener.title.casefold() for s in result.stories if s.opener]
    for pos, story in enumerate(result.stories):
        # Sponsor and widget blocks inside a story go first (a sponsor box between
        # two stories of one divided part); then the story itself is judged.
        opener = story.opener.index if story.opener else -1
        inner = [i for i in story.blocks if i != opener and _block_reason(blocks[i])]
        if len(inner) < len(story.blocks):
            dropped += [Dropped(i, _block_reason(blocks[i])) for i in inner]
            story.blocks = [i for i in story.blocks if i not in inner]
        reason = _story_reason(blocks, story, titles, post_title, pos)
        if story.opener and story.opener.index in result.house_ads:
            reason = "house_ad"
        if reason:
            dropped += [Dropped(i, reason) for i in story.blocks]
            continue
        kept.append(story)
    if kept and result.layout == "roundup":  # divided posts keep today's joined sign-off
        dropped += _sign_off(blocks, kept[-1])
    result.stories = kept
    return dropped


def _story_reason(
    blocks: list[Block], story: Story, titles: list[str], post_title: str, pos: int
) -> str:
    head = blocks[story.blocks[0]]
    title = story.opener.title if story.opener else head.text
    # A sponsor's class marks its own blocks; only a story that is all sponsor goes.
    all_sponsor = all(_sponsor_class(blocks[i]) for i in story.blocks if blocks[i].words)
    if _SPONSOR.search(title) or all_sponsor or _marked(blocks, story.blocks[0]):
        return "sponsor"
    if _WIDGET_TITLE.match(title) or _WIDGET_CLASS.search(" ".join(head.classes)):
        return "widget"
    if _CONTENTS.match(title) or _contents(blocks, story, titles):
        return "contents"
    body = sum(blocks[i].words for i in story.blocks[1:])
    if (
        pos == 0
        and body < _MASTHEAD_BODY
        and (_matches_title(title, post_title) or _ISSUE_MARK.search(title))
    ):
        # The post's own name on top (or a periodical's: "… Weekly News #119"),
        # with a greeting or contents.
        return "masthead"
    if legacy._article_heading(title) and story.opener is not None:
        return "sign_off"  # "Conclusion" in a roundup: the editor's close, no story
    if _SIGN_OFF.search(title):
        return "sign_off"
    return ""


def _block_reason(block: Block) -> str:
    if _sponsor_class(block) or (block.words <= 40 and _SPONSOR.search(block.text)):
        return "sponsor"
    if _WIDGET_CLASS.search(" ".join(block.classes)):
        return "widget"
    return ""


def _sponsor_class(block: Block) -> bool:
    return any(_SPONSOR_CLASS.search(token) for token in block.classes)


def _marked(blocks: list[Block], index: int) -> bool:
    """A short sponsor label right before the story ("Sponsored", centred) marks it."""
    before = index - 1
    while before >= 0 and blocks[before].kind in (SPACER, FIGURE):
        before -= 1
    return before >= 0 and blocks[before].words <= 4 and bool(_SPONSOR.search(blocks[before].text))


def _contents(blocks: list[Block], story: Story, titles: list[str]) -> bool:
    """A list whose items name later stories."""
    items = [blocks[i].text.casefold() for i in story.blocks if blocks[i].kind == ITEM]
    hits = sum(1 for t in items if any(title and title in t for title in titles))
    return hits >= 2


def _matches_title(title: str, post_title: str) -> bool:
    a = set(re.findall(r"[a-z]+", title.casefold()))
    b = set(re.findall(r"[a-z]+", post_title.casefold()))
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


def _sign_off(blocks: list[Block], story: Story) -> list[Dropped]:
    """The last story's tail from a closing formula on is the sign-off."""
    for pos, i in enumerate(story.blocks[1:], start=1):
        block = blocks[i]
        if block.signature or (block.words <= _SIGN_OFF_WORDS and _SIGN_OFF.search(block.text)):
            tail = story.blocks[pos:]
            if sum(blocks[j].words for j in tail) <= 3 * _SIGN_OFF_WORDS:
                story.blocks = story.blocks[:pos]
                return [Dropped(j, "sign_off") for j in tail]
    return []


#: A block outside every story with this many prose words continues the story before it
#: (the paragraphs after a list whose items are the stories); a shorter one is residue.
LOOSE_PROSE = 30


def leftovers(blocks: list[Block], result: Plan, dropped: list[Dropped]) -> list[Dropped]:
    """Name every block that is in no story and not yet dropped, so no text goes silently.

    Before the first story it is the preamble (today's rules drop a short lead). A
    divider or spacer is a divider; a closing formula or disclaimer is a sign-off.
    Otherwise a block of prose after a story (after a list whose items are stories)
    joins the story before it, in place; a short one is residue, or the tail after
    the last story.
    """
    if not result.stories:
        return []
    named = {d.index for d in dropped}
    owner: dict[int, Story] = {i: s for s in result.stories for i in s.blocks}
    first, last = (min(owner), max(owner)) if owner else (len(blocks), len(blocks))
    out: list[Dropped] = []
    previous: Story | None = None
    for block in blocks:
        i = block.index
        if i in owner:
            previous = owner[i]
        elif i in named:
            continue
        elif i < first or previous is None:
            out.append(Dropped(i, "preamble"))
        elif block.kind in (RULE, SPACER) or not block.words:
            out.append(Dropped(i, "divider"))
        elif block.signature or (block.words <= _SIGN_OFF_WORDS and _SIGN_OFF.search(block.text)):
            out.append(Dropped(i, "sign_off"))
        elif block.prose >= LOOSE_PROSE:
            previous.blocks.append(i)
        else:
            out.append(Dropped(i, "residue" if i < last else "tail"))
    return out
