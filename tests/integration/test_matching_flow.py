"""Matching end to end: digests matched when composed, instant matches stored at poll time,
`match` and `topic test` explaining why, the query language, and feed languages.

Every test runs the command line on SQLite and PostgreSQL. Feeds are local files that a
test rewrites between polls; `--now` sets when each step happens, so each section's
first-seen time (and with it each digest's window) is under the test's control.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from sqlalchemy import func, select

from digest.db import create_db_engine
from digest.mail.capture import Inbox
from digest.models import Match, Section, Subscriber
from tests.conftest import Result
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
START = datetime.fromisoformat("2026-11-20T09:00:00+00:00")
NOW = START.isoformat()

TOASTERS = story("Chips for toasters", "A tiny board for kitchen gear.")
ROBOT = story("A robot that folds", "Robots fold shirts in a laundry.")
TOMATOES = story("Tomatoes in November", "A garden story about late tomatoes.")
VERILOG = story("Verilog for kids", "Children learn to describe hardware.")
KETTLES = story("A chip for kettles", "Kettles learn to boil at the right moment.")
#: A post with a single story is one section named after the post: fillers give each two.
KNITTING = story("Knitting for winter", "Wool socks and scarves for the cold months.")
RAIN = story("La pluie", "Il pleut sur la ville depuis lundi.")


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def at(**delta: float) -> str:
    """A moment after START, as `--now` takes it: at(hours=2), at(days=21)."""
    return (START + timedelta(**delta)).isoformat()


def post(number: int, *stories: str) -> Item:
    return Item(str(number), f"Issue {number}", issue(*stories))


def write(path: Path, *items: Item, title: str = "Test Letter", language: str | None = None) -> str:
    path.write_bytes(rss(*items, title=title, language=language))
    return str(path)


def titles(result: Result) -> list[str]:
    return [section["title"] for section in json.loads(ok(result).out)]


def html_of(raw: bytes) -> str:
    body = message_from_bytes(raw, policy=policy.default).get_body(("html",))
    assert body is not None, "the message has no HTML part"
    return str(body.get_content())


def inbox_of(smtp_server: Inbox, address: str) -> list[str]:
    """The HTML of each message `address` received, oldest first."""
    return [html_of(m.raw) for m in smtp_server.messages if m.recipients == (address,)]


def sent_sections(result: Result) -> dict[str, int]:
    """`send --json`: how many sections each recipient's digest showed."""
    report = json.loads(ok(result).out)
    assert all(d["status"] == "sent" for d in report["deliveries"]), report
    return {d["to"]: d["sections"] for d in report["deliveries"]}


def stored_matches(db_url: str) -> set[tuple[str, str]]:
    """The `matches` table as (subscriber email, section title) pairs."""
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Subscriber.email, Section.title)
                .select_from(Match)
                .join(Subscriber, Subscriber.id == Match.subscriber_id)
                .join(Section, Section.id == Match.section_id)
            )
            return {(email, title) for email, title in rows}
    finally:
        engine.dispose()


def match_count(db_url: str) -> int:
    engine = create_db_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(Match)).scalar_one())
    finally:
        engine.dispose()


def add_reader(digest: Run, email: str, *options: str, now: str = NOW) -> None:
    ok(digest("subscriber", "add", email, *options, "--confirmed", "--now", now))


def empty_feed(digest: Run, tmp_path: Path) -> Path:
    """A feed with no posts yet, added at START: everything it lists later is new."""
    path = tmp_path / "feed.xml"
    ok(digest("feed", "add", write(path), "--now", NOW))
    return path


# Digests are matched when they are composed


def test_a_changed_query_applies_to_sections_that_arrived_before_the_change(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "robotics", "--query", "robot", "--now", NOW))
    ok(digest("topic", "add", "gardening", "--query", "garden OR tomato", "--now", NOW))
    add_reader(digest, "ada@example.org", "--topic", "robotics")
    feed = empty_feed(digest, tmp_path)
    write(feed, post(1, TOASTERS, ROBOT, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    assert titles(digest("match", "ada@example.org", "--now", at(hours=1), "--json")) == [
        "A robot that folds"
    ]

    ok(digest("subscriber", "set", "ada@example.org", "--topic", "gardening", "--now", at(hours=2)))
    assert titles(digest("match", "ada@example.org", "--now", at(hours=3), "--json")) == [
        "Tomatoes in November"
    ]
    sent = digest("send", "--to", "ada@example.org", "--now", at(hours=3), "--json")
    assert sent_sections(sent) == {"ada@example.org": 1}
    [html] = inbox_of(smtp_server, "ada@example.org")
    assert "Tomatoes in November" in html
    assert "A robot that folds" not in html

    # Once a digest has been composed, the window opens there: switching back to robotics
    # brings the robot stories seen since, and the one from before that digest only as what
    # was missed, since robotics was just added (once: see tests/integration/test_catchup.py).
    ok(digest("subscriber", "set", "ada@example.org", "--topic", "robotics", "--now", at(hours=4)))
    orchard = story("Robots in the orchard", "A robot picks apples without bruising them.")
    write(feed, post(2, orchard, KNITTING), post(1, TOASTERS, ROBOT, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=5)))
    assert titles(digest("match", "ada@example.org", "--now", at(hours=6), "--json")) == [
        "Robots in the orchard",
        "A robot that folds",
    ]


def test_a_changed_own_query_applies_to_sections_that_arrived_before_the_change(
    digest: Run, tmp_path: Path
) -> None:
    add_reader(digest, "ada@example.org", "--query", "robot")
    feed = empty_feed(digest, tmp_path)
    write(feed, post(1, TOASTERS, ROBOT, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    ok(digest("subscriber", "set", "ada@example.org", "--query", "garden", "--now", at(hours=2)))
    assert titles(digest("match", "ada@example.org", "--now", at(hours=3), "--json")) == [
        "Tomatoes in November"
    ]


def test_a_missed_run_rolls_over_and_the_next_digest_holds_only_newer_stories(
    digest: Run, smtp_server: Inbox, db_url: str, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip OR verilog", "--now", NOW))
    ok(digest("topic", "add", "robotics", "--query", "robot", "--now", NOW))
    add_reader(digest, "ada@example.org", "--topic", "chips")
    add_reader(digest, "grace@example.org", "--topic", "robotics")
    feed = empty_feed(digest, tmp_path)

    # Two polls and no send in between: the send afterwards holds both posts' stories.
    write(feed, post(1, TOASTERS, ROBOT))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    # Half an hour before the send: inside the next window's one-hour overlap.
    write(feed, post(2, VERILOG, TOMATOES), post(1, TOASTERS, ROBOT))
    ok(digest("poll", "--all", "--now", at(hours=2, minutes=30)))
    assert match_count(db_url) == 0  # weekly readers: nothing is matched at poll time

    first = digest("send", "--all", "--now", at(hours=3), "--json")
    assert sent_sections(first) == {"ada@example.org": 2, "grace@example.org": 1}
    [ada_first] = inbox_of(smtp_server, "ada@example.org")
    assert "Chips for toasters" in ada_first and "Verilog for kids" in ada_first
    assert "A robot that folds" not in ada_first

    # The next digest holds only what is newer, though its window overlaps the last one.
    write(feed, post(3, KETTLES, KNITTING), post(2, VERILOG, TOMATOES), post(1, TOASTERS, ROBOT))
    ok(digest("poll", "--all", "--now", at(hours=4)))
    assert titles(digest("match", "ada@example.org", "--now", at(hours=5), "--json")) == [
        "A chip for kettles"
    ]
    assert titles(digest("match", "grace@example.org", "--now", at(hours=5), "--json")) == []
    second = digest("send", "--all", "--now", at(hours=5), "--json")
    assert sent_sections(second) == {"ada@example.org": 1}
    ada_second = inbox_of(smtp_server, "ada@example.org")[1]
    assert "A chip for kettles" in ada_second
    assert "Chips for toasters" not in ada_second and "Verilog for kids" not in ada_second

    third = json.loads(ok(digest("send", "--all", "--now", at(hours=6), "--json")).out)
    assert third["deliveries"] == []
    assert {q["note"] for q in third["queued"]} == {"nothing new"}
    assert len(smtp_server.messages) == 3


def test_a_poll_that_commits_after_a_send_reaches_the_next_digest(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    add_reader(digest, "ada@example.org", "--query", "chip")
    feed = empty_feed(digest, tmp_path)
    write(feed, post(1, TOASTERS, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    sent = digest("send", "--to", "ada@example.org", "--now", at(hours=3), "--json")
    assert sent_sections(sent) == {"ada@example.org": 1}

    # A poll that began ten minutes before that send and committed after it: its
    # sections were first seen before the digest was composed, yet are not in it.
    write(feed, post(2, KETTLES, KNITTING), post(1, TOASTERS, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=2, minutes=50)))
    later = digest("send", "--to", "ada@example.org", "--now", at(hours=4), "--json")
    assert sent_sections(later) == {"ada@example.org": 1}
    html = inbox_of(smtp_server, "ada@example.org")[1]
    assert "A chip for kettles" in html and "Chips for toasters" not in html


def test_removing_a_topic_leaves_its_stories_out_of_followers_next_digest(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(digest("topic", "add", "robotics", "--query", "robot", "--now", NOW))
    add_reader(digest, "ada@example.org", "--topic", "chips", "--topic", "robotics")
    feed = empty_feed(digest, tmp_path)
    write(feed, post(1, TOASTERS, ROBOT, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    before = titles(digest("match", "ada@example.org", "--now", at(hours=2), "--json"))
    assert sorted(before) == ["A robot that folds", "Chips for toasters"]

    ok(digest("topic", "remove", "robotics", "--now", at(hours=2)))
    shown = json.loads(ok(digest("subscriber", "show", "ada@example.org", "--json")).out)
    assert shown["topics"] == ["chips"]
    assert titles(digest("match", "ada@example.org", "--now", at(hours=3), "--json")) == [
        "Chips for toasters"
    ]
    sent = digest("send", "--to", "ada@example.org", "--now", at(hours=3), "--json")
    assert sent_sections(sent) == {"ada@example.org": 1}
    [html] = inbox_of(smtp_server, "ada@example.org")
    assert "Chips for toasters" in html and "A robot that folds" not in html


# Matches stored at poll time: instant subscribers only


def test_polling_stores_matches_for_active_instant_subscribers_only(
    digest: Run, db_url: str, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    add_reader(digest, "weekly@example.org", "--topic", "chips", "--query", "garden")
    add_reader(digest, "daily@example.org", "--topic", "chips", "--cadence", "daily")
    add_reader(
        digest,
        "instant@example.org",
        "--topic",
        "chips",
        "--query",
        "garden",
        "--cadence",
        "instant",
    )
    ok(  # instant, but pending: not confirmed, so nothing is matched for them
        digest(
            "subscriber", "add", "pending@example.org", "--topic", "chips", "--cadence", "instant"
        )
    )
    feed = tmp_path / "feed.xml"
    old = post(0, story("Chips of old", "An archived chip story."))
    ok(digest("feed", "add", write(feed, old), "--now", NOW))
    assert match_count(db_url) == 0  # an archive is not delivered, so not matched

    write(feed, post(1, TOASTERS, ROBOT, TOMATOES), old)
    ok(digest("poll", "--all", "--now", at(hours=1)))
    assert stored_matches(db_url) == {
        ("instant@example.org", "Chips for toasters"),
        ("instant@example.org", "Tomatoes in November"),
    }
    # Exactly the sections their filters match, as `match` works them out.
    matched = titles(digest("match", "instant@example.org", "--now", at(hours=1), "--json"))
    assert sorted(matched) == ["Chips for toasters", "Tomatoes in November"]

    # A re-poll of the same feed matches nothing twice.
    ok(digest("poll", "--all", "--now", at(hours=2)))
    assert match_count(db_url) == 2


def test_removing_a_topic_keeps_an_instant_followers_matches_from_other_topics(
    digest: Run, db_url: str, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(digest("topic", "add", "robotics", "--query", "robot", "--now", NOW))
    add_reader(
        digest,
        "instant@example.org",
        "--topic",
        "chips",
        "--topic",
        "robotics",
        "--cadence",
        "instant",
    )
    feed = empty_feed(digest, tmp_path)
    write(feed, post(1, TOASTERS, ROBOT, TOMATOES))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    assert stored_matches(db_url) == {
        ("instant@example.org", "Chips for toasters"),
        ("instant@example.org", "A robot that folds"),
    }
    ok(digest("topic", "remove", "robotics", "--now", at(hours=2)))
    assert stored_matches(db_url) == {("instant@example.org", "Chips for toasters")}


# Why a section matched: `match` and `topic test`


def test_match_explains_each_section_with_stemmed_words_and_fields(
    digest: Run, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "hardware", "--query", "chip", "--name", "Chips and hardware"))
    add_reader(digest, "ada@example.org", "--topic", "hardware", "--query", "chip")
    lab = story("Notes from the lab", "We taped out a chip this week, and then another.")
    feed = write(tmp_path / "feed.xml", post(1, lab, TOASTERS, TOMATOES))
    ok(digest("feed", "add", feed, "--backfill", "--now", NOW))

    matched = json.loads(ok(digest("match", "ada@example.org", "--now", NOW, "--json")).out)
    assert [m["title"] for m in matched] == ["Chips for toasters", "Notes from the lab"]
    assert matched[0]["score"] > matched[1]["score"] > 0
    toasters, lab_found = matched
    assert [r.pop("score") for r in toasters["reasons"]] == [matched[0]["score"]] * 2
    assert toasters["reasons"] == [
        {
            "label": "Chips and hardware",
            "query": "chip",
            "words": ["chip"],
            "found": ["chips"],
            "fields": ["title"],
        },
        {
            "label": "your query",
            "query": "chip",
            "words": ["chip"],
            "found": ["chips"],
            "fields": ["title"],
        },
    ]
    assert [(r["found"], r["fields"]) for r in lab_found["reasons"]] == [
        (["chip"], ["text"]),
        (["chip"], ["text"]),
    ]
    table = ok(digest("match", "ada@example.org", "--now", NOW)).out
    assert "your query: chip (chips; title)" in table


def test_topic_test_reads_the_whole_archive_best_first_and_since_limits_it(
    digest: Run, tmp_path: Path
) -> None:
    add_reader(digest, "ada@example.org", "--query", "chip")
    lab = story("Notes from the lab", "We taped out a chip this week.")
    old = post(1, lab, TOASTERS, TOMATOES)
    feed = tmp_path / "feed.xml"
    ok(digest("feed", "add", write(feed, old), "--now", NOW))  # an archive: not deliverable

    tested = json.loads(ok(digest("topic", "test", "chip", "--now", NOW, "--json")).out)
    assert [t["title"] for t in tested] == ["Chips for toasters", "Notes from the lab"]
    assert tested[0]["score"] > tested[1]["score"]
    assert tested[0]["reasons"][0]["found"] == ["chips"]
    assert titles(digest("match", "ada@example.org", "--now", NOW, "--json")) == []

    write(feed, post(2, KETTLES, KNITTING), old)
    later = at(days=21)
    ok(digest("poll", "--all", "--now", later))
    assert titles(digest("topic", "test", "chip", "--since", "1w", "--now", later, "--json")) == [
        "A chip for kettles"
    ]
    every = titles(digest("topic", "test", "chip", "--since", "4w", "--now", later, "--json"))
    assert sorted(every) == ["A chip for kettles", "Chips for toasters", "Notes from the lab"]
    since_date = digest("topic", "test", "chip", "--since", "2026-12-01", "--now", later, "--json")
    assert titles(since_date) == ["A chip for kettles"]
    assert "query: chip (chips; title)" in ok(digest("topic", "test", "chip")).out


def test_topic_test_refuses_a_broken_query_with_a_caret_under_the_column(digest: Run) -> None:
    cases = {
        "chip OR": ("chip OR\n     ^\n", "OR needs something on each side at column 6"),
        "robots (arms": ("robots (arms\n       ^\n", "unbalanced parenthesis at column 8"),
        "colour:red": ("colour:red\n^\n", "unknown field 'colour'"),
    }
    for query, (caret, reason) in cases.items():
        result = digest("topic", "test", query, "--json")
        assert result.code == 2, (query, result.out, result.err)
        assert result.err.startswith(caret), result.err
        assert reason in result.err
        assert result.out == ""
        assert "Traceback" not in result.err


# The query language, end to end


def test_feed_scope_matches_the_title_of_the_feed(digest: Run, tmp_path: Path) -> None:
    letter = write(tmp_path / "one.xml", post(1, TOASTERS, TOMATOES))
    tractors = story("Chips for tractors", "A tough board for farm machines.")
    garden = write(tmp_path / "two.xml", post(1, tractors, KNITTING), title="Garden Notes")
    ok(digest("feed", "add", letter, "--backfill", "--now", NOW))
    ok(digest("feed", "add", garden, "--backfill", "--now", NOW))

    def scoped(query: str) -> list[tuple[str, str]]:
        found = json.loads(ok(digest("topic", "test", query, "--json")).out)
        return sorted((f["feed"], f["title"]) for f in found)

    assert scoped("feed:letter chip") == [("Test Letter", "Chips for toasters")]
    assert scoped("feed:garden chip") == [("Garden Notes", "Chips for tractors")]
    assert scoped("chip -feed:letter") == [("Garden Notes", "Chips for tractors")]
    assert len(scoped("chip")) == 2

    add_reader(digest, "ada@example.org", "--query", "feed:letter chip")
    matched = json.loads(ok(digest("match", "ada@example.org", "--now", NOW, "--json")).out)
    assert [(m["feed"], m["title"]) for m in matched] == [("Test Letter", "Chips for toasters")]
    assert matched[0]["reasons"][0]["fields"] == ["title", "feed"]


def test_title_scope_and_a_phrase_across_a_hyphen(digest: Run, tmp_path: Path) -> None:
    shortage = story("Chip shortage ends", "Factories hum again.")
    robot = story("Robot news", "A robot with a new chip inside.")
    models = story("Open-weight models arrive", "Anyone can download them.")
    gym = story("Gym notes", "We open the weight room early.")
    scales = story("Scales", "Weight open to all, says the gym.")
    feed = write(tmp_path / "feed.xml", post(1, shortage, robot, models, gym, scales))
    ok(digest("feed", "add", feed, "--now", NOW))

    def tested(query: str) -> list[str]:
        return sorted(titles(digest("topic", "test", query, "--json")))

    assert tested("title:chip") == ["Chip shortage ends"]
    assert tested("chip") == ["Chip shortage ends", "Robot news"]
    assert tested("text:chip") == ["Robot news"]
    assert tested('"open weight"') == ["Open-weight models arrive"]
    assert tested("open weight") == ["Gym notes", "Open-weight models arrive", "Scales"]
    phrase = json.loads(ok(digest("topic", "test", '"open weight"', "--json")).out)
    assert phrase[0]["reasons"][0]["words"] == ['"open weight"']
    assert phrase[0]["reasons"][0]["found"] == ["open weight"]
    assert phrase[0]["reasons"][0]["fields"] == ["title"]


# Feed languages


CHOIR = story("Le choeur du village", "Ils chantaient ensemble tous les dimanches.")


def test_a_feed_added_in_french_is_stemmed_in_french(digest: Run, tmp_path: Path) -> None:
    french = write(tmp_path / "fr.xml", post(1, CHOIR, RAIN), title="La Lettre")
    choir_en = story("The village choir", "Ils chantaient ensemble tous les dimanches.")
    english = write(tmp_path / "en.xml", post(1, choir_en, KNITTING))
    ok(digest("feed", "add", french, "--language", "fr", "--now", NOW))
    ok(digest("feed", "add", english, "--now", NOW))

    languages = {
        f["url"]: f["language"] for f in json.loads(ok(digest("feed", "list", "--json")).out)
    }
    assert languages == {french: "french", english: "english"}
    # French stems "chanter" and "chantaient" alike; English does not.
    found = json.loads(ok(digest("topic", "test", "chanter", "--json")).out)
    assert [(f["feed"], f["title"]) for f in found] == [("La Lettre", "Le choeur du village")]
    assert found[0]["reasons"][0]["found"] == ["chantaient"]


def test_a_declared_language_is_detected_and_feed_set_changes_it(
    digest: Run, tmp_path: Path
) -> None:
    declared = write(tmp_path / "fr.xml", post(1, CHOIR, RAIN), title="La Lettre", language="fr-FR")
    overridden = write(tmp_path / "en.xml", post(2, CHOIR, RAIN), title="Other", language="fr-FR")
    ok(digest("feed", "add", declared, "--now", NOW))
    ok(digest("feed", "add", overridden, "--language", "english", "--now", NOW))

    def languages() -> dict[str, str]:
        feeds = json.loads(ok(digest("feed", "list", "--json")).out)
        return {f["url"]: f["language"] for f in feeds}

    def singers() -> list[str]:
        return [f["feed"] for f in json.loads(ok(digest("topic", "test", "chanter", "--json")).out)]

    assert languages() == {declared: "french", overridden: "english"}
    assert singers() == ["La Lettre"]

    assert "language english" in ok(digest("feed", "set", declared, "--language", "en")).out
    ok(digest("feed", "set", overridden, "--language", "fr"))
    assert languages() == {declared: "english", overridden: "french"}
    assert singers() == ["Other"]
    # A later poll keeps the language that was set, whatever the feed declares.
    ok(digest("poll", "--all", "--now", at(hours=1)))
    assert languages() == {declared: "english", overridden: "french"}


def test_an_unknown_language_exits_2_naming_the_supported_ones(digest: Run, tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.xml", post(1, TOASTERS, TOMATOES))
    refused = digest("feed", "add", feed, "--language", "klingon")
    assert refused.code == 2, (refused.out, refused.err)
    assert "klingon" in refused.err
    assert "english" in refused.err and "french" in refused.err
    assert "Traceback" not in refused.err
    assert json.loads(ok(digest("feed", "list", "--json")).out) == []

    ok(digest("feed", "add", feed, "--now", NOW))
    unchanged = digest("feed", "set", feed, "--language", "klingon")
    assert unchanged.code == 2 and "klingon" in unchanged.err and "french" in unchanged.err
    [listed] = json.loads(ok(digest("feed", "list", "--json")).out)
    assert listed["language"] == "english"
