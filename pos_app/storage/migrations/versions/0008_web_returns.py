"""web returns: the chain's returnable web orders and the returns of them made here

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "web_order",
        sa.Column("id", _str(), nullable=False),
        sa.Column("number", _str(), nullable=False),
        sa.Column("fulfilment", _str(), nullable=False),
        sa.Column("store_code", _str(), nullable=False),
        sa.Column("state", _str(), nullable=False),
        sa.Column("customer_name", _str(), nullable=False),
        sa.Column("phone", _str(), nullable=False),
        sa.Column("pickup_code", _str(), nullable=False),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("payment_method", _str(), nullable=False),
        sa.Column("currency", _str(), nullable=False),
        sa.Column("total_minor", sa.Integer(), nullable=False),
        sa.Column("refunded_minor", sa.Integer(), nullable=False),
        sa.Column("lines_json", _str(), nullable=False),
        sa.Column("return_ids_json", _str(), nullable=False),
        sa.Column("returnable_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("return_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("search_text", _str(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_web_order_number", "web_order", ["number"])
    op.create_index("ix_web_order_search", "web_order", ["returnable_from", "search_text"])
    op.create_table(
        "web_return",
        sa.Column("id", _str(), nullable=False),
        sa.Column("web_order_id", _str(), nullable=False),
        sa.Column("number", _str(), nullable=False),
        sa.Column("refund_method", _str(), nullable=False),
        sa.Column("mutation_id", _str(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["id"], ["sale.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_web_return_web_order_id", "web_return", ["web_order_id"])
    op.create_table(
        "web_return_line",
        sa.Column("id", _str(), nullable=False),
        sa.Column("web_return_id", _str(), nullable=False),
        sa.Column("web_order_id", _str(), nullable=False),
        sa.Column("sku", _str(), nullable=False),
        sa.Column("qty_milli", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["web_return_id"], ["web_return.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_web_return_line_web_return_id", "web_return_line", ["web_return_id"])
    op.create_index("ix_web_return_line_web_order_id", "web_return_line", ["web_order_id"])


def downgrade() -> None:
    op.drop_table("web_return_line")
    op.drop_table("web_return")
    op.drop_table("web_order")
