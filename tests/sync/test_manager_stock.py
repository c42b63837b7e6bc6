"""The manager screens against a real backend process: a receiving, a count and a transfer
made on the screens of a terminal at S01, synced, and the backend's stock changed exactly as
expected at both stores (and the destination's terminal sees its new level); a negative-stock
exception raised by offline sales, pulled to the terminal, counted from the exceptions tab and
closed on the backend."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.app import build_register, build_services
from pos_app.domain.roles import Role
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.services.stock_lookup import StockLookup
from pos_app.ui.cashier.dialogs import ConfirmDialog
from pos_app.ui.manager.common import QuantityDialog
from pos_app.ui.manager.dialog import ManagerDialog
from tests.sync.conftest import ADMIN_TOKEN, CATALOG, LiveBackend, LiveTerminal, TerminalFactory
from tests.ui.screens import manager_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
BARCODE = {sku: code for sku, _name, _price, _rate, code in CATALOG}
DELIVERY = "IRS-2026-0042"


def admin(backend: LiveBackend, method: str, path: str, **kwargs: Any) -> Any:
    response = httpx.request(
        method, f"{backend.url}/api/v1{path}", headers=ADMIN, timeout=10.0, **kwargs
    )
    assert response.status_code < 300, response.text
    return response.json()


def receive(backend: LiveBackend, store: str, sku: str, qty: int) -> None:
    admin(
        backend,
        "POST",
        "/stock/movements",
        json={"store": store, "sku": sku, "qty_milli": qty * 1000, "reason": "receive"},
    )


def on_hand(backend: LiveBackend, sku: str) -> dict[str, int]:
    """On hand per store code, from the admin API."""
    stores = admin(backend, "GET", f"/stock/{sku}")["stores"]
    return {code: int(level["on_hand_milli"]) for code, level in stores.items()}


def ledger(backend: LiveBackend, reference: str) -> list[tuple[str, str, int, str]]:
    items = admin(backend, "GET", "/stock/movements", params={"reference": reference})["items"]
    return sorted((m["store"], m["sku"], m["qty_milli"], m["reason"]) for m in items)


@dataclass
class Desk:
    backend: LiveBackend
    s01: LiveTerminal
    s02: LiveTerminal
    services: Services
    dialog: ManagerDialog

    def product_id(self, sku: str) -> str:
        return str(self.s01.scalar("SELECT id FROM product WHERE sku = :s", s=sku))

    def here_now(self, sku: str) -> int:
        return self.services.stock_lookup.for_product(self.product_id(sku)).on_hand_now_milli


@pytest.fixture
def desk(
    qtbot: QtBot, qapp: QApplication, live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> Iterator[Desk]:
    """S01 (10 milk, 5 tea) and S02 (2 milk), a terminal at each; the manager screens open on
    S01's terminal (its sync driven by the test)."""
    live_backend.store("S02", "Beşiktaş")
    receive(live_backend, "S01", "E2E-MILK", 10)
    receive(live_backend, "S01", "E2E-TEA", 5)
    receive(live_backend, "S02", "E2E-MILK", 2)
    s01 = terminal_factory(live_backend)
    s02 = terminal_factory(live_backend, store_code="S02")
    services = build_services(s01.settings, s01.engine)
    manager = services.users.add("Zeynep", Role.MANAGER, "739164")
    register = build_register(services, PrinterDrawer(services.printing), language="en")
    dialog = manager_dialog(register, services, manager, None)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield Desk(live_backend, s01, s02, services, dialog)
    if shiboken6.isValid(dialog):
        dialog.hide()
    services.close()


def modal(qtbot: QtBot, kind: type[Any]) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def accept(qtbot: QtBot, kind: type[Any], value: str | None = None) -> None:
    dialog = modal(qtbot, kind)
    if value is not None:
        dialog.edit.setText(value)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())


def test_a_receiving_a_count_and_a_transfer_change_the_backend_stock(
    qtbot: QtBot, desk: Desk
) -> None:
    backend, s01, s02, dialog = desk.backend, desk.s01, desk.s02, desk.dialog
    panel = dialog.panel
    assert on_hand(backend, "E2E-MILK") == {"S01": 10000, "S02": 2000}

    # Receiving against the delivery note: each scan counts one in, the quantity is editable.
    panel.show_tab("receive")
    tab = panel.receive
    qtbot.keyClicks(tab.ref_edit, DELIVERY)
    dialog.scan(BARCODE["E2E-MILK"])
    dialog.scan(BARCODE["E2E-MILK"])
    dialog.scan(BARCODE["E2E-TEA"])
    tab.table.selectRow(1)
    qtbot.mouseClick(tab.quantity_button, Qt.MouseButton.LeftButton)
    accept(qtbot, QuantityDialog, "3")
    qtbot.mouseClick(tab.post_button, Qt.MouseButton.LeftButton)
    accept(qtbot, ConfirmDialog)
    assert f"Delivery {DELIVERY} booked in" in panel.message.text()

    # A cycle count of the tea shelf finds 7 (8 expected); a tea sold after the count.
    panel.show_tab("count")
    count = panel.count
    dialog.scan("LOC:A-01")
    dialog.scan(BARCODE["E2E-TEA"])
    qtbot.mouseClick(count.quantity_button, Qt.MouseButton.LeftButton)
    accept(qtbot, QuantityDialog, "7")
    qtbot.wait(20)
    s01.ring(BARCODE["E2E-TEA"])  # rung after the count was taken, before it is posted
    qtbot.mouseClick(count.review_button, Qt.MouseButton.LeftButton)
    [review] = count.reviews
    assert (review.counted_milli, review.expected_milli, review.difference_milli) == (
        7000,
        8000,
        -1000,
    )
    assert count.table.item(0, 4).text() == "−1"
    qtbot.mouseClick(count.post_button, Qt.MouseButton.LeftButton)
    assert "Count posted" in panel.message.text()

    # Three milks to Beşiktaş.
    panel.show_tab("transfer")
    transfer = panel.transfer
    transfer.destination.setCurrentIndex(transfer.destination.findData("S02"))
    for _ in range(3):
        dialog.scan(BARCODE["E2E-MILK"])
    qtbot.mouseClick(transfer.post_button, Qt.MouseButton.LeftButton)
    accept(qtbot, ConfirmDialog)

    # Offline so far: the till's own figures are right at once, the backend has not moved.
    assert desk.here_now("E2E-MILK") == 10000 + 2000 - 3000
    assert desk.here_now("E2E-TEA") == 7000 - 1000
    assert on_hand(backend, "E2E-MILK") == {"S01": 10000, "S02": 2000}
    assert s01.pending() == 4  # receiving, sale, count, transfer

    s01.sync_until_idle()
    assert s01.rows("SELECT kind FROM outbox WHERE outcome = 'rejected'") == []
    assert on_hand(backend, "E2E-MILK") == {"S01": 9000, "S02": 5000}
    assert on_hand(backend, "E2E-TEA") == {"S01": 6000}
    assert ledger(backend, DELIVERY) == [
        ("S01", "E2E-MILK", 2000, "receive"),
        ("S01", "E2E-TEA", 3000, "receive"),
    ]
    [transfer_id] = [
        str(r[0])
        for r in s01.rows("SELECT reference FROM stock_movement WHERE reason = 'transfer_out'")
    ]
    assert ledger(backend, transfer_id) == [
        ("S01", "E2E-MILK", -3000, "transfer_out"),
        ("S02", "E2E-MILK", 3000, "transfer_in"),
    ]
    # After the pull this till's figures are the backend's.
    assert desk.here_now("E2E-MILK") == 9000 and desk.here_now("E2E-TEA") == 6000

    # The destination's terminal sees its new level with its normal stock pull.
    s02.sync_until_idle()
    at_s02 = StockLookup(s02.engine, "S02").for_product(desk.product_id("E2E-MILK"))
    assert at_s02.here is not None and at_s02.here.on_hand_milli == 5000


def test_an_exception_from_offline_sales_is_counted_away(qtbot: QtBot, desk: Desk) -> None:
    backend, s01, s02, dialog = desk.backend, desk.s01, desk.s02, desk.dialog
    panel = dialog.panel
    s01.ring(BARCODE["E2E-SOAP"], BARCODE["E2E-SOAP"])  # none was ever received
    s01.sync_until_idle()
    exceptions = admin(backend, "GET", "/stock/exceptions", params={"store": "S01"})["items"]
    assert [(e["sku"], e["on_hand_milli"]) for e in exceptions] == [("E2E-SOAP", -2000)]
    panel.refresh()
    assert panel.tab_buttons["exceptions"].text() == "Exceptions (1)"
    panel.show_tab("exceptions")
    tab = panel.exceptions
    assert [(e.sku, e.on_hand_milli) for e in tab.exceptions] == [("E2E-SOAP", -2000)]
    s02.sync_until_idle()
    assert s02.rows("SELECT id FROM stock_exception") == []  # another store's problem

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.count_button, Qt.MouseButton.LeftButton)
    accept(qtbot, QuantityDialog, "4")  # four found on the shelf after all
    count = panel.count
    qtbot.mouseClick(count.review_button, Qt.MouseButton.LeftButton)
    assert count.reviews[0].difference_milli == 4000 - (-2000)
    qtbot.mouseClick(count.post_button, Qt.MouseButton.LeftButton)
    s01.sync_until_idle()
    assert on_hand(backend, "E2E-SOAP") == {"S01": 4000}
    assert admin(backend, "GET", "/stock/exceptions", params={"store": "S01"})["items"] == []
    assert s01.rows("SELECT id FROM stock_exception") == []  # pulled as a delete
    panel.refresh()
    assert panel.tab_buttons["exceptions"].text() == "Exceptions (0)"
    assert desk.here_now("E2E-SOAP") == 4000
