"""Decide what a subscriber's next digest holds, and queue it in the outbox."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from digest import store
from digest.mail.catchup import catchup_filters, pick_missed
from digest.matching.atoms import Atom
from digest.matching.filters import section_document, subscriber_filters
from digest.matching.query import Query
from digest.matching.score import (
    OWN_QUERIES,
    OWN_QUERY_LABEL,
    Collection,
    Filter,
    SectionIndex,
    Verdict,
    best_topic,
    members,
    reason_for,
)
from digest.models import (
    Catchup,
    Delivery,
    DeliverySection,
    Match,
    Section,
    Subscriber,
    overflow_text,
)
from digest.sectioning.fingerprints import near_duplicate
from digest.types import DeliveryKind, DeliveryStatus, Reason, SectionView

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
    overflow: list[int] = field(default_factory=list)
    #: "What you missed": earlier stories of the topics and queries just added.
    missed: list[SectionView] = field(default_factory=list)


_Ranked = TypeVar("_Ranked", "Candidate", SectionView)


def apply_caps(
    ranked: Sequence[_Ranked], per_topic_cap: int, max_sections: int
) -> tuple[list[_Ranked], list[_Ranked]]:
    """The best sections within both caps, in rank order, and the rest."""
    kept: list[_Ranked] = []
    rest: list[_Ranked] = []
    per_topic: dict[str, int] = {}
    for item in ranked:
        topic = item.topic if isinstance(item, Candidate) else best_topic(item.reasons)
        if len(kept) < max_sections and per_topic.get(topic, 0) < per_topic_cap:
            kept.append(item)
            per_topic[topic] = per_topic.get(topic, 0) + 1
        else:
            rest.append(item)
    return kept, rest


#: A digest looks again at sections first seen this long before the previous one was
#: composed, so a poll that committed while it was being composed is not missed; what
#: that digest promised is skipped as delivered.
WINDOW_OVERLAP = timedelta(hours=1)


class Joined(Protocol):
    """A subscriber as far as their window goes: an ORM row or a bulk-read record."""

    @property
    def created_at(self) -> datetime: ...

    @property
    def considered_until(self) -> datetime | None: ...


def window_start(subscriber: Joined, lookback: timedelta) -> datetime:
    """Where the next digest's window opens: where the previous one was composed (sent or
    found empty), or when they joined, less the look-back, so a first digest is not empty."""
    start = subscriber.created_at - lookback
    last = subscriber.considered_until
    return start if last is None else max(start, last - WINDOW_OVERLAP)


#: Verdicts a window remembers, one per filter and section, before it starts afresh: many
#: subscribers follow the same topics, but a million own queries must not fill the memory.
VERDICT_MEMORY = 20_000
#: Filters whose scores a window remembers, each at the sections it selects (a few dozen).
FILTER_MEMORY = 2_000
#: A filter's score at a section, and the atoms by which it matched there.
_Scored = tuple[float, list[Atom]]


class Candidate(NamedTuple):
    """A section a subscriber's filters match, before the caps: how well, under which topic
    it would be filed, and which of their filters matched (for its reasons, if shown). A
    tuple: made for every section each digest matches."""

    position: int
    section: Section
    #: The section's id and fingerprint, read once (a mapped attribute costs each read).
    id: int
    fingerprint: str
    score: float
    topic: str
    filters: tuple[Filter, ...]


class Window:
    """Deliverable sections, analysed and indexed once for any number of digests.

    Sections are kept in the order they were first seen, so a subscriber's
    window is a tail of them. What a filter makes of a section is worked out
    once too: the subscribers who follow a topic all get the same score and reason,
    and a section's reasons are worked out only when a digest shows it.
    """

    def __init__(self, start: datetime, sections: Sequence[Section]) -> None:
        self.start = start
        self.sections = sorted(sections, key=lambda s: (s.first_seen_at, s.id))
        self.documents = [section_document(s) for s in self.sections]
        self.index = SectionIndex(self.documents)
        self.collection = Collection(self.documents)
        self._ids = [section.id for section in self.sections]
        self._positions = {section_id: i for i, section_id in enumerate(self._ids)}
        self._first_seen = [section.first_seen_at for section in self.sections]
        self._fingerprints = [section.fingerprint for section in self.sections]
        hashes = ((i, _simhash(f)) for i, f in enumerate(self._fingerprints))
        self._simhashes = [(i, h) for i, h in hashes if h is not None]
        self._same: dict[str, int] = {}  # fingerprint: the window's sections telling its story
        self._scores: dict[tuple[str, str, str], dict[int, _Scored]] = {}
        self._atoms: dict[tuple[Atom, int], float] = {}
        self._reasons: dict[tuple[str, str, str, int], Reason] = {}
        self._views: dict[tuple[int, tuple[Filter, ...]], SectionView] = {}
        self._plain: dict[int, SectionView] = {}

    @classmethod
    def load(cls, session: Session, start: datetime, subscriber_id: int | None = None) -> Window:
        return cls(start, store.window_sections(session, start, subscriber_id))

    def same_stories(self, fingerprint: str) -> int:
        """The window's sections that tell the story of `fingerprint` (`same_story`), as a
        bit set. Worked out once per fingerprint: many digests hold the same stories."""
        found = self._same.get(fingerprint)
        if found is not None:
            return found
        _make_room(self._same)
        found = 0
        simhash = _simhash(fingerprint)
        if simhash is None:  # an exact fingerprint: only itself
            for position, other in enumerate(self._fingerprints):
                if other == fingerprint:
                    found |= 1 << position
        else:
            for position, other_hash in self._simhashes:
                if (simhash ^ other_hash).bit_count() <= SAME_STORY_DISTANCE:
                    found |= 1 << position
        self._same[fingerprint] = found
        return found

    def matched(
        self, filters: Sequence[Filter], since: datetime, delivered: Iterable[int] = ()
    ) -> list[tuple[Section, Verdict]]:
        """The sections first seen since `since`, not delivered, that the filters match;
        best first, each with its verdict (`match_filters` of the filters)."""
        return [
            (candidate.section, self.verdict(candidate))
            for candidate in self.candidates(filters, since, delivered)
        ]

    def candidates(
        self, filters: Sequence[Filter], since: datetime, delivered: Iterable[int] = ()
    ) -> list[Candidate]:
        """`matched` without the reasons: best first. A candidate's score is the best of
        its filters' (`match_filters`'s), its topic that of the first filter to reach it
        (`best_topic`'s); a filter is scored only at the sections it selects."""
        allowed = ~((1 << bisect_left(self._first_seen, since)) - 1)
        for section_id in delivered:
            if (position := self._positions.get(section_id)) is not None:
                allowed &= ~(1 << position)
        best, matching = self._scored(filters, allowed)
        found = [
            Candidate(
                position,
                self.sections[position],
                self._ids[position],
                self._fingerprints[position],
                max(0.0, score),
                topic,
                tuple(matching[position]),
            )
            for position, (score, topic) in best.items()
        ]
        found.sort(key=lambda c: (-c.score, c.id))
        return found

    def _scored(
        self, filters: Sequence[Filter], allowed: int
    ) -> tuple[dict[int, tuple[float, str]], dict[int, list[Filter]]]:
        """By section (of those `allowed`): the best score and its topic, and the filters
        that match it, in their order. Filter by filter over the sections each selects."""
        best: dict[int, tuple[float, str]] = {}
        matching: dict[int, list[Filter]] = {}
        for filter_ in filters:
            scores = self._scores_of(filter_)
            topic = OWN_QUERIES if filter_.label == OWN_QUERY_LABEL else filter_.label
            for position in members(self.index.select(filter_.query) & allowed):
                score = scores[position][0]
                matching.setdefault(position, []).append(filter_)
                if position not in best or score > best[position][0]:
                    best[position] = (score, topic)
        return best, matching

    def _scores_of(self, filter_: Filter) -> dict[int, _Scored]:
        """The filter's score at each section it selects, by position: worked out at all of
        them at once, the first time the filter is asked about."""
        key = (filter_.label, filter_.source, filter_.slug)
        if (scores := self._scores.get(key)) is None:
            _make_room(self._scores, FILTER_MEMORY)
            scores = self._scores[key] = self._score_all(filter_.query)
        return scores

    def _score_all(self, query: Query) -> dict[int, _Scored]:
        """`match_filters`'s score of one filter at every section the query selects, with
        the atoms that matched (for the reason, if the section is shown): from the index's
        alternatives and what the window remembers of each word's score at each section,
        since thousands of subscribers' own queries are made of the same few thousand words.
        Each alternative visits the sections it holds in, rather than each section asking
        every alternative (a subscriber's own query is asked about once)."""
        atoms_at: dict[int, list[Atom]] = {}
        for conjunction, bits in self.index.alternatives(query):
            for position in members(bits):
                if (found := atoms_at.get(position)) is None:
                    atoms_at[position] = list(conjunction.must)
                else:
                    found += conjunction.must
        scores: dict[int, _Scored] = {}
        for position, atoms in atoms_at.items():
            if len(atoms) == 1:  # most often: one word of the query found there
                scores[position] = self._atom_score(atoms[0], position), atoms
            else:  # `matched_atoms`'s order, so the very same sum
                atoms = sorted(set(atoms))
                scores[position] = sum(self._atom_score(a, position) for a in atoms), atoms
        return scores

    def _atom_score(self, atom: Atom, position: int) -> float:
        key = (atom, position)
        if (score := self._atoms.get(key)) is None:
            _make_room(self._atoms)
            document = self.documents[position]
            score = self._atoms[key] = self.collection.score(atom, document)
        return score

    def verdict(self, candidate: Candidate) -> Verdict:
        """The candidate's `match_filters` verdict, reasons and all."""
        _make_room(self._reasons)
        reasons: list[Reason] = []
        for filter_ in candidate.filters:
            key = (filter_.label, filter_.source, filter_.slug, candidate.position)
            if (reason := self._reasons.get(key)) is None:
                reason = self._reasons[key] = self._reason(filter_, candidate.position)
            reasons.append(reason)
        return Verdict(candidate.score, tuple(reasons))

    def _reason(self, filter_: Filter, position: int) -> Reason:
        # Looked up without making room: the memo may have started afresh since planning.
        remembered = self._scores.get((filter_.label, filter_.source, filter_.slug))
        scores = remembered if remembered is not None else self._score_all(filter_.query)
        score, atoms = scores[position]
        return reason_for(filter_, atoms, self.documents[position], score)

    def view(self, candidate: Candidate) -> SectionView:
        """The candidate as a digest shows it, with its score and reasons: the same for
        every digest that shows it through the same filters (and so, often, shared)."""
        key = (candidate.position, candidate.filters)
        if (view := self._views.get(key)) is None:
            _make_room(self._views)
            verdict = self.verdict(candidate)
            view = self._plain_view(candidate.position).with_verdict(verdict.score, verdict.reasons)
            self._views[key] = view
        return view

    def _plain_view(self, position: int) -> SectionView:
        """The section at `position` as shown, without a score or reasons: its links are
        worked out once, whoever it is shown to."""
        if (view := self._plain.get(position)) is None:
            view = self._plain[position] = store.section_view(self.sections[position])
        return view

    def fingerprints_of(self, section_ids: Iterable[int]) -> dict[int, str]:
        """The fingerprints of those of these sections that the window holds, by id."""
        found: dict[int, str] = {}
        for section_id in section_ids:
            if (position := self._positions.get(section_id)) is not None:
                found[section_id] = self._fingerprints[position]
        return found

    def twins(self, position: int) -> int:
        """The window's sections telling the same story as the one at `position`."""
        return self.same_stories(self._fingerprints[position])


def _make_room(memo: dict[Any, Any], limit: int = VERDICT_MEMORY) -> None:
    """Start a memo afresh once it holds `limit` entries: a window may serve millions of
    subscribers' own queries."""
    if len(memo) > limit:
        memo.clear()


def _simhash(fingerprint: str) -> int | None:
    """A SimHash fingerprint's bits; None for an older, exact fingerprint."""
    if len(fingerprint) != SIMHASH_LENGTH:
        return None
    try:
        return int(fingerprint, 16)
    except ValueError:
        return None


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
    filters = subscriber_filters(subscriber)
    plan = plan_from_window(window, filters, since, delivered, seen, rules)
    return replace(
        plan, missed=find_missed(session, subscriber.id, filters, rules, now, plan, seen)
    )


def plan_from_window(
    window: Window,
    filters: Sequence[Filter],
    since: datetime,
    delivered: Iterable[int],
    seen: list[str],
    rules: DigestRules,
) -> DigestPlan:
    """A digest's sections from a window already read: those matched since `since` and not
    `delivered`, less the stories in `seen` (fingerprints, which grows with those shown),
    within the caps. The window must open no later than `since`."""
    told = 0  # the window's sections whose story was delivered or is shown now
    for fingerprint in seen:
        told |= window.same_stories(fingerprint)
    shown: list[Candidate] = []
    covered: list[int] = []
    for candidate in window.candidates(filters, since, delivered):
        if told >> candidate.position & 1:
            covered.append(candidate.id)
            continue
        told |= window.twins(candidate.position)
        seen.append(candidate.fingerprint)
        shown.append(candidate)
    kept, overflow = apply_caps(shown, rules.per_topic_cap, rules.max_sections)
    return DigestPlan([window.view(c) for c in kept], covered, [c.section.id for c in overflow])


def find_missed(
    session: Session,
    subscriber_id: int,
    filters: Sequence[Filter],
    rules: DigestRules,
    now: datetime,
    plan: DigestPlan,
    seen: list[str],
) -> list[SectionView]:
    """The best stories of the topics and queries added since the last digest, first seen
    up to `rules.catchup` before the first was added, at most `rules.catchup_cap`: none
    taken by `plan`, delivered before, or telling a story in `seen` (which grows)."""
    requests = store.catchups(session, subscriber_id, now)
    if not requests or rules.catchup_cap < 1 or rules.catchup <= timedelta(0):
        return []
    topics = {r.topic.slug for r in requests if r.topic is not None}
    queries = {r.query for r in requests if r.query is not None}
    wanted = catchup_filters(filters, topics, queries)
    if not wanted:
        return []  # removed again since
    start = min(r.requested_at for r in requests) - rules.catchup
    # The window leaves out what was delivered to them: no story reaches anyone twice.
    found = Window.load(session, start, subscriber_id).matched(wanted, start)
    candidates = ((section.id, section.fingerprint) for section, _ in found)
    taken = {view.id for view in plan.shown}.union(plan.overflow, plan.covered)
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
        period_key = manual_period_key(now, plan)
    delivery = _new_delivery(session, subscriber, DeliveryKind.DIGEST, period_key, now)
    if delivery is None:
        return None  # another run queued this period's digest already
    delivery.overflow = overflow_text(plan.overflow)
    rows = [_Row(section.id) for section in plan.shown]
    rows += [_Row(section.id, catchup=True) for section in plan.missed]
    rows += [_Row(section_id, shown=False) for section_id in plan.covered]
    _promise(session, delivery, subscriber, rows)
    return delivery


def manual_period_key(now: datetime, plan: DigestPlan) -> str:
    """An operator's send is named by its moment and its first story: two never collide."""
    first = min(section.id for section in [*plan.shown, *plan.missed])
    return f"manual:{now.strftime('%Y%m%dT%H%M%SZ')}:{first}"


def _catchups_done(session: Session, subscriber: Subscriber, now: datetime) -> None:
    session.execute(
        delete(Catchup).where(Catchup.subscriber_id == subscriber.id, Catchup.requested_at <= now)
    )


@dataclass(frozen=True)
class _Row:
    """A section promised by a delivery: shown, or covered (not shown); `catchup` for one
    shown under "What you missed". (Those past a digest's caps are listed on it.)"""

    section_id: int
    shown: bool = True
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
