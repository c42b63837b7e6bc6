"""Returns and exchanges: scan or type the receipt, choose lines and quantities, refund to
the original tenders or as store credit, or turn the goods into credit for an exchange."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.domain.names import name_in
from pos_app.domain.roles import Approval
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.services.clock import Clock
from pos_app.services.web_returns import WebReturnService
from pos_app.ui.cashier.dialogs import AmountDialog, CodeDialog, with_approval
from pos_app.ui.cashier.web_returns import WebReturnDialog
from pos_app.ui.i18n import format_money, format_quantity, format_store_datetime, widest_amounts
from pos_app.ui.messages import error_text
from pos_app.ui.models import ReturnLinesModel
from pos_app.ui.widgets import Screen, button, fit_columns, named, set_label


class ReturnScreen(Screen):
    """One return at a time; the receipt number is printed as a barcode on every receipt."""

    def __init__(
        self,
        register: Register,
        catalog: CatalogLookup,
        web_returns: WebReturnService,
        clock: Clock,
        *,
        zone: str,
        parent: QWidget | None = None,
    ) -> None:
        """``zone``: the store's time zone (receipt dates)."""
        super().__init__(parent)
        self.register = register
        self.catalog = catalog
        self.web_returns = web_returns
        self.clock = clock
        self.zone = zone
        self.setObjectName("return_screen")
        self.model = ReturnLinesModel(register.language, register.sale.cart.currency)

        root = QVBoxLayout(self)
        root.setContentsMargins(12, 12, 12, 12)
        root.setSpacing(10)
        self.title = QLabel()
        self.title.setProperty("kind", "title")
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        # Online purchases are looked up apart (ui.cashier.web_returns): a QR, a phone, a name.
        self.web_order_button = button("return_web_order", on_click=self.web_order)
        self.web_order_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        title_row.addWidget(self.web_order_button)
        root.addLayout(title_row)

        find_row = QHBoxLayout()
        self.receipt = named(QLineEdit(), "return_receipt")
        self.receipt.returnPressed.connect(self.find_receipt)
        self.find_button = button("return_find", on_click=self.find_receipt)
        self.receiptless_button = button("return_receiptless", on_click=self.receiptless)
        find_row.addWidget(self.receipt, 3)
        find_row.addWidget(self.find_button, 1)
        find_row.addWidget(self.receiptless_button, 2)
        root.addLayout(find_row)

        self.info = QLabel()
        self.info.setProperty("kind", "subtitle")
        self.info.setWordWrap(True)
        root.addWidget(self.info)

        self.pages = QStackedWidget()
        self.table = named(QTableView(), "return_lines")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.toggle_selected())
        self.table.installEventFilter(self)
        self.pages.addWidget(self.table)
        self.receiptless_list = named(QListWidget(), "return_receiptless_lines")
        self.pages.addWidget(self.receiptless_list)
        root.addWidget(self.pages, 1)

        line_row = QHBoxLayout()
        self.all_button = button("return_line_all", on_click=self.toggle_selected)
        self.quantity_button = button("return_line_quantity", on_click=self.edit_quantity)
        self.remove_button = button("return_line_remove", kind="danger", on_click=self.remove)
        for line_button in (self.all_button, self.quantity_button, self.remove_button):
            line_row.addWidget(line_button)
        root.addLayout(line_row)

        self.message = QLabel()
        self.message.setProperty("kind", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        root.addWidget(self.message)

        bottom = QHBoxLayout()
        self.refund_label = QLabel()
        self.refund_label.setProperty("kind", "big")
        self.store_credit = named(QCheckBox(), "return_store_credit")
        self.store_credit.toggled.connect(self._store_credit_toggled)
        bottom.addWidget(self.refund_label, 2)
        bottom.addWidget(self.store_credit, 2)
        root.addLayout(bottom)
        actions = QHBoxLayout()
        self.cancel_button = button("return_cancel", on_click=self.cancel)
        self.exchange_button = button("return_exchange", on_click=self.exchange)
        self.refund_button = button("return_refund", kind="primary", on_click=self.refund)
        actions.addWidget(self.cancel_button, 2)
        actions.addWidget(self.exchange_button, 2)
        actions.addWidget(self.refund_button, 3)
        root.addLayout(actions)

        for keys, handler in (
            ("F2", self.focus_receipt),
            ("F3", self.edit_quantity),
            ("Space", self.toggle_selected),
            ("F4", self.store_credit.toggle),
            ("F6", self.receiptless),
            ("F7", self.web_order),
            ("F11", self.exchange),
            ("F12", self.refund),
            ("Del", self.remove),
            ("Esc", self.cancel),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Return or exchange"))
        set_label(
            self.receipt,
            self.tr("Scan the receipt barcode or type its number"),
            self.tr("Receipt number"),
        )
        set_label(self.find_button, self.tr("Find"))
        set_label(
            self.receiptless_button,
            self.tr("No receipt (F6)"),
            self.tr("Return without receipt"),
        )
        set_label(
            self.web_order_button,
            self.tr("Web order (F7)"),
            self.tr("Return an online order"),
        )
        self.table.setAccessibleName(self.tr("Lines of the receipt"))
        money, weight = widest_amounts(self.register.language, self.register.sale.cart.currency)
        fit_columns(self.table, {1: [weight], 2: [weight], 3: [weight], 4: [money]})
        self.receiptless_list.setAccessibleName(self.tr("Returned items"))
        set_label(self.all_button, self.tr("All / none (Space)"), self.tr("Return all or none"))
        set_label(self.quantity_button, self.tr("Quantity (F3)"), self.tr("Return quantity"))
        set_label(self.remove_button, self.tr("Remove (Del)"), self.tr("Remove line"))
        set_label(self.store_credit, self.tr("Refund as store credit (F4)"))
        self.store_credit.setText(self.tr("Refund as store credit (F4)"))
        set_label(self.cancel_button, self.tr("Cancel (Esc)"), self.tr("Cancel return"))
        set_label(
            self.exchange_button,
            self.tr("Exchange (F11)"),
            self.tr("Exchange for other items"),
        )
        set_label(self.refund_button, self.tr("Refund (F12)"), self.tr("Refund"))
        self.refresh()

    def shortcut_help(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Scanner"), self.tr("Receipt barcode, then items to return")),
            ("F2", self.tr("Type a receipt number")),
            ("Space", self.tr("Return all or none of the selected line")),
            ("F3", self.tr("Quantity to return of the selected line")),
            ("F4", self.tr("Refund as store credit")),
            ("F6", self.tr("Return without receipt (needs approval)")),
            ("F7", self.tr("Return an online order: number, phone or the customer's QR")),
            ("F11", self.tr("Exchange for other items")),
            ("F12", self.tr("Refund")),
            ("Esc", self.tr("Cancel the return")),
        ]

    # -- state -----------------------------------------------------------------------------

    def activate(self) -> None:
        self.receipt.clear()
        self.message.hide()
        self.refresh()
        self.receipt.setFocus()

    def focus_receipt(self) -> None:
        self.receipt.setFocus()
        self.receipt.selectAll()

    def refresh(self) -> None:
        register = self.register
        draft = register.returns.returning
        language = register.language
        if draft is None:
            self.info.setText(self.tr("No receipt yet."))
            self.model.set_lines([], {}, {}, language)
            self.pages.setCurrentIndex(0)
        elif draft.original is not None:
            original = draft.original
            # The store's time zone, as printed on the receipt, whatever the machine's zone.
            when = format_store_datetime(original.completed_at, language, self.zone)
            self.info.setText(
                self.tr("Receipt {number} of {when}").format(number=original.receipt_no, when=when)
            )
            refunds = {}
            try:
                refunds = {line.original_line_id or "": line.refund_minor for line in draft.lines()}
            except UserError as error:
                self.show_error(error)
            lines = [
                replace(line, name=self.item_name(line.product_id, line.name))
                for line in original.lines
            ]
            self.model.set_lines(lines, draft.quantities, refunds, language)
            self.pages.setCurrentIndex(0)
            if self.table.currentIndex().row() < 0 and original.lines:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(0, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        else:
            approver = draft.approval.approver_name if draft.approval else ""
            self.info.setText(
                self.tr("Return without receipt, approved by {name}. Scan the items.").format(
                    name=approver
                )
            )
            self.receiptless_list.clear()
            for line in draft.receiptless:
                self.receiptless_list.addItem(
                    f"{self.item_name(line.product_id, line.name)}   "
                    f"{format_quantity(line.quantity, line.sold_by_weight, language)}"
                    f"   {format_money(line.refund_minor, language)}"
                )
            if draft.receiptless:
                self.receiptless_list.setCurrentRow(len(draft.receiptless) - 1)
            self.pages.setCurrentIndex(1)
        refund = 0
        if draft is not None:
            try:
                refund = draft.refund_minor
            except UserError:
                refund = 0
        self.refund_label.setText(
            self.tr("Refund: {amount}").format(amount=format_money(refund, language))
        )
        with_receipt = draft is not None and draft.original is not None
        self.all_button.setEnabled(with_receipt)
        self.quantity_button.setEnabled(with_receipt)
        self.remove_button.setEnabled(draft is not None and draft.original is None)
        self.refund_button.setEnabled(refund > 0)
        self.exchange_button.setEnabled(refund > 0)
        self.store_credit.setEnabled(draft is not None)
        self.store_credit.blockSignals(True)
        self.store_credit.setChecked(bool(draft and draft.to_store_credit))
        self.store_credit.blockSignals(False)

    def item_name(self, product_id: str, sold_as: str) -> str:
        """An item's name in the register's language from the catalog (the sale keeps the
        name it was sold under, shown when the catalog has no translation)."""
        product = self.catalog.by_id(product_id) if product_id else None
        names = product.names if product is not None else {}
        return name_in(names, self.register.language, sold_as)

    def show_error(self, error: UserError) -> None:
        self.message.setText(error_text(error, self.register.language))
        self.message.show()

    def _run(self, action: object) -> bool:
        assert callable(action)
        try:
            action()
        except UserError as error:
            self.show_error(error)
            return False
        self.message.hide()
        return True

    # -- input -----------------------------------------------------------------------------

    def scan(self, code: str) -> None:
        """The scanner: a receipt number first, then items of it (or of a receiptless return)."""
        if code.strip().upper().startswith("POSPICKUP:"):  # a web order's QR
            self.web_order(code)
            return
        draft = self.register.returns.returning
        if draft is None or _is_receipt(code):
            self.receipt.setText(code)
            self.find_receipt()
            return
        self._run(lambda: self.register.returns.return_scan(code))

    def find_receipt(self) -> None:
        number = self.receipt.text().strip()
        if not number:
            return
        if self._run(lambda: self.register.returns.load_receipt(number)):
            self.table.setFocus()

    def receiptless(self) -> None:
        def attempt(approval: Approval | None) -> object:
            if approval is None:
                raise UserError("approval.required", "Approval needed", action="return.receiptless")
            self.register.returns.start_receiptless(approval)
            return None

        with_approval(self, self.register, attempt, self.show_error)

    def web_order(self, scanned: str = "") -> None:
        """Look up an online order and take its goods back (``ui.cashier.web_returns``)."""
        dialog = WebReturnDialog(
            self.register, self, web_returns=self.web_returns, clock=self.clock, zone=self.zone
        )
        dialog.open()
        if scanned:
            dialog.scan(scanned)

    def _selected_line_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.line_at(index.row()).line_id

    def toggle_selected(self) -> None:
        draft = self.register.returns.returning
        line_id = self._selected_line_id()
        if draft is None or draft.original is None or line_id is None:
            return
        sold = next(line for line in draft.original.lines if line.line_id == line_id)
        chosen = draft.quantities.get(line_id, Decimal(0))
        target = Decimal(0) if chosen else sold.returnable_quantity
        self._run(lambda: self.register.returns.set_return_quantity(line_id, target))

    def edit_quantity(self) -> None:
        draft = self.register.returns.returning
        line_id = self._selected_line_id()
        if draft is None or draft.original is None or line_id is None:
            return
        sold = next(line for line in draft.original.lines if line.line_id == line_id)
        dialog = AmountDialog(
            self.register,
            "return_quantity",
            self.tr("Return quantity"),
            self.tr("How much of {name} comes back? (at most {max})").format(
                name=self.item_name(sold.product_id, sold.name),
                max=format_quantity(
                    sold.returnable_quantity, sold.sold_by_weight, self.register.language
                ),
            ),
            self,
            decimal=sold.sold_by_weight,
        )

        def chosen() -> None:
            if dialog.value is not None:
                value = dialog.value
                self._run(lambda: self.register.returns.set_return_quantity(line_id, value))

        dialog.accepted.connect(chosen)
        dialog.open()

    def remove(self) -> None:
        draft = self.register.returns.returning
        if draft is None or draft.original is not None:
            return
        row = self.receiptless_list.currentRow()
        if row >= 0:
            self._run(lambda: self.register.returns.remove_receiptless_line(row))

    def _store_credit_toggled(self, enabled: bool) -> None:
        self._run(lambda: self.register.returns.set_refund_to_store_credit(enabled))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.toggle_selected()
            return True
        return super().eventFilter(watched, event)

    # -- finishing -------------------------------------------------------------------------

    def refund(self) -> None:
        try:
            needs_code = self.register.returns.return_needs_card_approval()
        except UserError as error:
            self.show_error(error)
            return
        if not needs_code:
            self._run(self.register.returns.complete_return)
            return
        dialog = CodeDialog(
            self.register,
            "refund_code",
            self.tr("Card refund"),
            self.tr("Refund the card on the card terminal, then type its approval code."),
            self,
        )

        def approved() -> None:
            code = dialog.edit.text().strip()
            self._run(lambda: self.register.returns.complete_return(code))

        dialog.accepted.connect(approved)
        dialog.open()

    def exchange(self) -> None:
        self._run(self.register.returns.start_exchange)

    def cancel(self) -> None:
        self._run(self.register.returns.cancel_return)


def _is_receipt(code: str) -> bool:
    """Receipt numbers look like ``S01-T01-000123``; product barcodes are digits."""
    return code.count("-") == 2
