"""Cut a post into its stories, the way a careful reader would (pure: no I/O, no clock).

The work is a pipeline of pure stages, each returning dataclasses that `cut_post`
keeps in its `Cut` so that a trace can be printed:

1. `normalise`: the cleaned tree as flat blocks (list items, linked headings, plain text).
2. `candidates`: blocks that could open a story, with their cue and label-likeness.
3. `structure`: the story family, peers and categories; essay or roundup.
4. `chrome`: sponsors, contents, mastheads, widgets, sign-offs, with reasons.
5. `titles`: headlines as printed, list numbers and recurring suffixes off.

Today's sectioner (until this pipeline) is kept callable in `legacy`; divided and
teasered posts still follow its rules. `learn_boilerplate` is today's.

A feed's operator may force the layout (`split`, one of `modes.SPLIT_MODES`): stage 3
is then `forced.forced_plan`, or, for "none", the post is one story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lxml import etree

from digest.sectioning import legacy
from digest.sectioning.candidates import LEAD_IN, Candidate, candidates
from digest.sectioning.chrome import Dropped, leftovers, strip_chrome
from digest.sectioning.fingerprints import block_fingerprint, fingerprint, near_duplicate
from digest.sectioning.forced import forced_plan
from digest.sectioning.modes import AUTO, NONE, SPLIT_MODES, check_split
from digest.sectioning.normalise import ITEM, Block, Normalised, lead_host, normalise
from digest.sectioning.sanitise import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitise
from digest.sectioning.structure import Plan, Story, plan
from digest.sectioning.titles import clean_titles, without_list_numbers
from digest.text import slugify, web_url
from digest.types import SectionDraft

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "SPLIT_MODES",
    "Cut",
    "block_fingerprint",
    "cut_post",
    "fingerprint",
    "learn_boilerplate",
    "near_duplicate",
    "sanitise",
    "split_post",
]

#: Whether `split_post` runs the pipeline (True) or today's sectioner (`legacy`).
USE_PIPELINE = True


@dataclass(slots=True)
class Cut:
    """Everything `cut_post` decided, stage by stage."""

    blocks: list[Block]
    candidates: list[Candidate]
    plan: Plan
    dropped: list[Dropped] = field(default_factory=list)
    drafts: list[SectionDraft] = field(default_factory=list)


def split_post(
    html: str,
    *,
    post_url: str,
    post_title: str,
    boilerplate: frozenset[str] = frozenset(),
    base_url: str | None = None,
    split: str = AUTO,
) -> list[SectionDraft]:
    """The stories of one post, in order; at least one for a post with any text.

    `boilerplate` holds `block_fingerprint`s of blocks to drop (from
    `learn_boilerplate`). Relative links resolve against `base_url`, else the post's link.
    `split` forces a layout (`SPLIT_MODES`); a mode not among them is a ValueError.
    """
    check_split(split)
    if not USE_PIPELINE:  # today's sectioner knows no modes
        return legacy.split_post(
            html,
            post_url=post_url,
            post_title=post_title,
            boilerplate=boilerplate,
            base_url=base_url,
        )
    return cut_post(
        html,
        post_url=post_url,
        post_title=post_title,
        boilerplate=boilerplate,
        base_url=base_url,
        split=split,
    ).drafts


def learn_boilerplate(htmls: Sequence[str], *, min_posts: int = 2) -> frozenset[str]:
    """Today's rule (`legacy.learn_boilerplate`): blocks recurring at the edges of posts."""
    return legacy.learn_boilerplate(htmls, min_posts=min_posts)


def cut_post(
    html: str,
    *,
    post_url: str,
    post_title: str,
    boilerplate: frozenset[str] = frozenset(),
    base_url: str | None = None,
    split: str = AUTO,
) -> Cut:
    """`split_post` with its trace: blocks, candidates, plan, chrome dropped, drafts."""
    check_split(split)
    post_url = web_url(post_url)
    norm = normalise(html, web_url(base_url or "") or post_url, boilerplate)
    blocks = norm.blocks
    if not any(block.words for block in blocks):
        return Cut(blocks, [], Plan("single"))  # no text: no story (an image alone)
    cands = candidates(blocks)
    if split == NONE:
        return _uncut(norm, cands, post_url, post_title)
    result = plan(blocks, cands, post_title) if split == AUTO else forced_plan(blocks, cands, split)
    dropped = strip_chrome(blocks, result, post_title)
    dropped += leftovers(blocks, result, dropped)
    cut = Cut(blocks, cands, result, dropped)
    stories = [s for s in result.stories if any(_visible(blocks[i]) for i in s.blocks)]
    if not stories:
        return cut
    if len(stories) == 1:
        raws = [blocks[i].raw for i in stories[0].blocks]
        cut.drafts = [legacy._single(norm.root, raws, post_url, post_title)]
        return cut
    cut.drafts = _drafts(norm.root, blocks, stories, post_url, post_title)
    return cut


#: What the chrome stage drops that is not the post's own text, even in a post kept whole.
_NOT_THE_POSTS = frozenset({"sponsor", "widget", "house_ad"})


def _uncut(norm: Normalised, cands: list[Candidate], post_url: str, post_title: str) -> Cut:
    """The post as one story titled with its title (split "none"). Sponsors and widgets
    the automatic rules find still go; everything else stays, since what they would
    call a preamble or a sign-off is this story's introduction or ending."""
    blocks = norm.blocks
    auto = plan(blocks, cands, post_title)
    ads = [d for d in strip_chrome(blocks, auto, post_title) if d.reason in _NOT_THE_POSTS]
    gone = {d.index for d in ads}
    story = Story([b.index for b in blocks if b.index not in gone])
    evidence = [f"split: none (the operator's layout; automatic rules: {auto.layout})"]
    cut = Cut(blocks, cands, Plan("single", None, evidence, [story]), ads)
    if any(_visible(blocks[i]) for i in story.blocks):
        raws = [blocks[i].raw for i in story.blocks]
        cut.drafts = [legacy._single(norm.root, raws, post_url, post_title)]
    return cut


def _visible(block: Block) -> bool:
    """Text or an image: what a story needs at least."""
    element = block.raw.element
    return bool(block.words) or (element is not None and legacy._has_image(element))


def _drafts(
    root: etree._Element,
    blocks: list[Block],
    stories: list[Story],
    post_url: str,
    post_title: str,
) -> list[SectionDraft]:
    keys: set[str] = set()
    titles = clean_titles([s.opener.title for s in stories if s.opener])
    cleaned = iter(titles)
    drafts: list[SectionDraft] = []
    for ordinal, story in enumerate(stories):
        raws = [blocks[i].raw for i in story.blocks]
        if story.opener is None:  # today's rules (divided posts)
            draft = legacy._draft(root, raws, ordinal, keys, post_url, post_title)
        else:
            draft = _draft(root, blocks, raws, story, next(cleaned), ordinal, keys, post_url)
        drafts.append(draft)
    # Divided parts are titled by today's rules: their list numbers go here.
    titles = without_list_numbers([d.title for d in drafts])
    categories = _categories(stories)
    return [
        _finished(d, t, categories.get(s.category))
        for d, t, s in zip(drafts, titles, stories, strict=True)
    ]


def _categories(stories: list[Story]) -> dict[str | None, str | None]:
    """Each category label the stories sit under, as printed (read once for all of its
    stories); no label, no category."""
    labels = {s.category for s in stories if s.category}
    return {label: legacy._headline_text(label) or None for label in labels}


def _finished(draft: SectionDraft, title: str, category: str | None) -> SectionDraft:
    """The draft with its final title and category (copied only when one changes)."""
    if title == draft.title and category is None:
        return draft
    return replace(draft, title=title, category=category)


def _draft(
    root: etree._Element,
    blocks: list[Block],
    raws: list[legacy._Block],
    story: Story,
    title: str,
    ordinal: int,
    keys: set[str],
    post_url: str,
) -> SectionDraft:
    """A roundup story: the headline out of the body, the title cleaned. `raws`: the
    story's blocks as today's rules know them."""
    assert story.opener is not None
    head = blocks[story.blocks[0]]
    links = _head_links(head)
    teaser = ""
    if story.opener.cue == LEAD_IN or (head.kind == ITEM and head.raw.kind == legacy._BODY):
        body = _strip_lead(head) + raws[1:]
    elif head.raw.kind in (legacy._HEADING, legacy._BOLD_LINE, legacy._GLUED):
        _, teaser, body = legacy._take_headline(raws)
    else:
        body = raws[1:]
    text = legacy._text(body)
    key = legacy._unique_key(slugify(title) or f"section-{ordinal + 1}", keys)
    return legacy._make(root, body, text, links, title, teaser, ordinal, key, post_url)


def _head_links(head: Block) -> tuple[str, ...]:
    """The headline's own link, then the links in its block (`legacy._hrefs`); each
    address is checked once a post (`legacy._web_url`)."""
    links = tuple(legacy._hrefs(head.raw))
    own = legacy._web_url(head.link) if head.link else ""
    return (own, *links) if own else links


def _strip_lead(block: Block) -> list[legacy._Block]:
    """The block without its lead-in headline (and the dash or break after it)."""
    element = block.raw.element
    if element is None:
        return [block.raw]
    host = lead_host(element)
    if not len(host):
        return [block.raw]
    first = host[0]
    tail = (first.tail or "").lstrip(" \u00a0\n" + legacy._BREAK)
    tail = tail.lstrip("—–-:.").lstrip(" \u00a0\n" + legacy._BREAK)
    first.tail = tail  # the body's text stays where the lead was
    legacy._drop_tree(first)
    while len(host) and host[0].tag == "br" and not (host.text or "").strip():
        legacy._drop_tree(host[0])
    text, count = legacy._lines(legacy._inner_text(element))
    raw = block.raw
    raw.text, raw.words = text, count
    return [raw] if text or legacy._has_image(element) else []
