"""Turkish-aware folding: searches match regardless of case, dots and accents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.text import fold

PROPERTY = settings(deadline=None, derandomize=True)

TURKISH_LOWER = "abcçdefgğhıijklmnoöprsştuüvyzqwx"
TURKISH_UPPER = "ABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZQWX"
_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_TO_LOWER = str.maketrans({"İ": "i", "I": "ı"})


def turkish_upper(text: str) -> str:
    return text.translate(_TO_UPPER).upper()


def turkish_lower(text: str) -> str:
    return text.translate(_TO_LOWER).lower()


def test_istanbul() -> None:
    assert fold("İSTANBUL") == fold("istanbul") == "istanbul"
    assert fold("İstanbul") == "istanbul"


def test_dotless_i() -> None:
    assert fold("ISI") == fold("ısı") == "isi"
    assert fold("ISPANAK") == fold("ıspanak") == fold("Ispanak")


def test_accents_fold_to_base_letters() -> None:
    assert "cig kofte" in fold("Çiğ Köfte")
    assert fold("ŞEKER") == "seker"
    assert fold("Ğ Ü Ö Ç Ş") == "g u o c s"
    assert fold("Dürüm") == "durum"
    assert fold("Café") == "cafe"


@pytest.mark.parametrize("letter", ["I", "ı", "İ", "i"])
def test_every_i_meets(letter: str) -> None:
    assert fold(letter) == "i"


def test_untouched_text() -> None:
    assert fold("") == ""
    assert fold("ayran 250 ml") == "ayran 250 ml"
    assert fold("  a-b_c.d  ") == "  a-b_c.d  "


def test_search_finds_without_marks() -> None:
    names = ["Çiğ Köfte Dürüm", "Şalgam Suyu", "Kaşar Peyniri", "Islak Hamburger"]
    assert [name for name in names if fold("cig") in fold(name)] == ["Çiğ Köfte Dürüm"]
    assert [name for name in names if fold("SALGAM") in fold(name)] == ["Şalgam Suyu"]
    assert [name for name in names if fold("ıslak") in fold(name)] == ["Islak Hamburger"]
    assert [name for name in names if fold("kasar") in fold(name)] == ["Kaşar Peyniri"]


turkish_text = st.text(alphabet=TURKISH_LOWER + TURKISH_UPPER + " 0123456789-.", max_size=40)


@PROPERTY
@given(turkish_text)
def test_fold_ignores_case_the_turkish_way(text: str) -> None:
    folded = fold(text)
    assert fold(turkish_upper(text)) == folded
    assert fold(turkish_lower(text)) == folded
    assert fold(text.lower()) == folded
    assert fold(text.upper()) == folded


@PROPERTY
@given(turkish_text)
def test_fold_of_turkish_text_is_plain_lowercase_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) == len(text)
    assert fold(folded) == folded


@PROPERTY
@given(turkish_text, turkish_text, turkish_text)
def test_a_substring_is_found_in_any_spelling(before: str, word: str, after: str) -> None:
    haystack = turkish_upper(before + word + after)
    assert fold(word) in fold(haystack)
    assert fold(turkish_lower(word)) in fold(haystack)
