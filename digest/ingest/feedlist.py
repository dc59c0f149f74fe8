"""Add many feeds at once (an OPML import), each as `add_feed` adds one.

They are fetched concurrently under one fetcher, which bounds how many requests run at
once and keeps to one at a time per host. A feed that fails is reported with its reason
and never stops the others; a feed already there is skipped without being fetched.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from digest.db import transaction
from digest.errors import AlreadyExists, DigestError
from digest.ingest.fetch import Fetcher, normalise_feed_url
from digest.ingest.poll import PollPolicy, PollResult, add_feed
from digest.models import Feed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedsAdded:
    """What became of each address: added (with what was stored), skipped, or failed."""

    added: tuple[PollResult, ...] = ()
    skipped: tuple[str, ...] = ()
    #: (address, why) for each feed that could not be added.
    failed: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "added": [
                {
                    "url": r.feed,
                    "new_posts": r.new_posts,
                    "new_sections": r.new_sections,
                    "warning": r.error,
                }
                for r in self.added
            ],
            "skipped": list(self.skipped),
            "failed": [{"url": url, "error": error} for url, error in self.failed],
        }


async def add_feeds(
    sessions: sessionmaker[Session],
    fetcher: Fetcher,
    urls: Sequence[str],
    now: datetime,
    *,
    backfill: bool = False,
    policy: PollPolicy | None = None,
) -> FeedsAdded:
    """Add each feed not there yet: validated by fetching it, its posts kept as archive
    (delivered only with `backfill`)."""
    wanted: dict[str, None] = {}
    failed: list[tuple[str, str]] = []
    for url in urls:
        try:
            wanted[normalise_feed_url(url)] = None
        except DigestError as exc:
            failed.append((url, str(exc)))
    present = _present(sessions, list(wanted))
    skipped = [url for url in wanted if url in present]

    async def add(url: str) -> PollResult | str | Exception:
        try:
            return await add_feed(sessions, fetcher, url, now, backfill=backfill, policy=policy)
        except (AlreadyExists, IntegrityError):  # found there under the address it moved to
            return url
        except Exception as exc:  # reported against this feed, the others carry on
            return exc

    fresh = [url for url in wanted if url not in present]
    added: list[PollResult] = []
    for url, outcome in zip(fresh, await asyncio.gather(*map(add, fresh)), strict=True):
        if isinstance(outcome, PollResult):
            added.append(outcome)
        elif isinstance(outcome, str):
            skipped.append(outcome)
        else:
            failed.append((url, _reason(url, outcome)))
    return FeedsAdded(tuple(added), tuple(skipped), tuple(failed))


def _present(sessions: sessionmaker[Session], urls: list[str]) -> set[str]:
    found: set[str] = set()
    with transaction(sessions) as session:
        for start in range(0, len(urls), 500):
            chunk = urls[start : start + 500]
            found.update(session.scalars(select(Feed.url).where(Feed.url.in_(chunk))))
    return found


def _reason(url: str, error: Exception) -> str:
    if isinstance(error, DigestError):
        return str(error)
    log.error("adding %s failed", url, exc_info=error)
    return f"internal error: {error!r}"
