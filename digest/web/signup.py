"""The sign-up form and the pause field: what a visitor submitted, checked (pure).

As on the preference page, a bad field never loses the others: every problem is
returned at once, with the values as typed, so the page shows them again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from digest.errors import InputError, InvalidValue
from digest.schedule import parse_timezone
from digest.text import normalise_email
from digest.web.preferences import Fields, QueryProblem, first, read_queries

#: The field a person never sees (it is hidden) and a simple bot fills in.
HONEYPOT = "website"

#: How far ahead a pause may reach.
MAX_PAUSE = timedelta(days=366)


@dataclass(frozen=True)
class TopicChoice:
    """A catalog topic as the sign-up form offers it."""

    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class SignUp:
    """The sign-up form as typed."""

    email: str
    topics: tuple[str, ...]
    queries: tuple[str, ...]


@dataclass(frozen=True)
class SignUpResult:
    submitted: SignUp
    #: The address in the one form we store, when it is valid.
    address: str | None
    errors: dict[str, str] = field(default_factory=dict)
    query_problems: tuple[QueryProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def is_bot(values: Fields) -> bool:
    """True when the hidden field was filled in: no person sees it to type into it."""
    return bool(first(values, HONEYPOT).strip())


def read_sign_up(values: Fields, known_topics: Collection[str]) -> SignUpResult:
    """Check a submitted sign-up form against the catalog's topic slugs."""
    errors: dict[str, str] = {}
    email = first(values, "email").strip()
    address = None
    try:
        address = normalise_email(email) if email else None
    except InputError as exc:
        errors["email"] = str(exc)
    if not email:
        errors["email"] = "type the address the digests should go to"
    # Unknown slugs are dropped silently: the embedded form may list a topic since removed.
    topics = tuple(slug for slug in dict.fromkeys(values("topics")) if slug in known_topics)
    queries, problems, query_error = read_queries(first(values, "queries"))
    if query_error:
        errors["queries"] = query_error
    elif not topics and not queries:
        errors["topics"] = "choose at least one topic, or write a query of your own"
    return SignUpResult(SignUp(email, topics, queries), address, errors, problems)


def prefilled(values: Fields, known_topics: Collection[str]) -> SignUp:
    """What a link or an embedded form (a GET) chose before the page was shown."""
    topics = tuple(slug for slug in dict.fromkeys(values("topics")) if slug in known_topics)
    return SignUp(first(values, "email").strip()[:320], topics, ())


def read_pause(text: str, timezone: str, now: datetime) -> datetime:
    """The moment a pause chosen as a date (``2027-01-04``) ends: that day's start in the
    subscriber's time zone. It must be a day after today there, within a year."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue("choose the day your emails should start again") from None
    zone = parse_timezone(timezone)
    today = now.astimezone(zone).date()
    if day <= today:
        raise InvalidValue("choose a day after today")
    if day > today + MAX_PAUSE:
        raise InvalidValue(f"choose a day within {MAX_PAUSE.days} days")
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(now.tzinfo)
