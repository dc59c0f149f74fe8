"""SMTP servers on 127.0.0.1 for tests, well-behaved and not, each in a thread of its own.

- `SmtpdServer`: aiosmtpd (a real SMTP server) with a `ScriptedHandler` that answers MAIL,
  RCPT and DATA as a test says; STARTTLS, implicit TLS and AUTH come from aiosmtpd itself.
- `FaultServer`: a tiny scripted server for what aiosmtpd cannot play: a greeting of 421, a
  server that accepts the connection and never answers, one that answers some command and then
  goes silent, one that drops the connection in the middle of a message.
- `certificates`: a throwaway CA (trustme) and a certificate for 127.0.0.1 signed by it.

Each runs its own event loop in a thread, so it serves a test's `asyncio.run(...)` and the
command line run in-process alike. Both count connections (`connections`, `max_active`) and
keep what they received (`messages`), so a test can say how the pool used them::

    with FaultServer({"RCPT": "452 4.5.3 too many recipients"}) as server:
        settings = parse_smtp_url(server.url, timeout=0.5)
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self, TypeVar

import trustme
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

T = TypeVar("T")
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One message as a server took it, and which connection (numbered from 1) brought it."""

    connection: int
    mail_from: str
    recipients: tuple[str, ...]
    data: bytes


class _LoopThread:
    """An event loop running in a daemon thread, with a way to run coroutines on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)

    def stop(self) -> None:
        async def cancel_the_rest() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        self.run(cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


class _Server:
    """What both servers share: the thread, the listening socket, the counts."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self._tls = tls  # implicit TLS: the connection starts with the handshake
        self._thread: _LoopThread | None = None
        self._server: asyncio.Server | None = None
        self.port = 0
        #: Connections accepted, the most open at once, and those open now.
        self.connections = 0
        self.max_active = 0
        self.active = 0
        self.messages: list[Received] = []
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"smtps://{HOST}:{self.port}" if self._tls else f"smtp://{HOST}:{self.port}"

    def __enter__(self) -> Self:
        self._thread = _LoopThread()
        self._server = self._thread.run(self._listen())
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._thread is not None and self._server is not None
        server = self._server

        async def close() -> None:
            server.close()

        self._thread.run(close())
        self._thread.stop()

    async def _listen(self) -> asyncio.Server:
        raise NotImplementedError

    def _opened(self) -> int:
        with self._lock:
            self.connections += 1
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            return self.connections

    def _closed(self) -> None:
        with self._lock:
            self.active -= 1


# aiosmtpd, scripted


class ScriptedHandler:
    """aiosmtpd handler: accepts everything unless told otherwise.

    `mail`, `rcpt` and `data` are the replies to MAIL FROM, RCPT TO and the message's data:
    a reply string, or a function of the address (for `data`, of the recipients) that returns
    one, or None to accept.
    """

    def __init__(
        self,
        *,
        mail: str | Callable[[str], str | None] | None = None,
        rcpt: str | Callable[[str], str | None] | None = None,
        data: str | Callable[[tuple[str, ...]], str | None] | None = None,
    ) -> None:
        self.mail, self.rcpt, self.data = mail, rcpt, data
        self.server: SmtpdServer | None = None

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        reply = self.mail(address) if callable(self.mail) else self.mail
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        reply = self.rcpt(address) if callable(self.rcpt) else self.rcpt
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        recipients = tuple(envelope.rcpt_tos)
        reply = self.data(recipients) if callable(self.data) else self.data
        if reply:
            return reply
        assert self.server is not None
        number = getattr(server, "connection_number", 0)
        self.server.messages.append(
            Received(number, envelope.mail_from, recipients, bytes(envelope.original_content))
        )
        return "250 2.0.0 queued"


def password_checker(login: str, password: str) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator that knows one login."""

    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data == (
            login.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)

    return authenticate


class SmtpdServer(_Server):
    """aiosmtpd on 127.0.0.1: `tls` for implicit TLS (smtps), `tls_context=` (an aiosmtpd
    option, like `require_starttls`, `auth_required`, `authenticator`) for STARTTLS."""

    def __init__(
        self,
        handler: ScriptedHandler | None = None,
        *,
        tls: ssl.SSLContext | None = None,
        **smtp_options: Any,
    ) -> None:
        super().__init__(tls)
        self.handler = handler or ScriptedHandler()
        self.handler.server = self
        self._options = smtp_options

    async def _listen(self) -> asyncio.Server:
        owner = self

        class Counted(SMTP):  # type: ignore[misc]
            connection_number = 0

            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                if not self.connection_number:  # STARTTLS makes the connection again
                    self.connection_number = owner._opened()
                super().connection_made(transport)

            def connection_lost(self, error: Exception | None) -> None:
                if self.connection_number:
                    owner._closed()
                    self.connection_number = -1
                super().connection_lost(error)

        def factory() -> SMTP:
            return Counted(self.handler, hostname="smtpd.test", **self._options)

        return await asyncio.get_running_loop().create_server(factory, HOST, 0, ssl=self._tls)


# Faults: a scripted server of a few lines


@dataclass(frozen=True)
class Act:
    """What the fault server does: answer `reply` (None: nothing), then close if `close`, or
    read and answer nothing more if `hang` (as when a reply is None)."""

    reply: str | None = None
    close: bool = False
    hang: bool = False


#: Never answer (the connection stays open until the client gives up); close without a word.
SILENT = Act(hang=True)
DROP = Act(close=True)


def then_close(reply: str) -> Act:
    return Act(reply, close=True)


def then_hang(reply: str) -> Act:
    """Answer, then nothing more: after ``then_hang("220 ready")`` to STARTTLS, the TLS
    handshake never happens."""
    return Act(reply, hang=True)


Script = str | Act | Callable[["FaultSession", str], "str | Act"]

DEFAULT_SCRIPT: dict[str, Script] = {
    "greeting": "220 faults.test ESMTP",
    "EHLO": "250-faults.test\n250-PIPELINING\n250 8BITMIME",
    "HELO": "250 faults.test",
    "MAIL": "250 2.1.0 OK",
    "RCPT": "250 2.1.5 OK",
    "DATA": "354 go ahead",
    "body": "250 2.0.0 queued",
    "RSET": "250 2.0.0 OK",
    "NOOP": "250 2.0.0 OK",
    "QUIT": then_close("221 2.0.0 bye"),
}


@dataclass
class FaultSession:
    """One connection's state, passed to a script's functions."""

    number: int
    mail_from: str = ""
    recipients: list[str] = field(default_factory=list)
    #: Messages this connection has delivered so far.
    delivered: int = 0


class FaultServer(_Server):
    """A scripted SMTP server.

    `script` maps a command (MAIL, RCPT, DATA, ...), or "greeting", or "body" (the reply to a
    message's data) to a reply, an `Act` (`SILENT`, `DROP`, `then_close(...)`,
    `then_hang(...)`), or a function of the session and the command's argument returning one.
    A reply of 421 closes the connection after it, as servers do; an unknown command gets 502.
    `commands` logs (connection, line) for every command received.
    """

    def __init__(self, script: dict[str, Script] | None = None) -> None:
        super().__init__()
        self.script = {**DEFAULT_SCRIPT, **(script or {})}
        self.commands: list[tuple[int, str]] = []

    async def _listen(self) -> asyncio.Server:
        return await asyncio.start_server(self._serve, HOST, 0)

    def _act(self, key: str, session: FaultSession, argument: str = "") -> Act:
        entry = self.script.get(key, "502 5.5.2 command not implemented")
        if callable(entry):
            entry = entry(session, argument)
        if isinstance(entry, Act):
            return entry
        return Act(entry, close=entry.startswith("421"))

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = FaultSession(self._opened())
        try:
            act = self._act("greeting", session)
            while await self._do(act, writer):
                line = (await reader.readline()).decode("ascii", "replace").rstrip("\r\n")
                if not line:
                    if reader.at_eof():
                        return
                    continue
                self.commands.append((session.number, line))
                verb, _, argument = line.partition(" ")
                verb = verb.upper()
                act = self._act(verb, session, argument)
                if verb == "MAIL" and _accepted(act):
                    session.mail_from, session.recipients = _address(argument), []
                elif verb == "RCPT" and _accepted(act):
                    session.recipients.append(_address(argument))
                elif verb == "DATA" and act.reply and act.reply.startswith("3"):
                    if not await self._do(act, writer):
                        return
                    act = await self._body(reader, session)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._closed()
            writer.close()

    async def _body(self, reader: asyncio.StreamReader, session: FaultSession) -> Act:
        lines = []
        while (line := await reader.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        act = self._act("body", session)
        if _accepted(act):
            self.messages.append(
                Received(
                    session.number, session.mail_from, tuple(session.recipients), b"".join(lines)
                )
            )
            session.delivered += 1
        session.mail_from, session.recipients = "", []
        return act

    async def _do(self, act: Act, writer: asyncio.StreamWriter) -> bool:
        """Carry out an act; False once the connection is to end."""
        if act.reply is not None:
            writer.write(act.reply.replace("\n", "\r\n").encode() + b"\r\n")
            await writer.drain()
        if act.close:
            return False
        if act.hang or act.reply is None:
            await asyncio.Event().wait()  # silent until the client gives up or the test ends
        return True


def _address(argument: str) -> str:
    """The address of ``FROM:<a@b> SIZE=10`` or ``TO:<a@b>``."""
    return argument.partition(":")[2].split(" ")[0].strip("<>")


def _accepted(act: Act) -> bool:
    return act.reply is not None and act.reply.startswith("2")


# Certificates


@dataclass(frozen=True)
class Certificates:
    """A CA's bundle (`ca_file`) and the server side of TLS for 127.0.0.1, signed by it."""

    ca_file: Path
    server: ssl.SSLContext


def certificates(directory: Path) -> Certificates:
    """A new CA, its bundle written to `directory`, and a server certificate it signed."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST, "localhost").configure_cert(context)
    ca_file = directory / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return Certificates(ca_file, context)
