"""FeedFetcher against a real HTTP server on 127.0.0.1: limits, redirects, statuses, concurrency."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import time
import tracemalloc
import zlib
from collections.abc import Callable, Sequence
from email.utils import formatdate
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest

from digest.errors import FetchError, NotAFeed
from digest.ingest.fetch import FakeFetcher, FeedFetcher
from digest.ingest.parse import discover_feeds, parse_feed
from digest.types import FetchedDocument
from tests.conftest import FeedServer, Route, free_port
from tests.feedbuilder import Item, rss

USER_AGENT = "digest-test/1.0 (newsletter section digests; +https://digest.example/about)"
FEED = rss(Item("1", "Issue 1", "<p>Chips.</p>"), Item("2", "Issue 2", "<p>More chips.</p>"))
SETTINGS: dict[str, Any] = {
    "timeout": 0.5,
    "user_agent": USER_AGENT,
    "max_bytes": 1_000_000,
    "concurrency": 8,
}


def make_fetcher(**settings: Any) -> FeedFetcher:
    return FeedFetcher(**(SETTINGS | settings))


def fetch(
    url: str, *, etag: str | None = None, last_modified: str | None = None, **settings: Any
) -> FetchedDocument:
    """One fetch with a fresh fetcher, closed afterwards."""

    async def run() -> FetchedDocument:
        fetcher = make_fetcher(**settings)
        try:
            return await fetcher.fetch(url, etag=etag, last_modified=last_modified)
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def fetch_all(urls: Sequence[str], **settings: Any) -> list[FetchedDocument]:
    """Fetch every URL at once through one fetcher."""

    async def run() -> list[FetchedDocument]:
        fetcher = make_fetcher(**settings)
        try:
            return list(await asyncio.gather(*(fetcher.fetch(url) for url in urls)))
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def fetch_error(url: str, **settings: Any) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, **settings)
    return caught.value


def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def overlap(a: tuple[str, float, float], b: tuple[str, float, float]) -> bool:
    """Served at once for a real while, not just the instant between two responses.

    The server notes a request's end after writing it, so the client may already
    have sent the next one: a few milliseconds of overlap mean nothing.
    """
    return min(a[2], b[2]) - max(a[1], b[1]) > 0.1


# Success, headers, conditional requests


def test_a_feed_is_fetched_and_parsed_end_to_end(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        body=FEED,
        headers={
            "Content-Type": "application/rss+xml; charset=utf-8",
            "ETag": '"v1"',
            "Cache-Control": "public, max-age=900",
        },
    )
    document = fetch(feed_server.url("/feed"))
    assert document.url == feed_server.url("/feed")
    assert document.content == FEED
    assert not document.not_modified
    assert document.moved_to is None
    assert document.max_age == 900.0
    assert type(document.headers) is dict
    assert document.headers["etag"] == '"v1"'
    assert document.headers["content-type"] == "application/rss+xml; charset=utf-8"
    parsed = parse_feed(document)
    assert parsed.title == "Test Letter"
    assert [e.title for e in parsed.entries] == ["Issue 1", "Issue 2"]
    assert [e.guid for e in parsed.entries] == [
        "https://letter.example/1",
        "https://letter.example/2",
    ]


def test_requests_name_the_client_and_prefer_feeds(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=FEED)
    fetch(feed_server.url("/feed"))
    (path, headers), *_ = feed_server.requests
    assert path == "/feed"
    assert headers["User-Agent"] == USER_AGENT
    assert headers["Accept"].startswith("application/atom+xml, application/rss+xml,")
    assert headers["Accept-Encoding"] == "gzip, deflate, br"
    assert "If-None-Match" not in headers
    assert "If-Modified-Since" not in headers


@pytest.mark.parametrize("cache_control", [None, "no-cache", "max-age=abc", "s-maxage=60"])
def test_max_age_is_none_without_a_max_age(
    feed_server: FeedServer, cache_control: str | None
) -> None:
    headers = {"Cache-Control": cache_control} if cache_control else {}
    feed_server.routes["/feed"] = Route(body=FEED, headers=headers)
    assert fetch(feed_server.url("/feed")).max_age is None


LAST_MODIFIED = "Mon, 02 Nov 2026 08:00:00 GMT"


@pytest.mark.parametrize(
    ("etag", "last_modified", "not_modified"),
    [('"v2"', None, True), (None, LAST_MODIFIED, True), ('"v1"', LAST_MODIFIED, False)],
)
def test_a_conditional_get_sends_the_validators_it_is_given(
    feed_server: FeedServer, etag: str | None, last_modified: str | None, not_modified: bool
) -> None:
    feed_server.routes["/feed"] = Route(
        body=FEED, headers={"ETag": '"v2"', "Last-Modified": LAST_MODIFIED}
    )
    document = fetch(feed_server.url("/feed"), etag=etag, last_modified=last_modified)
    sent = feed_server.requests[-1][1]
    assert sent.get("If-None-Match") == etag
    assert sent.get("If-Modified-Since") == last_modified
    assert document.not_modified is not_modified
    assert document.content == (None if not_modified else FEED)


def test_a_304_has_no_content_but_keeps_its_headers(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        304, headers={"ETag": '"v3"', "Cache-Control": "max-age=600, must-revalidate"}
    )
    document = fetch(feed_server.url("/feed"), etag='"v2"')
    assert document.content is None
    assert document.not_modified
    assert document.url == feed_server.url("/feed")
    assert document.headers["etag"] == '"v3"'
    assert document.max_age == 600.0
    with pytest.raises(ValueError, match="not modified"):
        parse_feed(document)


# Compression and the size cap


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", raw_deflate),
        ("br", brotli.compress),
        ("gzip, br", lambda data: brotli.compress(gzip.compress(data))),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw", "brotli", "gzip-then-brotli"],
)
def test_compressed_bodies_are_decoded(
    feed_server: FeedServer, encoding: str, compress: Callable[[bytes], bytes]
) -> None:
    body = compress(FEED)
    assert body != FEED
    pieces = tuple(body[i : i + 16] for i in range(0, len(body), 16))
    feed_server.routes["/feed"] = Route(chunks=pieces, headers={"Content-Encoding": encoding})
    document = fetch(feed_server.url("/feed"))
    assert document.content == FEED
    assert len(parse_feed(document).entries) == 2


@pytest.mark.parametrize(("max_bytes", "refused"), [(2_000_000, False), (1_999_999, True)])
def test_a_body_is_capped_while_it_streams(
    feed_server: FeedServer, max_bytes: int, refused: bool
) -> None:
    feed_server.routes["/big"] = Route(chunks=(b"x" * 400_000,) * 5)
    if refused:
        error = fetch_error(feed_server.url("/big"), max_bytes=max_bytes)
        assert error.kind == "too-large"
        assert str(error) == f"{feed_server.url('/big')}: larger than {max_bytes} bytes"
    else:
        assert fetch(feed_server.url("/big"), max_bytes=max_bytes).content == b"x" * 2_000_000


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    feed_server: FeedServer,
) -> None:
    # The body is shorter than it claims: reading it would end in a network error.
    feed_server.routes["/huge"] = Route(chunks=(b"tiny",), headers={"Content-Length": "50000000"})
    error = fetch_error(feed_server.url("/huge"), max_bytes=1000)
    assert error.kind == "too-large"
    assert "larger than 1000 bytes (Content-Length: 50000000)" in str(error)


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [("gzip", gzip.compress), ("br", lambda data: brotli.compress(data, quality=1))],
)
def test_a_compression_bomb_stops_at_the_cap_without_inflating_it_all(
    feed_server: FeedServer, encoding: str, compress: Callable[[bytes], bytes]
) -> None:
    bomb = compress(bytes(50_000_000))
    assert len(bomb) < 100_000
    feed_server.routes["/bomb"] = Route(body=bomb, headers={"Content-Encoding": encoding})
    tracemalloc.start()
    try:
        error = fetch_error(feed_server.url("/bomb"), max_bytes=1_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.kind == "too-large"
    assert str(error).endswith("larger than 1000000 bytes")
    assert peak < 10_000_000, f"{peak} bytes held at once"


# Redirects


def test_permanent_redirects_give_the_new_url(feed_server: FeedServer) -> None:
    with FeedServer() as other:
        other.routes["/feed"] = Route(body=FEED)
        feed_server.routes["/blog/old/feed"] = Route(301, headers={"Location": "../new/feed"})
        feed_server.routes["/blog/new/feed"] = Route(308, headers={"Location": other.url("/feed")})
        document = fetch(feed_server.url("/blog/old/feed"), etag='"v1"')
        assert [path for path, _ in feed_server.requests] == ["/blog/old/feed", "/blog/new/feed"]
        assert other.requests[0][1]["If-None-Match"] == '"v1"'
    assert document.url == other.url("/feed")
    assert document.moved_to == other.url("/feed")
    assert document.content == FEED


@pytest.mark.parametrize("temporary", [302, 303, 307])
def test_a_temporary_redirect_on_the_way_keeps_the_stored_url(
    feed_server: FeedServer, temporary: int
) -> None:
    feed_server.routes["/old"] = Route(301, headers={"Location": "/middle"})
    feed_server.routes["/middle"] = Route(temporary, headers={"Location": "/feed"})
    feed_server.routes["/feed"] = Route(body=FEED)
    document = fetch(feed_server.url("/old"))
    assert document.url == feed_server.url("/feed")
    assert document.moved_to is None
    assert document.content == FEED


@pytest.mark.parametrize(("hops", "refused"), [(5, False), (6, True)])
def test_five_redirects_are_followed_and_a_sixth_is_refused(
    feed_server: FeedServer, hops: int, refused: bool
) -> None:
    for hop in range(hops):
        target = f"/r{hop + 1}" if hop + 1 < hops else "/feed"
        feed_server.routes[f"/r{hop}"] = Route(301, headers={"Location": target})
    feed_server.routes["/feed"] = Route(body=FEED)
    if refused:
        error = fetch_error(feed_server.url("/r0"))
        assert error.kind == "redirects"
        assert str(error) == f"{feed_server.url('/r0')}: more than 5 redirects"
        assert "/feed" not in [path for path, _ in feed_server.requests]
    else:
        document = fetch(feed_server.url("/r0"))
        assert document.moved_to == feed_server.url("/feed")
        assert len(feed_server.requests) == 6


def test_a_redirect_loop_is_refused(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = Route(302, headers={"Location": "/b"})
    feed_server.routes["/b"] = Route(301, headers={"Location": "/a"})
    error = fetch_error(feed_server.url("/a"))
    assert error.kind == "redirects"
    assert str(error) == f"{feed_server.url('/a')}: redirect loop at {feed_server.url('/a')}"
    assert [path for path, _ in feed_server.requests] == ["/a", "/b"]


def test_a_redirect_away_from_http_is_refused(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(301, headers={"Location": "file:///etc/passwd"})
    error = fetch_error(feed_server.url("/feed"))
    assert error.kind == "redirects"
    assert "unsupported URL file:///etc/passwd" in str(error)


# Errors


@pytest.mark.parametrize(
    ("route", "kind", "retry_after", "reason"),
    [
        (Route(410, b"bye"), "gone", None, "410 Gone"),
        (
            Route(429, headers={"Retry-After": "120"}),
            "rate-limited",
            120.0,
            "429 Too Many Requests",
        ),
        (Route(503), "rate-limited", None, "503 Service Unavailable"),
        (Route(429, headers={"Retry-After": "soon"}), "rate-limited", None, "429"),
        (Route(404, b"nope"), "http", None, "404 Not Found"),
        (Route(500, b"oops"), "http", None, "500 Internal Server Error"),
    ],
)
def test_error_statuses_say_what_to_do_next(
    feed_server: FeedServer, route: Route, kind: str, retry_after: float | None, reason: str
) -> None:
    feed_server.routes["/feed"] = route
    error = fetch_error(feed_server.url("/feed"))
    assert (error.kind, error.retry_after) == (kind, retry_after)
    assert str(error).startswith(f"{feed_server.url('/feed')}: HTTP {reason}")


def test_an_error_status_names_the_url_and_the_status(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(500, b"oops")
    error = fetch_error(feed_server.url("/feed"))
    assert str(error) == f"{feed_server.url('/feed')}: HTTP 500 Internal Server Error"


def test_retry_after_may_be_an_http_date(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(
        503, headers={"Retry-After": formatdate(time.time() + 90, usegmt=True)}
    )
    error = fetch_error(feed_server.url("/feed"))
    assert error.kind == "rate-limited"
    assert error.retry_after is not None
    assert 80 <= error.retry_after <= 90


def test_a_slow_server_times_out_naming_the_url(feed_server: FeedServer) -> None:
    feed_server.routes["/slow"] = Route(body=FEED, delay=1.0)
    started = time.monotonic()
    error = fetch_error(feed_server.url("/slow"), timeout=0.3)
    assert time.monotonic() - started < 0.9
    assert error.kind == "timeout"
    assert str(error) == f"{feed_server.url('/slow')}: timed out after 0.3 s"


def test_a_refused_connection_is_a_network_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/feed"
    error = fetch_error(url)
    assert error.kind == "network"
    assert str(error).startswith(f"{url}: ")
    assert str(error).endswith("(Connection refused)")


def test_only_http_and_https_are_fetched() -> None:
    with pytest.raises(NotAFeed, match="only http, https and local files"):
        fetch("ftp://127.0.0.1/feed")


# Concurrency


def test_one_host_gets_one_request_at_a_time(feed_server: FeedServer) -> None:
    paths = ["/1", "/2", "/3"]
    for path in paths:
        feed_server.routes[path] = Route(body=path.encode(), delay=0.15)
    documents = fetch_all([feed_server.url(p) for p in paths])
    assert [d.content for d in documents] == [b"/1", b"/2", b"/3"]
    spans = sorted(feed_server.spans, key=lambda span: span[1])
    assert not any(overlap(a, b) for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(("concurrency", "overlapping"), [(8, True), (1, False)])
def test_different_hosts_are_fetched_at_once_within_the_global_limit(
    feed_server: FeedServer, concurrency: int, overlapping: bool
) -> None:
    with FeedServer() as other:
        for server in (feed_server, other):
            server.routes["/feed"] = Route(body=server.base.encode(), delay=0.3)
        documents = fetch_all(
            [feed_server.url("/feed"), other.url("/feed")], concurrency=concurrency
        )
        assert [d.content for d in documents] == [feed_server.base.encode(), other.base.encode()]
        # each server notes a request's end just after answering it: the client may be first
        assert wait_until(lambda: bool(feed_server.spans and other.spans))
        assert overlap(feed_server.spans[0], other.spans[0]) is overlapping


# Local files


def test_a_local_file_is_read_by_path_and_by_file_url(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    by_path = fetch(str(path))
    assert (by_path.url, by_path.content) == (str(path), FEED)
    assert fetch(path.as_uri()).content == FEED


def test_a_missing_file_or_a_directory_is_not_a_feed(tmp_path: Path) -> None:
    with pytest.raises(NotAFeed, match="feed file not found"):
        fetch(str(tmp_path / "missing.xml"))
    with pytest.raises(NotAFeed, match="is a directory"):
        fetch(str(tmp_path))


@pytest.mark.parametrize(("spare", "refused"), [(0, False), (-1, True)])
def test_a_local_file_is_capped_too(tmp_path: Path, spare: int, refused: bool) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(FEED)
    if refused:
        error = fetch_error(str(path), max_bytes=len(FEED) + spare)
        assert error.kind == "too-large"
        assert str(error) == f"{path}: larger than {len(FEED) + spare} bytes"
    else:
        assert fetch(str(path), max_bytes=len(FEED) + spare).content == FEED


# Pages that advertise feeds

BLOG_PAGE = b"""<!DOCTYPE html>
<html><head><title>A blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="feed.xml">
</head><body><p>Hello.</p></body></html>"""


def test_a_page_at_a_feed_url_is_not_a_feed_but_names_its_feed(feed_server: FeedServer) -> None:
    feed_server.routes["/blog/"] = Route(
        body=BLOG_PAGE, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    feed_server.routes["/blog/feed.xml"] = Route(body=FEED)
    page = fetch(feed_server.url("/blog/"))
    with pytest.raises(NotAFeed, match="is not an RSS or Atom feed"):
        parse_feed(page)
    assert discover_feeds(page) == [feed_server.url("/blog/feed.xml")]
    feed = parse_feed(fetch(feed_server.url("/blog/feed.xml")))
    assert [e.title for e in feed.entries] == ["Issue 1", "Issue 2"]


def test_discovery_resolves_against_the_base_and_keeps_page_order() -> None:
    page = b"""<html><head>
    <link rel="alternate" type="application/feed+json" href="/feed.json">
    <link rel="Alternate" type="Application/Atom+XML" href="atom.xml">
    <base href="https://cdn.example/site/">
    <link rel="alternate nofollow" type="application/rss+xml; charset=utf-8" href="rss.xml">
    <link rel="alternate" type="application/rss+xml" href="https://other.example/feed">
    <link rel="alternate" type="application/atom+xml" href="atom.xml">
    <link rel="alternate" type="text/html" href="/fr/">
    <link rel="alternate" type="application/rss+xml">
    </head><body></body></html>"""
    document = FetchedDocument("https://blog.example/posts/", page)
    assert discover_feeds(document) == [
        "https://cdn.example/site/atom.xml",
        "https://cdn.example/site/rss.xml",
        "https://other.example/feed",
    ]


@pytest.mark.parametrize(
    "document",
    [
        FetchedDocument("https://blog.example/", b"<!doctype html><html><body>Hi</body></html>"),
        FetchedDocument("https://blog.example/feed", FEED, {"Content-Type": "application/rss+xml"}),
        FetchedDocument("https://blog.example/feed", None, {"Content-Type": "text/html"}),
        FetchedDocument("https://blog.example/", b"", {"Content-Type": "text/html"}),
    ],
    ids=["page-without-links", "a-feed", "not-modified", "empty-page"],
)
def test_discovery_finds_nothing_without_advertised_feeds(document: FetchedDocument) -> None:
    assert discover_feeds(document) == []


# The fetcher's own lifecycle, and its stand-in


class RecordingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(str(request.url))
        return await super().handle_async_request(request)

    async def aclose(self) -> None:
        self.closed = True
        await super().aclose()


def test_the_fetcher_uses_the_given_transport_and_aclose_closes_it(
    feed_server: FeedServer,
) -> None:
    feed_server.routes["/feed"] = Route(body=FEED)
    transport = RecordingTransport()

    async def run() -> FetchedDocument:
        fetcher = make_fetcher(transport=transport)
        document = await fetcher.fetch(feed_server.url("/feed"))
        assert not transport.closed
        await fetcher.aclose()
        return document

    assert asyncio.run(run()).content == FEED
    assert transport.sent == [feed_server.url("/feed")]
    assert transport.closed


def test_the_fake_fetcher_answers_from_its_table_and_records_requests() -> None:
    document = FetchedDocument("https://a.example/feed", FEED)
    refusal = FetchError("https://b.example/feed: HTTP 410 Gone", kind="gone")
    fake = FakeFetcher({"https://a.example/feed": document, "https://b.example/feed": refusal})

    async def run() -> None:
        assert await fake.fetch("https://a.example/feed", etag='"v1"') is document
        with pytest.raises(FetchError) as caught:
            await fake.fetch("https://b.example/feed", last_modified=LAST_MODIFIED)
        assert caught.value is refusal
        with pytest.raises(FetchError, match="404") as missing:
            await fake.fetch("https://c.example/feed")
        assert missing.value.kind == "http"
        fake.responses = {"https://c.example/feed": document}
        assert await fake.fetch("https://c.example/feed") is document
        await fake.aclose()

    asyncio.run(run())
    assert fake.requests == [
        ("https://a.example/feed", '"v1"', None),
        ("https://b.example/feed", None, LAST_MODIFIED),
        ("https://c.example/feed", None, None),
        ("https://c.example/feed", None, None),
    ]
    assert fake.closed
