"""When to poll a feed next (pure).

A healthy feed is polled every `interval`, or less often when its server asks
(Cache-Control max-age). A failing feed backs off exponentially, with jitter so
that feeds which failed together do not come back together, up to one day; a
server's Retry-After is a floor. Nothing is ever given up on silently: a feed
is disabled only when its server says it is gone (410), and that is shown.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_BACKOFF = timedelta(days=1)
FIRST_BACKOFF = timedelta(minutes=5)


def after_success(now: datetime, interval: timedelta, max_age: float | None = None) -> datetime:
    """The next poll of a feed that answered (200 or 304)."""
    wait = interval
    if max_age is not None and max_age > 0:
        wait = max(wait, min(timedelta(seconds=max_age), MAX_BACKOFF))
    return now + wait


def backoff(error_count: int, jitter: float) -> timedelta:
    """5 min, 10, 20, 40... at most a day; `jitter` in [0, 1) spreads it by up to 25 %."""
    exponent = min(max(error_count - 1, 0), 20)
    base = min(FIRST_BACKOFF * (1 << exponent), MAX_BACKOFF)
    return min(base * (1 + 0.25 * jitter), MAX_BACKOFF)


def after_failure(
    now: datetime, error_count: int, jitter: float, retry_after: float | None = None
) -> datetime:
    """The next poll of a feed that has now failed `error_count` times in a row."""
    wait = backoff(error_count, jitter)
    if retry_after is not None and retry_after > 0:
        wait = max(wait, min(timedelta(seconds=retry_after), MAX_BACKOFF))
    return now + wait


def is_due(next_poll_at: datetime | None, now: datetime) -> bool:
    return next_poll_at is None or next_poll_at <= now
