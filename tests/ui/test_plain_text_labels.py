"""Data is shown as plain text (issue 14, item 21): a web-shop customer named
``<h1 style=color:red>PAID</h1>`` is that literal text on the customer display and at the
pickup desk, never a big red PAID; and every label of every screen and dialog is plain text
(the app's style sheet sets it as each label is polished: ``PLAIN_TEXT_LABELS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from pos_app.checkout.register import Register
from pos_app.ui.cashier.customer_display import HANDOVER_PAGE, CustomerDisplay
from pos_app.ui.cashier.dialogs import (
    AmountDialog,
    ApprovalDialog,
    CardDialog,
    ConfirmDialog,
    DiscountDialog,
    HelpDialog,
    OverrideDialog,
    VoucherDialog,
)
from pos_app.ui.cashier.pickup import HandoverDialog
from pos_app.ui.style import apply_style
from tests import replica
from tests.ui.conftest import AppFactory, Till
from tests.ui.screens import (
    parked_dialog,
    pickup_dialog,
    receipts_dialog,
    stock_dialog,
    sync_dialog,
)
from tests.ui.test_cashier_flow import MILK, barcode, selling

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

HTML_NAME = "<h1 style=color:red>PAID</h1>"


def plain(label: QLabel) -> bool:
    label.ensurePolished()
    return label.textFormat() is Qt.TextFormat.PlainText or label.property("rich") is True


def labels_showing(root: QWidget, fragment: str) -> list[QLabel]:
    return [label for label in root.findChildren(QLabel) if fragment in label.text()]


def red_pixels(widget: QWidget) -> int:
    """Pixels of the red an HTML ``color:red`` paints (the theme has no such red)."""
    for _ in range(3):
        QApplication.processEvents()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            color = image.pixelColor(x, y)
            if color.red() > 200 and color.green() < 60 and color.blue() < 60:
                count += 1
    return count


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The app's style sheet, as the running app has it."""
    before = qapp.styleSheet()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(before)


def test_a_web_customer_named_in_html_is_shown_as_text(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    styled: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(replica, "CUSTOMERS", ((HTML_NAME, "0532 111 22 33"),))
    register, services = desk_register()
    display = CustomerDisplay(register)
    qtbot.addWidget(display)
    display.resize(1024, 768)
    display.show()

    desk = pickup_dialog(register, services, None)
    qtbot.addWidget(desk)
    desk.resize(1000, 700)
    desk.show()
    qtbot.waitExposed(desk)
    shown = labels_showing(desk, "PAID")
    assert shown, "the desk shows the selected order's customer"
    for label in shown:
        assert plain(label) and HTML_NAME in label.text()

    # A ready order handed over: its dialog and the customer display name the customer.
    number = "W-000104"  # tests.replica: the fourth order is ready, its code is n * 271828
    desk.scan(f"POSPICKUP:{number}:{(3 * 271_828) % 1_000_000:06d}")
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HandoverDialog))
    handover = QApplication.activeModalWidget()
    assert isinstance(handover, HandoverDialog)
    for label in labels_showing(handover, "PAID"):
        assert plain(label) and HTML_NAME in label.text()
    assert labels_showing(handover, "PAID")
    assert red_pixels(handover) == 0

    assert display.pages.currentIndex() == HANDOVER_PAGE
    assert display.handover_customer.text() == HTML_NAME
    assert plain(display.handover_customer)
    assert red_pixels(display) == 0
    handover.reject()


def test_the_customer_display_keeps_html_as_text_without_the_style_sheet(
    qtbot: QtBot, desk_register: Callable[..., Register], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own labels are plain text even where the app's style sheet is not applied."""
    monkeypatch.setattr(replica, "CUSTOMERS", ((HTML_NAME, "0532 111 22 33"),))
    register, services = desk_register()
    display = CustomerDisplay(register)
    qtbot.addWidget(display)
    register.pickup.show_handover(services.pickup.by_scan("W-000101"))
    assert display.handover_customer.text() == HTML_NAME
    for label in display.findChildren(QLabel):
        assert label.textFormat() is Qt.TextFormat.PlainText, label.objectName()


def test_every_label_of_every_screen_and_dialog_is_plain_text(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till, customer_display=True)
    register, window, services = cashier.register, cashier.window, cashier.services
    register.sale.scan(barcode(MILK))
    opened: list[QWidget] = [
        HelpDialog(register, [("F1", "<b>help</b>")], window),
        receipts_dialog(register, services, window),
        pickup_dialog(register, services, window),
        stock_dialog(register, services, window, query="milk"),
        sync_dialog(register, services, window),
        parked_dialog(register, services, window),
        ApprovalDialog(register, "discount.line", register.staff.approver_role("x"), window),
        AmountDialog(register, "quantity", "<i>Qty</i>", "<b>How many?</b>", window),
        DiscountDialog(register, "line_discount", "<u>Discount</u>", window),
        OverrideDialog(register, "<h2>Name</h2>", window),
        CardDialog(register, 1000, window),
        VoucherDialog(register, 1000, window),
        ConfirmDialog(register, "void_sale", "<b>Void</b>", "<i>Sure?</i>", window),
    ]
    for dialog in opened:
        dialog.show()
    screens = [window.signin, window.shift_open, window.sale, window.payment, window.result]
    screens += [window.returns, window.shift_close]
    for screen in screens:  # every screen polished, shown or not
        screen.ensurePolished()
    register.payment.begin_payment()  # the payment, then the result screen, with their figures
    register.payment.pay_cash(10000)
    register.payment.finish()
    checked = 0
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLabel):
            assert plain(widget), (type(widget.window()).__name__, widget.objectName())
            checked += 1
    assert checked > 100
    for dialog in opened:
        dialog.close()
