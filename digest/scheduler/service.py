"""`digest run`: APScheduler 3 runs the jobs on their ticks until SIGTERM or SIGINT.

Each job has an interval trigger at the tick (aligned to whole minutes, so ticks fall on
the minute a subscriber's hour begins), coalesced, one instance at a time, and runs at once
when the process starts: a process that was down, or a tick that ran late, does the overdue
work in one run. The jobs run in threads of their own, so a long delivery never holds up
the poll that brings an instant subscriber's next notification; queued mail wakes delivery
at once rather than at its next tick.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.interval import IntervalTrigger

from digest.scheduler.jobs import COMPOSE, DELIVER, POLL, Jobs, Roles

log = logging.getLogger("digest.scheduler")

#: Ticks are counted from here, so that a 60-second tick falls on each minute's start.
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class Service:
    """The jobs of `roles` on an APScheduler scheduler (a background one unless given)."""

    def __init__(
        self, jobs: Jobs, roles: Roles, tick_seconds: float, scheduler: BaseScheduler | None = None
    ) -> None:
        self.jobs, self.roles, self.tick = jobs, roles, tick_seconds
        self.scheduler = scheduler or BackgroundScheduler(
            timezone=UTC, executors={"default": ThreadPoolExecutor(len(roles.jobs) or 1)}
        )
        self._lock = threading.Lock()
        self._delivering = self._again = False
        self._polled = False
        jobs.wake_delivery = self.wake_delivery
        self._install()

    def _install(self) -> None:
        first = datetime.now(UTC)
        actions = {POLL: self._poll, COMPOSE: self.jobs.run, DELIVER: self._deliver}
        for job in self.roles.jobs:
            # The overdue work of a process that was down is done at once; the first digests
            # wait for the first poll, so that they hold what the feeds published meanwhile.
            waits_for_poll = job == COMPOSE and self.roles.poll
            self.scheduler.add_job(
                actions[job],
                IntervalTrigger(seconds=self.tick, start_date=_EPOCH, timezone=UTC),
                args=(COMPOSE,) if job == COMPOSE else (),
                id=job,
                name=job,
                next_run_time=None if waits_for_poll else first,
                coalesce=True,
                max_instances=1,
                # A run late by up to a tick still happens; later than that, the next one
                # comes sooner and does the same work.
                misfire_grace_time=max(int(self.tick), 1),
            )

    def _poll(self) -> None:
        self.jobs.run(POLL)
        if self.roles.compose and not self._polled:
            self._polled = True
            self.jobs.run(COMPOSE)
            self.scheduler.resume_job(COMPOSE)  # from the next tick, on its own

    def _deliver(self) -> None:
        """Drain the outbox, and again if more mail was queued meanwhile."""
        with self._lock:
            self._delivering, self._again = True, False
        try:
            while True:
                self.jobs.run(DELIVER)
                with self._lock:
                    if not self._again or self.jobs.stopping.is_set():
                        return
                    self._again = False
        finally:
            with self._lock:
                self._delivering = False

    def wake_delivery(self) -> None:
        """Mail was queued: deliver it now, not at the next tick."""
        if not self.roles.deliver:
            return
        with self._lock:
            if self._delivering:
                self._again = True
                return
        self.scheduler.modify_job(DELIVER, next_run_time=datetime.now(UTC))

    def serve(self) -> None:
        """Run until SIGTERM or SIGINT, then let running jobs finish what they hold."""
        stop = threading.Event()
        with _signals_set(stop):
            self.scheduler.start()
            log.info(
                "digest run started: %s every %s",
                self.roles.describe(),
                timedelta(seconds=self.tick),
                extra={"worker": self.jobs.worker},
            )
            while not stop.wait(1.0):
                pass
            log.info("stopping: finishing the jobs that are running")
            self.jobs.stopping.set()
            self.scheduler.shutdown(wait=True)
        log.info("digest run stopped")


@contextmanager
def _signals_set(stop: threading.Event) -> Iterator[None]:
    def handle(_signum: int, _frame: Any) -> None:
        stop.set()

    previous = {number: signal.signal(number, handle) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
