"""VAT (KDV) arithmetic: Turkish examples and per-rate breakdowns."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.cart import Cart, ProductInfo
from pos_app.domain.tax import (
    TURKISH_VAT_RATES,
    PricingMode,
    TaxBand,
    breakdown,
    tax_of_gross,
    tax_of_net,
)

PROPERTY = settings(deadline=None, derandomize=True)

rates = st.sampled_from(TURKISH_VAT_RATES)
amounts = st.integers(min_value=0, max_value=10**10)


def product(price_minor: int, vat_rate: int, *, sku: str = "SKU-1") -> ProductInfo:
    return ProductInfo(f"id-{sku}", sku, f"Ürün {sku}", price_minor, vat_rate)


def test_turkish_rates_and_modes() -> None:
    assert TURKISH_VAT_RATES == (1, 10, 20)
    assert PricingMode("inclusive") is PricingMode.INCLUSIVE
    assert PricingMode("exclusive") is PricingMode.EXCLUSIVE


@pytest.mark.parametrize(
    ("gross", "rate", "tax"),
    [
        (12000, 20, 2000),  # 120.00 TL at 20 % contains 20.00 TL VAT
        (10100, 1, 100),  # 101.00 TL at 1 % contains 1.00 TL
        (11000, 10, 1000),  # 110.00 TL at 10 % contains 10.00 TL
        (100, 20, 17),  # 16.67 rounds up
        (3, 20, 1),  # exactly 0.5 rounds half up
        (2, 20, 0),
        (0, 20, 0),
        (-12000, 20, -2000),
    ],
)
def test_tax_of_gross(gross: int, rate: int, tax: int) -> None:
    assert tax_of_gross(gross, rate) == tax


@pytest.mark.parametrize(
    ("net", "rate", "tax"),
    [
        (10000, 20, 2000),
        (10000, 1, 100),
        (10000, 10, 1000),
        (5, 10, 1),  # 0.5 rounds half up
        (4, 10, 0),
        (-5, 10, -1),  # half away from zero
        (0, 1, 0),
    ],
)
def test_tax_of_net(net: int, rate: int, tax: int) -> None:
    assert tax_of_net(net, rate) == tax


def test_tax_band_gross_is_net_plus_tax() -> None:
    assert TaxBand(20, 10000, 2000).gross_minor == 12000


def test_breakdown_inclusive_sorted_by_rate() -> None:
    bands = breakdown({20: 12000, 1: 10100, 10: 11000}, PricingMode.INCLUSIVE)
    assert bands == [
        TaxBand(1, 10000, 100),
        TaxBand(10, 10000, 1000),
        TaxBand(20, 10000, 2000),
    ]


def test_breakdown_exclusive_adds_tax() -> None:
    bands = breakdown({10: 10000, 20: 999}, PricingMode.EXCLUSIVE)
    assert bands == [TaxBand(10, 10000, 1000), TaxBand(20, 999, 200)]


def test_breakdown_of_nothing_is_empty() -> None:
    assert breakdown({}, PricingMode.INCLUSIVE) == []
    assert breakdown({}, PricingMode.EXCLUSIVE) == []


def test_breakdown_rounds_once_per_rate_not_per_line() -> None:
    # Three 1.00 TL items at 20 %: per line 0.17 each (0.51), once per rate 0.50.
    cart = Cart()
    for index in range(3):
        cart.add(product(100, 20, sku=f"S{index}"))
    totals = cart.totals()
    assert totals.total_minor == 300
    assert totals.tax_minor == 50
    assert totals.bands == (TaxBand(20, 250, 50),)


def test_cart_inclusive_turkish_receipt() -> None:
    cart = Cart()
    cart.add(product(12000, 20, sku="A"))
    cart.add(product(10100, 1, sku="B"))
    cart.add(product(5500, 10, sku="C"), 2)
    totals = cart.totals()
    assert totals.total_minor == 12000 + 10100 + 11000
    assert totals.tax_minor == 2000 + 100 + 1000
    assert totals.bands == (
        TaxBand(1, 10000, 100),
        TaxBand(10, 10000, 1000),
        TaxBand(20, 10000, 2000),
    )


def test_cart_exclusive_mode_adds_tax_on_top() -> None:
    cart = Cart(mode=PricingMode.EXCLUSIVE)
    cart.add(product(10000, 20, sku="A"))
    cart.add(product(10000, 1, sku="B"), Decimal(3))
    totals = cart.totals()
    assert totals.subtotal_minor == 40000
    assert totals.tax_minor == 2000 + 300
    assert totals.total_minor == 42300
    assert sum(band.gross_minor for band in totals.bands) == totals.total_minor


@PROPERTY
@given(st.dictionaries(rates, amounts))
def test_inclusive_bands_keep_each_rate_gross(amounts_by_rate: dict[int, int]) -> None:
    bands = breakdown(amounts_by_rate, PricingMode.INCLUSIVE)
    assert [band.rate_percent for band in bands] == sorted(amounts_by_rate)
    for band in bands:
        gross = amounts_by_rate[band.rate_percent]
        assert band.gross_minor == gross
        assert 0 <= band.tax_minor <= gross
        # Within half a kuruş of the exact contained VAT.
        exact_times = gross * band.rate_percent
        assert abs(band.tax_minor * (100 + band.rate_percent) - exact_times) * 2 <= (
            100 + band.rate_percent
        )


@PROPERTY
@given(st.dictionaries(rates, amounts))
def test_exclusive_bands_keep_each_rate_net(amounts_by_rate: dict[int, int]) -> None:
    bands = breakdown(amounts_by_rate, PricingMode.EXCLUSIVE)
    assert [band.rate_percent for band in bands] == sorted(amounts_by_rate)
    for band in bands:
        net = amounts_by_rate[band.rate_percent]
        assert band.net_minor == net
        assert abs(band.tax_minor * 100 - net * band.rate_percent) * 2 <= 100


@PROPERTY
@given(amounts, rates)
def test_vat_added_to_a_net_is_found_again_in_the_gross(net: int, rate: int) -> None:
    # The added VAT is within half a kuruş of exact, and extracting it from the gross
    # shrinks that error by 100 / (100 + rate), so rounding lands on the same kuruş.
    tax = tax_of_net(net, rate)
    assert tax_of_gross(net + tax, rate) == tax
