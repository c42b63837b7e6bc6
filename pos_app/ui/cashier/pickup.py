"""Pickups: this store's web orders by state, found by number, name, phone or the customer's
QR code; prepared with a picking list and handed over after the pickup code or an ID check.

Everything reads the last synced data (the age is always shown) and every transition is a
fact in the outbox, so the screen works the same with the network down.

A scanner types the customer's QR and Enter into the desk (``search_dialog``): the order is
shown (and handed over when ready); Enter never closes the desk, Esc does.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.domain.fulfilment import PickupPayment
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.pickup import TABS, PickupView, refund_minor
from pos_app.services.pickup_desk import PickupService
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.cashier.search_dialog import SearchKeys, fit_to_window, is_typed, type_into
from pos_app.ui.i18n import format_milli, format_money, format_store_datetime
from pos_app.ui.widgets import button, choice_row, named, set_label

_OVERDUE = QColor("#9b1c1c")


def state_text(state: str) -> str:
    texts = {
        "placed": QCoreApplication.translate("Pickup", "To prepare"),
        "prepared": QCoreApplication.translate("Pickup", "Prepared"),
        "ready": QCoreApplication.translate("Pickup", "Ready for pickup"),
        "collected": QCoreApplication.translate("Pickup", "Collected"),
        "cancelled": QCoreApplication.translate("Pickup", "Cancelled"),
    }
    return texts.get(state, state)


def _when(moment: datetime | None, language: str, zone: str) -> str:
    return "" if moment is None else format_store_datetime(moment, language, zone)


class PickupDialog(PosDialog):
    """The pickup desk (Ctrl+O)."""

    COLUMNS = 5  # order, customer, total, pick up by, state (the phone is in the detail)

    def __init__(
        self,
        register: Register,
        parent: QWidget | None,
        *,
        pickups: PickupService,
        clock: Clock,
        zone: str,
    ) -> None:
        """``zone``: the store's time zone."""
        super().__init__(register, "pickup", parent)
        self.pickups = pickups
        self.clock = clock
        self.zone = zone
        self.setMinimumSize(900, 640)
        self.tab = "to_prepare"
        self.orders: list[PickupView] = []

        top = QHBoxLayout()
        self.search_edit = named(QLineEdit(), "pickup_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self._search_later())
        top.addWidget(self.search_edit, 3)
        self.age_label = named(QLabel(), "pickup_age")
        self.age_label.setWordWrap(True)
        top.addWidget(self.age_label, 2)
        self.body.addLayout(top)

        tabs, self.tab_group, self.tab_buttons = choice_row("pickup_tab", TABS, self.show_tab, self)
        self.body.addLayout(tabs)

        # The orders over the whole width (a customer's name must not be cut), the selected
        # order's details and picking list under them.
        self.table = named(QTableWidget(0, self.COLUMNS), "pickup_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.table.doubleClicked.connect(lambda _index: self.primary_action())
        self.body.addWidget(self.table, 3)

        row = QHBoxLayout()
        self.detail_label = named(QLabel(), "pickup_detail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.detail_label, 1)
        self.lines_table = named(QTableWidget(0, 3), "pickup_lines")
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines_table.verticalHeader().hide()
        lines_header = self.lines_table.horizontalHeader()
        lines_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        lines_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        lines_header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        row.addWidget(self.lines_table, 1)
        self.body.addLayout(row, 2)
        # The two tables share the height 3:2 whatever their size hints say; at 1024x768 the
        # orders still show five rows and the picking list two.
        for table, rows in ((self.table, 3), (self.lines_table, 2)):
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            row_height = table.verticalHeader().defaultSectionSize()
            table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + rows * row_height)
        SearchKeys(self.search_edit, (self.table, self.lines_table))

        actions = QHBoxLayout()
        self.prepare_button = button("pickup_prepare", on_click=self.prepare)
        self.ready_button = button("pickup_ready", on_click=self.mark_ready)
        self.handover_button = button("pickup_handover", kind="primary", on_click=self.hand_over)
        for action in (self.prepare_button, self.ready_button, self.handover_button):
            actions.addWidget(action)
        self.body.addLayout(actions)
        self.ok_button.hide()  # every action acts at once

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.reload)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(5_000)  # pulls arrive in the background
        self._refresh_timer.timeout.connect(self.reload)
        self._refresh_timer.start()
        self.finish_setup()
        fit_to_window(self)
        self.tab_buttons[self.tab].setChecked(True)
        self.reload()
        self.search_edit.setFocus()

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Pickups: web orders for this store"))
        set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close"))
        set_label(
            self.search_edit,
            self.tr("Order no., name, phone or pickup code; or scan the customer's QR"),
            self.tr("Search pickups"),
        )
        set_label(self.prepare_button, self.tr("Prepared"), self.tr("Mark prepared"))
        set_label(self.ready_button, self.tr("Ready for pickup"), self.tr("Mark ready"))
        set_label(self.handover_button, self.tr("Hand over…"), self.tr("Hand over"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Order"),
                self.tr("Customer"),
                self.tr("Total"),
                self.tr("Pick up by"),
                self.tr("State"),
            ]
        )
        self.table.setAccessibleName(self.tr("Pickup orders"))
        self.lines_table.setHorizontalHeaderLabels(
            [self.tr("Qty"), self.tr("Item"), self.tr("Bin")]
        )
        self.lines_table.setAccessibleName(self.tr("Picking list"))
        if hasattr(self, "orders"):
            self.reload()

    def _tab_label(self, name: str, count: int) -> str:
        label = {
            "to_prepare": self.tr("To prepare"),
            "ready": self.tr("Ready"),
            "overdue": self.tr("Overdue"),
            "collected": self.tr("Collected"),
            "cancelled": self.tr("Cancelled"),
        }[name]
        return f"{label} ({count})"

    # -- data ------------------------------------------------------------------------------

    def _search_later(self) -> None:
        self._search_timer.start()

    def show_tab(self, name: str) -> None:
        self.tab = name
        self.tab_buttons[name].setChecked(True)
        if self.search_edit.text():
            self.search_edit.clear()  # reloads through textChanged
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        counts = self.pickups.counts()
        for name, tab_button in self.tab_buttons.items():
            text = self._tab_label(name, counts.get(name, 0))
            set_label(tab_button, text, text)
        query = self.search_edit.text().strip()
        self.orders = self.pickups.search(query) if query else self.pickups.list(self.tab)
        now = self.clock.now()
        synced = self.pickups.last_synced_at()
        age = self.tr("Web orders {age}").format(
            age=age_text(synced, now, self.register.language, self.zone)
        )
        if is_stale(synced, now):
            age += "\n" + self.tr(
                "Offline or not synced lately: check the state with the web shop."
            )
        self.age_label.setText(age)
        self.age_label.setProperty("kind", "warning" if is_stale(synced, now) else "")
        self.age_label.style().polish(self.age_label)
        language = self.register.language
        self.table.setRowCount(len(self.orders))
        select_row = 0
        for row, order in enumerate(self.orders):
            state = state_text(order.state)
            if order.pending:
                state = self.tr("{state} (not synced yet)").format(state=state)
            cells = (
                order.number,
                order.customer_name,
                format_money(order.total_minor, language, order.currency),
                _when(order.pickup_by, language, self.zone),
                state,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if order.overdue:
                    item.setForeground(QBrush(_OVERDUE))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if selected is not None and order.order_id == selected.order_id:
                select_row = row
        if self.orders:
            self.table.selectRow(select_row)
        self._show_selected()

    def selected(self) -> PickupView | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not hasattr(self, "orders"):
            return None
        index = rows[0].row()
        return self.orders[index] if 0 <= index < len(self.orders) else None

    def select(self, order: PickupView) -> None:
        """Show ``order`` (found by a scan) in the list and select it."""
        self.orders = [order]
        self.search_edit.blockSignals(True)
        self.search_edit.setText(order.number)
        self.search_edit.blockSignals(False)
        self.reload()

    def _show_selected(self) -> None:
        order = self.selected()
        language = self.register.language
        if order is None:
            self.detail_label.setText(
                self.tr("No pickup orders here.")
                if not self.orders
                else self.tr("Choose an order to see its picking list.")
            )
            self.lines_table.setRowCount(0)
            for action in (self.prepare_button, self.ready_button, self.handover_button):
                action.setEnabled(False)
            return
        facts = [
            state_text(order.state),
            self.tr("Paid online")
            if order.paid
            else self.tr("Pay in store: {total}").format(
                total=format_money(order.total_minor, language, order.currency)
            ),
        ]
        if order.pickup_by is not None:
            facts.append(
                self.tr("Pick up by {when}").format(
                    when=_when(order.pickup_by, language, self.zone)
                )
            )
        # Few lines: the orders above keep the height.
        parts = [f"{order.number} · {order.customer_name}", order.phone, " · ".join(facts)]
        if order.overdue:
            parts.append(self.tr("OVERDUE: call the customer or cancel online."))
        if order.pending:
            parts.append(self.tr("Last step not synced yet: it goes when the network is back."))
        if order.conflict:
            parts.append(
                self.tr(
                    "The backend refused the last step: {reason}. A staff task was raised."
                ).format(reason=order.conflict)
            )
        self.detail_label.setText("\n".join(parts))
        self.lines_table.setRowCount(len(order.lines))
        for row, line in enumerate(order.lines):
            cells = (
                format_milli(line.qty_milli, language),
                f"{line.name_in(language)}  ({line.sku})",
                line.bin,
            )
            for column, value in enumerate(cells):
                self.lines_table.setItem(row, column, QTableWidgetItem(value))
        self.prepare_button.setEnabled(order.state == "placed")
        self.ready_button.setEnabled(order.state == "prepared")
        self.handover_button.setEnabled(order.state == "ready")

    # -- actions ---------------------------------------------------------------------------

    def _user_id(self) -> str | None:
        user = self.register.staff.user
        return user.user_id if user is not None else None

    def _act(self, action: str) -> None:
        order = self.selected()
        if order is None:
            return
        self.error.hide()
        try:
            if action == "prepare":
                self.pickups.prepare(order.order_id, self._user_id())
            else:
                self.pickups.mark_ready(order.order_id, self._user_id())
        except UserError as error:
            self.show_user_error(error)
        self.reload()

    def prepare(self) -> None:
        self._act("prepare")

    def mark_ready(self) -> None:
        self._act("ready")

    def primary_action(self) -> None:
        order = self.selected()
        if order is None:
            return
        if order.state == "placed":
            self.prepare()
        elif order.state == "prepared":
            self.mark_ready()
        elif order.state == "ready":
            self.hand_over()

    def hand_over(self, scanned_code: str = "") -> None:
        order = self.selected()
        if order is None or order.state != "ready":
            return
        self.error.hide()
        dialog = HandoverDialog(
            self.register, order, self, pickups=self.pickups, scanned_code=scanned_code
        )
        dialog.finished.connect(lambda _result: self._handover_done(dialog))
        dialog.open()

    def _handover_done(self, dialog: HandoverDialog) -> None:
        if dialog.took_payment:  # the sale screen takes over: the payment is next
            self.accept()
            return
        self.reload()

    def scan(self, code: str) -> None:
        """A scan while the desk is open: the customer's QR (or a bare order number)."""
        self.error.hide()
        order = self.pickups.by_scan(code)
        if order is None:
            self.show_error(
                self.tr("No pickup order of this store matches {code}.").format(code=code)
            )
            return
        self.select(order)
        if order.state == "ready":
            code_part = code.rsplit(":", 1)[-1] if code.upper().startswith("POSPICKUP:") else ""
            self.hand_over(scanned_code=code_part)

    def shortcut_help(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Scan"), self.tr("The customer's pickup QR opens the order")),
            (self.tr("Enter"), self.tr("Next step of the selected order")),
        ]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Never closes the desk: a scanner ends every code with Enter.
            text = self.search_edit.text().strip()
            if self.search_edit.hasFocus() and text:
                self._search_timer.stop()
                if text.upper().startswith("POSPICKUP:"):
                    self.scan(text)  # the customer's QR, typed in by the scanner
                else:
                    self.reload()
                    if len(self.orders) == 1:
                        self.table.setFocus()
                self.search_edit.selectAll()  # the next scan replaces it
                return
            self.primary_action()
            return
        if is_typed(event) and not self.search_edit.hasFocus():
            type_into(self.search_edit, event)  # typed on a button: a scan, or a search
            return
        super().keyPressEvent(event)


class HandoverDialog(PosDialog):
    """Hand a ready order over: verify the pickup code (typed or from the QR) or an ID, note
    items the customer refuses (refunded to the online payment)."""

    def __init__(
        self,
        register: Register,
        order: PickupView,
        parent: QWidget | None,
        *,
        pickups: PickupService,
        scanned_code: str = "",
    ) -> None:
        super().__init__(register, "handover", parent)
        self.order = order
        self.pickups = pickups
        self.scanned_code = scanned_code
        self.took_payment = False  # a pay-in-store order went to the payment screen
        self.setMinimumWidth(720)
        self.summary = named(QLabel(), "handover_summary")
        self.summary.setWordWrap(True)
        self.body.addWidget(self.summary)

        method_row = QHBoxLayout()
        self.method_group = QButtonGroup(self)
        self.code_method = button("handover_by_code", kind="tab")
        self.id_method = button("handover_by_id", kind="tab")
        for method in (self.code_method, self.id_method):
            method.setCheckable(True)
            self.method_group.addButton(method)
            method_row.addWidget(method)
        self.code_method.setChecked(True)
        self.code_method.clicked.connect(lambda _checked=False: self._method_changed())
        self.id_method.clicked.connect(lambda _checked=False: self._method_changed())
        self.body.addLayout(method_row)
        self.code_edit = named(QLineEdit(), "handover_code")
        self.code_edit.setMaxLength(12)
        self.code_edit.setText(scanned_code)
        self.id_edit = named(QLineEdit(), "handover_id_note")
        self.id_edit.setMaxLength(80)
        self.body.addWidget(self.code_edit)
        self.body.addWidget(self.id_edit)

        self.refuse_label = QLabel()
        self.refuse_label.setWordWrap(True)
        self.body.addWidget(self.refuse_label)
        self.lines_table = named(QTableWidget(len(order.lines), 3), "handover_lines")
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines_table.verticalHeader().hide()
        header = self.lines_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.refused: dict[str, QSpinBox] = {}
        for row, line in enumerate(order.lines):
            self.lines_table.setItem(
                row, 0, QTableWidgetItem(f"{line.name_in(register.language)}  ({line.sku})")
            )
            self.lines_table.setItem(
                row, 1, QTableWidgetItem(format_milli(line.qty_milli, register.language))
            )
            spin = named(QSpinBox(), f"handover_refuse_{row}")
            whole_units = line.qty_milli % 1000 == 0
            # Weighed goods are refused whole (1 = the whole line).
            spin.setRange(0, line.qty_milli // 1000 if whole_units else 1)
            spin.setProperty("whole_line", not whole_units)
            spin.valueChanged.connect(lambda _value: self._update_refund())
            self.lines_table.setCellWidget(row, 2, spin)
            self.refused[line.sku] = spin
        # Rows tall enough for the touch-sized spin boxes of the theme.
        self.lines_table.verticalHeader().setDefaultSectionSize(52)
        self.lines_table.setMaximumHeight(52 * (len(order.lines) + 1) + 8)
        self.lines_table.setMinimumHeight(52 * (min(len(order.lines), 3) + 1) + 8)
        self.body.addWidget(self.lines_table)
        self.refund_label = named(QLabel(), "handover_refund")
        self.refund_label.setWordWrap(True)
        self.body.addWidget(self.refund_label)
        self.finish_setup()
        self._method_changed()
        self._update_refund()
        # The customer sees their order on the customer display while it is handed over.
        register.pickup.show_handover(order)
        self.finished.connect(lambda _result: register.pickup.show_handover(None))

    def retranslate(self) -> None:
        super().retranslate()
        order = self.order
        language = self.register.language
        self.title.setText(self.tr("Hand over {number}").format(number=order.number))
        money = format_money(order.total_minor, language, order.currency)
        paid = (
            self.tr("Paid online ({total}).").format(total=money)
            if order.paid
            else self.tr(
                "Pay in store: {total}. Verify the customer, then take the payment."
            ).format(total=money)
        )
        self.summary.setText(f"{order.customer_name} · {order.phone}\n{paid}")
        set_label(self.code_method, self.tr("Pickup code"), self.tr("Verify the pickup code"))
        set_label(self.id_method, self.tr("ID document"), self.tr("Verify an ID document"))
        set_label(self.code_edit, self.tr("The 6-digit code from the customer's message"))
        set_label(
            self.id_edit, self.tr("Which ID was checked, e.g. TC kimlik, last 4 digits"), None
        )
        self.refuse_label.setText(
            self.tr("Items the customer does not take (they go back to stock):")
        )
        self.lines_table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Ordered"), self.tr("Refused")]
        )
        if order.paid:
            set_label(self.ok_button, self.tr("Hand over (Enter)"), self.tr("Hand over"))
        else:
            set_label(self.ok_button, self.tr("Take payment (Enter)"), self.tr("Take payment"))

    def _method_changed(self) -> None:
        by_code = self.code_method.isChecked()
        self.code_edit.setVisible(by_code)
        self.id_edit.setVisible(not by_code)
        (self.code_edit if by_code else self.id_edit).setFocus()

    def refused_quantities(self) -> dict[str, int]:
        refused: dict[str, int] = {}
        for line in self.order.lines:
            spin = self.refused[line.sku]
            if spin.value():
                qty = line.qty_milli if spin.property("whole_line") else spin.value() * 1000
                refused[line.sku] = qty
        return refused

    def _update_refund(self) -> None:
        refused = self.refused_quantities()
        if not refused:
            self.refund_label.setText("")
            return
        amount = refund_minor(self.order.lines, refused)
        money = format_money(amount, self.register.language, self.order.currency)
        self.refund_label.setText(
            self.tr("Refund to the online payment: {amount} (the web shop pays it back).").format(
                amount=money
            )
            if self.order.paid
            else self.tr("Not charged: {amount} less to pay.").format(amount=money)
        )

    def validate(self) -> bool:
        user = self.register.staff.user
        by_code = self.code_method.isChecked()
        method = ("qr" if self.scanned_code else "code") if by_code else "id"
        code = self.code_edit.text().strip()
        if method == "qr" and code != self.scanned_code:
            method = "code"  # typed over the scanned code
        if not self.order.paid:
            # Verified now; handed over by the sale that takes the payment (one transaction).
            id_note = self.pickups.verify(
                self.order, method, code if by_code else "", self.id_edit.text().strip()
            )
            self.register.pickup.start_pickup_payment(
                self.order,
                PickupPayment(
                    self.order.order_id,
                    self.order.number,
                    method,
                    code=code if by_code else "",
                    id_note=id_note,
                    refused=self.refused_quantities(),
                ),
            )
            self.took_payment = True
            return True
        self.pickups.hand_over(
            self.order.order_id,
            user.user_id if user is not None else None,
            verified_by=method,
            code=code if by_code else "",
            id_note=self.id_edit.text().strip() if not by_code else "",
            refused=self.refused_quantities(),
        )
        return True
