"""What an SMTP server's answer means for delivery (pure).

The SMTP edge (`digest.mail.smtp`) says where a conversation failed, a *stage*, and with which
reply or which kind of trouble; these functions turn that into the `DeliveryError` the worker
acts on: whose failure it is (`scope`), whether retrying can help (`permanent`), the reply code
and its RFC 3463 enhanced status, and one line for a person that names the server.

Stages, in the order of a conversation::

    connect   the TCP connection (and the TLS handshake of smtps://)
    greeting  the server's first reply
    ehlo      EHLO (or HELO)
    starttls  STARTTLS and its handshake
    auth      the login
    mail      MAIL FROM: the sender
    rcpt      RCPT TO: the recipient
    data      the DATA command, before the message is sent
    body      the message's bytes and the server's reply to them

| reply                         | scope     | permanent |
|-------------------------------|-----------|-----------|
| 421 at any stage              | server    | no        |
| 4xx/5xx before RCPT           | server    | 5xx       |
| 4xx at rcpt, data, body       | recipient | no        |
| 5xx at rcpt, data, body       | recipient | yes       |

Every failure that is not a reply (unreachable, a timeout, a dropped connection, TLS) is the
server's and not permanent; at the body stage it is also `in_flight`: the message may have
been taken, or may be what the server chokes on.
"""

from __future__ import annotations

import re

from digest.errors import DeliveryError

#: The stages at which a reply answers for one message rather than for the whole server.
MESSAGE_STAGES = ("rcpt", "data", "body")

_WHAT = {
    "connect": "connecting",
    "greeting": "its greeting",
    "ehlo": "EHLO",
    "starttls": "STARTTLS",
    "auth": "the login",
    "mail": "MAIL FROM",
    "rcpt": "RCPT TO",
    "data": "DATA",
    "body": "the message",
    "rset": "RSET",
}

#: RFC 3463: class.subject.detail, at the start of the reply text.
_ENHANCED = re.compile(r"([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)")
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f]+")
_MAX_TEXT = 300


def enhanced_status(text: str) -> str | None:
    """The enhanced status code a reply's text starts with ("5.1.1"), if it has one."""
    match = _ENHANCED.match(text.lstrip())
    return match.group(0) if match else None


def one_line(text: str, limit: int = _MAX_TEXT) -> str:
    """Server text squashed to one line (a multi-line reply's lines joined), at most `limit`."""
    line = _BREAKS.sub(" ", text).strip()
    return line if len(line) <= limit else line[: limit - 3] + "..."


def stage_name(stage: str) -> str:
    """What a person calls a stage: "RCPT TO", "the login"."""
    return _WHAT.get(stage, stage)


def is_message_reply(stage: str, code: int) -> bool:
    """Whether a failure reply concerns this message only (its recipient or its content)."""
    return stage in MESSAGE_STAGES and 400 <= code < 600 and code != 421


def refusal(
    stage: str, server: str, code: int, text: str, *, sender: str = "", recipient: str = ""
) -> DeliveryError:
    """The error for a failure reply (`code` 4xx or 5xx; anything else is the server's)."""
    status = enhanced_status(text)
    reply = one_line(f"{code} {text}")
    if is_message_reply(stage, code):
        if stage == "rcpt":
            message = f"SMTP server {server} refused recipient {recipient}: {reply}"
        else:
            message = f"SMTP server {server} refused the message to {recipient}: {reply}"
        return DeliveryError(
            message, permanent=code >= 500, scope="recipient", code=code, status=status
        )
    permanent = 500 <= code < 600
    if code == 421:
        when = "on connecting" if stage == "greeting" else f"in reply to {stage_name(stage)}"
        message = f"SMTP server {server} is not available: {reply} ({when})"
    elif stage == "greeting":
        message = f"SMTP server {server} refused the connection: {reply}"
    elif stage == "mail":
        message = f"SMTP server {server} refused the sender {sender}: {reply}"
        if code == 530:
            message += " (the server wants a login: put user:password in smtp_url)"
    elif stage in MESSAGE_STAGES:  # a reply that is no failure code: the server is confused
        message = f"SMTP server {server} answered {_WHAT[stage]} with {reply}"
        permanent = False
    else:
        message = f"SMTP server {server} refused {stage_name(stage)}: {reply}"
    return DeliveryError(
        message,
        permanent=permanent,
        scope="server",
        code=code if code > 0 else None,
        status=status,
        in_flight=stage == "body",
    )


def login_refused(server: str, username: str, code: int, text: str) -> DeliveryError:
    return DeliveryError(
        f"SMTP server {server} refused the login for {username}: {one_line(f'{code} {text}')}",
        permanent=500 <= code < 600,
        scope="server",
        code=code,
        status=enhanced_status(text),
    )


def server_failure(
    message: str, *, stage: str = "connect", code: int | None = None
) -> DeliveryError:
    """A failure of the server or the connection to it, not a refusal of this message."""
    return DeliveryError(message, scope="server", code=code, in_flight=stage == "body")


def unreachable(server: str, reason: str) -> DeliveryError:
    return server_failure(f"cannot reach SMTP server {server}: {one_line(reason)}")


def timed_out(server: str, stage: str, seconds: float, recipient: str = "") -> DeliveryError:
    waited = f"{seconds:g} s"
    if stage == "body":
        message = (
            f"SMTP server {server} did not answer within {waited} after the message to"
            f" {recipient} was sent: it may or may not have been delivered"
        )
    elif stage == "connect":
        message = f"SMTP server {server} did not answer within {waited} of connecting"
    else:
        message = f"SMTP server {server} did not answer {stage_name(stage)} within {waited}"
    return server_failure(message, stage=stage)


def dropped(server: str, stage: str, recipient: str = "") -> DeliveryError:
    if stage == "body":
        message = (
            f"SMTP server {server} closed the connection while the message to {recipient}"
            " was being sent: it may or may not have been delivered"
        )
    else:
        message = f"SMTP server {server} closed the connection at {stage_name(stage)}"
    return server_failure(message, stage=stage)


def tls_failed(server: str, reason: str, *, certificate: bool, implicit: bool) -> DeliveryError:
    """A TLS handshake that failed; `certificate`: because the server's certificate did not
    verify (an unknown CA, an expired certificate, another host's name); `implicit`: on a
    connection meant to start with TLS (smtps://)."""
    if certificate:
        return server_failure(
            f"the TLS certificate of SMTP server {server} was not accepted: {one_line(reason)};"
            " set smtp_ca_file, or smtp_tls_verify = false for a test server"
        )
    hint = (
        " (smtps:// is for a port that starts with TLS, usually 465; for STARTTLS, usually"
        " on 587, use smtp://...?tls=starttls)"
        if implicit
        else ""
    )
    return server_failure(f"TLS with SMTP server {server} failed: {one_line(reason)}{hint}")


def needs_smtputf8(server: str, recipient: str) -> DeliveryError:
    """A mailbox name that is not ASCII, and a server without SMTPUTF8: no retry will help,
    yet the address is not at fault (another server could take it), so it is no bounce."""
    return DeliveryError(
        f"cannot send to {recipient!r}: its mailbox name is not ASCII, which needs SMTPUTF8,"
        f" and SMTP server {server} does not offer it",
        permanent=True,
        scope="recipient",
    )
