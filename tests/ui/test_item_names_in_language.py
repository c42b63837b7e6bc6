"""Item names in the register's language on the stock look-up, the pickup desk and its
handover, the return screen, web-order returns and the manager screens, as on the sale
screen; and they follow a language switch. The catalog has Turkish names with English
translations; a line whose item the catalog does not translate keeps its own name."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.checkout.register import Register
from pos_app.ui.cashier.pickup import HandoverDialog
from pos_app.ui.i18n import LanguageSwitcher
from tests.fakes import SEED
from tests.ui.conftest import DESK_SYNCED, Till
from tests.ui.screens import (
    manager_dialog,
    pickup_dialog,
    return_screen,
    stock_dialog,
    web_return_dialog,
)
from tests.web_orders_data import line, qr, seed, web_order

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ENGLISH = {
    "MILK1L": "Whole Milk 1 L",
    "TEA1KG": "Black Tea 1 kg",
    "SOAP": "Liquid Soap 500 ml",
    "BREAD": "Bread",
    "APPLE": "Amasya Apples",
}
MILK, TEA = SEED[0], SEED[1]


@pytest.fixture
def switcher(qapp: QApplication, qm_dir: Path) -> Iterator[LanguageSwitcher]:
    made = LanguageSwitcher(qapp, qm_dir)
    yield made
    made.set_language("en")
    made.deleteLater()


@pytest.fixture
def english_catalog(till: Till) -> None:
    with till.engine.begin() as conn:
        for sku, name in ENGLISH.items():
            conn.exec_driver_sql(
                "UPDATE product SET names_json = ? WHERE sku = ?", (json.dumps({"en": name}), sku)
            )


def switch(register: Register, switcher: LanguageSwitcher, language: str) -> None:
    """Ctrl+L: the register's language, then the translators (every widget retranslates)."""
    register.set_language(language)
    switcher.set_language(language)
    QApplication.processEvents()


def test_stock_look_up_and_manager_screens(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    english_catalog: None,
    switcher: LanguageSwitcher,
    till: Till,
) -> None:
    register, services = desk_register("en")
    switcher.set_language("en")
    stock = stock_dialog(register, services, None, query="MILK1L")
    qtbot.addWidget(stock)
    assert stock.result_list.item(0).text() == "Whole Milk 1 L\nMILK1L"
    switch(register, switcher, "tr")
    assert stock.result_list.item(0).text() == "Tam Yağlı Süt 1 L\nMILK1L"
    switch(register, switcher, "en")
    assert stock.result_list.item(0).text() == "Whole Milk 1 L\nMILK1L"
    stock.reject()

    manager = manager_dialog(register, services, till.manager, None)
    qtbot.addWidget(manager)
    panel: Any = manager.panel
    panel.show_tab("stock")
    panel.stock.scan("MILK1L")
    assert panel.stock.table.item(0, 0).text() == "Whole Milk 1 L\nMILK1L"
    switch(register, switcher, "tr")
    assert panel.stock.table.item(0, 0).text() == "Tam Yağlı Süt 1 L\nMILK1L"
    switch(register, switcher, "en")
    # A task's lines too (receiving: the item picked by its SKU).
    panel.show_tab("receive")
    panel.receive.scan("TEA1KG")
    assert panel.receive.table.item(0, 0).text() == "Black Tea 1 kg\nTEA1KG"
    panel.receive.draft.lines.clear()
    panel.receive.save()
    manager.reject()


def test_pickup_lines_and_handover(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    english_catalog: None,
    switcher: LanguageSwitcher,
) -> None:
    register, services = desk_register("en")
    switcher.set_language("en")
    desk = pickup_dialog(register, services, None)
    qtbot.addWidget(desk)
    qtbot.mouseClick(desk.tab_buttons["ready"], Qt.MouseButton.LeftButton)
    desk.table.selectRow(0)
    order = desk.selected()
    assert order is not None
    names = [desk.lines_table.item(r, 1).text() for r in range(desk.lines_table.rowCount())]
    expected = [f"{ENGLISH[ln.sku]}  ({ln.sku})" for ln in order.lines]
    assert names == expected
    desk.hand_over()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog)
    assert handover.lines_table.item(0, 0).text() == expected[0]
    handover.reject()
    switch(register, switcher, "tr")
    names = [desk.lines_table.item(r, 1).text() for r in range(desk.lines_table.rowCount())]
    assert names == [f"{ln.name}  ({ln.sku})" for ln in order.lines]
    desk.reject()


def test_return_screen_and_web_order_returns(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    english_catalog: None,
    switcher: LanguageSwitcher,
    till: Till,
) -> None:
    register, services = desk_register("en")
    switcher.set_language("en")
    register.staff.open_shift(0)
    register.sale.scan(str(MILK.barcode))
    payment = register.payment.begin_payment()
    register.payment.pay_cash(payment.remaining_minor)
    sold = register.payment.finish().sale
    register.sale.next_sale()

    screen = return_screen(register, services)
    qtbot.addWidget(screen)
    register.returns.begin_return()
    register.returns.load_receipt(sold.receipt_no)
    screen.refresh()
    assert screen.model.index(0, 0).data() == "Whole Milk 1 L"
    switch(register, switcher, "tr")
    assert screen.model.index(0, 0).data() == "Tam Yağlı Süt 1 L"  # as sold, on the receipt
    switch(register, switcher, "en")

    order = web_order(
        402,
        [
            line(MILK.sku, "Tam Yağlı Süt 1 L", 1000, 4550),
            line("GIFT-BOX", "Hediye Kutusu", 1000, 1500),  # not in this till's catalog
        ],
        returnable_from=DESK_SYNCED - timedelta(days=2),
    )
    seed(till.engine, DESK_SYNCED, [order])
    returns = web_return_dialog(register, services, screen)
    qtbot.addWidget(returns)
    returns.scan(qr(order))
    names = [returns.lines_table.item(r, 0).text() for r in range(2)]
    assert names == ["Whole Milk 1 L  (MILK1L)", "Hediye Kutusu  (GIFT-BOX)"]
    switch(register, switcher, "tr")
    assert returns.lines_table.item(0, 0).text() == "Tam Yağlı Süt 1 L  (MILK1L)"
    returns.reject()
    register.returns.cancel_return()
