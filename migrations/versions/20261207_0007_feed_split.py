"""feeds.split: how a feed's posts are cut into stories, "auto" or the layout its
operator chose

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("split", sa.String(length=20), server_default="auto", nullable=False)
        )


def downgrade() -> None:
    # Not in batch mode: on SQLite that rebuilds the table, and dropping the old one
    # cascades to the feed's posts and sections. SQLite (3.35+) drops a plain column in
    # place, as PostgreSQL does.
    op.drop_column("feeds", "split")
