"""Stock levels derived from the ledger (docs/sync-protocol.md "Conflict rules", stock).

On hand = the latest count + the movements after it (or all movements when never counted);
counts apply at the time they were taken, so the result does not depend on the order facts
arrive in. Reserved = open pickup reservations. Available = on hand - reserved - the
product's safety buffer, never below zero. Negative stock is accepted and raises an
exception for staff; a sale is never refused for stock.

Concurrency (PostgreSQL; SQLite runs one writer at a time): the stored level is a function of
the ledger, so it must be computed from a ledger that holds every committed writer's rows and
written before another writer computes it again. Each writer therefore locks the products
it moves (``lock_products``) before it reads the ledger and holds the locks to commit; a
product's levels at every store share its lock, because its pulled ``stock`` record lists
them all.
Lock order, which keeps stock locks out of every deadlock:

1. a transaction takes its stock locks after any other lock it may wait for: push in
   ``finish`` (appliers, pickup transitions and endless-aisle orders within a batch only
   record the pairs they touch), the admin API and web orders after their own rows;
2. all its keys at once, in ascending order; taking keys it already holds never waits;
3. after them only rows no one else writes without the same keys (levels, exceptions), the
   foreign-key checks of those (which wait only on a store or product being deleted or
   re-keyed, which no stock writer does) and the change-log counters
   (``ChangeBuffer.flush``, in scope order), then commit.

A transaction holding a stock key thus waits only for a higher stock key or a counter, whose
holder never waits for a lower stock key: no cycle of waits can pass through a stock lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text, update

from sync.server.changes import GLOBAL, ChangeBuffer, store_scope
from sync.server.db import is_postgres
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

# pg_advisory_xact_lock(space, key): the first key names this lock family ("stok").
_LOCK_SPACE = int.from_bytes(b"stok", "big", signed=True)
_LOCK = text("SELECT pg_advisory_xact_lock(:space, :key)")
# Products share LOCK_KEYS locks, so a transaction holds at most that many: PostgreSQL's
# shared lock table (max_locks_per_transaction x max_connections entries, 6,400 by default)
# would otherwise need an entry per product of every batch in flight, thousands for a drain
# over a large catalog. Sharing costs little: stock-moving transactions already commit one
# after another behind the change-log counter of the global scope.
LOCK_KEYS = 256


def lock_key(product_id: str) -> int:
    """A product's stock lock key, 0 to ``LOCK_KEYS`` - 1: the same in every process (unlike
    ``hash``); products sharing a key only share a lock."""
    digest = hashlib.blake2b(product_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % LOCK_KEYS


def lock_products(conn: Connection, product_ids: Iterable[str]) -> None:
    """Lock the stock of ``product_ids`` (at every store) until the transaction ends, keys in
    ascending order (the lock order in the module docstring). No-op on SQLite."""
    if not is_postgres(conn):
        return
    keys = sorted({lock_key(pid) for pid in product_ids})
    if keys:
        # One statement per key, run in list order (psycopg pipelines them in one round
        # trip): a single statement would not promise the order its rows are locked in.
        conn.execute(_LOCK, [{"space": _LOCK_SPACE, "key": key} for key in keys])


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


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _levels_at_store(conn: Connection, store_id: str, product_ids: list[str]) -> dict[str, int]:
    """On hand of many products at one store, set-based (the push hot path)."""
    counts: dict[str, tuple[int, datetime]] = {}
    rows = conn.execute(
        select(stock_count.c.product_id, stock_count.c.counted_milli, stock_count.c.occurred_at)
        .where(stock_count.c.store_id == store_id, stock_count.c.product_id.in_(product_ids))
        .order_by(stock_count.c.occurred_at, stock_count.c.id)
    ).all()
    for row in rows:  # ascending: the last one per product is the latest count
        counts[str(row.product_id)] = (int(row.counted_milli), row.occurred_at)
    uncounted = [pid for pid in product_ids if pid not in counts]
    on_hand = dict.fromkeys(product_ids, 0)
    if uncounted:
        sums = conn.execute(
            select(stock_movement.c.product_id, func.sum(stock_movement.c.qty_milli))
            .where(
                stock_movement.c.store_id == store_id,
                stock_movement.c.product_id.in_(uncounted),
            )
            .group_by(stock_movement.c.product_id)
        ).all()
        on_hand.update({str(row[0]): int(row[1] or 0) for row in sums})
    for product_id in counts:
        on_hand[product_id] = compute_on_hand(conn, store_id, product_id)
    return on_hand


def recompute(
    conn: Connection,
    changes: ChangeBuffer,
    touched: Iterable[tuple[str, str]],
    now: datetime,
) -> None:
    """Recompute the levels of (store id, product id) pairs and queue their changes.

    Call once per transaction with every pair the transaction touched, after its other row
    locks: the products are locked first (``lock_products``), so the ledger read below holds
    every committed writer's movements and no concurrent writer overwrites the result.
    """
    by_store: dict[str, set[str]] = {}
    for store_id, product_id in set(touched):
        by_store.setdefault(store_id, set()).add(product_id)
    lock_products(conn, {pid for ids in by_store.values() for pid in ids})
    products: set[str] = set()
    codes: dict[str, str] = dict(
        conn.execute(select(store.c.id, store.c.code).where(store.c.id.in_(list(by_store)))).all()
    )
    for store_id in sorted(by_store):
        for chunk in _chunks(sorted(by_store[store_id])):
            _recompute_chunk(conn, store_id, chunk, now, changes, codes.get(store_id))
            products.update(chunk)
    for data in stock_records(conn, sorted(products)):
        changes.upsert(GLOBAL, "stock", data["product_id"], data)


def _recompute_chunk(
    conn: Connection,
    store_id: str,
    product_ids: list[str],
    now: datetime,
    changes: ChangeBuffer | None = None,
    store_code: str | None = None,
) -> None:
    on_hand = _levels_at_store(conn, store_id, product_ids)
    reserved = dict.fromkeys(product_ids, 0)
    reserved.update(
        {
            str(row[0]): int(row[1] or 0)
            for row in conn.execute(
                select(reservation.c.product_id, func.sum(reservation.c.qty_milli))
                .where(
                    reservation.c.store_id == store_id,
                    reservation.c.product_id.in_(product_ids),
                    reservation.c.released_at.is_(None),
                )
                .group_by(reservation.c.product_id)
            ).all()
        }
    )
    buffers = {
        str(row[0]): int(row[1])
        for row in conn.execute(
            select(product.c.id, product.c.safety_buffer_milli).where(product.c.id.in_(product_ids))
        ).all()
    }
    existing: set[str] = {
        str(row[0])
        for row in conn.execute(
            select(stock_level.c.product_id).where(
                stock_level.c.store_id == store_id, stock_level.c.product_id.in_(product_ids)
            )
        ).all()
    }
    rows = [
        {
            "store_id": store_id,
            "product_id": pid,
            "on_hand_milli": on_hand[pid],
            "reserved_milli": reserved[pid],
            "available_milli": max(0, on_hand[pid] - reserved[pid] - buffers.get(pid, 0)),
            "updated_at": now,
        }
        for pid in product_ids
    ]
    inserts = [r for r in rows if r["product_id"] not in existing]
    updates = [{f"b_{k}": v for k, v in r.items()} for r in rows if r["product_id"] in existing]
    if inserts:
        conn.execute(insert(stock_level), inserts)
    if updates:
        conn.execute(
            update(stock_level)
            .where(
                stock_level.c.store_id == bindparam("b_store_id"),
                stock_level.c.product_id == bindparam("b_product_id"),
            )
            .values(
                on_hand_milli=bindparam("b_on_hand_milli"),
                reserved_milli=bindparam("b_reserved_milli"),
                available_milli=bindparam("b_available_milli"),
                updated_at=bindparam("b_updated_at"),
            ),
            updates,
        )
    negative = {pid for pid in product_ids if on_hand[pid] < 0}
    open_rows = conn.execute(
        select(
            stock_exception.c.id,
            stock_exception.c.product_id,
            stock_exception.c.on_hand_milli,
            stock_exception.c.raised_at,
        ).where(
            stock_exception.c.store_id == store_id,
            stock_exception.c.product_id.in_(product_ids),
            stock_exception.c.kind == "negative_stock",
            stock_exception.c.resolved_at.is_(None),
        )
    ).all()
    open_by_product = {str(r.product_id): str(r.id) for r in open_rows}
    still_open: list[dict[str, Any]] = []
    raised: list[dict[str, Any]] = []
    for pid in sorted(negative):
        if pid in open_by_product:
            still_open.append({"b_id": open_by_product[pid], "b_on_hand_milli": on_hand[pid]})
        else:
            raised.append(
                {
                    "id": new_id(),
                    "store_id": store_id,
                    "product_id": pid,
                    "kind": "negative_stock",
                    "on_hand_milli": on_hand[pid],
                    "raised_at": now,
                }
            )
    if still_open:  # one executemany, not a statement per product
        conn.execute(_UPDATE_OPEN_EXCEPTION, still_open)
    if raised:
        conn.execute(insert(stock_exception), raised)
    resolved = [eid for pid, eid in open_by_product.items() if pid not in negative]
    if resolved:
        conn.execute(
            update(stock_exception)
            .where(stock_exception.c.id.in_(resolved))
            .values(resolved_at=now)
        )
    if changes is not None and store_code is not None:
        _exception_changes(conn, changes, store_code, open_rows, raised, on_hand, resolved)


def exception_record(
    exception_id: str,
    store_code: str,
    product_id: str,
    sku: str,
    on_hand_milli: int,
    raised_at: datetime,
) -> dict[str, Any]:
    """A negative-stock exception as its store's terminals pull it (``StockExceptionData``)."""
    return {
        "id": exception_id,
        "store_code": store_code,
        "product_id": product_id,
        "sku": sku,
        "kind": "negative_stock",
        "on_hand_milli": on_hand_milli,
        "raised_at": raised_at.isoformat(),
    }


def _exception_changes(
    conn: Connection,
    changes: ChangeBuffer,
    store_code: str,
    open_rows: Iterable[Any],
    raised: list[dict[str, Any]],
    on_hand: dict[str, int],
    resolved: list[str],
) -> None:
    """The store's terminals pull its open exceptions (scope ``store:<code>``): a raised one
    and an open one whose on hand moved are upserted, a resolved one is deleted."""
    scope = store_scope(store_code)
    shown: list[tuple[str, str, int, datetime]] = [
        (r["id"], r["product_id"], r["on_hand_milli"], r["raised_at"]) for r in raised
    ]
    gone = set(resolved)
    for row in open_rows:
        pid = str(row.product_id)
        if str(row.id) not in gone and on_hand[pid] != int(row.on_hand_milli):
            shown.append((str(row.id), pid, on_hand[pid], row.raised_at))
    if shown:
        skus: dict[str, str] = dict(
            conn.execute(
                select(product.c.id, product.c.sku).where(
                    product.c.id.in_(sorted({s[1] for s in shown}))
                )
            ).all()
        )
        for exception_id, pid, milli, raised_at in shown:
            data = exception_record(exception_id, store_code, pid, skus[pid], milli, raised_at)
            changes.upsert(scope, "stock_exception", exception_id, data)
    for exception_id in resolved:
        changes.delete(scope, "stock_exception", exception_id)


_UPDATE_OPEN_EXCEPTION = (
    update(stock_exception)
    .where(stock_exception.c.id == bindparam("b_id"))
    .values(on_hand_milli=bindparam("b_on_hand_milli"))
)


def stock_records(conn: Connection, product_ids: list[str]) -> list[dict[str, Any]]:
    """The pulled ``stock`` records of many products (see ``stock_data``)."""
    records: list[dict[str, Any]] = []
    for chunk in _chunks(product_ids):
        skus: dict[str, str] = dict(
            conn.execute(select(product.c.id, product.c.sku).where(product.c.id.in_(chunk))).all()
        )
        levels: dict[str, list[Any]] = {}
        for row in conn.execute(
            select(
                stock_level.c.product_id,
                store.c.code,
                stock_level.c.on_hand_milli,
                stock_level.c.reserved_milli,
                stock_level.c.available_milli,
                stock_level.c.updated_at,
            )
            .join(store, store.c.id == stock_level.c.store_id)
            .where(stock_level.c.product_id.in_(chunk))
            .order_by(stock_level.c.product_id, store.c.code)
        ).all():
            levels.setdefault(str(row.product_id), []).append(row)
        for pid in chunk:
            if pid in skus:
                records.append(_record(pid, str(skus[pid]), levels.get(pid, [])))
    return records


def _record(product_id: str, sku: str, rows: list[Any]) -> dict[str, Any]:
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
        "sku": sku,
        "stores": stores,
        "online_available_milli": sum(s["available_milli"] for s in stores.values()),
        "updated_at": updated.isoformat() if updated else None,
    }


def stock_data(conn: Connection, product_id: str) -> dict[str, Any] | None:
    """The pulled ``stock`` record of a product: levels at every store and online."""
    records = stock_records(conn, [product_id])
    return records[0] if records else None


def record_movement(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    store_id: str,
    product_id: str,
    qty_milli: int,
    reason: str,
    source: str,
    now: datetime,
) -> str:
    """Record a movement staff entered (receive, damage, ...) and recompute the level it
    changes; returns the movement's id. Call after the transaction's other row locks."""
    movement_id = new_id()
    conn.execute(
        insert(stock_movement),
        {
            "id": movement_id,
            "store_id": store_id,
            "product_id": product_id,
            "qty_milli": qty_milli,
            "reason": reason,
            "source": source,
            "occurred_at": now,
            "received_at": now,
        },
    )
    recompute(conn, changes, [(store_id, product_id)], now)
    return movement_id
