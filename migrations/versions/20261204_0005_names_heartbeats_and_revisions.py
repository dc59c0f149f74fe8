"""subscribers.name (for sign-up and CSV import); heartbeats (when each scheduler job last
ran, for `status --check` and /healthz); revisions (counters that long-running processes
compare to know when what they keep, such as the instant filter index, is stale)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subscribers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.Text(), server_default="", nullable=False))
    op.create_table(
        "heartbeats",
        sa.Column("job", sa.String(length=40), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("worker", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("job", name=op.f("pk_heartbeats")),
    )
    revisions = op.create_table(
        "revisions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_revisions")),
    )
    op.bulk_insert(revisions, [{"name": "audience", "value": 0}])


def downgrade() -> None:
    op.drop_table("revisions")
    op.drop_table("heartbeats")
    # In place, not in batch mode: on SQLite a batch rebuilds the table, and dropping the
    # old one would cascade to every row that points at a subscriber.
    op.drop_column("subscribers", "name")
