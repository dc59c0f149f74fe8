"""Stage 4 of the sectioner: what is no story, and why."""

from __future__ import annotations

from digest.sectioning.candidates import candidates
from digest.sectioning.chrome import Dropped, strip_chrome
from digest.sectioning.normalise import normalise
from digest.sectioning.structure import Plan, plan

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
BODY = f"<p>{LOREM} {LOREM}</p>"


def run(html: str, title: str = "Weekly news #5") -> tuple[Plan, list[Dropped], list[str]]:
    blocks = normalise(html, "").blocks
    result = plan(blocks, candidates(blocks), title)
    dropped = strip_chrome(blocks, result, title)
    return result, dropped, [s.opener.title if s.opener else "" for s in result.stories]


def reasons(dropped: list[Dropped]) -> set[str]:
    return {d.reason for d in dropped}


def test_sponsor_marker_in_the_headline() -> None:
    html = "".join(f"<h2>{t}</h2>{BODY}" for t in ("One", "Ad copy (Sponsor)", "Two"))
    _, dropped, titles = run(html)
    assert titles == ["One", "Two"] and "sponsor" in reasons(dropped)


def test_sponsor_label_marks_the_next_story() -> None:
    html = (
        f"<p><b>One</b><br>{LOREM}</p><p><b>Two</b><br>{LOREM}</p>"
        f'<p style="text-align: center"><em>Sponsored</em></p><p><b>Insurer</b><br>{LOREM}</p>'
        f"<p><b>Three</b><br>{LOREM}</p>"
    )
    _, _, titles = run(html)
    assert titles == ["One", "Two", "Three"]


def test_sponsor_class_inside_a_divided_part() -> None:
    html = (
        f"<h4>One</h4>{BODY}<hr>"
        '<div class="wp-block-group sponsored"><p><strong>Sponsored</strong></p>'
        f"<p>{LOREM}</p></div>"
        f"<h4>Two</h4>{BODY}"
    )
    result, dropped, _ = run(html)
    assert len(result.stories) == 2 and "sponsor" in reasons(dropped)


def test_contents_list_and_widgets_and_conclusion() -> None:
    contents = "<h3>In this issue</h3><ul><li>Alpha</li><li>Beta</li></ul>"
    html = (
        f"<p>Hello!</p>{contents}<h3>Alpha</h3>{BODY}<h3>Beta</h3>{BODY}"
        f'<div class="jp-relatedposts"><h3>Related</h3><ul><li>x y</li><li>z w</li></ul></div>'
        f"{BODY}<h3>Conclusion</h3>{BODY}"
    )
    _, dropped, titles = run(html)
    assert titles == ["Alpha", "Beta"]
    assert {"contents", "widget", "sign_off"} <= reasons(dropped)


def test_sign_off_after_the_last_story() -> None:
    html = "".join(f"<h2>Story {n}</h2>{BODY}" for n in range(2)) + "<p>Until next week. — P.</p>"
    result, dropped, _ = run(html)
    assert "sign_off" in reasons(dropped)
    assert all("Until next week" not in str(s.blocks) for s in result.stories)


def test_sponsor_marker_line_over_its_own_headline() -> None:
    html = (
        f"<h2>One</h2>{BODY}<p>TOGETHER WITH ACME</p><h3>Your fleet is a power plant</h3>"
        f"<p>{LOREM}</p><h2>Two</h2>{BODY}"
    )
    result, dropped, titles = run(html)
    assert titles == ["One", "Two"]
    assert {d.reason for d in dropped if d.index in (2, 3, 4)} == {"sponsor"}
    assert all(2 not in s.blocks for s in result.stories)


def test_sponsor_marker_on_a_short_line_of_the_headline() -> None:
    items = [("Alpha", ""), ("Ship with Acme", "<br>Acme (sponsor)"), ("Beta", ""), ("Gamma", "")]
    html = "".join(f"<p><a href='x'><b>{t}</b></a> — {LOREM}{b}</p>" for t, b in items)
    _, dropped, titles = run(html)
    assert "Ship with Acme" not in titles and "sponsor" in reasons(dropped)


def test_a_story_that_mentions_a_sponsor_or_a_poll_stays() -> None:
    body = "<p>The bill's sponsor says a poll of voters backs it. Together with two aides</p>"
    html = "".join(f"<h2>{t}</h2>{body}{BODY}" for t in ("One", "Two", "Three"))
    _, dropped, titles = run(html)
    assert titles == ["One", "Two", "Three"] and not dropped


def test_reader_poll_with_its_answers() -> None:
    poll = "<h2>How did you like today’s email?</h2><p>Loved it</p><p>🌤 It was fine</p>"
    html = f"<h2>One</h2>{BODY}<h2>Two</h2>{BODY}{poll}<p>Meh</p>"
    _, dropped, titles = run(html)
    assert titles == ["One", "Two"] and reasons(dropped) == {"poll"}


def test_referral_block_goes_with_its_label() -> None:
    share = "<p>SHARE THE DIGEST</p><p>You have 0 referrals. Refer a friend to earn rewards.</p>"
    html = f"<h2>One</h2>{BODY}{share}<h2>Two</h2>{BODY}<h2>Share the newsletter</h2><p>Go</p>"
    result, dropped, titles = run(html)
    assert titles == ["One", "Two"] and reasons(dropped) == {"referral"}
    assert [d.index for d in dropped if d.reason == "referral"][:2] == [2, 3]
    assert all(2 not in s.blocks and 3 not in s.blocks for s in result.stories)


def test_job_listings_under_a_jobs_label() -> None:
    job = f"<p>{LOREM}</p>"
    html = (
        "".join(f"<h3>Story {n}</h3>{BODY}" for n in range(3))
        + f"<p><b>Jobs</b></p><h3>Engineer, Acme</h3>{job}<h3>Designer, Brio</h3>{job}"
        + f"<p><b>Events</b></p><h3>Fair</h3>{BODY}<h3>💼 Job openings</h3>{BODY}"
    )
    _, dropped, titles = run(html)
    assert titles == ["Story 0", "Story 1", "Story 2", "Fair"] and reasons(dropped) == {"jobs"}


def test_membership_callout_goes_and_a_facts_callout_stays() -> None:
    callout = '<div class="kg-callout-card"><div class="kg-callout-emoji">{}</div><p>{}</p></div>'
    pitch = callout.format("❤️", "Enjoying it? Members keep it free.") + "<p>Become a member</p>"
    facts = callout.format("📎", "The audit put the shortfall at £6.2 million.")
    html = f"<h2>One</h2>{BODY}{facts}<h2>Two</h2>{BODY}{pitch}<h2>Three</h2>{BODY}"
    _, dropped, titles = run(html)
    assert titles == ["One", "Two", "Three"] and reasons(dropped) == {"promo"}
    assert len([d for d in dropped if d.reason == "promo"]) == 3
