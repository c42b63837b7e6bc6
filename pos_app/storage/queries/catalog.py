"""Catalog reads on the hot path (``services.catalog``): plain SQL on a raw ``sqlite3``
connection, a scan must resolve in well under a millisecond (the ORM is ~10x slower here)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from pos_app.domain.cart import ProductInfo

_COLUMNS = (
    "p.id, p.sku, p.name, p.price_minor, p.vat_rate, p.sold_by_weight, p.names_json, "
    "p.min_age, p.restriction"
)
_BY_BARCODE = (
    f"SELECT {_COLUMNS} FROM barcode b JOIN product p ON p.id = b.product_id "
    "WHERE b.code = ? AND p.active"
)
_BY_SKU = f"SELECT {_COLUMNS} FROM product p WHERE p.sku = ? AND p.active"
_BY_PLU = f"SELECT {_COLUMNS} FROM product p WHERE p.plu = ? AND p.active"
_BY_ID = f"SELECT {_COLUMNS} FROM product p WHERE p.id = ?"


def _product(row: tuple[object, ...]) -> ProductInfo:
    return ProductInfo(
        product_id=str(row[0]),
        sku=str(row[1]),
        name=str(row[2]),
        unit_price_minor=int(row[3]),  # type: ignore[call-overload]
        vat_rate=int(row[4]),  # type: ignore[call-overload]
        sold_by_weight=bool(row[5]),
        names=json.loads(str(row[6])),
        min_age=int(row[7] or 0),  # type: ignore[call-overload]
        restriction=str(row[8]) if row[8] else None,
    )


def _one(conn: sqlite3.Connection, statement: str, value: str) -> ProductInfo | None:
    row = conn.execute(statement, (value,)).fetchone()
    return _product(tuple(row)) if row else None


def _many(
    conn: sqlite3.Connection, statement: str, params: tuple[object, ...]
) -> list[ProductInfo]:
    return [_product(tuple(row)) for row in conn.execute(statement, params).fetchall()]


def product_by_barcode(conn: sqlite3.Connection, *, code: str) -> ProductInfo | None:
    """The active product with barcode ``code``."""
    return _one(conn, _BY_BARCODE, code)


def product_by_sku(conn: sqlite3.Connection, *, sku: str) -> ProductInfo | None:
    """The active product with SKU ``sku``."""
    return _one(conn, _BY_SKU, sku)


def product_by_plu(conn: sqlite3.Connection, *, plu: str) -> ProductInfo | None:
    """The active product with PLU ``plu``."""
    return _one(conn, _BY_PLU, plu)


def product_by_id(conn: sqlite3.Connection, *, product_id: str) -> ProductInfo | None:
    """The product with id ``product_id``, active or not (old receipts, drafts)."""
    return _one(conn, _BY_ID, product_id)


def products_by_barcode_prefix(
    conn: sqlite3.Connection, *, prefix: str, limit: int
) -> list[ProductInfo]:
    """Active products with a barcode starting with ``prefix``, by barcode (a range, so the
    primary-key index serves it)."""
    return _many(
        conn,
        f"SELECT DISTINCT {_COLUMNS} FROM barcode b JOIN product p ON p.id = b.product_id"
        " WHERE b.code >= ? AND b.code < ? AND p.active ORDER BY b.code LIMIT ?",
        (prefix, prefix + "\uffff", limit),
    )


def products_by_sku_prefix(
    conn: sqlite3.Connection, *, prefix: str, limit: int
) -> list[ProductInfo]:
    """Active products with a SKU starting with ``prefix``, by SKU."""
    return _many(
        conn,
        f"SELECT {_COLUMNS} FROM product p WHERE p.sku >= ? AND p.sku < ? AND p.active "
        "ORDER BY p.sku LIMIT ?",
        (prefix, prefix + "\uffff", limit),
    )


def products_matching(
    conn: sqlite3.Connection, *, words: list[str], limit: int
) -> list[ProductInfo]:
    """Active products whose ``search_text`` holds every one of the (folded) ``words``, by
    name."""
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    where = " AND ".join("p.search_text LIKE ? ESCAPE '\\'" for _ in escaped)
    return _many(
        conn,
        f"SELECT {_COLUMNS} FROM product p WHERE p.active AND {where} ORDER BY p.name LIMIT ?",
        (*[f"%{w}%" for w in escaped], limit),
    )


def plu_products(
    conn: sqlite3.Connection, categories: Sequence[str] = ()
) -> list[tuple[ProductInfo, str | None]]:
    """Active products that have a PLU (of ``categories`` by name, when given), by name,
    with their picture's file name."""
    where = ""
    if categories:
        marks = ", ".join("?" * len(categories))
        where = f" AND p.category_id IN (SELECT id FROM category WHERE name IN ({marks}))"
    rows = conn.execute(
        f"SELECT {_COLUMNS}, p.image FROM product p WHERE p.plu IS NOT NULL AND p.active"
        f"{where} ORDER BY p.name",
        tuple(categories),
    ).fetchall()
    return [(_product(tuple(row)), str(row[-1]) if row[-1] else None) for row in rows]


def categories_in_use(conn: sqlite3.Connection) -> list[tuple[str, str, dict[str, Any], int]]:
    """(id, name, translations, active product count) of every category that has an active
    product, by name."""
    rows = conn.execute(
        "SELECT c.id, c.name, c.names_json, count(p.id) FROM category c "
        "JOIN product p ON p.category_id = c.id AND p.active "
        "GROUP BY c.id ORDER BY c.name"
    ).fetchall()
    return [(str(r[0]), str(r[1]), json.loads(str(r[2])), int(r[3])) for r in rows]


def products_in_category(
    conn: sqlite3.Connection, *, category_id: str, limit: int
) -> list[ProductInfo]:
    """Active products of a category, by name."""
    return _many(
        conn,
        f"SELECT {_COLUMNS} FROM product p WHERE p.category_id = ? AND p.active "
        "ORDER BY p.name LIMIT ?",
        (category_id, limit),
    )


def best_sellers(conn: sqlite3.Connection, *, limit: int) -> list[ProductInfo]:
    """This terminal's most sold active products (by quantity), best first."""
    return _many(
        conn,
        f"SELECT {_COLUMNS} FROM product p JOIN ("
        "  SELECT product_id, sum(qty_milli) AS sold FROM sale_line WHERE qty_milli > 0"
        "  GROUP BY product_id ORDER BY sold DESC LIMIT ?"
        ") top ON top.product_id = p.id WHERE p.active ORDER BY top.sold DESC",
        (limit,),
    )
