"""Receiving a delivery against its delivery-note number (``stock.received``); the same
note is refused twice at one store."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection

from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from pos_app.services.stock_tasks.drafts import MAX_REFERENCE, LinesDraft, Posted
from pos_app.services.stock_tasks.rules import check_lines, check_products, movement
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import stock as stock_queries
from sync.protocol.facts import ReceivedLine, StockReceived


def delivery_reference(value: str) -> str:
    """The delivery-note number as typed, spaces collapsed; refused when empty or too long."""
    ref = " ".join(value.split())
    if not ref:
        raise UserError("stock.delivery_ref_missing", "Enter the delivery note number first")
    if len(ref) > MAX_REFERENCE:
        raise UserError(
            "stock.bad_delivery_ref",
            f"A delivery note number has at most {MAX_REFERENCE} characters",
            reference=ref,
        )
    return ref


def check_receiving(draft: LinesDraft) -> str:
    """The delivery-note number and the lines checked before any transaction; returns the
    number to book against."""
    ref = delivery_reference(draft.reference)
    check_lines(draft.lines, "stock.nothing_received", signed=False)
    return ref


def post_receiving(
    conn: Connection,
    draft: LinesDraft,
    *,
    ref: str,
    store_code: str,
    user_id: str | None,
    now: datetime,
    business_date: date,
) -> Posted:
    """In the caller's transaction: the ``receive`` movements, the ``stock.received`` fact,
    the draft cleared (``check_receiving`` first). Raises ``UserError`` before writing."""
    delivery_id = new_id()
    rows = [
        movement(store_code, line.item.product_id, line.qty_milli, "receive", ref, now)
        for line in draft.lines
    ]
    skus = check_products(conn, draft.lines)
    if stock_queries.delivery_received_before(conn, store_code=store_code, reference=ref):
        raise UserError(
            "stock.delivery_already_received",
            f"Delivery note {ref} was already received at {store_code}",
            reference=ref,
        )
    stock_queries.insert_movements(conn, rows=rows)
    received = StockReceived(
        delivery_id=delivery_id,
        delivery_ref=ref,
        store_code=store_code,
        user_id=user_id,
        lines=[
            ReceivedLine(
                id=row["id"],
                product_id=row["product_id"],
                sku=skus[row["product_id"]],
                qty_milli=row["qty_milli"],
            )
            for row in rows
        ],
    )
    mutation_id, _seq = append_fact(conn, received, occurred_at=now, business_date=business_date)
    stock_queries.clear_task_draft(conn, kind="receive")
    return Posted("receive", (mutation_id,), ref, len(rows), sum(int(r["qty_milli"]) for r in rows))
