"""Sign-up, form tokens, rate limits, fresh links, revoking links, stopping a topic,
pausing and the archive: through Flask's test client, on SQLite and PostgreSQL.

What the pages change is read back from the database in a new session; emails go
through the outbox to a real SMTP server (aiosmtpd) on 127.0.0.1, and their links are
followed. The clock is the runtime's, fixed (or moved) by each test.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from digest import store
from digest.config import Settings
from digest.db import transaction
from digest.errors import ConfigError
from digest.mail.capture import Inbox, capture_server
from digest.mail.deliver import send_due
from digest.mail.sending import queue_digests
from digest.mail.smtp import SmtpMailer, parse_smtp_url
from digest.models import Delivery, Subscriber
from digest.resources import sample_feed_path
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.tokens import form_token, make_token
from digest.types import DeliveryKind, SubscriberStatus
from digest.web import create_app

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday
SECRET = "signup-test-secret"
ADA = "ada@example.org"  # active: chips and energy
NEW = "new@example.org"  # pending: robotics


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Site:
    runtime: Runtime
    clock: Clock
    client: FlaskClient

    def subscriber(self, email: str) -> Subscriber | None:
        with transaction(self.runtime.sessions) as session:
            found = session.scalar(select(Subscriber).where(Subscriber.email == email))
            if found is not None:
                found.topics, found.filters  # noqa: B018  (loaded before the session closes)
            return found

    def link(self, email: str) -> str:
        found = self.subscriber(email)
        assert found is not None
        return make_token(SECRET, found.id, found.token_version)

    def post(self, url: str, data: dict[str, Any] | None = None) -> TestResponse:
        """POST a link page's form as the page sends it, with its form token."""
        link = url.split("/")[2]
        return self.client.post(url, data={**(data or {}), "form_token": form_token(SECRET, link)})

    def sign_up(self, data: dict[str, Any], path: str = "/subscribe") -> TestResponse:
        """GET the page (its cookie and token), then POST its form with `data`."""
        token = form_token_of(self.client.get(path))
        return self.client.post(path, data={**data, "form_token": token})

    def deliveries(self, email: str) -> list[Delivery]:
        with transaction(self.runtime.sessions) as session:
            query = select(Delivery).join(Subscriber).where(Subscriber.email == email)
            return list(session.scalars(query.order_by(Delivery.id)))

    def send(self) -> Inbox:
        """Send what the outbox holds over real SMTP."""

        async def scenario() -> Inbox:
            async with capture_server() as inbox:
                mailer = SmtpMailer(parse_smtp_url(inbox.url))
                settings = self.runtime.settings.replace(smtp_url=inbox.url)
                await send_due(self.runtime.sessions, mailer, settings, self.clock)
            return inbox

        return asyncio.run(scenario())


def form_token_of(page: TestResponse) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found is not None, "the page has no form token"
    return unescape(found.group(1))


@contextmanager
def make_site(db_url: str, **settings: Any) -> Iterator[Site]:
    clock = Clock()
    runtime = Runtime.open(
        Settings(
            database_url=db_url,
            secret_key=SECRET,
            from_address="Digest <digest@letter.example>",
            base_url="https://letter.example",
            **settings,
        ),
        clock=clock,
    )
    with transaction(runtime.sessions) as session:
        add_topic(session, "chips", "chip OR verilog", "Chips & hardware", NOW, "Chips and fabs")
        add_topic(session, "robotics", "robot", "Robotics", NOW)
        add_topic(session, "energy", 'solar OR "heat pump" OR battery', "Energy", NOW)
        active = SubscriberChanges(topics=["chips", "energy"], status=SubscriberStatus.ACTIVE)
        add_subscriber(session, ADA, active, NOW)
        add_subscriber(session, NEW, SubscriberChanges(topics=["robotics"]), NOW)
    try:
        yield Site(runtime, clock, create_app(runtime).test_client())
    finally:
        runtime.close()


@pytest.fixture
def site(db_url: str) -> Iterator[Site]:
    with make_site(db_url) as site:
        yield site


@pytest.fixture
def limited(db_url: str) -> Iterator[Site]:
    """Rate limits small enough to reach in a test."""
    limits = {"rate_limit_pages": "5/minute", "rate_limit_signup": "3/hour"}
    with make_site(db_url, **limits, rate_limit_address="2/hour") as site:
        yield site


def link_in(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    found = re.search(r"https://letter\.example(/\S+)", part.get_content())
    assert found is not None
    return found.group(1)


def message_to(inbox: Inbox, email: str) -> EmailMessage:
    [message] = [m.parsed() for m in inbox.messages if m.recipients == (email,)]
    return message


# Sign-up


def test_the_sign_up_page_lists_the_topics_with_their_descriptions(site: Site) -> None:
    page = site.client.get("/subscribe?email=bob@example.org&topics=energy&topics=nonsense")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Chips &amp; hardware" in body and "Chips and fabs" in body
    assert 'value="energy" checked' in body and 'value="chips">' in body
    assert 'value="bob@example.org"' in body
    assert "digest_form=" in page.headers["Set-Cookie"]
    assert "SameSite=Lax" in page.headers["Set-Cookie"]


def test_a_new_visitor_signs_up_confirms_by_email_and_is_active(site: Site) -> None:
    form = {"email": " Bob@Example.org ", "topics": ["chips", "robotics"], "queries": "heat pump"}
    answer = site.sign_up(form)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/subscribe/sent")
    bob = site.subscriber("bob@example.org")
    assert bob is not None and bob.status == SubscriberStatus.PENDING
    assert [t.slug for t in bob.topics] == ["chips", "robotics"]
    assert [f.query for f in bob.filters] == ["heat pump"]

    inbox = site.send()
    link = link_in(message_to(inbox, "bob@example.org"))
    assert link.startswith("/confirm/")
    assert site.client.get(link).status_code == 200  # it asks first
    done = site.post(link)
    assert done.status_code == 303 and "done=confirmed" in done.headers["Location"]
    bob = site.subscriber("bob@example.org")
    assert bob is not None and bob.status == SubscriberStatus.ACTIVE


def test_the_answer_is_the_same_whether_or_not_the_address_is_known(site: Site) -> None:
    answers = {}
    for email in (ADA, NEW, "nobody@example.org"):
        answer = site.sign_up({"email": email, "topics": ["robotics"]})
        answers[email] = (answer.status_code, answer.headers["Location"], answer.get_data())
    assert len(set(answers.values())) == 1, answers
    pages = {site.client.get("/subscribe/sent").get_data() for _ in answers}
    assert len(pages) == 1

    ada = site.subscriber(ADA)
    assert ada is not None and [t.slug for t in ada.topics] == ["chips", "energy"]  # kept
    inbox = site.send()
    # the active subscriber gets a link to her page; the pending one a confirmation
    to_ada = message_to(inbox, ADA)
    assert to_ada["Subject"] == "Your link to your Digest page"
    assert link_in(to_ada) == f"/preferences/{site.link(ADA)}"
    assert link_in(message_to(inbox, NEW)) == f"/confirm/{site.link(NEW)}"
    assert message_to(inbox, "nobody@example.org")


def test_someone_who_left_signs_up_again_pending_with_their_new_topics(site: Site) -> None:
    site.post(f"/unsubscribe/{site.link(ADA)}")
    assert site.sign_up({"email": ADA, "topics": ["robotics"]}).status_code == 303
    ada = site.subscriber(ADA)
    assert ada is not None and ada.status == SubscriberStatus.PENDING
    assert [t.slug for t in ada.topics] == ["robotics"]
    assert ada.considered_until == NOW - site.runtime.lookback
    assert link_in(message_to(site.send(), ADA)).startswith("/confirm/")


def test_a_broken_query_is_shown_with_a_caret_and_nothing_is_created(site: Site) -> None:
    page = site.sign_up({"email": "bob@example.org", "topics": ["chips"], "queries": "chip (OR"})
    assert page.status_code == 422
    body = unescape(page.get_data(as_text=True))
    assert "Line 1: OR needs something on each side (column 7)" in body
    assert "<pre>chip (OR\n      ^</pre>" in body
    assert 'value="chips" checked' in body and 'value="bob@example.org"' in body
    assert site.subscriber("bob@example.org") is None


def test_a_sign_up_needs_an_address_and_a_topic(site: Site) -> None:
    page = site.sign_up({"email": "not an address"})
    assert page.status_code == 422
    body = page.get_data(as_text=True)
    assert "invalid email address" in body and "choose at least one topic" in body


def test_the_honeypot_gets_the_same_answer_and_creates_nothing(site: Site) -> None:
    form = {"email": "bot@example.org", "topics": ["chips"], "website": "http://spam.example"}
    answer = site.sign_up(form)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/subscribe/sent")
    assert site.subscriber("bot@example.org") is None
    with transaction(site.runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 1  # NEW's


def test_repeated_sign_ups_queue_one_email_per_interval(site: Site) -> None:
    site.sign_up({"email": NEW, "topics": ["robotics"]})
    assert len(site.deliveries(NEW)) == 1  # her confirmation was queued a moment ago
    site.clock.now = NOW + timedelta(minutes=11)
    for _ in range(2):
        site.sign_up({"email": NEW, "topics": ["robotics"]})
    assert [d.period_key for d in site.deliveries(NEW)][1:] == ["link:20261120T091100.000000Z"]


# Form tokens (CSRF)


def test_a_sign_up_without_the_pages_token_or_cookie_is_refused(site: Site) -> None:
    form = {"email": "bob@example.org", "topics": ["chips"]}
    refused = site.client.post("/subscribe", data=form)
    assert refused.status_code == 403
    assert "This form was not accepted" in refused.get_data(as_text=True)
    token = form_token_of(site.client.get("/subscribe"))
    other = create_app(site.runtime).test_client()  # another browser: its own cookie
    other.get("/subscribe")
    assert other.post("/subscribe", data={**form, "form_token": token}).status_code == 403
    assert site.subscriber("bob@example.org") is None


def test_a_sign_up_page_left_open_too_long_is_refused(site: Site) -> None:
    token = form_token_of(site.client.get("/subscribe"))
    site.clock.now = NOW + timedelta(hours=13)
    form = {"email": "bob@example.org", "topics": ["chips"], "form_token": token}
    assert site.client.post("/subscribe", data=form).status_code == 403


@pytest.mark.parametrize("form_token_value", [None, "forged", "other-link"])
def test_a_link_pages_form_without_its_token_is_refused(
    site: Site, form_token_value: str | None
) -> None:
    link = site.link(ADA)
    data: dict[str, Any] = {"topics": ["robotics"], "cadence": "daily"}
    if form_token_value == "forged":
        data["form_token"] = "A" * 32
    elif form_token_value == "other-link":
        data["form_token"] = form_token(SECRET, site.link(NEW))
    for url in (f"/preferences/{link}", f"/unsubscribe/{link}", f"/sign-out/{link}"):
        answer = site.client.post(url, data=data)
        assert answer.status_code == 403, url
        assert "nothing was changed" in answer.get_data(as_text=True)
    ada = site.subscriber(ADA)
    assert ada is not None and ada.status == SubscriberStatus.ACTIVE
    assert ([t.slug for t in ada.topics], ada.token_version) == (["chips", "energy"], 1)


def test_the_one_click_unsubscribe_needs_no_token(site: Site) -> None:
    answer = site.client.post(
        f"/unsubscribe/{site.link(ADA)}",
        data=b"List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    ada = site.subscriber(ADA)
    assert ada is not None and ada.status == SubscriberStatus.UNSUBSCRIBED


def test_every_form_on_every_page_carries_its_token(site: Site) -> None:
    link = site.link(ADA)
    for url in (
        f"/preferences/{link}",
        f"/unsubscribe/{link}",
        f"/confirm/{site.link(NEW)}",
        f"/stop/{link}/chips",
        "/subscribe",
        "/link",
        f"/preferences/{link}x",  # an altered link's page offers a fresh one
    ):
        body = site.client.get(url).get_data(as_text=True)
        forms = re.findall(r"<form [^>]*method=\"post\".*?</form>", body, re.S)
        assert forms, url
        assert all('name="form_token"' in form for form in forms), url


# Rate limits


def test_too_many_requests_get_429_with_retry_after(limited: Site) -> None:
    link = limited.link(ADA)
    altered = link[:-1] + ("A" if link[-1] != "A" else "B")
    answers = [limited.client.get(f"/preferences/{altered}") for _ in range(3)]
    answers += [limited.client.get(f"/archive/{link}") for _ in range(3)]
    assert [a.status_code for a in answers] == [400, 400, 400, 200, 200, 429]
    refused = answers[-1]
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Please wait a little" in refused.get_data(as_text=True)
    assert limited.client.get("/").status_code == 200  # the home page takes no token


def test_sign_ups_and_fresh_links_are_limited_per_address_and_per_client(limited: Site) -> None:
    form = {"topics": ["chips"]}
    token = form_token_of(limited.client.get("/subscribe"))
    codes = [
        limited.client.post(path, data={**form, "email": email, "form_token": token}).status_code
        for path, email in (
            ("/subscribe", "bob@example.org"),
            ("/link", "BOB@example.org"),
            ("/subscribe", "bob@example.org"),
            ("/subscribe", "cy@example.org"),
        )
    ]
    assert codes == [303, 303, 429, 303]  # two for bob's address; the client's third
    refused = limited.client.post(
        "/subscribe", data={**form, "email": "dee@example.org", "form_token": token}
    )
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert limited.subscriber("dee@example.org") is None


# Fresh links and signing out everywhere


def test_signing_out_everywhere_refuses_the_old_link_and_a_fresh_one_is_emailed(
    site: Site,
) -> None:
    old = site.link(ADA)
    signed_out = site.post(f"/sign-out/{old}")
    assert signed_out.status_code == 200
    assert "Signed out everywhere" in signed_out.get_data(as_text=True)
    ada = site.subscriber(ADA)
    assert ada is not None and ada.token_version == 2

    expired = site.client.get(f"/preferences/{old}")
    assert expired.status_code == 410
    body = expired.get_data(as_text=True)
    assert "Email me a fresh link" in body
    assert site.post(f"/preferences/{old}", {"topics": ["robotics"]}).status_code == 410
    assert site.post(f"/unsubscribe/{old}").status_code == 410

    answers = set()
    for email in (ADA, "nobody@example.org"):
        answer = site.client.post(
            "/link", data={"email": email, "form_token": form_token_of(expired)}
        )
        answers.add((answer.status_code, answer.headers["Location"], answer.get_data()))
    assert len(answers) == 1 and next(iter(answers))[:2] == (303, "/link/sent")
    assert "If that address receives emails" in site.client.get("/link/sent").get_data(as_text=True)

    inbox = site.send()
    assert sorted(m.recipients for m in inbox.messages) == [(ADA,), (NEW,)]  # NEW: confirmation
    fresh = message_to(inbox, ADA)
    assert "Please confirm" not in fresh["Subject"]  # she is subscribed: only her link
    page = site.client.get(link_in(fresh))
    assert page.status_code == 200 and "Your topics" in page.get_data(as_text=True)


def test_a_fresh_link_needs_a_valid_address(site: Site) -> None:
    page = site.sign_up({"email": "nope"}, path="/link")
    assert page.status_code == 422
    assert "invalid email address" in page.get_data(as_text=True)


# Stopping one topic


def test_stopping_a_topic_asks_first_then_removes_only_it(site: Site) -> None:
    link = site.link(ADA)
    asked = site.client.get(f"/stop/{link}/chips")
    assert asked.status_code == 200
    assert "Stop sending you Chips &amp; hardware?" in asked.get_data(as_text=True)
    ada = site.subscriber(ADA)
    assert ada is not None and [t.slug for t in ada.topics] == ["chips", "energy"]

    assert site.client.post(f"/stop/{link}/chips").status_code == 403
    done = site.post(f"/stop/{link}/chips")
    assert done.status_code == 200
    assert "No more Chips &amp; hardware" in done.get_data(as_text=True)
    ada = site.subscriber(ADA)
    assert ada is not None and [t.slug for t in ada.topics] == ["energy"]
    assert site.post(f"/stop/{link}/chips").status_code == 200  # a second click: same answer
    assert site.client.get(f"/stop/{link}/nonsense").status_code == 404


def test_stopping_the_last_topic_offers_other_topics_or_to_unsubscribe(site: Site) -> None:
    body = site.post(f"/stop/{site.link(NEW)}/robotics").get_data(as_text=True)
    assert "You follow no topic now" in body


# Pausing


def test_a_paused_subscriber_is_not_composed_for_until_the_day_they_chose(site: Site) -> None:
    link = site.link(ADA)
    ada = site.subscriber(ADA)
    assert ada is not None and ada.next_digest_at == datetime(2026, 11, 23, 8, tzinfo=UTC)
    answer = site.post(f"/pause/{link}", {"until": "2026-12-09"})  # a Wednesday
    assert answer.status_code == 303 and answer.headers["Location"].endswith("done=paused")
    ada = site.subscriber(ADA)
    assert ada is not None and ada.paused_until == datetime(2026, 12, 9, tzinfo=UTC)
    assert ada.next_digest_at == datetime(2026, 12, 14, 8, tzinfo=UTC)  # the Monday after
    page = site.client.get(f"/preferences/{link}").get_data(as_text=True)
    assert "paused until Wednesday 9 December 2026" in page

    with transaction(site.runtime.sessions) as session:  # as if a CLI change moved it back
        session.get_one(Subscriber, ada.id).next_digest_at = datetime(2026, 11, 23, 8, tzinfo=UTC)
    for moment, due in (
        (datetime(2026, 11, 23, 8, tzinfo=UTC), False),
        (datetime(2026, 12, 8, 23, tzinfo=UTC), False),
        (datetime(2026, 12, 9, 0, tzinfo=UTC), True),
    ):
        with transaction(site.runtime.sessions) as session:
            assert (ada.id in store.due_digest_subscriber_ids(session, moment)) is due, moment
            assert (ada.id in store.due_subscriber_ids(session, moment)) is due


def test_a_paused_instant_subscriber_gets_no_notification_until_then(site: Site) -> None:
    with transaction(site.runtime.sessions) as session:
        ada = store.subscriber_by_email(session, ADA)
        ada.cadence, ada.next_digest_at = "instant", None
    site.runtime.add_feed(str(sample_feed_path()), backfill=True)
    with transaction(site.runtime.sessions) as session:
        waiting = store.instant_subscriber_ids_with_matches(session, NOW)
    site.post(f"/pause/{site.link(ADA)}", {"until": "2026-12-01"})
    with transaction(site.runtime.sessions) as session:
        assert store.instant_subscriber_ids_with_matches(session, NOW) == []
        later = store.instant_subscriber_ids_with_matches(
            session, datetime(2026, 12, 1, tzinfo=UTC)
        )
    assert later == waiting


def test_a_pause_starts_at_midnight_where_the_subscriber_lives_and_can_be_ended(
    site: Site,
) -> None:
    with transaction(site.runtime.sessions) as session:
        store.subscriber_by_email(session, ADA).timezone = "America/New_York"
    link = site.link(ADA)
    site.post(f"/pause/{link}", {"until": "2026-12-01"})
    ada = site.subscriber(ADA)
    assert ada is not None and ada.paused_until == datetime(2026, 12, 1, 5, tzinfo=UTC)
    resumed = site.post(f"/pause/{link}", {"resume": "1"})
    assert resumed.headers["Location"].endswith("done=resumed")
    ada = site.subscriber(ADA)
    assert ada is not None and ada.paused_until is None


@pytest.mark.parametrize(
    ("until", "error"),
    [("", "choose the day"), ("2026-11-20", "a day after today"), ("2028-01-01", "within 366")],
)
def test_a_pause_needs_a_day_ahead(site: Site, until: str, error: str) -> None:
    page = site.post(f"/pause/{site.link(ADA)}", {"until": until})
    assert page.status_code == 422
    assert error in page.get_data(as_text=True)
    ada = site.subscriber(ADA)
    assert ada is not None and ada.paused_until is None


# The archive


def test_the_archive_lists_past_digests_each_opening_its_browser_view(site: Site) -> None:
    site.runtime.add_feed(str(sample_feed_path()), backfill=True)
    link = site.link(ADA)
    assert "Nothing has been sent to you yet" in site.client.get(f"/archive/{link}").get_data(
        as_text=True
    )
    with transaction(site.runtime.sessions) as session:
        ada_id = store.subscriber_by_email(session, ADA).id
    queued = queue_digests(
        site.runtime.sessions, [ada_id], NOW, site.runtime.digest_rules, scheduled=False
    )
    delivery_id = queued[0].delivery_id
    assert delivery_id is not None
    site.clock.now = NOW + timedelta(minutes=1)
    site.send()

    body = site.client.get(f"/archive/{link}").get_data(as_text=True)
    with transaction(site.runtime.sessions) as session:
        stories = len(store.delivery_listing(session, delivery_id).shown)
        stories += len(store.delivery_listing(session, delivery_id).overflow)
    assert stories > 1
    view = f"/view/{link}/{delivery_id}"
    assert f'<a href="{view}">20 November 2026, 09:01</a>' in body
    assert f"{stories} stories" in body
    assert site.client.get(view).status_code == 200
    kinds = [d.kind for d in site.deliveries(ADA)]
    assert kinds == [DeliveryKind.DIGEST]


# The operator's side


def test_topic_descriptions_and_the_embeddable_form(
    run: Callable[..., Any], db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIGEST_BASE_URL", "https://letter.example")
    added = run(
        "--database",
        db_url,
        "topic",
        "add",
        "chips",
        "--query",
        "chip",
        "--description",
        "Chips & the fabs that make them",
    )
    assert added.code == 0, added.err
    listed = run("--database", db_url, "topic", "list", "--json")
    assert '"description": "Chips & the fabs that make them"' in listed.out
    snippet = run("--database", db_url, "embed")
    assert snippet.code == 0, snippet.err
    assert (
        '<form class="digest-signup" method="get" action="https://letter.example/subscribe">'
        in (snippet.out)
    )
    assert 'title="Chips &amp; the fabs that make them"' in snippet.out
    assert 'name="topics" value="chips"> Chips</label>' in snippet.out


def test_behind_a_proxy_each_visitor_has_a_count_of_their_own(db_url: str) -> None:
    with make_site(db_url, rate_limit_pages="2/minute", proxy_count=1) as site:
        codes = {
            visitor: [
                site.client.get("/link", headers={"X-Forwarded-For": visitor}).status_code
                for _ in range(3)
            ]
            for visitor in ("198.51.100.7", "203.0.113.9")
        }
        assert codes == {"198.51.100.7": [200, 200, 429], "203.0.113.9": [200, 200, 429]}


def test_a_rate_limit_that_does_not_parse_is_named(db_url: str) -> None:
    with make_site(db_url) as site:
        settings = site.runtime.settings.replace(rate_limit_address="three an hour")
        runtime = Runtime(settings, site.runtime.engine, site.runtime.sessions, site.clock)
        with pytest.raises(ConfigError, match="rate_limit_address must be limits such as"):
            create_app(runtime)


def test_a_rate_limit_store_that_cannot_be_used_is_named(db_url: str) -> None:
    with make_site(db_url) as site:
        settings = site.runtime.settings.replace(rate_limit_storage="nonsense://somewhere")
        runtime = Runtime(settings, site.runtime.engine, site.runtime.sessions, site.clock)
        with pytest.raises(ConfigError, match="rate_limit_storage 'nonsense://somewhere'"):
            create_app(runtime)


def test_digest_send_due_composes_nothing_for_a_paused_subscriber_until_the_day(
    site: Site, digest: Callable[..., Any], smtp_server: Inbox
) -> None:
    site.runtime.add_feed(str(sample_feed_path()), backfill=True)
    site.post(f"/pause/{site.link(ADA)}", {"until": "2026-12-09"})
    with transaction(site.runtime.sessions) as session:  # as if a CLI change moved it back
        store.subscriber_by_email(session, ADA).next_digest_at = NOW + timedelta(days=3)

    def sent_to_ada(now: datetime) -> bool:
        result = digest("send", "--due", "--now", now.isoformat())
        assert result.code == 0, result.err
        return any(m.recipients == (ADA,) for m in smtp_server.messages)

    assert not sent_to_ada(datetime(2026, 11, 23, 8, tzinfo=UTC))  # the Monday: paused
    assert not sent_to_ada(datetime(2026, 12, 8, 23, 59, tzinfo=UTC))
    assert sent_to_ada(datetime(2026, 12, 9, 0, 1, tzinfo=UTC))  # the day has come


def test_an_operators_send_waits_for_a_pause_too(
    site: Site, digest: Callable[..., Any], smtp_server: Inbox
) -> None:
    site.runtime.add_feed(str(sample_feed_path()), backfill=True)
    site.post(f"/pause/{site.link(ADA)}", {"until": "2026-12-09"})
    dry = digest("send", "--to", ADA, "--dry-run", "--now", NOW.isoformat())
    assert dry.code == 0, dry.err
    assert "skipped: paused until 2026-12-09" in dry.out
    sent = digest("send", "--to", ADA, "--now", NOW.isoformat())
    assert sent.code == 0, sent.err
    assert not any(m.recipients == (ADA,) for m in smtp_server.messages)
