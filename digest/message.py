"""Build the MIME message for a rendered email (pure)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses

from digest.errors import ConfigError
from digest.text import squash
from digest.types import RenderedMessage


@dataclass(frozen=True)
class Envelope:
    sender: str
    to: str
    list_id: str
    unsubscribe_url: str
    date: datetime
    message_key: str


def sender_domain(sender: str) -> str:
    addresses = getaddresses([sender])
    if not addresses or "@" not in addresses[0][1]:
        raise ConfigError(f"DIGEST_FROM must hold an email address, not {sender!r}")
    return addresses[0][1].rsplit("@", 1)[1]


def message_id(message_key: str, sender: str) -> str:
    """The same delivery always gets the same Message-ID, so a retry is recognisable."""
    digest = hashlib.sha256(message_key.encode()).hexdigest()[:20]
    return f"<{digest}@{sender_domain(sender)}>"


def build_message(rendered: RenderedMessage, envelope: Envelope) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML last (the preferred part)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = squash(envelope.sender)
    message["To"] = Address(addr_spec=envelope.to)
    message["Subject"] = squash(rendered.subject)
    message["Date"] = format_datetime(envelope.date)
    message["Message-ID"] = message_id(envelope.message_key, envelope.sender)
    message["List-Id"] = f"<{envelope.list_id}>"
    message["List-Unsubscribe"] = f"<{envelope.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Precedence"] = "bulk"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message
