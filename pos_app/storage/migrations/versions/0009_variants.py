"""variants: a model code groups the sizes and colours of one product

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("model", _str(), nullable=True))
        batch.add_column(
            sa.Column("variant_json", _str(), nullable=False, server_default="{}")
        )
        batch.create_index("ix_product_model", ["model"])


def downgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.drop_index("ix_product_model")
        batch.drop_column("variant_json")
        batch.drop_column("model")
