"""The preference page's form: what a subscriber submitted, checked field by field (pure).

A bad field never loses the others: `read_preferences` returns every problem at
once, keyed by field, together with the values as submitted, so the page shows
them again with the errors beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from digest.errors import InputError, InvalidQuery
from digest.matching.query import parse_query
from digest.schedule import WEEKDAYS, parse_timezone
from digest.types import Cadence

#: Own queries a subscriber may keep: more are refused rather than silently dropped.
MAX_QUERIES = 20


@dataclass(frozen=True)
class Preferences:
    """A subscriber's choices as the page shows and submits them."""

    topics: tuple[str, ...]
    queries: tuple[str, ...]
    cadence: Cadence
    weekday: int
    hour: int
    timezone: str
    send_empty: bool


@dataclass(frozen=True)
class QueryProblem:
    """A query that does not parse: which line of the box, why, and where."""

    line: int
    query: str
    reason: str
    column: int

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason} at column {self.column}"


@dataclass(frozen=True)
class FormResult:
    """The submitted values (as typed), and what is wrong with them, field by field."""

    submitted: Preferences
    errors: dict[str, str] = field(default_factory=dict)
    query_problems: tuple[QueryProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


#: What the form sends: a field's values, as `werkzeug`'s ``MultiDict.getlist`` gives them.
Fields = Callable[[str], Sequence[str]]


def read_preferences(values: Fields, known_topics: Collection[str]) -> FormResult:
    """Check a submitted preference form against the catalog's topic slugs."""
    errors: dict[str, str] = {}
    topics = tuple(dict.fromkeys(values("topics")))
    unknown = [slug for slug in topics if slug not in known_topics]
    if unknown:
        errors["topics"] = f"no such topic: {', '.join(unknown)} (the catalog has changed?)"
        topics = tuple(slug for slug in topics if slug in known_topics)
    queries, problems, query_error = read_queries(first(values, "queries"))
    if query_error:
        errors["queries"] = query_error
    cadence = _choice(values, "cadence", [c.value for c in Cadence], errors, Cadence.WEEKLY)
    weekday = _choice(values, "weekday", WEEKDAYS, errors, WEEKDAYS[0])
    hour = _choice(values, "hour", [str(h) for h in range(24)], errors, "8")
    timezone = first(values, "timezone").strip() or "UTC"
    try:
        parse_timezone(timezone)
    except InputError as exc:
        errors["timezone"] = str(exc)
    submitted = Preferences(
        topics=topics,
        queries=queries,
        cadence=Cadence(cadence),
        weekday=WEEKDAYS.index(weekday),
        hour=int(hour),
        timezone=timezone,
        send_empty=first(values, "send_empty") == "on",
    )
    if not errors and not topics and not queries:
        errors["topics"] = "follow at least one topic or write a query (or unsubscribe instead)"
    return FormResult(submitted, errors, problems)


def read_queries(text: str) -> tuple[tuple[str, ...], tuple[QueryProblem, ...], str | None]:
    """The queries of a text box, one a line: those typed, the ones that do not parse, and
    what is wrong with the box (None when nothing is)."""
    queries = _query_lines(text)
    problems = _query_problems(queries)
    if problems:
        return queries, problems, "; ".join(str(problem) for problem in problems)
    if len(queries) > MAX_QUERIES:
        return queries, (), f"at most {MAX_QUERIES} queries, one per line ({len(queries)} given)"
    return queries, (), None


def first(values: Fields, name: str) -> str:
    """A field's first value, or "" when the form did not send it."""
    found = values(name)
    return found[0] if found else ""


def _query_lines(text: str) -> tuple[str, ...]:
    lines = (line.strip() for line in text.splitlines())
    return tuple(dict.fromkeys(line for line in lines if line))


def _query_problems(queries: Sequence[str]) -> tuple[QueryProblem, ...]:
    problems = []
    for number, query in enumerate(queries, start=1):
        try:
            parse_query(query)
        except InvalidQuery as exc:
            problems.append(QueryProblem(number, query, exc.reason, exc.column))
    return tuple(problems)


def _choice(
    values: Fields, name: str, allowed: Sequence[str], errors: dict[str, str], default: str
) -> str:
    value = first(values, name).strip().lower()
    if value in allowed:
        return value
    errors[name] = f"choose one of {', '.join(allowed)}, not {value!r}"
    return default
