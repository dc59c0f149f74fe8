"""The outbox under a misbehaving SMTP server: what pauses, what is retried, what fails and
what bounces; a real aiosmtpd server whose answers the test sets, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from digest.config import Settings
from digest.db import transaction
from digest.mail.deliver import SendReport, send_due
from digest.models import Delivery, Subscriber
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber
from digest.types import DeliveryStatus, SubscriberStatus
from tests.conftest import free_port
from tests.smtpfaults import DROP, FaultServer, SmtpdServer, certificates

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


class Scripted:
    """An SMTP server's handler whose answers a test changes as it goes."""

    def __init__(self) -> None:
        self.mail_reply: str | None = None
        self.rcpt_replies: dict[str, str] = {}
        self.data_replies: dict[str, str] = {}
        self.received: list[str] = []  # the recipient of each message taken
        self.contents: list[bytes] = []

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if reply := self.rcpt_replies.get(address):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        [to] = envelope.rcpt_tos
        if reply := self.data_replies.get(to):
            return reply
        self.received.append(to)
        self.contents.append(envelope.content)
        return "250 OK: queued"


@pytest.fixture
def server() -> Iterator[tuple[Scripted, str]]:
    handler = Scripted()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture
def runtime(db_url: str, server: tuple[Scripted, str]) -> Iterator[Runtime]:
    settings = Settings(
        database_url=db_url,
        smtp_url=server[1],
        secret_key="test-secret",
        from_address="Digest <digest@letter.example>",
        smtp_timeout=5,
        smtp_connections=2,
    )
    runtime = Runtime.open(settings, clock=lambda: T0)
    yield runtime
    runtime.close()


def readers(runtime: Runtime, count: int) -> list[str]:
    """`count` pending subscribers, each with a confirmation email queued."""
    emails = [f"reader{n}@example.org" for n in range(count)]
    with transaction(runtime.sessions) as session:
        for email in emails:
            add_subscriber(session, email, SubscriberChanges(), T0)
    return emails


def run(runtime: Runtime, at: datetime) -> SendReport:
    async def go() -> SendReport:
        return await send_due(runtime.sessions, runtime.mailer(), runtime.settings, lambda: at)

    return asyncio.run(go())


def rows(runtime: Runtime) -> dict[str, Delivery]:
    with transaction(runtime.sessions) as session:
        found = session.execute(select(Subscriber.email, Delivery).join(Delivery.subscriber))
        return dict(found.all())  # type: ignore[arg-type]


def subscriber(runtime: Runtime, email: str) -> Subscriber:
    with transaction(runtime.sessions) as session:
        return session.scalars(select(Subscriber).where(Subscriber.email == email)).one()


def test_an_outage_of_421_pauses_and_then_every_message_goes_out_once(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    emails = readers(runtime, 12)
    handler.mail_reply = "421 4.3.2 Service shutting down, try later"
    for minute in range(15):  # a run every minute through a 15-minute outage
        report = run(runtime, T0 + timedelta(minutes=minute))
        assert report.pause is not None and "421" in report.pause.reason
        assert all(o.status is not DeliveryStatus.FAILED for o in report.outcomes)
    assert {d.status for d in rows(runtime).values()} == {DeliveryStatus.QUEUED}
    assert {d.attempts for d in rows(runtime).values()} == {0}  # nobody was charged

    handler.mail_reply = None
    minute = 15
    while any(d.status != DeliveryStatus.SENT for d in rows(runtime).values()):
        assert minute < 60, "delivery never resumed"
        run(runtime, T0 + timedelta(minutes=minute))
        minute += 1
    assert Counter(handler.received) == Counter(emails)  # each once
    assert minute <= 15 + 31  # the probe back-off never waits more than half an hour
    assert run(runtime, T0 + timedelta(minutes=minute)).pause is None


def test_a_sender_refused_on_mail_from_fails_no_message(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    emails = readers(runtime, 5)
    handler.mail_reply = "530 5.7.0 Authentication required"
    report = run(runtime, T0)
    assert report.pause is not None and "530" in report.pause.reason
    assert report.outcomes == [] and report.released == 5  # all given back as they were
    assert {(d.status, d.attempts) for d in rows(runtime).values()} == {("queued", 0)}
    handler.mail_reply = None
    assert run(runtime, T0 + timedelta(seconds=30)).outcomes == []  # before the probe time
    later = run(runtime, T0 + timedelta(minutes=1))
    assert later.pause is None
    assert sorted(handler.received) == sorted(emails)


def test_a_deferred_recipient_is_retried_on_schedule_and_the_others_go_out(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    emails = readers(runtime, 4)
    slow = emails[0]
    handler.rcpt_replies[slow] = "451 4.2.0 Mailbox busy, try again"
    report = run(runtime, T0)
    assert report.pause is None
    by_email = rows(runtime)
    assert by_email[slow].status == DeliveryStatus.QUEUED
    assert (by_email[slow].last_code, by_email[slow].last_status) == (451, "4.2.0")
    assert by_email[slow].next_attempt_at == T0 + timedelta(minutes=1)
    assert by_email[slow].attempts == 1
    assert sorted(handler.received) == sorted(emails[1:])
    run(runtime, T0 + timedelta(seconds=59))  # not yet due
    assert slow not in handler.received
    del handler.rcpt_replies[slow]
    run(runtime, T0 + timedelta(minutes=1))
    assert Counter(handler.received) == Counter(emails)


def test_a_recipient_deferred_for_days_is_failed_at_the_configured_age(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    [email] = readers(runtime, 1)
    handler.rcpt_replies[email] = "452 4.2.2 Mailbox full"
    short = Runtime.open(runtime.settings.replace(retry_max_age=3600), clock=lambda: T0)
    try:
        moment, tries = T0, 0
        while rows(short)[email].status == DeliveryStatus.QUEUED:
            run(short, moment)
            tries += 1
            assert tries < 10
            moment = rows(short)[email].next_attempt_at or moment
    finally:
        short.close()
    delivery = rows(runtime)[email]
    assert delivery.status == DeliveryStatus.FAILED
    assert tries == 4  # tried at 0, 1, 6 and 36 minutes; the next would be past the hour
    assert subscriber(runtime, email).bounce_count == 0  # a full mailbox is not a bad address


def test_no_such_user_bounces_the_address_at_once(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    emails = readers(runtime, 2)
    gone = emails[0]
    handler.rcpt_replies[gone] = "550 5.1.1 <reader0@example.org>: no such user"
    run(runtime, T0)
    delivery = rows(runtime)[gone]
    assert (delivery.status, delivery.last_code, delivery.last_status) == ("failed", 550, "5.1.1")
    bounced = subscriber(runtime, gone)
    assert (bounced.status, bounced.bounce_count) == (SubscriberStatus.BOUNCED, 1)
    assert bounced.bounced_at == T0 and "5.1.1" in (bounced.last_bounce or "")
    assert subscriber(runtime, emails[1]).bounce_count == 0
    assert handler.received == [emails[1]]


def test_other_hard_bounces_suppress_the_address_at_the_third(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    [email] = readers(runtime, 1)
    handler.rcpt_replies[email] = "553 mailbox name not allowed"
    for n in range(1, 4):
        with transaction(runtime.sessions) as session:  # each time a new message is queued
            delivery = session.scalars(select(Delivery)).one()
            delivery.status, delivery.next_attempt_at = DeliveryStatus.QUEUED, None
        run(runtime, T0 + timedelta(hours=n))
        found = subscriber(runtime, email)
        assert found.bounce_count == n
        assert found.status == (SubscriberStatus.BOUNCED if n == 3 else SubscriberStatus.PENDING)


def test_a_message_refused_on_data_fails_without_bouncing_the_address(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    [email] = readers(runtime, 1)
    handler.data_replies[email] = "554 5.7.1 Message rejected as spam"
    report = run(runtime, T0)
    [outcome] = report.outcomes
    assert outcome.status is DeliveryStatus.FAILED and "554" in (outcome.error or "")
    assert rows(runtime)[email].last_status == "5.7.1"
    assert subscriber(runtime, email).status == SubscriberStatus.PENDING
    assert report.pause is None


def test_staging_redirects_every_message_and_names_the_real_recipient(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    readers(runtime, 3)
    staging = Runtime.open(
        runtime.settings.replace(redirect_to="staging@letter.example"), clock=lambda: T0
    )
    try:
        report = run(staging, T0)
    finally:
        staging.close()
    assert [o.status for o in report.outcomes] == [DeliveryStatus.SENT] * 3
    assert handler.received == ["staging@letter.example"] * 3
    originals = sorted(c.split(b"\r\n", 1)[0] for c in handler.contents)
    assert originals == [f"X-Original-To: reader{n}@example.org".encode() for n in range(3)]


def test_dry_run_delivery_records_every_message_and_sends_none(
    runtime: Runtime, server: tuple[Scripted, str]
) -> None:
    handler, _ = server
    emails = readers(runtime, 3)
    rehearsal = Runtime.open(runtime.settings.replace(dry_run_delivery=True), clock=lambda: T0)
    try:
        report = run(rehearsal, T0)
    finally:
        rehearsal.close()
    assert sorted(o.to for o in report.outcomes) == sorted(emails)
    assert handler.received == []
    assert {d.status for d in rows(runtime).values()} == {DeliveryStatus.SENT}


def test_a_connection_dropped_mid_message_pauses_and_charges_that_message_one_try(
    db_url: str,
) -> None:
    with FaultServer({"body": DROP}) as broken:
        settings = Settings(
            database_url=db_url, smtp_url=broken.url, secret_key="test-secret", smtp_connections=1
        )
        runtime = Runtime.open(settings, clock=lambda: T0)
        try:
            emails = readers(runtime, 3)
            report = run(runtime, T0)
        finally:
            runtime.close()
    assert report.pause is not None and "closed the connection" in report.pause.reason
    after = Runtime.open(settings, clock=lambda: T0)
    try:
        found = rows(after)
        assert {d.status for d in found.values()} == {DeliveryStatus.QUEUED}  # none stuck
        assert sorted(d.attempts for d in found.values()) == [0, 0, 1]  # the one in flight
        assert set(found) == set(emails)
    finally:
        after.close()


def test_an_unverifiable_certificate_pauses_with_how_to_fix_it_and_leaves_nothing_sending(
    db_url: str, tmp_path: Path
) -> None:
    certs = certificates(tmp_path)
    with SmtpdServer(tls_context=certs.server, require_starttls=True) as server:
        url = server.url + "?tls=starttls"
        settings = Settings(database_url=db_url, smtp_url=url, secret_key="test-secret")
        runtime = Runtime.open(settings, clock=lambda: T0)
        try:
            emails = readers(runtime, 3)
            report = run(runtime, T0)
            assert report.pause is not None and "smtp_ca_file" in report.pause.reason
            assert {(d.status, d.attempts) for d in rows(runtime).values()} == {("queued", 0)}
            trusted = Runtime.open(
                settings.replace(smtp_ca_file=str(certs.ca_file)), clock=lambda: T0
            )
            try:
                run(trusted, T0 + timedelta(minutes=1))
            finally:
                trusted.close()
        finally:
            runtime.close()
    assert sorted(to for m in server.messages for to in m.recipients) == sorted(emails)
