"""Returns of web orders in stores: returnable products, return windows, store returns.

Orders collected or delivered before this revision get no return window (they are not
sent to the terminals); every order collected or delivered from now on does.

Revision ID: 0004
Revises: 0003

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ID = sa.String(length=64)


def upgrade() -> None:
    op.add_column(
        "product", sa.Column("returnable", sa.Boolean(), server_default="1", nullable=False)
    )
    op.add_column(
        "web_order",
        sa.Column("payment_method", sa.String(length=16), server_default="online", nullable=False),
    )
    op.add_column(
        "web_order", sa.Column("returnable_from", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("web_order", sa.Column("return_by", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "web_order",
        sa.Column("returns_listed", sa.Boolean(), server_default="0", nullable=False),
    )
    # Orders placed unpaid are paid at the till (pay in store): nothing to refund online.
    op.execute("UPDATE web_order SET payment_method = 'in_store' WHERE NOT paid")
    op.create_index(
        "ix_web_order_returns_listed", "web_order", ["returns_listed", "return_by"], unique=False
    )
    op.add_column("payment_refund", sa.Column("return_id", _ID, nullable=True))
    op.create_index("uq_payment_refund_return_id", "payment_refund", ["return_id"], unique=True)
    op.create_table(
        "web_order_return",
        sa.Column("id", _ID, nullable=False),
        sa.Column("web_order_id", _ID, nullable=False),
        sa.Column("store_id", _ID, nullable=False),
        sa.Column("terminal_id", _ID, nullable=False),
        sa.Column("receipt_no", sa.String(length=40), nullable=False),
        sa.Column("refund_method", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("online_refund_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("review", sa.String(length=200), server_default="", nullable=False),
        sa.Column("override_json", sa.Text(), server_default="null", nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"], ["pos_order.id"], name=op.f("fk_web_order_return_id_pos_order")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["store.id"], name=op.f("fk_web_order_return_store_id_store")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminal.id"], name=op.f("fk_web_order_return_terminal_id_terminal")
        ),
        sa.ForeignKeyConstraint(
            ["web_order_id"],
            ["web_order.id"],
            name=op.f("fk_web_order_return_web_order_id_web_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_order_return")),
        sa.UniqueConstraint("receipt_no", name=op.f("uq_web_order_return_receipt_no")),
    )
    op.create_index(op.f("ix_web_order_return_web_order_id"), "web_order_return", ["web_order_id"])
    op.create_table(
        "web_order_return_line",
        sa.Column("id", _ID, nullable=False),
        sa.Column("return_id", _ID, nullable=False),
        sa.Column("web_order_id", _ID, nullable=False),
        sa.Column("product_id", _ID, nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("qty_milli", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("over_milli", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["product.id"], name=op.f("fk_web_order_return_line_product_id_product")
        ),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["web_order_return.id"],
            name=op.f("fk_web_order_return_line_return_id_web_order_return"),
        ),
        sa.ForeignKeyConstraint(
            ["web_order_id"],
            ["web_order.id"],
            name=op.f("fk_web_order_return_line_web_order_id_web_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_order_return_line")),
        sa.UniqueConstraint(
            "return_id", "sku", name=op.f("uq_web_order_return_line_return_id_sku")
        ),
    )
    op.create_index(
        op.f("ix_web_order_return_line_return_id"), "web_order_return_line", ["return_id"]
    )
    op.create_index(
        op.f("ix_web_order_return_line_web_order_id"), "web_order_return_line", ["web_order_id"]
    )


def downgrade() -> None:
    op.drop_table("web_order_return_line")
    op.drop_table("web_order_return")
    op.drop_index("uq_payment_refund_return_id", table_name="payment_refund")
    op.drop_index("ix_web_order_returns_listed", table_name="web_order")
    with op.batch_alter_table("payment_refund") as batch:
        batch.drop_column("return_id")
    with op.batch_alter_table("web_order") as batch:
        for column in ("returns_listed", "return_by", "returnable_from", "payment_method"):
            batch.drop_column(column)
    with op.batch_alter_table("product") as batch:
        batch.drop_column("returnable")
