"""Returns: what may still be returned of a sale, what it refunds, and to which tenders."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pos_app.domain.ids import new_id
from pos_app.domain.money import round_half_up
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import UserError


@dataclass(frozen=True, slots=True)
class SoldLine:
    """A line of the original sale with what has been returned of it so far."""

    line_id: str
    product_id: str
    sku: str
    name: str
    vat_rate: int
    quantity: Decimal
    paid_minor: int  # the line's final amount after all discounts
    returned_quantity: Decimal = Decimal(0)
    refunded_minor: int = 0
    sold_by_weight: bool = False

    @property
    def returnable_quantity(self) -> Decimal:
        return self.quantity - self.returned_quantity


@dataclass(frozen=True, slots=True)
class ReturnLine:
    original_line_id: str | None
    product_id: str
    sku: str
    name: str
    vat_rate: int
    quantity: Decimal
    refund_minor: int
    sold_by_weight: bool = False


def refund_for(line: SoldLine, quantity: Decimal) -> ReturnLine:
    """Refund a quantity of a sold line at the price actually paid for it.

    The last unit returned gets whatever is left, so the refunds of a line always add up
    to exactly what was paid and never exceed it.
    """
    if quantity <= 0:
        raise UserError("return.quantity_not_positive", "Return quantity must be positive")
    if quantity > line.returnable_quantity:
        raise UserError(
            "return.quantity_exceeds_sold",
            f"Only {line.returnable_quantity} of {line.name} can still be returned",
            sku=line.sku,
            returnable=str(line.returnable_quantity),
        )
    left = line.paid_minor - line.refunded_minor
    if quantity == line.returnable_quantity:
        amount = left
    else:
        amount = min(left, round_half_up(Decimal(line.paid_minor) * quantity / line.quantity))
    return ReturnLine(
        line.line_id,
        line.product_id,
        line.sku,
        line.name,
        line.vat_rate,
        quantity,
        amount,
        line.sold_by_weight,
    )


@dataclass(frozen=True, slots=True)
class PaidTender:
    """A tender of the original sale with what has already been refunded to it."""

    tender_id: str
    kind: TenderKind
    amount_minor: int
    refunded_minor: int = 0

    @property
    def refundable_minor(self) -> int:
        return self.amount_minor - self.refunded_minor


def refund_to_original(refund_minor: int, paid: list[PaidTender]) -> list[Tender]:
    """Split a refund over the original tenders, latest first, each capped at its amount.

    Cards go back to the card (the cashier records the terminal's refund approval), cash
    goes back as cash, store credit is re-issued as store credit.
    """
    if refund_minor <= 0:
        raise UserError("return.nothing_to_refund", "There is nothing to refund")
    capacity = sum(max(0, tender.refundable_minor) for tender in paid)
    if refund_minor > capacity:
        raise UserError(
            "return.exceeds_paid",
            "The refund is more than what is left of the original payment",
            capacity_minor=capacity,
        )
    refunds = []
    left = refund_minor
    for tender in reversed(paid):
        take = min(left, max(0, tender.refundable_minor))
        if take:
            kind = TenderKind.CASH if tender.kind is TenderKind.EXCHANGE_CREDIT else tender.kind
            refunds.append(Tender(new_id(), kind, -take, reference=tender.tender_id))
            left -= take
        if left == 0:
            break
    return refunds
