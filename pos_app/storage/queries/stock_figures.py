"""Stock figures of the replica (``stock_level``, ``online_stock``) and the local movements
not yet in them (``stock_movement``), for ``services.stock_lookup``.

``occurred_at`` and ``synced_at`` are both naive UTC text in the same format, so text order is
time order; timestamps are returned as stored (raw SQL), the caller converts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from pos_app.domain.names import parse_names

_CHUNK = 500  # ids per IN (...) list, below SQLite's parameter limit

# The unsynced local movements at this store, per product: later than the backend's report of
# this store (``''`` sorts before every stamp, so without a report all of them count).
_UNSYNCED = (
    "SELECT m.product_id, sum(m.qty_milli) FROM stock_movement m "
    "LEFT JOIN stock_level h ON h.product_id = m.product_id AND h.store_code = m.store_code "
    "WHERE m.product_id IN ({}) AND m.store_code = ? "
    "AND m.occurred_at > coalesce(h.synced_at, '') GROUP BY m.product_id"
)

# Per product: this store's report and its unsynced movements (a correlated subquery on the
# ``product_id`` index), for the store-wide lists; materialised, so the subquery runs once per
# product rather than once per use in WHERE and ORDER BY.
_HERE_NOW = (
    "SELECT p.id, p.sku, h.on_hand_milli, h.available_milli, "
    "  (SELECT sum(m.qty_milli) FROM stock_movement m "
    "   WHERE m.product_id = p.id AND m.store_code = ?1 "
    "   AND m.occurred_at > coalesce(h.synced_at, '')) AS unsynced "
    "FROM product p LEFT JOIN stock_level h ON h.product_id = p.id AND h.store_code = ?1"
)


def _marks(count: int) -> str:
    return ",".join("?" * count)


@dataclass
class StockRows:
    """The raw figures of a set of products, keyed by product id."""

    products: dict[str, tuple[str, str, dict[str, str]]] = field(default_factory=dict)
    # (product_id, store_code, store name, on_hand, reserved, available, synced_at) per store
    levels: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    online: dict[str, tuple[int, Any]] = field(default_factory=dict)  # (available, synced_at)
    unsynced: dict[str, int] = field(default_factory=dict)  # milli, at ``store_code``


def stock_rows(conn: Connection, *, product_ids: Sequence[str], store_code: str) -> StockRows:
    """Sku, name and translations, the backend's levels per store, the online figure and the
    unsynced movements at ``store_code`` of the known products among ``product_ids``."""
    found = StockRows()
    for start in range(0, len(product_ids), _CHUNK):
        chunk = tuple(product_ids[start : start + _CHUNK])
        marks = _marks(len(chunk))
        for pid, sku, name, names in conn.exec_driver_sql(
            f"SELECT id, sku, name, names_json FROM product WHERE id IN ({marks})", chunk
        ):
            found.products[str(pid)] = (str(sku), str(name), parse_names(names))
        for row in conn.exec_driver_sql(
            "SELECT l.product_id, l.store_code, s.name, l.on_hand_milli, l.reserved_milli, "
            "l.available_milli, l.synced_at FROM stock_level l "
            "LEFT JOIN store_info s ON s.code = l.store_code "
            f"WHERE l.product_id IN ({marks})",
            chunk,
        ):
            found.levels.setdefault(str(row[0]), []).append(tuple(row))
        for row in conn.exec_driver_sql(
            "SELECT product_id, available_milli, synced_at FROM online_stock "
            f"WHERE product_id IN ({marks})",
            chunk,
        ):
            found.online[str(row[0])] = (int(row[1]), row[2])
        for row in conn.exec_driver_sql(_UNSYNCED.format(marks), (*chunk, store_code)):
            found.unsynced[str(row[0])] = int(row[1])
    return found


def own_store_and_last_pull(conn: Connection, *, store_code: str) -> tuple[Any, Any] | None:
    """(this store's name when ``store_code`` is the enrolled store, the last successful
    sync's stamp), or None before enrolment."""
    row = conn.exec_driver_sql(
        "SELECT CASE WHEN store_code = ? THEN store_name END, last_success_at "
        "FROM sync_state WHERE id = 1",
        (store_code,),
    ).first()
    return None if row is None else (row[0], row[1])


def model_of(conn: Connection, *, product_id: str) -> str | None:
    """The model (a garment in sizes and colours) ``product_id`` belongs to, if any."""
    value = conn.exec_driver_sql("SELECT model FROM product WHERE id = ?", (product_id,)).scalar()
    return str(value) if value else None


def variant_rows(
    conn: Connection, *, model: str, product_id: str, limit: int
) -> list[tuple[str, Any]]:
    """(id, variant_json) of the active products of ``model`` and ``product_id`` itself, by
    SKU."""
    rows = conn.exec_driver_sql(
        "SELECT id, variant_json FROM product WHERE model = ? AND (active OR id = ?) "
        "ORDER BY sku LIMIT ?",
        (model, product_id, limit),
    ).all()
    return [(str(r[0]), r[1]) for r in rows]


def active_product_ids(conn: Connection, *, category_id: str | None, limit: int) -> list[str]:
    """The active products of a category (None: of every category), by name and SKU."""
    if category_id is None:
        sql = "SELECT id FROM product WHERE active ORDER BY name, sku LIMIT ?"
        return _ids(conn, sql, (limit,))
    sql = "SELECT id FROM product WHERE category_id = ? AND active ORDER BY name, sku LIMIT ?"
    return _ids(conn, sql, (category_id, limit))


def low_stock_ids(
    conn: Connection, *, store_code: str, threshold_milli: int, limit: int, category_id: str | None
) -> list[str]:
    """Active products whose availability at ``store_code`` now (report plus unsynced
    movements) is at most ``threshold_milli``, least available first; products with neither
    a report nor a movement there are left out."""
    in_category = " AND p.category_id = ?4" if category_id is not None else ""
    sql = (
        f"WITH now AS MATERIALIZED ({_HERE_NOW} WHERE p.active{in_category}) "
        "SELECT id FROM now WHERE (on_hand_milli IS NOT NULL OR unsynced IS NOT NULL) "
        "AND coalesce(available_milli, 0) + coalesce(unsynced, 0) <= ?2 "
        "ORDER BY coalesce(available_milli, 0) + coalesce(unsynced, 0), sku LIMIT ?3"
    )
    params: tuple[Any, ...] = (store_code, threshold_milli, limit)
    return _ids(conn, sql, params + ((category_id,) if category_id is not None else ()))


def negative_stock_ids(
    conn: Connection, *, store_code: str, limit: int, category_id: str | None
) -> list[str]:
    """Products (active or not) whose on hand at ``store_code`` now is below zero, most
    negative first."""
    in_category = " WHERE p.category_id = ?3" if category_id is not None else ""
    sql = (
        f"WITH now AS MATERIALIZED ({_HERE_NOW}{in_category}) "
        "SELECT id FROM now WHERE coalesce(on_hand_milli, 0) + coalesce(unsynced, 0) < 0 "
        "ORDER BY coalesce(on_hand_milli, 0) + coalesce(unsynced, 0), sku LIMIT ?2"
    )
    params: tuple[Any, ...] = (store_code, limit)
    return _ids(conn, sql, params + ((category_id,) if category_id is not None else ()))


def _ids(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[str]:
    return [str(r[0]) for r in conn.exec_driver_sql(sql, params)]
