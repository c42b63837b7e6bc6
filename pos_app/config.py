"""Settings: ``POS_*`` environment variables over ``config.toml`` in the data directory."""

from __future__ import annotations

import os
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from pos_app.domain.tax import PricingMode

CONFIG_FILE = "config.toml"
# The data directory whose config.toml the next Settings() reads (set by load_settings).
_config_dir: ContextVar[Path | None] = ContextVar("pos_config_dir", default=None)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("pos-omni", appauthor=False))


def data_dir_from_env() -> Path:
    value = os.environ.get("POS_DATA_DIR")
    return Path(value).expanduser() if value else default_data_dir()


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
    pin_lockout_minutes: int = Field(default=5, ge=1)
    ereceipt_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="public base of e-receipt links ({base}/r/{token}); set at enrolment later",
    )
    favourites: list[str] = Field(
        default_factory=list, description="SKUs on the favourites grid, in order"
    )
    customer_display: bool = True
    scanner_key_interval_ms: int = Field(
        default=35, ge=5, le=200, description="keys closer than this come from a scanner"
    )
    scanner_min_length: int = Field(default=4, ge=1)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = (_config_dir.get() or data_dir_from_env()) / CONFIG_FILE
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_path))

    @property
    def database_path(self) -> Path:
        return self.data_dir / "pos.db"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"


def load_settings(**overrides: Any) -> Settings:
    """Build settings; keyword arguments override everything (used by tests and the CLI).

    A ``data_dir`` given here is also where ``config.toml`` is read from.
    """
    data_dir = overrides.get("data_dir")
    token = _config_dir.set(Path(data_dir).expanduser() if data_dir else None)
    try:
        return Settings(**overrides)
    finally:
        _config_dir.reset(token)
