"""Decide what a subscriber's next digest holds, and queue it in the outbox."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from digest import store
from digest.mail.catchup import catchup_filters, pick_missed
from digest.matching.filters import section_document, subscriber_filters
from digest.matching.score import (
    Collection,
    Filter,
    SectionIndex,
    Verdict,
    best_topic,
    match_filters,
    members,
)
from digest.models import Catchup, Delivery, DeliverySection, Match, Section, Subscriber
from digest.sectioning.fingerprints import near_duplicate
from digest.types import DeliveryKind, DeliveryStatus, SectionView

#: A story delivered within this many days is not sent again from another feed.
DUPLICATE_MEMORY = timedelta(days=30)


@dataclass(frozen=True)
class DigestRules:
    """How far a first digest looks back, and how many stories a digest shows."""

    lookback: timedelta = timedelta(days=7)
    per_topic_cap: int = 5
    max_sections: int = 20
    #: How far back a topic or query just added looks, once, and how many stories it brings.
    catchup: timedelta = timedelta(days=14)
    catchup_cap: int = 10


@dataclass(frozen=True)
class DigestPlan:
    """The sections a digest shows, best first; those past its caps; those it covers.

    Overflow sections matched but did not fit the caps: the email counts them
    and its browser view lists them. A covered section tells the same story as
    one shown now or delivered lately (the same news syndicated by two feeds).
    Both are recorded with the delivery, so neither is offered again.
    """

    shown: list[SectionView]
    covered: list[int]
    overflow: list[SectionView] = field(default_factory=list)
    #: "What you missed": earlier stories of the topics and queries just added.
    missed: list[SectionView] = field(default_factory=list)


def apply_caps(
    ranked: Sequence[SectionView], per_topic_cap: int, max_sections: int
) -> tuple[list[SectionView], list[SectionView]]:
    """The best sections within both caps, in rank order, and the rest."""
    kept: list[SectionView] = []
    rest: list[SectionView] = []
    per_topic: dict[str, int] = {}
    for view in ranked:
        topic = best_topic(view.reasons)
        if len(kept) < max_sections and per_topic.get(topic, 0) < per_topic_cap:
            kept.append(view)
            per_topic[topic] = per_topic.get(topic, 0) + 1
        else:
            rest.append(view)
    return kept, rest


#: A digest looks again at sections first seen this long before the previous one was
#: composed, so a poll that committed while it was being composed is not missed; what
#: that digest promised is skipped as delivered.
WINDOW_OVERLAP = timedelta(hours=1)


def window_start(subscriber: Subscriber, lookback: timedelta) -> datetime:
    """Where the next digest's window opens: where the previous one was composed (sent or
    found empty), or when they joined, less the look-back, so a first digest is not empty."""
    start = subscriber.created_at - lookback
    last = subscriber.considered_until
    return start if last is None else max(start, last - WINDOW_OVERLAP)


#: Verdicts a window remembers, one per filter and section, before it starts afresh: many
#: subscribers follow the same topics, but a million own queries must not fill the memory.
VERDICT_MEMORY = 200_000


class Window:
    """Deliverable sections, analysed and indexed once for any number of digests.

    Sections are kept in the order they were first seen, so a subscriber's
    window is a tail of them. What a filter makes of a section is worked out
    once too: the subscribers who follow a topic all get the same score and reason.
    """

    def __init__(self, start: datetime, sections: Sequence[Section]) -> None:
        self.start = start
        self.sections = sorted(sections, key=lambda s: (s.first_seen_at, s.id))
        self.documents = [section_document(s) for s in self.sections]
        self.index = SectionIndex(self.documents)
        self.collection = Collection(self.documents)
        self._positions = {section.id: i for i, section in enumerate(self.sections)}
        self._first_seen = [section.first_seen_at for section in self.sections]
        self._verdicts: dict[tuple[str, str, str, int], Verdict | None] = {}

    @classmethod
    def load(cls, session: Session, start: datetime, subscriber_id: int | None = None) -> Window:
        return cls(start, store.window_sections(session, start, subscriber_id))

    def matched(
        self, filters: Sequence[Filter], since: datetime, delivered: Iterable[int] = ()
    ) -> list[tuple[Section, Verdict]]:
        """The sections first seen since `since`, not delivered, that the filters match;
        best first."""
        allowed = ~((1 << bisect_left(self._first_seen, since)) - 1)
        for section_id in delivered:
            if (position := self._positions.get(section_id)) is not None:
                allowed &= ~(1 << position)
        selected = 0
        for filter_ in filters:
            selected |= self.index.select(filter_.query)
        found = []
        for position in members(selected & allowed):
            verdict = self._verdict(filters, position)
            assert verdict is not None, "the index and the filters disagree"
            found.append((self.sections[position], verdict))
        found.sort(key=lambda pair: (-pair[1].score, pair[0].id))
        return found

    def _verdict(self, filters: Sequence[Filter], position: int) -> Verdict | None:
        """`match_filters(filters, ...)` for one section, from each filter's own verdict:
        the best score, and the matching filters' reasons in the filters' order."""
        if len(self._verdicts) > VERDICT_MEMORY:
            self._verdicts.clear()
        own: list[Verdict] = []
        for filter_ in filters:
            key = (filter_.label, filter_.source, filter_.slug, position)
            if key not in self._verdicts:
                document = self.documents[position]
                self._verdicts[key] = match_filters([filter_], document, self.collection)
            if (verdict := self._verdicts[key]) is not None:
                own.append(verdict)
        if not own:
            return None
        reasons = tuple(reason for verdict in own for reason in verdict.reasons)
        return Verdict(max(0.0, *(verdict.score for verdict in own)), reasons)


def plan_digest(
    session: Session,
    subscriber: Subscriber,
    rules: DigestRules,
    now: datetime,
    window: Window | None = None,
) -> DigestPlan:
    """What the next digest would hold, with why each section is there.

    It is "everything matched and not yet delivered" since the previous
    digest, worked out now from the subscriber's current filters, not a
    date range: a missed run rolls over. `window` shares the sections'
    analysis between subscribers; it must open no later than theirs.
    """
    since = window_start(subscriber, rules.lookback)
    if window is None or window.start > since:
        window = Window.load(session, since, subscriber.id)
        delivered: Iterable[int] = ()
    else:
        delivered = store.delivered_section_ids(session, subscriber.id, since)
    seen = store.delivered_fingerprints(session, subscriber.id, now - DUPLICATE_MEMORY)
    shown: list[SectionView] = []
    covered: list[int] = []
    for section, verdict in window.matched(subscriber_filters(subscriber), since, delivered):
        fingerprint = section.fingerprint  # read once: a mapped attribute costs each read
        if any(same_story(fingerprint, other) for other in seen):
            covered.append(section.id)
            continue
        seen.append(fingerprint)
        shown.append(store.section_view(section, score=verdict.score, reasons=verdict.reasons))
    kept, overflow = apply_caps(shown, rules.per_topic_cap, rules.max_sections)
    taken = {view.id for view in shown}.union(covered)
    missed = _missed(session, subscriber, rules, now, taken, seen)
    return DigestPlan(kept, covered, overflow, missed)


def _missed(
    session: Session,
    subscriber: Subscriber,
    rules: DigestRules,
    now: datetime,
    taken: set[int],
    seen: list[str],
) -> list[SectionView]:
    """The best stories of the topics and queries added since the last digest, first seen
    up to `rules.catchup` before the first was added, at most `rules.catchup_cap`: none
    taken by this digest, delivered before, or telling a story in `seen` (which grows)."""
    requests = store.catchups(session, subscriber.id, now)
    if not requests or rules.catchup_cap < 1 or rules.catchup <= timedelta(0):
        return []
    topics = {r.topic.slug for r in requests if r.topic is not None}
    queries = {r.query for r in requests if r.query is not None}
    filters = catchup_filters(subscriber_filters(subscriber), topics, queries)
    if not filters:
        return []  # removed again since
    start = min(r.requested_at for r in requests) - rules.catchup
    # The window leaves out what was delivered to them: no story reaches anyone twice.
    found = Window.load(session, start, subscriber.id).matched(filters, start)
    candidates = ((section.id, section.fingerprint) for section, _ in found)
    picked = set(pick_missed(candidates, taken, seen, rules.catchup_cap, same_story))
    return [
        store.section_view(section, score=verdict.score, reasons=verdict.reasons, missed=True)
        for section, verdict in found
        if section.id in picked
    ]


#: SimHash bits two tellings of one story may differ by: an edited word or two moves a few
#: bits; unrelated stories were never closer than 16 in the Import AI archive.
SAME_STORY_DISTANCE = 6

#: Length of a SimHash fingerprint; sections stored before SimHash carry a longer one.
SIMHASH_LENGTH = 16


def same_story(a: str, b: str) -> bool:
    """Near-duplicate fingerprints; older exact fingerprints compare as they are."""
    if len(a) == len(b) == SIMHASH_LENGTH:
        return near_duplicate(a, b, max_distance=SAME_STORY_DISTANCE)
    return a == b


def queue_digest(
    session: Session,
    subscriber: Subscriber,
    period_key: str | None,
    now: datetime,
    rules: DigestRules,
    window: Window | None = None,
) -> Delivery | None:
    """Put the subscriber's digest in the outbox; None when there is nothing to send.

    The delivery row and its sections are written together, so the sections
    are promised to this delivery before anything is sent. A scheduled digest
    names its period; an operator's send (no period) is named by its moment
    and its first section, so two sends never collide. An empty scheduled
    digest is skipped, unless the subscriber asked for a "nothing matched" note.
    """
    plan = plan_digest(session, subscriber, rules, now, window)
    subscriber.considered_until = now
    _catchups_done(session, subscriber, now)  # looked at once, whatever they brought
    if not plan.shown and not plan.missed and not (period_key and subscriber.send_empty):
        return None
    if period_key is None:
        first = min(section.id for section in [*plan.shown, *plan.missed])
        period_key = f"manual:{now.strftime('%Y%m%dT%H%M%SZ')}:{first}"
    delivery = _new_delivery(session, subscriber, DeliveryKind.DIGEST, period_key, now)
    if delivery is None:
        return None  # another run queued this period's digest already
    rows = [_Row(section.id) for section in plan.shown]
    rows += [_Row(section.id, catchup=True) for section in plan.missed]
    rows += [_Row(section.id, shown=False, overflow=True) for section in plan.overflow]
    rows += [_Row(section_id, shown=False) for section_id in plan.covered]
    _promise(session, delivery, subscriber, rows)
    return delivery


def _catchups_done(session: Session, subscriber: Subscriber, now: datetime) -> None:
    session.execute(
        delete(Catchup).where(Catchup.subscriber_id == subscriber.id, Catchup.requested_at <= now)
    )


@dataclass(frozen=True)
class _Row:
    """A section promised by a delivery: shown, past its caps, or covered (neither);
    `catchup` for one shown under "What you missed"."""

    section_id: int
    shown: bool = True
    overflow: bool = False
    catchup: bool = False


def _new_delivery(
    session: Session, subscriber: Subscriber, kind: DeliveryKind, period_key: str, now: datetime
) -> Delivery | None:
    """A queued delivery, or None when one of that kind and period exists already."""
    key = (
        Delivery.subscriber_id == subscriber.id,
        Delivery.kind == kind,
        Delivery.period_key == period_key,
    )
    if session.scalar(select(Delivery.id).where(*key)) is not None:
        return None
    delivery = Delivery(
        subscriber_id=subscriber.id,
        kind=kind,
        period_key=period_key,
        status=DeliveryStatus.QUEUED,
        attempts=0,
        created_at=now,
    )
    session.add(delivery)
    session.flush()
    return delivery


def _promise(
    session: Session, delivery: Delivery, subscriber: Subscriber, rows: Sequence[_Row]
) -> None:
    """Record the delivery's sections, in order."""
    session.add_all(
        DeliverySection(
            delivery_id=delivery.id,
            section_id=row.section_id,
            subscriber_id=subscriber.id,
            ordinal=ordinal,
            shown=row.shown,
            overflow=row.overflow,
            catchup=row.catchup,
        )
        for ordinal, row in enumerate(rows)
    )
    session.flush()


def queue_notifications(session: Session, subscriber: Subscriber, now: datetime) -> list[Delivery]:
    """One notification per post for an instant subscriber's stored matches.

    Each holds the post's matching sections, best first; the same story from
    another feed, delivered lately, is covered rather than shown. The matches
    are then dropped: the delivery records what was promised.
    """
    by_post: dict[int, list[tuple[Match, Section]]] = {}
    for match, section in store.pending_matches(session, subscriber.id):
        by_post.setdefault(section.post_id, []).append((match, section))
    seen = store.delivered_fingerprints(session, subscriber.id, now - DUPLICATE_MEMORY)
    queued = []
    for post_id, pairs in sorted(by_post.items()):
        pairs.sort(key=lambda pair: (-pair[0].score, pair[1].id))
        rows: list[_Row] = []
        for _, section in pairs:
            duplicate = any(same_story(section.fingerprint, other) for other in seen)
            rows.append(_Row(section.id, shown=not duplicate))
            seen.append(section.fingerprint)
        if any(row.shown for row in rows):
            delivery = _new_delivery(
                session, subscriber, DeliveryKind.NOTIFICATION, f"post:{post_id}", now
            )
            if delivery is not None:
                _promise(session, delivery, subscriber, rows)
                queued.append(delivery)
        for match, _ in pairs:
            session.delete(match)
    session.flush()
    return queued


def queue_confirmation(session: Session, subscriber: Subscriber, now: datetime) -> Delivery | None:
    """The double opt-in email: one per subscriber and token version (a re-sent link after
    the token changes gets its own)."""
    key = f"confirm:{subscriber.token_version}"
    return _new_delivery(session, subscriber, DeliveryKind.CONFIRMATION, key, now)
