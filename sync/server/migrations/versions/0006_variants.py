"""Variants: a model code groups the sizes and colours of one product.

Revision ID: 0006
Revises: 0005

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("model", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("variant_json", sa.Text(), server_default="{}", nullable=False))
        batch.create_index("ix_product_model", ["model"])


def downgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.drop_index("ix_product_model")
        batch.drop_column("variant_json")
        batch.drop_column("model")
