"""Poll feeds: fetch, parse, store new posts, cut them into sections, record matches.

Fetches run concurrently (the fetcher bounds them, one per host); each answer
is then parsed and stored in a transaction of its own, so one broken feed,
whatever breaks in it, is recorded against that feed and never stops the others.

A feed that answers with a malformed document is a problem of its own kind
(`MALFORMED`): what could be read of it is stored, and it is shown as failing,
but it stays on its normal schedule, since its server answered and backing off
would only delay the posts it still yields and the notice that it was fixed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.db import transaction
from digest.errors import AlreadyExists, DigestError, FetchError, NotAFeed
from digest.ingest import polling
from digest.ingest.fetch import Fetcher, discover_feeds, normalise_feed_url, parse_feed
from digest.ingest.prepare import (
    PreparedEntry,
    PreparedFeed,
    prepare_feed,
    prepare_parsed,
    prepare_to_store,
)
from digest.matching.analysis import language_name
from digest.matching.instant import InstantMatcher
from digest.models import Feed, Post, Section
from digest.types import FetchedDocument, ParsedFeed, SectionDraft
from digest.workers import worker_pool

log = logging.getLogger(__name__)
_T = TypeVar("_T")

#: The `error_kind` of a feed whose document could be read only in part.
MALFORMED = "malformed"


@dataclass(frozen=True)
class PollResult:
    feed: str
    new_posts: int = 0
    updated_posts: int = 0
    new_sections: int = 0
    not_modified: bool = False
    error: str | None = None
    error_kind: str | None = None
    moved_to: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "feed": self.feed,
            "new_posts": self.new_posts,
            "updated_posts": self.updated_posts,
            "new_sections": self.new_sections,
            "not_modified": self.not_modified,
            "error": self.error,
            "error_kind": self.error_kind,
            "moved_to": self.moved_to,
        }


@dataclass(frozen=True)
class PollPolicy:
    """How often healthy feeds are polled, and the randomness failing ones back off with."""

    interval: timedelta = timedelta(hours=1)
    jitter: Callable[[], float] = random.random


@dataclass(frozen=True)
class PollTarget:
    id: int
    url: str
    etag: str | None
    last_modified: str | None


async def add_feed(
    sessions: sessionmaker[Session],
    fetcher: Fetcher,
    url: str,
    now: datetime,
    *,
    backfill: bool = False,
    policy: PollPolicy | None = None,
    language: str | None = None,
    split: str = "auto",
) -> PollResult:
    """Add a feed and store what it lists now: an archive, delivered only with `backfill`.

    `url` may be a site's page that advertises its feed with <link rel="alternate">;
    `split` is how its posts are cut (`SPLIT_MODES`).
    """
    url = normalise_feed_url(url)
    _refuse_duplicate(sessions, url)
    found_url, document, parsed = await _fetch_feed_or_advertised(fetcher, url)
    if found_url != url:
        url = found_url
        _refuse_duplicate(sessions, url)
    prepared = prepare_parsed(parsed, {}, split=split)
    with transaction(sessions) as session:
        feed = Feed(
            url=url, added_at=now, error_count=0, boilerplate=[], language=language, split=split
        )
        session.add(feed)
        session.flush()
        policy = policy or PollPolicy()
        return _store_feed(
            session, feed, prepared, document, now, policy, InstantMatcher(), deliverable=backfill
        )


def _refuse_duplicate(sessions: sessionmaker[Session], url: str) -> None:
    with transaction(sessions) as session:
        if store.feeds(session, url):
            raise AlreadyExists(f"feed {url} is there already")


async def read_feed(fetcher: Fetcher, url: str) -> tuple[str, ParsedFeed]:
    """The feed at `url` (or the one its page advertises), parsed: its address and posts."""
    found_url, _, parsed = await _fetch_feed_or_advertised(fetcher, normalise_feed_url(url))
    return found_url, parsed


async def _fetch_feed_or_advertised(
    fetcher: Fetcher, url: str
) -> tuple[str, FetchedDocument, ParsedFeed]:
    """The feed's address to keep, what it served, and that parsed.

    A permanent redirect changes the address kept; a temporary one does not.
    """
    document = await fetcher.fetch(url)
    try:
        return document.moved_to or url, document, parse_feed(document)
    except NotAFeed:
        advertised = discover_feeds(document)
        if not advertised:
            raise NotAFeed(
                f"{url} is neither an RSS or Atom feed nor a page that advertises one"
            ) from None
    document = await fetcher.fetch(advertised[0])
    return document.moved_to or advertised[0], document, parse_feed(document)


async def poll_feeds(
    sessions: sessionmaker[Session],
    fetcher: Fetcher,
    now: datetime,
    *,
    feed_url: str | None = None,
    force: bool = False,
    policy: PollPolicy | None = None,
    on_result: Callable[[PollResult], None] | None = None,
    workers: int = 0,
    instant: InstantMatcher | None = None,
) -> list[PollResult]:
    """Poll the feeds that are due (or one feed, or all with `force`).

    Due feeds are claimed first, so a second scheduler polling at the same moment leaves
    them alone. With `workers` > 1 and enough feeds, parsing and sectioning run in that
    many worker processes while this one fetches and stores; with 0, in one per core once
    the work measured so far says they pay (`_Preparer`); with 1, here. A long-running
    caller passes its `instant` matcher, which keeps the instant subscribers' index
    between polls.
    """
    policy = policy or PollPolicy()
    targets = poll_targets(sessions, now, feed_url, force, claim=True)
    instant = instant or InstantMatcher()
    with _preparing(workers, len(targets)) as preparer:

        async def handle(target: PollTarget) -> tuple[PollTarget, _Outcome]:
            try:
                try:
                    document = await fetcher.fetch(
                        target.url, etag=target.etag, last_modified=target.last_modified
                    )
                finally:
                    preparer.fetched += 1
                if document.not_modified:
                    return target, (document, None)
                known = _known(sessions, target.id)
                return target, (document, await preparer.prepare(document, *known))
            except Exception as exc:  # recorded against this feed by `_absorb`
                return target, exc

        results = []
        for next_done in asyncio.as_completed([handle(t) for t in targets]):
            target, outcome = await next_done
            result = _absorb(sessions, target, outcome, now, policy, instant)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


_Outcome = tuple[FetchedDocument, PreparedFeed | None] | Exception

#: Fewer feeds than this are prepared in this process: starting workers costs more.
MIN_FEEDS_FOR_WORKERS = 4

#: CPU seconds that starting the worker processes costs: a forkserver that imports the
#: main script, the parser and the sectioner, then a fork per worker (0.15-0.5 s measured
#: with benchmarks/ingest.py on two busy cores).
POOL_START_COST = 0.5

#: Imported once by the forkserver, before it forks any worker. A worker started by the
#: forkserver imports the main script again unless the forkserver did (`digest`'s console
#: script, a benchmark: SQLAlchemy and more, each time), so that one comes first.
_PRELOAD = ["__main__", "digest.ingest.prepare"]


class _Preparer:
    """Prepares the feeds of one poll, in this process or in worker processes.

    `workers` > 1 asks for that many worker processes (given enough feeds); 1 for none.
    With 0, the default, feeds are prepared here while that is timed, and one worker per
    core starts once the feeds left would cost more here than starting workers: a poll of
    a few small feeds, or of feeds that mostly did not change, never starts any. Until
    they are all up, feeds are still prepared here.
    """

    def __init__(self, workers: int, feeds: int) -> None:
        self.fetched = 0  #: feeds whose fetch ended, however it ended
        self._feeds = feeds
        self._auto = workers == 0
        self._workers = min((os.cpu_count() or 1) if self._auto else workers, feeds)
        self._pool: ProcessPoolExecutor | None = None
        self._up: asyncio.Future[None] | None = None  # done once every worker is up
        self._prepared = 0  # here, in `_spent` seconds of CPU
        self._spent = 0.0
        if not self._auto and self._wants_workers():
            self._start()

    def _wants_workers(self) -> bool:
        return self._workers >= 2 and self._feeds >= MIN_FEEDS_FOR_WORKERS

    def _worth_workers(self) -> bool:
        if not (self._auto and self._prepared and self._wants_workers()):
            return False
        # The feeds not fetched yet that will need preparing, as often as the fetched did,
        # and this one; the workers save all but a worker's share of their time.
        unfetched = max(0, self._feeds - self.fetched)
        left = 1 + unfetched * self._prepared / max(1, self.fetched)
        saved = left * (self._spent / self._prepared) * (1 - 1 / self._workers)
        return saved > POOL_START_COST

    def _start(self) -> None:
        self._pool = worker_pool(self._workers, _PRELOAD)

    def _start_overlapped(self) -> None:
        """Start the workers from a thread; feeds are prepared here until they are up."""
        self._start()
        assert self._pool is not None
        loop = asyncio.get_running_loop()
        self._up = loop.run_in_executor(None, _start_workers, self._pool, self._workers)

    async def prepare(
        self,
        document: FetchedDocument,
        hashes: dict[str, str],
        boilerplate: list[str],
        split: str,
    ) -> PreparedFeed:
        if self._pool is None and self._worth_workers():
            self._start_overlapped()
        if self._pool is None or (self._up is not None and not self._up.done()):
            start = time.thread_time()
            prepared = prepare_feed(document, hashes, boilerplate, split)
            self._spent += time.thread_time() - start
            self._prepared += 1
            return prepared
        return await _run(self._pool, prepare_to_store, document, hashes, boilerplate, split)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)


def _start_workers(pool: Executor, workers: int) -> None:
    """Make `pool` start all its workers (the first also starts the forkserver)."""
    try:
        for started in [pool.submit(os.getpid) for _ in range(workers)]:
            started.result()
    except Exception:  # a broken pool says so to each feed submitted to it
        return


@contextmanager
def _preparing(workers: int, feeds: int) -> Iterator[_Preparer]:
    preparer = _Preparer(workers, feeds)
    try:
        yield preparer
    finally:
        preparer.close()


async def _run(pool: Executor, function: Callable[..., _T], *args: object) -> _T:
    loop = asyncio.get_running_loop()
    # Submitted from a thread: the first submissions start the forkserver and the workers,
    # which takes a while, and this loop has feeds to fetch and answers to store meanwhile.
    submitted = await loop.run_in_executor(None, pool.submit, function, *args)
    return await asyncio.wrap_future(submitted)


def _known(sessions: sessionmaker[Session], feed_id: int) -> tuple[dict[str, str], list[str], str]:
    """What a feed's stored posts hash to, the boilerplate learned from it so far, and
    how its posts are cut."""
    with transaction(sessions) as session:
        feed = session.get_one(Feed, feed_id)
        return store.content_hashes(session, feed_id), list(feed.boilerplate or []), feed.split


#: A due feed is claimed for this long by the poll that fetches it; a poll that died
#: leaves it to the next one after that.
POLL_LEASE = timedelta(minutes=15)


def poll_targets(
    sessions: sessionmaker[Session],
    now: datetime,
    feed_url: str | None = None,
    force: bool = False,
    *,
    claim: bool = False,
) -> list[PollTarget]:
    """The feeds a poll would fetch: those that are due, or the one named, or all.

    With `claim`, the due feeds are also leased to this poll (their next poll moved past
    `POLL_LEASE`), and only those it won are returned: the feeds a poll stores then sets
    their real next poll. The one named, or all, are fetched whatever another poll does.
    """
    with transaction(sessions) as session:
        if feed_url is not None:
            feeds = [store.feed_by_url(session, normalise_feed_url(feed_url))]
        else:
            feeds = [
                f
                for f in store.feeds(session)
                if force or (f.disabled_at is None and polling.is_due(f.next_poll_at, now))
            ]
        if claim and not force and feed_url is None:
            won = _claim_feeds(session, [f.id for f in feeds], now)
            feeds = [f for f in feeds if f.id in won]
        return [PollTarget(f.id, f.url, f.etag, f.last_modified) for f in feeds]


def _claim_feeds(session: Session, feed_ids: Sequence[int], now: datetime) -> set[int]:
    if not feed_ids:
        return set()
    due = or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now)
    claimed = session.execute(
        update(Feed)
        .where(Feed.id.in_(feed_ids), due)
        .values(next_poll_at=now + POLL_LEASE)
        .returning(Feed.id)
        .execution_options(synchronize_session=False)
    )
    return set(claimed.scalars())


def _absorb(
    sessions: sessionmaker[Session],
    target: PollTarget,
    outcome: _Outcome,
    now: datetime,
    policy: PollPolicy,
    instant: InstantMatcher,
) -> PollResult:
    """Store one feed's answer; any failure is recorded against that feed alone."""
    try:
        if isinstance(outcome, Exception):
            raise outcome
        document, prepared = outcome
        with transaction(sessions) as session:
            # Held until this feed's answer is stored: a forced poll at the same moment
            # waits, then finds these posts stored.
            feed = session.get_one(Feed, target.id, with_for_update=True)
            if prepared is None:
                _record_success(feed, now, policy, document.max_age)
                return PollResult(feed.url, not_modified=True)
            return _store_feed(
                session, feed, prepared, document, now, policy, instant, deliverable=True
            )
    except DigestError as exc:
        return _record_failure(sessions, target, exc, now, policy)
    except Exception as exc:  # a bug met on one feed's content must not stop the others
        log.error("polling %s failed", target.url, exc_info=exc)
        failure = FetchError(f"{target.url}: internal error: {exc!r}", kind="internal")
        return _record_failure(sessions, target, failure, now, policy)


def _record_failure(
    sessions: sessionmaker[Session],
    target: PollTarget,
    error: DigestError,
    now: datetime,
    policy: PollPolicy,
) -> PollResult:
    kind = getattr(error, "kind", "not-a-feed")
    retry_after = getattr(error, "retry_after", None)
    with transaction(sessions) as session:
        feed = session.get_one(Feed, target.id)
        if feed.last_error_kind == MALFORMED:  # that was an answer: back-off counts none
            feed.error_count, feed.failing_since = 0, None
        feed.error_count += 1
        feed.last_error = str(error)
        feed.last_error_kind = kind
        feed.failing_since = feed.failing_since or now
        feed.last_polled_at = now
        feed.next_poll_at = polling.after_failure(
            now, feed.error_count, policy.jitter(), retry_after
        )
        if kind == "gone":
            feed.disabled_at = now
            feed.disabled_reason = str(error)
    return PollResult(target.url, error=str(error), error_kind=kind)


def _record_success(feed: Feed, now: datetime, policy: PollPolicy, max_age: float | None) -> None:
    feed.error_count = 0
    feed.last_error = feed.last_error_kind = None
    feed.failing_since = None
    _record_answer(feed, now, policy, max_age)


def _record_answer(feed: Feed, now: datetime, policy: PollPolicy, max_age: float | None) -> None:
    """A feed that answered is polled again on its normal schedule."""
    feed.last_polled_at = feed.last_success_at = now
    feed.next_poll_at = polling.after_success(now, policy.interval, max_age)


def _record_malformed(
    feed: Feed, problem: str, now: datetime, policy: PollPolicy, max_age: float | None
) -> str:
    """Show the problem of a feed that answered with a document read only in part.

    Its validators are dropped: the next poll then parses it again and says whether
    it is still malformed, instead of getting a 304 that says nothing.
    """
    malformed_before = feed.last_error_kind == MALFORMED
    feed.error_count = (feed.error_count if malformed_before else 0) + 1
    feed.failing_since = (feed.failing_since if malformed_before else None) or now
    feed.last_error = f"{feed.url}: {problem}"
    feed.last_error_kind = MALFORMED
    feed.etag = feed.last_modified = None
    _record_answer(feed, now, policy, max_age)
    return feed.last_error


def _store_feed(
    session: Session,
    feed: Feed,
    prepared: PreparedFeed,
    document: FetchedDocument,
    now: datetime,
    policy: PollPolicy,
    instant: InstantMatcher,
    *,
    deliverable: bool,
) -> PollResult:
    moved_to = _follow_permanent_move(session, feed, document)
    headers = {k.lower(): v for k, v in document.headers.items()}
    parsed = prepared.parsed
    feed.title = parsed.title or feed.title
    if feed.language is None:
        feed.language = language_name(parsed.language)
    feed.site_url = parsed.link or feed.site_url
    feed.etag = headers.get("etag")
    feed.last_modified = headers.get("last-modified")
    problem = None
    if parsed.problem:
        problem = _record_malformed(feed, parsed.problem, now, policy, document.max_age)
    else:
        _record_success(feed, now, policy, document.max_age)
    kind = MALFORMED if problem else None
    if not prepared.changed:
        return PollResult(feed.url, moved_to=moved_to, error=problem, error_kind=kind)
    feed.boilerplate = list(prepared.boilerplate)
    stored = store.posts_by_guid(session, feed.id, [c.entry.guid for c in prepared.changed])
    updated_posts = 0
    created: list[Post] = []
    fresh: list[Section] = []
    for change in prepared.changed:
        post = stored.get(change.entry.guid)
        if post is None:
            post = _new_post(feed, change, now, deliverable)
            session.add(post)
            created.append(post)
        else:
            _update_post(post, change)
            updated_posts += 1
        fresh.extend(_update_sections(session, post, change.drafts, now))
    # Numbered here, the new rows go in one statement per table instead of one each.
    store.number_new_rows(session, Post, created)
    store.number_new_rows(session, Section, fresh)
    session.flush()
    if deliverable:
        instant.record(session, fresh, now)
    return PollResult(
        feed.url,
        len(created),
        updated_posts,
        len(fresh),
        moved_to=moved_to,
        error=problem,
        error_kind=kind,
    )


def _follow_permanent_move(session: Session, feed: Feed, document: FetchedDocument) -> str | None:
    """A 301 or 308 all the way: the feed lives at the new address from now on."""
    new_url = document.moved_to
    if not new_url or new_url == feed.url:
        return None
    taken = session.scalar(select(Feed.id).where(Feed.url == new_url, Feed.id != feed.id))
    if taken is not None:
        return None  # another feed already has that address: keep both as they are
    feed.url = new_url
    return new_url


def _new_post(feed: Feed, change: PreparedEntry, now: datetime, deliverable: bool) -> Post:
    entry = change.entry
    published = entry.published_at
    if published is None or published > now:  # missing or in the future: when we saw it
        published = now
    return Post(
        feed=feed,
        guid=entry.guid,
        url=entry.url,
        title=entry.title,
        published_at=published,
        first_seen_at=now,
        content_hash=change.content_hash,
        deliverable=deliverable,
    )


def _update_post(post: Post, change: PreparedEntry) -> None:
    post.title = change.entry.title
    post.url = change.entry.url
    post.content_hash = change.content_hash


def _update_sections(
    session: Session, post: Post, drafts: Sequence[SectionDraft], now: datetime
) -> list[Section]:
    """Store a post's sections; an edited story keeps its row (and its delivery record)."""
    existing = {section.key: section for section in post.sections} if post.id else {}
    created = []
    for draft in drafts:
        section = existing.get(draft.key)
        if section is None:
            section = Section(post=post, key=draft.key, first_seen_at=now)
            session.add(section)
            created.append(section)
        section.ordinal = draft.ordinal
        section.title = draft.title
        section.teaser = draft.teaser
        section.html = draft.html
        section.text = draft.text
        section.url = draft.url
        section.fingerprint = draft.fingerprint
        section.links = list(draft.links)
        section.category = draft.category
    return created


def enable_feed(session: Session, url: str, now: datetime) -> Feed:
    """Poll a disabled or failing feed again at the next run."""
    feed = store.feed_by_url(session, normalise_feed_url(url))
    feed.disabled_at = None
    feed.disabled_reason = None
    feed.next_poll_at = now
    return feed
