"""Settings: one frozen object, built in one place.

Later sources win: built-in defaults, then a TOML file (``--config`` or
``DIGEST_CONFIG``), then ``DIGEST_*`` environment variables, then options
given on the command line. The TOML file uses the same names as the fields,
except ``from`` for ``from_address``::

    database_url = "postgresql+psycopg://digest@localhost/digest"
    smtp_url = "smtp://user:secret@mail.example.org:587?tls=starttls"
    from = "Example Digest <digest@example.org>"
    base_url = "https://digest.example.org"
    secret_key = "change me"
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from digest.errors import ConfigError

#: Names that differ between the settings object and the outside world.
_ALIASES = {"from_address": "from"}


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///digest.db"
    smtp_url: str = "smtp://localhost:25"
    from_address: str = "Digest <digest@localhost>"
    base_url: str = "http://localhost:8000"
    secret_key: str = ""
    #: The list's name, in every email and page; also the sender's name when `from` has none.
    site_name: str = "Digest"
    #: A first digest also holds sections first seen this many days before
    #: the subscriber joined, so it is not empty.
    lookback_days: int = 7
    #: When a subscriber adds a topic or query, their next digest also brings, once, up to
    #: `catchup_max_sections` stories it matched in this many days before (0: none).
    catchup_days: int = 14
    catchup_max_sections: int = 10
    #: Seconds to wait for a feed server or an SMTP server.
    fetch_timeout: float = 30.0
    #: A feed larger than this (after decompression) is refused.
    max_feed_bytes: int = 10_000_000
    #: Feeds fetched at once, never more than one per host.
    poll_concurrency: int = 8
    #: Seconds between two polls of a healthy feed (a server's max-age may ask for more).
    poll_interval: int = 3600
    #: Processes that parse and section feeds during a poll: 0 for one per core, 1 for none.
    parse_workers: int = 0
    #: Processes that compose and render digests during a large send: 0 for one per core,
    #: 1 for none (composed in the sending process).
    send_workers: int = 0
    #: Seconds to wait for an SMTP server: to connect, for a reply to a command, for the
    #: reply to a message's data.
    smtp_connect_timeout: float = 15.0
    smtp_timeout: float = 60.0
    smtp_data_timeout: float = 120.0
    #: SMTP connections a send run keeps open at once, each reused for many messages.
    smtp_connections: int = 4
    #: At most this many messages a second, and a minute, to the SMTP server (0: no limit).
    smtp_rate_per_second: float = 0.0
    smtp_rate_per_minute: int = 0
    #: TLS: a CA bundle to verify the server with (default: the system's), whether to verify
    #: at all (off only for a test server: it says so on every run), and whether a password
    #: may be sent over a connection without TLS.
    smtp_ca_file: str = ""
    smtp_tls_verify: bool = True
    smtp_allow_insecure_auth: bool = False
    #: Seconds one send run may take; what it has not sent by then stays queued for the next.
    send_deadline: float = 3600.0
    #: Seconds a delivery the server keeps deferring is retried before it is failed.
    retry_max_age: int = 3 * 24 * 3600
    #: Hard bounces after which an address is suppressed: for "no such user" (5.1.1), and
    #: for any other permanent failure of the address.
    bounce_limit_unknown_user: int = 1
    bounce_limit: int = 3
    #: Staging: send every message to this address instead (the real one in X-Original-To),
    #: or render and record every message without any SMTP at all.
    redirect_to: str = ""
    dry_run_delivery: bool = False
    user_agent: str = "digest/0.1 (newsletter section digests)"
    #: A digest shows at most this many stories per topic, and this many in all; the rest
    #: are counted and listed in its browser view.
    per_topic_cap: int = 5
    max_sections: int = 20
    #: A directory of templates (``email/digest.html``...) used before the bundled ones.
    template_dir: str = ""
    #: The sender's postal address, shown in every email's footer (anti-spam laws ask for it).
    postal_address: str = ""
    #: An email's HTML is kept under this many bytes: Gmail clips past 102 KB, footer and all.
    max_email_bytes: int = 90_000
    #: The address of List-Unsubscribe's mailto: alternative; empty means the From address.
    unsubscribe_mailto: str = ""
    #: DKIM signing, when both are set: the selector, and the PEM private key's file.
    dkim_selector: str = ""
    dkim_key_file: str = ""
    #: Seconds between the scheduler's ticks (`digest run`): each looks for due feeds, due
    #: digests and the outbox.
    tick_seconds: int = 60
    #: `digest status --check` asks for a person when a feed has been failing this many
    #: seconds, or no scheduler job has run for this many (once one has ever run).
    alert_feed_failing_after: int = 24 * 3600
    alert_scheduler_silent_after: int = 15 * 60
    #: Where the pages' rate limits count requests: ``memory://`` (the default) suits the
    #: one `digest serve` process of a site, which holds every count; a site that runs
    #: several gives them one store to share, such as ``redis://localhost:6379``.
    rate_limit_storage: str = "memory://"
    #: Requests a client may make to the pages that take a link's token or an address.
    rate_limit_pages: str = "60/minute"
    #: RFC 8058 one-click unsubscribes a client may send: mail providers send them for all
    #: their users from a few servers, so they get a limit of their own.
    rate_limit_one_click: str = "300/minute"
    #: Live previews a client may ask for while editing their topics (one a keystroke or
    #: so): a limit of their own, not counted in `rate_limit_pages`.
    rate_limit_preview: str = "240/minute"
    #: Sign-ups and fresh-link requests (each may send an email): per client, and per address.
    rate_limit_signup: str = "10/hour"
    rate_limit_address: str = "3/hour"
    #: Reverse proxies in front of `digest serve` that add X-Forwarded-For: the rate limits
    #: count by the client address the nearest of them reports (0: by the peer's address).
    proxy_count: int = 0

    def __post_init__(self) -> None:
        if self.lookback_days < 0:
            raise ConfigError(f"lookback_days must be 0 or more, not {self.lookback_days}")
        if self.catchup_days < 0 or self.catchup_max_sections < 0:
            raise ConfigError("catchup_days and catchup_max_sections must be 0 or more")
        for name in (
            "max_feed_bytes",
            "poll_concurrency",
            "poll_interval",
            "per_topic_cap",
            "max_sections",
            "smtp_connections",
            "retry_max_age",
            "bounce_limit_unknown_user",
            "bounce_limit",
            "tick_seconds",
            "alert_feed_failing_after",
            "alert_scheduler_silent_after",
        ):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be 1 or more, not {getattr(self, name)}")
        if self.proxy_count < 0:
            raise ConfigError(f"proxy_count must be 0 or more, not {self.proxy_count}")
        for name in ("parse_workers", "send_workers"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must be 0 or more, not {getattr(self, name)}")
        if self.max_email_bytes < 20_000:
            raise ConfigError(f"max_email_bytes must be 20000 or more, not {self.max_email_bytes}")
        if bool(self.dkim_selector) != bool(self.dkim_key_file):
            raise ConfigError("DKIM signing needs both dkim_selector and dkim_key_file")
        for name in (
            "fetch_timeout",
            "smtp_connect_timeout",
            "smtp_timeout",
            "smtp_data_timeout",
            "send_deadline",
        ):
            if not getattr(self, name) > 0:
                raise ConfigError(f"{name} must be a positive number of seconds")
        for name in ("smtp_rate_per_second", "smtp_rate_per_minute"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must be 0 (no limit) or more")
        if not self.site_name.strip():
            raise ConfigError("site_name must not be empty")
        base = urlsplit(self.base_url)
        if base.scheme not in ("http", "https") or not base.netloc:
            raise ConfigError(f"base_url must be an http(s) URL, not {self.base_url!r}")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def external_name(field_name: str) -> str:
    """The key used in TOML files for a field (``from`` for ``from_address``)."""
    return _ALIASES.get(field_name, field_name)


def env_name(field_name: str) -> str:
    return "DIGEST_" + external_name(field_name).upper()


def load_settings(
    config_file: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from a file, the environment and explicit overrides.

    ``config_file`` defaults to ``DIGEST_CONFIG``; overrides whose value is
    None are ignored, so command-line options can be passed straight through.
    """
    environ = environ if environ is not None else {}
    values: dict[str, Any] = {}
    path = config_file or environ.get("DIGEST_CONFIG")
    if path:
        values.update(_read_toml(Path(path)))
    values.update(_read_environ(environ))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)


_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _field_types() -> dict[str, type]:
    types = {"str": str, "int": int, "float": float, "bool": bool}
    return {f.name: types[str(f.type)] for f in fields(Settings)}


def _coerce(name: str, raw: Any, source: str) -> Any:
    wanted = _field_types()[name]
    if wanted is str and isinstance(raw, str):
        return raw
    if wanted is bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lower() in _TRUE + _FALSE:
            return raw.strip().lower() in _TRUE
    if wanted is int and isinstance(raw, int | str) and not isinstance(raw, bool):
        try:
            return int(raw)
        except ValueError:
            pass
    if wanted is float and isinstance(raw, int | float | str) and not isinstance(raw, bool):
        try:
            value = float(raw)
        except ValueError:
            pass
        else:
            if math.isfinite(value):
                return value
    raise ConfigError(f"{source}: expected {wanted.__name__}, got {raw!r}")


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a file: it costs every command's start-up

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"settings file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    by_key = {external_name(name): name for name in _field_types()}
    values = {}
    for key, raw in data.items():
        if key not in by_key:
            known = ", ".join(sorted(by_key))
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {known})")
        values[by_key[key]] = _coerce(by_key[key], raw, f"{path}: {key}")
    return values


def _read_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    values = {}
    for name in _field_types():
        variable = env_name(name)
        if variable in environ:
            values[name] = _coerce(name, environ[variable], variable)
    return values
