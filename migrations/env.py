"""Alembic environment: `digest db upgrade` passes its engine in; `alembic` uses the settings."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Engine

from digest.config import load_settings
from digest.db import create_db_engine
from digest.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Revisions spell out plain SQLAlchemy types so they never import the models.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if isinstance(engine, Engine):
        return engine
    return create_db_engine(load_settings(environ=os.environ).database_url)


def run_migrations_online() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things: rebuild the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
