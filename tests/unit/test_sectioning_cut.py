"""The traced sectioner: `cut_post` keeps every stage's output; `split_post` is its drafts."""

from __future__ import annotations

from digest.sectioning import cut_post, split_post

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
URL = "https://news.example.org/p/7"


def test_cut_post_traces_and_split_post_returns_its_drafts() -> None:
    html = "<p>Hello!</p><h3>Top news</h3>" + "".join(
        f"<ul><li><strong>Item {n}</strong> — {LOREM}</li></ul>" for n in range(3)
    )
    cut = cut_post(html, post_url=URL, post_title="Weekly #7")
    assert cut.blocks and cut.candidates
    assert cut.plan.layout == "roundup"
    assert {d.reason for d in cut.dropped} >= {"preamble"}
    assert [(d.title, d.category, d.key) for d in cut.drafts] == [
        (f"Item {n}", "Top news", f"item-{n}") for n in range(3)
    ]
    assert cut.drafts == split_post(html, post_url=URL, post_title="Weekly #7")
    assert cut.drafts[0].text.startswith("Lorem")  # the lead-in and its dash are out


def test_layouts_the_corpus_lacks() -> None:
    body = f"<p>{LOREM} {LOREM}</p>"
    layouts = {
        "td": "".join(f"<table><tr><td><h3>S{n}</h3>{body}</td></tr></table>" for n in "ABC"),
        "span": "".join(f'<p><span style="font-weight:bold">S{n}</span></p>{body}' for n in "ABC"),
        "u": "".join(f"<p><u>S{n}</u></p>{body}" for n in "ABC"),
        "a-h3": "".join(f'<a href="https://x.example/{n}"><h3>S{n}</h3></a>{body}' for n in "ABC"),
    }
    for name, html in layouts.items():
        drafts = split_post("<p>Hi all.</p>" + html, post_url=URL, post_title="Issue 3")
        assert [d.title for d in drafts] == ["SA", "SB", "SC"], name
