"""``GET /api/v1/customers/{id}/export``: everything the backend holds about a customer, as
JSON (KVKK art. 11, GDPR art. 15 and 20; docs/loyalty.md "Export").

The person is the customer and every record merged into them. Sections: ``profile`` (each
record), ``consents`` (the whole history and the current state), ``loyalty`` (the ledger),
``value_cards`` (gift cards and store credit linked to them, with balances, never codes),
``sales`` (till and kiosk sales and returns naming them: store, date, totals, lines),
``web_orders`` (with delivery address and lines) and ``staff_tasks`` (store tasks whose
details name them, their orders or their receipts).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, or_, select

from sync.server import consents
from sync.server.erasure import needles_of, person_ids, their_sales, their_web_orders
from sync.server.schema import (
    customer,
    loyalty_entry,
    staff_task,
    store,
    value_card,
    value_card_entry,
)

FORMAT = "pos-omni-customer-export/1"


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _store_codes(conn: Connection) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in conn.execute(select(store.c.id, store.c.code))}


def _sale(r: Any, codes: dict[str, str]) -> dict[str, Any]:
    document = json.loads(r.document_json)
    lines = [
        {
            key: line.get(key)
            for key in ("sku", "name", "qty_milli", "unit_price_minor", "total_minor", "vat_rate")
        }
        for line in (document.get("lines") or [])
        if isinstance(line, dict)
    ]
    web = document.get("web_order") if isinstance(document.get("web_order"), dict) else None
    return {
        "id": r.id,
        "kind": r.kind,
        "receipt_no": r.receipt_no,
        "store": codes.get(r.store_id),
        "channel": r.channel,
        "completed_at": _iso(r.completed_at),
        "business_date": _iso(r.business_date),
        "currency": r.currency,
        "total_minor": int(r.total_minor),
        "tax_minor": int(r.tax_minor),
        "lines": lines,
        "endless_aisle": web,
    }


def _web_order(r: Any, codes: dict[str, str]) -> dict[str, Any]:
    return {
        "id": r.id,
        "number": r.number,
        "fulfilment": r.fulfilment,
        "store": codes.get(r.store_id) if r.store_id else None,
        "state": r.state,
        "customer_name": r.customer_name,
        "phone": r.phone,
        "email": r.email,
        "delivery_address": r.delivery_address,
        "paid": bool(r.paid),
        "currency": r.currency,
        "total_minor": int(r.total_minor),
        "lines": json.loads(r.lines_json or "[]"),
        "created_at": _iso(r.created_at),
        "updated_at": _iso(r.updated_at),
    }


def export_customer(conn: Connection, customer_id: str, now: datetime) -> dict[str, Any]:
    """The export document (404 ``unknown_customer`` for an unknown id)."""
    target, ids = person_ids(conn, customer_id)
    rows = list(conn.execute(select(customer).where(customer.c.id.in_(ids))).all())
    needles = needles_of(rows)
    codes = _store_codes(conn)
    profile = [
        {
            "id": r.id,
            "name": r.name,
            "phone": r.phone,
            "email": r.email,
            "merged_into": r.merged_into,
            "home_store": codes.get(r.home_store_id) if r.home_store_id else None,
            "erased": bool(r.erased),
            "erased_at": _iso(r.erased_at),
            "has_loyalty_qr": r.loyalty_code_hash is not None,
            "created_at": _iso(r.created_at),
            "updated_at": _iso(r.updated_at),
            "last_activity_at": _iso(r.last_activity_at),
        }
        for r in sorted(rows, key=lambda r: (r.id != target, r.id))
    ]
    ledger = conn.execute(
        select(loyalty_entry)
        .where(loyalty_entry.c.customer_id.in_(ids))
        .order_by(loyalty_entry.c.occurred_at, loyalty_entry.c.id)
    ).all()
    cards = conn.execute(
        select(value_card, func.coalesce(func.sum(value_card_entry.c.delta_minor), 0).label("bal"))
        .outerjoin(value_card_entry, value_card_entry.c.card_id == value_card.c.id)
        .where(value_card.c.customer_id.in_(ids))
        .group_by(value_card.c.id)
        .order_by(value_card.c.id)
    ).all()
    web_orders = their_web_orders(conn, ids, needles)
    receipts = [str(r.origin_receipt_no) for r in web_orders if r.origin_receipt_no]
    sales = their_sales(conn, ids, receipts)
    terms = [*ids, *(r.receipt_no for r in sales), *(r.id for r in web_orders)]
    terms += [r.number for r in web_orders] + needles.like_terms()
    tasks = (
        conn.execute(
            select(staff_task)
            .where(or_(*(staff_task.c.detail_json.contains(t, autoescape=True) for t in terms)))
            .order_by(staff_task.c.created_at, staff_task.c.id)
        ).all()
        if terms
        else []
    )
    return {
        "format": FORMAT,
        "exported_at": _iso(now),
        "customer_id": target,
        "profile": profile,
        "consents": {
            "current": consents.current(conn, target),
            "history": [
                {k: _iso(v) for k, v in event.items()} for event in consents.history(conn, target)
            ],
        },
        "loyalty": {
            "balance": sum(int(e.points) for e in ledger),
            "entries": [
                {
                    "id": e.id,
                    "points": int(e.points),
                    "reason": e.reason,
                    "order_id": e.order_id,
                    "order_line_id": e.order_line_id,
                    "vests_on": _iso(e.vests_on),
                    "flagged": bool(e.flagged),
                    "occurred_at": _iso(e.occurred_at),
                }
                for e in ledger
            ],
        },
        "value_cards": [
            {
                "id": c.id,
                "kind": c.kind,
                "state": c.state,
                "last4": c.last4,
                "currency": c.currency,
                "balance_minor": int(c.bal),
                "created_at": _iso(c.created_at),
            }
            for c in cards
        ],
        "sales": [_sale(r, codes) for r in sales],
        "web_orders": [_web_order(r, codes) for r in web_orders],
        "staff_tasks": [
            {
                "id": t.id,
                "store": codes.get(t.store_id) if t.store_id else None,
                "kind": t.kind,
                "detail": json.loads(t.detail_json),
                "created_at": _iso(t.created_at),
                "resolved_at": _iso(t.resolved_at),
            }
            for t in tasks
        ],
    }
