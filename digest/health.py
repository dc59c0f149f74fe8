"""Which facts about a running system need a person (`digest status --check`).

Pure: `digest.status` collects the facts from the database, and `problems` decides, from
those facts, the thresholds and the moment, what to say. Each problem is one line that
says what is wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

#: Failed deliveries older than this are history, not an alert (`retry --failed` still sees
#: them); a week covers a weekly digest that failed on its day.
FAILED_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class FeedTrouble:
    """A feed that is failing or was disabled."""

    url: str
    error_count: int
    last_error: str | None
    failing_since: datetime | None
    disabled_at: datetime | None = None
    disabled_reason: str | None = None


@dataclass(frozen=True)
class PausedDelivery:
    since: datetime
    reason: str
    next_try: datetime


@dataclass(frozen=True)
class JobRun:
    """A scheduler job's heartbeat: when it last ran and what came of it."""

    job: str
    ran_at: datetime
    summary: str
    seconds: float = 0.0
    worker: str = ""
    error: str | None = None


@dataclass(frozen=True)
class Facts:
    feeds: Sequence[FeedTrouble] = ()
    pause: PausedDelivery | None = None
    #: Failed deliveries within `FAILED_WINDOW` to subscribers still active.
    failed_deliveries: int = 0
    jobs: Sequence[JobRun] = ()


@dataclass(frozen=True)
class Limits:
    """How long a feed may fail, and the scheduler stay silent, before a person is asked."""

    feed_failing_after: timedelta = timedelta(hours=24)
    scheduler_silent_after: timedelta = timedelta(minutes=15)


def problems(facts: Facts, limits: Limits, now: datetime) -> list[str]:
    """One line per thing that needs a person, in a stable order; empty when all is well."""
    found = [line for feed in facts.feeds if (line := _feed_problem(feed, limits, now))]
    if facts.pause is not None:
        found.append(_pause_problem(facts.pause))
    if count := facts.failed_deliveries:
        found.append(
            f"{count} {'delivery' if count == 1 else 'deliveries'} failed in the last"
            f" {FAILED_WINDOW.days} days to active subscribers:"
            " see `digest outbox --status failed`, fix the cause, then `digest retry --failed`"
        )
    found += _scheduler_problems(facts.jobs, limits, now)
    return found


def _feed_problem(feed: FeedTrouble, limits: Limits, now: datetime) -> str | None:
    if feed.disabled_at is not None:  # a feed nobody polls any more fails forever, silently
        return (
            f"feed {feed.url} is disabled since {when(feed.disabled_at)}: {feed.disabled_reason}:"
            f" `digest feed enable {feed.url}` if it is back, else `digest feed remove {feed.url}`"
        )
    if feed.failing_since is None or now - feed.failing_since <= limits.feed_failing_after:
        return None  # a feed that fails for an hour usually comes back by itself
    return (
        f"feed {feed.url} has been failing for {ago(now - feed.failing_since)}"
        f" ({feed.error_count} errors in a row): {feed.last_error}:"
        f" check the address (`digest feed list`), then `digest feed set` or `digest feed remove`"
    )


def _pause_problem(pause: PausedDelivery) -> str:
    return (
        f"delivery is paused since {when(pause.since)}: {pause.reason}:"
        f" check the SMTP server and settings; the first send after {when(pause.next_try)}"
        " tries again (`digest send --due`)"
    )


def _scheduler_problems(jobs: Sequence[JobRun], limits: Limits, now: datetime) -> list[str]:
    # No heartbeat at all is an operator who runs commands by hand, not a scheduler that died.
    # Each job on its own: delivery workers that still run say nothing of a dead poller.
    found = []
    for job in sorted(jobs, key=lambda j: j.job):
        if now - job.ran_at > limits.scheduler_silent_after:
            found.append(
                f"the scheduler's {job.job} job has not run for {ago(now - job.ran_at)}"
                f" (last at {when(job.ran_at)}): check that `digest run` is running, and its log"
            )
        if job.error:
            found.append(
                f"the scheduler's {job.job} job failed at {when(job.ran_at)}: {job.error}:"
                " see the scheduler's log"
            )
    return found


def when(moment: datetime) -> str:
    """``2026-11-20 09:00 UTC``: what an operator reads at a glance."""
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def ago(span: timedelta) -> str:
    """A span, in its largest whole unit: ``40 minutes``, ``3 hours``, ``2 days``."""
    minutes = int(span.total_seconds() // 60)
    for size, unit in ((24 * 60, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than a minute"
