"""Web orders at the kiosk window: a pickup QR scanned mid-basket shows the order and goes
back to the basket as it was; an item this store has none of is ordered for delivery with
the on-screen keyboard and paid by card with the basket; the idle wipe forgets what the
customer typed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from pos_app.ui.kiosk.keyboard import KioskField
from tests.fakes import SEED
from tests.replica import apply, change
from tests.ui.kiosk.conftest import NOON, KioskRig, MakeKiosk, button, click, visible_texts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MILK, TEA = (str(SEED[i].barcode) for i in (0, 1))
CUSTOMER = ("Işıl Çağlar", "0532 111 22 33")
QR = "POSPICKUP:W-001234:481516"


def seed_replica(k: KioskRig) -> None:
    """Stores, this store out of tea (Beşiktaş has 3), and a ready web order here."""
    milk = {"product_id": "p-milk", "sku": "MILK1L", "name": "Süt", "qty_milli": 3000,
            "unit_price_minor": 4550, "bin": "A-1"}  # fmt: skip
    order = {
        "id": "web-1234",
        "number": "W-001234",
        "store_code": "S01",
        "state": "ready",
        "customer_name": CUSTOMER[0],
        "phone": CUSTOMER[1],
        "pickup_code": "481516",
        "qr_payload": QR,
        "paid": False,
        "total_minor": 3 * 4550,
        "currency": "TRY",
        "lines": [milk],
        "created_at": NOON.isoformat(),
        "pickup_by": None,
        "version": 1,
    }
    levels = {"S01": 0, "S02": 3000}
    tea = {
        "product_id": "p-tea",
        "sku": "TEA1KG",
        "stores": {
            code: {"on_hand_milli": a, "reserved_milli": 0, "available_milli": a}
            for code, a in levels.items()
        },
        "online_available_milli": 3000,
        "updated_at": None,
    }
    stores = (("S01", "Kadıköy"), ("S02", "Beşiktaş"))
    apply(
        k.services.engine,
        NOON,
        [change("store", c, {"code": c, "id": f"id-{c}", "name": n}) for c, n in stores]
        + [
            change("stock", "p-tea", tea, scope="store:S01"),
            change("pickup_order", order["id"], order, scope="store:S01"),
        ],
    )


def type_on_keyboard(qtbot: QtBot, k: KioskRig, field: QLineEdit, typed: str) -> None:
    """Touch ``field``, then press the on-screen keys for ``typed`` (shift for capitals)."""
    window = k.window
    keyboard = window.orders.aisle.keyboard
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert keyboard.target is field
    for char in typed:
        if isinstance(field, KioskField) and field.phone:
            name = "kiosk_pad_space" if char == " " else f"kiosk_pad_{ord(char):x}"
        elif char == " ":
            name = "kiosk_key_space"
        else:
            lower = {"İ": "i", "I": "ı"}.get(char, char.lower())
            if char.isalpha() and (char != lower) != keyboard.shift:
                click(qtbot, button(window, "kiosk_key_shift"))
            name = f"kiosk_key_{ord(lower):x}"
        click(qtbot, button(window, name))
    assert field.text().endswith(typed)


def outbox(k: KioskRig, kind: str) -> list[dict[str, Any]]:
    with k.services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
        ).all()
    return [json.loads(r[0]) for r in rows]


@pytest.mark.parametrize("language", ["tr", "en"])
def test_a_pickup_qr_mid_basket_shows_the_order_and_goes_back(
    qtbot: QtBot, make_kiosk: MakeKiosk, language: str
) -> None:
    k = make_kiosk(language)
    window, session = k.window, k.kiosk.session
    seed_replica(k)
    k.scan(MILK)
    k.scan(MILK)
    assert window.pages.currentWidget() is window.basket

    k.scan(QR)
    notice = window.orders.pickup
    assert window.pages.currentWidget() is notice
    shown = " ".join(visible_texts(window))
    assert "W-001234" in notice.title.text()
    assert "3" in notice.detail.text()
    assert CUSTOMER[0] not in shown and "0532" not in shown and "481516" not in shown
    assert [(line.product.sku, int(line.quantity)) for line in session.sale.cart.lines] == [
        ("MILK1L", 2)
    ]
    click(qtbot, notice.ok)
    assert window.pages.currentWidget() is window.basket
    assert len(window.basket.rows) == 1
    assert not notice.title.text()

    # From the welcome page it goes back there; a wrong code is an unknown item.
    window.wipe("customer")
    k.scan(QR)
    click(qtbot, window.orders.pickup.ok)
    assert window.pages.currentWidget() is window.welcome
    k.scan("POSPICKUP:W-001234:000000")
    assert window.pages.currentWidget() is window.notice
    assert session.sale.cart.lines == []


def test_an_item_out_of_stock_here_ordered_for_delivery_on_the_keyboard(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    k = make_kiosk("en")
    window, session = k.window, k.kiosk.session
    seed_replica(k)
    k.scan(MILK)
    assert not window.basket.offer.isVisible()
    k.scan(TEA)  # none on this store's shelves by the replica: ordering is offered
    assert window.basket.offer.isVisible()
    assert k.product("p-tea").name_in("en") in window.basket.offer.accessibleName()
    click(qtbot, window.basket.offer)
    aisle = window.orders.aisle
    assert window.pages.currentWidget() is aisle
    assert aisle.steps.currentWidget() is aisle.where_page
    click(qtbot, button(window, "kiosk_aisle_more"))
    assert button(window, "kiosk_aisle_store_S02").text().startswith("Pick up at Beşiktaş (S02)")
    click(qtbot, button(window, "kiosk_aisle_delivery"))
    assert aisle.steps.currentWidget() is aisle.details_page
    fields = aisle.fields
    assert fields["address"].isVisible()

    type_on_keyboard(qtbot, k, fields["name"], CUSTOMER[0])
    type_on_keyboard(qtbot, k, fields["phone"], CUSTOMER[1])
    assert not button(window, "kiosk_key_71").isVisible()  # the phone pad, not the letters
    click(qtbot, aisle.confirm)  # no address yet: said, and the keyboard goes to it
    assert aisle.details_error.isVisible()
    assert aisle.keyboard.target is fields["address"]
    assert [line.remote for line in session.sale.cart.lines] == [False, False]
    type_on_keyboard(qtbot, k, fields["address"], "Moda Cad. 12/3 Kadıköy")
    click(qtbot, button(window, "kiosk_key_backspace"))
    assert fields["address"].text() == "Moda Cad. 12/3 Kadıkö"
    type_on_keyboard(qtbot, k, fields["address"], "y")
    click(qtbot, aisle.confirm)

    assert window.pages.currentWidget() is window.basket
    assert [(ln.product.sku, int(ln.quantity), ln.remote) for ln in session.sale.cart.lines] == [
        ("MILK1L", 1, False),
        ("TEA1KG", 1, False),
        ("TEA1KG", 2, True),
    ]
    assert not window.basket.offer.isVisible()
    assert window.basket.message.isVisible() and "Ordered" in window.basket.message.text()
    assert any("Delivered to your address" in t for t in visible_texts(window))
    assert not fields["name"].text()  # forgotten once the order is in the basket

    click(qtbot, window.basket.pay)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.done, timeout=10_000)
    [sale] = outbox(k, "order.completed")
    assert sale["channel"] == "kiosk"
    web = sale["web_order"]
    assert (web["fulfilment"], web["delivery_address"]) == ("delivery", "Moda Cad. 12/3 Kadıköy")
    assert web["customer"] == {"name": CUSTOMER[0], "phone": CUSTOMER[1], "email": ""}
    assert [(line["sku"], line["qty_milli"]) for line in web["lines"]] == [("TEA1KG", 2000)]


def test_the_shelf_label_chooses_the_item_without_selling_it(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    k = make_kiosk("en")
    window, session = k.window, k.kiosk.session
    seed_replica(k)
    k.scan(MILK)
    click(qtbot, window.basket.aisle)
    aisle = window.orders.aisle
    assert aisle.steps.currentWidget() is aisle.choose_page
    assert aisle.last_button.isVisible()  # the milk, scanned last
    k.scan("8690000009999")
    assert aisle.choose_error.isVisible() and window.pages.currentWidget() is aisle
    k.scan(TEA)
    assert aisle.steps.currentWidget() is aisle.where_page
    assert [ln.product.sku for ln in session.sale.cart.lines] == ["MILK1L"]
    click(qtbot, aisle.where_back)
    click(qtbot, aisle.choose_back)
    assert window.pages.currentWidget() is window.basket


def test_the_idle_wipe_forgets_what_the_customer_typed(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    k = make_kiosk("tr")
    window, session = k.window, k.kiosk.session
    seed_replica(k)
    k.scan(TEA)
    click(qtbot, window.basket.offer)
    click(qtbot, button(window, "kiosk_aisle_store_S02"))
    aisle = window.orders.aisle
    type_on_keyboard(qtbot, k, aisle.fields["name"], CUSTOMER[0])
    type_on_keyboard(qtbot, k, aisle.fields["phone"], CUSTOMER[1])

    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_there, timeout=3000)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.welcome, timeout=3000)
    assert session.sale.cart.lines == []
    assert [field.text() for field in aisle.fields.values()] == ["", "", ""]
    assert aisle.item is None and aisle.steps.currentWidget() is aisle.choose_page
    assert aisle.keyboard.target is None
    assert [label.text() for label in (aisle.details_where, aisle.item_name)] == ["", ""]
    shown = " ".join(visible_texts(window))
    assert CUSTOMER[0] not in shown and "0532" not in shown
