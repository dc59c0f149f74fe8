"""Several `digest send` processes at once, a sender killed at random moments, and a poll and
web saves during a send: each message reaches its reader once (at most one duplicate per
kill), and nothing fails. Real processes, a real SMTP server, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, insert, select

from digest.config import Settings
from digest.db import transaction
from digest.models import Delivery, Subscriber, Topic
from digest.runtime import Runtime
from digest.tokens import form_token, make_token
from digest.types import DeliveryKind, DeliveryStatus
from tests.conftest import free_port
from tests.feedbuilder import Item, issue, rss, story

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SECRET = "workers-secret"


class Counting:
    """An SMTP handler that counts the messages each address received."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.received.update(envelope.rcpt_tos)
        return "250 OK: queued"


@pytest.fixture
def smtp() -> Iterator[tuple[Counting, str]]:
    handler = Counting()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def queue_confirmations(db_url: str, count: int) -> list[str]:
    """`count` pending subscribers, each with a confirmation email queued, in two statements."""
    runtime = Runtime.open(Settings(database_url=db_url, secret_key=SECRET), clock=lambda: NOW)
    emails = [f"reader{n}@example.org" for n in range(count)]
    try:
        with transaction(runtime.sessions) as session:
            session.execute(
                insert(Subscriber),
                [{"email": e, "status": "pending", "created_at": NOW} for e in emails],
            )
            ids = session.scalars(select(Subscriber.id)).all()
            session.execute(
                insert(Delivery),
                [
                    {
                        "subscriber_id": i,
                        "kind": DeliveryKind.CONFIRMATION,
                        "period_key": "confirm:1",
                        "status": DeliveryStatus.QUEUED,
                        "attempts": 0,
                        "created_at": NOW,
                    }
                    for i in ids
                ],
            )
    finally:
        runtime.close()
    return emails


def environment(smtp_url: str) -> dict[str, str]:
    env = {**os.environ, "DIGEST_SECRET_KEY": SECRET, "DIGEST_SMTP_URL": smtp_url}
    env.update(DIGEST_FROM="Digest <digest@letter.example>", PYTHONUNBUFFERED="1")
    env.pop("DIGEST_CONFIG", None)
    return env


def sender(
    db_url: str, smtp_url: str, now: datetime, audience: str = "--due"
) -> subprocess.Popen[str]:
    """`digest send` of what is due in the outbox, or (`--all`) everyone's digest."""
    command = [sys.executable, "-m", "digest", "--database", db_url, "send", audience]
    return subprocess.Popen(
        [*command, "--now", now.isoformat()],
        cwd=ROOT,
        env=environment(smtp_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def statuses(db_url: str) -> dict[str, int]:
    runtime = Runtime.open(Settings(database_url=db_url, secret_key=SECRET), clock=lambda: NOW)
    try:
        with transaction(runtime.sessions) as session:
            found = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
            return {str(status): int(n) for status, n in found}
    finally:
        runtime.close()


def finish(process: subprocess.Popen[str], timeout: float = 240) -> str:
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "internal error" not in err, err
    return err


@pytest.mark.parametrize(
    ("workers", "count", "kind"),
    [
        pytest.param(4, 5000, "postgresql", marks=pytest.mark.postgres),
        pytest.param(2, 600, "sqlite"),
    ],
)
def test_workers_at_once_send_each_message_exactly_once(
    database_url: str, smtp: tuple[Counting, str], workers: int, count: int, kind: str
) -> None:
    if not database_url.startswith(kind):
        pytest.skip(f"this case runs on {kind}")
    from digest.db import create_db_engine, upgrade

    engine = create_db_engine(database_url)
    upgrade(engine)
    engine.dispose()
    handler, url = smtp
    emails = queue_confirmations(database_url, count)
    processes = [sender(database_url, url, NOW) for _ in range(workers)]
    for process in processes:
        finish(process)
    assert handler.received == Counter(emails)  # every reader once, no one twice
    assert statuses(database_url) == {"sent": count}


@pytest.mark.parametrize("connections", [1, 4])
def test_a_sender_killed_at_random_moments_loses_nothing(
    db_url: str,
    smtp: tuple[Counting, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    connections: int,
) -> None:
    """A kill can only double the messages the server had taken and the sender had not yet
    recorded: at most one per connection, and in practice fewer."""
    monkeypatch.setenv("DIGEST_SMTP_CONNECTIONS", str(connections))
    handler, url = smtp
    emails = queue_confirmations(db_url, 2000)
    rng = random.Random(20261203 + connections)
    kills, moment = 0, NOW
    while kills < 10 and statuses(db_url).get("sent", 0) < len(emails):
        process = sender(db_url, url, moment)
        time.sleep(rng.uniform(0.8, 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.communicate(timeout=30)
        moment += timedelta(minutes=11)  # the dead sender's leases have run out
    finish(sender(db_url, url, moment))
    duplicates = sum(handler.received.values()) - len(handler.received)
    with capsys.disabled():
        print(
            f"\n{len(emails)} digests, {connections} connections, {kills} kills:"
            f" {len(handler.received)} received, {duplicates} duplicates"
        )
    assert set(handler.received) == set(emails)  # nothing lost
    assert duplicates <= kills * connections  # at most those in flight at each kill
    assert statuses(db_url) == {"sent": len(emails)}


def test_a_send_run_killed_while_composed_digests_go_out_loses_none(
    db_url: str, smtp: tuple[Counting, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`send --all` composes in worker processes and records what the server took by group
    commits, without holding up its connections: a kill of the sending process can double
    only what the server took since the last commit (`MAX_UNRECORDED` at the very most).
    What was composed waits out its lease and goes with the next run; who was not composed
    is composed then. Every reader gets their digest, one each but for those doubles."""
    from digest.mail.deliver import MAX_UNRECORDED

    handler, url = smtp
    emails = active_readers_of_the_sample(db_url, 1200)  # enough for worker processes
    rng = random.Random(20261207)
    kills, moment = 0, NOW
    while kills < 3:
        process = sender(db_url, url, moment, "--all")
        goal = sum(handler.received.values()) + rng.randint(20, 250)
        deadline = time.monotonic() + 120
        while sum(handler.received.values()) < goal and process.poll() is None:
            assert time.monotonic() < deadline, "the send run made no progress"
            time.sleep(0.01)
        if process.poll() is not None:
            break  # finished before the moment came
        process.send_signal(signal.SIGKILL)  # the sending process only, as a crash would
        process.communicate(timeout=30)  # its workers hold its stderr: they end with it
        kills += 1
        moment += timedelta(minutes=11)  # the dead run's leases have run out
    finish(sender(db_url, url, moment, "--all"))
    duplicates = sum(handler.received.values()) - len(handler.received)
    with capsys.disabled():
        print(f"\n{len(emails)} digests, {kills} kills: {duplicates} duplicates")
    assert kills == 3
    assert set(handler.received) == set(emails)  # nothing lost
    assert duplicates <= kills * MAX_UNRECORDED
    assert statuses(db_url) == {"sent": len(emails)}


def active_readers_of_the_sample(db_url: str, count: int) -> list[str]:
    """`count` active readers following one topic of the bundled sample feed."""
    from digest.resources import sample_feed_path
    from digest.subscriptions import add_topic

    runtime = Runtime.open(Settings(database_url=db_url, secret_key=SECRET), clock=lambda: NOW)
    emails = [f"reader{n}@example.org" for n in range(count)]
    try:
        with transaction(runtime.sessions) as session:
            add_topic(session, "energy", 'solar OR "heat pump" OR battery', None, NOW)
            session.execute(
                insert(Subscriber),
                [{"email": e, "status": "active", "created_at": NOW} for e in emails],
            )
            topic = session.scalars(select(Topic)).one()
            for found in session.scalars(select(Subscriber)):
                found.topics = [topic]
        runtime.add_feed(str(sample_feed_path()), backfill=True)
    finally:
        runtime.close()
    return emails


def test_a_poll_and_web_saves_during_a_send_all_succeed(
    db_url: str, smtp: tuple[Counting, str], tmp_path: Path
) -> None:
    from digest.web import create_app

    handler, url = smtp
    emails = queue_confirmations(db_url, 800)
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss(Item("1", "Issue 1", issue(story("Chips", "A chip story.")))))
    env = environment(url)
    digest = [sys.executable, "-m", "digest", "--database", db_url]
    added = subprocess.run(
        [*digest, "feed", "add", str(feed), "--now", NOW.isoformat()],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    feed.write_bytes(
        rss(*(Item(str(n), f"Issue {n}", issue(story(f"Chips {n}", "A chip."))) for n in range(30)))
    )
    sending = sender(db_url, url, NOW)
    poll = subprocess.Popen(
        [*digest, "poll", "--all", "--now", NOW.isoformat()],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    settings = Settings(database_url=db_url, secret_key=SECRET, smtp_url=url)
    runtime = Runtime.open(settings, clock=lambda: NOW)
    try:
        client = create_app(runtime).test_client()
        with transaction(runtime.sessions) as session:
            ids = session.scalars(select(Subscriber.id).order_by(Subscriber.id).limit(40)).all()
        answers = []
        for subscriber_id in ids:
            token = make_token(SECRET, subscriber_id, 1)
            link = f"/preferences/{token}"
            form = {"queries": "chip", "cadence": "daily", "weekday": "mon", "hour": "7"}
            form |= {"timezone": "UTC", "form_token": form_token(SECRET, token)}
            answers.append(client.post(link, data=form).status_code)
    finally:
        runtime.close()
    finish(poll, timeout=120)
    finish(sending)
    assert answers == [303] * len(ids)
    assert handler.received == Counter(emails)


def test_sigterm_stops_a_send_cleanly_and_the_rest_stays_queued(
    db_url: str, smtp: tuple[Counting, str]
) -> None:
    handler, url = smtp
    emails = queue_confirmations(db_url, 3000)
    process = sender(db_url, url, NOW)
    deadline = time.monotonic() + 60
    while sum(handler.received.values()) < 50:  # well into the send
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    finish(process, timeout=60)  # exit status 0, no traceback
    counts = statuses(db_url)
    assert "sending" not in counts  # what was claimed and not tried was given back
    assert counts.get("sent", 0) == sum(handler.received.values()) < len(emails)
    assert counts.get("sent", 0) + counts.get("queued", 0) == len(emails)
    finish(sender(db_url, url, NOW))  # the next run sends the rest
    assert handler.received == Counter(emails)


def test_four_operators_sending_to_everyone_at_once_send_each_digest_once(
    db_url: str, smtp: tuple[Counting, str]
) -> None:
    handler, url = smtp
    emails = active_readers_of_the_sample(db_url, 120)
    processes = [sender(db_url, url, NOW, "--all") for _ in range(4)]
    for process in processes:
        finish(process)
    assert handler.received == Counter(emails)  # one digest each, not four
    assert statuses(db_url) == {"sent": len(emails)}
