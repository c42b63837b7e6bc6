"""Loyalty and gift cards (issue 18): points ledger per sales line with vesting, the loyalty
rules, the gift card and store credit ledger, online redemption holds (``sync.protocol.reservations``).

Revision ID: 0012
Revises: 0011

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("loyalty_entry") as batch:
        batch.add_column(sa.Column("order_line_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("vests_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("terminal_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("reservation_id", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("offline", sa.Boolean(), nullable=False, server_default="0")
        )
    op.create_table(
        "loyalty_rules",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", name="pk_loyalty_rules"),
    )
    op.create_table(
        "value_card",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False, server_default="TRY"),
        sa.Column("last4", sa.String(length=4), nullable=False, server_default=""),
        sa.Column("offline_limit_minor", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("customer_id", sa.String(length=64), nullable=True),
        sa.Column("store_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name="fk_value_card_customer_id_customer"
        ),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name="fk_value_card_store_id_store"),
        sa.PrimaryKeyConstraint("id", name="pk_value_card"),
        sa.UniqueConstraint("code_hash", name="uq_value_card_code_hash"),
    )
    op.create_index("ix_value_card_customer_id", "value_card", ["customer_id"])
    op.create_table(
        "value_card_entry",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("card_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("delta_minor", sa.BigInteger(), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=True),
        sa.Column("order_line_id", sa.String(length=64), nullable=True),
        sa.Column("terminal_id", sa.String(length=64), nullable=True),
        sa.Column("reservation_id", sa.String(length=64), nullable=True),
        sa.Column("offline", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("flagged", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("reference", sa.String(length=128), nullable=False, server_default=""),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["card_id"], ["value_card.id"], name="fk_value_card_entry_card_id_value_card"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_value_card_entry"),
    )
    op.create_index("ix_value_card_entry_card_id", "value_card_entry", ["card_id"])
    op.create_index("ix_value_card_entry_order_id", "value_card_entry", ["order_id"])
    op.create_table(
        "redemption_hold",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=True),
        sa.Column("card_id", sa.String(length=64), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminal.id"], name="fk_redemption_hold_terminal_id_terminal"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_redemption_hold"),
    )
    op.create_index("ix_redemption_hold_customer_id", "redemption_hold", ["customer_id"])
    op.create_index("ix_redemption_hold_card_id", "redemption_hold", ["card_id"])


def downgrade() -> None:
    op.drop_index("ix_redemption_hold_card_id", table_name="redemption_hold")
    op.drop_index("ix_redemption_hold_customer_id", table_name="redemption_hold")
    op.drop_table("redemption_hold")
    op.drop_index("ix_value_card_entry_order_id", table_name="value_card_entry")
    op.drop_index("ix_value_card_entry_card_id", table_name="value_card_entry")
    op.drop_table("value_card_entry")
    op.drop_index("ix_value_card_customer_id", table_name="value_card")
    op.drop_table("value_card")
    op.drop_table("loyalty_rules")
    with op.batch_alter_table("loyalty_entry") as batch:
        batch.drop_column("offline")
        batch.drop_column("reservation_id")
        batch.drop_column("terminal_id")
        batch.drop_column("vests_on")
        batch.drop_column("order_line_id")
