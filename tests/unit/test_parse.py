"""Parsing real-world feeds: encodings, malformed documents, entries without the usual fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.errors import NotAFeed
from digest.ingest.parse import parse_feed
from digest.types import FetchedDocument
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
