"""``web_order.returned``: a store took goods of a web order back (sync.server.returns has
the rules: the over-return rule, reviews, the online refund).

The payload is the till's refund receipt as ``order.refunded`` carries it (receipt, lines,
tenders, taxes, stock movements, store credit, approvals) plus ``web_return``: the order,
how it is refunded, its lines and the manager's override if one was needed. Tenders of
kind ``online_payment`` are what goes back to the web order's online payment.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select

from sync.protocol import WebOrderReturned
from sync.server.changes import ChangeBuffer
from sync.server.db import insert_ignore
from sync.server.errors import Rejected
from sync.server.facts.common import Batch, Fact
from sync.server.facts.orders import order_movements, order_row
from sync.server.ids import new_id
from sync.server.returns import (
    OVERRIDE_ACTION,
    REVIEW_TASK,
    emit,
    left_to_return,
    review_reasons,
)
from sync.server.schema import (
    payment_refund,
    pos_order,
    staff_task,
    stock_movement,
    web_order,
    web_order_return,
    web_order_return_line,
)


def apply_web_order_returned(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """The refund receipt, the return and its lines, the goods back in stock, the online
    refund (held when staff must review the return) and the review task."""
    returned = fact.as_(WebOrderReturned)
    web = returned.web_return
    conn = batch.conn
    receipt_no = returned.receipt_no
    where = f"web return {receipt_no}"
    # Locked (PostgreSQL) so two stores' returns of one order are counted one after the other.
    row = conn.execute(
        select(web_order).where(web_order.c.id == web.order_id).with_for_update()
    ).first()
    if row is None:
        raise Rejected("unknown_order", f"{where}: no web order {web.order_id}")
    ordered: dict[str, dict[str, Any]] = {
        line["sku"]: line for line in json.loads(row.lines_json or "[]")
    }
    for line in web.lines:
        if line.sku not in ordered:
            raise Rejected("invalid_payload", f"{where}: {line.sku} is not on {row.number}")
    refund = returned.refund_minor
    online = returned.online_refund_minor
    built = order_row(batch, fact)
    receipt = built.row
    if not insert_ignore(conn, pos_order, receipt):
        stored = conn.execute(select(pos_order.c.id).where(pos_order.c.id == receipt["id"]))
        if stored.first() is None:
            raise Rejected(
                "receipt_conflict", f"{where}: the receipt number or token is used by another order"
            )
        return  # this return is applied already (sent again after a restore, say)
    movements = order_movements(batch, returned, built, receipt, False)
    if movements:
        conn.execute(insert(stock_movement), movements)

    left = left_to_return(conn, row)
    override = web.override
    has_override = override is not None and override.action == OVERRIDE_ACTION
    lines = [line.payload() for line in web.lines]
    review = review_reasons(
        row,
        lines,
        ordered,
        left,
        override=has_override,
        occurred_at=built.completed_at,
        online_minor=online,
        currency=str(receipt["currency"]),
    )
    return_id = str(receipt["id"])
    conn.execute(
        insert(web_order_return),
        {
            "id": return_id,
            "web_order_id": row.id,
            "store_id": batch.store_id,
            "terminal_id": batch.terminal_id,
            "receipt_no": receipt_no,
            "refund_method": web.refund_method,
            "amount_minor": refund,
            "online_refund_minor": online,
            "currency": receipt["currency"],
            "review": ",".join(review),
            "override_json": json.dumps(
                override.payload() if has_override and override is not None else None,
                ensure_ascii=False,
            ),
            "occurred_at": built.completed_at,
            "received_at": batch.now,
        },
    )
    conn.execute(
        insert(web_order_return_line),
        [
            {
                "id": new_id(),
                "return_id": return_id,
                "web_order_id": row.id,
                "product_id": built.product_ids[line.sku],
                "sku": line.sku,
                "qty_milli": line.qty_milli,
                "amount_minor": line.amount_minor,
                "over_milli": max(0, line.qty_milli - max(0, left.get(line.sku, 0))),
            }
            for line in web.lines
        ],
    )
    if online:
        conn.execute(
            insert(payment_refund),
            {
                "id": new_id(),
                "web_order_id": row.id,
                "amount_minor": online,
                "currency": receipt["currency"],
                "reason": "returned_in_store",
                "state": "held" if review else "pending",
                "lines_json": json.dumps(
                    [
                        {
                            "sku": line.sku,
                            "product_id": ordered[line.sku]["product_id"],
                            "name": ordered[line.sku]["name"],
                            "qty_milli": line.qty_milli,
                            "amount_minor": line.amount_minor,
                        }
                        for line in web.lines
                    ],
                    ensure_ascii=False,
                ),
                "terminal_id": batch.terminal_id,
                "return_id": return_id,
                "created_at": batch.now,
            },
        )
    if review:
        conn.execute(
            insert(staff_task),
            {
                "id": new_id(),
                "store_id": batch.store_id,
                "kind": REVIEW_TASK,
                "detail_json": json.dumps(
                    {
                        "number": row.number,
                        "order_id": row.id,
                        "receipt_no": receipt_no,
                        "return_id": return_id,
                        "reasons": review,
                        "lines": lines,
                        "left_before": {line.sku: left.get(line.sku, 0) for line in web.lines},
                        "online_refund_minor": online,
                        "terminal_id": batch.terminal_id,
                    },
                    ensure_ascii=False,
                ),
                "created_at": batch.now,
            },
        )
    emit(conn, changes, row.id, batch.now)
