"""Service mode: an attendant signs in (badge scan, or name and PIN) and approves, removes
lines, voids the basket, reprints, opens or closes the kiosk's day, or closes the app."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.errors import UserError
from pos_app.ui.i18n import format_quantity
from pos_app.ui.kiosk.ports import Attendant, Session, StaffList
from pos_app.ui.kiosk.texts import approval_short
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text
from pos_app.ui.widgets import KeyPad, clear_layout

SIGN_IN, ACTIONS = 0, 1


class KioskService(KioskScreen):
    """The attendant's page; ``left`` when service mode ends, ``close_app`` when a manager
    closes the kiosk app."""

    left = Signal()
    close_app = Signal()
    changed = Signal()  # the basket or the day changed: the customer's screens refresh

    def __init__(
        self,
        session: Session,
        attendant: Attendant,
        staff: StaffList,
        describe: Callable[[UserError], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_service")
        self.session = session
        self.attendant = attendant
        self.staff = staff
        self.describe = describe
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_sign_in())
        self.pages.addWidget(self._build_actions())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.pages)
        self.retranslate()

    # -- building --------------------------------------------------------------------------

    def _build_sign_in(self) -> QWidget:
        page = QWidget()
        self.sign_in_title = klabel("kiosk_service_sign_in_title", "title")
        self.sign_in_hint = klabel("kiosk_service_sign_in_hint", "muted")
        self.users_host = QWidget()
        self.users = QGridLayout(self.users_host)
        self.users.setSpacing(12)
        self.user_group = QButtonGroup(self)
        self.user_group.setExclusive(True)
        self.pin = QLineEdit()
        self.pin.setObjectName("kiosk_service_pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.returnPressed.connect(self.submit_pin)
        self.pad = KeyPad(self.pin, "kiosk_service", decimal=False)
        self.sign_in_error = klabel("kiosk_service_sign_in_error", "error")
        self.sign_in_error.hide()
        self.sign_in_button = kbutton("kiosk_service_sign_in", "primary", on_click=self.submit_pin)
        self.sign_in_cancel = kbutton("kiosk_service_sign_in_cancel", on_click=self.leave)
        left = QVBoxLayout()
        left.addWidget(self.sign_in_title)
        left.addWidget(self.sign_in_hint)
        left.addWidget(self.users_host)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.pin)
        right.addWidget(self.pad)
        right.addWidget(self.sign_in_error)
        right.addWidget(self.sign_in_button)
        right.addWidget(self.sign_in_cancel)
        right.addStretch(1)
        row = QHBoxLayout(page)
        row.setSpacing(32)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        return page

    def _build_actions(self) -> QWidget:
        page = QWidget()
        self.who = klabel("kiosk_service_who", "title")
        self.result = klabel("kiosk_service_result", "notice")
        self.result.hide()
        self.approvals_title = klabel("kiosk_service_approvals_title", "title")
        self.approvals_host = QWidget()
        self.approvals = QVBoxLayout(self.approvals_host)
        self.approvals.setContentsMargins(0, 0, 0, 0)
        self.approve_all = kbutton("kiosk_service_approve_all", "primary", on_click=self._all)
        self.lines_title = klabel("kiosk_service_lines_title", "title")
        self.lines_host = QWidget()
        self.lines = QVBoxLayout(self.lines_host)
        self.lines.setContentsMargins(0, 0, 0, 0)
        lists = QWidget()
        column = QVBoxLayout(lists)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.approvals_title,
            self.approvals_host,
            self.approve_all,
            self.lines_title,
            self.lines_host,
        ):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(lists)

        self.void = kbutton("kiosk_service_void", on_click=self._void)
        self.reprint = kbutton("kiosk_service_reprint", on_click=self._reprint)
        self.open_day = kbutton("kiosk_service_open_day", on_click=self._open_day)
        self.close_day = kbutton("kiosk_service_close_day", on_click=self._close_day)
        self.quit = kbutton("kiosk_service_close_app", on_click=self.close_app.emit)
        self.leave_button = kbutton("kiosk_service_leave", "primary", on_click=self.leave)
        actions = QVBoxLayout()
        actions.setSpacing(12)
        for widget in (self.void, self.reprint, self.open_day, self.close_day, self.quit):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.leave_button)

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(scroll, 3)
        body.addLayout(actions, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.who)
        layout.addWidget(self.result)
        layout.addLayout(body, 1)
        return page

    def retranslate(self) -> None:
        set_text(self.sign_in_title, self.tr("Staff sign-in"))
        set_text(
            self.sign_in_hint, self.tr("Scan your staff badge, or tap your name and type your PIN.")
        )
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.setAccessibleName(self.tr("PIN"))
        set_text(self.sign_in_button, self.tr("Sign in"))
        set_text(self.sign_in_cancel, self.tr("Cancel"))
        set_text(self.approvals_title, self.tr("Waiting for approval"))
        set_text(self.approve_all, self.tr("Approve all"))
        set_text(self.lines_title, self.tr("Basket"))
        set_text(self.void, self.tr("Void the basket"))
        set_text(self.reprint, self.tr("Reprint the last receipt"))
        set_text(self.open_day, self.tr("Open the kiosk's day"))
        set_text(self.close_day, self.tr("Close the kiosk's day (Z report)"))
        set_text(self.quit, self.tr("Close the kiosk app"))
        set_text(self.leave_button, self.tr("Leave service mode"))
        if self.attendant.user is not None:
            self.refresh()

    # -- entering and leaving --------------------------------------------------------------

    def show_sign_in(self) -> None:
        clear_layout(self.users)
        for tile in self.user_group.buttons():
            self.user_group.removeButton(tile)
        users = [user for user in self.staff() if user.active]
        for index, user in enumerate(users):
            tile = kbutton(f"kiosk_service_user_{user.user_id}", "user")
            tile.setCheckable(True)
            tile.setMinimumHeight(96)
            tile.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            tile.setProperty("user_id", user.user_id)
            set_text(tile, user.name)
            self.user_group.addButton(tile)
            self.users.addWidget(tile, index // 3, index % 3)
            tile.show()
        self.pin.clear()
        self.sign_in_error.hide()
        self.pages.setCurrentIndex(SIGN_IN)

    def choose(self, user_id: str) -> None:
        for tile in self.user_group.buttons():
            tile.setChecked(tile.property("user_id") == user_id)

    def submit_pin(self) -> None:
        checked = self.user_group.checkedButton()
        pin = self.pin.text()
        self.pin.clear()
        if not isinstance(checked, QPushButton):
            set_text(self.sign_in_error, self.tr("Tap your name first."))
            self.sign_in_error.show()
            return
        try:
            self.attendant.open_by_pin(str(checked.property("user_id")), pin)
        except UserError as error:
            set_text(self.sign_in_error, self.describe(error))
            self.sign_in_error.show()
            return
        self.show_actions()

    def show_actions(self) -> None:
        self.result.hide()
        self.refresh()
        self.pages.setCurrentIndex(ACTIONS)

    def leave(self) -> None:
        if self.attendant.user is not None:
            self.attendant.leave()
        self.pin.clear()
        self.result.hide()
        self.left.emit()

    def refresh(self) -> None:
        user = self.attendant.user
        name = user.name if user is not None else ""
        set_text(self.who, self.tr("Service mode: {name}").format(name=name))
        self.quit.setVisible(self.attendant.may_close_app)
        day_open = self.session.day_open
        self.open_day.setVisible(not day_open)
        self.close_day.setVisible(day_open)
        self._fill_approvals()
        self._fill_lines()

    def _fill_approvals(self) -> None:
        clear_layout(self.approvals)
        waiting = list(self.session.pending_approvals())
        for approval in waiting:
            row = kbutton(f"kiosk_service_approve_{approval.approval_id}")
            text = approval_short(approval)
            set_text(row, self.tr("Approve — {what}").format(what=text))
            row.clicked.connect(lambda _c=False, i=approval.approval_id: self._approve(i))
            self.approvals.addWidget(row)
            row.show()
        if not waiting:
            none = klabel("kiosk_service_no_approvals", "muted")
            set_text(none, self.tr("Nothing is waiting."))
            self.approvals.addWidget(none)
        self.approve_all.setVisible(len(waiting) > 1)

    def _fill_lines(self) -> None:
        clear_layout(self.lines)
        language = self.session.language
        lines = self.session.sale.cart.lines
        for line in lines:
            quantity = format_quantity(line.quantity, line.product.sold_by_weight, language)
            row = kbutton(f"kiosk_service_remove_{line.line_id}")
            set_text(
                row,
                self.tr("Remove — {quantity} × {name}").format(
                    quantity=quantity, name=line.product.name_in(language)
                ),
            )
            row.clicked.connect(lambda _c=False, i=line.line_id: self._remove(i))
            self.lines.addWidget(row)
            row.show()
        self.void.setEnabled(bool(lines))

    # -- actions ---------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], done: str) -> None:
        try:
            action()
        except UserError as error:
            set_text(self.result, self.describe(error))
        else:
            set_text(self.result, done)
        self.result.show()
        self.refresh()
        self.changed.emit()

    def _approve(self, approval_id: str) -> None:
        self._run(lambda: self.attendant.approve(approval_id), self.tr("Approved."))

    def _all(self) -> None:
        self._run(self.attendant.approve_all, self.tr("Everything approved."))

    def _remove(self, line_id: str) -> None:
        self._run(lambda: self.attendant.remove_line(line_id), self.tr("Line removed."))

    def _void(self) -> None:
        self._run(self.attendant.void_basket, self.tr("The basket was voided."))

    def _reprint(self) -> None:
        self._run(self.attendant.reprint_last, self.tr("The last receipt is printing."))

    def _open_day(self) -> None:
        self._run(self.attendant.open_day, self.tr("The kiosk's day is open."))

    def _close_day(self) -> None:
        try:
            close = self.attendant.close_day()
        except UserError as error:
            set_text(self.result, self.describe(error))
        else:
            set_text(
                self.result,
                self.tr("The kiosk's day is closed: Z report no. {number}.").format(
                    number=close.z_no
                ),
            )
        self.result.show()
        self.refresh()
        self.changed.emit()
