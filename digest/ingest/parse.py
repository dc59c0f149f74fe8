"""Parse feed documents, and find the feeds an HTML page advertises.

Takes the bytes and headers a fetcher returned; touches no network. feedparser
does the parsing (it copes with the malformed feeds the world serves, and a feed
it could read only with its forgiving parser says why in `ParsedFeed.problem`);
its sanitiser is off because `digest.sectioning.sections` sanitises every section
with nh3. Only http(s) links become a post's address (`digest.text.web_url`).
"""

from __future__ import annotations

import calendar
import hashlib
import re
import xml.sax
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.mixin
import lxml.etree
import lxml.html

from digest.errors import NotAFeed
from digest.text import web_url
from digest.types import FeedEntry, FetchedDocument, ParsedFeed


def parse_feed(document: FetchedDocument) -> ParsedFeed:
    """Parse RSS or Atom bytes; `NotAFeed` when they are neither."""
    if document.content is None:
        raise ValueError(f"{document.url}: not modified, so there is nothing to parse")
    content, skipped_lines = _declaration_first(_utf8_if_bomless_utf16(document.content))
    headers = _lower_keys(document.headers)
    headers.setdefault("content-location", document.url)
    # Without a type feedparser assumes text/xml and Latin-1 (RFC 3023); application/xml
    # lets the document's own declaration, or detection, decide.
    headers.setdefault("content-type", "application/xml")
    # Relative links are resolved by `digest.sectioning.sections`, once, on the tree it
    # parses anyway; feedparser's own pass re-parses every entry's HTML and costs half its time.
    parsed = feedparser.parse(
        content, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise NotAFeed(f"{document.url} is not an RSS or Atom feed{detail}")
    channel = parsed.feed
    site = web_url(str(channel.get("link", "")), document.url)
    entries = tuple(_entry(raw, document.url, site) for raw in parsed.entries)
    return ParsedFeed(
        title=str(channel.get("title", "")).strip(),
        link=site,
        entries=entries,
        language=str(channel.get("language", "")).strip(),
        problem=_malformation(parsed, content, skipped_lines),
    )


def _cp1252_as_string(mapping: Mapping[int, str]) -> str:
    """feedparser's Windows-1252 mapping as a string indexed by code point, up to U+FFFF.

    feedparser passes every text it reads through `str.translate` with a dict that maps
    the C1 controls (U+0080-U+009F) to the characters Windows-1252 meant; in a text with
    any non-ASCII character, each character missing from the dict raises and clears a
    KeyError: a third of the time feedparser takes on a feed of HTML posts. This string
    translates alike (a character past its end is left as it is) and raises nothing.
    """
    return "".join(mapping.get(point, chr(point)) for point in range(0x10000))


_feedparser_cp1252 = getattr(feedparser.mixin, "_cp1252", None)
if isinstance(_feedparser_cp1252, dict):  # feedparser 6's; anything else is left alone
    feedparser.mixin._cp1252 = _cp1252_as_string(_feedparser_cp1252)


#: What feedparser reports about a document its strict XML parser still read whole:
#: a charset other than the one declared, a media type that is not XML's.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def _malformation(parsed: Mapping[str, Any], content: bytes, skipped_lines: int) -> str:
    """Why feedparser fell back to its forgiving parser, or "" when it did not.

    That parser reads what it can of a document that is not well-formed XML, so
    the entries may be fewer than the feed meant to list.
    """
    error = parsed.get("bozo_exception")
    if not parsed.get("bozo") or error is None or isinstance(error, _HARMLESS):
        return ""
    if not isinstance(error, xml.sax.SAXParseException):
        return f"malformed feed: {error}"
    line = error.getLineNumber()
    if not isinstance(line, int) or line < 1:
        return f"malformed feed: {error.getMessage()}"
    if not _declared(content, str(parsed.get("encoding", ""))):
        line -= 1  # feedparser put a declaration line of its own before the document
    return f"malformed feed: {error.getMessage()} at line {line + skipped_lines}"


def _declared(content: bytes, encoding: str) -> bool:
    """The document opens with an XML declaration."""
    try:
        head = content[:64].decode(encoding or "utf-8", "replace")
    except LookupError:
        return True
    return head.lstrip("\ufeff").startswith("<?xml")


_SPACE_BEFORE_DECLARATION = re.compile(rb"\A(\xef\xbb\xbf)?\s+(?=<\?xml)")


def _declaration_first(content: bytes) -> tuple[bytes, int]:
    """White space before the XML declaration removed, and the lines it took.

    Common, harmless, and enough to make a strict XML parser refuse the document.
    """
    found = _SPACE_BEFORE_DECLARATION.match(content)
    if found is None:
        return content, 0
    return (found.group(1) or b"") + content[found.end() :], found.group(0).count(b"\n")


def _utf8_if_bomless_utf16(content: bytes) -> bytes:
    """UTF-16 without a byte-order mark, which feedparser cannot detect, as UTF-8.

    An XML document starts with "<" (or white space): in UTF-16 that is the
    character followed or preceded by a zero byte.
    """
    head = content[:2]
    if head in (b"<\x00", b" \x00", b"\n\x00"):
        codec = "utf-16-le"
    elif head in (b"\x00<", b"\x00 ", b"\x00\n"):
        codec = "utf-16-be"
    else:
        return content
    try:
        text = content.decode(codec)
    except UnicodeDecodeError:
        return content
    text = re.sub(r"^(\s*<\?xml[^>]*?encoding=)([\"'])[^\"']*\2", r"\1\2utf-8\2", text)
    return text.encode("utf-8")


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _entry(raw: Mapping[str, Any], document_url: str, site: str) -> FeedEntry:
    """`site` is the feed's own web link: the address of a post without a usable one."""
    html, base = _content(raw)
    home = web_url(document_url) or site
    # feedparser reports the document's address as the base unless xml:base says otherwise.
    xml_base = web_url(base, home) if base and base != document_url else ""
    title = str(raw.get("title", "")).strip()
    url = web_url(str(raw.get("link", "")), xml_base or home)
    guid = str(raw.get("id") or url or _hash_identity(title, html))
    base_url = xml_base or url or home
    return FeedEntry(
        guid=guid,
        url=url or site,
        title=title,
        html=html,
        published_at=_published(raw),
        base_url=base_url,
    )


def _content(raw: Mapping[str, Any]) -> tuple[str, str]:
    """The fullest HTML the entry carries, and the base its relative links are against."""
    contents = raw.get("content") or []
    html_parts = [c for c in contents if "html" in str(c.get("type", ""))]
    chosen = (html_parts or contents or [None])[0]
    if chosen is not None and str(chosen.get("value", "")).strip():
        return str(chosen["value"]), str(chosen.get("base", ""))
    detail = raw.get("summary_detail") or {}
    return str(raw.get("summary", "")), str(detail.get("base", ""))


def _published(raw: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # Plain dict access: feedparser's own maps one date key onto another, with a warning.
        value = dict.get(raw, key) if isinstance(raw, dict) else raw.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def _hash_identity(title: str, html: str) -> str:
    return "sha256:" + hashlib.sha256(f"{title}\n{html}".encode()).hexdigest()


_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)


def discover_feeds(document: FetchedDocument) -> list[str]:
    """The RSS and Atom feeds an HTML page advertises, as absolute URLs in page order.

    People paste a site's address more often than its feed's; the page's
    ``<link rel="alternate">`` elements say where the feed is.
    """
    if not document.content or not _is_html(document):
        return []
    try:
        root = lxml.html.document_fromstring(document.content)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = document.url
    for element in root.iter("base"):
        if href := (element.get("href") or "").strip():
            base = urljoin(document.url, href)
            break
    found: list[str] = []
    for link in root.iter("link"):
        href = (link.get("href") or "").strip()
        if href and _advertises_feed(link) and (url := urljoin(base, href)) not in found:
            found.append(url)
    return found


def _is_html(document: FetchedDocument) -> bool:
    content_type = _lower_keys(document.headers).get("content-type", "").lower()
    if "html" in content_type:
        return True
    return _HTML_START.match((document.content or b"")[:2048]) is not None


def _advertises_feed(link: lxml.html.HtmlElement) -> bool:
    rels = (link.get("rel") or "").lower().split()
    media_type = (link.get("type") or "").split(";")[0].strip().lower()
    return "alternate" in rels and media_type in _FEED_TYPES
