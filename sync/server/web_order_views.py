"""Web orders as others see them: a pickup order as its store's terminals pull it
(``pickup_order_data``, ``emit_order``) and orders as the admin API shows them
(``order_view``, ``order_views``, with their refunds and returns in stores)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from sync.protocol import PickupLine, PickupOrderData
from sync.server import returns
from sync.server.changes import ChangeBuffer, store_scope
from sync.server.schema import payment_refund, store, terminal


def _store_code(conn: Connection, store_id: str | None) -> str | None:
    if store_id is None:
        return None
    return str(conn.execute(select(store.c.code).where(store.c.id == store_id)).scalar_one())


def pickup_order_data(conn: Connection, row: Any) -> dict[str, Any]:
    """A pickup order as the store's terminals receive it (``PickupOrderData``)."""
    return PickupOrderData(
        id=row.id,
        number=row.number,
        store_code=_store_code(conn, row.store_id) or "",
        state=row.state,
        customer_name=row.customer_name,
        phone=row.phone,
        pickup_code=row.pickup_code,
        qr_payload=f"POSPICKUP:{row.number}:{row.pickup_code}",
        paid=bool(row.paid),
        total_minor=int(row.total_minor),
        currency=row.currency,
        lines=[
            PickupLine(**{k: v for k, v in line.items() if k in PickupLine.model_fields})
            for line in json.loads(row.lines_json)
        ],
        created_at=row.created_at,
        pickup_by=row.pickup_by,
        version=int(row.version),
    ).model_dump(mode="json")


def order_view(conn: Connection, row: Any) -> dict[str, Any]:
    """An order as the admin API shows it."""
    return order_views(conn, [row])[0]


def order_views(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Orders as the admin API shows them; their stores and refunds in one query each."""
    store_ids = {r.store_id for r in rows if r.store_id is not None}
    store_ids |= {r.paid_store_id for r in rows if r.paid_store_id is not None}
    codes: dict[str, str] = (
        dict(conn.execute(select(store.c.id, store.c.code).where(store.c.id.in_(store_ids))).all())
        if store_ids
        else {}
    )
    terminal_ids = {r.paid_terminal_id for r in rows if r.paid_terminal_id is not None}
    terminals: dict[str, str] = (
        dict(
            conn.execute(
                select(terminal.c.id, terminal.c.code).where(terminal.c.id.in_(terminal_ids))
            ).all()
        )
        if terminal_ids
        else {}
    )
    refunds: dict[str, list[dict[str, Any]]] = {r.id: [] for r in rows}
    if rows:
        for r in conn.execute(
            select(payment_refund)
            .where(payment_refund.c.web_order_id.in_(list(refunds)))
            .order_by(payment_refund.c.created_at, payment_refund.c.id)
        ):
            refunds[r.web_order_id].append(
                {
                    "id": r.id,
                    "amount_minor": int(r.amount_minor),
                    "currency": r.currency,
                    "reason": r.reason,
                    "state": r.state,
                    "lines": json.loads(r.lines_json),
                    "created_at": r.created_at,
                }
            )
    views = [
        {
            "id": row.id,
            "number": row.number,
            "fulfilment": row.fulfilment,
            "store": codes.get(row.store_id),
            "customer_id": row.customer_id,
            "customer_name": row.customer_name,
            "phone": row.phone,
            "email": row.email,
            "state": row.state,
            "paid": bool(row.paid),
            "pickup_code": row.pickup_code,
            "qr_payload": f"POSPICKUP:{row.number}:{row.pickup_code}",
            "currency": row.currency,
            "total_minor": int(row.total_minor),
            "lines": json.loads(row.lines_json),
            "delivery_address": row.delivery_address,
            "version": int(row.version),
            "created_at": row.created_at,
            "updated_at": row.updated_at,
            "pickup_by": row.pickup_by,
            "origin_receipt_no": row.origin_receipt_no,
            "paid_receipt_no": row.paid_receipt_no,
            "paid_store": codes.get(row.paid_store_id),
            "paid_terminal": terminals.get(row.paid_terminal_id),
            "paid_at": row.paid_at,
            "paid_minor": None if row.paid_minor is None else int(row.paid_minor),
            "refunds": refunds[row.id],
            "refunded_minor": sum(r["amount_minor"] for r in refunds[row.id]),
        }
        for row in rows
    ]
    returns.attach_returns(conn, views, rows)
    return views


def emit_order(conn: Connection, changes: ChangeBuffer, row: Any) -> None:
    """Pickup orders travel to their store's terminals; delivery orders stay online."""
    if row.fulfilment == "pickup" and row.store_id is not None:
        code = _store_code(conn, row.store_id)
        assert code is not None
        changes.upsert(store_scope(code), "pickup_order", row.id, pickup_order_data(conn, row))
