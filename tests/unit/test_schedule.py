"""When the next digest is due, in the subscriber's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from digest.errors import InvalidValue
from digest.schedule import next_digest_at, parse_hour, parse_timezone, parse_weekday, period_key
from digest.types import Cadence

PARIS = "Europe/Paris"
MON, TUE, THU, FRI, SUN = 0, 1, 3, 4, 6


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cadence", "weekday", "hour", "zone", "after", "expected"),
    [
        # Monday 16 Nov 2026, 08:00 in Paris is 07:00 UTC.
        (Cadence.WEEKLY, MON, 8, PARIS, utc(2026, 11, 16, 6, 59), utc(2026, 11, 16, 7)),
        (Cadence.WEEKLY, MON, 8, PARIS, utc(2026, 11, 16, 7), utc(2026, 11, 23, 7)),
        (Cadence.WEEKLY, THU, 8, PARIS, utc(2026, 11, 16, 7), utc(2026, 11, 19, 7)),
        (Cadence.WEEKLY, SUN, 23, PARIS, utc(2026, 11, 16, 7), utc(2026, 11, 22, 22)),
        (Cadence.DAILY, MON, 8, PARIS, utc(2026, 11, 16, 6), utc(2026, 11, 16, 7)),
        (Cadence.DAILY, MON, 8, PARIS, utc(2026, 11, 16, 7), utc(2026, 11, 17, 7)),
        (Cadence.DAILY, THU, 8, "UTC", utc(2026, 11, 16, 7), utc(2026, 11, 16, 8)),
        # Tokyo is UTC+9: 07:00 local on Tuesday 17 Nov is 22:00 UTC on Monday 16 Nov.
        (Cadence.WEEKLY, TUE, 7, "Asia/Tokyo", utc(2026, 11, 16, 12), utc(2026, 11, 16, 22)),
        # New York is UTC-5 in November: Friday 09:00 local is 14:00 UTC.
        (Cadence.WEEKLY, FRI, 9, "America/New_York", utc(2026, 11, 16, 12), utc(2026, 11, 20, 14)),
        # 23:30 UTC is already 00:30 the next day in Paris: 06:00 that same Paris day.
        (Cadence.DAILY, MON, 6, PARIS, utc(2026, 11, 16, 23, 30), utc(2026, 11, 17, 5)),
        (Cadence.WEEKLY, TUE, 0, PARIS, utc(2026, 11, 16, 23, 30), utc(2026, 11, 23, 23)),
    ],
)
def test_next_digest_at(
    cadence: Cadence, weekday: int, hour: int, zone: str, after: datetime, expected: datetime
) -> None:
    due = next_digest_at(cadence, weekday, hour, zone, after)
    assert due == expected
    assert due is not None and due > after
    local = due.astimezone(ZoneInfo(zone))
    assert (local.hour, local.minute, local.second) == (hour, 0, 0)
    if cadence is Cadence.WEEKLY:
        assert local.weekday() == weekday


def test_instant_has_no_schedule() -> None:
    assert next_digest_at(Cadence.INSTANT, MON, 8, PARIS, utc(2026, 11, 16)) is None


def test_result_keeps_the_zone_of_after() -> None:
    after = datetime(2026, 11, 16, 12, tzinfo=ZoneInfo("Asia/Tokyo"))
    due = next_digest_at(Cadence.DAILY, MON, 9, "America/New_York", after)
    assert due == utc(2026, 11, 16, 14)
    assert due is not None and due.tzinfo is after.tzinfo


@pytest.mark.parametrize("cadence", [Cadence.DAILY, Cadence.WEEKLY])
def test_strictly_after(cadence: Cadence) -> None:
    after = utc(2026, 11, 16, 7)  # exactly Monday 08:00 in Paris
    due = next_digest_at(cadence, MON, 8, PARIS, after)
    step = timedelta(days=1 if cadence is Cadence.DAILY else 7)
    assert due == after + step


def test_daily_across_dst_end_keeps_local_hour() -> None:
    # Paris leaves summer time on Sunday 25 Oct 2026 (03:00 CEST -> 02:00 CET).
    due = next_digest_at(Cadence.DAILY, MON, 8, PARIS, utc(2026, 10, 24, 6))  # Sat 08:00 CEST
    assert due == utc(2026, 10, 25, 7)  # Sun 08:00 CET
    following = next_digest_at(Cadence.DAILY, MON, 8, PARIS, due)
    assert following == utc(2026, 10, 26, 7)
    local = [d.astimezone(ZoneInfo(PARIS)) for d in (due, following) if d is not None]
    assert [d.hour for d in local] == [8, 8]
    assert [d.utcoffset() for d in local] == [timedelta(hours=1)] * 2


def test_weekly_across_dst_end_keeps_local_hour() -> None:
    before = utc(2026, 10, 19, 6)  # Mon 08:00 CEST, UTC+2
    due = next_digest_at(Cadence.WEEKLY, MON, 8, PARIS, before)
    assert due == utc(2026, 10, 26, 7)  # Mon 08:00 CET, UTC+1
    assert due - before == timedelta(days=7, hours=1)


def test_daily_across_dst_start_keeps_local_hour() -> None:
    # Paris enters summer time on Sunday 29 Mar 2026 (02:00 CET -> 03:00 CEST).
    due = next_digest_at(Cadence.DAILY, MON, 8, PARIS, utc(2026, 3, 28, 7))  # Sat 08:00 CET
    assert due == utc(2026, 3, 29, 6)  # Sun 08:00 CEST


@pytest.mark.parametrize(
    ("name", "expected"),
    [("mon", 0), ("Monday", 0), (" SUN ", 6), ("wed", 2), ("Thursday", 3), ("sat", 5)],
)
def test_parse_weekday(name: str, expected: int) -> None:
    assert parse_weekday(name) == expected


@pytest.mark.parametrize("name", ["", "mo", "xyz", "lundi", "7"])
def test_parse_weekday_errors(name: str) -> None:
    with pytest.raises(InvalidValue, match="unknown day"):
        parse_weekday(name)


def test_parse_timezone() -> None:
    assert parse_timezone(PARIS) == ZoneInfo(PARIS)
    assert parse_timezone("UTC") == ZoneInfo("UTC")


@pytest.mark.parametrize(
    "name", ["", "Mars/Base", "Europe/Pariss", "../etc/passwd", "Europe/Paris\x00"]
)
def test_parse_timezone_errors(name: str) -> None:
    with pytest.raises(InvalidValue, match="unknown time zone"):
        parse_timezone(name)


@pytest.mark.parametrize("hour", [0, 8, 23])
def test_parse_hour(hour: int) -> None:
    assert parse_hour(hour) == hour


@pytest.mark.parametrize("hour", [-1, 24, 100])
def test_parse_hour_errors(hour: int) -> None:
    with pytest.raises(InvalidValue, match=f"hour must be from 0 to 23, not {hour}"):
        parse_hour(hour)


def test_next_digest_at_rejects_unknown_zone() -> None:
    with pytest.raises(InvalidValue):
        next_digest_at(Cadence.DAILY, MON, 8, "Nowhere/Land", utc(2026, 11, 16))


@pytest.mark.parametrize(
    ("cadence", "scheduled", "zone", "expected"),
    [
        (Cadence.WEEKLY, utc(2026, 11, 16, 7), PARIS, "weekly:2026-11-16"),
        # 23:30 UTC on the 15th is already the 16th in Paris.
        (Cadence.WEEKLY, utc(2026, 11, 15, 23, 30), PARIS, "weekly:2026-11-16"),
        (Cadence.DAILY, utc(2026, 11, 15, 23, 30), "UTC", "daily:2026-11-15"),
        (Cadence.DAILY, utc(2026, 11, 16, 3), "America/New_York", "daily:2026-11-15"),
    ],
)
def test_period_key(cadence: Cadence, scheduled: datetime, zone: str, expected: str) -> None:
    assert period_key(cadence, scheduled, zone) == expected


@pytest.mark.parametrize("name", ["monkey", "sunburn", "wednesdays", ""])
def test_words_that_merely_start_like_a_day_are_refused(name: str) -> None:
    with pytest.raises(InvalidValue):
        parse_weekday(name)


def test_full_day_names_are_accepted() -> None:
    assert parse_weekday("Wednesday") == 2
