"""What a failed send means for the message, its recipient and the run (pure).

Only a recipient's own answer counts against a message: a 4xx on RCPT or DATA is retried on a
schedule until the message is too old, a 5xx fails it at once, and a permanent failure of the
address itself (RFC 3463 5.1.x, 5.2.1...) is a hard bounce counted against the subscriber. A
server-wide failure charges no message: the run pauses, and a later run probes the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from digest.types import DeliveryStatus

#: After the first deferral, then the second..., then every six hours until `max_age`.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
#: How long a paused delivery waits before probing the server again: doubling, at most this.
FIRST_PROBE = timedelta(minutes=1)
LAST_PROBE = timedelta(minutes=30)

#: Enhanced statuses that say the address itself is bad, and of those, "there is no such user".
_BAD_ADDRESS = ("5.1.", "5.2.1")
_UNKNOWN_USER = ("5.1.1", "5.1.10")
#: Basic codes that, on RCPT and without an enhanced status, say the same.
_BAD_ADDRESS_CODES = (550, 551, 553)


@dataclass(frozen=True)
class Failure:
    """A recipient's answer to one message, as the SMTP edge reported it."""

    permanent: bool
    code: int | None = None
    status: str | None = None


@dataclass(frozen=True)
class Verdict:
    """What becomes of a message after a failure, and whether it bounces its address."""

    status: DeliveryStatus
    next_attempt_at: datetime | None
    bounce: bool = False
    unknown_user: bool = False


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try (1-based)."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def retry_span(attempts: int) -> timedelta:
    """How long the schedule has waited in all, once `attempts` tries have failed."""
    return sum((retry_delay(n) for n in range(1, attempts + 1)), timedelta())


def judge(failure: Failure, attempts: int, now: datetime, max_age: timedelta) -> Verdict:
    """After the `attempts`-th try (1-based): a permanent answer fails the message; a
    temporary one queues it again, unless the schedule would then have waited past `max_age`
    (measured in the schedule's own time, so a message that waited out a pause is not
    charged for it)."""
    if failure.permanent:
        bounce = is_hard_bounce(failure)
        return Verdict(DeliveryStatus.FAILED, None, bounce, bounce and is_unknown_user(failure))
    if retry_span(attempts) > max_age:
        return Verdict(DeliveryStatus.FAILED, None)
    return Verdict(DeliveryStatus.QUEUED, now + retry_delay(attempts))


def is_hard_bounce(failure: Failure) -> bool:
    """A permanent failure of the address itself, not of this message or of policy."""
    if not failure.permanent:
        return False
    if failure.status:
        return failure.status.startswith(_BAD_ADDRESS)
    return failure.code in _BAD_ADDRESS_CODES


def is_unknown_user(failure: Failure) -> bool:
    return failure.status in _UNKNOWN_USER


def bounces_to_suppress(unknown_user: bool, limit_unknown_user: int, limit: int) -> int:
    """How many hard bounces in a row suppress an address, for this kind of bounce."""
    return limit_unknown_user if unknown_user else limit


def probe_delay(probes: int) -> timedelta:
    """The wait before probing a paused server again, after `probes` failed probes."""
    return min(FIRST_PROBE * (1 << min(max(probes, 0), 10)), LAST_PROBE)
