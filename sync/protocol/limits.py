"""The limits of every amount and quantity a person, a file or a till can enter, in one place.

Shared by the till (``pos_app.domain.limits`` re-exports it) and the backend, because sync/
never imports pos_app: the catalog CSV (``pos import-catalog`` and ``POST /api/v1/catalog/csv``),
the admin API's JSON models, the till's cart (adding a line, changing its quantity, a price
override, a discount taken back), cash handed over, returns, and the backend's order apply all
check against these numbers.

The values fit a Turkish retailer with wide headroom and keep every sum far from the 64-bit
integers SQLite and PostgreSQL store: a day of one million sales at the largest total
(10^6 x 10^10 kuruş = 10^16) is still a thousand times below 2^63 (about 9.2 x 10^18), so a
shift or a day can always be added up and closed.

- **Unit price**: at most 10,000,000.00 TRY (a car, a tonne of gold is beyond a shop's till).
- **Quantity per line**: at most 9,999 pieces, or 999 kg for an item sold by weight.
- **Line total** (quantity x price, before discounts): at most 100,000,000.00 TRY, the same
  as a whole sale: one line may take the whole of it.
- **Sale total** (and a return's refund): at most 100,000,000.00 TRY. A sale's total is never
  negative; a return's is never positive (its lines and total are negative on the wire).
- **Stock movement line** (delivery, count, adjustment): at most 1,000,000 pieces or kg.
"""

from __future__ import annotations

from decimal import Decimal

MAX_UNIT_PRICE_MINOR = 1_000_000_000  # 10,000,000.00 TRY
# The VAT rates a product may have (percent): the backend's tax_rate table, as its first
# migration fills it; the API has no way to add one.
VAT_RATES = (1, 10, 20)
MAX_PIECES = 9_999
MAX_KG = 999
MAX_LINE_QTY_MILLI = MAX_PIECES * 1000  # the larger of the two, in thousandths
MAX_LINE_TOTAL_MINOR = 10_000_000_000  # 100,000,000.00 TRY
MAX_SALE_TOTAL_MINOR = 10_000_000_000  # 100,000,000.00 TRY
MAX_STOCK_QTY_MILLI = 1_000_000_000  # a million pieces (or kg) in one stock movement line


def format_minor(minor: int) -> str:
    """``10,000,000.00``: an amount in minor units for messages (two decimals, TRY)."""
    return f"{Decimal(minor).scaleb(-2):,.2f}"


def unit_price_problem(minor: int) -> str | None:
    """What is wrong with a unit price, or None when it is within 0..MAX_UNIT_PRICE_MINOR."""
    if minor < 0:
        return f"{format_minor(minor)} is negative"
    if minor > MAX_UNIT_PRICE_MINOR:
        return (
            f"{format_minor(minor)} is above the highest unit price "
            f"({format_minor(MAX_UNIT_PRICE_MINOR)})"
        )
    return None


def line_total_problem(minor: int) -> str | None:
    """What is wrong with a line's amount (either sign), or None when it is within limits."""
    if abs(minor) > MAX_LINE_TOTAL_MINOR:
        return (
            f"{format_minor(minor)} is above the highest line total "
            f"({format_minor(MAX_LINE_TOTAL_MINOR)})"
        )
    return None


def line_quantity_problem(qty_milli: int) -> str | None:
    """What is wrong with a line's quantity in thousandths (either sign), or None."""
    if abs(qty_milli) > MAX_LINE_QTY_MILLI:
        return f"{qty_milli} thousandths is more than {MAX_PIECES} in one line"
    return None


def sale_total_problem(minor: int, *, kind: str = "sale") -> str | None:
    """What is wrong with an order's total, or None: a ``sale`` is 0..MAX_SALE_TOTAL_MINOR,
    a ``return`` -MAX_SALE_TOTAL_MINOR..0 (the refund, negative), any other kind within
    MAX_SALE_TOTAL_MINOR either way."""
    if kind == "sale" and minor < 0:
        return f"a sale's total of {format_minor(minor)} is negative"
    if kind == "return" and minor > 0:
        return f"a return's total of {format_minor(minor)} is positive (a refund is negative)"
    if abs(minor) > MAX_SALE_TOTAL_MINOR:
        return (
            f"{format_minor(minor)} is beyond the largest sale total "
            f"({format_minor(MAX_SALE_TOTAL_MINOR)})"
        )
    return None
