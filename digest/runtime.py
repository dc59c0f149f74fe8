"""The one composition root: settings in, sessions, fetcher, mailer and clock out.

Tests swap the fetcher, the mailer or the clock here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from digest.config import Settings
from digest.db import check_schema, create_db_engine, session_factory
from digest.fetch import Fetcher, HttpFetcher
from digest.smtp import Mailer, SmtpMailer, parse_smtp_url

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
    _fetcher: Fetcher | None = field(default=None, init=False)

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
        return cls(
            settings, engine, session_factory(engine), clock, fetcher_factory, mailer_factory
        )

    @property
    def lookback(self) -> timedelta:
        return timedelta(days=self.settings.lookback_days)

    def now(self) -> datetime:
        return self.clock()

    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            if self.fetcher_factory is not None:
                self._fetcher = self.fetcher_factory(self.settings)
            else:
                self._fetcher = HttpFetcher(
                    timeout=self.settings.fetch_timeout, user_agent=self.settings.user_agent
                )
        return self._fetcher

    def mailer(self) -> Mailer:
        if self.mailer_factory is not None:
            return self.mailer_factory(self.settings)
        return SmtpMailer(parse_smtp_url(self.settings.smtp_url, self.settings.smtp_timeout))

    def close(self) -> None:
        if isinstance(self._fetcher, HttpFetcher):
            self._fetcher.close()
        self.engine.dispose()
