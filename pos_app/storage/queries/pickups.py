"""The pickup desk's orders (``pickup_order``, the replica pulled for this store) with the
*effective* state of each (the newest local ``pickup_transition`` and what became of its
outbox fact; services.pickup explains the rule), and the transitions written here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, text

from pos_app.storage.tables import sqlite_stamp, table

# Mirrors services.pickup's ``effective_state``.
_EFFECTIVE_SQL = (
    "CASE WHEN t.id IS NULL THEN p.state "
    "WHEN o.acked_at IS NULL THEN t.to_state "
    "WHEN o.outcome IN ('applied', 'duplicate') AND p.version = t.replica_version "
    "THEN t.to_state ELSE p.state END"
)
_ORDER_COLS = (
    "p.id, p.number, p.state, p.customer_name, p.phone, p.pickup_code, p.paid, p.total_minor, "
    "p.currency, p.lines_json, p.created_at, p.pickup_by, p.version, p.synced_at"
)
_TRANSITION_COLS = (
    "t.to_state AS t_to_state, t.replica_version AS t_replica_version, "
    "t.id IS NOT NULL AS t_exists, o.acked_at IS NOT NULL AS o_acked, o.outcome AS o_outcome, "
    "coalesce(o.reason, o.code, '') AS o_reason"
)
# The newest local transition of each order (ids are UUIDv7, so max(id) is the latest).
_NEWEST_JOIN = (
    "LEFT JOIN pickup_transition t ON t.id = "
    "(SELECT max(t2.id) FROM pickup_transition t2 WHERE t2.order_id = p.id) "
    "LEFT JOIN outbox o ON o.mutation_id = t.mutation_id"
)
TAB_FILTERS = {
    "to_prepare": "eff IN ('placed', 'prepared')",
    "ready": "eff = 'ready'",
    "overdue": "eff IN ('placed', 'prepared', 'ready') AND pickup_by < :now",
    "collected": "eff = 'collected'",
    "cancelled": "eff = 'cancelled'",
}


def tab_counts(conn: Connection, *, store_code: str, now: datetime) -> tuple[int, ...]:
    """How many orders each tab holds, in ``TAB_FILTERS`` order (one query)."""
    sql = (
        "SELECT coalesce(sum(eff IN ('placed', 'prepared')), 0), "
        "coalesce(sum(eff = 'ready'), 0), "
        "coalesce(sum(eff IN ('placed', 'prepared', 'ready') AND pickup_by < :now), 0), "
        "coalesce(sum(eff = 'collected'), 0), coalesce(sum(eff = 'cancelled'), 0) "
        f"FROM (SELECT {_EFFECTIVE_SQL} AS eff, p.pickup_by FROM pickup_order p "
        f"{_NEWEST_JOIN} WHERE +p.store_code = :store)"
    )
    row = conn.execute(text(sql), {"now": sqlite_stamp(now), "store": store_code}).one()
    return tuple(int(value) for value in row)


def tab_rowids(
    conn: Connection, *, store_code: str, tab: str, now: datetime, limit: int, newest_first: bool
) -> list[int]:
    """The rowids of a tab's orders (by effective state), in the tab's order: newest first,
    or overdue first, then by pickup deadline, then by age. Narrow rows only."""
    if newest_first:
        order = "created_at DESC, number DESC"
    else:
        order = (
            "(eff IN ('placed', 'prepared', 'ready') AND pickup_by < :now) DESC, "
            "pickup_by IS NULL, pickup_by, created_at, number"
        )
    ranked = (
        "SELECT rid FROM (SELECT p.rowid AS rid, p.pickup_by, p.created_at, p.number, "
        f"{_EFFECTIVE_SQL} AS eff FROM pickup_order p {_NEWEST_JOIN} "
        f"WHERE +p.store_code = :store) WHERE {TAB_FILTERS[tab]} ORDER BY {order} "
        "LIMIT :limit"
    )
    params = {"now": sqlite_stamp(now), "store": store_code, "limit": limit}
    return [int(r[0]) for r in conn.execute(text(ranked), params)]


def exact_matches(conn: Connection, *, store_code: str, number: str, code: str) -> list[Any]:
    """(rowid, id) of the orders with this number or pickup code (through their indexes;
    +store_code keeps the planner on them)."""
    return list(
        conn.execute(
            text(
                "SELECT p.rowid, p.id FROM pickup_order p WHERE +p.store_code = :store "
                "AND (p.number = :number OR p.pickup_code = :code)"
            ),
            {"store": store_code, "number": number, "code": code},
        ).all()
    )


def search_rowids(
    conn: Connection,
    *,
    store_code: str,
    word_patterns: Sequence[str],
    phone_pattern: str | None,
    limit: int,
) -> list[int]:
    """Rowids of the newest orders whose ``search_text`` matches every word pattern (or the
    phone pattern), up to ``limit``: walks ix_pickup_order_search newest first (a covering
    index: no row with its lines is read)."""
    params: dict[str, Any] = {"store": store_code, "limit": limit}
    alternatives = [
        " AND ".join(f"p.search_text LIKE :w{i} ESCAPE '\\'" for i in range(len(word_patterns)))
    ]
    params.update({f"w{i}": pattern for i, pattern in enumerate(word_patterns)})
    if phone_pattern is not None:
        params["phone"] = phone_pattern
        alternatives.append("p.search_text LIKE :phone ESCAPE '\\'")
    broad = (
        "SELECT p.rowid FROM pickup_order p "
        f"WHERE p.store_code = :store AND ({' OR '.join(alternatives)}) "
        "ORDER BY p.created_at DESC LIMIT :limit"
    )
    return [int(r[0]) for r in conn.execute(text(broad), params)]


def orders_by_rowids(conn: Connection, *, rowids: Sequence[int]) -> list[Any]:
    """The full rows (with the newest transition's columns) of these rowids, in this order."""
    if not rowids:
        return []
    stmt = text(
        f"SELECT p.rowid AS rid, {_ORDER_COLS}, {_TRANSITION_COLS} FROM pickup_order p "
        f"{_NEWEST_JOIN} WHERE p.rowid IN :rids"
    ).bindparams(bindparam("rids", expanding=True))
    by_rowid = {int(r.rid): r for r in conn.execute(stmt, {"rids": list(rowids)})}
    return [by_rowid[rowid] for rowid in rowids if rowid in by_rowid]


def orders_where(
    conn: Connection, *, store_code: str, number: str | None = None, order_id: str | None = None
) -> list[Any]:
    """This store's orders with ``number`` or with id ``order_id`` (with the newest
    transition's columns), newest first, at most 10."""
    if number is not None:
        where, params = "p.number = :number", {"number": number}
    elif order_id is not None:
        where, params = "p.id = :id", {"id": order_id}
    else:
        raise ValueError("orders_where needs a number or an order id")
    sql = (
        f"SELECT {_ORDER_COLS}, {_TRANSITION_COLS} FROM pickup_order p {_NEWEST_JOIN} "
        f"WHERE +p.store_code = :store AND {where} ORDER BY p.created_at DESC LIMIT 10"
    )
    return list(conn.execute(text(sql), {**params, "store": store_code}).all())


def orders_elsewhere(conn: Connection, *, store_code: str, number: str) -> list[Any]:
    """The pickup order ``number`` where this store's desk does not hold it: another
    store's pickup order in the replica, or a collected pickup order of the chain's
    returnable web orders. Rows of (store_code, store_name, state, pickup_code, paid,
    lines_json), pickup orders first."""
    sql = (
        "SELECT p.store_code, coalesce(s.name, ''), p.state, p.pickup_code, p.paid, "
        "p.lines_json, 0 AS src FROM pickup_order p "
        "LEFT JOIN store_info s ON s.code = p.store_code "
        "WHERE p.number = :number AND p.store_code != :store "
        "UNION ALL "
        "SELECT w.store_code, coalesce(s.name, ''), w.state, w.pickup_code, w.paid, "
        "w.lines_json, 1 AS src FROM web_order w "
        "LEFT JOIN store_info s ON s.code = w.store_code "
        "WHERE w.number = :number AND w.fulfilment = 'pickup' ORDER BY src LIMIT 10"
    )
    return list(conn.execute(text(sql), {"number": number, "store": store_code}).all())


def last_pickup_sync_moments(conn: Connection) -> tuple[Any, Any]:
    """(newest pulled order change's ``synced_at``, last successful sync round), raw."""
    row = conn.execute(
        text(
            "SELECT (SELECT max(synced_at) FROM pickup_order), "
            "(SELECT last_success_at FROM sync_state WHERE id = 1)"
        )
    ).one()
    return row[0], row[1]


def replica_version(conn: Connection, *, order_id: str) -> int:
    """The replica's version of one order."""
    version: int = conn.execute(
        text("SELECT version FROM pickup_order WHERE id = :id"), {"id": order_id}
    ).scalar_one()
    return int(version)


def insert_transition(conn: Connection, *, row: dict[str, Any]) -> None:
    """Record a transition made here (beside its ``pickup.transition`` fact)."""
    conn.execute(insert(table("pickup_transition")), row)


def products_by_sku(conn: Connection, *, skus: Sequence[str]) -> list[Any]:
    """(sku, id, names_json) of this till's products with these SKUs."""
    if not skus:
        return []
    stmt = text("SELECT sku, id, names_json FROM product WHERE sku IN :skus").bindparams(
        bindparam("skus", expanding=True)
    )
    return list(conn.execute(stmt, {"skus": list(skus)}))
