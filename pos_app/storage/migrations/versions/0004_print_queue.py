"""print queue: rendered bytes, attempts, errors and outcome on every print job

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("print_job", sa.Column("data", sa.LargeBinary(), nullable=True))
    op.add_column("print_job", sa.Column("receipt_no", sqlmodel.sql.sqltypes.AutoString()))
    op.add_column("print_job", sa.Column("reprint_of", sqlmodel.sql.sqltypes.AutoString()))
    op.add_column(
        "print_job", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "print_job",
        sa.Column(
            "last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    op.add_column("print_job", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("print_job", sa.Column("printed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_print_job_status", "print_job", ["status"])


def downgrade() -> None:
    op.drop_index("ix_print_job_status", table_name="print_job")
    for column in (
        "printed_at", "updated_at", "last_error", "attempts", "reprint_of", "receipt_no", "data"
    ):
        op.drop_column("print_job", column)
