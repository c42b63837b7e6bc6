"""Stock levels derived from the ledger (SYNC.md "Conflict rules", stock).

On hand = the latest count + the movements after it (or all movements when never counted);
counts apply at the time they were taken, so the result does not depend on the order facts
arrive in. Reserved = open pickup reservations. Available = on hand - reserved - the
product's safety buffer, never below zero. Negative stock is accepted and raises an
exception for staff; a sale is never refused for stock.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.db import insert_ignore
from sync.server.ids import new_id
from sync.server.schema import (
    product,
    reservation,
    stock_count,
    stock_exception,
    stock_level,
    stock_movement,
    store,
)


def compute_on_hand(conn: Connection, store_id: str, product_id: str) -> int:
    """On hand in thousandths from the latest count and the movements after it."""
    latest = conn.execute(
        select(stock_count.c.counted_milli, stock_count.c.occurred_at)
        .where(stock_count.c.store_id == store_id, stock_count.c.product_id == product_id)
        .order_by(stock_count.c.occurred_at.desc(), stock_count.c.id.desc())
        .limit(1)
    ).first()
    moved = select(func.coalesce(func.sum(stock_movement.c.qty_milli), 0)).where(
        stock_movement.c.store_id == store_id, stock_movement.c.product_id == product_id
    )
    if latest is None:
        return int(conn.execute(moved).scalar_one())
    after = int(
        conn.execute(moved.where(stock_movement.c.occurred_at > latest.occurred_at)).scalar_one()
    )
    return int(latest.counted_milli) + after


def compute_reserved(conn: Connection, store_id: str, product_id: str) -> int:
    return int(
        conn.execute(
            select(func.coalesce(func.sum(reservation.c.qty_milli), 0)).where(
                reservation.c.store_id == store_id,
                reservation.c.product_id == product_id,
                reservation.c.released_at.is_(None),
            )
        ).scalar_one()
    )


def recompute(
    conn: Connection,
    changes: ChangeBuffer,
    touched: Iterable[tuple[str, str]],
    now: datetime,
) -> None:
    """Recompute the levels of (store id, product id) pairs and queue their changes.

    Call once per transaction with every pair the transaction touched.
    """
    products: set[str] = set()
    for store_id, product_id in sorted(set(touched)):
        on_hand = compute_on_hand(conn, store_id, product_id)
        reserved = compute_reserved(conn, store_id, product_id)
        buffer = int(
            conn.execute(
                select(product.c.safety_buffer_milli).where(product.c.id == product_id)
            ).scalar_one()
        )
        values = {
            "on_hand_milli": on_hand,
            "reserved_milli": reserved,
            "available_milli": max(0, on_hand - reserved - buffer),
            "updated_at": now,
        }
        if not insert_ignore(
            conn, stock_level, {"store_id": store_id, "product_id": product_id} | values
        ):
            conn.execute(
                update(stock_level)
                .where(stock_level.c.store_id == store_id, stock_level.c.product_id == product_id)
                .values(**values)
            )
        _track_exception(conn, store_id, product_id, on_hand, now)
        products.add(product_id)
    for product_id in sorted(products):
        data = stock_data(conn, product_id)
        if data is not None:
            changes.upsert(GLOBAL, "stock", product_id, data)


def _track_exception(
    conn: Connection, store_id: str, product_id: str, on_hand: int, now: datetime
) -> None:
    open_exception = and_(
        stock_exception.c.store_id == store_id,
        stock_exception.c.product_id == product_id,
        stock_exception.c.kind == "negative_stock",
        stock_exception.c.resolved_at.is_(None),
    )
    existing = conn.execute(select(stock_exception.c.id).where(open_exception)).first()
    if on_hand < 0:
        if existing is None:
            conn.execute(
                insert(stock_exception),
                {
                    "id": new_id(),
                    "store_id": store_id,
                    "product_id": product_id,
                    "kind": "negative_stock",
                    "on_hand_milli": on_hand,
                    "raised_at": now,
                },
            )
        else:
            conn.execute(
                update(stock_exception).where(open_exception).values(on_hand_milli=on_hand)
            )
    elif existing is not None:
        conn.execute(update(stock_exception).where(open_exception).values(resolved_at=now))


def stock_data(conn: Connection, product_id: str) -> dict[str, Any] | None:
    """The pulled ``stock`` record of a product: levels at every store and online."""
    sku = conn.execute(select(product.c.sku).where(product.c.id == product_id)).scalar()
    if sku is None:
        return None
    rows = conn.execute(
        select(
            store.c.code,
            stock_level.c.on_hand_milli,
            stock_level.c.reserved_milli,
            stock_level.c.available_milli,
            stock_level.c.updated_at,
        )
        .join(store, store.c.id == stock_level.c.store_id)
        .where(stock_level.c.product_id == product_id)
        .order_by(store.c.code)
    ).all()
    stores = {
        str(r.code): {
            "on_hand_milli": int(r.on_hand_milli),
            "reserved_milli": int(r.reserved_milli),
            "available_milli": int(r.available_milli),
        }
        for r in rows
    }
    updated = max((r.updated_at for r in rows), default=None)
    return {
        "product_id": product_id,
        "sku": str(sku),
        "stores": stores,
        "online_available_milli": sum(s["available_milli"] for s in stores.values()),
        "updated_at": updated.isoformat() if updated else None,
    }
