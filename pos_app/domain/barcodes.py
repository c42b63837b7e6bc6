"""GTIN check digits and in-store EAN-13 barcodes with an embedded weight or price."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# One GTIN rule for the till and the backend (sync/ never imports pos_app).
from sync.protocol.arithmetic import gtin_check_digit as gtin_check_digit
from sync.protocol.arithmetic import is_valid_gtin as is_valid_gtin


class EmbeddedKind(StrEnum):
    WEIGHT = "weight"
    PRICE = "price"


@dataclass(frozen=True, slots=True)
class EmbeddedLayout:
    """Where the item code and value sit in a 13-digit in-store code.

    Positions are 0-based over the 13 digits. The default Turkish scale layout is
    ``PP IIIII VVVVV C``: prefix, 5-digit item code (PLU), 5-digit grams or kuruş.
    """

    prefix: str
    kind: EmbeddedKind
    item_start: int = 2
    item_length: int = 5
    value_start: int = 7
    value_length: int = 5
    value_decimals: int = 3  # grams -> kg for weight; price layouts use 2 (kuruş)

    def __post_init__(self) -> None:
        if not (len(self.prefix) == 2 and self.prefix.isdigit() and self.prefix[0] == "2"):
            raise ValueError(f"embedded prefix must be 20-29, got {self.prefix!r}")
        if self.value_start + self.value_length > 12 or self.item_start + self.item_length > 12:
            raise ValueError("embedded layout does not fit in 12 digits before the check digit")


@dataclass(frozen=True, slots=True)
class EmbeddedCode:
    item_code: str
    kind: EmbeddedKind
    value: Decimal  # kg for weight, major currency units for price


DEFAULT_LAYOUTS = (
    EmbeddedLayout("27", EmbeddedKind.WEIGHT),
    EmbeddedLayout("28", EmbeddedKind.WEIGHT),
    EmbeddedLayout("29", EmbeddedKind.PRICE, value_decimals=2),
)


def parse_embedded(code: str, layouts: tuple[EmbeddedLayout, ...]) -> EmbeddedCode | None:
    """Decode an in-store code, or None if it is not one of the configured layouts."""
    if len(code) != 13 or not is_valid_gtin(code):
        return None
    for layout in layouts:
        if code.startswith(layout.prefix):
            item = code[layout.item_start : layout.item_start + layout.item_length]
            raw = code[layout.value_start : layout.value_start + layout.value_length]
            value = Decimal(int(raw)).scaleb(-layout.value_decimals)
            return EmbeddedCode(item, layout.kind, value)
    return None


def encode_embedded(layout: EmbeddedLayout, item_code: str, value: Decimal) -> str:
    """Build the code a shelf scale would print (used by tests and the demo)."""
    units = int(value.scaleb(layout.value_decimals))
    if len(item_code) != layout.item_length or not item_code.isdigit():
        raise ValueError(f"item code must be {layout.item_length} digits")
    if not 0 <= units < 10**layout.value_length:
        raise ValueError(f"value {value} does not fit in {layout.value_length} digits")
    digits = ["0"] * 12
    digits[0:2] = layout.prefix
    digits[layout.item_start : layout.item_start + layout.item_length] = item_code
    value_text = str(units).zfill(layout.value_length)
    digits[layout.value_start : layout.value_start + layout.value_length] = value_text
    body = "".join(digits)
    return body + gtin_check_digit(body)
