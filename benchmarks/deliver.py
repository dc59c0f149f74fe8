"""Draining the outbox into Postfix's smtp-sink: digest against the naive path and SMTP's ceiling.

The workload: N active subscribers of the bundled sample feed, each following two of four
topics, all with a digest due. Three systems, in turn, each into a fresh smtp-sink on
127.0.0.1 (Debian: `apt-get install postfix`; only the `smtp-sink` and `smtp-source` tools
are used, never the Postfix daemon), each timed from start to exit as a separate process:

- digest: `digest send --all`, composition, rendering and delivery, as an operator runs it;
- naive: for each subscriber, compose (`plan_digest`), render the templates, build an
  `email.message.EmailMessage` and send it with `aiosmtplib.send`, a new connection each;
- smtp-source: Postfix's own load generator, 16 sessions, messages of the digests' size:
  the most this machine's SMTP path can take.

    python benchmarks/deliver.py [-n 2000]

The table gives digests per second, CPU seconds (user + system) and peak RSS of each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
TOPICS = {
    "energy": 'solar OR "heat pump" OR battery',
    "repair": "repair OR tractor",
    "tools": "tool OR workshop",
    "garden": "garden OR tomato OR seed",
}
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def sink() -> Iterator[int]:
    """A fresh smtp-sink on a free port, that takes every message and keeps none."""
    port = free_port()
    command = [
        shutil.which("smtp-sink") or "smtp-sink",
        "-u",
        "nobody",
        "-m",
        "64",
        f"127.0.0.1:{port}",
        "256",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait()


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS in KB of one process, as GNU time reports them
    (a child forked from this process would count this process's memory as its own)."""
    with tempfile.NamedTemporaryFile("r") as report:
        timing = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *command]
        subprocess.run(timing, env=env, stdout=subprocess.DEVNULL, check=True)
        wall, user, system, rss = report.read().split()
    return float(wall), float(user) + float(system), int(rss)


def prepare(directory: Path, count: int) -> dict[str, str]:
    """A database with `count` subscribers whose digests are due; the environment to use it."""
    from digest.config import Settings
    from digest.db import create_db_engine, transaction, upgrade
    from digest.resources import sample_feed_path
    from digest.runtime import Runtime
    from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
    from digest.types import SubscriberStatus

    url = f"sqlite:///{directory / 'digest.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = Settings(database_url=url, secret_key="bench", from_address="D <d@bench.example>")
    runtime = Runtime.open(settings, clock=lambda: NOW)
    names = list(TOPICS)
    with transaction(runtime.sessions) as session:
        for slug, query in TOPICS.items():
            add_topic(session, slug, query, None, NOW)
        for n in range(count):
            topics = [names[n % 4], names[(n + 1) % 4]]
            changes = SubscriberChanges(topics=topics, status=SubscriberStatus.ACTIVE)
            add_subscriber(session, f"reader{n}@bench.example", changes, NOW)
    runtime.add_feed(str(sample_feed_path()), backfill=True)
    runtime.close()
    env = {**os.environ, "DIGEST_DATABASE_URL": url, "DIGEST_SECRET_KEY": "bench"}
    env["DIGEST_FROM"] = "D <d@bench.example>"
    return env


def naive(database_url: str, port: int) -> None:
    """The naive path, run as its own process (`--naive`)."""
    import aiosmtplib

    from digest.config import Settings
    from digest.db import transaction
    from digest.mail.compose import DigestRules, plan_digest
    from digest.mail.deliver import render_for
    from digest.models import Subscriber
    from digest.runtime import Runtime

    settings = Settings(database_url=database_url, secret_key="bench")
    runtime = Runtime.open(settings, clock=lambda: NOW)
    rules = DigestRules(lookback=runtime.lookback, per_topic_cap=5, max_sections=20)

    async def send_all() -> None:
        with transaction(runtime.sessions) as session:
            for subscriber in session.query(Subscriber).all():
                plan = plan_digest(session, subscriber, rules, NOW)
                rendered = render_for(settings, subscriber, plan.shown, len(plan.overflow))
                message = EmailMessage()
                message["From"], message["To"] = "d@bench.example", subscriber.email
                message["Subject"] = rendered.subject
                message.set_content(rendered.text)
                message.add_alternative(rendered.html, subtype="html")
                await aiosmtplib.send(message, hostname="127.0.0.1", port=port)

    asyncio.run(send_all())
    runtime.close()


def message_size(env: dict[str, str]) -> int:
    """The size in bytes of one of the digests, for smtp-source to send alike."""
    result = subprocess.run(
        [str(BIN / "digest"), "preview", "reader0@bench.example", "--now", NOW.isoformat()],
        env=env,
        capture_output=True,
        check=True,
    )
    return max(len(result.stdout) * 3, 20_000)  # the text part; the HTML is about twice it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="subscribers (digests)")
    parser.add_argument(
        "--naive", nargs=2, metavar=("DATABASE_URL", "PORT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.naive:
        naive(args.naive[0], int(args.naive[1]))
        return 0
    if shutil.which("smtp-sink") is None or shutil.which("smtp-source") is None:
        raise SystemExit("needs Postfix's smtp-sink and smtp-source: apt-get install postfix")
    rows = []
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        ours_env = prepare(Path(first), args.n)
        naive_env = prepare(Path(second), args.n)
        size = message_size(ours_env)
        with sink() as port:
            env = {**ours_env, "DIGEST_SMTP_URL": f"smtp://127.0.0.1:{port}?tls=none"}
            command = [str(BIN / "digest"), "send", "--all", "--now", NOW.isoformat()]
            rows.append(("digest send --all", args.n, *timed(command, env)))
        with sink() as port:
            command = [sys.executable, __file__, "--naive", naive_env["DIGEST_DATABASE_URL"]]
            rows.append(("naive", args.n, *timed([*command, str(port)], naive_env)))
        with sink() as port:
            source = [shutil.which("smtp-source") or "smtp-source", "-s", "16", "-m", str(args.n)]
            source += ["-l", str(size)]
            source += ["-f", "d@bench.example", "-t", "r@bench.example", f"127.0.0.1:{port}"]
            rows.append(
                (f"smtp-source, 16 sessions, {size // 1000} KB", args.n, *timed(source, {}))
            )
    print(f"{'system':<34} {'N':>6} {'digests/s':>10} {'wall s':>8} {'CPU s':>7} {'peak RSS':>9}")
    for name, n, wall, cpu, rss in rows:
        print(f"{name:<34} {n:>6} {n / wall:>10.1f} {wall:>8.2f} {cpu:>7.2f} {rss // 1024:>6} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
