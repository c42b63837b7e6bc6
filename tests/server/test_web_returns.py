"""Web orders returned in stores on the backend (sync.server.returns), on SQLite and on
PostgreSQL: which orders the terminals receive and for how long, the ``web_order.returned``
fact (return recorded, stock back at the returning store, a pending online refund, exactly
once on replay), the over-return rule, and the order's view in the admin API."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from sync.protocol import WebOrderData
from sync.server import returns
from sync.server.db import write_tx
from sync.server.schema import (
    change,
    dead_letter,
    payment_refund,
    pos_order,
    product,
    staff_task,
    stock_movement,
    web_order,
    web_order_return,
    web_order_return_line,
)
from sync.server.web_orders import line_total
from tests.server.conftest import Backend, Terminal, make_backend
from tests.server.test_sync_push import make_mutation, push, statuses
from tests.server.test_web_orders import API, level, place, transition

COLA, PEYNIR, SABUN = 2550, 18990, 4990
_receipts = itertools.count(1)


@pytest.fixture
def shop(backend: Backend) -> tuple[Backend, Terminal, Terminal]:
    """Stores S01 (stock, pickups) and S02, cola, cheese by weight and a soap that is not
    returnable; a terminal at each store."""
    backend.store("S01")
    backend.store("S02", "Beşiktaş")
    backend.products(
        [
            {"sku": "COLA", "name": "Kola", "price_minor": COLA, "vat_rate": 20},
            {
                "sku": "PEYNIR",
                "name": "Peynir",
                "price_minor": PEYNIR,
                "vat_rate": 10,
                "sold_by_weight": True,
            },
            {
                "sku": "SABUN",
                "name": "Sabun",
                "price_minor": SABUN,
                "vat_rate": 20,
                "returnable": False,
            },
        ]
    )
    for sku, qty in (("COLA", 10000), ("PEYNIR", 5000), ("SABUN", 10000)):
        r = backend.client.post(
            f"{API}/stock/movements",
            headers=backend.admin,
            json={"store": "S01", "sku": sku, "qty_milli": qty, "reason": "receive"},
        )
        assert r.status_code == 201, r.text
    return backend, backend.enrol("S01"), backend.enrol("S02")


LINES = [
    {"sku": "COLA", "qty_milli": 3000},
    {"sku": "PEYNIR", "qty_milli": 750},
    {"sku": "SABUN", "qty_milli": 1000},
]


def collected(b: Backend, **order: Any) -> dict[str, Any]:
    """A pickup order of S01, collected."""
    placed = place(b, lines=LINES, **order)
    for before, after in (("placed", "prepared"), ("prepared", "ready"), ("ready", "collected")):
        transition(b, placed["number"], before, after)
    return view(b, placed["number"])


def view(b: Backend, number: str) -> dict[str, Any]:
    r = b.client.get(f"{API}/orders/{number}", headers=b.admin)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def product_ids(b: Backend) -> dict[str, str]:
    with b.engine.connect() as conn:
        return {str(r.sku): str(r.id) for r in conn.execute(select(product.c.sku, product.c.id))}


def return_payload(
    b: Backend,
    t: Terminal,
    order: dict[str, Any],
    lines: dict[str, int],
    *,
    method: str = "online_payment",
    completed_at: datetime | None = None,
    override: dict[str, Any] | None = None,
    return_id: str | None = None,
) -> dict[str, Any]:
    """A ``web_order.returned`` payload as a till writes it (services.web_returns)."""
    ids = product_ids(b)
    prices = {line["sku"]: line["unit_price_minor"] for line in order["lines"]}
    amounts = {sku: line_total(prices[sku], qty) for sku, qty in lines.items()}
    refund = sum(amounts.values())
    when = completed_at or b.ctx.clock()
    local_no = next(_receipts)
    tender_kind = "store_credit" if method == "store_credit" else "online_payment"
    return {
        "order_id": return_id or str(uuid.uuid4()),
        "receipt_no": f"{t.store_code}-{t.terminal_code}-{local_no:06d}",
        "receipt_token": None,
        "kind": "return",
        "store_code": t.store_code,
        "terminal_code": t.terminal_code,
        "shift_id": None,
        "currency": "TRY",
        "language": "tr",
        "total_minor": -refund,
        "tax_minor": 0,
        "business_date": when.date().isoformat(),
        "completed_at": when.isoformat(),
        "original_order_id": None,
        "exchange_id": None,
        "lines": [
            {"product_id": ids[sku], "sku": sku, "qty_milli": -qty, "total_minor": -amounts[sku]}
            for sku, qty in lines.items()
        ],
        "tenders": [{"kind": tender_kind, "amount_minor": -refund}] if refund else [],
        "stock_movements": [
            {"id": str(uuid.uuid4()), "product_id": ids[sku], "qty_milli": qty, "reason": "return"}
            for sku, qty in lines.items()
        ],
        "web_return": {
            "order_id": order["id"],
            "number": order["number"],
            "refund_method": method,
            "lines": [
                {"sku": sku, "qty_milli": qty, "amount_minor": amounts[sku]}
                for sku, qty in lines.items()
            ],
            "override": override,
        },
    }


def returned(seq: int, payload: dict[str, Any]) -> dict[str, Any]:
    when = datetime.fromisoformat(payload["completed_at"])
    return make_mutation(seq, "web_order.returned", payload, occurred_at=when)


def count(b: Backend, table: Any, *where: Any) -> int:
    with b.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def changes_of(b: Backend, key: str) -> list[tuple[str, dict[str, Any] | None]]:
    """(op, data) of the ``web_order`` changes of order ``key``, oldest first."""
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(change.c.scope, change.c.op, change.c.data_json)
            .where(change.c.collection == "web_order", change.c.key == key)
            .order_by(change.c.seq)
        ).all()
    assert {r.scope for r in rows} <= {"global"}
    return [(r.op, None if r.data_json is None else json.loads(r.data_json)) for r in rows]


MANAGER = {
    "action": "web_return.override",
    "approver_id": "u-manager",
    "approver_name": "Zeynep",
    "approver_role": "manager",
    "at": "2026-11-26T10:00:00+00:00",
    "detail": "",
}


# -- listing ------------------------------------------------------------------------------------


def test_a_collected_pickup_reaches_every_terminal_with_its_return_window(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, s02 = shop
    placed = place(b, lines=LINES)
    assert changes_of(b, placed["id"]) == []  # not returnable before it is collected
    order = collected(b)
    ops = changes_of(b, order["id"])
    assert [op for op, _ in ops] == ["upsert"]
    data = WebOrderData.model_validate(ops[0][1])
    assert (data.number, data.state, data.store_code, data.payment_method) == (
        order["number"],
        "collected",
        "S01",
        "online",
    )
    assert data.return_by - data.returnable_from == timedelta(days=30)
    assert [(li.sku, li.qty_milli, li.returnable) for li in data.lines] == [
        ("COLA", 3000, True),
        ("PEYNIR", 750, True),
        ("SABUN", 1000, False),
    ]
    # The S02 terminal pulls it (global scope) and its snapshot lists it.
    r = b.client.get("/sync/v1/pull", headers=s02.headers)
    assert order["id"] in {c["key"] for c in r.json()["changes"] if c["collection"] == "web_order"}
    snap = b.client.get("/sync/v1/snapshot/web_order", headers=s02.headers)
    assert snap.status_code == 200, snap.text
    assert [item["key"] for item in snap.json()["items"]] == [order["id"]]
    got = view(b, order["number"])
    assert got["returnable_from"] is not None and got["payment_method"] == "online"
    assert [li["returnable"] for li in got["lines"]] == [True, True, False]


def test_a_delivery_order_becomes_returnable_once_delivered(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, _s02 = shop
    order = place(
        b, fulfilment="delivery", store=None, delivery_address="Moda Cad. 1, Kadıköy", paid=True
    )
    transition(b, order["number"], "placed", "prepared")
    transition(b, order["number"], "prepared", "delivered", status=422)  # not before ready
    transition(b, order["number"], "prepared", "ready")
    assert changes_of(b, order["id"]) == []
    done = transition(b, order["number"], "ready", "delivered")
    assert done["state"] == "delivered" and done["return_by"] is not None
    data = WebOrderData.model_validate(changes_of(b, order["id"])[-1][1])
    assert (data.fulfilment, data.state, data.store_code) == ("delivery", "delivered", "")
    transition(b, order["number"], "delivered", "cancelled", status=422)
    # A pickup order is collected, never delivered: its machine is unchanged.
    pickup = place(b, lines=LINES)
    transition(b, pickup["number"], "placed", "prepared")
    transition(b, pickup["number"], "prepared", "ready")
    transition(b, pickup["number"], "ready", "delivered", status=422)


def test_unpaid_orders_are_paid_in_store_and_offer_no_online_refund(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, _s02 = shop
    order = collected(b, paid=False)
    data = WebOrderData.model_validate(changes_of(b, order["id"])[-1][1])
    assert (data.paid, data.payment_method) == (False, "in_store")


def test_orders_leave_the_terminals_after_window_and_override_period(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, s02 = shop
    order = collected(b)
    start = b.ctx.clock()
    b.ctx.clock = lambda: start + timedelta(days=30 + 13)  # inside the override period
    assert returns.expire(b.ctx) == 0
    b.ctx.clock = lambda: start + timedelta(days=30 + 15)
    assert returns.expire(b.ctx) == 1
    assert [op for op, _ in changes_of(b, order["id"])] == ["upsert", "delete"]
    assert returns.expire(b.ctx) == 0  # once
    snap = b.client.get("/sync/v1/snapshot/web_order", headers=s02.headers)
    assert snap.json()["items"] == []


def test_the_window_is_the_backends_setting(database_url: str, tmp_path: Path) -> None:
    b = make_backend(database_url, tmp_path, return_window_days=14, return_override_days=0)
    with b.client:
        b.store("S01")
        b.products([{"sku": "COLA", "name": "Kola", "price_minor": COLA, "vat_rate": 20}])
        r = b.client.post(
            f"{API}/stock/movements",
            headers=b.admin,
            json={"store": "S01", "sku": "COLA", "qty_milli": 5000, "reason": "receive"},
        )
        assert r.status_code == 201, r.text
        order = place(b, lines=[{"sku": "COLA", "qty_milli": 1000}])
        for before, after in (("placed", "prepared"), ("prepared", "ready")):
            transition(b, order["number"], before, after)
        done = transition(b, order["number"], "ready", "collected")
        start = datetime.fromisoformat(done["returnable_from"])
        assert datetime.fromisoformat(done["return_by"]) - start == timedelta(days=14)
        b.ctx.clock = lambda: start + timedelta(days=14, minutes=1)  # no override period
        assert returns.expire(b.ctx) == 1
    b.engine.dispose()


# -- the fact -----------------------------------------------------------------------------------


def test_a_return_in_another_store_is_recorded_with_stock_and_a_pending_online_refund(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, s02 = shop
    order = collected(b)
    payload = return_payload(b, s02, order, {"COLA": 2000, "PEYNIR": 750})
    assert statuses(push(b.client, s02, [returned(1, payload)])) == ["applied"]

    cola_refund = line_total(COLA, 3000) - line_total(COLA, 1000)
    cheese_refund = line_total(PEYNIR, 750)
    got = view(b, order["number"])
    assert [
        (r["store"], r["receipt_no"], r["refund_method"], r["amount_minor"], r["review"])
        for r in got["returns"]
    ] == [("S02", payload["receipt_no"], "online_payment", cola_refund + cheese_refund, [])]
    assert [
        (li["sku"], li["qty_milli"], li["over_milli"]) for li in got["returns"][0]["lines"]
    ] == [
        ("COLA", 2000, 0),
        ("PEYNIR", 750, 0),
    ]
    assert [li["returned_milli"] for li in got["lines"]] == [2000, 750, 0]
    assert got["returned_minor"] == cola_refund + cheese_refund
    refunds = [r for r in got["refunds"] if r["reason"] == "returned_in_store"]
    assert [(r["amount_minor"], r["state"]) for r in refunds] == [
        (cola_refund + cheese_refund, "pending")
    ]
    # The goods are back at S02, the returning store (S01 gave them out at the pickup).
    assert level(b, "COLA", "S02")["on_hand_milli"] == 2000
    assert level(b, "PEYNIR", "S02")["on_hand_milli"] == 750
    assert level(b, "COLA", "S01")["on_hand_milli"] == 10000 - 3000
    with b.engine.connect() as conn:
        reasons = conn.execute(
            select(stock_movement.c.reason).where(stock_movement.c.source == payload["order_id"])
        ).scalars()
        assert sorted(reasons) == ["return", "return"]
        kind = conn.execute(
            select(pos_order.c.kind).where(pos_order.c.receipt_no == payload["receipt_no"])
        ).scalar_one()
        assert kind == "return"
    # Every terminal is told what came back.
    data = WebOrderData.model_validate(changes_of(b, order["id"])[-1][1])
    assert data.return_ids == [payload["order_id"]]
    assert [li.returned_milli for li in data.lines] == [2000, 750, 0]
    assert data.refunded_minor == cola_refund + cheese_refund


def test_replaying_a_return_applies_it_exactly_once(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, s02 = shop
    order = collected(b)
    mutation = returned(1, return_payload(b, s02, order, {"COLA": 1000}))
    assert statuses(push(b.client, s02, [mutation])) == ["applied"]
    assert statuses(push(b.client, s02, [mutation])) == ["duplicate"]
    # The same fact again under a new stream (a terminal restored from a backup).
    again = dict(mutation, mutation_id=str(uuid.uuid4()), seq=1)
    assert statuses(push(b.client, s02, [again], epoch="epoch-2")) == ["applied"]
    assert count(b, web_order_return) == 1
    assert count(b, web_order_return_line) == 1
    assert count(b, payment_refund, payment_refund.c.reason == "returned_in_store") == 1
    assert count(b, stock_movement, stock_movement.c.reason == "return") == 1
    assert level(b, "COLA", "S02")["on_hand_milli"] == 1000


def test_an_over_return_by_two_offline_stores_is_accepted_held_and_flagged(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, s01, s02 = shop
    order = collected(b)
    first = return_payload(b, s01, order, {"COLA": 3000})
    second = return_payload(b, s02, order, {"COLA": 2000})  # made offline, on stale data
    assert statuses(push(b.client, s01, [returned(1, first)])) == ["applied"]
    assert statuses(push(b.client, s02, [returned(1, second)])) == ["applied"]
    got = view(b, order["number"])
    assert [r["review"] for r in got["returns"]] == [[], ["over_return"]]
    assert got["returns"][1]["lines"][0]["over_milli"] == 2000
    states = [r["state"] for r in got["refunds"] if r["reason"] == "returned_in_store"]
    assert states == ["pending", "held"]  # no money leaves before staff looked
    r = b.client.get(f"{API}/staff-tasks", headers=b.admin)
    tasks = [t for t in r.json()["items"] if t["kind"] == "web_return_review"]
    assert [(t["store"], t["detail"]["reasons"]) for t in tasks] == [("S02", ["over_return"])]
    assert level(b, "COLA", "S02")["on_hand_milli"] == 2000  # the goods are there all the same


def test_store_credit_and_exchange_returns_owe_nothing_online(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, s01, _s02 = shop
    order = collected(b)
    credit = return_payload(b, s01, order, {"COLA": 1000}, method="store_credit")
    assert statuses(push(b.client, s01, [returned(1, credit)])) == ["applied"]
    got = view(b, order["number"])
    assert [(r["refund_method"], r["online_refund_minor"]) for r in got["returns"]] == [
        ("store_credit", 0)
    ]
    assert [r for r in got["refunds"] if r["reason"] == "returned_in_store"] == []


def test_without_a_managers_override_a_late_or_non_returnable_return_is_flagged(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, s01, _s02 = shop
    order = collected(b)
    late = b.ctx.clock() + timedelta(days=31)
    bare = return_payload(b, s01, order, {"SABUN": 1000}, completed_at=late)
    approved = return_payload(
        b, s01, order, {"COLA": 1000}, completed_at=late + timedelta(minutes=5), override=MANAGER
    )
    pushed = push(b.client, s01, [returned(1, bare), returned(2, approved)])
    assert statuses(pushed) == ["applied", "applied"]
    got = view(b, order["number"])
    assert [r["review"] for r in got["returns"]] == [["outside_window", "non_returnable"], []]
    assert got["returns"][1]["override"]["approver_name"] == "Zeynep"


@pytest.mark.parametrize(
    ("change_payload", "code"),
    [
        (lambda p: p["web_return"].update(order_id="no-such-order"), "unknown_order"),
        (lambda p: p["web_return"].update(refund_method="cash"), "invalid_payload"),
        (lambda p: p["web_return"]["lines"][0].update(sku="SU"), "invalid_payload"),
        (lambda p: p["web_return"]["lines"][0].update(qty_milli=0), "invalid_payload"),
        (lambda p: p.update(total_minor=-1), "invalid_payload"),
        (lambda p: p.pop("web_return"), "invalid_payload"),
    ],
)
def test_a_bad_return_is_rejected_and_writes_nothing(
    shop: tuple[Backend, Terminal, Terminal], change_payload: Any, code: str
) -> None:
    b, s01, _s02 = shop
    order = collected(b)
    payload = return_payload(b, s01, order, {"COLA": 1000})
    change_payload(payload)
    result = push(b.client, s01, [returned(1, payload)]).json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", code)
    assert count(b, web_order_return) == 0
    assert count(b, pos_order) == 0
    assert count(b, stock_movement, stock_movement.c.reason == "return") == 0
    assert count(b, payment_refund) == 0
    assert count(b, dead_letter) == 1


def test_goods_refused_at_pickup_cannot_be_returned_again(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, s01, _s02 = shop
    order = place(b, lines=LINES)
    transition(b, order["number"], "placed", "prepared")
    transition(b, order["number"], "prepared", "ready")
    handover = {
        "order_id": order["id"],
        "from_state": "ready",
        "to_state": "collected",
        "detail": {"verified_by": "code", "refused_lines": [{"sku": "COLA", "qty_milli": 1000}]},
    }
    fact = make_mutation(1, "pickup.transition", handover, occurred_at=b.ctx.clock())
    assert statuses(push(b.client, s01, [fact])) == ["applied"]
    data = WebOrderData.model_validate(changes_of(b, order["id"])[-1][1])
    assert next((li.sku, li.qty_milli) for li in data.lines) == ("COLA", 2000)
    payload = return_payload(b, s01, view(b, order["number"]), {"COLA": 3000})
    assert statuses(push(b.client, s01, [returned(2, payload)])) == ["applied"]
    got = view(b, order["number"])
    assert got["returns"][0]["review"] == ["over_return"]
    assert got["returns"][0]["lines"][0]["over_milli"] == 1000


# -- the catalog ---------------------------------------------------------------------------------


def test_returnable_is_a_product_setting_copied_onto_new_orders(
    shop: tuple[Backend, Terminal, Terminal],
) -> None:
    b, _s01, _s02 = shop
    r = b.client.get(f"{API}/products/SABUN", headers=b.admin)
    assert r.json()["returnable"] is False
    body = {"name": "Sabun", "price_minor": SABUN, "vat_rate": 20, "returnable": True}
    r = b.client.put(f"{API}/products/SABUN", headers=b.admin, json=body)
    assert r.status_code == 200 and r.json()["returnable"] is True
    order = place(b, lines=[{"sku": "SABUN", "qty_milli": 1000}])
    assert order["lines"][0]["returnable"] is True
    # A CSV import, which has no such column, keeps the flag.
    with write_tx(b.engine) as conn:
        conn.execute(update(product).where(product.c.sku == "SABUN").values(returnable=False))
    csv = "sku,name,price,vat_rate\nSABUN,Sabun,49.90,20\n"
    r = b.client.post(
        f"{API}/catalog/csv", headers=b.admin | {"Content-Type": "text/csv"}, content=csv
    )
    assert r.status_code == 200, r.text
    assert b.client.get(f"{API}/products/SABUN", headers=b.admin).json()["returnable"] is False
    assert count(b, staff_task) == 0
    assert count(b, web_order, web_order.c.returns_listed.is_(True)) == 0
