"""Refunds owed to web orders' online payments (goods refused at pickup).

Revision ID: 0002
Revises: 0001

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ONE_REFUSAL = sa.text("reason = 'refused_at_pickup'")


def upgrade() -> None:
    op.create_table(
        "payment_refund",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("web_order_id", sa.String(length=64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("lines_json", sa.Text(), server_default="[]", nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["web_order_id"],
            ["web_order.id"],
            name=op.f("fk_payment_refund_web_order_id_web_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_refund")),
    )
    with op.batch_alter_table("payment_refund", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_refund_web_order_id"), ["web_order_id"], unique=False
        )
        batch_op.create_index(
            "uq_payment_refund_refused_at_pickup",
            ["web_order_id"],
            unique=True,
            sqlite_where=_ONE_REFUSAL,
            postgresql_where=_ONE_REFUSAL,
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_refund", schema=None) as batch_op:
        batch_op.drop_index("uq_payment_refund_refused_at_pickup")
        batch_op.drop_index(batch_op.f("ix_payment_refund_web_order_id"))
    op.drop_table("payment_refund")
