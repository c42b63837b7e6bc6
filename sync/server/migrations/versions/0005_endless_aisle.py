"""Web orders opened by a store sale (endless aisle) name the sale's receipt.

Revision ID: 0005
Revises: 0004

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_order") as batch:
        batch.add_column(sa.Column("origin_receipt_no", sa.String(length=40), nullable=True))
        batch.create_unique_constraint("uq_web_order_origin_receipt_no", ["origin_receipt_no"])


def downgrade() -> None:
    with op.batch_alter_table("web_order") as batch:
        batch.drop_constraint("uq_web_order_origin_receipt_no", type_="unique")
        batch.drop_column("origin_receipt_no")
