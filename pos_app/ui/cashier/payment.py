"""The payment screen: cash with quick amounts, card via the external terminal, vouchers,
loyalty points and gift cards, split tenders, and the remaining balance always in view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.events import Stage
from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.register import Register
from pos_app.checkout.sale import RECEIPT_CHOICES
from pos_app.errors import UserError
from pos_app.ui.cashier.dialogs import CardDialog, CodeDialog, VoucherDialog, parse_amount
from pos_app.ui.cashier.tender_dialogs import GiftCardPayDialog, PointsDialog
from pos_app.ui.i18n import DEFAULT_ZONE, format_money
from pos_app.ui.messages import error_text
from pos_app.ui.models import ID_ROLE, TenderListModel
from pos_app.ui.widgets import KeyPad, Screen, button, named, set_label


class PaymentScreen(Screen):
    """Take tenders until nothing remains, then commit the sale."""

    def __init__(
        self,
        register: Register,
        parent: QWidget | None = None,
        *,
        gift_cards: GiftCardDesk | None = None,
        online: Callable[[], bool] = lambda: False,
        zone: str = DEFAULT_ZONE,
    ) -> None:
        """``gift_cards``: the gift card tender (no button without it); ``online``: whether
        the till reached the backend lately (the points dialog says which bound applies)."""
        super().__init__(parent)
        self.register = register
        self.gift_cards = gift_cards
        self.online = online
        self.zone = zone
        self.setObjectName("payment_screen")
        self.tenders = TenderListModel(register.language, register.sale.cart.currency)

        root = QHBoxLayout(self)
        root.setContentsMargins(12, 12, 12, 12)
        root.setSpacing(14)

        # -- left: what is due, paid, remaining, the tenders -----------------------------
        left = QVBoxLayout()
        summary = QFrame()
        summary.setProperty("kind", "panel")
        grid = QGridLayout(summary)
        self.due_caption = QLabel()
        self.due_label = QLabel()
        self.due_label.setProperty("kind", "big")
        self.paid_caption = QLabel()
        self.paid_label = QLabel()
        self.paid_label.setProperty("kind", "big")
        self.remaining_caption = QLabel()
        self.remaining_caption.setProperty("kind", "subtitle")
        self.remaining_label = QLabel()
        self.remaining_label.setProperty("kind", "remaining")
        for row, (caption, value) in enumerate(
            (
                (self.due_caption, self.due_label),
                (self.paid_caption, self.paid_label),
                (self.remaining_caption, self.remaining_label),
            )
        ):
            grid.addWidget(caption, row, 0)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row, 1)
        left.addWidget(summary)
        self.tender_list = named(QListView(), "payment_tenders")
        self.tender_list.setModel(self.tenders)
        self.tender_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        left.addWidget(self.tender_list, 1)
        self.remove_button = button("payment_remove", kind="danger", on_click=self.remove_selected)
        left.addWidget(self.remove_button)
        receipt_row = QHBoxLayout()
        self.receipt_caption = QLabel()
        receipt_row.addWidget(self.receipt_caption)
        self.receipt_buttons: dict[str, QPushButton] = {}
        for choice in RECEIPT_CHOICES:
            choice_button = button(f"payment_receipt_{choice}", kind="quick")
            choice_button.setCheckable(True)
            choice_button.clicked.connect(
                lambda _c=False, c=choice: self.register.payment.set_receipt_choice(c)
            )
            receipt_row.addWidget(choice_button)
            self.receipt_buttons[choice] = choice_button
        left.addLayout(receipt_row)
        self.message = QLabel()
        self.message.setProperty("kind", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        left.addWidget(self.message)
        root.addLayout(left, 5)

        # -- right: amount entry, quick amounts, tender buttons ---------------------------
        right = QVBoxLayout()
        right.setSpacing(8)
        self.amount = named(QLineEdit(), "payment_amount")
        self.amount.setProperty("kind", "amount")
        self.amount.returnPressed.connect(self.cash_typed)
        right.addWidget(self.amount)
        self.quick_row = QHBoxLayout()
        self.quick_buttons: list[QPushButton] = []
        for index in range(4):
            quick = button(f"payment_quick_{index}", kind="quick")
            quick.clicked.connect(lambda _c=False, i=index: self.quick_cash(i))
            self.quick_row.addWidget(quick)
            self.quick_buttons.append(quick)
        right.addLayout(self.quick_row)
        keypad_row = QHBoxLayout()
        keypad_row.addWidget(KeyPad(self.amount, "payment"), 3)
        tender_column = QVBoxLayout()
        self.cash_button = button("payment_cash", on_click=self.cash_typed)
        self.card_button = button("payment_card", on_click=self.card)
        self.voucher_button = button("payment_voucher", on_click=self.voucher)
        self.points_button = button("payment_points", on_click=self.points)
        self.gift_card_button = button("payment_gift_card", on_click=self.gift_card)
        self.gift_card_button.setVisible(gift_cards is not None)
        self.tender_buttons = (
            self.cash_button,
            self.card_button,
            self.voucher_button,
            self.points_button,
            self.gift_card_button,
        )
        for tender_button in self.tender_buttons:
            tender_button.setMinimumHeight(56)
            tender_column.addWidget(tender_button)
        keypad_row.addLayout(tender_column, 2)
        right.addLayout(keypad_row)
        bottom = QHBoxLayout()
        self.back_button = button("payment_back", on_click=self.back)
        self.finish_button = button("payment_finish", kind="primary", on_click=self.finish)
        bottom.addWidget(self.back_button, 1)
        bottom.addWidget(self.finish_button, 2)
        right.addLayout(bottom)
        root.addLayout(right, 6)

        self.shortcuts = [
            ("F2", self.exact_cash),
            ("F3", self.card),
            ("F4", self.voucher),
            ("F7", self.points),
            ("F8", self.gift_card),
            ("F12", self.finish),
            ("Ctrl+Return", self.finish),
            ("Esc", self.back),
            ("Del", self.remove_selected),
            ("F6", self.next_receipt_choice),
            ("Alt+1", lambda: self.quick_cash(0)),
            ("Alt+2", lambda: self.quick_cash(1)),
            ("Alt+3", lambda: self.quick_cash(2)),
            ("Alt+4", lambda: self.quick_cash(3)),
        ]
        for keys, handler in self.shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(handler)
        self.retranslate()

    def retranslate(self) -> None:
        self.due_caption.setText(self.tr("To pay"))
        self.paid_caption.setText(self.tr("Paid"))
        self.remaining_caption.setText(self.tr("Remaining"))
        self.tender_list.setAccessibleName(self.tr("Payments taken"))
        set_label(self.remove_button, self.tr("Remove payment (Del)"), self.tr("Remove payment"))
        set_label(
            self.amount,
            self.tr("Cash received, then Enter"),
            self.tr("Amount received"),
        )
        set_label(self.cash_button, self.tr("Cash\nEnter"), self.tr("Cash"))
        set_label(self.card_button, self.tr("Card\nF3"), self.tr("Card"))
        set_label(self.voucher_button, self.tr("Voucher\nF4"), self.tr("Store credit voucher"))
        set_label(self.points_button, self.tr("Points\nF7"), self.tr("Pay with points"))
        set_label(self.gift_card_button, self.tr("Gift card\nF8"), self.tr("Pay with a gift card"))
        self.receipt_caption.setText(self.tr("Receipt (F6):"))
        for choice, text, name in (
            ("paper", self.tr("Paper"), self.tr("Paper receipt only")),
            (
                "ereceipt",
                self.tr("E-receipt"),
                self.tr("E-receipt only: the QR"),
            ),
            ("both", self.tr("Both"), self.tr("Paper receipt and e-receipt QR")),
        ):
            set_label(self.receipt_buttons[choice], text, name)
        set_label(self.back_button, self.tr("Back (Esc)"), self.tr("Back to sale"))
        set_label(self.finish_button, self.tr("Complete sale (F12)"), self.tr("Complete sale"))
        self.refresh()

    def shortcut_help(self) -> list[tuple[str, str]]:
        return [
            (self.tr("Digits, Enter"), self.tr("Cash received")),
            ("F2", self.tr("Exact cash")),
            ("Alt+1 … Alt+4", self.tr("Quick cash amounts")),
            ("F3", self.tr("Card payment")),
            ("F4", self.tr("Store credit voucher")),
            ("F7", self.tr("Pay with the customer's points")),
            ("F8", self.tr("Pay with a gift card or store-credit card")),
            ("Del", self.tr("Remove the selected payment")),
            ("F6", self.tr("Receipt: paper, e-receipt or both")),
            ("F12", self.tr("Complete the sale")),
            ("Esc", self.tr("Back to the sale")),
        ]

    def next_receipt_choice(self) -> None:
        index = RECEIPT_CHOICES.index(self.register.sale.receipt_choice)
        self.register.payment.set_receipt_choice(
            RECEIPT_CHOICES[(index + 1) % len(RECEIPT_CHOICES)]
        )

    def activate(self) -> None:
        self.amount.clear()
        self.message.hide()
        self.refresh()
        self.amount.setFocus()

    def scan_target(self) -> QWidget:
        """Where the keyboard goes after a dialog: the amount."""
        return self.amount

    def refresh(self) -> None:
        payment = self.register.sale.payment
        language = self.register.language
        if payment is None:
            return
        self.due_label.setText(format_money(payment.due_minor + payment.rounding_minor, language))
        self.paid_label.setText(format_money(payment.paid_minor, language))
        remaining = payment.remaining_minor
        if remaining > 0:
            self.remaining_caption.setText(self.tr("Remaining"))
            self.remaining_label.setProperty("kind", "remaining")
            self.remaining_label.setText(format_money(remaining, language))
        else:
            self.remaining_caption.setText(self.tr("Change"))
            self.remaining_label.setProperty("kind", "change")
            self.remaining_label.setText(format_money(payment.change_minor, language))
        self.remaining_label.style().unpolish(self.remaining_label)
        self.remaining_label.style().polish(self.remaining_label)
        cards = {tid: hold.last4 for tid, hold in self.register.payment.card_holds.items()}
        self.tenders.set_tenders(payment.tenders, language, cards)
        for choice, choice_button in self.receipt_buttons.items():
            choice_button.setChecked(choice == self.register.sale.receipt_choice)
        amounts = (
            self.register.payment.quick_cash_amounts()
            if self.register.stage is Stage.PAYING
            else []
        )
        for index, quick in enumerate(self.quick_buttons):
            if index < len(amounts):
                text = format_money(amounts[index], language)
                quick.setText(text)
                quick.setAccessibleName(self.tr("Cash {amount}").format(amount=text))
                quick.setProperty("amount", amounts[index])
                quick.setVisible(True)
            else:
                quick.setVisible(False)
                quick.setAccessibleName(self.tr("Quick cash amount"))
        complete = payment.is_complete
        self.finish_button.setEnabled(complete)
        for tender_button in self.tender_buttons:
            tender_button.setEnabled(not complete)
        # Points need a customer on the sale and the loyalty rules on this till.
        self.points_button.setEnabled(not complete and self._points_possible())
        self.amount.setEnabled(not complete)
        if complete:
            self.finish_button.setFocus()

    def show_error(self, error: UserError) -> None:
        self.message.setText(error_text(error, self.register.language))
        self.message.show()

    def _take(self, action: object) -> None:
        assert callable(action)
        try:
            action()
        except UserError as error:
            self.show_error(error)
            return
        self.message.hide()
        self.amount.clear()

    # -- tenders ---------------------------------------------------------------------------

    def cash_typed(self) -> None:
        """Cash of the typed amount; with nothing typed, exactly what is due."""
        payment = self.register.sale.payment
        if payment is None or payment.is_complete:
            return
        text = self.amount.text().strip()
        if not text:
            self.exact_cash()
            return
        amount = parse_amount(text, self.register.language)
        if amount is None or amount == 0:
            self.message.setText(self.tr("Type the cash received, for example 200 or 150,50."))
            self.message.show()
            return
        self._take(lambda: self.register.payment.pay_cash(amount))

    def exact_cash(self) -> None:
        payment = self.register.sale.payment
        if payment is None or payment.is_complete:
            return
        self._take(lambda: self.register.payment.pay_cash(payment.cash_due_minor()))

    def quick_cash(self, index: int) -> None:
        if index < len(self.quick_buttons) and self.quick_buttons[index].isVisible():
            amount = int(self.quick_buttons[index].property("amount"))
            self._take(lambda: self.register.payment.pay_cash(amount))

    def card(self) -> None:
        payment = self.register.sale.payment
        if payment is None or payment.is_complete:
            return
        typed = parse_amount(self.amount.text(), self.register.language)
        amount = typed if typed else payment.remaining_minor
        dialog = CardDialog(self.register, amount, self)

        def approved() -> None:
            charged, code = dialog.amount_minor, dialog.code.text()
            if charged is not None:
                self._take(lambda: self.register.payment.pay_card(charged, code))

        dialog.accepted.connect(approved)
        dialog.open()

    def voucher(self) -> None:
        payment = self.register.sale.payment
        if payment is None or payment.is_complete:
            return
        dialog = VoucherDialog(self.register, payment.remaining_minor, self)

        def chosen() -> None:
            amount, code = dialog.amount_minor, dialog.code.text()
            if amount is not None:
                self._take(lambda: self.register.payment.pay_voucher(code, amount))

        dialog.accepted.connect(chosen)
        dialog.open()

    def _points_possible(self) -> bool:
        if self.register.sale.cart.customer_id is None:
            return False
        try:
            return self.register.payment.points_available() is not None
        except UserError:  # not paying (yet)
            return False

    def points(self) -> None:
        payment = self.register.sale.payment
        if payment is None or payment.is_complete or not self._points_possible():
            return
        dialog = PointsDialog(self.register, self, online=self.online())
        dialog.accepted.connect(self._tender_taken)
        dialog.open()

    def gift_card(self) -> None:
        payment = self.register.sale.payment
        if self.gift_cards is None or payment is None or payment.is_complete:
            return
        dialog = GiftCardPayDialog(self.register, self.gift_cards, self, zone=self.zone)
        dialog.accepted.connect(self._tender_taken)
        dialog.open()

    def _tender_taken(self) -> None:
        """A dialog took its tender itself (a refusal kept it open)."""
        self.message.hide()
        self.amount.clear()

    def remove_selected(self) -> None:
        index = self.tender_list.currentIndex()
        if not index.isValid():
            return
        tender_id = str(self.tenders.data(index, ID_ROLE))
        self._take(lambda: self.register.payment.remove_tender(tender_id))

    def back(self) -> None:
        self._take(self.register.payment.cancel_payment)

    def finish(self) -> None:
        payment = self.register.sale.payment
        if payment is None or not payment.is_complete:
            return
        if not self.register.payment.exchange_needs_card_approval():
            self._take(self.register.payment.finish)
            return
        # What the new goods do not use of an exchange goes back to the original card.
        dialog = CodeDialog(
            self.register,
            "exchange_refund_code",
            self.tr("Card refund"),
            self.tr("Refund the card on the card terminal, then type its approval code."),
            self,
        )

        def approved() -> None:
            code = dialog.edit.text().strip()
            self._take(lambda: self.register.payment.finish(code))

        dialog.accepted.connect(approved)
        dialog.open()
