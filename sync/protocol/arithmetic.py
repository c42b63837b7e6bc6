"""Arithmetic the till and the backend must agree on to the minor unit: a line's total,
what taking part of a line back refunds, and GTIN check digits. One function each, called
by both sides (``sync`` never imports ``pos_app``, so it lives here)."""

from __future__ import annotations


def line_total(unit_price_minor: int, qty_milli: int) -> int:
    """Price times quantity in thousandths, rounded half up to the minor unit (for the
    non-negative quantities of web orders: a pickup line, a web order line)."""
    return (unit_price_minor * qty_milli + 500) // 1000


def part_refund(unit_price_minor: int, qty_milli: int, part_milli: int) -> int:
    """What taking ``part_milli`` off a line of ``qty_milli`` gives back: the line's total
    less the total of what stays (``part_milli`` is capped at the line). So the refunds of
    every part of a line add up to exactly what the line cost: a refusal at pickup
    (backend and till) and a web order's goods returned in a store (the till)."""
    part = min(part_milli, qty_milli)
    return line_total(unit_price_minor, qty_milli) - line_total(unit_price_minor, qty_milli - part)


def gtin_check_digit(body: str) -> str:
    """Check digit for a GTIN body (EAN-8/UPC-A/EAN-13/GTIN-14 without its last digit)."""
    # Weights 3, 1, 3, ... from the rightmost digit of the body.
    total = 3 * sum(map(int, body[-1::-2])) + sum(map(int, body[-2::-2]))
    return str((10 - total % 10) % 10)


def is_valid_gtin(code: str) -> bool:
    """True for an all-digit EAN-8, UPC-A, EAN-13 or GTIN-14 with a correct check digit."""
    if not (code.isascii() and code.isdigit()) or len(code) not in (8, 12, 13, 14):
        return False
    return gtin_check_digit(code[:-1]) == code[-1]
