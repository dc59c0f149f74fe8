"""Stage 3's judgement: whether a post's parts are one piece or separate stories (pure).

A reader keeps a post whole when its parts run one argument or make one document, and
cuts it when they are separate stories. Each function weighs the evidence a reader
uses in any layout, and says which it found, for `feed inspect`:

- `article_list`: evidence that settles it alone (parts numbered in sequence, headings
  that name a document's parts or a how-to's steps, questions as headlines, a list of
  lead-ins inside an article);
- `essay`: points for one piece (an introduction of argument, a conclusion that refers
  back, sub-heads that lean on the post) against points for a roundup (a periodical's
  title, a greeting, headlines linking out, sponsors).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from digest.sectioning import legacy
from digest.sectioning.candidates import BARE_LINE, BOLD_LINE, HEADING_CUE, LEAD_IN, Candidate
from digest.sectioning.gates import gated
from digest.sectioning.normalise import FIGURE, ITEM, SPACER, Block
from digest.text import words

if TYPE_CHECKING:
    from digest.sectioning.structure import Plan

# A dozen alternatives tried at every place of a title: searched only where one of the
# words every match holds is (a date's dash, an issue's "#" or "no.").
_PERIODICAL = gated(
    re.compile(
        r"#\s?\d+|\bissue\b|\bweekly\b|\bedition\b|\brecap\b|\broundup\b|\bround-up\b"
        r"|\bdigest\b|\bnews\b|\bnewsletter\b|\b\d{4}-\d{2}-\d{2}\b|\bthis week\b|\bno\.\s?\d+",
        re.I,
    ),
    "#|issue|weekly|edition|recap|roundup|round-up|digest|news|-|this week|no.",
)
_GREETING = re.compile(
    r"^(?:hello|hi|hey|good morning|morning|happy \w+day|welcome|greetings|dear)\b", re.I
)


def _greets(lead: list[Block]) -> bool:
    """The introduction greets the reader ("Good morning."), after any masthead lines."""
    return any(_GREETING.match(b.text) for b in lead[:4])


_THIS_WEEK = re.compile(r"\bthis (?:week|issue|month|edition)\b|\btoday's\b|\btoday’s\b", re.I)
_ANNOUNCES = re.compile(
    r"\bthis (?:essay|post|piece|note)\b|\bhere is (?:what|why|how)\b|\bthese are (?:some )?notes\b"
    r"|\bin (?:two|three|four|five|six|seven|\d) parts\b|\bi went looking\b"
    r"|\b(?:lessons|reasons|things i|ways|parts)\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"^(?:this|that|these|those|none of|seen in that light|but|so|which|there is a harder|it)\b",
    re.I,
)
#: A title listing three or more things: "A, B, and C", "A; B; C", "A & B & C".
_ENUMERATION = re.compile(r"^[^,;&]+(?:(?:[,;&]|\band\b)[^,;&]+){2,}", re.I)
#: An introduction saying the post is one piece ("one long argument", "this essay").
_ONE_PIECE = re.compile(
    r"\bone (?:long |single )?(?:argument|essay|story|piece)\b|\bthis (?:essay|piece)\b", re.I
)
# Searched in a story's last paragraphs: only where one of the words every match holds is.
_CLOSING = gated(
    re.compile(
        r"\ball (?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b|\bin short\b"
        r"|\bto sum up\b|\bif i had to\b",
        re.I,
    ),
    "all |in short|to sum up|if i had to",
)


_NUMBER_WORDS = (
    *("zero", "one", "two", "three", "four", "five", "six"),
    *("seven", "eight", "nine", "ten", "eleven", "twelve"),
)
#: "the three steps", "these five days", "all seven": a conclusion counting the parts.
_COUNTED = re.compile(r"\b(?:the|these|those|all|my|our)\s+(\w+)\s+\w+", re.I)
#: Headlines numbered in sequence under one word: "Day 1: Lisbon", "Part II", "Step 3".
_SERIAL = re.compile(
    r"^(\w+)\s+(\d{1,2}|[IVX]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


def _counts_parts(text: str, counts: set[int]) -> bool:
    folded = text.casefold()
    if not any(_NUMBER_WORDS[n] in folded for n in counts if 1 < n < len(_NUMBER_WORDS)):
        return False  # none of the counts is written out: no need to read the phrases
    for match in _COUNTED.finditer(text):
        word = match.group(1).casefold()
        number = _NUMBER_WORDS.index(word) if word in _NUMBER_WORDS else -1
        if number > 1 and number in counts:
            return True
    return False


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
_ORDINAL_LEAD = re.compile(
    r"^(first|second|third|fourth|fifth|sixth|seventh|eighth)(?:ly)?\b", re.I
)


#: Words of headings that name a part of one piece rather than a story: a document's
#: sections (release notes, recipes, show notes, reports) and an outline's steps.
_OUTLINE_TEXT = """
    a an the and of to we i it is was what what's whats why how where who when next now
    then so our my your this that problem problems solution solutions question questions
    answer answers idea ideas lesson lessons result results background context overview
    introduction intro summary conclusion conclusions takeaway takeaways step steps part
    tried worked learned happened changed went wrong right did do does didn't works work
    features feature fixes fix bug bugs changes changelog breaking deprecations upgrading
    upgrade installation install usage requirements known issues notes note ingredients
    method methods directions instructions equipment serves variations chapters chapter
    timestamps transcript links sources references credits further reading resources
    faq appendix acknowledgements thanks s t motivation approach limitations evaluation
    design implementation related future discussion findings data setup prerequisites
    updates fixed new coming up"""
_OUTLINE_WORDS = frozenset(_OUTLINE_TEXT.split())
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4})[.):]\s*")


#: Verbs a how-to's steps open with ("Install the CLI", "Create a project", "Deploy").
_STEP_TEXT = """install create add set configure deploy run build write open connect test publish
    make choose get use start update check download enable copy clone import define prepare
    mix bake serve plant fit attach sign log push commit finish"""
_STEP_VERBS = frozenset(_STEP_TEXT.split())


def _step(opener: Candidate) -> bool:
    if opener.cue != HEADING_CUE:
        return False  # asked first: no need to read the words
    found = words(_LEADING_NUMBER.sub("", opener.title))
    return bool(found) and found[0] in _STEP_VERBS


def _outline_heading(title: str) -> bool:
    """A heading made only of outline words ("2. What we tried", "Bug fixes", "Links")."""
    found = words(_LEADING_NUMBER.sub("", title))
    return bool(found) and len(found) <= 4 and all(w in _OUTLINE_WORDS for w in found)


#: A sub-head this short, with no name or figure in it, says nothing on its own.
MAX_LEANING_WORDS = 6


def _leaning(title: str) -> bool:
    """An article's sub-head ("The cost", "What residents say", "How we got here"):
    short, no capitalised name after its first word, no figure. A story's headline
    names what it is about ("Harwick opens its first cycle street")."""
    found = title.split()
    if not found or len(found) > MAX_LEANING_WORDS or any(ch.isdigit() for ch in title):
        return False
    return not any(w[:1].isupper() and w != "I" for w in found[1:])


def _number(text: str) -> int:
    """1 for "1", "I" and "one"; 0 for anything else."""
    if text.isdigit():
        return int(text)
    lowered = text.casefold()
    return _NUMBER_WORDS.index(lowered) if lowered in _NUMBER_WORDS else _ROMAN.get(text, 0)


def _serial(titles: list[str]) -> bool:
    """Most headlines are one word and a running number ("Day 1: Lisbon", "Part II"),
    or open with running ordinals ("First, the schedule", "Second, …"): an itinerary's,
    a tutorial's or a letter's parts, not separate stories."""
    found = [(m.group(1).casefold(), m.group(2)) for t in titles if (m := _SERIAL.match(t))]
    found = found or [
        ("", str(_ORDINAL_WORDS.index(m.group(1).casefold()) + 1))
        for t in titles
        if (m := _ORDINAL_LEAD.match(t))
    ]
    if len(found) < 2 or len(found) < 0.6 * len(titles) or len({w for w, _ in found}) != 1:
        return False
    numbers = [_number(n) for _, n in found]
    return numbers[0] == 1 and all(b == a + 1 for a, b in itertools.pairwise(numbers))


def essay(blocks: list[Block], result: Plan, post_title: str) -> tuple[bool, list[str]]:
    """Whether the parts run one argument: essay points against roundup points."""
    starts = [s.blocks[0] for s in result.stories]
    first = starts[0]
    lead = [b for b in blocks[:first] if b.kind not in (SPACER, FIGURE)]
    lead_text = " ".join(b.text for b in lead)
    lead_words = sum(b.words for b in lead)
    kinds: list[str] = []
    roundup = 0
    if 25 <= lead_words <= 200 and not _greets(lead):
        kinds.append("argument lead")
        if _ANNOUNCES.search(lead_text):
            kinds.append("announces parts")
    last = blocks[result.stories[-1].blocks[-1]].text if result.stories[-1].blocks else ""
    tail_text = " ".join(blocks[i].text for i in result.stories[-1].blocks[-3:])
    parts = len(result.stories)
    if (
        _CLOSING.search(tail_text)
        or _counts_parts(tail_text, {parts, parts - 1})
        or any("footnote" in " ".join(c) for c in {b.classes for b in blocks if b.classes})
    ):
        kinds.append("closing refers back")
    titles = [st.opener.title for st in result.stories if st.opener]
    if _serial(titles):
        kinds.append("parts numbered in sequence")
    heads = [st.opener for st in result.stories if st.opener and st.opener.cue == HEADING_CUE]
    if len(heads) >= 2 and sum(_leaning(o.title) for o in heads) >= 0.8 * len(titles):
        kinds.append("sub-heads lean on the post")
    del last
    backs = 0
    for story in result.stories[1:]:
        body = next((blocks[i] for i in story.blocks[1:] if blocks[i].words >= 8), None)
        if body is not None and _BACK_REFERENCE.match(body.text):
            backs += 1
    if backs >= 2:
        kinds.append("back-references")
    if _PERIODICAL.search(post_title):
        roundup -= 2
    if _ONE_PIECE.search(lead_text):
        kinds.append("calls itself one piece")
    elif _greets(lead) or _THIS_WEEK.search(lead_text):
        roundup -= 2
    if _ENUMERATION.search(post_title.partition(":")[2] or post_title):
        roundup -= 2  # the title lists the stories ("Tariffs, ice roads, and swifts")
    openers = [st.opener for st in result.stories if st.opener]
    if openers and sum(o.linked for o in openers) * 2 > len(openers):
        roundup -= 2  # headlines that link out: stories from elsewhere, summed up
    if result.family and result.family[0] == BARE_LINE:
        roundup -= 2  # headlines known only by the newsletter's recurring labels
    furniture = _furniture(blocks, result)
    roundup -= min(2, len(furniture))
    kinds_r = ", ".join(furniture)
    score = len(kinds) + roundup
    evidence = [f"essay E={len(kinds)} ({', '.join(kinds)}) R={roundup} ({kinds_r})"]
    if roundup == 0 and result.layout == "roundup" and _article_shape(blocks, result, lead_words):
        # Nothing says roundup: today's article rules decide, as they always have.
        evidence.append("article shape without roundup evidence")
        return True, evidence
    return score >= 2 and len(kinds) >= 2, evidence


#: A short block that marks a sponsor ("Sponsored", "This issue is supported by …").
_SPONSOR_MARK_PATTERN = re.compile(
    r"\(sponsor(?:ed)?\)|^\W*sponsor(?:ed)?\b|\b(?:supported|sponsored|brought to you) by\b"
    r"|\bin partnership with\b|^\W*advertisement\b"
    r"|^\W*(?:presented by|together with|a message from)\b",
    re.I,
)
# Searched in every block: only where one of the words every match holds is.
_SPONSOR_MARK = gated(
    _SPONSOR_MARK_PATTERN,
    "sponsor|supported|brought to you|in partnership with|advertisement|presented by"
    "|together with|a message from",
)


#: A short line about the next issue ("See you next week", "votes for next week!").
_NEXT_ISSUE = gated(
    re.compile(r"\bnext (?:week|issue|edition|friday|monday|sunday)\b", re.I), "next "
)
_NEXT_ISSUE_WORDS = 15


def _furniture(blocks: list[Block], result: Plan) -> list[str]:
    """Roundup furniture in the body, whatever the post is called: a sponsor's marker,
    a short line about the next issue.
    (Neither headings over link lists nor bullet-only units are signs: a podcast's
    chapter list and release notes have them too.)"""
    found: list[str] = []
    short = [b.text for b in blocks if b.words <= 40]
    if any(map(_SPONSOR_MARK.within(short).search, short)):
        found.append("sponsor")
    if any(b.words <= _NEXT_ISSUE_WORDS and _NEXT_ISSUE.search(b.text) for b in blocks):
        found.append("names the next issue")
    return found


def _article_shape(blocks: list[Block], result: Plan, lead_words: int) -> bool:
    """Today's article rules, now only when nothing says roundup: a long introduction,
    a stock article heading ("Conclusion"), a buried higher heading, or today's
    roundup test failing."""
    titles = [s.opener.title for s in result.stories if s.opener]
    return (
        lead_words >= legacy.PREAMBLE_WORDS
        or any(legacy._article_heading(t) for t in titles)
        or result.buried
        or (_legacy_reads(result) and len(legacy._stories([b.raw for b in blocks])) <= 1)
    )


def _legacy_reads(result: Plan) -> bool:
    """Today's rules saw plain headings and bold lines only: their verdict counts
    for those, not for cues they could not see (lead-ins, items, plain text)."""
    cues = {st.opener.cue for st in result.stories if st.opener}
    return bool(cues) and cues <= {HEADING_CUE, BOLD_LINE}


#: A list's items are an article's points, not stories, when this share of them or
#: fewer carries a lead-in (the rest have none: the bold words are emphasis).
MINORITY_LEADS = 0.5
#: Prose after the last story, not a sign-off, that makes a list an article's middle.
CONCLUSION_WORDS = 50
_QUESTION_SHARE = 0.6
#: An introduction this long, and longer than its parts on average, makes them an
#: article's sections: a roundup's editorial note is short next to its stories.
LONG_LEAD_WORDS = 250


def article_list(blocks: list[Block], result: Plan) -> str | None:
    """Why the candidates are an article's points rather than separate stories, if they are.

    Evidence a reader uses in any layout, read from the post's body (never its title):
    - most openers are questions (a FAQ's sub-heads, not headlines);
    and, for lead-ins (bold or linked words opening a paragraph or list item), when
    nothing in the body says roundup (no greeting, no "this week", no headlines linking out):
    - most items of the lists the lead-ins sit in have no lead-in of their own;
    - a long introduction of argument (at least `legacy.PREAMBLE_WORDS` prose words),
      or one that names the post as one piece ("this list", "this article");
    - a conclusion: prose after the last story that is not a sign-off.
    """
    openers = [st.opener for st in result.stories if st.opener]
    if len(openers) != len(result.stories) or len(openers) < 2:
        return None
    first = result.stories[0].blocks[0]
    lead = [b for b in blocks[:first] if b.kind not in (SPACER, FIGURE)]
    lead_prose = sum(b.prose for b in lead)
    story_prose = sum(blocks[i].prose for st in result.stories for i in st.blocks)
    if (
        lead_prose >= LONG_LEAD_WORDS
        and lead_prose * len(openers) >= story_prose
        and not _greets(lead)
    ):
        return "an introduction longer than the parts"
    if len(openers) >= 3:
        asks = sum(1 for o in openers if o.title.rstrip().endswith("?"))
        if asks >= _QUESTION_SHARE * len(openers):
            return "the headlines are questions (a FAQ)"
    if _serial([o.title for o in openers]):
        return "the parts are numbered in sequence"
    # Read at the story family's level: a part's own sub-steps do not count.
    heads = [o for o in openers if o.family == result.family] or openers
    outline = sum(1 for o in heads if _outline_heading(o.title))
    if outline == len(heads) or (len(heads) >= 3 and outline * 3 >= 2 * len(heads)):
        return "the headings name parts of one piece, not stories"
    if len(openers) >= 3 and sum(map(_step, openers)) * 3 >= 2 * len(openers):
        return "the headings are a how-to's steps"
    if any(o.cue != LEAD_IN for o in openers):
        return None
    members = {o.index for o in openers}
    lists = {blocks[i].list_id for i in members if blocks[i].kind == ITEM}
    if lists:
        items = [b for b in blocks if b.kind == ITEM and b.list_id in lists]
        led = sum(1 for b in items if b.index in members)
        if led <= MINORITY_LEADS * len(items):
            return f"{led} of {len(items)} list items have a lead-in"
    lead_text = " ".join(b.text for b in lead)
    if _greets(lead) or _THIS_WEEK.search(lead_text):
        return None
    if sum(o.linked for o in openers) * 2 > len(openers):
        return None
    if lead_prose >= legacy.PREAMBLE_WORDS:
        return "a long introduction"
    if _SELF_REFERENCE.search(lead_text):
        return "the introduction speaks of one piece"
    last = max(i for st in result.stories for i in st.blocks)
    tail = blocks[last + 1 :]
    closing = [b for b in tail if b.kind not in (SPACER, FIGURE, ITEM)]
    if closing and not _SIGN_OFF.match(closing[0].text):
        words = sum(b.prose for b in closing)
        if words >= CONCLUSION_WORDS:
            return "a conclusion after the list"
    return None


#: An introduction naming the post itself as one piece ("This list isn't exhaustive").
_SELF_REFERENCE = re.compile(r"\bthis (?:list|article|essay|piece|blog ?post)\b", re.I)

_SIGN_OFF = re.compile(
    r"^(?:thanks|thank you|that'?s all|that’s all|see you|until next|reply|cheers|best|—|--)", re.I
)
