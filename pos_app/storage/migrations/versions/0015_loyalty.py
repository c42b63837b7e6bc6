"""Points and gift cards at the till (issue 18): points per sales line, the replica's gift
cards and loyalty rules, the till's own points and gift card entries, and the last hello's
offline redemption bounds

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in ("loyalty_offline_budget_points", "loyalty_offline_customer_cap_points"):
        op.add_column(
            "sync_state", sa.Column(column, sa.Integer(), nullable=False, server_default="0")
        )
    op.add_column(
        "sale_line",
        sa.Column("loyalty_points", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "value_card",
        sa.Column("code_hash", sa.String(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("balance_minor", sa.Integer(), nullable=False),
        sa.Column("offline_limit_minor", sa.Integer(), nullable=False),
        sa.Column("last4", sa.String(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "loyalty_rules",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules_json", sa.String(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "loyalty_movement",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("sale_id", sa.String(), sa.ForeignKey("sale.id"), nullable=False),
        sa.Column("customer_id", sa.String(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("line_id", sa.String(), nullable=True),
        sa.Column("vests_on", sa.Date(), nullable=True),
        sa.Column("tender_id", sa.String(), nullable=True),
        sa.Column("reservation_id", sa.String(), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_loyalty_movement_sale_id", "loyalty_movement", ["sale_id"])
    op.create_index("ix_loyalty_movement_customer_id", "loyalty_movement", ["customer_id"])
    op.create_table(
        "value_card_movement",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("sale_id", sa.String(), sa.ForeignKey("sale.id"), nullable=False),
        sa.Column("code_hash", sa.String(), nullable=False),
        sa.Column("card_kind", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("delta_minor", sa.Integer(), nullable=False),
        sa.Column("last4", sa.String(), nullable=False),
        sa.Column("line_id", sa.String(), nullable=True),
        sa.Column("tender_id", sa.String(), nullable=True),
        sa.Column("reservation_id", sa.String(), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_value_card_movement_sale_id", "value_card_movement", ["sale_id"])
    op.create_index("ix_value_card_movement_code_hash", "value_card_movement", ["code_hash"])


def downgrade() -> None:
    op.drop_index("ix_value_card_movement_code_hash", table_name="value_card_movement")
    op.drop_index("ix_value_card_movement_sale_id", table_name="value_card_movement")
    op.drop_table("value_card_movement")
    op.drop_index("ix_loyalty_movement_customer_id", table_name="loyalty_movement")
    op.drop_index("ix_loyalty_movement_sale_id", table_name="loyalty_movement")
    op.drop_table("loyalty_movement")
    op.drop_table("loyalty_rules")
    op.drop_table("value_card")
    with op.batch_alter_table("sale_line") as batch:
        batch.drop_column("loyalty_points")
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("loyalty_offline_customer_cap_points")
        batch.drop_column("loyalty_offline_budget_points")
