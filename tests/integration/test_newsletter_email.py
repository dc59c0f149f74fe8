"""The digest as a newsletter, through the command line, a real SMTP server and SQLite and
PostgreSQL: masthead and period, links to the story and its source, per-topic stop links;
addresses that are not ASCII (SMTPUTF8, IDNA); "What you missed" after adding a topic."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from digest.db import create_db_engine, session_factory, transaction
from digest.mail.capture import Inbox
from digest.models import Section
from tests.feedbuilder import Item, issue, rss, story
from tests.integration.test_compose import Run, ok, parts
from tests.smtpfaults import ScriptedHandler, SmtpdServer

NOW = "2026-11-20T09:00:00+00:00"
PAPER = "https://www.arxiv.org/abs/2611.01234"


def kettle_feed(path: Path) -> str:
    kettle = story(
        "A chip for kettles", f'Kettles boil on time, says <a href="{PAPER}">a paper</a>.'
    )
    path.write_bytes(rss(Item("1", "Issue 1", issue(kettle, story("Tomatoes", "Late.")))))
    return str(path)


def set_category(db_url: str, title: str, category: str) -> None:
    """What a poll stores when the sectioner finds the newsletter's own category."""
    engine = create_db_engine(db_url)
    with transaction(session_factory(engine)) as session:
        session.execute(update(Section).where(Section.title == title).values(category=category))
    engine.dispose()


# The email


def test_a_digest_reads_like_a_newsletter(
    digest: Run, smtp_server: Inbox, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_SITE_NAME", "The Chip Letter")
    chips = ("--query", "chip", "--name", "Chips & hardware", "--now", NOW)
    ok(digest("topic", "add", "chips", *chips))
    reader = ("--topic", "chips", "--timezone", "Pacific/Auckland", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "ada@example.org", *reader))
    ok(digest("feed", "add", kettle_feed(tmp_path / "f.xml"), "--backfill", "--now", NOW))
    set_category(db_url, "A chip for kettles", "Gadgets")
    # 23:30 UTC is the next morning in Auckland: the period ends on the reader's own date.
    ok(digest("send", "--all", "--now", "2026-11-20T23:30:00+00:00"))
    [message] = smtp_server.messages
    _, html, text = parts(message.raw)

    masthead = re.search(r'class="masthead-name"[^>]*>([^<]*)<.*?masthead-period', html, re.S)
    assert masthead and masthead.group(1) == "The Chip Letter"
    assert ">13–21 November 2026</p>" in html  # from joining less the week's look-back
    headline = re.search(r'<h3 class="headline"[^>]*><a href="([^"]*)"', html)
    assert headline and re.fullmatch(r"https://letter\.example/1#[\w-]+", headline.group(1))
    assert f'href="{PAPER}"' in html and ">Source: arxiv.org</a>" in html
    assert ">Test Letter · Gadgets · 2 Nov 2026</p>" in html
    assert "Issue 1" not in html  # the meta line no longer repeats the issue's title
    stop = re.search(r'href="(http://localhost:8000/stop/[^/"]+/chips)"', html)
    assert stop and ">stop sending me Chips &amp; hardware</a>" in html
    assert "follows topics on The Chip Letter" in html

    lines = text.splitlines()
    assert lines[:2] == ["The Chip Letter", "13–21 November 2026"]
    assert "Test Letter · Gadgets · 2 Nov 2026" in lines
    assert "Source: arxiv.org [2]" in lines and f"[2] {PAPER}" in lines
    assert f"[1] {headline.group(1)}" in lines
    stop_line = " ".join(text[text.index("Stop sending me") :].split()[:7])
    assert stop_line == f"Stop sending me Chips & hardware: {stop.group(1)}"


def test_a_story_without_a_link_elsewhere_has_no_source(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "tomatoes", "--query", "tomatoes", "--now", NOW))
    reader = ("--topic", "tomatoes", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "ada@example.org", *reader))
    ok(digest("feed", "add", kettle_feed(tmp_path / "f.xml"), "--backfill", "--now", NOW))
    ok(digest("send", "--all", "--now", NOW))
    [message] = smtp_server.messages
    _, html, text = parts(message.raw)
    assert "Source:" not in html and "Source:" not in text
    assert "Read the full story" in html


# Addresses


class RecordingOptions(ScriptedHandler):
    """Keeps the MAIL FROM options each message came with."""

    def __init__(self) -> None:
        super().__init__()
        self.options: list[list[str]] = []

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        self.options.append(list(options))
        return await super().handle_MAIL(server, session, envelope, address, options)


def send_to(run: Run, db_url: str, server_url: str, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("DIGEST_SMTP_URL", server_url)
    monkeypatch.setenv("DIGEST_FROM", "Digest <digest@letter.example>")

    def invoke(*args: str) -> Any:
        return run("--database", db_url, *args)

    return invoke


def subscribe_and_send(digest: Run, address: str, tmp_path: Path) -> dict[str, Any]:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(digest("subscriber", "add", address, "--topic", "chips", "--confirmed", "--now", NOW))
    ok(digest("feed", "add", kettle_feed(tmp_path / "f.xml"), "--backfill", "--now", NOW))
    result = digest("send", "--all", "--now", NOW, "--json")
    return dict(json.loads(result.out))


def test_a_non_ascii_mailbox_goes_with_smtputf8_when_the_server_offers_it(
    run: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = RecordingOptions()
    with SmtpdServer(handler, enable_SMTPUTF8=True) as server:
        digest = send_to(run, db_url, server.url, monkeypatch)
        sent = subscribe_and_send(digest, "jörg@example.org", tmp_path)
    assert [d["status"] for d in sent["deliveries"]] == ["sent"]
    [received] = server.messages
    assert received.recipients == ("jörg@example.org",)
    assert "SMTPUTF8" in handler.options[0]
    assert "To: jörg@example.org\r\n".encode() in received.data.split(b"\r\n\r\n", 1)[0]


def test_without_smtputf8_that_message_fails_for_good_with_the_reason(
    run: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with SmtpdServer(RecordingOptions()) as server:  # aiosmtpd offers no SMTPUTF8 by default
        digest = send_to(run, db_url, server.url, monkeypatch)
        ok(digest("subscriber", "add", "ada@example.org", "--confirmed", "--now", NOW))
        sent = subscribe_and_send(digest, "jörg@example.org", tmp_path)
        [failed] = sent["deliveries"]
        assert failed["status"] == "failed"
        assert "does not offer it" in failed["error"] and "SMTPUTF8" in failed["error"]
        again = json.loads(ok(digest("send", "--due", "--now", NOW, "--json")).out)
    assert again["deliveries"] == []  # not retried
    assert server.messages == []
    [listed] = json.loads(ok(digest("outbox", "--to", "jörg@example.org", "--json")).out)
    assert listed["status"] == "failed" and listed["attempts"] == 1
    assert "SMTPUTF8" in listed["last_error"]
    shown = json.loads(ok(digest("subscriber", "show", "jörg@example.org", "--json")).out)
    assert shown["status"] == "active"  # the address is not at fault: no bounce
    status = digest("status")
    assert "failed" in status.out


def test_a_unicode_domain_is_sent_idna_encoded_without_smtputf8(
    run: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = RecordingOptions()
    with SmtpdServer(handler) as server:
        digest = send_to(run, db_url, server.url, monkeypatch)
        sent = subscribe_and_send(digest, "ada@bücher.de", tmp_path)
    assert [d["status"] for d in sent["deliveries"]] == ["sent"]
    [received] = server.messages
    assert received.recipients == ("ada@xn--bcher-kva.de",)
    assert handler.options == [[]]


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("ada@example", "It should have a period"),
        ("Ada <ada@example.org>", "display name"),
        ("ada@@example.org", "invalid characters"),
        ("ada@example.invalid", "special-use or reserved name"),
    ],
)
def test_an_invalid_address_is_refused_when_added_with_the_reason(
    digest: Run, address: str, reason: str
) -> None:
    result = digest("subscriber", "add", address, "--confirmed", "--now", NOW)
    assert result.code == 2
    assert "invalid email address" in result.err and reason in result.err
