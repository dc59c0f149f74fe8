"""The subscriber pages end to end: a real server, real email, a real browser.

Each test starts the Flask app on waitress (as `digest serve` does) in a thread on
127.0.0.1, sends real digests over SMTP to an aiosmtpd server, and follows the
links found in the received emails in headless Chromium driven by Playwright:
the preference form (a broken query loses nothing, a fixed one is saved), the
unsubscribe page and its undo, the confirmation page, the browser view of a
digest (every story, those past the email's caps too), RFC 8058's one-click
POST, and an altered link. What the pages did is read back from the database
through a new session. One test runs the real `digest serve` command.

The layout test checks at 375 and 800 px that no page scrolls sideways
(``scrollWidth <= innerWidth``) and writes full-page screenshots under the
repository root:

    build/screenshots/web-preferences-375.png        the preference page on a phone
    build/screenshots/web-preferences-error-375.png  ... showing a broken query
    build/screenshots/web-view-375.png               the browser view of a digest
    build/screenshots/web-*-800.png                  the same on a desktop

Runs on SQLite and, with DIGEST_TEST_POSTGRES_URL set, PostgreSQL (the layout test
on SQLite only). Skipped where no Chromium binary is installed; CI (`.ci/run`)
installs Debian's.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import httpx
import lxml.html
import pytest
import waitress
from playwright.sync_api import Browser, Page, Response, expect, sync_playwright
from sqlalchemy import select

from digest.config import Settings
from digest.db import transaction
from digest.mail.capture import Inbox
from digest.mail.deliver import send_due
from digest.mail.sending import queue_digests
from digest.mail.smtp import SmtpMailer, parse_smtp_url
from digest.models import Delivery, DeliverySection, Section, Subscriber
from digest.resources import sample_feed_path
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.types import Cadence, DeliveryKind, DeliveryStatus, SubscriberStatus
from digest.web import create_app
from digest.web.preferences import Preferences
from digest.web.selfservice import preferences_of
from tests.conftest import browser_environment, free_port

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SECRET = "test-secret"
ADA = "ada@example.org"
GRACE = "grace@example.org"
#: Milliseconds Playwright waits for a page or an element.
TIMEOUT_MS = 10_000

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (`chromium`) found: install it (Debian: apt-get install chromium)"
    " to run the web page tests",
)

T = TypeVar("T")


def off_thread(work: Callable[[], T]) -> T:
    """Run `work` in a thread of its own: sync Playwright keeps an event loop running in
    this one, so `asyncio.run` (adding a feed, sending email) cannot run here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@dataclass(frozen=True)
class Stored:
    """A subscriber as the database holds them."""

    status: str
    preferences: Preferences
    next_digest_at: datetime | None


@dataclass(frozen=True)
class SentDigest:
    """A digest delivery and the titles of the stories its email showed, and those past its
    caps (sorted)."""

    id: int
    shown: list[str]
    overflow: list[str]


@dataclass
class Site:
    """The pages served over a runtime whose subscribers have been sent real email."""

    runtime: Runtime
    inbox: Inbox
    base: str

    def email(self, to: str) -> EmailMessage:
        [message] = [m.parsed() for m in self.inbox.messages if m.recipients == (to,)]
        return message

    def links(self, to: str) -> dict[str, str]:
        """The received email's links, by their text."""
        part = self.email(to).get_body(("html",))
        assert isinstance(part, EmailMessage)
        document = lxml.html.fromstring(part.get_content())
        return {a.text_content().strip(): a.get("href", "") for a in document.iter("a")}

    def stored(self, email: str) -> Stored:
        with transaction(self.runtime.sessions) as session:
            subscriber = session.scalars(select(Subscriber).where(Subscriber.email == email)).one()
            return Stored(subscriber.status, preferences_of(subscriber), subscriber.next_digest_at)

    def delivery_status(self, delivery_id: int) -> str:
        with transaction(self.runtime.sessions) as session:
            return session.get_one(Delivery, delivery_id).status

    def sent_digest(self, email: str) -> SentDigest:
        with transaction(self.runtime.sessions) as session:
            delivery = session.scalars(
                select(Delivery)
                .join(Subscriber)
                .where(Subscriber.email == email, Delivery.kind == DeliveryKind.DIGEST)
            ).one()
            shown = session.scalars(
                select(Section.title)
                .join(DeliverySection, DeliverySection.section_id == Section.id)
                .where(DeliverySection.delivery_id == delivery.id, DeliverySection.shown)
            ).all()
            listed = [session.get_one(Section, i).title for i in delivery.overflow_ids]
            return SentDigest(delivery.id, sorted(shown), sorted(listed))

    def queue_scheduled_digest(self, email: str) -> int:
        """A digest waiting in the outbox for next Monday."""
        with transaction(self.runtime.sessions) as session:
            subscriber = session.scalars(select(Subscriber).where(Subscriber.email == email)).one()
            delivery = Delivery(
                subscriber_id=subscriber.id,
                kind=DeliveryKind.DIGEST,
                period_key="weekly:2026-11-23",
                status=DeliveryStatus.QUEUED,
                attempts=0,
                created_at=NOW,
            )
            session.add(delivery)
            session.flush()
            return delivery.id


def prepare(runtime: Runtime) -> None:
    """Three topics, Ada (active, two topics) and Grace (pending), the sample feed."""
    with transaction(runtime.sessions) as session:
        add_topic(session, "chips", 'chip OR chips OR verilog OR "risc v"', "Chips & hardware", NOW)
        add_topic(session, "robotics", "robot OR robots OR robotics", None, NOW)
        add_topic(session, "energy", 'solar OR battery OR batteries OR "heat pump"', "Energy", NOW)
        active = SubscriberChanges(topics=["chips", "robotics"], status=SubscriberStatus.ACTIVE)
        add_subscriber(session, ADA, active, NOW)
        add_subscriber(session, GRACE, SubscriberChanges(topics=["robotics"]), NOW)
    off_thread(lambda: runtime.add_feed(str(sample_feed_path()), backfill=True))


def send_email(runtime: Runtime) -> None:
    """Queue Ada's digest and send everything queued (Grace's confirmation too) over SMTP."""
    with transaction(runtime.sessions) as session:
        ada = session.scalars(select(Subscriber.id).where(Subscriber.email == ADA)).one()
    queue_digests(runtime.sessions, [ada], NOW, runtime.digest_rules, scheduled=False)
    mailer = SmtpMailer(parse_smtp_url(runtime.settings.smtp_url))
    report = off_thread(
        lambda: asyncio.run(send_due(runtime.sessions, mailer, runtime.settings, lambda: NOW))
    )
    outcomes = report.outcomes
    assert sorted((o.to, o.status) for o in outcomes) == [
        (ADA, DeliveryStatus.SENT),
        (GRACE, DeliveryStatus.SENT),
    ]


@pytest.fixture
def site(db_url: str, smtp_server: Inbox) -> Iterator[Site]:
    """Email sent with links to `base`, and the pages served there by waitress."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        database_url=db_url,
        secret_key=SECRET,
        from_address="Digest <digest@letter.example>",
        base_url=base,
        smtp_url=smtp_server.url,
        per_topic_cap=1,
        max_sections=2,
    )
    runtime = Runtime.open(settings, clock=lambda: NOW)
    try:
        prepare(runtime)
        send_email(runtime)
        server: Any = waitress.create_server(create_app(runtime), host="127.0.0.1", port=port)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            yield Site(runtime, smtp_server, base)
        finally:
            server.close()
            thread.join(timeout=5)
            server.task_dispatcher.shutdown()
    finally:
        runtime.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], env=browser_environment()
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def click(page: Page, button: str) -> Response:
    """Click a form's button; the response to the POST it sends (before any redirect), not
    to a live preview's, which a change to the form may send at the same moment."""

    def the_forms(response: Response) -> bool:
        return response.request.method == "POST" and response.request.is_navigation_request()

    with page.expect_response(the_forms) as posted:
        page.get_by_role("button", name=button, exact=True).click()
    return posted.value


def expect_heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def expect_changed_choices(page: Page) -> None:
    """The form shows the choices the preference test makes, as it made them."""
    expect(page.get_by_label("Chips & hardware", exact=True)).to_be_checked()
    expect(page.get_by_label("Robotics", exact=True)).not_to_be_checked()
    expect(page.get_by_label("Energy", exact=True)).to_be_checked()
    expect(page.get_by_label("Daily digest")).to_be_checked()
    expect(page.get_by_label("Hour")).to_have_value("7")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Zurich")


def test_a_broken_query_loses_no_choice_and_saves_nothing_then_the_fixed_form_is_saved(
    site: Site, page: Page
) -> None:
    before = site.stored(ADA)
    page.goto(site.links(ADA)["Manage your topics"])
    page.get_by_label("Robotics", exact=True).uncheck()
    page.get_by_label("Energy", exact=True).check()
    page.get_by_label("Your own queries").fill("(robot")
    page.get_by_label("Daily digest").check()
    page.get_by_label("Hour").select_option("7")
    page.get_by_label("Time zone").fill("Europe/Zurich")

    assert click(page, "Save").status == 422
    expect(page.locator(".problems p.error")).to_have_text(
        "Line 1: unbalanced parenthesis (column 1)"
    )
    expect(page.locator(".problems pre")).to_have_text("(robot\n^")
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was saved")
    expect_changed_choices(page)
    expect(page.get_by_label("Your own queries")).to_have_value("(robot")
    assert site.stored(ADA) == before

    page.get_by_label("Your own queries").fill('robot arm\n"heat pump"')
    assert click(page, "Save").status == 303
    expect(page.locator(".notice")).to_have_text(
        "Your choices are saved: they apply from your next email."
    )
    assert page.url.endswith("?done=saved")
    expect_changed_choices(page)
    expect(page.get_by_label("Your own queries")).to_have_value('robot arm\n"heat pump"')
    after = site.stored(ADA)
    assert after.status == SubscriberStatus.ACTIVE
    assert after.preferences == Preferences(
        topics=("chips", "energy"),
        queries=("robot arm", '"heat pump"'),
        cadence=Cadence.DAILY,
        weekday=0,
        hour=7,
        timezone="Europe/Zurich",
        send_empty=False,
    )


def test_unsubscribing_from_the_email_cancels_queued_mail_and_resubscribing_undoes_it(
    site: Site, page: Page
) -> None:
    queued = site.queue_scheduled_digest(ADA)
    page.goto(site.links(ADA)["Unsubscribe"])
    expect_heading(page, "Unsubscribe?")
    expect(page.get_by_role("button", name="Unsubscribe", exact=True)).to_be_visible()
    assert site.stored(ADA).status == SubscriberStatus.ACTIVE
    assert site.delivery_status(queued) == DeliveryStatus.QUEUED

    assert click(page, "Unsubscribe").status == 200
    expect_heading(page, "You are unsubscribed")
    assert site.stored(ADA).status == SubscriberStatus.UNSUBSCRIBED
    assert site.delivery_status(queued) == DeliveryStatus.CANCELLED

    assert click(page, "That was a mistake: resubscribe me").status == 303
    expect(page.locator(".notice")).to_have_text("Welcome back: your emails will resume.")
    assert site.stored(ADA).status == SubscriberStatus.ACTIVE


def test_a_pending_subscriber_confirms_from_the_confirmation_email(site: Site, page: Page) -> None:
    page.goto(site.links(GRACE)["Yes, send me my digests"])
    expect_heading(page, "Confirm your subscription")
    assert site.stored(GRACE).status == SubscriberStatus.PENDING

    assert click(page, "Yes, send me digests").status == 303
    expect(page.locator(".notice")).to_have_text("Thank you: your subscription is confirmed.")
    assert site.stored(GRACE).status == SubscriberStatus.ACTIVE


def test_the_browser_view_lists_every_story_including_those_past_the_emails_caps(
    site: Site, page: Page
) -> None:
    sent = site.sent_digest(ADA)
    assert (len(sent.shown), len(sent.overflow)) == (2, 3)
    part = site.email(ADA).get_body(("html",))
    assert isinstance(part, EmailMessage)
    email = lxml.html.fromstring(part.get_content())
    assert sorted(h.text_content().strip() for h in email.find_class("headline")) == sent.shown
    assert "3 more stories matched your topics" in email.text_content()
    link = site.links(ADA)["View in your browser"]
    assert link.startswith(f"{site.base}/view/") and link.endswith(f"/{sent.id}")

    response = page.goto(link)
    assert response is not None and response.status == 200
    headlines = page.locator("h3.headline")
    expect(headlines).to_have_count(len(sent.shown) + len(sent.overflow))
    in_view = sorted(text.strip() for text in headlines.all_inner_texts())
    assert in_view == sorted(sent.shown + sent.overflow)


def assert_fits(page: Page, width: int, screenshot: str) -> None:
    """The page is laid out `width` px wide and does not scroll sideways; screenshot first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / screenshot
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")
    assert page.evaluate("innerWidth") == width
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide at {width} px: {path}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [375, 800])
def test_the_view_and_preference_pages_do_not_scroll_sideways(
    site: Site, page: Page, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    links = site.links(ADA)
    page.goto(links["View in your browser"])
    assert_fits(page, width, f"web-view-{width}.png")
    page.goto(links["Manage your topics"])
    assert_fits(page, width, f"web-preferences-{width}.png")

    long_word = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung"
    page.get_by_label("Your own queries").fill(f'robot\n"heat pump" OR ({long_word} OR chip')
    assert click(page, "Save").status == 422
    expect(page.locator(".problems pre")).to_be_visible()
    assert_fits(page, width, f"web-preferences-error-{width}.png")


def test_the_one_click_post_of_list_unsubscribe_unsubscribes(site: Site) -> None:
    email = site.email(ADA)
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [url] = [
        part.strip().strip("<>")
        for part in str(email["List-Unsubscribe"]).split(",")
        if part.strip().startswith("<http")
    ]
    response = httpx.post(
        url,
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    assert site.stored(ADA).status == SubscriberStatus.UNSUBSCRIBED


def test_an_altered_link_shows_that_it_does_not_work(site: Site, page: Page) -> None:
    before = site.stored(ADA)
    base, token = site.links(ADA)["Manage your topics"].rsplit("/", 1)
    payload, signature = token.split(".")
    altered = ("B" if signature[0] == "A" else "A") + signature[1:]

    response = page.goto(f"{base}/{payload}.{altered}")
    assert response is not None and response.status == 400
    expect_heading(page, "This link does not work")
    assert site.stored(ADA) == before


def wait_for_http(url: str, process: subprocess.Popen[str], seconds: float = 10) -> httpx.Response:
    """GET `url` once the server answers; fails if the process ends first."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_digest_serve_answers_with_the_security_headers(db_url: str) -> None:
    port = free_port()
    env = {**os.environ, "DIGEST_SECRET_KEY": SECRET, "PYTHONUNBUFFERED": "1"}
    env.pop("DIGEST_CONFIG", None)
    command = [sys.executable, "-m", "digest", "--database", db_url, "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        response = wait_for_http(f"http://127.0.0.1:{port}/", process)
    finally:
        process.terminate()
        out, err = process.communicate(timeout=10)
    assert response.status_code == 200, err
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert f"serving the subscriber pages on http://127.0.0.1:{port}/" in out
