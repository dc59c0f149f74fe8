"""What each of the scheduler's jobs does: poll, compose, deliver.

Each job is one use case run against what the tables say is due at the moment it runs, so a
job that runs late, twice, or in two processes at once does the overdue work once: polls
claim their feeds, composing holds each subscriber's row, delivery claims its messages.
Nothing is kept here that a restart would lose; what is kept (the instant subscribers'
filter index) is only a cache, rebuilt when the audience revision moves.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import update

from digest import store
from digest.db import transaction
from digest.models import Heartbeat
from digest.runtime import Runtime
from digest.types import DeliveryStatus

if TYPE_CHECKING:
    from digest.mail import Mailer, SendOutcome, SendReport

log = logging.getLogger("digest.scheduler")

POLL, COMPOSE, DELIVER = "poll", "compose", "deliver"
#: In the order one tick runs them: what a poll finds is composed, then delivered.
JOBS = (POLL, COMPOSE, DELIVER)

#: Subscribers composed per transaction batch; a stop request is honoured between batches.
COMPOSE_BATCH = 500


@dataclass(frozen=True)
class Roles:
    """Which jobs this process runs: all of them, delivery only, or all but delivery."""

    poll: bool = True
    compose: bool = True
    deliver: bool = True

    @classmethod
    def choose(cls, *, worker: bool, no_worker: bool) -> Roles:
        if worker:
            return cls(poll=False, compose=False, deliver=True)
        return cls(deliver=not no_worker)

    @property
    def jobs(self) -> tuple[str, ...]:
        wanted = {POLL: self.poll, COMPOSE: self.compose, DELIVER: self.deliver}
        return tuple(job for job in JOBS if wanted[job])

    def describe(self) -> str:
        return ", ".join(self.jobs)


@dataclass(frozen=True)
class JobReport:
    """What one run of a job did: counts by kind, and the error that stopped it, if any."""

    job: str
    started: datetime
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    #: Poll: the feeds that failed, each with its reason; deliver: a pause.
    problems: tuple[str, ...] = ()
    #: Deliver: each sent message's seconds from the outbox to the server's acceptance.
    latencies: tuple[float, ...] = ()

    @property
    def idle(self) -> bool:
        return self.error is None and not any(self.counts.values())

    def summary(self) -> str:
        if self.error is not None:
            return f"failed: {self.error}"
        done = [f"{count} {what}" for what, count in self.counts.items() if count]
        return ", ".join(done) if done else "nothing due"


@dataclass(frozen=True)
class _Done:
    counts: dict[str, int]
    problems: tuple[str, ...] = ()
    latencies: tuple[float, ...] = ()


class _Sending:
    """What a send did, as a job reports it: counts by outcome, a pause, the latencies.
    It hears each outcome, so that the send need keep none (an audience of any size)."""

    def __init__(self) -> None:
        self.latencies: list[float] = []

    def heard(self, outcome: SendOutcome) -> None:
        if outcome.seconds is not None:
            self.latencies.append(outcome.seconds)

    def done(self, report: SendReport) -> _Done:
        names = {
            DeliveryStatus.SENT: "sent",
            DeliveryStatus.QUEUED: "retrying",
            DeliveryStatus.FAILED: "failed",
            DeliveryStatus.CANCELLED: "cancelled",
        }
        counts = {name: report.counts[status] for status, name in names.items()}
        problems = (report.pause.describe(),) if report.pause is not None else ()
        return _Done(counts, problems, tuple(self.latencies))


class Jobs:
    """The jobs of one process. `stopping` asks a running job to finish what it holds in
    hand and return; `on_report` hears of every run (logs, metrics). A process that also
    delivers (`sends`) sends the digests it composes as it composes them, as `digest send`
    does, rather than leaving them for the delivery job to read back one by one."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        worker: str | None = None,
        on_report: Callable[[JobReport], None] | None = None,
        sends: bool = False,
    ) -> None:
        from digest.mail import worker_name
        from digest.matching import InstantMatcher

        self.runtime = runtime
        self.worker = worker or worker_name()
        self.instant = InstantMatcher()
        self.stopping = threading.Event()
        self.on_report = on_report
        self.sends = sends
        # Kept from one delivery to the next: its TLS context costs a read of the CA store.
        self._mailer: Mailer | None = None
        # One send at a time in this process (composing's and delivery's share the mailer).
        self._sending = threading.Lock()
        #: Called when a job has queued mail: the scheduler runs delivery at once.
        self.wake_delivery: Callable[[], None] = lambda: None

    def run(self, job: str) -> JobReport:
        """Run one job, timing it, recording its heartbeat, never raising."""
        action = {POLL: self._poll, COMPOSE: self._compose, DELIVER: self._deliver}[job]
        started, clock = self.runtime.now(), time.perf_counter()
        try:
            done = action(started)
            took = time.perf_counter() - clock
            report = JobReport(job, started, took, done.counts, None, done.problems, done.latencies)
        except Exception as exc:  # one job's failure (the database away) must not stop the rest
            log.debug("%s failed", job, exc_info=exc)
            error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            report = JobReport(job, started, time.perf_counter() - clock, error=error)
        self._beat(report)
        if self.on_report is not None:
            self.on_report(report)
        return report

    def tick(self, jobs: Sequence[str]) -> list[JobReport]:
        """One run of each job named, in pipeline order: `digest run --once`."""
        reports = []
        for job in (j for j in JOBS if j in jobs):
            if self.stopping.is_set():
                break
            reports.append(self.run(job))
        return reports

    # the jobs

    def _poll(self, now: datetime) -> _Done:
        matched_before = self.instant.recorded
        results = self.runtime.poll(instant=self.instant)
        failed = tuple(f"{r.feed}: {r.error}" for r in results if r.error)
        counts = {
            "feeds polled": len(results),
            "new posts": sum(r.new_posts for r in results),
            "new sections": sum(r.new_sections for r in results),
            "failed": len(failed),
            "instant matches": self.instant.recorded - matched_before,
        }
        counts["notifications queued"] = self._notify(now)
        return _Done(counts, failed)

    def _notify(self, now: datetime) -> int:
        """Queue the notifications of instant subscribers whose matches the poll stored."""
        with transaction(self.runtime.sessions) as session:
            waiting = store.instant_subscriber_ids_with_matches(session, now)
        queued = self._queue(waiting, now, scheduled=False)
        return queued["queued"]

    def _compose(self, now: datetime) -> _Done:
        with transaction(self.runtime.sessions) as session:
            # Instant subscribers are the poll's: it queues their notifications.
            due = store.due_digest_subscriber_ids(session, now)
        if self.sends:
            return self._compose_and_send(due, now)
        notes = self._queue(due, now, scheduled=True)
        return _Done({"digests queued": notes["queued"], "with nothing new": notes["nothing new"]})

    def _compose_and_send(self, due: Sequence[int], now: datetime) -> _Done:
        from digest.mail import send_digests

        notes: Counter[str] = Counter()
        sending = _Sending()
        with self._sending:
            report = asyncio.run(
                send_digests(
                    self.runtime.sessions,
                    self._mailer_for_this_process(),
                    self.runtime.settings,
                    self.runtime.now,
                    self.runtime.digest_rules,
                    due,
                    now,
                    scheduled=True,
                    drain_ids=due,
                    should_stop=self.stopping.is_set,
                    on_queued=lambda done: notes.update(q.note for q in done),
                    on_outcome=sending.heard,
                    keep_outcomes=False,
                )
            )
        if report.released:
            self.wake_delivery()  # stopped early: what it left queued goes out now
        sent = sending.done(report)
        counts = {"digests queued": notes["queued"], "with nothing new": notes["nothing new"]}
        return _Done(counts | sent.counts, sent.problems, sent.latencies)

    def _queue(
        self, subscriber_ids: Sequence[int], now: datetime, *, scheduled: bool
    ) -> Counter[str]:
        from digest.mail import queue_digests

        notes: Counter[str] = Counter()
        for start in range(0, len(subscriber_ids), COMPOSE_BATCH):
            if self.stopping.is_set():
                break
            batch = subscriber_ids[start : start + COMPOSE_BATCH]
            queued = queue_digests(
                self.runtime.sessions, batch, now, self.runtime.digest_rules, scheduled=scheduled
            )
            notes.update(q.note for q in queued)
        if notes["queued"]:
            self.wake_delivery()
        return notes

    def _deliver(self, now: datetime) -> _Done:
        from digest.mail import send_due

        sending = _Sending()
        with self._sending:
            report = asyncio.run(
                send_due(
                    self.runtime.sessions,
                    self._mailer_for_this_process(),
                    self.runtime.settings,
                    self.runtime.now,
                    worker=self.worker,
                    should_stop=self.stopping.is_set,
                    on_outcome=sending.heard,
                    keep_outcomes=False,
                )
            )
        return sending.done(report)

    def _mailer_for_this_process(self) -> Mailer:
        if self._mailer is None:
            self._mailer = self.runtime.mailer()
        return self._mailer

    def _beat(self, report: JobReport) -> None:
        """Record that the job ran (`digest status --check` reads it); a database that is
        away for this write is already in the report."""
        values = {
            "ran_at": report.started,
            "seconds": report.seconds,
            "worker": self.worker,
            "summary": report.summary(),
            "error": report.error,
        }
        try:
            with transaction(self.runtime.sessions) as session:
                written = session.execute(
                    update(Heartbeat).where(Heartbeat.job == report.job).values(**values)
                )
                if written.rowcount == 0:  # type: ignore[attr-defined]
                    store.insert_ignoring_duplicates(
                        session, Heartbeat, [{"job": report.job, **values}]
                    )
        except Exception as exc:
            log.debug("heartbeat of %s not recorded", report.job, exc_info=exc)
