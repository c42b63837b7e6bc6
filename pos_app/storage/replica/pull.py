"""A page of pulled changes written into the live replica tables (docs/sync-protocol.md,
"Pull and snapshot").

The page and its cursor are written in one transaction by the caller (``store``), so the
cursor is never ahead of the data. Hot paths use driver-level ``executemany`` with tuples and
set-based SQL, not the ORM.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from pos_app.domain.ids import new_id
from pos_app.storage.replica import loyalty_rules, value_cards, web_orders
from pos_app.storage.replica.erasure import erase_customers
from pos_app.storage.replica.rows import CUSTOMER_COLS, Rows

log = logging.getLogger(__name__)

_CHUNK = 500  # parameters per IN (...) list


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    """``items`` in slices of at most ``size`` (the parameters of one ``IN (...)`` list)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(count: int) -> str:
    """``count`` comma-separated ``?`` placeholders."""
    return ",".join("?" * count)


def apply_rows(conn: Connection, rows: Rows, now: str) -> None:
    """Upsert a page of pulled rows into the live tables (``now``: their ``synced_at``)."""
    if rows.taxes:
        conn.exec_driver_sql(
            "INSERT INTO tax_rate (rate_percent, name) VALUES (?, ?) "
            "ON CONFLICT (rate_percent) DO UPDATE SET name = excluded.name",
            rows.taxes,
        )
    if rows.products:
        apply_products(conn, rows.products, rows.barcodes, now)
    if rows.stores:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO store_info "
            "(code, id, name, address, tax_number, timezone, synced_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(*r, now) for r in rows.stores],
        )
        update_own_store(conn, rows.stores)
    if rows.stock_products:
        for chunk in chunks(rows.stock_products):
            conn.exec_driver_sql(
                f"DELETE FROM stock_level WHERE product_id IN ({marks(len(chunk))})",
                tuple(chunk),
            )
        if rows.stock:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO stock_level (product_id, store_code, on_hand_milli, "
                "reserved_milli, available_milli, synced_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in rows.stock],
            )
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO online_stock (product_id, available_milli, synced_at) "
            "VALUES (?, ?, ?)",
            [(*r, now) for r in rows.online],
        )
    if rows.customers:
        upsert_customers(conn, rows.customers, now)
    if rows.legal_texts:
        conn.exec_driver_sql(
            "INSERT INTO legal_text (purpose, version, texts_json, synced_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (purpose) DO UPDATE SET "
            "version = excluded.version, texts_json = excluded.texts_json, "
            "synced_at = excluded.synced_at",
            [(*r, now) for r in rows.legal_texts],
        )
    if rows.pickups:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO pickup_order (id, number, store_code, state, "
            "customer_name, phone, pickup_code, qr_payload, paid, total_minor, currency, "
            "lines_json, created_at, pickup_by, version, search_text, synced_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r, now) for r in rows.pickups],
        )
    if rows.web_orders:
        conn.exec_driver_sql(web_orders.UPSERT_SQL, [(*r, now) for r in rows.web_orders])
    if rows.value_cards:
        conn.exec_driver_sql(value_cards.UPSERT_SQL, [(*r, now) for r in rows.value_cards])
    if rows.stock_exceptions:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO stock_exception (id, store_code, product_id, sku, kind, "
            "on_hand_milli, raised_at, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r, now) for r in rows.stock_exceptions],
        )
    if rows.loyalty_rules:
        loyalty_rules.apply(conn, rows.loyalty_rules, now)


def upsert_customers(conn: Connection, customers: list[tuple[Any, ...]], now: str) -> None:
    """Upsert replica customer rows (``rows.CUSTOMER_COLS`` order). ``ON CONFLICT DO UPDATE``,
    not ``INSERT OR REPLACE``: the latter fires no delete trigger, and the name index
    (``customer_word``) would keep the old name's words."""
    updates = ", ".join(
        f"{c} = excluded.{c}" for c in [*CUSTOMER_COLS.split(", ")[1:], "synced_at"]
    )
    conn.exec_driver_sql(
        f"INSERT INTO customer ({CUSTOMER_COLS}, synced_at) "
        f"VALUES ({marks(len(CUSTOMER_COLS.split(', ')) + 1)}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}",
        [(*r, now) for r in customers],
    )


def update_own_store(conn: Connection, stores: Iterable[tuple[str, ...]]) -> None:
    """The backend's details of this terminal's store are what its receipts print."""
    for code, _id, name, address, tax_number, timezone in stores:
        conn.exec_driver_sql(
            "UPDATE sync_state SET store_name = ?, store_address = ?, store_tax_number = ?, "
            "timezone = ? WHERE id = 1 AND store_code = ?",
            (name, address, tax_number, timezone, code),
        )


def apply_deletes(conn: Connection, deletes: dict[str, list[str]], now: str) -> None:
    """Delete pulled keys by collection (a product is deactivated: old receipts name it)."""
    statements = {
        "product": ["UPDATE product SET active = 0, updated_at = ? WHERE id IN ({})"],
        "store": ["DELETE FROM store_info WHERE code IN ({})"],
        "stock": [
            "DELETE FROM stock_level WHERE product_id IN ({})",
            "DELETE FROM online_stock WHERE product_id IN ({})",
        ],
        "legal_text": ["DELETE FROM legal_text WHERE purpose IN ({})"],
        "pickup_order": ["DELETE FROM pickup_order WHERE id IN ({})"],
        "web_order": ["DELETE FROM web_order WHERE id IN ({})"],
        "stock_exception": ["DELETE FROM stock_exception WHERE id IN ({})"],
        value_cards.COLLECTION: [value_cards.DELETE_SQL],
    }
    if deletes.get("customer"):
        # The backend erases a customer this way: every local copy of their data goes.
        erase_customers(conn, deletes["customer"])
    for collection, keys in deletes.items():
        if collection == "loyalty_rules":
            loyalty_rules.delete(conn, keys)
        if collection == "tax_rate":
            log.info("ignoring the deletion of VAT rates %s (products refer to them)", keys)
        for statement in statements.get(collection, []):
            for chunk in chunks(keys):
                params: tuple[Any, ...] = tuple(chunk)
                if "updated_at" in statement:
                    params = (now, *params)
                conn.exec_driver_sql(statement.format(marks(len(chunk))), params)


def apply_products(
    conn: Connection,
    products: list[tuple[Any, ...]],
    barcodes: list[tuple[str, str]],
    now: str,
) -> None:
    """Upsert products by id into the live tables (used for pull pages)."""
    ids = [p[0] for p in products]
    rates = {(p[8],) for p in products}
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO tax_rate (rate_percent, name) VALUES (?, 'KDV %' || ?)",
        [(r[0], r[0]) for r in rates],
    )
    categories = ensure_categories(conn, {p[5]: p[6] for p in products if p[5] is not None})
    by_sku = {p[1]: p[0] for p in products}
    pairs: list[tuple[str, str]] = []
    for chunk in chunks(list(by_sku)):
        pairs.extend(
            (str(local), by_sku[str(sku)])
            for local, sku in conn.exec_driver_sql(
                f"SELECT id, sku FROM product WHERE sku IN ({marks(len(chunk))})",
                tuple(chunk),
            )
            if by_sku[str(sku)] != local
        )
    adopt_backend_ids(conn, pairs)
    plus = [p[10] for p in products if p[10]]
    codes = [b[0] for b in barcodes]
    for chunk in chunks(ids):
        in_list = marks(len(chunk))
        conn.exec_driver_sql(f"UPDATE product SET plu = NULL WHERE id IN ({in_list})", tuple(chunk))
        conn.exec_driver_sql(f"DELETE FROM barcode WHERE product_id IN ({in_list})", tuple(chunk))
    for chunk in chunks(plus):
        conn.exec_driver_sql(
            f"UPDATE product SET plu = NULL WHERE plu IN ({marks(len(chunk))})", tuple(chunk)
        )
    for chunk in chunks(codes):
        conn.exec_driver_sql(
            f"DELETE FROM barcode WHERE code IN ({marks(len(chunk))})", tuple(chunk)
        )
    conn.exec_driver_sql(
        "INSERT INTO product (id, sku, name, names_json, search_text, category_id, "
        "price_minor, vat_rate, sold_by_weight, plu, active, model, variant_json, "
        "image, min_age, restriction, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " + PRODUCT_UPSERT_TAIL,
        [
            (
                p[0],
                p[1],
                p[2],
                p[3],
                p[4],
                categories.get(p[5]) if p[5] else None,
                p[7],
                p[8],
                p[9],
                p[10],
                p[11],
                p[12],
                p[13],
                p[14],
                p[15],
                p[16],
                now,
            )
            for p in products
        ],
    )
    unique = dict(barcodes)  # a code listed twice: the later product keeps it
    if unique:
        conn.exec_driver_sql(
            "INSERT INTO barcode (code, product_id) VALUES (?, ?)", list(unique.items())
        )


def ensure_categories(conn: Connection, wanted: dict[str, str]) -> dict[str, str]:
    """Category name -> id, creating missing categories; translations updated."""
    known = {
        str(name): str(cid) for cid, name in conn.exec_driver_sql("SELECT id, name FROM category")
    }
    for name, names_json in wanted.items():
        if name in known:
            conn.exec_driver_sql(
                "UPDATE category SET names_json = ? WHERE id = ?", (names_json, known[name])
            )
        else:
            known[name] = new_id()
            conn.exec_driver_sql(
                "INSERT INTO category (id, name, names_json) VALUES (?, ?, ?)",
                (known[name], name, names_json),
            )
    return known


PRODUCT_UPSERT_TAIL = (
    "ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, "
    "names_json = excluded.names_json, search_text = excluded.search_text, "
    "category_id = excluded.category_id, price_minor = excluded.price_minor, "
    "vat_rate = excluded.vat_rate, sold_by_weight = excluded.sold_by_weight, "
    "plu = excluded.plu, active = excluded.active, model = excluded.model, "
    "variant_json = excluded.variant_json, image = excluded.image, "
    "min_age = excluded.min_age, restriction = excluded.restriction, "
    "updated_at = excluded.updated_at"
)


def adopt_backend_ids(conn: Connection, pairs: list[tuple[str, str]]) -> None:
    """A local product with the backend's SKU but another id takes the backend's id.

    Its barcodes are dropped (the caller writes the backend's) and its stock movements follow
    it, so on hand stays right. If the backend's id is already taken locally by another
    product, that one is renamed out of the way and deactivated.
    """
    for local_id, backend_id in pairs:
        taken = conn.exec_driver_sql("SELECT sku FROM product WHERE id = ?", (backend_id,)).first()
        if taken is not None:
            conn.exec_driver_sql("DELETE FROM barcode WHERE product_id = ?", (backend_id,))
            conn.exec_driver_sql(
                "UPDATE product SET sku = sku || '~' || id, plu = NULL, active = 0 WHERE id = ?",
                (backend_id,),
            )
            conn.exec_driver_sql("UPDATE product SET id = id || '~old' WHERE id = ?", (backend_id,))
        conn.exec_driver_sql("DELETE FROM barcode WHERE product_id = ?", (local_id,))
        conn.exec_driver_sql("UPDATE product SET id = ? WHERE id = ?", (backend_id, local_id))
        conn.exec_driver_sql(
            "UPDATE stock_movement SET product_id = ? WHERE product_id = ?", (backend_id, local_id)
        )
        log.info("local product %s now has the backend's id %s", local_id, backend_id)
