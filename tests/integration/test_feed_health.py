"""Feed health over a real HTTP server: back-off, server hints, moves, gone feeds, discovery."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

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
