"""Web orders a till's sale opened or paid: the endless-aisle order a sale paid for
(``web_order`` on the sale), and a pay-in-store pickup order paid at the till
(``pickup_payment``). Either way the sale itself is already stored and stays stored: what
cannot be opened or recorded becomes a staff task naming the receipt.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync.server import returns
from sync.server.changes import ChangeBuffer
from sync.server.errors import ServerError
from sync.server.ids import new_id
from sync.server.schema import staff_task, web_order
from sync.server.web_orders import CustomerIn, OrderLineIn, create_order, emit_order


def open_for_sale(
    conn: Connection,
    changes: ChangeBuffer,
    spec: dict[str, Any],
    *,
    receipt_no: str,
    selling_store_id: str,
    now: datetime,
    touched: set[tuple[str, str]],
) -> str | None:
    """The web order an endless-aisle sale paid for (its ``web_order`` block); its number.

    The sale itself is already stored and stays stored whatever happens here: an order the
    backend cannot open (a store closed since, a product withdrawn) becomes a staff task at
    the selling store naming the receipt, so the customer's paid goods are never forgotten.
    The reserved stock pairs go to the push batch's ``touched``.
    """
    savepoint = conn.begin_nested()
    try:
        customer_spec = spec.get("customer") or {}
        paid: dict[str, int] = {}
        lines: list[OrderLineIn] = []
        for n, line in enumerate(spec.get("lines") or [], 1):
            sku, qty, total = line.get("sku"), line.get("qty_milli"), line.get("total_minor")
            if not isinstance(sku, str) or not isinstance(qty, int) or not isinstance(total, int):
                raise ServerError(422, "bad_line", f"{receipt_no} web order line {n} is malformed")
            lines.append(OrderLineIn(sku=sku, qty_milli=qty))
            paid[sku] = paid.get(sku, 0) + total
        order = create_order(
            conn,
            changes,
            fulfilment=str(spec.get("fulfilment") or ""),
            store_code=spec.get("store_code") or None,
            customer_in=CustomerIn(
                name=str(customer_spec.get("name") or ""),
                phone=str(customer_spec.get("phone") or ""),
                email=str(customer_spec.get("email") or ""),
            ),
            customer_id=None,
            lines=lines,
            paid=True,
            delivery_address=str(spec.get("delivery_address") or ""),
            now=now,
            paid_totals=paid,
            origin_receipt_no=receipt_no,
            touched=touched,
        )
    except ServerError as exc:
        savepoint.rollback()
        conn.execute(
            insert(staff_task),
            {
                "id": new_id(),
                "store_id": selling_store_id,
                "kind": "endless_aisle_failed",
                "detail_json": json.dumps(
                    {
                        "receipt_no": receipt_no,
                        "code": exc.code,
                        "reason": exc.detail,
                        "web_order": spec,
                    },
                    ensure_ascii=False,
                ),
                "created_at": now,
            },
        )
        return None
    savepoint.commit()
    return str(order["number"])


def record_store_payment(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    order_id: str,
    receipt_no: str,
    amount_minor: int,
    store_id: str,
    terminal_id: str,
    paid_at: datetime,
    now: datetime,
) -> None:
    """A till's sale paid the pay-in-store web order ``order_id`` (its ``pickup_payment``).

    The order becomes paid, naming the receipt, the store, the till, when and how much. The
    sale comes before the handover (``pickup.transition``) in the till's stream, but either
    may be applied first (a rejected and re-sent fact, an order moved online meanwhile): the
    payment is recorded whatever the order's state, and the handover never depends on it, so
    both orders end the same. The sale itself is kept whatever happens here: an order that
    is unknown, or was already paid (online, or by another receipt), becomes a staff task at
    the paying store naming the receipt.
    """
    row = conn.execute(
        select(web_order).where(web_order.c.id == order_id).with_for_update()
    ).first()
    problem = ""
    if row is None:
        problem = "pickup_payment_unknown_order"
    elif row.paid_receipt_no == receipt_no:
        return  # already recorded
    elif row.paid:
        problem = "pickup_paid_twice"
    if problem:
        conn.execute(
            insert(staff_task),
            {
                "id": new_id(),
                "store_id": store_id,
                "kind": problem,
                "detail_json": json.dumps(
                    {
                        "order_id": order_id,
                        "number": None if row is None else row.number,
                        "receipt_no": receipt_no,
                        "amount_minor": amount_minor,
                        "paid_before_by": None if row is None else row.paid_receipt_no,
                    },
                    ensure_ascii=False,
                ),
                "created_at": now,
            },
        )
        return
    assert row is not None
    conn.execute(
        update(web_order)
        .where(web_order.c.id == row.id)
        .values(
            paid=True,
            payment_method="in_store",
            paid_receipt_no=receipt_no,
            paid_store_id=store_id,
            paid_terminal_id=terminal_id,
            paid_at=paid_at,
            paid_minor=amount_minor,
            version=web_order.c.version + 1,
            updated_at=now,
        )
    )
    emit_order(conn, changes, conn.execute(select(web_order).where(web_order.c.id == row.id)).one())
    returns.emit(conn, changes, row.id, now)
