"""feedparser's Windows-1252 mapping, swapped for a faster one, translates the same."""

from __future__ import annotations

import feedparser.html
import feedparser.mixin
import pytest

from digest.ingest import parse


def test_the_faster_mapping_translates_as_feedparsers_own() -> None:
    original = feedparser.html._cp1252  # the dict; `digest.ingest.parse` swapped mixin's
    assert isinstance(original, dict)
    assert feedparser.mixin._cp1252 == parse._cp1252_as_string(original)
    text = "".join(map(chr, range(0x70, 0x2100))) + "é — “quoted” 𝄞 \U0010ffff \x80\x9f"
    assert text.translate(feedparser.mixin._cp1252) == text.translate(original)
    assert "\x80\x85\x99".translate(feedparser.mixin._cp1252) == "€…™"


def test_a_feed_reads_as_with_feedparsers_own_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    title = "T\x93x\x94 é — “q” 𝄞"
    body = f"<rss><channel><title>{title}</title><item><title>a\x85</title>"
    body += "<description>&lt;p&gt;caf\u00e9 \x80&lt;/p&gt;</description></item></channel></rss>"

    def read() -> tuple[str, str, str]:
        parsed = feedparser.parse(body.encode("utf-8"), sanitize_html=False)
        entry = parsed.entries[0]
        return parsed.feed.title, entry.title, entry.summary

    faster = read()
    monkeypatch.setattr(feedparser.mixin, "_cp1252", feedparser.html._cp1252)
    assert read() == faster
