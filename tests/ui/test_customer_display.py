"""The customer display follows a real register: scans, payment, thank-you and QR code."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QTableView,
)
from pytestqt.qtbot import QtBot

from pos_app.app import build_register
from pos_app.checkout.events import Stage
from pos_app.checkout.register import Register
from pos_app.devices.drawer import NoDrawer
from pos_app.domain.cart import ProductInfo
from pos_app.services.bundle import Services
from pos_app.ui.cashier.customer_display import (
    SALE_PAGE,
    THANKS_PAGE,
    CustomerDisplay,
    qr_image,
)
from pos_app.ui.models import CartTableModel
from pos_app.ui.style import apply_style
from tests.conftest import Staff
from tests.fakes import SEED

MILK, TEA, SOAP = (p.barcode or "" for p in SEED[:3])

# The offscreen platform says so on every show(); it is not about the code under test.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def make_register(services: Services, staff: Staff, language: str = "en") -> Register:
    register = build_register(services, NoDrawer(), language=language)
    register.sign_in(staff.cashier.user_id, "4826")
    register.staff.open_shift(50000)
    return register


@pytest.fixture
def register(services: Services, staff: Staff) -> Register:
    return make_register(services, staff)


@pytest.fixture
def display(qtbot: QtBot, register: Register) -> CustomerDisplay:
    widget = CustomerDisplay(register)
    qtbot.addWidget(widget)
    widget.resize(1024, 768)
    return widget


def shown(display: CustomerDisplay, widget: object) -> bool:
    return bool(widget.isVisibleTo(display))  # type: ignore[attr-defined]


def test_window_identity(display: CustomerDisplay) -> None:
    assert display.objectName() == "customer_display"
    assert display.windowTitle() == "Customer display"
    assert display.isWindow()


def test_welcome_when_empty(display: CustomerDisplay) -> None:
    assert display.pages.currentIndex() == SALE_PAGE
    assert shown(display, display.welcome)
    assert display.welcome.text() == "Welcome!"
    assert not shown(display, display.lines)
    assert not shown(display, display.total_value)


def test_follows_scans_with_item_quantity_and_amount(
    display: CustomerDisplay, register: Register
) -> None:
    register.sale.scan(MILK)
    register.sale.scan(TEA)
    register.sale.scan(MILK)
    assert not shown(display, display.welcome)
    lines = display.findChild(QTableView, "customer_display_lines")
    assert lines is display.lines
    assert shown(display, lines)
    model = lines.model()
    assert model.rowCount() == 3
    assert model.index(1, CartTableModel.ITEM).data() == "Tea1Kg"
    assert model.index(1, CartTableModel.QUANTITY).data() == "1"
    assert model.index(1, CartTableModel.AMOUNT).data() == "₺299.90"
    assert lines.isColumnHidden(CartTableModel.PRICE)
    assert lines.isColumnHidden(CartTableModel.DISCOUNT)
    for column in (CartTableModel.ITEM, CartTableModel.QUANTITY, CartTableModel.AMOUNT):
        assert not lines.isColumnHidden(column)
    assert lines.selectionMode() is QAbstractItemView.SelectionMode.NoSelection
    assert lines.focusPolicy() is Qt.FocusPolicy.NoFocus
    assert lines.accessibleName() == "Items in your purchase"
    assert display.total_value.text() == "₺390.90"
    assert display.total_value.property("kind") == "total"
    assert not shown(display, display.given_value)

    register.sale.void_line(register.sale.cart.lines[0].line_id)
    assert display.total_value.text() == "₺345.40"
    register.sale.void_sale()
    assert shown(display, display.welcome)


def test_turkish_money_format(qtbot: QtBot, services: Services, staff: Staff) -> None:
    register = make_register(services, staff, "tr")
    display = CustomerDisplay(register)
    qtbot.addWidget(display)
    for _ in range(5):
        register.sale.scan(TEA)
    assert display.total_value.text() == "1.499,50 ₺"
    assert display.model.index(0, CartTableModel.AMOUNT).data() == "1.499,50 ₺"


def test_language_switch_reformats(display: CustomerDisplay, register: Register) -> None:
    register.sale.scan(TEA)
    register.sale.scan(TEA)
    register.sale.scan(TEA)
    register.sale.scan(TEA)
    assert display.total_value.text() == "₺1,199.60"
    register.set_language("tr")
    assert display.total_value.text() == "1.199,60 ₺"
    QCoreApplication.sendEvent(display, QEvent(QEvent.Type.LanguageChange))
    assert display.windowTitle() == "Customer display"  # no translator installed: English


def test_given_so_far_and_remaining(display: CustomerDisplay, register: Register) -> None:
    register.sale.scan(TEA)
    register.payment.begin_payment()
    assert register.stage is Stage.PAYING
    assert not shown(display, display.given_value)  # nothing handed over yet
    assert display.remaining_value.text() == "₺299.90"
    register.payment.pay_cash(10000)
    assert shown(display, display.given_value)
    assert display.given_heading.text() == "Given"
    assert display.given_value.text() == "₺100.00"
    assert shown(display, display.remaining_value)
    assert display.remaining_value.text() == "₺199.90"
    assert not shown(display, display.change_value)
    register.payment.pay_cash(20000)
    # What the customer handed over (100 + 200), not the 299.90 the sale kept.
    assert display.given_value.text() == "₺300.00"
    assert not shown(display, display.remaining_value)
    assert shown(display, display.change_value)
    assert display.change_value.text() == "₺0.10"
    assert display.pages.currentIndex() == SALE_PAGE


def test_cash_with_change_shows_what_was_given_then_the_change(
    display: CustomerDisplay, register: Register
) -> None:
    """Issue 14, item 22: the amount due was labelled "Paid"; the customer sees the note they
    gave and their change, during the payment and on the thank-you page."""
    register.sale.scan(TEA)
    register.payment.begin_payment()
    register.payment.pay_cash(50000)
    figures = [
        (heading.text(), value.text())
        for heading, value in (
            (display.total_heading, display.total_value),
            (display.given_heading, display.given_value),
            (display.remaining_heading, display.remaining_value),
            (display.change_heading, display.change_value),
        )
        if shown(display, value)
    ]
    assert figures == [("Total", "₺299.90"), ("Given", "₺500.00"), ("Your change", "₺200.10")]
    register.payment.finish()
    assert display.pages.currentIndex() == THANKS_PAGE
    thanks = [
        (heading.text(), value.text())
        for heading, value in (
            (display.thanks_total_heading, display.thanks_total_value),
            (display.thanks_given_heading, display.thanks_given_value),
            (display.thanks_change_heading, display.thanks_change_value),
        )
        if shown(display, value)
    ]
    assert thanks == [("Total", "₺299.90"), ("Given", "₺500.00"), ("Your change", "₺200.10")]
    assert "Paid" not in {text for pair in thanks for text in pair}


def test_thank_you_after_paid_sale(display: CustomerDisplay, register: Register) -> None:
    register.sale.scan(TEA)
    register.sale.scan(MILK)
    register.payment.begin_payment()
    register.payment.pay_cash(50000)
    register.payment.finish()
    assert register.stage is Stage.DONE
    assert display.pages.currentIndex() == THANKS_PAGE
    assert display.thanks.text() == "Thank you!"
    assert display.thanks_total_heading.text() == "Total"
    assert display.thanks_total_value.text() == "₺345.40"
    assert display.thanks_given_value.text() == "₺500.00"
    assert shown(display, display.thanks_change_value)
    assert display.thanks_change_value.text() == "₺154.60"
    # The sale's own e-receipt link, as a QR the customer scans with their phone.
    assert shown(display, display.qr_area)
    token = register.sale.last_result.sale.receipt_token if register.sale.last_result else ""
    assert token and display.receipt_url == f"http://127.0.0.1:8000/r/{token}"

    register.sale.scan(SOAP)  # the next customer: back to the sale, the old QR goes
    assert display.pages.currentIndex() == SALE_PAGE
    assert display.receipt_url is None
    assert display.total_value.text() == "₺89.90"


def test_thank_you_without_change(display: CustomerDisplay, register: Register) -> None:
    register.sale.scan(MILK)
    register.payment.begin_payment()
    register.payment.pay_card(4550, "A1")
    register.payment.finish()
    assert display.pages.currentIndex() == THANKS_PAGE
    assert display.thanks_total_value.text() == "₺45.50"
    assert not shown(display, display.thanks_change_value)
    assert not shown(display, display.thanks_given_value)  # the card paid the total, no more
    register.sale.next_sale()
    assert display.pages.currentIndex() == SALE_PAGE
    assert shown(display, display.welcome)


def test_refund_shows_absolute_amount(display: CustomerDisplay, register: Register) -> None:
    register.sale.scan(SOAP)
    register.payment.begin_payment()
    register.payment.pay_cash(10000)
    original = register.payment.finish().sale
    register.returns.begin_return()
    found = register.returns.load_receipt(original.receipt_no)
    register.returns.set_return_quantity(found.lines[0].line_id, Decimal(1))
    register.returns.complete_return()
    assert display.pages.currentIndex() == THANKS_PAGE
    assert display.thanks_total_heading.text() == "Refund"
    assert display.thanks_total_value.text() == "₺89.90"
    assert not shown(display, display.thanks_given_value)


def test_receipt_qr_shown_and_hidden(display: CustomerDisplay, register: Register) -> None:
    register.sale.scan(MILK)
    register.payment.begin_payment()
    register.payment.pay_cash(5000)
    register.payment.finish()
    display.show_receipt_qr("http://x/r/abc")
    assert shown(display, display.qr_area)
    pixmap = display.qr_image.pixmap()
    assert not pixmap.isNull()
    assert 200 <= pixmap.width() <= 270
    assert pixmap.width() == pixmap.height()
    assert display.qr_caption.text() == "Scan for your e-receipt"
    assert display.receipt_url == "http://x/r/abc"
    display.show_receipt_qr(None)
    assert not shown(display, display.qr_area)
    assert display.qr_image.pixmap().isNull()


def test_qr_image_has_quiet_zone_and_finder_pattern() -> None:
    image = qr_image("http://x/r/abc")
    assert image.width() == image.height()
    modules = 21 + 8  # version 1 plus a four-module quiet zone on each side
    scale = image.width() // modules
    assert image.width() == modules * scale
    white, black = QColor("white").rgb(), QColor("black").rgb()
    assert image.pixel(0, 0) == white
    assert image.pixel(4 * scale - 1, 4 * scale - 1) == white
    assert image.pixel(4 * scale, 4 * scale) == black  # the finder pattern's corner
    assert image.pixel(image.width() - 1, image.height() - 1) == white


def test_place_on_single_screen_is_a_window(display: CustomerDisplay) -> None:
    display.place_on_screen()
    assert display.isVisible()
    assert not display.isFullScreen()
    assert (display.width(), display.height()) == (800, 600)
    display.close()


def test_listener_survives_a_deleted_display(
    qtbot: QtBot, services: Services, staff: Staff
) -> None:
    register = make_register(services, staff)
    display = CustomerDisplay(register)
    shiboken6.delete(display)
    register.sale.scan(MILK)  # must not touch the deleted widget
    assert len(register.sale.cart.lines) == 1


def test_names_and_grab_on_both_pages(
    display: CustomerDisplay, register: Register, tmp_path: Path
) -> None:
    kinds = (QAbstractButton, QLineEdit, QAbstractSpinBox, QAbstractItemView)
    children = [w for kind in kinds for w in display.findChildren(kind)]
    assert display.lines in children
    for widget in children:
        assert widget.objectName(), f"{type(widget).__name__} without objectName"
        assert widget.accessibleName(), f"{widget.objectName()} without accessibleName"

    register.sale.scan(TEA)
    sale = tmp_path / "sale.png"
    assert display.grab().save(str(sale))
    register.payment.begin_payment()
    register.payment.pay_cash(30000)
    register.payment.finish()
    display.show_receipt_qr("http://x/r/abc")
    thanks = tmp_path / "thanks.png"
    assert display.grab().save(str(thanks))
    assert sale.stat().st_size > 0 and thanks.stat().st_size > 0


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The app's style sheet (its font decides where a name wraps), as the app has it."""
    before = qapp.styleSheet()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(before)


def test_long_names_use_the_width_and_wrap_rather_than_being_cut(
    qtbot: QtBot, app_style: None, display: CustomerDisplay, register: Register
) -> None:
    """Issue 14, item 22: on an 800x600 display the numbers took the width of the widest
    amount a till can show and a long name was cut with room to spare; a name a little
    narrower than its cell was measured as one line and painted cut with "…"."""
    display.resize(800, 600)
    display.show()
    qtbot.waitExposed(display)
    names = (
        "Çizgili Spiralli Kareli Defter A4 80 Yaprak",
        "Peynirli Sigara Böreği 500 g",
    )
    for index, name in enumerate(names):
        register.sale.add_product(ProductInfo(f"p-long-{index}", f"LONG{index}", name, 7000, 20))
    register.sale.scan(MILK)
    lines = display.lines
    metrics = lines.fontMetrics()
    # The quantity column is as wide as "1" needs, not "999,999 kg".
    assert lines.columnWidth(CartTableModel.QUANTITY) < metrics.horizontalAdvance("999.999 kg")

    def names_whole() -> None:
        for row, name in enumerate(names):
            index = display.model.index(row, CartTableModel.ITEM)
            assert index.data() == name
            cell = lines.visualRect(index).adjusted(12, 8, -12, -8)  # the item padding
            flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
            needed = metrics.boundingRect(QRect(0, 0, cell.width(), 10_000), flags, name)
            assert needed.width() <= cell.width() and needed.height() <= cell.height(), name

    qtbot.waitUntil(names_whole, timeout=2000)  # rows are measured after the layout
    for row in range(display.model.rowCount()):  # and the amounts are whole
        amount = str(display.model.index(row, CartTableModel.AMOUNT).data())
        width = lines.columnWidth(CartTableModel.AMOUNT)
        assert metrics.horizontalAdvance(amount) + 2 * (12 + 4) <= width, amount
