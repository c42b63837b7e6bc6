"""Customers at the till (issue 18): the replica's normalised phone, Turkish-folded name,
loyalty QR hash, vesting points and consents; the legal texts a sign-up shows; the sale's
customer

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customer") as batch:
        batch.add_column(sa.Column("phone_norm", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("search_text", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("loyalty_code_hash", sa.String(), nullable=True))
        batch.add_column(sa.Column("pending_json", sa.String(), nullable=False, server_default="{}"))
        batch.add_column(
            sa.Column("consents_json", sa.String(), nullable=False, server_default="{}")
        )
        batch.create_index("ix_customer_phone_norm", ["phone_norm"])
        batch.create_index("ix_customer_loyalty_code_hash", ["loyalty_code_hash"])
    # Name search (services.customers): one row per word of ``customer.search_text``, kept by
    # triggers, so a word prefix is a range scan of this table's primary key. Upserts of
    # ``customer`` must be ``ON CONFLICT DO UPDATE`` (``INSERT OR REPLACE`` fires no delete
    # trigger). search_text holds only letters, digits and single spaces: the JSON array
    # below needs no escaping.
    op.create_table(
        "customer_word",
        sa.Column("word", sa.String(), primary_key=True),
        sa.Column("customer_id", sa.String(), primary_key=True),
        sqlite_with_rowid=False,
    )
    for statement in CUSTOMER_WORD_TRIGGERS:
        op.execute(statement)
    op.create_table(
        "legal_text",
        sa.Column("purpose", sa.String(), primary_key=True),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("texts_json", sa.String(), nullable=False),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Plain ADD COLUMN: rebuilding ``sale`` would fail while lines, tenders and movements
    # refer to its rows.
    op.add_column("sale", sa.Column("customer_id", sa.String(), nullable=True))
    op.create_index("ix_sale_customer_id", "sale", ["customer_id"])


_WORDS = "json_each('[\"' || replace({}.search_text, ' ', '\",\"') || '\"]')"
_ADD = (
    "INSERT OR IGNORE INTO customer_word (word, customer_id) "
    "SELECT value, new.id FROM " + _WORDS.format("new") + " WHERE value != '';"
)
_DROP = "DELETE FROM customer_word WHERE customer_id = old.id AND word IN (SELECT value FROM "
_DROP += _WORDS.format("old") + ");"
CUSTOMER_WORD_TRIGGERS = (
    f"CREATE TRIGGER customer_word_ai AFTER INSERT ON customer BEGIN {_ADD} END",
    f"CREATE TRIGGER customer_word_ad AFTER DELETE ON customer BEGIN {_DROP} END",
    "CREATE TRIGGER customer_word_au AFTER UPDATE OF id, search_text ON customer "
    f"BEGIN {_DROP} {_ADD} END",
)


def downgrade() -> None:
    for name in ("customer_word_au", "customer_word_ad", "customer_word_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS customer_word")
    op.drop_index("ix_sale_customer_id", table_name="sale")
    with op.batch_alter_table("sale") as batch:
        batch.drop_column("customer_id")
    op.drop_table("legal_text")
    with op.batch_alter_table("customer") as batch:
        batch.drop_index("ix_customer_loyalty_code_hash")
        batch.drop_index("ix_customer_phone_norm")
        batch.drop_column("consents_json")
        batch.drop_column("pending_json")
        batch.drop_column("loyalty_code_hash")
        batch.drop_column("search_text")
        batch.drop_column("phone_norm")
