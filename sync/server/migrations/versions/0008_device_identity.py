"""A terminal remembers the device it was enrolled on: a copied data directory saying hello
from another device is refused (issue 15, docs/sync-protocol.md F27).

Revision ID: 0008
Revises: 0007

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terminal") as batch:
        batch.add_column(sa.Column("device_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terminal") as batch:
        batch.drop_column("device_id")
