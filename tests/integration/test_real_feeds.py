"""Every real-world feed in the shared fixtures is ingested, or refused with a clear reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.db import create_db_engine, upgrade
from tests.conftest import SHARED, Result

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}


def fixture_feeds() -> list[Path]:
    root = SHARED / "feeds" / "fixtures"
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in FEED_SUFFIXES)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'digest.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@pytest.mark.skipif(not fixture_feeds(), reason=f"shared fixtures not present under {SHARED}")
@pytest.mark.parametrize("path", fixture_feeds(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_fixture_is_ingested_or_refused_clearly(
    path: Path, database: str, run: Callable[..., Result]
) -> None:
    result = run("--database", database, "feed", "add", str(path), "--json")
    assert "Traceback" not in result.err
    if result.code == 2:
        assert str(path) in result.err and "not an RSS or Atom feed" in result.err
        return
    assert result.code == 0, result.err
    added = json.loads(result.out)
    sections = json.loads(run("--database", database, "section", "list", "--feed", str(path),
                              "--json").out)
    assert added["new_sections"] == len(sections)
    assert all(s["title"].strip() for s in sections)


def test_the_html_page_among_the_fixtures_is_refused(run: Callable[..., Result],
                                                      database: str) -> None:
    page = SHARED / "feeds" / "fixtures" / "rss-parser" / "unrecognized.rss"
    if not page.exists():
        pytest.skip(f"shared fixtures not present: {page}")
    result = run("--database", database, "feed", "add", str(page))
    assert result.code == 2
    assert "neither an RSS or Atom feed nor a page that advertises one" in result.err
