"""Web orders as pulled for returns (``web_order``), the web returns written here
(``web_return``, ``web_return_line``) and the products their lines name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, bindparam, insert, text

from pos_app.storage.tables import table

_COLS = (
    "w.id, w.number, w.fulfilment, w.store_code, w.state, w.customer_name, w.phone, "
    "w.pickup_code, w.paid, w.payment_method, w.currency, w.total_minor, w.refunded_minor, "
    "w.lines_json, w.return_ids_json, w.returnable_from, w.return_by, w.synced_at"
)
_ORDER = "ORDER BY w.returnable_from DESC, w.number DESC LIMIT :limit"


def orders_by_id(conn: Connection, *, order_id: str) -> list[Any]:
    """The web order with this id (0 or 1 row)."""
    sql = f"SELECT {_COLS} FROM web_order w WHERE w.id = :id {_ORDER}"
    return list(conn.execute(text(sql), {"id": order_id, "limit": 1}).all())


def orders_by_number(conn: Connection, *, number: str) -> list[Any]:
    """The web order with this number (0 or 1 row)."""
    sql = f"SELECT {_COLS} FROM web_order w WHERE w.number = :number {_ORDER}"
    return list(conn.execute(text(sql), {"number": number, "limit": 1}).all())


def search_orders(
    conn: Connection,
    *,
    number: str,
    word_patterns: Sequence[str],
    phone_pattern: str | None,
    limit: int,
) -> list[Any]:
    """Orders with this number, or whose ``search_text`` matches every word pattern (or the
    phone pattern); the most recently collected first, up to ``limit``."""
    params: dict[str, Any] = {f"w{i}": pattern for i, pattern in enumerate(word_patterns)}
    alternatives = [
        " AND ".join(f"w.search_text LIKE :w{i} ESCAPE '\\'" for i in range(len(word_patterns)))
    ]
    if phone_pattern is not None:
        params["phone"] = phone_pattern
        alternatives.append("w.search_text LIKE :phone ESCAPE '\\'")
    where = f"(w.number = :number OR {' OR '.join(alternatives)})"
    sql = f"SELECT {_COLS} FROM web_order w WHERE {where} {_ORDER}"
    return list(conn.execute(text(sql), {**params, "number": number, "limit": limit}).all())


def last_web_order_sync_moments(conn: Connection) -> tuple[Any, Any]:
    """(newest pulled web order's ``synced_at``, last successful sync round), raw."""
    row = conn.execute(
        text(
            "SELECT (SELECT max(synced_at) FROM web_order), "
            "(SELECT last_success_at FROM sync_state WHERE id = 1)"
        )
    ).one()
    return row[0], row[1]


def return_lines_of(conn: Connection, *, order_ids: Sequence[str]) -> list[Any]:
    """(web_order_id, web_return_id, sku, qty_milli) of the returns made here of these orders."""
    stmt = text(
        "SELECT web_order_id, web_return_id, sku, qty_milli FROM web_return_line "
        "WHERE web_order_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    return list(conn.execute(stmt, {"ids": list(order_ids)}))


def products_by_sku(conn: Connection, *, skus: Sequence[str]) -> dict[str, Any]:
    """SKU -> (sku, id, vat_rate, sold_by_weight, names_json) of this till's products."""
    if not skus:
        return {}
    stmt = text(
        "SELECT sku, id, vat_rate, sold_by_weight, names_json FROM product WHERE sku IN :skus"
    ).bindparams(bindparam("skus", expanding=True))
    return {str(p.sku): p for p in conn.execute(stmt, {"skus": list(skus)})}


def insert_web_return(
    conn: Connection, *, web_return: dict[str, Any], lines: Sequence[dict[str, Any]]
) -> None:
    """Record a web return made here (its id is the return's sale id) with its lines."""
    conn.execute(insert(table("web_return")), web_return)
    conn.execute(insert(table("web_return_line")), list(lines))
