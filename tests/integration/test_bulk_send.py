"""Sends composed a chunk at a time, sent as they are composed: the same digests as one at a
time, nothing lost or doubled when a run stops or dies, worker processes included."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from digest.config import Settings
from digest.db import transaction
from digest.errors import DeliveryError
from digest.mail import bulk, outbox, pipeline
from digest.mail.capture import Inbox
from digest.mail.deliver import SendReport, send_due
from digest.mail.message import OutgoingMessage
from digest.mail.sending import Queued, queue_digests
from digest.mail.smtp import Mailer, RecordingMailer
from digest.models import Delivery, DeliverySection, Subscriber
from digest.resources import sample_feed_path
from digest.roster import import_subscribers
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic, update_subscriber
from digest.tokens import make_token
from digest.types import Cadence, DeliveryStatus, SubscriberStatus
from tests.feedbuilder import Item, issue, rss, story

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=8)  # every weekly digest is due
SECRET = "test-secret"
TOPICS = {
    "kites": "kite OR kites",
    "chips": "chip OR RISC-V OR fab",
    "robots": "robot OR robots OR arm",
    "energy": 'solar OR "heat pump" OR battery OR batteries',
    "repair": "repair OR clock OR clocks",
}


@dataclass(frozen=True)
class Reader:
    """One kind of subscriber: an audience holds one of each."""

    name: str
    topics: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    status: SubscriberStatus = SubscriberStatus.ACTIVE
    paused: bool = False
    send_empty: bool = False
    cadence: Cadence = Cadence.WEEKLY


READERS = (
    Reader("two-topics", ("chips", "energy")),
    Reader("topic-and-query", ("robots",), ("battery OR clock",)),
    Reader("own-query", queries=('"heat pump" OR solar',)),
    Reader("everything", tuple(TOPICS)),  # past the caps
    Reader("paused", ("chips",), paused=True),
    Reader("gone", ("chips",), status=SubscriberStatus.UNSUBSCRIBED),
    Reader("nothing-matches", queries=("zeppelin",), send_empty=True),
    Reader("instant", ("repair",), cadence=Cadence.INSTANT),
)


def settings_for(db_url: str) -> Settings:
    return Settings(
        database_url=db_url,
        secret_key=SECRET,
        from_address="Digest <digest@letter.example>",
        per_topic_cap=2,
        max_sections=4,
        send_workers=1,
    )


def audience(runtime: Runtime, prefix: str) -> list[int]:
    """One subscriber of each kind, addressed `<prefix>-<kind>@example.org`; their ids."""
    ids = []
    with transaction(runtime.sessions) as session:
        for reader in READERS:
            changes = SubscriberChanges(
                topics=reader.topics,
                queries=reader.queries,
                status=reader.status,
                send_empty=reader.send_empty,
                cadence=reader.cadence,
            )
            subscriber = add_subscriber(
                session, f"{prefix}-{reader.name}@example.org", changes, NOW
            )
            if reader.paused:
                subscriber.paused_until = LATER + timedelta(days=30)
            session.flush()
            ids.append(subscriber.id)
    return ids


@pytest.fixture
def runtime(db_url: str) -> Runtime:
    opened = Runtime.open(settings_for(db_url), clock=lambda: NOW)
    with transaction(opened.sessions) as session:
        for slug, query in TOPICS.items():
            add_topic(session, slug, query, None, NOW)
    return opened


def send(
    runtime: Runtime, ids: Sequence[int], now: datetime, *, scheduled: bool
) -> list[OutgoingMessage]:
    """`digest send` for these subscribers, as it runs at `now`; the messages it sent."""
    mailer = RecordingMailer()
    report = send_with(runtime, mailer, ids, now, scheduled=scheduled)
    assert report.pause is None and not report.released
    return mailer.sent


def send_with(
    runtime: Runtime,
    mailer: Mailer,
    ids: Sequence[int],
    now: datetime = NOW,
    *,
    scheduled: bool = False,
    on_queued: pipeline.OnQueued | None = None,
) -> SendReport:
    """A send run of these subscribers' digests through `mailer`, as `digest send` runs it."""
    return asyncio.run(
        pipeline.send_digests(
            runtime.sessions,
            mailer,
            runtime.settings,
            lambda: now,
            runtime.digest_rules,
            ids,
            now,
            scheduled=scheduled,
            drain_ids=ids,
            on_queued=on_queued,
        )
    )


def through_the_outbox(
    runtime: Runtime, ids: Sequence[int], now: datetime, *, scheduled: bool
) -> list[OutgoingMessage]:
    """The other way: queued, then each rendered from what the outbox holds."""
    queue_digests(runtime.sessions, ids, now, runtime.digest_rules, scheduled=scheduled)
    mailer = RecordingMailer()
    asyncio.run(
        send_due(runtime.sessions, mailer, runtime.settings, lambda: now, subscriber_ids=ids)
    )
    return mailer.sent


def seen_as(
    runtime: Runtime, messages: Sequence[OutgoingMessage], prefix: str
) -> dict[str, list[str]]:
    """Each reader kind's messages as a reader sees them, with what differs between two
    identical readers (address, link token, delivery number) made alike."""
    with transaction(runtime.sessions) as session:
        tokens = {
            make_token(SECRET, s.id, s.token_version): s.email
            for s in session.scalars(select(Subscriber))
        }
    found: dict[str, list[str]] = {}
    for message in messages:
        kind = message.recipient.removeprefix(f"{prefix}-").removesuffix("@example.org")
        parsed = message_from_bytes(message.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        parts = [str(parsed["Subject"])]
        for subtype in ("plain", "html"):
            body = parsed.get_body((subtype,))
            assert body is not None
            parts.append(str(body.get_content()))
        text = "\n".join(parts).replace(message.recipient, "READER")
        for token in tokens:
            text = text.replace(token, "TOKEN")
        found.setdefault(kind, []).append(re.sub(r"/view/TOKEN/\d+", "/view/TOKEN/N", text))
    return found


def promised(runtime: Runtime, ids: Sequence[int]) -> list[list[tuple[object, ...]]]:
    """Each subscriber's deliveries (kind, status, those past the caps) and their sections
    in order."""
    result = []
    with transaction(runtime.sessions) as session:
        for subscriber_id in ids:
            rows = session.execute(
                select(
                    Delivery.kind,
                    Delivery.status,
                    Delivery.overflow,
                    DeliverySection.section_id,
                    DeliverySection.shown,
                    DeliverySection.catchup,
                )
                .join(DeliverySection, DeliverySection.delivery_id == Delivery.id, isouter=True)
                .where(Delivery.subscriber_id == subscriber_id)
                .order_by(Delivery.id, DeliverySection.ordinal)
            )
            result.append([tuple(row) for row in rows])
    return result


KITES = (
    ("Kites over the estuary", "A club flies stunt kites at low tide every Sunday morning"),
    ("How to mend a torn kite", "Ripstop tape, a needle and patience: a kite lives again"),
)


def add_old_kites(runtime: Runtime, tmp_path: Path) -> None:
    """A feed whose stories are older than anyone's first digest: only a catch-up brings them."""
    items = [
        Item(f"kite-{n}", title, issue(story(title, body * 3)))
        for n, (title, body) in enumerate(KITES)
    ]
    path = tmp_path / "kites.xml"
    path.write_bytes(rss(*items, title="Kite Letter"))
    older = Runtime.open(runtime.settings, clock=lambda: NOW - timedelta(days=10))
    older.add_feed(str(path), backfill=True)
    older.close()


def follow_more(runtime: Runtime, ids: Sequence[int]) -> None:
    """Each follows more topics: their next digest catches up on them."""
    with transaction(runtime.sessions) as session:
        for subscriber_id in ids:
            subscriber = session.get(Subscriber, subscriber_id)
            assert subscriber is not None
            topics = sorted({*(t.slug for t in subscriber.topics), "kites", "energy", "repair"})
            update_subscriber(
                session, subscriber, SubscriberChanges(topics=topics), NOW + timedelta(days=1)
            )


def test_a_batch_send_is_what_one_at_a_time_sends(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 3)  # several chunks, a chunk's readers of every kind
    # Addresses of one length: a footer's line breaks depend on it.
    batch, single, queued = (audience(runtime, p) for p in ("batch", "alone", "queue"))
    add_old_kites(runtime, tmp_path)
    runtime.add_feed(str(sample_feed_path()), backfill=True)
    rounds: list[tuple[datetime, bool]] = [(NOW, False), (LATER, True)]
    seen: dict[str, list[dict[str, list[str]]]] = {"batch": [], "single": [], "queued": []}
    for number, (now, scheduled) in enumerate(rounds):
        if number == 1:
            follow_more(runtime, [a[i] for a in (batch, single, queued) for i in (0, 2)])
        sent = send(runtime, batch, now, scheduled=scheduled)
        seen["batch"].append(seen_as(runtime, sent, "batch"))
        sent = [m for one in single for m in send(runtime, [one], now, scheduled=scheduled)]
        seen["single"].append(seen_as(runtime, sent, "alone"))
        sent = through_the_outbox(runtime, queued, now, scheduled=scheduled)
        seen["queued"].append(seen_as(runtime, sent, "queue"))
    assert seen["batch"] == seen["single"] == seen["queued"]
    first, second = seen["batch"]
    assert sorted(first) == ["everything", "instant", "own-query", "topic-and-query", "two-topics"]
    assert "nothing-matches" in second and "Nothing new matched" in second["nothing-matches"][0]
    assert all("What you missed" in second[kind][0] for kind in ("two-topics", "own-query"))
    assert "Kites over the estuary" in second["own-query"][0]
    assert "more stories matched your topics" in first["everything"][0]  # past the caps
    assert promised(runtime, batch) == promised(runtime, single) == promised(runtime, queued)


class _FailsAfter(RecordingMailer):
    """Takes `count` messages, then the server fails for everyone."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    async def send(self, message: OutgoingMessage) -> None:
        if len(self.sent) >= self.count:
            raise DeliveryError("421 closing", permanent=False, scope="server")
        await super().send(message)


class _Answering(RecordingMailer):
    """Takes each message after a few milliseconds, as a server on the network does."""

    async def send(self, message: OutgoingMessage) -> None:
        await asyncio.sleep(0.004)
        await super().send(message)


def statuses(runtime: Runtime) -> dict[str, int]:
    counts: dict[str, int] = {}
    with transaction(runtime.sessions) as session:
        for status in session.scalars(select(Delivery.status)):
            counts[status] = counts.get(status, 0) + 1
    return counts


def many(runtime: Runtime, count: int) -> list[int]:
    """`count` active readers of two topics, and the bundled sample feed, read back; their ids."""
    rows = "\n".join(f"reader{n}@example.org,active,chips energy" for n in range(count))
    with transaction(runtime.sessions) as session:
        import_subscribers(session, f"email,status,topics\n{rows}\n", NOW)
        ids = list(session.scalars(select(Subscriber.id).order_by(Subscriber.id)))
    runtime.add_feed(str(sample_feed_path()), backfill=True)
    return ids


def test_a_server_failure_midway_leaves_the_rest_queued_for_the_next_run(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 4)
    ids = many(runtime, 20)
    failing = _FailsAfter(7)
    report = send_with(runtime, failing, ids)
    assert report.pause is not None and len(failing.sent) == 7
    # What was composed is queued, none of it held by a lease; who was not composed yet
    # waits for the next run, which sends everyone else their digest, once.
    assert "sending" not in statuses(runtime) and statuses(runtime)["sent"] == 7
    later = report.pause.probe_at
    rest = send(runtime, ids, later, scheduled=False)
    everyone = sorted(m.recipient for m in [*failing.sent, *rest])
    assert everyone == sorted(f"reader{n}@example.org" for n in range(20))
    assert statuses(runtime) == {"sent": 20}


def test_a_run_that_dies_after_composing_loses_nothing(runtime: Runtime) -> None:
    ids = many(runtime, 6)
    job = pipeline.send_job(
        runtime.sessions,
        runtime.settings,
        runtime.digest_rules,
        ids,
        NOW,
        scheduled=False,
        worker="dead",
    )

    async def compose_then_die() -> None:
        composed = pipeline.composed_digests(job, ids, workers=1)
        assert len(await anext(composed)) == 6  # composed, rendered, never sent
        await composed.aclose()

    asyncio.run(compose_then_die())
    assert statuses(runtime) == {"sending": 6}  # held by the dead run's lease
    mailer = RecordingMailer()
    asyncio.run(
        send_due(runtime.sessions, mailer, runtime.settings, lambda: NOW + timedelta(minutes=1))
    )
    assert mailer.sent == []  # nobody takes a leased delivery early
    expired = NOW + outbox.LEASE + timedelta(seconds=1)
    asyncio.run(send_due(runtime.sessions, mailer, runtime.settings, lambda: expired))
    assert sorted(m.recipient for m in mailer.sent) == [f"reader{n}@example.org" for n in range(6)]
    assert statuses(runtime) == {"sent": 6}


def test_who_leaves_between_composing_and_sending_is_not_sent_their_digest(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 3)
    ids = many(runtime, 6)
    leaving = {"reader1@example.org", "reader4@example.org"}

    def unsubscribe_on_composing(notes: Sequence[Queued]) -> None:
        # Heard once a chunk is composed and queued, before any of it is sent.
        with transaction(runtime.sessions) as session:
            for note in notes:
                if note.email in leaving:
                    subscriber = session.get(Subscriber, note.subscriber_id)
                    assert subscriber is not None
                    changes = SubscriberChanges(status=SubscriberStatus.UNSUBSCRIBED)
                    update_subscriber(session, subscriber, changes, NOW)

    mailer = RecordingMailer()
    report = send_with(runtime, mailer, ids, on_queued=unsubscribe_on_composing)
    sent = sorted(m.recipient for m in mailer.sent)
    assert sent == sorted({f"reader{n}@example.org" for n in range(6)} - leaving)
    assert statuses(runtime) == {"sent": 4, "cancelled": 2}
    assert report.counts[DeliveryStatus.CANCELLED] == 2
    with transaction(runtime.sessions) as session:
        reasons = session.scalars(
            select(Delivery.last_error).where(Delivery.status == DeliveryStatus.CANCELLED)
        )
        assert set(reasons) == {"cancelled: the subscriber is unsubscribed"}


def test_composed_messages_are_recorded_sent_in_few_commits(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 20)
    ids = many(runtime, 40)
    commits: list[int] = []
    record = outbox.mark_sent_many

    def counted(*args: Any) -> None:
        commits.append(len(args[2]))
        record(*args)

    monkeypatch.setattr(outbox, "mark_sent_many", counted)
    mailer = _Answering()
    report = send_with(runtime, mailer, ids)
    assert len(mailer.sent) == 40 and statuses(runtime) == {"sent": 40}
    # A commit for what the connections finish together would be 10 or more.
    assert sum(commits) == 40 and len(commits) <= 6
    assert not report.released


def test_a_failed_record_gives_nothing_back_that_the_server_took(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "CHUNK", 4)
    ids = many(runtime, 12)

    def database_gone(*args: Any) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(outbox, "mark_sent_many", database_gone)
    mailer = RecordingMailer()
    with pytest.raises(OSError, match="disk I/O error"):
        send_with(runtime, mailer, ids)
    # What the server took stays leased to the run (until the lease ends), not given back
    # to the outbox to be sent again at once.
    assert mailer.sent
    with transaction(runtime.sessions) as session:
        rows = session.execute(select(Delivery.status, Subscriber.email).join(Subscriber))
        leased = {email for status, email in rows if status == DeliveryStatus.SENDING}
    assert {m.recipient for m in mailer.sent} <= leased


def test_a_large_send_composes_in_worker_processes(
    db_url: str, smtp_server: Inbox, tmp_path: Path
) -> None:
    """`digest send --all` as an operator runs it, past the size that starts workers: every
    reader gets one digest, and the output says so."""
    opened = Runtime.open(settings_for(db_url), clock=lambda: NOW)
    with transaction(opened.sessions) as session:
        for slug, query in TOPICS.items():
            add_topic(session, slug, query, None, NOW)
    count = pipeline.MIN_CHUNKS_FOR_WORKERS * bulk.CHUNK + 1
    many(opened, count)
    opened.close()
    env = {k: v for k, v in os.environ.items() if k != "DIGEST_CONFIG"}
    env |= {
        "DIGEST_DATABASE_URL": db_url,
        "DIGEST_SECRET_KEY": SECRET,
        "DIGEST_SMTP_URL": smtp_server.url,
        "DIGEST_FROM": "Digest <digest@letter.example>",
        "DIGEST_SEND_WORKERS": "2",
    }
    command = [sys.executable, "-m", "digest", "send", "--all", "--now", NOW.isoformat()]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    received = sorted(r for m in smtp_server.messages for r in m.recipients)
    assert received == sorted(f"reader{n}@example.org" for n in range(count))
    assert done.stdout.count(": sent (delivery") == count
    assert "Traceback" not in done.stderr


def test_a_dry_run_takes_the_send_s_decisions_and_writes_nothing(runtime: Runtime) -> None:
    from digest.mail.sending import plan_sends

    ids = audience(runtime, "dry")
    runtime.add_feed(str(sample_feed_path()), backfill=True)
    planned = plan_sends(runtime.sessions, ids, NOW, runtime.digest_rules, scheduled=False)
    assert statuses(runtime) == {}
    sent = send(runtime, ids, NOW, scheduled=False)
    would = {p.email for p in planned if p.note.startswith("would queue")}
    assert would == {m.recipient for m in sent}
    notes = {p.email.split("@")[0].removeprefix("dry-"): p.note for p in planned}
    assert notes["paused"].startswith("skipped: paused until")
    assert notes["gone"] == "skipped: subscriber is unsubscribed"
    assert notes["nothing-matches"] == "nothing new"
    assert statuses(runtime).get(DeliveryStatus.SENT) == len(would)


def test_a_composer_overtaken_between_planning_and_writing_plans_again(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning reads without locking; if another composer (or a save on a subscriber's
    page) changed the chunk's subscribers before the plan is written, the chunk is planned
    again under their rows' lock: nothing is promised twice."""
    ids = many(runtime, 3)
    decide, overtaken = bulk._decide, list[OutgoingMessage]()

    def overtaking(*args: Any, **kwargs: Any) -> Any:
        decided = decide(*args, **kwargs)
        if len(decided.readers) == 3 and not overtaken:  # read before the other one wrote
            overtaken.extend(send(runtime, ids[:1], NOW, scheduled=False))
        return decided

    monkeypatch.setattr(bulk, "_decide", overtaking)
    sent = send(runtime, ids, NOW, scheduled=False)
    assert [m.recipient for m in overtaken] == ["reader0@example.org"]
    assert sorted(m.recipient for m in sent) == ["reader1@example.org", "reader2@example.org"]
    assert statuses(runtime) == {"sent": 3}
