"""Quit (issue 14, item 11) and when the customer display opens (item 19), through the real
cashier window.

Quit: the signed-in user with no sale open confirms; a manager always may; with a sale open
(or nobody signed in) a manager's PIN is asked. It closes every window and ends the event
loop, and so does closing the window the way a window manager does. The customer display
opens on one screen only when asked for (POS_CUSTOMER_DISPLAY=true).
"""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.checkout.events import Stage
from pos_app.ui.cashier.dialogs import ApprovalDialog, ConfirmDialog
from pos_app.ui.main import CashierApp, wants_customer_display
from tests.ui.conftest import AppFactory, Till, sign_in
from tests.ui.test_cashier_flow import (
    MILK,
    barcode,
    choose_approver,
    key,
    scan,
    selling,
    wait_dialog,
    wait_lines,
    wait_stage,
)

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def watch_exit(cashier: CashierApp) -> list[bool]:
    """Record the end of the event loop instead of ending the test's."""
    calls: list[bool] = []
    cashier.exit = lambda: calls.append(True)
    return calls


def quit_rows(till: Till) -> list[dict[str, object]]:
    return till.rows("audit_entry", action="app.quit")


def test_the_cashier_quits_with_no_sale_open_after_confirming(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till, customer_display=True)
    exited = watch_exit(cashier)
    display = cashier.display
    assert display is not None and display.isVisible()

    key(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, ConfirmDialog)
    assert dialog.title.text() == "Quit"
    assert dialog.ok_button.text() == "Quit (Enter)"
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exited == [True])
    assert not cashier.window.isVisible()
    assert not display.isVisible()  # the customer display goes too
    [entry] = quit_rows(till)
    assert entry["user_id"] == till.cashier.user_id and entry["approver_id"] is None


def test_cancelling_the_question_keeps_the_app(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    exited = watch_exit(cashier)
    qtbot.mouseClick(cashier.window.quit_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, ConfirmDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    qtbot.wait(50)
    assert exited == [] and cashier.window.isVisible()
    assert quit_rows(till) == []


def test_a_sale_open_needs_a_managers_pin_and_the_draft_is_kept(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    exited = watch_exit(cashier)
    scan(qtbot, cashier.window.sale.table, barcode(MILK))
    wait_lines(qtbot, cashier, 1)

    qtbot.mouseClick(cashier.window.quit_button, Qt.MouseButton.LeftButton)
    approval = wait_dialog(qtbot, ApprovalDialog)
    # Only a manager may let the till close in the middle of a sale.
    assert [user.user_id for user in approval.approvers] == [till.manager.user_id]
    assert approval.title.text() == "Manager approval"  # not "Supervisor approval"
    assert "a sale is open" in approval.reason.text()
    choose_approver(qtbot, approval, till.manager, "739164")
    qtbot.waitUntil(lambda: exited == [True])
    assert not cashier.window.isVisible()
    [entry] = quit_rows(till)
    assert entry["user_id"] == till.cashier.user_id
    assert entry["approver_id"] == till.manager.user_id
    assert len(till.rows("draft_sale")) == 1  # the sale waits for the next start


def test_a_manager_quits_with_a_sale_open_after_confirming(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = make_app()
    exited = watch_exit(cashier)
    sign_in(qtbot, cashier.window, till.manager, "739164")
    wait_stage(qtbot, cashier, Stage.NEEDS_SHIFT)
    cashier.register.staff.open_shift(0)
    cashier.register.sale.scan(barcode(MILK))
    assert cashier.register.sale_open
    cashier.window.request_quit()
    dialog = wait_dialog(qtbot, ConfirmDialog)
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exited == [True])


def test_signed_out_the_quit_button_asks_a_manager(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = make_app()
    exited = watch_exit(cashier)
    window = cashier.window
    assert window.quit_button.isVisible()  # on the sign-in screen too
    qtbot.mouseClick(window.quit_button, Qt.MouseButton.LeftButton)
    approval = wait_dialog(qtbot, ApprovalDialog)
    approval.pin.setFocus()
    qtbot.keyClicks(approval.pin, "4826")  # the cashier's PIN is no manager's
    qtbot.keyClick(approval.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(approval.error.isVisible)
    assert exited == [] and quit_rows(till) == []
    qtbot.keyClicks(approval.pin, "739164")
    qtbot.keyClick(approval.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: exited == [True])
    [entry] = quit_rows(till)
    assert entry["user_id"] is None and entry["approver_id"] == till.manager.user_id


def test_closing_the_window_quits_the_whole_app(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    """What a window manager's close button does: before, the customer display stayed open
    and kept the process (and `pos demo`'s backend) running."""
    cashier = make_app(customer_display=True)
    exited = watch_exit(cashier)
    display = cashier.display
    assert display is not None and display.isVisible()
    assert not display.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)
    cashier.window.close()
    qtbot.waitUntil(lambda: exited == [True])
    assert not shiboken6.isValid(display) or not display.isVisible()


# -- item 19: the customer display on one screen ---------------------------------------------


def test_one_screen_has_no_customer_display_unless_asked(
    qtbot: QtBot, make_app: AppFactory
) -> None:
    assert len(QApplication.screens()) == 1  # the offscreen platform
    assert make_app().display is None
    asked = make_app(customer_display=True)
    assert asked.display is not None and asked.display.isVisible()
    # Asked for on one screen, it keeps off the header and the staff tiles: bottom right.
    room = QApplication.primaryScreen().availableGeometry()
    frame = asked.display.frameGeometry()
    assert abs(frame.bottom() - room.bottom()) <= 4 and frame.top() > room.top() + 100
    assert make_app(customer_display=False).display is None


@pytest.mark.parametrize(
    ("setting", "screens", "shown"),
    [
        (None, 1, False),  # auto: not over the cashier's own window
        (None, 2, True),  # auto: full screen on the second one
        (True, 1, True),  # asked for (a small second window, a pole display)
        (False, 2, False),
    ],
)
def test_wants_customer_display(setting: bool | None, screens: int, shown: bool) -> None:
    assert wants_customer_display(setting, screens) is shown
