"""Consent and data rights (issue 18): the consent history (İYS change list), versioned legal
texts, and the customer's loyalty QR hash, last activity (retention) and erasure time.

Revision ID: 0013
Revises: 0012

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("loyalty_code_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint("uq_customer_loyalty_code_hash", ["loyalty_code_hash"])
    op.create_table(
        "customer_consent_event",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("text_version", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name="fk_customer_consent_event_customer_id_customer"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_customer_consent_event"),
        sa.UniqueConstraint("seq", name="uq_customer_consent_event_seq"),
    )
    op.create_index(
        "ix_customer_consent_event_customer_id", "customer_consent_event", ["customer_id"]
    )
    op.create_table(
        "legal_text",
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("texts_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("purpose", "version", name="pk_legal_text"),
    )


def downgrade() -> None:
    op.drop_table("legal_text")
    op.drop_index("ix_customer_consent_event_customer_id", table_name="customer_consent_event")
    op.drop_table("customer_consent_event")
    with op.batch_alter_table("customer") as batch:
        batch.drop_constraint("uq_customer_loyalty_code_hash", type_="unique")
        batch.drop_column("erased_at")
        batch.drop_column("last_activity_at")
        batch.drop_column("loyalty_code_hash")
