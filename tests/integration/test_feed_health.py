"""Feed health over a real HTTP server: back-off, server hints, moves, gone feeds, discovery,
malformed documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from xml.sax.saxutils import escape

import pytest

from digest.mail.capture import Inbox
from tests.conftest import FeedServer, Result, Route
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
T0 = datetime.fromisoformat("2026-11-20T09:00:00+00:00")


def at(minutes: float) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


def feed_row(digest: Run, url: str) -> dict[str, object]:
    rows = json.loads(digest("feed", "list", "--json").out)
    return next(r for r in rows if r["url"] == url)


def poll_json(digest: Run, *args: str) -> list[dict[str, object]]:
    return json.loads(digest("poll", "--json", *args).out)


FIRST = rss(Item("1", "Issue 1", issue(story("Chips", "About chips."))))


def add(digest: Run, feed_server: FeedServer, path: str = "/feed") -> str:
    feed_server.routes[path] = Route(body=FIRST)
    url = feed_server.url(path)
    assert digest("feed", "add", url, "--now", at(0)).code == 0
    return url


def test_a_failing_feed_backs_off_and_says_since_when_and_why(
    digest: Run, feed_server: FeedServer
) -> None:
    url = add(digest, feed_server)
    feed_server.routes["/feed"] = Route(500, b"oops")
    [result] = poll_json(digest, "--now", at(61))
    assert result["error_kind"] == "http"
    row = feed_row(digest, url)
    assert row["error_count"] == 1
    assert row["failing_since"] == at(61)
    first_wait = datetime.fromisoformat(str(row["next_poll_at"])) - datetime.fromisoformat(at(61))
    assert timedelta(minutes=5) <= first_wait <= timedelta(minutes=6.25)
    assert "failing since 2026-11-20 10:01 (1 in a row)" in str(row["health"])
    assert poll_json(digest, "--now", at(62)) == []  # backing off: not due yet

    [result] = poll_json(digest, "--now", at(61 + 7))
    row = feed_row(digest, url)
    assert row["error_count"] == 2 and row["failing_since"] == at(61)
    second_wait = datetime.fromisoformat(str(row["next_poll_at"])) - datetime.fromisoformat(at(68))
    assert timedelta(minutes=10) <= second_wait <= timedelta(minutes=12.5)
    status = json.loads(digest("status", "--json").out)
    assert status["failing_feeds"][0]["url"] == url

    feed_server.routes["/feed"] = Route(body=FIRST)
    [result] = poll_json(digest, "--all", "--now", at(70))
    assert result["error"] is None
    row = feed_row(digest, url)
    assert (row["error_count"], row["failing_since"], row["health"]) == (0, None, "ok")


def test_retry_after_and_max_age_push_the_next_poll_back(
    digest: Run, feed_server: FeedServer
) -> None:
    url = add(digest, feed_server)
    feed_server.routes["/feed"] = Route(429, b"slow down", headers={"Retry-After": "7200"})
    [result] = poll_json(digest, "--now", at(60))
    assert result["error_kind"] == "rate-limited"
    assert feed_row(digest, url)["next_poll_at"] == at(60 + 120)

    feed_server.routes["/feed"] = Route(body=FIRST, headers={"Cache-Control": "max-age=10800"})
    poll_json(digest, "--all", "--now", at(200))
    assert feed_row(digest, url)["next_poll_at"] == at(200 + 180)


def test_a_gone_feed_is_disabled_with_its_reason_until_enabled(
    digest: Run, feed_server: FeedServer
) -> None:
    url = add(digest, feed_server)
    feed_server.routes["/feed"] = Route(410, b"gone")
    [result] = poll_json(digest, "--now", at(60))
    assert result["error_kind"] == "gone"
    row = feed_row(digest, url)
    assert row["disabled"] is True
    assert str(row["health"]).startswith("disabled since 2026-11-20 10:00")
    assert poll_json(digest, "--now", at(60 * 48)) == []  # never polled again by itself

    feed_server.routes["/feed"] = Route(body=FIRST)
    assert digest("feed", "enable", url, "--now", at(60 * 49)).code == 0
    [result] = poll_json(digest, "--now", at(60 * 49))
    assert result["error"] is None
    assert feed_row(digest, url)["disabled"] is False


def test_a_permanent_redirect_moves_the_feed(digest: Run, feed_server: FeedServer) -> None:
    url = add(digest, feed_server)
    new_url = feed_server.url("/new-home")
    feed_server.routes["/feed"] = Route(301, b"", headers={"Location": "/new-home"})
    feed_server.routes["/new-home"] = Route(body=FIRST)
    [result] = poll_json(digest, "--now", at(61))
    assert result["moved_to"] == new_url
    urls = [r["url"] for r in json.loads(digest("feed", "list", "--json").out)]
    assert urls == [new_url]
    assert url not in urls


def test_a_temporary_redirect_keeps_the_address(digest: Run, feed_server: FeedServer) -> None:
    url = add(digest, feed_server)
    feed_server.routes["/feed"] = Route(302, b"", headers={"Location": "/elsewhere"})
    feed_server.routes["/elsewhere"] = Route(body=FIRST)
    [result] = poll_json(digest, "--now", at(61))
    assert result["error"] is None and result["moved_to"] is None
    assert feed_row(digest, url)["error_count"] == 0


def test_feed_add_finds_the_feed_a_page_advertises(digest: Run, feed_server: FeedServer) -> None:
    feed_server.routes["/blog/"] = Route(
        body=b'<html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/blog/feed.xml"></head><body>Hello</body></html>',
        headers={"Content-Type": "text/html"},
    )
    feed_server.routes["/blog/feed.xml"] = Route(body=FIRST)
    result = digest("feed", "add", feed_server.url("/blog/"), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["feed"] == feed_server.url("/blog/feed.xml")


def test_a_page_without_a_feed_is_refused(digest: Run, feed_server: FeedServer) -> None:
    feed_server.routes["/page"] = Route(body=b"<html><body>No feed here</body></html>")
    result = digest("feed", "add", feed_server.url("/page"))
    assert result.code == 2
    assert "neither an RSS or Atom feed nor a page that advertises one" in result.err


def test_a_guid_listed_twice_is_stored_once(digest: Run, feed_server: FeedServer) -> None:
    twice = rss(Item("1", "One", "<p>first</p>"), Item("1", "One again", "<p>second</p>"))
    feed_server.routes["/feed"] = Route(body=twice)
    result = json.loads(digest("feed", "add", feed_server.url("/feed"), "--json").out)
    assert result["new_posts"] == 1


# A feed that parses only in part: its posts are kept, the problem is shown until it is fixed.


def item_line(guid: str, headline: str, body: str) -> str:
    link = f"https://letter.example/{guid}"
    garden = story(f"Garden news {guid}", "Tomatoes are late.")
    return (
        f"<item><title>Issue {guid}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>"
        f"<description>{escape(issue(story(headline, body), garden))}</description></item>\n"
    )


def rss_lines(*items: str) -> bytes:
    """An RSS document with one item a line: the first on line 6."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
        "<title>Test Letter</title>\n<link>https://letter.example/</link>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    ).encode()


GOOD = (
    item_line("2", "Chips in tractors", "A chip steers the tractor."),
    item_line("3", "Verilog for kids", "Learn Verilog with a chip."),
)
THIRD = item_line("4", "Chip shortage", "Fewer chips this winter.")
WHOLE = rss_lines(*GOOD, THIRD)
MALFORMED = {
    # Cut in the middle of the third item, as a server that stopped writing leaves it.
    "truncated": (WHOLE[: WHOLE.index(b"<guid>https://letter.example/4")], "no element found"),
    "unescaped ampersand": (
        rss_lines(*GOOD, THIRD.replace("Issue 4", "Fish & chips")),
        "not well-formed (invalid token)",
    ),
    "mismatched tag": (
        rss_lines(*GOOD, THIRD.replace("</title>", "</titel>", 1)),
        "mismatched tag",
    ),
}


def section_titles(digest: Run, url: str) -> list[str]:
    sections = json.loads(digest("section", "list", "--feed", url, "--json").out)
    return [s["title"] for s in sections]


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_feed_keeps_its_posts_and_is_a_problem_until_fixed(
    digest: Run, feed_server: FeedServer, case: str
) -> None:
    url = add(digest, feed_server)
    other = add(digest, feed_server, "/other")
    body, reason = MALFORMED[case]
    feed_server.routes["/feed"] = Route(body=body, headers={"ETag": '"broken"'})
    expected = f"{url}: malformed feed: {reason} at line 8"

    polled = digest("poll", "--all", "--json", "--now", at(61))
    assert polled.code == 1
    assert polled.err.splitlines() == [f"{url}: error: {expected}"]
    by_feed = {r["feed"]: r for r in json.loads(polled.out)}
    assert (by_feed[url]["error"], by_feed[url]["error_kind"]) == (expected, "malformed")
    assert by_feed[url]["new_posts"] >= 2
    assert by_feed[other]["error"] is None  # the other feed polled as usual
    assert {"Chips in tractors", "Verilog for kids"} <= set(section_titles(digest, url))

    row = feed_row(digest, url)
    assert (row["last_error"], row["last_error_kind"], row["error_count"]) == (
        expected,
        "malformed",
        1,
    )
    assert row["health"] == f"malformed since 2026-11-20 10:01 (1 in a row): {expected}"
    assert row["next_poll_at"] == at(61 + 60)  # it answered: no back-off
    status = json.loads(digest("status", "--json").out)
    assert status["failing_feeds"] == [{"url": url, "error_count": 1, "last_error": expected}]
    assert f"failing feed: {url} (1 errors): {expected}" in digest("status").out

    # Polled again, it is fetched and parsed again, not answered 304, and is still broken.
    again = digest("poll", "--json", "--now", at(121))
    assert again.code == 1
    headers = [h for path, h in feed_server.requests if path == "/feed"]
    assert len(headers) == 3 and "If-None-Match" not in headers[-1]
    row = feed_row(digest, url)
    assert (row["error_count"], row["failing_since"]) == (2, at(61))

    feed_server.routes["/feed"] = Route(body=WHOLE)
    fixed = digest("poll", "--all", "--json", "--now", at(181))
    assert fixed.code == 0, fixed.err
    assert [r["error"] for r in json.loads(fixed.out)] == [None, None]
    row = feed_row(digest, url)
    assert (row["error_count"], row["last_error"], row["health"]) == (0, None, "ok")
    assert json.loads(digest("status", "--json").out)["failing_feeds"] == []
    assert "Chip shortage" in section_titles(digest, url)


def test_a_fetch_failure_after_a_malformed_answer_backs_off_from_the_start(
    digest: Run, feed_server: FeedServer
) -> None:
    url = add(digest, feed_server)
    feed_server.routes["/feed"] = Route(body=MALFORMED["truncated"][0])
    for hour in range(1, 4):
        assert digest("poll", "--all", "--now", at(60 * hour)).code == 1
    assert feed_row(digest, url)["error_count"] == 3
    feed_server.routes["/feed"] = Route(500, b"oops")
    assert digest("poll", "--now", at(240)).code == 1
    row = feed_row(digest, url)
    assert (row["error_count"], row["last_error_kind"], row["failing_since"]) == (
        1,
        "http",
        at(240),
    )
    wait = datetime.fromisoformat(str(row["next_poll_at"])) - datetime.fromisoformat(at(240))
    assert timedelta(minutes=5) <= wait <= timedelta(minutes=6.25)


def test_feed_add_keeps_what_a_malformed_feed_yields_and_says_why(
    digest: Run, feed_server: FeedServer
) -> None:
    feed_server.routes["/feed"] = Route(body=MALFORMED["unescaped ampersand"][0])
    url = feed_server.url("/feed")
    added = digest("feed", "add", url, "--json", "--now", at(0))
    assert added.code == 0, added.err
    result = json.loads(added.out)
    assert added.err.strip() == f"digest: warning: {result['error']}"
    expected = f"{url}: malformed feed: not well-formed (invalid token) at line 8"
    assert (result["error"], result["error_kind"]) == (expected, "malformed")
    assert result["new_posts"] >= 2
    assert {"Chips in tractors", "Verilog for kids"} <= set(section_titles(digest, url))
    assert feed_row(digest, url)["last_error"] == expected


def test_the_posts_of_a_partly_parsed_feed_reach_subscribers(
    digest: Run, feed_server: FeedServer, smtp_server: Inbox
) -> None:
    assert digest("topic", "add", "chips", "--query", "chip OR verilog", "--now", at(0)).code == 0
    reader = ("subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed")
    assert digest(*reader, "--now", at(0)).code == 0
    add(digest, feed_server)
    feed_server.routes["/feed"] = Route(body=MALFORMED["truncated"][0])
    assert digest("poll", "--all", "--now", at(61)).code == 1
    sent = digest("send", "--all", "--now", at(62), "--json")
    assert sent.code == 0, sent.err
    [message] = smtp_server.messages
    html = message_from_bytes(message.raw, policy=policy.default).get_body(("html",))
    assert html is not None
    content = str(html.get_content())
    assert "Chips in tractors" in content and "Verilog for kids" in content
