"""Posts whose text is Markdown source are cut like their HTML rendering."""

from __future__ import annotations

from html import escape

from digest.sectioning import split_post
from digest.sectioning.markdown import looks_like_markdown, markdown_to_html
from digest.sectioning.normalise import HEADING, normalise

URL = "https://weekly.example.org/12/"
BODY = "A body with enough words to be a story of its own, " * 2

STORIES = f"""# Weekly #12

Hello, a short week.

---

## The parser ships

{BODY} Notes in the [release post](https://example.org/release) and **the docs**.

## Testers wanted

{BODY} Join [the thread](/thread/7) on the forum.

- One thing to try
- Another thing to try
"""

CATEGORIES = f"""# Weekly #13

Sorted into sections this week.

## Releases

### Version 2 is out

{BODY}

### The app adds sync

{BODY}

---

## Community

### A meetup in Tallinn

{BODY} [Sign up](https://events.example.org/tallinn).
"""

PLAIN_MAIL = f"""Kestrel Weekly News
===================

Releases
--------

* Kestrel 4.1 is out
* Kestrel 4.0.3 fixes a crash

Testing
-------

{BODY}

--
You are subscribed to kestrel-announce.
"""


def test_markdown_is_recognised() -> None:
    assert looks_like_markdown(STORIES)
    assert looks_like_markdown(CATEGORIES)
    # No headings: a link together with bold or a list.
    assert looks_like_markdown("**Note:** see [the post](https://example.org/p).\n\nMore.")


def test_plain_text_mail_is_not_markdown() -> None:
    assert not looks_like_markdown(PLAIN_MAIL)
    assert not looks_like_markdown("Hi,\n\n* one\n* two\n\n**Important**: read it.\n")
    assert not looks_like_markdown("Hi,\n\n# of seats left: 3\n\nBye.\n")


def test_html_is_never_markdown() -> None:
    assert not looks_like_markdown("<h2>News</h2>\n\n## Not a heading\n\n## Nor this\n")
    blocks = normalise("<p>## One</p><p>## Two</p>", URL).blocks
    assert [b.kind for b in blocks] == ["para", "para"]


def test_raw_html_in_markdown_is_escaped() -> None:
    assert "<script>" not in markdown_to_html("## A\n\n<script>alert(1)</script>\n")


def test_markdown_post_is_cut_at_its_headings() -> None:
    drafts = split_post(escape(STORIES), post_url=URL, post_title="Weekly #12")
    assert [d.title for d in drafts] == ["The parser ships", "Testers wanted"]
    assert "https://example.org/release" in drafts[0].links
    # A relative link resolves against the post, as in an HTML post.
    assert "https://weekly.example.org/thread/7" in drafts[1].links
    assert "**" not in drafts[0].text and "<strong>the docs</strong>" in drafts[0].html


def test_markdown_stories_under_category_labels() -> None:
    drafts = split_post(escape(CATEGORIES), post_url=URL, post_title="Weekly #13")
    titles = [d.title for d in drafts]
    assert titles == ["Version 2 is out", "The app adds sync", "A meetup in Tallinn"]


def test_plain_text_that_is_not_markdown_stays_plain() -> None:
    blocks = normalise(PLAIN_MAIL, URL).blocks
    assert all(b.source == "text" for b in blocks)
    assert [b.text for b in blocks if b.kind == HEADING] == [
        "Kestrel Weekly News",
        "Releases",
        "Testing",
    ]
    assert blocks[-1].signature
