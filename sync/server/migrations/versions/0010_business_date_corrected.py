"""Orders and shift closes keep the till's own business date when the backend filed them
under another day (a wrong till clock, sync.server.business_day); orders are found by
their terminal's shift.

Revision ID: 0010
Revises: 0009

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL: the till's date stands (every row stored before).
    with op.batch_alter_table("pos_order") as batch:
        batch.add_column(sa.Column("till_business_date", sa.Date(), nullable=True))
        batch.create_index("ix_pos_order_terminal_shift", ["terminal_id", "shift_id"])
    with op.batch_alter_table("shift_close") as batch:
        batch.add_column(sa.Column("till_business_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shift_close") as batch:
        batch.drop_column("till_business_date")
    with op.batch_alter_table("pos_order") as batch:
        batch.drop_index("ix_pos_order_terminal_shift")
        batch.drop_column("till_business_date")
