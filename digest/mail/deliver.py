"""Send what the outbox holds: claim deliveries, render each, hand it to SMTP, record it.

Any number of workers may run at once, on any machines: each claims a batch of due deliveries
with a lease (`digest.mail.outbox`), and only the lease holder records what became of one. A
delivery is marked sent the moment the server takes it; a worker that dies in between leaves a
lease that runs out, and a later run sends the same message again with the same Message-ID: at
worst one duplicate per crash, never a lost digest.

A server-wide failure (the connection, TLS, the login, a refused sender, 421, a timeout)
pauses delivery: no message is charged for it, the untried ones stay queued as they were, and
the first run after the pause's probe time tries again. Only a recipient's own answer counts
against a message (`digest.mail.retries`).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections import Counter, deque
from collections.abc import AsyncGenerator, Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from digest import store
from digest.config import Settings
from digest.db import read_transaction, transaction
from digest.errors import ConfigError, DeliveryError, InvalidAddress
from digest.mail import outbox
from digest.mail.message import (
    DkimKey,
    Envelope,
    OutgoingMessage,
    build_message,
    redirected,
    sender_domain,
    sign_message,
)
from digest.mail.outbox import Bounces, Pause
from digest.mail.render import DigestContext, Links, Period, Templates, render_digest
from digest.mail.retries import Failure, Verdict, judge, retry_delay
from digest.mail.smtp import Mailer
from digest.matching.filters import section_document, subscriber_filters
from digest.matching.score import Collection, match_filters
from digest.models import Delivery, Subscriber
from digest.tokens import make_token
from digest.types import (
    DeliveryKind,
    DeliveryStatus,
    RenderedMessage,
    SectionView,
    SubscriberStatus,
)

#: Deliveries a worker claims at once: enough to keep its connections busy, few enough that
#: a worker that stops leaves little to wait out a lease.
BATCH = 50
#: Messages rendered ahead of the connections: enough that none waits for the composer.
COMPOSED_AHEAD = 256
#: How long a commit of composed messages gathers more before it records them all.
GROUP_WINDOW = 0.05
#: The most messages a send may have handed to the server without having recorded them.
MAX_UNRECORDED = 500
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SendOutcome:
    delivery_id: int
    to: str
    status: DeliveryStatus
    sections: int
    error: str | None = None
    #: Of a sent message: seconds from leaving the outbox (rendering included) to the
    #: server's acceptance.
    seconds: float | None = None


#: Batches of a composer's messages (or outcomes of those it could not render) as they
#: are ready: see `send_due`.
Composed = AsyncGenerator[Sequence["Prepared | SendOutcome"], None]


@dataclass
class SendReport:
    """What a run did: a result per delivery it tried (unless the caller hears them one by
    one and keeps none: `keep_outcomes`), how many of each status, and why it stopped early,
    if it did."""

    outcomes: list[SendOutcome] = field(default_factory=list)
    counts: Counter[DeliveryStatus] = field(default_factory=Counter)
    keep_outcomes: bool = True
    #: Delivery is paused, by this run or before it: nothing more goes out until `probe_at`.
    pause: Pause | None = None
    #: Deliveries claimed and not tried (paused, deadline, signal): queued as they were.
    released: int = 0
    #: "deadline" or "signal" when the run stopped before the outbox was empty.
    stopped: str | None = None


def links_for(
    settings: Settings, subscriber_id: int, token_version: int, delivery_id: int | None = None
) -> Links:
    token = make_token(settings.secret_key, subscriber_id, token_version)
    return _links(settings, token, delivery_id)


def _links(settings: Settings, token: str, delivery_id: int | None = None) -> Links:
    """The pages a message links to; a digest or notification also to its browser view."""
    base = settings.base_url.rstrip("/")
    return Links(
        preferences=f"{base}/preferences/{token}",
        unsubscribe=f"{base}/unsubscribe/{token}",
        browser=f"{base}/view/{token}/{delivery_id}" if delivery_id is not None else None,
        confirm=f"{base}/confirm/{token}",
        stop=f"{base}/stop/{token}",
    )


class Recipient(Protocol):
    """Whom a message is for: a subscriber's row, or a record read in bulk."""

    @property
    def id(self) -> int: ...

    @property
    def email(self) -> str: ...

    @property
    def token_version(self) -> int: ...


def render_for(
    settings: Settings,
    subscriber: Recipient,
    views: Sequence[SectionView],
    overflow: int = 0,
    kind: str = DeliveryKind.DIGEST,
    links: Links | None = None,
    budget: int | None = None,
    more: Sequence[SectionView] = (),
    period: Period | None = None,
) -> RenderedMessage:
    """A subscriber's digest rendered with the operator's templates, address and budget
    (or `budget`, and the stories past its caps, `more`, for its browser view). Views
    marked `missed` go under "What you missed"; `period` heads it in the masthead."""
    context = DigestContext(
        email=subscriber.email,
        sections=[view for view in views if not view.missed],
        links=links or links_for(settings, subscriber.id, subscriber.token_version),
        site_name=settings.site_name,
        postal_address=settings.postal_address,
        overflow=overflow,
        more=more,
        missed=[view for view in views if view.missed],
        period=period,
    )
    templates = Templates(settings.template_dir or None)
    budget = settings.max_email_bytes if budget is None else budget
    return render_digest(context, templates, budget=budget, kind=kind)


def compose_message(
    session: Session,
    delivery: Delivery,
    settings: Settings,
    now: datetime,
    dkim_key: DkimKey | None = None,
) -> tuple[OutgoingMessage, int]:
    """The message for a queued delivery, read back from the outbox, and how many sections
    it holds; signed with `dkim_key`."""
    subscriber = delivery.subscriber
    listing = store.delivery_listing(session, delivery.id)
    views = section_views(session, subscriber, listing.shown, listing.missed)
    kind: str = delivery.kind
    if kind == DeliveryKind.CONFIRMATION and subscriber.status == SubscriberStatus.ACTIVE:
        kind = "link"  # a fresh link they asked for: nothing to confirm
    letter = Letter(
        subscriber,
        delivery.id,
        delivery.period_key,
        kind,
        views,
        len(listing.overflow),
        delivery_period(session, settings, delivery),
    )
    return letter_message(settings, letter, now, dkim_key), len(views)


@dataclass(frozen=True)
class Letter:
    """Everything a delivery's message is made from."""

    to: Recipient
    delivery_id: int
    period_key: str
    kind: str
    views: Sequence[SectionView]
    overflow: int
    period: Period | None


def letter_message(
    settings: Settings, letter: Letter, now: datetime, dkim_key: DkimKey | None = None
) -> OutgoingMessage:
    """A delivery's message, rendered, built and (with `dkim_key`) signed."""
    to = letter.to
    token = make_token(settings.secret_key, to.id, to.token_version)
    browsable = letter.kind not in (DeliveryKind.CONFIRMATION, "link")
    links = _links(settings, token, letter.delivery_id if browsable else None)
    rendered = render_for(
        settings,
        to,
        letter.views,
        letter.overflow,
        kind=letter.kind,
        links=links,
        period=letter.period,
    )
    envelope = Envelope(
        sender=settings.from_address,
        to=to.email,
        list_id=f"digest.{sender_domain(settings.from_address)}",
        unsubscribe_url=links.unsubscribe,
        date=now,
        message_key=f"delivery:{letter.delivery_id}:{letter.period_key}",
        unsubscribe_mailto=settings.unsubscribe_mailto,
        unsubscribe_token=token,
        site_name=settings.site_name,
    )
    message = build_message(rendered, envelope)
    return message if dkim_key is None else sign_message(message, dkim_key)


def delivery_period(session: Session, settings: Settings, delivery: Delivery) -> Period | None:
    """What a digest covers, for its masthead: from the subscriber's previous digest (or,
    for their first, from when they joined less the look-back) to its own composing. A
    notification is of its day; a confirmation covers nothing."""
    subscriber, end = delivery.subscriber, delivery.created_at
    if delivery.kind == DeliveryKind.CONFIRMATION:
        return None
    start = end
    if delivery.kind == DeliveryKind.DIGEST:
        previous = store.previous_digest_at(session, subscriber.id, end)
        joined = subscriber.created_at - timedelta(days=settings.lookback_days)
        start = previous or joined
    return Period(start, end, subscriber.timezone)


def section_views(
    session: Session,
    subscriber: Subscriber,
    section_ids: Sequence[int],
    missed: Container[int] | None = None,
) -> list[SectionView]:
    """Sections of one of the subscriber's deliveries, in order, each with why it is there
    by their filters now (none, if those changed since it was queued). Those in `missed`
    (read from the deliveries when not given) are marked as "What you missed"."""
    if missed is None:
        missed = store.missed_section_ids(session, subscriber.id, section_ids)
    filters = subscriber_filters(subscriber)
    by_id = store.sections_by_id(session, section_ids)
    sections = [by_id[section_id] for section_id in section_ids]
    documents = [section_document(section) for section in sections]
    collection = Collection(documents)
    views: list[SectionView] = []
    for section, document in zip(sections, documents, strict=True):
        verdict = match_filters(filters, document, collection)
        if verdict is None:
            view = store.section_view(section)
        else:
            view = store.section_view(section, score=verdict.score, reasons=verdict.reasons)
        views.append(replace(view, missed=True) if section.id in missed else view)
    return views


def dkim_key(settings: Settings) -> DkimKey | None:
    """The configured DKIM key, read once per run (a rotated key is used from the next)."""
    if not settings.dkim_selector:
        return None
    path = settings.dkim_key_file
    try:
        pem = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read dkim_key_file {path}: {exc.strerror}") from None
    return DkimKey(settings.dkim_selector, pem)


async def send_due(
    sessions: sessionmaker[Session],
    mailer: Mailer,
    settings: Settings,
    clock: Clock,
    *,
    subscriber_ids: Sequence[int] | None = None,
    worker: str | None = None,
    handle_signals: bool = False,
    should_stop: Callable[[], bool] | None = None,
    on_outcome: Callable[[SendOutcome], None] | None = None,
    composed: Composed | None = None,
    keep_outcomes: bool = True,
) -> SendReport:
    """Send every delivery that is due (of `subscriber_ids` only, if given) until the outbox
    is empty, the run's deadline passes, or delivery pauses. With `handle_signals`, SIGTERM
    and SIGINT stop it cleanly: nothing more is claimed, what is in flight is finished, and
    the rest is given back. `should_stop` does the same from another thread (the scheduler's
    shutdown): it is asked between messages. `on_outcome` hears of each delivery's outcome
    once it is recorded (a progress bar).

    `composed` hands over messages already rendered, for deliveries its composer queued
    leased to `worker`: they are sent first, as they come, and whatever of them is left
    unsent goes back to the outbox for the pass that follows."""
    report = SendReport(keep_outcomes=keep_outcomes)
    paused = outbox.pause(sessions)
    if paused is not None and clock() < paused.probe_at:
        report.pause = paused
        return report
    if settings.dry_run_delivery:
        mailer = _Discarding()
    run = _Run(sessions, mailer, settings, clock, worker or outbox.worker_name(), report)
    run.probing = paused is not None
    run.should_stop = should_stop or (lambda: False)
    run.on_outcome = on_outcome
    with _stopped_by_signals(run) if handle_signals else contextlib.nullcontext():
        async with mailer:
            if composed is not None:
                await run.send_composed(composed)
            await run.drain(subscriber_ids)
    return report


class _Discarding:
    """`dry_run_delivery`: every message rendered and recorded as sent, none handed to SMTP."""

    async def __aenter__(self) -> _Discarding:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def send(self, message: OutgoingMessage) -> None:
        return None


@contextlib.contextmanager
def _stopped_by_signals(run: _Run) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for number in signals:
        loop.add_signal_handler(number, run.stop, "signal")
    try:
        yield
    finally:
        for number in signals:
            loop.remove_signal_handler(number)


@dataclass(frozen=True)
class Prepared:
    """A delivery ready to go: its message, and what recording its outcome needs."""

    delivery_id: int
    subscriber_id: int
    to: str
    attempts: int
    message: OutgoingMessage
    sections: int


class _Run:
    """One worker's pass over the outbox: claims in batches, sends on every connection."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        mailer: Mailer,
        settings: Settings,
        clock: Clock,
        worker: str,
        report: SendReport,
    ) -> None:
        self.sessions, self.mailer, self.settings = sessions, mailer, settings
        self.clock, self.worker, self.report = clock, worker, report
        self.key = dkim_key(settings)
        self.bounces = Bounces(settings.bounce_limit_unknown_user, settings.bounce_limit)
        self.max_age = timedelta(seconds=settings.retry_max_age)
        self.deadline = time.monotonic() + settings.send_deadline
        self.probing = False
        self.should_stop: Callable[[], bool] = lambda: False
        self.on_outcome: Callable[[SendOutcome], None] | None = None
        self.halted: str | None = None  # why no more messages are taken
        self.server_failure: str | None = None
        self.recorder = _SentRecorder(sessions, worker, clock)

    def stop(self, why: str) -> None:
        if self.halted is None:
            self.halted = why
            self.report.stopped = why

    async def send_composed(self, composed: Composed) -> None:
        """Send the composer's messages on every connection as they come; then give back
        to the outbox whatever of its deliveries was not tried, and pause if the server
        failed."""
        waiting: asyncio.Queue[Prepared | None] = asyncio.Queue(COMPOSED_AHEAD)
        lanes_count = max(1, self.settings.smtp_connections)
        lanes = [asyncio.create_task(self._composed_lane(waiting)) for _ in range(lanes_count)]
        producer = asyncio.create_task(self._take_composed(composed, waiting, lanes_count))
        try:
            await asyncio.gather(producer, *lanes)
        finally:
            for task in (producer, *lanes):
                task.cancel()
            await asyncio.gather(producer, *lanes, return_exceptions=True)
            await self.recorder.settled()  # what the server took is recorded, not given back
            self.report.released += outbox.release_owned(self.sessions, self.worker)
        if self.server_failure is not None:
            self.report.pause = outbox.pause_delivery(
                self.sessions, self.server_failure, self.clock()
            )

    async def _take_composed(
        self, composed: Composed, waiting: asyncio.Queue[Prepared | None], lanes: int
    ) -> None:
        async with contextlib.aclosing(composed) as batches:
            async for batch in batches:
                departed = await asyncio.to_thread(self._departed, batch)
                for item in batch:
                    if isinstance(item, SendOutcome):  # settled by the composer
                        self._heard(item)
                    elif (reason := departed.get(item.subscriber_id)) is not None:
                        self._heard(await asyncio.to_thread(self._cancel, item, reason))
                    else:
                        await waiting.put(item)
                if self.halted is not None:
                    break
        for _ in range(lanes):
            await waiting.put(None)

    def _departed(self, batch: Sequence[Prepared | SendOutcome]) -> dict[int, str]:
        """Why each subscriber of a composed batch who left (or bounced) since composing
        must not get their digest: one question for the batch, just before it is sent."""
        ids = [item.subscriber_id for item in batch if isinstance(item, Prepared)]
        if not ids:
            return {}
        with read_transaction(self.sessions) as session:
            changed = store.statuses_other_than(session, ids, SubscriberStatus.ACTIVE)
        reasons = {id_: unwanted(status, DeliveryKind.DIGEST) for id_, status in changed.items()}
        return {id_: reason for id_, reason in reasons.items() if reason is not None}

    def _cancel(self, prepared: Prepared, reason: str) -> SendOutcome:
        outbox.cancel(self.sessions, self.worker, prepared.delivery_id, reason)
        return SendOutcome(prepared.delivery_id, prepared.to, DeliveryStatus.CANCELLED, 0, reason)

    async def _composed_lane(self, waiting: asyncio.Queue[Prepared | None]) -> None:
        while (prepared := await waiting.get()) is not None:
            if self._halting():
                continue  # left leased: given back with the rest
            outcome = await self.transmit(prepared, self.clock(), time.monotonic(), wait=False)
            if outcome is not None:
                self._heard(outcome)

    def _halting(self) -> bool:
        """Whether to take no more messages: stopped, signalled, or past the deadline."""
        if self.halted is None and self.should_stop():
            self.stop("signal")
        if self.halted is None and time.monotonic() > self.deadline:
            self.stop("deadline")
        return self.halted is not None

    def _heard(self, outcome: SendOutcome) -> None:
        self.report.counts[outcome.status] += 1
        if self.report.keep_outcomes:
            self.report.outcomes.append(outcome)
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    async def drain(self, subscriber_ids: Sequence[int] | None) -> None:
        """Claim and send due deliveries (of `subscriber_ids` only, if given, a group of
        them at a time: a statement may carry only so many values) until none is left."""
        if subscriber_ids is None:
            await self._drain(None)
            return
        for group in store.id_groups(subscriber_ids):
            if self.halted is not None:
                break
            await self._drain(group)

    async def _drain(self, subscriber_ids: Sequence[int] | None) -> None:
        while not self._halting():
            limit = 1 if self.probing else BATCH  # a paused server is probed with one message
            ids = outbox.claim(self.sessions, self.worker, self.clock(), limit, subscriber_ids)
            if not ids:
                break
            await self._send_batch(ids)
            if self.server_failure is not None:
                self.report.pause = outbox.pause_delivery(
                    self.sessions, self.server_failure, self.clock()
                )
            elif self.probing:
                outbox.resume_delivery(self.sessions)
                self.probing = False

    async def _send_batch(self, ids: Sequence[int]) -> None:
        waiting = deque(ids)
        lanes = min(self.settings.smtp_connections, len(ids))
        try:
            await asyncio.gather(*(self._lane(waiting) for _ in range(lanes)))
        finally:  # whatever was not tried, for any reason, goes back as it was
            self.report.released += outbox.release(self.sessions, self.worker, list(waiting))

    async def _lane(self, waiting: deque[int]) -> None:
        while waiting and not self._halting():
            delivery_id = waiting.popleft()
            try:
                outcome = await self._deliver(delivery_id)
            except BaseException:
                waiting.appendleft(delivery_id)  # released with the rest
                raise
            if outcome is not None:
                self._heard(outcome)

    async def _deliver(self, delivery_id: int) -> SendOutcome | None:
        now, began = self.clock(), time.monotonic()
        # Rendering runs beside the event loop, so that a server's "250" is recorded the moment
        # it arrives, not after other messages' rendering: the window in which a crash makes a
        # duplicate stays a database commit long.
        prepared = await asyncio.to_thread(self._prepare, delivery_id, now)
        if isinstance(prepared, SendOutcome):
            return prepared
        return await self.transmit(prepared, now, began)

    async def transmit(
        self, prepared: Prepared, now: datetime, began: float, *, wait: bool = True
    ) -> SendOutcome | None:
        """Hand a prepared message to the server and record what became of it (without
        `wait`, the record is made by a later group commit: `_SentRecorder`)."""
        message = prepared.message
        if self.settings.redirect_to:
            message = redirected(message, self.settings.redirect_to)
        try:
            await self.mailer.send(message)
        except DeliveryError as exc:
            return self._failed(prepared, exc, now)
        await self.recorder.sent(
            prepared.delivery_id, prepared.subscriber_id, message.message_id, wait=wait
        )
        return SendOutcome(
            prepared.delivery_id,
            prepared.to,
            DeliveryStatus.SENT,
            prepared.sections,
            seconds=time.monotonic() - began,
        )

    def _prepare(self, delivery_id: int, now: datetime) -> SendOutcome | Prepared:
        """The message to send, or the outcome of a delivery that must not go out."""
        with transaction(self.sessions) as session:
            delivery = store.delivery(session, delivery_id)
            to, attempts = delivery.subscriber.email, delivery.attempts
            subscriber_id = delivery.subscriber_id
            reason = unwanted(delivery.subscriber.status, delivery.kind)
            if reason is None:
                try:
                    message, count = compose_message(
                        session, delivery, self.settings, now, self.key
                    )
                except InvalidAddress as exc:  # this subscriber's address is at fault
                    reason = str(exc)
                else:
                    return Prepared(delivery_id, subscriber_id, to, attempts, message, count)
        if reason.startswith("cancelled"):
            outbox.cancel(self.sessions, self.worker, delivery_id, reason)
            return SendOutcome(delivery_id, to, DeliveryStatus.CANCELLED, 0, reason)
        failed = Verdict(DeliveryStatus.FAILED, None)
        outbox.record_failure(
            self.sessions, self.worker, delivery_id, failed, reason, None, None, now, self.bounces
        )
        return SendOutcome(delivery_id, to, DeliveryStatus.FAILED, 0, reason)

    def _failed(self, p: Prepared, exc: DeliveryError, now: datetime) -> SendOutcome | None:
        delivery_id, attempts = p.delivery_id, p.attempts
        if exc.server_wide:
            self.server_failure = self.server_failure or str(exc)
            self.stop("paused")
            if exc.in_flight:  # the server choked on this message, maybe: count the try
                retry_at = now + retry_delay(attempts + 1)
                outbox.charge_attempt(self.sessions, self.worker, delivery_id, str(exc), retry_at)
            else:
                self.report.released += outbox.release(self.sessions, self.worker, [delivery_id])
            return None
        failure = Failure(exc.permanent, exc.code, exc.status)
        verdict = judge(failure, attempts + 1, now, self.max_age)
        outbox.record_failure(
            self.sessions,
            self.worker,
            delivery_id,
            verdict,
            str(exc),
            exc.code,
            exc.status,
            now,
            self.bounces,
        )
        return SendOutcome(delivery_id, p.to, verdict.status, p.sections, str(exc))


class _SentRecorder:
    """Records sent messages in as few commits as the database allows.

    A message is recorded the moment its commit can start: while one commit runs, the
    messages the server takes meanwhile wait for the next, which records them all (a
    group commit). At one commit per message, the commits, not the server, would set
    the pace.

    A sender that waits for its record (`sent(..., wait=True)`: a crash then makes at most
    one duplicate a connection) waits one commit. A send run's composed messages do not
    wait: each commit first gathers what the server takes in `GROUP_WINDOW`, so a commit
    records dozens of messages, not one or two, and a crash makes duplicates of at most
    `GROUP_WINDOW` and one commit's worth of messages (never more than `MAX_UNRECORDED`).
    `settled` waits until all is recorded: before anything is given back to the outbox.
    """

    def __init__(self, sessions: sessionmaker[Session], worker: str, clock: Clock) -> None:
        self.sessions, self.worker, self.clock = sessions, worker, clock
        self._waiting: list[tuple[outbox.Sent, asyncio.Future[None] | None]] = []
        self._committing: asyncio.Task[None] | None = None
        self._failure: Exception | None = None  # a commit's: nothing more is recorded

    async def sent(
        self, delivery_id: int, subscriber_id: int, message_id: str, *, wait: bool = True
    ) -> None:
        if self._failure is not None:
            raise self._failure
        done = asyncio.get_running_loop().create_future() if wait else None
        self._waiting.append((outbox.Sent(delivery_id, subscriber_id, message_id), done))
        if self._committing is None:
            gather = 0.0 if wait else GROUP_WINDOW
            self._committing = asyncio.create_task(self._commit_all(gather))
        if done is not None:
            await done
        elif len(self._waiting) >= MAX_UNRECORDED:
            await self.settled()

    async def settled(self) -> None:
        """Wait until every message handed in is recorded; a failed commit raises here."""
        while (committing := self._committing) is not None:
            await asyncio.shield(committing)
        if self._failure is not None:
            raise self._failure

    async def _commit_all(self, gather: float) -> None:
        try:
            while self._waiting:
                if gather and len(self._waiting) < MAX_UNRECORDED:
                    await asyncio.sleep(gather)
                batch, self._waiting = self._waiting, []
                try:
                    await asyncio.to_thread(
                        outbox.mark_sent_many,
                        self.sessions,
                        self.worker,
                        [sent for sent, _ in batch],
                        self.clock(),
                    )
                except asyncio.CancelledError:
                    for _, done in batch:
                        if done is not None:
                            done.cancel()
                    raise
                except Exception as exc:  # told to the waiting senders, and by `settled`
                    self._failure = exc
                    for _, done in batch:
                        if done is not None:
                            done.set_exception(exc)
                    return
                for _, done in batch:
                    if done is not None:
                        done.set_result(None)
        finally:
            self._committing = None


def unwanted(status: str, kind: str) -> str | None:
    """Why a queued delivery of `kind` must not go out to a subscriber of `status`: they
    left, or bounced, since it was queued; a pending subscriber gets only the email that
    confirms them."""
    if status in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED):
        return f"cancelled: the subscriber is {status}"
    if status == SubscriberStatus.PENDING and kind != DeliveryKind.CONFIRMATION:
        return "cancelled: the subscriber has not confirmed"
    return None
