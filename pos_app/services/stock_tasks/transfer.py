"""Transfers to another store (``stock.transferred``): out here now, booked in at the
destination when the fact reaches the backend."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection

from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from pos_app.services.stock_tasks.drafts import LinesDraft, Posted
from pos_app.services.stock_tasks.rules import check_lines, check_products, movement
from pos_app.storage.audit import audit
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import stock as stock_queries
from sync.protocol.facts import StockTransferred, TransferLine


def check_transfer(draft: LinesDraft, *, store_code: str) -> str:
    """The destination (another store) and the lines checked before any transaction;
    returns the destination's code."""
    destination = draft.destination.strip()
    if not destination:
        raise UserError("stock.no_destination", "Choose the store the goods go to")
    if destination == store_code:
        raise UserError(
            "stock.same_store",
            f"The goods are already at {destination}: choose another store",
            store=destination,
        )
    check_lines(draft.lines, "stock.nothing_to_transfer", signed=False)
    return destination


def post_transfer(
    conn: Connection,
    draft: LinesDraft,
    *,
    destination: str,
    store_code: str,
    user_id: str | None,
    now: datetime,
    business_date: date,
) -> Posted:
    """In the caller's transaction: the ``transfer_out`` movements, the
    ``stock.transferred`` fact, its audit entry, the draft cleared (``check_transfer``
    first). Raises ``UserError`` before writing anything."""
    transfer_id = new_id()
    rows = [
        movement(
            store_code,
            line.item.product_id,
            -line.qty_milli,
            "transfer_out",
            transfer_id,
            now,
        )
        for line in draft.lines
    ]
    if not stock_queries.store_known(conn, store_code=destination):
        raise UserError(
            "stock.unknown_store",
            f"Store {destination!r} is not known here",
            store=destination,
        )
    skus = check_products(conn, draft.lines)
    stock_queries.insert_movements(conn, rows=rows)
    transferred = StockTransferred(
        transfer_id=transfer_id,
        store_code=store_code,
        to_store_code=destination,
        user_id=user_id,
        lines=[
            TransferLine(
                out_id=row["id"],
                in_id=new_id(),
                product_id=row["product_id"],
                sku=skus[row["product_id"]],
                qty_milli=-int(row["qty_milli"]),
            )
            for row in rows
        ],
    )
    mutation_id, _seq = append_fact(conn, transferred, occurred_at=now, business_date=business_date)
    audit(conn, action="stock.transferred", at=now, user_id=user_id, detail=transferred.payload())
    stock_queries.clear_task_draft(conn, kind="transfer")
    return Posted(
        "transfer",
        (mutation_id,),
        transfer_id,
        len(rows),
        -sum(int(r["qty_milli"]) for r in rows),
    )
