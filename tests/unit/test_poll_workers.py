"""When a poll prepares feeds in worker processes: asked for, or (by default) once they pay."""

from __future__ import annotations

import os

import pytest

from digest.ingest import poll


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def measured(preparer: poll._Preparer, fetched: int, prepared: int, seconds: float) -> None:
    """As if `fetched` feeds were fetched, of which `prepared` took `seconds` of CPU here."""
    preparer.fetched = fetched
    preparer._prepared = prepared
    preparer._spent = seconds


def test_by_default_feeds_are_prepared_here_until_workers_pay() -> None:
    preparer = poll._Preparer(0, 50)
    assert preparer._pool is None
    assert not preparer._worth_workers()  # nothing measured yet
    measured(preparer, fetched=1, prepared=1, seconds=0.05)  # 49 more such feeds: 1.2 s saved
    assert preparer._worth_workers()


def test_a_few_small_feeds_never_start_workers() -> None:
    preparer = poll._Preparer(0, 6)
    measured(preparer, fetched=1, prepared=1, seconds=0.01)
    assert not preparer._worth_workers()


def test_a_poll_of_mostly_unchanged_feeds_never_starts_workers() -> None:
    preparer = poll._Preparer(0, 100)
    measured(preparer, fetched=60, prepared=1, seconds=0.05)  # 59 answered "not modified"
    assert not preparer._worth_workers()


def test_one_core_never_starts_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    preparer = poll._Preparer(0, 50)
    measured(preparer, fetched=1, prepared=1, seconds=1.0)
    assert not preparer._worth_workers()


def test_workers_asked_for_start_at_once_and_one_means_none() -> None:
    with poll._preparing(2, 5) as asked:
        assert asked._pool is not None
    with poll._preparing(2, poll.MIN_FEEDS_FOR_WORKERS - 1) as too_few:
        assert too_few._pool is None
    with poll._preparing(1, 50) as none:
        measured(none, fetched=1, prepared=1, seconds=1.0)
        assert none._pool is None and not none._worth_workers()
