"""The customer's loyalty QR, and a receipt added to their account afterwards
(docs/loyalty.md "Loyalty QR and receipt claims").

``new_loyalty_code`` makes a fresh code (``sync.protocol.loyalty_qr``) and stores only its
hash; the code and the QR text are returned once, for the web shop's account page. A new
code replaces the old one (a leaked QR is revoked so).

``claim_receipt``: the e-receipt page links to the web shop with the receipt's token; after
the customer logs in, the web shop attaches the sale to them. Each line earns what the
current earning rules give it (``points_for_line``, one ledger entry per line, vesting as a
sale's would), so the points equal what a till would have given had the customer been
named at the sale. A receipt already attached, a return, or a sale already returned (in
part) is refused.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync.protocol import giftcards, loyalty_qr
from sync.protocol.loyalty import points_for_line, vests_on
from sync.server import customers, loyalty
from sync.server.changes import ChangeBuffer
from sync.server.errors import ServerError
from sync.server.ids import new_id
from sync.server.schema import customer, loyalty_entry, pos_order, product


def _live_customer(conn: Connection, customer_id: str) -> Any:
    target = customers.survivor_of(conn, customer_id)
    if target is None:
        raise ServerError(404, "unknown_customer", f"no customer {customer_id!r}")
    row = conn.execute(select(customer).where(customer.c.id == target)).one()
    if row.erased:
        raise ServerError(409, "customer_erased", f"customer {customer_id!r} was erased")
    return row


def new_loyalty_code(
    conn: Connection, changes: ChangeBuffer, customer_id: str, now: datetime
) -> dict[str, str]:
    """A new loyalty QR code for the customer, replacing any old one; returned once."""
    row = _live_customer(conn, customer_id)
    code = loyalty_qr.new_code()
    conn.execute(
        update(customer)
        .where(customer.c.id == row.id)
        .values(loyalty_code_hash=loyalty_qr.code_hash(code), updated_at=now)
    )
    customers.emit_customer(conn, changes, row.id)
    return {
        "customer_id": row.id,
        "code": giftcards.display(code),
        "qr_text": loyalty_qr.qr_text(code),
    }


def claim_receipt(
    conn: Connection, changes: ChangeBuffer, customer_id: str, receipt_token: str, now: datetime
) -> dict[str, Any]:
    """Attach the sale behind ``receipt_token`` to the customer and record its earns."""
    row = _live_customer(conn, customer_id)
    order = conn.execute(
        select(pos_order).where(pos_order.c.receipt_token == receipt_token).with_for_update()
    ).first()
    if order is None:
        raise ServerError(404, "unknown_receipt", "no receipt with this token has reached us")
    if order.kind != "sale":
        raise ServerError(409, "not_a_sale", f"receipt {order.receipt_no} is a return")
    if order.customer_id is not None:
        raise ServerError(
            409, "receipt_already_attached", f"receipt {order.receipt_no} is already attached"
        )
    returned = conn.execute(
        select(pos_order.c.receipt_no).where(pos_order.c.original_order_id == order.id).limit(1)
    ).scalar()
    if returned is not None:
        raise ServerError(
            409,
            "receipt_returned",
            f"receipt {order.receipt_no} was returned (receipt {returned}); it earns nothing",
        )
    rules = loyalty.current_rules(conn)
    document = json.loads(order.document_json)
    lines = [line for line in document.get("lines") or [] if isinstance(line, dict)]
    skus = sorted({str(line.get("sku")) for line in lines})
    categories: dict[str, str | None] = {
        str(r[0]): r[1]
        for r in conn.execute(
            select(product.c.sku, product.c.category).where(product.c.sku.in_(skus))
        )
    }
    vesting = vests_on(order.business_date, rules)
    entries = []
    for n, line in enumerate(lines, 1):
        if line.get("remote"):
            continue  # goes out as the web order; not from this sale's shelf
        sku = str(line.get("sku"))
        paid = line.get("total_minor")
        points = points_for_line(
            sku=sku,
            category=categories.get(sku),
            paid_minor=paid if isinstance(paid, int) and not isinstance(paid, bool) else 0,
            rules=rules,
        )
        if points <= 0:
            continue
        entries.append(
            {
                "id": new_id(),
                "customer_id": row.id,
                "points": points,
                "reason": "earn",
                "order_id": order.id,
                "order_line_id": str(line.get("id") or f"{order.id}:{line.get('line_no') or n}"),
                "vests_on": vesting,
                "flagged": False,
                "occurred_at": now,
                "received_at": now,
            }
        )
    if entries:
        conn.execute(insert(loyalty_entry), entries)
    conn.execute(update(pos_order).where(pos_order.c.id == order.id).values(customer_id=row.id))
    conn.execute(update(customer).where(customer.c.id == row.id).values(last_activity_at=now))
    customers.emit_customer(conn, changes, row.id)
    return {
        "customer_id": row.id,
        "order_id": order.id,
        "receipt_no": order.receipt_no,
        "points_earned": sum(e["points"] for e in entries),
        "vests_on": vesting if entries else None,
        "rules_version": rules.version,
    }
