"""Self-service kiosk: product pictures, age and sale-hours restrictions; staff badges; the
sale's channel (store or kiosk); card payment attempts written before the terminal is asked

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("image", sa.String(), nullable=True))
        batch.add_column(sa.Column("min_age", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("restriction", sa.String(), nullable=True))
    # Plain ADD COLUMN and an index: rebuilding ``user`` (a batch constraint) would fail while
    # shifts and sales refer to its rows.
    op.add_column("user", sa.Column("badge_hash", sa.String(), nullable=True))
    op.add_column("user", sa.Column("badge_issued_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_user_badge_hash", "user", ["badge_hash"], unique=True)
    with op.batch_alter_table("sale") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(), nullable=False, server_default="store")
        )
    op.create_table(
        "card_attempt",
        sa.Column("reference", sa.String(), primary_key=True),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sale_id", sa.String(), sa.ForeignKey("sale.id"), nullable=True),
        sa.Column("approval_code", sa.String(), nullable=False),
        sa.Column("card_label", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("basket_json", sa.String(), nullable=False),
        sa.UniqueConstraint("sale_id"),
    )
    op.create_index("ix_card_attempt_status", "card_attempt", ["status"])


def downgrade() -> None:
    op.drop_index("ix_card_attempt_status", table_name="card_attempt")
    op.drop_table("card_attempt")
    with op.batch_alter_table("sale") as batch:
        batch.drop_column("channel")
    op.drop_index("ix_user_badge_hash", table_name="user")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("badge_issued_at")
        batch.drop_column("badge_hash")
    with op.batch_alter_table("product") as batch:
        batch.drop_column("restriction")
        batch.drop_column("min_age")
        batch.drop_column("image")
