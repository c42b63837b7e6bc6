"""Money as integer minor units with an explicit currency and explicit rounding."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pos_app.errors import UserError

DEFAULT_CURRENCY = "TRY"
MINOR_DIGITS = {"TRY": 2, "EUR": 2, "USD": 2, "JPY": 0}
# ASCII digits only, at most 15 before the separator: no amount on a till is larger.
_AMOUNT_RE = re.compile(r"^-?[0-9]{1,15}([.,][0-9]{1,6})?$")


def minor_digits(currency: str) -> int:
    return MINOR_DIGITS.get(currency, 2)


def round_half_up(value: Decimal) -> int:
    """Round a decimal amount of minor units to an integer, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount in minor units (kuruş for TRY). Never a float."""

    minor: int
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError(f"Money needs integer minor units, got {self.minor!r}")

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(0, currency)

    @classmethod
    def from_decimal(cls, major: Decimal, currency: str = DEFAULT_CURRENCY) -> Money:
        """Convert a major-unit decimal (12.345) rounding half up to the minor unit."""
        scale = Decimal(10) ** minor_digits(currency)
        return cls(round_half_up(major * scale), currency)

    @classmethod
    def parse(cls, text: str, currency: str = DEFAULT_CURRENCY) -> Money:
        """Parse ``12.50`` or ``12,50`` (no thousands separators); reject anything else."""
        cleaned = text.strip()
        if not _AMOUNT_RE.match(cleaned):
            raise UserError("money.invalid", f"'{text}' is not an amount", value=text)
        value = Decimal(cleaned.replace(",", "."))
        digits = minor_digits(currency)
        if -value.as_tuple().exponent > digits:  # type: ignore[operator]
            raise UserError(
                "money.too_precise", f"'{text}' has more than {digits} decimals", value=text
            )
        return cls.from_decimal(value, currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"currency mismatch: {self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def times(self, factor: Decimal | int) -> Money:
        """Multiply by a quantity, rounding half up to the minor unit."""
        return Money(round_half_up(Decimal(self.minor) * Decimal(factor)), self.currency)

    def to_decimal(self) -> Decimal:
        return Decimal(self.minor).scaleb(-minor_digits(self.currency))

    def format_plain(self) -> str:
        """``1234.50``: for files and logs; the UI formats through QLocale."""
        return f"{self.to_decimal():.{minor_digits(self.currency)}f}"

    def __str__(self) -> str:
        return f"{self.format_plain()} {self.currency}"


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` minor units over ``weights`` proportionally, summing exactly.

    Largest-remainder method; ties go to the earlier weight. Weights must be >= 0.
    """
    if not weights:
        return []
    weight_sum = sum(weights)
    if weight_sum == 0:
        shares = [0] * len(weights)
        shares[0] = total
        return shares
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    floors = [magnitude * w // weight_sum for w in weights]
    remainders = [magnitude * w % weight_sum for w in weights]
    left = magnitude - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in order[:left]:
        floors[index] += 1
    return [sign * share for share in floors]
