"""Loyalty points at the till, pure: what each sales line earns, and how many points the
till may redeem while it cannot reach the backend (docs/loyalty.md "Points at the till").

The rules themselves (``points_for_line``, ``points_reversed``, ``vests_on``) are the shared
ones in ``sync.protocol.loyalty``; this module adds what only a till decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.domain.money import allocate
from pos_app.errors import UserError
from sync.protocol.loyalty import EarningRules, points_for_line


@dataclass(frozen=True, slots=True)
class EarningLine:
    """A sales line as earning sees it: what it cost after every discount."""

    sku: str
    category: str | None
    total_minor: int


def line_points(lines: list[EarningLine], points_paid_minor: int, rules: EarningRules) -> list[int]:
    """The points each line earns.

    What points paid earns nothing: the amount the loyalty tenders paid is spread over the
    lines in proportion to their totals (largest remainder, ``money.allocate``) and taken
    off each line's paid amount before ``points_for_line``. So each line's points are fixed
    on the line and a return takes back exactly what that line earned.
    """
    totals = [max(0, line.total_minor) for line in lines]
    by_points = allocate(min(points_paid_minor, sum(totals)), totals) if lines else []
    return [
        points_for_line(sku=line.sku, category=line.category, paid_minor=total - paid, rules=rules)
        for line, total, paid in zip(lines, totals, by_points, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class OfflineBounds:
    """What the last ``hello`` allowed this till to redeem offline (0 when it never said)."""

    budget_points: int = 0  # for all customers, per offline period
    customer_cap_points: int = 0  # for any one customer, per offline period


@dataclass(frozen=True, slots=True)
class OfflineLimit:
    """The most points this till may redeem offline for a customer now, and which bound
    sets it (``balance``, ``customer_cap`` or ``budget``), with what each bound leaves."""

    points: int
    bound: str
    balance_left: int
    customer_cap_left: int
    budget_left: int


def offline_limit(
    *, spendable: int, bounds: OfflineBounds, customer_used: int, till_used: int
) -> OfflineLimit:
    """The smallest of the customer's spendable balance, the per-customer cap less what
    this customer redeemed offline in the period, and the till's budget less everything it
    redeemed offline in the period (never below 0)."""
    left = {
        "balance": max(0, spendable),
        "customer_cap": max(0, bounds.customer_cap_points - customer_used),
        "budget": max(0, bounds.budget_points - till_used),
    }
    bound = min(left, key=lambda name: left[name])  # ties: the first named
    return OfflineLimit(left[bound], bound, left["balance"], left["customer_cap"], left["budget"])


_BOUND_TEXT = {
    "balance": "the customer's spendable points",
    "customer_cap": "the offline limit per customer",
    "budget": "this till's offline points budget",
}


def check_offline(points: int, limit: OfflineLimit) -> None:
    """Raise a ``UserError`` naming the bound and the points left when ``points`` exceed
    what may be redeemed offline."""
    if points <= limit.points:
        return
    raise UserError(
        "loyalty.offline_bound",
        f"Offline, at most {limit.points} points can be redeemed ({_BOUND_TEXT[limit.bound]}: "
        f"{limit.points} left)",
        bound=limit.bound,
        points_left=limit.points,
        points=points,
    )
