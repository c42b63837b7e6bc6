"""The pickup desk against a real backend process: a web order found by scanning its QR and
handed over, a partial pickup with a refused item (refunded to the online payment), and an
offline handover that meets an online cancellation (F20: a staff task after sync)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.app import build_register, build_services
from pos_app.domain.roles import Role
from pos_app.services.printing import PrinterDrawer
from pos_app.ui.cashier.pickup import HandoverDialog, PickupDialog
from tests.sync.conftest import ADMIN_TOKEN, LiveBackend, LiveTerminal, TerminalFactory
from tests.ui.screens import pickup_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def admin(backend: LiveBackend, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(
        method, f"{backend.url}/api/v1{path}", headers=ADMIN, timeout=10.0, **kwargs
    )
    assert response.status_code < 300, response.text
    return response.json()


def receive(backend: LiveBackend, sku: str, qty: int) -> None:
    admin(
        backend,
        "POST",
        "/stock/movements",
        json={"store": "S01", "sku": sku, "qty_milli": qty * 1000, "reason": "receive"},
    )


def web_order(backend: LiveBackend, lines: list[tuple[str, int]], *, paid: bool = True) -> Any:
    return admin(
        backend,
        "POST",
        "/orders",
        json={
            "fulfilment": "pickup",
            "store": "S01",
            "customer": {"name": "Işık Yılmaz", "phone": "0532 111 22 33"},
            "lines": [{"sku": sku, "qty_milli": qty * 1000} for sku, qty in lines],
            "paid": paid,
        },
    )


def available_at_store(backend: LiveBackend, sku: str) -> tuple[int, int]:
    data = admin(backend, "GET", f"/stock/{sku}")
    level = data["stores"]["S01"]
    return int(level["on_hand_milli"]), int(level["reserved_milli"])


@pytest.fixture
def desk(
    qtbot: QtBot, qapp: QApplication, live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> Any:
    """The backend with stock and three web orders, a terminal that pulled them, and the
    pickup desk open on it (its sync client is driven by the test)."""
    for sku in ("E2E-MILK", "E2E-TEA", "E2E-SOAP"):
        receive(live_backend, sku, 10)
    orders = {
        "qr": web_order(live_backend, [("E2E-MILK", 2)]),
        "partial": web_order(live_backend, [("E2E-TEA", 1), ("E2E-SOAP", 2)]),
        "conflict": web_order(live_backend, [("E2E-MILK", 1)]),
    }
    terminal: LiveTerminal = terminal_factory(live_backend)
    services = build_services(terminal.settings, terminal.engine)
    user = services.users.add("Ayşe", Role.CASHIER, "4826")
    register = build_register(services, PrinterDrawer(services.printing), language="en")
    register.sign_in(user.user_id, "4826")
    dialog = pickup_dialog(register, services, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield live_backend, terminal, dialog, orders
    if shiboken6.isValid(dialog):
        dialog.hide()
    services.close()


def select_order(dialog: PickupDialog, number: str) -> None:
    dialog.search_edit.setText(number)
    dialog.reload()
    assert [o.number for o in dialog.orders] == [number]


def prepare_and_ready(qtbot: QtBot, dialog: PickupDialog, number: str) -> None:
    select_order(dialog, number)
    qtbot.mouseClick(dialog.prepare_button, Qt.MouseButton.LeftButton)
    assert dialog.selected() is not None and dialog.selected().state == "prepared"
    qtbot.mouseClick(dialog.ready_button, Qt.MouseButton.LeftButton)
    assert dialog.selected() is not None and dialog.selected().state == "ready"


def handover_dialog(qtbot: QtBot) -> HandoverDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    found = QApplication.activeModalWidget()
    assert isinstance(found, HandoverDialog)
    return found


def test_a_pickup_found_by_its_qr_is_handed_over(qtbot: QtBot, desk: Any) -> None:
    backend, terminal, dialog, orders = desk
    order = orders["qr"]
    assert order["number"] in {o.number for o in dialog.orders}  # listed under To prepare
    prepare_and_ready(qtbot, dialog, order["number"])
    dialog.search_edit.clear()
    dialog.scan(order["qr_payload"])  # the customer's phone under the scanner
    handover = handover_dialog(qtbot)
    assert handover.code_edit.text() == order["pickup_code"]
    qtbot.keyClick(handover.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not handover.isVisible())
    assert dialog.selected() is not None and dialog.selected().state == "collected"
    terminal.sync_until_idle()
    stored = admin(backend, "GET", f"/orders/{order['number']}")
    assert stored["state"] == "collected"
    on_hand, reserved = available_at_store(backend, "E2E-MILK")
    assert on_hand == 10_000 - 2_000 and reserved == 1_000  # the conflict order holds one


def test_a_partial_pickup_refunds_the_refused_item(qtbot: QtBot, desk: Any) -> None:
    backend, terminal, dialog, orders = desk
    order = orders["partial"]
    prepare_and_ready(qtbot, dialog, order["number"])
    dialog.hand_over()
    handover = handover_dialog(qtbot)
    handover.refused["E2E-SOAP"].setValue(1)  # one of two soaps stays behind
    assert "Refund to the online payment" in handover.refund_label.text()
    qtbot.keyClicks(handover.code_edit, "000000")
    qtbot.keyClick(handover.code_edit, Qt.Key.Key_Return)
    assert handover.isVisible() and "Wrong pickup code" in handover.error.text()
    handover.code_edit.setText(order["pickup_code"])
    qtbot.keyClick(handover.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not handover.isVisible())
    terminal.sync_until_idle()
    stored = admin(backend, "GET", f"/orders/{order['number']}")
    assert stored["state"] == "collected"
    assert available_at_store(backend, "E2E-SOAP")[0] == 10_000 - 1_000
    assert available_at_store(backend, "E2E-TEA")[0] == 10_000 - 1_000
    refunds = stored.get("refunds")
    assert refunds is not None, "the backend shows no refunds on the order"
    assert [r["amount_minor"] for r in refunds] == [8990]
    assert refunds[0]["state"] == "pending"


def test_an_offline_handover_of_an_order_cancelled_online_becomes_a_staff_task(
    qtbot: QtBot, desk: Any
) -> None:
    backend, terminal, dialog, orders = desk
    order = orders["conflict"]
    prepare_and_ready(qtbot, dialog, order["number"])
    terminal.sync_until_idle()
    # The network is cut (no sync rounds); meanwhile the web shop cancels the order.
    admin(
        backend,
        "POST",
        f"/orders/{order['number']}/transition",
        json={"expected_state": "ready", "to_state": "cancelled"},
    )
    select_order(dialog, order["number"])
    assert dialog.selected().state == "ready"  # the till still has the last synced state
    dialog.hand_over()
    handover = handover_dialog(qtbot)
    qtbot.mouseClick(handover.id_method, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(handover.id_edit, "TC kimlik ****4821")
    qtbot.keyClick(handover.id_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not handover.isVisible())
    pending = dialog.selected()
    assert pending is not None and pending.state == "collected" and pending.pending
    terminal.sync_until_idle()
    dialog.reload()
    after = dialog.selected()
    assert after is not None and after.state == "cancelled"
    assert "expected ready, is cancelled" in after.conflict
    assert "refused the last step" in dialog.detail_label.text()
    tasks = admin(backend, "GET", "/staff-tasks")["items"]
    assert [t["kind"] for t in tasks] == ["state_conflict"]
    assert order["number"] in str(tasks[0])
    assert admin(backend, "GET", f"/orders/{order['number']}")["state"] == "cancelled"
