"""The ``value_card`` collection (``ValueCardData``, key ``code_hash``) as rows of the till's
``value_card`` table: gift cards and store credit as the backend last reported them.

The pull and snapshot paths (``rows``, ``pull``, ``snapshot``) use these, as they do for web
orders. Only the hash of a card's code is ever held (docs/loyalty.md "Gift cards at the till").
"""

from __future__ import annotations

from typing import Any

from sync.protocol.records import ValueCardData

COLLECTION = "value_card"
COLUMNS = "code_hash, kind, state, balance_minor, offline_limit_minor, last4, currency"
_MARKS = ", ".join("?" * (COLUMNS.count(",") + 1))

# The snapshot's staging table (TEMP, snapshot._STAGING).
STAGING = (
    "code_hash TEXT PRIMARY KEY, kind TEXT, state TEXT, balance_minor INTEGER, "
    "offline_limit_minor INTEGER, last4 TEXT, currency TEXT"
)
STAGE_SQL = f"INSERT OR REPLACE INTO snap_value_card VALUES ({_MARKS})"
UPSERT_SQL = f"INSERT OR REPLACE INTO value_card ({COLUMNS}, synced_at) VALUES ({_MARKS}, ?)"
SWAP_SQL = f"INSERT INTO value_card ({COLUMNS}, synced_at) SELECT {COLUMNS}, ? FROM snap_value_card"
DELETE_SQL = "DELETE FROM value_card WHERE code_hash IN ({})"


def row(card: ValueCardData) -> tuple[Any, ...]:
    """The replica row of ``card`` (without ``synced_at``), in ``COLUMNS`` order."""
    return (
        card.code_hash,
        card.kind,
        card.state,
        card.balance_minor,
        card.offline_limit_minor,
        card.last4,
        card.currency,
    )
