"""The whole pipeline through the command line, on SQLite and PostgreSQL, over real SMTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from digest.db import create_db_engine, session_factory, transaction
from digest.ingest.poll import _update_sections
from digest.mail.capture import Inbox
from digest.models import Section
from digest.resources import sample_feed_path
from digest.types import SectionDraft
from tests.conftest import FeedServer, Result, Route
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
NOW = "2026-11-20T09:00:00+00:00"


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def html_of(raw: bytes) -> str:
    message = message_from_bytes(raw, policy=policy.default)
    return str(message.get_body(("html",)).get_content())


def setup_readers(digest: Run) -> None:
    ok(
        digest(
            "topic",
            "add",
            "chips",
            "--query",
            'chip OR chips OR verilog OR "risc v"',
            "--name",
            "Chips & hardware",
            "--now",
            NOW,
        )
    )
    ok(digest("topic", "add", "robotics", "--query", "robot OR robots OR robotics", "--now", NOW))
    ok(
        digest(
            "subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed", "--now", NOW
        )
    )
    ok(
        digest(
            "subscriber",
            "add",
            "Grace@Example.org",
            "--topic",
            "robotics",
            "--query",
            "cubesat",
            "--confirmed",
            "--now",
            NOW,
        )
    )


def test_sample_feed_reaches_each_reader_with_only_their_stories(
    digest: Run, smtp_server: Inbox
) -> None:
    setup_readers(digest)
    ok(digest("feed", "add", str(sample_feed_path()), "--backfill", "--now", NOW))
    sent = ok(digest("send", "--all", "--now", NOW, "--json"))
    report = json.loads(sent.out)
    assert sorted(d["to"] for d in report["deliveries"]) == ["ada@example.org", "grace@example.org"]
    assert all(d["status"] == "sent" for d in report["deliveries"])
    by_reader = {m.recipients[0]: html_of(m.raw) for m in smtp_server.messages}
    assert "RISC-V board" in by_reader["ada@example.org"]
    assert "warehouse robot" not in by_reader["ada@example.org"]
    assert "cubesat" in by_reader["grace@example.org"].lower()
    assert "Verilog" not in by_reader["grace@example.org"]

    # A second poll and send find nothing new: nobody gets a story twice.
    ok(digest("poll", "--all", "--now", NOW))
    again = ok(digest("send", "--all", "--now", "2026-11-20T10:00:00+00:00"))
    assert "nothing new" in again.out
    assert len(smtp_server.messages) == 2


def test_a_feed_added_without_backfill_is_an_archive(
    digest: Run, smtp_server: Inbox, feed_server: FeedServer
) -> None:
    setup_readers(digest)
    old = Item("1", "Issue 1", issue(story("A chip for toasters", "Old chip news.")))
    feed_server.routes["/feed"] = Route(body=rss(old), headers={"ETag": '"v1"'})
    ok(digest("feed", "add", feed_server.url("/feed"), "--now", NOW))
    assert "nothing new" in ok(digest("send", "--to", "ada@example.org", "--now", NOW)).out

    new = Item(
        "2",
        "Issue 2",
        issue(
            story("A robot that folds", "Robots fold shirts."),
            story("Verilog for kids", "Learn Verilog with a chip."),
        ),
    )
    feed_server.routes["/feed"] = Route(body=rss(new, old), headers={"ETag": '"v2"'})
    polled = json.loads(ok(digest("poll", "--all", "--json", "--now", NOW)).out)
    assert polled == [
        {
            "feed": feed_server.url("/feed"),
            "new_posts": 1,
            "updated_posts": 0,
            "new_sections": 2,
            "not_modified": False,
            "error": None,
            "error_kind": None,
            "moved_to": None,
        }
    ]
    ok(digest("send", "--all", "--now", NOW))
    htmls = {m.recipients[0]: html_of(m.raw) for m in smtp_server.messages}
    assert "Verilog for kids" in htmls["ada@example.org"]
    assert "toasters" not in htmls["ada@example.org"]
    assert "A robot that folds" in htmls["grace@example.org"]

    # The server now answers 304: nothing is parsed, nothing is new.
    polled = json.loads(ok(digest("poll", "--all", "--json", "--now", NOW)).out)
    assert polled[0]["not_modified"] is True
    assert feed_server.requests[-1][1].get("If-None-Match") == '"v2"'


def test_preview_records_nothing(digest: Run, smtp_server: Inbox, tmp_path: Path) -> None:
    setup_readers(digest)
    ok(digest("feed", "add", str(sample_feed_path()), "--backfill", "--now", NOW))
    page = tmp_path / "preview.html"
    shown = ok(digest("preview", "ada@example.org", "--html", str(page), "--now", NOW))
    assert "Subject:" in shown.out
    assert "RISC-V" in page.read_text()
    assert json.loads(ok(digest("outbox", "--json")).out) == []
    text = ok(digest("preview", "ada@example.org", "--now", NOW)).out
    assert "Why you got this: Chips & hardware" in text
    assert smtp_server.messages == []


def test_listings_print_json_with_stable_keys(digest: Run) -> None:
    setup_readers(digest)
    ok(digest("feed", "add", str(sample_feed_path()), "--backfill", "--now", NOW))
    sections = json.loads(ok(digest("section", "list", "--json")).out)
    assert len(sections) == 15
    assert set(sections[0]) == {
        "id",
        "feed",
        "post",
        "title",
        "teaser",
        "url",
        "category",
        "published_at",
    }
    matched = json.loads(ok(digest("match", "ada@example.org", "--json")).out)
    assert matched and set(matched[0]) >= {"id", "title", "category", "score", "reasons"}
    tested = json.loads(ok(digest("topic", "test", "cubesat", "--json")).out)
    assert [s["title"] for s in tested] == ["A high-school cubesat phones home"]
    assert tested[0]["category"] is None  # the sample feed's sectioner finds no categories
    subscribers = json.loads(ok(digest("subscriber", "list", "--json")).out)
    assert [s["email"] for s in subscribers] == ["ada@example.org", "grace@example.org"]
    shown = json.loads(ok(digest("subscriber", "show", "GRACE@example.org", "--json")).out)
    assert shown["queries"] == ["cubesat"] and shown["topics"] == ["robotics"]
    feeds = json.loads(ok(digest("feed", "list", "--json")).out)
    assert feeds[0]["posts"] == 3 and feeds[0]["title"] == "The Tinkerer's Weekly"
    ok(digest("send", "--all", "--now", NOW))
    deliveries = json.loads(ok(digest("outbox", "--json")).out)
    assert set(deliveries[0]) == {
        "id",
        "to",
        "kind",
        "status",
        "attempts",
        "last_error",
        "message_id",
        "sent_at",
    }
    status = json.loads(ok(digest("status", "--json")).out)
    assert status["sections"] == 15 and status["deliveries"] == {"sent": 2}


def _store_category(db_url: str, title_word: str, category: str | None) -> date:
    """What a poll stores when the sectioner finds `category` for a stored story: its draft
    goes through the poll's own update of the post's sections. Returns the post's date."""
    engine = create_db_engine(db_url)
    with transaction(session_factory(engine)) as session:
        section = session.scalars(select(Section).where(Section.title.contains(title_word))).one()
        draft = SectionDraft(
            key=section.key,
            ordinal=section.ordinal,
            title=section.title,
            teaser=section.teaser,
            html=section.html,
            text=section.text,
            url=section.url,
            fingerprint=section.fingerprint,
            links=tuple(section.links),
            category=category,
        )
        assert _update_sections(session, section.post, [draft], section.first_seen_at) == []
        published = section.post.published_at.date()
    engine.dispose()
    return published


def test_a_story_category_is_stored_listed_and_shown_in_the_digest(
    digest: Run, db_url: str, tmp_path: Path
) -> None:
    setup_readers(digest)
    ok(digest("feed", "add", str(sample_feed_path()), "--backfill", "--now", NOW))
    published = _store_category(db_url, "RISC-V", "Big Tech & Startups")
    day = f"{published.day} {published:%b %Y}"

    listed = json.loads(ok(digest("section", "list", "--json")).out)
    categories = {s["title"]: s["category"] for s in listed}
    [risc_v] = [title for title in categories if "RISC-V" in title]
    assert categories.pop(risc_v) == "Big Tech & Startups"
    assert set(categories.values()) == {None}
    matched = json.loads(ok(digest("match", "ada@example.org", "--json")).out)
    assert {s["title"]: s["category"] for s in matched}[risc_v] == "Big Tech & Startups"

    text = ok(digest("preview", "ada@example.org", "--now", NOW)).out
    assert f"The Tinkerer's Weekly · Big Tech & Startups · {day}" in text.splitlines()
    page = tmp_path / "preview.html"
    ok(digest("preview", "ada@example.org", "--html", str(page), "--now", NOW))
    html = page.read_text(encoding="utf-8")
    assert f">The Tinkerer&#39;s Weekly · Big Tech &amp; Startups · {day}</p>" in html
    assert html.count(" · Big Tech &amp; Startups · ") == 1  # the other stories have none

    _store_category(db_url, "RISC-V", None)  # a later poll that finds no category clears it
    listed = json.loads(ok(digest("section", "list", "--json")).out)
    assert {s["category"] for s in listed} == {None}
    text = ok(digest("preview", "ada@example.org", "--now", NOW)).out
    assert "Big Tech" not in text
    assert f"The Tinkerer's Weekly · {day}" in text.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("subscriber", "show", "nobody@example.org"), "no subscriber 'nobody@example.org'"),
        (("preview", "nobody@example.org"), "no subscriber"),
        (("subscriber", "add", "not-an-address"), "invalid email address 'not-an-address'"),
        (("feed", "add", "/nonexistent/feed.xml"), "feed file not found: /nonexistent/feed.xml"),
        (("feed", "add", "ftp://example.org/feed"), "only http, https and local files"),
        (
            ("topic", "add", "x", "--query", "chip OR"),
            "OR needs something on each side at column 6",
        ),
        (
            ("topic", "add", "x", "--query", "(chip OR npu -apple"),
            "unbalanced parenthesis at column 1",
        ),
        (("topic", "add", "Bad Slug", "--query", "chip"), "invalid topic slug"),
        (("subscriber", "add", "a@example.org", "--topic", "nope"), "no topic 'nope'"),
        (("subscriber", "add", "a@example.org", "--timezone", "Mars/Base"), "unknown time zone"),
        (("send",), "say whom to send to"),
        (("section", "list", "--since", "yesterday"), "--since 'yesterday'"),
        (("resend", "999"), "no delivery 999"),
        (("poll", "--feed", "https://nowhere.example/feed"), "no feed"),
    ],
)
def test_bad_input_exits_2_with_a_reason(digest: Run, args: tuple[str, ...], message: str) -> None:
    result = digest(*args)
    assert result.code == 2, (result.out, result.err)
    assert message in result.err
    assert "Traceback" not in result.err


def test_a_broken_query_is_shown_with_a_caret(digest: Run) -> None:
    result = digest("topic", "add", "x", "--query", "robots (arms")
    assert result.code == 2
    assert "robots (arms\n       ^" in result.err


def test_a_document_that_is_not_a_feed(digest: Run, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Hello</p></body></html>")
    result = digest("feed", "add", str(page))
    assert result.code == 2
    assert "is neither an RSS or Atom feed nor a page that advertises one" in result.err


def test_adding_the_same_feed_twice(digest: Run) -> None:
    ok(digest("feed", "add", str(sample_feed_path())))
    result = digest("feed", "add", str(sample_feed_path()))
    assert result.code == 2
    assert "is there already" in result.err


def test_refused_recipient_is_recorded_and_others_still_get_theirs(
    digest: Run, smtp_server: Inbox
) -> None:
    setup_readers(digest)
    ok(digest("feed", "add", str(sample_feed_path()), "--backfill", "--now", NOW))
    smtp_server.refuse.add("ada@example.org")
    result = digest("send", "--all", "--now", NOW, "--json")
    assert result.code == 1
    outcome = {d["to"]: d for d in json.loads(result.out)["deliveries"]}
    assert outcome["ada@example.org"]["status"] == "failed"
    assert "550" in outcome["ada@example.org"]["error"]
    assert outcome["grace@example.org"]["status"] == "sent"
    assert [m.recipients for m in smtp_server.messages] == [("grace@example.org",)]

    # "No such user" bounced the address: nothing more goes to it.
    shown = json.loads(ok(digest("subscriber", "show", "ada@example.org", "--json")).out)
    assert shown["status"] == "bounced"
    # The operator fixes the address, vouches for it, and resends the same delivery.
    failed = json.loads(ok(digest("outbox", "--status", "failed", "--json")).out)[0]
    smtp_server.refuse.clear()
    ok(digest("subscriber", "set", "ada@example.org", "--status", "active", "--now", NOW))
    ok(digest("resend", str(failed["id"]), "--now", NOW))
    assert smtp_server.messages[-1].recipients == ("ada@example.org",)


def test_the_same_story_from_two_feeds_reaches_a_reader_once(
    digest: Run, smtp_server: Inbox, feed_server: FeedServer
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip OR chips"))
    ok(
        digest(
            "subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed", "--now", NOW
        )
    )
    body = (
        "A volunteer group in a converted bakery is making chips the slow way, with"
        " features measured in micrometres. Every step happens on site: oxidation,"
        " photolithography, etching and testing, by people who learned it from library"
        " books and one retired engineer who answers questions on Tuesdays."
    )
    first = story("A community chip fab in a former bakery", body)
    second = story(
        "A community chip fab in a former bakery",
        body.replace("on site", "<em>on site</em>").replace("Tuesdays", "Tuesday"),
    )
    other = story("Chips for toasters", "A different chip story altogether, about toasters.")
    feed_server.routes["/one"] = Route(body=rss(Item("1", "One", issue(first, other))))
    garden = story("Tomatoes in November", "A garden story with no chips in it at all.")
    feed_server.routes["/two"] = Route(
        body=rss(Item("9", "Two", issue(second, garden))),
        headers={"Content-Type": "application/rss+xml"},
    )
    ok(digest("feed", "add", feed_server.url("/one"), "--backfill", "--now", NOW))
    ok(digest("feed", "add", feed_server.url("/two"), "--backfill", "--now", NOW))
    ok(digest("send", "--all", "--now", NOW))
    html = html_of(smtp_server.messages[0].raw)
    assert html.count("A community chip fab in a former bakery</a>") == 1
    assert "Chips for toasters" in html
    # The copy is recorded as covered: it is never offered again.
    assert "nothing new" in ok(digest("send", "--all", "--now", NOW)).out
