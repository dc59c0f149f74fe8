"""sections.category: the newsletter's own category a story sits under ("Big Tech &
Startups"), when the sectioner found one

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category", sa.Text(), nullable=True))


def downgrade() -> None:
    # Not in batch mode: on SQLite that rebuilds the table, and dropping the old one
    # cascades to the matches and delivery records of its sections. SQLite (3.35+) drops
    # a plain column in place, as PostgreSQL does.
    op.drop_column("sections", "category")
