"""The list's name (`site_name`) in what a subscriber receives, through the command line
and a real SMTP server, on SQLite and PostgreSQL: a hostile name, a From without a name."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from digest.mail.capture import Inbox, Received
from tests.integration.test_compose import NOW, Run, at, chip_feed, ok, parts

HOSTILE = "Tom & Jerry's <News>"
ESCAPED = "Tom &amp; Jerry&#39;s &lt;News&gt;"


def received(inbox: Inbox, to: str) -> Received:
    [message] = [m for m in inbox.messages if m.recipients == (to,)]
    return message


def header_lines(raw: bytes) -> list[str]:
    """The header block as sent, folded lines joined back to one each."""
    block = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    return block.replace("\r\n ", " ").replace("\r\n\t", "\t").split("\r\n")


def assert_named(message: Received) -> EmailMessage:
    """The From, List-Id and both parts name the list; the parsed message."""
    lines = header_lines(message.raw)
    assert 'From: "Tom & Jerry\'s <News>" <news@letter.example>' in lines
    assert 'List-Id: "Tom & Jerry\'s <News>" <digest.letter.example>' in lines
    assert message.mail_from == "news@letter.example"
    parsed = message_from_bytes(message.raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    sender = parsed["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (HOSTILE, "news@letter.example")
    _, html, text = parts(message.raw)
    assert ESCAPED in html and HOSTILE not in html and "<News>" not in html
    assert f" · {ESCAPED}</title>" in html
    assert HOSTILE in " ".join(text.split())  # the text part may wrap it across two lines
    return parsed


def test_the_lists_name_reaches_every_header_and_part_sent(
    digest: Run, smtp_server: Inbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_SITE_NAME", HOSTILE)
    monkeypatch.setenv("DIGEST_FROM", "news@letter.example")  # no name of its own
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(digest("subscriber", "add", "new@example.org", "--topic", "chips", "--now", NOW))
    confirmed = ("--topic", "chips", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "ada@example.org", *confirmed))
    ok(digest("feed", "add", chip_feed(tmp_path / "f.xml", 2), "--backfill", "--now", NOW))
    ok(digest("send", "--due", "--now", at(hours=1)))  # the pending one's confirmation
    ok(digest("send", "--all", "--now", at(hours=1)))  # the confirmed one's digest

    confirmation = received(smtp_server, "new@example.org")
    assert_named(confirmation)
    subject, html, text = parts(confirmation.raw)
    assert subject == f"Please confirm your subscription to {HOSTILE}"
    assert f"asked {ESCAPED} to send its digests to new@example.org" in html
    assert f"was signed up for {HOSTILE}." in " ".join(text.split())

    digest_message = received(smtp_server, "ada@example.org")
    assert_named(digest_message)
    subject, html, text = parts(digest_message.raw)
    assert re.fullmatch(r"Chip story [01] and 1 more story", subject)  # names its stories
    assert f"ada@example.org follows topics on {ESCAPED}." in html
    assert f"ada@example.org follows topics on {HOSTILE}." in " ".join(text.split())
