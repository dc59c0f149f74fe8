"""The scheduler driven through weeks of a moved clock (time-machine).

APScheduler's own job processing runs the jobs (its triggers, coalescing and misfire rules),
stepped by the test an hour at a time: each step is an hour of ticks that ran late, which
the scheduler must coalesce into one run. Feeds come from a real HTTP server, digests go to
a real SMTP server, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.executors.base import BaseExecutor
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import select

from digest.db import transaction
from digest.mail import Inbox
from digest.models import Delivery, DeliverySection, Feed, Heartbeat, Section, Subscriber
from digest.runtime import Runtime
from digest.scheduler.jobs import Jobs, Roles
from digest.scheduler.service import Service
from digest.subscriptions import SubscriberChanges, add_subscriber, add_topic
from digest.types import Cadence, SubscriberStatus
from tests.conftest import FeedServer, Route
from tests.feedbuilder import Item, issue, rss, story

START = datetime(2026, 10, 1, tzinfo=UTC)  # a Thursday
# Across Sydney's spring forward (4 October), London's fall back (25 October) and New York's
# (1 November).
DAYS = 34
ZONES = ("Europe/London", "America/New_York", "Australia/Sydney")


class SteppedScheduler(BaseScheduler):
    """APScheduler's job processing, run when the test says so, on the test's clock."""

    def wakeup(self) -> None:
        return None

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def _create_default_executor(self) -> BaseExecutor:
        return DebugExecutor()  # jobs run in the stepping thread, one after the other

    def step(self) -> None:
        """Run what is due now, and what those runs woke for now (delivery after queueing)."""
        for _ in range(5):
            if self._process_jobs() > 0:
                return


def day_feed(days: int) -> bytes:
    """One issue a day, published at midnight UTC, each with a story about chips."""
    items = []
    for n in range(days):
        day = START + timedelta(days=n)
        items.append(
            Item(
                f"issue-{n}",
                f"Issue {n}",
                issue(
                    story(f"Chip fabs, day {n}", f"New chip fabrication plants open, report {n}."),
                    story(f"Gardening, day {n}", f"Tomatoes are ripe this week, note {n}."),
                ),
                date=day.strftime("%a, %d %b %Y %H:%M:%S +0000"),
            )
        )
    return rss(*reversed(items))


@pytest.fixture
def world(
    db_url: str, smtp_server: Inbox, feed_server: FeedServer
) -> Iterator[tuple[Runtime, FeedServer, Inbox]]:
    from digest.config import Settings

    settings = Settings(
        database_url=db_url,
        smtp_url=smtp_server.url,
        from_address="Digest <digest@letter.example>",
        secret_key="test-secret",
        parse_workers=1,
    )
    with time_machine.travel(START, tick=False):
        runtime = Runtime.open(settings)
    feed_server.routes["/feed.xml"] = Route(body=day_feed(0))
    yield runtime, feed_server, smtp_server
    runtime.close()


def subscribe(runtime: Runtime, now: datetime) -> dict[str, tuple[Cadence, int, int, str]]:
    """Daily at 08:00 and weekly on Monday at 09:00 in each zone, and the hours that DST
    makes odd: 02:00 in Sydney (skipped on 4 October), 01:00 in New York (twice on
    1 November)."""
    plans: dict[str, tuple[Cadence, int, int, str]] = {}
    for zone in ZONES:
        city = zone.split("/")[1].lower()
        plans[f"daily-{city}@example.org"] = (Cadence.DAILY, 0, 8, zone)
        plans[f"weekly-{city}@example.org"] = (Cadence.WEEKLY, 0, 9, zone)
    plans["daily-2am-sydney@example.org"] = (Cadence.DAILY, 0, 2, "Australia/Sydney")
    plans["daily-1am-new_york@example.org"] = (Cadence.DAILY, 0, 1, "America/New_York")
    with transaction(runtime.sessions) as session:
        add_topic(session, "chips", "chip OR chips", None, now)
        for email, (cadence, weekday, hour, zone) in plans.items():
            changes = SubscriberChanges(
                topics=["chips"],
                cadence=cadence,
                weekday=weekday,
                hour=hour,
                timezone=zone,
                status=SubscriberStatus.ACTIVE,
            )
            add_subscriber(session, email, changes, now)
    return plans


def add_feed(runtime: Runtime, url: str) -> None:
    runtime.add_feed(url)


def expected_periods(
    plan: tuple[Cadence, int, int, str], start: datetime, end: datetime
) -> dict[str, datetime]:
    """Each period the subscriber is owed between `start` (exclusive) and `end` (inclusive),
    with the moment its digest is due."""
    cadence, weekday, hour, zone = plan
    tz = ZoneInfo(zone)
    owed = {}
    day = start.astimezone(tz).date() - timedelta(days=1)
    while True:
        moment = datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)
        if moment > end:
            return owed
        if moment > start and (cadence is Cadence.DAILY or day.weekday() == weekday):
            owed[f"{cadence}:{day.isoformat()}"] = moment
        day += timedelta(days=1)


def step_through(
    service: Service, feed_server: FeedServer, traveller: time_machine.Coordinates, hours: int
) -> None:
    for _ in range(hours):
        now = datetime.now(UTC) + timedelta(hours=1)
        traveller.move_to(now)
        days = (now - START).days + 1
        feed_server.routes["/feed.xml"] = Route(body=day_feed(days), headers={"ETag": f'"{days}"'})
        service.scheduler.step()  # type: ignore[attr-defined]


def digests(runtime: Runtime) -> dict[str, list[Delivery]]:
    with transaction(runtime.sessions) as session:
        rows = session.execute(
            select(Delivery, Subscriber.email)
            .join(Subscriber)
            .where(Delivery.kind == "digest")
            .order_by(Delivery.id)
        )
        found: dict[str, list[Delivery]] = {}
        for delivery, email in rows:
            found.setdefault(email, []).append(delivery)
        return found


def new_service(runtime: Runtime, *, sends: bool = True) -> Service:
    """A scheduler as `digest run` starts one: composing sends what it composes (`sends`),
    or, as a process that does not deliver leaves it, queues it for the delivery job."""
    jobs = Jobs(runtime, sends=sends)
    return Service(jobs, Roles(), 60, scheduler=SteppedScheduler(timezone=UTC))


@pytest.mark.parametrize("sends", [True, False], ids=["composing-sends", "delivery-sends"])
def test_a_month_across_three_dst_changes_brings_one_digest_per_period_at_its_hour(
    world: tuple[Runtime, FeedServer, Inbox], sends: bool
) -> None:
    runtime, feed_server, inbox = world
    with time_machine.travel(START, tick=False) as traveller:
        add_feed(runtime, feed_server.url("/feed.xml"))
        plans = subscribe(runtime, START)
        service = new_service(runtime, sends=sends)
        service.scheduler.start()
        step_through(service, feed_server, traveller, DAYS * 24)
        end = datetime.now(UTC)
        service.scheduler.shutdown()

    found = digests(runtime)
    for email, plan in plans.items():
        owed = expected_periods(plan, START, end)
        got = {d.period_key: d for d in found.get(email, [])}
        assert sorted(got) == sorted(owed), email
        for key, delivery in got.items():
            # composed in the tick of its hour, and sent in it
            assert delivery.created_at == owed[key], (email, key)
            assert delivery.status == "sent"
            assert delivery.sent_at == owed[key]
    received = Counter(r for m in inbox.messages for r in m.recipients)
    assert received == Counter({e: len(ds) for e, ds in found.items()})
    ids = [m.parsed()["Message-ID"] for m in inbox.messages]
    assert len(ids) == len(set(ids))
    assert len(found["daily-sydney@example.org"]) == DAYS


def test_after_a_week_down_each_subscriber_gets_one_catch_up_digest(
    world: tuple[Runtime, FeedServer, Inbox],
) -> None:
    runtime, feed_server, inbox = world
    with time_machine.travel(START, tick=False) as traveller:
        add_feed(runtime, feed_server.url("/feed.xml"))
        plans = subscribe(runtime, START)
        first = new_service(runtime)
        first.scheduler.start()
        step_through(first, feed_server, traveller, 3 * 24)  # Thursday to Sunday
        first.scheduler.shutdown()
        stopped = datetime.now(UTC)
        before = {e: len(ds) for e, ds in digests(runtime).items()}

        traveller.move_to(stopped + timedelta(days=7))  # down for a week, the feed goes on
        feed_server.routes["/feed.xml"] = Route(body=day_feed(11))
        restarted = datetime.now(UTC)
        second = new_service(runtime)
        second.scheduler.start()
        second.scheduler.step()  # type: ignore[attr-defined]

        after = digests(runtime)
        for email in plans:
            caught_up = after[email][before.get(email, 0) :]
            assert len(caught_up) == 1, email
            (digest,) = caught_up
            assert digest.created_at == restarted
            assert digest.status == "sent"
            # it holds the chip story of every issue the week brought (past the caps, counted)
            assert chip_stories(runtime, digest.id) >= 7, email

        # and then the schedule goes on as before
        step_through(second, feed_server, traveller, 48)
        end = datetime.now(UTC)
        second.scheduler.shutdown()
    final = digests(runtime)
    for email, plan in plans.items():
        added = {d.period_key for d in final[email][len(after[email]) :]}
        # each period at its time again, but for one whose window brought nothing new
        # (the catch-up took it all): no digest then
        assert added <= set(expected_periods(plan, restarted, end)), email
        assert added or plan[0] is Cadence.WEEKLY, email
    assert len(inbox.messages) == sum(len(ds) for ds in final.values())


def chip_stories(runtime: Runtime, delivery_id: int) -> int:
    """The chip stories a digest promised: shown, covered or past its caps."""
    with transaction(runtime.sessions) as session:
        titles = list(
            session.scalars(
                select(Section.title)
                .join(DeliverySection, DeliverySection.section_id == Section.id)
                .where(DeliverySection.delivery_id == delivery_id)
            )
        )
        listed = session.get_one(Delivery, delivery_id).overflow_ids
        titles += [session.get_one(Section, section_id).title for section_id in listed]
        return sum("Chip" in title for title in titles)


def test_each_job_leaves_a_heartbeat_and_the_instant_index_is_kept_until_filters_change(
    world: tuple[Runtime, FeedServer, Inbox],
) -> None:
    runtime, feed_server, _ = world
    with time_machine.travel(START, tick=False) as traveller:
        add_feed(runtime, feed_server.url("/feed.xml"))
        with transaction(runtime.sessions) as session:
            add_topic(session, "chips", "chip", None, START)
            changes = SubscriberChanges(
                topics=["chips"], cadence=Cadence.INSTANT, status=SubscriberStatus.ACTIVE
            )
            add_subscriber(session, "now@example.org", changes, START)
        service = new_service(runtime)
        service.scheduler.start()
        step_through(service, feed_server, traveller, 3)
        jobs: Jobs = service.jobs
        assert jobs.instant.loads == 1  # three polls with new posts, one index
        with transaction(runtime.sessions) as session:
            changes = SubscriberChanges(
                topics=["chips"], cadence=Cadence.INSTANT, status=SubscriberStatus.ACTIVE
            )
            add_subscriber(session, "later@example.org", changes, START)
        step_through(service, feed_server, traveller, 25)
        assert jobs.instant.loads == 2
        service.scheduler.shutdown()
    with transaction(runtime.sessions) as session:
        beats = {b.job: b for b in session.scalars(select(Heartbeat))}
        assert set(beats) == {"poll", "compose", "deliver"}
        assert all(b.error is None for b in beats.values())
        assert beats["poll"].ran_at == START + timedelta(hours=28)
        notified = session.scalars(
            select(Subscriber.email).join(Delivery).where(Delivery.kind == "notification")
        )
        assert Counter(notified) == Counter({"now@example.org": 2, "later@example.org": 1})
        assert session.scalar(select(Feed.error_count)) == 0


def test_an_smtp_outage_pauses_delivery_and_the_scheduler_resumes_it_by_itself(
    db_url: str, feed_server: FeedServer
) -> None:
    from digest.config import Settings
    from tests.smtpfaults import ScriptedHandler, SmtpdServer

    outage = {"on": True}
    handler = ScriptedHandler(
        mail=lambda _: "421 4.3.2 down for maintenance" if outage["on"] else None
    )
    with SmtpdServer(handler) as server, time_machine.travel(START, tick=False) as traveller:
        settings = Settings(
            database_url=db_url,
            smtp_url=server.url,
            from_address="Digest <digest@letter.example>",
            secret_key="test-secret",
            parse_workers=1,
        )
        runtime = Runtime.open(settings)
        feed_server.routes["/feed.xml"] = Route(body=day_feed(0))
        add_feed(runtime, feed_server.url("/feed.xml"))
        plans = subscribe(runtime, START)
        service = new_service(runtime)
        service.scheduler.start()
        step_through(service, feed_server, traveller, 24)  # a day: every digest waits
        with transaction(runtime.sessions) as session:
            waiting = session.scalars(select(Delivery.status)).all()
            assert waiting and set(waiting) == {"queued"}  # paused: nothing failed
            assert not server.messages
        outage["on"] = False
        step_through(service, feed_server, traveller, 1)  # the next probe goes, then the rest
        service.scheduler.shutdown()
        found = digests(runtime)
        runtime.close()
    assert sum(len(ds) for ds in found.values()) == len(server.messages) == len(waiting)
    assert all(d.status == "sent" and d.attempts == 1 for ds in found.values() for d in ds)
    assert set(found) <= set(plans)
