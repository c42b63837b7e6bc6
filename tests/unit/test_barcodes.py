"""GTIN check digits and in-store barcodes with an embedded weight or price."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.barcodes import (
    DEFAULT_LAYOUTS,
    EmbeddedCode,
    EmbeddedKind,
    EmbeddedLayout,
    encode_embedded,
    gtin_check_digit,
    is_valid_gtin,
    parse_embedded,
)

PROPERTY = settings(deadline=None, derandomize=True)

WEIGHT_27, WEIGHT_28, PRICE_29 = DEFAULT_LAYOUTS
# A non-default layout: 4-digit PLU at 2..5, 6-digit value at 6..11.
WIDE_VALUE = EmbeddedLayout(
    "21", EmbeddedKind.WEIGHT, item_length=4, value_start=6, value_length=6, value_decimals=3
)
LAYOUTS = (*DEFAULT_LAYOUTS, WIDE_VALUE)


def digits(min_size: int, max_size: int | None = None) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=min_size, max_size=max_size or min_size)


def with_check_digit(body: str) -> str:
    return body + gtin_check_digit(body)


# -- GTIN ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "4006381333931",  # EAN-13
        "5901234123457",  # EAN-13
        "036000291452",  # UPC-A
        "96385074",  # EAN-8
        "40170725",  # EAN-8
        "10012345678902",  # GTIN-14
    ],
)
def test_known_gtins_are_valid(code: str) -> None:
    assert is_valid_gtin(code)
    assert gtin_check_digit(code[:-1]) == code[-1]


@pytest.mark.parametrize(
    "code",
    [
        "4006381333932",  # wrong check digit
        "5901234123450",
        "",
        "1234567",  # 7 digits
        "123456789",  # 9 digits
        "1234567890",
        "12345678901",
        "123456789012345",  # 15 digits
        "40063813339A1",
        " 4006381333931",
        "4006381333931\n",
        "-4006381333931",
    ],
)
def test_invalid_gtins(code: str) -> None:
    assert not is_valid_gtin(code)


def test_non_ascii_digits_are_not_a_gtin() -> None:
    assert not is_valid_gtin("²2345670")
    assert parse_embedded("²712345012348", DEFAULT_LAYOUTS) is None


@PROPERTY
@given(st.sampled_from([7, 11, 12, 13]).flatmap(digits))
def test_check_digit_makes_any_body_valid(body: str) -> None:
    code = with_check_digit(body)
    assert is_valid_gtin(code)


@PROPERTY
@given(st.sampled_from([7, 11, 12, 13]).flatmap(digits), st.data())
def test_any_single_digit_error_is_detected(body: str, data: st.DataObject) -> None:
    code = with_check_digit(body)
    position = data.draw(st.integers(min_value=0, max_value=len(code) - 1), label="position")
    replacement = data.draw(
        st.sampled_from([d for d in "0123456789" if d != code[position]]), label="digit"
    )
    corrupted = code[:position] + replacement + code[position + 1 :]
    assert not is_valid_gtin(corrupted)


# -- embedded weight / price codes -----------------------------------------------------------


def test_encode_weight_example() -> None:
    code = encode_embedded(WEIGHT_27, "12345", Decimal("1.234"))
    assert code == "2712345012348"
    assert parse_embedded(code, DEFAULT_LAYOUTS) == EmbeddedCode(
        "12345", EmbeddedKind.WEIGHT, Decimal("1.234")
    )


def test_encode_price_example() -> None:
    code = encode_embedded(PRICE_29, "00042", Decimal("12.50"))
    assert code == "2900042012505"
    parsed = parse_embedded(code, DEFAULT_LAYOUTS)
    assert parsed == EmbeddedCode("00042", EmbeddedKind.PRICE, Decimal("12.50"))


def test_parse_zero_weight() -> None:
    code = encode_embedded(WEIGHT_28, "00001", Decimal(0))
    parsed = parse_embedded(code, DEFAULT_LAYOUTS)
    assert parsed is not None
    assert parsed.value == 0
    assert parsed.kind is EmbeddedKind.WEIGHT


@pytest.mark.parametrize(
    "code",
    [
        "4006381333931",  # a plain EAN-13, not in-store
        "2712345012340",  # in-store prefix but wrong check digit
        "271234501234",  # 12 digits
        "96385074",  # EAN-8
        with_check_digit("251234501234"),  # prefix 25 is not configured
        "27123450123A8",
    ],
)
def test_parse_embedded_ignores_other_codes(code: str) -> None:
    assert parse_embedded(code, DEFAULT_LAYOUTS) is None


def test_parse_embedded_with_no_layouts() -> None:
    assert parse_embedded("2712345012348", ()) is None


@pytest.mark.parametrize("prefix", ["30", "2", "200", "2a", "12", ""])
def test_layout_prefix_must_be_20_to_29(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        EmbeddedLayout(prefix, EmbeddedKind.WEIGHT)


@pytest.mark.parametrize(
    ("item_start", "item_length", "value_start", "value_length"),
    [(2, 5, 7, 6), (2, 11, 7, 5), (8, 5, 2, 5)],
)
def test_layout_must_fit_before_the_check_digit(
    item_start: int, item_length: int, value_start: int, value_length: int
) -> None:
    with pytest.raises(ValueError, match="fit"):
        EmbeddedLayout(
            "27",
            EmbeddedKind.WEIGHT,
            item_start=item_start,
            item_length=item_length,
            value_start=value_start,
            value_length=value_length,
        )


@pytest.mark.parametrize(
    ("item", "value", "match"),
    [
        ("1234", Decimal(1), "item code"),
        ("123456", Decimal(1), "item code"),
        ("12a45", Decimal(1), "item code"),
        ("12345", Decimal(100), "does not fit"),  # 100000 g needs 6 digits
        ("12345", Decimal(-1), "does not fit"),
    ],
)
def test_encode_rejects_what_does_not_fit(item: str, value: Decimal, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        encode_embedded(WEIGHT_27, item, value)


@st.composite
def layout_item_value(draw: st.DrawFn) -> tuple[EmbeddedLayout, str, Decimal]:
    layout = draw(st.sampled_from(LAYOUTS))
    item = draw(digits(layout.item_length))
    units = draw(st.integers(min_value=0, max_value=10**layout.value_length - 1))
    return layout, item, Decimal(units).scaleb(-layout.value_decimals)


@PROPERTY
@given(layout_item_value())
def test_embedded_code_round_trips(case: tuple[EmbeddedLayout, str, Decimal]) -> None:
    layout, item, value = case
    code = encode_embedded(layout, item, value)
    assert len(code) == 13
    assert code.startswith(layout.prefix)
    assert is_valid_gtin(code)
    parsed = parse_embedded(code, LAYOUTS)
    assert parsed is not None
    assert parsed.item_code == item
    assert parsed.value == value
    assert parsed.kind is layout.kind
    # Weight layouts carry grams (3 decimals), price layouts kuruş (2 decimals).
    assert -parsed.value.as_tuple().exponent == layout.value_decimals  # type: ignore[operator]
