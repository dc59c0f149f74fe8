"""The sectioner on arbitrary HTML: it never raises, and what it returns holds together."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from digest.ingest.parse import parse_feed
from digest.sectioning import split_post
from digest.sectioning.sections import Cut, cut_post, learn_boilerplate
from digest.types import FetchedDocument
from tests.conftest import shared_path

WORDS = st.sampled_from(
    (
        *("chip", "Solar", "roofs", "1.", "Bonus:", "—", "&amp;", "é", "🚀", "Sponsored"),
        *("Dear", "===", "TECH", "IN BRIEF:", "Day 1", "Features", "Together with", "From:"),
    )
)
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=8).map(" ".join)
INLINE = ("strong", "b", "em", "i", "u", "span", "a", "code")
BLOCK = ("p", "h1", "h2", "h3", "h4", "li", "td", "div", "section", "pre", "blockquote")
STYLES = ("", ' style="font-weight:bold"', ' style="text-align:center"', ' class="sponsor"')


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tag = st.sampled_from(INLINE + BLOCK + ("ul", "ol", "table", "tr"))
    return st.builds(
        lambda name, style, inner: f"<{name}{style}>{inner}</{name}>",
        tag,
        st.sampled_from(STYLES),
        st.lists(children, max_size=4).map("".join),
    )


MARKUP = st.recursive(
    st.one_of(
        TEXT, st.sampled_from(["<hr>", "<br>", "<p>&nbsp;</p>", "<img src=x>", "<!-- c -->"])
    ),
    element,
    max_leaves=40,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP, max_size=12).map("".join), TEXT)
def test_any_html_gives_stories_with_unique_keys_and_their_own_text(html: str, title: str) -> None:
    drafts = split_post(html, post_url="https://letter.example/1", post_title=title)
    keys = [d.key for d in drafts]
    assert len(keys) == len(set(keys))
    assert [d.ordinal for d in drafts] == list(range(len(drafts)))
    for draft in drafts:
        assert draft.key and draft.url.startswith("https://letter.example/1")
        assert draft.text == draft.text.strip()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400), TEXT)
def test_plain_text_and_garbage_never_raise(text: str, title: str) -> None:
    split_post(text, post_url="https://letter.example/1", post_title=title)


LINES = st.one_of(
    TEXT,
    st.sampled_from(["", "-" * 30, "Message: 1", "Date: today", "Subject: x", "## A", "* b"]),
    st.builds("From: {}".format, TEXT),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINES, max_size=30).map("\n".join), TEXT)
def test_no_text_is_lost_in_plain_text_mail(text: str, title: str) -> None:
    assert not _lost_words(_cut(text, title))


# --- no text is lost ------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _cut(html: str, title: str, boilerplate: frozenset[str] = frozenset()) -> Cut:
    return cut_post(
        html, post_url="https://letter.example/1", post_title=title, boilerplate=boilerplate
    )


def _lost_words(cut: Cut) -> set[str]:
    """Words of blocks that are neither in a story nor dropped with a reason."""
    told = (
        {d.index for d in cut.dropped if d.reason} | set(cut.plan.labels) | set(cut.plan.preamble)
    )
    kept: set[str] = set()
    for draft in cut.drafts:
        kept.update(_WORD.findall(f"{draft.title} {draft.teaser} {draft.text}".casefold()))
    # A headline as printed loses its list number or "(5 minute read)" in its title.
    heads = {s.opener.index: s.opener.title for s in cut.plan.stories if s.opener}
    # ... and a divided part's headline its list number ("3. Where to see the eclipse").
    starts = {s.blocks[0] for s in cut.plan.stories if s.blocks}
    lost: set[str] = set()
    for block in cut.blocks:
        if block.index in told:
            continue
        allowed = kept | set(_WORD.findall(heads.get(block.index, "").casefold()))
        number = block.index in starts
        lost.update(
            w
            for w in _WORD.findall(block.text.casefold())
            if w not in allowed and not (number and w.isdigit() and len(w) <= 2)
        )
    return lost


def test_a_missing_story_is_noticed() -> None:
    """The check itself: a story's text that went missing is lost words."""
    body = "plain words about the {} that fill a paragraph of its own for the reader today"
    html = "<p>Hello! This week, three notes.</p>" + "".join(
        f"<h2>{name}</h2><p>{body.format(name)} {name}s.</p>"
        for name in ("tide", "ferry", "harbour")
    )
    cut = _cut(html, "Notes")
    assert len(cut.drafts) == 3 and not _lost_words(cut)
    cut.drafts = cut.drafts[:2]
    assert _lost_words(cut) == {"harbour", "harbours"}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKUP, max_size=12).map("".join), TEXT)
def test_no_text_is_lost_on_any_html(html: str, title: str) -> None:
    assert not _lost_words(_cut(html, title))


def test_no_text_is_lost_in_the_corpus() -> None:
    _assert_nothing_lost(shared_path("feeds", "sectioning"))


def test_no_text_is_lost_in_the_labelled_layouts() -> None:
    _assert_nothing_lost(Path(__file__).resolve().parents[1] / "layouts")


def _assert_nothing_lost(corpus: Path) -> None:
    for feed_file in sorted(corpus.glob("*.xml")):
        feed = parse_feed(FetchedDocument(url=feed_file.as_uri(), content=feed_file.read_bytes()))
        learned = learn_boilerplate([e.html for e in feed.entries])
        for entry in feed.entries:
            lost = _lost_words(_cut(entry.html, entry.title, learned))
            assert not lost, f"{feed_file.name} {entry.url}: {sorted(lost)[:10]}"
