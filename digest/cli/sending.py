"""Commands that render, send and resend digests, and report on the system."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from digest.cli.common import (
    State,
    _since,
    clock_option,
    emit_json,
    emit_table,
    json_option,
    pass_state,
    session_for,
)
from digest.types import DeliveryStatus, SubscriberStatus

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from digest.config import Settings
    from digest.health import Limits
    from digest.mail.deliver import SendReport
    from digest.models import Delivery
    from digest.status import Status as StatusReport

# previews and sends


@click.command("preview")
@click.argument("email")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the HTML part to this file.",
)
@click.option(
    "--open",
    "open_browser",
    is_flag=True,
    help="Open the HTML part in a web browser (written to a temporary file unless --html).",
)
@clock_option
@pass_state
def preview(state: State, email: str, html_file: str | None, open_browser: bool) -> None:
    """Render the next digest without sending or recording anything."""
    from digest import store
    from digest.mail.compose import plan_digest, window_start
    from digest.mail.deliver import render_for
    from digest.mail.render import Period
    from digest.subscriptions import normalise_email

    runtime = state.runtime()
    now = state.now()
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        plan = plan_digest(session, found, runtime.digest_rules, now)
        if not plan.shown and not plan.missed:
            click.echo(f"nothing new for {found.email}: no digest would be sent")
            return
        overflow = len(plan.overflow)
        period = Period(window_start(found, runtime.lookback), now, found.timezone)
        views = [*plan.shown, *plan.missed]
        rendered = render_for(state.settings, found, views, overflow, period=period)
    if open_browser and not html_file:
        html_file = _temporary_html()
    if not html_file:
        click.echo(f"Subject: {rendered.subject}\n\n{rendered.text}")
        return
    Path(html_file).write_text(rendered.html, encoding="utf-8")
    click.echo(f"Subject: {rendered.subject}\nwrote the HTML part to {html_file}")
    if open_browser:
        _open_in_browser(Path(html_file))


def _temporary_html() -> str:
    import os
    import tempfile

    # Kept after the command ends: the browser reads it after `webbrowser.open` returns.
    handle, name = tempfile.mkstemp(prefix="digest-preview-", suffix=".html")
    os.close(handle)
    return name


def _open_in_browser(path: Path) -> None:
    import webbrowser

    # A server without a display has no browser: the path printed above is the way there.
    if not webbrowser.open(path.resolve().as_uri()):
        click.echo(f"digest: no web browser to open here: open {path} yourself", err=True)


#: Sends to more people than this are confirmed first, when someone is at a terminal.
CONFIRM_ABOVE = 10


@click.command("send")
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="EMAIL",
    help="Send to this subscriber (repeatable).",
)
@click.option("--all", "everyone", is_flag=True, help="Send to every active subscriber.")
@click.option("--due", is_flag=True, help="Send to subscribers whose scheduled digest is due.")
@click.option(
    "--topic", metavar="SLUG", help="Send to the active subscribers following this topic."
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    metavar="N",
    help="At most N recipients (the first by subscriber id; the named ones in order).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be sent, record nothing.")
@click.option(
    "--yes",
    is_flag=True,
    help=f"Do not ask before sending to more than {CONFIRM_ABOVE} subscribers.",
)
@clock_option
@json_option
@pass_state
def send(
    state: State,
    recipients: tuple[str, ...],
    everyone: bool,
    due: bool,
    topic: str | None,
    limit: int | None,
    dry_run: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """Queue digests and deliver them over SMTP (and retry what is waiting).

    At a terminal, a send to more than 10 subscribers asks first (not with --yes). Without
    a terminal (cron, a script) it never asks, and sends: nobody is there to answer.
    With --due, what else waits in the outbox is sent too, unless --limit chose whom.
    """
    if sum([bool(recipients), everyone, due, topic is not None]) != 1:
        raise click.UsageError("say whom to send to: --to EMAIL, --all, --due or --topic SLUG")
    choice = _Choice(recipients, due, topic, limit)  # with none of them: --all
    if dry_run:
        _dry_run(state, choice, as_json)
        return
    now = state.now()
    with session_for(state) as session:
        target_ids = choice.target_ids(session, now)
    # Asked with no transaction open: a person may take their time to answer.
    _confirm(len(target_ids), yes)
    # A scheduled run also sends what waits in the outbox (retries, digests left queued),
    # unless --limit chose whom it reaches.
    drain_ids = None if due and limit is None else target_ids
    report = _send(state, target_ids, now, drain_ids, scheduled=due, as_json=as_json)
    _exit_for(report)


class _Choice:
    """Whom a send is for, as the options said."""

    def __init__(
        self, recipients: Sequence[str], due: bool, topic: str | None, limit: int | None
    ) -> None:
        self.recipients, self.due, self.topic, self.limit = recipients, due, topic, limit

    def target_ids(self, session: Session, now: datetime) -> list[int]:
        """Their ids: those named, in the order named, or the rest in id order (so that
        --limit takes the same ones every time)."""
        from digest import store
        from digest.subscriptions import normalise_email

        if self.recipients:
            chosen = [
                store.subscriber_by_email(session, normalise_email(r)).id for r in self.recipients
            ]
        elif self.due:
            chosen = store.due_subscriber_ids(session, now)
        elif self.topic is not None:
            topic_id = store.topic_by_slug(session, self.topic).id
            chosen = store.subscriber_ids(
                session, status=SubscriberStatus.ACTIVE, topic_id=topic_id
            )
        else:
            chosen = store.subscriber_ids(session, status=SubscriberStatus.ACTIVE)
        return chosen if self.limit is None else chosen[: self.limit]


def _on_terminal() -> bool:
    import sys

    return sys.stdin.isatty() and sys.stdout.isatty()


def _confirm(count: int, yes: bool) -> None:
    """Ask before a large send, if a person is there to answer; a script is never asked,
    so that cron and pipelines never hang on a question."""
    if yes or count <= CONFIRM_ABOVE or not _on_terminal():
        return
    if not click.confirm(f"Send digests to {count:,} subscribers?", default=False):
        click.echo("nothing sent", err=True)
        raise SystemExit(1)


@contextmanager
def _progress(label: str, total: int, unit: str, quiet: bool, line: int = 0) -> Iterator[Any]:
    """A progress bar on stderr (on its `line` of two) with rate and ETA, for a person at a
    terminal; none when stderr is piped or logged (its carriage returns would litter the
    file), or for --json. Yields the `tqdm` bar."""
    import sys

    from tqdm import tqdm

    disable = quiet or not sys.stderr.isatty()
    with tqdm(
        total=total, desc=label, unit=unit, file=sys.stderr, disable=disable, position=line
    ) as bar:
        yield bar


def _send(
    state: State,
    target_ids: list[int],
    now: datetime,
    drain_ids: list[int] | None,
    *,
    scheduled: bool,
    as_json: bool,
) -> SendReport:
    """Compose the targets' digests and send them as they are composed; then whatever else
    is due in the outbox (of `drain_ids` only, if given). Each line is printed as it is
    known, so that memory does not grow with the audience (--json prints one document)."""
    import asyncio

    from digest import store
    from digest.mail import Queued, SendOutcome, send_digests

    runtime = state.runtime()
    lines = _SendLines(as_json)
    with session_for(state) as session:
        waiting = store.sendable_count(session, state.now(), drain_ids)
    with (
        _progress("composing", len(target_ids), "digest", as_json) as composing,
        _progress("sending", waiting, "email", as_json, line=1) as sending,
    ):

        def queued(done: Sequence[Queued]) -> None:
            lines.queued(done)
            composing.update(len(done))
            sending.total += sum(q.delivery_id is not None for q in done)
            sending.refresh()

        def heard(outcome: SendOutcome) -> None:
            lines.outcome(outcome)
            sending.update()

        report = asyncio.run(
            send_digests(
                runtime.sessions,
                runtime.mailer(),
                state.settings,
                runtime.now,
                runtime.digest_rules,
                target_ids,
                now,
                scheduled=scheduled,
                drain_ids=drain_ids,
                handle_signals=True,
                on_queued=queued,
                on_outcome=heard,
                keep_outcomes=as_json,
            )
        )
    lines.finish(report)
    return report


class _SendLines:
    """What a send prints: a line per subscriber who gets nothing (and why) and per delivery
    tried, as each is known; with --json, one document at the end."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.notes: list[Any] = []  # for --json only
        self.printed = False

    def queued(self, done: Sequence[Any]) -> None:
        if self.as_json:
            self.notes += done
            return
        for q in done:
            if q.delivery_id is None and q.note != "queued":  # queued: its delivery is told
                self.printed = True
                click.echo(f"{q.email}: {q.note}")

    def outcome(self, o: Any) -> None:
        if self.as_json:
            return
        self.printed = True
        detail = f": {o.error}" if o.error else ""
        click.echo(
            f"{o.to}: {o.status} (delivery {o.delivery_id}, {o.sections} sections){detail}",
            err=bool(o.error),
        )

    def finish(self, report: SendReport) -> None:
        if self.as_json:
            _report_send(self.notes, report, as_json=True)
        elif not self.printed and report.pause is None:
            click.echo(
                "nobody to send to: no active subscriber is due, named or following the topic"
            )


def _dry_run(state: State, choice: _Choice, as_json: bool) -> None:
    """What a send would queue, for every target, with the same decisions; nothing is
    written (each chunk's transaction is rolled back)."""
    from digest.mail.sending import plan_sends

    runtime, now = state.runtime(), state.now()
    with session_for(state) as session:
        target_ids = choice.target_ids(session, now)
    with _progress("planning", len(target_ids), "digest", as_json) as bar:

        def heard(done: Sequence[Any]) -> None:
            bar.update(len(done))

        planned = plan_sends(
            runtime.sessions,
            target_ids,
            now,
            runtime.digest_rules,
            scheduled=choice.due,
            on_planned=heard,
        )
    if as_json:
        emit_json([p.as_json() for p in planned])
        return
    rows = [[p.email, p.sections, p.note] for p in planned]
    emit_table(["TO", "SECTIONS", "NOTE"], rows, "nobody to send to")
    if planned:
        digests = sum(p.note.startswith("would queue") for p in planned)
        click.echo(f"dry run: {digests} of {len(planned)} would get mail; nothing was recorded")


def _exit_for(report: SendReport) -> None:
    """Exit 1 when a message was not sent or delivery is paused (the reason is on stderr);
    a run stopped by a signal has finished cleanly."""
    if report.pause is not None:
        click.echo(f"digest: {report.pause.describe()}", err=True)
    if report.released and report.stopped == "deadline":
        click.echo(
            f"digest: send_deadline reached: {report.released} deliveries left queued", err=True
        )
    failed = any(n for status, n in report.counts.items() if status is not DeliveryStatus.SENT)
    if report.pause is not None or failed:
        raise SystemExit(1)


def _report_send(queued: Sequence[Any], report: SendReport, as_json: bool) -> None:
    outcomes = report.outcomes
    if as_json:
        emit_json(
            {
                "queued": [
                    {"to": q.email, "delivery": q.delivery_id, "note": q.note} for q in queued
                ],
                "deliveries": [
                    {
                        "id": o.delivery_id,
                        "to": o.to,
                        "status": str(o.status),
                        "sections": o.sections,
                        "error": o.error,
                    }
                    for o in outcomes
                ],
                "paused": report.pause.describe() if report.pause else None,
                "left_queued": report.released,
            }
        )
        return
    if not queued and not outcomes and report.pause is None:
        click.echo("nobody to send to: no active subscriber is due, named or following the topic")
        return
    sent_to = {o.to for o in outcomes}
    for q in queued:
        if q.delivery_id is None and q.email not in sent_to:
            click.echo(f"{q.email}: {q.note}")
    for o in outcomes:
        detail = f": {o.error}" if o.error else ""
        click.echo(
            f"{o.to}: {o.status} (delivery {o.delivery_id}, {o.sections} sections){detail}",
            err=bool(o.error),
        )


@click.command("outbox")
@click.option("--status", type=click.Choice([s.value for s in DeliveryStatus]))
@click.option("--to", "email", metavar="EMAIL", help="Only this subscriber's deliveries.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@json_option
@pass_state
def outbox(state: State, status: str | None, email: str | None, limit: int, as_json: bool) -> None:
    """The delivery queue, newest first."""
    from digest import store
    from digest.subscriptions import normalise_email

    with session_for(state) as session:
        subscriber_id = None
        if email is not None:
            subscriber_id = store.subscriber_by_email(session, normalise_email(email)).id
        views = store.deliveries(session, status=status, limit=limit, subscriber_id=subscriber_id)
    if as_json:
        emit_json([v.as_json() for v in views])
        return
    emit_table(
        ["ID", "TO", "KIND", "STATUS", "ATTEMPTS", "SECTIONS", "SENT", "ERROR"],
        [
            [
                v.id,
                v.to,
                v.kind,
                v.status,
                v.attempts,
                v.sections,
                v.sent_at.isoformat(timespec="minutes") if v.sent_at else "",
                v.last_error or "",
            ]
            for v in views
        ],
        "the outbox is empty",
    )


@click.command("resend")
@click.argument("delivery_id", type=int)
@clock_option
@pass_state
def resend(state: State, delivery_id: int) -> None:
    """Send a delivery again (a failed one, or one that was sent)."""
    import asyncio

    from digest import store
    from digest.mail.deliver import send_due

    runtime = state.runtime()
    with session_for(state) as session:
        found: Delivery = store.delivery(session, delivery_id)
        found.status = DeliveryStatus.QUEUED
        found.next_attempt_at = None
        found.attempts = 0
        found.lease_owner = found.lease_expires_at = None
        subscriber_id = found.subscriber_id
    report = asyncio.run(
        send_due(
            runtime.sessions,
            runtime.mailer(),
            state.settings,
            runtime.now,
            subscriber_ids=[subscriber_id],
            handle_signals=True,
        )
    )
    _report_send([], report, as_json=False)
    _exit_for(report)


@click.command("retry")
@click.option("--failed", is_flag=True, required=True, help="Queue every failed delivery again.")
@click.option("--since", help="Only those queued since: 4w, 10d, 12h or a date.")
@clock_option
@pass_state
def retry(state: State, failed: bool, since: str | None) -> None:
    """Queue failed deliveries again, after an outage (bounced addresses excepted)."""
    from digest.mail.outbox import requeue_failed

    ids = requeue_failed(state.runtime().sessions, _since(since, state.now()))
    click.echo(
        f"{len(ids)} failed deliveries queued again: `digest send --due` sends them"
        if ids
        else "no failed delivery to queue again"
    )


@click.command("status")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1, naming each problem on stderr, when something needs a person.",
)
@clock_option
@json_option
@pass_state
def status(state: State, check: bool, as_json: bool) -> None:
    """Counts, last poll, the queue, the scheduler, failing feeds.

    With --check, only what needs a person: one line per problem on stderr and exit
    status 1, or "all well" and 0 (for a monitor or cron). With --json, the status
    object gains "ok" (true or false) and "problems" (the same lines).
    """
    from digest.health import problems
    from digest.status import collect_status

    now = state.now()
    with session_for(state) as session:
        found = collect_status(session, now)
    trouble = problems(found.facts, _limits(state.settings), now) if check else []
    if as_json:
        report = found.as_json()
        emit_json((report | {"ok": not trouble, "problems": trouble}) if check else report)
    elif not check:
        _print_status(found)
    if check:
        _report_health(trouble, quiet=as_json)


def _limits(settings: Settings) -> Limits:
    from datetime import timedelta

    from digest.health import Limits

    return Limits(
        feed_failing_after=timedelta(seconds=settings.alert_feed_failing_after),
        scheduler_silent_after=timedelta(seconds=settings.alert_scheduler_silent_after),
    )


def _report_health(trouble: Sequence[str], *, quiet: bool) -> None:
    for line in trouble:
        click.echo(f"digest: {line}", err=True)
    if trouble:
        raise SystemExit(1)
    if not quiet:  # --json said it already, and stdout holds one document
        click.echo("all well")


def _print_status(found: StatusReport) -> None:
    from digest.health import when

    for key, value in found.counts.items():
        if isinstance(value, dict):  # by status: "2 active, 1 pending"
            value = ", ".join(f"{n} {status}" for status, n in value.items()) or "none"
        click.echo(f"{key:>16}: {value}")
    click.echo(f"{'due now':>16}: {found.due_now}")
    if not found.facts.jobs:
        click.echo(f"{'scheduler':>16}: never ran")
    for job in found.facts.jobs:
        failed = f" (failed: {job.error})" if job.error else ""
        click.echo(f"{'job ' + job.job:>16}: {when(job.ran_at)}: {job.summary}{failed}")
    paused = found.facts.pause
    if paused is not None:
        click.echo(
            f"delivery paused since {paused.since.isoformat()}: {paused.reason}"
            f" (next try at {paused.next_try.isoformat()})"
        )
    for feed in found.facts.feeds:
        if feed.error_count > 0:
            click.echo(f"failing feed: {feed.url} ({feed.error_count} errors): {feed.last_error}")


@click.command("demo")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default="digest-demo",
    show_default=True,
    help="Where to put the database and the received emails.",
)
@pass_state
def demo_command(state: State, directory: str) -> None:
    """The whole pipeline on a bundled sample feed, SQLite and a local SMTP capture."""
    from digest.cli.demo import run_demo

    run_demo(Path(directory), echo=click.echo)
