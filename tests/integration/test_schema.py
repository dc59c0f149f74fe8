"""The schema comes from Alembic alone, and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from digest.db import SCHEMA_REVISION, create_db_engine, current_revision, head_revision, upgrade
from digest.models import Base


def test_migrations_match_models(db_url: str) -> None:
    engine = create_db_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_schema_the_code_needs_is_the_newest_migration(database_url: str) -> None:
    engine = create_db_engine(database_url)
    assert current_revision(engine) is None  # an empty database has no schema
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine) == SCHEMA_REVISION
    with engine.connect() as connection:  # Alembic reads the same revision
        assert MigrationContext.configure(connection).get_current_revision() == SCHEMA_REVISION
    engine.dispose()


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    engine = create_db_engine(db_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {
        "feeds",
        "posts",
        "sections",
        "topics",
        "subscribers",
        "subscriber_topics",
        "filters",
        "matches",
        "deliveries",
        "delivery_sections",
    } <= tables


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/wal.db")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    engine.dispose()


def test_commands_refuse_a_database_without_schema(database_url: str, run) -> None:
    result = run("--database", database_url, "feed", "list")
    assert result.code == 1
    assert "run `digest db upgrade`" in result.err
    assert "Traceback" not in result.err


def test_db_upgrade_command(database_url: str, run) -> None:
    result = run("--database", database_url, "db", "upgrade")
    assert result.code == 0, result.err
    assert run("--database", database_url, "feed", "list").code == 0
