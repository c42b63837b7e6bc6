"""Byte-level checks of the ESC/POS encoder: code page selection, Turkish letters, TL."""

from __future__ import annotations

import pytest

from pos_app.devices.escpos_encoder import ReceiptEncoder
from pos_app.domain.receipt import Barcode, QrCode, Rule, Text
from pos_app.errors import UserError

INIT = b"\x1b@"
TURKISH = "ÇĞİÖŞÜ çğıöşü"


def blocks() -> list[Text | Rule | Barcode | QrCode]:
    return [
        Text("Örnek Market", "center", bold=True, large=True),
        Rule(),
        Text(f"{TURKISH}  1.234,56 ₺"),
        Text("Uzun ürün adı…"),
        Barcode("S01-T01-000123"),
        QrCode("https://r.example/r/abc"),
    ]


@pytest.mark.parametrize(("profile", "slot"), [("TM-T20II", 13), ("NT-5890K", 61)])
def test_init_then_the_profiles_cp857_slot(profile: str, slot: int) -> None:
    data = ReceiptEncoder(profile).encode(blocks(), 42)
    assert data.startswith(INIT + b"\x1bt" + bytes([slot]))


def test_turkish_letters_are_cp857_never_question_marks() -> None:
    data = ReceiptEncoder("TM-T20II").encode(blocks(), 42)
    assert TURKISH.encode("cp857") in data
    assert b"?" not in data.replace(b"https://r.example/r/abc", b"")
    assert "₺".encode() not in data and b"1.234,56 TL" in data
    assert b"Uzun " + "ürün".encode("cp857") + b" ad" + "ı".encode("cp857") + b"..." in data


def test_barcode_qr_rule_and_cut() -> None:
    data = ReceiptEncoder("TM-T20II").encode(blocks(), 32)
    assert b"{BS01-T01-000123" in data  # CODE128 code set B
    assert b"\x1dk" in data  # GS k: hardware barcode
    assert b"\x1d(k" in data and b"https://r.example/r/abc" in data  # native QR
    assert b"-" * 32 + b"\n" in data
    assert data.rstrip(b"\n").endswith(b"\x1dV\x00") or b"\x1dV" in data[-8:]


def test_drawer_kick_is_its_own_job() -> None:
    encoder = ReceiptEncoder("TM-T20II")
    kick = encoder.drawer_kick()
    assert kick.startswith(INIT) and b"\x1bp" in kick
    assert b"\x1bp" not in encoder.encode(blocks(), 42)


def test_a_profile_without_turkish_is_refused_by_name() -> None:
    with pytest.raises(UserError) as raised:
        ReceiptEncoder("TM-T88III")
    assert raised.value.code == "printer.code_page_missing"
    assert "TM-T88III" in raised.value.message
    with pytest.raises(UserError) as unknown:
        ReceiptEncoder("no-such-printer")
    assert unknown.value.code == "printer.unknown_profile"


def test_double_size_ends_with_its_line() -> None:
    """python-escpos 3.1 keeps double width unless told normal_textsize (the emulator showed
    a whole receipt in double width after the store name)."""
    data = ReceiptEncoder("TM-T20II").encode([Text("BIG", large=True), Text("small")], 32)
    big, small = data.index(b"BIG"), data.index(b"small")
    assert b"\x1b!\x00" in data[big:small]


def test_an_installers_slot_wins_over_the_profile() -> None:
    encoder = ReceiptEncoder("TM-T88III", slot=61)  # the profile itself has no CP857
    data = encoder.encode([Text(TURKISH)], 32)
    assert data.startswith(INIT + b"\x1bt" + bytes([61]))
    assert TURKISH.encode("cp857") in data and b"?" not in data


def test_the_logo_comes_right_after_the_code_page() -> None:
    logo = b"\x1dv0\x00LOGO"
    data = ReceiptEncoder("TM-T20II").encode([Text("Örnek")], 32, logo=logo)
    assert data.startswith(INIT + b"\x1bt\x0d" + logo)


def test_a_decomposed_name_prints_its_letters_not_question_marks() -> None:
    """Issue 14, item 5: ``S`` + U+0327 printed as ``S?`` before the encoder normalised."""
    data = ReceiptEncoder("TM-T20II").encode([Text("S\u0327is\u0327li")], 32)
    assert "Şişli".encode("cp857") + b"\n" in data and b"?" not in data


def test_control_characters_in_text_never_become_commands() -> None:
    """Issue 14, item 6: ESC p (drawer), GS V (cut) and a newline inside a name."""
    name = "Süt\x1bp\x00\x19\xfa Tam Yağlı\x1dV\x00\nTOPLAM 0,01 TL"
    for profile, slot in (("TM-T20II", None), ("TM-T88III", 61)):  # library and raw text paths
        data = ReceiptEncoder(profile, slot=slot).encode([Text(name)], 48)
        assert b"\x1bp" not in data and data.count(b"\x1dV") == 1
        line = data[data.index(b"S\x81t") : data.index(b"\x1bd")]  # the name up to the feed
        assert line.endswith(b" TOPLAM 0,01 TL\n") and not any(b < 0x20 for b in line[:-1])
