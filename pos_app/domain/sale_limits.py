"""The till's side of the limits of every input (``sync.protocol.limits``, shared with the CSV
importers and the backend): a line's quantity, a unit price, a line's amount and the sale's
total, refused with a ``UserError`` the cashier sees translated, before anything is sold.

Held to when a line is added, its quantity changed or its price overridden, so no sale is
refused by the backend after it was paid, and no sum over a shift overflows.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pos_app.domain.tax import PricingMode, breakdown
from pos_app.errors import UserError
from sync.protocol import limits

MAX_PIECES = Decimal(limits.MAX_PIECES)
MAX_KG = Decimal(limits.MAX_KG)
KG_STEP = Decimal("0.001")


def validate_quantity(quantity: Decimal, sold_by_weight: bool) -> Decimal:
    """Reject zero, negative, fractional pieces and absurd amounts with a clear code."""
    if quantity <= 0:
        raise UserError("cart.quantity_not_positive", f"Quantity must be positive, got {quantity}")
    if sold_by_weight:
        if quantity > MAX_KG:
            raise UserError("cart.weight_too_large", f"{quantity} kg is more than {MAX_KG} kg")
        if quantity != quantity.quantize(KG_STEP):
            raise UserError("cart.weight_too_precise", f"{quantity} kg has more than 3 decimals")
        return quantity.quantize(KG_STEP)
    if quantity != quantity.to_integral_value():
        raise UserError("cart.fractional_pieces", f"{quantity} is not a whole number of pieces")
    if quantity > MAX_PIECES:
        raise UserError("cart.quantity_too_large", f"{quantity} is more than {MAX_PIECES} pieces")
    return quantity.quantize(Decimal(1))


def check_unit_price(name: str, unit_price_minor: int) -> None:
    """Refuse a unit price above ``MAX_UNIT_PRICE_MINOR`` (typed with too many digits, or a
    catalog price from before the limit that no till should charge)."""
    if unit_price_minor > limits.MAX_UNIT_PRICE_MINOR:
        raise UserError(
            "cart.price_too_large",
            f"{name}: {limits.format_minor(unit_price_minor)} is above the highest unit price "
            f"({limits.format_minor(limits.MAX_UNIT_PRICE_MINOR)})",
            name=name,
            price_minor=unit_price_minor,
            limit_minor=limits.MAX_UNIT_PRICE_MINOR,
        )


def check_sale_amounts(lines: Iterable[tuple[str, int, int, int]], mode: PricingMode) -> None:
    """Refuse a sale whose lines ``(name, unit price, gross amount, VAT rate)`` hold a price
    or an amount above the limits, or whose total is above ``MAX_SALE_TOTAL_MINOR``.

    The total is judged before discounts (with the tax added in exclusive mode): taking a
    discount back can then never lift a sale past the limit.
    """
    gross_by_rate: dict[int, int] = {}
    for name, unit_price_minor, gross_minor, vat_rate in lines:
        check_unit_price(name, unit_price_minor)
        if gross_minor > limits.MAX_LINE_TOTAL_MINOR:
            raise UserError(
                "cart.line_total_too_large",
                f"{name}: {limits.format_minor(gross_minor)} is above the highest line total "
                f"({limits.format_minor(limits.MAX_LINE_TOTAL_MINOR)})",
                name=name,
                amount_minor=gross_minor,
                limit_minor=limits.MAX_LINE_TOTAL_MINOR,
            )
        gross_by_rate[vat_rate] = gross_by_rate.get(vat_rate, 0) + gross_minor
    total = sum(gross_by_rate.values())
    if mode is PricingMode.EXCLUSIVE:
        total += sum(band.tax_minor for band in breakdown(gross_by_rate, mode))
    if total > limits.MAX_SALE_TOTAL_MINOR:
        raise UserError(
            "cart.total_too_large",
            f"The sale would come to {limits.format_minor(total)}, above the highest sale "
            f"total ({limits.format_minor(limits.MAX_SALE_TOTAL_MINOR)})",
            amount_minor=total,
            limit_minor=limits.MAX_SALE_TOTAL_MINOR,
        )


def check_refund(refund_minor: int) -> None:
    """Refuse a return refunding more than ``MAX_SALE_TOTAL_MINOR`` (receiptless returns
    add up scan by scan; a return of a receipt never refunds more than its sale)."""
    if refund_minor > limits.MAX_SALE_TOTAL_MINOR:
        raise UserError(
            "return.total_too_large",
            f"The refund would come to {limits.format_minor(refund_minor)}, above the highest "
            f"sale total ({limits.format_minor(limits.MAX_SALE_TOTAL_MINOR)})",
            amount_minor=refund_minor,
            limit_minor=limits.MAX_SALE_TOTAL_MINOR,
        )


def check_cash(tendered_minor: int) -> None:
    """Refuse cash handed over beyond ``MAX_SALE_TOTAL_MINOR``: a typing mistake, and its
    change would be summed into the shift's cash."""
    if tendered_minor > limits.MAX_SALE_TOTAL_MINOR:
        raise UserError(
            "payment.cash_too_large",
            f"{limits.format_minor(tendered_minor)} in cash is above the highest sale total "
            f"({limits.format_minor(limits.MAX_SALE_TOTAL_MINOR)})",
            amount_minor=tendered_minor,
            limit_minor=limits.MAX_SALE_TOTAL_MINOR,
        )
