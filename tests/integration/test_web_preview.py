"""The preference page's preview, through Flask's test client, on SQLite and PostgreSQL.

The page lists what the topics and queries on it would have brought in the last four
weeks: on the page as saved, after the no-script "Preview" button (nothing saved), and
from `/preview/<token>`, which the page's script asks as the subscriber types. The same
page in a real browser, typing, is in tests/e2e/.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from digest.db import transaction
from digest.models import Post, Section
from digest.runtime import Runtime
from digest.web import create_app
from tests.integration.test_web import NOW, app, client, post, runtime, subscriber, token

__all__ = ["app", "client", "runtime"]  # fixtures, shared with test_web

ADA = "ada@example.org"  # follows Chips and Energy


def titles(html: str) -> list[str]:
    """The story titles a preview lists, in order."""
    section = html[html.index('id="preview"') :]
    section = section[: section.index("</section>")]
    return [unescape(part.split("</a>")[0].split(">")[-1]) for part in section.split("<li>")[1:]]


def preview(client: FlaskClient, runtime: Runtime, **form: object) -> str:
    answer = post(client, f"/preview/{token(runtime, ADA)}", form)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_page_shows_what_the_saved_choices_brought(
    runtime: Runtime, client: FlaskClient
) -> None:
    page = client.get(f"/preferences/{token(runtime, ADA)}").text
    assert "In the last 4 weeks this would have brought you" in page
    shown = titles(page)
    assert "A community chip fab in a former bakery" in shown
    assert "Heat pumps in the snow: a winter field report" in shown
    assert "The warehouse robot that learned to say excuse me" not in shown  # not followed


def test_the_preview_follows_the_form_not_the_saved_choices(
    runtime: Runtime, client: FlaskClient
) -> None:
    shown = titles(preview(client, runtime, topics=["robotics"], queries="sourdough"))
    assert sorted(shown) == [
        "A robot arm kit for the kitchen table",
        "Sourdough, measured",
        "The warehouse robot that learned to say excuse me",
    ]
    assert titles(preview(client, runtime, queries="")) == []


def test_a_broken_query_shows_its_caret_and_the_others_still_count(
    runtime: Runtime, client: FlaskClient
) -> None:
    html = preview(client, runtime, queries='sourdough\n"heat pump')
    assert "Line 2:" in html
    assert "^" in html
    assert titles(html) == ["Sourdough, measured"]


def test_no_script_preview_button_saves_nothing(runtime: Runtime, client: FlaskClient) -> None:
    before = subscriber(runtime, ADA)
    form = {"topics": ["robotics"], "queries": "", "cadence": "weekly", "weekday": "mon"}
    form |= {"hour": "8", "timezone": "UTC", "action": "preview"}
    answer = post(client, f"/preferences/{token(runtime, ADA)}", form)
    assert answer.status_code == 200
    assert "The warehouse robot that learned to say excuse me" in titles(answer.text)
    after = subscriber(runtime, ADA)
    assert [t.slug for t in after.topics] == [t.slug for t in before.topics]


def test_new_sections_reach_the_kept_window(runtime: Runtime, client: FlaskClient) -> None:
    assert titles(preview(client, runtime, queries="lighthouse")) == []  # the window is kept
    with transaction(runtime.sessions) as session:
        post_row = session.scalars(select(Post)).first()
        assert post_row is not None
        session.add(
            Section(
                post_id=post_row.id,
                key="lighthouse",
                ordinal=99,
                title="A lighthouse keeper's radio",
                html="<p>A lighthouse.</p>",
                text="A lighthouse keeper builds a radio.",
                url=f"{post_row.url}#lighthouse",
                fingerprint="0" * 16,
                first_seen_at=NOW - timedelta(hours=1),
            )
        )
    assert titles(preview(client, runtime, queries="lighthouse")) == ["A lighthouse keeper's radio"]


def test_sections_older_than_four_weeks_are_left_out(runtime: Runtime, client: FlaskClient) -> None:
    with transaction(runtime.sessions) as session:
        for section in session.scalars(select(Section)):
            if "Sourdough" in section.title:
                section.first_seen_at = NOW - timedelta(weeks=5)
    assert titles(preview(client, runtime, queries="sourdough")) == []


def test_a_preview_needs_the_pages_form_token(runtime: Runtime, client: FlaskClient) -> None:
    answer = client.post(f"/preview/{token(runtime, ADA)}", data={"queries": "chip"})
    assert answer.status_code == 403


def test_an_altered_link_gets_no_preview(runtime: Runtime, client: FlaskClient) -> None:
    link = token(runtime, ADA)
    answer = post(client, f"/preview/{link[:-2]}xx", {"queries": "chip"})
    assert answer.status_code in (400, 404, 410)
    assert "chip fab" not in answer.text


def test_previews_have_a_limit_of_their_own(runtime: Runtime) -> None:
    limited = Runtime.open(
        runtime.settings.replace(rate_limit_preview="3/minute"), clock=runtime.clock
    )
    try:
        client = create_app(limited).test_client()
        link = token(runtime, ADA)
        answers = [post(client, f"/preview/{link}", {"queries": "chip"}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[-1].headers["Retry-After"]
        # Not counted in the pages' own limit: the page itself still opens.
        assert client.get(f"/preferences/{link}").status_code == 200
    finally:
        limited.close()


def test_the_script_is_served_and_allowed(client: FlaskClient, app: Flask) -> None:
    answer = client.get("/preview.js")
    assert answer.status_code == 200
    assert answer.mimetype == "text/javascript"
    assert "data-preview" in answer.text
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
