"""`digest run`: the scheduler, for as long as it runs or for one tick."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from digest.cli.common import State, clock_option, pass_state

if TYPE_CHECKING:
    from digest.scheduler.jobs import Roles


@click.command("run")
@click.option("--once", is_flag=True, help="One tick of everything due, then exit (for cron).")
@click.option("--worker", is_flag=True, help="Deliver only: drain the outbox, poll nothing.")
@click.option(
    "--no-worker", is_flag=True, help="Poll and compose only: leave delivery to `run --worker`."
)
@click.option(
    "--metrics-port", type=click.IntRange(1, 65535), help="Serve /metrics and /healthz here."
)
@click.option(
    "--metrics-host", default="127.0.0.1", show_default=True, help="Bind the metrics here."
)
@click.option(
    "--log-format", type=click.Choice(["plain", "json"]), default="plain", show_default=True
)
@click.option("--verbose", "-v", is_flag=True, help="Also log job runs that found nothing due.")
@clock_option
@pass_state
def run_command(
    state: State,
    once: bool,
    worker: bool,
    no_worker: bool,
    metrics_port: int | None,
    metrics_host: str,
    log_format: str,
    verbose: bool,
) -> None:
    """Poll feeds, queue instant notifications and due digests, and deliver, on schedule.

    Everything that is due lives in the database, so a restart loses nothing, a run
    after downtime catches up in one go, and two schedulers started by mistake send
    nothing twice. SIGTERM or SIGINT stops it once running jobs have finished.
    """
    from digest.scheduler.jobs import Jobs, Roles
    from digest.scheduler.logs import configure, log_report

    if worker and no_worker:
        raise click.UsageError("--worker and --no-worker exclude each other")
    if state.now_override is not None and not once:
        raise click.UsageError("--now is for --once: a running scheduler follows the clock")
    roles = Roles.choose(worker=worker, no_worker=no_worker)
    configure(log_format, verbose=verbose)
    runtime = state.runtime()
    if once:
        jobs = Jobs(runtime, on_report=log_report, sends=roles.deliver)
        reports = jobs.tick(roles.jobs)
        if any(r.error for r in reports):
            raise SystemExit(1)
        return
    _serve(state, roles, metrics_port, metrics_host)


def _serve(state: State, roles: Roles, metrics_port: int | None, metrics_host: str) -> None:
    from digest.scheduler.jobs import JobReport, Jobs
    from digest.scheduler.logs import log_report
    from digest.scheduler.service import Service

    runtime = state.runtime()
    observers = [log_report]
    server = None
    if metrics_port is not None:
        from digest.scheduler.metrics import Health, Metrics, serve_metrics

        metrics = Metrics(runtime.sessions)
        health = Health(roles.jobs, runtime.settings.tick_seconds)
        observers += [metrics.observe, health.observe]
        try:
            server = serve_metrics(metrics, health, metrics_host, metrics_port)
        except OSError as exc:
            raise click.ClickException(
                f"cannot serve metrics on {metrics_host}:{metrics_port}: {exc.strerror}"
            ) from None

    def observe(report: JobReport) -> None:
        for observer in observers:
            observer(report)

    jobs = Jobs(runtime, on_report=observe, sends=roles.deliver)
    try:
        Service(jobs, roles, runtime.settings.tick_seconds).serve()
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
