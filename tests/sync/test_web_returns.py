"""Online orders returned in a store, against a real backend process: a collected pickup order
of one store taken back through the screens at another store's till and shown against the
original order on the backend (refund owed online, stock back at the returning store); and,
with the backend stopped, the till still finds the order, shows how old its data is, and
takes a return that waits in the outbox."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.app import build_register, build_services
from pos_app.checkout.events import Stage
from pos_app.domain.roles import Role
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.services.web_returns import WebOrderView
from pos_app.ui.cashier.dialogs import ConfirmDialog
from pos_app.ui.cashier.web_returns import WebReturnDialog
from sync.client.errors import TransportError
from tests.fakes import FakeClock
from tests.sync.conftest import ADMIN_TOKEN, LiveBackend, LiveTerminal, TerminalFactory
from tests.ui.screens import return_screen

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
TEA, SOAP = 29990, 8990  # E2E-TEA and E2E-SOAP of tests.sync.conftest.CATALOG


def admin(backend: LiveBackend, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(
        method, f"{backend.url}/api/v1{path}", headers=ADMIN, timeout=10.0, **kwargs
    )
    assert response.status_code < 300, response.text
    return response.json()


def on_hand(backend: LiveBackend, sku: str, store: str) -> int:
    stores = admin(backend, "GET", f"/stock/{sku}")["stores"]
    return int(stores.get(store, {}).get("on_hand_milli", 0))


def collected_order(backend: LiveBackend) -> Any:
    """A paid pickup order of S01 (a tea, two soaps), prepared, ready and collected."""
    for sku in ("E2E-TEA", "E2E-SOAP"):
        admin(
            backend,
            "POST",
            "/stock/movements",
            json={"store": "S01", "sku": sku, "qty_milli": 5000, "reason": "receive"},
        )
    order = admin(
        backend,
        "POST",
        "/orders",
        json={
            "fulfilment": "pickup",
            "store": "S01",
            "customer": {"name": "Işık Yılmaz", "phone": "0532 111 22 33"},
            "lines": [
                {"sku": "E2E-TEA", "qty_milli": 1000},
                {"sku": "E2E-SOAP", "qty_milli": 2000},
            ],
            "paid": True,
        },
    )
    for before, after in (("placed", "prepared"), ("prepared", "ready"), ("ready", "collected")):
        admin(
            backend,
            "POST",
            f"/orders/{order['number']}/transition",
            json={"expected_state": before, "to_state": after},
        )
    return order


class Till:
    """A terminal of store S02 with its services and a cashier in a return."""

    def __init__(self, terminal: LiveTerminal, clock: FakeClock | None = None) -> None:
        self.terminal = terminal
        self.services: Services = build_services(terminal.settings, terminal.engine, clock)
        user = self.services.users.add("Ayşe", Role.CASHIER, "4826")
        self.services.users.add("Zeynep", Role.MANAGER, "739164")
        self.register = build_register(self.services, PrinterDrawer(self.services.printing))
        self.register.sign_in(user.user_id, "4826")
        self.register.staff.open_shift(50000)
        self.register.returns.begin_return()

    def open_dialog(self, qtbot: QtBot, code: str) -> WebReturnDialog:
        """The Returns screen, the customer's QR under the scanner: the web order opens."""
        screen = return_screen(self.register, self.services)
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        screen.scan(code)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), WebReturnDialog))
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, WebReturnDialog)
        qtbot.waitExposed(dialog)
        dialog.activateWindow()  # keys go where the cashier's focus is
        qtbot.waitUntil(dialog.isActiveWindow)
        return dialog

    def close(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if shiboken6.isValid(widget) and isinstance(widget, WebReturnDialog):
                widget.hide()
        self.services.close()


def confirm(qtbot: QtBot, dialog: WebReturnDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConfirmDialog))
    question = QApplication.activeModalWidget()
    assert isinstance(question, ConfirmDialog)
    qtbot.keyClick(question, Qt.Key.Key_Return)


def test_an_online_order_returned_in_another_store_shows_on_the_backend(
    qtbot: QtBot, qapp: QApplication, live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    live_backend.store("S02", "Beşiktaş")
    order = collected_order(live_backend)
    terminal = terminal_factory(live_backend, store_code="S02")  # bootstraps: the order comes
    till = Till(terminal)
    try:
        dialog = till.open_dialog(qtbot, order["qr_payload"])
        selected = dialog.selected()
        assert selected is not None and selected.number == order["number"]
        assert [(li.sku, li.left_milli) for li in selected.lines] == [
            ("E2E-TEA", 1000),
            ("E2E-SOAP", 2000),
        ]
        dialog.lines_table.selectRow(1)
        qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)  # one soap of two
        assert dialog.method == "online_payment"
        assert dialog.refund_minor() == SOAP
        confirm(qtbot, dialog)
        qtbot.waitUntil(lambda: till.register.stage is Stage.DONE)
        result = till.register.sale.last_result
        assert result is not None and result.sale.total_minor == -SOAP

        terminal.sync_until_idle()
        stored = admin(live_backend, "GET", f"/orders/{order['number']}")
        assert [(r["store"], r["receipt_no"], r["refund_method"]) for r in stored["returns"]] == [
            ("S02", result.sale.receipt_no, "online_payment")
        ]
        assert stored["returns"][0]["lines"] == [
            {"sku": "E2E-SOAP", "qty_milli": 1000, "amount_minor": SOAP, "over_milli": 0}
        ]
        assert [li["returned_milli"] for li in stored["lines"]] == [0, 1000]
        owed = [r for r in stored["refunds"] if r["reason"] == "returned_in_store"]
        assert [(r["amount_minor"], r["state"]) for r in owed] == [(SOAP, "pending")]
        assert on_hand(live_backend, "E2E-SOAP", "S02") == 1000  # back at the returning store
        assert on_hand(live_backend, "E2E-SOAP", "S01") == 5000 - 2000
        receipt = admin(live_backend, "GET", f"/pos-orders/{result.sale.receipt_no}")
        assert receipt["kind"] == "return"

        # The backend's copy now lists the return: not counted twice here.
        again = till.services.web_returns.find(order["number"])
        assert isinstance(again, WebOrderView)
        assert [(li.returned_milli, li.pending_milli, li.left_milli) for li in again.lines] == [
            (0, 0, 1000),
            (1000, 0, 1000),
        ]
        assert again.unsynced_returns == 0
    finally:
        till.close()


def test_with_the_backend_stopped_the_order_is_found_and_its_age_shown(
    qtbot: QtBot, qapp: QApplication, live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    order = collected_order(live_backend)
    terminal = terminal_factory(live_backend)
    live_backend.process.stop()  # the network is cut
    with pytest.raises(TransportError):
        terminal.client().run_once()
    later = FakeClock(live_backend.now() + timedelta(minutes=75))
    till = Till(terminal, later)
    try:
        dialog = till.open_dialog(qtbot, order["qr_payload"])
        age = dialog.age_label.text()
        assert "1 h 15 min ago" in age and "Offline or not synced lately" in age
        dialog.search_edit.setText("0532 111 22 33")  # by phone too
        qtbot.waitUntil(lambda: [o.number for o in dialog.orders] == [order["number"]])
        qtbot.mouseClick(dialog.method_buttons["store_credit"], Qt.MouseButton.LeftButton)
        dialog.lines_table.setFocus()
        qtbot.keyClick(dialog.lines_table, Qt.Key.Key_Space)  # all of the tea
        assert dialog.quantities() == {"E2E-TEA": 1000}
        confirm(qtbot, dialog)
        qtbot.waitUntil(lambda: till.register.stage is Stage.DONE)
        result = till.register.sale.last_result
        assert result is not None and result.sale.store_credit_voucher is not None
        assert till.services.sales.voucher_balance(result.sale.store_credit_voucher) == TEA
        assert terminal.pending() == 1  # the fact waits for the network
        assert terminal.rows("SELECT kind FROM outbox WHERE acked_at IS NULL")[0][0] == (
            "web_order.returned"
        )
        left = till.services.web_returns.find(order["number"])
        assert left is not None and left.lines[0].left_milli == 0
    finally:
        till.close()
