"""Money in integer minor units: parsing, arithmetic, rounding and exact allocation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.money import (
    DEFAULT_CURRENCY,
    Money,
    allocate,
    minor_digits,
    round_half_up,
)
from pos_app.errors import UserError

PROPERTY = settings(deadline=None, derandomize=True)


def parse_error_code(text: str, currency: str = DEFAULT_CURRENCY) -> str:
    with pytest.raises(UserError) as info:
        Money.parse(text, currency)
    return info.value.code


# -- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("12.50", 1250),
        ("12,5", 1250),
        ("12,50", 1250),
        ("12", 1200),
        ("0", 0),
        ("0.01", 1),
        ("  7.05 ", 705),
        ("-3,25", -325),
        ("1234567.89", 123456789),
    ],
)
def test_parse_accepts_dot_or_comma_decimals(text: str, minor: int) -> None:
    assert Money.parse(text) == Money(minor, "TRY")


@pytest.mark.parametrize(
    "text", ["abc", "1e5", "", " ", "12.", ".5", "1,000.00", "1 000", "12.5.0", "+5", "₺5", "5TL"]
)
def test_parse_rejects_non_amounts(text: str) -> None:
    assert parse_error_code(text) == "money.invalid"


@pytest.mark.parametrize("text", ["1.234", "0,001", "12.500", "-0.125"])
def test_parse_rejects_more_decimals_than_the_currency_has(text: str) -> None:
    assert parse_error_code(text) == "money.too_precise"


def test_parse_error_carries_the_input() -> None:
    with pytest.raises(UserError) as info:
        Money.parse("abc")
    assert info.value.params == {"value": "abc"}
    assert "abc" in str(info.value)


def test_parse_respects_currency_digits() -> None:
    assert Money.parse("1500", "JPY") == Money(1500, "JPY")
    assert parse_error_code("15.5", "JPY") == "money.too_precise"
    assert Money.parse("2.5", "EUR") == Money(250, "EUR")


def test_parse_rejects_absurdly_long_amounts_with_a_user_error() -> None:
    assert parse_error_code("1" * 27) in {"money.invalid", "money.too_large"}


# -- construction and arithmetic -----------------------------------------------------------


def test_money_requires_integer_minor_units() -> None:
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Money(Decimal(1))  # type: ignore[arg-type]


def test_arithmetic_and_ordering() -> None:
    a, b = Money(1250), Money(375)
    assert a + b == Money(1625)
    assert a - b == Money(875)
    assert b - a == Money(-875)
    assert -a == Money(-1250)
    assert b < a
    assert Money.zero() == Money(0, DEFAULT_CURRENCY)
    assert Money.zero("EUR").currency == "EUR"


def test_currency_mismatch_is_refused() -> None:
    with pytest.raises(ValueError, match="currency mismatch"):
        _ = Money(100, "TRY") + Money(100, "EUR")
    with pytest.raises(ValueError, match="currency mismatch"):
        _ = Money(100, "TRY") - Money(100, "USD")


@pytest.mark.parametrize(
    ("major", "minor"),
    [("12.345", 1235), ("12.344", 1234), ("-12.345", -1235), ("0.005", 1), ("-0.004", 0)],
)
def test_from_decimal_rounds_half_away_from_zero(major: str, minor: int) -> None:
    assert Money.from_decimal(Decimal(major)) == Money(minor)


@pytest.mark.parametrize(
    ("minor", "factor", "expected"),
    [
        (5, Decimal("0.5"), 3),
        (-5, Decimal("0.5"), -3),
        (1999, Decimal("0.333"), 666),
        (1000, 3, 3000),
        (0, Decimal("12.345"), 0),
    ],
)
def test_times_rounds_half_up(minor: int, factor: Decimal | int, expected: int) -> None:
    assert Money(minor).times(factor) == Money(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.5", 3), ("-2.5", -3), ("2.4999", 2), ("0.5", 1), ("-0.5", -1), ("7", 7)],
)
def test_round_half_up(value: str, expected: int) -> None:
    assert round_half_up(Decimal(value)) == expected


def test_formatting() -> None:
    assert Money(123450).format_plain() == "1234.50"
    assert Money(5).format_plain() == "0.05"
    assert Money(-5).format_plain() == "-0.05"
    assert str(Money(123450)) == "1234.50 TRY"
    assert Money(1234, "JPY").format_plain() == "1234"
    assert Money(123450).to_decimal() == Decimal("1234.50")


def test_minor_digits_defaults_to_two() -> None:
    assert minor_digits("TRY") == 2
    assert minor_digits("JPY") == 0
    assert minor_digits("XXX") == 2


@PROPERTY
@given(st.integers(min_value=-(10**15), max_value=10**15), st.booleans())
def test_format_then_parse_round_trips(minor: int, comma: bool) -> None:
    text = Money(minor).format_plain()
    if comma:
        text = text.replace(".", ",")
    assert Money.parse(text) == Money(minor)


# -- allocation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (100, [1, 1, 1], [34, 33, 33]),
        (-100, [1, 1, 1], [-34, -33, -33]),
        (10, [1, 3], [3, 7]),
        (0, [1, 2], [0, 0]),
        (7, [0, 0], [7, 0]),
        (7, [0, 5], [0, 7]),
        (5, [], []),
        (1, [2, 2, 2], [1, 0, 0]),
    ],
)
def test_allocate_examples(total: int, weights: list[int], shares: list[int]) -> None:
    assert allocate(total, weights) == shares


@PROPERTY
@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12).filter(any),
)
def test_allocate_sums_to_total_and_stays_within_one_of_the_exact_share(
    total: int, weights: list[int]
) -> None:
    shares = allocate(total, weights)
    assert len(shares) == len(weights)
    assert sum(shares) == total
    weight_sum = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        exact = Fraction(total * weight, weight_sum)
        assert abs(share - exact) < 1
        if weight == 0:
            assert share == 0


@PROPERTY
@given(
    st.integers(min_value=0, max_value=10**9),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12).filter(any),
)
def test_allocate_gives_a_larger_weight_at_least_as_much(total: int, weights: list[int]) -> None:
    shares = allocate(total, weights)
    for i in range(len(weights) - 1):
        if weights[i] >= weights[i + 1]:
            assert shares[i] >= shares[i + 1]
        else:
            assert shares[i] <= shares[i + 1]
    assert allocate(-total, weights) == [-share for share in shares]
