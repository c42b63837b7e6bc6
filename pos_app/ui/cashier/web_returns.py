"""Returns of web orders (from the Returns screen, F7): find the order by number, phone, name
or the customer's QR, choose lines and quantities, refund to the online payment, as store
credit, or exchange for items from the store.

Everything reads the last synced data (its age is always shown), so the screen works the
same with the network down; the service (``services.web_returns``) enforces the rules and
asks for a manager when the window is over or an item is not returnable.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.domain.roles import Approval
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.sales import ReturnRequest
from pos_app.services.web_returns import WebLineView, WebOrderView, WebReturnService
from pos_app.ui.cashier.dialogs import ConfirmDialog, HelpDialog, PosDialog, with_approval
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.i18n import format_milli, format_money, format_store_datetime
from pos_app.ui.widgets import button, choice_row, named, set_label

_WARNING = QColor("#9b1c1c")
METHODS = ("online_payment", "store_credit", "exchange")


def _when(moment: datetime, language: str, zone: str) -> str:
    """In the store's time zone (``Settings.timezone``), whatever the machine's zone."""
    return format_store_datetime(moment, language, zone)


def method_text(method: str) -> str:
    texts = {
        "online_payment": QCoreApplication.translate("WebReturns", "To the online payment"),
        "store_credit": QCoreApplication.translate("WebReturns", "Store credit"),
        "exchange": QCoreApplication.translate("WebReturns", "Exchange"),
    }
    return texts.get(method, method)


class WebReturnDialog(PosDialog):
    """A web order's goods back to this store (the Returns screen's F7)."""

    def __init__(
        self,
        register: Register,
        parent: QWidget | None,
        *,
        web_returns: WebReturnService,
        clock: Clock,
        zone: str,
    ) -> None:
        """``zone``: the store's time zone."""
        super().__init__(register, "web_return", parent)
        self.returns = web_returns
        self.clock = clock
        self.zone = zone
        self.setMinimumSize(980, 700)
        self.orders: list[WebOrderView] = []
        self.method = ""
        self.chosen: dict[str, int] = {}  # SKU -> thousandths coming back
        self._shown = ""  # the order whose lines are on screen
        self._search_timer = QTimer(self)  # search as the cashier types, not on every key
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.reload)

        top = QHBoxLayout()
        self.search_edit = named(QLineEdit(), "web_return_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        top.addWidget(self.search_edit, 3)
        self.age_label = named(QLabel(), "web_return_age")
        self.age_label.setWordWrap(True)
        top.addWidget(self.age_label, 2)
        self.body.addLayout(top)

        row = QHBoxLayout()
        self.table = named(QTableWidget(0, 2), "web_return_orders")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setMaximumWidth(330)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.table, 1)
        # The order list is short: the line buttons take its room, the lines get the height.
        self.less_button = button("web_return_less", on_click=lambda: self.step(-1))
        self.more_button = button("web_return_more", on_click=lambda: self.step(1))
        self.all_button = button("web_return_all", on_click=self.toggle_all)
        for line_button in (self.less_button, self.more_button, self.all_button):
            line_button.setMaximumWidth(330)
            left.addWidget(line_button)
        row.addLayout(left, 2)

        detail = QVBoxLayout()
        detail.setContentsMargins(0, 0, 0, 0)
        self.detail_label = named(QLabel(), "web_return_detail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        detail.addWidget(self.detail_label)
        self.window_label = named(QLabel(), "web_return_window")
        self.window_label.setProperty("kind", "message")
        self.window_label.setWordWrap(True)
        self.window_label.hide()
        detail.addWidget(self.window_label)
        self.lines_table = named(QTableWidget(0, 4), "web_return_lines")
        self.lines_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines_table.verticalHeader().hide()
        lines_header = self.lines_table.horizontalHeader()
        lines_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            lines_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.lines_table.doubleClicked.connect(lambda _index: self.toggle_all())
        detail.addWidget(self.lines_table, 1)
        holder = QWidget()
        holder.setLayout(detail)
        row.addWidget(holder, 3)
        self.body.addLayout(row, 1)

        methods, self.method_group, self.method_buttons = choice_row(
            "web_return_method", METHODS, self.choose_method, self
        )
        self.body.addLayout(methods)
        summary = QHBoxLayout()
        self.refund_label = named(QLabel(), "web_return_refund")
        self.refund_label.setProperty("kind", "big")
        summary.addWidget(self.refund_label, 2)
        self.note_label = named(QLabel(), "web_return_note")
        self.note_label.setWordWrap(True)
        summary.addWidget(self.note_label, 3)
        self.body.addLayout(summary)

        for keys, handler in (
            ("F1", self.show_help),
            ("F3", lambda: self.step(-1)),
            ("F4", lambda: self.step(1)),
            ("Space", self.toggle_all),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)

        self.finish_setup()
        self.reload()
        self.search_edit.setFocus()

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Return a web order"))
        self.title.setText(self.tr("Return a web order"))
        set_label(
            self.search_edit,
            self.tr("Order no., phone or name; or scan the customer's QR"),
            self.tr("Search web orders"),
        )
        self.table.setHorizontalHeaderLabels([self.tr("Order"), self.tr("Customer")])
        self.table.setAccessibleName(self.tr("Returnable web orders"))
        self.lines_table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Bought"), self.tr("Returned"), self.tr("Return")]
        )
        self.lines_table.setAccessibleName(self.tr("Lines of the web order"))
        set_label(self.less_button, self.tr("One less (F3)"), self.tr("Return one less"))
        set_label(self.more_button, self.tr("One more (F4)"), self.tr("Return one more"))
        set_label(self.all_button, self.tr("All / none (Space)"), self.tr("Return all or none"))
        for method, choice in self.method_buttons.items():
            set_label(choice, method_text(method), method_text(method))
        set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close"))
        if hasattr(self, "orders"):
            self._shown = ""  # lines texts in the new language
            self.reload()

    # -- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Search again (or list nothing), keep the selected order, show the data's age."""
        selected = self.selected()
        query = self.search_edit.text().strip()
        self.orders = self.returns.search(query) if query else []
        self._show_age()
        self._fill_orders(selected.order_id if selected else None)

    def _show_age(self) -> None:
        now = self.clock.now()
        synced = self.returns.last_synced_at()
        age = self.tr("Web orders {age}").format(
            age=age_text(synced, now, self.register.language, self.zone)
        )
        stale = is_stale(synced, now)
        if stale:
            age += "\n" + self.tr(
                "Offline or not synced lately: returns made elsewhere may be missing."
            )
        self.age_label.setText(age)
        self.age_label.setProperty("kind", "message" if stale else "")
        self.age_label.style().unpolish(self.age_label)
        self.age_label.style().polish(self.age_label)

    def _fill_orders(self, keep: str | None) -> None:
        now = self.clock.now()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.orders))
        select_row = 0
        for row, order in enumerate(self.orders):
            for column, value in enumerate((order.number, order.customer_name)):
                item = QTableWidgetItem(value)
                if not order.inside_window(now):
                    item.setForeground(QBrush(_WARNING))
                self.table.setItem(row, column, item)
            if order.order_id == keep:
                select_row = row
        if self.orders:
            self.table.selectRow(select_row)
        self.table.blockSignals(False)
        self._show_selected()

    def selected(self) -> WebOrderView | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows or not hasattr(self, "orders"):
            return None
        index = rows[0].row()
        return self.orders[index] if 0 <= index < len(self.orders) else None

    def select(self, order: WebOrderView) -> None:
        """Show ``order`` (found by a scan) and select it."""
        self.search_edit.blockSignals(True)
        self.search_edit.setText(order.number)
        self.search_edit.blockSignals(False)
        self.orders = [order]
        self._show_age()
        self._fill_orders(order.order_id)

    def _show_selected(self) -> None:
        order = self.selected()
        self.error.hide()
        if order is None:
            self._shown = ""
            self.chosen = {}
            self.detail_label.setText(
                self.tr("Type or scan to find the order.")
                if not self.search_edit.text().strip()
                else self.tr("No returnable web order matches.")
            )
            self.window_label.hide()
            self.lines_table.setRowCount(0)
            for widget in (self.less_button, self.more_button, self.all_button):
                widget.setEnabled(False)
            for choice in self.method_buttons.values():
                choice.setEnabled(False)
            self._update_refund()
            return
        if order.order_id != self._shown:
            self._shown = order.order_id
            self.chosen = {}
        language = self.register.language
        now = self.clock.now()
        money = format_money(order.total_minor, language, order.currency)
        where = (
            self.tr("Collected at {store} on {when}").format(
                store=order.store_code, when=_when(order.returnable_from, language, self.zone)
            )
            if order.fulfilment == "pickup"
            else self.tr("Delivered on {when}").format(
                when=_when(order.returnable_from, language, self.zone)
            )
        )
        paid = (
            self.tr("paid online {total}")
            if order.paid_online
            else self.tr("paid in a store {total}")
        ).format(total=money)
        parts = [f"{order.number} · {order.customer_name} · {order.phone} · {paid}", where]
        warnings = []
        if order.inside_window(now):
            parts[-1] += " · " + self.tr("return by {when}").format(
                when=_when(order.return_by, language, self.zone)
            )
        else:
            warnings.append(
                self.tr("The return window ended on {when}: a manager must approve.").format(
                    when=_when(order.return_by, language, self.zone)
                )
            )
        if order.unsynced_returns:
            warnings.append(self.tr("Returned here before, not synced yet: counted as returned."))
        self.detail_label.setText("\n".join(parts))
        self.window_label.setText("\n".join(warnings))
        self.window_label.setVisible(bool(warnings))
        self._fill_lines(order)
        allowed = order.methods()
        for method, choice in self.method_buttons.items():
            choice.setEnabled(method in allowed)
        if self.method not in allowed:
            self.method = allowed[0]
        self.method_buttons[self.method].setChecked(True)
        self._update_refund()

    def _fill_lines(self, order: WebOrderView) -> None:
        language = self.register.language
        current = max(0, self.lines_table.currentRow())
        self.lines_table.setRowCount(len(order.lines))
        for row, line in enumerate(order.lines):
            name = f"{line.name_in(language)}  ({line.sku})"
            if not line.returnable:
                name += "\n" + self.tr("Not returnable: a manager must approve")
            item = QTableWidgetItem(name)
            if not line.returnable:
                item.setForeground(QBrush(_WARNING))
            cells = (
                item,
                QTableWidgetItem(format_milli(line.qty_milli, language)),
                QTableWidgetItem(format_milli(line.returned_milli + line.pending_milli, language)),
                QTableWidgetItem(format_milli(self.chosen.get(line.sku, 0), language)),
            )
            for column, cell in enumerate(cells):
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.lines_table.setItem(row, column, cell)
        self.lines_table.resizeRowsToContents()
        if order.lines:
            self.lines_table.selectionModel().setCurrentIndex(
                self.lines_table.model().index(min(current, len(order.lines) - 1), 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        for widget in (self.less_button, self.more_button, self.all_button):
            widget.setEnabled(bool(order.lines))

    def _current_line(self) -> WebLineView | None:
        order = self.selected()
        row = self.lines_table.currentRow()
        if order is None or not 0 <= row < len(order.lines):
            return None
        return order.lines[row]

    def set_quantity(self, sku: str, qty_milli: int) -> None:
        """Choose ``qty_milli`` of a line (0 leaves it); clamped to what may come back."""
        order = self.selected()
        line = order.line(sku) if order is not None else None
        if order is None or line is None:
            return
        qty = max(0, min(qty_milli, line.left_milli))
        if qty:
            self.chosen[sku] = qty
        else:
            self.chosen.pop(sku, None)
        self._fill_lines(order)
        self._update_refund()

    def step(self, delta: int) -> None:
        """One piece more or less of the selected line (a weighed line: all of it or none)."""
        line = self._current_line()
        if line is None:
            return
        chosen = self.chosen.get(line.sku, 0)
        if line.sold_by_weight:
            self.set_quantity(line.sku, line.left_milli if delta > 0 else 0)
        else:
            self.set_quantity(line.sku, chosen + 1000 * delta)

    def toggle_all(self) -> None:
        line = self._current_line()
        if line is not None:
            self.set_quantity(line.sku, 0 if self.chosen.get(line.sku) else line.left_milli)

    def quantities(self) -> dict[str, int]:
        """SKU -> thousandths chosen to come back."""
        return dict(self.chosen)

    def refund_minor(self) -> int:
        order = self.selected()
        if order is None:
            return 0
        total = 0
        for sku, qty in self.chosen.items():
            line = order.line(sku)
            if line is not None and qty <= line.left_milli:
                total += line.refund_minor(qty)
        return total

    def choose_method(self, method: str) -> None:
        self.method = method
        self.method_buttons[method].setChecked(True)
        self._update_refund()

    def _update_refund(self) -> None:
        order = self.selected()
        amount = self.refund_minor()
        money = format_money(amount, self.register.language, order.currency if order else "TRY")
        self.refund_label.setText(self.tr("Refund {amount}").format(amount=money))
        notes = []
        if amount:
            notes.append(
                {
                    "online_payment": self.tr(
                        "To the online payment: the web shop pays it back, no money leaves "
                        "the drawer."
                    ),
                    "store_credit": self.tr("As a store credit voucher, printed."),
                    "exchange": self.tr(
                        "As credit for items from the store: scan them next; what is left "
                        "goes back like a refund."
                    ),
                }.get(self.method, "")
            )
            if order is not None and self.returns.needs_override(order, self.chosen):
                notes.append(self.tr("A manager's PIN is needed for this return."))
        self.note_label.setText("\n".join(notes))
        self.ok_button.setEnabled(order is not None and amount > 0)
        ok_text = (
            self.tr("Exchange… (Enter)")
            if self.method == "exchange"
            else self.tr("Refund… (Enter)")
        )
        set_label(self.ok_button, ok_text, ok_text.removesuffix(" (Enter)"))

    # -- input -----------------------------------------------------------------------------

    def scan(self, code: str) -> None:
        """A scan while the dialog is open: the customer's QR or an order number."""
        self.error.hide()
        order = self.returns.by_scan(code)
        if order is None:
            self.search_edit.setText(code)  # phone digits or a name from a wedge, say
            self._search_timer.stop()
            self.reload()
            if not self.orders:
                self.show_error(
                    self.tr("No returnable web order matches {code}.").format(code=code)
                )
            return
        self.select(order)
        self.lines_table.setFocus()

    def shortcut_help(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Scan"), self.tr("The customer's order QR opens the order")),
            ("F3", self.tr("One less of the selected line")),
            ("F4", self.tr("One more of the selected line")),
            ("Space", self.tr("All or none of the selected line")),
        ]

    def show_help(self) -> None:
        HelpDialog(self.register, self.shortcut_help(), self).open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search_edit.hasFocus():
            self._search_timer.stop()
            self.reload()
            if self.orders:
                self.lines_table.setFocus()
            return
        super().keyPressEvent(event)

    # -- finishing -------------------------------------------------------------------------

    def validate(self) -> bool:
        """Build the return (asking a manager when needed), confirm it, then complete it."""
        order = self.selected()
        if order is None or not self.chosen:
            return False
        quantities, method = self.quantities(), self.method
        built: list[ReturnRequest] = []

        def attempt(approval: Approval | None) -> object:
            built[:] = [self.returns.request(order.order_id, quantities, method, approval)]
            return None

        def confirm() -> None:
            if built:
                self._confirm(order, method, built[0])

        with_approval(self, self.register, attempt, self.show_user_error, confirm)
        return False  # the dialog closes once the return is done

    def _confirm(self, order: WebOrderView, method: str, request: ReturnRequest) -> None:
        money = format_money(request.refund_minor, self.register.language, order.currency)
        questions = {
            "exchange": self.tr(
                "Take back {count} line(s) of {number} for {amount} of credit, then sell the "
                "items the customer takes instead?"
            ),
            "store_credit": self.tr(
                "Take back {count} line(s) of {number} and issue a store credit voucher of "
                "{amount}?"
            ),
            "online_payment": self.tr(
                "Take back {count} line(s) of {number} and refund {amount} to the online payment?"
            ),
        }
        dialog = ConfirmDialog(
            self.register,
            "web_return_confirm",
            self.tr("Confirm the return"),
            questions[method].format(count=len(request.lines), number=order.number, amount=money),
            self,
        )

        def confirmed() -> None:
            try:
                if method == "exchange":
                    self.register.returns.start_web_exchange(request)
                else:
                    self.register.returns.complete_web_return(request)
            except UserError as error:
                self.show_user_error(error)
                self.reload()
                return
            self.accept()

        dialog.accepted.connect(confirmed)
        dialog.open()
