"""Endless aisle against a real backend process: an item not on this store's shelf sold
from the stock look-up for home delivery (and for pickup at another store), paid here,
arriving on the backend as a paid web order with the address or the chosen store."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.app import build_register, build_services
from pos_app.checkout.register import Register
from pos_app.domain.roles import Role
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.ui.cashier.aisle import OrderElsewhereDialog
from tests.sync.conftest import LiveBackend, TerminalFactory
from tests.sync.test_pickup_desk import ADMIN, admin
from tests.ui.screens import stock_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ADDRESS = "Moda Caddesi No 12 Daire 3, Kadıköy İstanbul"


def receive(backend: LiveBackend, store: str, sku: str, qty: int) -> None:
    admin(
        backend,
        "POST",
        "/stock/movements",
        json={"store": store, "sku": sku, "qty_milli": qty * 1000, "reason": "receive"},
    )


def orders_of(backend: LiveBackend) -> list[dict[str, Any]]:
    response = httpx.get(f"{backend.url}/api/v1/orders", headers=ADMIN, timeout=10.0)
    assert response.status_code == 200, response.text
    body = response.json()
    items: list[dict[str, Any]] = body["items"] if isinstance(body, dict) else body
    return items


@pytest.fixture
def till(
    qtbot: QtBot, qapp: QApplication, live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> Any:
    """S01 sells; S02 has the tea. The terminal synced the stock and has a shift open."""
    live_backend.store("S02", "Beşiktaş")
    receive(live_backend, "S02", "E2E-TEA", 4)
    terminal = terminal_factory(live_backend)
    terminal.sync_until_idle()
    services = build_services(terminal.settings, terminal.engine)
    user = services.users.add("Ayşe", Role.CASHIER, "4826")
    register = build_register(services, PrinterDrawer(services.printing), language="tr")
    register.sign_in(user.user_id, "4826")
    register.staff.open_shift(0)
    yield live_backend, terminal, register, services
    services.close()


def order_from_stock(qtbot: QtBot, register: Register, services: Services) -> OrderElsewhereDialog:
    stock = stock_dialog(register, services, None)
    qtbot.addWidget(stock)
    stock.show()
    stock.search_edit.setText("E2E-TEA")
    stock.reload()
    found = stock.selected()
    assert found is not None and [o.store_code for o in found.others] == ["S02"]
    assert found.others[0].available_milli == 4000
    qtbot.mouseClick(stock.order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OrderElsewhereDialog))
    aisle = QApplication.activeModalWidget()
    assert isinstance(aisle, OrderElsewhereDialog)
    aisle.name_edit.setText("Zeynep Çelik")
    aisle.phone_edit.setText("0532 111 22 33")
    return aisle


def pay_and_sync(register: Register, terminal: Any) -> str:
    payment = register.payment.begin_payment()
    register.payment.pay_card(payment.remaining_minor, "OK1234")
    result = register.payment.finish()
    terminal.sync_until_idle()
    return result.sale.receipt_no


def test_an_endless_aisle_sale_arrives_as_a_delivery_order(qtbot: QtBot, till: Any) -> None:
    backend, terminal, register, services = till
    aisle = order_from_stock(qtbot, register, services)
    qtbot.mouseClick(aisle.delivery_kind, Qt.MouseButton.LeftButton)
    aisle.address_edit.setPlainText(ADDRESS)
    qtbot.mouseClick(aisle.plus_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(aisle.ok_button, Qt.MouseButton.LeftButton)
    assert not shiboken6.isValid(aisle) or not aisle.isVisible()
    [line] = register.sale.cart.lines
    assert line.remote and line.quantity == 2
    receipt_no = pay_and_sync(register, terminal)

    [order] = [o for o in orders_of(backend) if o.get("origin_receipt_no") == receipt_no]
    assert order["fulfilment"] == "delivery"
    assert order["delivery_address"] == ADDRESS
    assert order["paid"] is True and order["state"] == "placed"
    assert order["customer_name"] == "Zeynep Çelik"
    assert [(li["sku"], li["qty_milli"]) for li in order["lines"]] == [("E2E-TEA", 2000)]
    assert order["total_minor"] == line.unit_price_minor * 2
    # Nothing left S01's shelf for it.
    tea = admin(backend, "GET", "/stock/E2E-TEA")["stores"]
    assert tea.get("S01", {}).get("on_hand_milli", 0) == 0


def test_an_endless_aisle_sale_reserves_at_the_chosen_store(qtbot: QtBot, till: Any) -> None:
    backend, terminal, register, services = till
    aisle = order_from_stock(qtbot, register, services)
    assert aisle.pickup_kind.isChecked()
    assert aisle.store_list.currentItem() is not None
    qtbot.mouseClick(aisle.ok_button, Qt.MouseButton.LeftButton)
    receipt_no = pay_and_sync(register, terminal)

    [order] = [o for o in orders_of(backend) if o.get("origin_receipt_no") == receipt_no]
    assert (order["fulfilment"], order["store"], order["paid"]) == ("pickup", "S02", True)
    level = admin(backend, "GET", "/stock/E2E-TEA")["stores"]["S02"]
    assert (level["reserved_milli"], level["available_milli"]) == (1000, 3000)
