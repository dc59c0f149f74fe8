"""`digest feed inspect`: how each post is cut, block by block, with nothing stored."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result
from tests.feedbuilder import Item, rss

STORIES = [
    (
        "Solar roofs get cheaper",
        "Installers report prices fell by a fifth this year in most of the towns we follow, and",
    ),
    (
        "A tractor you can repair",
        "The maker now publishes its manuals and sells parts to anyone who asks for them, which",
    ),
    (
        "Seed libraries spread",
        "Lending shelves of seeds open in forty more public libraries this spring, most of them",
    ),
]


def roundup(tmp_path: Path) -> Path:
    """Stories as bold lead-ins that open their paragraphs, a greeting and a sign-off."""
    body = "".join(
        f"<p><strong>{title}.</strong> {text} readers wrote in to say so all week long.</p>"
        for title, text in STORIES
    )
    html = f"<p>Good morning! Here is this week's list.</p>{body}<p>See you next week, Ana</p>"
    path = tmp_path / "letter.xml"
    path.write_bytes(rss(Item("issue-1", "Issue 1", html), Item("issue-2", "Issue 2", html)))
    return path


def test_inspect_lists_each_post_and_stores_nothing(
    digest: Callable[..., Result], tmp_path: Path
) -> None:
    feed = roundup(tmp_path)
    listed = digest("feed", "inspect", str(feed))
    assert listed.code == 0, listed.err
    split, header, *rows = listed.out.splitlines()
    assert split == "split: auto"  # a feed not added is cut as a new one would be
    assert header.split() == ["POST", "LAYOUT", "OPENS", "WITH", "STORIES", "CHROME"]
    assert len(rows) == 2 and all("https://letter.example/issue-" in row for row in rows)
    assert all("3" in row.split() for row in rows)  # three stories each
    assert digest("feed", "list", "--json").out.strip() == "[]"  # nothing was added
    assert json.loads(digest("section", "list", "--json").out) == []


def test_inspect_one_post_gives_every_block_its_role(
    digest: Callable[..., Result], tmp_path: Path
) -> None:
    feed = roundup(tmp_path)
    trace = digest("feed", "inspect", str(feed), "--post", "https://letter.example/issue-1")
    assert trace.code == 0, trace.err
    assert trace.out.startswith("split: auto\npost    Issue 1\nlayout  ")
    assert "opener(" in trace.out and "chrome(" in trace.out
    assert "a-tractor-you-can-repair" in trace.out

    document = json.loads(
        digest(
            "feed", "inspect", str(feed), "--post", "https://letter.example/issue-1", "--json"
        ).out
    )
    (post,) = document
    assert set(post) == {
        "guid",
        "title",
        "split",
        "layout",
        "family",
        "evidence",
        "chrome",
        "sections",
        "blocks",
    }
    assert [s["title"] for s in post["sections"]] == [
        "Solar roofs get cheaper",
        "A tractor you can repair",
        "Seed libraries spread",
    ]
    roles = [b["role"] for b in post["blocks"]]
    assert roles[1:4] == ["opener(lead_in)"] * 3  # each story is its one paragraph
    greeting, *_, sign_off = post["blocks"]
    assert greeting["role"].startswith("chrome(") and "Good morning" in greeting["text"]
    assert sign_off["role"].startswith("chrome(") and "See you" in sign_off["text"]
    assert all(set(b) == {"index", "kind", "words", "role", "text"} for b in post["blocks"])


def test_inspect_refuses_an_unknown_post_and_a_missing_feed(
    digest: Callable[..., Result], tmp_path: Path
) -> None:
    feed = roundup(tmp_path)
    unknown = digest("feed", "inspect", str(feed), "--post", "nope")
    assert unknown.code == 2
    assert "has no post 'nope'" in unknown.err
    missing = digest("feed", "inspect", str(tmp_path / "absent.xml"))
    assert missing.code == 2
    assert "Traceback" not in missing.err
