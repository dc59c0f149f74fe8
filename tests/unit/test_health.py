"""What `digest status --check` calls a problem, from plain facts and a fixed moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest.health import (
    Facts,
    FeedTrouble,
    JobRun,
    Limits,
    PausedDelivery,
    ago,
    problems,
    when,
)

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
LIMITS = Limits(
    feed_failing_after=timedelta(hours=24), scheduler_silent_after=timedelta(minutes=15)
)
URL = "https://letter.example/feed"


def failing(for_: timedelta, disabled_reason: str | None = None) -> FeedTrouble:
    disabled_at = NOW - for_ if disabled_reason else None
    return FeedTrouble(URL, 3, f"{URL}: HTTP 503", NOW - for_, disabled_at, disabled_reason)


def beat(job: str, ago_: timedelta, error: str | None = None) -> JobRun:
    return JobRun(job, NOW - ago_, "3 feeds polled", error=error)


def test_nothing_known_is_all_well() -> None:
    assert problems(Facts(), LIMITS, NOW) == []


def test_a_feed_failing_briefly_is_no_problem_yet() -> None:
    assert problems(Facts(feeds=[failing(timedelta(hours=23))]), LIMITS, NOW) == []


def test_a_feed_failing_past_the_limit_says_what_and_what_to_do() -> None:
    [line] = problems(Facts(feeds=[failing(timedelta(hours=25))]), LIMITS, NOW)
    assert line.startswith(f"feed {URL} has been failing for 1 day (3 errors in a row)")
    assert "HTTP 503" in line
    assert "`digest feed list`" in line and "`digest feed remove`" in line


def test_a_disabled_feed_is_a_problem_however_recent() -> None:
    gone = failing(timedelta(minutes=5), disabled_reason="HTTP 410")
    [line] = problems(Facts(feeds=[gone]), LIMITS, NOW)
    assert line.startswith(f"feed {URL} is disabled since 2026-11-20 08:55 UTC: HTTP 410")
    assert f"`digest feed enable {URL}`" in line


def test_paused_delivery_is_a_problem() -> None:
    pause = PausedDelivery(NOW - timedelta(hours=1), "cannot reach SMTP server", NOW)
    [line] = problems(Facts(pause=pause), LIMITS, NOW)
    assert line.startswith("delivery is paused since 2026-11-20 08:00 UTC: cannot reach SMTP")
    assert "`digest send --due`" in line


def test_recent_failed_deliveries_point_to_retry() -> None:
    [line] = problems(Facts(failed_deliveries=2), LIMITS, NOW)
    assert line.startswith("2 deliveries failed in the last 7 days to active subscribers")
    assert "`digest retry --failed`" in line
    [one] = problems(Facts(failed_deliveries=1), LIMITS, NOW)
    assert one.startswith("1 delivery failed")


def test_no_heartbeat_at_all_is_an_operator_working_by_hand() -> None:
    assert problems(Facts(jobs=()), LIMITS, NOW) == []


@pytest.mark.parametrize("silent", [timedelta(0), timedelta(minutes=15)])
def test_a_scheduler_within_its_limit_is_well(silent: timedelta) -> None:
    assert problems(Facts(jobs=[beat("poll", silent)]), LIMITS, NOW) == []


def test_each_silent_job_is_a_problem_of_its_own() -> None:
    # delivery workers that still run say nothing of a poller that died
    jobs = [beat("poll", timedelta(hours=2)), beat("deliver", timedelta(minutes=1))]
    [line] = problems(Facts(jobs=jobs), LIMITS, NOW)
    assert line.startswith(
        "the scheduler's poll job has not run for 2 hours (last at 2026-11-20 07:00"
    )
    assert "`digest run`" in line
    jobs.append(beat("compose", timedelta(minutes=40)))
    assert len(problems(Facts(jobs=jobs), LIMITS, NOW)) == 2


def test_a_failed_job_is_a_problem_even_when_recent() -> None:
    jobs = [beat("poll", timedelta(minutes=1), error="database is locked")]
    [line] = problems(Facts(jobs=jobs), LIMITS, NOW)
    assert line.startswith(
        "the scheduler's poll job failed at 2026-11-20 08:59 UTC: database is locked"
    )


def test_problems_come_in_a_stable_order() -> None:
    facts = Facts(
        feeds=[failing(timedelta(days=2))],
        pause=PausedDelivery(NOW, "421 busy", NOW),
        failed_deliveries=1,
        jobs=[beat("poll", timedelta(hours=1), error="boom")],
    )
    found = problems(facts, LIMITS, NOW)
    assert [line.split(" ")[0] for line in found] == ["feed", "delivery", "1", "the", "the"]
    assert "not run for 1 hour " in found[3] and "poll job failed" in found[4]


def test_limits_come_from_the_caller() -> None:
    tight = Limits(feed_failing_after=timedelta(minutes=1))
    assert problems(Facts(feeds=[failing(timedelta(minutes=2))]), tight, NOW)
    patient = Limits(scheduler_silent_after=timedelta(hours=3))
    assert problems(Facts(jobs=[beat("poll", timedelta(hours=2))]), patient, NOW) == []


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=30), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=59), "59 minutes"),
        (timedelta(hours=5, minutes=59), "5 hours"),
        (timedelta(days=3, hours=2), "3 days"),
    ],
)
def test_spans_read_in_their_largest_unit(span: timedelta, text: str) -> None:
    assert ago(span) == text


def test_moments_are_shown_in_utc() -> None:
    from zoneinfo import ZoneInfo

    assert when(NOW.astimezone(ZoneInfo("Europe/Berlin"))) == "2026-11-20 09:00 UTC"
