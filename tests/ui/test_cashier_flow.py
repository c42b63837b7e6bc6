"""End to end through the real cashier window: keys in, rows in the database out.

Every test builds the whole app (``CashierApp``) on a fresh data directory, drives it with key
presses (a scanner is the same keys typed fast and an Enter) and checks what was written.
Keys typed where the scanner filter listens (sale, return and result stages) are typed at
a person's pace when they are not meant to be a scan (``HUMAN_DELAY_MS``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pos_app.app import configure_logging
from pos_app.checkout.events import Stage
from pos_app.services.users import StaffUser
from pos_app.ui.cashier.dialogs import (
    AmountDialog,
    ApprovalDialog,
    CardDialog,
    CodeDialog,
    DiscountDialog,
    HelpDialog,
    ParkedDialog,
)
from pos_app.ui.cashier.main_window import MainWindow
from pos_app.ui.main import CashierApp
from tests.fakes import SEED
from tests.ui.conftest import (
    HUMAN_DELAY_MS,
    AppFactory,
    Till,
    close_app,
    open_shift,
    sign_in,
)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MILK, TEA, SOAP, BREAD, APPLE = SEED
D = TypeVar("D", bound=QDialog)


# -- helpers -----------------------------------------------------------------------------------


def barcode(product: object) -> str:
    code = getattr(product, "barcode", None)
    assert code
    return str(code)


def scan(qtbot: QtBot, widget: QWidget, code: str) -> None:
    """What a keyboard-wedge scanner does: the code's keys in a burst, then Enter."""
    qtbot.keyClicks(widget, code)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def human(qtbot: QtBot, widget: QWidget, text: str, *, enter: bool = True) -> None:
    """A person typing (slower than a scanner), then Enter.

    The Enter itself has no delay: QTest waits between the press and the release, and a
    dialog the press accepted is deleted in that wait.
    """
    qtbot.keyClicks(widget, text, delay=HUMAN_DELAY_MS)
    if enter:
        qtbot.wait(HUMAN_DELAY_MS)
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def key(qtbot: QtBot, key_: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """A key at the widget with the focus (where the keyboard would send it)."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    if modifier is None:
        qtbot.keyClick(target, key_)
    else:
        qtbot.keyClick(target, key_, modifier)


def wait_dialog(qtbot: QtBot, kind: type[D]) -> D:
    found: list[D] = []

    def check() -> None:
        modal = QApplication.activeModalWidget()
        assert isinstance(modal, kind), f"modal is {modal!r}"
        assert modal.isVisible()
        found.append(modal)

    qtbot.waitUntil(check)
    activate(qtbot, found[-1])
    return found[-1]


def wait_closed(qtbot: QtBot, dialog: QDialog) -> None:
    """Wait for ``dialog`` to close; then the window it belonged to is active again.

    A window manager activates the parent window when a dialog closes; the offscreen
    platform leaves no window active, so the test does what the window manager would.
    """
    parent = dialog.parentWidget()
    owner = parent.window() if parent is not None else None
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    qtbot.wait(1)  # a dialog opened by this one's accepted() shows now
    if QApplication.activeModalWidget() is None and owner is not None:
        activate(qtbot, owner)


def activate(qtbot: QtBot, window: QWidget) -> None:
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def wait_stage(qtbot: QtBot, cashier: CashierApp, stage: Stage, timeout: int = 5000) -> None:
    screens = {
        Stage.SIGNED_OUT: cashier.window.signin,
        Stage.NEEDS_SHIFT: cashier.window.shift_open,
        Stage.SELLING: cashier.window.sale,
        Stage.PAYING: cashier.window.payment,
        Stage.RETURNING: cashier.window.returns,
        Stage.DONE: cashier.window.result,
    }

    def check() -> None:
        assert cashier.register.stage is stage
        assert cashier.window.stack.currentWidget() is screens[stage]

    qtbot.waitUntil(check, timeout=timeout)


def wait_lines(qtbot: QtBot, cashier: CashierApp, count: int) -> None:
    qtbot.waitUntil(lambda: cashier.window.sale.model.rowCount() == count)


def selling(qtbot: QtBot, make_app: AppFactory, till: Till, **options: object) -> CashierApp:
    """The app with the cashier signed in and a shift open, on the sale screen."""
    cashier = make_app(**options)
    sign_in(qtbot, cashier.window, till.cashier, "4826")
    wait_stage(qtbot, cashier, Stage.NEEDS_SHIFT)
    open_shift(qtbot, cashier.window, "500")
    wait_stage(qtbot, cashier, Stage.SELLING)
    qtbot.waitUntil(cashier.window.sale.table.hasFocus)
    return cashier


def pay_exact_cash_and_finish(qtbot: QtBot, cashier: CashierApp) -> None:
    """F12, Enter with nothing typed (exact cash), F12."""
    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.PAYING)
    qtbot.waitUntil(cashier.window.payment.amount.hasFocus)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cashier.window.payment.finish_button.isEnabled())
    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.DONE)


def sell(qtbot: QtBot, cashier: CashierApp, *codes: str) -> str:
    """A whole sale paid in exact cash; returns its receipt number; back to selling."""
    table = cashier.window.sale.table
    for index, code in enumerate(codes, 1):
        scan(qtbot, table, code)
        wait_lines(qtbot, cashier, index)
    pay_exact_cash_and_finish(qtbot, cashier)
    result = cashier.register.sale.last_result
    assert result is not None
    cashier.register.sale.next_sale()
    wait_stage(qtbot, cashier, Stage.SELLING)
    cashier.window.sale.table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    return result.sale.receipt_no


def choose_approver(qtbot: QtBot, dialog: ApprovalDialog, user: StaffUser, pin: str) -> None:
    tile = dialog.findChild(QPushButton, f"approval_user_{user.user_id}")
    assert tile is not None, f"{user.name} is not offered as an approver"
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert tile.isChecked()
    dialog.pin.setFocus()
    qtbot.waitUntil(dialog.pin.hasFocus)
    human(qtbot, dialog.pin, pin)


# -- a. sign in and open the shift -------------------------------------------------------------


def test_sign_in_with_tile_and_pin_then_open_shift(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = make_app()
    window = cashier.window
    assert window.stack.currentWidget() is window.signin
    assert window.windowTitle() == "Cash register"

    sign_in(qtbot, window, till.cashier, "4321")
    qtbot.waitUntil(window.signin.message.isVisible)
    assert "Wrong PIN." in window.signin.message.text()
    assert "tries left" in window.signin.message.text()
    assert cashier.register.staff.user is None
    assert window.signin.pin.text() == ""
    assert window.stack.currentWidget() is window.signin
    [user] = till.rows("user", id=till.cashier.user_id)
    assert user["failed_attempts"] == 1

    qtbot.keyClicks(window.signin.pin, "4826")
    qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)
    wait_stage(qtbot, cashier, Stage.NEEDS_SHIFT)
    assert cashier.register.staff.user is not None
    assert cashier.register.staff.user.user_id == till.cashier.user_id
    assert window.user_label.text() == "Ayşe · Till T01"

    open_shift(qtbot, window, "750.50")
    wait_stage(qtbot, cashier, Stage.SELLING)
    shifts = till.rows("shift")
    assert len(shifts) == 1
    assert shifts[0]["user_id"] == till.cashier.user_id
    assert shifts[0]["opening_float_minor"] == 75050
    assert shifts[0]["closed_at"] is None


# -- b. a whole sale by the keyboard ------------------------------------------------------------


def test_scanned_sale_with_split_card_and_cash_payment(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale

    # A scan while the cart table has the focus.
    scan(qtbot, sale.table, barcode(MILK))
    wait_lines(qtbot, cashier, 1)

    # A scan while the search box has the focus: added, and nothing typed into the box.
    key(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(sale.search.hasFocus)
    scan(qtbot, sale.search, barcode(TEA))
    wait_lines(qtbot, cashier, 2)
    qtbot.wait(100)  # longer than the scanner's hold: nothing held comes out later
    assert sale.search.text() == ""
    assert sale.pages.currentIndex() == 0  # no search ran
    assert [line.product.sku for line in cashier.register.sale.cart.lines] == ["MILK1L", "TEA1KG"]

    # "+" adds one more of the selected (last scanned) line.
    sale.table.setFocus()
    qtbot.waitUntil(sale.table.hasFocus)
    key(qtbot, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: cashier.register.sale.cart.lines[1].quantity == 2)
    assert cashier.register.sale.cart.totals().total_minor == 4550 + 2 * 29990
    assert sale.total_label.text() == "₺645.30"

    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.PAYING)
    payment = cashier.window.payment
    qtbot.waitUntil(payment.amount.hasFocus)
    assert payment.due_label.text() == "₺645.30"

    # 400.00 on the card: type it, F3, the terminal's approval code, Enter.
    qtbot.keyClicks(payment.amount, "400")
    key(qtbot, Qt.Key.Key_F3)
    card = wait_dialog(qtbot, CardDialog)
    assert card.amount.text() == "400.00"
    qtbot.waitUntil(card.code.hasFocus)
    qtbot.keyClicks(card.code, "AP1234")
    qtbot.keyClick(card.code, Qt.Key.Key_Return)
    wait_closed(qtbot, card)
    qtbot.waitUntil(lambda: payment.tenders.rowCount() == 1)
    assert payment.remaining_label.text() == "₺245.30"

    # The rest in cash: 300 typed, Enter.
    payment.amount.setFocus()
    qtbot.waitUntil(payment.amount.hasFocus)
    qtbot.keyClicks(payment.amount, "300")
    qtbot.keyClick(payment.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: payment.tenders.rowCount() == 2)
    assert payment.remaining_caption.text() == "Change"
    assert payment.remaining_label.text() == "₺54.70"
    qtbot.waitUntil(payment.finish_button.hasFocus)

    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.DONE)
    result = cashier.window.result
    assert result.amount_caption.text() == "Change"
    assert result.amount.text() == "₺54.70"
    assert "S01-T01-" in result.details.text()

    sales = till.rows("sale")
    assert len(sales) == 1
    row = sales[0]
    assert row["kind"] == "sale"
    assert row["total_minor"] == 64530
    assert row["cashier_id"] == till.cashier.user_id
    lines = till.rows("sale_line", sale_id=row["id"])
    assert sorted((line["sku"], line["qty_milli"]) for line in lines) == [
        ("MILK1L", 1000),
        ("TEA1KG", 2000),
    ]
    tenders = {t["kind"]: t for t in till.rows("sale_tender", sale_id=row["id"])}
    assert set(tenders) == {"card", "cash"}
    assert tenders["card"]["amount_minor"] == 40000
    assert tenders["card"]["approval_code"] == "AP1234"
    assert tenders["cash"]["amount_minor"] == 24530
    assert tenders["cash"]["tendered_minor"] == 30000
    assert tenders["cash"]["change_minor"] == 5470
    jobs = till.rows("print_job", sale_id=row["id"])
    assert [(job["kind"], job["status"]) for job in jobs] == [("receipt", "preview")]
    assert till.rows("draft_sale") == []


# -- c. an unknown barcode --------------------------------------------------------------------


def test_unknown_barcode_says_so_alerts_and_the_next_scan_works(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    alerts: list[None] = []
    cashier = selling(qtbot, make_app, till, alert=lambda: alerts.append(None))
    sale = cashier.window.sale

    scan(qtbot, sale.table, "8690000099990")
    qtbot.waitUntil(sale.message.isVisible)
    assert sale.message.text() == "Unknown barcode 8690000099990"
    assert alerts == [None]
    assert cashier.register.sale.cart.is_empty

    scan(qtbot, sale.table, barcode(SOAP))
    wait_lines(qtbot, cashier, 1)
    assert not sale.message.isVisible()
    assert alerts == [None]
    assert till.rows("draft_sale"), "the cart is saved as the draft sale"


# -- d. a manager's approval ------------------------------------------------------------------


def test_line_discount_over_the_limit_needs_a_manager(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    scan(qtbot, sale.table, barcode(MILK))
    wait_lines(qtbot, cashier, 1)

    def ask_for_half_off() -> ApprovalDialog:
        sale.table.setFocus()
        qtbot.waitUntil(sale.table.hasFocus)
        key(qtbot, Qt.Key.Key_F4)
        discount = wait_dialog(qtbot, DiscountDialog)
        qtbot.waitUntil(discount.edit.hasFocus)
        human(qtbot, discount.edit, "50")
        wait_closed(qtbot, discount)
        approval = wait_dialog(qtbot, ApprovalDialog)
        assert approval.action == "discount.line"
        return approval

    # A supervisor may give 30 % at most: only the manager is offered for 50 %.
    approval = ask_for_half_off()
    offered = {b.objectName() for b in approval.findChildren(QPushButton)}
    assert f"approval_user_{till.supervisor.user_id}" not in offered
    assert cashier.register.sale.cart.lines[0].discount is None
    choose_approver(qtbot, approval, till.manager, "739164")
    wait_closed(qtbot, approval)
    qtbot.waitUntil(lambda: cashier.register.sale.cart.lines[0].discount is not None)
    assert cashier.register.sale.cart.totals().total_minor == 2275
    assert sale.total_label.text() == "₺22.75"
    assert not sale.table.isColumnHidden(sale.model.DISCOUNT)

    granted = till.rows("audit_entry", action="approval.granted")
    assert len(granted) == 1
    assert granted[0]["approver_id"] == till.manager.user_id
    assert granted[0]["user_id"] == till.cashier.user_id

    sale.table.setFocus()
    pay_exact_cash_and_finish(qtbot, cashier)
    [row] = till.rows("sale")
    approvals = json.loads(row["approvals_json"])
    assert [(a["action"], a["approver_id"], a["approver_role"]) for a in approvals] == [
        ("discount.line", till.manager.user_id, "manager")
    ]
    [line] = till.rows("sale_line", sale_id=row["id"])
    assert line["line_discount_minor"] == 2275
    on_sale = till.rows("audit_entry", sale_id=row["id"], action="discount.line")
    assert [a["approver_id"] for a in on_sale] == [till.manager.user_id]


# -- e. park and resume -----------------------------------------------------------------------


def test_park_and_resume_by_keys(qtbot: QtBot, make_app: AppFactory, till: Till) -> None:
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    scan(qtbot, sale.table, barcode(MILK))
    scan(qtbot, sale.table, barcode(BREAD))
    wait_lines(qtbot, cashier, 2)

    key(qtbot, Qt.Key.Key_F7)
    wait_lines(qtbot, cashier, 0)
    assert sale.message.text() == "Sale parked. F8 brings it back."
    [parked_row] = till.rows("parked_sale")
    assert parked_row["user_id"] == till.cashier.user_id
    assert len(json.loads(parked_row["cart_json"])["lines"]) == 2
    assert till.rows("draft_sale") == []  # the empty cart is not a draft

    sale.table.setFocus()
    key(qtbot, Qt.Key.Key_F8)
    parked = wait_dialog(qtbot, ParkedDialog)
    assert parked.list.count() == 1
    assert "2 items" in parked.list.item(0).text()
    qtbot.waitUntil(parked.list.hasFocus)
    qtbot.keyClick(parked.list, Qt.Key.Key_Return)
    wait_closed(qtbot, parked)
    wait_lines(qtbot, cashier, 2)
    assert [line.product.sku for line in cashier.register.sale.cart.lines] == ["MILK1L", "BREAD"]
    assert till.rows("parked_sale") == []


def test_resume_with_enter_resumes_once_and_shows_no_error(
    qtbot: QtBot, make_app: AppFactory, till: Till, monkeypatch: pytest.MonkeyPatch
) -> None:
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    scan(qtbot, sale.table, barcode(MILK))
    wait_lines(qtbot, cashier, 1)
    key(qtbot, Qt.Key.Key_F7)
    wait_lines(qtbot, cashier, 0)
    resumed: list[str] = []
    resume = cashier.register.sale.resume

    def spy(parked_id: str) -> None:
        resumed.append(parked_id)
        resume(parked_id)

    monkeypatch.setattr(cashier.register.sale, "resume", spy)

    key(qtbot, Qt.Key.Key_F8)
    parked = wait_dialog(qtbot, ParkedDialog)
    qtbot.waitUntil(parked.list.hasFocus)
    qtbot.keyClick(parked.list, Qt.Key.Key_Return)
    wait_closed(qtbot, parked)
    wait_lines(qtbot, cashier, 1)
    assert len(resumed) == 1
    assert not sale.message.isVisible(), sale.message.text()


# -- f. returns --------------------------------------------------------------------------------


def test_return_with_receipt(qtbot: QtBot, make_app: AppFactory, till: Till) -> None:
    cashier = selling(qtbot, make_app, till)
    receipt_no = sell(qtbot, cashier, barcode(SOAP), barcode(MILK))
    [original] = till.rows("sale")

    key(qtbot, Qt.Key.Key_F9)
    wait_stage(qtbot, cashier, Stage.RETURNING)
    returns = cashier.window.returns
    qtbot.waitUntil(returns.receipt.hasFocus)
    scan(qtbot, returns.receipt, receipt_no)  # the receipt's barcode
    qtbot.waitUntil(lambda: returns.model.rowCount() == 2)
    qtbot.waitUntil(returns.table.hasFocus)
    assert receipt_no in returns.info.text()
    assert returns.table.currentIndex().row() == 0  # soap, the first line

    key(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: returns.refund_button.isEnabled())
    assert returns.refund_label.text() == "Refund: ₺89.90"

    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.DONE)
    assert cashier.window.result.title.text() == "Refund done"
    assert cashier.window.result.amount.text() == "₺89.90"

    refund = next(row for row in till.rows("sale") if row["kind"] == "return")
    assert refund["original_sale_id"] == original["id"]
    assert refund["total_minor"] == -8990
    [line] = till.rows("sale_line", sale_id=refund["id"])
    assert (line["sku"], line["qty_milli"]) == ("SOAP", -1000)
    assert line["original_line_id"] is not None
    tenders = till.rows("sale_tender", sale_id=refund["id"])
    assert [(t["kind"], t["amount_minor"]) for t in tenders] == [("cash", -8990)]
    assert [job["kind"] for job in till.rows("print_job", sale_id=refund["id"])] == ["refund"]
    assert len(till.rows("audit_entry", action="refund", sale_id=refund["id"])) == 1


def test_return_without_receipt_needs_a_supervisor(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    key(qtbot, Qt.Key.Key_F9)
    wait_stage(qtbot, cashier, Stage.RETURNING)
    returns = cashier.window.returns
    qtbot.waitUntil(returns.receipt.hasFocus)

    key(qtbot, Qt.Key.Key_F6)
    approval = wait_dialog(qtbot, ApprovalDialog)
    assert approval.action == "return.receiptless"
    choose_approver(qtbot, approval, till.supervisor, "583916")
    wait_closed(qtbot, approval)
    qtbot.waitUntil(lambda: returns.pages.currentIndex() == 1)
    assert "Mehmet" in returns.info.text()

    returns.receiptless_list.setFocus()
    qtbot.waitUntil(returns.receiptless_list.hasFocus)
    scan(qtbot, returns.receiptless_list, barcode(SOAP))
    qtbot.waitUntil(lambda: returns.receiptless_list.count() == 1)
    assert returns.refund_label.text() == "Refund: ₺89.90"

    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.DONE)
    [refund] = till.rows("sale")
    assert refund["kind"] == "return"
    assert refund["original_sale_id"] is None
    assert refund["total_minor"] == -8990
    approvals = json.loads(refund["approvals_json"])
    assert [(a["action"], a["approver_id"]) for a in approvals] == [
        ("return.receiptless", till.supervisor.user_id)
    ]
    assert [t["kind"] for t in till.rows("sale_tender", sale_id=refund["id"])] == ["cash"]
    granted = till.rows("audit_entry", action="approval.granted")
    assert [a["approver_id"] for a in granted] == [till.supervisor.user_id]


# -- g. exchange -------------------------------------------------------------------------------


def test_exchange_then_sell_another_item_and_pay(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    receipt_no = sell(qtbot, cashier, barcode(SOAP), barcode(MILK))

    key(qtbot, Qt.Key.Key_F9)
    wait_stage(qtbot, cashier, Stage.RETURNING)
    returns = cashier.window.returns
    qtbot.waitUntil(returns.receipt.hasFocus)
    scan(qtbot, returns.receipt, receipt_no)
    qtbot.waitUntil(lambda: returns.model.rowCount() == 2)
    qtbot.waitUntil(returns.table.hasFocus)
    key(qtbot, Qt.Key.Key_Space)  # the soap comes back
    qtbot.waitUntil(lambda: returns.exchange_button.isEnabled())

    key(qtbot, Qt.Key.Key_F11)
    wait_stage(qtbot, cashier, Stage.SELLING)
    sale = cashier.window.sale
    qtbot.waitUntil(sale.exchange_label.isVisible)
    assert "₺89.90" in sale.exchange_label.text()
    qtbot.waitUntil(sale.table.hasFocus)
    scan(qtbot, sale.table, barcode(TEA))
    wait_lines(qtbot, cashier, 1)

    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.PAYING)
    payment = cashier.window.payment
    assert payment.tenders.rowCount() == 1  # the exchange credit
    assert payment.remaining_label.text() == "₺210.00"
    qtbot.waitUntil(payment.amount.hasFocus)
    qtbot.keyClicks(payment.amount, "250")
    qtbot.keyClick(payment.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: payment.finish_button.isEnabled())
    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.DONE)
    result = cashier.window.result
    assert result.amount.text() == "₺40.00"
    assert "Returned goods: receipt" in result.details.text()

    rows = till.rows("sale")
    assert len(rows) == 3
    refund = next(r for r in rows if r["kind"] == "return")
    new = next(r for r in rows if r["kind"] == "sale" and r["exchange_id"])
    assert refund["exchange_id"] == new["exchange_id"]
    assert refund["total_minor"] == -8990
    assert new["total_minor"] == 29990
    kinds = sorted(t["kind"] for t in till.rows("sale_tender", sale_id=new["id"]))
    assert kinds == ["cash", "exchange_credit"]
    cash = next(t for t in till.rows("sale_tender", sale_id=new["id"]) if t["kind"] == "cash")
    assert (cash["amount_minor"], cash["change_minor"]) == (21000, 4000)


def test_exchange_for_less_asks_for_the_card_refund_code(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    register = cashier.register
    register.sale.scan(barcode(TEA))
    payment = register.payment.begin_payment()
    register.payment.pay_card(payment.remaining_minor, "SALE-1")
    receipt_no = register.payment.finish().sale.receipt_no
    register.sale.next_sale()
    wait_stage(qtbot, cashier, Stage.SELLING)

    register.returns.begin_return()
    register.returns.load_receipt(receipt_no)
    register.returns.return_scan(barcode(TEA))
    register.returns.start_exchange()
    register.sale.scan(barcode(SOAP))  # 89.90 of the 299.90 credit: 210.00 back to the card
    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.PAYING)
    key(qtbot, Qt.Key.Key_F12)
    dialog = wait_dialog(qtbot, CodeDialog)
    human(qtbot, dialog.edit, "RF-42")
    wait_stage(qtbot, cashier, Stage.DONE)

    refund = next(r for r in till.rows("sale") if r["kind"] == "return")
    tenders = {t["kind"]: t for t in till.rows("sale_tender", sale_id=refund["id"])}
    assert set(tenders) == {"exchange_credit", "card"}
    assert (tenders["card"]["amount_minor"], tenders["card"]["approval_code"]) == (-21000, "RF-42")


# -- h. language -------------------------------------------------------------------------------


def test_ctrl_l_switches_to_turkish_and_back(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    window, sale = cashier.window, cashier.window.sale
    scan(qtbot, sale.table, barcode(TEA))
    wait_lines(qtbot, cashier, 1)
    key(qtbot, Qt.Key.Key_F3)
    quantity = wait_dialog(qtbot, AmountDialog)
    qtbot.waitUntil(quantity.edit.hasFocus)
    human(qtbot, quantity.edit, "5")
    wait_closed(qtbot, quantity)
    qtbot.waitUntil(lambda: cashier.register.sale.cart.lines[0].quantity == 5)
    assert sale.total_label.text() == "₺1,499.50"
    english = (window.windowTitle(), sale.pay_button.text())
    assert english == ("Cash register", "Pay  (F12)")

    sale.table.setFocus()
    qtbot.waitUntil(sale.table.hasFocus)
    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: cashier.register.language == "tr")
    qtbot.waitUntil(lambda: window.windowTitle() == "Kasa")
    assert sale.pay_button.text() == "Ödeme  (F12)"
    assert sale.total_label.text() == "1.499,50 ₺"
    assert sale.model.data(sale.model.index(0, sale.model.AMOUNT)) == "1.499,50 ₺"
    assert window.language_button.text() == "English"

    key(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: cashier.register.language == "en")
    qtbot.waitUntil(lambda: window.windowTitle() == "Cash register")
    assert (window.windowTitle(), sale.pay_button.text()) == english
    assert sale.total_label.text() == "₺1,499.50"
    assert window.language_button.text() == "Türkçe"


# -- i. kill and restart -----------------------------------------------------------------------


def test_cart_survives_closing_the_app_unfinished(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    first = selling(qtbot, make_app, till)
    scan(qtbot, first.window.sale.table, barcode(MILK))
    scan(qtbot, first.window.sale.table, barcode(SOAP))
    scan(qtbot, first.window.sale.table, barcode(SOAP))
    wait_lines(qtbot, first, 2)
    assert len(till.rows("draft_sale")) == 1
    close_app(first)

    second = make_app()
    sign_in(qtbot, second.window, till.cashier, "4826")
    wait_stage(qtbot, second, Stage.SELLING)  # the shift is still open
    model = second.window.sale.model
    wait_lines(qtbot, second, 2)
    assert [model.data(model.index(row, model.ITEM)) for row in range(2)] == ["Milk1L", "Soap"]
    assert model.data(model.index(1, model.QUANTITY)) == "2"
    assert second.window.sale.total_label.text() == "₺225.30"
    assert len(till.rows("shift")) == 1
    assert till.rows("sale") == []


# -- j. help -----------------------------------------------------------------------------------


def test_f1_lists_the_shortcuts(qtbot: QtBot, make_app: AppFactory, till: Till) -> None:
    selling(qtbot, make_app, till)
    key(qtbot, Qt.Key.Key_F1)
    dialog = wait_dialog(qtbot, HelpDialog)
    rows = {
        dialog.table.item(row, 0).text(): dialog.table.item(row, 1).text()
        for row in range(dialog.table.rowCount())
    }
    assert rows["F12"] == "Pay"
    assert rows["F7"] == "Park the sale"
    assert rows["F1"] == "This help"
    assert "Ctrl+L" in rows
    assert dialog.windowTitle() == "Keyboard shortcuts"
    qtbot.waitUntil(dialog.ok_button.hasFocus)
    key(qtbot, Qt.Key.Key_Return)
    wait_closed(qtbot, dialog)
    assert QApplication.activeModalWidget() is None


def test_enter_on_the_result_screen_starts_the_next_sale(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    scan(qtbot, cashier.window.sale.table, barcode(BREAD))
    wait_lines(qtbot, cashier, 1)
    pay_exact_cash_and_finish(qtbot, cashier)
    result = cashier.window.result
    qtbot.waitUntil(result.next_button.hasFocus)
    assert result.next_button.text() == "Next sale (Enter)"
    key(qtbot, Qt.Key.Key_Return)
    wait_stage(qtbot, cashier, Stage.SELLING, timeout=500)


# -- k. names for every control ----------------------------------------------------------------

INTERACTIVE = (QAbstractButton, QLineEdit, QAbstractSpinBox, QAbstractItemView, QCheckBox)


def qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a named control: a view's header, a line edit's clear button."""
    return isinstance(widget, QHeaderView) or isinstance(widget.parentWidget(), QLineEdit)


def unnamed(root: QWidget) -> list[str]:
    problems = []
    for kind in INTERACTIVE:
        for widget in root.findChildren(kind):
            if not widget.isVisible() or qt_internal(widget):
                continue
            label = f"{type(widget).__name__} {widget.objectName()!r} in {root.objectName()}"
            if not widget.objectName():
                problems.append(f"{label}: no objectName")
            if not widget.accessibleName():
                problems.append(f"{label}: no accessibleName")
    return problems


def test_every_visible_control_has_names(qtbot: QtBot, make_app: AppFactory, till: Till) -> None:
    cashier = make_app()
    window: MainWindow = cashier.window
    problems: list[str] = []
    seen: set[str] = set()

    def check(root: QWidget | None = None) -> None:
        root = root or window
        seen.add(root.objectName() if root is not window else window.current_screen().objectName())
        problems.extend(unnamed(root))

    def check_dialog(kind: type[D], open_: Callable[[], None], close: bool = True) -> D:
        open_()
        dialog = wait_dialog(qtbot, kind)
        check(dialog)
        if close:
            dialog.reject()
            wait_closed(qtbot, dialog)
        return dialog

    check()  # sign-in
    sign_in(qtbot, window, till.cashier, "4826")
    wait_stage(qtbot, cashier, Stage.NEEDS_SHIFT)
    check()
    open_shift(qtbot, window)
    wait_stage(qtbot, cashier, Stage.SELLING)
    check()
    scan(qtbot, window.sale.table, barcode(MILK))
    wait_lines(qtbot, cashier, 1)
    check()
    check_dialog(AmountDialog, window.sale.edit_quantity)
    check_dialog(DiscountDialog, window.sale.line_discount)
    check_dialog(HelpDialog, window.show_help)
    window.sale.search.setText("süt")
    qtbot.waitUntil(lambda: window.sale.pages.currentIndex() == 1)
    check()
    window.sale.search.clear()

    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.PAYING)
    check()
    check_dialog(CardDialog, window.payment.card)
    window.payment.exact_cash()
    qtbot.waitUntil(lambda: window.payment.tenders.rowCount() == 1)
    check()
    window.payment.finish()
    wait_stage(qtbot, cashier, Stage.DONE)
    check()
    receipt = cashier.register.sale.last_result.sale.receipt_no  # type: ignore[union-attr]
    cashier.register.sale.next_sale()
    wait_stage(qtbot, cashier, Stage.SELLING)
    check_dialog(ParkedDialog, window.sale.resume)

    window.sale.start_return()
    wait_stage(qtbot, cashier, Stage.RETURNING)
    check()
    window.returns.receipt.setText(receipt)
    window.returns.find_receipt()
    qtbot.waitUntil(lambda: window.returns.model.rowCount() == 1)
    check()
    approval = check_dialog(ApprovalDialog, window.returns.receiptless, close=False)
    choose_approver(qtbot, approval, till.supervisor, "583916")
    wait_closed(qtbot, approval)
    qtbot.waitUntil(lambda: window.returns.pages.currentIndex() == 1)
    window.returns.scan(barcode(SOAP))
    qtbot.waitUntil(lambda: window.returns.receiptless_list.count() == 1)
    check()
    window.returns.cancel()
    wait_stage(qtbot, cashier, Stage.SELLING)

    window.show_shift_close()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.shift_close)
    check()

    assert {
        "signin_screen",
        "shift_open",
        "sale_screen",
        "payment_screen",
        "return_screen",
        "result_screen",
        "approval_dialog",
        "card_dialog",
        "parked_dialog",
        "help_dialog",
    } <= seen | {window.shift_close.objectName()}
    assert problems == [], "\n".join(problems)


# -- l. crash reporter ---------------------------------------------------------------------------


@pytest.fixture
def pos_logging(till: Till) -> Iterator[Path]:
    """The app's log file for this test; the root logger is put back afterwards."""
    root = logging.getLogger()
    level = root.level
    before = list(root.handlers)
    configure_logging(till.settings)
    yield till.settings.log_dir / "pos.log"
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_crash_is_logged_with_its_trace_and_shown(
    qtbot: QtBot, make_app: AppFactory, till: Till, pos_logging: Path
) -> None:
    cashier = selling(qtbot, make_app, till)
    scan(qtbot, cashier.window.sale.table, barcode(MILK))
    wait_lines(qtbot, cashier, 1)

    def broken_slot() -> None:
        raise RuntimeError("boom in a slot")

    try:
        broken_slot()
    except RuntimeError as error:
        cashier.crash.handle(type(error), error, error.__traceback__)

    dialog = cashier.window.findChild(QMessageBox, "crash_dialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "RuntimeError: boom in a slot" in dialog.informativeText()
    assert str(pos_logging) in dialog.informativeText()
    ok = dialog.findChild(QAbstractButton, "crash_ok")
    assert ok is not None and ok.accessibleName()

    for handler in logging.getLogger().handlers:
        handler.flush()
    text = pos_logging.read_text(encoding="utf-8")
    assert "Unexpected error: boom in a slot" in text
    assert "Traceback (most recent call last)" in text
    assert "in broken_slot" in text
    assert 'raise RuntimeError("boom in a slot")' in text
    assert len(till.rows("draft_sale")) == 1, "the cart is still saved"

    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cashier.crash.dialog is None
