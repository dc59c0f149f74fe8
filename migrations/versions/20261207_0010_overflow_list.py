"""deliveries.overflow: the sections a digest matched past its caps, as a list of ids on
the delivery rather than a delivery_sections row each (most of what a digest matches)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Deliveries moved per statement: memory stays flat whatever the outbox holds.
BATCH = 5_000

deliveries = sa.table(
    "deliveries",
    sa.column("id", sa.Integer),
    sa.column("subscriber_id", sa.Integer),
    sa.column("overflow", sa.Text),
)
rows = sa.table(
    "delivery_sections",
    sa.column("delivery_id", sa.Integer),
    sa.column("section_id", sa.Integer),
    sa.column("subscriber_id", sa.Integer),
    sa.column("ordinal", sa.Integer),
    sa.column("shown", sa.Boolean),
    sa.column("overflow", sa.Boolean),
)


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("overflow", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    query = (
        sa.select(rows.c.delivery_id, rows.c.section_id)
        .where(rows.c.overflow)
        .order_by(rows.c.delivery_id, rows.c.ordinal)
    )
    lists: dict[int, list[int]] = {}
    for delivery_id, section_id in connection.execute(query):
        if delivery_id not in lists and len(lists) >= BATCH:
            _write_lists(connection, lists)
        lists.setdefault(delivery_id, []).append(section_id)
    _write_lists(connection, lists)
    op.execute(rows.delete().where(rows.c.overflow))
    # Not in batch mode: SQLite (3.35+) drops a plain column in place, as PostgreSQL does.
    op.drop_column("delivery_sections", "overflow")


def _write_lists(connection: sa.Connection, lists: dict[int, list[int]]) -> None:
    """Each delivery's overflow, in its rows' order."""
    if lists:
        statement = (
            deliveries.update()
            .where(deliveries.c.id == sa.bindparam("moved_id"))
            .values(overflow=sa.bindparam("moved_list"))
        )
        moved = [{"moved_id": i, "moved_list": " ".join(map(str, v))} for i, v in lists.items()]
        connection.execute(statement, moved)
    lists.clear()


def downgrade() -> None:
    with op.batch_alter_table("delivery_sections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("overflow", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    connection = op.get_bind()
    # A section promised twice (once past the caps) keeps its first row: one row each.
    taken = set(connection.execute(sa.select(rows.c.subscriber_id, rows.c.section_id)))
    listed = sa.select(deliveries.c.id, deliveries.c.subscriber_id, deliveries.c.overflow)
    back = []
    for delivery_id, subscriber_id, text in connection.execute(
        listed.where(deliveries.c.overflow != "").order_by(deliveries.c.id)
    ):
        for ordinal, section_id in enumerate(map(int, text.split()), start=10_000):
            if (subscriber_id, section_id) not in taken:
                taken.add((subscriber_id, section_id))
                back.append(
                    {
                        "delivery_id": delivery_id,
                        "section_id": section_id,
                        "subscriber_id": subscriber_id,
                        "ordinal": ordinal,  # after the shown ones, as they were
                        "shown": False,
                        "overflow": True,
                    }
                )
    if back:
        op.bulk_insert(rows, back)
    # In place (SQLite 3.35+): rebuilding the table would cascade to its rows.
    op.drop_column("deliveries", "overflow")
