"""`digest demo`: the whole pipeline on the bundled sample feed, end to end.

SQLite in a directory of its own, a local SMTP server that captures what it
receives, and real SMTP between the two.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from digest import store
from digest.config import Settings
from digest.db import create_db_engine, transaction, upgrade
from digest.errors import InvalidValue
from digest.mail.capture import Inbox, capture_server
from digest.mail.deliver import send_due
from digest.mail.sending import queue_digests
from digest.mail.smtp import SmtpMailer, parse_smtp_url
from digest.resources import sample_feed_path
from digest.runtime import Runtime
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.types import SubscriberStatus

TOPICS = (
    ("chips", "Chips & hardware", 'chip OR semiconductor OR "risc v" OR verilog OR fab'),
    ("robotics", "Robotics", "robot OR robotics"),
    (
        "energy",
        "Energy & climate",
        'battery OR solar OR "heat pump" OR climate',
    ),
    ("open-source", "Open source", '"open source" OR python OR linux'),
)


@dataclass(frozen=True)
class DemoReader:
    email: str
    topics: tuple[str, ...]
    queries: tuple[str, ...]


READERS = (
    DemoReader("ada@example.org", ("chips", "open-source"), ()),
    DemoReader("grace@example.org", ("robotics",), ("cubesat",)),
    DemoReader("wangari@example.net", ("energy",), ("repair -keyboard",)),
)


def run_demo(directory: Path, echo: Callable[[str], None] = print) -> Path:
    """Run the demo in `directory` (new or empty); returns where the emails are."""
    if directory.exists() and any(directory.iterdir()):
        raise InvalidValue(f"{directory} is not empty: give `digest demo --dir` a new directory")
    mail_dir = directory / "mail"
    mail_dir.mkdir(parents=True)
    settings = Settings(
        database_url=f"sqlite:///{(directory / 'digest.db').resolve()}",
        from_address="digest@demo.example",  # shown as the site's name
        site_name="The Tinkerer's Weekly digest",
        secret_key=secrets.token_urlsafe(32),
    )
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    echo(f"created {directory / 'digest.db'}")
    config = _write_settings(settings, directory)
    runtime = Runtime.open(settings)
    try:
        _populate(runtime, echo)
        inbox = asyncio.run(_send_everything(runtime))
    finally:
        runtime.close()
    _write_mail(inbox, mail_dir, echo)
    echo(
        f"\nThe emails link to {settings.base_url}: to open those pages (topics, unsubscribe,"
        f" the digest in the browser), run\n  digest --config {config} serve"
    )
    return mail_dir


def _write_settings(settings: Settings, directory: Path) -> Path:
    """The demo's settings, so later commands (`serve`, `subscriber list`...) find its
    database and check its links with the same secret key."""
    path = directory / "digest.toml"
    values = {
        "database_url": settings.database_url,
        "from": settings.from_address,
        "site_name": settings.site_name,
        "secret_key": settings.secret_key,
        "base_url": settings.base_url,
    }
    path.write_text("".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items()))
    path.chmod(0o600)  # it holds the secret key
    return path


def _populate(runtime: Runtime, echo: Callable[[str], None]) -> None:
    now = runtime.now()
    with transaction(runtime.sessions) as session:
        for slug, name, query in TOPICS:
            add_topic(session, slug, query, name, now)
        for reader in READERS:
            changes = SubscriberChanges(
                topics=reader.topics, queries=reader.queries, status=SubscriberStatus.ACTIVE
            )
            add_subscriber(session, reader.email, changes, now)
    echo(f"added {len(TOPICS)} topics and {len(READERS)} subscribers")
    # The sample's issues are delivered as if they had just been published.
    added = runtime.add_feed(str(sample_feed_path()), backfill=True)
    echo(f"added the sample feed: {added.new_posts} posts cut into {added.new_sections} sections")
    polled = runtime.poll(force=True)
    echo(f"polled again: {sum(r.new_posts for r in polled)} new posts")


async def _send_everything(runtime: Runtime) -> Inbox:
    async with capture_server() as inbox:
        settings = runtime.settings.replace(smtp_url=inbox.url)
        now = runtime.now()
        with transaction(runtime.sessions) as session:
            active = [s.id for s in store.subscribers(session, status=SubscriberStatus.ACTIVE)]
        queue_digests(runtime.sessions, active, now, runtime.digest_rules, scheduled=False)
        mailer = SmtpMailer(parse_smtp_url(inbox.url))
        await send_due(runtime.sessions, mailer, settings, lambda: now, worker="demo")
    return inbox


def _write_mail(inbox: Inbox, mail_dir: Path, echo: Callable[[str], None]) -> None:
    rows = []
    for number, received in enumerate(inbox.messages, 1):
        message = received.parsed()
        to = str(message["To"])
        stem = f"{number:02d}-{re.sub(r'[^a-z0-9]+', '-', to.lower()).strip('-')}"
        (mail_dir / f"{stem}.eml").write_bytes(received.raw)
        html_part = message.get_body(("html",))
        html = html_part.get_content() if html_part is not None else ""
        (mail_dir / f"{stem}.html").write_text(html, encoding="utf-8")
        titles = re.findall(r"<h3 class=\"headline\"[^>]*><a [^>]*>(.*?)</a></h3>", html)
        rows.append((to, len(titles), [unescape(t) for t in titles]))
    echo(f"\nsent {len(inbox.messages)} digests over SMTP to {inbox.url}; each is in {mail_dir}/")
    for to, count, titles in rows:
        echo(f"\n{to}: {count} stories")
        for title in titles:
            echo(f"  - {title}")
