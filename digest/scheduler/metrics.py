"""`digest run --metrics-port`: Prometheus metrics and a health check over HTTP.

Counters and histograms come from the job reports of this process; the state of the
system (feeds by health, the outbox by status, subscribers by status, a paused delivery)
is read from the database when Prometheus scrapes, so every process reports the same
truth. `/healthz` answers 200 while each of this process's jobs has run lately without
an error, 503 otherwise, with the reasons, in JSON.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from digest.db import transaction
from digest.models import Delivery, DeliveryPause, Feed, Subscriber
from digest.scheduler.jobs import DELIVER, POLL, JobReport

StartResponse = Callable[[str, list[tuple[str, str]]], object]


class Metrics:
    """The metrics of one `digest run` process, in a registry of their own."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.runs = Counter(
            "digest_job_runs", "Job runs, by job and result.", ["job", "result"], registry=r
        )
        self.job_seconds = Histogram(
            "digest_job_seconds",
            "How long each job run took.",
            ["job"],
            registry=r,
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900),
        )
        self.last_run = Gauge(
            "digest_job_last_run_timestamp_seconds", "When each job last ran.", ["job"], registry=r
        )
        self.polls = Counter(
            "digest_feed_polls", "Feeds polled, by result.", ["result"], registry=r
        )
        self.posts = Counter("digest_posts", "New posts stored.", registry=r)
        self.sections = Counter("digest_sections", "New sections stored.", registry=r)
        self.matches = Counter(
            "digest_instant_matches", "Matches recorded for instant subscribers.", registry=r
        )
        self.queued = Counter(
            "digest_deliveries_queued", "Deliveries queued, by kind.", ["kind"], registry=r
        )
        self.sends = Counter(
            "digest_sends", "Delivery attempts, by outcome.", ["outcome"], registry=r
        )
        self.send_seconds = Histogram(
            "digest_send_seconds",
            "Seconds from a message leaving the outbox to the server taking it.",
            registry=r,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
        )
        r.register(_DatabaseState(sessions))

    def observe(self, report: JobReport) -> None:
        """Count what a job run did."""
        self.runs.labels(report.job, "error" if report.error else "ok").inc()
        self.job_seconds.labels(report.job).observe(report.seconds)
        self.last_run.labels(report.job).set(report.started.timestamp())
        counts = report.counts
        if report.job == POLL:
            failed = counts.get("failed", 0)
            self.polls.labels("ok").inc(counts.get("feeds polled", 0) - failed)
            self.polls.labels("failed").inc(failed)
            self.posts.inc(counts.get("new posts", 0))
            self.sections.inc(counts.get("new sections", 0))
            self.matches.inc(counts.get("instant matches", 0))
            self.queued.labels("notification").inc(counts.get("notifications queued", 0))
        else:  # delivery, and composing that sends what it composes
            for outcome in ("sent", "retrying", "failed", "cancelled"):
                self.sends.labels(outcome).inc(counts.get(outcome, 0))
            for seconds in report.latencies:
                self.send_seconds.observe(seconds)
            if report.job != DELIVER:
                self.queued.labels("digest").inc(counts.get("digests queued", 0))


class _DatabaseState(Collector):
    """Gauges read from the tables at each scrape."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("digest_database_up", "Whether the last scrape read the database.")
        try:
            with transaction(self.sessions) as session:
                families = list(self._read(session))
        except Exception:  # the scrape still answers, and says the database is away
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _read(self, session: Session) -> Iterator[GaugeMetricFamily]:
        feeds = GaugeMetricFamily("digest_feeds", "Feeds, by health.", labels=["state"])
        for state, count in _feed_states(session).items():
            feeds.add_metric([state], count)
        yield feeds
        yield _by_status(session, Delivery.status, "digest_outbox", "Deliveries, by status.")
        yield _by_status(
            session, Subscriber.status, "digest_subscribers", "Subscribers, by status."
        )
        paused = GaugeMetricFamily("digest_delivery_paused", "1 while delivery is paused.")
        paused.add_metric([], 1 if session.get(DeliveryPause, 1) is not None else 0)
        yield paused


def _feed_states(session: Session) -> dict[str, int]:
    states = {"ok": 0, "failing": 0, "malformed": 0, "disabled": 0, "new": 0}
    rows = session.execute(
        select(
            Feed.disabled_at.is_not(None),
            Feed.error_count > 0,
            Feed.last_error_kind,
            Feed.last_success_at.is_not(None),
            func.count(),
        ).group_by(
            Feed.disabled_at.is_not(None),
            Feed.error_count > 0,
            Feed.last_error_kind,
            Feed.last_success_at.is_not(None),
        )
    )
    for disabled, failing, kind, answered, count in rows:
        if disabled:
            state = "disabled"
        elif failing:
            state = "malformed" if kind == "malformed" else "failing"
        else:
            state = "ok" if answered else "new"
        states[state] += count
    return states


def _by_status(session: Session, column: Any, name: str, documentation: str) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=["status"])
    for status, count in session.execute(select(column, func.count()).group_by(column)):
        family.add_metric([str(status)], count)
    return family


class Health:
    """Whether each job of this process has run lately, and without an error."""

    def __init__(self, jobs: Iterable[str], tick_seconds: float) -> None:
        self.jobs = tuple(jobs)
        # A delivery can run long; three ticks, and never less than three minutes.
        self.patience = timedelta(seconds=max(3 * tick_seconds, 180))
        self.started = datetime.now(UTC)
        self._last: dict[str, JobReport] = {}
        self._lock = threading.Lock()

    def observe(self, report: JobReport) -> None:
        with self._lock:
            self._last[report.job] = report

    def check(self, now: datetime) -> tuple[bool, dict[str, object]]:
        problems = []
        jobs: dict[str, object] = {}
        with self._lock:
            last = dict(self._last)
        for job in self.jobs:
            report = last.get(job)
            since = report.started if report else self.started
            if report is not None and report.error:
                problems.append(f"{job} failed: {report.error}")
            if now - since > self.patience:
                problems.append(f"{job} has not run since {since:%Y-%m-%d %H:%M:%S} UTC")
            jobs[job] = {
                "ran_at": report.started.isoformat() if report else None,
                "seconds": round(report.seconds, 3) if report else None,
                "summary": report.summary() if report else None,
            }
        return not problems, {
            "status": "ok" if not problems else "unhealthy",
            "problems": problems,
            "jobs": jobs,
        }


def metrics_app(
    metrics: Metrics, health: Health
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """`/metrics` (and any other path) in the exposition format; `/healthz` in JSON."""
    exposition = make_wsgi_app(metrics.registry)

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != "/healthz":
            response: Iterable[bytes] = exposition(environ, start_response)
            return response
        healthy, body = health.check(datetime.now(UTC))
        start_response(
            "200 OK" if healthy else "503 Service Unavailable",
            [("Content-Type", "application/json"), ("Cache-Control", "no-store")],
        )
        return [json.dumps(body).encode()]

    return app


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return  # a scrape every 15 seconds is not news


def serve_metrics(metrics: Metrics, health: Health, host: str, port: int) -> WSGIServer:
    """Serve in a daemon thread; the caller shuts it down."""
    server = make_server(
        host,
        port,
        metrics_app(metrics, health),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server
