"""deliveries.last_code and last_status (the SMTP reply kept with a failure);
subscribers.bounce_count, last_bounce, bounced_at (hard bounces and suppression);
delivery_pause (a server-wide failure pauses delivery until a probe succeeds)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_code", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("last_status", sa.String(length=16), nullable=True))
    with op.batch_alter_table("subscribers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("bounce_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("last_bounce", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("bounced_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "delivery_pause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paused_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("probe_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("probes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_pause")),
    )


def downgrade() -> None:
    op.drop_table("delivery_pause")
    # In place, not in batch mode: on SQLite a batch rebuilds the table, and dropping the
    # old one would cascade to every row that points at a subscriber or a delivery.
    for column in ("bounced_at", "last_bounce", "bounce_count"):
        op.drop_column("subscribers", column)
    for column in ("last_status", "last_code"):
        op.drop_column("deliveries", column)
