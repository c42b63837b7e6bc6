"""The web order return screen on the last synced data, with no backend at all (the network
is cut): search as you type, the customer's QR, quantities and refund method, the manager's
PIN outside the window, the confirmation with the amount, the data's age; in English and in
Turkish (rendered to PNG; POS_SCREENSHOT_DIR keeps them)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from pos_app.app import build_register, build_services, open_engine
from pos_app.checkout.events import Stage
from pos_app.checkout.register import Register
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.ui.cashier.dialogs import ApprovalDialog, ConfirmDialog
from pos_app.ui.cashier.web_returns import WebReturnDialog
from pos_app.ui.i18n import LanguageSwitcher, format_money
from tests.fakes import SEED, FakeClock
from tests.ui.conftest import Till
from tests.ui.screens import return_screen, web_return_dialog
from tests.web_orders_data import line, qr, seed, web_order

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SYNCED = datetime(2026, 11, 23, 11, 40, tzinfo=UTC)
MILK, TEA, SOAP, _BREAD, APPLE = SEED


def orders() -> dict[str, dict[str, Any]]:
    return {
        "recent": web_order(
            301,
            [
                line(MILK.sku, "Tam Yağlı Süt 1 L", 3000, 4550),
                line(TEA.sku, "Siyah Çay 1 kg", 1000, 29990, returned_milli=0),
                line(SOAP.sku, "Sıvı Sabun 500 ml", 2000, 8990, returnable=False),
                line(APPLE.sku, "Elma Amasya", 1250, 4990),
            ],
            returnable_from=SYNCED - timedelta(days=3),
        ),
        "late": web_order(
            302,
            [line(MILK.sku, "Tam Yağlı Süt 1 L", 2000, 4550)],
            returnable_from=SYNCED - timedelta(days=35),
            name="Çağla Öztürk",
            phone="+90 541 222 33 44",
            fulfilment="delivery",
        ),
        "in_store": web_order(
            303,
            [line(TEA.sku, "Siyah Çay 1 kg", 1000, 29990)],
            returnable_from=SYNCED - timedelta(days=1),
            name="Işıl Şahin",
            phone="05053334455",
            paid=False,
            payment_method="in_store",
        ),
    }


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    """The screens as the app shows them: with the theme (pos.qss)."""
    from pos_app.ui.style import STYLE_FILE

    before = qapp.styleSheet()
    qapp.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


@pytest.fixture
def returns_register(
    till: Till, qapp: QApplication, qm_dir: Path, restore_locale: None
) -> Iterator[Callable[..., tuple[Register, Services]]]:
    """A signed-in register in a return, over a replica synced ``minutes_after_sync`` ago, and
    the services its screens are given."""
    made: list[Any] = []

    def make(lang: str = "en", minutes_after_sync: int = 5) -> tuple[Register, Services]:
        seed(till.engine, SYNCED, list(orders().values()))
        clock = FakeClock(SYNCED + timedelta(minutes=minutes_after_sync))
        services = build_services(till.settings, open_engine(till.settings), clock)
        register = build_register(services, PrinterDrawer(services.printing), language=lang)
        register.sign_in(till.cashier.user_id, "4826")
        register.staff.open_shift(50000)
        register.returns.begin_return()
        switcher = LanguageSwitcher(qapp, qm_dir)
        switcher.set_language(lang)
        made.append((services, switcher))
        return register, services

    yield make
    for services, switcher in made:
        switcher.set_language("en")
        switcher.deleteLater()
        services.close()


def shoot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    for _ in range(5):
        QApplication.processEvents()
    target = Path(os.environ.get("POS_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def open_dialog(qtbot: QtBot, register: Register, services: Services) -> WebReturnDialog:
    dialog = web_return_dialog(register, services, None)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def modal(qtbot: QtBot, kind: type[QWidget]) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def facts(till: Till, kind: str) -> list[dict[str, Any]]:
    return [json.loads(r["payload_json"]) for r in till.rows("outbox", kind=kind)]


def test_search_as_you_type_finds_orders_by_name_phone_and_number(
    qtbot: QtBot, returns_register: Callable[..., Register]
) -> None:
    dialog = open_dialog(qtbot, *returns_register())
    assert dialog.orders == [] and "Type or scan" in dialog.detail_label.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.search_edit, "isil")  # Işıl, typed without the Turkish letters
    qtbot.waitUntil(lambda: [o.number for o in dialog.orders] == ["W-000303"])
    dialog.search_edit.clear()
    qtbot.keyClicks(dialog.search_edit, "0541 222 33")
    qtbot.waitUntil(lambda: [o.number for o in dialog.orders] == ["W-000302"])
    dialog.search_edit.setText("301")
    qtbot.waitUntil(lambda: [o.number for o in dialog.orders] == ["W-000301"])
    assert dialog.lines_table.rowCount() == 4
    assert "Not returnable" in dialog.lines_table.item(2, 0).text()
    assert "5 min ago" in dialog.age_label.text()


def test_an_order_scanned_from_the_customers_phone_is_refunded_online(
    qtbot: QtBot, returns_register: Callable[..., Register], till: Till
) -> None:
    register, services = returns_register()
    dialog = open_dialog(qtbot, register, services)
    dialog.scan(qr(orders()["recent"]))
    assert dialog.selected() is not None and dialog.selected().number == "W-000301"
    assert dialog.lines_table.currentRow() == 0  # the milk
    qtbot.keyClick(dialog.lines_table, Qt.Key.Key_F4)
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.lines_table, Qt.Key.Key_F3)
    assert dialog.quantities() == {MILK.sku: 2000}
    assert dialog.lines_table.item(0, 3).text() == "2"
    dialog.lines_table.selectRow(3)
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)  # weighed: the whole line
    assert dialog.quantities() == {MILK.sku: 2000, APPLE.sku: 1250}
    assert dialog.refund_minor() == (13650 - 4550) + 6238
    assert dialog.method == "online_payment"
    assert dialog.refund_label.text() == "Refund ₺153.38"
    assert "no money leaves the drawer" in dialog.note_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    confirm = modal(qtbot, ConfirmDialog)
    assert "₺153.38" in confirm.question.text() and "W-000301" in confirm.question.text()
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: register.stage is Stage.DONE)
    [fact] = facts(till, "web_order.returned")
    assert fact["web_return"]["lines"] == [
        {"sku": MILK.sku, "qty_milli": 2000, "amount_minor": 9100},
        {"sku": APPLE.sku, "qty_milli": 1250, "amount_minor": 6238},
    ]
    assert register.sale.last_result is not None and register.sale.last_result.drawer is None


def test_outside_the_window_the_manager_types_a_pin(
    qtbot: QtBot, returns_register: Callable[..., Register], till: Till
) -> None:
    register, services = returns_register()
    dialog = open_dialog(qtbot, register, services)
    dialog.search_edit.setText("302")
    qtbot.waitUntil(lambda: len(dialog.orders) == 1)
    assert "return window ended" in dialog.window_label.text()
    assert dialog.window_label.isVisible()
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.method_buttons["store_credit"], Qt.MouseButton.LeftButton)
    assert "manager's PIN" in dialog.note_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    approval = modal(qtbot, ApprovalDialog)
    assert [u.name for u in approval.approvers] == ["Zeynep"]  # managers only
    qtbot.keyClicks(approval.pin, "1234")
    qtbot.keyClick(approval.pin, Qt.Key.Key_Return)
    assert approval.isVisible() and approval.error.isVisible()  # a wrong PIN
    approval.pin.setText("739164")
    qtbot.keyClick(approval.pin, Qt.Key.Key_Return)
    confirm = modal(qtbot, ConfirmDialog)
    assert "store credit voucher of ₺45.50" in confirm.question.text()
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: register.stage is Stage.DONE)
    assert register.sale.last_result is not None
    assert register.sale.last_result.sale.store_credit_voucher is not None
    [fact] = facts(till, "web_order.returned")
    assert fact["web_return"]["override"]["approver_name"] == "Zeynep"
    assert fact["web_return"]["override_reasons"] == ["outside_window"]


def test_an_order_paid_in_store_offers_no_online_refund_and_nothing_is_written_on_cancel(
    qtbot: QtBot, returns_register: Callable[..., Register], till: Till
) -> None:
    dialog = open_dialog(qtbot, *returns_register())
    dialog.search_edit.setText("303")
    qtbot.waitUntil(lambda: len(dialog.orders) == 1)
    assert not dialog.method_buttons["online_payment"].isEnabled()
    assert dialog.method == "store_credit"
    qtbot.keyClick(dialog.lines_table, Qt.Key.Key_Space)  # all of the line
    assert dialog.quantities() == {TEA.sku: 1000}
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    confirm = modal(qtbot, ConfirmDialog)
    confirm.reject()
    assert till.rows("outbox") == [] and till.rows("web_return") == []
    assert dialog.isVisible()


def test_an_exchange_goes_on_to_the_sale_with_the_credit(
    qtbot: QtBot, returns_register: Callable[..., Register]
) -> None:
    register, services = returns_register()
    dialog = open_dialog(qtbot, register, services)
    dialog.search_edit.setText("301")
    qtbot.waitUntil(lambda: len(dialog.orders) == 1)
    dialog.set_quantity(TEA.sku, 1000)
    qtbot.mouseClick(dialog.method_buttons["exchange"], Qt.MouseButton.LeftButton)
    assert dialog.ok_button.text().startswith("Exchange")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    confirm = modal(qtbot, ConfirmDialog)
    qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: register.stage is Stage.SELLING)
    assert register.sale.exchange_credit_minor == 29990


def test_offline_the_screen_says_how_old_its_data_is(
    qtbot: QtBot, returns_register: Callable[..., Register], tmp_path: Path
) -> None:
    dialog = open_dialog(qtbot, *returns_register(minutes_after_sync=75))
    text = dialog.age_label.text()
    assert "1 h 15 min ago" in text and "Offline or not synced lately" in text
    assert dialog.age_label.property("kind") == "message"
    dialog.scan("541 222 33 44")  # the phone typed by a wedge, or scanned from a card
    assert [o.number for o in dialog.orders] == ["W-000302"]
    assert shoot(dialog, "web_return_offline_en", tmp_path).stat().st_size > 0


def test_the_returns_screen_opens_it_and_routes_the_qr(
    qtbot: QtBot, returns_register: Callable[..., Register]
) -> None:
    register, services = returns_register()
    screen = return_screen(register, services)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.web_order_button.text() == "Web order (F7)"
    screen.scan(qr(orders()["late"]))
    dialog = modal(qtbot, WebReturnDialog)
    assert dialog.selected() is not None and dialog.selected().number == "W-000302"
    dialog.reject()


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_screenshots(
    qtbot: QtBot, returns_register: Callable[..., Register], tmp_path: Path, lang: str
) -> None:
    register, services = returns_register(lang=lang)
    screen = return_screen(register, services)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    qtbot.waitExposed(screen)
    assert shoot(screen, f"returns_screen_{lang}", tmp_path).stat().st_size > 0
    dialog = open_dialog(qtbot, register, services)
    dialog.scan(qr(orders()["recent"]))
    dialog.set_quantity(MILK.sku, 2000)
    dialog.set_quantity(SOAP.sku, 1000)
    dialog.set_quantity(TEA.sku, 9000)  # clamped to what may come back
    assert dialog.quantities() == {MILK.sku: 2000, SOAP.sku: 1000, TEA.sku: 1000}
    assert shoot(dialog, f"web_return_{lang}", tmp_path).stat().st_size > 0
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    approval = modal(qtbot, ApprovalDialog)
    assert shoot(approval, f"web_return_approval_{lang}", tmp_path).stat().st_size > 0
    approval.pin.setText("739164")
    qtbot.keyClick(approval.pin, Qt.Key.Key_Return)
    confirm = modal(qtbot, ConfirmDialog)
    assert shoot(confirm, f"web_return_confirm_{lang}", tmp_path).stat().st_size > 0
    confirm.reject()
    dialog.search_edit.setText("302")
    qtbot.waitUntil(lambda: [o.number for o in dialog.orders] == ["W-000302"])
    assert shoot(dialog, f"web_return_late_{lang}", tmp_path).stat().st_size > 0
    assert dialog.window_label.isVisible()
    assert format_money(0, lang) in dialog.refund_label.text()  # 0,00 ₺ in Turkish
