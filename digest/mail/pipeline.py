"""A send run end to end: digests composed and rendered in worker processes, sent from here.

`digest send` and the scheduler's sends come here. The subscribers are cut into chunks
(`digest.mail.bulk.CHUNK`); a worker composes a chunk in one short transaction, queueing
its digests already leased to this run, renders their messages outside it, and hands the
finished bytes back; this process keeps several SMTP connections busy with them while the
workers compose the next chunks. Memory stays flat whatever the audience: a few chunks are
in flight at any time.

Nothing is lost or sent twice: a chunk's deliveries are in the outbox before any of them
is sent, each is recorded sent by its lease holder only, and whatever this run leaves
unsent (a pause, the deadline, a signal, a crash) is given back to the outbox or, after a
crash, waits out its lease and is sent by the next run.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from digest.config import Settings
from digest.db import create_db_engine, read_transaction, session_factory
from digest.errors import InvalidAddress
from digest.mail import bulk, outbox
from digest.mail.bulk import Composed, Lease, chunks, compose_chunk, window_opening
from digest.mail.compose import DigestRules, Window
from digest.mail.deliver import (
    Clock,
    Letter,
    Prepared,
    SendOutcome,
    SendReport,
    dkim_key,
    letter_message,
    send_due,
)
from digest.mail.render import Period
from digest.mail.retries import Verdict
from digest.mail.sending import Queued, queued
from digest.mail.smtp import Mailer
from digest.types import DeliveryKind, DeliveryStatus
from digest.workers import worker_pool

#: Below this many chunks, composing happens in this process: starting workers would
#: cost more than they save.
MIN_CHUNKS_FOR_WORKERS = 4

#: What a composer hears of each chunk: the subscribers' notes (a progress bar, a report).
OnQueued = Callable[[Sequence[Queued]], None]


@dataclass(frozen=True)
class SendJob:
    """What every composer of one send run needs; the same for all its chunks."""

    settings: Settings
    rules: DigestRules
    now: datetime
    scheduled: bool
    window_start: datetime
    #: The run's lease on the deliveries it queues; None queues them for any worker.
    lease: Lease | None


@dataclass(frozen=True)
class ChunkDone:
    """A composed chunk: each subscriber's note, and its messages ready to send (or the
    outcome of a delivery whose message could not be made)."""

    queued: list[Queued]
    ready: list[Prepared | SendOutcome]


class Composer:
    """Composes and renders chunks for one send run, with its own database connection
    and one analysed window of sections for all of them."""

    def __init__(self, job: SendJob) -> None:
        self.job = job
        self.engine = create_db_engine(job.settings.database_url)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        with read_transaction(self.sessions) as session:
            self.window = Window.load(session, job.window_start)
        self.key = dkim_key(job.settings)

    def compose(self, subscriber_ids: Sequence[int]) -> ChunkDone:
        job = self.job
        composed = compose_chunk(
            self.sessions,
            subscriber_ids,
            job.now,
            job.rules,
            self.window,
            scheduled=job.scheduled,
            lease=job.lease,
        )
        ready = [self._ready(c) for c in composed if c.delivery_id is not None and job.lease]
        return ChunkDone([queued(c) for c in composed], ready)

    def _ready(self, composed: Composed) -> Prepared | SendOutcome:
        """The message of a digest just queued, from what composing it computed."""
        reader, job = composed.reader, self.job
        assert composed.delivery_id is not None and job.lease is not None
        start = composed.previous_at or reader.created_at - job.rules.lookback
        letter = Letter(
            reader,
            composed.delivery_id,
            composed.period_key,
            DeliveryKind.DIGEST,
            composed.views,
            composed.overflow,
            Period(start, job.now, reader.timezone),
        )
        try:
            message = letter_message(job.settings, letter, job.now, self.key)
        except InvalidAddress as exc:  # this subscriber's address is at fault
            return self._failed(composed.delivery_id, reader.email, str(exc))
        message = message.ready_for_the_wire()  # here, not in the process that sends
        sections = len(letter.views)
        return Prepared(composed.delivery_id, reader.id, reader.email, 0, message, sections)

    def _failed(self, delivery_id: int, to: str, reason: str) -> SendOutcome:
        job = self.job
        assert job.lease is not None
        settings = job.settings
        bounces = outbox.Bounces(settings.bounce_limit_unknown_user, settings.bounce_limit)
        failed = Verdict(DeliveryStatus.FAILED, None)
        outbox.record_failure(
            self.sessions,
            job.lease.owner,
            delivery_id,
            failed,
            reason,
            None,
            None,
            job.now,
            bounces,
        )
        return SendOutcome(delivery_id, to, DeliveryStatus.FAILED, 0, reason)

    def close(self) -> None:
        self.engine.dispose()


async def composed_digests(
    job: SendJob,
    subscriber_ids: Sequence[int],
    workers: int,
    on_queued: OnQueued | None = None,
) -> AsyncGenerator[Sequence[Prepared | SendOutcome], None]:
    """Compose every chunk of `subscriber_ids`, in order, a few chunks ahead of the one
    being sent; yield each chunk's messages as it is done. Closing the generator stops
    composing once the chunks under way are done."""
    with _composing(job, workers, len(subscriber_ids)) as (compose, ahead):
        pending: deque[asyncio.Future[ChunkDone]] = deque()
        try:
            for chunk in chunks(subscriber_ids):
                pending.append(asyncio.ensure_future(compose(chunk)))
                if len(pending) >= ahead:
                    yield _heard(await pending.popleft(), on_queued)
            while pending:
                yield _heard(await pending.popleft(), on_queued)
        finally:  # whatever was composed and not taken waits in the outbox, leased
            for future in pending:
                future.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


def _heard(done: ChunkDone, on_queued: OnQueued | None) -> list[Prepared | SendOutcome]:
    if on_queued is not None:
        on_queued(done.queued)
    return done.ready


@contextmanager
def _composing(
    job: SendJob, workers: int, subscribers: int
) -> Iterator[tuple[Callable[[Sequence[int]], Awaitable[ChunkDone]], int]]:
    """How to compose a chunk, and how many chunks to keep under way: worker processes
    when the send is large enough to repay starting them, else a thread of this one."""
    count = (os.cpu_count() or 1) if workers == 0 else workers
    if count < 2 or subscribers < MIN_CHUNKS_FOR_WORKERS * bulk.CHUNK:
        composer: Composer | None = None

        async def here(chunk: Sequence[int]) -> ChunkDone:
            nonlocal composer
            if composer is None:
                composer = await asyncio.to_thread(Composer, job)
            return await asyncio.to_thread(composer.compose, chunk)

        try:
            yield here, 1
        finally:
            if composer is not None:
                composer.close()
        return
    pool = worker_pool(count, ["digest.mail.pipeline"], _start, (job,))

    async def there(chunk: Sequence[int]) -> ChunkDone:
        # Submitted from a thread: the first submission starts the workers, which takes a
        # moment the event loop (sending what is composed) should not wait out.
        future = await asyncio.to_thread(pool.submit, _compose_here, list(chunk))
        return await asyncio.wrap_future(future)

    try:
        yield there, count + 1  # one chunk waiting for each worker, and the one being sent
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_composer: Composer | None = None  # a worker process's own


def _start(job: SendJob) -> None:
    global _composer
    _composer = Composer(job)


def _compose_here(subscriber_ids: list[int]) -> ChunkDone:
    assert _composer is not None, "started by the pool's initializer"
    return _composer.compose(subscriber_ids)


async def send_digests(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    settings: Settings,
    clock: Clock,
    rules: DigestRules,
    subscriber_ids: Sequence[int],
    now: datetime,
    *,
    scheduled: bool,
    drain_ids: Sequence[int] | None,
    handle_signals: bool = False,
    should_stop: Callable[[], bool] | None = None,
    on_queued: OnQueued | None = None,
    on_outcome: Callable[[SendOutcome], None] | None = None,
    keep_outcomes: bool = True,
) -> SendReport:
    """Compose the subscribers' digests and send each as soon as it is composed; then send
    whatever else is due in the outbox (of `drain_ids` only, if given). `on_queued` hears
    each chunk's notes, `on_outcome` each delivery's outcome, as `send_due` says; a caller
    that keeps what it hears passes `keep_outcomes=False`, so that a run's memory does not
    grow with its audience."""
    worker = outbox.worker_name()
    # While delivery is paused, digests are queued for whichever run probes the server.
    leased = outbox.pause(sessions) is None
    owner = worker if leased else None
    job = send_job(
        sessions, settings, rules, subscriber_ids, now, scheduled=scheduled, worker=owner
    )
    composed = composed_digests(job, subscriber_ids, settings.send_workers, on_queued)
    if not leased:
        async for _ in composed:
            pass
    return await send_due(
        sessions,
        mailer,
        settings,
        clock,
        subscriber_ids=drain_ids,
        worker=worker,
        handle_signals=handle_signals,
        should_stop=should_stop,
        on_outcome=on_outcome,
        composed=composed if leased else None,
        keep_outcomes=keep_outcomes,
    )


def send_job(
    sessions: sessionmaker[Session],
    settings: Settings,
    rules: DigestRules,
    subscriber_ids: Sequence[int],
    now: datetime,
    *,
    scheduled: bool,
    worker: str | None,
) -> SendJob:
    """A run's job: its window opens where the earliest of its subscribers' opens; its
    deliveries are leased to `worker`, which sends them (None: queued for any worker)."""
    with read_transaction(sessions) as session:
        start = window_opening(session, subscriber_ids, rules, now)
    lease = None if worker is None else Lease(worker, now + outbox.LEASE)
    return SendJob(settings, rules, now, scheduled, start, lease)
