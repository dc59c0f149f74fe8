"""The scheduler's log: a line per job run that did something, plain or JSON.

Plain lines are for a person reading journalctl; JSON lines (`--log-format json`), one
object each, are for a log shipper: the message, and the job's counts as fields.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from digest.scheduler.jobs import JobReport

log = logging.getLogger("digest.scheduler")

#: Attributes every LogRecord has: whatever else a record carries came in `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure(log_format: str, *, verbose: bool = False) -> None:
    """Log to stderr: INFO and up (DEBUG with `verbose`: idle runs too)."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # A run skipped because the last one still runs, or coalesced after a delay, is how
    # the scheduler is meant to work, not a warning; its errors still show.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    for noisy in ("asyncio", "httpx", "httpcore", "aiosmtplib", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def log_report(report: JobReport) -> None:
    """One line for a job run: an error, what it did, or (at DEBUG) that it was idle."""
    fields = {"job": report.job, "seconds": round(report.seconds, 3), **_fields(report.counts)}
    if report.error is not None:
        log.error(
            "%s failed: %s", report.job, report.error, extra={**fields, "error": report.error}
        )
    elif report.idle:
        log.debug("%s: nothing due (%.2f s)", report.job, report.seconds, extra=fields)
    else:
        log.info("%s: %s (%.2f s)", report.job, report.summary(), report.seconds, extra=fields)
    for problem in report.problems:
        log.warning("%s: %s", report.job, problem, extra={"job": report.job, "problem": problem})


def _fields(counts: dict[str, int]) -> dict[str, int]:
    return {name.replace(" ", "_"): count for name, count in counts.items()}
