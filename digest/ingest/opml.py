"""OPML, the list of feeds readers exchange: read one, write one (pure).

Reading takes every ``<outline>`` with an ``xmlUrl``, at any depth (readers file feeds
under category outlines). An OPML file usually comes from another service, so it is
parsed as untrusted XML: a document with a DTD is refused outright (entities are how XML
reads local files or swells a few bytes into gigabytes), and nothing is ever fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from digest.errors import InvalidValue

__all__ = ["OpmlFeed", "read_opml", "write_opml"]

#: What XML 1.0 cannot hold at all, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class OpmlFeed:
    """One feed of a list: its address, and the title and site it was listed with."""

    url: str
    title: str = ""
    site_url: str = ""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def read_opml(data: bytes, source: str = "the OPML file") -> list[OpmlFeed]:
    """The feeds an OPML document lists, each once, in document order.

    Raises `InvalidValue` for a document that is not OPML, is not well-formed, has a DTD,
    or lists no feed.
    """
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _dtd_refused(source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidValue(f"{source} is not well-formed XML: {exc}") from None
    if root.getroottree().docinfo.doctype:  # one the byte check missed (UTF-16, say)
        raise _dtd_refused(source)
    if _name(root) != "opml":
        raise InvalidValue(f"{source} is not OPML: its root element is <{_name(root)}>")
    feeds: dict[str, OpmlFeed] = {}
    for outline in root.iter("{*}outline"):
        attributes = {str(k).lower(): str(v).strip() for k, v in outline.attrib.items()}
        url = attributes.get("xmlurl", "")
        if url and url not in feeds:
            text = attributes.get("text", "")
            title = attributes.get("title") or ("" if text == url else text)  # see write_opml
            feeds[url] = OpmlFeed(url, title, attributes.get("htmlurl", ""))
    if not feeds:
        raise InvalidValue(f"{source} lists no feed: no <outline> has an xmlUrl")
    return list(feeds.values())


def _dtd_refused(source: str) -> InvalidValue:
    return InvalidValue(
        f"{source} has a DTD (<!DOCTYPE> or <!ENTITY>): refused, as entities can read"
        " local files or blow up; remove the DTD and import it again"
    )


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def write_opml(feeds: Iterable[OpmlFeed], title: str = "digest feeds") -> bytes:
    """An OPML 2.0 document listing the feeds, UTF-8 encoded."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    for feed in feeds:
        title = _NOT_XML.sub("", feed.title)  # a feed's own title may hold anything
        # OPML requires a text: the address stands in for a title a feed has not given.
        outline = etree.SubElement(body, "outline", type="rss", text=title or feed.url)
        if title:
            outline.set("title", title)
        outline.set("xmlUrl", feed.url)
        if feed.site_url:
            outline.set("htmlUrl", feed.site_url)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))
