"""A local SMTP server that keeps what it receives: the demo's inbox.

It runs on 127.0.0.1 on a free port inside the caller's event loop, so the
demo (and the tests) send over real SMTP without any server to install.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.smtp import SMTP


@dataclass(frozen=True)
class Received:
    mail_from: str
    recipients: tuple[str, ...]
    raw: bytes

    def parsed(self) -> EmailMessage:
        message = message_from_bytes(self.raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        return message


@dataclass
class Inbox:
    url: str
    messages: list[Received] = field(default_factory=list)
    #: Recipients the server answers with 550, to exercise refusals.
    refuse: set[str] = field(default_factory=set)


class InboxHandler:
    """aiosmtpd handler that keeps every message in an `Inbox`."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.lower() in self._inbox.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self._inbox.messages.append(
            Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted for delivery"


@asynccontextmanager
async def capture_server(host: str = "127.0.0.1") -> AsyncIterator[Inbox]:
    """Serve SMTP on a free port until the block ends; yields the inbox."""
    loop = asyncio.get_running_loop()
    inbox = Inbox(url="")
    handler = InboxHandler(inbox)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="digest-capture", enable_SMTPUTF8=True), host, 0
    )
    port = server.sockets[0].getsockname()[1]
    inbox.url = f"smtp://{host}:{port}"
    try:
        yield inbox
    finally:
        server.close()
        await server.wait_closed()
