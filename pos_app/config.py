"""Settings: ``POS_*`` environment variables over ``config.toml`` in the data directory.

The environment gives every value as text: the validators below read the few kinds that
pydantic does not convert from text by itself (a number that must be one of a few, a list).
"""

from __future__ import annotations

import json
import os
import tomllib
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
    TomlConfigSettingsSource,
)

from pos_app.domain.restrictions import parse_rules
from pos_app.domain.tax import PricingMode
from pos_app.errors import UserError

CONFIG_FILE = "config.toml"
# The data directory whose config.toml the next Settings() reads (set by load_settings).
_config_dir: ContextVar[Path | None] = ContextVar("pos_config_dir", default=None)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("pos-omni", appauthor=False))


def data_dir_from_env() -> Path:
    value = os.environ.get("POS_DATA_DIR")
    return Path(value).expanduser() if value else default_data_dir()


def config_path() -> Path:
    """The config.toml the next ``Settings()`` reads."""
    return (_config_dir.get() or data_dir_from_env()) / CONFIG_FILE


class Settings(BaseSettings):
    """Terminal settings. Environment wins over the TOML file, which wins over defaults."""

    model_config = SettingsConfigDict(env_prefix="POS_", extra="ignore")

    data_dir: Path = Field(default_factory=data_dir_from_env)
    backend_url: str = ""
    printer: str = Field(default="", description="printer URI; empty = on-screen preview")
    printer_profile: str = Field(
        default="", description="python-escpos capabilities profile (default TM-T20II)"
    )
    printer_width_mm: Literal[58, 80] = 80
    printer_columns: Literal[0, 32, 42, 48] = Field(
        default=0, description="characters per line; 0 = 48 at 80 mm, 32 at 58 mm"
    )
    printer_code_page: str = "CP857"
    printer_code_page_slot: int | None = Field(
        default=None, ge=0, le=255, description="ESC t slot when the profile's is wrong"
    )
    printer_qr: Literal["native", "image"] = "native"
    printer_image_mode: bool = Field(
        default=False, description="print whole receipts as images (no usable code page)"
    )
    receipt_logo: str = Field(default="", description="image file printed at the top")
    receipt_default: Literal["paper", "ereceipt", "both"] = Field(
        default="both", description="paper receipt, e-receipt QR only, or both"
    )
    store_name: str = ""
    store_address: str = ""
    store_tax_number: str = ""
    lang: str = "tr"
    currency: str = "TRY"
    pricing_mode: PricingMode = PricingMode.INCLUSIVE
    timezone: str = "Europe/Istanbul"
    cash_rounding_step: int = Field(default=1, ge=1, description="kuruş; 1 = no rounding")
    discount_limit_cashier: int = Field(default=10, ge=0, le=100)
    discount_limit_supervisor: int = Field(default=30, ge=0, le=100)
    pin_max_attempts: int = Field(default=5, ge=1)
    # NoDecode: "5,15,60" or "[5, 15, 60]" from the environment (_text_list); one number is
    # one timed lock-out before the manager's reset.
    pin_lockout_minutes: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [5, 15, 60],
        description="minutes of each lock-out in a row; after the last, a manager resets",
    )
    shift_close_variance_limit: Decimal = Field(
        default=Decimal(100),
        ge=0,
        decimal_places=2,
        description="TRY; a shift count off by more: recount, then a supervisor approves",
    )
    ereceipt_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="public base of e-receipt links ({base}/r/{token}); set at enrolment later",
    )
    # NoDecode: the environment's text goes to _text_list, which takes JSON or commas.
    favourites: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="SKUs on the favourites grid, in order"
    )
    customer_display: bool | None = Field(
        default=None,
        description="auto (None): only when a second screen exists; true: also on one screen",
    )
    merge_scans: bool = Field(
        default=True, description="a repeated scan of the last line's item adds to its quantity"
    )
    scanner_key_interval_ms: int = Field(
        default=35, ge=5, le=200, description="keys closer than this come from a scanner"
    )
    scanner_min_length: int = Field(default=4, ge=1)
    # Devices of a self-service kiosk (pos_app.devices.scale, pos_app.devices.payment_terminal).
    scale_uri: str = Field(
        default="", description="the scale: serial:/dev/ttyUSB0?baud=9600, or empty for none"
    )
    card_terminal_uri: str = Field(
        default="", description="the integrated card terminal: tcp://host:port, or empty"
    )
    # Gift cards and store-credit cards (docs/loyalty.md "Gift cards at the till").
    gift_card_sku: str = Field(
        default="GIFT-CARD", description="the catalog product gift cards are sold as"
    )
    gift_card_min_minor: int = Field(default=1_000, ge=1, description="kuruş per card sold")
    gift_card_max_minor: int = Field(default=1_000_000, ge=1, description="kuruş per card sold")
    store_credit_cards: bool = Field(
        default=True,
        description="store credit from returns as value cards, spendable online too "
        "(off: the older till-only SC- vouchers)",
    )
    # The self-service kiosk (``pos kiosk``).
    kiosk_idle_s: int = Field(
        default=60, ge=10, le=3600, description="seconds without a touch or scan before asking"
    )
    kiosk_idle_grace_s: int = Field(
        default=20, ge=5, le=600, description="seconds to answer 'Are you still there?'"
    )
    kiosk_removal_needs_attendant: bool = Field(
        default=True, description="removing a scanned item needs an attendant"
    )
    kiosk_basket_limit: Decimal = Field(
        default=Decimal("5000"), ge=0, description="TRY; a larger basket needs an attendant"
    )
    kiosk_pay_at_till: bool = Field(
        default=False, description="offer paying at a staff till (a basket barcode)"
    )
    kiosk_orientation: Literal["auto", "portrait", "landscape"] = "auto"
    kiosk_grid_categories: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="categories on the produce grid (e.g. Meyve & Sebze); empty: every PLU item",
    )
    # Sale hours by restriction group: "HH:MM-HH:MM" when the group may NOT be sold
    # (Turkey: no alcohol sale from 22:00 to 06:00). Refused outright, no override.
    restricted_hours: dict[str, str] = Field(
        default_factory=lambda: {"alcohol": "22:00-06:00"},
        description='restriction group -> forbidden hours, e.g. {"alcohol": "22:00-06:00"}',
    )

    @field_validator("printer_width_mm", "printer_columns", mode="before")
    @classmethod
    def _number_from_text(cls, value: object) -> object:
        """ "80" from the environment is the number 80 (a ``Literal`` does not convert text)."""
        if isinstance(value, str) and value.strip().isdecimal():
            return int(value)
        return value

    @field_validator("customer_display", mode="before")
    @classmethod
    def _auto_is_none(cls, value: object) -> object:
        """``auto`` (or empty) leaves the choice to the screens there are."""
        if isinstance(value, str) and value.strip().lower() in ("", "auto"):
            return None
        return value

    @field_validator("printer_code_page_slot", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        """An empty ``POS_PRINTER_CODE_PAGE_SLOT=`` means the profile's slot."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("pin_lockout_minutes")
    @classmethod
    def _lockout_steps(cls, value: list[int]) -> list[int]:
        if not value or min(value) < 1:
            raise ValueError("give one or more whole minutes, each at least 1 (e.g. 5,15,60)")
        return value

    @field_validator("restricted_hours")
    @classmethod
    def _sale_hours(cls, value: dict[str, str]) -> dict[str, str]:
        """Each group's forbidden hours as ``HH:MM-HH:MM``; the message names the bad group
        and its value (``parse_rules``)."""
        parse_rules(value)
        return {group: text.strip() for group, text in value.items()}

    @field_validator("favourites", "pin_lockout_minutes", "kiosk_grid_categories", mode="before")
    @classmethod
    def _text_list(cls, value: object) -> object:
        """A list from the environment: JSON (``["A", "B"]``) or comma-separated (``A, B``);
        a single number is a list of one."""
        if isinstance(value, int):
            return [value]
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("["):
            try:
                return json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"not a JSON list ({error})") from None
        return [part.strip() for part in text.split(",") if part.strip()]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_path()))

    @property
    def shift_close_variance_limit_minor(self) -> int:
        return int(self.shift_close_variance_limit * 100)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "pos.db"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def images_dir(self) -> Path:
        """Product pictures named by the catalog's ``image`` column (the kiosk's grid)."""
        return self.data_dir / "images"

    @property
    def kiosk_basket_limit_minor(self) -> int:
        return int(self.kiosk_basket_limit * 100)


def load_settings(**overrides: Any) -> Settings:
    """Build settings; keyword arguments override everything (used by tests and the CLI).

    A ``data_dir`` given here is also where ``config.toml`` is read from. A value that is not
    valid raises ``UserError`` with one line naming the variable or the file and setting.
    """
    data_dir = overrides.get("data_dir")
    token = _config_dir.set(Path(data_dir).expanduser() if data_dir else None)
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise _bad_settings(error, overrides) from None
    except tomllib.TOMLDecodeError as error:
        path = config_path()
        raise _bad_setting(str(path), f"{path}: {error}", str(error)) from None
    except SettingsError as error:  # a value the environment source could not decode
        raise _bad_setting("", str(error), str(error)) from None
    finally:
        _config_dir.reset(token)


def _bad_setting(variable: str, message: str, reason: str) -> UserError:
    # Settings are read before any window opens: only the command line reports this code.
    return UserError("cli.bad_setting", message, variable=variable, reason=reason)


def _bad_settings(error: ValidationError, overrides: dict[str, Any]) -> UserError:
    """One line naming where each refused value came from: POS_X=..., config.toml, or a
    value the program passed (a command-line option)."""
    environment = {name.upper(): value for name, value in os.environ.items()}
    parts: list[str] = []
    first = ""
    for problem in error.errors(include_url=False):
        field = str(problem["loc"][0]) if problem["loc"] else ""
        reason = problem["msg"].removeprefix("Value error, ")
        variable = f"POS_{field.upper()}"
        if variable in environment and field not in overrides:
            where = f"{variable}={environment[variable]!r}"
        elif field in overrides:
            where, variable = f"{field}={overrides[field]!r}", field
        else:
            where = f"{config_path()}: {field} = {problem['input']!r}"
            variable = f"{config_path()}: {field}"
        first = first or variable
        parts.append(f"{where}: {reason}")
    return _bad_setting(first, "; ".join(parts), "; ".join(parts))
