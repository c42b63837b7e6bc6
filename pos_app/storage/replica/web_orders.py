"""The ``web_order`` collection (``WebOrderData``) as rows of the terminal's replica table.

The pull and snapshot paths (``rows``, ``pull``, ``snapshot``) use these, as they do for
pickup orders: one row per order, the lines and applied return ids as JSON, and the
Turkish-folded search text of ``search_text`` so look-up works the same way.
"""

from __future__ import annotations

import json
from typing import Any

from pos_app.storage.replica.search_text import pickup_search_text
from pos_app.storage.tables import sqlite_stamp
from sync.protocol import WebOrderData

COLUMNS = (
    "id, number, fulfilment, store_code, state, customer_name, phone, pickup_code, paid, "
    "payment_method, currency, total_minor, refunded_minor, lines_json, return_ids_json, "
    "returnable_from, return_by, version, search_text"
)
_MARKS = ", ".join("?" * (COLUMNS.count(",") + 1))

# The snapshot's staging table (TEMP, snapshot._STAGING).
STAGING = (
    "id TEXT PRIMARY KEY, number TEXT, fulfilment TEXT, store_code TEXT, state TEXT, "
    "customer_name TEXT, phone TEXT, pickup_code TEXT, paid INTEGER, payment_method TEXT, "
    "currency TEXT, total_minor INTEGER, refunded_minor INTEGER, lines_json TEXT, "
    "return_ids_json TEXT, returnable_from TEXT, return_by TEXT, version INTEGER, "
    "search_text TEXT NOT NULL"
)
STAGE_SQL = f"INSERT OR REPLACE INTO snap_web_order VALUES ({_MARKS})"
UPSERT_SQL = f"INSERT OR REPLACE INTO web_order ({COLUMNS}, synced_at) VALUES ({_MARKS}, ?)"
SWAP_SQL = f"INSERT INTO web_order ({COLUMNS}, synced_at) SELECT {COLUMNS}, ? FROM snap_web_order"


def row(order: WebOrderData) -> tuple[Any, ...]:
    """The replica row of ``order`` (without ``synced_at``), in ``COLUMNS`` order."""
    return (
        order.id,
        order.number,
        order.fulfilment,
        order.store_code,
        order.state,
        order.customer_name,
        order.phone,
        order.pickup_code,
        int(order.paid),
        order.payment_method,
        order.currency,
        order.total_minor,
        order.refunded_minor,
        json.dumps([line.model_dump() for line in order.lines], ensure_ascii=False),
        json.dumps(order.return_ids),
        sqlite_stamp(order.returnable_from),
        sqlite_stamp(order.return_by),
        order.version,
        pickup_search_text(order.number, order.customer_name, order.phone, order.pickup_code),
    )
