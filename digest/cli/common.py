"""What the command modules share: the state the root group leaves, options, output helpers."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from digest.config import Settings
from digest.errors import InvalidValue

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from digest.runtime import Runtime
    from digest.types import Reason, SectionView

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What the group's options leave for the commands: settings, and a runtime on demand."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.now_override: datetime | None = None
        self._runtime: Runtime | None = None

    def runtime(self) -> Runtime:
        """The database, fetcher, mailer and clock, opened on first use (`--help` opens none)."""
        if self._runtime is None:
            self._runtime = self._open_runtime()
        return self._runtime

    def _open_runtime(self) -> Runtime:
        from digest.runtime import Runtime, system_clock

        fixed = self.now_override
        runtime = Runtime.open(self.settings, clock=(lambda: fixed) if fixed else system_clock)
        gc.enable()  # start-up is over (see `digest.cli.main`): the work makes garbage
        return runtime

    def now(self) -> datetime:
        return self.runtime().now()

    def close(self) -> None:
        if self._runtime is not None:
            self._runtime.close()


pass_state = click.make_pass_decorator(State)


def _parse_now(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date and time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def clock_option(command: F) -> F:
    """`--now ISO8601`: run as if it were that moment (for tests and replays)."""

    def store_now(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
        moment = _parse_now(ctx, param, value)
        if moment is not None:
            ctx.ensure_object(State).now_override = moment

    return click.option(
        "--now",
        callback=store_now,
        expose_value=False,
        is_eager=False,
        help="Act as if it were this moment (ISO 8601; UTC if no offset).",
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(command)


def input_name(file: IO[bytes]) -> str:
    """How to name a `click.File` argument in a message: its path, or - for standard input."""
    name = getattr(file, "name", "<stdin>")
    return "-" if name == "<stdin>" else str(name)


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def emit_json_array(items: Iterable[object], batch: int = 500) -> None:
    """A JSON array written `batch` items at a time, one item a line: a long listing
    is never held whole in memory, and each item is encoded by `json`'s C encoder (with
    an indent, `json` formats in Python, at several times the cost)."""
    written = 0
    pending: list[str] = []
    for item in items:
        pending.append(("[\n  " if not written else ",\n  ") + _ENCODER.encode(item))
        written += 1
        if len(pending) >= batch:
            click.echo("".join(pending), nl=False)
            pending.clear()
    click.echo("".join(pending) + ("\n]" if written else "[]"))


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str) -> None:
    if not rows:
        click.echo(empty)
        return
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


@contextmanager
def session_for(state: State) -> Iterator[Session]:
    from digest.db import transaction

    with transaction(state.runtime().sessions) as session:
        yield session


def _since(value: str | None, now: datetime) -> datetime | None:
    """``4w``, ``10d``, ``12h`` ago, or an ISO date."""
    if value is None:
        return None
    units = {"w": "weeks", "d": "days", "h": "hours"}
    if value[:-1].isdigit() and value[-1:] in units:
        return now - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"--since {value!r}: use 4w, 10d, 12h or an ISO date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _why(reason: Reason) -> str:
    """``Robotics: robot (robots; title, text)``: the topic, its words, the section's, where."""
    found = ", ".join(w for w in reason.found if w not in reason.words)
    details = "; ".join(part for part in (found, ", ".join(reason.fields)) if part)
    return f"{reason.label}: {', '.join(reason.words)}" + (f" ({details})" if details else "")


def _print_sections(views: Sequence[SectionView], as_json: bool, empty: str) -> None:
    if as_json:
        emit_json([v.as_json() for v in views])
        return
    rows = []
    for v in views:
        why = "; ".join(_why(r) for r in v.reasons)
        rows.append(
            [
                v.id,
                v.published_at.date(),
                v.feed[:24],
                v.title[:70],
                "" if v.score is None else f"{v.score:.2f}",
                why,
            ]
        )
    headers = ["ID", "DATE", "FEED", "TITLE", "SCORE", "WHY"]
    if all(v.score is None for v in views):
        headers, rows = headers[:4], [r[:4] for r in rows]
    emit_table(headers, rows, empty)
