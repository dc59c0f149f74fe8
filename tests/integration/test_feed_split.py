"""`digest feed set URL --split`: a feed whose layout defeats the automatic rules, cut as
its operator says, over a real HTTP server."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.conftest import FeedServer, Result, Route
from tests.feedbuilder import Item, rss

Run = Callable[..., Result]
NOW = "2026-11-20T09:00:00+00:00"
LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."


def letter(*leads: str) -> str:
    """One argument by the automatic rules (its lead announces parts, its close refers
    back), though each paragraph opens with a bold headline; two parts, two each."""
    body = ["".join(f"<p><b>{lead}.</b> {LOREM}</p>" for lead in leads[i : i + 2]) for i in (0, 2)]
    return (
        "<p>I have been thinking about cities for a long time, and this essay is about what"
        " makes them work for the people who live in them, in two parts that build on"
        f" each other.</p><h2>Streets</h2>{body[0]}<h2>Parks</h2>{body[1]}"
        "<p>In short, the two are one idea.</p>"
    )


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def titles(digest: Run, url: str, post: str) -> list[str]:
    listed = json.loads(ok(digest("section", "list", "--feed", url, "--json", "--now", NOW)).out)
    return [s["title"] for s in listed if s["post"] == post]


def test_a_forced_split_cuts_the_posts_fetched_from_then_on(
    digest: Run, feed_server: FeedServer
) -> None:
    first = Item("1", "On cities", letter("Sidewalks", "Crossings", "Trees", "Benches"))
    feed_server.routes["/feed"] = Route(body=rss(first))
    url = feed_server.url("/feed")
    ok(digest("feed", "add", url, "--now", NOW))
    assert titles(digest, url, "On cities") == ["On cities"]  # auto: one essay

    changed = ok(digest("feed", "set", url, "--split", "bold")).out
    assert f"{url}: language english, split bold" in changed
    assert "split: auto -> bold (takes effect for posts fetched from now on" in changed
    assert "the 1 posts stored keep their sections" in changed
    (listed,) = json.loads(ok(digest("feed", "list", "--json")).out)
    assert listed["split"] == "bold"
    inspected = ok(digest("feed", "inspect", url)).out
    assert inspected.startswith("split: bold\n")

    second = Item("2", "On towns", letter("Lanes", "Squares", "Ponds", "Lawns"))
    feed_server.routes["/feed"] = Route(body=rss(second, first))
    ok(digest("poll", "--all", "--now", NOW))
    assert titles(digest, url, "On towns") == ["Lanes", "Squares", "Ponds", "Lawns"]
    assert titles(digest, url, "On cities") == ["On cities"]  # stored: kept as it was

    again = ok(digest("feed", "set", url, "--split", "bold")).out
    assert "takes effect" not in again  # nothing changed, nothing to say about it


def test_feed_add_takes_the_split_too(digest: Run, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=rss(Item("1", "On cities", letter("A1", "A2", "B1", "B2")))
    )
    url = feed_server.url("/feed")
    ok(digest("feed", "add", url, "--split", "headings", "--now", NOW))
    assert titles(digest, url, "On cities") == ["Streets", "Parks"]
    (listed,) = json.loads(ok(digest("feed", "list", "--json")).out)
    assert listed["split"] == "headings"
    tried = json.loads(ok(digest("feed", "inspect", url, "--split", "none", "--json")).out)
    assert [(p["split"], len(p["sections"])) for p in tried] == [("none", 1)]


def test_an_unknown_split_is_a_usage_error(digest: Run, feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=rss(Item("1", "On cities", letter("A1", "A2", "B1", "B2")))
    )
    url = feed_server.url("/feed")
    ok(digest("feed", "add", url, "--now", NOW))
    refused = digest("feed", "set", url, "--split", "paragraphs")
    assert refused.code == 2
    assert "Invalid value for '--split': 'paragraphs' is not one of" in refused.err
    assert "Traceback" not in refused.err + refused.out
    (listed,) = json.loads(ok(digest("feed", "list", "--json")).out)
    assert listed["split"] == "auto"
