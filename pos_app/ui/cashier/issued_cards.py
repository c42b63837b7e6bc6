"""The cards a completed sale made (e-gift cards, store-credit cards from a return) on the
result screen: each code as a QR and in its display form, its slip printed once straight to
the printer, and "Print again" until the next sale (docs/loyalty.md "Reprints"): the code
lives only in memory, so after the next sale neither the screen nor the till can show it.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos_app.services.printing import DirectPrint, PrintService
from pos_app.services.sale_document import CompletedSale
from pos_app.services.value_card_slips import print_slips
from pos_app.ui.cashier.customer_display import qr_image
from pos_app.ui.i18n import format_money
from pos_app.ui.widgets import button, set_label

QR_PX = 150  # whole pixels per module: crisp for a phone's camera


class IssuedCardsPanel(QFrame):
    """The codes of ``CompletedSale.issued_codes``; hidden when the sale made none."""

    printed = Signal(object, object)  # (sale_id, list[DirectPrint]) from the printing thread

    def __init__(self, printing: PrintService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issued_cards")
        self.setProperty("kind", "panel")
        self.printing = printing
        self.sale: CompletedSale | None = None
        self.language = "tr"
        self._printed_for: str | None = None  # the sale whose slips were sent once
        self._outcomes: list[DirectPrint] | None = None
        self._busy = False
        column = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.cards_column = QVBoxLayout()
        column.addLayout(self.cards_column)
        self.status = QLabel()
        self.status.setProperty("kind", "message")
        self.status.setWordWrap(True)
        column.addWidget(self.status)
        self.print_button = button("issued_print_again", on_click=self.print_again)
        column.addWidget(self.print_button)
        self.card_labels: list[tuple[QLabel, QLabel]] = []
        self.printed.connect(self._on_printed)
        self.hide()

    def show_sale(self, sale: CompletedSale | None, language: str) -> None:
        """Show ``sale``'s codes (and print their slips the first time it is shown)."""
        self.language = language
        if sale is None or not sale.issued_codes:
            self.sale = None
            self._clear_cards()
            self.hide()
            return
        if self.sale is None or self.sale.sale_id != sale.sale_id:
            self.sale = sale
            self._outcomes = None
            self._build_cards(sale)
        self.show()
        self.retranslate()
        if self._printed_for != sale.sale_id:
            self._printed_for = sale.sale_id
            self._print(sale)

    def _clear_cards(self) -> None:
        while self.cards_column.count():
            item = self.cards_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # off the panel now: a deferred delete may come late
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.card_labels = []

    def _build_cards(self, sale: CompletedSale) -> None:
        """One row per code: its QR, and beside it the card's kind, amount and code."""
        self._clear_cards()
        for index, issued in enumerate(sale.issued_codes):
            card = QWidget()
            card.setObjectName(f"issued_card_{index}")
            box = QVBoxLayout(card)
            box.setContentsMargins(0, 0, 0, 0)
            row = QHBoxLayout()
            qr = QLabel()
            qr.setObjectName(f"issued_qr_{index}")
            qr.setPixmap(QPixmap.fromImage(qr_image(issued.code, QR_PX)))
            caption = QLabel()
            caption.setObjectName(f"issued_code_{index}")
            caption.setProperty("kind", "subtitle")
            caption.setTextFormat(Qt.TextFormat.PlainText)
            caption.setWordWrap(True)
            caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row.addWidget(qr)
            row.addWidget(caption, 1)
            box.addLayout(row)
            # The code in its display form on one line, to read out or type online.
            code = QLabel(issued.display)
            code.setObjectName(f"issued_display_{index}")
            code.setProperty("kind", "subtitle")
            code.setTextFormat(Qt.TextFormat.PlainText)
            code.setAlignment(Qt.AlignmentFlag.AlignCenter)
            code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(code)
            self.cards_column.addWidget(card)
            self.card_labels.append((qr, caption))

    def retranslate(self) -> None:
        set_label(self.print_button, self.tr("Print the card slip again"))
        sale = self.sale
        if sale is None:
            return
        self.heading.setText(
            self.tr(
                "Give the customer the card code: it cannot be shown again after the next sale."
            )
        )
        for issued, (qr, caption) in zip(sale.issued_codes, self.card_labels, strict=True):
            kind = (
                self.tr("Store credit card")
                if issued.card_kind == "store_credit"
                else self.tr("E-gift card")
            )
            amount = format_money(issued.amount_minor, self.language)
            caption.setText(f"{kind}\n{amount}")
            qr.setAccessibleName(self.tr("QR code of the card {last4}").format(last4=issued.last4))
        self._show_status()

    def _show_status(self) -> None:
        if self._busy:
            self.status.setProperty("kind", "message")
            self.status.setText(self.tr("Printing the card slip…"))
        elif self._outcomes is None:
            self.status.setText(self.tr("Printing the card slip…"))
        elif all(outcome.outcome == "printed" for outcome in self._outcomes):
            self.status.setProperty("kind", "ok")
            self.status.setText(self.tr("Slip printed: give it to the customer."))
        elif all(outcome.detail == "no printer" for outcome in self._outcomes):
            self.status.setProperty("kind", "message")
            self.status.setText(
                self.tr("No printer: let the customer scan the QR or write the code down now.")
            )
        else:
            self.status.setProperty("kind", "error")
            self.status.setText(
                self.tr("The slip may not have printed: check the printer, then print it again.")
            )
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.updateGeometry()  # the padding of the new kind
        self.print_button.setEnabled(not self._busy)

    def print_again(self) -> None:
        if self.sale is not None and not self._busy:
            self._print(self.sale)

    def _print(self, sale: CompletedSale) -> None:
        """Send the slips on a thread: waiting for a busy printer never freezes the screen."""
        self._busy = True
        self._show_status()
        language = self.language

        def run() -> None:
            try:
                outcomes = print_slips(self.printing, sale, language)
            except Exception as error:  # reported on screen; the code is still shown
                outcomes = [DirectPrint("not_sent", None, str(error))]
            self.printed.emit(sale.sale_id, outcomes)

        threading.Thread(target=run, name="card-slips", daemon=True).start()

    def _on_printed(self, sale_id: object, outcomes: object) -> None:
        self._busy = False
        if self.sale is not None and sale_id == self.sale.sale_id and isinstance(outcomes, list):
            self._outcomes = outcomes
        self._show_status()
