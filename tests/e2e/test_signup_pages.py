"""Signing up, stopping a topic, signing out everywhere, and every page's accessibility:
a real server (waitress), real email (aiosmtpd), a real browser (Debian's Chromium,
driven by Playwright).

A new visitor signs up on `/subscribe`, the confirmation arrives over SMTP, its link is
opened and confirmed, and two topics are followed and saved. axe-core (the
`axe-playwright-python` package) checks every page, old and new, in the same browser:
no serious or critical violation. Screenshots of the new pages at 375 and 1280 px go to
``$DIGEST_SCREENSHOTS`` when it is set, else under the test's temporary directory (the
path is printed) for a person to look at.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import waitress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import select

from digest.config import Settings
from digest.db import transaction
from digest.mail.capture import Inbox
from digest.mail.deliver import send_due
from digest.mail.sending import queue_digests
from digest.mail.smtp import SmtpMailer, parse_smtp_url
from digest.models import Subscriber
from digest.resources import sample_feed_path
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.tokens import make_token
from digest.types import SubscriberStatus
from digest.web import create_app
from tests.conftest import Result, browser_environment, free_port
from tests.e2e.test_web_pages import CHROMIUM, TIMEOUT_MS, click, expect_heading, off_thread

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SECRET = "signup-e2e-secret"
ADA = "ada@example.org"
BOB = "bob@example.org"
#: What axe-core may find on a page: minor and moderate findings are a person's call.
BLOCKING = ("serious", "critical")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (`chromium`) found: install it (Debian: apt-get install chromium)"
    " to run the web page tests",
)


@dataclass
class Site:
    runtime: Runtime
    inbox: Inbox
    base: str

    def send(self, at: datetime = NOW) -> None:
        """Send what the outbox holds over SMTP to the test's server."""
        mailer = SmtpMailer(parse_smtp_url(self.runtime.settings.smtp_url))
        settings = self.runtime.settings
        off_thread(
            lambda: asyncio.run(send_due(self.runtime.sessions, mailer, settings, lambda: at))
        )

    def email(self, to: str) -> EmailMessage:
        [message] = [m.parsed() for m in self.inbox.messages if m.recipients == (to,)]
        return message

    def links(self, to: str) -> dict[str, str]:
        part = self.email(to).get_body(("html",))
        assert isinstance(part, EmailMessage)
        document = lxml.html.fromstring(part.get_content())
        return {a.text_content().strip(): a.get("href", "") for a in document.iter("a")}

    def subscriber(self, email: str) -> Subscriber:
        with transaction(self.runtime.sessions) as session:
            found = session.scalars(select(Subscriber).where(Subscriber.email == email)).one()
            found.topics  # noqa: B018  (loaded before the session closes)
            return found

    def link(self, email: str) -> str:
        found = self.subscriber(email)
        return make_token(SECRET, found.id, found.token_version)


def prepare(runtime: Runtime) -> None:
    with transaction(runtime.sessions) as session:
        add_topic(
            session,
            "chips",
            "chip OR chips OR verilog",
            "Chips & hardware",
            NOW,
            "Processors, chip design and the fabs that make them",
        )
        add_topic(session, "robotics", "robot OR robots", "Robotics", NOW, "Machines that move")
        add_topic(session, "energy", 'solar OR battery OR "heat pump"', "Energy", NOW)
        active = SubscriberChanges(topics=["chips", "robotics"], status=SubscriberStatus.ACTIVE)
        add_subscriber(session, ADA, active, NOW)
    off_thread(lambda: runtime.add_feed(str(sample_feed_path()), backfill=True))


@pytest.fixture
def site(db_url: str, smtp_server: Inbox) -> Iterator[Site]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        database_url=db_url,
        secret_key=SECRET,
        from_address="Digest <digest@letter.example>",
        base_url=base,
        smtp_url=smtp_server.url,
    )
    runtime = Runtime.open(settings, clock=lambda: NOW)
    try:
        prepare(runtime)
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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DIGEST_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    return folder


def test_a_new_visitor_signs_up_confirms_by_email_and_follows_two_topics(
    site: Site,
    page: Page,
    digest: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page.goto(f"{site.base}/subscribe")
    expect_heading(page, "Subscribe to Digest")
    expect(page.get_by_text("Processors, chip design and the fabs that make them")).to_be_visible()
    page.get_by_label("Your email address").fill(BOB)
    page.get_by_label("Chips & hardware").check()
    assert click(page, "Subscribe").status == 303
    expect_heading(page, "Check your inbox")
    assert site.subscriber(BOB).status == SubscriberStatus.PENDING

    site.send()
    assert site.email(BOB)["Subject"] == "Please confirm your subscription to Digest"
    page.goto(site.links(BOB)["Yes, send me my digests"])
    expect_heading(page, "Confirm your subscription")
    assert click(page, "Yes, send me digests").status == 303
    expect(page.locator(".notice")).to_have_text("Thank you: your subscription is confirmed.")

    preview = page.locator("#preview")
    expect(preview).to_contain_text("A community chip fab in a former bakery")  # as saved
    page.get_by_label("Robotics", exact=True).check()
    page.get_by_label("Energy", exact=True).check()
    page.get_by_label("Chips & hardware", exact=True).uncheck()
    expect(preview).to_contain_text("The warehouse robot that learned to say excuse me")
    expect(preview).not_to_contain_text("A community chip fab in a former bakery")
    shown_at = page.url
    page.get_by_label("Your own queries").fill('sourdough\n"heat pump')
    expect(preview).to_contain_text("Sourdough, measured")  # as typed, with no page load
    expect(preview.locator("pre")).to_have_text('"heat pump\n^')  # the broken line's caret
    page.get_by_label("Your own queries").fill("sourdough")
    expect(preview.locator("pre")).to_have_count(0)
    assert page.url == shown_at
    assert click(page, "Save").status == 303
    expect(page.locator(".notice")).to_have_text(
        "Your choices are saved: they apply from your next email."
    )
    bob = site.subscriber(BOB)
    assert bob.status == SubscriberStatus.ACTIVE
    assert [t.slug for t in bob.topics] == ["energy", "robotics"]

    monkeypatch.setenv("DIGEST_SECRET_KEY", SECRET)
    monkeypatch.setenv("DIGEST_BASE_URL", site.base)
    result = off_thread(lambda: digest("preview", BOB, "--now", NOW.isoformat()))
    assert result.code == 0, result.err
    assert "Sourdough, measured" in result.out  # the query saved in the browser
    assert "The warehouse robot that learned to say excuse me" in result.out
    assert "A community chip fab in a former bakery" not in result.out  # the topic left


def test_a_subscriber_stops_a_topic_then_signs_out_everywhere(site: Site, page: Page) -> None:
    old = site.link(ADA)
    page.goto(f"{site.base}/stop/{old}/chips")
    expect_heading(page, "Stop sending you Chips & hardware?")
    assert click(page, "Stop Chips & hardware").status == 200
    expect_heading(page, "No more Chips & hardware")
    assert [t.slug for t in site.subscriber(ADA).topics] == ["robotics"]

    page.goto(f"{site.base}/preferences/{old}")
    assert click(page, "Sign out everywhere").status == 200
    expect_heading(page, "Signed out everywhere")
    response = page.goto(f"{site.base}/preferences/{old}")
    assert response is not None and response.status == 410
    expect_heading(page, "This link has expired")

    page.get_by_label("Your email address").fill(ADA)
    assert click(page, "Email me a fresh link").status == 303
    expect_heading(page, "Check your inbox")
    site.send()
    assert site.email(ADA)["Subject"] == "Your link to your Digest page"
    page.goto(site.links(ADA)["Manage your topics"])
    expect_heading(page, "Your topics")  # the fresh link opens her page


def visit_every_page(site: Site, page: Page) -> Iterator[str]:
    """Open each page the site has (in each of its states); yield a name for each."""
    base, ada = site.base, site.link(ADA)
    with transaction(site.runtime.sessions) as session:
        ada_id = session.scalars(select(Subscriber.id).where(Subscriber.email == ADA)).one()
    rules = site.runtime.digest_rules
    [queued] = queue_digests(site.runtime.sessions, [ada_id], NOW, rules, scheduled=False)
    site.send(NOW + timedelta(minutes=1))
    assert queued.delivery_id is not None

    for name, path in (
        ("home", "/"),
        ("subscribe", "/subscribe"),
        ("link", "/link"),
        ("preferences", f"/preferences/{ada}"),
        ("view", f"/view/{ada}/{queued.delivery_id}"),
        ("archive", f"/archive/{ada}"),
        ("stop", f"/stop/{ada}/chips"),
        ("unsubscribe", f"/unsubscribe/{ada}"),
        ("altered-link", f"/preferences/{ada}x"),
        ("not-found", "/nowhere"),
    ):
        page.goto(base + path)
        yield name
    page.goto(f"{base}/subscribe")
    page.get_by_label("Your own query (optional)").fill("chip (OR")
    click(page, "Subscribe")
    yield "subscribe-error"
    page.get_by_label("Your own query (optional)").fill("")
    page.get_by_label("Your email address").fill(BOB)
    page.get_by_label("Robotics").check()
    click(page, "Subscribe")
    yield "subscribe-sent"
    site.send()
    page.goto(site.links(BOB)["Yes, send me my digests"])
    yield "confirm"
    page.goto(f"{base}/preferences/{ada}")
    page.get_by_label("No emails until").fill("2026-12-24")
    click(page, "Pause")
    yield "preferences-paused"
    page.goto(f"{base}/stop/{ada}/chips")
    click(page, "Stop Chips & hardware")
    yield "stop-done"
    page.goto(f"{base}/unsubscribe/{ada}")
    click(page, "Unsubscribe")
    yield "unsubscribed"
    page.goto(f"{base}/preferences/{ada}")
    click(page, "Sign out everywhere")
    yield "signed-out"
    page.goto(f"{base}/preferences/{ada}")
    yield "expired-link"
    page.goto(f"{base}/link")
    page.get_by_label("Your email address").fill(ADA)
    click(page, "Email me a fresh link")
    yield "link-sent"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_page_passes_axe_core(site: Site, page: Page) -> None:
    axe = Axe()
    found = {}
    for name in visit_every_page(site, page):
        violations = axe.run(page).response["violations"]
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']]}"
            for v in violations
            if v["impact"] in BLOCKING
        ]
        found[name] = blocking
    assert len(found) == 19
    assert {name: v for name, v in found.items() if v} == {}


NEW_PAGES = (
    "subscribe",
    "subscribe-error",
    "subscribe-sent",
    "link",
    "link-sent",
    "stop",
    "stop-done",
    "archive",
    "preferences",
    "preferences-paused",
    "signed-out",
    "expired-link",
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_new_pages(
    site: Site, page: Page, width: int, screenshots: Path
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for name in visit_every_page(site, page):
        if name in NEW_PAGES:
            path = screenshots / f"web-{name}-{width}.png"
            page.screenshot(path=path, full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px: {path}"
