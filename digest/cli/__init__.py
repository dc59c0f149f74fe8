"""The `digest` command line: thin commands that call the use cases.

Exit status: 0 done, 1 operational failure, 2 bad usage or bad input.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Sequence

import click

from digest import __version__
from digest.cli.common import State
from digest.config import load_settings
from digest.errors import DigestError

__all__ = ["cli", "console", "main"]

# Each command's module is imported only when that command runs (or `--help` lists it), so a
# command starts with what it needs and no more.
COMMANDS = {
    "db": "digest.cli.feeds:db",
    "feed": "digest.cli.feeds:feed",
    "poll": "digest.cli.feeds:poll_command",
    "section": "digest.cli.feeds:section",
    "topic": "digest.cli.audience:topic",
    "subscriber": "digest.cli.audience:subscriber",
    "match": "digest.cli.audience:match_command",
    "preview": "digest.cli.sending:preview",
    "send": "digest.cli.sending:send",
    "outbox": "digest.cli.sending:outbox",
    "resend": "digest.cli.sending:resend",
    "retry": "digest.cli.sending:retry",
    "status": "digest.cli.sending:status",
    "demo": "digest.cli.sending:demo_command",
    "serve": "digest.cli.serve:serve_command",
    "embed": "digest.cli.serve:embed_command",
    "run": "digest.cli.run:run_command",
}


class LazyGroup(click.Group):
    """A group whose commands are named in `COMMANDS` and loaded on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        module, _, name = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command), COMMANDS[cmd_name]
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(dir_okay=False), help="A TOML settings file.")
@click.option("--database", help="Database URL (overrides DIGEST_DATABASE_URL).")
@click.version_option(__version__, prog_name="digest")
@click.pass_context
def cli(ctx: click.Context, config: str | None, database: str | None) -> None:
    """Split newsletters into stories and email each subscriber the ones they follow."""
    settings = load_settings(config, os.environ, database_url=database)
    state = ctx.ensure_object(State)
    state.settings = settings
    ctx.call_on_close(state.close)


def console() -> None:
    """The `digest` executable: `main`, then exit."""
    code = main()
    # The process is ending: a last cycle collection over every object it made would only
    # delay the exit (by a tenth of a second after a database command).
    gc.freeze()
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: maps errors to exit statuses and one-line messages."""
    # Starting a command imports its modules and maps the tables: objects that live as long as
    # the process, which the cyclic collector would scan over and over for nothing. It is off
    # until the command has its runtime (`State.runtime`), and back on when the command ends.
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="digest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except DigestError as exc:
        click.echo(f"digest: error: {exc}", err=True)
        return exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:
        reason = _database_failure(exc)
        if reason is not None:
            click.echo(f"digest: error: database: {reason}", err=True)
            return 1
        if os.environ.get("DIGEST_DEBUG"):
            raise
        click.echo(
            f"digest: internal error: {exc!r} (set DIGEST_DEBUG=1 to see where; please report it)",
            err=True,
        )
        return 1
    return 0


def _database_failure(exc: Exception) -> str | None:
    """The first line of a database's own complaint, or None for any other error."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")  # loaded by any command that got this far
    if sqlalchemy_exc is None or not isinstance(exc, sqlalchemy_exc.OperationalError):
        return None
    return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
