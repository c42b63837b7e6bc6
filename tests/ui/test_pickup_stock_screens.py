"""The pickup desk and the stock look-up on the last synced data, with no backend at all (the
network is cut): lists, search, overdue, the data's age, the handover checks, and both
screens in Turkish and English (rendered to PNG; POS_SCREENSHOT_DIR keeps them)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from pos_app.checkout.register import Register
from pos_app.services.bundle import Services
from pos_app.ui.cashier.pickup import HandoverDialog, PickupDialog
from pos_app.ui.cashier.stock import StockDialog
from tests.replica import seed_pickups
from tests.ui.conftest import Till
from tests.ui.screens import pickup_dialog, stock_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SYNCED = datetime(2026, 11, 23, 11, 40, tzinfo=UTC)


def shoot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    for _ in range(5):
        QApplication.processEvents()
    target = Path(os.environ.get("POS_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def open_desk(qtbot: QtBot, register: Register, services: Services) -> PickupDialog:
    dialog = pickup_dialog(register, services, None)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_desk_lists_by_state_with_overdue_first(
    qtbot: QtBot, desk_register: Callable[..., Register]
) -> None:
    dialog = open_desk(qtbot, *desk_register())
    counts = {name: b.text() for name, b in dialog.tab_buttons.items()}
    assert counts == {
        "to_prepare": "To prepare (3)",
        "ready": "Ready (2)",
        "overdue": "Overdue (1)",
        "collected": "Collected (1)",
        "cancelled": "Cancelled (1)",
    }
    assert dialog.orders[0].number == "W-000101" and dialog.orders[0].overdue
    assert dialog.table.item(0, 0).foreground().color().name() == "#9b1c1c"
    assert "OVERDUE" in dialog.detail_label.text()
    assert dialog.lines_table.rowCount() == 1 and dialog.lines_table.item(0, 2).text() == "A-01-1"
    assert "just now" in dialog.age_label.text() or "5 min ago" in dialog.age_label.text()
    qtbot.mouseClick(dialog.tab_buttons["ready"], Qt.MouseButton.LeftButton)
    assert sorted(o.number for o in dialog.orders) == ["W-000104", "W-000105"]
    assert dialog.handover_button.isEnabled() and not dialog.prepare_button.isEnabled()


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("ISIK", ["W-000101", "W-000106"]),  # Işık, typed without the Turkish letters
        ("ismail sahin", ["W-000103"]),  # İsmail Şahin
        ("541 222", ["W-000102", "W-000107"]),
        ("0541 222 33 44", ["W-000102", "W-000107"]),
        ("105", ["W-000105"]),
    ],
)
def test_search_by_name_phone_and_number_is_turkish_aware(
    qtbot: QtBot, desk_register: Callable[..., Register], query: str, numbers: list[str]
) -> None:
    dialog = open_desk(qtbot, *desk_register())
    qtbot.keyClicks(dialog.search_edit, query)
    qtbot.waitUntil(lambda: sorted(o.number for o in dialog.orders) == numbers)


def test_offline_the_desk_says_how_old_its_data_is(
    qtbot: QtBot, desk_register: Callable[..., Register]
) -> None:
    dialog = open_desk(qtbot, *desk_register(minutes_after_sync=75))
    text = dialog.age_label.text()
    assert "1 h 15 min ago" in text and "Offline or not synced lately" in text


def test_a_wrong_pickup_code_hands_nothing_over(
    qtbot: QtBot, desk_register: Callable[..., Register], till: Till
) -> None:
    dialog = open_desk(qtbot, *desk_register())
    qtbot.mouseClick(dialog.tab_buttons["ready"], Qt.MouseButton.LeftButton)
    before = len(till.rows("outbox"))
    dialog.hand_over()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog)
    qtbot.keyClicks(handover.code_edit, "999999")
    qtbot.keyClick(handover.code_edit, Qt.Key.Key_Return)
    assert handover.isVisible() and "Wrong pickup code" in handover.error.text()
    assert len(till.rows("outbox")) == before
    handover.reject()


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_screens_in_both_languages(
    qtbot: QtBot, desk_register: Callable[..., Register], lang: str, tmp_path: Path
) -> None:
    register, services = desk_register(lang, minutes_after_sync=75)
    dialog = open_desk(qtbot, register, services)
    shoot(dialog, f"pickup_{lang}", tmp_path)
    qtbot.mouseClick(dialog.tab_buttons["ready"], Qt.MouseButton.LeftButton)
    dialog.hand_over()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog)
    next(iter(handover.refused.values())).setValue(1)
    shoot(handover, f"handover_{lang}", tmp_path)
    handover.reject()
    dialog.hide()
    stock = stock_dialog(register, services, None)
    qtbot.addWidget(stock)
    stock.resize(1000, 640)
    stock.show()
    qtbot.waitExposed(stock)
    stock.search_edit.setText("süt" if lang == "tr" else "MILK1L")  # keyClicks is ASCII-only
    qtbot.waitUntil(lambda: stock.table.rowCount() >= 5)
    here = stock.table.item(0, 0).text()
    assert ("Burada" if lang == "tr" else "Here") in here
    assert stock.table.item(stock.table.rowCount() - 1, 0).text() in (
        "Online (web shop)",
        "Çevrimiçi (web mağazası)",
    )
    shoot(stock, f"stock_{lang}", tmp_path)


def test_the_window_opens_the_desk_and_the_stock_look_up_from_the_keyboard(
    qtbot: QtBot, make_app: Any, till: Till, tmp_path: Path
) -> None:
    from tests.ui.conftest import open_shift, sign_in

    seed_pickups(till.engine, SYNCED)
    window = make_app().window
    sign_in(qtbot, window, till.cashier, "4826")
    open_shift(qtbot, window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale)
    assert window.pickup_button.isVisible() and window.stock_button.isVisible()
    shoot(window, "sale_header_en", tmp_path)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PickupDialog))
    desk = QApplication.activeModalWidget()
    assert isinstance(desk, PickupDialog) and desk.orders
    # A scan while the desk is open goes to the desk, not to the sale.
    window.on_scan("POSPICKUP:W-000104:999999")
    assert "No pickup order" in desk.error.text()
    assert window.register.sale.cart.is_empty
    desk.reject()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StockDialog))
    stock = QApplication.activeModalWidget()
    assert isinstance(stock, StockDialog)
    stock.reject()
