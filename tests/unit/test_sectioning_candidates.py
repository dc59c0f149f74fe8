"""Stage 2 of the sectioner: which blocks could open a story, and by which cue."""

from __future__ import annotations

from digest.sectioning.candidates import (
    BOLD_LINE,
    HEADING_CUE,
    LEAD_IN,
    TEASERED,
    UNDERLINE,
    Candidate,
    candidates,
)
from digest.sectioning.normalise import normalise

BODY = "<p>" + "word " * 20 + "</p>"


def cands(html: str) -> list[Candidate]:
    return candidates(normalise(html, "").blocks)


def test_cues() -> None:
    html = (
        "<h2>A heading</h2>" + BODY
        + "<p><strong>A bold line</strong></p>" + BODY
        + "<p><strong>Lead.</strong> " + "word " * 12 + "</p>"
        + "<p><strong>Teasered:</strong></p><p><em>…a teaser…</em></p>" + BODY
    )  # fmt: skip
    assert [(c.cue, c.title) for c in cands(html)] == [
        (HEADING_CUE, "A heading"),
        (BOLD_LINE, "A bold line"),
        (LEAD_IN, "Lead"),
        (TEASERED, "Teasered"),
    ]


def test_underlined_plain_text_heading() -> None:
    [cand] = cands("Title here\n----------\n\nBody text of the story.\n")
    assert (cand.cue, cand.title) == (UNDERLINE, "Title here")


def test_labels_never_open_a_story() -> None:
    html = (
        "<p><b>What's new:</b> " + "word " * 12 + "</p>"
        + "<p><b>iPhone user?</b> " + "word " * 12 + "</p>"
        + "<p><b>Read more:</b></p>" + BODY
        + "<h4>Detail</h4>" + BODY + "<h4>Detail</h4>" + BODY
    )  # fmt: skip
    assert all(c.label for c in cands(html))


def test_a_lead_needs_a_body_and_letters() -> None:
    assert cands("<p><b>Short lead.</b> two words</p>") == []
    assert all(c.label for c in cands("<p><b>29 April</b>, " + "word " * 12 + "</p>"))


def test_linked_headings_form_their_own_family() -> None:
    html = '<h3>Category</h3><a href="https://x.example/"><h3>Story</h3></a>' + BODY
    category, story = cands(html)
    assert category.family != story.family
    assert story.linked and story.strength == category.strength + 1
