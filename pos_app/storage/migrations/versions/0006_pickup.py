"""pickup: a search column on the pickup replica, and the transitions made on this terminal

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:00:00
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_str = sqlmodel.sql.sqltypes.AutoString

# search_text as this revision wrote it (services/pickup.py's pickup_search_text and
# domain/text.py's fold of 2026-11): a migration is history, so it keeps its own copy and
# never imports the app, whose rules may change after it.
_SEPARATOR = "\x1f"
_PHONE_DIGITS = 10
_NON_DIGITS = re.compile(r"[^0-9]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TO_ASCII = str.maketrans({**dict(zip("ıçğöşüâîû", "icgosuaiu", strict=True)), "\u0307": None})


def _fold(text: str) -> str:
    folded = text.lower().translate(_TO_ASCII)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pickup_search_text(number: str, customer_name: str, phone: str, pickup_code: str) -> str:
    return _SEPARATOR.join(
        (
            _fold(number.strip()),
            " ".join(_fold(_CONTROL.sub(" ", customer_name)).split()),
            _NON_DIGITS.sub("", phone)[-_PHONE_DIGITS:],
            pickup_code.strip(),
        )
    )


def upgrade() -> None:
    op.add_column(
        "pickup_order",
        sa.Column("search_text", _str(), nullable=False, server_default=""),
    )
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        "SELECT id, number, customer_name, phone, pickup_code FROM pickup_order"
    ).all()
    if rows:
        bind.exec_driver_sql(
            "UPDATE pickup_order SET search_text = ? WHERE id = ?",
            [
                (_pickup_search_text(r.number, r.customer_name, r.phone, r.pickup_code), r.id)
                for r in rows
            ],
        )
    # Search walks this covering index newest first, never the rows with their lines.
    op.create_index(
        "ix_pickup_order_search", "pickup_order", ["store_code", "created_at", "search_text"]
    )
    op.create_table(
        "pickup_transition",
        sa.Column("id", _str(), nullable=False),
        sa.Column("order_id", _str(), nullable=False),
        sa.Column("number", _str(), nullable=False),
        sa.Column("from_state", _str(), nullable=False),
        sa.Column("to_state", _str(), nullable=False),
        sa.Column("mutation_id", _str(), nullable=False),
        sa.Column("replica_version", sa.Integer(), nullable=False),
        sa.Column("user_id", _str(), nullable=True),
        sa.Column("detail_json", _str(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pickup_transition_order_id", "pickup_transition", ["order_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_pickup_transition_order_id", table_name="pickup_transition")
    op.drop_table("pickup_transition")
    op.drop_index("ix_pickup_order_search", table_name="pickup_order")
    with op.batch_alter_table("pickup_order") as batch:
        batch.drop_column("search_text")
