"""e-receipt token on every sale

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch copy would drop the sale table's append-only
    # triggers.
    op.add_column("sale", sa.Column("receipt_token", sqlmodel.sql.sqltypes.AutoString()))
    op.create_index("ix_sale_receipt_token", "sale", ["receipt_token"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_sale_receipt_token", table_name="sale")
    op.drop_column("sale", "receipt_token")
