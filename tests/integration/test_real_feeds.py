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
        assert str(path.resolve()) in result.err and "RSS or Atom feed" in result.err
        return
    assert result.code == 0, result.err
    added = json.loads(result.out)
    sections = json.loads(
        run("--database", database, "section", "list", "--feed", str(path), "--json").out
    )
    assert added["new_sections"] == len(sections)
    assert all(s["title"].strip() for s in sections)


def test_the_html_page_among_the_fixtures_is_refused(
    run: Callable[..., Result], database: str
) -> None:
    page = SHARED / "feeds" / "fixtures" / "rss-parser" / "unrecognized.rss"
    if not page.exists():
        pytest.skip(f"shared fixtures not present: {page}")
    result = run("--database", database, "feed", "add", str(page))
    assert result.code == 2
    assert "neither an RSS or Atom feed nor a page that advertises one" in result.err


HOSTILE = (
    "<script",
    "onerror",
    "onclick",
    "onload",
    "javascript:",
    "<iframe",
    "<style",
    "expression(",
    "<form",
    "<svg",
)


def test_hostile_content_never_reaches_a_stored_section(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    from sqlalchemy import select

    from digest.models import Section

    folder = SHARED / "feeds" / "fixtures" / "feedparser" / "sanitize"
    if not folder.exists():
        pytest.skip(f"shared fixtures not present: {folder}")
    database = f"sqlite:///{tmp_path / 'hostile.db'}"
    assert run("--database", database, "db", "upgrade").code == 0
    for path in sorted(folder.glob("*.xml")):
        assert run("--database", database, "feed", "add", str(path)).code == 0
    engine = create_db_engine(database)
    with engine.connect() as connection:
        stored = [
            (html, text) for html, text in connection.execute(select(Section.html, Section.text))
        ]
    engine.dispose()
    assert stored
    for html, text in stored:
        assert not any(bad in html.lower() for bad in HOSTILE), html
        assert "alert(" not in text
