"""Gift cards at the till (docs/loyalty.md "Gift cards at the till"): sell or top up a card,
check a balance, and pay with a gift or store-credit card after a hold.

The screens call these; the rules are in ``domain.giftcards`` and ``services.value_cards``.
"""

from __future__ import annotations

from pos_app.checkout.payment import PaymentSession
from pos_app.checkout.sale import SaleSession
from pos_app.domain.cart import CartLine, ProductInfo
from pos_app.domain.giftcard_line import ValueCardLine
from pos_app.domain.giftcards import GIFT_CARD_SKU, GiftCardLimits, add_card_line
from pos_app.domain.tenders import Payment, Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.services.value_cards import CardBalance, CardHold, ValueCards


class GiftCardDesk:
    """Gift card sales, balances and tenders of one till's sale and payment."""

    def __init__(
        self,
        sale: SaleSession,
        payment: PaymentSession,
        cards: ValueCards,
        catalog: CatalogLookup,
        *,
        limits: GiftCardLimits | None = None,
        sku: str = GIFT_CARD_SKU,
    ) -> None:
        self._sale = sale
        self._payment = payment
        self.cards = cards
        self._catalog = catalog
        self.limits = limits or GiftCardLimits()
        self._sku = sku
        payment.release_hold = cards.release

    # -- selling -----------------------------------------------------------------------------

    def _product(self) -> ProductInfo:
        product = self._catalog.by_sku(self._sku)
        if product is None:
            raise UserError(
                "gift_card.no_product",
                f"Gift cards are sold as the catalog product {self._sku}: add it first",
                sku=self._sku,
            )
        return product

    def _add(self, amount_minor: int, card: ValueCardLine) -> CartLine:
        sale = self._sale
        sale.require_selling()
        if sale.exchange is not None:
            raise UserError("gift_card.exchange", "Sell gift cards outside an exchange")
        line = add_card_line(sale.cart, self._product(), amount_minor, card, self.limits)
        sale.cart_changed()
        return line

    def sell_card(self, code_text: str, amount_minor: int) -> CartLine:
        """A physical card (its printed code scanned or typed): activated, or topped up when
        the card is already known; ``UserError`` naming a bad symbol's position."""
        self.limits.check(amount_minor)
        return self._add(amount_minor, self.cards.card_to_sell(code_text))

    def sell_egift(self, amount_minor: int) -> CartLine:
        """An e-gift card: its code is made when the sale completes, then printed (QR and
        display form) and shown on the customer display once (``CompletedSale.issued_codes``)."""
        return self._add(amount_minor, ValueCardLine("activate", None, electronic=True))

    # -- balance ---------------------------------------------------------------------------

    def card_balance(self, code_text: str) -> CardBalance:
        """The card's balance, online when the backend answers in time (``online``), else
        the till's own figure (``as_of``)."""
        return self.cards.balance(code_text)

    # -- paying ----------------------------------------------------------------------------

    def pay(self, code_text: str, amount_minor: int) -> Tender:
        """Pay ``amount_minor`` (at most what is left to pay) with a gift or store-credit
        card, once it is held: reserved online, or within its offline bound."""
        session = self._payment
        payment = session.sale.payment
        if payment is None:
            raise UserError("payment.not_started", "Start the payment first")
        tender, hold = pay_with_card(
            self.cards, payment, code_text, amount_minor, session.card_holds
        )
        session.card_holds[tender.tender_id] = hold
        session.sale.payment_changed()
        return tender


def pay_with_card(
    cards: ValueCards,
    payment: Payment,
    code_text: str,
    amount_minor: int,
    holds: dict[str, CardHold],
) -> tuple[Tender, CardHold]:
    """Hold ``amount_minor`` (capped at the remainder) of the card and add its tender to
    ``payment``; the till's and the kiosk's payments share this."""
    if payment.is_complete:
        raise UserError("payment.already_paid", "The sale is already fully paid")
    amount = min(amount_minor, payment.remaining_minor)
    if amount <= 0:
        raise UserError("payment.not_positive", "Enter an amount greater than zero")
    hold = cards.hold(code_text, amount, already_minor=0)
    same_card = [h for h in holds.values() if h.code_hash == hold.code_hash]
    if hold.reservation_id is None and same_card:
        # Offline, the bound covers this payment's other tenders of the card too.
        cards.release(hold)
        hold = cards.hold(code_text, amount, already_minor=sum(h.amount_minor for h in same_card))
    tender = Tender(
        hold.tender_id,
        TenderKind.GIFT_CARD,
        hold.amount_minor,
        approval_code=hold.reservation_id or "",
        reference=hold.code_hash,
    )
    payment.tenders.append(tender)
    return tender, hold
