"""Fixtures over real components: SQLite and PostgreSQL, an SMTP server, an HTTP server."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, make_url, text

from digest.cli import main
from digest.db import create_db_engine, upgrade
from digest.mail.capture import Inbox, InboxHandler

SHARED = Path(__file__).resolve().parents[2] / "shared"
POSTGRES_URL = os.environ.get("DIGEST_TEST_POSTGRES_URL")


def pytest_report_header() -> str:
    if POSTGRES_URL:
        return f"PostgreSQL: {make_url(POSTGRES_URL).render_as_string()}"
    return "PostgreSQL: tests skipped (DIGEST_TEST_POSTGRES_URL is not set)"


def pytest_sessionfinish() -> None:
    """End the rate limiter's expiry timers (`limits`' in-memory store arms a 10 ms
    non-daemon `threading.Timer`), which the interpreter waits for at exit. Under `.ci/run`'s
    libfaketime, which shifts the monotonic clock too, the kernel would wait each one out
    for the whole shift; cancelling wakes it at once."""
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def shared_path(*parts: str) -> Path:
    """A file from the shared test data beside the repository, or skip the test."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not present: {path}")
    return path


def browser_environment() -> dict[str, str]:
    """The environment for Chromium: the real clock, even when the tests run on a shifted one.

    `.ci/run` runs tests a second time under libfaketime (LD_PRELOAD), whose faked clock makes
    Chromium's crash handler abort; what the tests check of a page does not depend on the date.
    """
    return {
        k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")
    }


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'digest.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("DIGEST_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    name = f"digest_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db_url(database_url: str) -> str:
    """A database of each kind with the schema in place."""
    engine = create_db_engine(database_url)
    upgrade(engine)
    engine.dispose()
    return database_url


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run the `digest` command line in-process, as a user's shell would."""
    monkeypatch.setenv("DIGEST_SECRET_KEY", "test-secret")
    monkeypatch.delenv("DIGEST_CONFIG", raising=False)

    def invoke(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def digest(
    run: Callable[..., Result], db_url: str, smtp_server: Inbox, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """`digest` on a fresh database of each kind, sending to the test's SMTP server."""
    monkeypatch.setenv("DIGEST_SMTP_URL", smtp_server.url)
    monkeypatch.setenv("DIGEST_FROM", "Digest <digest@letter.example>")

    def invoke(*args: str) -> Result:
        return run("--database", db_url, *args)

    return invoke


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1, in a thread, keeping what it receives."""
    port = free_port()
    inbox = Inbox(url=f"smtp://127.0.0.1:{port}")
    controller = Controller(InboxHandler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass
class Route:
    """What the test server answers on one path.

    `delay` is seconds to wait before answering. With `chunks`, the body is
    written as those separate pieces with no Content-Length of the server's own
    (a route's headers may still claim one), ended by closing the connection.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] | None = None
    delay: float = 0.0
    chunks: tuple[bytes, ...] | None = None


class FeedServer:
    """A real HTTP server on 127.0.0.1 whose routes a test sets and changes.

    It answers 304 to a request whose If-None-Match equals the route's ETag or,
    without one, whose If-Modified-Since equals its Last-Modified. `spans` says
    when each request began and ended (`time.monotonic`), so tests can see which overlapped.
    """

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.spans: list[tuple[str, float, float]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                start = server._enter()
                try:
                    self._answer(server.routes.get(self.path, Route(404, b"not found")))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as timeout and size tests make it
                finally:
                    server._leave(self.path, start)

            def _answer(self, route: Route) -> None:
                time.sleep(route.delay)
                if self._not_modified(route.headers or {}):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for key, value in (route.headers or {}).items():
                    self.send_header(key, value)
                if route.chunks is None:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                for chunk in (route.body,) if route.chunks is None else route.chunks:
                    self.wfile.write(chunk)
                    self.wfile.flush()

            def _not_modified(self, headers: dict[str, str]) -> bool:
                if "If-None-Match" in self.headers:  # it overrides If-Modified-Since
                    return self.headers["If-None-Match"] == headers.get("ETag")
                modified = headers.get("Last-Modified")
                return bool(modified) and self.headers.get("If-Modified-Since") == modified

            def log_message(self, format: str, *args: object) -> None:
                return

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return self.base + path

    def _enter(self) -> float:
        return time.monotonic()

    def _leave(self, path: str, start: float) -> None:
        with self._lock:
            self.spans.append((path, start, time.monotonic()))

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server
