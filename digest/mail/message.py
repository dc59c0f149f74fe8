"""Build the MIME message for a rendered email, and sign it with DKIM (pure).

Every header value that comes from data (titles, settings, addresses, links) is
squashed to one line or refused here, so no value can ever start a header of its own.
"""

from __future__ import annotations

import binascii
import hashlib
import importlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.errors import HeaderParseError
from email.header import Header
from email.headerregistry import Address
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import format_datetime, formataddr
from functools import lru_cache
from types import ModuleType
from urllib.parse import quote, urlsplit

from email_validator import EmailNotValidError, validate_email

from digest.errors import ConfigError, InvalidAddress
from digest.types import RenderedMessage

#: The headers a DKIM signature covers: who, what, when, which list, how to leave it,
#: and how the body is to be read.
DKIM_HEADERS = (
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "MIME-Version",
    "Content-Type",
)

#: White space and control characters: none may reach a header from data.
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")
#: A link in a List-* header: printable ASCII without spaces or angle brackets.
_URL = re.compile(r"[!-;=?-~]+")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = re.compile(rf"{_ATOM}(?:\.{_ATOM})+")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_SELECTOR = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
#: "Name <address>": the address is what the last pair of angle brackets holds.
_MAILBOX = re.compile(r"(?P<name>.*)<(?P<addr>[^<>]*)>[ \t]*", re.DOTALL)
#: URLs in List-* headers must not be folded (RFC 2369), and a line ends at 998 octets.
_MAX_URL = 900


@dataclass(frozen=True)
class Envelope:
    sender: str
    to: str
    list_id: str
    unsubscribe_url: str
    date: datetime
    message_key: str
    #: The mailbox of List-Unsubscribe's mailto: alternative; empty means the sender's.
    unsubscribe_mailto: str = ""
    #: What names the subscriber in that mail's subject; empty means the unsubscribe URL.
    unsubscribe_token: str = ""
    #: The list's name: From's display name when `sender` has none, and List-Id's description.
    site_name: str = ""


@dataclass(frozen=True)
class DkimKey:
    """A DKIM selector and its PEM private key; the From address's domain signs."""

    selector: str
    private_key: bytes = field(repr=False)


def _one_line(text: str) -> str:
    """Header text from data: line breaks, tabs and control characters become one space."""
    return _BREAKS.sub(" ", text).strip()


@lru_cache(maxsize=64)  # a setting: the same few values for every message of a run
def parse_sender(sender: str, setting: str = "DIGEST_FROM") -> Address:
    """A mailbox from the settings: "Name <address>" or a bare address.

    The name is squashed to one line; the address is checked for syntax only,
    so a local ``digest@localhost`` is accepted.
    """
    match = _MAILBOX.fullmatch(sender)
    name, addr = (match["name"], match["addr"]) if match else ("", sender)
    return Address(display_name=_display_name(name), addr_spec=_setting_address(addr, setting))


def _display_name(raw: str) -> str:
    name = _one_line(raw)
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name


def _setting_address(addr: str, setting: str) -> str:
    addr = addr.strip(" ")
    if not addr.isascii() or _BREAKS.search(addr):
        raise ConfigError(
            f"{setting} must hold one ASCII email address, without spaces or line breaks,"
            f" not {addr!r}"
        )
    try:
        parsed = Address(addr_spec=addr)
    except (ValueError, IndexError, HeaderParseError):
        parsed = None
    if parsed is None or not parsed.username or not parsed.domain:
        raise ConfigError(f"{setting} must hold an email address, not {addr!r}")
    return parsed.addr_spec


def _recipient(to: str) -> str:
    """The subscriber's address as it may stand in a header, checked as at sign-up: its
    domain IDNA-encoded, so only a mailbox name that is not ASCII needs SMTPUTF8."""
    if _BREAKS.search(to):
        raise InvalidAddress(f"cannot send to {to!r}: it holds spaces or line breaks")
    try:
        checked = validate_email(to, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidAddress(f"cannot send to {to!r}: {exc}") from None
    return checked.ascii_email or checked.normalized


def sender_domain(sender: str) -> str:
    return parse_sender(sender).domain


def message_id(message_key: str, sender: str) -> str:
    """The same delivery always gets the same Message-ID, so a retry is recognisable."""
    digest = hashlib.sha256(message_key.encode()).hexdigest()[:20]
    return f"<{digest}@{sender_domain(sender)}>"


def _list_id(list_id: str) -> str:
    if not _DOT_ATOM.fullmatch(list_id):
        raise ConfigError(f"a List-Id must look like digest.example.org, not {list_id!r}")
    return list_id


def _from(envelope: Envelope) -> Address:
    """The sender as the setting names it, or else under the list's name."""
    sender = parse_sender(envelope.sender)
    name = _one_line(envelope.site_name)
    if sender.display_name or not name:
        return sender
    return Address(display_name=name, addr_spec=sender.addr_spec)


def _unsubscribe_url(url: str) -> str:
    parts = urlsplit(url) if _URL.fullmatch(url) and len(url) <= _MAX_URL else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            "the unsubscribe link must be an http(s) URL of printable ASCII, without spaces,"
            f" line breaks or angle brackets, at most {_MAX_URL} characters: {url!r}"
        )
    return url


def _mailto(envelope: Envelope, sender: Address) -> str:
    """A mailto: URL whose subject names the subscriber, for clients that only send mail."""
    mailbox = sender.addr_spec
    if envelope.unsubscribe_mailto:
        mailbox = parse_sender(envelope.unsubscribe_mailto, "unsubscribe_mailto").addr_spec
    who = envelope.unsubscribe_token or envelope.unsubscribe_url
    url = f"mailto:{quote(mailbox, safe='@')}?subject={quote('unsubscribe ' + who, safe='')}"
    if len(url) > _MAX_URL:
        raise ConfigError(f"the unsubscribe mailto: URL is too long: {url!r}")
    return url


def _boundary(message_key: str) -> str:
    """A boundary fixed by the delivery, so a rebuild gives the same bytes. Quoted-printable
    bodies never hold "==", so they cannot hold this either."""
    return "==" + hashlib.sha256(f"boundary:{message_key}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class OutgoingMessage:
    """A message as SMTP takes it: envelope addresses and the bytes, lines ending in CRLF."""

    sender: str
    recipient: str
    message_id: str
    data: bytes = field(repr=False)
    #: A mailbox name that is not ASCII is in its envelope and headers (RFC 6532): only a
    #: server that offers SMTPUTF8 (RFC 6531) may take it.
    smtputf8: bool = False
    #: `data` as DATA sends it (`wire_form`), when worked out ahead: by a composing
    #: process, so that the sending one only sends.
    wire: bytes = field(default=b"", repr=False, compare=False)

    def ready_for_the_wire(self) -> OutgoingMessage:
        """The message with its `wire` form. Only this module makes messages (`build_message`,
        `sign_message`, `redirected`), every line ended by CRLF: only dots need doubling."""
        return replace(self, wire=wire_form(self.data, crlf_only=True))

    def __getstate__(self) -> dict[str, object]:
        """Pickled (from a composing process to the sending one) without `data` when the
        `wire` form holds it: half the bytes to copy between the processes."""
        state = dict(self.__dict__)
        if self.wire and self.data.endswith(b"\r\n"):  # else `wire` added a line end
            del state["data"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        if "data" not in state:
            wire = state["wire"]
            assert isinstance(wire, bytes)
            state = {**state, "data": data_form(wire)}
        self.__dict__.update(state)  # frozen: set as unpickling does, not by assignment

    def as_bytes(self) -> bytes:
        return self.data

    def __getitem__(self, name: str) -> str:
        """A header's decoded value (for logs and tests; sending never parses)."""
        headers = BytesHeaderParser(policy=default).parsebytes(self.data)
        return str(headers[name])


def wire_form(data: bytes, *, crlf_only: bool = False) -> bytes:
    """A message as DATA sends it: every line ended by CRLF, a line's leading dot doubled,
    and the final dot. Messages are built with CRLF already: plain byte operations suffice
    then (a regular expression over a digest's 40 KB cost more than sending it), and with
    `crlf_only` they are not even counted (two thirds of the cost)."""
    if not crlf_only:
        line_ends = data.count(b"\r\n")
        if data.count(b"\r") != line_ends or data.count(b"\n") != line_ends:
            data = _LINE_ENDS.sub(b"\r\n", data)  # a stray CR or LF
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    stuffed = data.replace(b"\r\n.", b"\r\n..")
    return (b"." if stuffed.startswith(b".") else b"") + stuffed + b".\r\n"


_LINE_ENDS = re.compile(rb"\r\n|\n|\r(?!\n)")


def data_form(wire: bytes) -> bytes:
    """The message a `wire_form` was made of, when that message ended in CRLF: the final
    dot off, each line's doubled leading dot single again."""
    data = wire.removesuffix(b".\r\n").replace(b"\r\n..", b"\r\n.")
    return data[1:] if data.startswith(b"..") else data


def redirected(message: OutgoingMessage, address: str) -> OutgoingMessage:
    """The message delivered to `address` instead (staging), the real recipient named in an
    ``X-Original-To`` header; a DKIM signature, which does not cover that header, stays valid."""
    to = _recipient(address)
    header = f"X-Original-To: {message.recipient}\r\n".encode()
    utf8 = message.smtputf8 or not to.isascii()
    return OutgoingMessage(message.sender, to, message.message_id, header + message.data, utf8)


def build_message(rendered: RenderedMessage, envelope: Envelope) -> OutgoingMessage:
    """A multipart/alternative message: plain text first, HTML last (the preferred part).

    The bytes are written here rather than by the email package, which took ten
    times longer than rendering: both parts are quoted-printable UTF-8 (lines of
    76 at most, by binascii); headers are folded at 78, except that a word (a URL)
    is never split; subject and names are RFC 2047-encoded when not ASCII.
    """
    sender = _from(envelope)
    to = _recipient(envelope.to)
    boundary = _boundary(envelope.message_key)
    identifier = message_id(envelope.message_key, sender.addr_spec)
    headers = [
        _mailbox("From", sender),
        _folded("To", to),
        _subject(_one_line(rendered.subject)),
        _folded("Date", format_datetime(envelope.date)),
        _folded("Message-ID", identifier),
        *_list_headers(envelope, sender),
        "Precedence: bulk",
        "Auto-Submitted: auto-generated",
        "MIME-Version: 1.0",
        _folded("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
    ]
    # The line break before a boundary belongs to the boundary (RFC 2046), not to the part.
    body = [
        f"--{boundary}\r\n".encode() + quoted_printable_part(rendered.text, "plain") + b"\r\n",
        f"--{boundary}\r\n".encode() + quoted_printable_part(rendered.html, "html") + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    # Only a mailbox name that is not ASCII puts UTF-8 in a header (To:), sent with SMTPUTF8.
    data = "\r\n".join(headers).encode() + b"\r\n\r\n" + b"".join(body)
    return OutgoingMessage(sender.addr_spec, to, identifier, data, not to.isascii())


def _folded(name: str, value: str) -> str:
    """A header line folded at spaces so lines stay within 78 characters where they can."""
    line, lines = f"{name}:", []
    for word in value.split(" "):
        if line != f"{name}:" and len(line) + 1 + len(word) > 78:
            lines.append(line)
            line = ""
        line += " " + word
    lines.append(line)
    return "\r\n".join(lines)


def _mailbox(name: str, address: Address) -> str:
    """``Name <address>``, or the bare address without a name."""
    if not address.display_name:
        return _folded(name, address.addr_spec)
    return _named(name, address.display_name, address.addr_spec)


@lru_cache(maxsize=256)  # the sender's name, the list's: the same in every message of a send
def _named(name: str, phrase: str, bracketed: str) -> str:
    """``Phrase <bracketed>`` (a mailbox, a List-Id): the phrase quoted as needed, or
    RFC 2047-encoded when not ASCII."""
    if phrase.isascii():
        # formataddr quotes a phrase holding specials ("<", "@", ".", ...) and escapes
        # its quotes and backslashes; the bracketed part is checked by the caller.
        return _folded(name, formataddr((phrase, bracketed)))
    encoded = Header(phrase, "utf-8", maxlinelen=78, header_name=name)
    # Encoded words fold on their own; the bracketed part goes on a continuation line.
    return f"{name}: {encoded.encode(linesep=chr(13) + chr(10))}\r\n <{bracketed}>"


@lru_cache(maxsize=4096)  # many digests of a send share their subject; encoding it is slow
def _subject(subject: str) -> str:
    if subject.isascii():
        return _folded("Subject", subject)
    encoded = Header(subject, "utf-8", maxlinelen=78, header_name="Subject")
    return "Subject: " + encoded.encode(linesep="\r\n")


def quoted_printable_part(content: str, subtype: str) -> bytes:
    if "\r" in content:  # a stray CR from data: lines end in LF until the wire
        content = content.replace("\r\n", "\n").replace("\r", "\n")
    lines = content.split("\n")
    last = lines.pop()  # after the final line break, or a last line without one
    if last:
        lines.append(last)
    head = (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    return head.encode() + b"".join(map(_quoted_printable, lines))


@lru_cache(maxsize=65536)
def _quoted_printable(line: str) -> bytes:
    """One line, quoted-printable and ended by CRLF: soft breaks at 76, anything not
    plain ASCII encoded.

    Encoded line by line, the same lines (a story's block, the footer) are encoded once
    for a whole send run; each line is encoded on its own either way, so the result is
    the same as encoding the text at once (tested).
    """
    encoded = binascii.b2a_qp(line.encode() + b"\n", istext=True, header=False)
    return encoded.replace(b"\n", b"\r\n")


def _list_headers(envelope: Envelope, sender: Address) -> list[str]:
    """RFC 2919 and 2369, and RFC 8058's one-click unsubscribe by POST to the https link."""
    links = (_unsubscribe_url(envelope.unsubscribe_url), _mailto(envelope, sender))
    list_id, name = _list_id(envelope.list_id), _one_line(envelope.site_name)
    return [
        _named("List-Id", name, list_id) if name else _folded("List-Id", f"<{list_id}>"),
        _folded("List-Unsubscribe", ", ".join(f"<{u}>" for u in links)),
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    ]


def sign_message(message: OutgoingMessage, key: DkimKey) -> OutgoingMessage:
    """The message with a DKIM-Signature on top, over the very bytes it is sent as.

    dkimpy stamps the signature's t= with the current time: the one reading of
    the clock in this module.
    """
    dkim = _dkim()
    if not _SELECTOR.fullmatch(key.selector):
        raise ConfigError(f"dkim_selector must be a DNS name such as mail2026: {key.selector!r}")
    domain = message.sender.rsplit("@", 1)[1]
    try:
        header = dkim.sign(
            message.data,
            key.selector.encode(),
            domain.encode(),
            key.private_key,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=[name.lower().encode() for name in DKIM_HEADERS],
            linesep=b"\r\n",
        )
    except dkim.DKIMException as exc:
        raise ConfigError(f"cannot sign with the DKIM key in dkim_key_file: {exc}") from None
    return replace(message, data=bytes(header) + message.data)


def _dkim() -> ModuleType:
    try:
        return importlib.import_module("dkim")
    except ImportError:
        raise ConfigError(
            "DKIM signing is configured but dkimpy is not installed: pip install 'digest[dkim]'"
        ) from None
