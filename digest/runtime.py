"""The one composition root: settings in, sessions, fetcher, mailer and clock out.

Tests swap the fetcher, the mailer or the clock here and nowhere else. The wings are imported
where they are first used, so a command that never polls or sends never loads httpx, the
sectioner or aiosmtplib.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from digest import models
from digest.config import Settings
from digest.db import check_schema, create_db_engine, session_factory

if TYPE_CHECKING:
    from digest.ingest import FeedsAdded, Fetcher, InspectedPost, PollPolicy, PollResult
    from digest.mail import DigestRules, Mailer
    from digest.matching import InstantMatcher
    from digest.types import ParsedFeed

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock = system_clock
    fetcher_factory: Callable[[Settings], Fetcher] | None = None
    mailer_factory: Callable[[Settings], Mailer] | None = None
    fetch_tls: ssl.SSLContext | None = None

    @classmethod
    def open(
        cls,
        settings: Settings,
        *,
        clock: Clock = system_clock,
        fetcher_factory: Callable[[Settings], Fetcher] | None = None,
        mailer_factory: Callable[[Settings], Mailer] | None = None,
    ) -> Runtime:
        """Connect to the database, refusing one whose schema is missing or old."""
        engine = create_db_engine(settings.database_url)
        try:
            check_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        models.Base.registry.configure()  # map the tables here, not inside the first query
        return cls(
            settings, engine, session_factory(engine), clock, fetcher_factory, mailer_factory
        )

    @property
    def lookback(self) -> timedelta:
        return timedelta(days=self.settings.lookback_days)

    @property
    def digest_rules(self) -> DigestRules:
        from digest.mail import DigestRules

        return DigestRules(
            lookback=self.lookback,
            per_topic_cap=self.settings.per_topic_cap,
            max_sections=self.settings.max_sections,
            catchup=timedelta(days=self.settings.catchup_days),
            catchup_cap=self.settings.catchup_max_sections,
        )

    def now(self) -> datetime:
        return self.clock()

    def poll_policy(self) -> PollPolicy:
        from digest.ingest import PollPolicy

        return PollPolicy(interval=timedelta(seconds=self.settings.poll_interval))

    @asynccontextmanager
    async def fetching(self) -> AsyncIterator[Fetcher]:
        """A fetcher for the running event loop, closed when the block ends."""
        if self.fetcher_factory is not None:
            fetcher = self.fetcher_factory(self.settings)
        else:
            from digest.ingest import FeedFetcher

            fetcher = FeedFetcher(
                timeout=self.settings.fetch_timeout,
                user_agent=self.settings.user_agent,
                max_bytes=self.settings.max_feed_bytes,
                concurrency=self.settings.poll_concurrency,
                tls=self._fetch_tls(),
            )
        try:
            yield fetcher
        finally:
            await fetcher.aclose()

    def add_feed(
        self,
        url: str,
        *,
        backfill: bool = False,
        language: str | None = None,
        split: str = "auto",
    ) -> PollResult:
        from digest.ingest import add_feed

        async def run() -> PollResult:
            async with self.fetching() as fetcher:
                return await add_feed(
                    self.sessions,
                    fetcher,
                    url,
                    self.now(),
                    backfill=backfill,
                    policy=self.poll_policy(),
                    language=language,
                    split=split,
                )

        return asyncio.run(run())

    def add_feeds(self, urls: Sequence[str], *, backfill: bool = False) -> FeedsAdded:
        """Add many feeds in one event loop: fetched concurrently, under one fetcher."""
        from digest.ingest import add_feeds

        async def run() -> FeedsAdded:
            async with self.fetching() as fetcher:
                return await add_feeds(
                    self.sessions,
                    fetcher,
                    urls,
                    self.now(),
                    backfill=backfill,
                    policy=self.poll_policy(),
                )

        return asyncio.run(run())

    def inspect_feed(
        self, url: str, split: str | None = None
    ) -> tuple[str, str, list[InspectedPost]]:
        """The feed's address, the split mode used, and how each post is cut: with the
        boilerplate learned so far and the feed's split mode when it is stored (`split`
        tries another). Nothing is written."""
        from digest import store
        from digest.db import transaction
        from digest.ingest import inspect_feed, normalise_feed_url, read_feed

        async def run() -> tuple[str, ParsedFeed]:
            async with self.fetching() as fetcher:
                return await read_feed(fetcher, url)

        found_url, parsed = asyncio.run(run())
        with transaction(self.sessions) as session:
            stored = store.feeds(session, normalise_feed_url(found_url))
            known = list(stored[0].boilerplate or []) if stored else []
            split = split or (stored[0].split if stored else "auto")
        return found_url, split, inspect_feed(parsed, known, split)

    def poll(
        self,
        *,
        feed_url: str | None = None,
        force: bool = False,
        on_result: Callable[[PollResult], None] | None = None,
        instant: InstantMatcher | None = None,
    ) -> list[PollResult]:
        from digest.ingest import poll_feeds

        async def run() -> list[PollResult]:
            async with self.fetching() as fetcher:
                return await poll_feeds(
                    self.sessions,
                    fetcher,
                    self.now(),
                    feed_url=feed_url,
                    force=force,
                    policy=self.poll_policy(),
                    on_result=on_result,
                    workers=self.settings.parse_workers,  # 0: as many as pay
                    instant=instant,
                )

        return asyncio.run(run())

    def _fetch_tls(self) -> ssl.SSLContext:
        """One TLS context for every poll of this runtime (the scheduler polls each minute)."""
        if self.fetch_tls is None:
            import httpx

            self.fetch_tls = httpx.create_ssl_context()
        return self.fetch_tls

    def mailer(self) -> Mailer:
        if self.mailer_factory is not None:
            return self.mailer_factory(self.settings)
        from digest.mail import SmtpMailer

        return SmtpMailer.from_settings(self.settings)  # SmtpMailer(smtp_settings(settings))

    def close(self) -> None:
        self.engine.dispose()
