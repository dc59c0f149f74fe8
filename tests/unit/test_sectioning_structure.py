"""Stage 3 of the sectioner: story families, categories, peers, essay or roundup."""

from __future__ import annotations

from digest.sectioning.candidates import candidates
from digest.sectioning.normalise import normalise
from digest.sectioning.structure import Plan, plan

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
BODY = f"<p>{LOREM} {LOREM}</p>"


def planned(html: str, title: str = "Weekly news #12") -> tuple[Plan, list[str]]:
    blocks = normalise(html, "").blocks
    result = plan(blocks, candidates(blocks), title)
    return result, [s.opener.title if s.opener else "" for s in result.stories]


def test_heading_roundup() -> None:
    html = "<p>Hello all.</p>" + "".join(f"<h2>News {n}</h2>{BODY}" for n in range(3))
    result, titles = planned(html)
    assert result.layout == "roundup"
    assert titles == ["News 0", "News 1", "News 2"]
    assert result.preamble == [0]


def test_category_labels_hand_over_to_the_stories_under_them() -> None:
    html = "".join(
        f"<h3>Category {k}</h3>"
        + "".join(
            f'<a href="https://x.example/{k}{n}"><h3>Story {k}{n}</h3></a>{BODY}' for n in "12"
        )
        for k in "AB"
    )
    result, titles = planned(html)
    assert titles == ["Story A1", "Story A2", "Story B1", "Story B2"]
    assert [s.category for s in result.stories] == ["Category A"] * 2 + ["Category B"] * 2


def test_link_list_sections_stay_whole_under_their_top_heading() -> None:
    link = "<li><a href='https://x.example/{0}'>A linked article about topic {0}</a></li>"
    links = "<ul>" + link.format(1) + link.format(2) + "</ul>"
    section = "<h3>Sub one</h3>" + links + "<h3>Sub two</h3>" + links
    html = f"<h2>Updates</h2>{section}<h2>Crate of the week</h2>{BODY}<h2>Events</h2>{section}"
    _, titles = planned(html)
    assert titles == ["Updates", "Crate of the week", "Events"]


def test_list_items_with_lead_ins_and_a_peer_after_the_list() -> None:
    items = "".join(f"<li><strong>Item {n}</strong> — {LOREM}</li>" for n in range(3))
    link = "<li><a href='https://x.example/{0}'>A linked article about topic {0}</a></li>"
    links = "<ul>" + link.format("a") + link.format("b") + "</ul>"
    html = f"<p>Hello!</p><ol>{items}</ol><p><strong>Also worth your time</strong></p>{links}"
    result, titles = planned(html)
    assert titles == ["Item 0", "Item 1", "Item 2", "Also worth your time"]
    assert result.stories[0].blocks == [1]  # an item's story ends with its item


def test_one_lead_in_is_emphasis() -> None:
    result, _ = planned(f"<p><b>Note.</b> {LOREM}</p>{BODY}{BODY}")
    assert result.layout == "single"


def test_essay_with_an_announcing_introduction_stays_whole() -> None:
    intro = (
        "<p>This essay is about why repairs fail, and here is what I have learned over a "
        "decade of fixing things for neighbours and friends in three parts.</p>"
    )
    parts = "".join(f"<h2>Part {n}</h2>{BODY}" for n in "ABC")
    close = "<p>If I had to compress all three into one line, it would be this.</p>"
    result, _ = planned(intro + parts + close, "Why repairs fail")
    assert result.layout == "whole"
    assert any("essay" in e for e in result.evidence)


def test_the_same_markup_in_a_periodical_is_a_roundup() -> None:
    parts = "".join(f"<h2>Part {n}</h2>{BODY}" for n in "ABC")
    result, _ = planned("<p>Good morning! Three things this week.</p>" + parts, "Issue #88")
    assert result.layout == "roundup"


def test_a_buried_higher_heading_without_roundup_evidence_is_an_article() -> None:
    html = f"<h4>A subtitle</h4>{BODY}<h3>A section</h3>{BODY}<h4>Note</h4>{BODY}"
    result, _ = planned(html, "Medium post")
    assert result.layout == "whole"


def test_dividers_follow_todays_rules() -> None:
    html = f"<p><strong>Alpha:</strong></p>{BODY}<hr><p><strong>Beta:</strong></p>{BODY}"
    result, _ = planned(html)
    assert result.layout == "divided" and len(result.stories) == 2


def test_bare_lines_need_shared_labels_and_outliers_are_house_ads() -> None:
    def story(title: str) -> str:
        return (
            f"<p>{title}</p><p>{LOREM}</p><p>What's new: {LOREM}</p><p>Why it matters: {LOREM}</p>"
        )

    ad = f"<p>Work With Our Team</p><p>{LOREM} Check out the openings!</p>"
    html = story("Robots Get To Work") + story("Models Get Bigger Again") + ad
    html += story("Chips Get Cheaper Now")
    result, titles = planned(html, "Robots, models and chips")
    assert titles == [
        "Robots Get To Work",
        "Models Get Bigger Again",
        "Work With Our Team",
        "Chips Get Cheaper Now",
    ]
    assert result.house_ads == [result.stories[2].blocks[0]]


def test_bare_lines_without_shared_labels_are_no_stories() -> None:
    html = "".join(f"<p>Some Short Line {n}</p><p>{LOREM}</p>" for n in range(4))
    result, _ = planned(html)
    assert result.layout == "single"


def test_a_letter_before_the_stories_is_a_story_titled_by_its_salutation() -> None:
    letter = "<p>Dear friends,</p>" + f"<p>{LOREM} {LOREM}</p>" * 5 + "<p>Keep going!</p><p>Ann</p>"
    stories = "".join(f"<h2>News {n}</h2>{BODY}" for n in range(3))
    result, titles = planned(letter + "<p>News</p>" + stories)
    assert titles == ["Dear friends", "News 0", "News 1", "News 2"]
    assert result.stories[0].blocks[-1] == 7  # up to the signature


def test_a_heading_with_no_body_over_one_story_is_its_category() -> None:
    items = "".join(f"<ul><li><strong>Item {n}</strong> — {LOREM}</li></ul>" for n in range(3))
    html = f"<h2>Top news</h2>{items}<h2>Tip of the week</h2><p><b>Use a firewall</b> — {LOREM}</p>"
    result, titles = planned(html)
    assert titles[-1] == "Use a firewall"
    assert result.stories[-1].category == "Tip of the week"


def test_an_enumerating_title_is_roundup_evidence() -> None:
    parts = "".join(f"<h2>Part {n}</h2>{BODY}" for n in "ABC")
    intro = "<p>" + "An argument about the things that follow in this piece, " * 4 + "</p>"
    result, _ = planned(intro + parts, "Tariffs, ice roads, and swifts")
    assert result.layout == "roundup"
