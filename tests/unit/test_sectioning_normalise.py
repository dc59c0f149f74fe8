"""Stage 1 of the sectioner: posts as blocks, whatever the layout wraps them in."""

from __future__ import annotations

from digest.sectioning.normalise import CODE, HEADING, ITEM, PARA, QUOTE, RULE, SPACER, normalise


def kinds(html: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in normalise(html, "").blocks]


def test_linked_heading_is_a_heading_with_its_link() -> None:
    [block] = normalise('<a href="https://x.example/s"><h3>A story</h3></a>', "").blocks
    assert (block.kind, block.level, block.link) == (HEADING, 3, "https://x.example/s")


def test_table_cells_are_looked_through() -> None:
    html = "<table><tr><td><h3>Story</h3><p>Body text.</p></td></tr></table>"
    assert kinds(html) == [(HEADING, "Story"), (PARA, "Body text.")]


def test_each_list_item_is_a_block_and_nested_lists_stay_inside() -> None:
    html = "<ul><li>One<ul><li>inner</li></ul></li><li>Two</li></ul>"
    blocks = normalise(html, "").blocks
    assert [(b.kind, b.text) for b in blocks] == [(ITEM, "One\ninner"), (ITEM, "Two")]
    assert blocks[0].list_id == blocks[1].list_id != 0


def test_bold_by_style_and_underline_make_bold_lines() -> None:
    html = '<p><span style="font-weight: bold">Styled</span></p><p><u>Underlined</u></p>'
    assert [b.bold for b in normalise(html, "").blocks] == [True, True]


def test_leads_and_their_terminators() -> None:
    html = (
        "<p><strong>Tariffs.</strong> The United States body.</p>"
        "<p><strong><a href='https://x.example/'>Linked headline</a></strong> — body text</p>"
        "<p><b>Why it matters:</b> because of reasons.</p>"
        "<p><b>Headline</b><br>Body on the next line.</p>"
    )
    leads = [(b.lead, b.lead_end, bool(b.link)) for b in normalise(html, "").blocks]
    assert leads == [
        ("Tariffs.", ".", False),
        ("Linked headline", "—", True),
        ("Why it matters:", ":", False),
        ("Headline", "br", False),
    ]


def test_spacers_and_rules() -> None:
    # An empty paragraph is no block at all; debris is a spacer, never a boundary.
    assert [k for k, _ in kinds("<p>&nbsp;</p><p>-</p><hr><p>***</p>")] == [SPACER, RULE, RULE]


def test_plain_text_paragraphs_headings_items_quotes_and_code() -> None:
    text = (
        "Masthead #1\n===========\n\nFirst story\n-----------\n\nSome text here.\n\n"
        "* one\n* two\n\n> quoted reply\n\n    $ command\n\n-- \nSignature line\n"
    )
    blocks = normalise(text, "").blocks
    assert [(b.kind, b.level) for b in blocks] == [
        (HEADING, 7),
        (HEADING, 8),
        (PARA, 0),
        (ITEM, 0),
        (ITEM, 0),
        (QUOTE, 0),
        (CODE, 0),
        (PARA, 0),
    ]
    assert [b.signature for b in blocks][-2:] == [False, True]


def test_underline_inside_a_paragraph_is_a_heading() -> None:
    html = "<p>Point release<br />\n-------------</p><p>Body.</p>"
    assert kinds(html) == [(HEADING, "Point release"), (PARA, "Body.")]


def test_prose_words_leave_out_links() -> None:
    [block] = normalise(
        '<p><a href="https://x.example/">three linked words</a> two more</p>', ""
    ).blocks
    assert (block.words, block.prose) == (5, 2)
