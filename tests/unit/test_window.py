"""A send run's window ranks and explains sections exactly as `match_filters` does, and finds
the same stories told twice as `same_story` does, while remembering what it worked out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings, strategies as st

from digest.mail.compose import Window, same_story
from digest.matching.analysis import analyser
from digest.matching.atoms import PREFIX, WORD
from digest.matching.filters import labelled_filters
from digest.matching.query import parse_query
from digest.matching.score import _found, compiled, match_filters
from digest.models import Feed, Post, Section
from digest.store import section_view

START = datetime(2026, 11, 2, tzinfo=UTC)
WORDS = ("robot", "robots", "chip", "solar", "battery", "repair", "clock", "kite", "model")


def sections(texts: list[tuple[str, str]], fingerprints: list[str]) -> list[Section]:
    feed = Feed(title="Test Letter", url="https://letter.example/feed", language=None)
    post = Post(feed=feed, title="Issue", url="https://letter.example/1")
    return [
        Section(
            id=n + 1,
            post=post,
            title=title,
            teaser="",
            text=text,
            html=f"<p>{text}</p>",
            url=f"https://letter.example/1#s{n + 1}",
            key=f"s{n + 1}",
            fingerprint=fingerprint,
            first_seen_at=START + timedelta(hours=n),
        )
        for n, ((title, text), fingerprint) in enumerate(zip(texts, fingerprints, strict=True))
    ]


phrase = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
query = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=3, unique=True).map(" OR ".join),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=2, unique=True).map(" ".join),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f"{p[0]} -{p[1]}"),
    st.tuples(st.sampled_from(WORDS), st.sampled_from(WORDS)).map(lambda p: f'"{p[0]} {p[1]}"'),
    st.sampled_from(WORDS).map(lambda word: word[:3] + "*"),
)
simhash = st.integers(0, 2**64 - 1).map(lambda n: f"{n:016x}")


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.tuples(phrase, phrase), min_size=1, max_size=12),
    queries=st.lists(query, min_size=1, max_size=4),
    data=st.data(),
)
def test_the_window_ranks_and_explains_as_match_filters_does(
    texts: list[tuple[str, str]], queries: list[str], data: st.DataObject
) -> None:
    fingerprints = data.draw(st.lists(simhash, min_size=len(texts), max_size=len(texts)))
    window = Window(START, sections(texts, fingerprints))
    filters = labelled_filters("ada@example.org", [(q, q) for q in queries])
    for _ in range(2):  # the second time from what it remembers
        found = window.matched(filters, START)
        expected = []
        for section, document in zip(window.sections, window.documents, strict=True):
            verdict = match_filters(filters, document, window.collection)
            if verdict is not None:
                expected.append((section.id, verdict))
        expected.sort(key=lambda pair: (-pair[1].score, pair[0]))
        assert [(s.id, v) for s, v in found] == expected
        by_id = {section.id: section for section in window.sections}
        shown = [window.view(c) for c in window.candidates(filters, START)]
        assert shown == [
            replace(section_view(by_id[i]), score=v.score, reasons=v.reasons) for i, v in expected
        ]


@settings(max_examples=100, deadline=None)
@given(
    fingerprints=st.lists(
        st.one_of(simhash, st.sampled_from(["0" * 16, "0" * 15 + "7", "exact-one", "zz" * 8])),
        min_size=1,
        max_size=10,
    ),
    probe=st.one_of(simhash, st.sampled_from(["0" * 16, "exact-one", "zz" * 8])),
)
def test_the_window_finds_the_same_stories_as_same_story(
    fingerprints: list[str], probe: str
) -> None:
    texts = [("story", "words")] * len(fingerprints)
    window = Window(START, sections(texts, fingerprints))
    expected = sum(1 << i for i, f in enumerate(fingerprints) if same_story(probe, f))
    assert window.same_stories(probe) == expected
    assert window.same_stories(probe) == expected  # remembered


@settings(max_examples=200, deadline=None)
@given(text=phrase, query=query)
def test_the_words_a_reason_names_are_those_a_scan_finds(text: str, query: str) -> None:
    """`_found` reads each stem's spellings; a scan of every word is the reference, each
    word once, first seen first (as a reason names them)."""
    document = analyser().document(text, "", text, "")
    for atom in (a for c in compiled(parse_query(query), document.language) for a in c.must):
        for name in atom.fields():
            field = document.fields[name]
            if atom.kind == WORD:
                pairs = zip(field.words, field.stems, strict=True)
                expected = [w for w, s in pairs if s == atom.key]
            elif atom.kind == PREFIX:
                expected = [w for w in field.words if w.startswith(atom.key)]
            else:
                size = len(atom.stems)
                starts = range(len(field.stems) - size + 1)
                hits = [i for i in starts if field.stems[i : i + size] == atom.stems]
                expected = [" ".join(field.words[i : i + size]) for i in hits]
            found = _found(atom, document, name)
            assert list(dict.fromkeys(found)) == list(dict.fromkeys(expected))
