"""shift close: a running Z number per till, the first count of a recount, the approver

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 12:00:00

Shifts closed before this migration get their Z numbers now, in the order they were closed,
so the next close continues the sequence (services.shifts gives max + 1).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch copy of ``shift`` would have to drop a table
    # that sales refer to.
    op.add_column("shift", sa.Column("z_no", sa.Integer(), nullable=True))
    op.add_column("shift", sa.Column("first_count_minor", sa.Integer(), nullable=True))
    op.add_column(
        "shift",
        sa.Column("variance_approved_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    )
    op.execute(
        "UPDATE shift SET z_no = (SELECT n FROM (SELECT id, ROW_NUMBER() OVER "
        "(ORDER BY closed_at, id) AS n FROM shift WHERE closed_at IS NOT NULL) AS numbered "
        "WHERE numbered.id = shift.id) WHERE closed_at IS NOT NULL"
    )
    op.create_index("ix_shift_z_no", "shift", ["z_no"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_shift_z_no", table_name="shift")
    with op.batch_alter_table("shift") as batch:
        batch.drop_column("variance_approved_by")
        batch.drop_column("first_count_minor")
        batch.drop_column("z_no")
