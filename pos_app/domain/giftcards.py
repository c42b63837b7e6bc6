"""Gift cards and store-credit cards in a sale (docs/loyalty.md "Gift cards at the till").

Pure rules: reading a typed or scanned code into a message the cashier understands, the
amount limits of a sale or top-up, and the cart line that sells a card. A card's line is a
multi-purpose voucher: VAT 0 (VAT is due when the card is spent on goods, not when it is
sold), no discount, no points, no stock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from pos_app.domain.cart import Cart, CartLine, ProductInfo
from pos_app.domain.giftcard_line import ValueCardLine
from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from sync.protocol import giftcards

GIFT_CARD_SKU = "GIFT-CARD"
DEFAULT_MIN_MINOR = 1_000  # 10 TRY
DEFAULT_MAX_MINOR = 1_000_000  # 10,000 TRY


def read_code(text: str) -> str:
    """The canonical code in what was typed or scanned; ``UserError`` naming the problem
    (the symbol and its position, the length, or a mistyped symbol)."""
    try:
        return giftcards.normalise(text)
    except giftcards.GiftCardCodeError as error:
        raise UserError(error.code, str(error), **error.params) from None


@dataclass(frozen=True, slots=True)
class GiftCardLimits:
    """What one gift card sale or top-up may load, in minor units (settings)."""

    min_minor: int = DEFAULT_MIN_MINOR
    max_minor: int = DEFAULT_MAX_MINOR

    def check(self, amount_minor: int) -> None:
        if amount_minor < self.min_minor:
            raise UserError(
                "gift_card.amount_below_min",
                f"A gift card is loaded with at least {self.min_minor} minor units, "
                f"not {amount_minor}",
                min_minor=self.min_minor,
                amount_minor=amount_minor,
            )
        if amount_minor > self.max_minor:
            raise UserError(
                "gift_card.amount_above_max",
                f"A gift card is loaded with at most {self.max_minor} minor units, "
                f"not {amount_minor}",
                max_minor=self.max_minor,
                amount_minor=amount_minor,
            )


def add_card_line(
    cart: Cart,
    product: ProductInfo,
    amount_minor: int,
    card: ValueCardLine,
    limits: GiftCardLimits,
) -> CartLine:
    """Append the line selling ``card`` loaded with ``amount_minor`` (one piece, its amount
    fixed, VAT 0). The same physical card twice in one sale is refused."""
    limits.check(amount_minor)
    if card.code_hash is not None and any(
        line.value_card is not None and line.value_card.code_hash == card.code_hash
        for line in cart.lines
    ):
        raise UserError(
            "gift_card.twice_in_sale",
            f"Card {card.last4} is already in this sale",
            last4=card.last4,
        )
    if cart.pickup_payment is not None:
        raise UserError(
            "cart.pickup_line_fixed", "Finish the pickup payment before selling a gift card"
        )
    voucher = replace(product, vat_rate=0, unit_price_minor=amount_minor)
    line = CartLine(
        line_id=new_id(),
        product=voucher,
        quantity=Decimal(1),
        unit_price_minor=amount_minor,
        fixed_total_minor=amount_minor,
        value_card=card,
    )
    cart.lines.append(line)
    try:
        cart.check_limits()
    except UserError:
        cart.lines.remove(line)
        raise
    return line
