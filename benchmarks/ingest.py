"""Poll N newsletter feeds over HTTP on 127.0.0.1: digest against lemon24/reader.

Both read the same feeds from the same local servers in the same run, into a
fresh SQLite database each. digest does more per feed (it cuts every post into
sections, sanitises and fingerprints them); reader stores whole entries.

Each system polls in a fresh process of its own (so its CPU time and peak RSS are its
own), with its modules imported before the clock starts; the rounds turn the order.

    pip install -e '.[bench]'        # reader, for the comparison
    python benchmarks/ingest.py --feeds 50 --posts 20 --parse-workers 0,1 --rounds 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing.forkserver
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import func, select

from digest.config import Settings
from digest.db import create_db_engine, transaction, upgrade
from digest.models import Feed, Post, Section
from digest.resources import sample_feed_path
from digest.runtime import Runtime

ITEM = re.compile(rb"<item>.*?</item>", re.S)
STORY_END = re.compile(rb"(?<!friend\.)</p>")


def make_feed(index: int, posts: int) -> bytes:
    """A newsletter feed of `posts` issues, built from the bundled sample's issues."""
    sample = sample_feed_path().read_bytes()
    items = ITEM.findall(sample)
    head, tail = sample.split(items[0], 1)[0], sample.rsplit(items[-1], 1)[1]
    made = []
    for n in range(posts):
        item = items[n % len(items)].replace(b"/issues/", f"/f{index}/p{n}/".encode())
        item = item.replace(b"Tinkerer's Weekly #", f"Feed {index} issue {n} #".encode())
        # Each issue's stories are its own; only the publisher's preamble recurs.
        made.append(STORY_END.sub(f" (feed {index}, issue {n})</p>".encode(), item))
    return head + b"".join(made) + tail


class Server:
    """One HTTP server on 127.0.0.1 serving some of the feeds, with ETags."""

    def __init__(self, bodies: dict[str, bytes]) -> None:
        tags = {path: hashlib.sha1(body).hexdigest() for path, body in bodies.items()}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body, tag = bodies.get(self.path), tags.get(self.path)
                if body is None or tag is None:
                    self.send_error(404)
                    return
                if self.headers.get("If-None-Match") == f'"{tag}"':
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", f'"{tag}"')
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@contextmanager
def serve(feeds: int, posts: int, hosts: int) -> Iterator[list[str]]:
    """Serve the feeds from `hosts` servers (feeds on one host are polled one at a time)."""
    groups: list[dict[str, bytes]] = [{} for _ in range(hosts)]
    for i in range(feeds):
        groups[i % hosts][f"/feed/{i}.xml"] = make_feed(i, posts)
    servers = [Server(group) for group in groups]
    try:
        yield [s.base + path for s, group in zip(servers, groups, strict=True) for path in group]
    finally:
        for server in servers:
            server.httpd.shutdown()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _cpu_seconds() -> float:
    """CPU used by this process and its children, worker processes included (Linux: /proc)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime
    # Pool workers are children of the forkserver, which reaps them and is itself alive.
    pid = getattr(multiprocessing.forkserver._forkserver, "_forkserver_pid", None)
    if pid is not None:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return total
        # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the name.
        total += sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def _peak_rss_mb() -> tuple[float, float]:
    """Peak RSS of this process, and of its largest child (a worker) once it was waited for."""
    stop = getattr(multiprocessing.forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()  # waits for the forkserver, so its workers count among RUSAGE_CHILDREN
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_digest(urls: list[str], workdir: Path, concurrency: int, workers: int) -> dict[str, object]:
    from digest.ingest import poll, prepare  # noqa: F401  (imported before timing)

    workdir.mkdir()
    url = f"sqlite:///{workdir / 'digest.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    settings = Settings(database_url=url, poll_concurrency=concurrency, parse_workers=workers)
    runtime = Runtime.open(settings)
    now = runtime.now()
    with transaction(runtime.sessions) as session:
        session.add_all(Feed(url=u, added_at=now, error_count=0, boilerplate=[]) for u in urls)
    cpu = _cpu_seconds()
    first = timed(lambda: runtime.poll(force=True))
    time.sleep(0.05)  # lets the forkserver reap its workers, so their CPU is counted
    cpu = _cpu_seconds() - cpu
    second = timed(lambda: runtime.poll(force=True))
    with transaction(runtime.sessions) as session:
        posts = session.scalar(select(func.count()).select_from(Post)) or 0
        sections = session.scalar(select(func.count()).select_from(Section)) or 0
    runtime.close()
    rss, worker_rss = _peak_rss_mb()
    return {
        "first": first,
        "second": second,
        "cpu": cpu,
        "rss": rss,
        "worker_rss": worker_rss,
        "posts": posts,
        "stored": f"{posts} posts, {sections} sections",
    }


def run_reader(urls: list[str], workdir: Path, workers: int) -> dict[str, object]:
    import feedparser  # noqa: F401  (imported before timing, as digest's modules are)
    from reader import make_reader
    from reader._parser import feedparser as reader_feedparser  # noqa: F401

    workdir.mkdir()
    reader = make_reader(str(workdir / "reader.sqlite"))
    for url in urls:
        reader.add_feed(url)
    cpu = _cpu_seconds()
    first = timed(lambda: reader.update_feeds(workers=workers))
    cpu = _cpu_seconds() - cpu
    second = timed(lambda: reader.update_feeds(workers=workers, scheduled=False))
    entries = reader.get_entry_counts().total
    reader.close()
    rss, _ = _peak_rss_mb()
    return {
        "first": first,
        "second": second,
        "cpu": cpu,
        "rss": rss,
        "worker_rss": 0.0,
        "posts": entries,
        "stored": f"{entries} entries",
    }


def _child(spec: str, urls_file: str, workdir: str, concurrency: int) -> None:
    """One system, polled in a fresh process of its own: its own imports, its own peak RSS."""
    system, workers = spec.split(":")
    urls = Path(urls_file).read_text().split()
    if system == "digest":
        result = run_digest(urls, Path(workdir), concurrency, int(workers))
    else:
        result = run_reader(urls, Path(workdir), int(workers))
    print(json.dumps(result))


def _run_child(spec: str, urls_file: Path, workdir: Path, concurrency: int) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", spec, "--urls-file", str(urls_file)]
    command += ["--workdir", str(workdir), "--concurrency", str(concurrency)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{spec} failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--posts", type=int, default=20, help="posts per feed")
    parser.add_argument("--hosts", type=int, default=10, help="servers the feeds are spread on")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--parse-workers",
        default="0,1",
        help="digest's parse_workers settings to run, comma-separated (0: the default)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of every system; medians are shown"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--urls-file", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.urls_file, args.workdir, args.concurrency)
        return
    try:
        import reader  # noqa: F401
    except ImportError:
        raise SystemExit("reader is not installed: pip install -e '.[bench]'") from None

    cores = os.cpu_count() or 1
    systems = [
        (f"digest, parse_workers={w}" + (" (default)" if w == 0 else ""), f"digest:{w}")
        for w in (int(w) for w in args.parse_workers.split(","))
    ]
    systems += [
        ("reader update_feeds(workers=1)", "reader:1"),
        (f"reader update_feeds(workers={args.concurrency})", f"reader:{args.concurrency}"),
    ]
    results: dict[str, list[dict[str, object]]] = {spec: [] for _, spec in systems}
    with serve(args.feeds, args.posts, args.hosts) as urls, tempfile.TemporaryDirectory() as tmp:
        size = len(make_feed(0, args.posts)) / 1024
        print(
            f"{len(urls)} feeds of {args.posts} posts (~{size:.0f} KB each) on {args.hosts}"
            f" local servers; {cores} cores; median of {args.rounds} rounds, each system in a"
            " fresh process and a fresh database\n"
        )
        urls_file = Path(tmp) / "urls.txt"
        urls_file.write_text("\n".join(urls))
        load = os.getloadavg()[0]
        for round_ in range(args.rounds):
            # The order turns each round, so no system always runs first (or last).
            shift = round_ % len(systems)
            for _, spec in systems[shift:] + systems[:shift]:
                workdir = Path(tmp) / f"{spec.replace(':', '-')}-{round_}"
                results[spec].append(_run_child(spec, urls_file, workdir, args.concurrency))

    print(f"load average (1 min): {load:.2f} before, {os.getloadavg()[0]:.2f} after\n")

    def median(spec: str, key: str) -> float:
        return statistics.median(float(str(r[key])) for r in results[spec])

    print(
        f"{'system':<38} {'first poll':>10} {'feeds/s':>8} {'posts/s':>8} {'CPU':>6}"
        f" {'RSS MB':>7} {'workers':>7} {'unchanged':>9}  stored"
    )
    for name, spec in systems:
        first = median(spec, "first")
        workers = median(spec, "worker_rss")
        print(
            f"{name:<38} {first:>9.2f}s {len(urls) / first:>8.1f}"
            f" {median(spec, 'posts') / first:>8.0f} {median(spec, 'cpu'):>5.2f}s"
            f" {median(spec, 'rss'):>7.0f} {(f'{workers:.0f}' if workers else '-'):>7}"
            f" {median(spec, 'second'):>8.2f}s  {results[spec][0]['stored']}"
        )
    for reader_name, reader_spec in systems[-2:]:
        print(f"\nfeeds/s against {reader_name}, per round (same round, same servers):")
        for name, spec in systems[:-2]:
            # A rate's ratio is the inverse ratio of the times.
            ratios = [
                float(str(q["first"])) / float(str(r["first"]))
                for r, q in zip(results[spec], results[reader_spec], strict=True)
            ]
            shown = " ".join(f"{x:.2f}x" for x in ratios)
            print(f"  {name:<36} {shown}  (median {statistics.median(ratios):.2f}x)")
    print(
        "\nCPU: of the first poll, worker processes included. RSS: peak of the polling"
        " process; workers: peak of the largest worker process."
    )


if __name__ == "__main__":
    main()
