"""Poll N newsletter feeds over HTTP on 127.0.0.1: digest against lemon24/reader.

Both read the same feeds from the same local servers in the same run, into a
fresh SQLite database each. digest does more per feed (it cuts every post into
sections, sanitises and fingerprints them); reader stores whole entries.

    pip install -e '.[bench]'        # reader, for the comparison
    python benchmarks/ingest.py --feeds 50 --posts 20
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
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


def run_digest(
    urls: list[str], workdir: Path, concurrency: int, workers: int
) -> tuple[float, float, str]:
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
    first = timed(lambda: runtime.poll(force=True))
    second = timed(lambda: runtime.poll(force=True))
    with transaction(runtime.sessions) as session:
        posts = session.scalar(select(func.count()).select_from(Post))
        sections = session.scalar(select(func.count()).select_from(Section))
    runtime.close()
    return first, second, f"{posts} posts, {sections} sections"


def run_reader(urls: list[str], workdir: Path, workers: int) -> tuple[float, float, str]:
    from reader import make_reader

    reader = make_reader(str(workdir / f"reader-{workers}.sqlite"))
    for url in urls:
        reader.add_feed(url)
    first = timed(lambda: reader.update_feeds(workers=workers))
    second = timed(lambda: reader.update_feeds(workers=workers, scheduled=False))
    entries = reader.get_entry_counts().total
    reader.close()
    return first, second, f"{entries} entries"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--posts", type=int, default=20, help="posts per feed")
    parser.add_argument("--hosts", type=int, default=10, help="servers the feeds are spread on")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    try:
        import reader  # noqa: F401
    except ImportError:
        raise SystemExit("reader is not installed: pip install -e '.[bench]'") from None

    rows = []
    cores = os.cpu_count() or 1
    with serve(args.feeds, args.posts, args.hosts) as urls, tempfile.TemporaryDirectory() as tmp:
        size = len(make_feed(0, args.posts)) / 1024
        print(
            f"{len(urls)} feeds of {args.posts} posts (~{size:.0f} KB each) on {args.hosts}"
            f" local servers\n"
        )
        runs = [
            (
                "digest, sectioning in this process",
                lambda: run_digest(urls, Path(tmp) / "inline", args.concurrency, 1),
            ),
            (
                f"digest, sectioning in {cores} processes",
                lambda: run_digest(urls, Path(tmp) / "pool", args.concurrency, cores),
            ),
            ("reader update_feeds(workers=1)", lambda: run_reader(urls, Path(tmp), 1)),
            (
                f"reader update_feeds(workers={args.concurrency})",
                lambda: run_reader(urls, Path(tmp), args.concurrency),
            ),
        ]
        for name, run in runs:
            first, second, stored = run()
            rows.append((name, first, len(urls) / first, second, stored))
    print(f"{'system':<40} {'first poll':>11} {'feeds/s':>8} {'unchanged':>10}  stored")
    for name, first, rate, second, stored in rows:
        print(f"{name:<40} {first:>10.2f}s {rate:>8.1f} {second:>9.2f}s  {stored}")


if __name__ == "__main__":
    main()
