"""What ``pos import-catalog`` reads and writes: products, barcodes, PLUs, categories.

Writes use plain driver-level ``executemany`` with tuples: the ORM/Core per-row overhead
would dominate a 100k-row import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text

from pos_app.storage.tables import table

_PRODUCT_COLUMNS = (
    "id",
    "sku",
    "name",
    "names_json",
    "search_text",
    "category_id",
    "price_minor",
    "vat_rate",
    "sold_by_weight",
    "plu",
    "active",
    "model",
    "variant_json",
    "updated_at",
)
# Written only when the file has their column (sync.catalog_csv): otherwise kept.
KIOSK_COLUMNS = ("image", "min_age", "restriction")


def _upsert_product(kiosk: Sequence[str]) -> str:
    """The upsert of product tuples in ``_PRODUCT_COLUMNS`` order, then ``kiosk``'s."""
    unknown = set(kiosk) - set(KIOSK_COLUMNS)
    if unknown:
        raise ValueError(f"not kiosk columns: {sorted(unknown)}")
    columns = (*_PRODUCT_COLUMNS, *kiosk)
    updated = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in ("id", "sku"))
    return (
        f"INSERT INTO product ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT (sku) DO UPDATE SET {updated}"
    )


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tax_rates(conn: Connection) -> set[int]:
    """The VAT rates (percent) the terminal knows."""
    return set(conn.execute(select(table("tax_rate").c.rate_percent)).scalars())


def barcode_owners(conn: Connection, *, codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, owning product's SKU) of the ``codes`` that are barcodes of a product."""
    p, b = table("product"), table("barcode")
    query = select(b.c.code, p.c.sku).join(p, p.c.id == b.c.product_id)
    return _owners(conn, query, b.c.code, list(codes))


def plu_owners(conn: Connection, *, plus: Iterable[str]) -> list[tuple[str, str]]:
    """(PLU, owning product's SKU) of the ``plus`` that a product has."""
    p = table("product")
    return _owners(conn, select(p.c.plu, p.c.sku), p.c.plu, list(plus))


def _owners(conn: Connection, query: Any, key: Any, values: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for chunk in _chunks(values):
        found.extend(
            (str(code), str(owner)) for code, owner in conn.execute(query.where(key.in_(chunk)))
        )
    return found


def product_ids_by_sku(conn: Connection) -> dict[str, str]:
    """SKU -> id of every product."""
    p = table("product")
    return {str(sku): str(pid) for sku, pid in conn.execute(select(p.c.sku, p.c.id))}


def category_ids_by_name(conn: Connection) -> dict[str, str]:
    """Name -> id of every category."""
    c = table("category")
    return {str(name): str(cid) for name, cid in conn.execute(select(c.c.name, c.c.id))}


def set_category_names(conn: Connection, *, category_id: str, names_json: str) -> None:
    """Replace a category's translations."""
    c = table("category")
    conn.execute(c.update().where(c.c.id == category_id).values(names_json=names_json))


def insert_category(conn: Connection, *, category_id: str, name: str, names_json: str) -> None:
    """Add a category."""
    conn.execute(
        insert(table("category")), {"id": category_id, "name": name, "names_json": names_json}
    )


def release_codes(conn: Connection, *, skus: Sequence[str]) -> None:
    """Drop the barcodes and PLUs of the products with these SKUs, so that codes moving
    between them never collide when they are written again."""
    p, b = table("product"), table("barcode")
    conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS import_sku (sku TEXT PRIMARY KEY)"))
    conn.execute(text("DELETE FROM import_sku"))
    conn.exec_driver_sql("INSERT INTO import_sku VALUES (?)", [(sku,) for sku in skus])
    conn.execute(
        delete(b).where(
            b.c.product_id.in_(
                select(p.c.id).where(p.c.sku.in_(select(text("sku FROM import_sku"))))
            )
        )
    )
    conn.execute(
        p.update().where(p.c.sku.in_(select(text("sku FROM import_sku")))).values(plu=None)
    )


def upsert_products(
    conn: Connection,
    *,
    products: list[tuple[Any, ...]],
    barcodes: list[tuple[str, str]],
    kiosk: Sequence[str] = (),
) -> None:
    """Insert or update (by SKU) products, as tuples in ``_PRODUCT_COLUMNS`` order followed
    by the ``kiosk`` columns the file has, then add their (code, product id) barcodes; ends
    what ``release_codes`` began."""
    conn.exec_driver_sql(_upsert_product(kiosk), products)
    if barcodes:
        conn.exec_driver_sql("INSERT INTO barcode (code, product_id) VALUES (?, ?)", barcodes)
    conn.execute(text("DROP TABLE import_sku"))
