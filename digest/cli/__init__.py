"""The `digest` command line: thin commands that call the use cases.

Exit status: 0 done, 1 operational failure, 2 bad usage or bad input.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import click
import sqlalchemy.exc

from digest import __version__
from digest.cli import audience, feeds, sending, serve
from digest.cli.common import State
from digest.config import load_settings
from digest.errors import DigestError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


cli.add_command(feeds.db)
cli.add_command(feeds.feed)
cli.add_command(feeds.poll_command)
cli.add_command(feeds.section)
cli.add_command(audience.topic)
cli.add_command(audience.subscriber)
cli.add_command(audience.match_command)
cli.add_command(sending.preview)
cli.add_command(sending.send)
cli.add_command(sending.outbox)
cli.add_command(sending.resend)
cli.add_command(sending.status)
cli.add_command(sending.demo_command)
cli.add_command(serve.serve_command)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: maps errors to exit statuses and one-line messages."""
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
    except sqlalchemy.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        click.echo(f"digest: error: database: {reason}", err=True)
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:
        if os.environ.get("DIGEST_DEBUG"):
            raise
        click.echo(
            f"digest: internal error: {exc!r} (set DIGEST_DEBUG=1 to see where; please report it)",
            err=True,
        )
        return 1
    return 0
