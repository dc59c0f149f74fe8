"""Commands that render, send and resend digests, and report on the system."""

from __future__ import annotations

from collections.abc import Sequence
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

    from digest.mail.deliver import SendReport
    from digest.models import Delivery, Subscriber

# previews and sends


@click.command("preview")
@click.argument("email")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the HTML part to this file.",
)
@clock_option
@pass_state
def preview(state: State, email: str, html_file: str | None) -> None:
    """Render the next digest without sending or recording anything."""
    from digest import store
    from digest.mail.compose import plan_digest
    from digest.mail.deliver import render_for
    from digest.subscriptions import normalise_email

    runtime = state.runtime()
    with session_for(state) as session:
        found = store.subscriber_by_email(session, normalise_email(email))
        plan = plan_digest(session, found, runtime.digest_rules, state.now())
        if not plan.shown:
            click.echo(f"nothing new for {found.email}: no digest would be sent")
            return
        overflow = len(plan.overflow)
        rendered = render_for(state.settings, found, plan.shown, overflow)
    if html_file:
        Path(html_file).write_text(rendered.html, encoding="utf-8")
        click.echo(f"Subject: {rendered.subject}\nwrote the HTML part to {html_file}")
    else:
        click.echo(f"Subject: {rendered.subject}\n\n{rendered.text}")


@click.command("send")
@click.option("--to", "recipients", multiple=True, help="Send to this subscriber (repeatable).")
@click.option("--all", "everyone", is_flag=True, help="Send to every active subscriber.")
@click.option("--due", is_flag=True, help="Send to subscribers whose scheduled digest is due.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent, record nothing.")
@clock_option
@json_option
@pass_state
def send(
    state: State,
    recipients: tuple[str, ...],
    everyone: bool,
    due: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Queue digests and deliver them over SMTP (and retry what is waiting)."""
    import asyncio

    from digest.mail.compose import plan_digest
    from digest.mail.deliver import send_due
    from digest.mail.sending import queue_digests

    if sum([bool(recipients), everyone, due]) != 1:
        raise click.UsageError("say whom to send to: --to EMAIL, --all or --due")
    runtime, now = state.runtime(), state.now()
    with session_for(state) as session:
        targets = _send_targets(session, recipients, everyone, due, now)
        if dry_run:
            plans = [
                (s.email, len(plan_digest(session, s, runtime.digest_rules, now).shown))
                for s in targets
            ]
            emit_table(["TO", "SECTIONS"], plans, "nobody to send to")
            session.rollback()
            return
        target_ids = [s.id for s in targets]
    queued = queue_digests(runtime.sessions, target_ids, now, runtime.digest_rules, scheduled=due)
    report = asyncio.run(
        send_due(
            runtime.sessions,
            runtime.mailer(),
            state.settings,
            runtime.now,
            # A scheduled run also sends what waits in the outbox: retries, last digests.
            subscriber_ids=None if due else [q.subscriber_id for q in queued],
            handle_signals=True,
        )
    )
    _report_send(queued, report, as_json)
    _exit_for(report)


def _exit_for(report: SendReport) -> None:
    """Exit 1 when a message was not sent or delivery is paused (the reason is on stderr);
    a run stopped by a signal has finished cleanly."""
    if report.pause is not None:
        click.echo(f"digest: {report.pause.describe()}", err=True)
    if report.released and report.stopped == "deadline":
        click.echo(
            f"digest: send_deadline reached: {report.released} deliveries left queued", err=True
        )
    if report.pause is not None or any(
        o.status is not DeliveryStatus.SENT for o in report.outcomes
    ):
        raise SystemExit(1)


def _send_targets(
    session: Session, recipients: Sequence[str], everyone: bool, due: bool, now: datetime
) -> list[Subscriber]:
    from digest import store
    from digest.subscriptions import normalise_email

    if recipients:
        return [store.subscriber_by_email(session, normalise_email(r)) for r in recipients]
    if due:
        return store.due_subscribers(session, now)
    return store.subscribers(session, status=SubscriberStatus.ACTIVE)


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
        click.echo("nobody to send to: no active subscriber is due or named")
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
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@json_option
@pass_state
def outbox(state: State, status: str | None, limit: int, as_json: bool) -> None:
    """The delivery queue, newest first."""
    from digest import store

    with session_for(state) as session:
        views = store.deliveries(session, status=status, limit=limit)
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
@json_option
@pass_state
def status(state: State, as_json: bool) -> None:
    """Counts, last poll, the queue and failing feeds."""
    from digest.status import collect_status

    with session_for(state) as session:
        report = collect_status(session)
    if as_json:
        emit_json(report)
        return
    for key, value in report.items():
        if key not in ("failing_feeds", "delivery_paused"):
            click.echo(f"{key:>16}: {value}")
    paused = report["delivery_paused"]
    if isinstance(paused, dict):
        click.echo(
            f"delivery paused since {paused['since']}: {paused['reason']}"
            f" (next try at {paused['next_try']})"
        )
    for failing in report["failing_feeds"]:  # type: ignore[attr-defined]
        click.echo(
            f"failing feed: {failing['url']} ({failing['error_count']} errors):"
            f" {failing['last_error']}"
        )


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
