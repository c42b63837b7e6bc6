"""Self-service kiosk: product pictures and age / sale-hours restrictions, the order's channel
(store or kiosk), and each kiosk's last reported state for the store's Attendants panel.

Revision ID: 0011
Revises: 0010

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("product") as batch:
        batch.add_column(sa.Column("image", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("min_age", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("restriction", sa.String(length=32), nullable=True))
    with op.batch_alter_table("pos_order") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(length=16), nullable=False, server_default="store")
        )
    op.create_table(
        "kiosk_state",
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("detail_json", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"], ["terminal.id"], name="fk_kiosk_state_terminal_id_terminal"
        ),
        sa.ForeignKeyConstraint(["store_id"], ["store.id"], name="fk_kiosk_state_store_id_store"),
        sa.PrimaryKeyConstraint("terminal_id", name="pk_kiosk_state"),
    )
    op.create_index("ix_kiosk_state_store_id", "kiosk_state", ["store_id"])


def downgrade() -> None:
    op.drop_index("ix_kiosk_state_store_id", table_name="kiosk_state")
    op.drop_table("kiosk_state")
    with op.batch_alter_table("pos_order") as batch:
        batch.drop_column("channel")
    with op.batch_alter_table("product") as batch:
        batch.drop_column("restriction")
        batch.drop_column("min_age")
        batch.drop_column("image")
