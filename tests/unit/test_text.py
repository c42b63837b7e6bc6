"""Turkish-aware folding: searches match regardless of case, dots and accents. NFC and
control characters at the inputs, and the printable form of receipt text (issue 14, items
2, 5 and 6)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.text import (
    clean,
    control_problem,
    fold,
    nfc,
    printable,
    refuse_controls,
    without_controls,
)
from sync.protocol.text import escape_surrogates, lone_surrogate_at, surrogate_problem

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


# -- NFC and control characters --------------------------------------------------------------

NFD_SISLI = "S\u0327is\u0327li"  # "Şişli" decomposed, as some systems export it


def test_nfc_composes_turkish_letters() -> None:
    assert nfc(NFD_SISLI) == "Şişli" and len(nfc(NFD_SISLI)) == 5
    assert nfc("I\u0307stanbul") == "İstanbul"
    assert nfc("Şişli") == "Şişli"


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ("Süt\x1bp\x00\x19\xfa", "U+001B"),  # ESC p: the drawer kick
        ("Süt\x1dV\x00", "U+001D"),  # GS V: the cut
        ("Süt\nTOPLAM 0,01 TL", "U+000A"),
        ("Süt\t1 L", "U+0009"),
        ("Süt\x7f", "U+007F"),
        ("Süt\x85", "U+0085"),  # C1 "next line"
    ],
)
def test_control_characters_are_named(text: str, character: str) -> None:
    assert control_problem(text) == f"contains a control character ({character})"
    with pytest.raises(ValueError, match=character.replace("+", r"\+")):
        refuse_controls(text)


def test_a_lone_surrogate_is_not_text() -> None:
    """No UTF-8 encodes U+D800-U+DFFF alone (JSON can spell it ``\\ud800``): refused at an
    input, replaced when received, found and named in decoded JSON (issue 15, item 12)."""
    with pytest.raises(ValueError, match=r"contains a lone surrogate \(U\+D800\)"):
        refuse_controls("Süt\ud800")
    assert surrogate_problem("Süt 😀") is None  # a pair decodes to one character
    assert clean("Süt\udcff") == "Süt\ufffd"
    found = {"lines": [{"name": "Süt"}, {"name": "x\ud800"}], "ok": "😀"}
    assert lone_surrogate_at(found) == "payload.lines[1].name"
    assert lone_surrogate_at({"a b\udfff": 1}) == 'payload["a b\\udfff"]'
    assert lone_surrogate_at({"lines": [1, "ok", None]}) is None
    shown = escape_surrogates({"k\ud800": ["x\udcff", 1]})
    assert shown == {"k\\ud800": ["x\\udcff", 1]}
    assert json.dumps(shown, ensure_ascii=False).encode()  # shows as text


def test_a_multiline_text_keeps_newlines_only() -> None:
    assert refuse_controls("Cad. 1\r\nS\u0327is\u0327li", multiline=True) == "Cad. 1\nŞişli"
    assert control_problem("Cad. 1\nŞişli", multiline=True) is None
    with pytest.raises(ValueError, match="U\\+001B"):
        refuse_controls("Cad. 1\n\x1bp", multiline=True)
    assert clean("Cad. 1\r\n\x1dV\x00Şişli\t", multiline=True) == "Cad. 1\nVŞişli "


def test_cleaning_drops_commands_and_spaces_line_breaks() -> None:
    assert without_controls("Süt\x1bp\x00\x19\xfa Tam\x1dV\x00\nYağlı\t1 L") == (
        "Sütp\xfa TamV Yağlı 1 L"
    )
    assert clean(NFD_SISLI + "\x1b") == "Şişli"
    assert refuse_controls(NFD_SISLI) == "Şişli" and control_problem("Şişli") is None


def test_printable_is_what_the_receipt_prints() -> None:
    assert printable(f"{NFD_SISLI} 1.234,56 ₺ …") == "Şişli 1.234,56 TL ..."
    assert printable("Süt\x1bp\x00\x19\nTOPLAM") == "Sütp TOPLAM"
    assert printable("Öz\u00adel\u200b ürün\ufeff") == "Özel ürün"  # invisible: no "?"


control_text = st.text(
    alphabet=st.sampled_from([*TURKISH_LOWER, *TURKISH_UPPER, " ", "₺", "…", "\u0327", "\u0308"])
    | st.characters(max_codepoint=0x9F),
    max_size=40,
)


@PROPERTY
@given(control_text)
def test_printable_text_has_no_control_character_and_is_stable(text: str) -> None:
    shown = printable(text)
    assert control_problem(shown) is None
    assert printable(shown) == shown  # the layout may apply it again: nothing moves
    assert "₺" not in shown and "…" not in shown
    received = clean(text)  # what sync stores
    assert control_problem(received) is None and clean(received) == received == nfc(received)
