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
