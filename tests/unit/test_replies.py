"""What an SMTP reply means: whose failure, for how long, and in which words (pure)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from digest.mail.replies import (
    dropped,
    enhanced_status,
    login_refused,
    one_line,
    refusal,
    timed_out,
    tls_failed,
    unreachable,
)

SERVER = "mail.example.org:587"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("5.1.1 <x@y>: no such user", "5.1.1"),
        ("  4.2.2 mailbox full", "4.2.2"),
        ("2.0.0 Ok: queued as 12345", "2.0.0"),
        ("5.7.1", "5.7.1"),
        ("4.123.456 long parts", "4.123.456"),
        ("mailbox unavailable", None),
        ("3.1.1 not a class", None),
        ("5.1 too short", None),
        ("5.1.1x glued", None),
        ("see 5.1.1 later in the text", None),
        ("", None),
    ],
)
def test_the_enhanced_status_is_read_from_the_start_of_the_reply(
    text: str, status: str | None
) -> None:
    assert enhanced_status(text) == status


@pytest.mark.parametrize(
    ("stage", "code", "scope", "permanent"),
    [
        *((stage, 421, "server", False) for stage in ("greeting", "ehlo", "mail", "rcpt")),
        *((stage, 421, "server", False) for stage in ("data", "body", "starttls", "auth")),
        ("greeting", 554, "server", True),
        ("ehlo", 550, "server", True),
        ("starttls", 454, "server", False),
        ("mail", 451, "server", False),
        ("mail", 530, "server", True),
        ("mail", 553, "server", True),
        ("rcpt", 450, "recipient", False),
        ("rcpt", 451, "recipient", False),
        ("rcpt", 452, "recipient", False),
        ("rcpt", 550, "recipient", True),
        ("rcpt", 553, "recipient", True),
        ("data", 451, "recipient", False),
        ("data", 554, "recipient", True),
        ("body", 452, "recipient", False),
        ("body", 552, "recipient", True),
        ("body", 554, "recipient", True),
        ("rcpt", 354, "server", False),  # no failure code: the server is confused
    ],
)
def test_who_a_refusal_belongs_to(stage: str, code: int, scope: str, permanent: bool) -> None:
    error = refusal(stage, SERVER, code, "x.x.x something", recipient="ada@example.org")
    assert (error.scope, error.permanent, error.code) == (scope, permanent, code)
    assert error.server_wide == (scope == "server")
    assert error.in_flight == (stage == "body" and scope == "server")


def test_a_refusal_says_which_server_which_address_and_what_it_answered() -> None:
    error = refusal("rcpt", SERVER, 550, "5.1.1 <ghost@example.org>:\nno such user", recipient="g")
    assert str(error) == (
        f"SMTP server {SERVER} refused recipient g: 550 5.1.1 <ghost@example.org>: no such user"
    )
    assert (error.code, error.status) == (550, "5.1.1")
    sender = refusal("mail", SERVER, 553, "5.7.1 not yours", sender="d@letter.example")
    assert (
        str(sender)
        == f"SMTP server {SERVER} refused the sender d@letter.example: 553 5.7.1 not yours"
    )
    busy = refusal("greeting", SERVER, 421, "4.3.2 too busy")
    assert str(busy) == f"SMTP server {SERVER} is not available: 421 4.3.2 too busy (on connecting)"
    body = refusal("body", SERVER, 554, "5.6.0 rejected", recipient="ada@example.org")
    assert (
        str(body)
        == f"SMTP server {SERVER} refused the message to ada@example.org: 554 5.6.0 rejected"
    )


def test_a_refused_login_names_the_user_and_is_the_servers() -> None:
    error = login_refused(SERVER, "ada", 535, "5.7.8 Authentication credentials invalid")
    assert str(error) == (
        f"SMTP server {SERVER} refused the login for ada: 535 5.7.8 Authentication"
        " credentials invalid"
    )
    assert (error.scope, error.permanent, error.code, error.status) == (
        "server",
        True,
        535,
        "5.7.8",
    )
    assert not login_refused(SERVER, "ada", 454, "4.7.0 try later").permanent


def test_failures_without_a_reply_are_the_servers_and_in_flight_only_during_the_message() -> None:
    for error in (
        unreachable(SERVER, "connection refused"),
        timed_out(SERVER, "connect", 15),
        timed_out(SERVER, "mail", 60),
        dropped(SERVER, "rcpt"),
        tls_failed(
            SERVER, "unable to get local issuer certificate", certificate=True, implicit=False
        ),
    ):
        assert (error.scope, error.permanent, error.in_flight, error.code) == (
            "server",
            False,
            False,
            None,
        )
    for error in (timed_out(SERVER, "body", 120, "ada@example.org"), dropped(SERVER, "body", "a")):
        assert (error.scope, error.permanent, error.in_flight) == ("server", False, True)
    assert str(timed_out(SERVER, "mail", 60)) == (
        f"SMTP server {SERVER} did not answer MAIL FROM within 60 s"
    )
    assert "set smtp_ca_file, or smtp_tls_verify = false for a test server" in str(
        tls_failed(SERVER, "certificate has expired", certificate=True, implicit=True)
    )


def test_server_text_becomes_one_bounded_line() -> None:
    assert one_line("first\nsecond\r\n\tthird\x00") == "first second third"
    long = one_line("x" * 1000)
    assert len(long) == 300 and long.endswith("...")


def test_the_module_is_pure() -> None:
    code = (
        "import sys, digest.mail.replies;"
        " print(sorted(m for m in ('aiosmtplib', 'aiosmtpd', 'ssl', 'asyncio', 'sqlalchemy')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert result.stdout.strip() == "[]"
