"""Receipt lines are measured in the form they print (issue 14, item 2): a cut name ends in
``...`` (three columns, as the code page prints it, not ``…``), ``₺`` counts as ``TL``, and an
amount is never cut."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.receipt import WIDTHS, Rule, Text, fit, money_text, total_blocks
from pos_app.domain.receipt_lines import columns, columns_lines, indented_wrap, wrap
from pos_app.domain.text import printable

PROPERTY = settings(deadline=None, derandomize=True, max_examples=300)

# Letters, and what prints in another width than it is typed: ₺ (TL), … (...), a decomposed
# Ş (one letter), control characters (nothing, or a space), a dash and the euro sign.
PIECES = [*"aBz 19,.%-", "Ş", "ı", "İ", "ğ", "₺", "…", "S\u0327", "\x1b", "\n", "\t", "—", "€"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
WIDTH = st.sampled_from(WIDTHS) | st.integers(min_value=8, max_value=64)


def solid(text: str) -> str:
    """The printable text without its spaces: what must survive wrapping whole."""
    return "".join(printable(text).split())


@PROPERTY
@given(TEXT, TEXT, WIDTH)
def test_a_columns_line_prints_no_wider_than_it_was_laid_out(
    left: str, right: str, width: int
) -> None:
    line = columns(left, right, width)
    assert printable(line) == line  # the measured form is the printed form
    assert len(line) <= width


@PROPERTY
@given(TEXT, TEXT, WIDTH)
def test_columns_lines_fit_and_cut_nothing(left: str, right: str, width: int) -> None:
    lines = columns_lines(left, right, width)
    assert all(printable(line) == line and len(line) <= width for line in lines)
    assert "".join("".join(line.split()) for line in lines) == solid(left) + solid(right)


@PROPERTY
@given(TEXT, WIDTH)
def test_wrapped_lines_fit_and_keep_every_letter(text: str, width: int) -> None:
    for wrapped in (wrap(text, width), indented_wrap("  " + text, width)):
        assert all(printable(line) == line and len(line) <= width for line in wrapped)
        assert "".join("".join(line.split()) for line in wrapped) == solid(text)


def test_a_long_name_is_cut_with_three_dots_inside_the_line() -> None:
    name = "Çok Uzun Ürün Adı Kırk Dört Karakterden Daha Uzun Olan Bir Ürün"
    line = columns(name, "%20", 48)
    assert len(line) == 48 and line.endswith("... %20")
    assert line.startswith("Çok Uzun Ürün Adı") and "…" not in line
    assert columns("Fiyat 100 ₺", "%1", 15) == "Fiyat 100 TL %1"  # ₺ is measured as TL


def test_an_amount_that_does_not_fit_goes_on_its_own_line() -> None:
    lines = columns_lines("  1,255 kg x 9.999.999,99 TL /kg", "9.999.999,99 TL", 32)
    assert lines == ["  1,255 kg x 9.999.999,99 TL /kg", " " * 17 + "9.999.999,99 TL"]
    assert columns_lines("NAKİT", "12,50 TL", 32) == ["NAKİT" + " " * 19 + "12,50 TL"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("minor", [0, 99_999, 100_000, 999_999_999, -999_999_999, 10**13])
@pytest.mark.parametrize(("language", "label"), [("tr", "TOPLAM"), ("en", "TOTAL")])
def test_the_total_keeps_label_and_amount_whole_in_double_size(
    width: int, minor: int, language: str, label: str
) -> None:
    amount = money_text(minor, language)
    blocks = total_blocks(label, amount, width)
    assert all(len(b.text) * (2 if b.large else 1) <= width for b in blocks)
    printed = " ".join(b.text for b in blocks).split()
    assert printed[0] == label and printed[-2:] == amount.split()
    if abs(minor) <= 999_999_999:  # up to 9.999.999,99 the total stays double size
        assert all(b.large and b.bold for b in blocks)


def test_the_total_is_one_line_when_it_fits() -> None:
    assert total_blocks("TOPLAM", "62,50 TL", 32) == [
        Text("TOPLAM  62,50 TL", bold=True, large=True)
    ]
    assert total_blocks("TOPLAM", "9.999.999,99 TL", 32) == [
        Text("TOPLAM", bold=True, large=True),
        Text("9.999.999,99 TL", "right", bold=True, large=True),
    ]


def test_text_blocks_hold_what_prints() -> None:
    block = Text("Süt\x1bp\x00\x19\x19 S\u0327is\u0327li…\n1 ₺")
    assert block.text == "Sütp Şişli... 1 TL"


def test_fit_wraps_what_was_not_measured_and_keeps_its_style() -> None:
    long = Text("  Onay: " + "A1B2C3D4" * 6, bold=True)
    store = Text("Çok Uzun Bir Mağaza Adı", "center", large=True)
    fitted = fit([long, Rule(), store], 32)
    assert all(len(b.text) <= 32 for b in fitted if isinstance(b, Text) and not b.large)
    assert all(len(b.text) <= 16 for b in fitted if isinstance(b, Text) and b.large)
    assert [b.bold for b in fitted if isinstance(b, Text) and not b.large] == [True] * 3
    assert all(b.text.startswith("  ") for b in fitted[:3] if isinstance(b, Text))
    assert fit([Text("short"), Rule()], 32) == [Text("short"), Rule()]
