"""When a subscriber's next digest is due, in their own time zone (pure)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import InvalidValue
from digest.types import Cadence

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weekday(name: str) -> int:
    """``mon``..``sun`` (or the full name) -> 0..6."""
    key = name.strip().lower()
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if key in full:
        key = key[:3]
    if key not in WEEKDAYS:
        raise InvalidValue(f"unknown day {name!r}: use one of {', '.join(WEEKDAYS)}")
    return WEEKDAYS.index(key)


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Paris"
        ) from None


def parse_hour(hour: int) -> int:
    if not 0 <= hour <= 23:
        raise InvalidValue(f"hour must be from 0 to 23, not {hour}")
    return hour


def next_digest_at(
    cadence: Cadence, weekday: int, hour: int, timezone: str, after: datetime
) -> datetime | None:
    """The first scheduled moment strictly after `after`; None for instant delivery."""
    if cadence is Cadence.INSTANT:
        return None
    zone = parse_timezone(timezone)
    today = after.astimezone(zone).date()
    step = 7 if cadence is Cadence.WEEKLY else 1
    offset = (weekday - today.weekday()) % 7 if cadence is Cadence.WEEKLY else 0
    day = today + timedelta(days=offset)
    while True:
        # Combining a local date with a wall-clock hour keeps 08:00 at 08:00 across DST.
        moment = datetime.combine(day, time(hour), tzinfo=zone)
        if moment > after:
            return moment.astimezone(after.tzinfo)
        day += timedelta(days=step)


def period_key(cadence: Cadence, scheduled_for: datetime, timezone: str) -> str:
    """Names the digest period, so a second scheduler finds the delivery already made."""
    local = scheduled_for.astimezone(parse_timezone(timezone))
    return f"{cadence}:{local.date().isoformat()}"
