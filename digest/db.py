"""Engines, sessions and the schema (created and upgraded by Alembic only).

Alembic is imported only to upgrade: every command checks the schema, and checking reads the
version table directly against `SCHEMA_REVISION` (a test keeps it equal to Alembic's head).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from digest.errors import ConfigError, SchemaError
from digest.resources import resource_path

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The newest migration in migrations/versions: the schema this code reads and writes.
SCHEMA_REVISION = "0010"


def parse_database_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; SQLAlchemy's bare default is psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    parsed = parse_database_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed, **kwargs)
        return create_engine(parsed, pool_pre_ping=True, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise ConfigError(
            f"no driver for {parsed.drivername!r} ({exc}); for PostgreSQL install digest[postgres]"
        ) from None


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself so that transactions are real.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, waiting up to the busy timeout for it. A
        # deferred transaction that reads and then writes fails at once ("database is
        # locked") when another process wrote in between, which no timeout can wait out.
        # Every transaction is short, so the lock is never held for long. One that only
        # reads (`read_transaction`) takes no lock: it reads a snapshot beside the writers.
        if connection.get_execution_options().get(_READING):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from digest.revisions import watch

    sessions = sessionmaker(engine, expire_on_commit=False)
    watch(sessions)  # long-running processes learn from it when the audience changed
    return sessions


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session inside one transaction: committed on success, rolled back on error."""
    with factory() as session, session.begin():
        yield session


_READING = "digest_reading"


@contextmanager
def read_transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session for reading only. On SQLite it neither takes nor waits for the write lock
    (it reads a snapshot while others write), so a long read, such as planning many
    digests, holds up no one. It ends with a commit, which has nothing to write: unlike a
    rollback, it leaves the objects read usable afterwards."""
    with factory() as session:
        session.connection(execution_options={_READING: True})
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        session.commit()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config(str(resource_path("alembic.ini")))
    config.set_main_option("script_location", str(resource_path("migrations")))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def head_revision(engine: Engine) -> str | None:
    """The newest revision among the shipped migrations, as Alembic finds it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it has no schema."""
    with engine.connect() as connection:
        try:
            versions = list(connection.execute(text("SELECT version_num FROM alembic_version")))
        except DatabaseError:
            connection.rollback()
            if inspect(connection).has_table("alembic_version"):
                raise  # the table is there, so the failure is something else
            return None
    return str(versions[0][0]) if len(versions) == 1 else None


def check_schema(engine: Engine) -> None:
    """Refuse to work on a database whose schema is missing or out of date."""
    current, head = current_revision(engine), SCHEMA_REVISION
    if current is None:
        raise SchemaError(
            f"the database {engine.url.render_as_string()} has no schema: run `digest db upgrade`"
        )
    if current != head:
        raise SchemaError(
            f"the database schema is at revision {current}, this digest needs {head}:"
            " run `digest db upgrade`"
        )
