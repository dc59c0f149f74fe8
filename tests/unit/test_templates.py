"""The email templates: golden output, CSS inlining, overrides, the size budget, highlighting.

Golden files hold the rendering of one fixed digest. After an intentional
template change, rewrite them with ``DIGEST_UPDATE_GOLDEN=1 pytest
tests/unit/test_templates.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from digest.mail.render import (
    DigestContext,
    Links,
    Period,
    StoryBlock,
    Templates,
    excerpt,
    highlight,
    inline_template,
    render_digest,
    wrap,
)
from digest.types import Reason, RenderedMessage, SectionView

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
LINKS = Links(
    preferences="https://digest.example.org/preferences/tok",
    unsubscribe="https://digest.example.org/unsubscribe/tok",
    browser="https://digest.example.org/digests/d42",
    stop="https://digest.example.org/stop/tok",
)


def section(number: int, **changes: object) -> SectionView:
    base = SectionView(
        id=number,
        feed="The Tinkerer's Weekly",
        post=f"Issue #{40 + number}",
        title=f"Story {number}: chips for the kitchen",
        teaser="a short teaser about chips",
        url=f"https://tinkerers-weekly.example.org/issues/{40 + number}#story",
        published_at=datetime(2026, 11, number, 8, tzinfo=UTC),
        text="A kitchen robot cuts chips. It learns fast. " * 4,
        score=10.0 - number,
        reasons=(
            Reason("Chips & hardware", "chip", ("chip",), ("chips",), ("title",), 2.0, "chips"),
            Reason("Robotics", "robot", ("robot",), ("robot",), ("text",), 1.0, "robotics"),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


FIXED = DigestContext(
    email="reader@example.com",
    sections=[
        section(
            1,
            category="Big Tech & Startups",
            url="https://arxiv.org/abs/2611.01234",  # the story's "Read more" link
            link="https://tinkerers-weekly.example.org/issues/41#story",
            source="https://www.arxiv.org/abs/2611.01234",
        ),
        section(
            2,
            title="Heat pumps in the snow",
            teaser="",
            reasons=(
                Reason("your query", "heat pump", ("heat", "pump"), ("heat", "pumps"), (), 3.0),
            ),
        ),
        section(3, title="Robots über alles: Zürich's <arm> & co", score=0.5),
    ],
    links=LINKS,
    postal_address="Digest Ltd, 1 Example Street, London N1 1AA",
    period=Period(datetime(2026, 11, 9, 9, tzinfo=UTC), NOW, "Europe/London"),
)
#: A story of a topic just added, from before the window: "What you missed".
MISSED = section(
    9,
    title="Chip fabs, a month ago",
    published_at=datetime(2026, 10, 30, 8, tzinfo=UTC),
    score=4.0,
    missed=True,
    reasons=(Reason("Fabs", "fab", ("fab",), ("fabs",), ("title",), 1.0, "fabs"),),
)


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with DIGEST_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture(scope="module")
def rendered() -> RenderedMessage:
    return render_digest(FIXED)


@pytest.fixture(scope="module")
def with_missed() -> RenderedMessage:
    return render_digest(replace(FIXED, missed=[MISSED]))


def test_golden_html(with_missed: RenderedMessage) -> None:
    golden("digest.html", with_missed.html)


def test_golden_text(with_missed: RenderedMessage) -> None:
    golden("digest.txt", with_missed.text)


def test_golden_subject(rendered: RenderedMessage) -> None:
    assert rendered.subject == "Story 1: chips for the kitchen and 2 more stories"


def test_sections_are_grouped_under_their_best_topic_in_rank_order(
    rendered: RenderedMessage,
) -> None:
    headings = re.findall(r'<h2 class="topic-name"[^>]*>([^<]*)</h2>', rendered.html)
    assert headings == ["Chips &amp; hardware", "Your own queries"]
    text = rendered.text
    assert text.index("Story 1") < text.index("Robots über alles") < text.index("Heat pumps")


def test_a_section_of_two_topics_is_shown_once_tagged_with_both(rendered: RenderedMessage) -> None:
    assert rendered.html.count(">Story 1: chips for the kitchen</a>") == 1
    assert "Why you got this: Chips &amp; hardware (chip); Robotics (robot)" in rendered.html


def test_css_is_inlined_and_media_queries_kept(rendered: RenderedMessage) -> None:
    assert re.search(r'class="headline" style="[^"]*font-size: 19px', rendered.html)
    assert "@media (prefers-color-scheme: dark)" in rendered.html
    assert "@media (max-width: 620px)" in rendered.html
    assert 'role="presentation"' in rendered.html
    assert '<html lang="en"' in rendered.html


def test_preheader_holds_the_top_titles(rendered: RenderedMessage) -> None:
    preheader = re.search(r'<div class="preheader"[^>]*>([^<]*)</div>', rendered.html)
    assert preheader is not None
    assert preheader.group(1).startswith("Story 1: chips for the kitchen · Robots über alles")


def test_footer_has_every_link_and_the_postal_address(rendered: RenderedMessage) -> None:
    footer = rendered.html[rendered.html.index('class="footer"') :]
    for needle in (LINKS.preferences, LINKS.unsubscribe, LINKS.browser, "1 Example Street"):
        assert needle in footer
    assert "You receive this because reader@example.com follows topics" in footer


def source_lines(result: RenderedMessage) -> tuple[list[str], list[str]]:
    """Each story's meta line: in the HTML part, and in the text part (after its title)."""
    html = re.findall(r'<p class="source"[^>]*>([^<]*)</p>', result.html)
    lines = result.text.splitlines()
    text = [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Story ")]
    return html, text


def test_the_meta_line_is_feed_category_and_date() -> None:
    one = replace(FIXED, sections=[section(1, category="Big Tech & Startups")])
    html, text = source_lines(render_digest(one))
    assert html == ["The Tinkerer&#39;s Weekly · Big Tech &amp; Startups · 1 Nov 2026"]
    assert text == ["The Tinkerer's Weekly · Big Tech & Startups · 1 Nov 2026"]


def test_without_a_category_the_meta_line_is_feed_and_date() -> None:
    for category in (None, ""):
        one = replace(FIXED, sections=[section(1, category=category)])
        html, text = source_lines(render_digest(one))
        assert html == ["The Tinkerer&#39;s Weekly · 1 Nov 2026"]
        assert text == ["The Tinkerer's Weekly · 1 Nov 2026"]


def test_the_meta_line_no_longer_shows_the_post_title(rendered: RenderedMessage) -> None:
    assert "Issue #41" not in rendered.html and "Issue #41" not in rendered.text


def test_a_story_shown_again_with_a_new_category_is_rendered_afresh() -> None:
    templates = Templates()  # one template cache for both renders
    before = render_digest(replace(FIXED, sections=[section(1)]), templates)
    after = render_digest(replace(FIXED, sections=[section(1, category="Hardware")]), templates)
    assert "Hardware" not in before.html and "Hardware" not in before.text
    assert source_lines(after)[1] == ["The Tinkerer's Weekly · Hardware · 1 Nov 2026"]


def test_matched_words_are_highlighted(rendered: RenderedMessage) -> None:
    assert '<b class="hl" style="' in rendered.html
    assert re.search(r'<b class="hl"[^>]*>chips</b>', rendered.html)


def test_text_part_wraps_at_72_with_links_as_footnotes(rendered: RenderedMessage) -> None:
    lines = rendered.text.splitlines()
    assert all(len(line) <= 72 or "://" in line for line in lines)
    assert "Story 1: chips for the kitchen [1]" in lines
    assert "[1] https://tinkerers-weekly.example.org/issues/41#story" in lines
    assert "Unsubscribe: https://digest.example.org/unsubscribe/tok" in lines


def test_data_is_escaped_in_html(rendered: RenderedMessage) -> None:
    assert "Zürich&#39;s &lt;arm&gt; &amp; co" in rendered.html
    assert "<arm>" not in rendered.html


def test_a_hundred_long_sections_stay_under_the_budget_with_the_footer() -> None:
    many = [section(n % 28 + 1, id=n, text="Long story text. " * 400) for n in range(100)]
    result = render_digest(replace(FIXED, sections=many), budget=90_000)
    assert len(result.html.encode()) <= 90_000
    assert LINKS.unsubscribe in result.html[-3000:]
    shown = result.html.count('class="item"')
    assert 10 < shown < 100
    assert f"{100 - shown} more stories matched your topics" in result.html
    assert f"{100 - shown} more stories matched your topics" in result.text


def test_a_digest_under_budget_keeps_full_excerpts() -> None:
    result = render_digest(FIXED, budget=90_000)
    assert "more stories matched" not in result.html
    assert "It learns fast." in result.html


def test_an_operator_template_overrides_the_bundled_one(tmp_path: Path) -> None:
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "digest_subject.txt").write_text("Weekly picks for {{ message.email }}")
    (tmp_path / "email" / "style.css").write_text(".headline { font-size: 30px; }")
    result = render_digest(FIXED, Templates(tmp_path))
    assert result.subject == "Weekly picks for reader@example.com"
    assert re.search(r'class="headline" style="font-size: 30px;?"', result.html)
    assert "Heat pumps in the snow" in result.text  # the other templates are the bundled ones


def test_a_template_that_uses_a_missing_value_fails(tmp_path: Path) -> None:
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "digest_subject.txt").write_text("{{ digest.no_such_thing }}")
    with pytest.raises(jinja2.UndefinedError):
        render_digest(FIXED, Templates(tmp_path))


def test_inlining_keeps_jinja_tags_in_place() -> None:
    source = (
        '<table><tr><td class="a">{{ x }}</td></tr>{% for y in ys %}'
        '<tr><td title="{{ y }}">{{ y }}</td></tr>{% endfor %}</table>'
    )
    inlined = inline_template(source, ".a { color: red }")
    assert '<td class="a" style="color: red;">{{ x }}</td>' in inlined
    assert inlined.index("{% for y in ys %}") < inlined.index('title="{{ y }}"')
    assert inlined.index('title="{{ y }}"') < inlined.index("{% endfor %}")


@pytest.mark.parametrize(
    ("text", "found", "expected"),
    [
        ("Chips & <b>", ["chips"], '<b class="hl">Chips</b> &amp; &lt;b&gt;'),
        (
            "Open-weight models",
            ["open weight"],
            '<b class="hl">Open</b>-<b class="hl">weight</b> models',
        ),
        ("start art", ["art"], 'start <b class="hl">art</b>'),
        ("Erdős wrote", ["erdos"], '<b class="hl">Erdős</b> wrote'),
        ("nothing here", [], "nothing here"),
    ],
)
def test_highlight(text: str, found: list[str], expected: str) -> None:
    assert str(highlight(text, found)) == expected


def test_excerpt_cuts_at_a_sentence_end() -> None:
    text = "First sentence is here. " * 30
    cut = excerpt(text, 100)
    assert cut.endswith("here.") and len(cut) <= 100
    assert excerpt(text, 0) == ""
    assert excerpt("Short.", 100) == "Short."


def test_wrap_keeps_long_words_whole() -> None:
    url = "https://example.org/" + "x" * 80
    assert wrap(f"see {url} now", 20) == f"see\n{url}\nnow"
    assert wrap("a b c", 72, "   ") == "   a b c"


def test_a_notification_uses_its_own_templates_and_the_same_layout() -> None:
    result = render_digest(replace(FIXED, sections=FIXED.sections[:2]), kind="notification")
    assert result.subject == "Story 1: chips for the kitchen (+1 more)"
    assert "New in The Tinkerer&#39;s Weekly: 2 stories for you" in result.html
    assert "as soon as they are published" in result.text
    assert LINKS.unsubscribe in result.html and 'role="presentation"' in result.html
    with pytest.raises(ValueError, match="no templates"):
        render_digest(FIXED, kind="newsletter")


def test_a_confirmation_asks_once_with_its_link_and_no_list_links() -> None:
    links = replace(LINKS, confirm="https://digest.example.org/confirm/tok")
    result = render_digest(replace(FIXED, sections=[], links=links), kind="confirmation")
    assert result.subject == "Please confirm your subscription to Digest"
    assert 'href="https://digest.example.org/confirm/tok"' in result.html
    assert "https://digest.example.org/confirm/tok" in result.text.splitlines()
    assert "Unsubscribe" not in result.html and "Unsubscribe" not in result.text
    assert "you will hear nothing more" in result.text


def test_a_browser_view_lists_the_stories_past_the_caps_after_the_others() -> None:
    page = replace(FIXED, more=[section(7, title="Seven, past the caps"), section(8)], overflow=0)
    rendered = render_digest(page, budget=10_000_000)
    html_before, _, html_after = rendered.html.partition("2 more stories matched your topics")
    assert "Robots über alles" in html_before and "Seven, past the caps" in html_after
    assert rendered.subject == "Story 1: chips for the kitchen and 2 more stories"  # the 3 shown
    text_before, _, text_after = rendered.text.partition("2 more stories matched your topics")
    assert "Seven, past the caps [5]" in text_after  # after the email's three stories and a source
    assert "[5] https://tinkerers-weekly.example.org/issues/47#story" in text_after
    assert "Robots" in text_before


def test_without_stories_past_the_caps_nothing_is_added(rendered: RenderedMessage) -> None:
    assert "past the email's limits" not in rendered.html
    assert "past the email's limits" not in rendered.text


# The list's name

HOSTILE = "Tom & Jerry's <News>"
HOSTILE_HTML = "Tom &amp; Jerry&#39;s &lt;News&gt;"
CONFIRM_LINKS = replace(LINKS, confirm="https://digest.example.org/confirm/tok")
#: Each kind of message, as the outbox renders it, and the sentence that names the list.
NAMED = {
    "digest": (
        replace(FIXED, links=CONFIRM_LINKS),
        "digest",
        "You receive this because reader@example.com follows topics on {}.",
    ),
    "empty digest": (
        replace(FIXED, sections=[], links=CONFIRM_LINKS),
        "digest",
        "You receive this because reader@example.com follows topics on {}.",
    ),
    "notification": (
        replace(FIXED, sections=FIXED.sections[:1], links=CONFIRM_LINKS),
        "notification",
        "as soon as they are published on {}.",
    ),
    "confirmation": (
        replace(FIXED, sections=[], links=CONFIRM_LINKS),
        "confirmation",
        "Someone, we hope you, asked {} to send its digests to reader@example.com.",
    ),
}


def flat(text: str) -> str:
    """Text with its wrapping undone: a name may be cut across two lines."""
    return " ".join(text.split())


@pytest.mark.parametrize("message", list(NAMED))
def test_every_kind_of_message_names_the_list(message: str) -> None:
    context, kind, sentence = NAMED[message]
    result = render_digest(replace(context, site_name="The Tinkerer's Weekly"), kind=kind)
    assert sentence.format("The Tinkerer&#39;s Weekly") in result.html
    assert "<title>" in result.html and " · The Tinkerer&#39;s Weekly</title>" in result.html
    assert sentence.format("The Tinkerer's Weekly") in flat(result.text)
    assert "on digest" not in result.html + result.text


@pytest.mark.parametrize("message", list(NAMED))
def test_a_hostile_list_name_is_escaped_in_html_and_plain_in_text(message: str) -> None:
    context, kind, sentence = NAMED[message]
    hostile = render_digest(replace(context, site_name=HOSTILE), kind=kind)
    assert HOSTILE not in hostile.html and "<News>" not in hostile.html
    assert sentence.format(HOSTILE_HTML) in hostile.html
    assert sentence.format(HOSTILE) in flat(hostile.text)
    assert "&amp;" not in hostile.text and "&lt;" not in hostile.text
    # Rendered after the stylesheet was inlined, the name changes nothing else: every
    # tag and style attribute is where the default name's rendering has it.
    plain = render_digest(replace(context, site_name="Digest"), kind=kind)
    assert hostile.html.replace(HOSTILE_HTML, "Digest") == plain.html


def test_the_confirmation_subject_names_the_list_as_it_is() -> None:
    context, kind, _ = NAMED["confirmation"]
    result = render_digest(replace(context, site_name=HOSTILE), kind=kind)
    assert result.subject == f"Please confirm your subscription to {HOSTILE}"
    assert "<title>Please confirm your subscription · " in result.html


def test_the_default_name_reads_as_a_name() -> None:
    result = render_digest(replace(FIXED, sections=[], links=CONFIRM_LINKS), kind="confirmation")
    assert "asked Digest to send its digests to reader@example.com" in result.html
    assert "was signed up for Digest." in flat(result.text)


# --- includes compiled into the including template -----------------------------------------

#: Templates whose includes are inlined (or left alone) and must render as includes do.
INCLUDES = {
    "email/page.txt": (
        "{% set x = 'outer' %}"
        "{% for s in items %}{% include 'email/item.txt' %}[{{ x }}]\n{% endfor %}"
        "{% include 'email/shell.txt' %}{% include 'email/macro.txt' %}"
        "{% include 'email/looping.txt' %}"
    ),
    # A set inside an include stays there; the include sees its includer's variables.
    "email/item.txt": "{% set x = s * 2 %}{{ s }}:{{ x }}:{{ items | length }}\n",
    "email/shell.txt": "{% extends 'email/base_of_shell.txt' %}{% block b %}shell{% endblock %}",
    "email/base_of_shell.txt": "<{% block b %}{% endblock %}>\n",
    "email/macro.txt": "{% macro m(v) %}m{{ v }}{% endmacro %}{{ m(1) }}\n",
    # A template that includes itself is not inlined for ever.
    "email/looping.txt": "{% if items %}{% with items = items[1:] %}"
    "{% include 'email/looping.txt' %}{% endwith %}{% endif %}.",
}


@pytest.fixture
def includes(tmp_path: Path) -> Path:
    for name, source in INCLUDES.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(source)
    return tmp_path


def plain_jinja(directory: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def test_an_inlined_include_renders_as_the_include_did(includes: Path) -> None:
    ours = Templates(includes).render("email/page.txt", items=[1, 2, 3])
    assert ours == plain_jinja(includes).get_template("email/page.txt").render(items=[1, 2, 3])
    assert ours.startswith("1:2:3\n[outer]\n2:4:3\n[outer]")
    assert "<shell>\nm1\n...." in ours


def test_the_bundled_items_are_compiled_into_the_stories() -> None:
    env = Templates().env
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "email/_stories.html")
    assert "_item.html" in source
    assert "_item.html" not in env.compile(source, "email/_stories.html", raw=True)


@pytest.mark.parametrize(
    ("item", "error"),
    [
        ("{% if %}", jinja2.TemplateSyntaxError),
        (None, jinja2.TemplateNotFound),
        ("{{ s.no_such_thing }}", jinja2.UndefinedError),
    ],
)
def test_a_broken_or_missing_include_fails_as_it_did(
    includes: Path, item: str | None, error: type[Exception]
) -> None:
    if item is None:
        (includes / "email" / "item.txt").unlink()
    else:
        (includes / "email" / "item.txt").write_text(item)
    with pytest.raises(error) as raised:
        Templates(includes).render("email/page.txt", items=[1])
    if item != "{{ s.no_such_thing }}":  # the template at fault is named
        assert getattr(raised.value, "name", None) == "email/item.txt"


def story_block(title: str, found: frozenset[str] = frozenset()) -> StoryBlock:
    return StoryBlock(title, None, None, "The Feed", None, NOW, None, "An excerpt.", found, 0)


@pytest.mark.parametrize(
    ("source", "shared"),
    [
        ("{{ s.feed }}: {{ s.excerpt }}", True),  # reads neither title nor found
        ("{{ s.feed }} {{ s.title }}", False),
        ("{{ s | attr('title') }}", False),  # reads it whole
        ("{% include 'email/inner.txt' %}", False),  # an inlined include reads the title
    ],
)
def test_a_story_block_is_shared_only_by_stories_it_shows_alike(
    tmp_path: Path, source: str, shared: bool
) -> None:
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "_story.txt").write_text(source)
    (tmp_path / "email" / "inner.txt").write_text("{{ s.title }}")
    story = Templates(tmp_path).env.filters["story"]
    one = SimpleNamespace(block=story_block("One", frozenset({"chip"})))
    two = SimpleNamespace(block=story_block("Two"))
    first, second = story(one, "email/_story.txt"), story(two, "email/_story.txt")
    assert (first == second) is shared
    assert len(story.blocks["email/_story.txt"]) == (1 if shared else 2)
    if not shared:
        assert "One" in first and "Two" in second
