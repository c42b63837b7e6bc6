"""An order pushed by a till, checked against the limits of every input (``sync.limits``).

A till checks the same limits when a line is added, so an order beyond them is a forged,
corrupted or very old fact: rejected alone (``amount_out_of_range``, parked in the dead-letter
table) instead of a total of -10^12 reaching the reports, or a sum over a day overflowing.
"""

from __future__ import annotations

from typing import Any

from sync.limits import (
    line_quantity_problem,
    line_total_problem,
    sale_total_problem,
    unit_price_problem,
)
from sync.server.errors import Rejected

CODE = "amount_out_of_range"


def _integer(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected("invalid_payload", f"{name} must be an integer, got {value!r}")
    return value


def check_order_amounts(
    kind: str, total_minor: int, lines: list[dict[str, Any]], where: str
) -> None:
    """Raise ``Rejected`` naming the first amount out of range: the total by the sign rules
    of ``kind`` (a sale is never negative, a return never positive), then each line's
    quantity, unit price and total (checked where the line carries them)."""
    problem = sale_total_problem(total_minor, kind=kind)
    if problem is not None:
        raise Rejected(CODE, f"{where}: total_minor: {problem}")
    for n, line in enumerate(lines, 1):
        label = f"{where} line {n}"
        checks = (
            ("qty_milli", line_quantity_problem),
            ("unit_price_minor", unit_price_problem),
            ("total_minor", line_total_problem),
        )
        for key, check in checks:
            if key in line:
                problem = check(_integer(line[key], f"{label}: {key}"))
                if problem is not None:
                    raise Rejected(CODE, f"{label}: {key}: {problem}")
