"""Backend settings: ``POS_SERVER_*`` environment variables over defaults."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Works only outside production mode, where the server refuses to start with it.
DEFAULT_ADMIN_TOKEN = "dev-admin-token-change-me"
MIN_PRODUCTION_TOKEN_LENGTH = 24


def _default_data_dir() -> Path:
    value = os.environ.get("POS_SERVER_DATA_DIR")
    if value:
        return Path(value).expanduser()
    return Path(platformdirs.user_data_dir("pos-omni-server", appauthor=False))


class ServerSettings(BaseSettings):
    """The online backend's settings."""

    model_config = SettingsConfigDict(env_prefix="POS_SERVER_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty = SQLite file backend.db in data_dir"
    )
    production: bool = Field(default=False, description="refuse default secrets")
    admin_token: str = Field(default=DEFAULT_ADMIN_TOKEN, description="bearer for /api/v1/")
    public_url: str = Field(
        default="", description="public base URL of e-receipts; empty = the address served on"
    )
    change_retention_days: int = Field(default=30, ge=1)
    loyalty_offline_budget_points: int = Field(default=500, ge=0)
    enrolment_code_ttl_hours: int = Field(default=24, ge=1)
    # Web orders returned in stores (sync.server.returns): the window after collection or
    # delivery, and how long after it terminals keep the order so a manager can override.
    return_window_days: int = Field(default=30, ge=0, le=3650)
    return_override_days: int = Field(default=14, ge=0, le=3650)
    pool_size: int = Field(default=5, ge=1)
    # Test hook for failure scenario F2 only (proves the harness notices duplicates): push
    # applies every mutation it receives, as a backend that trusts the network would.
    unsafe_disable_deduplication: bool = False

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'backend.db'}"

    def problems(self) -> list[str]:
        """Why this configuration must not run in production (empty when it may)."""
        if not self.production:
            return []
        found = []
        if self.admin_token == DEFAULT_ADMIN_TOKEN or len(self.admin_token) < (
            MIN_PRODUCTION_TOKEN_LENGTH
        ):
            found.append(
                "POS_SERVER_ADMIN_TOKEN is the default or shorter than "
                f"{MIN_PRODUCTION_TOKEN_LENGTH} characters"
            )
        if not self.public_url:
            found.append("POS_SERVER_PUBLIC_URL is not set (e-receipt links need it)")
        return found
