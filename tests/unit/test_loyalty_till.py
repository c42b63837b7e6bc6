"""Loyalty points at the till, pure parts: per-line earning, the offline bounds, the points
tender and the receipt's points lines."""

from __future__ import annotations

import pytest

from pos_app.domain.loyalty import (
    EarningLine,
    OfflineBounds,
    check_offline,
    line_points,
    offline_limit,
)
from pos_app.domain.receipt_points import points_lines
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.errors import UserError
from sync.protocol.loyalty import EarningRules

RULES = EarningRules(
    points_per_try=2,
    category_multipliers={"Meyve": 200, "Şarküteri": 150},
    excluded_skus=frozenset({"GIFT"}),
    excluded_categories=frozenset({"Tütün"}),
    point_value_minor=5,
)


def test_each_line_earns_by_its_category_and_exclusions() -> None:
    lines = [
        EarningLine("MILK", None, 45_50),  # 45 TRY x 2
        EarningLine("APPLE", "Meyve", 10_99),  # 10 TRY x 2 x 200 %
        EarningLine("HAM", "Şarküteri", 3_00),  # 3 x 2 x 150 %
        EarningLine("GIFT", None, 100_00),  # excluded SKU
        EarningLine("CIG", "Tütün", 80_00),  # excluded category
        EarningLine("GUM", None, 99),  # under one TRY
    ]
    assert line_points(lines, 0, RULES) == [90, 40, 9, 0, 0, 0]


def test_what_points_paid_earns_nothing_spread_over_the_lines() -> None:
    lines = [EarningLine("A", None, 60_00), EarningLine("B", None, 40_00)]
    # 50 TRY paid by points: 30 off A, 20 off B (in proportion), the rest earns.
    assert line_points(lines, 50_00, RULES) == [60, 40]
    # Points paid it all: nothing earned.
    assert line_points(lines, 100_00, RULES) == [0, 0]
    assert line_points([], 0, RULES) == []


def test_offline_limit_is_the_smallest_bound() -> None:
    bounds = OfflineBounds(budget_points=500, customer_cap_points=200)
    by_balance = offline_limit(spendable=120, bounds=bounds, customer_used=0, till_used=0)
    assert (by_balance.points, by_balance.bound) == (120, "balance")
    by_cap = offline_limit(spendable=1000, bounds=bounds, customer_used=150, till_used=150)
    assert (by_cap.points, by_cap.bound, by_cap.budget_left) == (50, "customer_cap", 350)
    by_budget = offline_limit(spendable=1000, bounds=bounds, customer_used=0, till_used=480)
    assert (by_budget.points, by_budget.bound) == (20, "budget")
    spent = offline_limit(spendable=1000, bounds=bounds, customer_used=300, till_used=600)
    assert spent.points == 0  # never below 0
    never = offline_limit(spendable=1000, bounds=OfflineBounds(), customer_used=0, till_used=0)
    assert never.points == 0  # no hello ever: nothing offline


@pytest.mark.parametrize(
    ("bound", "text"),
    [
        ("balance", "the customer's spendable points"),
        ("customer_cap", "the offline limit per customer"),
        ("budget", "this till's offline points budget"),
    ],
)
def test_beyond_the_offline_limit_names_the_bound_and_what_is_left(bound: str, text: str) -> None:
    left = {"balance": 10, "customer_cap": 20, "budget": 30}
    left[bound] = 5
    limit = offline_limit(
        spendable=left["balance"],
        bounds=OfflineBounds(left["budget"], left["customer_cap"]),
        customer_used=0,
        till_used=0,
    )
    check_offline(5, limit)
    with pytest.raises(UserError) as refused:
        check_offline(6, limit)
    assert refused.value.code == "loyalty.offline_bound"
    assert refused.value.params == {"bound": bound, "points_left": 5, "points": 6}
    assert text in refused.value.message and "5 left" in refused.value.message


def test_points_tender_is_worth_points_times_their_value() -> None:
    payment = Payment(10_00)
    tender = payment.add_points(150, 5, "res-1")
    assert (tender.kind, tender.amount_minor, tender.points) == (TenderKind.LOYALTY, 750, 150)
    assert tender.approval_code == "res-1" and payment.remaining_minor == 250
    with pytest.raises(UserError) as over:
        payment.add_points(51, 5, "")
    assert over.value.code == "payment.points_over_due"
    assert over.value.params["max_points"] == 50
    with pytest.raises(UserError):
        payment.add_points(0, 5, "")
    assert len(payment.tenders) == 1


def test_receipt_points_lines_in_both_languages() -> None:
    summary = {"earned": 1500, "spent": 200, "balance": 12345, "pending": 40}
    tr = points_lines(summary, "tr", 32)
    assert tr[0].startswith("Kazan") and tr[0].endswith("1.500")
    assert tr[1].endswith("200") and "12.345" in tr[2] and "Bekleyen" in tr[3]
    en = points_lines({"earned": -90, "spent": -100, "balance": 7, "pending": 0}, "en", 42)
    assert en[0].startswith("Points taken back") and en[0].endswith("90")
    assert en[1].startswith("Points given back") and en[2].endswith("7")
    assert all(len(line) <= 42 for line in en) and len(en) == 3
    assert points_lines(None, "tr", 32) == []
