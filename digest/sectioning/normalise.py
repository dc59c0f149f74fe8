"""Stage 1: a post (HTML or plain text) as a flat list of typed blocks (pure).

Cleaning is today's (`legacy._parse`: removed tags, widgets, absolute links, line
marks). On top of it, blocks are found the way a reader sees them in any layout:
wrappers that hold blocks are looked through (also links, spans, table cells, so
`<a><h3>` is a heading), each top-level list item is a block of its own, and plain
text (no tags, or a `<pre>`) is cut into paragraphs with underlined headings.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from lxml import etree

from digest.sectioning import legacy, markdown
from digest.sectioning.fingerprints import fingerprint_lengths, fingerprint_squashed

#: Block kinds: what a reader sees the block as.
HEADING, PARA, ITEM, QUOTE, CODE, TABLE, FIGURE, RULE, SPACER = (
    "heading",
    "para",
    "item",
    "quote",
    "code",
    "table",
    "figure",
    "rule",
    "spacer",
)
#: Looked through when they hold blocks: besides today's containers, inline wrappers
#: and layout tables (a linked heading, a `<td>` newsletter layout).
_LOOK_THROUGH = (
    legacy._CONTAINERS
    | {"a", "span", "font", "b", "strong", "u", "em", "i"}
    | {
        "table",
        "tbody",
        "thead",
        "tr",
        "td",
        "th",
        "nav",
    }
)
_BLOCKISH = legacy._BLOCK_TAGS | {"td", "th", "tbody", "thead"}
_LISTS = frozenset({"ul", "ol"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_UNDERLINE_STYLE = re.compile(r"text-decoration\s*:\s*underline", re.I)
_CENTER_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
#: A plain-text heading's underline: one repeated rule character.
_UNDERLINE = re.compile(r"^([=\-~^*#])\1{2,}\s*$")
_BULLET = re.compile(r"^\s*(?:[*\-•+]|\d{1,2}[.)])\s+")
_SIGNATURE = "-- "


@dataclass(eq=False, slots=True)
class Block:
    """A top-level block of a post with what the later stages need to know."""

    index: int
    kind: str
    text: str
    words: int
    #: Today's block (element or loose pieces, legacy kind and flags), for drafting.
    raw: legacy._Block
    level: int = 0  # a heading's level (1-6); a plain-text underline's rank (+6)
    bold: bool = False  # all of the text is bold (or underlined): a bold line
    lead: str = ""  # a bold or linked run opening the block, followed by more text
    lead_end: str = ""  # what follows the lead: ".", ":", "?", "—", "br", ","
    link: str = ""  # href when the block's title text is one link
    list_id: int = 0  # the enclosing list of an ITEM (0: none)
    center: bool = False
    classes: frozenset[str] = field(default_factory=frozenset)
    source: str = "html"  # "html" | "text" (plain text or <pre>)
    signature: bool = False  # a plain-text "-- " signature line starts here
    #: `prose` once counted (-1: not yet): the stages ask for it many times, and the
    #: tree does not change before drafting.
    _prose: int = field(default=-1, init=False, repr=False)

    @property
    def prose(self) -> int:
        """Words outside links: a link list has almost none."""
        if self._prose < 0:
            element = self.raw.element
            self._prose = self.words if element is None else _prose_words(element, self.words)
        return self._prose


@dataclass(frozen=True, slots=True)
class Normalised:
    root: etree._Element
    blocks: list[Block]


def normalise(html: str, base_url: str, boilerplate: frozenset[str] = frozenset()) -> Normalised:
    """The post's blocks, learned boilerplate and stock footers dropped."""
    for cache in (_centred_style, _emphatic_style):
        cache.cache_clear()  # each post starts afresh: it costs the same whatever came before
    root = legacy._parse(html, base_url)
    blocks: list[Block] = []
    text = legacy._inner_text(root) if _plain_post(root) else None  # no markup at all
    if text is not None and markdown.looks_like_markdown(text):  # read as its rendering
        root = legacy._parse(markdown.markdown_to_html(text), base_url)
        _walk(root, blocks, frozenset(), False)
    elif text is not None:
        _plain(text, blocks, frozenset())
    else:
        _definitions_as_lists(root)
        _walk(root, blocks, frozenset(), False)
    lengths = fingerprint_lengths(boilerplate) if boilerplate else frozenset()
    kept = [b for b in blocks if not _dropped(b, lengths, boilerplate)]
    for index, block in enumerate(kept):
        block.index = index
    _link_teasers(kept)
    return Normalised(root, kept)


def _definitions_as_lists(root: etree._Element) -> None:
    """A definition list (`<dl><dt>Title</dt><dd>text</dd>`) reads as the list of
    headlined items it is: `<ul><li><strong>Title</strong> — text</li>`."""
    for dl in list(root.iter("dl")):
        parent = dl.getparent()
        if parent is None or dl.find("dt") is None:
            continue
        ul = etree.Element("ul")
        item: etree._Element | None = None
        for child in list(dl):
            if child.tag == "dt":
                item = etree.SubElement(ul, "li")
                _move_content(child, etree.SubElement(item, "strong"))
            elif child.tag == "dd" and item is not None:
                last = item[-1]
                last.tail = (last.tail or "") + " — "
                _move_content(child, item)
        ul.tail = dl.tail
        parent.replace(dl, ul)


def _move_content(source: etree._Element, target: etree._Element) -> None:
    """`source`'s text and children, appended to `target`."""
    if source.text:
        if len(target):
            target[-1].tail = (target[-1].tail or "") + source.text
        else:
            target.text = (target.text or "") + source.text
    for child in list(source):
        target.append(child)


def _dropped(block: Block, lengths: frozenset[int], boilerplate: frozenset[str]) -> bool:
    if block.kind in (HEADING, RULE) or block.bold:
        return False
    if legacy._is_boilerplate(block.raw, lengths, boilerplate):
        return True
    # Also items, which today's blocks never were: a learned list item is chrome too.
    return (
        bool(lengths)
        and len(block.text) in lengths
        and block.words >= 4
        and fingerprint_squashed(block.text) in boilerplate
    )


def _link_teasers(blocks: list[Block]) -> None:
    """Today's rule: a headline followed by a short italic paragraph has a teaser."""
    for block, following in itertools.pairwise(blocks):
        if following.raw.teaser and block.raw.kind in (legacy._HEADING, legacy._BOLD_LINE):
            block.raw.teaser_next = True
    for block in blocks:
        if block.raw.sentence and not block.raw.strong:
            block.raw.kind = legacy._BODY
            block.bold = False


# --- walking the tree ------------------------------------------------------------------


def _walk(
    container: etree._Element, out: list[Block], classes: frozenset[str], center: bool
) -> None:
    run: list[legacy.Piece] = []

    def flush() -> None:
        if run:
            _add_run(run.copy(), out, classes, center)
            run.clear()

    opening = container.text  # read once: each read copies it out of the tree
    if opening and (run or not opening.isspace()):
        run.append(opening)
    for child in container:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        # A paragraph's text is read once: for an underline here, for its block below.
        inner = _inner_text(child) if tag == "p" or tag == "pre" else None
        if inner is not None and (tag == "pre" or _underlined_paragraph(inner)):
            flush()
            _plain(inner, out, _own_classes(child, classes))
        elif tag in _LOOK_THROUGH and _holds_blocks(child) and not legacy._footnotes(child):
            flush()
            href = child.get("href", "") if tag == "a" else ""
            start = len(out)
            _walk(child, out, _own_classes(child, classes), center or _centred(child, tag))
            if href:
                for block in out[start:]:
                    block.link = block.link or href
        elif tag in _LISTS and not legacy._footnotes(child):
            flush()
            _list(child, out, _own_classes(child, classes), center or _centred(child, tag))
        elif tag in _BLOCKISH:
            if run:  # most blocks follow another block: nothing to flush
                flush()
            own = _own_classes(child, classes)
            _add_element(child, tag, out, own, center or _centred(child, tag), 0, inner)
        else:  # inline: its classes and alignment are the run's container's
            run.append(child)
        tail = child.tail
        if tail and (run or not tail.isspace()):
            run.append(tail)
    flush()


def _inner_text(element: etree._Element) -> str:
    """`legacy._inner_text`, serialising only an element that holds others: the text of
    one that holds none (a plain paragraph, most links and bold runs) is its own."""
    return legacy._inner_text(element) if len(element) else element.text or ""


def _own_classes(element: etree._Element, classes: frozenset[str]) -> frozenset[str]:
    """The classes a block inherits, with the element's own."""
    names = element.get("class")
    return classes | frozenset(names.split()) if names else classes


def _plain_post(root: etree._Element) -> bool:
    """No markup: bare text (in the <p> the parser makes of it) with blank lines."""
    children = (c for c in root if isinstance(c.tag, str))
    first, second = next(children, None), next(children, None)  # two tell: read no further
    if second is not None or (first is not None and (first.tag != "p" or len(first))):
        return False
    return "\n\n" in legacy._inner_text(root)


def _holds_blocks(element: etree._Element) -> bool:
    # A comment's or entity's tag is a function, in no set of names: its tag is read once.
    return any(c.tag in _BLOCKISH for c in element)


def _centred(element: etree._Element, tag: str) -> bool:
    return (
        tag == "center"
        or element.get("align", "").lower() == "center"
        or bool((style := element.get("style")) and _centred_style(style))
    )


#: An e-mail's layout repeats a few long inline styles on most of its elements: each is
#: read once per post (`normalise` starts afresh for each).
@functools.lru_cache(maxsize=256)
def _centred_style(style: str) -> bool:
    return _CENTER_STYLE.search(style) is not None


def _list(element: etree._Element, out: list[Block], classes: frozenset[str], center: bool) -> None:
    """Each item of a list is a block; nested lists stay in their item."""
    # The list's place in the post names it (+1: 0 is none). Not id(element): lxml
    # frees the proxy when the walk moves on, and a later list could get its id.
    list_id = len(out) + 1
    for child in element:
        tag = child.tag
        if tag == "li":
            _add_element(child, tag, out, classes, center, list_id)
        elif isinstance(tag, str):
            _add_element(child, tag, out, classes, center, 0)


def _add_run(
    run: list[legacy.Piece], out: list[Block], classes: frozenset[str], center: bool
) -> None:
    text, count = legacy._lines("".join(p if isinstance(p, str) else _inner_text(p) for p in run))
    if not text and not any(legacy._has_image(p) for p in run if not isinstance(p, str)):
        return
    raw = legacy._Block(None, run, text, count)
    block = Block(0, PARA if text else FIGURE, text, count, raw, classes=classes, center=center)
    elements = [p for p in run if not isinstance(p, str)]
    if text and elements and not "".join(p for p in run if isinstance(p, str)).strip():
        _style(block, elements[0], text)
    out.append(block)


def _add_element(
    element: etree._Element,
    tag: str,
    out: list[Block],
    classes: frozenset[str],
    center: bool,
    list_id: int,
    inner: str | None = None,
) -> None:
    """`tag`: the element's; `inner`: its text, when already read."""
    if tag == "li" and len(element):  # an item without children holds no nested list
        _break_before_lists(element)
    raw = legacy._element_block(element, tag, _inner_text(element) if inner is None else inner)
    if raw.kind == legacy._EMPTY:
        return
    kind = _kind(tag, raw, list_id)
    block = Block(
        0, kind, raw.text, raw.words, raw, list_id=list_id, center=center, classes=classes
    )
    if kind == HEADING:
        block.level = raw.level
        anchor = _first_link(element)
        if anchor is not None and legacy._is_link(element, raw.title):
            block.link = anchor.get("href", "")
    elif kind == PARA and not raw.text.strip(" \u00a0-–—"):
        block.kind = SPACER
    elif kind in (PARA, ITEM):
        _style(block, element, raw.text)
    out.append(block)


def _break_before_lists(item: etree._Element) -> None:
    """A nested list starts a new line of its item's text ("One" / "inner")."""
    for nested in item.iter("ul", "ol"):
        previous = nested.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + legacy._BREAK
        elif nested.getparent() is not None:
            parent = nested.getparent()
            assert parent is not None
            parent.text = (parent.text or "") + legacy._BREAK


def _kind(tag: str, raw: legacy._Block, list_id: int) -> str:
    if raw.kind == legacy._DIVIDER:
        return RULE
    if raw.kind == legacy._HEADING:
        return HEADING
    if list_id:
        return ITEM
    if not raw.text:
        return FIGURE
    return _KIND_OF_TAG.get(tag, PARA)


_KIND_OF_TAG = {"blockquote": QUOTE, "pre": CODE, "table": TABLE, "figure": FIGURE}


# --- emphasis --------------------------------------------------------------------------


def _emphatic(element: etree._Element) -> bool:
    """Bold or underlined, by tag or inline style."""
    tag = element.tag
    if tag in ("strong", "b", "u"):
        return True
    style = element.get("style")
    return bool(style and _emphatic_style(style))


@functools.lru_cache(maxsize=256)
def _emphatic_style(style: str) -> bool:
    """Bold or underlined by inline style (remembered as `_centred_style` is)."""
    return bool(_BOLD_STYLE.search(style) or _UNDERLINE_STYLE.search(style))


#: Inline elements e-mail builders wrap a bold headline in (`<span style="font-size:20px">`).
_WRAPPERS = frozenset({"span", "font", "a", "em", "i", "big"})


def _emphatic_run(element: etree._Element) -> bool:
    """Bold itself, or a wrapper around one bold run and nothing else."""
    if _emphatic(element):
        return True
    if element.tag not in _WRAPPERS or len(element) != 1 or (element.text or "").strip():
        return False
    child = element[0]
    return not (child.tail or "").strip() and _emphatic_run(child)


#: Blocks whose first child may be the bold run (an e-mail's text sits in a `<td>`).
_CONTAINERS = frozenset({"li", "p", "div", "td", "th"})


def lead_host(element: etree._Element) -> etree._Element:
    """The element whose first child is a block's lead: the block itself, or the one
    child it wraps its content in (`<li><p>`, an e-mail's `<div><span>` around headline
    and body alike)."""
    host = element
    # The text is asked last: lxml copies it out of the tree each time (a paragraph's).
    while len(host) and _wraps_all(host) and not (host.text or "").strip():
        host = host[0]
    return host


def _wraps_all(host: etree._Element) -> bool:
    child = host[0]
    if host.tag in ("li", "div") and child.tag in ("p", "div"):
        return True
    alone = len(host) == 1 and not (child.tail or "").strip()
    return alone and child.tag in ("span", "font") and len(child) > 1


def _style(block: Block, element: etree._Element, text: str) -> None:
    """Whole-bold lines and bold/linked leads, whatever the markup says bold with."""
    tag = element.tag
    # A paragraph's own style (`_emphatic` for its tag): no other block's is read.
    if tag in ("p", "div") and (style := element.get("style")) and _emphatic_style(style):
        if text.isupper() or "uppercase" in style.lower():
            return  # a label set in capitals: read as a label, never as a headline
        block.bold, block.lead = True, " ".join(text.split())  # `<p style="font-weight:bold">`
        return
    opening = element.text
    if tag in _CONTAINERS and opening and not legacy._decorative(opening):
        return  # words open the block (most paragraphs): no lead, wherever `lead_host` looks
    host = lead_host(element)
    first = host if element is host and host.tag not in _CONTAINERS else None
    if first is None:
        opening = host.text  # read once: each read copies it out of the tree
        if (opening or "").strip(" \u00a0") and not legacy._decorative(opening):
            return
        if not len(host):
            return
        first = host[0]
    # A lead is bold or underlined (by tag or style), or a link (often around bold).
    if not (_emphatic_run(first) or first.tag == "a"):
        return
    lead = " ".join(_inner_text(first).split())
    if not lead:
        return
    after = _after(first, host)
    if not after.strip(" \u00a0:.—–-"):  # nothing after it: the whole block is the run
        block.bold = _emphatic_run(first) or any(_emphatic_run(c) for c in first)
        if first.tag == "a":
            block.link = first.get("href", "")
        if block.bold:
            block.lead, block.lead_end = lead, after.strip()[:1]
        return
    block.lead = lead
    stripped = after.lstrip(" \u00a0")
    following = first.getnext()
    if lead[-1:] in ".:?!,":
        block.lead_end = lead[-1:]
    elif stripped.lstrip()[:1] in ("—", "–", "-", ":", ".", ",", "?") and stripped.strip():
        mark = stripped.lstrip()[:1]
        block.lead_end = "—" if mark in "—–-" else mark
    elif after.startswith("\n") or (following is not None and following.tag == "br"):
        block.lead_end = "br"
    else:
        block.lead_end = ""
    if first.tag == "a":  # the lead is the link's text
        block.link = first.get("href", "")
        return
    anchor = _first_link(first)
    if anchor is not None and " ".join(_inner_text(anchor).split()) == lead:
        block.link = anchor.get("href", "")


def _first_link(element: etree._Element) -> etree._Element | None:
    """The first link inside a block that is no link itself (`find(".//a")` without its
    path parsing, several times dearer)."""
    return next(element.iter("a"), None)


def _after(first: etree._Element, host: etree._Element) -> str:
    """The text after the lead element, up to the end of the block or as far as its
    first word: `_style` reads only the marks and spaces before the word (and that there
    is one), so the siblings after it need no reading."""
    parts = [first.tail or ""]
    sibling = first.getnext()
    while sibling is not None and not _WORDY.search(parts[-1]):
        text = "\n" if sibling.tag == "br" else _inner_text(sibling)
        parts += (text, sibling.tail or "")
        if _WORDY.search(text):
            break
        sibling = sibling.getnext()
    return "".join(parts).replace(legacy._BREAK, "\n")


#: A character of a word: no space (nor line mark), and none of the marks after a lead.
_WORDY = re.compile(r"[^\s:.—–-]")


def _prose_words(element: etree._Element, words: int) -> int:
    """`words`: the element's, as the block counted them (its text split at white space;
    the tree is unchanged until drafting)."""
    linked = sum(len(_inner_text(a).split()) for a in element.iter("a"))
    return max(0, words - linked)


# --- plain text ------------------------------------------------------------------------


def _underlined_paragraph(text: str) -> bool:
    """A paragraph's text (`legacy._inner_text`) whose second line is an underline."""
    if legacy._BREAK not in text and "\n" not in text:
        return False  # one line: nothing under it
    lines = [ln.strip() for ln in text.replace(legacy._BREAK, "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    return any(_UNDERLINE.match(ln) for ln in lines[1:2])


#: A mail header line ("Subject: …") and the headers that make a digest's message.
_HEADER = re.compile(r"^([A-Za-z][\w-]{1,30}):\s*(.*)$")
_MESSAGE_HEADERS = frozenset({"from", "date", "subject"})
#: The outline rank of a digest message's subject (below any heading, above paragraphs).
MESSAGE_LEVEL = 9


def _message_subject(lines: list[str]) -> str:
    """The subject of a mail's header block (RFC 1153 and Mailman digests), if it is one:
    lines of headers (a folded line goes on with white space) with From, Date and Subject."""
    headers: dict[str, str] = {}
    for line in lines:
        found = _HEADER.match(line)
        if found:
            headers[found.group(1).casefold()] = found.group(2).strip()
        elif not line[:1].isspace():
            return ""
    if not headers.keys() >= _MESSAGE_HEADERS:
        return ""
    return headers["subject"]


def _plain(text: str, out: list[Block], classes: frozenset[str]) -> None:
    """Plain text as blocks: blank-line paragraphs, underlined headings, list items,
    quotes, indented code; a "-- " line starts the signature."""
    # A <br> is marked and then followed by the source's own new line: one line break.
    text = text.replace(legacy._BREAK + "\n", "\n").replace(legacy._BREAK, "\n")
    lines = text.replace("\r", "").split("\n")
    ranks: list[str] = []  # underline characters, by first use
    paragraph: list[str] = []
    signature = False

    def emit(kind: str, body: list[str], level: int = 0) -> None:
        joined = "\n".join(" ".join(ln.split()) for ln in body if ln.strip())
        if not joined:
            return
        count = len(joined.split())
        raw = legacy._Block(None, (joined + legacy._BREAK,), joined, count)
        if kind == HEADING:
            raw.kind, raw.level, raw.title = legacy._HEADING, level, joined
        out.append(Block(0, kind, joined, count, raw, level=level, classes=classes, source="text"))
        out[-1].signature = signature

    def flush() -> None:
        if not paragraph:
            return
        subject = _message_subject(paragraph)
        if subject:  # a message in a mail digest: its subject is its headline
            emit(HEADING, [subject], MESSAGE_LEVEL)
            emit(PARA, paragraph)
        elif all(_BULLET.match(ln) for ln in paragraph):
            for line in paragraph:
                emit(ITEM, [line])
                out[-1].list_id = id(paragraph)
        elif all(ln.startswith(">") for ln in paragraph):
            emit(QUOTE, paragraph)
        elif all(ln.startswith("    ") for ln in paragraph):
            emit(CODE, paragraph)
        else:
            emit(PARA, paragraph)
        paragraph.clear()

    stripped = [line.strip() for line in lines]
    # Each line is read once for an underline: the one under a heading, and one of its own.
    underlines = [_UNDERLINE.match(line) for line in stripped]
    for index, line in enumerate(lines):
        mark = underlines[index + 1] if index + 1 < len(lines) else None
        if line.rstrip() == "--" or line == _SIGNATURE:
            flush()
            signature = True
            continue
        if underlines[index]:
            continue
        own = stripped[index]
        if own and mark and len(stripped[index + 1]) >= 0.6 * len(own):
            flush()
            char = mark.group(1)
            if char not in ranks:
                ranks.append(char)
            emit(HEADING, [line], 7 + ranks.index(char))
            continue
        if not own:
            flush()
        else:
            paragraph.append(line.rstrip())
    flush()
