"""manager stock: movement references, the stock-exception replica, stock task drafts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column(
        "stock_movement",
        sa.Column("reference", _str(), nullable=False, server_default=""),
    )
    # Receipts and transfers by their reference, leaving out the sales (reference "").
    op.create_index(
        "ix_stock_movement_reference",
        "stock_movement",
        ["reference"],
        sqlite_where=sa.text("reference != ''"),
    )
    op.create_table(
        "stock_exception",
        sa.Column("id", _str(), nullable=False),
        sa.Column("store_code", _str(), nullable=False),
        sa.Column("product_id", _str(), nullable=False),
        sa.Column("sku", _str(), nullable=False),
        sa.Column("kind", _str(), nullable=False),
        sa.Column("on_hand_milli", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "stock_task_draft",
        sa.Column("kind", _str(), nullable=False),
        sa.Column("user_id", _str(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data_json", _str(), nullable=False),
        sa.PrimaryKeyConstraint("kind"),
    )


def downgrade() -> None:
    op.drop_table("stock_task_draft")
    op.drop_table("stock_exception")
    op.drop_index("ix_stock_movement_reference", table_name="stock_movement")
    with op.batch_alter_table("stock_movement") as batch:
        batch.drop_column("reference")
