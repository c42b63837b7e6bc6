"""Gift cards from the sale screen (docs/loyalty.md "Gift cards at the till"): sell a physical
card (its code scanned), sell an e-gift card (its code is made when the sale completes, then
shown as a QR and printed), top up a card, or check a card's balance.

A sold or topped-up card is a line of the sale, paid like any other; the amount is within the
settings' limits (``gift_card_min_minor`` .. ``gift_card_max_minor``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.register import Register
from pos_app.domain.cart import CartLine
from pos_app.services.value_cards import CardBalance
from pos_app.ui.cashier.dialogs import PosDialog, parse_amount
from pos_app.ui.cashier.tender_dialogs import balance_text
from pos_app.ui.i18n import DEFAULT_ZONE, format_money
from pos_app.ui.widgets import KeyPad, button, named, set_label

MODES = ("sell", "egift", "top_up", "balance")
SHORTCUT = "F11"  # on the sale screen (F10 finds a customer)


class GiftCardSaleDialog(PosDialog):
    """Sell, top up or check a gift card; ``line`` is the cart line added."""

    def __init__(
        self,
        register: Register,
        desk: GiftCardDesk,
        parent: QWidget | None,
        *,
        zone: str = DEFAULT_ZONE,
        mode: str = "sell",
    ) -> None:
        super().__init__(register, "gift_sale", parent)
        self.setMinimumWidth(640)
        self.desk = desk
        self.zone = zone
        modes = QGridLayout()
        self.group = QButtonGroup(self)
        self.mode_buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(MODES):
            mode_button = button(f"gift_sale_mode_{key}", kind="category")
            mode_button.setCheckable(True)
            mode_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on a field
            mode_button.clicked.connect(lambda _c=False, k=key: self.set_mode(k))
            self.group.addButton(mode_button)
            modes.addWidget(mode_button, 0, index)  # one row: the keypad needs the height
            self.mode_buttons[key] = mode_button
        self.body.addLayout(modes)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.body.addWidget(self.hint)
        self.code = named(QLineEdit(), "gift_sale_code")  # 24 symbols: the default font fits them
        self.code.setMaxLength(40)
        self.body.addWidget(self.code)
        self.balance = QLabel()
        self.balance.setProperty("kind", "ok")
        self.balance.setWordWrap(True)
        self.balance.hide()
        self.body.addWidget(self.balance)
        self.amount = named(QLineEdit(), "gift_sale_amount")
        self.amount.setProperty("kind", "amount")
        self.body.addWidget(self.amount)
        self.keypad = KeyPad(self.amount, "gift_sale")
        self.body.addWidget(self.keypad)
        self.mode = mode
        self.card: CardBalance | None = None
        self._checked_code = ""
        self.line: CartLine | None = None
        self.mode_buttons[mode].setChecked(True)
        self.finish_setup()
        self.set_mode(mode)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Gift cards"))
        self.title.setText(self.tr("Gift cards"))
        texts = {
            "sell": self.tr("Sell a card"),
            "egift": self.tr("E-gift card"),
            "top_up": self.tr("Top up"),
            "balance": self.tr("Balance"),
        }
        for key, text in texts.items():
            set_label(self.mode_buttons[key], text)
        set_label(self.code, self.tr("Scan or type the card code"), self.tr("Card code"))
        limits = self.desk.limits
        language = self.register.language
        self.limits_text = self.tr("{low} to {high}").format(
            low=format_money(limits.min_minor, language),
            high=format_money(limits.max_minor, language),
        )
        set_label(self.amount, self.tr("Amount"), self.tr("Amount to load"))
        if self.card is not None:
            self.balance.setText(balance_text(self.card, self.register.language, self.zone))
        self._texts_of_mode()

    def _texts_of_mode(self) -> None:
        hints = {
            "sell": self.tr(
                "Scan the new card, type the amount ({limits}): the card is activated when "
                "the sale is paid."
            ),
            "egift": self.tr(
                "Type the amount ({limits}). The code is made when the sale is paid, shown "
                "as a QR and printed for the customer."
            ),
            "top_up": self.tr(
                "Scan the card (Enter shows its balance), then the amount ({limits}): it is "
                "loaded when the sale is paid."
            ),
            "balance": self.tr("Scan or type the card's code, then Enter."),
        }
        self.hint.setText(hints[self.mode].format(limits=self.limits_text))
        # The balance, once shown, takes the hint's place (the dialog fits a 768 px screen).
        self.hint.setVisible(self.card is None)
        if self.mode == "balance":
            set_label(self.ok_button, self.tr("Check (Enter)"), self.tr("Check the balance"))
            set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close"))
        elif self.mode == "top_up" and self.card is None:
            set_label(self.ok_button, self.tr("Check card (Enter)"), self.tr("Check card"))
            set_label(self.cancel_button, self.tr("Cancel (Esc)"), self.tr("Cancel"))
        else:
            set_label(self.ok_button, self.tr("Add to sale (Enter)"), self.tr("Add to sale"))
            set_label(self.cancel_button, self.tr("Cancel (Esc)"), self.tr("Cancel"))

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        self.card = None
        self._checked_code = ""
        self.balance.hide()
        self.error.hide()
        self.code.setVisible(mode != "egift")
        self.amount.setVisible(mode != "balance")
        self.keypad.setVisible(mode != "balance")
        self._texts_of_mode()
        (self.amount if mode == "egift" else self.code).setFocus()

    def scan(self, code: str) -> None:
        """A scan while the dialog is open: the card's code (``MainWindow.on_scan``)."""
        if self.mode == "egift":
            self.set_mode("sell")
        self.code.setText(code)
        self.code.setCursorPosition(0)  # the start of the code in view
        if self.mode in ("balance", "top_up"):
            self.try_accept()
        else:
            self.amount.setFocus()

    def check(self) -> None:
        """Show the typed card's balance (``UserError``: a bad code, an unknown card)."""
        self.card = None
        self._checked_code = self.code.text().strip()
        self.balance.hide()
        self.card = self.desk.card_balance(self._checked_code)
        self.balance.setText(balance_text(self.card, self.register.language, self.zone))
        self.balance.show()
        self.error.hide()
        self._texts_of_mode()
        if self.mode != "balance":
            self.amount.setFocus()

    def validate(self) -> bool:
        code = self.code.text().strip()
        if self.mode != "egift" and not code:
            self.show_error(self.tr("Scan or type the card code."))
            return False
        if self.mode == "balance" or (
            self.mode == "top_up" and (self.card is None or code != self._checked_code)
        ):
            self.check()
            return False
        if self.mode == "sell" and not self.amount.text().strip():
            self.amount.setFocus()  # a scanned code's Enter: now the amount
            return False
        amount = parse_amount(self.amount.text(), self.register.language)
        if amount is None or amount == 0:
            self.show_error(self.tr("Type the amount to load, for example 250."))
            self.amount.setFocus()
            return False
        if self.mode == "egift":
            self.line = self.desk.sell_egift(amount)
        else:
            self.line = self.desk.sell_card(code, amount)
        return True


class GiftCardSaleButton(QPushButton):
    """The sale screen's "Gift card" action (``SHORTCUT``): opens the dialog while selling."""

    def __init__(
        self,
        register: Register,
        desk: GiftCardDesk,
        screen: QWidget,
        *,
        zone: str,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(screen)
        self.register = register
        self.desk = desk
        self.screen_ = screen
        self.zone = zone
        self.say = say  # the sale screen's message line (what was added)
        self.setObjectName("sale_gift_card")
        self.setProperty("kind", "action")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.clicked.connect(lambda _checked=False: self.open_dialog())
        shortcut = QShortcut(QKeySequence(SHORTCUT), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.open_dialog)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        set_label(self, self.tr("Gift card") + f"\n{SHORTCUT}", self.tr("Gift cards"))

    def help_row(self) -> tuple[str, str]:
        return SHORTCUT, self.tr("Gift cards: sell, top up, check a balance")

    def open_dialog(self) -> GiftCardSaleDialog | None:
        if not self.isEnabled() or not self.isVisible():
            return None
        dialog = GiftCardSaleDialog(self.register, self.desk, self.screen_, zone=self.zone)

        def added() -> None:
            line = dialog.line
            if line is not None:
                self.say(
                    self.tr("Gift card of {amount} added to the sale.").format(
                        amount=format_money(line.unit_price_minor, self.register.language)
                    )
                )

        dialog.accepted.connect(added)
        dialog.open()
        return dialog
