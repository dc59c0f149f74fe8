"""A send run end to end into Postfix's smtp-sink: digest against the naive path and SMTP's ceiling.

The workload (as issue 15 measured it): N active subscribers of the Import AI newsletter
(issues 430-445 from ../shared/feeds/importai, or the bundled sample feed where ../shared
is absent), a catalog of 10 topics, each subscriber following 2 of them and holding one
query of their own, all with a digest due. Each system runs in turn, into a fresh
smtp-sink on 127.0.0.1 (Debian: `apt-get install postfix`; only the `smtp-sink` and
`smtp-source` tools are used, never the Postfix daemon), timed from start to exit as a
separate process:

- digest: `digest send --all`, queueing, composition, rendering and delivery, as an
  operator runs it, with the default settings;
- naive: for each subscriber, compose (`plan_digest`), render the templates, build an
  `email.message.EmailMessage` and send it with `aiosmtplib.send`, a new connection
  each (over the first --naive-limit subscribers: its rate does not change with N);
- smtp-source: Postfix's own load generator, 16 sessions and 1, messages of the
  digests' size: the most this machine's SMTP path can take.

    python benchmarks/deliver.py [-n 10000,100000] [--naive-limit 5000] [--rounds 3]

The table gives digests per second, CPU (user + system of every process of the run,
worker processes included, in per cent of one core; 200 % is both cores) and the peak RSS
of the largest process of each run.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import html
import itertools
import os
import re
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
IMPORTAI = Path(__file__).resolve().parents[2] / "shared/feeds/importai/importai-430-445.xml"
TOPICS = {
    "robotics": "robot OR robots OR robotics OR humanoid",
    "biology": "biology OR protein OR drug OR genome",
    "chips": "chip OR chips OR GPU OR semiconductor",
    "policy": "policy OR regulation OR government OR law",
    "safety": "safety OR alignment OR misuse",
    "china": "china OR chinese",
    "benchmarks": "benchmark OR benchmarks OR evaluation",
    "agents": "agent OR agents OR agentic",
    "compute": "compute OR datacenter OR training",
    "open-models": '"open source" OR "open weight" OR llama',
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
    """Wall seconds, CPU seconds and peak RSS in KB of a command and every process it
    starts. Worker processes started by a fork server are no children of the command
    (GNU time and the command's own rusage miss them), so the whole tree is read from
    /proc while it runs: CPU as last seen of each process, the command's own exactly."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    cpu: dict[int, float] = {}
    peak = 0
    while True:
        done, status, own = os.wait4(process.pid, os.WNOHANG)
        if done:
            break
        for pid in _tree(process.pid):
            seconds, rss = _usage(pid)
            cpu[pid], peak = max(cpu.get(pid, 0.0), seconds), max(peak, rss)
        time.sleep(0.1)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    cpu[process.pid] = own.ru_utime + own.ru_stime
    return wall, sum(cpu.values()), peak  # not ru_maxrss: it counts the fork before exec


def _tree(root: int) -> list[int]:
    """The process and its descendants, by their parents as /proc tells them."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += parents.get(pid, [])
    return found


def _usage(pid: int) -> tuple[float, int]:
    """CPU seconds so far and peak RSS in KB of a running process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0, 0
    seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    peaks = [line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")]
    return seconds, int(peaks[0]) if peaks else 0


def prepare(directory: Path, count: int) -> dict[str, str]:
    """A database with `count` subscribers whose digests are due; the environment to use it."""
    from digest.config import Settings
    from digest.db import create_db_engine, transaction, upgrade
    from digest.resources import sample_feed_path
    from digest.roster import import_subscribers
    from digest.runtime import Runtime
    from digest.subscriptions import add_topic

    url = f"sqlite:///{directory / 'digest.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = Settings(database_url=url, secret_key="bench", from_address="D <d@bench.example>")
    runtime = Runtime.open(settings, clock=lambda: NOW)
    with transaction(runtime.sessions) as session:
        for slug, query in TOPICS.items():
            add_topic(session, slug, query, None, NOW)
        feed = IMPORTAI if IMPORTAI.exists() else sample_feed_path()
        import_subscribers(session, subscribers_csv(count, feed), NOW)
    runtime.add_feed(str(feed), backfill=True)
    runtime.close()
    env = {**os.environ, "DIGEST_DATABASE_URL": url, "DIGEST_SECRET_KEY": "bench"}
    env["DIGEST_FROM"] = "D <d@bench.example>"
    return env


def subscribers_csv(count: int, feed: Path) -> str:
    """`count` active subscribers, each following two topics and holding a query of their
    own, no two alike (three of the feed's words), as readers' own queries are."""
    names = list(TOPICS)
    own = itertools.combinations(vocabulary(feed), 3)
    rows = ["email,status,topics,queries"]
    for n, words in zip(range(count), own, strict=False):
        topics = f"{names[n % 10]} {names[(n // 10 + n + 1) % 10]}"
        rows.append(f"reader{n}@bench.example,active,{topics},{' OR '.join(words)}")
    return "\n".join(rows) + "\n"


def vocabulary(feed: Path, size: int = 90, skip: int = 150) -> list[str]:
    """`size` words of six letters or more that the feed uses often, but not the `skip`
    commonest, which most stories hold (90: 117,480 triples)."""
    text = re.sub(r"<[^>]*>", " ", html.unescape(html.unescape(feed.read_text())))
    words = re.findall(r"[a-z]{6,}", text.lower())
    counts = collections.Counter(words)
    return sorted(counts, key=lambda w: (-counts[w], w))[skip : skip + size]


def naive(database_url: str, port: int, limit: int) -> None:
    """The naive path, run as its own process (`--naive`)."""
    import aiosmtplib

    from digest.config import Settings
    from digest.db import transaction
    from digest.mail.compose import DigestRules, Window, plan_digest
    from digest.mail.deliver import render_for
    from digest.models import Subscriber
    from digest.runtime import Runtime

    settings = Settings(database_url=database_url, secret_key="bench")
    runtime = Runtime.open(settings, clock=lambda: NOW)
    rules = DigestRules(lookback=runtime.lookback, per_topic_cap=5, max_sections=20)

    async def send_all() -> None:
        with transaction(runtime.sessions) as session:
            window = Window.load(session, NOW - rules.lookback)  # read and analysed once
            for subscriber in session.query(Subscriber).order_by(Subscriber.id).limit(limit):
                plan = plan_digest(session, subscriber, rules, NOW, window)
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


#: One run of a system: its name, digests, wall seconds, CPU seconds, peak RSS in KB.
Run = tuple[str, int, float, float, int]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", default="10000,100000", help="subscribers (digests), comma-separated")
    parser.add_argument(
        "--naive-limit", type=int, default=5000, help="digests the naive path sends"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each system, taken in turn (median shown)"
    )
    parser.add_argument("--naive", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive:
        naive(args.naive[0], int(args.naive[1]), int(args.naive[2]))
        return 0
    if shutil.which("smtp-sink") is None or shutil.which("smtp-source") is None:
        raise SystemExit("needs Postfix's smtp-sink and smtp-source: apt-get install postfix")
    rounds = max(1, args.rounds)
    rows: list[list[Run]] = []
    for count in (int(n) for n in args.n.split(",")):
        rows += measure(count, min(count, args.naive_limit), rounds)
    print(f"feed: {IMPORTAI.name if IMPORTAI.exists() else 'bundled sample'}; {len(TOPICS)} topics")
    if rounds > 1:
        print(f"{rounds} rounds, the systems taken in turn: the median run, and the range")
    print()
    spread = " digests/s range |" if rounds > 1 else ""
    print(f"| system | N | digests/s | wall s | CPU % of a core | peak RSS |{spread}")
    print("|---|---:|---:|---:|---:|---:|" + ("---:|" if rounds > 1 else ""))
    for runs in rows:
        name, n, wall, cpu, rss = median(runs)
        line = f"| {name} | {n:,} | {n / wall:,.0f} | {wall:.2f} | {100 * cpu / wall:.0f} %"
        rates = sorted(r[1] / r[2] for r in runs)
        extra = f" {rates[0]:,.0f}-{rates[-1]:,.0f} |" if rounds > 1 else ""
        print(f"{line} | {rss // 1024} MB |{extra}")
    return 0


def median(runs: list[Run]) -> Run:
    """The run with the median rate (the lower middle one of an even number)."""
    ranked = sorted(runs, key=lambda r: r[1] / r[2])
    return ranked[(len(ranked) - 1) // 2]


def measure(count: int, naive_count: int, rounds: int = 1) -> list[list[Run]]:
    """Each system's runs at `count` digests. A round runs every system once, each on a
    fresh copy of the prepared database: a machine whose speed drifts slows them alike."""
    runs: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory() as prepared, tempfile.TemporaryDirectory() as work:
        pristine, database = Path(prepared) / "digest.db", Path(work) / "digest.db"
        env = {**prepare(Path(prepared), count), "DIGEST_DATABASE_URL": f"sqlite:///{database}"}
        shutil.copy(pristine, database)
        size = message_size(env)
        for _ in range(rounds):
            for name, n, command, system_env in systems(count, naive_count, size, env):
                shutil.copy(pristine, database)
                with sink() as port:
                    argv = [part.replace("{port}", str(port)) for part in command]
                    environment = {k: v.replace("{port}", str(port)) for k, v in system_env.items()}
                    runs.setdefault(name, []).append((name, n, *timed(argv, environment)))
    return list(runs.values())


def systems(
    count: int, naive_count: int, size: int, env: dict[str, str]
) -> list[tuple[str, int, list[str], dict[str, str]]]:
    """Each system's name, digests, command and environment; {port} stands for the sink's."""
    ours = [str(BIN / "digest"), "send", "--all", "--now", NOW.isoformat()]
    ours_env = {**env, "DIGEST_SMTP_URL": "smtp://127.0.0.1:{port}?tls=none"}
    naive = [sys.executable, __file__, "--naive", env["DIGEST_DATABASE_URL"], "{port}"]
    found = [
        ("digest send --all", count, ours, ours_env),
        ("naive, a connection per message", naive_count, [*naive, str(naive_count)], env),
    ]
    for sessions in (16, 1):
        source = [shutil.which("smtp-source") or "smtp-source", "-s", str(sessions)]
        source += ["-m", str(count), "-l", str(size), "-f", "d@bench.example"]
        source += ["-t", "r@bench.example", "127.0.0.1:{port}"]
        found.append((f"smtp-source, {sessions} sessions, {size // 1000} KB", count, source, {}))
    return found


if __name__ == "__main__":
    raise SystemExit(main())
