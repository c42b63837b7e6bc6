"""Refunds to the online payment for goods refused at pickup (``payment_refund``).

The handover arrives the way a terminal sends it: a ``pickup.transition`` fact pushed over
``/sync/v1/push``; replays are the same HTTP batch again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from sync.server.db import make_engine, migrate, write_tx
from sync.server.ids import new_id
from sync.server.schema import metadata, payment_refund, product, stock_movement
from sync.server.web_orders import find_order, line_total, order_view
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import make_mutation, push, statuses
from tests.server.test_web_orders import API, level, place, transition

COLA, PEYNIR = 2550, 18990  # unit prices


@pytest.fixture
def shop(backend: Backend) -> tuple[Backend, Terminal]:
    """Store S01 with 10 colas, 2.5 kg of cheese and 10 waters, and a terminal of it."""
    backend.store("S01")
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
            {"sku": "SU", "name": "Su", "price_minor": 1000, "vat_rate": 1},
        ]
    )
    for sku, qty in (("COLA", 10000), ("PEYNIR", 2500), ("SU", 10000)):
        r = backend.client.post(
            f"{API}/stock/movements",
            headers=backend.admin,
            json={"store": "S01", "sku": sku, "qty_milli": qty, "reason": "receive"},
        )
        assert r.status_code == 201, r.text
    return backend, backend.enrol("S01")


def ready(b: Backend, **order: Any) -> dict[str, Any]:
    """A pickup order of 3 colas, 0.750 kg cheese and 2 waters, ready at S01."""
    lines = [
        {"sku": "COLA", "qty_milli": 3000},
        {"sku": "PEYNIR", "qty_milli": 750},
        {"sku": "SU", "qty_milli": 2000},
    ]
    placed = place(b, lines=lines, **order)
    transition(b, placed["number"], "placed", "prepared")
    transition(b, placed["number"], "prepared", "ready")
    return placed


def handover(seq: int, order: dict[str, Any], refused: list[Any]) -> dict[str, Any]:
    payload = {
        "order_id": order["id"],
        "from_state": "ready",
        "to_state": "collected",
        "detail": {"verified_by": "pickup_code", "refused_lines": refused},
    }
    return make_mutation(seq, "pickup.transition", payload)


def view(b: Backend, number: str) -> dict[str, Any]:
    with b.engine.connect() as conn:
        return order_view(conn, find_order(conn, number))


def refund_count(b: Backend) -> int:
    with b.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(payment_refund)).scalar_one())


def sales(b: Backend) -> dict[str, int]:
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(product.c.sku, stock_movement.c.qty_milli)
            .join(product, product.c.id == stock_movement.c.product_id)
            .where(stock_movement.c.reason == "sale")
        ).all()
    sold: dict[str, int] = {}
    for row in rows:
        sold[str(row[0])] = sold.get(str(row[0]), 0) + int(row[1])
    return sold


def test_paid_handover_with_refusals_records_one_pending_refund(
    shop: tuple[Backend, Terminal],
) -> None:
    b, t = shop
    order = ready(b, paid=True)
    assert order["total_minor"] == 7650 + 14243 + 2000
    # One cola of three refused, all the cheese refused (a bare SKU); the water taken.
    batch = [handover(1, order, [{"sku": "COLA", "qty_milli": 1000}, "PEYNIR"])]
    response = push(b.client, t, batch)
    assert response.status_code == 200, response.text
    assert statuses(response) == ["applied"]

    got = view(b, order["number"])
    assert got["state"] == "collected"
    assert got["refunded_minor"] == COLA + 14243
    [refund] = got["refunds"]
    assert (refund["amount_minor"], refund["currency"], refund["reason"], refund["state"]) == (
        COLA + 14243,
        "TRY",
        "refused_at_pickup",
        "pending",
    )
    assert [(li["sku"], li["qty_milli"], li["amount_minor"]) for li in refund["lines"]] == [
        ("COLA", 1000, COLA),
        ("PEYNIR", 750, 14243),
    ]
    assert refund["created_at"].tzinfo is not None
    with b.engine.connect() as conn:
        terminal_id: str = conn.execute(select(payment_refund.c.terminal_id)).scalar_one()
    assert terminal_id == t.terminal_id
    # Stock leaves only for what was taken; the reservations are released.
    assert sales(b) == {"COLA": -2000, "SU": -2000}
    assert level(b, "COLA") == {"on_hand_milli": 8000, "reserved_milli": 0, "available_milli": 8000}
    assert level(b, "PEYNIR")["on_hand_milli"] == 2500

    # The admin API's order answers with the collected state (the refunds are in order_view).
    r = b.client.get(f"{API}/orders/{order['number']}", headers=b.admin)
    assert r.status_code == 200 and r.json()["state"] == "collected"

    # The same batch again (a lost answer): a duplicate, still one refund, no new movement.
    again = push(b.client, t, batch)
    assert statuses(again) == ["duplicate"]
    assert refund_count(b) == 1
    assert sales(b) == {"COLA": -2000, "SU": -2000}
    # Another fact collecting the same order again is a state conflict, not a second refund.
    other = push(b.client, t, [handover(2, order, ["COLA"])])
    assert statuses(other) == ["rejected"]
    assert other.json()["results"][0]["code"] == "state_conflict"
    assert refund_count(b) == 1
    assert view(b, order["number"])["refunded_minor"] == COLA + 14243


def test_partial_weight_and_over_refusal_amounts(shop: tuple[Backend, Terminal]) -> None:
    b, t = shop
    order = ready(b, paid=True)
    # 0.500 of 0.750 kg cheese refused; more waters refused than were ordered.
    refused = [{"sku": "PEYNIR", "qty_milli": 500}, {"sku": "SU", "qty_milli": 5000}]
    assert statuses(push(b.client, t, [handover(1, order, refused)])) == ["applied"]
    got = view(b, order["number"])
    cheese = line_total(PEYNIR, 750) - line_total(PEYNIR, 250)  # 142.43 - 47.48
    assert cheese == 9495
    assert [
        (li["sku"], li["qty_milli"], li["amount_minor"]) for li in got["refunds"][0]["lines"]
    ] == [
        ("PEYNIR", 500, cheese),
        ("SU", 2000, 2000),  # the line once, not five waters
    ]
    assert got["refunded_minor"] == cheese + 2000
    # Paid for what was taken plus refunded is exactly what was charged.
    taken = 7650 + line_total(PEYNIR, 250)
    assert taken + got["refunded_minor"] == got["total_minor"]
    assert sales(b) == {"COLA": -3000, "PEYNIR": -250}


def test_unpaid_order_and_nothing_refused_record_no_refund(
    shop: tuple[Backend, Terminal],
) -> None:
    b, t = shop
    unpaid = ready(b, paid=False)
    taken_all = ready(b, paid=True)
    batch = [
        handover(1, unpaid, ["COLA", {"sku": "PEYNIR", "qty_milli": 250}]),
        handover(2, taken_all, []),
    ]
    assert statuses(push(b.client, t, batch)) == ["applied", "applied"]
    assert refund_count(b) == 0
    for order in (unpaid, taken_all):
        got = view(b, order["number"])
        assert got["state"] == "collected"
        assert (got["refunds"], got["refunded_minor"]) == ([], 0)
    assert sales(b) == {"COLA": -3000, "PEYNIR": -500 - 750, "SU": -2000 - 2000}


def test_cancel_online_records_no_refusal_refund(shop: tuple[Backend, Terminal]) -> None:
    b, _ = shop
    order = ready(b, paid=True)
    got = transition(b, order["number"], "ready", "cancelled")
    assert got["state"] == "cancelled"
    assert refund_count(b) == 0
    assert (view(b, order["number"])["refunds"], view(b, order["number"])["refunded_minor"]) == (
        [],
        0,
    )


def test_a_second_refusal_refund_of_an_order_is_refused_by_the_database(
    shop: tuple[Backend, Terminal],
) -> None:
    b, t = shop
    order = ready(b, paid=True)
    assert statuses(push(b.client, t, [handover(1, order, ["SU"])])) == ["applied"]
    row = {
        "web_order_id": order["id"],
        "amount_minor": 2000,
        "currency": "TRY",
        "reason": "refused_at_pickup",
        "state": "pending",
        "lines_json": "[]",
        "created_at": b.ctx.clock(),
    }
    with pytest.raises(IntegrityError), write_tx(b.engine) as conn:
        conn.execute(insert(payment_refund), row | {"id": new_id()})
    # Other reasons may repeat (e.g. later refunds of returns in store).
    with write_tx(b.engine) as conn:
        conn.execute(
            insert(payment_refund),
            [row | {"id": new_id(), "reason": "returned_in_store"} for _ in range(2)],
        )
    got = view(b, order["number"])
    assert [r["reason"] for r in got["refunds"]].count("refused_at_pickup") == 1
    assert got["refunded_minor"] == 3 * 2000
    assert [li["sku"] for li in got["refunds"][0]["lines"]] == ["SU"]


def test_backend_migrations_match_the_schema(database_url: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        engine.dispose()
