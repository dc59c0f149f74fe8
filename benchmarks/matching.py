"""Matching a large audience: digest's indexes against the naive evaluation.

The workload: an audience of N subscribers, each following 3 of 50 catalog
topics (an OR of 2-4 words) and holding 1 own query of 1-3 words (all must
occur), words drawn from a 20,000-word vocabulary with a Zipf skew (s = 1.07),
against 500 sections of ~800 words drawn from the same skew.

- naive: every distinct filter on every section, sections pre-tokenised into
  sets, plain set operations, then each subscriber's filters united: the best
  a simple loop can do.
- digest: `FilterIndex.match` (instant: one 6-section post against everyone,
  through the presearcher) and `FilterIndex.select` (every subscriber's digest
  over the 500 sections). The sections' analysis (folding, stemming) is timed
  on its own: the naive loop is given its sections already tokenised.

Each audience size runs in a child process, so peak memory (max RSS) is its own.
At 1M the naive digest selection would take minutes: it runs over the first
--naive-sections sections and is scaled up (marked ~), unless --full-naive.
Both sides' matches are compared on what both computed.

    python benchmarks/matching.py [--subscribers 10000,1000000] [--full-naive]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import snowballstemmer

from digest.matching.analysis import Document, analyser
from digest.matching.filterindex import FilterIndex
from digest.matching.query import Query, parse_query

VOCABULARY = 20_000
TOPICS = 50
SECTIONS = 500
SECTION_WORDS = 800
POST_SECTIONS = 6
ZIPF = 1.07
SEED = 2026

T = TypeVar("T")


@dataclass(frozen=True)
class Workload:
    vocabulary: list[str]
    topics: list[str]  # query sources
    own: list[str]  # one own query per subscriber
    follows: list[list[int]]  # topic numbers per subscriber
    sections: list[tuple[str, str, str]]  # title, teaser, text


def vocabulary(size: int, rng: np.random.Generator) -> list[str]:
    """Pronounceable made-up words that the English stemmer leaves alone, the shorter ones
    the more frequent (as in real text). Rank 0 is the most frequent."""
    stemmer = snowballstemmer.stemmer("english")
    consonants, vowels = list("bcdfghjklmnprtvz"), list("aeiou")
    words: set[str] = set()
    while len(words) < size:
        syllables = int(rng.integers(1, 5))
        word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables))
        word += str(rng.choice(consonants))
        if stemmer.stemWord(word) == word:
            words.add(word)
    ordered = sorted(words)
    noise = rng.random(len(ordered)) * 3
    return [
        w
        for _, w in sorted(
            zip([len(w) + n for w, n in zip(ordered, noise, strict=True)], ordered, strict=True)
        )
    ]


def make_workload(subscribers: int) -> Workload:
    rng = np.random.default_rng(SEED)
    words = vocabulary(VOCABULARY, rng)
    weights = 1 / np.arange(1, VOCABULARY + 1) ** ZIPF
    weights /= weights.sum()

    def draw(count: int) -> list[str]:
        return [words[i] for i in rng.choice(VOCABULARY, count, p=weights)]

    topics = [
        " OR ".join(words[i] for i in rng.integers(1000, 10000, int(rng.integers(2, 5))))
        for _ in range(TOPICS)
    ]
    lengths = rng.integers(1, 4, subscribers)
    pool = iter(draw(int(lengths.sum())))
    own = [" ".join(next(pool) for _ in range(n)) for n in lengths]
    follows = [sorted(rng.choice(TOPICS, 3, replace=False).tolist()) for _ in range(subscribers)]
    sections = []
    for _ in range(SECTIONS):
        body = draw(SECTION_WORDS)
        sections.append((" ".join(body[:8]), " ".join(body[8:40]), " ".join(body[40:])))
    return Workload(words, topics, own, follows, sections)


# The naive evaluation


@dataclass(frozen=True)
class KeywordFilter:
    every: frozenset[str]  # all of these
    some: frozenset[str]  # and one of these, when not empty

    def matches(self, words: frozenset[str]) -> bool:
        return self.every <= words and (not self.some or not self.some.isdisjoint(words))


def naive_filters(work: Workload) -> tuple[list[KeywordFilter], list[list[int]]]:
    """Distinct filters, and each subscriber's filter numbers."""
    numbered: dict[KeywordFilter, int] = {}
    topics = [KeywordFilter(frozenset(), frozenset(t.split(" OR "))) for t in work.topics]
    held = []
    for own, follows in zip(work.own, work.follows, strict=True):
        mine = [topics[t] for t in follows] + [KeywordFilter(frozenset(own.split()), frozenset())]
        held.append([numbered.setdefault(f, len(numbered)) for f in mine])
    return list(numbered), held


def naive_select(
    filters: Sequence[KeywordFilter], held: Sequence[list[int]], sections: Sequence[frozenset[str]]
) -> list[set[int]]:
    """Every distinct filter on every section, then each subscriber's union."""
    matched = [{j for j, words in enumerate(sections) if f.matches(words)} for f in filters]
    return [set().union(*(matched[i] for i in mine)) for mine in held]


# Ours


def audience(work: Workload) -> list[tuple[int, list[Query]]]:
    parsed: dict[str, Query] = {}

    def parse(source: str) -> Query:
        query = parsed.get(source)
        if query is None:
            query = parsed[source] = parse_query(source)
        return query

    topics = [parse(t) for t in work.topics]
    return [
        (n, [topics[t] for t in follows] + [parse(own)])
        for n, (own, follows) in enumerate(zip(work.own, work.follows, strict=True))
    ]


def analyse(sections: Sequence[tuple[str, str, str]]) -> list[Document]:
    english = analyser("english")
    return [english.document(title, teaser, text) for title, teaser, text in sections]


def timed(action: Callable[[], T], runs: int = 1) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result  # type: ignore[return-value]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(subscribers: int, naive_sections: int) -> dict[str, object]:
    work = make_workload(subscribers)
    tokenised = [frozenset(" ".join(s).split()) for s in work.sections]
    post = tokenised[:POST_SECTIONS]

    parse_seconds, held = timed(lambda: audience(work))
    build_seconds, index = timed(lambda: FilterIndex(held))
    analyse_seconds, documents = timed(lambda: analyse(work.sections))
    instant_seconds, instant_selection = timed(
        lambda: index.match(documents[:POST_SECTIONS]), runs=5
    )
    listing_seconds, instant = timed(instant_selection.by_section, runs=5)
    select_seconds, selection = timed(lambda: index.select(documents), runs=2)
    ours_peak = peak_mb()

    filters, held = naive_filters(work)
    naive_instant_seconds, naive_instant = timed(lambda: naive_select(filters, held, post))
    sample = tokenised[: min(naive_sections, SECTIONS)]
    naive_select_seconds, naive_digest = timed(lambda: naive_select(filters, held, sample))
    naive_select_seconds *= SECTIONS / len(sample)

    instant_sets = [set(ids.tolist()) for ids in instant]
    same_instant = all(
        (j in naive_instant[n]) == (n in instant_sets[j])
        for n in range(subscribers)
        for j in range(POST_SECTIONS)
    )
    same_digest = all(
        {j for j in selection.sections_of(n) if j < len(sample)} == naive_digest[n]
        for n in range(subscribers)
    )
    return {
        "subscribers": subscribers,
        "distinct_queries": index.queries,
        "conjunctions": index.conjunctions,
        "parse": parse_seconds,
        "build": build_seconds,
        "analyse": analyse_seconds,
        "instant": instant_seconds,
        "listing": listing_seconds,
        "select": select_seconds,
        "naive_instant": naive_instant_seconds,
        "naive_select": naive_select_seconds,
        "naive_scaled": len(sample) < SECTIONS,
        "naive_sample": len(sample),
        "matches": selection.pairs(),
        "same": same_instant and same_digest,
        "peak_ours_mb": ours_peak,
        "peak_mb": peak_mb(),
    }


def table(results: Sequence[dict[str, object]]) -> str:
    lines = [
        "| subscribers | workload | naive | digest | speed-up |",
        "|---:|---|---:|---:|---:|",
    ]
    for r in results:
        scaled = "~" if r["naive_scaled"] else ""
        assert isinstance(r["instant"], float) and isinstance(r["listing"], float)
        for name, naive, ours in (
            ("instant: one 6-section post", r["naive_instant"], r["instant"]),
            (
                "instant, then listing each section's subscribers",
                r["naive_instant"],
                r["instant"] + r["listing"],
            ),
            ("digest: all subscribers x 500 sections", r["naive_select"], r["select"]),
        ):
            assert isinstance(naive, float) and isinstance(ours, float)
            mark = scaled if name.startswith("digest") else ""
            lines.append(
                f"| {r['subscribers']:,} | {name} | {mark}{_seconds(naive)} | "
                f"{_seconds(ours)} | {mark}{naive / ours:,.0f}x |"
            )
    lines += ["", "| subscribers | distinct queries | parse queries | index build | "
              "analyse 500 sections | matches | same as naive | peak memory (digest / whole run) |",
              "|---:|---:|---:|---:|---:|---:|---|---:|"]  # fmt: skip
    for r in results:
        lines.append(
            f"| {r['subscribers']:,} | {r['distinct_queries']:,} | {r['parse']:.1f} s | "
            f"{r['build']:.1f} s | "
            f"{r['analyse']:.2f} s | {r['matches']:,} | {'yes' if r['same'] else 'NO'} | "
            f"{r['peak_ours_mb']:,.0f} MB / {r['peak_mb']:,.0f} MB |"
        )
    if any(r["naive_scaled"] for r in results):
        sample = next(r["naive_sample"] for r in results if r["naive_scaled"])
        lines.append(
            f"\n~ the naive digest selection ran over {sample} sections and was scaled to "
            f"{SECTIONS}; --full-naive runs it whole."
        )
    return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", default="10000,1000000")
    parser.add_argument("--naive-sections", type=int, default=50)
    parser.add_argument("--full-naive", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.naive_sections)))
        return
    results = []
    for size in (int(s) for s in args.subscribers.split(",")):
        naive_sections = SECTIONS if args.full_naive or size <= 10_000 else args.naive_sections
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--naive-sections", str(naive_sections)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(child.stdout))
        print(f"measured {size:,} subscribers", file=sys.stderr)
    print(table(results))


if __name__ == "__main__":
    main()
