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
        + f"<h1>Get it</h1>{BODY}"
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


def test_a_rule_before_the_footer_divides_nothing() -> None:
    items = "".join(f"<p><strong>Story {n}.</strong> {LOREM} {LOREM}</p>" for n in "ABCD")
    html = f"<p>Hello! Four short things.</p>{items}<hr><p>Sent from a small press.</p>"
    result, titles = planned(html, "Notes #5")
    assert result.layout == "roundup"
    assert titles == ["Story A", "Story B", "Story C", "Story D"]


def test_the_post_title_repeated_on_top_is_no_story() -> None:
    parts = "".join(f"<h3>Part {n} of it</h3><p>{ARGUMENT}</p>" for n in "ABC")
    html = f"<h3>The whole title</h3><h4>A subtitle that says more.</h4><p>{LOREM}</p>{parts}"
    result, titles = planned(html, "The whole title")
    assert titles[:1] != ["The whole title"]
    assert 0 in result.preamble or result.layout == "whole"


def test_days_in_sequence_are_one_travelogue() -> None:
    days = "".join(f"<h3>Day {n}: Town {n}</h3><p>{ARGUMENT}</p>" for n in range(1, 5))
    result, _ = planned(f"<p>{ARGUMENT}</p>{days}", "Four slow days")
    assert result.layout == "whole"
    assert any("numbered in sequence" in e for e in result.evidence)


def test_numbered_stories_are_not_a_sequence() -> None:
    items = "".join(f"<h3>{n}. Headline number {n}</h3><p>{LOREM} {LOREM}</p>" for n in range(1, 5))
    result, _ = planned(f"<p>Hello! This week:</p>{items}", "Weekly #3")
    assert result.layout == "roundup"


def test_ordinal_lead_ins_make_one_letter() -> None:
    parts = "".join(
        f"<p><strong>{word}, the {thing}.</strong> {ARGUMENT}</p>"
        for word, thing in [("First", "schedule"), ("Second", "prices"), ("Third", "archive")]
    )
    result, _ = planned(f"<p>{ARGUMENT}</p>{parts}", "A letter")
    assert result.layout == "whole"


def test_a_conclusion_counting_the_parts_refers_back() -> None:
    parts = "".join(f"<h2>The {w}</h2><p>{ARGUMENT}</p>" for w in ("pitch", "catch", "risk"))
    end = f"<h2>So what</h2><p>Put the three steps together and {ARGUMENT}</p>"
    result, _ = planned(f"<p>{ARGUMENT}</p>{parts}{end}", "Why every shop is a bank")
    assert any("closing refers back" in e for e in result.evidence)


def test_a_label_over_a_divided_headline_is_its_category() -> None:
    part = f"<p>Schools</p><h2>2. A four-day week is off the table</h2><p>{LOREM}</p>"
    html = f"<h2>1. Harbor moves</h2><p>{LOREM}</p><hr>{part}<hr><h2>3. Eclipse</h2><p>{LOREM}</p>"
    sections = cut_post(html, post_url="https://n.example/p", post_title="AM").drafts
    assert [s.title for s in sections] == [
        "Harbor moves",
        "A four-day week is off the table",
        "Eclipse",
    ]
    assert sections[1].category == "Schools"


def test_a_bigger_first_headline_with_a_body_is_the_lead_story() -> None:
    rest = "".join(f"<h3>Story {n}</h3><p>{LOREM} {LOREM}</p>" for n in "ABC")
    html = f"<p>Good morning.</p><h2>The lead story</h2><p>{LOREM} {LOREM}</p>{rest}"
    _, titles = planned(html, "Morning #4")
    assert titles == ["The lead story", "Story A", "Story B", "Story C"]


def test_a_bold_headline_inside_a_styled_span_is_bold() -> None:
    head = '<p><span style="font-size:20px"><strong>{0}</strong></span></p><p>{1} {1}</p>'
    html = "".join(head.format(f"Headline {n}", LOREM) for n in "ABC")
    [block] = normalise(head.format("Headline", LOREM), "").blocks[:1]
    assert block.bold
    _, titles = planned("<p>Hello all.</p>" + html, "Bulletin #9")
    assert titles == ["Headline A", "Headline B", "Headline C"]


def test_capital_labels_are_categories_over_headlines_and_sections_over_bodies() -> None:
    story = "<p>{0}</p><h3>{1}</h3><p>{2} {2}</p>"
    html = "<p>Good morning.</p>" + "".join(
        story.format(label, title, LOREM)
        for label, title in [("TECH", "Glasses sell out"), ("RETAIL", "Stores move in")]
    )
    html += f"<p>WHAT ELSE IS NEW</p><ul><li>{LOREM}</li><li>{LOREM}</li></ul>"
    _, titles = planned(html, "Morning #2")
    assert titles == ["Glasses sell out", "Stores move in", "WHAT ELSE IS NEW"]


def test_a_bold_line_ending_in_a_colon_heads_its_list() -> None:
    items = "".join(f"<p><strong>Story {n}</strong> — {LOREM} {LOREM}</p>" for n in "ABC")
    brief = f"<p><strong>IN BRIEF:</strong></p><ul><li>{LOREM}</li><li>{LOREM}</li></ul>"
    _, titles = planned(f"<p>Hello! This week:</p>{items}{brief}", "Weekly #5")
    assert titles == ["Story A", "Story B", "Story C", "IN BRIEF"]


def test_a_linked_question_is_a_headline_and_a_linked_subject_is_not() -> None:
    [question] = candidates(
        normalise(f'<p><a href="https://a.example/">Is this the end?</a> {LOREM}</p>', "").blocks
    )
    assert not question.label
    sentence = (
        f'<ul><li><a href="https://b.example/">Ferrous Labs</a> shows a battery {LOREM}</li></ul>'
    )
    assert candidates(normalise(sentence, "").blocks) == []


def test_headings_that_name_parts_of_one_piece_keep_it_whole() -> None:
    parts = "".join(
        f"<h2>{h}</h2><p>{LOREM} {LOREM}</p>" for h in ("Features", "Bug fixes", "Upgrading")
    )
    result, _ = planned(f"<p>{ARGUMENT}</p>{parts}", "Tallyhook 2.7 released")
    assert result.layout == "whole"


def test_a_headline_inside_an_e_mail_span_is_read() -> None:
    item = (
        '<table><tr><td><div><span><a href="https://x.example/{0}"><span><strong>Story {0}'
        " (3 minute read)</strong></span></a><br><br><span>{1}</span></span></div></td></tr>"
        "</table>"
    )
    html = "<h2>Category</h2>" + "".join(item.format(n, LOREM) for n in "ABC")
    _, titles = planned("<p>Hi all.</p>" + html, "Daily 2026-03-10")
    assert titles == [
        "Story A (3 minute read)",
        "Story B (3 minute read)",
        "Story C (3 minute read)",
    ]


def test_a_mail_digest_is_cut_at_its_messages() -> None:
    message = (
        "Message: {0}\nDate: Wed, 11 Mar 2026 19:05:44 +0100\nFrom: someone at example.org\n"
        "Subject: [list] Topic {0}\n\n{1}\n{1}\n\n------------------------------\n\n"
    )
    text = "Today's Topics:\n\n   1. Topic 1\n   2. Topic 2\n\n" + "-" * 30 + "\n\n"
    text += "".join(message.format(n, LOREM) for n in (1, 2))
    drafts = cut_post(text, post_url="https://l.example/d", post_title="list Digest").drafts
    assert [d.title for d in drafts] == ["[list] Topic 1", "[list] Topic 2"]
    assert "From: someone at example.org" in drafts[0].text


def test_a_definition_list_is_a_list_of_headlined_items() -> None:
    items = "".join(
        f'<dt><a href="https://d.example/{n}">Tool {n}</a></dt><dd>{LOREM} {LOREM}</dd>'
        for n in "ABC"
    )
    _, titles = planned(f"<p>Hello! Three tools.</p><h2>Tools</h2><dl>{items}</dl>", "Links #3")
    assert titles == ["Tool A", "Tool B", "Tool C"]


def test_glued_headlines_under_topic_labels_are_the_stories() -> None:
    paper = "<p><b>Paper {0} finds a thing</b><br><i>A. Author — Venue 2026</i><br>{1} {1}</p>"
    html = "<p>Seven papers this week.</p>"
    for topic, names in [("Sensing", "AB"), ("Language", "CD")]:
        html += f"<h3>{topic}</h3>" + "".join(paper.format(n, LOREM) for n in names)
    _, titles = planned(html, "The Pile, week 9")
    assert titles == [f"Paper {n} finds a thing" for n in "ABCD"]


def test_a_how_to_s_steps_keep_it_whole() -> None:
    steps = ("Install the CLI", "Create a project", "Deploy", "Where next")
    parts = "".join(f"<h2>{h}</h2><p>{LOREM} {LOREM}</p>" for h in steps)
    result, _ = planned(f"<p>{ARGUMENT}</p>{parts}", "Your first site in ten minutes")
    assert result.layout == "whole"


def test_a_heading_with_no_text_of_its_own_is_its_stories_category() -> None:
    reads = "".join(f"<h3>Read {n}</h3><p>{LOREM} {LOREM}</p>" for n in "ABC")
    html = f"<h2>Lead story</h2><p>{LOREM} {LOREM}</p><h2>Opinions</h2>"
    html += f"<ul><li>{LOREM}</li><li>{LOREM}</li></ul><h2>Morning reads</h2>{reads}"
    _, titles = planned("<p>Good morning.</p>" + html, "The Daybreak")
    assert titles == ["Lead story", "Opinions", "Read A", "Read B", "Read C"]


def test_a_news_article_s_sub_heads_keep_it_whole() -> None:
    heads = ("The council’s plan", "What residents say", "The cost", "What happens next")
    parts = "".join(f"<h2>{h}</h2><p>{LOREM} {LOREM}</p>" for h in heads)
    result, _ = planned(f"<p>{ARGUMENT}</p>{parts}", "Council unveils plan for the estate")
    assert result.layout == "whole"
    assert any("sub-heads lean on the post" in e for e in result.evidence)


def test_headlines_that_name_things_are_stories() -> None:
    heads = ("Harwick opens its first cycle street", "Tram depot reprieve", "A new map of Elm Park")
    parts = "".join(f"<h2>{h}</h2><p>{LOREM} {LOREM}</p>" for h in heads)
    result, _ = planned(f"<p>{LOREM}</p>{parts}", "Spokes")
    assert result.layout == "roundup"


def test_ornaments_divide_and_bold_openings_head_their_parts() -> None:
    part = "<p><b>{0}.</b> {1} {1} {1} {1} {1}</p>"
    html = "<p>Hi all,</p><p>A fortnight of news.</p><p>* * *</p>" + part.format(
        "The ferry is late", LOREM
    )
    html += "<p>~</p>" + part.format("The kiln survived", LOREM)
    drafts = cut_post(html, post_url="https://q.example/14", post_title="Letter no. 14").drafts
    assert [d.title for d in drafts] == ["The ferry is late", "The kiln survived"]


def test_a_divider_ends_a_story_s_sub_heads() -> None:
    stories = "".join(f"<h2>Story {n}</h2><p>{LOREM} {LOREM}</p>" for n in "AB")
    links = "".join(
        f'<li><a href="https://x.example/{n}">{n}</a> wins a prize, {LOREM}</li>'
        for n in ("Ann", "Bo", "Cy")
    )
    html = f"<p>Good morning.</p>{stories}<hr><h3>Quick hits</h3><ul>{links}</ul>"
    _, titles = planned(html, "Gridline #40")
    assert titles == ["Story A", "Story B", "Quick hits"]


def test_an_opening_letter_between_dividers_is_titled_by_its_salutation() -> None:
    part = "<p><b>{0}.</b> {1} {1} {1} {1} {1}</p>"
    html = f"<p>Dear all,</p><p>{ARGUMENT} {ARGUMENT}</p><p>{ARGUMENT} {ARGUMENT}</p><p>~</p>"
    html += (
        part.format("The meeting was full", LOREM) + "<p>~</p>" + part.format("It rained", LOREM)
    )
    drafts = cut_post(html, post_url="https://q.example/15", post_title="Letter no. 15").drafts
    assert [d.title for d in drafts] == ["Dear all", "The meeting was full", "It rained"]


def test_headings_of_each_size_over_their_own_text_are_stories() -> None:
    html = f"<p>The Weekly, issue 208</p><h1>Bays for Cable Street</h1><p>{LOREM} {LOREM}</p>"
    html += f"<h2>The school takes more pupils</h2><p>{LOREM} {LOREM}</p>"
    _, titles = planned(html, "Bays, a school and the lido")
    assert titles == ["Bays for Cable Street", "The school takes more pupils"]


def test_a_paragraph_styled_bold_is_a_bold_line_and_one_in_capitals_a_label() -> None:
    html = '<p style="font-weight:bold">Briefly</p>'
    html += '<p style="font-weight:700;text-transform:uppercase">Schools</p>'
    bold, label = normalise(html, "").blocks
    assert bold.bold and not label.bold
