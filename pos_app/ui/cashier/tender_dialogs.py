"""The payment screen's points and gift card tenders (docs/loyalty.md "Points at the till",
"Gift cards at the till"): how many points to spend, and a gift or store-credit card scanned
or typed, its balance, and the amount it pays.

Each dialog takes its tender itself (``validate``), so a refusal from the core (an offline
bound, a card that holds less) is shown in the dialog, which stays open to correct it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.payment import PointsOffer
from pos_app.checkout.register import Register
from pos_app.domain.tenders import Tender
from pos_app.errors import UserError
from pos_app.services.value_cards import CardBalance
from pos_app.ui.cashier.dialogs import PosDialog, parse_amount, typed_amount
from pos_app.ui.i18n import DEFAULT_ZONE, format_money, format_store_datetime, locale_for
from pos_app.ui.messages import bound_text
from pos_app.ui.widgets import KeyPad, named, set_label


def format_points(points: int, language: str) -> str:
    """``1,240`` in English, ``1.240`` in Turkish."""
    return locale_for(language).toString(points)


def default_points(offer: PointsOffer, online: bool) -> int:
    """As many points as pay what is left, within what the customer can spend now (offline:
    within the offline bound)."""
    most = offer.spendable if online else min(offer.spendable, offer.offline.points)
    return max(0, min(most, offer.most_for_remainder))


class PointsDialog(PosDialog):
    """Spend the sale's customer's points: what they have, what pays the rest, and offline
    the bound that limits it."""

    def __init__(self, register: Register, parent: QWidget | None, *, online: bool) -> None:
        super().__init__(register, "points", parent)
        self.online = online
        self.offer = register.payment.points_offer()
        self.available = QLabel()
        self.available.setProperty("kind", "subtitle")
        self.available.setWordWrap(True)
        self.body.addWidget(self.available)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.body.addWidget(self.detail)
        self.edit = named(QLineEdit(), "points_value")
        self.edit.setProperty("kind", "amount")
        self.edit.setMaxLength(9)
        if self.offer is not None:
            self.edit.setText(str(default_points(self.offer, online)))
        self.edit.selectAll()
        self.worth = QLabel()  # what the typed points pay, beside them
        self.worth.setProperty("kind", "subtitle")
        entry = QHBoxLayout()
        entry.addWidget(self.edit, 3)
        entry.addWidget(self.worth, 2)
        self.body.addLayout(entry)
        self.body.addWidget(KeyPad(self.edit, "points", decimal=False))
        self.edit.textChanged.connect(lambda _text: self._show_worth())
        self.tender: Tender | None = None
        self.finish_setup()
        self.edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Pay with points"))
        self.title.setText(self.tr("Pay with points"))
        set_label(self.ok_button, self.tr("Use points (Enter)"), self.tr("Use points"))
        set_label(self.edit, "", self.tr("Points to spend"))
        offer, language = self.offer, self.register.language
        if offer is None:
            self.available.setText(self.tr("No points can be spent in this sale."))
            return
        self.available.setText(
            self.tr("{points} points = {amount} available").format(
                points=format_points(offer.spendable, language),
                amount=format_money(offer.spendable * offer.point_value_minor, language),
            )
        )
        bound = bound_text(offer.offline.bound)
        points = format_points(offer.offline.points, language)
        if self.online and offer.offline.points:
            text = self.tr(
                "The server reserves the points when you take them. If it cannot be "
                "reached, at most {points} points can be spent offline ({bound})."
            )
        elif self.online:
            text = self.tr(
                "The server reserves the points when you take them. If it cannot be "
                "reached, no points can be spent offline ({bound})."
            )
        elif offer.offline.points:
            text = self.tr(
                "Offline: at most {points} points now ({bound}). The server settles "
                "the points when the till is back online."
            )
        else:
            text = self.tr(
                "Offline: no points can be spent now ({bound}). Take another payment, or "
                "try again once the till is back online."
            )
        self.detail.setText(text.format(points=points, bound=bound))
        self._show_worth()

    def _points(self) -> int | None:
        text = self.edit.text().strip().replace(".", "").replace(",", "")
        return int(text) if text.isdigit() else None

    def _show_worth(self) -> None:
        points = self._points()
        if self.offer is None or points is None:
            self.worth.clear()
            return
        language = self.register.language
        # What the typed points pay, and how many would pay the whole rest (the most).
        self.worth.setText(
            self.tr("Pays {amount}\n({points} pay the rest)").format(
                amount=format_money(points * self.offer.point_value_minor, language),
                points=format_points(self.offer.most_for_remainder, language),
            )
        )

    def validate(self) -> bool:
        points = self._points()
        if points is None or points == 0:
            self.show_error(self.tr("Type a whole number of points, for example 500."))
            return False
        self.tender = self.register.payment.pay_points(points)  # a refusal stays here
        return True


def balance_text(card: CardBalance, language: str, zone: str) -> str:
    """A card's balance and how sure it is: checked with the server now, or the till's own
    figure as of its last sync (offline)."""
    name = (
        QCoreApplication.translate("GiftCards", "Store credit card {last4}")
        if card.kind == "store_credit"
        else QCoreApplication.translate("GiftCards", "Gift card {last4}")
    ).format(last4="\u2022\u2022\u2022\u2022 " + card.last4)
    amount = format_money(card.balance_minor, language)
    if card.online:
        return QCoreApplication.translate(
            "GiftCards", "{card}: {amount} (checked with the server now)"
        ).format(card=name, amount=amount)
    if card.as_of is None:
        return QCoreApplication.translate(
            "GiftCards", "{card}: {amount} (offline: sold on this till, not synced yet)"
        ).format(card=name, amount=amount)
    return QCoreApplication.translate(
        "GiftCards", "{card}: {amount} as of {when} (offline: the till's own figure)"
    ).format(card=name, amount=amount, when=format_store_datetime(card.as_of, language, zone))


class GiftCardPayDialog(PosDialog):
    """Pay with a gift or store-credit card: scan or type its code (Enter shows the balance
    and an amount of at most what is left to pay), then Enter takes the tender."""

    def __init__(
        self,
        register: Register,
        desk: GiftCardDesk,
        parent: QWidget | None,
        *,
        zone: str = DEFAULT_ZONE,
    ) -> None:
        super().__init__(register, "gift_pay", parent)
        self.desk = desk
        self.zone = zone
        self.code = named(QLineEdit(), "gift_pay_code")  # 24 symbols: the default font fits them
        self.code.setMaxLength(40)
        self.body.addWidget(self.code)
        self.balance = QLabel()
        self.balance.setProperty("kind", "ok")
        self.balance.setWordWrap(True)
        self.balance.hide()
        self.body.addWidget(self.balance)
        self.amount = named(QLineEdit(), "gift_pay_amount")
        self.amount.setProperty("kind", "amount")
        self.amount.setEnabled(False)
        self.body.addWidget(self.amount)
        self.body.addWidget(KeyPad(self.amount, "gift_pay"))
        self.card: CardBalance | None = None
        self._checked_code = ""
        self.tender: Tender | None = None
        self.finish_setup()
        self.code.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Pay with a gift card"))
        self.title.setText(self.tr("Pay with a gift card"))
        set_label(
            self.code, self.tr("Scan or type the card code, then Enter"), self.tr("Card code")
        )
        set_label(self.amount, self.tr("Amount to pay with the card"))
        if self.card is not None:
            self.balance.setText(balance_text(self.card, self.register.language, self.zone))
        self._label_ok()

    def _label_ok(self) -> None:
        if self.card is None:
            set_label(self.ok_button, self.tr("Check card (Enter)"), self.tr("Check card"))
        else:
            set_label(self.ok_button, self.tr("Pay (Enter)"), self.tr("Pay with the card"))

    def scan(self, code: str) -> None:
        """A scan while the dialog is open: the card's code (``MainWindow.on_scan``)."""
        self.code.setText(code)
        self.code.setCursorPosition(0)  # the start of the code in view
        self.try_accept()

    def check(self) -> bool:
        """Look the typed code up: its balance, and the amount it can pay of the rest."""
        self.card = None
        self._checked_code = self.code.text().strip()
        self.balance.hide()
        self.amount.setEnabled(False)
        self._label_ok()
        card = self.desk.card_balance(self._checked_code)  # UserError: bad code, unknown
        payment = self.register.sale.payment
        remaining = payment.remaining_minor if payment is not None else 0
        self.card = card
        self.balance.setText(balance_text(card, self.register.language, self.zone))
        self.balance.show()
        self.error.hide()
        self.amount.setEnabled(True)
        self.amount.setText(
            typed_amount(max(0, min(card.balance_minor, remaining)), self.register.language)
        )
        self.amount.selectAll()
        self.amount.setFocus()
        self._label_ok()
        return True

    def validate(self) -> bool:
        code = self.code.text().strip()
        if not code:
            self.show_error(self.tr("Scan or type the card code."))
            return False
        if self.card is None or code != self._checked_code:
            self.check()
            return False  # the balance is shown; Enter again pays
        amount = parse_amount(self.amount.text(), self.register.language)
        if amount is None or amount == 0:
            self.show_error(self.tr("Type the amount to pay with the card, for example 50,00."))
            return False
        try:
            self.tender = self.desk.pay(code, amount)
        except UserError:
            self.amount.setFocus()
            raise
        return True
