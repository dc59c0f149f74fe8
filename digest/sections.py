"""Cut a post into its stories (pure).

A newsletter issue usually holds several unrelated stories, separated by
dividers (``<hr>`` or a paragraph of ``***``), each opening with a bold
headline and often an italic teaser::

    <p><strong>Headline:</strong></p><p><em>…teaser…</em></p><p>Body…</p>
    <p>***</p>
    <p><strong>Next headline:</strong><br><em>…teaser…</em>First sentence…</p>

A post without dividers is one section. The opening paragraph of an issue
("Welcome to …") is not a story when the others have headlines.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from html import escape

import lxml.html
import nh3
from lxml.etree import ParserError

from digest.text import shorten, slugify, squash, words
from digest.types import SectionDraft

_DIVIDER_TEXT = re.compile(r"^(?:[*\-_⁂•·~=]\s*){3,}$")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(
    {"p", "div", "li", "tr", "blockquote", "pre", "section", "article", "figure", "figcaption"}
    | _HEADINGS
)
#: Elements whose content is never shown, so never part of a section's text.
_INVISIBLE = ("script", "style", "noscript", "template", "iframe", "object", "head", "title")
_WRAPPERS = frozenset({"div", "section", "article", "main", "body"})
_BOLD = frozenset({"strong", "b"})
_ITALIC = frozenset({"em", "i"})
_ELLIPSES = "…. "
_MAX_TITLE = 200

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "dl", "dt", "em"}
    | {"figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "i", "img", "ins", "kbd"}
    | {"li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table"}
    | {"tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "abbr": {"title"},
}

Piece = lxml.html.HtmlElement | str


@dataclass(frozen=True)
class _Headline:
    title: str
    teaser: str


def split_post(html: str, *, post_url: str, post_title: str) -> list[SectionDraft]:
    """The stories of one post, in order; at least one for a post with any text."""
    root = _parse(html, post_url)
    chunks = [chunk for chunk in _split_on_dividers(root) if _text_of(chunk)]
    if not chunks:
        return []
    _drop_preamble(chunks[0])
    headlines = [_take_headline(chunk) for chunk in chunks]
    if len(chunks) > 1 and headlines[0] is None and any(headlines[1:]):
        chunks, headlines = chunks[1:], headlines[1:]
    if len(chunks) == 1:
        headline = headlines[0] or _Headline(post_title, "")
        return [_draft(chunks[0], headline, 0, "main", post_url)]
    drafts = []
    keys: set[str] = set()
    for ordinal, (chunk, maybe) in enumerate(zip(chunks, headlines, strict=True)):
        text = _text_of(chunk)
        found = maybe or _Headline(shorten(text, 80), "")
        key = _unique_key(slugify(found.title) or f"section-{ordinal + 1}", keys)
        drafts.append(_draft(chunk, found, ordinal, key, post_url))
    return drafts


def sanitise(html: str) -> str:
    """Only harmless markup: no scripts, styles, frames, forms or event handlers."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _parse(html: str, base_url: str) -> lxml.html.HtmlElement:
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except ParserError:  # nothing but white space or comments
        return lxml.html.fragment_fromstring("<div></div>")
    if base_url.startswith(("http://", "https://")):
        root.make_links_absolute(base_url, resolve_base_href=False, handle_failures="discard")
    for hidden in list(root.iter(*_INVISIBLE)):
        hidden.drop_tree()
    for element in root.iter(*_BLOCKS, "br"):
        element.tail = "\n" + (element.tail or "")
    while _is_wrapper(root):
        root = root[0]
    return root


def _is_wrapper(element: lxml.html.HtmlElement) -> bool:
    """A lone <div> around everything, which hides the dividers inside it."""
    return (
        len(element) == 1
        and element[0].tag in _WRAPPERS
        and not (element.text or "").strip()
        and not (element[0].tail or "").strip()
    )


def _is_divider(element: lxml.html.HtmlElement) -> bool:
    if element.tag == "hr":
        return True
    if element.tag not in _BLOCKS:
        return False
    text = squash(element.text_content())
    if text:
        return bool(_DIVIDER_TEXT.match(text))
    has_rule = any(child.tag == "hr" for child in element.iter())
    return has_rule and not any(child.tag == "img" for child in element.iter())


def _split_on_dividers(root: lxml.html.HtmlElement) -> Iterator[list[Piece]]:
    chunk: list[Piece] = [root.text] if root.text and root.text.strip() else []
    for element in root:
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if _is_divider(element):
            yield chunk
            chunk = [element.tail] if element.tail and element.tail.strip() else []
        else:
            chunk.append(element)
            if element.tail and element.tail.strip():
                chunk.append(element.tail)  # loose text between elements: keep it
    yield chunk


def _text_of(chunk: Sequence[Piece]) -> str:
    parts = [piece if isinstance(piece, str) else _block_text(piece) for piece in chunk]
    lines = (squash(line) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def _block_text(element: lxml.html.HtmlElement) -> str:
    """An element's text, on lines of its own when it is a block."""
    text = _element_text(element)
    return f"\n{text}\n" if element.tag in _BLOCKS else text


def _element_text(element: lxml.html.HtmlElement) -> str:
    text: str = element.text_content()
    tail = element.tail or ""
    return text[: len(text) - len(tail)] if tail and text.endswith(tail) else text


def _drop_preamble(chunk: list[Piece], within: int = 3) -> None:
    """Drop the publisher's opening lines when the first story follows them undivided."""
    blocks = [p for p in chunk if isinstance(p, str) or _element_text(p).strip()]
    for index, piece in enumerate(blocks[: within + 1]):
        if not isinstance(piece, str) and _headline_title(piece):
            if index:
                del chunk[: chunk.index(piece)]
            return


def _headline_title(element: lxml.html.HtmlElement) -> str:
    """The headline an element holds, or "" when it does not open a story."""
    if element.tag in _HEADINGS:
        return squash(_element_text(element)).rstrip(":")
    if element.tag != "p" or (element.text or "").strip() or not len(element):
        return ""
    bold = element[0]
    title = squash(_element_text(bold)).rstrip(":").strip()
    if bold.tag not in _BOLD or len(title) > _MAX_TITLE:
        return ""
    if (bold.tail or "").strip() and not _is_teaser_next(bold):
        return ""  # a bold lead-in to a paragraph ("Why this matters: ..."), not a headline
    return title


def _take_headline(chunk: list[Piece]) -> _Headline | None:
    """Find the story's headline at the top of a chunk and remove it from the chunk."""
    first = next((p for p in chunk if isinstance(p, str) or _element_text(p).strip()), None)
    if first is None or isinstance(first, str):
        return None
    title = _headline_title(first)
    if not title:
        return None
    if first.tag in _HEADINGS:
        chunk.remove(first)
        return _Headline(title, _take_teaser_paragraph(chunk))
    teaser = _remove_inline_lead(first)
    if not _element_text(first).strip():
        chunk.remove(first)
    return _Headline(title, teaser or _take_teaser_paragraph(chunk))


def _is_teaser_next(bold: lxml.html.HtmlElement) -> bool:
    following = bold.getnext()
    return following is not None and following.tag in _ITALIC | {"br"}


def _remove_inline_lead(paragraph: lxml.html.HtmlElement) -> str:
    """Drop the bold headline, a <br> and an italic teaser from a paragraph's start."""
    paragraph[0].drop_tree()
    if len(paragraph) and paragraph[0].tag == "br" and not (paragraph.text or "").strip():
        paragraph[0].drop_tree()
    if len(paragraph) and paragraph[0].tag in _ITALIC and not (paragraph.text or "").strip():
        teaser = _clean_teaser(_element_text(paragraph[0]))
        paragraph[0].drop_tree()
        return teaser
    return ""


def _take_teaser_paragraph(chunk: list[Piece]) -> str:
    """A paragraph that is nothing but italics, right under the headline."""
    first = next((p for p in chunk if isinstance(p, str) or _element_text(p).strip()), None)
    if first is None or isinstance(first, str) or first.tag != "p" or len(first) != 1:
        return ""
    italic = first[0]
    whole = squash(_element_text(first)) == squash(_element_text(italic))
    if italic.tag not in _ITALIC or not whole:
        return ""
    chunk.remove(first)
    return _clean_teaser(_element_text(italic))


def _clean_teaser(text: str) -> str:
    return squash(text).strip(_ELLIPSES)


def _unique_key(key: str, taken: set[str]) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _serialise(chunk: Sequence[Piece]) -> str:
    parts = []
    for piece in chunk:
        if isinstance(piece, str):
            parts.append(escape(piece))
        else:
            element = copy.copy(piece)
            element.tail = None
            parts.append(lxml.html.tostring(element, encoding="unicode"))
    return "".join(parts)


def fingerprint(title: str, text: str) -> str:
    """The same story in two feeds gets the same fingerprint, whatever its markup."""
    return hashlib.sha256(" ".join(words(f"{title} {text}")).encode()).hexdigest()


def _draft(
    chunk: Sequence[Piece], headline: _Headline, ordinal: int, key: str, post_url: str
) -> SectionDraft:
    text = _text_of(chunk)
    return SectionDraft(
        key=key,
        ordinal=ordinal,
        title=headline.title,
        teaser=headline.teaser,
        html=sanitise(_serialise(chunk)),
        text=text,
        url=f"{post_url}#{key}" if post_url else "",
        fingerprint=fingerprint(headline.title, text),
    )
