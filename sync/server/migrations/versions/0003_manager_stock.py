"""Manager stock screens: movement references (delivery note, transfer id) and deliveries.

Revision ID: 0003
Revises: 0002

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reference", sa.String(length=64), server_default="", nullable=False)
        )
    op.create_table(
        "stock_delivery",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("delivery_ref", sa.String(length=64), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=True),
        sa.Column("mutation_id", sa.String(length=64), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("qty_milli", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_stock_delivery_store_id_store")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_delivery")),
        sa.UniqueConstraint(
            "store_id", "delivery_ref", name=op.f("uq_stock_delivery_store_id_delivery_ref")
        ),
    )


def downgrade() -> None:
    op.drop_table("stock_delivery")
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_column("reference")
