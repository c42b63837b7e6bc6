"""Loyalty points rules shared by the till and the backend: earning per line, exact
reversal on (partial) returns, and vesting."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sync.protocol.loyalty import (
    EarningRules,
    pending,
    points_for_line,
    points_reversed,
    spendable,
    vests_on,
)

PROPERTY = settings(deadline=None, derandomize=True)

RULES = EarningRules(
    points_per_try=1,
    category_multipliers={"Meyve & Sebze": 200, "Tütün": 0, "Şarküteri": 150},
    excluded_skus=frozenset({"GIFT-100"}),
    excluded_categories=frozenset({"Alkol"}),
    vesting_days=14,
    version=3,
)


# -- earning -------------------------------------------------------------------------------


def test_base_rate_counts_whole_try_only() -> None:
    assert points_for_line(sku="A", category="Süt", paid_minor=12_99, rules=RULES) == 12
    assert points_for_line(sku="A", category=None, paid_minor=99, rules=RULES) == 0
    assert points_for_line(sku="A", category=None, paid_minor=100, rules=RULES) == 1


def test_double_category_doubles() -> None:
    assert points_for_line(sku="E", category="Meyve & Sebze", paid_minor=45_50, rules=RULES) == 90


def test_multiplier_rounds_down() -> None:
    # 3 TRY at 150 % is 4.5 points: the customer gets 4.
    assert points_for_line(sku="S", category="Şarküteri", paid_minor=3_00, rules=RULES) == 4


def test_excluded_items_and_zero_multiplier_earn_nothing() -> None:
    assert points_for_line(sku="GIFT-100", category="Süt", paid_minor=100_00, rules=RULES) == 0
    assert points_for_line(sku="R", category="Alkol", paid_minor=500_00, rules=RULES) == 0
    assert points_for_line(sku="T", category="Tütün", paid_minor=80_00, rules=RULES) == 0


def test_nothing_paid_earns_nothing() -> None:
    assert points_for_line(sku="A", category=None, paid_minor=0, rules=RULES) == 0
    assert points_for_line(sku="A", category=None, paid_minor=-5_00, rules=RULES) == 0


def test_paid_must_be_an_integer() -> None:
    with pytest.raises(ValueError, match="paid_minor"):
        points_for_line(sku="A", category=None, paid_minor=1.5, rules=RULES)  # type: ignore[arg-type]


@PROPERTY
@given(
    paid=st.integers(min_value=0, max_value=10**9),
    more=st.integers(min_value=0, max_value=10**6),
    percent=st.integers(min_value=0, max_value=1000),
)
def test_paying_more_never_earns_less(paid: int, more: int, percent: int) -> None:
    rules = EarningRules(points_per_try=2, category_multipliers={"C": percent})
    low = points_for_line(sku="X", category="C", paid_minor=paid, rules=rules)
    high = points_for_line(sku="X", category="C", paid_minor=paid + more, rules=rules)
    assert 0 <= low <= high
    assert low <= paid // 100 * 2 * percent / 100


# -- the rules themselves --------------------------------------------------------------------


def test_rules_read_back_from_json() -> None:
    data = RULES.payload()
    assert data["excluded_skus"] == ["GIFT-100"]
    assert EarningRules.model_validate(data) == RULES
    assert EarningRules.model_validate_json(RULES.model_dump_json()) == RULES


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("points_per_try", -1, "greater than or equal to 0"),
        ("vesting_days", -3, "greater than or equal to 0"),
        ("version", -1, "greater than or equal to 0"),
        ("category_multipliers", {"C": 1001}, "0 to 1000 percent"),
        ("category_multipliers", {"C": -1}, "0 to 1000 percent"),
        ("points_per_try", "1", "valid integer"),
        ("excluded_skus", [""], "at least 1 character"),
        ("surprise", 1, "Extra inputs are not permitted"),
    ],
)
def test_bad_rules_are_refused(field: str, value: object, problem: str) -> None:
    data = {"points_per_try": 1, field: value}
    with pytest.raises(ValidationError, match=problem) as info:
        EarningRules.model_validate(data)
    assert field in str(info.value)


def test_rules_are_frozen() -> None:
    with pytest.raises(ValidationError):
        RULES.points_per_try = 5


# -- reversal ------------------------------------------------------------------------------


def test_partial_return_takes_back_its_share() -> None:
    # 3 kg earned 10 points: 1 kg back takes 3, the next kg 3, the last kg the remaining 4.
    parts = [
        points_reversed(
            earned=10, sold_qty_milli=3000, returned_qty_milli=1000, already_returned_qty_milli=a
        )
        for a in (0, 1000, 2000)
    ]
    assert parts == [3, 3, 4]


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"earned": -1}, "earned"),
        ({"sold_qty_milli": 0}, "sold_qty_milli"),
        ({"returned_qty_milli": -1}, "returned_qty_milli"),
        ({"already_returned_qty_milli": -1}, "already_returned_qty_milli"),
        ({"returned_qty_milli": 600, "already_returned_qty_milli": 500}, "exceeds sold_qty_milli"),
        ({"returned_qty_milli": True}, "returned_qty_milli must be an integer"),
    ],
)
def test_impossible_quantities_are_refused(kwargs: dict[str, int], named: str) -> None:
    args = {
        "earned": 7,
        "sold_qty_milli": 1000,
        "returned_qty_milli": 500,
        "already_returned_qty_milli": 0,
    } | kwargs
    with pytest.raises(ValueError, match=named):
        points_reversed(**args)


@st.composite
def split_returns(draw: st.DrawFn) -> tuple[int, int, list[int]]:
    earned = draw(st.integers(min_value=0, max_value=10**7))
    sold = draw(st.integers(min_value=1, max_value=10**6))
    cuts = draw(st.lists(st.integers(min_value=0, max_value=sold), max_size=12))
    edges = [0, *sorted(cuts), sold]
    return earned, sold, [b - a for a, b in pairwise(edges)]


@PROPERTY
@given(split_returns())
def test_any_split_takes_back_exactly_what_was_earned(case: tuple[int, int, list[int]]) -> None:
    earned, sold, parts = case
    already = 0
    taken = []
    for part in parts:
        taken.append(
            points_reversed(
                earned=earned,
                sold_qty_milli=sold,
                returned_qty_milli=part,
                already_returned_qty_milli=already,
            )
        )
        already += part
    assert all(points >= 0 for points in taken)
    assert sum(taken) == earned


@PROPERTY
@given(split_returns())
def test_a_partial_return_never_takes_more_than_its_share_rounded_up(
    case: tuple[int, int, list[int]],
) -> None:
    earned, sold, parts = case
    part = parts[0]
    taken = points_reversed(
        earned=earned, sold_qty_milli=sold, returned_qty_milli=part, already_returned_qty_milli=0
    )
    assert taken * sold <= earned * part < (taken + 1) * sold


# -- vesting -------------------------------------------------------------------------------


def test_vesting_date() -> None:
    assert vests_on(date(2026, 12, 25), RULES) == date(2027, 1, 8)
    assert vests_on(date(2026, 12, 25), RULES.model_copy(update={"vesting_days": 0})) == date(
        2026, 12, 25
    )


@PROPERTY
@given(
    earned_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=400),
    points=st.integers(min_value=1, max_value=10**6),
)
def test_points_vest_exactly_on_the_vesting_day(earned_on: date, days: int, points: int) -> None:
    rules = EarningRules(points_per_try=1, vesting_days=days)
    entries = [(vests_on(earned_on, rules), points)]
    day = vests_on(earned_on, rules)
    if days:
        assert spendable(entries, day - timedelta(days=1)) == 0
        assert pending(entries, day - timedelta(days=1)) == points
    assert spendable(entries, day) == points
    assert pending(entries, day) == 0


def test_return_before_vesting_cancels_pending_not_vested_points() -> None:
    old = vests_on(date(2026, 11, 1), RULES)  # vested by Dec 10
    new = vests_on(date(2026, 12, 5), RULES)  # vests Dec 19
    entries = [(old, 50), (new, 30), (new, -10)]  # 1/3 of the Dec 5 line came back
    today = date(2026, 12, 10)
    assert spendable(entries, today) == 50
    assert pending(entries, today) == 20
    assert spendable(entries, new) == 70


def test_spends_come_out_of_vested_points_and_an_overspend_is_kept() -> None:
    vested = date(2026, 12, 1)
    later = date(2026, 12, 20)
    entries = [(vested, 40), (later, 100), (date(2026, 12, 10), -60)]
    today = date(2026, 12, 10)
    # Two offline tills spent 60 of 40 vested points: nothing more to spend now...
    assert spendable(entries, today) == 0
    assert pending(entries, today) == 100
    # ... and the 20 overspent come out of the next points to vest.
    assert spendable(entries, later) == 80


@PROPERTY
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
            st.integers(min_value=-1000, max_value=1000),
        ),
        max_size=20,
    ),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
)
def test_spendable_and_pending_split_the_ledger(
    entries: list[tuple[date, int]], today: date
) -> None:
    balance = sum(points for _, points in entries)
    vested = balance - pending(entries, today)
    assert spendable(entries, today) == max(0, vested)
