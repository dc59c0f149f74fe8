"""Hand messages to an SMTP server with aiosmtplib (I/O edge)."""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from digest.errors import ConfigError, DeliveryError
from digest.mail.message import OutgoingMessage

_TLS_MODES = ("none", "starttls", "ssl")


class Mailer(Protocol):
    """Sends messages; raises `DeliveryError` when the server will not take one."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def send(self, message: OutgoingMessage) -> None: ...


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str
    username: str | None
    password: str | None
    timeout: float


def parse_smtp_url(url: str, timeout: float = 60.0) -> SmtpSettings:
    """``smtp://user:pass@host:587?tls=starttls``; ``smtps://`` means implicit TLS."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ConfigError(f"DIGEST_SMTP_URL must look like smtp://host:port, not {url!r}")
    tls = parse_qs(parts.query).get("tls", ["ssl" if parts.scheme == "smtps" else "none"])[0]
    if tls not in _TLS_MODES:
        raise ConfigError(
            f"DIGEST_SMTP_URL: tls must be one of {', '.join(_TLS_MODES)}, not {tls!r}"
        )
    default_port = {"ssl": 465, "starttls": 587}.get(tls, 25)
    try:
        port = parts.port or default_port
    except ValueError:
        raise ConfigError(f"DIGEST_SMTP_URL has an invalid port: {url!r}") from None
    return SmtpSettings(
        host=parts.hostname,
        port=port,
        tls=tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        timeout=timeout,
    )


class SmtpMailer:
    """One connection, opened on the first message and reopened if the server drops it."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._settings = settings
        self._client: aiosmtplib.SMTP | None = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._client is not None and self._client.is_connected:
            try:
                await self._client.quit()
            except aiosmtplib.SMTPException:
                self._client.close()
        self._client = None

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self._settings
        client = aiosmtplib.SMTP(
            hostname=s.host,
            port=s.port,
            use_tls=s.tls == "ssl",
            start_tls=s.tls == "starttls",
            username=s.username,
            password=s.password,
            timeout=s.timeout,
        )
        try:
            await client.connect()
        except aiosmtplib.SMTPException as exc:
            raise DeliveryError(f"cannot reach SMTP server {s.host}:{s.port}: {exc}") from None
        return client

    async def send(self, message: OutgoingMessage) -> None:
        if self._client is None or not self._client.is_connected:
            self._client = await self._connect()
        try:
            await self._client.sendmail(message.sender, [message.recipient], message.data)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refused = exc.recipients[0]
            raise DeliveryError(
                f"SMTP server refused {refused.recipient}: {refused.code} {refused.message}",
                permanent=refused.code >= 500,
            ) from None
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"SMTP server said {exc.code} {exc.message}", permanent=exc.code >= 500
            ) from None
        except aiosmtplib.SMTPException as exc:
            self._client = None
            raise DeliveryError(f"SMTP failure: {exc}") from None


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
            raise DeliveryError(f"refused {message.recipient}", permanent=True)
        self.sent.append(message)
