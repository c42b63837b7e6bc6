"""Stock facts of a till's store: ``stock.adjusted``, ``stock.counted``, ``stock.received``
and ``stock.transferred``. Movements and counts keep the terminal's ids, so a fact applied
twice writes nothing the second time."""

from __future__ import annotations

from sqlalchemy import insert, select

from sync.protocol import StockAdjusted, StockCounted, StockReceived, StockTransferred
from sync.server.changes import ChangeBuffer
from sync.server.errors import Rejected
from sync.server.facts.common import Batch, Fact, insert_absent
from sync.server.ids import new_id
from sync.server.schema import stock_count, stock_delivery, stock_movement, store


def apply_stock_adjusted(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.adjusted: signed movements with one reason."""
    adjusted = fact.as_(StockAdjusted)
    where = f"stock adjustment {fact.mutation_id}"
    batch.check_store(adjusted.store_code, where)
    ids = batch.product_ids([m.sku for m in adjusted.movements], where)
    rows = [
        batch.movement(
            m.id,
            store_id=batch.store_id,
            product_id=ids[m.sku],
            qty_milli=m.qty_milli,
            reason=adjusted.reason,
            source=fact.mutation_id,
            occurred_at=fact.corrected_at,
        )
        for m in adjusted.movements
    ]
    insert_absent(batch.conn, stock_movement, rows)


def apply_stock_counted(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.counted: a count applies at the time it was taken, not when it arrives."""
    counted = fact.as_(StockCounted)
    where = f"stock count {fact.mutation_id}"
    batch.check_store(counted.store_code, where)
    counted_at = fact.corrected(
        fact.occurred_at if counted.counted_at is None else counted.counted_at
    )
    ids = batch.product_ids([c.sku for c in counted.counts], where)
    rows = []
    for c in counted.counts:
        product_id = ids[c.sku]
        rows.append(
            {
                "id": c.id if batch.deduplicate else new_id(),
                "store_id": batch.store_id,
                "product_id": product_id,
                "counted_milli": c.counted_milli,
                "occurred_at": counted_at,
                "received_at": batch.now,
            }
        )
        batch.touched.add((batch.store_id, product_id))
    insert_absent(batch.conn, stock_count, rows)


def apply_stock_received(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.received: a supplier's delivery booked in at this store: ``receive`` movements
    carrying the delivery-note number (``reference``). A delivery note already received at
    this store under another delivery id is ``delivery_already_received``."""
    received = fact.as_(StockReceived)
    conn = batch.conn
    batch.check_store(received.store_code, f"delivery {fact.mutation_id}")
    delivery_id = received.delivery_id.strip()
    ref = received.delivery_ref.strip()
    where = f"delivery note {ref!r}"
    ids = batch.product_ids([line.sku for line in received.lines], where)
    stored = conn.execute(
        select(stock_delivery.c.id).where(
            stock_delivery.c.store_id == batch.store_id, stock_delivery.c.delivery_ref == ref
        )
    ).first()
    if stored is not None and str(stored.id) != delivery_id:
        raise Rejected(
            "delivery_already_received",
            f"{where} was already received at store {batch.store_code}",
        )
    if stored is None:
        conn.execute(
            insert(stock_delivery),
            {
                "id": delivery_id,
                "store_id": batch.store_id,
                "delivery_ref": ref,
                "terminal_id": batch.terminal_id,
                "mutation_id": fact.mutation_id,
                "line_count": len(received.lines),
                "qty_milli": sum(line.qty_milli for line in received.lines),
                "occurred_at": fact.corrected_at,
                "received_at": batch.now,
            },
        )
    rows = [
        batch.movement(
            line.id,
            store_id=batch.store_id,
            product_id=ids[line.sku],
            qty_milli=line.qty_milli,
            reason="receive",
            source=fact.mutation_id,
            occurred_at=fact.corrected_at,
            reference=ref,
        )
        for line in received.lines
    ]
    insert_absent(conn, stock_movement, rows)


def apply_stock_transferred(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.transferred: goods sent from this store to another.

    One step: when the fact is applied the goods leave this store (``transfer_out``) and are
    booked in at the destination (``transfer_in``), both movements carrying the transfer id;
    the destination's terminals see its new level with the next ``stock`` pull. An unknown
    destination, or this store itself, is rejected (``unknown_store``, ``same_store``).
    """
    transfer = fact.as_(StockTransferred)
    batch.check_store(transfer.store_code, f"transfer {fact.mutation_id}")
    transfer_id = transfer.transfer_id.strip()
    where = f"transfer {transfer_id}"
    to_code = transfer.to_store_code
    if to_code == batch.store_code:
        raise Rejected(
            "same_store", f"{where}: the destination {to_code} is the sending store itself"
        )
    destination = batch.conn.execute(select(store.c.id).where(store.c.code == to_code)).first()
    if destination is None:
        raise Rejected("unknown_store", f"{where}: the destination store {to_code!r} is unknown")
    to_store_id = str(destination.id)
    ids = batch.product_ids([line.sku for line in transfer.lines], where)
    rows = [
        batch.movement(
            row_id,
            store_id=store_id,
            product_id=ids[line.sku],
            qty_milli=signed,
            reason=reason,
            source=fact.mutation_id,
            occurred_at=fact.corrected_at,
            reference=transfer_id,
        )
        for line in transfer.lines
        for row_id, store_id, signed, reason in (
            (line.out_id, batch.store_id, -line.qty_milli, "transfer_out"),
            (line.in_id, to_store_id, line.qty_milli, "transfer_in"),
        )
    ]
    insert_absent(batch.conn, stock_movement, rows)
