"""Polling over a real HTTP server: failures stay with their feed, edits keep their sections."""

from __future__ import annotations

import json
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from digest.cli.demo import run_demo
from digest.mail.capture import Inbox
from tests.conftest import FeedServer, Result, Route
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
NOW = "2026-11-20T09:00:00+00:00"


def test_one_broken_feed_never_stops_the_others(digest: Run, feed_server: FeedServer) -> None:
    first = Item("1", "Issue 1", issue(story("Chips", "About chips.")))
    for path in ("/good", "/bad"):
        feed_server.routes[path] = Route(body=rss(first))
        assert digest("feed", "add", feed_server.url(path), "--now", NOW).code == 0
    second = Item("2", "Issue 2", issue(story("More chips", "About more chips.")))
    feed_server.routes["/good"] = Route(body=rss(second, first))
    feed_server.routes["/bad"] = Route(500, b"oops")
    result = digest("poll", "--all", "--json", "--now", NOW)
    assert result.code == 1  # one feed failed: an operational failure, the other polled
    bad = feed_server.url("/bad")
    assert result.err.splitlines() == [f"{bad}: error: {bad}: HTTP 500 Internal Server Error"]
    by_feed = {r["feed"]: r for r in json.loads(result.out)}
    assert by_feed[feed_server.url("/good")]["new_posts"] == 1
    assert by_feed[feed_server.url("/bad")]["error"].endswith("HTTP 500 Internal Server Error")
    listed = {f["url"]: f for f in json.loads(digest("feed", "list", "--json").out)}
    assert listed[feed_server.url("/bad")]["error_count"] == 1
    status = json.loads(digest("status", "--json").out)
    assert [f["url"] for f in status["failing_feeds"]] == [feed_server.url("/bad")]


def test_a_malformed_feed_is_reported_against_its_url(digest: Run, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=rss(Item("1", "One", "<p>x</p>")))
    assert digest("feed", "add", feed_server.url("/feed")).code == 0
    feed_server.routes["/feed"] = Route(body=b"<html><body>We moved!</body></html>")
    result = digest("poll", "--all")
    assert result.code == 1
    assert f"{feed_server.url('/feed')}: error:" in result.err
    assert "is not an RSS or Atom feed" in result.err


def test_an_edited_post_keeps_its_sections_and_is_not_sent_again(
    digest: Run, feed_server: FeedServer, smtp_server: Inbox
) -> None:
    assert digest("topic", "add", "chips", "--query", "chip OR chips").code == 0
    assert (
        digest(
            "subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed", "--now", NOW
        ).code
        == 0
    )
    feed_server.routes["/feed"] = Route(body=rss())
    assert digest("feed", "add", feed_server.url("/feed"), "--now", NOW).code == 0
    original = issue(story("Chip news", "A new chip."), story("Garden news", "Tomatoes."))
    feed_server.routes["/feed"] = Route(body=rss(Item("1", "Issue 1", original)))
    digest("poll", "--all", "--now", NOW)
    assert digest("send", "--all", "--now", NOW).code == 0
    assert len(smtp_server.messages) == 1

    edited = issue(
        story("Chip news", "A new chip, now with a typo fixed."),
        story("Garden news", "Tomatoes."),
        story("Chips again", "Another chip."),
    )
    feed_server.routes["/feed"] = Route(body=rss(Item("1", "Issue 1", edited)))
    polled = json.loads(digest("poll", "--all", "--json", "--now", NOW).out)[0]
    assert (polled["new_posts"], polled["updated_posts"], polled["new_sections"]) == (0, 1, 1)
    sections = json.loads(digest("section", "list", "--json").out)
    assert [s["title"] for s in sections] == ["Chip news", "Garden news", "Chips again"]
    assert digest("send", "--all", "--now", NOW).code == 0
    latest = message_from_bytes(smtp_server.messages[-1].raw, policy=policy.default)
    html = latest.get_body(("html",)).get_content()
    assert "Chips again" in html and "Chip news" not in html


def test_demo_sends_each_reader_only_their_stories(tmp_path: Path) -> None:
    lines: list[str] = []
    mail = run_demo(tmp_path / "demo", echo=lines.append)
    emails = sorted(mail.glob("*.eml"))
    assert len(emails) == 3
    assert len(sorted(mail.glob("*.html"))) == 3
    pages = {p.name.split("-", 1)[1]: p.read_text() for p in mail.glob("*.html")}
    ada = pages["ada-example-org.html"]
    assert "A nine-dollar RISC-V board that boots Linux" in ada
    assert "The warehouse robot" not in ada
    grace = pages["grace-example-org.html"]
    assert "A high-school cubesat phones home" in grace
    assert "A nine-dollar RISC-V board" not in grace
    assert any("ada@example.org: 6 stories" in line for line in lines)
    with pytest.raises(Exception, match="is not empty"):
        run_demo(tmp_path / "demo")


def test_worker_processes_store_what_this_process_would(
    run: Run, tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five feeds are enough to prepare them in worker processes: the result is the same."""
    for n in range(5):
        stories = [
            story(f"Story {n}.{k} about chips", f"Body {n}.{k} of a chip story.") for k in range(3)
        ]
        feed_server.routes[f"/f{n}"] = Route(body=rss(Item(f"{n}", f"Issue {n}", issue(*stories))))
    listings = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("DIGEST_PARSE_WORKERS", workers)
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        assert run("--database", url, "db", "upgrade").code == 0
        for n in range(5):
            engine_url = feed_server.url(f"/f{n}")
            assert run("--database", url, "feed", "add", engine_url, "--now", NOW).code == 0
        feed_server.routes["/f0"] = Route(
            body=rss(
                Item(
                    "new",
                    "Issue new",
                    issue(
                        story("Fresh chips", "A new chip story."),
                        story("Old news", "Nothing to see."),
                    ),
                ),
                Item("0", "Issue 0", "<p>edited</p>"),
            )
        )
        polled = json.loads(run("--database", url, "poll", "--all", "--json", "--now", NOW).out)
        assert sorted((r["new_posts"], r["updated_posts"]) for r in polled) == [
            (0, 0),
            (0, 0),
            (0, 0),
            (0, 0),
            (1, 1),
        ]
        sections = json.loads(run("--database", url, "section", "list", "--json").out)
        listings[workers] = sorted((s["post"], s["title"], s["url"]) for s in sections)
        feed_server.routes["/f0"] = Route(
            body=rss(
                Item(
                    "0",
                    "Issue 0",
                    issue(
                        *[
                            story(f"Story 0.{k} about chips", f"Body 0.{k} of a chip story.")
                            for k in range(3)
                        ]
                    ),
                )
            )
        )
    assert listings["1"] == listings["2"]
    assert ("Issue new", "Fresh chips") in {(p, t) for p, t, _ in listings["2"]}
