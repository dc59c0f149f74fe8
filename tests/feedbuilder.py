"""Build small RSS documents for tests."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    html: str
    date: str = "Mon, 02 Nov 2026 08:00:00 +0000"


def story(headline: str, body: str, teaser: str = "") -> str:
    lead = f"<p><strong>{headline}:</strong></p>"
    if teaser:
        lead += f"<p><em>…{teaser}…</em></p>"
    return lead + f"<p>{body}</p>"


def issue(*stories: str) -> str:
    return "<p>Welcome to the Test Letter. Forward it to a friend.</p><hr>" + "<hr>".join(stories)


def rss(*items: Item, title: str = "Test Letter", language: str | None = None) -> bytes:
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><link>https://letter.example/{i.guid}</link>"
        f"<guid>https://letter.example/{i.guid}</guid><pubDate>{i.date}</pubDate>"
        f"<description>{escape(i.html)}</description></item>"
        for i in items
    )
    declared = f"<language>{escape(language)}</language>" if language else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://letter.example/</link>"
        f"<description>tests</description>{declared}{entries}</channel></rss>"
    ).encode()
