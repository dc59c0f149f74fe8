"""Rendering a digest and building its MIME message."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage

import jinja2
import pytest
from markupsafe import escape

from digest.mail.message import Envelope, build_message, message_id
from digest.mail.render import DigestContext, Links, Templates, render_digest
from digest.types import Reason, RenderedMessage, SectionView

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
UNSUBSCRIBE = "https://digest.example.org/unsubscribe/tok123"
PREFERENCES = "https://digest.example.org/preferences/tok123"
LONG_TEXT = "The arm lifts three hundred grams and repeats a movement within millimetres. " * 10

FIRST = SectionView(
    id=1,
    feed="The Tinkerer's Weekly",
    post="Issue #43",
    title="Café <chips> & “robots” über alles",
    teaser="six axes, three evenings and one very patient cat",
    url="https://tinkerers-weekly.example.org/issues/43#a-robot-arm-kit",
    published_at=datetime(2026, 11, 16, 8, tzinfo=UTC),
    text=LONG_TEXT,
    score=2.5,
    reasons=(Reason("Robotics", "robot OR arm", ("robot", "arm")),),
)
SECOND = SectionView(
    id=2,
    feed="The Tinkerer's Weekly",
    post="Issue #42",
    title="Heat pumps in the snow",
    teaser="",
    url="https://tinkerers-weekly.example.org/issues/42#heat-pumps-in-the-snow",
    published_at=datetime(2026, 11, 9, 8, tzinfo=UTC),
    text="Every house stayed warm.",
    score=1.0,
    reasons=(Reason("your query", "heat pump", ("heat", "pump")),),
)


def context(*sections: SectionView) -> DigestContext:
    return DigestContext(
        email="reader@example.com",
        sections=list(sections),
        links=Links(preferences=PREFERENCES, unsubscribe=UNSUBSCRIBE),
    )


def envelope(message_key: str = "delivery-1") -> Envelope:
    return Envelope(
        sender="Example Digest <digest@example.org>",
        to="reader@example.com",
        list_id="digest.example.org",
        unsubscribe_url=UNSUBSCRIBE,
        date=NOW,
        message_key=message_key,
    )


def reparse(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


@pytest.fixture
def rendered() -> RenderedMessage:
    return render_digest(context(FIRST, SECOND))


@pytest.fixture
def parsed(rendered: RenderedMessage) -> EmailMessage:
    return reparse(build_message(rendered, envelope()))


def test_subject(rendered: RenderedMessage) -> None:
    assert rendered.subject == "Café <chips> & “robots” über alles and 1 more story"
    assert render_digest(context(SECOND)).subject == "Heat pumps in the snow"
    three = render_digest(context(FIRST, SECOND, SECOND)).subject
    assert three.endswith(" and 2 more stories")


def test_mime_structure(parsed: EmailMessage) -> None:
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in parts] == ["utf-8", "utf-8"]
    assert parsed["MIME-Version"] == "1.0"


def test_headers(parsed: EmailMessage, rendered: RenderedMessage) -> None:
    assert parsed["From"].addresses[0].addr_spec == "digest@example.org"
    assert parsed["From"].addresses[0].display_name == "Example Digest"
    assert parsed["To"].addresses[0].addr_spec == "reader@example.com"
    assert parsed["Subject"] == rendered.subject
    assert parsed["Date"].datetime == NOW
    assert parsed["Message-ID"] == message_id("delivery-1", "digest@example.org")
    assert parsed["List-Id"] == "<digest.example.org>"
    assert parsed["List-Unsubscribe"].startswith(
        f"<{UNSUBSCRIBE}>, <mailto:digest@example.org?subject=unsubscribe%20"
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Precedence"] == "bulk"
    assert parsed["Auto-Submitted"] == "auto-generated"


def test_message_id_is_deterministic(rendered: RenderedMessage) -> None:
    first = build_message(rendered, envelope("delivery-1"))["Message-ID"]
    again = build_message(rendered, envelope("delivery-1"))["Message-ID"]
    other = build_message(rendered, envelope("delivery-2"))["Message-ID"]
    assert first == again
    assert first != other
    assert first.startswith("<") and first.endswith("@example.org>")


def test_non_ascii_round_trips(parsed: EmailMessage) -> None:
    assert parsed["Subject"].startswith("Café <chips> & “robots” über alles")
    assert "Café <chips> & “robots” über alles" in parsed.get_body(("plain",)).get_content()
    assert str(escape(FIRST.title)) in parsed.get_body(("html",)).get_content()


def test_header_injection_through_a_title() -> None:
    evil = SectionView(**{**FIRST.__dict__, "title": "Hello\r\nBcc: evil@example.com"})
    message = build_message(render_digest(context(evil)), envelope())
    raw = message.as_bytes()
    header_block = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in header_block
    parsed = reparse(message)
    assert parsed["Bcc"] is None
    assert "\n" not in parsed["Subject"] and "\r" not in parsed["Subject"]
    assert parsed["Subject"] == "Hello Bcc: evil@example.com"


def test_html_part(parsed: EmailMessage) -> None:
    html = parsed.get_body(("html",)).get_content()
    for section in (FIRST, SECOND):
        assert str(escape(section.title)) in html
        assert f'href="{section.url}"' in html
    assert "<chips>" not in html
    assert f'href="{UNSUBSCRIBE}"' in html
    assert f'href="{PREFERENCES}"' in html
    assert "Why you got this: Robotics (robot, arm)" in html


def test_text_part(parsed: EmailMessage) -> None:
    text = parsed.get_body(("plain",)).get_content()
    assert text.splitlines()[0] == "Digest"  # the masthead: the list's name
    assert "2 stories picked for you from The Tinkerer's Weekly" in text.splitlines()
    assert "Café <chips> & “robots” über alles [1]" in text
    assert "Heat pumps in the snow [2]" in text
    assert f"Unsubscribe: {UNSUBSCRIBE}" in text
    assert f"[1] {FIRST.url}" in text
    assert "your query “heat pump” (heat, pump)" in text


def test_text_lines_fit_78_columns_except_urls(parsed: EmailMessage) -> None:
    lines = parsed.get_body(("plain",)).get_content().splitlines()
    assert len(lines) > 20
    for line in lines:
        assert len(line) <= 78 or "https://" in line, line


def test_excerpt_is_cut(parsed: EmailMessage) -> None:
    text = parsed.get_body(("plain",)).get_content()
    assert LONG_TEXT.strip() not in " ".join(text.split())
    assert "The arm lifts three hundred grams" in text


def test_missing_value_fails() -> None:
    template = Templates().env.from_string("{{ nope }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render()


def test_missing_attribute_fails() -> None:
    template = Templates().env.from_string("{{ digest.nope }}")
    with pytest.raises(jinja2.UndefinedError):
        template.render(digest=context(FIRST))
