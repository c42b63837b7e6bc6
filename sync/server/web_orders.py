"""Web-shop orders: pricing, numbering, stock reservations and the pickup state machine.

A pickup order reserves its goods at the chosen store (available drops at once) and is sent
to that store's terminals as a ``pickup_order`` change. Its state moves
placed -> prepared -> ready -> collected, or from any open state to cancelled; a transition
applies only if the state it expects still holds, else ``state_conflict`` and a staff task
(docs/sync-protocol.md "Conflict rules", pickup orders). Collected and cancelled release the
reservations; collected also takes the goods out of the store's stock with ``sale`` movements.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Integer, Table, Text, cast, insert, select, update

from sync.protocol import HandoverDetail, PickupLine, PickupTransition
from sync.protocol.arithmetic import line_total as line_total
from sync.protocol.limits import line_quantity_problem, line_total_problem, sale_total_problem
from sync.server import returns, stock
from sync.server.changes import ChangeBuffer
from sync.server.customers import find_or_create_customer, survivor_of
from sync.server.db import insert_ignore
from sync.server.errors import Rejected, ServerError
from sync.server.ids import new_id
from sync.server.refunds import refusal_refund
from sync.server.schema import (
    customer,
    pickup_event,
    product,
    reservation,
    server_meta,
    staff_task,
    stock_movement,
    store,
    web_order,
)
from sync.server.web_order_views import emit_order as emit_order
from sync.server.web_order_views import order_view as order_view
from sync.server.web_order_views import order_views as order_views
from sync.server.web_order_views import pickup_order_data as pickup_order_data

STATES = ("placed", "prepared", "ready", "collected", "cancelled", "delivered")
FINAL = frozenset({"collected", "cancelled", "delivered"})
_NEXT = {"placed": "prepared", "prepared": "ready", "ready": "collected"}
_COUNTER_KEY = "web_order_number"


def transition_allowed(from_state: str, to_state: str, fulfilment: str = "pickup") -> bool:
    """placed -> prepared -> ready -> collected; any open state -> cancelled; a delivery
    order goes ready -> delivered (the carrier handed it over; returns.py)."""
    if to_state == "delivered":
        return fulfilment == "delivery" and from_state == "ready"
    if to_state == "cancelled":
        return from_state in STATES and from_state not in FINAL
    return _NEXT.get(from_state) == to_state


def next_order_number(conn: Connection) -> str:
    """``W-000123``: gap-free. The counter row stays locked until commit, so concurrent
    orders take numbers one after the other, and a rolled-back order gives its number back."""
    insert_ignore(conn, server_meta, {"key": _COUNTER_KEY, "value": "0"})
    value: Any = conn.execute(
        update(server_meta)
        .where(server_meta.c.key == _COUNTER_KEY)
        .values(value=cast(cast(server_meta.c.value, Integer) + 1, Text))
        .returning(server_meta.c.value)
    ).scalar_one()
    return f"W-{int(value):06d}"


def _check_limits(priced: list[dict[str, Any]]) -> None:
    """A web order within the limits of every sale (``sync.protocol.limits``), or a 422 naming the
    SKU and the amount (lines of one SKU are added together first)."""
    for li in priced:
        problem = line_quantity_problem(li["qty_milli"]) or line_total_problem(
            line_total(li["unit_price_minor"], li["qty_milli"])
        )
        if problem is not None:
            raise ServerError(422, "amount_out_of_range", f"{li['sku']}: {problem}")
    total = sum(line_total(li["unit_price_minor"], li["qty_milli"]) for li in priced)
    problem = sale_total_problem(total)
    if problem is not None:
        raise ServerError(422, "amount_out_of_range", f"the order's total: {problem}")


@dataclass(frozen=True, slots=True)
class OrderLineIn:
    sku: str
    qty_milli: int


@dataclass(frozen=True, slots=True)
class CustomerIn:
    name: str
    phone: str = ""
    email: str = ""


def _available(conn: Connection, store_id: str, product_id: str, buffer: int) -> int:
    """On hand - reserved - buffer; exact when the caller holds the product's stock lock."""
    on_hand = stock.compute_on_hand(conn, store_id, product_id)
    reserved = stock.compute_reserved(conn, store_id, product_id)
    return on_hand - reserved - buffer


def create_order(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    fulfilment: str,
    store_code: str | None,
    customer_in: CustomerIn | None,
    customer_id: str | None,
    lines: list[OrderLineIn],
    paid: bool,
    delivery_address: str = "",
    pickup_by: datetime | None = None,
    now: datetime,
    paid_totals: dict[str, int] | None = None,
    origin_receipt_no: str | None = None,
    touched: set[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Price, number and store a web order; a pickup order reserves its goods at the store.

    ``paid_totals`` (SKU -> amount) and ``origin_receipt_no``: the order was paid by a store
    sale (endless aisle), at those amounts. Such an order is never refused for stock (the
    customer has paid): a shortage at the pickup store becomes a staff task instead.
    ``touched``: a push batch's stock pairs, which it locks and recomputes when it ends
    (stock locks come last, see ``sync.server.stock``); the reserved pairs go there, and the
    shortage is judged without the lock.
    """
    if fulfilment not in ("pickup", "delivery"):
        raise ServerError(422, "bad_fulfilment", f"fulfilment {fulfilment!r}: pickup or delivery")
    if fulfilment == "pickup" and not store_code:
        raise ServerError(422, "store_required", "a pickup order needs a store")
    if fulfilment == "delivery" and not delivery_address.strip():
        raise ServerError(422, "address_required", "a delivery order needs a delivery_address")
    if not lines:
        raise ServerError(422, "no_lines", "an order needs at least one line")
    store_id: str | None = None
    if store_code:
        found = conn.execute(select(store.c.id).where(store.c.code == store_code)).scalar()
        if found is None:
            raise ServerError(422, "unknown_store", f"no store {store_code!r}")
        store_id = str(found)

    # Quantities per SKU, in the order first given.
    wanted: dict[str, int] = {}
    for line in lines:
        if line.qty_milli <= 0:
            raise ServerError(
                422, "bad_quantity", f"{line.sku}: qty_milli {line.qty_milli} must be above 0"
            )
        wanted[line.sku] = wanted.get(line.sku, 0) + line.qty_milli
    priced: list[dict[str, Any]] = []
    buffers: dict[str, int] = {}
    for sku, qty in wanted.items():
        p = conn.execute(select(product).where(product.c.sku == sku)).first()
        if p is None or not p.active:
            raise ServerError(422, "unknown_sku", f"no product {sku!r} for sale")
        if not p.sold_by_weight and qty % 1000:
            raise ServerError(
                422, "bad_quantity", f"{sku}: qty_milli {qty} is not whole pieces (x1000)"
            )
        buffers[sku] = int(p.safety_buffer_milli)
        priced.append(
            PickupLine(
                product_id=p.id,
                sku=sku,
                name=p.name,
                qty_milli=qty,
                unit_price_minor=(
                    int(p.price_minor)
                    if paid_totals is None
                    else (paid_totals.get(sku, 0) * 1000 + qty // 2) // qty
                ),
            ).model_dump()
            | {"returnable": bool(p.returnable)}  # as the catalog says when ordered
        )
    if paid_totals is None:  # a sale that paid for it was checked when it was applied
        _check_limits(priced)

    name, phone, email = "", "", ""
    if customer_id is not None:
        survivor = survivor_of(conn, customer_id)
        if survivor is None:
            raise ServerError(422, "unknown_customer", f"no customer {customer_id!r}")
        c = conn.execute(select(customer).where(customer.c.id == survivor)).one()
        customer_id, name, phone, email = survivor, c.name, c.phone, c.email
    elif customer_in is not None:
        name, phone, email = customer_in.name, customer_in.phone, customer_in.email
        if phone.strip() or email.strip():
            try:
                customer_id = find_or_create_customer(
                    conn, changes, name=name, phone=phone, email=email, now=now
                )
            except Rejected as exc:
                raise ServerError(422, "bad_customer", exc.reason) from None
    else:
        raise ServerError(422, "customer_required", "give customer or customer_id")
    if not name.strip():
        raise ServerError(422, "customer_required", "the customer needs a name")

    number = next_order_number(conn)
    short: list[dict[str, Any]] = []
    if store_id is not None:
        # After the customer's and the counter's rows (the lock order in sync.server.stock),
        # so two orders cannot both take the last unit.
        if touched is None:
            stock.lock_products(conn, [li["product_id"] for li in priced])
        for li in priced:
            sku, qty = li["sku"], li["qty_milli"]
            available = _available(conn, store_id, li["product_id"], buffers[sku])
            if qty > available and paid_totals is not None:
                short.append({"sku": sku, "qty_milli": qty, "available_milli": max(available, 0)})
            elif qty > available:
                raise ServerError(
                    409,
                    "insufficient_stock",
                    f"{sku}: {qty} requested, {max(available, 0)} available at {store_code}",
                )
    order_id = new_id()
    conn.execute(
        insert(web_order),
        {
            "id": order_id,
            "number": number,
            "fulfilment": fulfilment,
            "store_id": store_id,
            "customer_id": customer_id,
            "customer_name": name.strip(),
            "phone": phone.strip(),
            "email": email.strip(),
            "state": "placed",
            "paid": paid,
            "payment_method": "online" if paid else "in_store",
            "pickup_code": f"{secrets.randbelow(10**6):06d}",
            "currency": "TRY",
            "total_minor": sum(line_total(li["unit_price_minor"], li["qty_milli"]) for li in priced)
            if paid_totals is None
            else sum(paid_totals.get(li["sku"], 0) for li in priced),
            "lines_json": json.dumps(priced, ensure_ascii=False),
            "delivery_address": delivery_address.strip(),
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "pickup_by": pickup_by,
            "origin_receipt_no": origin_receipt_no,
        },
    )
    if short:
        conn.execute(
            insert(staff_task),
            {
                "id": new_id(),
                "store_id": store_id,
                "kind": "endless_aisle_short",
                "detail_json": json.dumps(
                    {"order_id": order_id, "receipt_no": origin_receipt_no, "short": short},
                    ensure_ascii=False,
                ),
                "created_at": now,
            },
        )
    if store_id is not None:
        conn.execute(
            insert(reservation),
            [
                {
                    "id": new_id(),
                    "order_id": order_id,
                    "store_id": store_id,
                    "product_id": li["product_id"],
                    "qty_milli": li["qty_milli"],
                }
                for li in priced
            ],
        )
        reserved = [(store_id, li["product_id"]) for li in priced]
        if touched is None:
            stock.recompute(conn, changes, reserved, now)
        else:
            touched.update(reserved)
    row = conn.execute(select(web_order).where(web_order.c.id == order_id)).one()
    emit_order(conn, changes, row)
    return order_view(conn, row)


def find_order(conn: Connection, number: str, *, lock: bool = False) -> Any:
    """The web order ``number`` (404 when unknown); ``lock``: held until commit (a state
    machine step reads the state it checks under the lock, so two cannot both pass)."""
    query = select(web_order).where(web_order.c.number == number)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise ServerError(404, "unknown_order", f"no order {number!r}")
    return row


def _apply(
    conn: Connection,
    changes: ChangeBuffer,
    row: Any,
    to_state: str,
    *,
    now: datetime,
    occurred_at: datetime,
    terminal_id: str | None,
    detail: HandoverDetail | None,
    touched: set[tuple[str, str]] | None = None,
) -> Any:
    """Move an order whose current state was checked, under its row lock, to ``to_state``;
    ``touched`` as in ``create_order``."""
    refused = detail.refused() if detail is not None and to_state == "collected" else {}
    moved = conn.execute(
        update(web_order)
        .where(web_order.c.id == row.id, web_order.c.state == row.state)
        .values(state=to_state, version=web_order.c.version + 1, updated_at=now)
    )
    if moved.rowcount != 1:  # cannot happen under the row lock; refuse rather than guess
        raise ServerError(409, "state_conflict", f"{row.number}: changed concurrently")
    conn.execute(
        insert(pickup_event),
        {
            "id": new_id(),
            "order_id": row.id,
            "from_state": row.state,
            "to_state": to_state,
            "terminal_id": terminal_id,
            "outcome": "applied",
            "detail_json": json.dumps(
                {} if detail is None else detail.payload(), ensure_ascii=False, default=str
            ),
            "occurred_at": occurred_at,
            "received_at": now,
        },
    )
    if to_state == "collected":
        refusal_refund(conn, row, refused, now=now, terminal_id=terminal_id)
    pairs: list[tuple[str, str]] = []
    if to_state in returns.RETURNABLE_STATES:
        returns.open_window(conn, row.id, occurred_at)
    if to_state in FINAL and row.store_id is not None:
        held: Any = conn.execute(
            select(reservation.c.product_id).where(
                reservation.c.order_id == row.id, reservation.c.released_at.is_(None)
            )
        ).scalars()
        pairs = [(row.store_id, str(pid)) for pid in held]
        conn.execute(
            update(reservation)
            .where(reservation.c.order_id == row.id, reservation.c.released_at.is_(None))
            .values(released_at=now)
        )
        if to_state in returns.RETURNABLE_STATES:
            movements = []
            for line in json.loads(row.lines_json):
                qty = int(line["qty_milli"])
                if line["sku"] in refused:
                    part = refused[line["sku"]]
                    qty = 0 if part is None else max(0, qty - part)
                if qty:
                    movements.append(
                        {
                            "id": new_id(),
                            "store_id": row.store_id,
                            "product_id": line["product_id"],
                            "qty_milli": -qty,
                            "reason": "sale",
                            "source": row.id,
                            "occurred_at": occurred_at,
                            "received_at": now,
                        }
                    )
                    pairs.append((row.store_id, line["product_id"]))
            if movements:
                conn.execute(insert(stock_movement), movements)
        if pairs and touched is not None:
            touched.update(pairs)
        elif pairs:
            stock.recompute(conn, changes, pairs, now)
    updated = conn.execute(select(web_order).where(web_order.c.id == row.id)).one()
    emit_order(conn, changes, updated)
    returns.emit(conn, changes, row.id, now)
    return updated


def transition_order(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    number: str,
    expected_state: str,
    to_state: str,
    now: datetime,
) -> dict[str, Any]:
    """An online-side transition (e.g. cancel); 409 ``state_conflict`` when the order is no
    longer in ``expected_state``."""
    row = find_order(conn, number, lock=True)
    if row.state != expected_state:
        raise ServerError(
            409, "state_conflict", f"{number}: expected {expected_state}, is {row.state}"
        )
    if not transition_allowed(row.state, to_state, row.fulfilment):
        raise ServerError(
            422, "bad_transition", f"{number}: cannot go from {row.state} to {to_state}"
        )
    updated = _apply(
        conn, changes, row, to_state, now=now, occurred_at=now, terminal_id=None, detail=None
    )
    return order_view(conn, updated)


class PickupRejected(Rejected):
    """A refused pickup transition that leaves a trace for staff.

    Push rolls a rejected fact back to its savepoint, which would also undo the
    ``pickup_event`` and ``staff_task`` written here; ``persist`` writes them again (same
    ids, so calling it when nothing was rolled back is harmless).
    """

    def __init__(self, code: str, reason: str, records: Iterable[tuple[Table, dict[str, Any]]]):
        super().__init__(code, reason)
        self.records = list(records)

    def persist(self, conn: Connection) -> None:
        for table, values in self.records:
            insert_ignore(conn, table, values)


def apply_pickup_transition(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    store_id: str,
    terminal_id: str,
    payload: dict[str, Any],
    occurred_at: datetime,
    now: datetime,
    touched: set[tuple[str, str]] | None = None,
) -> None:
    """``till_transition`` of a ``pickup.transition`` payload not validated yet (decoded
    JSON): ``Rejected("bad_payload")`` naming the field when it breaks the fact's rules."""
    try:
        fact = PickupTransition.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in exc.errors()
        )
        raise Rejected("bad_payload", f"pickup transition: {problems}") from None
    till_transition(
        conn,
        changes,
        fact,
        store_id=store_id,
        terminal_id=terminal_id,
        occurred_at=occurred_at,
        now=now,
        touched=touched,
    )


def till_transition(
    conn: Connection,
    changes: ChangeBuffer,
    fact: PickupTransition,
    *,
    store_id: str,
    terminal_id: str,
    occurred_at: datetime,
    now: datetime,
    touched: set[tuple[str, str]] | None = None,
) -> None:
    """Apply a ``pickup.transition`` fact from a terminal of ``store_id``; ``touched`` (a
    push batch's) as in ``create_order``.

    Applies when the order is this store's and still in ``fact.from_state``; otherwise
    records the conflict and a staff task and raises ``PickupRejected("state_conflict")``.
    """
    order_id, from_state, to_state = fact.order_id, fact.from_state, fact.to_state
    detail = fact.detail
    detail_json = {} if detail is None else detail.payload()
    # Locked until the batch commits: two tills handing over one order at once are checked
    # one after the other, so the second sees the first's state and gets its state_conflict
    # (unlocked, on PostgreSQL both saw "ready" and the second's update found no row).
    row = conn.execute(
        select(web_order).where(web_order.c.id == order_id).with_for_update()
    ).first()
    if row is None:
        raise Rejected("unknown_order", f"no web order {order_id}")
    if row.store_id == store_id and row.state == from_state:
        if transition_allowed(from_state, to_state):
            _apply(
                conn,
                changes,
                row,
                to_state,
                now=now,
                occurred_at=occurred_at,
                terminal_id=terminal_id,
                detail=detail,
                touched=touched,
            )
            return
        code, reason = "bad_transition", f"{row.number}: cannot go from {from_state} to {to_state}"
    elif row.store_id != store_id:
        code = "state_conflict"
        reason = f"{row.number}: belongs to another store, not this terminal's"
    else:
        code, reason = "state_conflict", f"{row.number}: expected {from_state}, is {row.state}"
    task_detail = {
        "order_id": row.id,
        "number": row.number,
        "expected_state": from_state,
        "actual_state": row.state,
        "to_state": to_state,
        "terminal_id": terminal_id,
        "reason": reason,
        "detail": detail_json,
    }
    records: list[tuple[Table, dict[str, Any]]] = [
        (
            pickup_event,
            {
                "id": new_id(),
                "order_id": row.id,
                "from_state": from_state[:16],
                "to_state": to_state[:16],
                "terminal_id": terminal_id,
                "outcome": code,
                "detail_json": json.dumps(task_detail, ensure_ascii=False, default=str),
                "occurred_at": occurred_at,
                "received_at": now,
            },
        ),
        (
            staff_task,
            {
                "id": new_id(),
                # The task goes to the store whose terminal hit the conflict.
                "store_id": store_id,
                "kind": code,
                "detail_json": json.dumps(task_detail, ensure_ascii=False, default=str),
                "created_at": now,
            },
        ),
    ]
    rejected = PickupRejected(code, reason, records)
    rejected.persist(conn)
    raise rejected
