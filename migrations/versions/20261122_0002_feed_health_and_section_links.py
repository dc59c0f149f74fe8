"""feed health, section links, duplicate stories covered without being shown

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:47:46.207405
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_error_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("disabled_reason", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("boilerplate", sa.JSON(), server_default="[]", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_feeds_next_poll_at"), ["next_poll_at"], unique=False)

    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("links", sa.JSON(), server_default="[]", nullable=False))

    with op.batch_alter_table("delivery_sections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shown", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("delivery_sections", schema=None) as batch_op:
        batch_op.drop_column("shown")

    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_column("links")

    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feeds_next_poll_at"))
        batch_op.drop_column("boilerplate")
        batch_op.drop_column("disabled_reason")
        batch_op.drop_column("disabled_at")
        batch_op.drop_column("failing_since")
        batch_op.drop_column("last_error_kind")
        batch_op.drop_column("last_success_at")
