"""Money a web order owes back to its online payment when goods are refused at pickup
(``payment_refund`` rows the payment integration executes)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from sync.protocol.arithmetic import part_refund
from sync.server.ids import new_id
from sync.server.schema import payment_refund


def refusal_refund(
    conn: Connection,
    row: Any,
    refused: dict[str, int | None],
    *,
    now: datetime,
    terminal_id: str | None,
) -> None:
    """Record what a paid order's refused goods give back to the online payment.

    Per refused line: its price as ordered minus the price of what was taken, both by
    ``line_total``; so the customer pays exactly the rounded price of what they took, and a
    refusal of more than was ordered refunds the line once. Unpaid ("pay in store") orders
    owe nothing back, also once the till's payment has reached the backend (``paid`` is then
    true, ``payment_method`` stays ``in_store``). One per order: a replayed handover is
    answered from the mutation table and never reaches here, and a unique index refuses a
    second refusal refund.
    """
    if not row.paid or row.payment_method != "online" or not refused:
        return
    lines = []
    for line in json.loads(row.lines_json):
        if line["sku"] not in refused:
            continue
        ordered, unit = int(line["qty_milli"]), int(line["unit_price_minor"])
        part = refused[line["sku"]]
        back = ordered if part is None else min(part, ordered)
        amount = part_refund(unit, ordered, back)
        if back and amount:
            lines.append(
                {
                    "sku": line["sku"],
                    "product_id": line["product_id"],
                    "name": line["name"],
                    "qty_milli": back,
                    "unit_price_minor": unit,
                    "amount_minor": amount,
                }
            )
    if not lines:
        return
    conn.execute(
        insert(payment_refund),
        {
            "id": new_id(),
            "web_order_id": row.id,
            "amount_minor": sum(li["amount_minor"] for li in lines),
            "currency": row.currency,
            "reason": "refused_at_pickup",
            "state": "pending",
            "lines_json": json.dumps(lines, ensure_ascii=False),
            "terminal_id": terminal_id,
            "created_at": now,
        },
    )
