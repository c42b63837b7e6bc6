"""Web orders returned in stores: what terminals may look up, and the returns they record.

**Listing.** A pickup order once collected and a delivery order once delivered is returnable
from that moment (``returnable_from``) until ``return_by`` (the return window,
``POS_SERVER_RETURN_WINDOW_DAYS``, default 30 days). Every terminal receives such orders as
the ``web_order`` collection (``WebOrderData``) in the global scope, so any store finds them
offline on the last synced data. An order stays listed ``POS_SERVER_RETURN_OVERRIDE_DAYS``
(default 14) past its window, so a manager can still take goods back late (the till asks
for the manager's PIN outside the window); then ``expire_listings`` pulls it as a delete.
``returns_listed`` records whether the terminals hold it. The window lengths are the
backend's settings, copied into ``server_meta`` at start-up (``store_policy``) because the
appliers only see a connection.

**Returns.** A till records a return as a ``web_order.returned`` fact (applied by
``sync.server.facts.returns`` with the rules here: ``left_to_return``, ``review_reasons``):
its refund receipt (a ``pos_order`` of kind ``return`` under the same id, exactly once: the
order id and the receipt number are unique), a ``web_order_return`` with its lines, the goods
back into the returning store's stock (``return`` movements), and for what goes back to the
online payment a ``payment_refund`` (``returned_in_store``, at most one per return: a unique
index) for the payment integration to execute. The order is pulled again with its returned
quantities, so other terminals see them.

**Over-return rule.** Two offline stores may take back the same line. The goods are in the
store and the customer has the till's receipt, so a return is never rejected for it: it is
recorded, the quantity beyond what was still returnable is kept as ``over_milli``, and the
return is marked for review (``review``) with a ``web_return_review`` staff task for the
returning store; its online refund is recorded ``held`` instead of ``pending`` so no money
leaves before staff looked. The same applies to a return the backend would not have allowed
(outside the window or a non-returnable item without a manager's override, an order not in
a returnable state, an online refund of an order not paid online).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, func, select, update

from sync.protocol import HandoverDetail, WebOrderData, WebOrderLine
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.db import insert_ignore, write_tx
from sync.server.schema import (
    payment_refund,
    pickup_event,
    pos_order,
    server_meta,
    store,
    web_order,
    web_order_return,
    web_order_return_line,
)

if TYPE_CHECKING:
    from sync.server.context import ServerContext
    from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)

COLLECTION = "web_order"
RETURNABLE_STATES = frozenset({"collected", "delivered"})
REFUND_METHODS = ("online_payment", "store_credit", "exchange")
OVERRIDE_ACTION = "web_return.override"
REVIEW_TASK = "web_return_review"
_WINDOW_KEY = "return_window_days"
_OVERRIDE_KEY = "return_override_days"
_CHUNK = 500


# -- the policy -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReturnPolicy:
    window_days: int = 30
    override_days: int = 14


def store_policy(conn: Connection, settings: ServerSettings) -> None:
    """Record the configured return window in ``server_meta`` (at start-up)."""
    for key, value in (
        (_WINDOW_KEY, settings.return_window_days),
        (_OVERRIDE_KEY, settings.return_override_days),
    ):
        if not insert_ignore(conn, server_meta, {"key": key, "value": str(value)}):
            conn.execute(
                update(server_meta).where(server_meta.c.key == key).values(value=str(value))
            )


def read_policy(conn: Connection) -> ReturnPolicy:
    """The return window as last configured (the defaults when never stored)."""
    stored: dict[str, str] = {
        str(key): str(value)
        for key, value in conn.execute(
            select(server_meta.c.key, server_meta.c.value).where(
                server_meta.c.key.in_([_WINDOW_KEY, _OVERRIDE_KEY])
            )
        ).all()
    }
    default = ReturnPolicy()
    return ReturnPolicy(
        window_days=int(stored.get(_WINDOW_KEY, default.window_days)),
        override_days=int(stored.get(_OVERRIDE_KEY, default.override_days)),
    )


# -- listing ----------------------------------------------------------------------------------


def open_window(conn: Connection, order_id: str, at: datetime) -> None:
    """The order was collected or delivered at ``at``: its return window starts."""
    policy = read_policy(conn)
    conn.execute(
        update(web_order)
        .where(web_order.c.id == order_id)
        .values(returnable_from=at, return_by=at + timedelta(days=policy.window_days))
    )


def emit(conn: Connection, changes: ChangeBuffer, order_id: str, now: datetime) -> None:
    """Send the order to every terminal while it may be returned (window plus override
    period), or take it back from them once it may not."""
    row = conn.execute(select(web_order).where(web_order.c.id == order_id)).one()
    if row.returnable_from is None or row.return_by is None:
        return
    policy = read_policy(conn)
    if now <= row.return_by + timedelta(days=policy.override_days):
        changes.upsert(GLOBAL, COLLECTION, row.id, web_order_records(conn, [row])[0])
        listed = True
    elif row.returns_listed:
        changes.delete(GLOBAL, COLLECTION, row.id)
        listed = False
    else:
        return
    if bool(row.returns_listed) != listed:
        conn.execute(
            update(web_order).where(web_order.c.id == row.id).values(returns_listed=listed)
        )


def expire_listings(conn: Connection, changes: ChangeBuffer, now: datetime) -> int:
    """Take orders past their window and override period back from the terminals (a delete
    each); returns how many. Run periodically (``sync.server.app``)."""
    policy = read_policy(conn)
    cutoff = now - timedelta(days=policy.override_days)
    rows = conn.execute(
        select(web_order.c.id).where(
            web_order.c.returns_listed.is_(True), web_order.c.return_by < cutoff
        )
    ).all()
    ids = [str(r[0]) for r in rows]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(
            update(web_order).where(web_order.c.id.in_(chunk)).values(returns_listed=False)
        )
        for order_id in chunk:
            changes.delete(GLOBAL, COLLECTION, order_id)
    return len(ids)


def expire(ctx: ServerContext) -> int:
    """``expire_listings`` in a transaction of its own (the backend's hourly housekeeping)."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        expired = expire_listings(conn, changes, now)
        changes.flush(conn, now)
    if expired:
        log.info("%d web orders are past their return window", expired)
    return expired


def snapshot_items(conn: Connection, after: str | None, limit: int) -> list[dict[str, Any]]:
    """A keyset page of the listed orders for ``/snapshot/web_order``."""
    stmt = select(web_order).where(web_order.c.returns_listed.is_(True))
    if after is not None:
        stmt = stmt.where(web_order.c.id > after)
    rows = conn.execute(stmt.order_by(web_order.c.id).limit(limit)).all()
    return [
        {"key": row.id, "data": data}
        for row, data in zip(rows, web_order_records(conn, rows), strict=True)
    ]


def _taken(conn: Connection, rows: Sequence[Any]) -> dict[str, dict[str, int]]:
    """Per order and SKU, what the customer took: ordered less what was refused at pickup."""
    taken = {
        row.id: {line["sku"]: int(line["qty_milli"]) for line in json.loads(row.lines_json or "[]")}
        for row in rows
    }
    pickups = [row.id for row in rows if row.fulfilment == "pickup"]
    for start in range(0, len(pickups), _CHUNK):
        for event in conn.execute(
            select(pickup_event.c.order_id, pickup_event.c.detail_json).where(
                pickup_event.c.order_id.in_(pickups[start : start + _CHUNK]),
                pickup_event.c.to_state == "collected",
                pickup_event.c.outcome == "applied",
            )
        ):
            try:
                detail = HandoverDetail.model_validate(json.loads(event.detail_json or "{}"))
            except (ValidationError, ValueError):
                continue  # applied handovers were parsed before; nothing sensible to take
            refused = detail.refused()
            lines = taken[event.order_id]
            for sku, part in refused.items():
                if sku in lines:
                    lines[sku] -= lines[sku] if part is None else min(part, lines[sku])
    return taken


def _returned(
    conn: Connection, order_ids: list[str]
) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """(order -> SKU -> returned qty, order -> [return ids]) as stored."""
    per_sku: dict[str, dict[str, int]] = {order_id: {} for order_id in order_ids}
    return_ids: dict[str, list[str]] = {order_id: [] for order_id in order_ids}
    for start in range(0, len(order_ids), _CHUNK):
        chunk = order_ids[start : start + _CHUNK]
        for r in conn.execute(
            select(
                web_order_return_line.c.web_order_id,
                web_order_return_line.c.sku,
                func.sum(web_order_return_line.c.qty_milli),
            )
            .where(web_order_return_line.c.web_order_id.in_(chunk))
            .group_by(web_order_return_line.c.web_order_id, web_order_return_line.c.sku)
        ):
            per_sku[str(r[0])][str(r[1])] = int(r[2])
        for r in conn.execute(
            select(web_order_return.c.web_order_id, web_order_return.c.id)
            .where(web_order_return.c.web_order_id.in_(chunk))
            .order_by(web_order_return.c.id)
        ):
            return_ids[str(r[0])].append(str(r[1]))
    return per_sku, return_ids


def _payment_method(row: Any) -> str:
    """``in_store`` when a till took the money (an endless-aisle sale, an order paid at its
    pickup), so nothing can go back to an online payment."""
    if row._mapping.get("origin_receipt_no"):
        return "in_store"
    return str(row.payment_method)


def web_order_records(conn: Connection, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Returnable orders as terminals receive them (``WebOrderData``), a few queries for all."""
    if not rows:
        return []
    ids = [row.id for row in rows]
    taken = _taken(conn, rows)
    returned, return_ids = _returned(conn, ids)
    store_ids = {row.store_id for row in rows if row.store_id is not None}
    codes: dict[str, str] = (
        {
            str(k): str(v)
            for k, v in conn.execute(
                select(store.c.id, store.c.code).where(store.c.id.in_(store_ids))
            ).all()
        }
        if store_ids
        else {}
    )
    refunded: dict[str, int] = {order_id: 0 for order_id in ids}
    for start in range(0, len(ids), _CHUNK):
        for r in conn.execute(
            select(payment_refund.c.web_order_id, func.sum(payment_refund.c.amount_minor))
            .where(payment_refund.c.web_order_id.in_(ids[start : start + _CHUNK]))
            .group_by(payment_refund.c.web_order_id)
        ):
            refunded[str(r[0])] = int(r[1] or 0)
    records = []
    for row in rows:
        lines = [
            WebOrderLine(
                product_id=str(line["product_id"]),
                sku=str(line["sku"]),
                name=str(line["name"]),
                qty_milli=taken[row.id].get(line["sku"], int(line["qty_milli"])),
                unit_price_minor=int(line["unit_price_minor"]),
                returned_milli=returned[row.id].get(line["sku"], 0),
                returnable=bool(line.get("returnable", True)),
            )
            for line in json.loads(row.lines_json or "[]")
        ]
        records.append(
            WebOrderData(
                id=row.id,
                number=row.number,
                fulfilment=row.fulfilment,
                store_code=codes.get(row.store_id, "") if row.store_id else "",
                state=row.state,
                customer_name=row.customer_name,
                phone=row.phone,
                pickup_code=row.pickup_code,
                paid=bool(row.paid),
                payment_method=_payment_method(row),
                currency=row.currency,
                total_minor=int(row.total_minor),
                refunded_minor=refunded[row.id],
                lines=lines,
                returnable_from=row.returnable_from,
                return_by=row.return_by,
                return_ids=return_ids[row.id],
                version=int(row.version) + len(return_ids[row.id]),
            ).model_dump(mode="json")
        )
    return records


# -- the admin view ---------------------------------------------------------------------------


class StoreReturnLineOut(BaseModel):
    sku: str
    qty_milli: int
    amount_minor: int
    over_milli: int  # beyond what was still returnable when it arrived (over-return)


class StoreReturnOut(BaseModel):
    """A return of the order in a store, as ``GET /api/v1/orders/{number}`` shows it."""

    id: str
    receipt_no: str  # the till's refund receipt (GET /api/v1/pos-orders/{receipt_no})
    store: str
    terminal_id: str
    refund_method: str  # online_payment | store_credit | exchange
    amount_minor: int
    online_refund_minor: int  # of it, owed to the online payment (see ``refunds``)
    currency: str
    review: list[str]  # why staff must look at it (a web_return_review staff task); [] if not
    override: dict[str, Any] | None  # the manager's approval, when one was needed
    lines: list[StoreReturnLineOut]
    occurred_at: datetime
    received_at: datetime


def attach_returns(conn: Connection, views: list[dict[str, Any]], rows: Sequence[Any]) -> None:
    """Add to the admin views of ``rows`` how each order was paid, its return window, its
    returns in stores (``returns``, ``returned_minor``) and per line what came back
    (``returned_milli``)."""
    if not views:
        return
    by_id = {view["id"]: view for view in views}
    for row in rows:
        by_id[row.id] |= {
            "payment_method": _payment_method(row),
            "returnable_from": row.returnable_from,
            "return_by": row.return_by,
            "returns": [],
            "returned_minor": 0,
        }
    ids = list(by_id)
    heads: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        for r in conn.execute(
            select(web_order_return, store.c.code, pos_order.c.total_minor)
            .join(store, store.c.id == web_order_return.c.store_id)
            .join(pos_order, pos_order.c.id == web_order_return.c.id)
            .where(web_order_return.c.web_order_id.in_(ids[start : start + _CHUNK]))
            .order_by(web_order_return.c.occurred_at, web_order_return.c.id)
        ):
            head = {
                "id": r.id,
                "receipt_no": r.receipt_no,
                "store": r.code,
                "terminal_id": r.terminal_id,
                "refund_method": r.refund_method,
                "amount_minor": int(r.amount_minor),
                "online_refund_minor": int(r.online_refund_minor),
                "currency": r.currency,
                "review": [part for part in str(r.review).split(",") if part],
                "override": json.loads(r.override_json or "null"),
                "lines": [],
                "occurred_at": r.occurred_at,
                "received_at": r.received_at,
            }
            heads[r.id] = head
            by_id[r.web_order_id]["returns"].append(head)
            by_id[r.web_order_id]["returned_minor"] += head["amount_minor"]
    returned: dict[tuple[str, str], int] = {}
    head_ids = list(heads)
    for start in range(0, len(head_ids), _CHUNK):
        for line in conn.execute(
            select(web_order_return_line)
            .where(web_order_return_line.c.return_id.in_(head_ids[start : start + _CHUNK]))
            .order_by(web_order_return_line.c.sku)
        ):
            heads[line.return_id]["lines"].append(
                {
                    "sku": line.sku,
                    "qty_milli": int(line.qty_milli),
                    "amount_minor": int(line.amount_minor),
                    "over_milli": int(line.over_milli),
                }
            )
            key = (line.web_order_id, line.sku)
            returned[key] = returned.get(key, 0) + int(line.qty_milli)
    for view in views:
        for line in view.get("lines") or []:
            line["returned_milli"] = returned.get((view["id"], line["sku"]), 0)


# -- the rules of a return in a store (applied by sync.server.facts.returns) ---------------


def left_to_return(conn: Connection, row: Any) -> dict[str, int]:
    """Per SKU, what of the web order ``row`` may still come back: what the customer took
    less what stores took back so far."""
    taken = _taken(conn, [row])[row.id]
    returned, _ids = _returned(conn, [row.id])
    return {sku: qty - returned[row.id].get(sku, 0) for sku, qty in taken.items()}


def review_reasons(
    row: Any,
    lines: list[dict[str, Any]],
    ordered: dict[str, dict[str, Any]],
    left: dict[str, int],
    *,
    override: bool,
    occurred_at: datetime,
    online_minor: int,
    currency: str,
) -> list[str]:
    """Why staff must look at this return (empty: nothing to see)."""
    reasons: list[str] = []
    if row.state not in RETURNABLE_STATES:
        reasons.append("not_returnable_state")
    if any(line["qty_milli"] > left.get(line["sku"], 0) for line in lines):
        reasons.append("over_return")
    if not override:
        if row.return_by is None or occurred_at > row.return_by:
            reasons.append("outside_window")
        if any(not ordered[line["sku"]].get("returnable", True) for line in lines):
            reasons.append("non_returnable")
    if online_minor and (not row.paid or _payment_method(row) != "online"):
        reasons.append("not_paid_online")
    if currency != row.currency:
        reasons.append("currency")
    return reasons
