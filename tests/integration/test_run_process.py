"""`digest run` as the operator runs it: a real process, a real feed server, a real SMTP
server; SIGTERM to stop it. And two `digest run --once` at every tick of a simulated week on
PostgreSQL, as two schedulers started by mistake would run."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from digest.mail import Inbox
from tests.conftest import POSTGRES_URL, FeedServer, Result, Route, free_port
from tests.feedbuilder import Item, issue, rss, story

# The process's clock starts here and runs at the real pace (time-machine, in the process):
# the 08:00 digest is due 40 seconds after it starts.
FAKE_START = datetime(2026, 10, 5, 7, 59, 20, tzinfo=UTC)

#: `digest` itself, with its clock moved: the design's clock seam, for a real process.
ON_A_MOVED_CLOCK = """
import sys, time_machine
from datetime import datetime
from digest.cli import console
sys.argv = ["digest", *sys.argv[2:]]
with time_machine.travel(datetime.fromisoformat(sys.argv_start), tick=True):
    console()
"""


def chip_issue(n: int, published: datetime) -> Item:
    return Item(
        f"issue-{n}",
        f"Issue {n}",
        issue(
            story(f"Chip news {n}", f"A new chip fabrication plant opens, report number {n}."),
            story(f"Garden news {n}", f"Tomatoes are ripe this week, note number {n}."),
        ),
        date=published.strftime("%a, %d %b %Y %H:%M:%S +0000"),
    )


def environment(database_url: str, smtp_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DIGEST_", "FAKETIME"))}
    env.pop("LD_PRELOAD", None)
    env.update(
        DIGEST_DATABASE_URL=database_url,
        DIGEST_SMTP_URL=smtp_url,
        DIGEST_SECRET_KEY="test-secret",
        DIGEST_FROM="Digest <digest@letter.example>",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.fixture
def sqlite_world(
    run: Callable[..., Result], tmp_path: Path, feed_server: FeedServer
) -> tuple[str, Callable[..., Result]]:
    url = f"sqlite:///{tmp_path / 'digest.db'}"

    def digest(*args: str) -> Result:
        result = run("--database", url, *args)
        assert result.code == 0, result.err
        return result

    digest("db", "upgrade")
    return url, digest


def test_digest_run_sends_a_notification_within_a_minute_and_the_digest_at_its_minute(
    sqlite_world: tuple[str, Callable[..., Result]],
    feed_server: FeedServer,
    smtp_server: Inbox,
    tmp_path: Path,
) -> None:
    url, digest = sqlite_world
    before = FAKE_START - timedelta(hours=1)
    feed_server.routes["/feed.xml"] = Route(body=rss(chip_issue(0, before)))
    setup = f"--now={before.isoformat()}"
    digest("feed", "add", feed_server.url("/feed.xml"), setup)
    digest("topic", "add", "chips", "--query", "chip", setup)
    for email, cadence in (("daily@example.org", "daily"), ("instant@example.org", "instant")):
        digest(
            "subscriber",
            "add",
            email,
            "--topic",
            "chips",
            "--cadence",
            cadence,
            "--hour",
            "8",
            "--confirmed",
            setup,
        )
    # the archive the feed held when added is not delivered: publish one post before the run
    feed_server.routes["/feed.xml"] = Route(body=rss(chip_issue(1, before), chip_issue(0, before)))
    digest("poll", f"--now={(before + timedelta(minutes=5)).isoformat()}")

    port = free_port()
    env = environment(url, smtp_server.url, DIGEST_TICK_SECONDS="2", DIGEST_POLL_INTERVAL="2")
    wrapper = ON_A_MOVED_CLOCK.replace("sys.argv_start", repr(FAKE_START.isoformat()))
    command = [sys.executable, "-c", wrapper, "-", "run", "--metrics-port", str(port)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        received = lambda to: [m for m in smtp_server.messages if to in m.recipients]  # noqa: E731
        assert wait_for(lambda: bool(received("instant@example.org")), 20), "no first notification"
        # a new post reaches the instant subscriber within a minute of being published
        published = time.monotonic()
        feed_server.routes["/feed.xml"] = Route(
            body=rss(chip_issue(2, FAKE_START), chip_issue(1, before), chip_issue(0, before))
        )
        assert wait_for(lambda: len(received("instant@example.org")) == 2, 60)
        assert time.monotonic() - published < 60
        assert "Chip news 2" in received("instant@example.org")[-1].parsed()["Subject"]

        # the daily digest, at 08:00 of the process's clock, holding both new posts
        assert not received("daily@example.org")
        assert wait_for(lambda: bool(received("daily@example.org")), 60), "no digest at 08:00"
        daily = received("daily@example.org")[0].parsed()
        sent = datetime.strptime(daily["Date"], "%a, %d %b %Y %H:%M:%S %z")
        assert FAKE_START.replace(minute=0, second=0) + timedelta(hours=1) <= sent
        assert sent < FAKE_START + timedelta(minutes=2)
        body = daily.get_body(("plain",))
        assert body is not None
        assert "Chip news 1" in body.get_content() and "Chip news 2" in body.get_content()

        def scrape() -> dict[str, Metric]:
            metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
            return {f.name: f for f in text_string_to_metric_families(metrics)}

        def counted(families: dict[str, Metric]) -> dict[str, float]:
            samples = families["digest_sends"].samples
            return {s.labels["outcome"]: s.value for s in samples if s.name == "digest_sends_total"}

        # A job run is counted when it ends, a moment after the server took its last message.
        assert wait_for(lambda: counted(scrape()).get("sent", 0) >= 3, 10)
        families = scrape()
        sends = counted(families)
        latency = {s.name: s.value for s in families["digest_send_seconds"].samples}
        assert latency["digest_send_seconds_count"] == sends["sent"]
        assert 0 < latency["digest_send_seconds_sum"] < 30
        outbox = {s.labels["status"]: s.value for s in families["digest_outbox"].samples}
        assert outbox["sent"] >= 3
        assert families["digest_delivery_paused"].samples[0].value == 0
        feeds = {s.labels["state"]: s.value for s in families["digest_feeds"].samples}
        assert feeds["ok"] == 1
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
        assert set(health.json()["jobs"]) == {"poll", "compose", "deliver"}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            _out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"digest run did not stop on SIGTERM: {process.communicate()[1]}")
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "digest run stopped" in err
    assert "compose: 1 digests queued" in err
    # each message once
    ids = [m.parsed()["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == len(set(ids)) == 3


def test_digest_run_refuses_what_it_cannot_do(
    sqlite_world: tuple[str, Callable[..., Result]], run: Callable[..., Result]
) -> None:
    url, _ = sqlite_world
    both = run("--database", url, "run", "--worker", "--no-worker")
    assert both.code == 2
    assert "exclude each other" in both.err
    clock = run("--database", url, "run", "--now", "2026-10-05T08:00:00Z")
    assert clock.code == 2
    assert "--now is for --once" in clock.err
    missing = run("--database", "sqlite:////nonexistent/dir/x.db", "run", "--once")
    assert missing.code != 0
    assert "Traceback" not in missing.err


def test_a_port_already_taken_for_metrics_is_a_clear_error(
    sqlite_world: tuple[str, Callable[..., Result]], smtp_server: Inbox
) -> None:
    url, _ = sqlite_world
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "digest", "run", "--metrics-port", str(port)],
            env=environment(url, smtp_server.url),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot serve metrics on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="DIGEST_TEST_POSTGRES_URL is not set")
def test_two_schedulers_through_a_week_on_postgresql_send_each_digest_once(
    run: Callable[..., Result], db_url: str, feed_server: FeedServer, smtp_server: Inbox
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("two schedulers at once: the PostgreSQL run")
    start = datetime(2026, 10, 5, tzinfo=UTC)  # a Monday

    def digest(*args: str) -> None:
        result = run("--database", db_url, *args)
        assert result.code == 0, result.err

    issues = [chip_issue(0, start - timedelta(days=1))]
    feed_server.routes["/feed.xml"] = Route(body=rss(*issues))
    setup = f"--now={start.isoformat()}"
    digest("feed", "add", feed_server.url("/feed.xml"), setup)
    digest("topic", "add", "chips", "--query", "chip", setup)
    people = {}
    for n in range(12):
        email, hour = f"reader{n}@example.org", (n % 4) * 6
        cadence = "weekly" if n % 3 == 0 else "daily"
        people[email] = cadence
        digest(
            "subscriber",
            "add",
            email,
            "--topic",
            "chips",
            "--cadence",
            cadence,
            "--day",
            "wed",
            "--hour",
            str(hour),
            "--confirmed",
            setup,
        )
    digest(
        "subscriber",
        "add",
        "instant@example.org",
        "--topic",
        "chips",
        "--cadence",
        "instant",
        "--confirmed",
        setup,
    )

    env = environment(db_url, smtp_server.url, DIGEST_PARSE_WORKERS="1")
    for tick in range(1, 7 * 4 + 1):  # every six hours, a new issue and two schedulers
        now = start + timedelta(hours=6 * tick)
        issues.insert(0, chip_issue(tick, now - timedelta(minutes=30)))
        feed_server.routes["/feed.xml"] = Route(body=rss(*issues))
        command = [sys.executable, "-m", "digest", "run", "--once", f"--now={now.isoformat()}"]
        both = [
            subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)
        ]
        for process in both:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "Traceback" not in err

    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.email, d.kind, d.period_key, d.status FROM deliveries d"
                " JOIN subscribers s ON s.id = d.subscriber_id"
            )
        ).all()
    engine.dispose()
    assert all(status == "sent" for *_, status in rows)
    periods = Counter((email, kind, key) for email, kind, key, _ in rows)
    assert max(periods.values()) == 1  # the unique key would have refused a second anyway
    received = Counter(r for m in smtp_server.messages for r in m.recipients)
    assert received == Counter(email for email, *_ in rows)  # each delivery received once
    for email, cadence in people.items():
        # A scheduler that found the feed claimed by the other one composes without the issue
        # the other is still storing: that digest says "nothing new" and its stories roll
        # over into the next one, so a daily reader may get six digests holding seven days.
        assert received[email] in ((6, 7) if cadence == "daily" else (1,)), email
    assert received["instant@example.org"] == 28  # a notification per new issue
    for recipient in received:
        stories = Counter(
            title
            for m in smtp_server.messages
            if recipient in m.recipients
            for title in re.findall(r"Chip news \d+", m.parsed().get_body(("plain",)).get_content())
        )
        assert stories and max(stories.values()) == 1, recipient  # no story reached them twice


def test_run_once_logs_each_job_as_a_line_plain_or_json(
    sqlite_world: tuple[str, Callable[..., Result]], feed_server: FeedServer, smtp_server: Inbox
) -> None:
    url, digest = sqlite_world
    moment = datetime(2026, 10, 5, 8, tzinfo=UTC)
    feed_server.routes["/feed.xml"] = Route(body=rss(chip_issue(0, moment)))
    digest("feed", "add", feed_server.url("/feed.xml"), f"--now={moment.isoformat()}")
    env = environment(url, smtp_server.url)
    once = [sys.executable, "-m", "digest", "run", "--once", f"--now={moment + timedelta(hours=2)}"]

    plain = subprocess.run([*once, "-v"], env=env, capture_output=True, text=True, timeout=60)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stderr.splitlines()
    assert [line.split(" ")[3] for line in lines] == ["poll:", "compose:", "deliver:"]
    assert "INFO poll: 1 feeds polled" in lines[0]
    assert "DEBUG compose: nothing due" in lines[1]

    feed_server.routes["/feed.xml"] = Route(status=500, body=b"down")
    later = [*once[:-1], f"--now={moment + timedelta(hours=4)}", "--log-format", "json"]
    result = subprocess.run(later, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr  # a failing feed is the feed's problem
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    poll, problem = entries[0], entries[1]
    assert poll["job"] == "poll" and poll["level"] == "info"
    assert poll["feeds_polled"] == 1 and poll["failed"] == 1
    assert isinstance(poll["seconds"], float)
    assert problem["level"] == "warning" and "500" in problem["problem"]
    assert {"time", "logger", "message"} <= set(poll)
