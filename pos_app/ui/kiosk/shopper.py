"""Loyalty and gift cards at the kiosk window, hooked into ``KioskWindow`` at a few points (its
scans, "Pay by card", the thank-you, the customer's reset): the loyalty box on the basket,
the points-and-gift-cards step before the card (``tenders.KioskTenders``) and the note for
a loyalty QR that could not be used. The core does the work (``KioskCustomer``,
``KioskPayment``); this only routes and shows."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from pos_app.checkout.kiosk.payment import CardOutcome
from pos_app.checkout.sale import SaleResult
from pos_app.errors import UserError
from pos_app.ui.i18n import format_money
from pos_app.ui.kiosk.basket import KioskBasket
from pos_app.ui.kiosk.done import KioskDone
from pos_app.ui.kiosk.loyalty import KioskLoyaltyNote, LoyaltyPanel
from pos_app.ui.kiosk.ports import Customer, Outcome, Payment, Session, Shopper
from pos_app.ui.kiosk.tenders import KioskTenders
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, set_text


class Host(Protocol):
    """What of ``KioskWindow`` loyalty and gift cards use."""

    @property
    def pages(self) -> QStackedWidget: ...
    @property
    def basket(self) -> KioskBasket: ...
    @property
    def done(self) -> KioskDone: ...
    @property
    def session(self) -> Session: ...

    def show_page(self, page: QWidget) -> None: ...
    def show_customer_page(self) -> None: ...
    def refresh(self) -> None: ...
    def describe(self, error: UserError) -> str: ...
    def pay(self) -> None: ...
    def show_outcome(self, outcome: Outcome) -> None: ...


class KioskLoyalty(QObject):
    """The loyalty box (``panel``), the gift card button (``gift``), the step before the
    card (``tenders``) and the QR note (``note``)."""

    def __init__(
        self, host: Host, customer: Customer, payment: Payment, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.customer = customer
        self.payment = payment
        self._shopper: tuple[str, Shopper | None] | None = None  # (customer id, as shown)
        self._back: QWidget | None = None  # where the note's OK returns to
        basket = host.basket
        self.panel = LoyaltyPanel()
        basket.left.insertWidget(basket.left.indexOf(basket.heading) + 1, self.panel)
        self.gift = kbutton("kiosk_gift_card", on_click=self.open_tenders)
        self.panel.row.addWidget(self.gift)
        self.tenders = KioskTenders(self._money)
        self.note = KioskLoyaltyNote()
        self.panel.scan_help_clicked.connect(lambda: self._show_note(KioskLoyaltyNote.HOW))
        self.panel.remove_clicked.connect(self.detach)
        self.note.ok_clicked.connect(self._note_done)
        self.tenders.use_points_clicked.connect(self.use_points)
        self.tenders.keep_points_clicked.connect(self.keep_points)
        self.tenders.remove_gift_clicked.connect(self.remove_gift_card)
        self.tenders.back_clicked.connect(self._back_to_basket)
        self.tenders.pay_clicked.connect(host.pay)
        self.retranslate()

    @property
    def screens(self) -> list[KioskScreen]:
        return [self.tenders, self.note]

    def _money(self, minor: int) -> str:
        session = self.host.session
        return format_money(minor, session.language, session.sale.cart.currency)

    def retranslate(self) -> None:
        set_text(self.gift, self.tr("Pay with a gift card"))

    # -- the customer ----------------------------------------------------------------------

    def shopper(self) -> Shopper | None:
        """The attached customer as shown (read once per customer, not on every refresh)."""
        customer_id = self.host.session.sale.cart.customer_id
        if customer_id is None:
            return None
        if self._shopper is None or self._shopper[0] != customer_id:
            self._shopper = (customer_id, self.customer.current())
        return self._shopper[1]

    def take_scan(self, code: str) -> bool:
        """A loyalty QR, anywhere: attaches the customer; on the step before the card, any
        other scan is a gift card. False: not this module's scan."""
        if self.customer.recognises(code):
            self.attach(code)
            return True
        if self.host.pages.currentWidget() is self.tenders:
            self.pay_gift_card(code)
            return True
        return False

    def attach(self, code: str) -> None:
        host = self.host
        page = host.pages.currentWidget()
        if page is host.done:
            host.done.clear()
        try:
            self.customer.scan(code)
        except UserError as error:
            self._refused(error, page)
            return
        self._shopper = None  # read again: a new customer, or new points
        if page is self.tenders:
            self.refresh()
            return
        host.show_page(host.basket)
        host.refresh()

    def _refused(self, error: UserError, page: QWidget | None) -> None:
        if page is self.tenders:
            self.tenders.say(self.host.describe(error))
        elif error.code == "customer.bad_qr":
            self._show_note(KioskLoyaltyNote.UNREADABLE)
        elif error.code == "customer.unknown_qr":
            self._show_note(KioskLoyaltyNote.UNKNOWN)
        else:  # the kiosk is closed, a payment is being checked: the page says so
            self.host.show_customer_page()

    def detach(self) -> None:
        """ "Not you? Remove": the basket is nobody's; its points are given back."""
        try:
            self.customer.detach()
        except UserError as error:
            self.host.basket.say(self.host.describe(error))
        self._shopper = None
        self.host.refresh()

    def _show_note(self, kind: str) -> None:
        current = self.host.pages.currentWidget()
        if current is not self.note:
            self._back = current
        self.note.show_note(kind)
        self.host.show_page(self.note)

    def _note_done(self) -> None:
        back, self._back = self._back, None
        host = self.host
        if back is not None and back in (host.basket, self.tenders):
            host.show_page(back)
            host.refresh()
        else:
            host.show_customer_page()

    # -- before the card -------------------------------------------------------------------

    def before_card(self) -> bool:
        """On "Pay by card" at the basket: the step before the card when the customer has
        points to use or points or gift cards are taken (True: it is shown)."""
        if self.host.pages.currentWidget() is not self.host.basket:
            return False
        taken = self.customer.points_used() or self.payment.card_holds
        if not taken and self.customer.points_offer() <= 0:
            return False
        self.open_tenders()
        return True

    def open_tenders(self) -> None:
        self.tenders.say("")
        self.refresh_tenders()
        self.host.show_page(self.tenders)

    def _back_to_basket(self) -> None:
        self.tenders.say("")
        self.host.show_customer_page()

    def use_points(self) -> None:
        try:
            self.customer.use_points()
        except UserError as error:
            self.tenders.say(self.host.describe(error))
        else:
            self.tenders.say("")
        self.refresh_tenders()

    def keep_points(self) -> None:
        self.customer.remove_points()
        self.tenders.say("")
        self.refresh_tenders()

    def pay_gift_card(self, code: str) -> None:
        try:
            result = self.payment.pay_gift_card(code)
        except UserError as error:
            self.tenders.say(self.host.describe(error))
            self.refresh_tenders()
            return
        self.tenders.say("")
        if isinstance(result, CardOutcome):  # the cards (and points) paid it all
            self.host.show_outcome(result)
            return
        self.refresh_tenders()

    def remove_gift_card(self, tender_id: str) -> None:
        self.payment.remove_gift_card(tender_id)
        self.tenders.say("")
        self.refresh_tenders()

    # -- what the screens show -------------------------------------------------------------

    def refresh(self) -> None:
        """The loyalty box and the gift card button from the session (and the step before
        the card while it shows)."""
        session = self.host.session
        self.retranslate()
        self.panel.show_shopper(self.shopper(), session.language)
        self.gift.setVisible(bool(session.sale.cart.lines) and session.day_open)
        if self.host.pages.currentWidget() is self.tenders:
            self.refresh_tenders()

    def refresh_tenders(self) -> None:
        shopper = self.shopper()
        value = shopper.point_value_minor if shopper is not None else 0
        offer = self.customer.points_offer() if shopper is not None else 0
        used = self.customer.points_used()
        self.tenders.show_state(
            language=self.host.session.language,
            total_minor=self.host.session.sale.cart.totals().total_minor,
            due_minor=max(0, self.payment.card_due_minor()),
            offer=(offer, offer * value),
            used=(used, used * value),
            holds=list(self.payment.card_holds.values()),
        )

    def sale_done(self, result: SaleResult | None) -> None:
        """The thank-you shows the points the receipt prints (none without a customer)."""
        summary = result.sale.points_summary if result is not None else {}
        self._shopper = None
        if summary:
            self.host.done.show_points(
                summary.get("earned", 0),
                summary.get("spent", 0),
                summary.get("balance", 0),
                summary.get("pending", 0),
                self.host.session.language,
            )

    def clear(self) -> None:
        """The customer is gone: nothing of them stays on a screen."""
        self._shopper = None
        self._back = None
        self.panel.show_shopper(None, self.host.session.language)
        self.tenders.clear()
        self.note.show_note(KioskLoyaltyNote.HOW)
