"""Fetch feeds (a local file or an http/https URL) and parse them.

Fetching and parsing stay apart: `parse_feed` takes bytes and headers, so
every parsing behaviour can be tested with files.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import feedparser
import httpx

from digest.errors import FetchError, NotAFeed
from digest.types import FeedEntry, FetchedDocument, ParsedFeed

MAX_REDIRECTS = 5


class Fetcher(Protocol):
    """Gets a feed's bytes; None when the server says it has not changed."""

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchedDocument | None: ...


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


class HttpFetcher:
    """The real fetcher: local files from disk, the rest over HTTP with httpx."""

    def __init__(self, *, timeout: float, user_agent: str) -> None:
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
        )

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchedDocument | None:
        if is_local(url):
            return _read_local(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            response = self._client.get(url, headers=headers)
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {exc or type(exc).__name__}") from None
        if response.status_code == 304:
            return None
        if response.status_code >= 400:
            raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        return FetchedDocument(str(response.url), response.content, dict(response.headers))


_ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)


def _read_local(url: str) -> FetchedDocument:
    path = local_path(url)
    try:
        return FetchedDocument(str(path), path.read_bytes())
    except FileNotFoundError:
        raise NotAFeed(f"feed file not found: {path}") from None
    except IsADirectoryError:
        raise NotAFeed(f"{path} is a directory, not a feed file") from None
    except OSError as exc:
        raise NotAFeed(f"cannot read feed file {path}: {exc.strerror}") from None


def parse_feed(document: FetchedDocument) -> ParsedFeed:
    """Parse RSS or Atom bytes; `NotAFeed` when they are neither."""
    headers = {k.lower(): v for k, v in document.headers.items()}
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
