"""Every setting the README documents works from the environment (issue 14, item 3), and a
bad value, in the environment or in config.toml, is one clear line naming where it is."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pos_app.config import CONFIG_FILE, Settings, load_settings
from pos_app.domain.tax import PricingMode
from pos_app.errors import UserError

README = Path(__file__).resolve().parents[2] / "README.md"

# A value for every documented variable, as text in the environment, and what it must become.
# Each differs from the default, so the test sees that the environment was read.
SAMPLES: dict[str, tuple[str, Any]] = {
    "POS_LANG": ("en", "en"),
    "POS_TIMEZONE": ("Europe/Berlin", "Europe/Berlin"),
    "POS_PRICING_MODE": ("exclusive", PricingMode.EXCLUSIVE),
    "POS_CASH_ROUNDING_STEP": ("25", 25),
    "POS_DISCOUNT_LIMIT_CASHIER": ("15", 15),
    "POS_DISCOUNT_LIMIT_SUPERVISOR": ("40", 40),
    "POS_PIN_MAX_ATTEMPTS": ("3", 3),
    "POS_PIN_LOCKOUT_MINUTES": ("10,30", [10, 30]),
    "POS_SHIFT_CLOSE_VARIANCE_LIMIT": ("250.50", Decimal("250.50")),
    "POS_ERECEIPT_BASE_URL": ("https://r.example", "https://r.example"),
    "POS_FAVOURITES": ('["SKU-1", "SKU-2"]', ["SKU-1", "SKU-2"]),
    "POS_CUSTOMER_DISPLAY": ("false", False),
    "POS_MERGE_SCANS": ("false", False),
    "POS_SCANNER_KEY_INTERVAL_MS": ("50", 50),
    "POS_SCANNER_MIN_LENGTH": ("6", 6),
    "POS_PRINTER": ("tcp://192.168.1.50:9100", "tcp://192.168.1.50:9100"),
    "POS_PRINTER_PROFILE": ("TM-T88V", "TM-T88V"),
    "POS_PRINTER_WIDTH_MM": ("58", 58),
    "POS_PRINTER_COLUMNS": ("42", 42),
    "POS_PRINTER_CODE_PAGE": ("CP1254", "CP1254"),
    "POS_PRINTER_CODE_PAGE_SLOT": ("61", 61),
    "POS_PRINTER_QR": ("image", "image"),
    "POS_PRINTER_IMAGE_MODE": ("true", True),
    "POS_RECEIPT_LOGO": ("/srv/logo.png", "/srv/logo.png"),
    "POS_RECEIPT_DEFAULT": ("paper", "paper"),
    "POS_STORE_NAME": ("Örnek Market", "Örnek Market"),
    "POS_STORE_ADDRESS": ("Moda Cd. 1, Kadıköy", "Moda Cd. 1, Kadıköy"),
    "POS_STORE_TAX_NUMBER": ("1234567890", "1234567890"),
    "POS_SCALE_URI": ("serial:/dev/ttyUSB0?baud=9600", "serial:/dev/ttyUSB0?baud=9600"),
    "POS_CARD_TERMINAL_URI": ("tcp://10.0.0.20:9100", "tcp://10.0.0.20:9100"),
    "POS_KIOSK_IDLE_S": ("90", 90),
    "POS_KIOSK_IDLE_GRACE_S": ("15", 15),
    "POS_KIOSK_REMOVAL_NEEDS_ATTENDANT": ("false", False),
    "POS_KIOSK_BASKET_LIMIT": ("2500.50", Decimal("2500.50")),
    "POS_KIOSK_ORIENTATION": ("portrait", "portrait"),
    "POS_KIOSK_GRID_CATEGORIES": ('["Meyve & Sebze", "Fırın"]', ["Meyve & Sebze", "Fırın"]),
    "POS_RESTRICTED_HOURS": (
        '{"alcohol": "22:00-06:00", "tobacco": "00:00-07:00"}',
        {"alcohol": "22:00-06:00", "tobacco": "00:00-07:00"},
    ),
}


def documented_variables() -> set[str]:
    """The POS_* names in the first column of the README's Configuration table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `POS_"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`(POS_[A-Z0-9_]+)`", first_cell))
    return names


def field_of(variable: str) -> str:
    return variable.removeprefix("POS_").lower()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No POS_* variables but a data directory of the test's own."""
    import os

    for name in list(os.environ):
        if name.upper().startswith("POS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("POS_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    return monkeypatch


def test_the_readme_table_is_read_and_every_documented_setting_has_a_sample() -> None:
    documented = documented_variables()
    assert {"POS_DATA_DIR", "POS_PRINTER_WIDTH_MM", "POS_DISCOUNT_LIMIT_SUPERVISOR"} <= documented
    # POS_DATA_DIR picks the directory the rest is read from; POS_DEVICE_ID is read where
    # the device is named (tests/unit/test_device.py), never stored with the settings.
    missing = sorted(documented - {"POS_DATA_DIR", "POS_DEVICE_ID"} - SAMPLES.keys())
    assert missing == [], f"add an environment sample for {missing} to SAMPLES"
    unknown = sorted(
        v for v in documented - {"POS_DEVICE_ID"} if field_of(v) not in Settings.model_fields
    )
    assert unknown == [], f"documented but not a setting: {unknown}"


def test_every_documented_setting_works_from_the_environment(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    defaults = load_settings()
    for variable, (value, _) in SAMPLES.items():
        env.setenv(variable, value)
    settings = load_settings()
    assert settings.data_dir == tmp_path / "data"  # POS_DATA_DIR
    for variable, (_, expected) in SAMPLES.items():
        got = getattr(settings, field_of(variable))
        assert got == expected, variable
        assert getattr(defaults, field_of(variable)) != expected, f"{variable}: pick another"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("POS_PRINTER_WIDTH_MM", "80", 80),
        ("POS_PRINTER_WIDTH_MM", " 58 ", 58),
        ("POS_PRINTER_COLUMNS", "0", 0),
        ("POS_PRINTER_COLUMNS", "48", 48),
        ("POS_PRINTER_CODE_PAGE_SLOT", "", None),  # empty: the profile's slot
        ("POS_FAVOURITES", "SKU-1, SKU-2", ["SKU-1", "SKU-2"]),  # commas work too
        ("POS_FAVOURITES", "", []),
        ("POS_CUSTOMER_DISPLAY", "0", False),
        ("POS_PIN_LOCKOUT_MINUTES", "10", [10]),  # one number: one timed lock-out
        ("POS_PIN_LOCKOUT_MINUTES", "[5, 15, 60, 240]", [5, 15, 60, 240]),
    ],
)
def test_each_kind_of_value_reads_from_text(
    env: pytest.MonkeyPatch, variable: str, value: str, expected: object
) -> None:
    env.setenv(variable, value)
    assert getattr(load_settings(), field_of(variable)) == expected


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("POS_PRINTER_WIDTH_MM", "70", "58 or 80"),
        ("POS_PRINTER_WIDTH_MM", "wide", "58 or 80"),
        ("POS_PRINTER_COLUMNS", "40", "0, 32, 42 or 48"),
        ("POS_PIN_MAX_ATTEMPTS", "0", "greater than or equal to 1"),
        ("POS_PIN_LOCKOUT_MINUTES", "5,0", "each at least 1"),
        ("POS_PIN_LOCKOUT_MINUTES", "5,soon", "valid integer"),
        ("POS_CUSTOMER_DISPLAY", "maybe", "boolean"),
        ("POS_FAVOURITES", '["SKU-1", ', "JSON"),
    ],
)
def test_a_bad_value_in_the_environment_is_one_line_naming_the_variable(
    env: pytest.MonkeyPatch, variable: str, value: str, reason: str
) -> None:
    env.setenv(variable, value)
    with pytest.raises(UserError) as raised:
        load_settings()
    message = raised.value.message
    assert message.startswith(f"{variable}={value!r}: "), message
    assert reason in message and "\n" not in message
    assert raised.value.params["variable"] == variable


def test_a_bad_value_in_config_toml_names_the_file_and_the_setting(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "data" / CONFIG_FILE
    config.write_text("printer_width_mm = 70\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_settings()
    message = raised.value.message
    assert message.startswith(f"{config}: printer_width_mm = 70: "), message
    assert "58 or 80" in message and "\n" not in message
    config.write_text("printer_width_mm = 58\n", encoding="utf-8")
    assert load_settings().printer_width_mm == 58
    env.setenv("POS_PRINTER_WIDTH_MM", "80")  # the environment wins
    assert load_settings().printer_width_mm == 80


def test_a_broken_config_toml_names_the_file_and_the_line(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "data" / CONFIG_FILE
    config.write_text('store_name = "Örnek"\nprinter_width_mm = \n', encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_settings()
    message = raised.value.message
    assert message.startswith(f"{config}: ") and "line 2" in message, message
    assert "\n" not in message
