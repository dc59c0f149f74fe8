"""A feed's links that are not http(s) never reach a reader: not in the email, not in its
browser view. Over a real HTTP feed server and a real SMTP server, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from email import message_from_bytes, policy
from html import unescape
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest

from digest.config import Settings
from digest.mail.capture import Inbox
from digest.runtime import Runtime
from digest.web import create_app
from tests.conftest import FeedServer, Result, Route
from tests.feedbuilder import issue, story

Run = Callable[..., Result]
NOW = "2026-11-20T09:00:00+00:00"
LATER = "2026-11-20T10:00:00+00:00"
SITE = "https://letter.example/"

#: As they stand in the feed's XML: `&#x09;` is a tab once parsed, which browsers ignore.
UNSAFE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java&#x09;script:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,hi",
    "file:///etc/passwd",
]
SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def item(n: int, link: str) -> str:
    """A post whose link, headline link and "Read more" link are all `link`."""
    body = issue(
        f'<h2><a href="{link}">Chip story {n}</a></h2><p>A chip for job {n}.</p>'
        f'<p><strong>Read more:</strong> <a href="{link}">here</a></p>',
        story(f"Garden note {n}", f"Tomatoes, part {n}."),
    )
    return (
        f"<item><title>Issue {n}</title><link>{link}</link>"
        f'<guid isPermaLink="false">issue-{n}</guid>'
        f"<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>"
        f"<description>{escape(body)}</description></item>"
    )


def feed(site: str, *items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test Letter</title><link>{site}</link><description>tests</description>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


def assert_no_unsafe_link(document: str) -> None:
    """Nor once entities are decoded and the tabs and newlines browsers skip are gone."""
    for form in (document, unescape(document)):
        flat = re.sub(r"[\t\n\r]", "", form).lower()
        for scheme in SCHEMES:
            assert scheme not in flat, f"{scheme} in {form[flat.index(scheme) - 80 :][:160]!r}"


def story_links(html: str) -> list[str]:
    return [
        unescape(href)
        for href in re.findall(r'<h3 class="headline"[^>]*><a href="([^"]*)"', html)
        + re.findall(r'<p class="more"[^>]*><a href="([^"]*)"', html)
    ]


@pytest.mark.parametrize("site", [SITE, " javascript:alert(2)"], ids=["web-site", "unsafe-site"])
def test_unsafe_links_become_the_feeds_link_or_none(
    digest: Run,
    db_url: str,
    feed_server: FeedServer,
    smtp_server: Inbox,
    monkeypatch: pytest.MonkeyPatch,
    site: str,
) -> None:
    monkeypatch.setenv("DIGEST_PER_TOPIC_CAP", str(len(UNSAFE)))  # every story in the email
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(
        digest(
            "subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed", "--now", NOW
        )
    )
    feed_server.routes["/feed"] = Route(body=feed(site))
    ok(digest("feed", "add", feed_server.url("/feed"), "--now", NOW))
    feed_server.routes["/feed"] = Route(
        body=feed(site, *(item(n, link) for n, link in enumerate(UNSAFE)))
    )
    ok(digest("poll", "--all", "--now", LATER))

    sections = json.loads(ok(digest("section", "list", "--json")).out)
    assert len(sections) == 2 * len(UNSAFE)
    expected_prefix = SITE if site == SITE else ""
    assert all(s["url"].startswith(expected_prefix) for s in sections)
    if not expected_prefix:
        assert {s["url"] for s in sections} == {""}  # no link rather than an unsafe one

    ok(digest("send", "--all", "--now", LATER))
    [sent] = smtp_server.messages
    message = message_from_bytes(sent.raw, policy=policy.default)
    html, text = (message.get_body((kind,)) for kind in ("html", "plain"))
    assert html is not None and text is not None
    html_content, text_content = str(html.get_content()), str(text.get_content())
    assert "Chip story 0" in html_content and "Chip story 5" in html_content
    assert_no_unsafe_link(html_content)
    assert_no_unsafe_link(text_content)
    links = story_links(html_content)
    if expected_prefix:
        assert len(links) == 2 * len(UNSAFE)  # headline and "Read the full story", each
        assert all(link.startswith(expected_prefix) for link in links)
    else:  # a story without a link shows its headline unlinked, and no empty footnote
        assert links == []
        assert re.search(r'<h3 class="headline"[^>]*>Chip story 0</h3>', html_content)
        assert 'href=""' not in html_content
        assert "Chip story 0 [" not in text_content

    [browser] = re.findall(r"View in your browser: (\S+)", text_content)
    settings = Settings(database_url=db_url, secret_key="test-secret")
    runtime = Runtime.open(settings, clock=lambda: datetime.fromisoformat(LATER))
    try:
        page = create_app(runtime).test_client().get(urlsplit(browser).path)
    finally:
        runtime.close()
    assert page.status_code == 200
    view = page.get_data(as_text=True)
    assert "Chip story 0" in view
    assert_no_unsafe_link(view)
    assert all(link.startswith(expected_prefix) for link in story_links(view))
