"""A feed's split mode: the layout its operator chose instead of the automatic rules."""

from __future__ import annotations

import pytest

from digest.sectioning import SPLIT_MODES, cut_post, split_post

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
URL = "https://news.example.org/p/9"

#: An essay by the automatic rules (its lead announces parts, its close refers back),
#: with headings, bold lead-ins under them and one divider: each mode cuts it its own way.
CITIES = (
    "<p>I have been thinking about cities for a long time, and this essay is about what"
    " makes them work for the people who live in them, in three parts that build on each"
    " other.</p>"
    f"<h2>Streets</h2><p><b>Sidewalks.</b> {LOREM}</p><p><b>Crossings.</b> {LOREM}</p><hr>"
    f"<h2>Parks</h2><p><b>Trees.</b> {LOREM}</p><p><b>Benches.</b> {LOREM}</p>"
    f"<h2>Markets</h2><p><b>Stalls.</b> {LOREM}</p><p><b>Opening hours.</b> {LOREM}</p>"
    "<p>In short, all three are one idea.</p>"
)


def titles(html: str, split: str, post_title: str = "On cities") -> list[str]:
    return [d.title for d in split_post(html, post_url=URL, post_title=post_title, split=split)]


def test_each_mode_cuts_the_same_post_its_own_way() -> None:
    assert SPLIT_MODES[0] == "auto"
    assert titles(CITIES, "auto") == ["On cities"]  # one argument: kept whole
    assert titles(CITIES, "headings") == ["Streets", "Parks", "Markets"]
    assert titles(CITIES, "bold") == [
        "Sidewalks",
        "Crossings",
        "Trees",
        "Benches",
        "Stalls",
        "Opening hours",
    ]
    assert titles(CITIES, "dividers") == ["Streets", "Parks"]  # Markets is in Parks' part
    assert titles(CITIES, "none") == ["On cities"]


def test_bold_stories_keep_the_headings_above_them_as_categories() -> None:
    drafts = split_post(CITIES, post_url=URL, post_title="On cities", split="bold")
    assert [d.category for d in drafts] == ["Streets"] * 2 + ["Parks"] * 2 + ["Markets"] * 2
    assert drafts[0].text == LOREM  # the lead-in is the title, out of the body


def test_forced_modes_skip_the_essay_test_and_say_so() -> None:
    cut = cut_post(CITIES, post_url=URL, post_title="On cities", split="headings")
    assert cut.plan.layout == "roundup"
    assert cut.plan.evidence[0] == "split: headings (the operator's layout)"
    assert not any(e.startswith("essay") for e in cut.plan.evidence)
    assert cut_post(CITIES, post_url=URL, post_title="On cities").plan.layout == "whole"


def test_headings_open_stories_at_the_highest_level_used_twice_however_short() -> None:
    html = (
        "<h1>Field notes</h1><p>Short ones this week.</p>"
        "<h3>Kites</h3><p>Up again.</p><h3>Bees</h3><p>Quiet hives.</p>"
        "<h3>Rain</h3><p>At last, some.</p>"
    )
    assert titles(html, "auto", "Field notes 12") == ["Field notes 12"]  # no bodies: one
    assert titles(html, "headings", "Field notes 12") == ["Kites", "Bees", "Rain"]


def test_headings_include_underlined_plain_text_headings() -> None:
    text = "".join(f"{title}\n{'=' * len(title)}\n\n{LOREM}\n\n" for title in ("Solar", "Wind"))
    html = f"<pre>Hello\n\n{text}</pre>"
    assert titles(html, "headings", "Notes") == ["Solar", "Wind"]
    assert titles(html, "bold", "Notes") == ["Notes"]  # no bold cue: one story


def test_two_bold_lead_ins_are_stories_when_the_operator_says_so() -> None:
    html = f"<p>Hi all.</p><p><b>Solar roofs.</b> {LOREM}</p><p><b>Wind farms.</b> {LOREM}</p>"
    assert titles(html, "auto", "Notes") == ["Notes"]  # two lead-ins may be emphasis
    assert titles(html, "bold", "Notes") == ["Solar roofs", "Wind farms"]


def test_dividers_cut_only_at_dividers() -> None:
    teasered = "".join(
        f"<p><strong>{t}:</strong></p><p><em>…a teaser…</em></p><p>{LOREM}</p>"
        for t in ("Chips", "Boats")
    )
    html = f"<p>Welcome to the letter.</p><hr>{teasered}<hr><h3>Trains</h3><p>{LOREM}</p>"
    assert titles(html, "auto", "Issue 4") == ["Chips", "Boats", "Trains"]
    assert titles(html, "dividers", "Issue 4") == ["Chips", "Trains"]
    assert titles(f"<h3>Trains</h3><p>{LOREM}</p>" * 3, "dividers", "Issue 4") == ["Issue 4"]


def test_none_keeps_one_story_without_the_sponsor() -> None:
    html = (
        "<p>Good morning! Three stories this week.</p>"
        f"<h2>Solar roofs</h2><p>{LOREM}</p><h2>Wind farms</h2><p>{LOREM}</p>"
        f'<div class="sponsor"><p>Acme insures your roof. {LOREM}</p></div>'
        f"<h2>Heat pumps</h2><p>{LOREM}</p>"
    )
    assert titles(html, "auto", "Weekly #3") == ["Solar roofs", "Wind farms", "Heat pumps"]
    cut = cut_post(html, post_url=URL, post_title="Weekly #3", split="none")
    (story,) = cut.drafts
    assert (story.title, story.key) == ("Weekly #3", "main")
    assert story.text.startswith("Good morning!") and "Heat pumps" in story.text
    assert "Acme" not in story.text
    assert [d.reason for d in cut.dropped] == ["sponsor"]


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown split mode 'paragraphs'"):
        split_post(CITIES, post_url=URL, post_title="On cities", split="paragraphs")
    with pytest.raises(ValueError, match="auto, headings, bold, dividers, none"):
        cut_post("", post_url=URL, post_title="", split="")
