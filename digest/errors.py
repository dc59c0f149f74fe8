"""The errors `digest` raises on purpose.

Every error says what went wrong and where (which feed, which address, which
query). The command line maps the two branches to exit statuses::

    DigestError
    ├── InputError                 bad usage or bad input: exit status 2
    │   ├── ConfigError            a settings file or variable is wrong
    │   ├── InvalidAddress         an email address that cannot be delivered to
    │   ├── InvalidQuery           a topic query that does not parse
    │   ├── InvalidValue           any other value out of range (cadence, hour, time zone...)
    │   ├── NotFound               no such feed, topic, subscriber or delivery
    │   ├── AlreadyExists          that feed, topic or subscriber is there already
    │   └── NotAFeed               a document that is not RSS or Atom, or a missing feed file
    └── OperationalError           the world failed us: exit status 1
        ├── FetchError             a feed could not be fetched (network, HTTP status)
        ├── DeliveryError          the SMTP server refused or could not be reached
        └── SchemaError            the database schema is missing or out of date

An error in one feed or one delivery is recorded against it and never stops
the others; only the command-line layer turns an error into an exit status.
"""

from __future__ import annotations


class DigestError(Exception):
    """Base class of every error `digest` raises on purpose."""

    exit_code = 1


class InputError(DigestError):
    """The user gave us something we cannot use."""

    exit_code = 2


class ConfigError(InputError):
    """A settings file or environment variable is wrong."""


class InvalidAddress(InputError):
    """An email address that cannot be delivered to."""


class InvalidQuery(InputError):
    """A topic query that does not parse; `column` is 1-based."""

    def __init__(self, message: str, query: str, column: int) -> None:
        super().__init__(f"{message} at column {column}")
        self.reason = message
        self.query = query
        self.column = column

    def caret(self) -> str:
        """The query with a caret under the offending column, for a terminal."""
        return f"{self.query}\n{' ' * (self.column - 1)}^"


class InvalidValue(InputError):
    """A value out of range: a cadence, an hour, a time zone, a date."""


class NotFound(InputError):
    """No such feed, topic, subscriber or delivery."""


class AlreadyExists(InputError):
    """That feed, topic or subscriber exists already."""


class NotAFeed(InputError):
    """The document is missing, or is not an RSS or Atom feed."""


class OperationalError(DigestError):
    """Something outside the user's input failed."""

    exit_code = 1


class FetchError(OperationalError):
    """A feed could not be fetched.

    `kind` names the failure for people and for the poll schedule: ``network``,
    ``timeout``, ``http`` (an error status), ``too-large``, ``redirects`` (a loop
    or too many hops), ``rate-limited`` (429 or 503), ``gone`` (410: the feed is
    disabled). `retry_after` is the server's own word on when to come back.
    """

    def __init__(self, message: str, *, kind: str = "network", retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.retry_after = retry_after


class DeliveryError(OperationalError):
    """A message could not be handed to the SMTP server.

    `scope` says whose failure it is. ``server``: the connection, TLS, the login, a refused
    sender, a 421 or a timeout; every message would fail alike, so delivery pauses and no
    message is charged for it. ``recipient``: the server's answer to this message's RCPT or
    DATA; only this message is retried, or failed. `permanent` is true for a 5xx reply, which
    retrying will not change. `code` and `status` are the reply code and its RFC 3463
    enhanced status ("5.1.1"), when the server gave them. `in_flight` is true when the failure
    came while the message was being sent (a connection dropped mid-DATA): it may be charged
    an attempt, so that one message the server chokes on cannot pause delivery for ever.
    """

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        scope: str = "recipient",
        code: int | None = None,
        status: str | None = None,
        in_flight: bool = False,
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.scope = scope
        self.code = code
        self.status = status
        self.in_flight = in_flight

    @property
    def server_wide(self) -> bool:
        return self.scope == "server"


class SchemaError(OperationalError):
    """The database has no schema, or an older one: run `digest db upgrade`."""
