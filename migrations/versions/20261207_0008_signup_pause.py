"""topics.description, shown where people sign up; subscribers.paused_until, before which
no digest is composed for them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("topics", schema=None) as batch_op:
        batch_op.add_column(sa.Column("description", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("subscribers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # Not in batch mode: on SQLite that rebuilds the tables, and dropping the old ones
    # cascades to the subscribers' topics, filters, matches and deliveries. SQLite (3.35+)
    # drops a plain column in place, as PostgreSQL does.
    op.drop_column("subscribers", "paused_until")
    op.drop_column("topics", "description")
