"""Fetch feeds: a local file or an http/https URL, as bytes and headers (I/O edge).

Fetching and parsing stay apart: `digest.ingest.parse` takes the `FetchedDocument`
a fetcher returns, so every parsing behaviour can be tested with files, and
only a `Fetcher` ever touches the network. (`parse_feed` and `discover_feeds`
are re-exported here for callers that want both.)

`FeedFetcher` is written for a poll of many feeds from untrusted servers: every
request has explicit timeouts, a body is refused once it grows past the size
cap (counted after decompression, so a small compressed "bomb" cannot fill
memory), redirects are followed by hand so a permanent move can be recorded,
and no host sees more than one request from us at a time.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

import httpx

from digest.errors import FetchError, NotAFeed
from digest.ingest.decoding import ACCEPT_ENCODING, Decoding, DecodingError
from digest.ingest.parse import discover_feeds, parse_feed
from digest.types import FetchedDocument

__all__ = [
    "MAX_REDIRECTS",
    "FakeFetcher",
    "FeedFetcher",
    "Fetcher",
    "discover_feeds",
    "is_local",
    "local_path",
    "normalise_feed_url",
    "parse_feed",
]

MAX_REDIRECTS = 5
#: One request may take at most this many times the timeout, however it trickles.
DEADLINE_FACTOR = 3

_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_STATUSES = frozenset({301, 308})
_RATE_LIMIT_STATUSES = frozenset({429, 503})


class Fetcher(Protocol):
    """Gets a feed's bytes; a document whose content is None when it has not changed."""

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchedDocument: ...

    async def aclose(self) -> None: ...


def is_local(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    return scheme in ("", "file") or (len(scheme) == 1 and url[1:3] in (":\\", ":/"))


def normalise_feed_url(url: str) -> str:
    """An absolute path for a local file, the URL unchanged otherwise."""
    url = url.strip()
    if not is_local(url):
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise NotAFeed(f"{url}: only http, https and local files are supported")
        return url
    return str(local_path(url).resolve())


def local_path(url: str) -> Path:
    parts = urlsplit(url)
    return Path(unquote(parts.path)) if parts.scheme.lower() == "file" else Path(url)


@dataclass(frozen=True)
class _Redirect:
    target: str
    permanent: bool


class FeedFetcher:
    """The real fetcher: local files from disk, http and https with one `httpx.AsyncClient`.

    At most `concurrency` requests run at once, and never two to the same host
    and port, so a poll of many feeds on one server does not hammer it. Use one
    instance within one event loop, and `aclose` it at the end.
    """

    def __init__(
        self,
        *,
        timeout: float,
        user_agent: str,
        max_bytes: int,
        concurrency: int,
        transport: httpx.AsyncBaseTransport | None = None,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self._timeout = timeout
        self._max_bytes = max_bytes
        self._slots = asyncio.Semaphore(concurrency)
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(connect=timeout, read=timeout, write=timeout, pool=timeout),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=concurrency),
            headers={
                "User-Agent": user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            transport=transport,
            # A long-running poller passes the same context each time: building one reads
            # the whole CA bundle, tens of milliseconds.
            verify=tls or True,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchedDocument:
        """The document at `url`; FetchError (with a `kind`) when the server fails us."""
        if is_local(url):
            return await asyncio.to_thread(_read_local, url, self._max_bytes)
        _check_http_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._follow(url, headers)

    async def _follow(self, url: str, headers: dict[str, str]) -> FetchedDocument:
        """Follow redirects by hand, to know whether every one of them was permanent."""
        current, permanent, visited = url, True, {url}
        for _ in range(MAX_REDIRECTS + 1):
            answer = await self._request(current, headers)
            if isinstance(answer, FetchedDocument):
                moved = current != url and permanent
                return replace(answer, moved_to=current if moved else None)
            if answer.target in visited:
                raise FetchError(f"{url}: redirect loop at {answer.target}", kind="redirects")
            visited.add(answer.target)
            current, permanent = answer.target, permanent and answer.permanent
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects", kind="redirects")

    async def _request(self, url: str, headers: dict[str, str]) -> FetchedDocument | _Redirect:
        """One request, holding its host's lock first so waiting never takes a global slot."""
        async with self._host_lock(url), self._slots:
            try:
                # The timeouts bound each read; the deadline bounds a server that trickles.
                async with (
                    asyncio.timeout(self._timeout * DEADLINE_FACTOR),
                    self._client.stream("GET", url, headers=headers) as response,
                ):
                    return await self._answer(url, response)
            except httpx.TimeoutException:
                message = f"{url}: timed out after {self._timeout:g} s"
                raise FetchError(message, kind="timeout") from None
            except TimeoutError:
                message = f"{url}: took longer than {self._timeout * DEADLINE_FACTOR:g} s in all"
                raise FetchError(message, kind="timeout") from None
            except httpx.RequestError as exc:
                raise FetchError(f"{url}: {_describe(exc)}", kind="network") from None

    def _host_lock(self, url: str) -> asyncio.Lock:
        parsed = httpx.URL(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        return self._host_locks.setdefault(f"{parsed.host}:{port}", asyncio.Lock())

    async def _answer(self, url: str, response: httpx.Response) -> FetchedDocument | _Redirect:
        status = response.status_code
        location = response.headers.get("location")
        if status in _REDIRECT_STATUSES and location:
            return _Redirect(_redirect_target(url, location), status in _PERMANENT_STATUSES)
        if status == 304:
            return _document(url, response, None)
        _raise_for_status(url, response)
        return _document(url, response, await self._read_body(url, response))

    async def _read_body(self, url: str, response: httpx.Response) -> bytes:
        """The decoded body, refused as soon as it grows past the cap."""
        declared = _content_length(response.headers)
        if declared is not None and declared > self._max_bytes:
            message = f"{url}: larger than {self._max_bytes} bytes (Content-Length: {declared})"
            raise FetchError(message, kind="too-large")
        encoding = response.headers.get("content-encoding", "")
        decoding = Decoding(encoding)
        body = bytearray()
        try:
            async for raw in response.aiter_raw():
                self._append(url, body, decoding.decode(raw))
            self._append(url, body, decoding.flush())
        except DecodingError as exc:
            message = f"{url}: cannot decode the {encoding} body: {exc}"
            raise FetchError(message, kind="network") from None
        return bytes(body)

    def _append(self, url: str, body: bytearray, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            body += chunk
            if len(body) > self._max_bytes:
                raise FetchError(f"{url}: larger than {self._max_bytes} bytes", kind="too-large")


class FakeFetcher:
    """A stand-in for tests of the layers above: answers from a table, remembers what it was asked.

    An answer that is an exception is raised; a URL missing from the table is a 404.
    """

    def __init__(self, responses: Mapping[str, FetchedDocument | Exception] | None = None) -> None:
        self.responses: dict[str, FetchedDocument | Exception] = dict(responses or {})
        self.requests: list[tuple[str, str | None, str | None]] = []
        self.closed = False

    async def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchedDocument:
        self.requests.append((url, etag, last_modified))
        answer = self.responses.get(url)
        if answer is None:
            raise FetchError(f"{url}: HTTP 404 Not Found", kind="http")
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def aclose(self) -> None:
        self.closed = True


def _check_http_url(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise NotAFeed(f"{url}: only http, https and local files are supported")
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise NotAFeed(f"{url}: not a valid URL ({exc})") from None


def _redirect_target(url: str, location: str) -> str:
    """The absolute URL a Location header points to; only http and https are followed."""
    try:
        target = httpx.URL(url).join(location.strip())
    except httpx.InvalidURL:
        raise FetchError(
            f"{url}: redirect to an invalid URL {location!r}", kind="redirects"
        ) from None
    if target.scheme not in ("http", "https"):
        raise FetchError(f"{url}: redirect to unsupported URL {location}", kind="redirects")
    return str(target)


def _describe(exc: Exception) -> str:
    """The error, with the operating system's reason ("Connection refused") when one lies below."""
    text = str(exc) or type(exc).__name__
    cause = exc.__cause__ or exc.__context__
    for _ in range(10):
        if cause is None:
            break
        if isinstance(cause, socket.gaierror) and cause.strerror:
            return f"{text} ({cause.strerror})"
        if isinstance(cause, OSError) and cause.errno and cause.errno > 0:
            return f"{text} ({os.strerror(cause.errno)})"
        cause = cause.__cause__ or cause.__context__
    return text


def _raise_for_status(url: str, response: httpx.Response) -> None:
    status = response.status_code
    if status < 300:
        return
    message = f"{url}: HTTP {status} {response.reason_phrase}".rstrip()
    if status == 410:
        raise FetchError(message, kind="gone")
    if status in _RATE_LIMIT_STATUSES:
        retry_after = _retry_after(response.headers.get("retry-after"), datetime.now(UTC))
        if retry_after is not None:
            message += f" (retry after {retry_after:.0f} s)"
        raise FetchError(message, kind="rate-limited", retry_after=retry_after)
    raise FetchError(message, kind="http")


def _document(url: str, response: httpx.Response, content: bytes | None) -> FetchedDocument:
    headers = dict(response.headers.items())
    max_age = _max_age(headers.get("cache-control"))
    return FetchedDocument(url=url, content=content, headers=headers, max_age=max_age)


def _content_length(headers: httpx.Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait, from delta-seconds or an HTTP date; None when there is no sense in it."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


_MAX_AGE = re.compile(r'(?:^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(?:,|$)', re.IGNORECASE)


def _max_age(cache_control: str | None) -> float | None:
    match = _MAX_AGE.search(cache_control or "")
    return float(match.group(1)) if match else None


def _read_local(url: str, max_bytes: int) -> FetchedDocument:
    path = local_path(url)
    try:
        with path.open("rb") as file:
            content = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise NotAFeed(f"feed file not found: {path}") from None
    except IsADirectoryError:
        raise NotAFeed(f"{path} is a directory, not a feed file") from None
    except OSError as exc:
        raise NotAFeed(f"cannot read feed file {path}: {exc.strerror}") from None
    if len(content) > max_bytes:
        raise FetchError(f"{path}: larger than {max_bytes} bytes", kind="too-large")
    return FetchedDocument(str(path), content)
