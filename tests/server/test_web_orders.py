"""Web orders: reservations, the pickup state machine, conflicts from terminals, and customer
merges."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from sync.protocol import CustomerData, PickupOrderData
from sync.server.changes import ChangeBuffer
from sync.server.customers import apply_customer_upsert, loyalty_balance, normalise_phone
from sync.server.db import write_tx
from sync.server.errors import Rejected
from sync.server.ids import new_id
from sync.server.schema import (
    change,
    customer,
    loyalty_entry,
    payment_refund,
    pickup_event,
    pos_order,
    reservation,
    staff_task,
    stock_movement,
    web_order,
)
from sync.server.web_orders import (
    CustomerIn,
    OrderLineIn,
    PickupRejected,
    apply_pickup_transition,
    create_order,
)
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import T0, make_mutation, order_payload, push, statuses

API = "/api/v1"


@pytest.fixture
def shop(backend: Backend) -> Backend:
    """Store S01 with 5 colas and 2.5 kg of cheese on hand, S02 empty."""
    backend.store("S01")
    backend.store("S02", "Beşiktaş")
    backend.products(
        [
            {"sku": "COLA", "name": "Kola", "price_minor": 2550, "vat_rate": 20},
            {
                "sku": "PEYNIR",
                "name": "Peynir",
                "price_minor": 18990,
                "vat_rate": 10,
                "sold_by_weight": True,
            },
        ]
    )
    for sku, qty in (("COLA", 5000), ("PEYNIR", 2500)):
        r = backend.client.post(
            f"{API}/stock/movements",
            headers=backend.admin,
            json={"store": "S01", "sku": sku, "qty_milli": qty, "reason": "receive"},
        )
        assert r.status_code == 201, r.text
    return backend


def order_body(**extra: Any) -> dict[str, Any]:
    return {
        "fulfilment": "pickup",
        "store": "S01",
        "customer": {"name": "Ayşe Yılmaz", "phone": "0532 111 22 33"},
        "lines": [{"sku": "COLA", "qty_milli": 2000}, {"sku": "PEYNIR", "qty_milli": 750}],
        "paid": True,
    } | extra


def place(b: Backend, status: int = 201, **extra: Any) -> dict[str, Any]:
    r = b.client.post(f"{API}/orders", headers=b.admin, json=order_body(**extra))
    assert r.status_code == status, r.text
    result: dict[str, Any] = r.json()
    return result


def level(b: Backend, sku: str, store: str = "S01") -> dict[str, int]:
    r = b.client.get(f"{API}/stock/{sku}", headers=b.admin)
    assert r.status_code == 200, r.text
    result: dict[str, int] = r.json()["stores"][store]
    return result


def transition(b: Backend, number: str, expected: str, to: str, status: int = 200) -> Any:
    r = b.client.post(
        f"{API}/orders/{number}/transition",
        headers=b.admin,
        json={"expected_state": expected, "to_state": to},
    )
    assert r.status_code == status, r.text
    return r.json()


def pulled(b: Backend, scope: str, collection: str) -> list[dict[str, Any]]:
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(change.c.data_json)
            .where(change.c.scope == scope, change.c.collection == collection)
            .order_by(change.c.seq)
        ).scalars()
        return [json.loads(r) for r in rows]


def count(b: Backend, table: Any, *where: Any) -> int:
    with b.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_pickup_order_reserves_stock(shop: Backend) -> None:
    order = place(shop)
    assert order["number"] == "W-000001" and order["state"] == "placed"
    assert len(order["pickup_code"]) == 6 and order["pickup_code"].isdigit()
    # 2 x 25.50 + 0.750 kg x 189.90 = 51.00 + 142.425 -> 142.43
    assert order["total_minor"] == 5100 + 14243
    assert [(li["sku"], li["unit_price_minor"]) for li in order["lines"]] == [
        ("COLA", 2550),
        ("PEYNIR", 18990),
    ]
    assert level(shop, "COLA") == {
        "on_hand_milli": 5000,
        "reserved_milli": 2000,
        "available_milli": 3000,
    }
    assert level(shop, "PEYNIR")["available_milli"] == 1750

    published = pulled(shop, "store:S01", "pickup_order")
    assert len(published) == 1
    data = PickupOrderData.model_validate(published[0])
    assert data.qr_payload == f"POSPICKUP:W-000001:{order['pickup_code']}"
    assert (data.store_code, data.state, data.paid, data.total_minor) == (
        "S01",
        "placed",
        True,
        order["total_minor"],
    )
    assert [(li.sku, li.qty_milli) for li in data.lines] == [("COLA", 2000), ("PEYNIR", 750)]
    assert pulled(shop, "store:S02", "pickup_order") == []

    second = place(shop, lines=[{"sku": "COLA", "qty_milli": 1000}])
    assert second["number"] == "W-000002"
    assert second["customer_id"] == order["customer_id"]  # same phone: same customer
    listed = shop.client.get(f"{API}/orders", headers=shop.admin, params={"store": "S01"}).json()
    assert [o["number"] for o in listed["items"]] == ["W-000001", "W-000002"]
    got = shop.client.get(f"{API}/orders/W-000002", headers=shop.admin).json()
    assert got["lines"][0]["qty_milli"] == 1000


def test_order_refusals_write_nothing(shop: Backend) -> None:
    before = count(shop, web_order), count(shop, reservation), count(shop, change)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"lines": [{"sku": "COLA", "qty_milli": 6000}]}, 409, "insufficient_stock"),
        ({"lines": [{"sku": "NOPE", "qty_milli": 1000}]}, 422, "unknown_sku"),
        ({"lines": [{"sku": "COLA", "qty_milli": 1500}]}, 422, "bad_quantity"),
        ({"lines": [{"sku": "COLA", "qty_milli": 0}]}, 422, "malformed"),
        ({"lines": [{"sku": "COLA", "qty_milli": -1000}]}, 422, "malformed"),
        ({"lines": []}, 422, "malformed"),
        ({"store": None}, 422, "malformed"),
        ({"store": "S09"}, 422, "unknown_store"),
        ({"customer": None}, 422, "malformed"),
        ({"customer": None, "customer_id": "nobody"}, 422, "unknown_customer"),
        ({"fulfilment": "delivery", "store": None}, 422, "malformed"),
    ]
    for extra, status, code in cases:
        assert place(shop, status, **extra)["error"] == code, extra
    assert (count(shop, web_order), count(shop, reservation), count(shop, change)) == before
    # the two colas over the available are named
    r = shop.client.post(
        f"{API}/orders",
        headers=shop.admin,
        json=order_body(lines=[{"sku": "COLA", "qty_milli": 6000}]),
    )
    assert "COLA" in r.json()["detail"] and "5000 available" in r.json()["detail"]


def test_delivery_order_needs_no_store(shop: Backend) -> None:
    order = place(
        shop,
        fulfilment="delivery",
        store=None,
        delivery_address="Moda Cd. 1, Kadıköy",
        lines=[{"sku": "COLA", "qty_milli": 9000}],
    )
    assert (order["store"], order["total_minor"]) == (None, 9 * 2550)
    assert pulled(shop, "store:S01", "pickup_order") == []
    assert transition(shop, order["number"], "placed", "prepared")["state"] == "prepared"


def test_transitions_state_conflict_and_collect(shop: Backend) -> None:
    number = place(shop)["number"]
    conflict = transition(shop, number, "ready", "collected", 409)
    assert conflict["error"] == "state_conflict"
    assert conflict["detail"] == f"{number}: expected ready, is placed"
    skip = transition(shop, number, "placed", "collected", 422)
    assert skip["error"] == "bad_transition"
    transition(shop, number, "placed", "prepared")
    ready = transition(shop, number, "prepared", "ready")
    assert (ready["state"], ready["version"]) == ("ready", 3)
    collected = transition(shop, number, "ready", "collected")
    assert collected["state"] == "collected"
    # released and taken out of stock
    assert level(shop, "COLA") == {
        "on_hand_milli": 3000,
        "reserved_milli": 0,
        "available_milli": 3000,
    }
    assert count(shop, reservation, reservation.c.released_at.is_(None)) == 0
    assert count(shop, stock_movement, stock_movement.c.reason == "sale") == 2
    assert transition(shop, number, "collected", "cancelled", 422)["error"] == "bad_transition"
    states = [d["state"] for d in pulled(shop, "store:S01", "pickup_order")]
    assert states[-1] == "collected"


def test_cancel_releases_the_reservation(shop: Backend) -> None:
    number = place(shop)["number"]
    assert level(shop, "COLA")["reserved_milli"] == 2000
    transition(shop, number, "placed", "cancelled")
    assert level(shop, "COLA") == {
        "on_hand_milli": 5000,
        "reserved_milli": 0,
        "available_milli": 5000,
    }
    assert count(shop, stock_movement, stock_movement.c.reason == "sale") == 0
    assert transition(shop, number, "cancelled", "cancelled", 422)["error"] == "bad_transition"


def _push_like(shop: Backend, payload: dict[str, Any], store_id: str) -> Rejected | None:
    """Apply a pickup transition the way push does: under a savepoint that a rejection rolls
    back, then the rejection's records are written again."""
    terminal = shop.enrol("S01")
    now = shop.ctx.clock()
    with write_tx(shop.engine) as conn:
        changes = ChangeBuffer()
        savepoint = conn.begin_nested()
        try:
            apply_pickup_transition(
                conn,
                changes,
                store_id=store_id,
                terminal_id=terminal.terminal_id,
                payload=payload,
                occurred_at=now,
                now=now,
            )
        except Rejected as exc:
            savepoint.rollback()
            if isinstance(exc, PickupRejected):
                exc.persist(conn)
            return exc
        savepoint.commit()
        changes.flush(conn, now)
    return None


def store_id(shop: Backend, code: str) -> str:
    r = shop.client.get(f"{API}/stores/{code}", headers=shop.admin)
    result: str = r.json()["id"]
    return result


def test_terminal_handover_applies_when_the_state_holds(shop: Backend) -> None:
    order = place(shop)
    transition(shop, order["number"], "placed", "prepared")
    transition(shop, order["number"], "prepared", "ready")
    payload = {
        "order_id": order["id"],
        "from_state": "ready",
        "to_state": "collected",
        "detail": {"verified_by": "pickup_code", "refused_lines": ["PEYNIR"]},
    }
    assert _push_like(shop, payload, store_id(shop, "S01")) is None
    got = shop.client.get(f"{API}/orders/{order['number']}", headers=shop.admin).json()
    assert got["state"] == "collected"
    with shop.engine.connect() as conn:
        events = conn.execute(
            select(pickup_event.c.outcome, pickup_event.c.terminal_id, pickup_event.c.detail_json)
            .where(pickup_event.c.order_id == order["id"])
            .order_by(pickup_event.c.received_at, pickup_event.c.id)
        ).all()
        sales = conn.execute(
            select(stock_movement.c.qty_milli).where(stock_movement.c.reason == "sale")
        ).scalars()
        sold = list(sales)
    assert [e[0] for e in events] == ["applied"] * 3
    assert events[-1][1] is not None
    assert json.loads(events[-1][2])["verified_by"] == "pickup_code"
    assert sold == [-2000]  # the refused cheese stays in stock


def test_terminal_handover_of_a_cancelled_order_is_a_state_conflict(shop: Backend) -> None:
    order = place(shop)
    transition(shop, order["number"], "placed", "prepared")
    transition(shop, order["number"], "prepared", "ready")
    transition(shop, order["number"], "ready", "cancelled")  # online, meanwhile
    payload = {"order_id": order["id"], "from_state": "ready", "to_state": "collected"}
    rejected = _push_like(shop, payload, store_id(shop, "S01"))
    assert rejected is not None
    assert rejected.code == "state_conflict"
    assert rejected.reason == f"{order['number']}: expected ready, is cancelled"
    with shop.engine.connect() as conn:
        tasks = conn.execute(select(staff_task.c.kind, staff_task.c.detail_json)).all()
        outcomes = list(
            conn.execute(
                select(pickup_event.c.outcome).where(pickup_event.c.order_id == order["id"])
            ).scalars()
        )
    assert [t[0] for t in tasks] == ["state_conflict"]
    detail = json.loads(tasks[0][1])
    assert (detail["expected_state"], detail["actual_state"]) == ("ready", "cancelled")
    assert detail["terminal_id"]
    assert outcomes.count("state_conflict") == 1
    got = shop.client.get(f"{API}/orders/{order['number']}", headers=shop.admin).json()
    assert got["state"] == "cancelled"  # nothing silently merged
    listed = shop.client.get(f"{API}/staff-tasks", headers=shop.admin, params={"store": "S01"})
    assert [t["kind"] for t in listed.json()["items"]] == ["state_conflict"]


def test_terminal_transition_refusals(shop: Backend) -> None:
    order = place(shop)
    s01, s02 = store_id(shop, "S01"), store_id(shop, "S02")
    unknown = _push_like(
        shop, {"order_id": new_id(), "from_state": "ready", "to_state": "collected"}, s01
    )
    assert unknown is not None and unknown.code == "unknown_order"
    other_store = _push_like(
        shop, {"order_id": order["id"], "from_state": "placed", "to_state": "prepared"}, s02
    )
    assert other_store is not None and other_store.code == "state_conflict"
    malformed = _push_like(shop, {"order_id": order["id"], "from_state": "placed"}, s01)
    assert malformed is not None and malformed.code == "bad_payload"
    assert count(shop, staff_task) == 1


def test_order_numbers_are_gap_free_under_concurrency(shop: Backend) -> None:
    def one(_: int) -> str:
        now = shop.ctx.clock()
        with write_tx(shop.engine) as conn:
            changes = ChangeBuffer()
            view = create_order(
                conn,
                changes,
                fulfilment="pickup",
                store_code="S01",
                customer_in=CustomerIn("Web"),
                customer_id=None,
                lines=[OrderLineIn("COLA", 1000)] if _ % 2 else [OrderLineIn("PEYNIR", 100)],
                paid=False,
                now=now,
            )
            changes.flush(conn, now)
        number: str = view["number"]
        return number

    with ThreadPoolExecutor(4) as pool:
        numbers = sorted(pool.map(one, range(8)))
    assert numbers == [f"W-{i:06d}" for i in range(1, 9)]


# -- customers ------------------------------------------------------------------------------


def test_phone_normalisation() -> None:
    for raw in ("+90 532 111 22 33", "0090 532 111 2233", "0532-111-22-33", "5321112233"):
        assert normalise_phone(raw) == "5321112233", raw
    assert normalise_phone("--") is None


def test_customers_created_offline_twice_merge_by_phone(shop: Backend) -> None:
    first, second = new_id(), new_id()
    now = shop.ctx.clock()
    with write_tx(shop.engine) as conn:
        changes = ChangeBuffer()
        assert (
            apply_customer_upsert(
                conn,
                changes,
                payload={"id": first, "name": "Ayşe", "phone": "0532 111 22 33"},
                now=now,
            )
            == first
        )
        conn.execute(
            loyalty_entry.insert(),
            [
                {
                    "id": new_id(),
                    "customer_id": cid,
                    "points": pts,
                    "reason": "earn",
                    "occurred_at": now,
                    "received_at": now,
                }
                for cid, pts in ((first, 10),)
            ],
        )
        changes.flush(conn, now)
    later = shop.ctx.clock()
    with write_tx(shop.engine) as conn:
        changes = ChangeBuffer()
        # the same person, typed on another till, with points of their own there
        conn.execute(
            customer.insert(),
            {
                "id": second,
                "name": "Ayse Y.",
                "phone": "+90 532 111 2233",
                "email": "ayse@example.com",
                "phone_norm": None,
                "email_norm": None,
                "created_at": later,
                "updated_at": later,
            },
        )
        conn.execute(
            loyalty_entry.insert(),
            {
                "id": new_id(),
                "customer_id": second,
                "points": 5,
                "reason": "earn",
                "occurred_at": later,
                "received_at": later,
            },
        )
        survivor = apply_customer_upsert(
            conn,
            changes,
            payload={
                "id": second,
                "name": "Ayşe Yılmaz",
                "phone": "+90 532 111 2233",
                "email": "Ayse@Example.com",
            },
            now=later,
        )
        changes.flush(conn, later)
        assert survivor == first
        assert loyalty_balance(conn, first) == 15 and loyalty_balance(conn, second) == 0
        rows = {r.id: r for r in conn.execute(select(customer))}
    assert rows[second].merged_into == first and rows[first].merged_into is None
    # profile fields: the last write wins, on the survivor
    assert (rows[first].name, rows[first].email) == ("Ayşe Yılmaz", "Ayse@Example.com")
    published = {
        d["id"]: CustomerData.model_validate(d) for d in pulled(shop, "customers", "customer")
    }
    assert published[first].loyalty_points == 15
    assert published[second].merged_into == first

    # a later edit of the merged id lands on the survivor; an order placed online finds it too
    with write_tx(shop.engine) as conn:
        changes = ChangeBuffer()
        again = apply_customer_upsert(
            conn, changes, payload={"id": second, "name": "Ayşe Y. Kaya"}, now=later
        )
        changes.flush(conn, later)
    assert again == first
    order = place(shop, customer={"name": "Ayşe", "email": "AYSE@example.com"})
    assert order["customer_id"] == first
    detail = shop.client.get(f"{API}/customers/{second}", headers=shop.admin).json()
    assert detail["merged_into"] == first


def test_bad_customer_payload_is_rejected(shop: Backend) -> None:
    with write_tx(shop.engine) as conn, pytest.raises(Rejected) as info:
        apply_customer_upsert(
            conn, ChangeBuffer(), payload={"id": new_id(), "name": ""}, now=shop.ctx.clock()
        )
    assert info.value.code == "bad_payload" and "name" in info.value.reason


# -- pay in store at pickup: the till's sale pays the web order ---------------------------------


def pickup_sale(t: Terminal, order: dict[str, Any], local_no: int) -> dict[str, Any]:
    """The sale a till rings up to take a pay-in-store order's payment (services.pickup): the
    order's cola at its price, no stock movement (the handover takes the goods), and the
    ``pickup_payment`` naming the order."""
    return order_payload(
        t,
        [("COLA", 2000)],
        local_no=local_no,
        unit_price_minor=2550,
        stock_movements=[],
        pickup_payment={"order_id": order["id"], "number": order["number"]},
    )


def handover(order: dict[str, Any], sale: dict[str, Any]) -> dict[str, Any]:
    """The ``pickup.transition`` of the same handover: the cheese refused, paid in store."""
    return {
        "order_id": order["id"],
        "from_state": "ready",
        "to_state": "collected",
        "detail": {
            "verified_by": "code",
            "refused_lines": [{"sku": "PEYNIR", "qty_milli": 750}],
            "refund_minor": 0,
            "payment_sale_id": sale["order_id"],
        },
    }


def ready_unpaid(shop: Backend) -> dict[str, Any]:
    order = place(shop, paid=False)
    assert (order["paid"], order["payment_method"]) == (False, "in_store")
    transition(shop, order["number"], "placed", "prepared")
    transition(shop, order["number"], "prepared", "ready")
    return order


@pytest.mark.parametrize("sale_first", [True, False], ids=["sale-first", "handover-first"])
def test_a_pay_in_store_order_is_paid_by_the_tills_receipt(shop: Backend, sale_first: bool) -> None:
    order = ready_unpaid(shop)
    t = shop.enrol("S01", "T01")
    sale = pickup_sale(t, order, local_no=7)
    facts = [("order.completed", sale), ("pickup.transition", handover(order, sale))]
    if not sale_first:  # a till never sends them so, but the end must be the same
        facts.reverse()
    mutations = [make_mutation(n, kind, p) for n, (kind, p) in enumerate(facts, 1)]
    assert statuses(push(shop.client, t, mutations)) == ["applied", "applied"]

    got = shop.client.get(f"{API}/orders/{order['number']}", headers=shop.admin).json()
    assert got["state"] == "collected"
    assert (got["paid"], got["payment_method"]) == (True, "in_store")
    assert got["paid_receipt_no"] == "S01-T01-000007"
    assert (got["paid_store"], got["paid_terminal"]) == ("S01", "T01")
    assert got["paid_minor"] == 5100  # the cola; the refused cheese was never charged
    assert got["paid_at"].startswith(T0.isoformat()[:19])
    # nothing goes back to an online payment: the money was taken at the till
    assert got["refunds"] == [] and got["refunded_minor"] == 0
    assert count(shop, payment_refund) == 0 and count(shop, staff_task) == 0
    # the store's tills see it paid
    latest = pulled(shop, "store:S01", "pickup_order")[-1]
    assert PickupOrderData.model_validate(latest).paid is True


def test_a_pickup_payment_sent_again_records_it_once(shop: Backend) -> None:
    order = ready_unpaid(shop)
    t = shop.enrol("S01", "T01")
    sale = pickup_sale(t, order, local_no=1)
    first = push(shop.client, t, [make_mutation(1, "order.completed", sale)])
    assert statuses(first) == ["applied"]
    with shop.engine.connect() as conn:
        version = conn.execute(
            select(web_order.c.version).where(web_order.c.id == order["id"])
        ).scalar_one()
    # the same sale again after a terminal restore (new epoch): applied once
    again = push(shop.client, t, [make_mutation(1, "order.completed", sale)], epoch="epoch-2")
    assert statuses(again) == ["applied"]
    with shop.engine.connect() as conn:
        row = conn.execute(select(web_order).where(web_order.c.id == order["id"])).one()
    assert (row.version, row.paid_receipt_no) == (version, "S01-T01-000001")
    assert count(shop, staff_task) == 0


def test_a_pickup_payment_that_cannot_be_recorded_keeps_the_sale(shop: Backend) -> None:
    """An unknown order, or one already paid online, becomes a staff task naming the receipt;
    the sale itself is applied all the same."""
    online = place(shop)  # paid online
    t = shop.enrol("S01", "T01")
    unknown = {"id": new_id(), "number": "W-999999"}
    mutations = [
        make_mutation(1, "order.completed", pickup_sale(t, unknown, local_no=1)),
        make_mutation(2, "order.completed", pickup_sale(t, online, local_no=2)),
    ]
    assert statuses(push(shop.client, t, mutations)) == ["applied", "applied"]
    assert count(shop, pos_order) == 2
    with shop.engine.connect() as conn:
        tasks = conn.execute(
            select(staff_task.c.kind, staff_task.c.detail_json).order_by(staff_task.c.created_at)
        ).all()
    kinds = sorted(task[0] for task in tasks)
    assert kinds == ["pickup_paid_twice", "pickup_payment_unknown_order"]
    receipts = sorted(json.loads(task[1])["receipt_no"] for task in tasks)
    assert receipts == ["S01-T01-000001", "S01-T01-000002"]
    got = shop.client.get(f"{API}/orders/{online['number']}", headers=shop.admin).json()
    assert (got["payment_method"], got["paid_receipt_no"]) == ("online", None)
