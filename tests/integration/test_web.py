"""The subscriber pages through Flask's test client, on SQLite and PostgreSQL.

What the pages change is read back from the database in a new session; the
links are taken from real digests rendered for the subscriber. The same pages
in a real browser behind a real server are in tests/e2e/.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, func, select
from werkzeug.test import TestResponse

from digest.config import Settings
from digest.db import transaction
from digest.errors import ConfigError
from digest.mail.capture import Inbox, capture_server
from digest.mail.deliver import links_for, send_due
from digest.mail.sending import queue_digests
from digest.mail.smtp import SmtpMailer, parse_smtp_url
from digest.models import Delivery, DeliverySection, Match, Section, Subscriber
from digest.resources import sample_feed_path
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.tokens import form_token, make_token
from digest.types import Cadence, DeliveryKind, DeliveryStatus, SubscriberStatus
from digest.web import create_app

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SECRET = "web-test-secret"


@pytest.fixture
def runtime(db_url: str) -> Iterator[Runtime]:
    settings = Settings(
        database_url=db_url,
        secret_key=SECRET,
        from_address="Digest <digest@letter.example>",
        base_url="https://letter.example",
        per_topic_cap=1,
        max_sections=2,
    )
    runtime = Runtime.open(settings, clock=lambda: NOW)
    with transaction(runtime.sessions) as session:
        add_topic(session, "chips", "chip OR verilog", "Chips & hardware", NOW)
        add_topic(session, "robotics", "robot", "Robotics", NOW)
        add_topic(session, "energy", 'solar OR "heat pump" OR battery', "Energy", NOW)
        active = SubscriberChanges(topics=["chips", "energy"], status=SubscriberStatus.ACTIVE)
        add_subscriber(session, "ada@example.org", active, NOW)
        add_subscriber(session, "grace@example.org", active, NOW)
        add_subscriber(session, "new@example.org", SubscriberChanges(topics=["robotics"]), NOW)
    runtime.add_feed(str(sample_feed_path()), backfill=True)
    yield runtime
    runtime.close()


@pytest.fixture
def app(runtime: Runtime) -> Flask:
    return create_app(runtime)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def subscriber(runtime: Runtime, email: str) -> Subscriber:
    with transaction(runtime.sessions) as session:
        found = session.scalars(select(Subscriber).where(Subscriber.email == email)).one()
        found.topics, found.filters  # noqa: B018  (loaded before the session closes)
        return found


def token(runtime: Runtime, email: str) -> str:
    found = subscriber(runtime, email)
    return make_token(SECRET, found.id, found.token_version)


def queue_digest_for(runtime: Runtime, email: str) -> int:
    with transaction(runtime.sessions) as session:
        who = session.scalars(select(Subscriber.id).where(Subscriber.email == email)).one()
    queued = queue_digests(runtime.sessions, [who], NOW, runtime.digest_rules, scheduled=False)
    assert queued[0].delivery_id is not None, queued
    return queued[0].delivery_id


def post(client: FlaskClient, url: str, data: dict[str, Any] | None = None) -> TestResponse:
    """POST a page's form as the page sends it: with the form token of the page's link."""
    link = url.split("?")[0].split("/")[2]
    return client.post(url, data={**(data or {}), "form_token": form_token(SECRET, link)})


def path(url: str) -> str:
    return re.sub(r"^https://letter\.example", "", url)


# Preferences


def test_the_page_shows_the_subscribers_choices(runtime: Runtime, client: FlaskClient) -> None:
    page = client.get(f"/preferences/{token(runtime, 'ada@example.org')}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "ada@example.org" in body
    assert 'value="chips" checked' in body and 'value="energy" checked' in body
    assert 'value="robotics">' in body
    assert 'value="weekly" checked' in body
    assert '<option value="8" selected>08:00</option>' in body


def test_saving_stores_every_field(runtime: Runtime, client: FlaskClient) -> None:
    link = f"/preferences/{token(runtime, 'ada@example.org')}"
    form = {
        "topics": ["robotics"],
        "queries": '"heat pump"\nrisc*',
        "cadence": "daily",
        "weekday": "wed",
        "hour": "6",
        "timezone": "America/Chicago",
        "send_empty": "on",
    }
    saved = post(client, link, form)
    assert saved.status_code == 303
    assert saved.headers["Location"] == f"{link}?done=saved"
    ada = subscriber(runtime, "ada@example.org")
    assert [t.slug for t in ada.topics] == ["robotics"]
    assert [f.query for f in ada.filters] == ['"heat pump"', "risc*"]
    assert (ada.cadence, ada.weekday, ada.hour) == ("daily", 2, 6)
    assert (ada.timezone, ada.send_empty) == ("America/Chicago", True)
    assert ada.next_digest_at == datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # 06:00 in Chicago
    assert "Your choices are saved" in client.get(saved.headers["Location"]).get_data(as_text=True)


def test_a_broken_query_saves_nothing_and_shows_what_was_typed(
    runtime: Runtime, client: FlaskClient
) -> None:
    link = f"/preferences/{token(runtime, 'ada@example.org')}"
    form = {"topics": ["robotics"], "queries": "solar\nchip (OR", "cadence": "instant"}
    form |= {"weekday": "mon", "hour": "8", "timezone": "UTC"}
    page = post(client, link, form)
    assert page.status_code == 422
    body = unescape(page.get_data(as_text=True))
    assert "Nothing was saved" in body
    assert "Line 2: OR needs something on each side (column 7)" in body
    assert "<pre>chip (OR\n      ^</pre>" in body
    assert ">solar\nchip (OR</textarea>" in body
    assert 'value="robotics" checked' in body and 'value="chips">' in body
    assert 'value="instant" checked' in body
    ada = subscriber(runtime, "ada@example.org")
    assert [t.slug for t in ada.topics] == ["chips", "energy"]
    assert (ada.cadence, ada.filters) == ("weekly", [])


def test_a_form_too_large_to_be_real_is_refused(runtime: Runtime, client: FlaskClient) -> None:
    link = f"/preferences/{token(runtime, 'ada@example.org')}"
    page = post(client, link, {"topics": ["chips"], "queries": "x " * 40_000})
    assert page.status_code == 413
    assert "larger than 64 KB: nothing was saved" in page.get_data(as_text=True)
    assert subscriber(runtime, "ada@example.org").filters == []


def test_moving_to_instant_first_queues_a_last_digest(
    runtime: Runtime, client: FlaskClient
) -> None:
    link = f"/preferences/{token(runtime, 'ada@example.org')}"
    form = {"topics": ["chips", "energy"], "cadence": "instant"}
    form |= {"weekday": "mon", "hour": "8", "timezone": "UTC"}
    assert post(client, link, form).status_code == 303
    with transaction(runtime.sessions) as session:
        kinds = session.scalars(select(Delivery.period_key)).all()
    assert [k for k in kinds if k.startswith("last:")] == ["last:20261120T090000Z"]
    assert subscriber(runtime, "ada@example.org").cadence == Cadence.INSTANT


# Links that do not work


def test_an_altered_link_is_refused_and_changes_nothing(
    runtime: Runtime, client: FlaskClient
) -> None:
    good = token(runtime, "ada@example.org")
    altered = good[:-2] + ("A" if good[-2] != "A" else "B") + good[-1]
    page = post(client, f"/unsubscribe/{altered}")
    assert page.status_code == 400
    assert "This link does not work" in page.get_data(as_text=True)
    assert subscriber(runtime, "ada@example.org").status == SubscriberStatus.ACTIVE


def test_a_link_from_before_the_links_were_renewed_has_expired(
    runtime: Runtime, client: FlaskClient
) -> None:
    old = token(runtime, "ada@example.org")
    with transaction(runtime.sessions) as session:
        ada = session.scalars(select(Subscriber).where(Subscriber.email == "ada@example.org"))
        ada.one().token_version += 1
    page = client.get(f"/preferences/{old}")
    assert page.status_code == 410
    assert "the links were renewed after it was sent" in page.get_data(as_text=True)


def test_a_link_of_a_removed_subscriber_is_not_found(client: FlaskClient) -> None:
    page = client.get(f"/preferences/{make_token(SECRET, 9999, 1)}")
    assert page.status_code == 404
    assert "no longer exists" in page.get_data(as_text=True)


def test_an_unknown_address_is_a_page_too(client: FlaskClient) -> None:
    page = client.get("/nowhere")
    assert page.status_code == 404
    assert "There is no page at this address" in page.get_data(as_text=True)


# Unsubscribe, resubscribe, confirm


def test_opening_the_unsubscribe_link_only_asks(runtime: Runtime, client: FlaskClient) -> None:
    page = client.get(f"/unsubscribe/{token(runtime, 'ada@example.org')}")
    assert page.status_code == 200
    assert "<h1>Unsubscribe?</h1>" in page.get_data(as_text=True)
    assert subscriber(runtime, "ada@example.org").status == SubscriberStatus.ACTIVE


def test_unsubscribing_cancels_what_waits_and_keeps_others_going(
    runtime: Runtime, client: FlaskClient
) -> None:
    ada_digest = queue_digest_for(runtime, "ada@example.org")
    grace_digest = queue_digest_for(runtime, "grace@example.org")
    page = post(client, f"/unsubscribe/{token(runtime, 'ada@example.org')}")
    assert page.status_code == 200
    assert "You are unsubscribed" in page.get_data(as_text=True)
    assert subscriber(runtime, "ada@example.org").status == SubscriberStatus.UNSUBSCRIBED
    with transaction(runtime.sessions) as session:
        assert session.get_one(Delivery, ada_digest).status == DeliveryStatus.CANCELLED
        assert session.get_one(Delivery, grace_digest).status == DeliveryStatus.QUEUED


def test_one_click_unsubscribe_answers_mail_clients_every_time(
    runtime: Runtime, client: FlaskClient
) -> None:
    link = path(links_for(runtime.settings, *_id_version(runtime, "ada@example.org")).unsubscribe)
    for _ in range(2):  # a second POST (a retrying client) is answered the same way
        answer = client.post(link, data={"List-Unsubscribe": "One-Click"})
        assert answer.status_code == 200
    assert subscriber(runtime, "ada@example.org").status == SubscriberStatus.UNSUBSCRIBED


def test_an_instant_subscribers_pending_matches_go_with_them(
    runtime: Runtime, client: FlaskClient
) -> None:
    ada = subscriber(runtime, "ada@example.org")
    with transaction(runtime.sessions) as session:
        first = session.scalar(select(func.min(Section.id)))
        assert first is not None
        session.add(Match(subscriber_id=ada.id, section_id=first, score=1.0, matched_at=NOW))
    post(client, f"/unsubscribe/{token(runtime, 'ada@example.org')}")
    with transaction(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Match)) == 0


def test_resubscribing_resumes_from_now_less_the_look_back(
    runtime: Runtime, client: FlaskClient
) -> None:
    link = token(runtime, "ada@example.org")
    post(client, f"/unsubscribe/{link}")
    back = post(client, f"/resubscribe/{link}")
    assert back.status_code == 303
    assert "Welcome back" in client.get(back.headers["Location"]).get_data(as_text=True)
    ada = subscriber(runtime, "ada@example.org")
    assert ada.status == SubscriberStatus.ACTIVE
    assert ada.considered_until == NOW - runtime.lookback


def test_confirming_asks_first_then_activates(runtime: Runtime, client: FlaskClient) -> None:
    link = f"/confirm/{token(runtime, 'new@example.org')}"
    page = client.get(link)
    assert page.status_code == 200 and "Yes, send me digests" in page.get_data(as_text=True)
    assert subscriber(runtime, "new@example.org").status == SubscriberStatus.PENDING
    done = post(client, link)
    assert done.status_code == 303
    assert "your subscription is confirmed" in client.get(done.headers["Location"]).get_data(
        as_text=True
    )
    assert subscriber(runtime, "new@example.org").status == SubscriberStatus.ACTIVE
    again = client.get(link)  # an old confirmation link leads to the preferences
    assert again.status_code == 303 and "/preferences/" in again.headers["Location"]
    assert "done" not in again.headers["Location"]


def test_confirming_someone_who_left_does_not_claim_to_confirm(
    runtime: Runtime, client: FlaskClient
) -> None:
    link = token(runtime, "ada@example.org")
    post(client, f"/unsubscribe/{link}")
    answer = post(client, f"/confirm/{link}")
    assert answer.headers["Location"] == f"/preferences/{link}"
    body = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "confirmed" not in body and "You are unsubscribed" in body


def test_the_preferences_of_a_pending_subscriber_offer_to_confirm(
    runtime: Runtime, client: FlaskClient
) -> None:
    body = client.get(f"/preferences/{token(runtime, 'new@example.org')}").get_data(as_text=True)
    assert "You have not confirmed your subscription yet" in body


# The browser view


def test_the_browser_view_shows_the_emails_stories_then_those_past_its_caps(
    runtime: Runtime, client: FlaskClient
) -> None:
    delivery_id = queue_digest_for(runtime, "ada@example.org")
    with transaction(runtime.sessions) as session:
        rows = session.scalars(
            select(DeliverySection).where(DeliverySection.delivery_id == delivery_id)
        ).all()
        titles = {r.section_id: session.get_one(Section, r.section_id).title for r in rows}
        shown = {titles[r.section_id] for r in rows if r.shown}
        listed = session.get_one(Delivery, delivery_id).overflow_ids
        overflow = {session.get_one(Section, i).title for i in listed}
    assert overflow, "the caps of 1 per topic and 2 in all leave stories for the browser view"
    ada = _id_version(runtime, "ada@example.org")
    page = client.get(path(links_for(runtime.settings, *ada, delivery_id).browser or ""))
    assert page.status_code == 200
    body = unescape(page.get_data(as_text=True))
    heading = f"{len(overflow)} more stories matched your topics, past the email's limits"
    before, _, after = body.partition(heading)
    assert after, f"no {heading!r}"
    headlines = r'class="headline"[^>]*><a [^>]*>([^<]+)</a>'
    assert set(re.findall(headlines, before)) == shown
    assert set(re.findall(headlines, after)) == overflow
    assert "see them all in your browser" not in body
    assert "View in your browser" not in body  # it is the browser view


def test_the_browser_view_leaves_out_a_story_past_the_caps_whose_feed_was_removed(
    runtime: Runtime, client: FlaskClient
) -> None:
    delivery_id = queue_digest_for(runtime, "ada@example.org")
    with transaction(runtime.sessions) as session:
        first, *rest = session.get_one(Delivery, delivery_id).overflow_ids
        titles = {i: session.get_one(Section, i).title for i in [first, *rest]}
        session.execute(delete(Section).where(Section.id == first))  # as `feed remove` does
    ada = _id_version(runtime, "ada@example.org")
    page = client.get(path(links_for(runtime.settings, *ada, delivery_id).browser or ""))
    assert page.status_code == 200
    body = unescape(page.get_data(as_text=True))
    assert f"{len(rest)} more stor" in body
    assert titles[first] not in body
    assert all(titles[i] in body for i in rest)


def test_a_digest_of_someone_else_is_not_found(runtime: Runtime, client: FlaskClient) -> None:
    delivery_id = queue_digest_for(runtime, "grace@example.org")
    page = client.get(f"/view/{token(runtime, 'ada@example.org')}/{delivery_id}")
    assert page.status_code == 404


def test_a_confirmation_has_no_browser_view(runtime: Runtime, client: FlaskClient) -> None:
    new = subscriber(runtime, "new@example.org")
    with transaction(runtime.sessions) as session:  # queued when new@ was added, unconfirmed
        delivery_id = session.scalars(
            select(Delivery.id).where(
                Delivery.subscriber_id == new.id, Delivery.kind == DeliveryKind.CONFIRMATION
            )
        ).one()
    page = client.get(f"/view/{token(runtime, 'new@example.org')}/{delivery_id}")
    assert page.status_code == 404


# Through real SMTP


def test_the_sent_digest_links_to_pages_that_work(runtime: Runtime, client: FlaskClient) -> None:
    queue_digest_for(runtime, "ada@example.org")
    inbox = _send(runtime)
    message = next(m.parsed() for m in inbox.messages if m.recipients == ("ada@example.org",))
    html_part = message.get_body(("html",))
    assert html_part is not None
    html = html_part.get_content()
    links = {
        unescape(text): unescape(href)
        for href, text in re.findall(
            r'<a href="(https://letter\.example/[^"]+)"[^>]*>([^<]+)</a>', html
        )
    }
    assert set(links) >= {"View in your browser", "Manage your topics", "Unsubscribe"}
    for text in ("View in your browser", "Manage your topics", "Unsubscribe"):
        assert client.get(path(links[text])).status_code == 200, text
    unsubscribe_header = re.search(r"<(https://[^>]+)>", str(message["List-Unsubscribe"]))
    assert unsubscribe_header is not None
    assert unsubscribe_header.group(1) == links["Unsubscribe"]


def test_mail_queued_before_an_unsubscribe_is_never_sent(
    runtime: Runtime, client: FlaskClient
) -> None:
    ada_digest = queue_digest_for(runtime, "ada@example.org")
    queue_digest_for(runtime, "grace@example.org")
    with transaction(runtime.sessions) as session:  # as if unsubscribed by another route
        session.get_one(Delivery, ada_digest).subscriber.status = SubscriberStatus.UNSUBSCRIBED
    inbox = _send(runtime)
    recipients = [m.recipients for m in inbox.messages]
    assert ("grace@example.org",) in recipients
    assert ("ada@example.org",) not in recipients
    with transaction(runtime.sessions) as session:
        cancelled = session.get_one(Delivery, ada_digest)
        assert cancelled.status == DeliveryStatus.CANCELLED
        assert cancelled.last_error == "cancelled: the subscriber is unsubscribed"


# The app


def test_every_page_keeps_its_token_to_itself(runtime: Runtime, client: FlaskClient) -> None:
    for url in ("/", f"/preferences/{token(runtime, 'ada@example.org')}", "/nowhere"):
        headers = client.get(url).headers
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cache-Control"] == "no-store"
        assert headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_the_pages_need_the_secret_key(runtime: Runtime) -> None:
    unkeyed = Runtime(
        runtime.settings.replace(secret_key=""), runtime.engine, runtime.sessions, runtime.clock
    )
    with pytest.raises(ConfigError, match="DIGEST_SECRET_KEY is not set"):
        create_app(unkeyed)


def test_an_operator_may_override_a_page_template(runtime: Runtime, tmp_path: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    (web / "home.html").write_text("<p>Welcome to {{ site_name }}, our way.</p>")
    themed = Runtime(
        runtime.settings.replace(template_dir=str(tmp_path)),
        runtime.engine,
        runtime.sessions,
        runtime.clock,
    )
    page = create_app(themed).test_client().get("/")
    assert page.get_data(as_text=True) == "<p>Welcome to Digest, our way.</p>"


def test_every_page_names_the_list_escaped(runtime: Runtime) -> None:
    hostile, escaped = "Tom & Jerry's <News>", "Tom &amp; Jerry&#39;s &lt;News&gt;"
    named = Runtime(
        runtime.settings.replace(site_name=hostile),
        runtime.engine,
        runtime.sessions,
        runtime.clock,
    )
    client = create_app(named).test_client()
    ada, new = token(runtime, "ada@example.org"), token(runtime, "new@example.org")
    delivery_id = queue_digest_for(runtime, "ada@example.org")
    pages = {
        "/": f"<h1>{escaped}</h1>",
        f"/preferences/{ada}": f"Unsubscribe from {escaped}</a>",
        f"/unsubscribe/{ada}": f"You will get no more emails from {escaped}.",
        f"/confirm/{new}": f"asked {escaped} to send this address digests",
        f"/view/{ada}/{delivery_id}": f"follows topics on {escaped}.",  # the email, as a page
        "/nowhere": f"<footer>{escaped}</footer>",
    }
    for url, needle in pages.items():
        body = client.get(url).get_data(as_text=True)
        assert needle in body, url
        assert f" · {escaped}</title>" in body, url
        assert hostile not in body and "<News>" not in body, url


def _id_version(runtime: Runtime, email: str) -> tuple[int, int]:
    found = subscriber(runtime, email)
    return found.id, found.token_version


def _send(runtime: Runtime) -> Inbox:
    async def scenario() -> Inbox:
        async with capture_server() as inbox:
            settings = runtime.settings.replace(smtp_url=inbox.url)
            mailer = SmtpMailer(parse_smtp_url(inbox.url))
            await send_due(runtime.sessions, mailer, settings, lambda: NOW + timedelta(minutes=1))
        return inbox

    return asyncio.run(scenario())
