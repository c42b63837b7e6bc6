"""After payment or refund: the change (or refund) in large type, the receipt number,
any store-credit voucher, the codes of cards the sale made (QR, slip), the drawer's state,
and the receipt on screen when there is no printer. The next scan starts the next sale."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos_app.checkout.register import Register
from pos_app.devices.drawer import DrawerState
from pos_app.errors import UserError
from pos_app.services.printing import PrintService
from pos_app.ui.cashier.issued_cards import IssuedCardsPanel
from pos_app.ui.cashier.printing import PrinterMonitor, ReceiptView, drawer_text
from pos_app.ui.i18n import format_money
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import Screen, button, set_label


class ResultScreen(Screen):
    def __init__(
        self, register: Register, printing: PrintService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.printing = printing
        self.setObjectName("result_screen")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.setSpacing(24)
        root = QVBoxLayout()
        root.setSpacing(16)
        outer.addLayout(root, 3)
        self.receipt = ReceiptView()
        side = QVBoxLayout()  # the cards the sale made (their QRs), then the receipt
        side.setSpacing(12)
        self.issued = IssuedCardsPanel(printing)
        side.addWidget(self.issued)
        side.addWidget(self.receipt, 1)
        outer.addLayout(side, 2)
        self.monitor = PrinterMonitor(printing, self)
        self.monitor.changed.connect(self.refresh_drawer)
        self.title = QLabel()
        self.title.setProperty("kind", "title")
        self.amount_caption = QLabel()
        self.amount_caption.setProperty("kind", "subtitle")
        self.amount = QLabel()
        self.amount.setProperty("kind", "change")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setProperty("kind", "subtitle")
        self.voucher = QLabel()
        self.voucher.setProperty("kind", "ok")
        self.voucher.setWordWrap(True)
        self.drawer = QLabel()
        self.drawer.setProperty("kind", "message")
        self.drawer.setWordWrap(True)
        for label in (self.title, self.amount_caption, self.amount, self.details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            root.addWidget(label)
        root.addWidget(self.voucher)
        root.addWidget(self.drawer)
        root.addStretch(1)
        self.copy_button = button("result_copy", on_click=self.print_copy)
        root.addWidget(self.copy_button)
        self.next_button = button("result_next", kind="primary", on_click=register.sale.next_sale)
        root.addWidget(self.next_button)
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(register.sale.next_sale)
        copy_shortcut = QShortcut(QKeySequence("F9"), self)
        copy_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy_shortcut.activated.connect(self.print_copy)
        self.retranslate()

    def retranslate(self) -> None:
        set_label(self.next_button, self.tr("Next sale (Enter)"), self.tr("Next sale"))
        set_label(self.copy_button, self.tr("Print a copy (F9)"), self.tr("Print a copy"))
        self.receipt.setAccessibleName(self.tr("Receipt"))
        self.refresh()

    def print_copy(self) -> None:
        """The receipt again, marked as a copy (and on screen when there is no printer)."""
        try:
            self.register.payment.reprint_last()
        except UserError as error:
            self.drawer.show()
            self.drawer.setText(error_text(error, self.register.language))
            return
        self.copy_button.setText(self.tr("Copy queued (F9 for another)"))

    def activate(self) -> None:
        self.copy_button.setText(self.tr("Print a copy (F9)"))
        self.refresh()
        self.next_button.setFocus()

    def scan_target(self) -> QWidget:
        """Where the keyboard goes after a dialog: Next sale (Enter; a scan starts it too)."""
        return self.next_button

    def refresh(self) -> None:
        result = self.register.sale.last_result
        if result is None:
            return
        language = self.register.language
        sale = result.sale
        if sale.kind == "return":
            self.title.setText(self.tr("Refund done"))
            self.amount_caption.setText(self.tr("Refund"))
            self.amount.setText(format_money(-sale.total_minor, language))
        else:
            self.title.setText(self.tr("Sale complete"))
            self.amount_caption.setText(self.tr("Change"))
            self.amount.setText(format_money(result.change_minor, language))
        lines = [self.tr("Receipt {number}").format(number=sale.receipt_no)]
        if sale.kind != "return":
            lines.append(
                self.tr("Total {amount}").format(amount=format_money(sale.total_minor, language))
            )
        if result.refund is not None and result.refund is not sale:
            lines.append(
                self.tr("Returned goods: receipt {number}").format(number=result.refund.receipt_no)
            )
        self.details.setText("\n".join(lines))
        voucher = (result.refund or sale).store_credit_voucher
        # E-gift and store-credit cards: the codes as QRs, the slips printed once.
        made = sale if sale.issued_codes else (result.refund or sale)
        self.issued.show_sale(made, language)
        self.voucher.setVisible(bool(voucher) and not made.issued_codes)
        if voucher:
            self.voucher.setText(
                self.tr("Store credit voucher {code}: give the customer the printed slip.").format(
                    code=voucher
                )
            )
        self.refresh_drawer()
        self.show_receipt()

    def show_receipt(self) -> None:
        """Without a printer the receipt is shown here; with one, the paper is the receipt."""
        result = self.register.sale.last_result
        printing = self.printing
        job = printing.job_for_sale(result.sale.sale_id) if result else None
        visible = job is not None and not printing.has_printer
        self.receipt.setVisible(visible)
        if visible and job is not None:
            self.receipt.show_receipt(printing.preview(job), printing.renderer.columns)

    def refresh_drawer(self) -> None:
        result = self.register.sale.last_result
        outcome = result.drawer if result else None
        if outcome is not None and outcome.state is DrawerState.REQUESTED:
            state = self.printing.state
            if state is not None and state.last_drawer is not None:
                outcome = state.last_drawer  # the kick's outcome, reported by the print worker
        if outcome is None:
            self.drawer.hide()
            return
        self.drawer.show()
        self.drawer.setProperty("kind", "ok" if outcome.state is DrawerState.OPENED else "message")
        self.drawer.style().unpolish(self.drawer)
        self.drawer.style().polish(self.drawer)
        self.drawer.setText(drawer_text(outcome))
