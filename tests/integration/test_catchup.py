""" "What you missed": a topic or query added brings, in the next digest only, what it matched
in the days before, capped, never a story the subscriber already had; on SQLite and
PostgreSQL, through the command line and a real SMTP server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text as sql

from digest.db import SCHEMA_REVISION, alembic_config, create_db_engine, current_revision, upgrade
from digest.mail.capture import Inbox
from tests.feedbuilder import Item, issue, rss, story
from tests.integration.test_compose import Run, ok, parts

#: Mondays at 9, the subscriber's digest time, and the days between.
JOINED = "2026-11-02T09:00:00+00:00"
FIRST_DIGEST = "2026-11-09T09:00:00+00:00"
SECOND_DIGEST = "2026-11-16T09:00:00+00:00"
THIRD_DIGEST = "2026-11-23T09:00:00+00:00"
MISSED_HEADING = "== What you missed =="


def day(number: int, hour: int = 10) -> str:
    return f"2026-11-{number:02d}T{hour:02d}:00:00+00:00"


def older_issue() -> Item:
    """Twelve chip stories, and a robot story that mentions a chip."""
    chips = [story(f"Chip story {n}", f"A chip for job {n}, then more.") for n in range(12)]
    robot = story("A robot with a chip", "The robot thinks with its chip.")
    return Item("1", "Issue 1", issue(robot, *chips))


def newer_issue() -> Item:
    fresh = story("Fresh chip", "A chip from this week.")
    return Item("2", "Issue 2", issue(fresh, story("Tomatoes", "Late again.")))


def robot_issue() -> Item:
    lawns = story("Robot lawns", "A robot mows.")
    return Item("3", "Issue 3", issue(lawns, story("Pears", "Early.")))


@pytest.fixture
def reader(digest: Run, tmp_path: Path) -> tuple[Run, Path]:
    """A weekly reader of robots, their first digest sent from an issue with chip stories."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss())
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", JOINED))
    ok(digest("topic", "add", "robots", "--query", "robot", "--now", JOINED))
    weekly = ("--day", "mon", "--hour", "9", "--timezone", "UTC", "--confirmed")
    ok(
        digest(
            "subscriber", "add", "ada@example.org", "--topic", "robots", *weekly, "--now", JOINED
        )
    )
    ok(digest("feed", "add", str(feed), "--now", JOINED))
    feed.write_bytes(rss(older_issue()))
    ok(digest("poll", "--all", "--now", day(3)))
    ok(digest("send", "--due", "--now", FIRST_DIGEST))
    return digest, feed


def missed_titles(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    if MISSED_HEADING not in text:
        return []
    after = text.split(MISSED_HEADING, 1)[1].split("\n-- \n", 1)[0]
    return re.findall(r"^(.+?) \[\d+\]$", after, re.MULTILINE)


def all_titles(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    return re.findall(r"^(.+?) \[\d+\]$", text, re.MULTILINE)


def test_an_added_topic_brings_what_was_missed_once_capped_without_repeats(
    reader: tuple[Run, Path], smtp_server: Inbox
) -> None:
    digest, feed = reader
    [first] = smtp_server.messages
    assert all_titles(parts(first.raw)[2]) == ["A robot with a chip"]

    ok(digest("subscriber", "set", "ada@example.org", "--topic", "robots", "--topic", "chips",
              "--now", day(10)))  # fmt: skip
    feed.write_bytes(rss(newer_issue(), older_issue()))
    ok(digest("poll", "--all", "--now", day(11)))
    preview = ok(digest("preview", "ada@example.org", "--now", day(12))).out
    assert MISSED_HEADING in preview  # preview shows it, and uses nothing up
    ok(digest("send", "--due", "--now", SECOND_DIGEST))
    second = smtp_server.messages[1]
    subject, html, text = parts(second.raw)
    missed = missed_titles(text)
    assert len(missed) == 10  # the cap, of twelve older chip stories
    assert all(title.startswith("Chip story") for title in missed)
    assert "A robot with a chip" not in text  # sent the week before: never again
    assert "Fresh chip" in all_titles(text) and "Fresh chip" not in missed
    assert ">What you missed</h2>" in html
    assert subject.startswith("Fresh chip")

    # Once only: the two older stories past the cap do not come the week after.
    feed.write_bytes(rss(robot_issue(), newer_issue(), older_issue()))
    ok(digest("poll", "--all", "--now", day(18)))
    ok(digest("send", "--due", "--now", THIRD_DIGEST))
    third = smtp_server.messages[2]
    _, _, text = parts(third.raw)
    assert all_titles(text) == ["Robot lawns"]
    assert MISSED_HEADING not in text


def test_an_added_query_brings_its_own_stories_only_up_to_the_cap(
    reader: tuple[Run, Path], smtp_server: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest, _ = reader
    monkeypatch.setenv("DIGEST_CATCHUP_MAX_SECTIONS", "1")
    ok(digest("subscriber", "set", "ada@example.org", "--query", '"job 4" OR "job 5"',
              "--now", day(10)))  # fmt: skip
    ok(digest("send", "--due", "--now", SECOND_DIGEST))
    _, _, text = parts(smtp_server.messages[1].raw)
    [missed] = missed_titles(text)  # of the two it matched: the setting's cap
    assert missed in ("Chip story 4", "Chip story 5")
    assert all_titles(text) == missed_titles(text)  # nothing new: only what was missed
    listed = json.loads(ok(digest("outbox", "--to", "ada@example.org", "--json")).out)
    assert [d["status"] for d in listed] == ["sent", "sent"]


def test_no_catchup_when_turned_off_or_the_topic_was_followed_already(
    reader: tuple[Run, Path], smtp_server: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    digest, _ = reader
    ok(digest("subscriber", "set", "ada@example.org", "--topic", "robots", "--now", day(10)))
    ok(digest("send", "--due", "--now", SECOND_DIGEST))
    assert len(smtp_server.messages) == 1  # nothing new, and nothing added to catch up on
    monkeypatch.setenv("DIGEST_CATCHUP_DAYS", "0")
    ok(digest("subscriber", "set", "ada@example.org", "--topic", "chips", "--now", day(17)))
    ok(digest("send", "--due", "--now", THIRD_DIGEST))
    assert len(smtp_server.messages) == 1


def test_the_catchup_migration_goes_down_and_up_keeping_what_was_delivered(
    reader: tuple[Run, Path], db_url: str
) -> None:
    digest, _ = reader
    ok(digest("subscriber", "set", "ada@example.org", "--topic", "chips", "--now", day(10)))
    engine = create_db_engine(db_url)
    count = sql("SELECT count(*) FROM delivery_sections")
    with engine.connect() as connection:
        delivered = connection.execute(count).scalar_one()
    assert delivered > 0
    command.downgrade(alembic_config(engine), "0008")
    assert "catchups" not in inspect(engine).get_table_names()
    assert "catchup" not in {c["name"] for c in inspect(engine).get_columns("delivery_sections")}
    upgrade(engine)
    assert current_revision(engine) == SCHEMA_REVISION
    with engine.connect() as connection:
        assert connection.execute(count).scalar_one() == delivered
        flags = sql("SELECT count(*) FROM delivery_sections WHERE catchup")
        assert connection.execute(flags).scalar_one() == 0
    engine.dispose()
