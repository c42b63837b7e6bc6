"""Loyalty points rules the till and the backend must agree on to the point: what a sales
line earns, what a (partial) return of it takes back, and when earned points vest.

Points are computed per sales line at the sale and stored on the line, so a return takes
back exactly what that line earned, in any number of parts (``points_reversed``). The rules
come from the backend (``EarningRules``, pulled by tills) and carry a ``version`` the line
can record. ``sync`` never imports ``pos_app``, so both sides call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    StrictStr,
)

# Minor units (kuruş) in one TRY.
MINOR_PER_TRY = 100
# A category multiplier is a percentage: 100 is "as the base rate", 200 double.
MAX_MULTIPLIER_PERCENT = 1000


def _as_frozenset(value: Any) -> Any:
    # JSON has no sets: a pulled rule set holds lists (strict mode would refuse them).
    if isinstance(value, list | tuple | set):
        return frozenset(value)
    return value


def _multiplier(value: int) -> int:
    if not 0 <= value <= MAX_MULTIPLIER_PERCENT:
        raise ValueError(f"must be 0 to {MAX_MULTIPLIER_PERCENT} percent, got {value}")
    return value


Name = Annotated[StrictStr, Field(min_length=1)]
NonNegative = Annotated[StrictInt, Field(ge=0)]
Percent = Annotated[StrictInt, AfterValidator(_multiplier)]
# A set of names, written as a sorted list so the same rules give the same JSON.
NameSet = Annotated[
    frozenset[Name],
    BeforeValidator(_as_frozenset),
    PlainSerializer(lambda value: sorted(value), return_type=list[str], when_used="always"),
]


class EarningRules(BaseModel):
    """How sales lines earn points, as the backend sets them.

    Unknown fields are refused, unlike facts: a till computing points by rules it does not
    fully understand would earn differently from the backend's ledger.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    points_per_try: NonNegative
    """Points per whole TRY the customer paid for a line (after discounts)."""
    category_multipliers: dict[Name, Percent] = Field(default_factory=dict)
    """Per category, a percentage of the base rate (200 = double; absent = 100)."""
    excluded_skus: NameSet = frozenset()
    excluded_categories: NameSet = frozenset()
    vesting_days: NonNegative = 0
    """Days until earned points can be spent: the returns window."""
    point_value_minor: Annotated[StrictInt, Field(ge=1, le=MINOR_PER_TRY)] = 1
    """What one point pays when redeemed, in kuruş (1: a point is worth 0.01 TRY)."""
    version: NonNegative = 0

    def payload(self) -> dict[str, Any]:
        """The rules as JSON data (what the backend serves and a till stores)."""
        return self.model_dump(mode="json")


def _check_int(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")


def points_for_line(*, sku: str, category: str | None, paid_minor: int, rules: EarningRules) -> int:
    """Points one sales line earns from what the customer paid for it (kuruş, after
    discounts): whole TRY times ``points_per_try`` times the category's multiplier, rounded
    down. An excluded SKU or category, or nothing paid, earns 0."""
    _check_int("paid_minor", paid_minor)
    if paid_minor <= 0 or sku in rules.excluded_skus:
        return 0
    percent = 100
    if category is not None:
        if category in rules.excluded_categories:
            return 0
        percent = rules.category_multipliers.get(category, 100)
    whole_try = paid_minor // MINOR_PER_TRY
    return whole_try * rules.points_per_try * percent // 100


def points_reversed(
    *, earned: int, sold_qty_milli: int, returned_qty_milli: int, already_returned_qty_milli: int
) -> int:
    """Points a return of ``returned_qty_milli`` of a line takes back, when
    ``already_returned_qty_milli`` of it came back before.

    Computed on the cumulative quantity returned, so the parts of a line returned in any
    number of returns take back exactly ``earned`` in all, and no part is negative.
    Raises ValueError naming an impossible quantity.
    """
    for name, value in (
        ("earned", earned),
        ("sold_qty_milli", sold_qty_milli),
        ("returned_qty_milli", returned_qty_milli),
        ("already_returned_qty_milli", already_returned_qty_milli),
    ):
        _check_int(name, value)
    if earned < 0:
        raise ValueError(f"earned must not be negative, got {earned}")
    if sold_qty_milli <= 0:
        raise ValueError(f"sold_qty_milli must be above 0, got {sold_qty_milli}")
    if returned_qty_milli < 0:
        raise ValueError(f"returned_qty_milli must not be negative, got {returned_qty_milli}")
    if already_returned_qty_milli < 0:
        raise ValueError(
            f"already_returned_qty_milli must not be negative, got {already_returned_qty_milli}"
        )
    if already_returned_qty_milli + returned_qty_milli > sold_qty_milli:
        raise ValueError(
            f"returned_qty_milli {returned_qty_milli} plus already_returned_qty_milli "
            f"{already_returned_qty_milli} exceeds sold_qty_milli {sold_qty_milli}"
        )
    after = earned * (already_returned_qty_milli + returned_qty_milli) // sold_qty_milli
    before = earned * already_returned_qty_milli // sold_qty_milli
    return after - before


def points_value_minor(points: int, rules: EarningRules) -> int:
    """What ``points`` pay as a tender (kuruş)."""
    _check_int("points", points)
    return points * rules.point_value_minor


def points_for_amount(amount_minor: int, rules: EarningRules) -> int:
    """The most points whose value does not exceed ``amount_minor``: whole points only, so
    an amount that is no multiple of a point's value is paid by points up to the multiple
    below it (the rest by another tender)."""
    _check_int("amount_minor", amount_minor)
    return max(amount_minor, 0) // rules.point_value_minor


def vests_on(earned_on: date, rules: EarningRules) -> date:
    """The first day points earned on ``earned_on`` can be spent (the store's local date)."""
    return earned_on + timedelta(days=rules.vesting_days)


def spendable(entries: Iterable[tuple[date, int]], today: date) -> int:
    """Points that can be spent on ``today`` from a customer's ledger entries.

    Each entry is ``(effective date, points)``: an earning is dated ``vests_on`` its sale
    (fixed when earned, so a later change of rules does not move it), a spend is dated the
    day it was spent, and a reversal carries the date of the earning it reverses, so a
    return before vesting cancels pending points and never the vested ones. Entries dated
    after ``today`` are pending; spends come out of the vested points. An overspend (after
    an offline race) stays in the sum, so later earnings pay it off first; what is
    spendable is never below 0.
    """
    return max(0, _sum(entries, today, vested=True))


def pending(entries: Iterable[tuple[date, int]], today: date) -> int:
    """Points earned but not yet vested on ``today`` (entries dated after it)."""
    return _sum(entries, today, vested=False)


def _sum(entries: Iterable[tuple[date, int]], today: date, *, vested: bool) -> int:
    total = 0
    for on, points in entries:
        _check_int("points", points)
        if (on <= today) == vested:
            total += points
    return total
