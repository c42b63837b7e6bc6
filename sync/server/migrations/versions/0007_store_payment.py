"""A web order paid in store at pickup names the till's receipt that paid it; a shift close
keeps the till's Z number.

Revision ID: 0007
Revises: 0006

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_order") as batch:
        batch.add_column(sa.Column("paid_receipt_no", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("paid_store_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("paid_terminal_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("paid_minor", sa.BigInteger(), nullable=True))
        batch.create_foreign_key(
            "fk_web_order_paid_store_id_store", "store", ["paid_store_id"], ["id"]
        )
    with op.batch_alter_table("shift_close") as batch:
        batch.add_column(sa.Column("z_no", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shift_close") as batch:
        batch.drop_column("z_no")
    with op.batch_alter_table("web_order") as batch:
        batch.drop_constraint("fk_web_order_paid_store_id_store", type_="foreignkey")
        batch.drop_column("paid_minor")
        batch.drop_column("paid_at")
        batch.drop_column("paid_terminal_id")
        batch.drop_column("paid_store_id")
        batch.drop_column("paid_receipt_no")
