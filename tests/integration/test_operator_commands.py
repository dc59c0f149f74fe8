"""The operator's console for sending and watching, through the real command line: whom a
send reaches (--topic, --limit), its dry run, the question asked at a real terminal, the
progress bars, `preview --open`, `outbox --to` and `status --check`; on SQLite and
PostgreSQL, over a real SMTP server."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from digest.db import create_db_engine
from digest.mail.capture import Inbox
from digest.models import Delivery, Heartbeat
from tests.conftest import FeedServer, Result, Route, free_port
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
T0 = datetime.fromisoformat("2026-11-20T09:00:00+00:00")
NOW = T0.isoformat()
BAR_MARKS = ("it/s", "email/s", "s/email", "digest/s", "%|", "\r")


def at(**offset: float) -> str:
    return (T0 + timedelta(**offset)).isoformat()


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def chip_and_robot_feed(path: Path) -> str:
    stories = [story(f"Chip story {n}", f"A chip for job {n}, then more.") for n in range(3)]
    stories += [story("Robot story", "A robot walks.")]
    path.write_bytes(rss(Item("1", "Issue 1", issue(*stories))))
    return str(path)


def add_reader(digest: Run, email: str, *topics: str, confirmed: bool = True) -> None:
    follows = [arg for topic in topics for arg in ("--topic", topic)]
    extra = ["--confirmed"] if confirmed else []
    ok(digest("subscriber", "add", email, *follows, *extra, "--now", NOW))


@pytest.fixture
def letters(digest: Run, tmp_path: Path) -> Run:
    """Two topics and a backfilled feed with three chip stories and one robot story."""
    ok(digest("topic", "add", "chips", "--query", "chip OR chips", "--now", NOW))
    ok(digest("topic", "add", "robots", "--query", "robot OR robots", "--now", NOW))
    ok(digest("feed", "add", chip_and_robot_feed(tmp_path / "f.xml"), "--backfill", "--now", NOW))
    return digest


def recipients(inbox: Inbox) -> list[str]:
    return sorted(r for message in inbox.messages for r in message.recipients)


def outbox(digest: Run, *args: str) -> list[dict[str, object]]:
    rows = json.loads(ok(digest("outbox", "--json", *args)).out)
    assert isinstance(rows, list)
    return rows


# send --topic, --limit


def test_send_to_a_topic_reaches_its_active_followers_only(
    letters: Run, smtp_server: Inbox
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    add_reader(letters, "grace@example.org", "robots")
    add_reader(letters, "both@example.org", "chips", "robots")
    add_reader(letters, "pending@example.org", "chips", confirmed=False)
    sent = json.loads(ok(letters("send", "--topic", "chips", "--now", NOW, "--json")).out)
    assert sorted(d["to"] for d in sent["deliveries"]) == ["ada@example.org", "both@example.org"]
    # A topic send sends the whole digest: all the reader's stories, not the topic's alone.
    by_reader = {d["to"]: d["sections"] for d in sent["deliveries"]}
    assert by_reader == {"ada@example.org": 3, "both@example.org": 4}
    assert recipients(smtp_server) == ["ada@example.org", "both@example.org"]


def test_an_unknown_topic_is_bad_input_and_sends_nothing(letters: Run, smtp_server: Inbox) -> None:
    add_reader(letters, "ada@example.org", "chips")
    for extra in ((), ("--dry-run",)):
        result = letters("send", "--topic", "nope", *extra, "--now", NOW)
        assert result.code == 2
        assert "no topic 'nope'" in result.err
    assert smtp_server.messages == []
    assert outbox(letters) == []


def test_whom_to_send_to_is_said_once(letters: Run) -> None:
    result = letters("send", "--all", "--topic", "chips", "--now", NOW)
    assert result.code == 2
    assert "--topic SLUG" in result.err


def test_limit_takes_the_first_subscribers_by_id_every_time(
    letters: Run, smtp_server: Inbox
) -> None:
    # Added out of alphabetical order: the order is by id (when they joined), not by address.
    emails = ["zoe@example.org", "mia@example.org", "ada@example.org", "kim@example.org"]
    for email in emails:
        add_reader(letters, email, "chips")
    planned = json.loads(
        ok(letters("send", "--all", "--limit", "3", "--dry-run", "--json", "--now", NOW)).out
    )
    assert [p["to"] for p in planned] == emails[:3]
    ok(letters("send", "--all", "--limit", "2", "--now", NOW))
    assert recipients(smtp_server) == sorted(emails[:2])
    # The same two again: they have had their stories, so nothing new goes out.
    again = json.loads(ok(letters("send", "--all", "--limit", "2", "--json", "--now", NOW)).out)
    assert [q["note"] for q in again["queued"]] == ["nothing new", "nothing new"]
    assert len(smtp_server.messages) == 2
    assert letters("send", "--all", "--limit", "0", "--now", NOW).code == 2


# the dry run


def test_the_dry_run_shows_every_target_and_records_nothing(
    letters: Run, smtp_server: Inbox
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    add_reader(letters, "grace@example.org", "robots")
    add_reader(letters, "pending@example.org", "chips", confirmed=False)
    bored = ("bored@example.org", "--query", "zeppelin", "--confirmed", "--now", NOW)
    ok(letters("subscriber", "add", *bored))
    named = [
        "--to",
        "ada@example.org",
        "--to",
        "pending@example.org",
        "--to",
        "bored@example.org",
    ]
    shown = ok(letters("send", *named, "--dry-run", "--now", NOW)).out.splitlines()
    assert re.split(r"\s{2,}", shown[0]) == ["TO", "SECTIONS", "NOTE"]
    rows = [re.split(r"\s{2,}", line) for line in shown[1:4]]
    assert rows == [
        ["ada@example.org", "3", "would queue"],
        ["pending@example.org", "0", "skipped: subscriber is pending"],
        ["bored@example.org", "0", "nothing new"],
    ]
    assert shown[4] == "dry run: 1 of 3 would get mail; nothing was recorded"

    planned = json.loads(ok(letters("send", "--all", "--dry-run", "--json", "--now", NOW)).out)
    assert planned == [
        {"to": "ada@example.org", "sections": 3, "note": "would queue"},
        {"to": "grace@example.org", "sections": 1, "note": "would queue"},
        {"to": "bored@example.org", "sections": 0, "note": "nothing new"},
    ]
    # Only the pending reader's confirmation email waits (`subscriber add` queued it).
    assert [d["kind"] for d in outbox(letters)] == ["confirmation"]
    assert smtp_server.messages == []
    # Nothing was promised: the real send delivers what the dry run showed.
    sent = json.loads(ok(letters("send", "--all", "--json", "--now", NOW)).out)
    assert {d["to"]: d["sections"] for d in sent["deliveries"]} == {
        "ada@example.org": 3,
        "grace@example.org": 1,
    }


def test_a_dry_run_of_the_due_says_who_is_not_due(letters: Run) -> None:
    schedule = ("--day", "mon", "--hour", "9", "--timezone", "UTC", "--confirmed")
    ok(letters("subscriber", "add", "ada@example.org", "--topic", "chips", *schedule, "--now", NOW))
    monday = "2026-11-23T09:00:00+00:00"
    planned = json.loads(ok(letters("send", "--due", "--dry-run", "--json", "--now", monday)).out)
    assert planned == [{"to": "ada@example.org", "sections": 3, "note": "would queue"}]
    friday = json.loads(ok(letters("send", "--due", "--dry-run", "--json", "--now", NOW)).out)
    assert friday == []  # nobody is due before Monday
    named = ("--to", "ada@example.org", "--dry-run", "--json", "--now", NOW)
    assert json.loads(ok(letters("send", *named)).out)[0]["note"] == "would queue"


def test_a_dry_run_counts_an_instant_readers_notifications(digest: Run, tmp_path: Path) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip OR chips", "--now", NOW))
    instant = ("--cadence", "instant", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "quick@example.org", "--topic", "chips", *instant))
    planned = json.loads(ok(digest("send", "--all", "--dry-run", "--json", "--now", NOW)).out)
    assert planned == [{"to": "quick@example.org", "sections": 0, "note": "nothing new"}]
    feed = chip_and_robot_feed(tmp_path / "f.xml")
    ok(digest("feed", "add", feed, "--backfill", "--now", NOW))
    planned = json.loads(ok(digest("send", "--all", "--dry-run", "--json", "--now", NOW)).out)
    assert planned == [
        {"to": "quick@example.org", "sections": 3, "note": "would queue 1 notification"}
    ]
    sent = json.loads(ok(digest("send", "--all", "--json", "--now", NOW)).out)
    assert [(d["to"], d["sections"]) for d in sent["deliveries"]] == [("quick@example.org", 3)]


# asking first, and the progress bars


def many_readers(digest: Run, count: int = 12) -> list[str]:
    emails = [f"reader{n:02d}@example.org" for n in range(count)]
    for email in emails:
        add_reader(digest, email, "chips")
    return emails


def test_without_a_terminal_a_large_send_neither_asks_nor_draws_bars(
    letters: Run, smtp_server: Inbox
) -> None:
    emails = many_readers(letters)
    sent = ok(letters("send", "--all", "--now", NOW))
    assert recipients(smtp_server) == emails  # cron's `send --due` must not hang on a question
    assert "[y/N]" not in sent.out and "[y/N]" not in sent.err
    assert not [mark for mark in BAR_MARKS if mark in sent.err]
    assert not [mark for mark in BAR_MARKS if mark in sent.out]


def digest_command() -> list[str]:
    installed = Path(sys.executable).parent / "digest"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "digest"]


def command_environment(smtp_server: Inbox, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DIGEST_CONFIG"}
    env |= {
        "DIGEST_SECRET_KEY": "test-secret",
        "DIGEST_SMTP_URL": smtp_server.url,
        "DIGEST_FROM": "Digest <digest@letter.example>",
    }
    return env | extra


def on_terminal(
    db_url: str, smtp_server: Inbox, *args: str, answer: str | None = None
) -> tuple[int, str]:
    """Run `digest` with its stdin, stdout and stderr on a new pseudo-terminal, typing
    `answer` when it asks; its exit status and everything it wrote."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [*digest_command(), "--database", db_url, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=command_environment(smtp_server),
        close_fds=True,
    )
    os.close(slave)
    output, deadline = b"", time.monotonic() + 120
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(deadline - time.monotonic(), 0))
            assert ready, f"digest did not finish: {output!r}"
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: every end of the terminal's other side is closed
                break
            if not chunk:
                break
            output += chunk
            if answer is not None and b"[y/N]" in output:
                os.write(master, answer.encode() + b"\n")
                answer = None
    finally:
        os.close(master)
    return process.wait(timeout=30), output.decode("utf-8", errors="replace")


def test_at_a_terminal_a_large_send_asks_first(
    letters: Run, db_url: str, smtp_server: Inbox
) -> None:
    emails = many_readers(letters)
    code, shown = on_terminal(db_url, smtp_server, "send", "--all", "--now", NOW, answer="n")
    assert "Send digests to 12 subscribers? [y/N]" in shown
    assert code == 1 and "nothing sent" in shown
    assert smtp_server.messages == [] and outbox(letters) == []

    code, shown = on_terminal(db_url, smtp_server, "send", "--all", "--now", NOW, answer="y")
    assert code == 0, shown
    assert recipients(smtp_server) == emails


def test_at_a_terminal_yes_sends_at_once_with_progress_bars(
    letters: Run, db_url: str, smtp_server: Inbox
) -> None:
    emails = many_readers(letters)
    code, shown = on_terminal(db_url, smtp_server, "send", "--all", "--yes", "--now", NOW)
    assert code == 0, shown
    assert "[y/N]" not in shown
    assert recipients(smtp_server) == emails
    # One bar while composing, one while sending: each with its count, rate and ETA.
    assert re.search(r"composing: 100%.*12/12 \[", shown), shown
    assert re.search(r"sending: 100%.*12/12 \[.*(email/s|s/email)\]", shown), shown


def test_at_a_terminal_a_small_send_or_a_dry_run_does_not_ask(
    letters: Run, db_url: str, smtp_server: Inbox
) -> None:
    many_readers(letters)
    code, shown = on_terminal(db_url, smtp_server, "send", "--all", "--dry-run", "--now", NOW)
    assert code == 0 and "[y/N]" not in shown
    assert "dry run: 12 of 12 would get mail" in shown
    small = ("send", "--all", "--limit", "10", "--now", NOW)
    code, shown = on_terminal(db_url, smtp_server, *small)
    assert code == 0 and "[y/N]" not in shown
    assert len(smtp_server.messages) == 10


# preview --open


def browser_script(tmp_path: Path, exit_status: int = 0) -> tuple[str, Path]:
    """A stand-in browser that records the address it was asked to open."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\necho "$1" >> {record}\nexit {exit_status}\n')
    script.chmod(0o755)
    return f"{script} %s", record


def preview_with_browser(
    db_url: str, smtp_server: Inbox, tmp_path: Path, browser: str, *args: str
) -> subprocess.CompletedProcess[str]:
    # No display and no terminal: only $BROWSER can be found, so nothing real ever opens.
    env = command_environment(smtp_server, BROWSER=browser, TMPDIR=str(tmp_path))
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TERM"):
        env.pop(name, None)
    return subprocess.run(
        [*digest_command(), "--database", db_url, "preview", "ada@example.org", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_preview_open_writes_the_html_and_hands_it_to_the_browser(
    letters: Run, db_url: str, smtp_server: Inbox, tmp_path: Path
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    browser, record = browser_script(tmp_path)
    shown = preview_with_browser(db_url, smtp_server, tmp_path, browser, "--open", "--now", NOW)
    assert shown.returncode == 0, shown.stderr
    written = re.search(r"wrote the HTML part to (\S+)", shown.stdout)
    assert written, shown.stdout
    page = Path(written[1])
    assert page.parent == tmp_path and page.suffix == ".html"
    assert "Chip story 0" in page.read_text(encoding="utf-8")
    assert record.read_text().split() == [page.resolve().as_uri()]
    assert outbox(letters) == []  # a preview records nothing


def test_preview_open_without_a_browser_still_says_where_the_file_is(
    letters: Run, db_url: str, smtp_server: Inbox, tmp_path: Path
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    page = tmp_path / "mine.html"
    args = ("--open", "--html", str(page), "--now", NOW)
    shown = preview_with_browser(db_url, smtp_server, tmp_path, "false %s", *args)
    assert shown.returncode == 0, shown.stderr
    assert f"wrote the HTML part to {page}" in shown.stdout
    assert f"no web browser to open here: open {page} yourself" in shown.stderr
    assert "Chip story 0" in page.read_text(encoding="utf-8")


# outbox --to


def test_outbox_to_lists_one_subscribers_deliveries(letters: Run, smtp_server: Inbox) -> None:
    add_reader(letters, "ada@example.org", "chips")
    add_reader(letters, "grace@example.org", "robots")
    ok(letters("send", "--all", "--now", NOW))
    mine = outbox(letters, "--to", "Ada@Example.org")
    assert [(d["to"], d["status"]) for d in mine] == [("ada@example.org", "sent")]
    assert [d["to"] for d in outbox(letters, "--to", "grace@example.org", "--status", "sent")] == [
        "grace@example.org"
    ]
    assert outbox(letters, "--to", "grace@example.org", "--status", "failed") == []
    table = ok(letters("outbox", "--to", "ada@example.org")).out
    assert "ada@example.org" in table and "grace@example.org" not in table
    unknown = letters("outbox", "--to", "nobody@example.org")
    assert unknown.code == 2
    assert "no subscriber 'nobody@example.org'" in unknown.err


# status and status --check


def check(digest: Run, now: str) -> tuple[Result, dict[str, object]]:
    """`status --check` as text, and the `--json` document at the same moment."""
    result = digest("status", "--check", "--now", now)
    document = json.loads(digest("status", "--check", "--json", "--now", now).out)
    assert isinstance(document, dict)
    return result, document


def assert_problem(digest: Run, now: str, *starts: str) -> None:
    result, document = check(digest, now)
    assert result.code == 1, result.out
    lines = result.err.splitlines()
    assert len(lines) == len(starts), lines
    for line, start in zip(lines, starts, strict=True):
        assert line.startswith(f"digest: {start}"), line
    assert document["ok"] is False
    assert document["problems"] == [line.removeprefix("digest: ") for line in lines]


def assert_well(digest: Run, now: str) -> None:
    result, document = check(digest, now)
    assert (result.code, result.out, result.err) == (0, "all well\n", "")
    assert document["ok"] is True and document["problems"] == []


def test_a_quiet_system_is_all_well_and_status_says_the_scheduler_never_ran(
    letters: Run,
) -> None:
    assert_well(letters, NOW)
    _, document = check(letters, NOW)
    assert document["feeds"] == 1 and document["heartbeats"] == [] and document["due_now"] == 0
    shown = ok(letters("status", "--now", NOW)).out
    assert "scheduler: never ran" in shown
    assert "due now: 0" in shown
    plain = json.loads(ok(letters("status", "--json", "--now", NOW)).out)
    assert "ok" not in plain and "problems" not in plain  # only --check judges


def beat(db_url: str, job: str, ran_at: str, error: str | None = None) -> None:
    """A heartbeat as the scheduler writes it."""
    engine = create_db_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            session.merge(
                Heartbeat(
                    job=job,
                    ran_at=datetime.fromisoformat(ran_at),
                    seconds=0.5,
                    worker="host:1",
                    summary=f"{job}: 1 done",
                    error=error,
                )
            )
    finally:
        engine.dispose()


def test_a_silent_scheduler_and_a_failed_job_need_a_person(letters: Run, db_url: str) -> None:
    beat(db_url, "poll", at(minutes=-3))
    beat(db_url, "deliver", NOW)
    assert_well(letters, at(minutes=10))
    shown = ok(letters("status", "--now", NOW)).out
    assert "job deliver: 2026-11-20 09:00 UTC: deliver: 1 done" in shown
    assert "job poll: 2026-11-20 08:57 UTC: poll: 1 done" in shown
    assert "never ran" not in shown
    _, document = check(letters, NOW)
    assert [(h["job"], h["ran_at"], h["summary"]) for h in document["heartbeats"]] == [  # type: ignore[attr-defined]
        ("deliver", "2026-11-20T09:00:00+00:00", "deliver: 1 done"),
        ("poll", "2026-11-20T08:57:00+00:00", "poll: 1 done"),
    ]

    assert_problem(
        letters,
        at(hours=1),
        "the scheduler's deliver job has not run for 1 hour",
        "the scheduler's poll job has not run for 1 hour",
    )
    beat(db_url, "poll", NOW, error="database is locked")
    assert_problem(
        letters, at(minutes=1), "the scheduler's poll job failed at 2026-11-20 09:00 UTC"
    )
    assert "(failed: database is locked)" in ok(letters("status", "--now", NOW)).out


def test_a_feed_failing_too_long_or_disabled_needs_a_person(
    digest: Run, feed_server: FeedServer
) -> None:
    feed_server.routes["/feed"] = Route(body=rss(Item("1", "Issue 1", issue(story("A", "b.")))))
    url = feed_server.url("/feed")
    ok(digest("feed", "add", url, "--now", NOW))
    feed_server.routes["/feed"] = Route(503, b"down")
    assert digest("poll", "--all", "--now", at(hours=1)).code == 1
    assert_well(digest, at(hours=2))  # failing for an hour: it may well come back
    assert_problem(digest, at(days=2), f"feed {url} has been failing for 1 day")

    feed_server.routes["/feed"] = Route(410, b"gone")
    assert digest("poll", "--all", "--now", at(days=2)).code == 1
    assert_problem(digest, at(days=2), f"feed {url} is disabled since 2026-11-22 09:00 UTC")


def test_paused_delivery_needs_a_person(
    letters: Run, smtp_server: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    monkeypatch.setenv("DIGEST_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    assert letters("send", "--all", "--now", NOW).code == 1
    assert_problem(letters, NOW, "delivery is paused since 2026-11-20 09:00 UTC")
    _, document = check(letters, NOW)
    assert document["due_now"] == 1  # the untried digest waits, uncharged, for the probe
    assert document["delivery_paused"] is not None
    assert "delivery paused since" in ok(letters("status", "--now", NOW)).out

    monkeypatch.setenv("DIGEST_SMTP_URL", smtp_server.url)
    later = at(minutes=5)
    ok(letters("send", "--due", "--now", later))
    assert recipients(smtp_server) == ["ada@example.org"]
    assert_well(letters, later)
    assert json.loads(ok(letters("status", "--json", "--now", later)).out)["due_now"] == 0


def test_failed_deliveries_to_active_subscribers_need_a_person(
    letters: Run, smtp_server: Inbox, db_url: str
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    smtp_server.refuse.add("ada@example.org")
    assert letters("send", "--all", "--now", NOW).code == 1
    # "No such user" bounced the address: the failure explains itself, nobody need act.
    assert_well(letters, NOW)
    # The operator vouches for the address: now the failed digest waits for them.
    ok(letters("subscriber", "set", "ada@example.org", "--status", "active", "--now", NOW))
    assert_problem(letters, at(hours=1), "1 delivery failed in the last 7 days")
    assert_well(letters, at(days=8))  # older failures are history
    ok(letters("retry", "--failed", "--now", at(hours=1)))
    assert_well(letters, at(hours=1))


def test_every_problem_at_once_is_one_line_each(
    letters: Run, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_reader(letters, "ada@example.org", "chips")
    beat(db_url, "compose", NOW, error="boom")
    monkeypatch.setenv("DIGEST_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    assert letters("send", "--all", "--now", NOW).code == 1
    engine = create_db_engine(db_url)
    try:
        with Session(engine) as session, session.begin():
            session.execute(update(Delivery).values(status="failed"))
    finally:
        engine.dispose()
    assert_problem(
        letters,
        at(hours=1),
        "delivery is paused",
        "1 delivery failed",
        "the scheduler's compose job has not run for 1 hour",
        "the scheduler's compose job failed",
    )
