"""Endless aisle on the backend: a store sale with a ``web_order`` block opens a paid web
order (delivery, or pickup at another store) exactly once, and never loses the sale."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from sync.server.schema import change, pos_order, staff_task, web_order
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import (
    count,
    make_mutation,
    on_hand,
    order_payload,
    push,
    statuses,
)
from tests.server.test_web_orders import API, level


def _shop(backend: Backend, s02_stock: int = 5000) -> Terminal:
    """S01 (the selling store) and S02 with ``s02_stock`` of A; B on the shelf at S01."""
    backend.store("S01")
    backend.store("S02", "Beşiktaş")
    backend.products(
        [
            {"sku": "A", "name": "Ayakkabı 42", "price_minor": 120000, "vat_rate": 20},
            {"sku": "B", "name": "Çorap", "price_minor": 5000, "vat_rate": 20},
        ]
    )
    for store_code, sku, qty in (("S02", "A", s02_stock), ("S01", "B", 10000)):
        r = backend.client.post(
            f"{API}/stock/movements",
            headers=backend.admin,
            json={"store": store_code, "sku": sku, "qty_milli": qty, "reason": "receive"},
        )
        assert r.status_code == 201, r.text
    return backend.enrol("S01")


def _aisle_sale(t: Terminal, web: dict[str, Any], *, remote_qty: int = 2000) -> dict[str, Any]:
    """A sale of one pair of socks from the shelf and ``remote_qty`` of A ordered elsewhere,
    shaped as the till writes it: no stock movement for the remote line."""
    payload = order_payload(t, [("B", 1000), ("A", remote_qty)], unit_price_minor=120000)
    payload["lines"][1]["remote"] = True
    payload["stock_movements"] = payload["stock_movements"][:1]
    remote_total = payload["lines"][1]["total_minor"]
    payload["web_order"] = {
        "customer": {"name": "Zeynep Çelik", "phone": "0532 111 22 33", "email": ""},
        "availability_confirmed": True,
        "lines": [
            {
                "line_id": payload["lines"][1]["id"],
                "sku": "A",
                "qty_milli": remote_qty,
                "total_minor": remote_total,
            }
        ],
    } | web
    return payload


def _web_order(backend: Backend, receipt_no: str) -> Any:
    with backend.engine.connect() as conn:
        return conn.execute(
            select(web_order).where(web_order.c.origin_receipt_no == receipt_no)
        ).first()


def _tasks(backend: Backend, kind: str) -> list[dict[str, Any]]:
    with backend.engine.connect() as conn:
        rows = conn.execute(select(staff_task).where(staff_task.c.kind == kind)).all()
    return [json.loads(r.detail_json) | {"store_id": r.store_id} for r in rows]


def test_pickup_at_another_store_is_a_paid_order_reserved_there(backend: Backend) -> None:
    t = _shop(backend)
    sale = _aisle_sale(t, {"fulfilment": "pickup", "store_code": "S02"})
    batch = [make_mutation(1, "order.completed", sale)]
    assert statuses(push(backend.client, t, batch)) == ["applied"]

    row = _web_order(backend, sale["receipt_no"])
    assert row is not None
    assert (row.fulfilment, row.paid, row.state) == ("pickup", True, "placed")
    assert row.customer_name == "Zeynep Çelik"
    assert row.total_minor == sale["lines"][1]["total_minor"] == 240000
    assert [
        (li["sku"], li["qty_milli"], li["unit_price_minor"]) for li in json.loads(row.lines_json)
    ] == [("A", 2000, 120000)]
    # Reserved at S02 (available drops), nothing of A taken at S01; the socks left S01.
    assert level(backend, "A", "S02")["reserved_milli"] == 2000
    assert level(backend, "A", "S02")["available_milli"] == 3000
    assert on_hand(backend, "B", "S01") == 9000
    # S02's terminals receive it as a pickup order; the admin API names the sale.
    with backend.engine.connect() as conn:
        scopes = {
            r.scope
            for r in conn.execute(select(change).where(change.c.collection == "pickup_order"))
        }
    assert scopes == {"store:S02"}
    got = backend.client.get(f"{API}/orders/{row.number}", headers=backend.admin).json()
    assert got["origin_receipt_no"] == sale["receipt_no"]
    assert got["paid"] is True

    # The same batch again: a duplicate, and still one web order.
    assert statuses(push(backend.client, t, batch)) == ["duplicate"]
    assert count(backend, web_order) == 1


def test_delivery_order_keeps_the_address_and_reserves_nothing(backend: Backend) -> None:
    t = _shop(backend)
    address = "Moda Cad. No 12 D 3, Kadıköy İstanbul"
    sale = _aisle_sale(t, {"fulfilment": "delivery", "delivery_address": address})
    assert statuses(push(backend.client, t, [make_mutation(1, "order.completed", sale)])) == [
        "applied"
    ]
    row = _web_order(backend, sale["receipt_no"])
    assert (row.fulfilment, row.delivery_address, row.store_id) == ("delivery", address, None)
    assert level(backend, "A", "S02")["reserved_milli"] == 0


def test_short_stock_at_the_pickup_store_is_a_staff_task_not_a_refusal(
    backend: Backend,
) -> None:
    t = _shop(backend, s02_stock=1000)
    sale = _aisle_sale(t, {"fulfilment": "pickup", "store_code": "S02"})
    assert statuses(push(backend.client, t, [make_mutation(1, "order.completed", sale)])) == [
        "applied"
    ]
    row = _web_order(backend, sale["receipt_no"])
    assert row is not None and row.paid
    [task] = _tasks(backend, "endless_aisle_short")
    assert task["receipt_no"] == sale["receipt_no"]
    assert task["short"] == [{"sku": "A", "qty_milli": 2000, "available_milli": 1000}]


def test_an_order_that_cannot_be_opened_keeps_the_sale_and_tells_staff(
    backend: Backend,
) -> None:
    t = _shop(backend)
    sale = _aisle_sale(t, {"fulfilment": "pickup", "store_code": "S99"})
    assert statuses(push(backend.client, t, [make_mutation(1, "order.completed", sale)])) == [
        "applied"
    ]
    assert count(backend, pos_order) == 1
    assert count(backend, web_order) == 0
    [task] = _tasks(backend, "endless_aisle_failed")
    assert task["receipt_no"] == sale["receipt_no"]
    assert task["code"] == "unknown_store"
    assert task["web_order"]["store_code"] == "S99"


def test_a_malformed_web_order_block_is_rejected_with_a_reason(backend: Backend) -> None:
    t = _shop(backend)
    sale = _aisle_sale(t, {"fulfilment": "pickup", "store_code": "S02"})
    sale["web_order"] = "S02 please"
    response = push(backend.client, t, [make_mutation(1, "order.completed", sale)])
    [result] = response.json()["results"]
    assert (result["status"], result["code"]) == ("rejected", "invalid_payload")
    assert "web_order" in result["reason"]
    assert count(backend, pos_order) == 0
