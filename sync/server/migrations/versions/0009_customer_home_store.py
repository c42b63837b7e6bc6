"""A customer's home store: the store whose till created it, the only tills that may change
it (``customer.upserted``); NULL for customers of the chain (admin API, web shop).

Revision ID: 0009
Revises: 0008

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Customers stored before have no record of who created them: they stay the chain's,
    # changed from the admin API only (which may give them a home store).
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("home_store_id", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            "fk_customer_home_store_id_store", "store", ["home_store_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.drop_constraint("fk_customer_home_store_id_store", type_="foreignkey")
        batch.drop_column("home_store_id")
