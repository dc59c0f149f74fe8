"""What a failure means for a message and its address (the pure rules of the outbox)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from digest.mail.retries import (
    Failure,
    bounces_to_suppress,
    is_hard_bounce,
    judge,
    probe_delay,
    retry_delay,
    retry_span,
)
from digest.types import DeliveryStatus

NOW = datetime(2026, 11, 20, 9, tzinfo=UTC)
THREE_DAYS = timedelta(days=3)


def test_the_retry_schedule() -> None:
    waits = [retry_delay(n) for n in range(1, 9)]
    minutes = [int(w.total_seconds() // 60) for w in waits]
    assert minutes == [1, 5, 30, 120, 360, 360, 360, 360]
    assert retry_span(3) == timedelta(minutes=36)


def test_a_deferral_is_queued_again_until_the_age_limit() -> None:
    deferred = Failure(permanent=False, code=451, status="4.2.0")
    verdict = judge(deferred, 1, NOW, THREE_DAYS)
    assert (verdict.status, verdict.next_attempt_at) == (
        DeliveryStatus.QUEUED,
        NOW + timedelta(minutes=1),
    )
    assert not verdict.bounce
    tries = next(n for n in range(1, 100) if judge(deferred, n, NOW, THREE_DAYS).status == "failed")
    assert retry_span(tries - 1) <= THREE_DAYS < retry_span(tries)


@pytest.mark.parametrize(
    ("code", "status", "hard", "unknown"),
    [
        (550, "5.1.1", True, True),
        (550, "5.1.10", True, True),
        (553, "5.1.3", True, False),
        (550, "5.2.1", True, False),
        (552, "5.2.2", False, False),  # a full mailbox is not a bad address
        (554, "5.7.1", False, False),  # policy: spam, not the address
        (550, None, True, False),  # no enhanced status: the basic code says it
        (554, None, False, False),
    ],
)
def test_which_permanent_failures_are_hard_bounces(
    code: int, status: str | None, hard: bool, unknown: bool
) -> None:
    failure = Failure(permanent=True, code=code, status=status)
    verdict = judge(failure, 1, NOW, THREE_DAYS)
    assert verdict.status is DeliveryStatus.FAILED and verdict.next_attempt_at is None
    assert (verdict.bounce, verdict.unknown_user) == (hard, unknown)
    assert is_hard_bounce(Failure(permanent=False, code=code, status=status)) is False


def test_how_many_bounces_suppress_an_address() -> None:
    assert bounces_to_suppress(True, 1, 3) == 1
    assert bounces_to_suppress(False, 1, 3) == 3


def test_a_paused_server_is_probed_ever_less_often_up_to_half_an_hour() -> None:
    minutes = [probe_delay(n).total_seconds() / 60 for n in range(8)]
    assert minutes == [1, 2, 4, 8, 16, 30, 30, 30]
