"""The preference page's live preview over a 4-week window, as a subscriber's browser asks it.

The workload: a SQLite database holding 2,000 sections first seen over the last four
weeks (real Import AI and sectioning-corpus stories from ../shared when it is there,
cycled with their own ids and dates; else the bundled sample newsletter's), ten catalog
topics and one subscriber. `digest serve` runs as its own process on 127.0.0.1; the
preview is POSTed to it over HTTP as the page's script does, once per keystroke of a
subscriber typing queries with two topics ticked.

- digest: `POST /preview/<token>` against the running server, a keystroke at a time. The
  preference page shows the saved choices' preview too, so its first load after a start
  (or after new sections arrive) builds the window's index: reported apart.
- naive: what a preview costs without a kept index, in this process: read the window's
  sections, analyse them and match each with `match_filters`, as `digest topic test` does.

    python benchmarks/preview.py [--sections 2000] [--keystrokes 60]

The goal: under 100 ms per preview.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

#: The server reads the real clock: the window ends now.
NOW = datetime.now(UTC)
BIN = Path(sys.executable).parent
SHARED = Path(__file__).resolve().parents[2] / "shared" / "feeds"
SECRET = "benchmark-secret-key"
TOPICS = {
    "chips": 'chip OR semiconductor OR "export controls"',
    "robots": "robot* OR humanoid",
    "safety": '"AI safety" OR alignment OR interpretability',
    "china": "china OR chinese",
    "benchmarks": "benchmark* OR eval*",
    "agents": "agent OR agents",
    "energy": 'energy OR power OR "data center"',
    "biology": "biology OR protein OR drug",
    "policy": "policy OR regulation OR law",
    "open": '"open source" OR "open weight"',
}
#: What the subscriber types into the queries box, a keystroke at a time.
TYPED = ["language model", "robot arm -toy", '"reinforcement learning"', "title:china"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def story_texts() -> list[tuple[str, str]]:
    """(title, text) of real stories: Import AI and the corpus, or the bundled sample."""
    from digest.ingest.parse import parse_feed
    from digest.sectioning import split_post
    from digest.types import FetchedDocument

    paths = sorted(SHARED.glob("importai/*.xml")) + sorted(SHARED.glob("sectioning/*.xml"))
    if not paths:
        from digest.resources import resource_path

        paths = sorted(Path(resource_path("digest/data")).glob("*.xml"))
    stories = []
    for path in paths:
        for entry in parse_feed(FetchedDocument(str(path), path.read_bytes())).entries:
            for draft in split_post(entry.html, post_url=entry.url, post_title=entry.title):
                stories.append((draft.title, draft.text))
    return stories


def build_database(url: str, sections: int) -> str:
    """The window's sections, the catalog and one subscriber; the subscriber's link token."""
    from digest.db import create_db_engine, session_factory, transaction, upgrade
    from digest.models import Feed, Post, Section, Subscriber, Topic
    from digest.tokens import make_token

    engine = create_db_engine(url)
    upgrade(engine)
    stories = story_texts()
    step = timedelta(weeks=4) / sections
    with transaction(session_factory(engine)) as session:
        feed = Feed(url="https://newsletter.example/feed", title="Newsletter", added_at=NOW)
        session.add(feed)
        for slug, query in TOPICS.items():
            session.add(Topic(slug=slug, name=slug.title(), query=query, created_at=NOW))
        for n in range(sections):
            seen = NOW - step * (sections - n)
            title, text = stories[n % len(stories)]
            post = Post(
                feed=feed,
                guid=f"post-{n}",
                url=f"https://newsletter.example/p/{n}",
                title=title,
                published_at=seen,
                first_seen_at=seen,
                content_hash=f"{n:064x}",
            )
            post.sections.append(
                Section(
                    key="main",
                    ordinal=0,
                    title=title,
                    html=f"<p>{text}</p>",
                    text=text,
                    url=f"https://newsletter.example/p/{n}#main",
                    fingerprint=f"{n:016x}",
                    first_seen_at=seen,
                )
            )
            session.add(post)
        subscriber = Subscriber(email="reader@example.org", status="active", created_at=NOW)
        session.add(subscriber)
        session.flush()
        token = make_token(SECRET, subscriber.id, subscriber.token_version)
    engine.dispose()
    return token


@contextmanager
def server(database_url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DIGEST_DATABASE_URL": database_url,
        "DIGEST_SECRET_KEY": SECRET,
        "DIGEST_BASE_URL": f"http://127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [str(BIN / "digest"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def keystrokes(count: int) -> list[str]:
    """The queries box after each keystroke, cycling through `TYPED`."""
    boxes = []
    typed = ""
    for query in TYPED:
        for end in range(1, len(query) + 1):
            boxes.append((typed + query[:end]).strip())
        typed += query + "\n"
    return (boxes * (count // len(boxes) + 1))[:count]


def digest_previews(base: str, token: str, boxes: list[str]) -> dict[str, list[float]]:
    """Seconds per request: the page's first load (it builds the window's index), a
    second load, and a preview per keystroke."""
    timings: dict[str, list[float]] = {"page, cold": [], "page, warm": [], "preview": []}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name in ("page, cold", "page, warm"):
            started = time.perf_counter()
            page = client.get(f"/preferences/{token}")
            timings[name].append(time.perf_counter() - started)
            page.raise_for_status()
        form_token = _form_token(page.text)
        for box in boxes:
            form = {"topics": ["chips", "robots"], "queries": box, "form_token": form_token}
            started = time.perf_counter()
            answer = client.post(f"/preview/{token}", data=form)
            timings["preview"].append(time.perf_counter() - started)
            answer.raise_for_status()
    return timings


def _form_token(page: str) -> str:
    marker = 'name="form_token" value="'
    start = page.find(marker)
    return page[start + len(marker) : page.index('"', start + len(marker))] if start >= 0 else ""


def naive_previews(database_url: str, boxes: list[str]) -> list[float]:
    """Each preview reads, analyses and matches the whole window (no index kept)."""
    from digest import store
    from digest.db import create_db_engine, session_factory, transaction
    from digest.matching.filters import _analysed, labelled_filters, section_document
    from digest.matching.score import Collection, match_filters

    engine = create_db_engine(database_url)
    sessions = session_factory(engine)
    timings = []
    for box in boxes[:10]:  # each takes long: ten are enough
        _analysed.cache_clear()  # a fresh request analyses afresh
        started = time.perf_counter()
        with transaction(sessions) as session:
            sections = store.sections(session, since=NOW - timedelta(weeks=4))
            labelled = [(slug, TOPICS[slug]) for slug in ("chips", "robots")]
            labelled += [("own", line) for line in box.splitlines() if line.strip()]
            filters = labelled_filters("bench", labelled)
            documents = [section_document(s) for s in sections]
            collection = Collection(documents)
            found = [d for d in documents if match_filters(filters, d, collection, explain=False)]
        timings.append(time.perf_counter() - started)
        del found
    engine.dispose()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", type=int, default=2000)
    parser.add_argument("--keystrokes", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{directory}/preview.db"
        token = build_database(url, args.sections)
        boxes = keystrokes(args.keystrokes)
        with server(url) as base:
            ours = digest_previews(base, token, boxes)
        naive = naive_previews(url, boxes)
    rows = [
        ("preview, warm (index kept)", ours["preview"]),
        ("preferences page, first load", ours["page, cold"]),
        ("preferences page, next load", ours["page, warm"]),
        ("naive preview (read, analyse, match)", naive),
    ]
    print(f"{args.sections} sections over 4 weeks; over HTTP; milliseconds; goal: a preview < 100")
    print(f"{'system':<38} {'requests':>8} {'median':>8} {'p95':>8} {'max':>8}")
    for name, seconds in rows:
        ms = [t * 1000 for t in seconds]
        median, p95, most = _summary(ms)
        print(f"{name:<38} {len(ms):>8} {median:>8.1f} {p95:>8.1f} {most:>8.1f}")
    return 0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _summary(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), _p95(values), max(values)


if __name__ == "__main__":
    sys.exit(main())
