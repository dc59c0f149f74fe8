"""`digest serve`: the subscriber pages, on waitress (a production WSGI server); `digest
embed`: the sign-up form an operator pastes into their site."""

from __future__ import annotations

import click

from digest.cli.common import State, pass_state
from digest.errors import OperationalError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Requests at once."
)
@pass_state
def serve_command(state: State, host: str, port: int, threads: int) -> None:
    """The subscriber pages the emails link to: topics and cadence, unsubscribe,
    confirmation, each digest in the browser, and sign-up at /subscribe.

    Put it behind the public address in DIGEST_BASE_URL (a reverse proxy that
    terminates TLS); the links in emails are made from that address.
    """
    from waitress import create_server

    from digest.web import create_app

    app = create_app(state.runtime())
    try:
        server = create_server(app, host=host, port=port, threads=threads, ident="digest")
    except OSError as exc:
        raise OperationalError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    click.echo(
        f"serving the subscriber pages on http://{host}:{port}/"
        f" (emails link to {state.settings.base_url}); Ctrl-C stops"
    )
    server.run()  # until Ctrl-C, which waitress takes as the signal to close


@click.command("embed")
@click.option("--topics/--no-topics", default=True, show_default=True, help="A box per topic.")
@pass_state
def embed_command(state: State, topics: bool) -> None:
    """Print an HTML sign-up form to paste into your own site.

    It sends visitors to the sign-up page at DIGEST_BASE_URL with the address (and
    topics) they chose, where they confirm their choice; style it with your site's CSS
    (its class is `digest-signup`).
    """
    from digest.db import transaction
    from digest.web.embed import embed_snippet
    from digest.web.selfservice import catalog

    choices = []
    if topics:
        with transaction(state.runtime().sessions) as session:
            choices = catalog(session)
    click.echo(embed_snippet(state.settings.base_url, state.settings.site_name, choices), nl=False)
