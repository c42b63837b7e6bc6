"""sync: enrolment state, rejected-fact reasons on the outbox, replicated reference data

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column("outbox", sa.Column("code", _str(), nullable=True))
    op.add_column("outbox", sa.Column("reason", _str(), nullable=True))
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["terminal_epoch", "seq"],
        sqlite_where=sa.text("acked_at IS NULL"),
    )
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", _str(), nullable=False),
        sa.Column("terminal_id", _str(), nullable=False),
        sa.Column("terminal_code", _str(), nullable=False),
        sa.Column("token", _str(), nullable=False),
        sa.Column("store_id", _str(), nullable=False),
        sa.Column("store_code", _str(), nullable=False),
        sa.Column("store_name", _str(), nullable=False),
        sa.Column("store_address", _str(), nullable=False),
        sa.Column("store_tax_number", _str(), nullable=False),
        sa.Column("timezone", _str(), nullable=False),
        sa.Column("receipt_prefix", _str(), nullable=False),
        sa.Column("receipt_key", _str(), nullable=False),
        sa.Column("ereceipt_base_url", _str(), nullable=False),
        sa.Column("server_epoch", _str(), nullable=False),
        sa.Column("cursor", _str(), nullable=True),
        sa.Column("clock_offset_ms", sa.Integer(), nullable=False),
        sa.Column("clock_warning_ms", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_hello_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", _str(), nullable=False),
        sa.Column("bootstrapped", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "store_info",
        sa.Column("code", _str(), nullable=False),
        sa.Column("id", _str(), nullable=False),
        sa.Column("name", _str(), nullable=False),
        sa.Column("address", _str(), nullable=False),
        sa.Column("tax_number", _str(), nullable=False),
        sa.Column("timezone", _str(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "stock_level",
        sa.Column("product_id", _str(), nullable=False),
        sa.Column("store_code", _str(), nullable=False),
        sa.Column("on_hand_milli", sa.Integer(), nullable=False),
        sa.Column("reserved_milli", sa.Integer(), nullable=False),
        sa.Column("available_milli", sa.Integer(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "store_code"),
    )
    op.create_table(
        "online_stock",
        sa.Column("product_id", _str(), nullable=False),
        sa.Column("available_milli", sa.Integer(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("product_id"),
    )
    op.create_table(
        "customer",
        sa.Column("id", _str(), nullable=False),
        sa.Column("name", _str(), nullable=False),
        sa.Column("phone", _str(), nullable=False),
        sa.Column("email", _str(), nullable=False),
        sa.Column("loyalty_points", sa.Integer(), nullable=False),
        sa.Column("merged_into", _str(), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customer_phone", "customer", ["phone"])
    op.create_index("ix_customer_email", "customer", ["email"])
    op.create_table(
        "pickup_order",
        sa.Column("id", _str(), nullable=False),
        sa.Column("number", _str(), nullable=False),
        sa.Column("store_code", _str(), nullable=False),
        sa.Column("state", _str(), nullable=False),
        sa.Column("customer_name", _str(), nullable=False),
        sa.Column("phone", _str(), nullable=False),
        sa.Column("pickup_code", _str(), nullable=False),
        sa.Column("qr_payload", _str(), nullable=False),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("total_minor", sa.Integer(), nullable=False),
        sa.Column("currency", _str(), nullable=False),
        sa.Column("lines_json", _str(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pickup_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pickup_order_number", "pickup_order", ["number"])
    op.create_index("ix_pickup_order_pickup_code", "pickup_order", ["pickup_code"])


def downgrade() -> None:
    for name in ("pickup_order", "customer", "online_stock", "stock_level", "store_info"):
        op.drop_table(name)
    op.drop_table("sync_state")
    op.drop_index("ix_outbox_pending", table_name="outbox")
    op.drop_column("outbox", "reason")
    op.drop_column("outbox", "code")
