"""Sales whose goods do not leave this store's shelf: endless aisle (delivery or pickup at
another store) and pay-in-store web orders paid at pickup, through the real Register."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select, text

from pos_app.checkout.events import Change, Stage
from pos_app.domain.fulfilment import FulfilmentKind, PickupPayment, RemoteOrder
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.storage.tables import table
from tests.conftest import Staff
from tests.integration.test_register import BARCODE, count, raises, selling, stock_of
from tests.unit.test_pickup_service import MILK, TEA, add_order

PICKUP_S02 = {
    "customer_name": " Zeynep  Çelik ",
    "phone": "0532 111 22 33",
    "own_store": "S01",
    "store_code": "S02",
    "store_name": "Beşiktaş",
}


def order_for(kind: str = "pickup", **changes: Any) -> RemoteOrder:
    return RemoteOrder.create(kind, **(PICKUP_S02 | changes))


def outbox_payloads(services: Services, kind: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
        ).all()
    return [json.loads(r[0]) for r in rows]


# -- destination rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "changes", "code"),
    [
        ("pickup", {"customer_name": "  "}, "aisle.customer_required"),
        ("pickup", {"phone": "12 34"}, "aisle.phone_required"),
        ("pickup", {"store_code": ""}, "aisle.store_required"),
        ("pickup", {"store_code": "S01"}, "aisle.same_store"),
        ("delivery", {"address": "Moda"}, "aisle.address_required"),
        ("delivery", {"address": "x" * 501}, "aisle.address_too_long"),
        ("drone", {}, "aisle.bad_fulfilment"),
    ],
)
def test_a_destination_names_what_is_missing(kind: str, changes: dict[str, Any], code: str) -> None:
    with raises(code):
        order_for(kind, **changes)


def test_destinations_are_cleaned() -> None:
    pickup = order_for()
    assert (pickup.kind, pickup.customer_name, pickup.address) == (
        FulfilmentKind.PICKUP,
        "Zeynep Çelik",
        "",
    )
    delivery = order_for("delivery", address="Moda Cad. 12/3 Kadıköy")
    assert (delivery.store_code, delivery.address) == ("", "Moda Cad. 12/3 Kadıköy")
    assert RemoteOrder.from_dict(delivery.to_dict()) == delivery


# -- endless aisle ---------------------------------------------------------------------------


def test_endless_aisle_sale_takes_only_the_shelf_goods_from_stock(
    services: Services, staff: Staff
) -> None:
    register = selling(services, staff)
    register.sale.scan(BARCODE["MILK1L"])  # from the shelf
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    line = register.sale.add_remote(tea, 2, order_for(confirmed=False))
    assert line.remote
    register.sale.scan(BARCODE["TEA1KG"])  # a tea from the shelf is its own line
    assert [(ln.product.sku, ln.remote, ln.quantity) for ln in register.sale.cart.lines] == [
        ("MILK1L", False, 1),
        ("TEA1KG", True, 2),
        ("TEA1KG", False, 1),
    ]
    payment = register.payment.begin_payment()
    register.payment.pay_cash(payment.cash_due_minor())
    result = register.payment.finish()

    assert stock_of(services, "p-milk") == -1000
    assert stock_of(services, "p-tea") == -1000  # only the shelf tea
    [sale] = outbox_payloads(services, "order.completed")
    assert [m["product_id"] for m in sale["stock_movements"]] == ["p-milk", "p-tea"]
    assert [line.get("remote", False) for line in sale["lines"]] == [False, True, False]
    web = sale["web_order"]
    assert web["fulfilment"] == "pickup" and web["store_code"] == "S02"
    assert web["customer"] == {"name": "Zeynep Çelik", "phone": "0532 111 22 33", "email": ""}
    assert web["availability_confirmed"] is False
    assert web["lines"] == [
        {
            "line_id": sale["lines"][1]["id"],
            "sku": "TEA1KG",
            "qty_milli": 2000,
            "total_minor": 2 * 29990,
        }
    ]
    # The receipt job carries the destination, for the paper and e-receipt.
    with services.engine.connect() as conn:
        document = json.loads(
            conn.execute(
                text("SELECT document_json FROM print_job WHERE sale_id = :s"),
                {"s": result.sale.sale_id},
            ).scalar_one()
        )
    assert document["web_order"]["store_code"] == "S02"


def test_one_sale_sends_its_remote_goods_to_one_place(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    register.sale.add_remote(tea, 1, order_for())
    with raises("aisle.other_destination"):
        register.sale.add_remote(tea, 1, order_for("delivery", address="Moda Cad. 12/3 Kadıköy"))
    register.sale.add_remote(tea, 1, order_for())  # the same place again is fine
    [first, _second] = register.sale.cart.lines
    register.sale.void_line(first.line_id)
    register.sale.void_line(register.sale.cart.lines[0].line_id)
    assert register.sale.cart.remote_order is None  # no remote line left, no destination
    register.sale.add_remote(tea, 1, order_for("delivery", address="Moda Cad. 12/3 Kadıköy"))


def test_a_remote_line_without_destination_is_refused_and_nothing_written(
    services: Services, staff: Staff
) -> None:
    register = selling(services, staff)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    register.sale.add_remote(tea, 1, order_for())
    register.sale.cart.remote_order = None  # e.g. a damaged draft
    payment = register.payment.begin_payment()
    register.payment.pay_cash(payment.cash_due_minor())
    with raises("aisle.destination_missing"):
        register.payment.finish()
    assert count(services, "sale") == 0 and count(services, "outbox") == 0


def test_endless_aisle_survives_a_restart_as_a_draft(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    register.sale.add_remote(tea, 1, order_for("delivery", address="Moda Cad. 12/3 Kadıköy"))
    again = selling(services, staff)
    assert [ln.remote for ln in again.sale.cart.lines] == [True]
    assert again.sale.cart.remote_order == register.sale.cart.remote_order


# -- pay in store at pickup ------------------------------------------------------------------


def unpaid_ready(services: Services) -> str:
    return add_order(
        services.engine,
        services.clock,  # type: ignore[arg-type]
        7,
        name="Ece Yılmaz",
        phone="0533 000 00 07",
        code="424242",
        state="ready",
        paid=False,
        lines=[MILK | {"product_id": "be-milk"}, TEA | {"product_id": "be-tea"}],
    )


def test_pickup_paid_in_store_hands_over_in_the_same_transaction(
    services: Services, staff: Staff
) -> None:
    order_id = unpaid_ready(services)
    register = selling(services, staff)
    view = services.pickup.get(order_id)
    assert view is not None
    verified = PickupPayment(order_id, view.number, "code", code="424242", refused={"TEA1KG": 1000})
    payment = register.pickup.start_pickup_payment(view, verified)
    assert register.stage is Stage.PAYING
    # Two litres of milk at the order's price; the refused tea is not charged.
    assert payment.due_minor == 2 * 4550
    with raises("cart.pickup_line_fixed"):
        register.payment.cancel_payment()
        register.sale.set_quantity(register.sale.cart.lines[0].line_id, Decimal(1))
    register.payment.begin_payment()
    register.payment.pay_cash(register.sale.payment.cash_due_minor())  # type: ignore[union-attr]
    result = register.payment.finish()

    after = services.pickup.get(order_id)
    assert after is not None and after.state == "collected" and after.pending
    [handover] = outbox_payloads(services, "pickup.transition")
    assert handover["detail"]["payment_sale_id"] == result.sale.sale_id
    assert handover["detail"]["refused_lines"] == [{"sku": "TEA1KG", "qty_milli": 1000}]
    assert handover["detail"]["refund_minor"] == 0  # nothing was charged online
    [sale] = outbox_payloads(services, "order.completed")
    assert sale["pickup_payment"] == {"order_id": order_id, "number": view.number}
    assert sale["stock_movements"] == []  # the backend takes the goods out at collection
    assert stock_of(services, "p-milk") == 0


def test_a_wrong_pickup_code_keeps_neither_the_sale_nor_the_handover(
    services: Services, staff: Staff
) -> None:
    order_id = unpaid_ready(services)
    register = selling(services, staff)
    view = services.pickup.get(order_id)
    assert view is not None
    register.pickup.start_pickup_payment(
        view, PickupPayment(order_id, view.number, "code", code="1")
    )
    register.payment.pay_cash(register.sale.payment.cash_due_minor())  # type: ignore[union-attr]
    with pytest.raises(UserError) as info:
        register.payment.finish()
    assert info.value.code == "pickup.wrong_code"
    assert count(services, "sale") == 0 and count(services, "outbox") == 0
    t = table("pickup_transition")
    with services.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t)).scalar_one() == 0


def test_a_paid_or_unready_order_is_not_rung_up(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    paid = add_order(
        services.engine,
        services.clock,
        8,
        name="A",
        phone="",
        code="1",
        state="ready",  # type: ignore[arg-type]
    )
    placed = add_order(
        services.engine,
        services.clock,  # type: ignore[arg-type]
        9,
        name="B",
        phone="",
        code="2",
        state="placed",
        paid=False,
    )
    for order_id, code in ((paid, "pickup.already_paid"), (placed, "pickup.wrong_state")):
        view = services.pickup.get(order_id)
        assert view is not None
        with raises(code):
            register.pickup.start_pickup_payment(view, PickupPayment(order_id, view.number, "id"))
    assert register.sale.cart.is_empty


def test_handover_shown_on_the_customer_display_is_announced(
    services: Services, staff: Staff
) -> None:
    order_id = unpaid_ready(services)
    register = selling(services, staff)
    seen: list[Change] = []
    register.subscribe(seen.append)
    view = services.pickup.get(order_id)
    register.pickup.show_handover(view)
    assert register.pickup.handover is view and seen == [Change.HANDOVER]
    register.pickup.show_handover(None)
    assert register.pickup.handover is None


# -- the receipt -----------------------------------------------------------------------------


def _receipt_text(services: Services, sale_id: str, width: int = 42) -> str:
    from pos_app.domain.receipt import StoreInfo, as_text, layout

    with services.engine.connect() as conn:
        document = json.loads(
            conn.execute(
                text("SELECT document_json FROM print_job WHERE sale_id = :s"), {"s": sale_id}
            ).scalar_one()
        )
    blocks = layout(document, width=width, store=StoreInfo("Mağaza", "Kadıköy", ""), timezone="UTC")
    return as_text(blocks, width)


@pytest.mark.parametrize("confirmed", [True, False])
def test_the_receipt_says_what_is_delivered_where(
    services: Services, staff: Staff, confirmed: bool
) -> None:
    register = selling(services, staff)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    address = "Moda Caddesi No 12 Daire 3, Kadıköy İstanbul"
    register.sale.add_remote(tea, 1, order_for("delivery", address=address, confirmed=confirmed))
    register.payment.pay_cash(register.payment.begin_payment().cash_due_minor())
    result = register.payment.finish()
    receipt = _receipt_text(services, result.sale.sale_id)
    assert "ADRESE TESLİMAT" in receipt
    assert "> Adrese gönderilecek" in receipt
    assert "Alıcı: Zeynep Çelik" in receipt
    assert "Moda Caddesi No 12 Daire 3," in receipt
    flowing = " ".join(receipt.split())
    assert ("stok, sipariş merkeze ulaşınca kesinleşir." in flowing) is not confirmed
    assert ("Sipariş hazır olunca size haber verilecek." in flowing) is confirmed


def test_the_pickup_payment_receipt_names_the_web_order(services: Services, staff: Staff) -> None:
    order_id = unpaid_ready(services)
    register = selling(services, staff)
    register.set_language("en")
    view = services.pickup.get(order_id)
    assert view is not None
    register.pickup.start_pickup_payment(
        view, PickupPayment(order_id, view.number, "id", id_note="TC")
    )
    register.payment.pay_cash(register.sale.payment.cash_due_minor())  # type: ignore[union-attr]
    result = register.payment.finish()
    assert f"WEB ORDER {view.number}: collected" in _receipt_text(services, result.sale.sale_id)
