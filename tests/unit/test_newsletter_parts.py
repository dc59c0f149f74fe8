"""The pure parts of the newsletter email: its period, a story's links, the stop links'
topics, what a catch-up looks for, and what a server without SMTPUTF8 means."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from digest.mail.catchup import Followed, added, catchup_filters, pick_missed
from digest.mail.render import Links, Period, Templates, format_period, render_digest
from digest.mail.replies import needs_smtputf8
from digest.mail.retries import Failure, judge
from digest.matching.query import parse_query
from digest.matching.score import OWN_QUERY_LABEL, Filter
from digest.text import cited_source, site_of, story_link
from digest.types import DeliveryStatus
from tests.unit.test_templates import FIXED, LINKS, NOW


@pytest.mark.parametrize(
    ("start", "end", "zone", "shown"),
    [
        (datetime(2026, 12, 7, 9, tzinfo=UTC), datetime(2026, 12, 14, 9, tzinfo=UTC), "UTC",
         "7–14 December 2026"),
        (datetime(2026, 11, 30, 9, tzinfo=UTC), datetime(2026, 12, 7, 9, tzinfo=UTC), "UTC",
         "30 November – 7 December 2026"),
        (datetime(2026, 12, 28, tzinfo=UTC), datetime(2027, 1, 4, tzinfo=UTC), "UTC",
         "28 December 2026 – 4 January 2027"),
        (datetime(2026, 12, 14, 8, tzinfo=UTC), datetime(2026, 12, 14, 9, tzinfo=UTC), "UTC",
         "14 December 2026"),
        # 23:00 UTC is the next day in Auckland and the same day in New York.
        (datetime(2026, 12, 7, 23, tzinfo=UTC), datetime(2026, 12, 14, 23, tzinfo=UTC),
         "Pacific/Auckland", "8–15 December 2026"),
        (datetime(2026, 12, 7, 23, tzinfo=UTC), datetime(2026, 12, 14, 23, tzinfo=UTC),
         "America/New_York", "7–14 December 2026"),
    ],
)  # fmt: skip
def test_a_period_reads_as_dates_in_the_readers_time_zone(
    start: datetime, end: datetime, zone: str, shown: str
) -> None:
    assert format_period(Period(start, end, zone)) == shown


def test_a_story_links_to_its_place_in_the_newsletter() -> None:
    assert story_link("https://letter.example/41", "chips") == "https://letter.example/41#chips"
    assert story_link("https://letter.example/41#top", "chips") == "https://letter.example/41#chips"
    assert story_link("", "chips", "https://letter.example/a") == "https://letter.example/a"
    assert story_link("javascript:alert(1)", "chips") == ""


def test_the_cited_source_is_the_first_link_to_another_site() -> None:
    post = "https://www.letter.example/41"
    links = ["https://letter.example/about", "mailto:a@b.org", "https://arxiv.org/abs/1", "x"]
    assert cited_source(links, post) == "https://arxiv.org/abs/1"
    assert cited_source(["https://letter.example/about"], post) == ""
    assert cited_source([], post) == ""
    assert site_of("https://www.arxiv.org/abs/1") == "arxiv.org"
    assert site_of("https://[::1") == ""


def test_a_catchup_looks_only_with_the_topics_and_queries_just_added() -> None:
    before = Followed(frozenset({"robots"}), frozenset({"heat pump"}))
    after = Followed(frozenset({"robots", "chips"}), frozenset({"heat pump", "verilog"}))
    new = added(before, after)
    assert new == Followed(frozenset({"chips"}), frozenset({"verilog"}))
    filters = [
        Filter("Robots", "robot", parse_query("robot"), "robots"),
        Filter("Chips", "chip", parse_query("chip"), "chips"),
        Filter(OWN_QUERY_LABEL, "heat pump", parse_query("heat pump")),
        Filter(OWN_QUERY_LABEL, "verilog", parse_query("verilog")),
        Filter(OWN_QUERY_LABEL, "chips", parse_query("chips")),  # a query, not the topic
    ]
    chosen = catchup_filters(filters, new.topics, new.queries)
    assert [(f.label, f.source) for f in chosen] == [
        ("Chips", "chip"),
        (OWN_QUERY_LABEL, "verilog"),
    ]


def test_a_catchup_picks_the_best_untaken_untold_stories_up_to_its_cap() -> None:
    candidates = [(1, "a"), (2, "b"), (3, "a2"), (4, "c"), (5, "d"), (6, "e")]
    seen = ["c"]  # delivered lately, or shown by this digest

    def same(one: str, other: str) -> bool:
        return one[0] == other[0]

    assert pick_missed(candidates, {2}, seen, 3, same) == [1, 5, 6]  # 3 tells 1's story again
    assert seen == ["c", "a", "d", "e"]
    assert pick_missed(candidates, set(), [], 0, same) == []


def test_without_smtputf8_a_message_fails_at_once_and_bounces_nobody() -> None:
    error = needs_smtputf8("127.0.0.1:25", "jörg@example.org")
    assert error.permanent and not error.server_wide
    assert "SMTPUTF8" in str(error) and "jörg@example.org" in str(error)
    verdict = judge(Failure(error.permanent, error.code, error.status), 1, NOW, NOW - NOW)
    assert verdict.status == DeliveryStatus.FAILED and not verdict.bounce


def test_stop_links_are_each_readers_own_though_story_blocks_are_shared() -> None:
    templates = Templates()
    for token in ("alice", "bob"):
        links = replace(LINKS, stop=f"https://digest.example.org/stop/{token}")
        rendered = render_digest(replace(FIXED, links=links), templates)
        other = "bob" if token == "alice" else "alice"
        assert f"/stop/{token}/chips" in rendered.html and f"/stop/{token}/chips" in rendered.text
        assert f"/stop/{other}/" not in rendered.html + rendered.text


def test_without_a_stop_page_the_why_line_stays_plain() -> None:
    rendered = render_digest(replace(FIXED, links=Links(LINKS.preferences, LINKS.unsubscribe)))
    assert "stop sending me" not in rendered.html and "Stop sending me" not in rendered.text
    assert "Why you got this: Chips &amp; hardware (chip); Robotics (robot)" in rendered.html
