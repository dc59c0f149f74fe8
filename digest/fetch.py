"""Fetch feeds (a local file or an http/https URL), parse them, find the ones a page advertises.

Fetching and parsing stay apart: `parse_feed` and `discover_feeds` take a
`FetchedDocument`, so every parsing behaviour can be tested with files, and
only a `Fetcher` ever touches the network.

`FeedFetcher` is written for a poll of many feeds from untrusted servers: every
request has explicit timeouts, a body is refused once it grows past the size
cap (counted after decompression, so a small compressed "bomb" cannot fill
memory), redirects are followed by hand so a permanent move can be recorded,
and no host sees more than one request from us at a time.
"""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import os
import re
import socket
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urljoin, urlsplit

import brotli
import feedparser
import httpx
import lxml.etree
import lxml.html

from digest.errors import FetchError, NotAFeed
from digest.types import FeedEntry, FetchedDocument, ParsedFeed

MAX_REDIRECTS = 5

_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
#: Only the encodings `_Decoding` can undo within the size cap.
_ACCEPT_ENCODING = "gzip, deflate, br"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_PERMANENT_STATUSES = frozenset({301, 308})
_RATE_LIMIT_STATUSES = frozenset({429, 503})
#: The most bytes one decompression step may produce before the cap is checked again.
_DECODE_STEP = 64 * 1024


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
                "Accept-Encoding": _ACCEPT_ENCODING,
            },
            transport=transport,
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
                async with self._client.stream("GET", url, headers=headers) as response:
                    return await self._answer(url, response)
            except httpx.TimeoutException:
                message = f"{url}: timed out after {self._timeout:g} s"
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
        decoding = _Decoding(encoding)
        body = bytearray()
        try:
            async for raw in response.aiter_raw():
                self._append(url, body, decoding.decode(raw))
            self._append(url, body, decoding.flush())
        except (zlib.error, brotli.error) as exc:
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


class _Inflate:
    """zlib, gzip or raw deflate, never producing more than `_DECODE_STEP` bytes at once."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._decompressor = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._raw_fallback and data:
            self._raw_fallback = False
            if not _has_zlib_header(data):
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        while True:
            chunk = self._decompressor.decompress(data, _DECODE_STEP)
            if chunk:
                yield chunk
            data = self._decompressor.unconsumed_tail
            if not data and len(chunk) < _DECODE_STEP:
                return

    def flush(self) -> Iterator[bytes]:
        if tail := self._decompressor.flush():
            yield tail


def _has_zlib_header(data: bytes) -> bool:
    """HTTP's "deflate" should be zlib-wrapped (RFC 1950), but many servers send it raw."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        chunk: bytes = self._decompressor.process(data, output_buffer_limit=_DECODE_STEP)
        yield chunk
        while not self._decompressor.can_accept_more_data():
            chunk = self._decompressor.process(b"", output_buffer_limit=_DECODE_STEP)
            yield chunk

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Identity:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


_Decoder = _Inflate | _Brotli | _Identity


def _decoder(name: str) -> _Decoder:
    if name in ("gzip", "x-gzip"):
        return _Inflate(zlib.MAX_WBITS | 32)
    if name == "deflate":
        return _Inflate(zlib.MAX_WBITS, raw_fallback=True)
    if name == "br":
        return _Brotli()
    return _Identity()


class _Decoding:
    """Undo a Content-Encoding (a list, applied in order) lazily, in bounded steps.

    httpx's own decoders inflate a whole network read at once, and 64 KB of
    gzipped zeros is 64 MB; here each step yields at most `_DECODE_STEP` bytes so
    the caller can stop at its cap. Unknown encodings pass through, as in httpx.
    """

    def __init__(self, content_encoding: str) -> None:
        names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
        self._decoders = [_decoder(name) for name in reversed(names)]

    def decode(self, raw: bytes) -> Iterator[bytes]:
        chunks: Iterator[bytes] = iter((raw,))
        for decoder in self._decoders:
            chunks = _through(decoder, chunks)
        return chunks

    def flush(self) -> Iterator[bytes]:
        chunks: Iterator[bytes] = iter(())
        for decoder in self._decoders:
            chunks = _through(decoder, chunks, finish=True)
        return chunks


def _through(
    decoder: _Decoder, chunks: Iterator[bytes], *, finish: bool = False
) -> Iterator[bytes]:
    for chunk in chunks:
        yield from decoder.decode(chunk)
    if finish:
        yield from decoder.flush()


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


def parse_feed(document: FetchedDocument) -> ParsedFeed:
    """Parse RSS or Atom bytes; `NotAFeed` when they are neither."""
    if document.content is None:
        raise ValueError(f"{document.url}: not modified, so there is nothing to parse")
    headers = _lower_keys(document.headers)
    headers.setdefault("content-location", document.url)
    parsed = feedparser.parse(
        document.content, response_headers=headers, sanitize_html=False, resolve_relative_uris=True
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise NotAFeed(f"{document.url} is not an RSS or Atom feed{detail}")
    channel = parsed.feed
    entries = tuple(_entry(raw) for raw in parsed.entries)
    return ParsedFeed(
        title=str(channel.get("title", "")).strip(),
        link=str(channel.get("link", "")),
        entries=entries,
    )


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _entry(raw: Mapping[str, Any]) -> FeedEntry:
    html = _content(raw)
    title = str(raw.get("title", "")).strip()
    url = str(raw.get("link", ""))
    guid = str(raw.get("id") or url or _hash_identity(title, html))
    return FeedEntry(guid=guid, url=url, title=title, html=html, published_at=_published(raw))


def _content(raw: Mapping[str, Any]) -> str:
    contents = raw.get("content") or []
    html_parts = [c for c in contents if "html" in str(c.get("type", ""))]
    chosen = (html_parts or contents or [None])[0]
    if chosen is not None and str(chosen.get("value", "")).strip():
        return str(chosen["value"])
    return str(raw.get("summary", ""))


def _published(raw: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def _hash_identity(title: str, html: str) -> str:
    return "sha256:" + hashlib.sha256(f"{title}\n{html}".encode()).hexdigest()


_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)


def discover_feeds(document: FetchedDocument) -> list[str]:
    """The RSS and Atom feeds an HTML page advertises, as absolute URLs in page order.

    People paste a site's address more often than its feed's; the page's
    ``<link rel="alternate">`` elements say where the feed is.
    """
    if not document.content or not _is_html(document):
        return []
    try:
        root = lxml.html.document_fromstring(document.content)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = document.url
    for element in root.iter("base"):
        if href := (element.get("href") or "").strip():
            base = urljoin(document.url, href)
            break
    found: list[str] = []
    for link in root.iter("link"):
        href = (link.get("href") or "").strip()
        if href and _advertises_feed(link) and (url := urljoin(base, href)) not in found:
            found.append(url)
    return found


def _is_html(document: FetchedDocument) -> bool:
    content_type = _lower_keys(document.headers).get("content-type", "").lower()
    if "html" in content_type:
        return True
    return _HTML_START.match((document.content or b"")[:2048]) is not None


def _advertises_feed(link: lxml.html.HtmlElement) -> bool:
    rels = (link.get("rel") or "").lower().split()
    media_type = (link.get("type") or "").split(";")[0].strip().lower()
    return "alternate" in rels and media_type in _FEED_TYPES
