"""The subscriber list as CSV, in and out (pure): `subscriber import` and `subscriber export`.

A header row names the columns, in any order; only `email` is required::

    email       the address, checked and normalised as `subscriber add` does
    name        how they are greeted (may be empty)
    status      active, pending, unsubscribed or bounced
    cadence     weekly, daily or instant
    weekday     mon..sun (or the full name): the day of a weekly digest
    hour        0-23, in their time zone
    timezone    an IANA name such as Europe/Paris
    topics      catalog topic slugs, separated by spaces, commas or semicolons
    queries     their own queries, one per line of the cell (a quoted cell may hold line
                breaks), as on the preference page: no character of the query language can
                separate queries, since `|` means OR and `;` and `,` are words' punctuation
    send_empty  true or false: a short note when nothing matched

An empty cell says nothing, and a missing column is the same as an empty cell in every row:
a new subscriber gets the default, an updated one keeps what they had. The exceptions are
`name`, `topics` and `queries`, whose empty value is a value: in a column the file has, an
empty cell means no name, no topics, no queries.

Each row is checked on its own, and every problem with it is given with the row's line in
the file (the header is line 1; a cell with line breaks spans several lines), so one bad row
never hides the others, nor stops them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import IO, Any

from digest.errors import InputError, InvalidQuery, InvalidValue
from digest.matching.query import parse_query
from digest.schedule import WEEKDAYS, parse_hour, parse_timezone, parse_weekday
from digest.text import normalise_email, normalise_name
from digest.types import Cadence, SubscriberStatus

COLUMNS = (
    "email",
    "name",
    "status",
    "cadence",
    "weekday",
    "hour",
    "timezone",
    "topics",
    "queries",
    "send_empty",
)
_TOPIC_SEPARATORS = re.compile(r"[\s,;]+")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})


@dataclass(frozen=True)
class SubscriberRecord:
    """One subscriber as a row gives them; None where the row says nothing.

    `line` is where the row starts in the file it was read from (0 for one read from the
    database, for export).
    """

    email: str
    name: str | None = None
    status: SubscriberStatus | None = None
    cadence: Cadence | None = None
    weekday: int | None = None
    hour: int | None = None
    timezone: str | None = None
    topics: tuple[str, ...] | None = None
    queries: tuple[str, ...] | None = None
    send_empty: bool | None = None
    line: int = 0


@dataclass(frozen=True)
class RowProblem:
    """A row refused: its line, its address if it had a readable one, and why."""

    line: int
    email: str | None
    reason: str

    def __str__(self) -> str:
        quoted = self.email is None or repr(self.email) in self.reason  # a refused address
        shown = "" if quoted else f" {self.email}:"
        return f"line {self.line}:{shown} {self.reason}"

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "email": self.email, "reason": self.reason}


@dataclass(frozen=True)
class SubscriberFile:
    """What a CSV file holds: the columns its header named, its good rows, its bad ones."""

    columns: tuple[str, ...]
    records: tuple[SubscriberRecord, ...]
    problems: tuple[RowProblem, ...]


def decode(data: bytes, source: str) -> str:
    """The text of a CSV file: UTF-8, with or without the byte-order mark spreadsheets add."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidValue(
            f"{source} is not UTF-8 text (line {line}): save it as CSV UTF-8"
        ) from None


def read_subscribers(text: str, known_topics: Collection[str]) -> SubscriberFile:
    """Read and check every row; raise `InvalidValue` only for a missing or bad header."""
    rows = _rows(text)
    _, header = next(rows, (1, []))
    if isinstance(header, str):
        raise InvalidValue(f"line 1, the header: {header}")
    if not any(cell.strip() for cell in header):
        raise InvalidValue("no header row: the first line must name the columns, such as email")
    columns = _columns(header)
    records: list[SubscriberRecord] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}  # each address's first row, to name duplicates
    for line, row in rows:
        if isinstance(row, str):
            problems.append(RowProblem(line, None, row))
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        found = _record(line, columns, row, known_topics)
        if isinstance(found, RowProblem):
            problems.append(found)
        elif found.email in first_line:
            reason = f"a duplicate of line {first_line[found.email]}: the same address"
            problems.append(RowProblem(line, found.email, reason))
        else:
            first_line[found.email] = line
            records.append(found)
    return SubscriberFile(columns, tuple(records), tuple(problems))


def _rows(text: str) -> Iterator[tuple[int, list[str] | str]]:
    """Each record with the line it starts on; a malformed one as the reason it is."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # the reader carries on at the next line
            yield start, f"malformed CSV: {exc}"
            continue
        yield start, row


def _columns(cells: Sequence[str]) -> tuple[str, ...]:
    columns = tuple(cell.strip().lower() for cell in cells)
    if "" in columns:
        raise InvalidValue(f"column {columns.index('') + 1} has no name in the header")
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise InvalidValue(
            f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}"
            f" in the header: the columns are {', '.join(COLUMNS)}"
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise InvalidValue(f"the header names {', '.join(map(repr, repeated))} more than once")
    if "email" not in columns:
        raise InvalidValue("the header has no email column")
    return columns


def _record(
    line: int, columns: Sequence[str], row: Sequence[str], known_topics: Collection[str]
) -> SubscriberRecord | RowProblem:
    """The row's subscriber, or what is wrong with it (every problem, not just the first)."""
    cells = dict(zip(columns, row, strict=False))  # a short row: its last cells are empty
    email_cell = cells.get("email", "").strip()
    reasons = []
    if len(row) > len(columns):
        reasons.append(f"{len(row)} cells, but the header names {len(columns)} columns")
    values: dict[str, Any] = {}
    for column in columns:
        try:
            values[column] = _read_cell(column, cells.get(column, ""), known_topics)
        except InputError as exc:
            reasons.append(str(exc))
    email = values.get("email")
    shown = email if isinstance(email, str) else email_cell or None
    if reasons:
        return RowProblem(line, shown, "; ".join(reasons))
    return SubscriberRecord(line=line, **values)


def _read_cell(column: str, cell: str, known_topics: Collection[str]) -> object:
    """A cell's value; None for an empty one where empty is no value of its own."""
    if column == "topics":
        return _topics(cell, known_topics)
    if column in ("name", "queries"):
        return _READERS[column](cell)
    if not cell.strip():
        if column == "email":
            raise InvalidValue("no email address")
        return None
    return _READERS[column](cell.strip())


def _topics(cell: str, known_topics: Collection[str]) -> tuple[str, ...]:
    slugs = tuple(dict.fromkeys(s for s in _TOPIC_SEPARATORS.split(cell.strip().lower()) if s))
    unknown = [slug for slug in slugs if slug not in known_topics]
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        raise InvalidValue(
            f"unknown topic{plural} {', '.join(map(repr, unknown))}: see `digest topic list`"
        )
    return slugs


def _queries(cell: str) -> tuple[str, ...]:
    queries = tuple(dict.fromkeys(q.strip() for q in cell.splitlines() if q.strip()))
    for query in queries:
        try:
            parse_query(query)
        except InvalidQuery as exc:
            raise InvalidQuery(f"query {query!r}: {exc.reason}", query, exc.column) from None
    return queries


def _choice(kind: type[Cadence] | type[SubscriberStatus], column: str) -> Callable[[str], object]:
    allowed = [member.value for member in kind]

    def read(cell: str) -> object:
        value = cell.lower()
        if value not in allowed:
            raise InvalidValue(f"{column} {cell!r}: use one of {', '.join(allowed)}")
        return kind(value)

    return read


def _hour(cell: str) -> int:
    if not cell.isdigit():
        raise InvalidValue(f"hour must be a whole number from 0 to 23, not {cell!r}")
    return parse_hour(int(cell))


def _timezone(cell: str) -> str:
    parse_timezone(cell)
    return cell


def _flag(cell: str) -> bool:
    value = cell.lower()
    if value not in _TRUE | _FALSE:
        raise InvalidValue(f"send_empty {cell!r}: use true or false")
    return value in _TRUE


_READERS: dict[str, Callable[[str], object]] = {
    "email": normalise_email,
    "name": normalise_name,
    "status": _choice(SubscriberStatus, "status"),
    "cadence": _choice(Cadence, "cadence"),
    "weekday": parse_weekday,
    "hour": _hour,
    "timezone": _timezone,
    "queries": _queries,
    "send_empty": _flag,
}


# Export


def write_subscribers(records: Iterable[SubscriberRecord], out: IO[str]) -> int:
    """Write the header and one row per subscriber, as `read_subscribers` reads them back;
    return how many rows were written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow(_cells(record))
        count += 1
    return count


def _cells(record: SubscriberRecord) -> list[str]:
    values = {f.name: getattr(record, f.name) for f in fields(record)}
    weekday = record.weekday
    values["weekday"] = None if weekday is None else WEEKDAYS[weekday]
    values["topics"] = " ".join(record.topics or ())
    # One query per line. White space inside a query, a line break too, only separates
    # words in the query language, so it is written as one space without changing the query.
    values["queries"] = "\n".join(" ".join(q.split()) for q in record.queries or ())
    if record.send_empty is not None:
        values["send_empty"] = "true" if record.send_empty else "false"
    return ["" if values[c] is None else str(values[c]) for c in COLUMNS]
