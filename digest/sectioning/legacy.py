"""Today's sectioner, kept callable (pure: no I/O, no clock).

`sections.split_post` now runs the staged pipeline (normalise, candidates,
structure, chrome, titles), which reuses this module's cleaning, block
classification, divided-post rules and drafting; `split_post` here is the
sectioner as it was, for `benchmarks/sectioning.py` and for switching back
(`sections.USE_PIPELINE = False`).

A newsletter issue usually holds several unrelated stories, separated by
dividers and opening with a bold headline and often an italic teaser::

    <p><strong>Headline:</strong></p><p><em>…teaser…</em></p><p>Body…</p>
    <p>***</p>
    <p><strong>Next headline:</strong><br><em>…teaser…</em>First sentence…</p>

How a post is cut
-----------------
1. Clean. The post is parsed once. Invisible and interactive content (script,
   style, svg, iframe, form, button…) and the widgets publishers add (Substack's
   subscribe box, share, comment and other buttons, polls, the toolbar over
   images) are removed; an image keeps its ``<img>`` and caption, not the link
   around it. Links and image sources are made absolute against the post's link.
2. Blocks. The tree is flattened into top-level blocks: paragraphs, headings,
   lists, quotes, figures…; wrapper ``<div>``s are looked through (not a
   footnotes ``<div>``: its ``<hr>`` is no divider), loose text with inline
   elements between blocks makes a block of its own, and empty blocks are
   ignored. Each block's text is computed once. Blocks the feed repeats across
   posts (fingerprints from `learn_boilerplate`) and stock buttons and footers
   ("Thanks for reading", "Subscribe now", "Share", "Leave a comment") are dropped.
3. Headlines. A headline is a heading (h1–h6) or a bold-only paragraph (an emoji
   before it is decoration), or a paragraph opening with a bold headline followed
   by a line break or an italic run. Not a headline: a bold run followed by plain
   text ("<b>Why this matters:</b> because…", a lead-in), a bold link alone (a call
   to action, "» Read the guide here"), a bold sentence of ten words or more ending
   with a full stop (emphasis) unless it has a teaser. A teasered headline has
   the publisher's own summary under it: a short (at most 30 words, no link)
   italic-only paragraph right after it, or, in the same paragraph, an italic run
   after a line break or wrapped in ellipses (``…teaser…``); an italic run right
   after the bold is a term's definition ("<b>Family</b> <i>Amaranthaceae</i>").
4. Boundaries, strongest first.
   a. Dividers: ``<hr>`` (also inside ``<div>``s) or a paragraph of ``***``,
      ``* * *``, ``---``, ``___``. When dividers cut a post into two or more
      parts, every part is a story, and inside a part only a teasered headline
      starts another one: sub-headings such as "Why this matters:" are part of
      the story they sit in. A part without text (an image) joins a neighbour.
   b. A teasered headline opens a story wherever it is.
   c. Without dividers, headings (h1–h4) and bold headlines open stories only
      when the post reads as a roundup rather than one article:
      - candidates are the headings of the highest level, if it is used at least
        twice (lower levels are sub-headings; a lone heading of that level at
        the very top is the post's title, and the next level counts; a lone one
        further down makes the post an article) or, in a post without headings,
        the bold-only paragraphs; a candidate without a teaser must not end with
        a colon (a label such as "Results:" introduces the paragraph after it),
        must not be a stock label ("Read more", "Why this matters") and, if bold,
        must be at most 16 words;
      - there are at least two of them (one bold line is an emphasis, not a list);
      - fewer than 100 words come before the first (a roundup opens with a
        greeting; an article opens with its argument);
      - at least 20 words separate each from the next (an article's sub-headings
        come thick; every story has a body);
      - none is a stock article heading ("Introduction", "Conclusion",
        "Summary", "Postscript: …"), which only makes sense in a larger piece.
      A post that fails any test is one article: its headings stay in its body.
5. Preamble and sign-off. Fewer than 100 words before the first story are the
   publisher's preamble ("Welcome to…, subscribe") and are dropped; more are an
   introduction, kept as a story of its own. A headline-less part of fewer than
   50 words at the end is a sign-off and joins the story before it. A headline
   with no body (or only another short heading under it, when the next story
   has no headline of its own) joins the story it introduces.
6. Titles. A post that makes one story is titled with the post's title (key
   "main"), its headlines left in its body. Otherwise a story is titled with its
   headline (without the trailing colon or emoji), headline and teaser taken out
   of the body; a story without one takes the post's title if it comes first,
   else its first line. A headline paragraph of bold and italic runs only (a
   kicker such as "Import A-Idea", an italic label, the essay's title) joins its
   bold runs with ": ", as does a bold-only paragraph right under such a kicker.

Each story's body is sanitised once (`sanitise`), its outgoing links listed, and
its URL is its own "Read more" link when it has one, else the post's link + "#"
+ key: only http(s) links count (`digest.text.web_url`), so no other scheme
becomes a story's address. `fingerprint` gives it a SimHash, for `near_duplicate`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from digest.sectioning.fingerprints import (
    block_fingerprint,
    fingerprint,
    fingerprint_lengths,
    fingerprint_squashed,
    near_duplicate,
)
from digest.sectioning.sanitise import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, REMOVED_TAGS, sanitise
from digest.text import (
    is_decoration,
    shorten,
    slugify,
    squash,
    strip_decoration,
    web_url,
    words,
)
from digest.types import SectionDraft

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "block_fingerprint",
    "fingerprint",
    "learn_boilerplate",
    "near_duplicate",
    "sanitise",
    "split_post",
]

#: Fewer words than this before the first story: a preamble, dropped.
PREAMBLE_WORDS = 100
#: A story with fewer words under its headline joins a headline-less next one.
MIN_BODY_WORDS = 10
#: A headline-less last part shorter than this is a sign-off.
SIGN_OFF_WORDS = 50
#: Headings or bold paragraphs closer than this are an article's sub-headings.
MIN_STORY_WORDS = 20
#: A bold paragraph longer than this is emphasis, not a headline (unless teasered).
MAX_BOLD_HEADLINE_WORDS = 16
#: A bold paragraph of this many words or more ending with a full stop is a sentence.
_SENTENCE_WORDS = 10
#: An italic paragraph longer than this is text, not a teaser.
MAX_TEASER_WORDS = 30
MAX_TITLE_CHARS = 200
#: Boilerplate is learned from this many blocks at the top and at the bottom of posts.
BOILERPLATE_HEAD = 5
BOILERPLATE_TAIL = 8
#: Empty in HTML5, but not to libxml2's parser, which puts what follows them inside
#: them (an <img> after a <picture>'s <source>): their tags go, what they hold stays.
_UNKNOWN_EMPTY = ("embed", "source", "track", "wbr", "keygen")
#: Widget classes (Substack and others): removed with everything inside them.
_WIDGET_CLASSES = frozenset(
    {"button-wrapper", "captioned-button-wrap", "poll-embed", "image-link-expand", "post-ufi"}
    | {"share-dialog", "subscribe-widget", "subscription-widget", "subscription-widget-wrap"}
    | {"subscription-widget-wrap-editor", "install-substack-app-embed", "youtube-wrap"}
    | {"pencraft", "footer", "paywall", "comments-section", "sharedaddy", "share-buttons"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "center", "nav"}
    | {"ul", "ol", "dl", "li", "dd", "dt", "blockquote", "pre", "table", "tr", "figure"}
    | {"figcaption", "address", "details", "hr"}
    | _HEADINGS
)
#: Looked through when they hold blocks: only their blocks count.
_CONTAINERS = frozenset(
    {"div", "section", "article", "main", "body", "header", "footer", "aside", "center"}
)
#: Where a new line starts: after each of these (marked with _BREAK).
_LINE_BREAKS = tuple(_BLOCK_TAGS | {"br", "td", "th"})
_BOLD = frozenset({"strong", "b"})
_ITALIC = frozenset({"em", "i"})
_BOLD_OR_ITALIC = _BOLD | _ITALIC
_ELLIPSES = "…. "
_ELLIPSIS_MARKS = ("…", ".")
_DIVIDER_CHARS = "*-_⁂•·~=❦❧§◆♦✦❖"
_DIVIDER_TEXT = re.compile(r"^(?:[*\-_⁂•·~=]\s*){3,}$|^[~⁂❦❧§◆♦✦❖]$")
_STOCK_LABEL = re.compile(
    r"^(?:read more|read the |find out more|more info|more:|why (?:this|it) matters"
    r"|related|things that inspired|p\.?s\b)",
    re.I,
)
_STOCK_FOOTER = re.compile(
    r"^(?:thanks? (?:you )?for reading\b|this post is public so feel free to share"
    r"|you(?:'|’)re (?:currently )?a free subscriber"
    r"|(?:subscribe|subscribe now|share|share this post|leave a comment|comment|like|restack"
    r"|upgrade to paid|give a gift subscription|read in app|sign up|sign up now)$)",
    re.I,
)
_STOCK_FOOTER_WORDS = 30
_STOCK_FOOTER_STARTS = frozenset(
    {"than", "this", "you'", "you’", "subs", "shar", "leav", "comm", "like", "rest", "upgr"}
    | {"give", "read", "sign"}
)
_ARTICLE_HEADINGS = frozenset(
    " ".join(words(heading))
    for heading in (
        "introduction", "intro", "conclusion", "conclusions", "summary", "background",
        "overview", "final thoughts", "closing thoughts", "wrap up", "wrapping up", "tl;dr",
        "tldr", "faq", "frequently asked questions", "references", "methodology", "methods",
        "results", "discussion", "acknowledgements", "acknowledgments", "appendix",
        "abstract", "in conclusion", "introduzione", "conclusione", "conclusioni",
        "einleitung", "fazit", "zusammenfassung", "résumé", "introducción", "conclusiones",
        "resumen", "introdução", "conclusão", "postscript", "epilogue", "prologue",
        "afterword", "foreword", "preface", "notes", "footnotes", "further reading",
        "bibliography", "sources", "glossary",
    )
)  # fmt: skip
#: Every class attribute under the root, in document order (each knows its element).
_CLASS_VALUES = etree.XPath("descendant::*/@class")
_EDGES = re.compile(r"^\W+|\W+$")

Piece = etree._Element | str
#: Marks the line breaks the parser adds after blocks and <br>s, so that new lines in
#: the HTML source (white space to a browser) do not break the text's lines. The
#: character (LINE SEPARATOR) is taken out of the HTML again.
_BREAK = "\u2028"
#: Posts are handed to it as UTF-8: libxml2 reads that as it is, where a Python string
#: of wider characters would first be converted.
_PARSER = etree.HTMLParser(
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    default_doctype=False,
    encoding="utf-8",
)

# Block kinds (_EMPTY: no text, no image; dropped).
_BODY, _DIVIDER, _HEADING, _BOLD_LINE, _GLUED, _EMPTY = range(6)


@dataclass(eq=False, slots=True)
class _Block:
    """A top-level block of a post, with what sectioning needs to know about it."""

    element: etree._Element | None  # None: a run of loose text and inline elements
    pieces: Sequence[Piece]
    text: str
    words: int
    kind: int = _BODY
    level: int = 0  # of a heading
    title: str = ""  # of a headline
    colon: bool = False  # the headline ends with a colon
    inline_teaser: bool = False  # _GLUED: italic after it on its own line (<br>) or in ellipses
    teaser_next: bool = False  # the next block is this headline's teaser paragraph
    teaser: bool = False  # an italic-only paragraph, short enough to be a teaser
    rest_words: int = 0  # _GLUED: words after the headline and teaser
    sentence: bool = False  # the bold text reads as a sentence: a headline only if teasered

    @property
    def headline(self) -> bool:
        return self.kind in (_HEADING, _BOLD_LINE, _GLUED)

    @property
    def strong(self) -> bool:
        """A teasered headline: opens a story wherever it is."""
        return self.inline_teaser or self.teaser_next


# --- public API ---------------------------------------------------------------------------


def split_post(
    html: str,
    *,
    post_url: str,
    post_title: str,
    boilerplate: frozenset[str] = frozenset(),
    base_url: str | None = None,
) -> list[SectionDraft]:
    """The stories of one post, in order; at least one for a post with any text.

    `boilerplate` holds `block_fingerprint`s of blocks to drop (from
    `learn_boilerplate` over the feed's posts). Relative links are resolved
    against `base_url` (the feed's xml:base), else the post's own link. The
    module docstring gives the rules.
    """
    post_url = web_url(post_url)
    root = _parse(html, web_url(base_url or "") or post_url)
    stories = _stories(_blocks(root, boilerplate))
    if not stories:
        return []
    if len(stories) == 1:
        return [_single(root, stories[0], post_url, post_title)]
    drafts: list[SectionDraft] = []
    keys: set[str] = set()
    for ordinal, story in enumerate(stories):
        drafts.append(_draft(root, story, ordinal, keys, post_url, post_title))
    return drafts


def learn_boilerplate(htmls: Sequence[str], *, min_posts: int = 2) -> frozenset[str]:
    """Fingerprints (`block_fingerprint`) of the blocks that recur in at least
    `min_posts` of one feed's posts: the publisher's, not a story's ("Welcome to
    X, subscribe…", footers, share prompts).

    Only blocks near the top or bottom of a post count (its first
    `BOILERPLATE_HEAD` or last `BOILERPLATE_TAIL` blocks): text recurring in the
    middle of posts is more often content (an event listed in two issues, a quote)
    than the publisher's chrome. Never learned: blocks of fewer than four words
    ("Read more:"), dividers, headings, headline and teaser paragraphs (they give a
    post its structure and recur as section names). A post that shares most of its
    blocks with an earlier one (the same post twice, a re-run) is not counted
    again. `min_posts` below 2 counts as 2: one post cannot tell its own text from
    the publisher's.
    """
    seen: Counter[str] = Counter()
    counted: list[set[str]] = []
    for html in dict.fromkeys(htmls):  # the same HTML twice counts once
        blocks = _blocks(_parse(html, ""), frozenset())
        texts = {block.text for block in blocks if _learnable(block)}
        if any(len(texts & other) * 2 > len(texts) for other in counted):
            continue  # a copy of a post already counted
        counted.append(texts)
        edges = blocks[:BOILERPLATE_HEAD] + blocks[-BOILERPLATE_TAIL:]
        seen.update({block.text for block in edges if _learnable(block)})
    threshold = max(2, min_posts)
    return frozenset(
        fingerprint_squashed(text) for text, posts in seen.items() if posts >= threshold
    )


# --- parsing and cleaning -----------------------------------------------------------------


#: Characters XML cannot hold: C0 controls but tab and newlines, and the non-characters.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: The UTF-8 of each `_XML_UNSAFE` character but the surrogates (which UTF-8 cannot hold):
#: each is found only where that character is.
_UNSAFE_BYTES = (
    *(bytes([code]) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))),
    "\ufffe".encode(),
    "\uffff".encode(),
)


def _xml_safe_utf8(html: str) -> bytes:
    """`html` in UTF-8, without `_XML_UNSAFE` characters (lxml refuses them in text it is
    handed later). Almost no post holds one, and a search of its bytes for each (at
    memory speed) tells it far sooner than the pattern."""
    try:
        data = html.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return _XML_UNSAFE.sub("", html).encode()
    if any(unsafe in data for unsafe in _UNSAFE_BYTES):
        return _XML_UNSAFE.sub("", html).encode()
    return data


def _parse(html: str, base_url: str) -> etree._Element:
    """The post as a tree (its <body>), cleaned: see step 1 of the module docstring.

    lxml's plain parser, not lxml.html's: that one calls back into Python for
    every element it hands out, which is most of the cost of walking a post.
    """
    _web_url.cache_clear()  # a new post: its links are its own
    data = _xml_safe_utf8(html)
    try:
        document = etree.fromstring(b"<html><body>" + data + b"</body></html>", _PARSER)
    except (etree.ParserError, ValueError):  # nothing but white space; bad input
        document = None
    root = document.find("body") if document is not None else None
    if root is None:
        return etree.Element("body")
    etree.strip_elements(root, *REMOVED_TAGS, with_tail=False)
    etree.strip_tags(root, *_UNKNOWN_EMPTY)
    _drop_widgets(root)
    if base_url.startswith(("http://", "https://")):
        for element in root.iter("a", "img"):
            _absolute(element, "href" if element.tag == "a" else "src", base_url)
    for element in root.iter(*_LINE_BREAKS):
        element.tail = _BREAK + (element.tail or "")
    return root


def _drop_widgets(root: etree._Element) -> None:
    """Widgets go with their content; a link around an image goes, the image stays.

    A post's elements share a few class attributes (an e-mail's layout repeats the
    same ones on most of its elements): each distinct one is read once, and only the
    elements of those that name a widget or an image link are visited."""
    values = _CLASS_VALUES(root)
    marked = {value for value in set(values) if _widget_or_image_link(value)}
    if not marked:
        return
    unwrap = []
    for value in values:
        if value not in marked:
            continue
        element = value.getparent()
        classes = value.split()
        if not _WIDGET_CLASSES.isdisjoint(classes):
            _drop_tree(element)
        elif element.tag == "a" and "image-link" in classes:
            unwrap.append(element)  # a link around an image, to the image itself
    for element in unwrap:
        _drop_tag(element)


def _widget_or_image_link(value: str) -> bool:
    classes = value.split()
    return not _WIDGET_CLASSES.isdisjoint(classes) or "image-link" in classes


def _drop_tree(element: etree._Element) -> None:
    """Remove an element and its content, keeping the text after it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    parent.remove(element)


def _drop_tag(element: etree._Element) -> None:
    """Remove an element's tag, keeping its content in its place (as lxml.html's drop_tag)."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if element.text:
        if previous is None:
            parent.text = (parent.text or "") + element.text
        else:
            previous.tail = (previous.tail or "") + element.text
    if element.tail:
        if len(element):
            element[-1].tail = (element[-1].tail or "") + element.tail
        elif previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    index = parent.index(element)
    parent[index : index + 1] = element[:]


def _absolute(element: etree._Element, attribute: str, base_url: str) -> None:
    value = element.get(attribute)
    if value is None or value.startswith(("https://", "http://", "data:", "mailto:")):
        return
    try:
        element.set(attribute, urljoin(base_url, value.strip()))
    except ValueError:  # not a URL at all
        del element.attrib[attribute]


# --- blocks -------------------------------------------------------------------------------


def _blocks(root: etree._Element, boilerplate: frozenset[str]) -> list[_Block]:
    """The post's top-level blocks, boilerplate dropped, headlines found (steps 2, 3)."""
    blocks: list[_Block] = []
    run: list[Piece] = []

    def flush() -> None:
        text, count = _lines("".join(p if isinstance(p, str) else _inner_text(p) for p in run))
        if text or any(_has_image(p) for p in run if not isinstance(p, str)):
            blocks.append(_Block(None, run.copy(), text, count))
        run.clear()

    def walk(container: etree._Element) -> None:
        if container.text and (run or not container.text.isspace()):
            run.append(container.text)
        for child in container:
            tag = child.tag
            if tag in _CONTAINERS and _holds_blocks(child) and not _footnotes(child):
                if run:
                    flush()
                walk(child)
                if run:
                    flush()
            elif tag in _BLOCK_TAGS:
                if run:
                    flush()
                block = _element_block(child, tag)
                if block.kind != _EMPTY:
                    blocks.append(block)
            else:
                run.append(child)
            tail = child.tail
            if tail and (run or not tail.isspace()):
                run.append(tail)

    walk(root)
    if run:
        flush()
    lengths = fingerprint_lengths(boilerplate) if boilerplate else frozenset()
    kept = [block for block in blocks if not _is_boilerplate(block, lengths, boilerplate)]
    for block, following in itertools.pairwise(kept):
        if following.teaser and block.kind in (_HEADING, _BOLD_LINE):
            block.teaser_next = True
    for block in kept:
        if block.sentence and not block.strong:
            block.kind = _BODY  # an emphasised sentence
    return kept


def _footnotes(element: etree._Element) -> bool:
    """A footnotes container: one block, its own <hr> no divider."""
    return "footnote" in element.get("class", "")


def _has_image(element: etree._Element) -> bool:
    return element.tag == "img" or next(element.iter("img"), None) is not None


def _holds_blocks(element: etree._Element) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element)


def _inner_text(element: etree._Element) -> str:
    """The text of an element and its descendants, without its tail."""
    text: str = etree.tostring(element, method="text", encoding="unicode", with_tail=False)
    return text


def _lines(raw: str) -> tuple[str, int]:
    """Text as a reader sees it (a line per block or <br>, white space squashed), and its
    number of words."""
    if raw.isprintable() and "  " not in raw:
        # No new line, tab, no-break or other odd space, nor _BREAK (none is printable),
        # and single spaces: as most paragraphs are, with no need to split them.
        text = raw.strip()
        return text, text.count(" ") + 1 if text else 0
    if _BREAK not in raw:
        parts = raw.split()
        return " ".join(parts), len(parts)
    lines = [" ".join(words) for words in map(str.split, raw.split(_BREAK)) if words]
    text = "\n".join(lines)
    return text, text.count(" ") + len(lines)


def _element_block(element: etree._Element, tag: str, raw: str | None = None) -> _Block:
    """`raw`: the element's `_inner_text`, when the caller has it."""
    if raw is None:
        raw = _inner_text(element)
    text, count = _lines(raw.replace("\n", _BREAK) if tag == "pre" else raw)
    block = _Block(element, (), text, count)
    if tag == "hr" or (text and text[0] in _DIVIDER_CHARS and _DIVIDER_TEXT.match(text)):
        block.kind = _DIVIDER
    elif not text:
        if not _has_image(element):
            has_rule = next(element.iter("hr"), None) is not None
            block.kind = _DIVIDER if has_rule else _EMPTY
    elif tag in _HEADINGS:
        title = _headline_text(text)
        if title:
            block.kind, block.level, block.title = _HEADING, int(tag[1]), title
            block.colon = text.endswith(":")
    elif (tag == "p" or tag == "div") and len(element) and element[0].tag in _BOLD_OR_ITALIC:
        _classify_paragraph(block, element)
    return block


def _headline_text(text: str) -> str:
    title = strip_decoration(" ".join(text.split())).rstrip(":").rstrip()
    return strip_decoration(title) if len(title) <= MAX_TITLE_CHARS else ""


def _sentence(title: str) -> bool:
    """Ten words or more and a full stop: an emphasised sentence, not a headline."""
    return title.endswith(".") and title.count(" ") >= _SENTENCE_WORDS - 1


def _core(text: str) -> str:
    """Text without the punctuation and symbols around it ("» Read more" -> "Read more")."""
    return _EDGES.sub("", text)


def _is_link(element: etree._Element, title: str) -> bool:
    """The element's text is all in links."""
    anchors = list(element.iter("a"))
    linked = "".join(_inner_text(anchor) for anchor in anchors)
    return bool(anchors) and _core(linked) == _core(title)


def _decorative(text: str | None) -> bool:
    """No text, or nothing but white space and emoji."""
    if not text or text.isspace():
        return True
    stripped = text.strip()
    return not stripped[0].isalnum() and is_decoration(stripped)


def _classify_paragraph(block: _Block, paragraph: etree._Element) -> None:
    """Headline (bold-only), glued headline (bold then teaser or line break), teaser, or text."""
    if not _decorative(paragraph.text):
        return
    first = paragraph[0]
    first_tag = first.tag
    if first_tag in _ITALIC:
        block.teaser = (
            len(paragraph) == 1
            and _decorative(first.tail)
            and block.words <= MAX_TEASER_WORDS
            and next(first.iter("a"), None) is None
        )
        return
    if first_tag not in _BOLD:
        return
    bold_text = _inner_text(first)
    title = _headline_text(bold_text)
    if not title:
        return
    rest = paragraph[1:]
    if all(child.tag in _BOLD or child.tag == "br" for child in rest) and all(
        _decorative(child.tail) for child in [first, *rest]
    ):
        title = _headline_text(block.text)
        if not rest and _is_link(first, title):
            return  # a link in bold: a call to action ("» Read the guide here")
        block.kind, block.title = _BOLD_LINE, title
        block.colon = block.text.endswith(":")
        block.sentence = _sentence(title)
        return
    if not _decorative(first.tail) or not rest or rest[0].tag not in _ITALIC | {"br"}:
        return  # a bold lead-in to a paragraph ("Why this matters: ..."), not a headline
    block.sentence = _sentence(title)
    block.kind, block.title = _GLUED, title
    after, broken = rest[0], False
    if after.tag == "br" and len(rest) > 1 and _decorative(after.tail):
        after, broken = rest[1], True
    teaser_words = 0
    if after.tag in _ITALIC:
        # An italic run on a line of its own, or in ellipses, is a teaser; right after
        # the bold, it may be a definition ("<b>Family</b> <i>Amaranthaceae</i>").
        italic = _inner_text(after)
        block.inline_teaser = broken or italic.lstrip()[:1] in _ELLIPSIS_MARKS
        teaser_words = len(italic.split())
    block.rest_words = max(0, block.words - len(bold_text.split()) - teaser_words)


def _learnable(block: _Block) -> bool:
    """Text that may be the publisher's: not structure (headings, headlines, teasers)."""
    return block.kind in (_BODY, _GLUED) and not block.teaser and block.words >= 4


def _is_boilerplate(block: _Block, lengths: frozenset[int], boilerplate: frozenset[str]) -> bool:
    if block.kind != _BODY and block.kind != _GLUED:
        return False
    text = block.text
    if (
        block.words <= _STOCK_FOOTER_WORDS
        and text[:4].lower() in _STOCK_FOOTER_STARTS
        and _STOCK_FOOTER.match(text)
    ):
        return True
    if len(block.text) not in lengths or not _learnable(block):
        return False
    return fingerprint_squashed(block.text) in boilerplate


# --- boundaries ---------------------------------------------------------------------------


def _stories(blocks: list[_Block]) -> list[list[_Block]]:
    """The post's stories as lists of blocks: steps 4 and 5 of the module docstring."""
    parts = divided_parts(blocks)
    if len(parts) > 1:
        stories = _divided(parts)
    elif parts:
        stories = _undivided(parts[0])
    else:
        stories = []
    return _tidy(stories)


def divided_parts(blocks: list[_Block]) -> list[list[_Block]]:
    """The parts between dividers, less a short preamble before the first and with a
    short sign-off after the last joined to the part before it."""
    parts = _divide(blocks)
    preamble = len(parts) > 1 and not any(b.headline for b in parts[0])
    if preamble and _words(parts[0]) < PREAMBLE_WORDS:
        parts = parts[1:]  # the publisher's preamble, before the first divider
    if len(parts) > 1 and not parts[-1][0].headline and _words(parts[-1]) < SIGN_OFF_WORDS:
        sign_off = parts.pop()  # a sign-off after the last divider
        parts[-1] = parts[-1] + sign_off
    return parts


def _divide(blocks: list[_Block]) -> list[list[_Block]]:
    """Split at dividers; a part without text (an image) joins the part before it (the
    first one, the part after it)."""
    parts: list[list[_Block]] = []
    current: list[_Block] = []
    for block in blocks:
        if block.kind == _DIVIDER:
            parts.append(current)
            current = []
        else:
            current.append(block)
    parts.append(current)
    kept: list[list[_Block]] = []
    waiting: list[_Block] = []  # textless parts (images) before the first part with text
    for part in parts:
        if _words(part):
            kept.append(waiting + part)
            waiting = []
        elif kept:
            kept[-1].extend(part)
        else:
            waiting.extend(part)
    return kept


def _divided(parts: list[list[_Block]]) -> list[list[_Block]]:
    """Each part is a story; inside one, only a teasered headline starts another."""
    first = parts[0]
    start = next(
        (i for i, b in enumerate(first) if b.headline and not _STOCK_LABEL.match(b.title)), 0
    )
    if start and _words(first[:start]) < PREAMBLE_WORDS:
        parts = [first[start:], *parts[1:]]
    stories: list[list[_Block]] = []
    for part in parts:
        begin = 0
        for index in range(1, len(part)):
            if part[index].strong:
                stories.append(part[begin:index])
                begin = index
        stories.append(part[begin:])
    return stories


def _undivided(blocks: list[_Block]) -> list[list[_Block]]:
    """Teasered headlines, and headings or bold headlines when the post is a roundup."""
    openers = sorted({i for i, block in enumerate(blocks) if block.strong} | set(_roundup(blocks)))
    if not openers:
        return [blocks]
    stories: list[list[_Block]] = []
    lead = blocks[: openers[0]]
    if lead and _words(lead) >= PREAMBLE_WORDS:
        stories.append(lead)  # an introduction, not a preamble
    bounds = [*openers, len(blocks)]
    stories.extend(blocks[a:b] for a, b in itertools.pairwise(bounds))
    return stories


def _roundup(blocks: list[_Block]) -> list[int]:
    """Where the stories of a roundup start; [] for an article (rule 4c)."""
    levels = Counter(b.level for b in blocks if b.kind == _HEADING and b.level <= 4)
    if levels:
        top = min(levels)
        if levels[top] == 1 and blocks[0].kind == _HEADING and blocks[0].level == top:
            top = min((level for level in levels if level > top), default=0)  # a title
        if not top or levels[top] < 2:
            return []  # one heading above the others: an article's structure, not a list
        candidates = [i for i, b in enumerate(blocks) if b.kind == _HEADING and b.level == top]
    else:
        candidates = [i for i, b in enumerate(blocks) if b.kind == _BOLD_LINE]
    if any(_article_heading(blocks[i].title) for i in candidates):
        return []
    openers = [i for i in candidates if _may_open(blocks[i])]
    if len(openers) < 2 or _words(blocks[: openers[0]]) >= PREAMBLE_WORDS:
        return []
    for a, b in itertools.pairwise(openers):
        if _words(blocks[a + 1 : b]) < MIN_STORY_WORDS:
            return []
    return openers


def _article_heading(title: str) -> bool:
    """ "Conclusion", "Postscript: ..." and the like: parts of one larger piece."""
    head = title.partition(":")[0]
    parts = (title,) if head == title else (title, head)  # no colon: one title to read
    return any(" ".join(words(part)) in _ARTICLE_HEADINGS for part in parts)


def _may_open(block: _Block) -> bool:
    if block.strong:
        return True
    if block.colon or _STOCK_LABEL.match(block.title):
        return False
    return block.kind == _HEADING or len(block.title.split()) <= MAX_BOLD_HEADLINE_WORDS


def _tidy(stories: list[list[_Block]]) -> list[list[_Block]]:
    """Joins: a headline without a body (or with only another short heading under it,
    when the next story has no headline of its own) to the next story; a short
    headline-less end to the last one."""
    tidy: list[list[_Block]] = []
    carried: list[_Block] = []
    for index, story in enumerate(stories):
        story = carried + story
        carried = []
        following = stories[index + 1] if index + 1 < len(stories) else None
        if (
            story
            and story[0].headline
            and (
                not _body_words(story)
                or (
                    following
                    and not following[0].headline
                    and all(block.headline for block in story[1:])
                    and _body_words(story) < MIN_BODY_WORDS
                )
            )
        ):
            carried = story
        elif story:
            tidy.append(story)
    if carried:
        if tidy:
            tidy[-1].extend(carried)
        else:
            tidy.append(carried)
    if len(tidy) > 1 and not tidy[-1][0].headline and _words(tidy[-1]) < SIGN_OFF_WORDS:
        tidy[-2].extend(tidy.pop())
    return tidy


def _words(blocks: Iterable[_Block]) -> int:
    return sum(block.words for block in blocks)


def _body_words(story: list[_Block]) -> int:
    """Words under a story's headline and teaser."""
    first = story[0]
    skip = 2 if first.teaser_next and len(story) > 1 else 1
    extra = first.rest_words if first.kind == _GLUED else 0
    return extra + _words(story[skip:])


# --- drafts -------------------------------------------------------------------------------


def _single(
    root: etree._Element, story: list[_Block], post_url: str, post_title: str
) -> SectionDraft:
    """A post that is one story: titled with the post's title, headlines kept in its body."""
    first_headline = next((b.title for b in story if b.headline), "")
    text = _text(story)
    title = post_title.strip() or first_headline or shorten(text.split("\n", 1)[0], 80)
    return _make(root, story, text, (), title, "", 0, "main", post_url)


def _draft(
    root: etree._Element,
    story: list[_Block],
    ordinal: int,
    keys: set[str],
    post_url: str,
    post_title: str,
) -> SectionDraft:
    title, teaser, links = "", "", tuple[str, ...]()
    if story[0].headline:
        links = tuple(_hrefs(story[0]))  # the headline's own link comes first
        title, teaser, story = _take_headline(story)
    text = _text(story)
    if not title:
        first_line = text.split("\n", 1)[0]
        title = post_title.strip() if ordinal == 0 and post_title.strip() else ""
        title = title or shorten(first_line, 80) or post_title
    key = _unique_key(slugify(title) or f"section-{ordinal + 1}", keys)
    return _make(root, story, text, links, title, teaser, ordinal, key, post_url)


def _take_headline(story: list[_Block]) -> tuple[str, str, list[_Block]]:
    """The story's headline and teaser, and the blocks of its body."""
    first, rest = story[0], story[1:]
    if first.kind != _GLUED:
        teaser = ""
        if first.teaser_next and rest and rest[0].teaser:
            teaser, rest = _clean_teaser(rest[0].text), rest[1:]
        return first.title, teaser, rest
    assert first.element is not None
    title, teaser, emptied = _remove_inline_lead(first.element)
    if emptied:
        if teaser and rest and rest[0].kind == _BOLD_LINE and not rest[0].strong:
            title, rest = f"{title}: {rest[0].title}", rest[1:]  # a kicker, then the title
        return title, teaser, rest
    first.text, first.words = _lines(_inner_text(first.element))
    return title, teaser, [first, *rest]


def _remove_inline_lead(paragraph: etree._Element) -> tuple[str, str, bool]:
    """Take the bold headline, a line break and an italic teaser from a paragraph's start.

    Returns the title, the teaser, and whether the paragraph is left empty. Bold
    runs that end the paragraph after the teaser complete the title.
    """
    parts = [_headline_text(_inner_text(paragraph[0]))]
    _drop_tree(paragraph[0])
    teaser = ""
    if len(paragraph) and paragraph[0].tag == "br" and not (paragraph.text or "").strip():
        _drop_tree(paragraph[0])
    if len(paragraph) and paragraph[0].tag in _ITALIC and not (paragraph.text or "").strip():
        teaser = _clean_teaser(_inner_text(paragraph[0]))
        _drop_tree(paragraph[0])
        rest = list(paragraph)
        if (
            rest
            and not (paragraph.text or "").strip()
            and all(child.tag in _BOLD and not (child.tail or "").strip() for child in rest)
        ):
            parts.extend(_headline_text(_inner_text(child)) for child in rest)
            for child in rest:
                _drop_tree(child)
    title = ": ".join(part for part in parts if part)
    emptied = not _inner_text(paragraph).strip() and not _has_image(paragraph)
    return title, teaser, emptied


def _clean_teaser(text: str) -> str:
    return squash(text).strip(_ELLIPSES)


def _unique_key(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _text(blocks: Sequence[_Block]) -> str:
    return "\n".join(block.text for block in blocks if block.text)


def _make(
    root: etree._Element,
    body: Sequence[_Block],
    text: str,
    links: tuple[str, ...],
    title: str,
    teaser: str,
    ordinal: int,
    key: str,
    post_url: str,
) -> SectionDraft:
    """`text` is `_text(body)`."""
    url = _read_more(body)  # before serialising: that moves the blocks' elements
    markup, body_links = _serialise(root, body)
    return SectionDraft(
        key=key,
        ordinal=ordinal,
        title=title,
        teaser=teaser,
        html=sanitise(markup),
        text=text,
        url=url or (f"{post_url}#{key}" if post_url else ""),
        fingerprint=fingerprint(title, text),
        links=tuple(dict.fromkeys((*links, *body_links))),
    )


def _serialise(root: etree._Element, blocks: Sequence[_Block]) -> tuple[str, list[str]]:
    """The blocks' markup and outgoing links, in one pass each.

    The blocks move into one new element of the same document (moving within a
    document is cheap), which is serialised once; the tree is done with.
    """
    holder = etree.SubElement(root, "div")
    last: etree._Element | None = None
    for block in blocks:
        pieces: Iterable[Piece] = block.pieces if block.element is None else (block.element,)
        for piece in pieces:
            if isinstance(piece, str):
                if last is None:
                    holder.text = (holder.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
            else:
                piece.tail = None
                holder.append(piece)
                last = piece
    markup: str = etree.tostring(holder, method="html", encoding="unicode", with_tail=False)
    markup = markup.replace(_BREAK, "")
    links = [href for href in map(_href, holder.iter("a")) if href]
    root.remove(holder)
    return markup[len("<div>") : -len("</div>")] if markup.startswith("<div>") else "", links


def _href(anchor: etree._Element) -> str:
    """An anchor's target when it leads out over http(s), else ""."""
    href = anchor.get("href")
    return _web_url(href) if href else ""


#: A post links some addresses more than once (a headline's link, again in its story's
#: body): each is checked once per post (`_parse` starts afresh for each).
@functools.lru_cache(maxsize=1024)
def _web_url(href: str) -> str:
    return web_url(href)


def _hrefs(block: _Block) -> Iterable[str]:
    elements = [block.element] if block.element is not None else block.pieces
    for element in elements:
        if not isinstance(element, str):
            yield from filter(None, map(_href, element.iter("a")))


def _read_more(blocks: Sequence[_Block]) -> str:
    """The link of the story's "Read more" line, or of the line right after it."""
    for index, block in enumerate(blocks):
        if block.words <= 40 and block.text[:9].casefold() == "read more":
            for candidate in blocks[index : index + 2]:
                link = next(iter(_hrefs(candidate)), "")
                if link:
                    return link
    return ""
