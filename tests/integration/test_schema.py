"""The schema comes from Alembic alone, and matches the models."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from digest.db import (
    SCHEMA_REVISION,
    alembic_config,
    create_db_engine,
    current_revision,
    head_revision,
    session_factory,
    transaction,
    upgrade,
)
from digest.models import (
    Base,
    Delivery,
    DeliverySection,
    Feed,
    Match,
    Post,
    Section,
    Subscriber,
    Topic,
)


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


def section_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("sections")}


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("sections", "matches")
        }


def a_post(now: datetime) -> Post:
    """A post of a new feed, first seen `now`."""
    feed = Feed(url="https://news.example.org/feed", added_at=now)
    return Post(feed=feed, guid="1", published_at=now, first_seen_at=now, content_hash="0" * 64)


def test_the_section_category_migration_goes_down_and_up_keeping_the_rows(db_url: str) -> None:
    engine = create_db_engine(db_url)
    now = datetime(2026, 12, 4, 9, tzinfo=UTC)
    with transaction(session_factory(engine)) as session:
        post = a_post(now)
        section = Section(
            post=post,
            key="a",
            ordinal=0,
            title="A story",
            html="",
            text="",
            url="",
            fingerprint="0" * 64,
            first_seen_at=now,
            category="Big Tech & Startups",
        )
        subscriber = Subscriber(email="ada@example.org", created_at=now)
        session.add_all([section, subscriber])
        session.flush()
        session.add(
            Match(subscriber_id=subscriber.id, section_id=section.id, score=1.0, matched_at=now)
        )
    assert "category" in section_columns(engine)
    command.downgrade(alembic_config(engine), "0005")
    assert current_revision(engine) == "0005"
    assert "category" not in section_columns(engine)
    # SQLite drops the column in place: rebuilding the table would cascade to its matches.
    assert row_counts(engine) == {"sections": 1, "matches": 1}
    upgrade(engine)
    assert current_revision(engine) == SCHEMA_REVISION
    assert "category" in section_columns(engine)
    assert row_counts(engine) == {"sections": 1, "matches": 1}
    with engine.connect() as connection:  # what was stored before the downgrade is gone
        assert connection.execute(text("SELECT category FROM sections")).scalar() is None
    # the downgrades that drop subscribers' and deliveries' columns keep the rows too
    command.downgrade(alembic_config(engine), "0003")
    assert row_counts(engine) == {"sections": 1, "matches": 1}
    upgrade(engine)
    assert row_counts(engine) == {"sections": 1, "matches": 1}
    engine.dispose()


def test_the_feed_split_migration_goes_down_and_up_keeping_the_posts(db_url: str) -> None:
    engine = create_db_engine(db_url)
    now = datetime(2026, 12, 7, 9, tzinfo=UTC)
    with transaction(session_factory(engine)) as session:
        feed = Feed(url="https://news.example.org/feed", added_at=now, split="bold")
        session.add(Post(feed=feed, guid="1", published_at=now, first_seen_at=now, content_hash=""))
    command.downgrade(alembic_config(engine), "0006")
    assert "split" not in {c["name"] for c in inspect(engine).get_columns("feeds")}
    upgrade(engine)
    with engine.connect() as connection:  # the posts stay; the feed is cut by the rules again
        assert connection.execute(text("SELECT count(*) FROM posts")).scalar_one() == 1
        assert connection.execute(text("SELECT split FROM feeds")).scalar_one() == "auto"
    engine.dispose()


def test_the_signup_and_pause_migration_goes_down_and_up_keeping_the_subscribers(
    db_url: str,
) -> None:
    engine = create_db_engine(db_url)
    now = datetime(2026, 12, 7, 10, tzinfo=UTC)
    with transaction(session_factory(engine)) as session:
        topic = Topic(slug="chips", name="Chips", query="chip", description="Fabs", created_at=now)
        session.add(Subscriber(email="ada@example.org", created_at=now, topics=[topic]))
    command.downgrade(alembic_config(engine), "0007")
    assert "paused_until" not in {c["name"] for c in inspect(engine).get_columns("subscribers")}
    assert "description" not in {c["name"] for c in inspect(engine).get_columns("topics")}
    upgrade(engine)
    with engine.connect() as connection:  # the rows stay, the follow too; the new columns empty
        assert connection.execute(text("SELECT count(*) FROM subscriber_topics")).scalar_one() == 1
        assert connection.execute(text("SELECT description FROM topics")).scalar_one() == ""
        paused = connection.execute(text("SELECT paused_until FROM subscribers")).scalar_one()
        assert paused is None
    engine.dispose()


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


def test_the_overflow_migration_moves_the_stories_past_the_caps_down_to_rows_and_back(
    db_url: str,
) -> None:
    engine = create_db_engine(db_url)
    now = datetime(2026, 12, 7, 23, tzinfo=UTC)
    with transaction(session_factory(engine)) as session:
        post = a_post(now)
        sections = [
            Section(
                post=post,
                key=f"s{n}",
                ordinal=n,
                title=f"Story {n}",
                html="",
                text="",
                url="",
                fingerprint="0" * 16,
                first_seen_at=now,
            )
            for n in range(4)
        ]
        ada = Subscriber(email="ada@example.org", created_at=now)
        session.add_all([*sections, ada])
        session.flush()
        ids = [s.id for s in sections]
        listed_past_caps = f"{ids[3]} {ids[1]}"
        digest = Delivery(
            subscriber_id=ada.id,
            kind="digest",
            period_key="w1",
            created_at=now,
            overflow=listed_past_caps,
        )
        empty = Delivery(subscriber_id=ada.id, kind="digest", period_key="w2", created_at=now)
        session.add_all([digest, empty])
        session.flush()
        session.add_all(
            [
                DeliverySection(delivery_id=digest.id, section_id=ids[0], subscriber_id=ada.id),
                DeliverySection(
                    delivery_id=digest.id,
                    section_id=ids[2],
                    subscriber_id=ada.id,
                    ordinal=1,
                    shown=False,
                ),
            ]
        )
    listed = "SELECT id, overflow FROM deliveries ORDER BY id"
    promised = (
        "SELECT section_id, shown, overflow FROM delivery_sections ORDER BY delivery_id, ordinal"
    )
    command.downgrade(alembic_config(engine), "0009")
    with engine.connect() as connection:  # past the caps: a row each, after the others
        rows = [tuple(r) for r in connection.execute(text(promised))]
    assert rows == [(ids[0], 1, 0), (ids[2], 0, 0), (ids[3], 0, 1), (ids[1], 0, 1)]
    assert "overflow" not in {c["name"] for c in inspect(engine).get_columns("deliveries")}
    upgrade(engine)
    with engine.connect() as connection:  # and on the delivery again, in their order
        assert [tuple(r) for r in connection.execute(text(listed))] == [
            (digest.id, listed_past_caps),
            (empty.id, ""),
        ]
        rows = connection.execute(text("SELECT section_id FROM delivery_sections")).scalars()
        assert sorted(rows) == [ids[0], ids[2]]
    assert "overflow" not in {c["name"] for c in inspect(engine).get_columns("delivery_sections")}
    engine.dispose()
