"""Stage 4: what is no story, each with its reason (pure).

Sponsors, contents lists, mastheads, widgets and sign-offs are cut out of the plan's
stories; a story that is nothing but chrome goes whole. Rules read what any reader
sees (marker words, generic class tokens), never a publisher's name.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from digest.sectioning import legacy
from digest.sectioning.gates import AnyOf, any_of, gated
from digest.sectioning.normalise import FIGURE, HEADING, ITEM, RULE, SPACER, Block
from digest.sectioning.structure import Plan, Story

_SPONSOR_PATTERN = re.compile(
    r"\(sponsor(?:ed)?\)|^\W*sponsored\b|^\W*sponsor\b|\bsupported by\b|\bbrought to you by\b"
    r"|\bpresented by\b|\bin partnership with\b|^\W*a message from\b|^\W*advertisement\b"
    r"|^\W*a word from (?:our|this week['’]s|today['’]s) sponsors?\b",
    re.I,
)
# Searched in every block: only where one of the words every match holds is.
_SPONSOR = gated(
    _SPONSOR_PATTERN,
    "sponsor|supported by|brought to you by|presented by|in partnership with|a message from"
    "|advertisement",
)
_SPONSOR_CLASS = re.compile(r"^(?:sponsor\w*|ad|ads|promo\w*|advert\w*)$|sponsor", re.I)
#: A sponsor's credit on a line of its own ("Together with X", "Stackhold sponsor"):
#: only read on short lines, where no sentence of a story starts that way.
_SPONSOR_LINE_PATTERN = re.compile(
    r"^\W*(?:together with|in collaboration with|partnered with|from our (?:sponsor|partner)s?"
    r"|thanks to our (?:sponsor|partner)s?)\b|\bsponsored by\b|\bsponsor(?:ed)?\W*$",
    re.I,
)
_SPONSOR_LINE = gated(
    _SPONSOR_LINE_PATTERN,
    "together with|in collaboration with|partnered with|from our|thanks to our|sponsor",
)
#: Words at most of a line that carries a marker or a label, not a sentence.
_MARKER_WORDS = 6
_ISSUE_NOUN = r"(?:today|this|this week)(?:'s|’s)? (?:email|edition|issue|newsletter|brief)"
_POLL_PATTERN = re.compile(
    rf"\bhow (?:did you like|was|would you rate|do you rate) {_ISSUE_NOUN}"
    rf"|\bwhat did you think (?:of|about) {_ISSUE_NOUN}|\brate {_ISSUE_NOUN}"
    r"|\bparticipate in (?:the |our )?polls?\b|^\W*(?:reader |quick )?poll\W*$"
    r"|^\W*(?:loved it|hated it|meh)\W*$",
    re.I,
)
# Polls and referrals are searched in every short block: only where one of the words
# every match holds is (rare ones: the issue's noun, not "how" or "rate", which many
# sentences hold).
_POLL = gated(_POLL_PATTERN, "email|edition|issue|newsletter|brief|poll|loved it|hated it|meh")
_REFERRAL_PATTERN = re.compile(
    r"\breferrals?\b|\brefer (?:a|your) friends?\b|\bforward (?:this |it )?to a friend"
    r"|\bwas this (?:email )?forwarded\b|\bforwarded this\b|\b(?:get|earn) rewards\b"
    r"|\bclick to share\b|\bshare (?:the|this|our) (?:newsletter|email|issue|edition)\b",
    re.I,
)
_REFERRAL = gated(_REFERRAL_PATTERN, "referral|friend|forwarded|rewards|click to share|share ")
#: The longest block a poll or referral line is read in: a pitch, never a story.
_PITCH_WORDS = 30
_JOBS = re.compile(
    r"^\W*(?:\d{1,2}[.)]\s*)?\W*(?:jobs?|job (?:openings|board|listings|postings|picks)"
    r"|(?:now |who'?s |who’s )?hiring|classifieds?|careers?|open (?:roles|positions))\W*$",
    re.I,
)
#: Blocks of a class that is a pitch by itself, and a callout's pitch words.
_PROMO_CLASS = re.compile(r"subscribe|signup|sign-up|membership|paywall|upgrade|^cta$", re.I)
_CALLOUT_CLASS = re.compile(r"callout", re.I)
_PITCH = re.compile(
    r"\bmembers?(?:hip)?\b|\bsubscri|\bsign up\b|\bjoin (?:us|now|today|for)\b|\bupgrade\b"
    r"|\bsupport (?:us|our)\b",
    re.I,
)
_BUTTON = gated(
    re.compile(
        r"^\W*(?:subscribe(?: now| for free)?|sign up(?: now| for free)?|become a member"
        r"|join (?:now|us|today)|upgrade(?: now)?)\W*$",
        re.I,
    ),
    "subscribe|sign up|become a member|join |upgrade",
)
_WIDGET_CLASS = re.compile(r"related|sharedaddy|^sd-|share|likes", re.I)
_WIDGET_TITLE = re.compile(
    r"^(?:share this|like this|related(?: posts)?|you may also like)\W*$", re.I
)
_CONTENTS = re.compile(r"^(?:in this issue|contents|table of contents|in today's issue)\W*$", re.I)
#: A closing formula that opens the text: only its start is read (`_signs_off`), however
#: long the text, whose words ("that", "thank") most paragraphs hold somewhere.
_SIGN_OFF_START = re.compile(
    r"(?:thanks? (?:you )?for reading|that'?’?s all|that’s all|see you|until next|reply with"
    r"|that['’]?s it for (?:today|now|this)"
    r"|have a (?:good|great)|cheers|best,|—\s*\w+$|discuss on\b|disclaimer\b)",
    re.I,
)
#: A closing line anywhere in the text.
_SIGN_OFF = gated(
    re.compile(r"\bappeared first on\b|\bis edited by\b|\bunsubscribe\b", re.I),
    "appeared first on|is edited by|unsubscribe",
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
    for cache in (_marker, _sponsor_classes, _callout_classes, _widget_classes, _promo_classes):
        cache.cache_clear()
    dropped = [Dropped(i, "preamble") for i in result.preamble]
    if result.layout in ("single", "whole"):
        return dropped + [Dropped(i, "category") for i in result.labels]
    pitches = _pitches(blocks)
    # A label over a referral or sponsor block ("SHARE THE BREW") goes for that reason.
    dropped += [Dropped(i, pitches.get(i, "category")) for i in result.labels]
    kept: list[Story] = []
    titles = [s.opener.title.casefold() for s in result.stories if s.opener and s.opener.title]
    jobs: tuple[str, int, bool] | None = None  # the family of a run of job listings
    last = ""  # why the story before was dropped
    for pos, story in enumerate(result.stories):
        reason = _sponsor_piece(blocks, story, dropped)
        dropped += _sponsor_boxes(blocks, story)
        # Sponsor, widget and pitch blocks inside a story go first (a sponsor box
        # between two stories of one divided part); then the story itself is judged.
        opener = story.opener.index if story.opener else -1
        inner = [i for i in story.blocks if i != opener and i in pitches]
        rest = [i for i in story.blocks if i not in inner]
        headline = len(story.opener.title.split()) if story.opener else 0
        if inner and sum(blocks[i].words for i in rest) <= headline:
            reason = reason or pitches[inner[0]]  # only its headline would be left
        elif len(inner) < len(story.blocks):
            dropped += [Dropped(i, pitches[i]) for i in inner]
            story.blocks = rest
        elif not reason:
            reason = pitches[story.blocks[0]]
        # A sponsor's closing credit ("Presented by X") marks no story after it.
        marks = last != "sponsor"
        reason = reason or _story_reason(blocks, story, titles, post_title, pos, marks)
        jobs, reason = _jobs(blocks, story, kept, jobs, reason, dropped)
        if story.opener and story.opener.index in result.house_ads:
            reason = "house_ad"
        last = reason
        if reason:
            dropped += [Dropped(i, reason) for i in story.blocks]
            continue
        kept.append(story)
    if kept and result.layout == "roundup":  # divided posts keep today's joined sign-off
        dropped += _sign_off(blocks, kept[-1])
    result.stories = kept
    return dropped


def _sponsor_piece(blocks: list[Block], story: Story, dropped: list[Dropped]) -> str:
    """ "sponsor" when the story is a sponsor's piece; a piece that opens a divided
    part ahead of a story of its own is cut off the part (in place)."""
    end = _sponsor_end(blocks, story)
    if not end:
        return ""
    if end == len(story.blocks) or story.opener is not None:
        return "sponsor"
    dropped += [Dropped(i, "sponsor") for i in story.blocks[:end]]
    story.blocks = story.blocks[end:]
    return ""


def _sponsor_end(blocks: list[Block], story: Story) -> int:
    """How many of the story's blocks are a sponsor's piece: one under a marker line
    ("Together with X", "A message from X") that opens the story, sits on a short line
    of its headline or starts its first paragraph. The piece is the sponsor's headline
    and copy, up to the next heading."""
    texts = [p for p, i in enumerate(story.blocks) if blocks[i].words]
    markers = 0
    while markers < len(texts) and _marker(blocks[story.blocks[texts[markers]]].text):
        markers += 1
    if not texts or not (markers or _marked_head(blocks, story, texts)):
        return 0
    start = texts[markers] + 1 if markers < len(texts) else len(story.blocks)
    return _piece_end(blocks, story.blocks, start)


def _piece_end(blocks: list[Block], indexes: list[int], start: int) -> int:
    """Where a sponsor's copy from `start` on ends: at the next heading or divider."""
    ends = (p for p in range(start, len(indexes)) if blocks[indexes[p]].kind in (HEADING, RULE))
    return next(ends, len(indexes))


def _sponsor_boxes(blocks: list[Block], story: Story) -> list[Dropped]:
    """A sponsor's box inside a story: a marker line over a headline of its own and
    the copy under it, up to the next heading or divider (cut out in place)."""
    opener = story.opener.index if story.opener else -1
    texts = [p for p, i in enumerate(story.blocks) if blocks[i].words]
    for at, nxt in itertools.pairwise(texts):
        marker, headline = blocks[story.blocks[at]], blocks[story.blocks[nxt]]
        if headline.kind != HEADING and not headline.bold:
            continue  # asked first: most blocks are no headline, and it costs no reading
        if at == texts[0] or "\n" in marker.text or not _marker(marker.text):
            continue
        piece = story.blocks[at : _piece_end(blocks, story.blocks, nxt + 1)]
        if opener in piece:
            continue
        story.blocks = [i for i in story.blocks if i not in piece]
        return [Dropped(i, "sponsor") for i in piece]
    return []


def _marked_head(blocks: list[Block], story: Story, texts: list[int]) -> bool:
    """A marker on a short line of the headline's block, or first in the next block
    when copy follows it (a marker closing the story labels the story after)."""
    lines = blocks[story.blocks[texts[0]]].text.splitlines()[1:]
    if len(texts) > 1:
        body = blocks[story.blocks[texts[1]]].text.splitlines()
        lines += body[:1] if len(body) > 1 or len(texts) > 2 else []
    return any(_marker(line) for line in lines)


#: Several rules ask about one block's text: remembered for the post (`strip_chrome`
#: starts afresh, so that a post costs the same however many came before it).
@functools.lru_cache(maxsize=1024)
def _marker(text: str) -> bool:
    """A short line that credits a sponsor."""
    if len(text.split(None, _MARKER_WORDS)) > _MARKER_WORDS:  # counts no further
        return False
    return bool(_SPONSOR.search(text) or _SPONSOR_LINE.search(text))


def _jobs(
    blocks: list[Block],
    story: Story,
    kept: list[Story],
    run: tuple[str, int, bool] | None,
    reason: str,
    dropped: list[Dropped],
) -> tuple[tuple[str, int, bool] | None, str]:
    """Job listings: a story headed "Jobs", or one under a short "Jobs" label (the
    label ends the story before: it goes too), and the listings of its kind after it."""
    family = story.opener.family if story.opener else None
    if reason:
        return None, reason
    head = story.opener.title if story.opener else blocks[story.blocks[0]].text
    if _JOBS.match(head) and _classifieds(blocks, story):
        return None, "jobs"
    label = _label_before(blocks, story, kept)
    if label is not None:
        kept[-1].blocks.remove(label)
        dropped.append(Dropped(label, "jobs"))
        return (None if _ends_with_label(blocks, story) else family), "jobs"
    if run is not None and run == family:
        return (None if _ends_with_label(blocks, story) else run), "jobs"
    return None, ""


#: A job listing this long or longer is the editor's write-up, not a classified ad.
_WRITE_UP_WORDS = 30


def _classifieds(blocks: list[Block], story: Story) -> bool:
    """Listings of a line or two each (a job board's ads), not a curated board that
    describes each opening in a paragraph of its own."""
    sizes = sorted(blocks[i].words for i in story.blocks[1:] if blocks[i].words)
    return not sizes or sizes[len(sizes) // 2] < _WRITE_UP_WORDS


def _ends_with_label(blocks: list[Block], story: Story) -> bool:
    """A short line closes the story: the next part's label, and the run ends."""
    texts = [i for i in story.blocks[1:] if blocks[i].words]
    return bool(texts) and _label(blocks[texts[-1]], _MARKER_WORDS)


def _label_before(blocks: list[Block], story: Story, kept: list[Story]) -> int | None:
    """The short "Jobs" label that ends the story kept last, right before this one."""
    if not kept or len(kept[-1].blocks) < 2:
        return None
    last = kept[-1].blocks[-1]
    between = range(last + 1, story.blocks[0])
    if any(blocks[i].words for i in between):
        return None
    block = blocks[last]
    return last if block.words <= _MARKER_WORDS and _JOBS.match(block.text) else None


def _story_reason(
    blocks: list[Block],
    story: Story,
    titles: list[str],
    post_title: str,
    pos: int,
    marks: bool = True,
) -> str:
    head = blocks[story.blocks[0]]
    title = story.opener.title if story.opener else head.text
    # A sponsor's class marks its own blocks; only a story that is all sponsor goes.
    all_sponsor = all(_sponsor_class(blocks[i]) for i in story.blocks if blocks[i].words)
    if _SPONSOR.search(title) or all_sponsor or (marks and _marked(blocks, story.blocks[0])):
        return "sponsor"
    if _WIDGET_TITLE.match(title) or (head.classes and _widget_class(head)):
        return "widget"
    if _POLL.search(title):
        return "poll"
    if _REFERRAL.search(title):
        return "referral"
    if _CONTENTS.match(title) or _contents(blocks, story, titles):
        return "contents"
    if _games(blocks, story):
        return "games"
    body = sum(blocks[i].words for i in story.blocks[1:])
    if (
        pos == 0
        and body < _MASTHEAD_BODY
        and (_matches_title(title, post_title) or _ISSUE_MARK.search(title))
    ):
        # The post's own name on top (or a periodical's: "… Weekly News #119"),
        # with a greeting or contents.
        return "masthead"
    if story.opener is not None and legacy._article_heading(title):
        return "sign_off"  # "Conclusion" in a roundup: the editor's close, no story
    if _signs_off(title):
        return "sign_off"
    return ""


#: The quiz, crossword and puzzle corner of a daily: play, not news.
_GAMES = re.compile(r"\b(?:quiz|crossword|puzzles?|sudoku|wordle|trivia|games?)\b", re.I)
_GAMES_TITLE = re.compile(r"^\W*(?:time to play|play|games?|puzzles?)\W*$", re.I)
_GAMES_WORDS = 40


def _games(blocks: list[Block], story: Story) -> bool:
    """A short corner headed as play ("Time to play") that sends readers to a game."""
    first = next((blocks[i] for i in story.blocks if blocks[i].words), None)
    if first is None or not _GAMES_TITLE.match(first.text):
        return False  # asked first: almost every story is headed otherwise
    texts = [blocks[i] for i in story.blocks if blocks[i].words]
    return sum(b.words for b in texts) <= _GAMES_WORDS and any(_GAMES.search(b.text) for b in texts)


def _pitches(blocks: list[Block]) -> dict[int, str]:
    """The post's blocks that are chrome wherever they stand, with reasons; a short
    label right before one ("SHARE THE BREW") goes with it."""
    short = (b.text for b in blocks if b.words <= _SPONSOR_BLOCK_WORDS)
    words = _SHORT_BLOCK_CHROME.within(short)  # the marker words this post holds at all
    reasons = {b.index: r for b in blocks if (r := _block_reason(b, words))}
    reasons |= dict.fromkeys(_callout_pitches(blocks), "promo")
    texts = [b for b in blocks if b.words]
    for label, after in itertools.pairwise(texts):
        if after.index in reasons and label.index not in reasons and _label(label):
            reasons[label.index] = reasons[after.index]
    for question, option in itertools.pairwise(texts):  # a poll's answers follow it
        if reasons.get(question.index) == "poll" and _option(option):
            reasons.setdefault(option.index, "poll")
    return reasons


def _option(block: Block) -> bool:
    """A short line with no sentence in it, no label: a poll's answer ("🌤 It was fine")."""
    text = block.text
    if block.words > 4 or "\n" in text or block.kind == HEADING or text.isupper():
        return False
    return not text.rstrip().endswith((".", "?"))


def _label(block: Block, most: int = 4) -> bool:
    """A short line set as a label (heading, bold, capitals, centred), no sentence."""
    text = block.text
    if block.words > most or "\n" in text or text.rstrip().endswith((".", "!", "?")):
        return False
    return block.kind == HEADING or block.bold or block.center or text.isupper()


def _block_reason(block: Block, words: AnyOf) -> str:
    """`words`: `_SHORT_BLOCK_CHROME`, or those of its words that the post holds."""
    if block.classes:
        if _sponsor_class(block):
            return "sponsor"
        joined = " ".join(block.classes)
        if _widget_classes(joined):
            return "widget"
        if _promo_classes(joined):
            return "promo"
    if block.words > _SPONSOR_BLOCK_WORDS or not words.may_match(block.text):
        return ""  # a paragraph of a story, or a short line without a marker word
    if _SPONSOR.search(block.text):
        return "sponsor"
    if "\n" not in block.text and _marker(block.text):
        return "sponsor"
    if block.words <= 3 and _BUTTON.match(block.text):
        return "promo"
    if block.words > _PITCH_WORDS:
        return ""
    if _POLL.search(block.text):
        return "poll"
    return "referral" if _REFERRAL.search(block.text) else ""


#: The longest block a sponsor's credit is read in.
_SPONSOR_BLOCK_WORDS = 40
#: Every word that a short chrome block (`_block_reason`) holds.
_SHORT_BLOCK_CHROME = any_of(_SPONSOR, _SPONSOR_LINE, _BUTTON, _POLL, _REFERRAL)


def _callout_pitches(blocks: list[Block]) -> list[int]:
    """A callout box (a run of blocks of a callout class) that asks the reader to
    subscribe or join: a facts box of the same class stays."""
    runs: list[list[Block]] = []
    for block in blocks:
        if not block.classes or not _callout_classes(block.classes):
            continue
        if runs and runs[-1][-1].index == block.index - 1:
            runs[-1].append(block)
        else:
            runs.append([block])
    pitched = (run for run in runs if any(_PITCH.search(b.text) for b in run))
    return [b.index for run in pitched for b in run]


def _sponsor_class(block: Block) -> bool:
    return bool(block.classes) and _sponsor_classes(block.classes)


#: Blocks of a post share a few sets of classes: each set is read once (`strip_chrome`
#: starts afresh for each post, as for `_marker`).
@functools.lru_cache(maxsize=256)
def _sponsor_classes(classes: frozenset[str]) -> bool:
    return any(_SPONSOR_CLASS.search(token) for token in classes)


@functools.lru_cache(maxsize=256)
def _callout_classes(classes: frozenset[str]) -> bool:
    return any(_CALLOUT_CLASS.search(token) for token in classes)


def _widget_class(block: Block) -> bool:
    return _widget_classes(" ".join(block.classes))


# Read as one line of classes (some patterns anchor at its start): remembered by the line.
@functools.lru_cache(maxsize=256)
def _widget_classes(joined: str) -> bool:
    return bool(_WIDGET_CLASS.search(joined))


@functools.lru_cache(maxsize=256)
def _promo_classes(joined: str) -> bool:
    return bool(_PROMO_CLASS.search(joined))


def _marked(blocks: list[Block], index: int) -> bool:
    """A short sponsor label right before the story ("Sponsored", centred) marks it."""
    before = index - 1
    while before >= 0 and blocks[before].kind in (SPACER, FIGURE):
        before -= 1
    label = blocks[before] if before >= 0 else None
    # A link is a call to action ("Become a sponsor"), not a label over what follows.
    return label is not None and label.words <= 4 and not label.link and _marker(label.text)


def _contents(blocks: list[Block], story: Story, titles: list[str]) -> bool:
    """A list whose items name later stories (two are enough to tell). `titles`:
    casefolded, none empty."""
    items = [i for i in story.blocks if blocks[i].kind == ITEM]
    if len(items) < 2:
        return False  # a story that is one item (a roundup of items) lists nothing
    texts = [blocks[i].text.casefold() for i in items]
    # A title in no item is in none of them: one search of them all says so for most lists.
    joined = "\0".join(texts)
    if not any(title in joined for title in titles):
        return False
    hits = 0
    for text in texts:
        hits += any(title in text for title in titles)
        if hits >= 2:
            return True
    return False


def _matches_title(title: str, post_title: str) -> bool:
    a = set(re.findall(r"[a-z]+", title.casefold()))
    b = set(re.findall(r"[a-z]+", post_title.casefold()))
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


def _signs_off(text: str) -> bool:
    """A closing formula ("Thanks for reading", "Unsubscribe", a signed "— Ana")."""
    return bool(_SIGN_OFF_START.match(text) or _SIGN_OFF.search(text))


def _sign_off(blocks: list[Block], story: Story) -> list[Dropped]:
    """The last story's tail from a closing formula on is the sign-off."""
    for pos, i in enumerate(story.blocks[1:], start=1):
        block = blocks[i]
        if block.signature or (block.words <= _SIGN_OFF_WORDS and _signs_off(block.text)):
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
        elif block.signature or (block.words <= _SIGN_OFF_WORDS and _signs_off(block.text)):
            out.append(Dropped(i, "sign_off"))
        elif block.prose >= LOOSE_PROSE:
            previous.blocks.append(i)
        else:
            out.append(Dropped(i, "residue" if i < last else "tail"))
    return out
