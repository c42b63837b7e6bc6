"""A full download of the replica (docs/sync-protocol.md, "Pull and snapshot"), staged, then
swapped in.

Pages stream into TEMP staging tables on one dedicated connection (writing them takes no lock
on the live database, so the till keeps selling on the old catalog), then one
``BEGIN IMMEDIATE`` transaction swaps them into the live tables.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.storage.replica import loyalty_rules, value_cards, web_orders
from pos_app.storage.replica.erasure import erase_customers
from pos_app.storage.replica.pull import (
    PRODUCT_UPSERT_TAIL,
    adopt_backend_ids,
    ensure_categories,
    update_own_store,
)
from pos_app.storage.replica.rows import (
    CUSTOMER_COLS,
    Rows,
    collect,
    customer_row,
    customers_at_once,
    product_row,
    products_at_once,
)
from sync.client.errors import ProtocolError

log = logging.getLogger(__name__)

PRODUCT_COLS = (
    "id, sku, name, names_json, search_text, category, category_names_json, price_minor, "
    "vat_rate, sold_by_weight, plu, active, model, variant_json, image, min_age, restriction"
)

_STAGING = {
    "snap_product": "id TEXT PRIMARY KEY, sku TEXT NOT NULL, name TEXT NOT NULL, "
    "names_json TEXT NOT NULL, search_text TEXT NOT NULL, category TEXT, "
    "category_names_json TEXT NOT NULL, price_minor INTEGER NOT NULL, vat_rate INTEGER NOT NULL, "
    "sold_by_weight INTEGER NOT NULL, plu TEXT, active INTEGER NOT NULL, model TEXT, "
    "variant_json TEXT NOT NULL, image TEXT, min_age INTEGER NOT NULL, restriction TEXT",
    "snap_barcode": "code TEXT PRIMARY KEY, product_id TEXT NOT NULL",
    "snap_tax_rate": "rate_percent INTEGER PRIMARY KEY, name TEXT NOT NULL",
    "snap_store": "code TEXT PRIMARY KEY, id TEXT, name TEXT, address TEXT, tax_number TEXT, "
    "timezone TEXT",
    "snap_stock": "product_id TEXT, store_code TEXT, on_hand_milli INTEGER, "
    "reserved_milli INTEGER, available_milli INTEGER, PRIMARY KEY (product_id, store_code)",
    "snap_online": "product_id TEXT PRIMARY KEY, available_milli INTEGER",
    "snap_customer": "id TEXT PRIMARY KEY, name TEXT, phone TEXT, email TEXT, "
    "loyalty_points INTEGER, merged_into TEXT, phone_norm TEXT, search_text TEXT, "
    "loyalty_code_hash TEXT, pending_json TEXT, consents_json TEXT",
    "snap_legal_text": "purpose TEXT PRIMARY KEY, version TEXT, texts_json TEXT",
    "snap_pickup": "id TEXT PRIMARY KEY, number TEXT, store_code TEXT, state TEXT, "
    "customer_name TEXT, phone TEXT, pickup_code TEXT, qr_payload TEXT, paid INTEGER, "
    "total_minor INTEGER, currency TEXT, lines_json TEXT, created_at TEXT, pickup_by TEXT, "
    "version INTEGER, search_text TEXT NOT NULL",
    "snap_web_order": web_orders.STAGING,
    "snap_value_card": value_cards.STAGING,
    "snap_loyalty_rules": loyalty_rules.STAGING,
    "snap_stock_exception": "id TEXT PRIMARY KEY, store_code TEXT, product_id TEXT, sku TEXT, "
    "kind TEXT, on_hand_milli INTEGER, raised_at TEXT",
}


def open_staging(engine: Engine) -> Connection:
    """A dedicated connection with empty TEMP staging tables (the caller closes it with
    ``drop_staging``)."""
    conn = engine.connect()
    try:
        with conn.begin():
            for name, columns in _STAGING.items():
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
                conn.exec_driver_sql(f"CREATE TEMP TABLE {name} ({columns})")
    except BaseException:
        conn.close()
        raise
    return conn


def stage(conn: Connection, collection: str, items: list[dict[str, Any]]) -> None:
    """Write one snapshot page of ``collection`` into the staging tables of ``conn``."""
    rows = Rows.empty()
    for item in items:
        if not isinstance(item, dict) or "data" not in item:
            raise ProtocolError(f"garbled {collection} snapshot item: {str(item)[:200]}")
    products = products_at_once(items) if collection == "product" else None
    customers = customers_at_once(items) if collection == "customer" else None
    if products is not None:
        for p in products:
            rows.products.append(product_row(p))
            rows.barcodes.extend((code, p.id) for code in p.barcodes)
    elif customers is not None:
        rows.customers.extend(customer_row(c) for c in customers)
    else:
        for item in items:
            if not collect(rows, collection, str(item.get("key", "")), item["data"]):
                log.info("ignoring snapshot of unknown collection %s", collection)
                return
    # Staging lives in the TEMP database: no lock on the live one is taken here.
    with conn.begin():
        inserts: list[tuple[str, Sequence[tuple[Any, ...]]]] = [
            (
                f"INSERT OR REPLACE INTO snap_product ({PRODUCT_COLS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.products,
            ),
            (
                "INSERT OR REPLACE INTO snap_barcode (code, product_id) VALUES (?, ?)",
                rows.barcodes,
            ),
            ("INSERT OR REPLACE INTO snap_tax_rate VALUES (?, ?)", rows.taxes),
            ("INSERT OR REPLACE INTO snap_store VALUES (?, ?, ?, ?, ?, ?)", rows.stores),
            ("INSERT OR REPLACE INTO snap_stock VALUES (?, ?, ?, ?, ?)", rows.stock),
            ("INSERT OR REPLACE INTO snap_online VALUES (?, ?)", rows.online),
            (
                "INSERT OR REPLACE INTO snap_customer VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.customers,
            ),
            ("INSERT OR REPLACE INTO snap_legal_text VALUES (?, ?, ?)", rows.legal_texts),
            (
                "INSERT OR REPLACE INTO snap_pickup VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.pickups,
            ),
            (
                "INSERT OR REPLACE INTO snap_stock_exception VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows.stock_exceptions,
            ),
            (web_orders.STAGE_SQL, rows.web_orders),
            (value_cards.STAGE_SQL, rows.value_cards),
            (loyalty_rules.STAGE_SQL, loyalty_rules.stage_rows(rows.loyalty_rules)),
        ]
        for statement, values in inserts:
            if values:
                conn.exec_driver_sql(statement, list(values))


def swap_in(conn: Connection, now: str, cursor: str, server_epoch: str) -> int:
    """Replace the live replica tables with the staged ones and store the snapshot's cursor,
    in one ``BEGIN IMMEDIATE`` transaction (``now``: the rows' ``synced_at``). Returns how
    many customers the backend no longer has (erased: their local copies were scrubbed)."""
    # The swap is a writer: BEGIN IMMEDIATE (see storage.database.write_transaction).
    conn.execution_options(pos_write=True)
    try:
        with conn.begin():
            _swap(conn, now)
            erased = _swap_customers(conn, now)
            conn.exec_driver_sql(
                "UPDATE sync_state SET cursor = ?, server_epoch = ?, bootstrapped = 1 WHERE id = 1",
                (cursor, server_epoch),
            )
    finally:
        conn.execution_options(pos_write=False)
    return erased


def _swap(conn: Connection, now: str) -> None:
    ex = conn.exec_driver_sql
    ex(
        "INSERT INTO tax_rate (rate_percent, name) SELECT rate_percent, name "
        "FROM snap_tax_rate WHERE true "
        "ON CONFLICT (rate_percent) DO UPDATE SET name = excluded.name"
    )
    ex(
        "INSERT OR IGNORE INTO tax_rate (rate_percent, name) "
        "SELECT DISTINCT vat_rate, 'KDV %' || vat_rate FROM snap_product"
    )
    wanted = {
        str(name): str(names)
        for name, names in ex(
            "SELECT category, max(category_names_json) FROM snap_product "
            "WHERE category IS NOT NULL GROUP BY category"
        )
    }
    ensure_categories(conn, wanted)
    pairs = [
        (str(r[0]), str(r[1]))
        for r in ex(
            "SELECT p.id, s.id FROM product p JOIN snap_product s ON s.sku = p.sku "
            "WHERE p.id != s.id"
        )
    ]
    adopt_backend_ids(conn, pairs)
    ex("DELETE FROM barcode")
    ex("UPDATE product SET plu = NULL WHERE plu IS NOT NULL")
    # Products the backend does not have stay for old receipts, but are not sold.
    ex(
        "UPDATE product SET active = 0, updated_at = ? "
        "WHERE active AND id NOT IN (SELECT id FROM snap_product)",
        (now,),
    )
    ex(
        "INSERT INTO product (id, sku, name, names_json, search_text, category_id, "
        "price_minor, vat_rate, sold_by_weight, plu, active, model, variant_json, "
        "image, min_age, restriction, updated_at) "
        "SELECT s.id, s.sku, s.name, s.names_json, s.search_text, c.id, s.price_minor, "
        "s.vat_rate, s.sold_by_weight, s.plu, s.active, s.model, s.variant_json, s.image, "
        "s.min_age, s.restriction, ? "
        "FROM snap_product s LEFT JOIN category c ON c.name = s.category WHERE true "
        + PRODUCT_UPSERT_TAIL,
        (now,),
    )
    ex("INSERT INTO barcode (code, product_id) SELECT code, product_id FROM snap_barcode")
    ex("DELETE FROM store_info")
    ex(
        "INSERT INTO store_info (code, id, name, address, tax_number, timezone, synced_at) "
        "SELECT code, id, name, address, tax_number, timezone, ? FROM snap_store",
        (now,),
    )
    stores = list(ex("SELECT code, id, name, address, tax_number, timezone FROM snap_store"))
    update_own_store(conn, [tuple(str(v) for v in r) for r in stores])
    ex("DELETE FROM stock_level")
    ex(
        "INSERT INTO stock_level (product_id, store_code, on_hand_milli, reserved_milli, "
        "available_milli, synced_at) SELECT product_id, store_code, on_hand_milli, "
        "reserved_milli, available_milli, ? FROM snap_stock",
        (now,),
    )
    ex("DELETE FROM online_stock")
    ex(
        "INSERT INTO online_stock (product_id, available_milli, synced_at) "
        "SELECT product_id, available_milli, ? FROM snap_online",
        (now,),
    )
    ex("DELETE FROM pickup_order")
    ex(
        "INSERT INTO pickup_order (id, number, store_code, state, customer_name, phone, "
        "pickup_code, qr_payload, paid, total_minor, currency, lines_json, created_at, "
        "pickup_by, version, search_text, synced_at) SELECT id, number, store_code, state, "
        "customer_name, phone, pickup_code, qr_payload, paid, total_minor, currency, "
        "lines_json, created_at, pickup_by, version, search_text, ? FROM snap_pickup",
        (now,),
    )
    ex("DELETE FROM web_order")
    ex(web_orders.SWAP_SQL, (now,))
    _swap_value_cards(conn, now)
    ex("DELETE FROM stock_exception")
    ex(
        "INSERT INTO stock_exception (id, store_code, product_id, sku, kind, on_hand_milli, "
        "raised_at, synced_at) SELECT id, store_code, product_id, sku, kind, on_hand_milli, "
        "raised_at, ? FROM snap_stock_exception",
        (now,),
    )
    loyalty_rules.swap(conn, now)


def _swap_value_cards(conn: Connection, now: str) -> None:
    """The staged gift cards and store credit replace the live ones."""
    conn.exec_driver_sql("DELETE FROM value_card")
    conn.exec_driver_sql(value_cards.SWAP_SQL, (now,))


# Customers this till signed up whose ``customer.upserted`` fact has not reached the backend
# yet: a snapshot does not have them, and they must stay findable.
_LOCAL_SIGN_UPS = (
    "SELECT json_extract(payload_json, '$.id') FROM outbox "
    "WHERE kind = 'customer.upserted' AND acked_at IS NULL"
)


def _swap_customers(conn: Connection, now: str) -> int:
    """The staged customers and legal texts replace the live ones. A live customer the
    snapshot lacks (erased or merged away on the backend) is erased here too, as a pulled
    delete would be; the returned count says whether anything was."""
    ex = conn.exec_driver_sql
    gone = [
        str(r[0])
        for r in ex(
            "SELECT id FROM customer WHERE id NOT IN (SELECT id FROM snap_customer) "
            f"AND id NOT IN ({_LOCAL_SIGN_UPS})"
        )
    ]
    erase_customers(conn, gone)
    ex(
        f"INSERT INTO customer ({CUSTOMER_COLS}, synced_at) SELECT {CUSTOMER_COLS}, ? "
        "FROM snap_customer WHERE true ON CONFLICT (id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in [*CUSTOMER_COLS.split(", ")[1:], "synced_at"]),
        (now,),
    )
    ex("DELETE FROM legal_text")
    ex(
        "INSERT INTO legal_text (purpose, version, texts_json, synced_at) "
        "SELECT purpose, version, texts_json, ? FROM snap_legal_text",
        (now,),
    )
    return len(gone)


def drop_staging(conn: Connection) -> None:
    """Drop the staging tables and close ``conn`` (a failure is logged, never raised)."""
    try:
        if conn.in_transaction():
            conn.rollback()
        with conn.begin():
            for name in _STAGING:
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
    except Exception:  # the connection is closed below either way
        log.exception("dropping the snapshot staging tables failed")
        conn.invalidate()
    finally:
        conn.close()
