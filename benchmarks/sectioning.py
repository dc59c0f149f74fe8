"""How long parsing and sectioning one newsletter feed takes, against the previous sectioner.

The feeds: the real Import AI file from ../shared (15 posts, 309 KB), a synthetic 20-post,
~400 KB feed built from its items, and the ten layouts of the sectioning corpus. For each:
feedparser's parse (its own sanitiser on, to compare the cost of feedparser's sanitiser
with ours), ours, `split_post` over every post and the previous implementation
(`digest.sectioning.legacy`) over the same posts, `sanitise` over every whole post. Best of
5 runs (or of RUNS), wall-clock (time.perf_counter), in milliseconds.

    python benchmarks/sectioning.py [RUNS]

On a shared or busy machine the figures move by tens of per cent from one run
to the next: compare runs made close together, or give more RUNS.

Skips (exit 0) when ../shared is not there.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import feedparser

from digest.ingest.parse import parse_feed
from digest.sectioning import learn_boilerplate, legacy, sanitise, split_post
from digest.types import FeedEntry, FetchedDocument

SHARED = Path(__file__).resolve().parents[2] / "shared"
IMPORTAI = SHARED / "feeds" / "importai" / "importai-430-445.xml"
CORPUS = SHARED / "feeds" / "sectioning"
RUNS = 5
ITEM = re.compile(rb"<item>.*?</item>", re.S)


def synthetic_feed(source: bytes, posts: int = 20) -> bytes:
    """`posts` items cycled from `source`, each with its own link and guid."""
    items = ITEM.findall(source)
    head, tail = source.split(items[0], 1)[0], source.rsplit(items[-1], 1)[1]
    made = []
    for n in range(posts):
        item = items[n % len(items)]
        if n >= len(items):  # a copy: give it an address of its own
            item = item.replace(b"substack.com/p/", f"substack.com/p/copy-{n}-".encode())
        made.append(item)
    return head + b"".join(made) + tail


def best_ms(action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def feedparser_ms(content: bytes, url: str, *, sanitize_html: bool) -> float:
    headers = {"content-location": url}
    return best_ms(
        lambda: feedparser.parse(
            content,
            response_headers=headers,
            sanitize_html=sanitize_html,
            resolve_relative_uris=True,
        )
    )


def split_all(
    entries: tuple[FeedEntry, ...], boilerplate: frozenset[str], split: Callable[..., list[object]]
) -> int:
    return sum(
        len(split(e.html, post_url=e.url, post_title=e.title, boilerplate=boilerplate))
        for e in entries
    )


def measure(name: str, content: bytes, url: str) -> list[str]:
    entries = parse_feed(FetchedDocument(url, content)).entries
    htmls = [entry.html for entry in entries]
    boilerplate = learn_boilerplate(htmls)
    sections = split_all(entries, boilerplate, split_post)
    split = best_ms(lambda: split_all(entries, boilerplate, split_post))
    previous = best_ms(lambda: split_all(entries, boilerplate, legacy.split_post))
    ours = best_ms(lambda: parse_feed(FetchedDocument(url, content)))
    learn = best_ms(lambda: learn_boilerplate(htmls))
    return [
        name,
        f"{len(entries)}",
        f"{len(content) / 1024:.0f}",
        f"{sections}",
        f"{feedparser_ms(content, url, sanitize_html=True):.1f}",
        f"{ours:.1f}",
        f"{learn:.1f}",
        f"{split:.1f}",
        f"{previous:.1f}",
        f"{split / len(entries):.2f} / {previous / len(entries):.2f}",
        f"{best_ms(lambda: [sanitise(html) for html in htmls]):.1f}",
        f"{ours + learn + split:.1f}",
    ]


def main() -> int:
    global RUNS
    if len(sys.argv) > 1:
        RUNS = max(1, int(sys.argv[1]))
    if not IMPORTAI.exists():
        print(f"skipped: real-world feeds not present ({IMPORTAI})")
        return 0
    real = IMPORTAI.read_bytes()
    rows = [
        measure("importai", real, str(IMPORTAI)),
        measure("synthetic", synthetic_feed(real), "https://importai.substack.com/feed"),
    ]
    for path in sorted(CORPUS.glob("*.xml")):
        rows.append(measure(path.stem, path.read_bytes(), str(path)))
    header = [
        "feed",
        "posts",
        "KB",
        "sections",
        "feedparser defaults",
        "parse_feed",
        "learn bp",
        "split_post",
        "previous",
        "per post: ours / previous",
        "sanitise",
        "ours in all",
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(
        f"best of {RUNS} runs, milliseconds. feedparser defaults: its own sanitiser and URI"
        " resolution on;\nparse_feed: ours (both off: sections resolve and sanitise);"
        " split_post includes sanitising; previous: the sectioner before the pipeline;\n"
        "ours in all = parse_feed + learn bp + split_post"
    )
    for row in [header, *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
