"""The sign-up and pause fields, the forms' tokens and the embeddable form (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from digest.errors import InvalidValue
from digest.tokens import (
    anonymous_form_token,
    anonymous_form_token_matches,
    form_token,
    form_token_matches,
)
from digest.web.embed import embed_snippet
from digest.web.signup import TopicChoice, is_bot, prefilled, read_pause, read_sign_up

NOW = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
SLUGS = ("chips", "robotics")


def fields(**values: str | list[str]) -> MultiDict[str, str]:
    return MultiDict(values)


def test_a_sign_up_keeps_known_topics_and_normalises_the_address() -> None:
    form = fields(email=" Ada@Example.ORG ", topics=["robotics", "gone", "robotics"], queries="")
    result = read_sign_up(form.getlist, SLUGS)
    assert result.ok and result.address == "ada@example.org"
    assert result.submitted.topics == ("robotics",)


def test_a_sign_up_names_every_problem_at_once() -> None:
    result = read_sign_up(fields(email="nope", queries="chip (OR").getlist, SLUGS)
    assert set(result.errors) == {"email", "queries"}
    assert [(p.line, p.column) for p in result.query_problems] == [(1, 7)]
    empty = read_sign_up(fields(email="").getlist, SLUGS)
    assert set(empty.errors) == {"email", "topics"}


def test_the_honeypot_and_what_a_link_prefills() -> None:
    assert is_bot(fields(website="http://spam.example").getlist)
    assert not is_bot(fields(website=" ").getlist)
    chosen = prefilled(fields(email="a@b.org", topics=["chips", "x"]).getlist, SLUGS)
    assert (chosen.email, chosen.topics) == ("a@b.org", ("chips",))


def test_a_pause_ends_at_the_start_of_the_day_where_the_subscriber_lives() -> None:
    assert read_pause("2026-12-01", "UTC", NOW) == datetime(2026, 12, 1, tzinfo=UTC)
    paris = read_pause("2026-12-01", "Europe/Paris", NOW)
    assert paris == datetime(2026, 11, 30, 23, tzinfo=UTC)
    # 23:30 UTC is already the 21st in Tokyo: the 21st is today there, not a day ahead
    with pytest.raises(InvalidValue, match="a day after today"):
        read_pause("2026-11-21", "Asia/Tokyo", NOW)
    for text in ("", "tomorrow", "2028-01-01"):
        with pytest.raises(InvalidValue):
            read_pause(text, "UTC", NOW)


def test_a_link_pages_form_token_is_tied_to_its_link() -> None:
    token = form_token("key", "link-a")
    assert form_token_matches("key", "link-a", token)
    assert not form_token_matches("key", "link-b", token)
    assert not form_token_matches("other key", "link-a", token)
    assert not form_token_matches("key", "link-a", "")


def test_an_anonymous_form_token_is_tied_to_its_cookie_and_its_age() -> None:
    token = anonymous_form_token("key", "nonce", NOW)
    hours = timedelta(hours=12)
    assert anonymous_form_token_matches("key", "nonce", token, NOW + timedelta(hours=11), hours)
    assert not anonymous_form_token_matches("key", "nonce", token, NOW + timedelta(hours=13), hours)
    assert not anonymous_form_token_matches("key", "other", token, NOW, hours)
    assert not anonymous_form_token_matches("key", "", token, NOW, hours)
    assert not anonymous_form_token_matches("key", "nonce", "x.y", NOW, hours)
    stamp, mac = token.split(".")
    assert not anonymous_form_token_matches("key", "nonce", f"{int(stamp) + 1}.{mac}", NOW, hours)


def test_the_embeddable_form_escapes_what_it_shows() -> None:
    topics = [TopicChoice("chips", "Chips & <hardware>", 'Fabs "and" more')]
    html = embed_snippet("https://news.example.org/", "Tom & Jerry", topics)
    assert 'action="https://news.example.org/subscribe"' in html
    assert "Get Tom &amp; Jerry by email" in html
    assert 'title="Fabs &quot;and&quot; more"' in html
    assert "> Chips &amp; &lt;hardware&gt;</label>" in html
