"""Endless aisle from the stock look-up, and a pay-in-store pickup through the payment screen,
on the last synced data (no backend: the network is cut); the customer display follows the
handover. PNGs go to POS_SCREENSHOT_DIR when it is set."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.checkout.events import Stage
from pos_app.checkout.register import Register
from pos_app.services.bundle import Services
from pos_app.ui.cashier.aisle import OrderElsewhereDialog
from pos_app.ui.cashier.customer_display import HANDOVER_PAGE, SALE_PAGE, CustomerDisplay
from pos_app.ui.cashier.pickup import HandoverDialog, PickupDialog
from pos_app.ui.cashier.stock import StockDialog
from pos_app.ui.models import CartTableModel
from tests.ui.conftest import Till
from tests.ui.screens import stock_dialog
from tests.ui.test_pickup_stock_screens import open_desk, shoot

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    """The screens as the app shows them: with the theme (pos.qss)."""
    from pos_app.ui.style import STYLE_FILE

    before = qapp.styleSheet()
    qapp.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


UNPAID_READY = ("W-000105", "087312")  # tests.replica.seed_pickups: n = 4


def open_stock(qtbot: QtBot, register: Register, services: Services, query: str) -> StockDialog:
    stock = stock_dialog(register, services, None)
    qtbot.addWidget(stock)
    stock.resize(1000, 660)
    stock.show()
    qtbot.waitExposed(stock)
    stock.search_edit.setText(query)
    qtbot.waitUntil(lambda: stock.table.rowCount() >= 5)
    return stock


def open_aisle(qtbot: QtBot, stock: StockDialog) -> OrderElsewhereDialog:
    qtbot.mouseClick(stock.order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OrderElsewhereDialog))
    aisle = QApplication.activeModalWidget()
    assert isinstance(aisle, OrderElsewhereDialog)
    aisle.resize(820, 680)
    return aisle


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_endless_aisle_pickup_at_another_store_offline(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    till: Till,
    lang: str,
    tmp_path: Path,
) -> None:
    register, services = desk_register(lang, minutes_after_sync=75)
    register.staff.open_shift(0)
    stock = open_stock(qtbot, register, services, "süt" if lang == "tr" else "MILK1L")
    aisle = open_aisle(qtbot, stock)
    # No backend and figures 75 minutes old: taken, with the warning.
    assert not aisle.fresh
    warning = "garanti edilmez" if lang == "tr" else "not guaranteed until it syncs"
    assert warning in aisle.note.text()
    assert aisle.pickup_kind.isChecked() and aisle.store_list.currentItem() is not None
    aisle.name_edit.setText("Zeynep Çelik")
    aisle.phone_edit.setText("0532 111 22 33")
    qtbot.mouseClick(aisle.plus_button, Qt.MouseButton.LeftButton)
    shoot(aisle, f"aisle_pickup_{lang}", tmp_path)
    chosen = aisle.store_list.currentItem().text().split()[0]
    qtbot.keyClick(aisle, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not stock.isVisible())  # back to the sale

    [line] = register.sale.cart.lines
    assert line.remote and line.quantity == 2
    assert register.sale.cart.remote_order is not None
    assert register.sale.cart.remote_order.store_code == chosen
    assert not register.sale.cart.remote_order.confirmed
    model = CartTableModel(register.sale.cart, lang)
    shown = model.data(model.index(0, CartTableModel.ITEM))
    assert shown.endswith(f"→ {'mağazadan teslim' if lang == 'tr' else 'pickup at'} {chosen}")
    payment = register.payment.begin_payment()
    register.payment.pay_cash(payment.cash_due_minor())
    register.payment.finish()
    [payload] = [
        json.loads(r["payload_json"]) for r in till.rows("outbox") if r["kind"] == "order.completed"
    ]
    assert payload["web_order"]["store_code"] == chosen
    assert payload["web_order"]["availability_confirmed"] is False
    assert payload["stock_movements"] == []


def test_delivery_needs_an_address_and_says_so(
    qtbot: QtBot, desk_register: Callable[..., Register], till: Till, tmp_path: Path
) -> None:
    register, services = desk_register("en")
    register.staff.open_shift(0)
    stock = open_stock(qtbot, register, services, "MILK1L")
    aisle = open_aisle(qtbot, stock)
    qtbot.mouseClick(aisle.delivery_kind, Qt.MouseButton.LeftButton)
    assert aisle.address_edit.isVisible() and not aisle.store_list.isVisible()
    aisle.name_edit.setText("Zeynep Çelik")
    aisle.phone_edit.setText("0532 111 22 33")
    aisle.address_edit.setPlainText("Moda")
    qtbot.keyClick(aisle, Qt.Key.Key_Return)
    assert aisle.isVisible() and "address" in aisle.error.text()
    assert register.sale.cart.is_empty
    aisle.address_edit.setPlainText("Moda Caddesi No 12 Daire 3, Kadıköy İstanbul")
    shoot(aisle, "aisle_delivery_en", tmp_path)
    qtbot.keyClick(aisle, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not stock.isVisible())
    assert register.sale.cart.remote_order is not None
    assert register.sale.cart.remote_order.kind.value == "delivery"


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_pay_in_store_pickup_goes_through_the_payment_screen(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    till: Till,
    lang: str,
    tmp_path: Path,
) -> None:
    register, services = desk_register(lang)
    register.staff.open_shift(0)
    display = CustomerDisplay(register)
    qtbot.addWidget(display)
    display.resize(800, 600)
    display.show()
    desk = open_desk(qtbot, register, services)
    number, code = UNPAID_READY
    desk.scan(f"POSPICKUP:{number}:{code}")  # the customer's QR opens the handover
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog) and not handover.order.paid
    # The customer sees their order while it is handed over.
    assert display.pages.currentIndex() == HANDOVER_PAGE
    assert number in display.handover_title.text()
    shoot(display, f"display_handover_{lang}", tmp_path)
    shoot(handover, f"handover_unpaid_{lang}", tmp_path)
    assert handover.ok_button.text().startswith("Ödeme al" if lang == "tr" else "Take payment")
    qtbot.keyClick(handover.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not desk.isVisible())

    assert register.stage is Stage.PAYING
    assert register.sale.cart.pickup_payment is not None
    assert register.sale.cart.pickup_payment.number == number
    assert display.pages.currentIndex() == SALE_PAGE
    assert number in display.order_banner.text()
    shoot(display, f"display_pickup_payment_{lang}", tmp_path)
    assert not [r for r in till.rows("outbox") if r["kind"] == "pickup.transition"]
    register.payment.pay_card(register.sale.payment.remaining_minor, "A1B2C3")  # type: ignore[union-attr]
    result = register.payment.finish()

    [transition] = [
        json.loads(r["payload_json"])
        for r in till.rows("outbox")
        if r["kind"] == "pickup.transition"
    ]
    assert transition["number"] == number and transition["to_state"] == "collected"
    assert transition["detail"]["payment_sale_id"] == result.sale.sale_id
    assert transition["detail"]["verified_by"] == "qr"
    view = services.pickup.by_scan(number)
    assert view is not None and view.state == "collected"
    display.close()


def test_a_wrong_code_on_an_unpaid_order_does_not_ring_it_up(
    qtbot: QtBot, desk_register: Callable[..., Register], till: Till
) -> None:
    register, services = desk_register("en")
    register.staff.open_shift(0)
    desk = open_desk(qtbot, register, services)
    number, _code = UNPAID_READY
    desk.scan(number)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog)
    handover.code_edit.setText("000000")
    qtbot.keyClick(handover.code_edit, Qt.Key.Key_Return)
    assert handover.isVisible() and "Wrong pickup code" in handover.error.text()
    assert register.sale.cart.is_empty and register.stage is Stage.SELLING
    handover.reject()
    assert register.pickup.handover is None
    assert isinstance(desk, PickupDialog)


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_stock_look_up_groups_sizes_and_colours(
    qtbot: QtBot, desk_register: Callable[..., Register], lang: str, tmp_path: Path
) -> None:
    from tests.integration.test_variants import _seed as seed_variants

    register, services = desk_register(lang)
    seed_variants(services)
    stock = stock_dialog(register, services, None)
    qtbot.addWidget(stock)
    stock.resize(1000, 700)
    stock.show()
    qtbot.waitExposed(stock)
    stock.search_edit.setText("TS-W-M")
    stock.reload()
    assert stock.variants_table.isVisible()
    labels = [stock.variants_table.item(r, 0).text() for r in range(5)]
    assert labels == ["Beyaz · S", "Beyaz · M", "Beyaz · XL", "Lacivert · L", "Lacivert · 42"]
    assert stock.variants_table.item(1, 1).font().bold()  # the item looked up
    assert [stock.variants_table.item(3, c).text() for c in (1, 2)] == ["0", "4"]
    shoot(stock, f"stock_variants_{lang}", tmp_path)
    # Tapping another size shows its figures (ready to be ordered elsewhere).
    stock.variants_table.cellClicked.emit(3, 0)
    found = stock.selected()
    assert found is not None and found.sku == "TS-N-L"
    stock.search_edit.setText("MILK1L")
    stock.reload()
    assert not stock.variants_table.isVisible()
