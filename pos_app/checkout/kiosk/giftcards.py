"""A gift or store-credit card at the kiosk: scanned before the card payment, held (online
reservation or the offline bound, ``services.value_cards``), then the card terminal charges
the rest, or nothing when the card pays it all (docs/loyalty.md "Gift cards at the till")."""

from __future__ import annotations

from pos_app.checkout.giftcards import pay_with_card
from pos_app.checkout.sale import SaleSession
from pos_app.domain.tenders import Payment, Tender
from pos_app.errors import UserError
from pos_app.services.value_cards import CardHold, ValueCards

# A card refused for holding (or, offline, being allowed) less than is due, and the
# refusal's figure of what it can pay.
_LESS_THAN_DUE = {
    "gift_card.insufficient": "available_minor",
    "gift_card.offline_bound": "allowed_minor",
}


def add_kiosk_card_tender(
    cards: ValueCards | None,
    sale: SaleSession,
    paid: list[Tender],
    card_tenders: list[Tender],
    card_holds: dict[str, CardHold],
    code_text: str,
    amount_minor: int | None,
) -> Tender:
    """Hold the card and add its tender to ``card_tenders`` / ``card_holds`` (the kiosk's
    payment state, ``KioskPayment.pay_gift_card``); ``paid``: the other tenders so far
    (points)."""
    if cards is None:
        raise UserError("gift_card.not_here", "Gift cards are not taken here: ask staff")
    sale.require_selling()
    if sale.cart.is_empty:
        raise UserError("sale.empty", "Add items before payment")
    total = sale.cart.totals().total_minor
    payment = Payment(total)
    payment.tenders.extend(paid + card_tenders)
    if payment.remaining_minor <= 0:
        raise UserError("payment.already_paid", "The gift cards pay for all of it")
    wanted = payment.remaining_minor if amount_minor is None else amount_minor
    try:
        tender, hold = pay_with_card(cards, payment, code_text, wanted, card_holds)
    except UserError as error:
        if amount_minor is not None or error.code not in _LESS_THAN_DUE:
            raise
        # "All it can": the card holds less than is due (or, offline, may pay less: its
        # balance and offline limit), so take what it may pay.
        available = int(error.params.get(_LESS_THAN_DUE[error.code], 0))
        if available <= 0:
            raise
        tender, hold = pay_with_card(cards, payment, code_text, available, card_holds)
    card_tenders.append(tender)
    card_holds[tender.tender_id] = hold
    return tender
