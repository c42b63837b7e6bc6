"""Scans in the stock look-up (Ctrl+I) and the pickup desk (Ctrl+O) of the running app.

A keyboard-wedge scanner types its code and Enter into whatever has the focus; while a dialog
is open the scanner filter lets every key through to it. The dialog must show the item or
order and stay open (only Esc closes it), wherever the focus is: the search box, a list, a
button. Keys are sent at scanner speed (no delay) to the focused widget, as the scanner would.
"""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from pos_app.ui.cashier.pickup import HandoverDialog, PickupDialog
from pos_app.ui.cashier.stock import StockDialog
from tests.fakes import SEED
from tests.replica import seed_pickups
from tests.ui.conftest import DESK_SYNCED, HUMAN_DELAY_MS, Till, open_shift, sign_in

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MILK, TEA = SEED[0], SEED[1]
SETTLE_MS = 400  # longer than the look-up's search-as-you-type delay (150 ms)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def scanner_types(qtbot: QtBot, code: str) -> None:
    """A scanner: the code and Enter, as fast as keys go, where the focus is."""
    qtbot.keyClicks(focused(), code)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def person_types(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text, delay=HUMAN_DELAY_MS)
    qtbot.wait(HUMAN_DELAY_MS)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def still_open(qtbot: QtBot, dialog: QDialog) -> bool:
    qtbot.wait(SETTLE_MS)
    return shiboken6.isValid(dialog) and dialog.isVisible() and dialog.result() == 0


def selling(qtbot: QtBot, make_app: Any, till: Till) -> Any:
    cashier = make_app()
    sign_in(qtbot, cashier.window, till.cashier, "4826")
    open_shift(qtbot, cashier.window)
    qtbot.waitUntil(lambda: cashier.window.stack.currentWidget() is cashier.window.sale)
    return cashier


def open_stock(qtbot: QtBot, cashier: Any) -> StockDialog:
    qtbot.keyClick(cashier.window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StockDialog))
    stock = QApplication.activeModalWidget()
    assert isinstance(stock, StockDialog)
    qtbot.waitUntil(stock.search_edit.hasFocus)
    return stock


def shown_sku(stock: StockDialog) -> str:
    found = stock.selected()
    return found.sku if found is not None else ""


def test_a_scan_shows_the_item_and_the_look_up_stays_open_until_esc(
    qtbot: QtBot, make_app: Any, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    stock = open_stock(qtbot, cashier)
    scanner_types(qtbot, str(MILK.barcode))
    assert still_open(qtbot, stock)
    assert shown_sku(stock) == "MILK1L" and stock.table.rowCount() >= 2
    # The next scan replaces the code (it is selected), not appends to it.
    scanner_types(qtbot, str(TEA.barcode))
    assert still_open(qtbot, stock)
    assert stock.search_edit.text() == TEA.barcode and shown_sku(stock) == "TEA1KG"
    assert cashier.register.sale.cart.is_empty  # the scans went to the look-up, not the sale
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(stock) or not stock.isVisible())


def test_a_scan_lands_in_the_search_wherever_the_focus_is(
    qtbot: QtBot, make_app: Any, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    stock = open_stock(qtbot, cashier)
    scanner_types(qtbot, "MILK1L")
    assert still_open(qtbot, stock) and shown_sku(stock) == "MILK1L"
    # The list of items found has the focus (a tap on it): a scan is not its keyboard search.
    stock.result_list.setFocus()
    qtbot.waitUntil(stock.result_list.hasFocus)
    scanner_types(qtbot, str(TEA.barcode))
    assert still_open(qtbot, stock) and shown_sku(stock) == "TEA1KG"
    # A button has the focus: its Enter must not press it (Manager mode would ask a PIN).
    stock.manager_button.setFocus()
    qtbot.waitUntil(stock.manager_button.hasFocus)
    scanner_types(qtbot, str(MILK.barcode))
    assert still_open(qtbot, stock) and shown_sku(stock) == "MILK1L"
    assert QApplication.activeModalWidget() is stock  # no PIN dialog over it
    stock.reject()


def test_a_person_typing_a_code_and_enter_sees_the_item(
    qtbot: QtBot, make_app: Any, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    stock = open_stock(qtbot, cashier)
    person_types(qtbot, "TEA1KG")
    assert still_open(qtbot, stock) and shown_sku(stock) == "TEA1KG"
    # Enter on the list (a person choosing among the results) keeps the look-up open too.
    stock.result_list.setFocus()
    qtbot.keyClick(stock.result_list, Qt.Key.Key_Return)
    assert still_open(qtbot, stock) and shown_sku(stock) == "TEA1KG"
    stock.reject()


def test_the_pickup_desk_takes_scans_and_stays_open_until_esc(
    qtbot: QtBot, make_app: Any, till: Till
) -> None:
    orders = seed_pickups(till.engine, DESK_SYNCED)
    placed = [o for o in orders if o["state"] == "placed"]
    ready = next(o for o in orders if o["state"] == "ready")
    cashier = selling(qtbot, make_app, till)
    qtbot.keyClick(cashier.window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PickupDialog))
    desk = QApplication.activeModalWidget()
    assert isinstance(desk, PickupDialog)
    qtbot.waitUntil(desk.search_edit.hasFocus)
    scanner_types(qtbot, placed[0]["qr_payload"])
    assert still_open(qtbot, desk)
    assert [o.number for o in desk.orders] == [placed[0]["number"]]
    # The list has the focus now (Enter there moves the order on): the next scan must go to
    # the search, not the list's keyboard search, and its Enter must not prepare the order.
    desk.table.setFocus()
    qtbot.waitUntil(desk.table.hasFocus)
    scanner_types(qtbot, placed[1]["qr_payload"])
    assert still_open(qtbot, desk)
    assert [(o.number, o.state) for o in desk.orders] == [(placed[1]["number"], "placed")]
    assert desk.pickups.get(placed[0]["id"]).state == "placed"  # nothing was prepared
    # A ready order's QR opens the handover over the desk, as a routed scan does.
    scanner_types(qtbot, ready["qr_payload"])
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog) and handover.order.number == ready["number"]
    handover.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is desk)
    assert desk.isVisible()
    desk.activateWindow()
    desk.search_edit.setFocus()
    qtbot.waitUntil(desk.search_edit.hasFocus)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(desk) or not desk.isVisible())
