"""A new post reaching a large instant audience: `digest run` against `digest poll` from cron.

The workload: N active instant subscribers, each following 2 of 50 catalog topics (an OR of
two words) and holding one own query of two words, drawn from a 20,000-word vocabulary; one
feed, a local file, that publishes a new two-story post before every tick. The stories' words
come from another vocabulary but one, "tokamak", which topic t0 asks for and 100 of the
subscribers follow: each post is matched against everyone, and 100 notifications result.

- digest run: the scheduler as an operator runs it (`digest run --log-format json`, a tick a
  second), with its instant index kept between polls. The figure is the poll job's own time
  from its log (fetch, parse, section, store, match against everyone, queue notifications),
  for the first tick (the index is built) and the median of the later ones.
- digest poll: the same work as cron ran it before the scheduler, `digest poll` once per new
  post, a process each time, rebuilding the index every time: its wall time.

Delivery is left out (`digest run --no-worker`, and no send after `digest poll`): the
instant notifications are queued, and counted, in both.

    python benchmarks/scheduler.py [--subscribers 100000] [--ticks 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import create_engine, insert, text

BIN = Path(sys.executable).parent
START = datetime(2026, 11, 2, 9, tzinfo=UTC)
VOCABULARY = [f"w{n:05d}" for n in range(20_000)]
STORY_WORDS = [f"s{n:04d}" for n in range(5_000)]
FOLLOWERS_OF_T0 = 100


def feed(posts: int) -> bytes:
    """`posts` issues, newest first, each of two stories."""
    rng = random.Random(posts)
    items = []
    for n in reversed(range(posts)):
        stories = [
            f"<p><strong>Story {n}.{k}:</strong></p>"
            f"<p>tokamak {' '.join(rng.sample(STORY_WORDS, 120))}</p>"
            for k in range(2)
        ]
        html = "<hr>".join(["<p>Welcome to the letter.</p>", *stories])
        items.append(
            f"<item><title>Issue {n}</title><link>https://letter.example/{n}</link>"
            f"<guid>https://letter.example/{n}</guid><pubDate>{format_datetime(START)}</pubDate>"
            f"<description>{escape(html)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Letter</title>'
        f"<link>https://letter.example/</link><description>b</description>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def publish(path: Path, posts: int) -> None:
    """Write the feed whole, then put it in place: a poll never reads half a file."""
    staged = path.with_suffix(".new")
    staged.write_bytes(feed(posts))
    staged.replace(path)


def digest(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "digest"), *args], env=env, check=True, capture_output=True)


def populate(url: str, feed_path: Path, subscribers: int, env: dict[str, str]) -> None:
    digest(env, "db", "upgrade")
    publish(feed_path, 1)
    digest(env, "feed", "add", str(feed_path), f"--now={START.isoformat()}")
    rng = random.Random(2026)
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(
            insert(_table(db, "topics")),
            [
                {
                    "slug": f"t{n}",
                    "name": f"T{n}",
                    "created_at": START,
                    "query": "tokamak" if n == 0 else " OR ".join(rng.sample(VOCABULARY, 2)),
                }
                for n in range(50)
            ],
        )
        db.execute(
            insert(_table(db, "subscribers")),
            [
                {
                    "email": f"r{n}@example.org",
                    "status": "active",
                    "cadence": "instant",
                    "weekday": 0,
                    "hour": 8,
                    "timezone": "UTC",
                    "token_version": 1,
                    "created_at": START,
                    "send_empty": False,
                    "bounce_count": 0,
                    "name": "",
                }
                for n in range(subscribers)
            ],
        )
        topic_ids = [row[0] for row in db.execute(text("SELECT id FROM topics ORDER BY id"))]
        ids = [row[0] for row in db.execute(text("SELECT id FROM subscribers ORDER BY id"))]
        follows = [
            [topic_ids[0], rng.choice(topic_ids[1:])]
            if n < FOLLOWERS_OF_T0
            else rng.sample(topic_ids[1:], 2)
            for n in range(len(ids))
        ]
        db.execute(
            insert(_table(db, "subscriber_topics")),
            [
                {"subscriber_id": i, "topic_id": t}
                for i, ts in zip(ids, follows, strict=True)
                for t in ts
            ],
        )
        db.execute(
            insert(_table(db, "filters")),
            [{"subscriber_id": i, "query": " ".join(rng.sample(VOCABULARY, 2))} for i in ids],
        )
    engine.dispose()


def _table(db: object, name: str) -> object:
    from sqlalchemy import MetaData, Table

    return Table(name, MetaData(), autoload_with=db)  # type: ignore[arg-type]


def with_scheduler(env: dict[str, str], feed_path: Path, ticks: int) -> list[float]:
    """The poll job's seconds at each tick that found a new post."""
    run_env = {**env, "DIGEST_TICK_SECONDS": "1", "DIGEST_POLL_INTERVAL": "1"}
    process = subprocess.Popen(
        [str(BIN / "digest"), "run", "--no-worker", "--log-format", "json"],
        env=run_env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    seconds: list[float] = []
    posts = 1
    try:
        publish(feed_path, posts := posts + 1)
        for line in process.stderr:
            entry = json.loads(line) if line.startswith("{") else {}
            if entry.get("job") == "poll" and entry.get("new_posts"):
                seconds.append(entry["seconds"])
                print(
                    f"  digest run tick {len(seconds)}: {entry['seconds']:.2f} s,"
                    f" {entry['notifications_queued']} notifications",
                    file=sys.stderr,
                )
                if len(seconds) == ticks:
                    break
                publish(feed_path, posts := posts + 1)
    finally:
        process.terminate()
        process.wait()
    return seconds


def with_cron(env: dict[str, str], feed_path: Path, ticks: int, first_post: int) -> list[float]:
    seconds = []
    for n in range(ticks):
        publish(feed_path, first_post + n)
        began = time.perf_counter()
        digest(env, "poll", "--all")
        seconds.append(time.perf_counter() - began)
        print(f"  digest poll {n + 1}: {seconds[-1]:.2f} s", file=sys.stderr)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--ticks", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        url = f"sqlite:///{directory / 'digest.db'}"
        env = {
            **os.environ,
            "DIGEST_DATABASE_URL": url,
            "DIGEST_SECRET_KEY": "bench",
            "DIGEST_PARSE_WORKERS": "1",
        }
        feed_path = directory / "letter.xml"
        print(f"populating {options.subscribers:,} instant subscribers...", file=sys.stderr)
        populate(url, feed_path, options.subscribers, env)
        ours = with_scheduler(env, feed_path, options.ticks)
        cron = with_cron(env, feed_path, options.ticks, options.ticks + 2)
    print(f"\nA new post matched against {options.subscribers:,} instant subscribers, per tick:\n")
    print("| system | first tick (s) | later ticks, median (s) |")
    print("|---|---:|---:|")
    for name, seconds in (("digest run (index kept)", ours), ("digest poll, cron", cron)):
        print(f"| {name} | {seconds[0]:.2f} | {statistics.median(seconds[1:]):.2f} |")


if __name__ == "__main__":
    main()
