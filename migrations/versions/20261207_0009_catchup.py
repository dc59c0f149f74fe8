"""catchups: a topic or query a subscriber added, whose earlier stories their next digest
brings once; delivery_sections.catchup, the stories shown under "What you missed"

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catchups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscriber_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("query", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscriber_id"],
            ["subscribers.id"],
            name=op.f("fk_catchups_subscriber_id_subscribers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topics.id"],
            name=op.f("fk_catchups_topic_id_topics"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catchups")),
    )
    with op.batch_alter_table("catchups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catchups_subscriber_id"), ["subscriber_id"], unique=False
        )
    with op.batch_alter_table("delivery_sections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("catchup", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    # Not in batch mode: on SQLite that rebuilds the table. SQLite (3.35+) drops a plain
    # column in place, as PostgreSQL does.
    op.drop_column("delivery_sections", "catchup")
    op.drop_index(op.f("ix_catchups_subscriber_id"), table_name="catchups")
    op.drop_table("catchups")
