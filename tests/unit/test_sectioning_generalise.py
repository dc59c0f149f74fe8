"""Single articles a reader keeps whole, whatever their layout, and roundups known by
their body rather than their title (the sectioner's generalisation rules)."""

from __future__ import annotations

from digest.sectioning.candidates import candidates
from digest.sectioning.normalise import normalise
from digest.sectioning.sections import cut_post
from digest.sectioning.structure import Plan, plan

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
BODY = f"<p>{LOREM} {LOREM}</p>"
ARGUMENT = (
    "Most teams reach for new tools when the old ones stop fitting the work they do, and the"
    " reasons are rarely about the tools themselves but about the habits around them."
)


def planned(html: str, title: str = "x") -> tuple[Plan, list[str]]:
    blocks = normalise(html, "").blocks
    result = plan(blocks, candidates(blocks), title)
    return result, [s.opener.title if s.opener else "" for s in result.stories]


def test_a_list_where_few_items_have_a_lead_in_is_one_article() -> None:
    items = [f"<li>{LOREM}</li>"] * 4 + [
        f"<li><strong>Point {n}</strong> {LOREM}</li>" for n in "ABC"
    ]
    result, _ = planned(f"<p>{LOREM}</p><ul>{''.join(items)}</ul>")
    assert result.layout == "whole"
    assert any("list items have a lead-in" in e for e in result.evidence)


def test_every_item_led_is_still_a_roundup() -> None:
    items = "".join(f"<li><strong>Point {n}</strong> — {LOREM} {LOREM}</li>" for n in "ABCD")
    result, titles = planned(f"<p>Hello! Four things this week.</p><ul>{items}</ul>")
    assert result.layout == "roundup"
    assert titles == ["Point A", "Point B", "Point C", "Point D"]


def test_questions_as_headlines_are_a_faq() -> None:
    html = "".join(f"<p><strong>Does it work on {n}?</strong></p>{BODY}" for n in "ABCD")
    result, _ = planned("<p>Some answers.</p>" + html, "Weekly news #3")
    assert result.layout == "whole"


def test_lead_in_items_with_a_conclusion_are_one_article() -> None:
    items = "".join(f"<li><strong>Unable to {n}.</strong> {LOREM} {LOREM}</li>" for n in "ABC")
    html = f"<p>{ARGUMENT}</p><ul>{items}</ul><p>{ARGUMENT} {ARGUMENT}</p>"
    result, _ = planned(html)
    assert result.layout == "whole"
    assert any("conclusion" in e for e in result.evidence)


def test_an_introduction_longer_than_its_parts_makes_an_article() -> None:
    intro = "".join(f"<p>{ARGUMENT} {ARGUMENT}</p>" for _ in range(5))
    parts = "".join(f"<p><strong>Part {n}</strong></p><p>{LOREM}</p>" for n in "ABC")
    result, _ = planned(intro + parts, "Weekly notes #4")
    assert result.layout == "whole"


def test_sub_heads_under_one_story_are_its_outline() -> None:
    html = (
        "".join(f"<h1>Section {n}</h1>{BODY}" for n in "ABC")
        + "<h1>Get it</h1>"
        + "".join(f"<h2>To do {n}</h2>{BODY}" for n in "XYZ")
    )
    _, titles = planned(html, "Release 4.9 is out")
    assert titles == ["Section A", "Section B", "Section C", "Get it"]


def test_a_call_to_action_is_no_headline() -> None:
    blocks = normalise("<p><strong>» Read the guide here</strong></p><p>text</p>", "").blocks
    assert all(c.label for c in candidates(blocks))


def test_a_roundup_is_known_by_its_body_with_a_neutral_title() -> None:
    stories = "".join(f"<h4>Story {n} is told</h4>{BODY}" for n in "ABC")
    sponsor = f"<h4>Sponsored: a bike shop</h4><p>{LOREM}</p>"
    result, _ = planned(f"<p>Good news first.</p>{stories}{sponsor}<h3>Related</h3>")
    assert result.layout == "roundup"
    result, _ = planned(f"{stories}<p>Send your links for next week!</p>")
    assert result.layout == "roundup"


def test_prose_after_item_stories_stays_in_the_last_story_and_nothing_is_unnamed() -> None:
    items = "".join(f"<li><strong>Story {n}</strong> — {LOREM} {LOREM}</li>" for n in "ABC")
    html = f"<p>Hello! This week:</p><ul>{items}</ul><p>{LOREM} {LOREM} {LOREM}</p><p>ok</p>"
    cut = cut_post(html, post_url="https://letter.example/1", post_title="Weekly #1")
    assert [d.title for d in cut.drafts] == ["Story A", "Story B", "Story C"]
    assert cut.drafts[-1].text.count("Lorem") == 5
    placed = {i for s in cut.plan.stories for i in s.blocks} | {d.index for d in cut.dropped}
    assert placed == {b.index for b in cut.blocks}
    assert all(d.reason for d in cut.dropped)


def test_what_a_divided_post_leaves_out_is_named() -> None:
    parts = "<hr>".join(f"<p><strong>Part {n}</strong></p>{BODY}{BODY}" for n in "AB")
    html = f"<p>A short hello.</p><hr>{parts}<hr><p>-</p>"
    cut = cut_post(html, post_url="https://letter.example/1", post_title="x")
    assert cut.plan.layout == "divided"
    placed = {i for s in cut.plan.stories for i in s.blocks} | {d.index for d in cut.dropped}
    assert placed == {b.index for b in cut.blocks}
    assert {d.reason for d in cut.dropped} <= {"preamble", "divider", "residue", "tail"}
    assert cut.dropped and all(d.reason for d in cut.dropped)


def test_an_introduction_naming_one_piece_keeps_its_list_whole() -> None:
    items = "".join(f"<li><strong>name{n}()</strong><br>{LOREM} {LOREM}</li>" for n in "ABCD")
    lead = "<p>This list of oddities is not exhaustive; it is one observational note.</p>"
    result, _ = planned(f"{lead}<ul><li>first {LOREM}</li>{items}</ul>")
    assert result.layout == "whole"
