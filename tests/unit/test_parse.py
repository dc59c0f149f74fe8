"""Parsing real-world feeds: encodings, malformed documents, entries without the usual fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.errors import NotAFeed
from digest.ingest.parse import parse_feed
from digest.types import FetchedDocument, ParsedFeed
from tests.conftest import shared_path


def parse_file(path: Path) -> object:
    return parse_feed(FetchedDocument(str(path), path.read_bytes()))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("feedparser/chardet/koi8r.xml", "Как пережить новогоднюю ночь"),
        ("miniflux/encoding_WINDOWS-1251.xml", "Цитата #17703"),
        ("netnewswire/kc0011.rss", "建国35周年纪念，华表，和平鸽"),
        ("simplepie/feed-utf16le.xml", "Test feed title 1"),
        ("simplepie/feed-utf16be.xml", "Test feed title 1"),
        ("rss-parser/encoding.rss", None),
        ("miniflux/urdu_UTF8.xml", None),
    ],
)
def test_encodings_come_out_right(name: str, expected: str | None) -> None:
    parsed = parse_file(shared_path("feeds", "fixtures", *name.split("/")))
    titles = [entry.title for entry in parsed.entries]  # type: ignore[attr-defined]
    if expected is not None:
        assert titles[0] == expected
    assert not any("\ufffd" in t or "Ã" in t for t in titles)


def test_a_latin1_feed_without_declaration_is_decoded() -> None:
    parsed = parse_file(shared_path("feeds", "fixtures", "miniflux", "no_encoding_ISO-8859-1.xml"))
    text = " ".join(e.title + e.html for e in parsed.entries)  # type: ignore[attr-defined]
    assert "é" in text and "\ufffd" not in text


def test_big5_without_any_declaration_is_detected() -> None:
    parsed = parse_file(shared_path("feeds", "fixtures", "feedparser", "chardet", "big5.xml"))
    assert "中文" in parsed.title  # type: ignore[attr-defined]


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed, match="is not an RSS or Atom feed"):
        parse_file(shared_path("feeds", "fixtures", "rss-parser", "unrecognized.rss"))


@pytest.mark.parametrize(
    "name",
    [
        "feed-rs/rss_2.0_ghost_1.xml",
        "rss-parser/incomplete-fields.atom",
        "netnewswire/markdown2.rss",
        "rss2email/fastmailstatus/feed.rss",
    ],
)
def test_entries_without_title_date_or_link_still_get_an_identity(name: str) -> None:
    parsed = parse_file(shared_path("feeds", "fixtures", *name.split("/")))
    guids = [entry.guid for entry in parsed.entries]  # type: ignore[attr-defined]
    assert guids and all(guids)


SITE = "https://letter.example/"
FEED_URL = "https://feeds.letter.example/rss.xml"


def item(guid: str, link: str = "", title: str = "") -> str:
    link_element = f"<link>{link}</link>" if link else ""
    return (
        f"<item><title>{title or guid}</title>{link_element}"
        f'<guid isPermaLink="false">{guid}</guid>'
        "<description>&lt;p&gt;A story.&lt;/p&gt;</description></item>\n"
    )


def channel(*items: str, site: str = SITE, declaration: bool = True) -> bytes:
    """An RSS document, one item a line, its first item on line 6 (5 without declaration)."""
    head = '<?xml version="1.0" encoding="utf-8"?>\n' if declaration else ""
    return (
        f'{head}<rss version="2.0">\n<channel>\n<title>Test Letter</title>\n'
        f"<link>{site}</link>\n{''.join(items)}</channel>\n</rss>\n"
    ).encode()


def parse(content: bytes, **headers: str) -> ParsedFeed:
    return parse_feed(FetchedDocument(FEED_URL, content, headers=headers))


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java&#x09;script:alert(1)",
        "javascript&#58;alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "mailto:editor@letter.example",
    ],
)
def test_only_a_web_link_becomes_a_posts_address(link: str) -> None:
    [entry] = parse(channel(item("https://letter.example/1", link))).entries
    assert entry.url == SITE
    assert entry.guid == "https://letter.example/1"


def test_an_entity_left_undecoded_is_a_path_not_a_scheme() -> None:
    [entry] = parse(channel(item("a", "java&amp;#x09;script:alert(1)"))).entries
    assert entry.url == "https://feeds.letter.example/java&#x09;script:alert(1)"


def test_a_post_without_a_usable_link_has_the_feeds_and_its_own_identity() -> None:
    feed = parse(channel(item("a", "javascript:alert(1)"), item("b")))
    assert [e.url for e in feed.entries] == [SITE, SITE]
    assert len({e.guid for e in feed.entries}) == 2
    assert all("javascript" not in e.guid for e in feed.entries)


def test_a_relative_link_is_resolved_against_the_feeds_address() -> None:
    [entry] = parse(channel(item("a", "/issues/1"))).entries
    assert entry.url == "https://feeds.letter.example/issues/1"


def test_an_unsafe_site_link_leaves_posts_without_a_link() -> None:
    feed = parse(channel(item("a", "javascript:alert(1)"), site=" javascript:alert(2)"))
    assert feed.link == ""
    assert [e.url for e in feed.entries] == [""]


TWO_GOOD = (item("a", "https://letter.example/a"), item("b", "https://letter.example/b"))


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (item("c", title="Fish & chips"), "not well-formed (invalid token) at line 8"),
        (
            "<item><title>c</title><link>https://letter.example/c</item>\n",
            "mismatched tag at line 8",
        ),
    ],
)
def test_an_invalid_document_says_why_and_where_and_keeps_its_entries(
    bad: str, reason: str
) -> None:
    feed = parse(channel(*TWO_GOOD, bad))
    assert feed.problem == f"malformed feed: {reason}"
    assert [e.title for e in feed.entries][:2] == ["a", "b"]
    without_declaration = parse(channel(*TWO_GOOD, bad, declaration=False))
    assert without_declaration.problem == feed.problem.replace("line 8", "line 7")
    after_blank_lines = parse(b"\n\n  " + channel(*TWO_GOOD, bad))
    assert after_blank_lines.problem == feed.problem.replace("line 8", "line 10")


def test_a_truncated_document_says_where_it_ends() -> None:
    whole = channel(*TWO_GOOD, item("c", "https://letter.example/c"))
    cut = whole[: whole.index(b"<link>https://letter.example/c")]  # in the middle of an item
    feed = parse(cut)
    assert feed.problem == "malformed feed: no element found at line 8"
    assert [e.title for e in feed.entries][:2] == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (channel(*TWO_GOOD), {}),
        # Declared ASCII, written in UTF-8: feedparser says so, and still reads all of it.
        (channel(*TWO_GOOD, item("é")).replace(b"utf-8", b"us-ascii"), {}),
        (channel(*TWO_GOOD), {"Content-Type": "text/plain"}),  # not an XML media type
        (channel(*TWO_GOOD, item("é")), {"Content-Type": "application/rss+xml; charset=latin-1"}),
        (b"\n \r\n" + channel(*TWO_GOOD), {}),  # white space before the declaration
        (b"\xef\xbb\xbf\n" + channel(*TWO_GOOD), {}),
    ],
)
def test_a_document_read_whole_has_no_problem(content: bytes, headers: dict[str, str]) -> None:
    feed = parse(content, **headers)
    assert feed.problem == ""
    assert [e.title for e in feed.entries][:2] == ["a", "b"]
