"""The poll schedule: intervals, server hints, back-off with jitter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest.ingest import polling

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("max_age", "expected"),
    [(None, HOUR), (60, HOUR), (7200, 2 * HOUR), (10**9, timedelta(days=1)), (0, HOUR)],
)
def test_a_healthy_feed_waits_the_interval_or_its_max_age(
    max_age: float | None, expected: timedelta
) -> None:
    assert polling.after_success(NOW, HOUR, max_age) == NOW + expected


@pytest.mark.parametrize(
    ("failures", "minutes"), [(1, 5), (2, 10), (3, 20), (5, 80), (9, 1280), (10, 1440), (50, 1440)]
)
def test_failures_back_off_exponentially_up_to_a_day(failures: int, minutes: int) -> None:
    assert polling.backoff(failures, jitter=0.0) == timedelta(minutes=minutes)


def test_jitter_spreads_the_back_off_but_never_past_a_day() -> None:
    assert polling.backoff(1, jitter=0.99) == timedelta(minutes=5) * 1.2475
    assert polling.backoff(30, jitter=0.99) == timedelta(days=1)


def test_retry_after_is_a_floor() -> None:
    assert polling.after_failure(NOW, 1, 0.0, retry_after=7200) == NOW + 2 * HOUR
    assert polling.after_failure(NOW, 1, 0.0, retry_after=10) == NOW + timedelta(minutes=5)
    assert polling.after_failure(NOW, 1, 0.0, retry_after=10**9) == NOW + timedelta(days=1)


def test_is_due() -> None:
    assert polling.is_due(None, NOW)
    assert polling.is_due(NOW, NOW)
    assert not polling.is_due(NOW + timedelta(seconds=1), NOW)
