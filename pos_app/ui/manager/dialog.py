"""Manager mode over a cashier's session: from the stock look-up, a manager's PIN opens the
manager screens in a dialog (the header has no room for another button at 1024 px)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from pos_app.checkout.register import Register
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from pos_app.services.users import StaffUser
from pos_app.ui.cashier.dialogs import ApprovalDialog, PosDialog
from pos_app.ui.manager.panel import ManagerPanel
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import set_label

ACTION = "manager.mode"


class ManagerApprovalDialog(ApprovalDialog):
    """A manager picks their name and types their PIN; anyone else is refused."""

    def __init__(self, register: Register, tools: StockTools, parent: QWidget | None) -> None:
        self.manager: StaffUser | None = None
        self.tools = tools
        super().__init__(register, ACTION, Role.MANAGER, parent)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Manager mode"))
        self.title.setText(self.tr("Manager mode"))
        self.reason.setText(self.tr("Stock tasks: a manager signs in with their PIN to open them."))
        set_label(self.pin, self.tr("PIN"), self.tr("Manager PIN"))
        if not self.approvers:
            self.show_error(self.tr("No manager is set up on this terminal."))

    def validate(self) -> bool:
        user_id = self.selected_user_id()
        if user_id is None:
            self.show_error(self.tr("Choose who approves."))
            return False
        cashier = self.register.staff.user
        try:
            self.manager = self.tools.tasks.enter_manager_mode(
                self.tools.users,
                user_id,
                self.pin.text(),
                by_user_id=cashier.user_id if cashier is not None else None,
            )
        except UserError:
            self.pin.clear()
            raise
        return True


class ManagerDialog(PosDialog):
    """The manager screens in a dialog, for ``manager``; scans go to the shown tab."""

    def __init__(
        self, register: Register, manager: StaffUser, tools: StockTools, parent: QWidget | None
    ) -> None:
        super().__init__(register, "manager", parent)
        self.manager = manager
        self.setMinimumSize(980, 700)
        self.panel = ManagerPanel(register, manager, tools, self)
        self.body.addWidget(self.panel, 1)
        self.ok_button.hide()  # every tab posts its own task
        self.error.hide()
        self.finished.connect(lambda _result: self._stop())
        self.finish_setup()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Manager mode"))
        self.title.setText(self.tr("Manager mode · {name}").format(name=self.manager.name))
        set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close manager mode"))

    def scan(self, code: str) -> None:
        self.panel.scan(code)

    def _stop(self) -> None:
        if shiboken6.isValid(self.panel):
            self.panel.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter belongs to the field it was typed in (an item, a shelf, a delivery note);
        # it never closes manager mode.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        QDialog.keyPressEvent(self, event)


def open_manager_mode(stock_dialog: PosDialog, tools: StockTools) -> ManagerApprovalDialog:
    """From the stock look-up: ask for a manager's PIN, then open the manager screens in
    place of the look-up. Returns the approval dialog (open)."""
    register = stock_dialog.register
    approval = ManagerApprovalDialog(register, tools, stock_dialog)

    def approved() -> None:
        manager = approval.manager
        if manager is None or not shiboken6.isValid(stock_dialog):
            return
        parent = stock_dialog.parentWidget()
        stock_dialog.accept()
        ManagerDialog(register, manager, tools, parent).open()

    approval.accepted.connect(approved)
    approval.open()
    return approval
