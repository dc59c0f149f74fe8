"""Hand messages to an SMTP server with aiosmtplib (I/O edge).

`SmtpMailer` is a pool of up to `SmtpSettings.connections` connections, opened when a message
needs one and each reused for many messages; `send` may be called from many tasks at once,
each waiting for a free connection, and a shared rate limit spaces the messages out. Every
failure leaves as a `DeliveryError` whose meaning (the server's problem or this recipient's,
permanent or not) is decided by the pure `digest.mail.replies`; this module only says at which
stage of the conversation it came, and with which reply or trouble.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
from aiolimiter import AsyncLimiter

from digest.errors import ConfigError, DeliveryError
from digest.mail import replies
from digest.mail.message import OutgoingMessage, wire_form

if TYPE_CHECKING:
    from digest.config import Settings

TLS_MODES = ("none", "starttls", "opportunistic", "ssl")
UNVERIFIED_WARNING = (
    "digest: warning: smtp_tls_verify = false: the SMTP server's certificate is not checked"
)
#: Login methods in the order we use them: one attempt, so a wrong password fails once.
_AUTH_METHODS = ("plain", "login", "cram-md5")
_E = TypeVar("_E", bound=BaseException)


class Mailer(Protocol):
    """Sends messages; raises `DeliveryError` when the server will not take one."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def send(self, message: OutgoingMessage) -> None: ...


@dataclass(frozen=True)
class SmtpSettings:
    """Everything the SMTP edge needs; `smtp_settings` builds it from the settings."""

    host: str
    port: int
    #: none, starttls (required), opportunistic (when offered), ssl (implicit TLS).
    tls: str = "opportunistic"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    #: Seconds for each command's reply; to connect (and for the greeting); for the reply
    #: to a message's data.
    timeout: float = 60.0
    connect_timeout: float = 15.0
    data_timeout: float = 120.0
    connections: int = 4
    #: Messages a second and a minute across the pool; 0 is no limit.
    rate_per_second: float = 0.0
    rate_per_minute: int = 0
    ca_file: str = ""
    tls_verify: bool = True
    allow_insecure_auth: bool = False

    def __post_init__(self) -> None:
        if self.tls not in TLS_MODES:
            raise ConfigError(
                f"DIGEST_SMTP_URL: tls must be one of {', '.join(TLS_MODES)}, not {self.tls!r}"
            )
        if self.username is not None and self.tls == "none" and not self.allow_insecure_auth:
            raise ConfigError(
                "refusing to send the SMTP password without TLS: use ?tls=starttls or"
                " smtps://, or set smtp_allow_insecure_auth = true"
            )
        if self.connections < 1:
            raise ConfigError(f"smtp_connections must be 1 or more, not {self.connections}")
        if self.rate_per_second < 0 or self.rate_per_minute < 0:
            raise ConfigError("smtp_rate_per_second and smtp_rate_per_minute must be 0 or more")

    @property
    def server(self) -> str:
        """``host:port``, as messages name the server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


@dataclass(frozen=True)
class _Url:
    host: str
    port: int
    tls: str
    username: str | None
    password: str | None = field(repr=False)


def _parse_url(url: str) -> _Url:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(f"DIGEST_SMTP_URL must look like smtp://host:port, not {url!r}")
    default = "ssl" if parts.scheme == "smtps" else "opportunistic"
    tls = parse_qs(parts.query).get("tls", [default])[0]
    if tls not in TLS_MODES:
        raise ConfigError(
            f"DIGEST_SMTP_URL: tls must be one of {', '.join(TLS_MODES)}, not {tls!r}"
        )
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ConfigError(f"DIGEST_SMTP_URL has an invalid port: {url!r}")
    return _Url(
        host=parts.hostname,
        port=port or {"ssl": 465, "starttls": 587}.get(tls, 25),
        tls=tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def parse_smtp_url(url: str, timeout: float | None = None) -> SmtpSettings:
    """``smtp://user:pass@host:587?tls=starttls``; ``smtps://`` means implicit TLS.

    `tls` is none, starttls, opportunistic (the default for ``smtp://``) or ssl. Given a
    `timeout`, every wait uses it; without one, the defaults of `SmtpSettings`.
    """
    u = _parse_url(url)
    settings = SmtpSettings(u.host, u.port, u.tls, u.username, u.password)
    if timeout is None:
        return settings
    return replace(settings, timeout=timeout, connect_timeout=timeout, data_timeout=timeout)


def smtp_settings(settings: Settings) -> SmtpSettings:
    """The SMTP edge's settings from `smtp_url` and the ``smtp_*`` settings.

    Raises `ConfigError` for a bad URL, a password that would go without TLS, or an
    `smtp_ca_file` that cannot be read.
    """
    u = _parse_url(settings.smtp_url)
    smtp = SmtpSettings(
        u.host,
        u.port,
        u.tls,
        u.username,
        u.password,
        timeout=settings.smtp_timeout,
        connect_timeout=settings.smtp_connect_timeout,
        data_timeout=settings.smtp_data_timeout,
        connections=settings.smtp_connections,
        rate_per_second=settings.smtp_rate_per_second,
        rate_per_minute=settings.smtp_rate_per_minute,
        ca_file=settings.smtp_ca_file,
        tls_verify=settings.smtp_tls_verify,
        allow_insecure_auth=settings.smtp_allow_insecure_auth,
    )
    if smtp.ca_file:
        tls_context(smtp)  # a missing or broken bundle is found now, not at the first send
    return smtp


def tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    """The context every TLS connection of a mailer uses: the system's CAs, or
    `ca_file`'s; no verification at all when `tls_verify` is off."""
    path = settings.ca_file
    try:
        context = ssl.create_default_context(cafile=path or None)
    except ssl.SSLError as exc:
        raise ConfigError(f"smtp_ca_file {path} holds no usable certificate: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read smtp_ca_file {path}: {exc.strerror}") from None
    if not settings.tls_verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _stderr(text: str) -> None:
    sys.stderr.write(text + "\n")


class _Stale(Exception):
    """A reused connection turned out dropped before the message began: try a fresh one."""

    def __init__(self, error: DeliveryError) -> None:
        super().__init__(str(error))
        self.error = error


class _Connection:
    """One slot of the pool: a client while connected, None before and after."""

    def __init__(self) -> None:
        self.client: aiosmtplib.SMTP | None = None
        #: Messages begun on this connection since it was opened.
        self.used = 0

    @property
    def open(self) -> bool:
        return self.client is not None and self.client.is_connected

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        self.client = None


@dataclass
class _Pool:
    """What belongs to one event loop: the slots, the free ones, the rate limiters."""

    loop: asyncio.AbstractEventLoop
    slots: list[_Connection]
    free: asyncio.LifoQueue[_Connection]
    limiters: list[AsyncLimiter]


class SmtpMailer:
    """A pool of SMTP connections implementing `Mailer`.

    Up to `settings.connections` connections, each opened (greeting, EHLO, TLS, login) when a
    message needs it and kept for the next; after a refusal the connection is RSET and kept,
    after a timeout or a drop it is closed and the next message opens a new one. A connection
    found dropped as a message begins on it is replaced once, silently: nothing of that
    message had been sent. Leaving the ``async with`` QUITs every connection. The rate limit
    spaces the start of messages (MAIL FROM) across the pool. `warn` receives the one warning
    a mailer may give (`UNVERIFIED_WARNING`, at its first TLS handshake).
    """

    def __init__(self, settings: SmtpSettings, *, warn: Callable[[str], None] = _stderr) -> None:
        self.settings = settings
        self._warn = warn
        self._warned = False
        self._context = tls_context(settings) if settings.tls != "none" else None
        self._pool: _Pool | None = None
        self._local_hostname: str | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings, *, warn: Callable[[str], None] = _stderr
    ) -> SmtpMailer:
        return cls(smtp_settings(settings), warn=warn)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """QUIT every open connection (closing it quietly if QUIT fails)."""
        pool, self._pool = self._pool, None
        if pool is None or pool.loop is not asyncio.get_running_loop():
            return
        await asyncio.gather(*(self._quit(slot) for slot in pool.slots))

    async def _quit(self, slot: _Connection) -> None:
        client, slot.client = slot.client, None
        if client is None or not client.is_connected:
            return
        try:
            await client.quit(timeout=self.settings.timeout)
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            pass
        finally:
            client.close()

    def _current_pool(self) -> _Pool:
        loop = asyncio.get_running_loop()
        if self._pool is None or self._pool.loop is not loop:
            s = self.settings
            slots = [_Connection() for _ in range(s.connections)]
            free: asyncio.LifoQueue[_Connection] = asyncio.LifoQueue()
            for slot in reversed(slots):
                free.put_nowait(slot)
            limiters = []
            # One message per period each: spaced out, never a burst past the limit.
            if s.rate_per_second > 0:
                limiters.append(AsyncLimiter(1, 1 / s.rate_per_second))
            if s.rate_per_minute > 0:
                limiters.append(AsyncLimiter(1, 60 / s.rate_per_minute))
            self._pool = _Pool(loop, slots, free, limiters)
        return self._pool

    async def send(self, message: OutgoingMessage) -> None:
        pool = self._current_pool()
        slot = await pool.free.get()
        try:
            await self._send_on(slot, message, pool)
        except DeliveryError:
            raise
        except BaseException:  # cancelled mid-conversation: the connection's state is unknown
            slot.close()
            raise
        finally:
            pool.free.put_nowait(slot)

    async def _send_on(self, slot: _Connection, message: OutgoingMessage, pool: _Pool) -> None:
        for attempt in (1, 2):
            if not slot.open:
                slot.close()
                slot.client = await self._connect()
                slot.used = 0
            reused = slot.used > 0
            slot.used += 1
            if attempt == 1:
                for limiter in pool.limiters:
                    await limiter.acquire()
            assert slot.client is not None
            try:
                await self._transaction(slot.client, message)
            except _Stale as stale:
                slot.close()
                if not reused or attempt == 2:
                    raise stale.error from None
            else:
                return

    # The conversation: each step names its stage, and every failure is classified there.

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            use_tls=s.tls == "ssl",
            start_tls=False,
            tls_context=self._context,
            local_hostname=await self._hostname(),
            timeout=s.timeout,
        )
        stage = "connect"
        try:
            if s.tls == "ssl":
                self._warn_unverified()
            async with asyncio.timeout(s.connect_timeout):
                await client.connect()
            stage = "ehlo"
            await self._hello(client)
            secure = s.tls == "ssl"
            if s.tls in ("starttls", "opportunistic") and client.supports_extension("starttls"):
                stage = "starttls"
                self._warn_unverified()
                await client.starttls(timeout=s.timeout)
                stage = "ehlo"
                await self._hello(client)
                secure = True
            elif s.tls == "starttls":
                raise replies.server_failure(
                    f"SMTP server {s.server} does not offer STARTTLS, which tls=starttls requires"
                )
            if s.username is not None:
                stage = "auth"
                await self._login(client, s.username, secure)
        except BaseException as exc:
            client.close()
            if isinstance(exc, DeliveryError) or not _expected(exc):
                raise
            raise self._failure(exc, stage) from None
        return client

    async def _hello(self, client: aiosmtplib.SMTP) -> None:
        try:
            await client.ehlo(timeout=self.settings.timeout)
        except aiosmtplib.SMTPHeloError as exc:
            if exc.code not in (500, 502) or not client.is_connected:
                raise
            await client.helo(timeout=self.settings.timeout)  # a server from before ESMTP

    async def _login(self, client: aiosmtplib.SMTP, username: str, secure: bool) -> None:
        s = self.settings
        if not secure and not s.allow_insecure_auth:
            raise replies.server_failure(
                f"SMTP server {s.server} does not offer STARTTLS: refusing to send the SMTP"
                " password without TLS (use smtps://, or set smtp_allow_insecure_auth = true)"
            )
        if not client.supports_extension("auth"):
            raise replies.server_failure(
                f"SMTP server {s.server} does not offer AUTH, but smtp_url has a login for"
                f" {username}"
            )
        methods = {
            "plain": client.auth_plain,
            "login": client.auth_login,
            "cram-md5": client.auth_crammd5,
        }
        offered = [name for name in _AUTH_METHODS if name in client.server_auth_methods]
        if not offered:
            raise replies.server_failure(
                f"SMTP server {s.server} offers no login method digest can use"
                f" ({', '.join(client.server_auth_methods) or 'none'}; digest knows"
                f" {', '.join(_AUTH_METHODS)})"
            )
        try:
            await methods[offered[0]](username, s.password or "", timeout=s.timeout)
        except aiosmtplib.SMTPAuthenticationError as exc:
            if exc.code == 421:
                raise
            raise replies.login_refused(s.server, username, exc.code, exc.message) from None

    async def _transaction(self, client: aiosmtplib.SMTP, message: OutgoingMessage) -> None:
        s = self.settings
        options, encoding = self._international(client, message)
        stage = "mail"
        try:
            await client.mail(message.sender, options=options, encoding=encoding, timeout=s.timeout)
            stage = "rcpt"
            await client.rcpt(message.recipient, encoding=encoding, timeout=s.timeout)
            stage = "data"
            reply = await client.execute_command(b"DATA", timeout=s.timeout)
            if reply.code != 354:
                raise aiosmtplib.SMTPDataError(reply.code, reply.message)
            stage = "body"
            reply = await self._body(client, message)
            if reply.code // 100 != 2:
                raise aiosmtplib.SMTPDataError(reply.code, reply.message)
        except BaseException as exc:
            if not _expected(exc):
                client.close()
                raise
            error = self._failure(exc, stage, message)
            answered = isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code > 0
            if (answered and error.code != 421) or isinstance(exc, ValueError):
                await self._reset(client)
            else:  # closing (421), no answer, or a late one: the conversation is out of step
                client.close()
            dropped = isinstance(exc, ConnectionError) or error.code == 421
            if stage == "mail" and dropped and not isinstance(exc, TimeoutError):
                raise _Stale(error) from None
            raise error from None

    def _international(
        self, client: aiosmtplib.SMTP, message: OutgoingMessage
    ) -> tuple[list[str], str]:
        """MAIL FROM's options and the addresses' encoding: SMTPUTF8 (and 8BITMIME, for the
        UTF-8 headers) for a mailbox name that is not ASCII, which a server without
        SMTPUTF8 cannot take at all: that message fails for good, and only that one."""
        if not message.smtputf8:
            return [], "ascii"
        if not client.supports_extension("smtputf8"):
            raise replies.needs_smtputf8(self.settings.server, message.recipient)
        eight_bit = ["BODY=8BITMIME"] if client.supports_extension("8bitmime") else []
        return ["SMTPUTF8", *eight_bit], "utf-8"

    async def _body(
        self, client: aiosmtplib.SMTP, message: OutgoingMessage
    ) -> aiosmtplib.SMTPResponse:
        """The message's bytes, dot-stuffed, and the server's reply within `data_timeout`."""
        protocol = client.protocol
        if protocol is None:
            raise aiosmtplib.SMTPServerDisconnected("Connection lost")
        protocol.write(message.wire or wire_form(message.data))
        return await protocol.read_response(timeout=self.settings.data_timeout)

    async def _reset(self, client: aiosmtplib.SMTP) -> None:
        """RSET after a refusal, so the connection serves the next message; else close it."""
        if not client.is_connected:
            return
        try:
            await client.rset(timeout=self.settings.timeout)
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            client.close()

    async def _hostname(self) -> str:
        """The name we give in EHLO: this machine's, looked up once per mailer."""
        if self._local_hostname is None:
            try:
                name = await asyncio.wait_for(
                    asyncio.to_thread(socket.getfqdn), self.settings.connect_timeout
                )
            except TimeoutError:
                name = ""
            usable = name.isascii() and name.strip() and not any(c.isspace() for c in name)
            self._local_hostname = name if usable else "localhost"
        return self._local_hostname

    def _warn_unverified(self) -> None:
        if not self.settings.tls_verify and not self._warned:
            self._warned = True
            self._warn(UNVERIFIED_WARNING)

    def _failure(
        self, exc: BaseException, stage: str, message: OutgoingMessage | None = None
    ) -> DeliveryError:
        """What an exception from aiosmtplib, ssl or the network means at `stage`."""
        s = self.settings
        server = s.server
        sender = message.sender if message else ""
        recipient = message.recipient if message else ""
        if isinstance(exc, aiosmtplib.SMTPResponseException) and stage == "connect":
            stage = "greeting"  # connected: the greeting is what was wrong
        if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code > 0:
            if stage == "auth" and exc.code != 421:
                return replies.login_refused(server, s.username or "", exc.code, exc.message)
            return replies.refusal(
                stage, server, exc.code, exc.message, sender=sender, recipient=recipient
            )
        if isinstance(exc, aiosmtplib.SMTPResponseException):  # aiosmtplib's own code, -1
            return replies.server_failure(
                f"SMTP server {server} sent a malformed reply to {replies.stage_name(stage)}:"
                f" {replies.one_line(exc.message)}",
                stage=stage,
            )
        tls = _cause(exc, ssl.SSLError)
        if tls is not None:
            implicit = stage == "connect"
            if isinstance(tls, ssl.SSLCertVerificationError):
                reason = tls.verify_message or tls.reason or str(tls)
                return replies.tls_failed(server, reason, certificate=True, implicit=implicit)
            reason = tls.reason or str(tls)
            return replies.tls_failed(server, reason, certificate=False, implicit=implicit)
        if isinstance(exc, TimeoutError):
            waits = {"connect": s.connect_timeout, "body": s.data_timeout}
            return replies.timed_out(server, stage, waits.get(stage, s.timeout), recipient)
        if stage == "connect":
            cause = exc.__cause__ if isinstance(exc, aiosmtplib.SMTPConnectError) else exc
            if isinstance(cause, aiosmtplib.SMTPServerDisconnected):
                return replies.dropped(server, "greeting")
            if isinstance(cause, socket.gaierror):
                return replies.unreachable(server, f"cannot resolve {s.host}: {cause.strerror}")
            if isinstance(cause, ConnectionRefusedError):
                return replies.unreachable(server, "connection refused")
            if isinstance(cause, OSError):
                return replies.unreachable(server, cause.strerror or str(cause))
        if isinstance(exc, OSError):  # a dropped connection, or the network gone
            return replies.dropped(server, stage, recipient)
        if isinstance(exc, ValueError):  # an address aiosmtplib will not write
            if stage == "rcpt":
                return DeliveryError(
                    f"cannot send to {recipient!r}: {exc}", permanent=True, scope="recipient"
                )
            return replies.server_failure(f"cannot send from {sender!r}: {exc}", stage=stage)
        return replies.server_failure(
            f"SMTP server {server} failed at {replies.stage_name(stage)}: {exc}", stage=stage
        )


def _expected(exc: BaseException) -> bool:
    """The failures a conversation can have, all classified; anything else is a bug."""
    return isinstance(exc, aiosmtplib.SMTPException | OSError | TimeoutError | ValueError)


def _cause(exc: BaseException, kind: type[_E]) -> _E | None:
    """`exc`, or what it was raised from, when it is of `kind`."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__
    return None


class RecordingMailer:
    """A stand-in that keeps messages in a list, for tests of the layers above SMTP."""

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.sent: list[OutgoingMessage] = []
        self._refuse = refuse or set()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    async def send(self, message: OutgoingMessage) -> None:
        if message.recipient in self._refuse:
            raise DeliveryError(f"refused {message.recipient}", permanent=True, scope="recipient")
        self.sent.append(message)
