"""Delivery edges: real SMTP, refusals, an unreachable server, a crash mid-send, schedules."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dkim
import pytest
from sqlalchemy import select

from digest import store
from digest.config import Settings
from digest.db import transaction
from digest.errors import ConfigError, DeliveryError
from digest.mail.capture import Inbox, capture_server
from digest.mail.deliver import SendReport, send_due
from digest.mail.message import Envelope, OutgoingMessage, build_message
from digest.mail.sending import queue_digests
from digest.mail.smtp import Mailer, RecordingMailer, SmtpMailer, parse_smtp_url
from digest.models import Delivery, Subscriber
from digest.resources import sample_feed_path
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.tokens import read_token
from digest.types import DeliveryStatus, RenderedMessage, SubscriberStatus
from tests.conftest import free_port
from tests.unit.test_message_headers import SELECTOR, dns_for, make_dkim_key

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def simple_message(to: str) -> OutgoingMessage:
    envelope = Envelope(
        sender="digest@letter.example",
        to=to,
        list_id="digest.letter.example",
        unsubscribe_url="https://letter.example/unsubscribe/t",
        date=NOW,
        message_key=f"test:{to}",
    )
    return build_message(RenderedMessage("Grüße", "<p>hello</p>", "hello"), envelope)


def test_smtp_round_trip_through_a_real_server() -> None:
    async def scenario() -> Inbox:
        async with capture_server() as inbox, SmtpMailer(parse_smtp_url(inbox.url)) as mailer:
            await mailer.send(simple_message("ada@example.org"))
            await mailer.send(simple_message("grace@example.org"))
        return inbox

    inbox = asyncio.run(scenario())
    assert [m.recipients for m in inbox.messages] == [("ada@example.org",), ("grace@example.org",)]
    assert inbox.messages[0].parsed()["Subject"] == "Grüße"


def test_a_refused_recipient_is_a_permanent_error() -> None:
    async def scenario() -> DeliveryError:
        async with capture_server() as inbox:
            inbox.refuse.add("gone@example.org")
            async with SmtpMailer(parse_smtp_url(inbox.url)) as mailer:
                with pytest.raises(DeliveryError) as caught:
                    await mailer.send(simple_message("gone@example.org"))
                await mailer.send(simple_message("ada@example.org"))  # the connection survives
        assert len(inbox.messages) == 1
        return caught.value

    error = asyncio.run(scenario())
    assert error.permanent
    assert "550" in str(error)


def test_an_unreachable_server_is_a_temporary_error() -> None:
    settings = parse_smtp_url(f"smtp://127.0.0.1:{free_port()}", timeout=2)

    async def scenario() -> None:
        async with SmtpMailer(settings) as mailer:
            await mailer.send(simple_message("ada@example.org"))

    with pytest.raises(DeliveryError) as caught:
        asyncio.run(scenario())
    assert not caught.value.permanent
    assert "cannot reach SMTP server 127.0.0.1" in str(caught.value)


@pytest.fixture
def runtime(db_url: str) -> Runtime:
    settings = Settings(database_url=db_url, secret_key="k", from_address="d@letter.example")
    runtime = Runtime.open(settings, clock=lambda: NOW)
    with transaction(runtime.sessions) as session:
        add_topic(session, "chips", "chip OR chips OR verilog", "Chips", NOW)
        changes = SubscriberChanges(topics=["chips"], status=SubscriberStatus.ACTIVE)
        add_subscriber(session, "ada@example.org", changes, NOW)
    runtime.add_feed(str(sample_feed_path()), backfill=True)
    yield runtime
    runtime.close()


def queue_all(runtime: Runtime, now: datetime, *, scheduled: bool = False) -> list[int | None]:
    with transaction(runtime.sessions) as session:
        ids = list(session.scalars(select(Subscriber.id)))
    queued = queue_digests(runtime.sessions, ids, now, runtime.digest_rules, scheduled=scheduled)
    return [q.delivery_id for q in queued]


def send(
    runtime: Runtime, mailer: Mailer, now: datetime, settings: Settings | None = None
) -> SendReport:
    return asyncio.run(
        send_due(runtime.sessions, mailer, settings or runtime.settings, lambda: now)
    )


def delivery_row(runtime: Runtime, delivery_id: int) -> Delivery:
    with transaction(runtime.sessions) as session:
        return session.get_one(Delivery, delivery_id)


def test_an_unreachable_server_pauses_delivery_and_charges_no_message(runtime: Runtime) -> None:
    [delivery_id] = queue_all(runtime, NOW)
    assert delivery_id is not None
    down = runtime.settings.replace(smtp_url=f"smtp://127.0.0.1:{free_port()}")
    report = send(runtime, dataclasses.replace(runtime, settings=down).mailer(), NOW, down)
    assert report.outcomes == []
    assert report.pause is not None and "127.0.0.1" in report.pause.reason
    row = delivery_row(runtime, delivery_id)
    assert (row.status, row.attempts, row.lease_owner) == (DeliveryStatus.QUEUED, 0, None)
    # Nothing is tried before the probe time; after it, the same delivery goes out.
    fake = RecordingMailer()
    assert send(runtime, fake, NOW).outcomes == []
    later = NOW + timedelta(minutes=2)
    retried = send(runtime, fake, later)
    assert [o.delivery_id for o in retried.outcomes] == [delivery_id]
    assert retried.outcomes[0].status is DeliveryStatus.SENT and retried.pause is None
    assert send(runtime, fake, later).pause is None  # the probe resumed delivery
    assert queue_all(runtime, later) == [None]  # its sections are not offered again


def test_a_crash_mid_send_is_retried_once_the_lease_runs_out(runtime: Runtime) -> None:
    [delivery_id] = queue_all(runtime, NOW)
    with transaction(runtime.sessions) as session:  # a worker claimed it, then died
        row = session.get_one(Delivery, delivery_id)
        row.status, row.attempts = DeliveryStatus.SENDING, 1
        row.lease_owner, row.lease_expires_at = "dead-worker", NOW + timedelta(minutes=10)
    fake = RecordingMailer()
    assert send(runtime, fake, NOW).outcomes == []
    later = NOW + timedelta(minutes=11)
    [outcome] = send(runtime, fake, later).outcomes
    assert outcome.status is DeliveryStatus.SENT
    assert len(fake.sent) == 1
    assert delivery_row(runtime, delivery_id).message_id == fake.sent[0]["Message-ID"]


def test_scheduled_digests_follow_the_subscribers_calendar(runtime: Runtime) -> None:
    monday = datetime(2026, 11, 23, 8, tzinfo=UTC)  # weekly on Mondays at 08:00 UTC by default
    with transaction(runtime.sessions) as session:
        assert store.due_subscriber_ids(session, monday - timedelta(seconds=1)) == []
        due = store.due_subscriber_ids(session, monday)
    [queued] = queue_digests(runtime.sessions, due, monday, runtime.digest_rules, scheduled=True)
    assert queued.delivery_id is not None
    # A second composer that chose the same subscriber a moment earlier queues nothing more.
    [again] = queue_digests(runtime.sessions, due, monday, runtime.digest_rules, scheduled=True)
    assert (again.delivery_id, again.note) == (None, "not due")
    with transaction(runtime.sessions) as session:
        ada = session.scalars(select(Subscriber)).one()
        assert ada.next_digest_at == monday + timedelta(days=7)
        assert session.scalars(select(Delivery.period_key)).one() == "weekly:2026-11-23"
        # A second scheduler in the same period finds nothing due.
        assert store.due_subscriber_ids(session, monday + timedelta(minutes=5)) == []


def test_a_dkim_signed_digest_verifies_after_real_smtp(runtime: Runtime, tmp_path: Path) -> None:
    key, record = make_dkim_key(tmp_path)
    settings = runtime.settings.replace(
        dkim_selector=SELECTOR, dkim_key_file=str(key), unsubscribe_mailto="leave@letter.example"
    )
    queue_all(runtime, NOW)

    async def scenario() -> Inbox:
        async with capture_server() as inbox:
            mailer = SmtpMailer(parse_smtp_url(inbox.url))
            report = await send_due(runtime.sessions, mailer, settings, lambda: NOW)
            [outcome] = report.outcomes
            assert outcome.status is DeliveryStatus.SENT
        return inbox

    [received] = asyncio.run(scenario()).messages
    assert received.raw.startswith(b"DKIM-Signature: ")
    assert dkim.verify(received.raw, dnsfunc=dns_for(record, "letter.example"))
    https, mailto = received.parsed()["List-Unsubscribe"].split(", ")
    token = https.removesuffix(">").rsplit("/", 1)[1]
    assert mailto == f"<mailto:leave@letter.example?subject=unsubscribe%20{token}>"
    with transaction(runtime.sessions) as session:
        ada = session.scalars(select(Subscriber)).one()
        assert read_token(settings.secret_key, token).subscriber_id == ada.id


def test_an_unreadable_dkim_key_stops_the_run_and_sends_nothing(
    runtime: Runtime, tmp_path: Path
) -> None:
    [delivery_id] = queue_all(runtime, NOW)
    missing = str(tmp_path / "missing.pem")
    settings = runtime.settings.replace(dkim_selector=SELECTOR, dkim_key_file=missing)
    fake = RecordingMailer()
    with pytest.raises(ConfigError, match="cannot read dkim_key_file"):
        send(runtime, fake, NOW, settings)
    assert fake.sent == []
    row = delivery_row(runtime, delivery_id)
    assert row.status == DeliveryStatus.QUEUED and row.attempts == 0
