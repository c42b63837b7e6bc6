"""Loyalty points on the till: the replica's balance of a customer, this till's own entries
(``loyalty_movement``) and which of them the backend does not have yet, and what a sale's
lines earned (docs/loyalty.md "Points at the till").

A till's entry is *unacknowledged* while the outbox entry of its sale waits for the
backend; it is *unreflected* until the customer's replica row was pulled after that
acknowledgement (the backend has it, the replica's balance not yet).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, insert

from pos_app.storage.tables import table

# The outbox entry of a movement's sale (its fact's ``order_id`` is the sale's id); only
# un-acked entries are looked at where possible (the partial index ix_outbox_pending).
_PENDING_SALES = (
    "SELECT json_extract(payload_json, '$.order_id') FROM outbox WHERE acked_at IS NULL"
)


def customer_points(conn: Connection, *, customer_id: str) -> tuple[int, dict[str, int]] | None:
    """(ledger sum, pending points by vesting day) of a replica customer, or None."""
    found = conn.exec_driver_sql(
        "SELECT loyalty_points, pending_json FROM customer WHERE id = ?", (customer_id,)
    ).first()
    if found is None:
        return None
    pending = json.loads(str(found[1] or "{}"))
    return int(found[0]), {str(day): int(points) for day, points in pending.items()}


def unreflected_entries(conn: Connection, *, customer_id: str) -> list[tuple[date | None, int]]:
    """(effective date, points) of this till's entries for ``customer_id`` that the
    replica's balance does not include yet: their sale is not acknowledged, or was after
    the customer's row was last pulled."""
    rows = conn.exec_driver_sql(
        "SELECT m.vests_on, m.points FROM loyalty_movement m "
        "LEFT JOIN customer c ON c.id = m.customer_id "
        "WHERE m.customer_id = ? AND ("
        f"m.sale_id IN ({_PENDING_SALES}) OR c.synced_at IS NULL OR m.sale_id IN ("
        "SELECT json_extract(o.payload_json, '$.order_id') FROM outbox o "
        "WHERE o.acked_at > c.synced_at))",
        (customer_id,),
    ).all()
    return [(_entry_date(r[0]), int(r[1])) for r in rows]


def _entry_date(vests_on: Any) -> date | None:
    if vests_on is not None:
        return vests_on if isinstance(vests_on, date) else date.fromisoformat(str(vests_on))
    return None  # a spend or refund counts at once (the caller dates it today)


def offline_redeemed(conn: Connection, *, customer_id: str | None = None) -> int:
    """Points this till redeemed offline whose sale the backend has not acknowledged (the
    current offline period), of one customer or of all."""
    sql = (
        "SELECT coalesce(sum(-points), 0) FROM loyalty_movement WHERE offline "
        f"AND reason = 'redeem' AND sale_id IN ({_PENDING_SALES})"
    )
    params: tuple[Any, ...] = ()
    if customer_id is not None:
        sql += " AND customer_id = ?"
        params = (customer_id,)
    return int(conn.exec_driver_sql(sql, params).scalar_one())


def category_names(conn: Connection, *, product_ids: Sequence[str]) -> dict[str, str | None]:
    """Product id -> its category's name (None when it has none)."""
    found: dict[str, str | None] = {}
    for product_id in set(product_ids):
        row = conn.exec_driver_sql(
            "SELECT c.name FROM product p LEFT JOIN category c ON c.id = p.category_id "
            "WHERE p.id = ?",
            (product_id,),
        ).first()
        found[product_id] = None if row is None or row[0] is None else str(row[0])
    return found


def earned_by_line(conn: Connection, *, line_id: str) -> tuple[str, int, date | None] | None:
    """(customer id, points earned, vests_on) of an earning sale line, or None when it
    earned nothing."""
    row = conn.exec_driver_sql(
        "SELECT customer_id, points, vests_on FROM loyalty_movement "
        "WHERE line_id = ? AND reason = 'earn'",
        (line_id,),
    ).first()
    if row is None:
        return None
    return str(row[0]), int(row[1]), _entry_date(row[2])


def redeemed_by_tender(conn: Connection, *, tender_id: str) -> tuple[str, int, int] | None:
    """(customer id, points, amount paid) of a loyalty tender's redemption, or None."""
    row = conn.exec_driver_sql(
        "SELECT m.customer_id, -m.points, t.amount_minor FROM loyalty_movement m "
        "JOIN sale_tender t ON t.id = m.tender_id WHERE m.tender_id = ? AND m.reason = 'redeem'",
        (tender_id,),
    ).first()
    return None if row is None else (str(row[0]), int(row[1]), int(row[2]))


def insert_movements(conn: Connection, *, rows: Sequence[dict[str, Any]]) -> None:
    """Append this till's points entries (a sale's or a return's)."""
    conn.execute(insert(table("loyalty_movement")), list(rows))


def movements_of_sale(conn: Connection, *, sale_id: str) -> list[tuple[str, int]]:
    """(reason, points) of the entries a sale or return wrote."""
    rows = conn.exec_driver_sql(
        "SELECT reason, points FROM loyalty_movement WHERE sale_id = ? ORDER BY rowid",
        (sale_id,),
    ).all()
    return [(str(r[0]), int(r[1])) for r in rows]
