"""feeds.language (stemming); subscribers.considered_until (where the next digest's window
opens) and send_empty; delivery_sections.overflow (past a digest's caps)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=20), nullable=True))
    with op.batch_alter_table("subscribers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("considered_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("send_empty", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("delivery_sections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("overflow", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("delivery_sections", schema=None) as batch_op:
        batch_op.drop_column("overflow")
    with op.batch_alter_table("subscribers", schema=None) as batch_op:
        batch_op.drop_column("send_empty")
        batch_op.drop_column("considered_until")
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_column("language")
