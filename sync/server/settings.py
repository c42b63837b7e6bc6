"""Backend settings: ``POS_SERVER_*`` environment variables over defaults.

``load_settings()`` turns a value that does not parse into one ``SettingsError`` line naming
the variable and what it accepts; ``problems()`` lists what production mode refuses.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import annotated_types
import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "POS_SERVER_"
# Works only outside production mode, where the server refuses to start with it.
DEFAULT_ADMIN_TOKEN = "dev-admin-token-change-me"
# Printed by `pos demo` and in the README: public, so production refuses it too.
DEMO_ADMIN_TOKEN = "demo-admin-token-not-for-production"
PUBLIC_ADMIN_TOKENS = frozenset({DEFAULT_ADMIN_TOKEN, DEMO_ADMIN_TOKEN})
MIN_PRODUCTION_TOKEN_LENGTH = 24
# A token of 24 characters drawn from fewer than this many is a pattern, not a secret.
MIN_PRODUCTION_TOKEN_DISTINCT = 10
MIB = 1024 * 1024
# Values that must never be echoed in an error message.
_SECRET_FIELDS = frozenset({"admin_token", "database_url"})
_BOOL_WORDS = "true or false (also 1/0, yes/no, on/off)"


class SettingsError(ValueError):
    """A setting that does not parse: one line per variable, naming what it accepts."""


def _default_data_dir() -> Path:
    value = os.environ.get("POS_SERVER_DATA_DIR")
    if value:
        return Path(value).expanduser()
    return Path(platformdirs.user_data_dir("pos-omni-server", appauthor=False))


def public_url_problem(value: str) -> str | None:
    """Why ``value`` cannot be the base of e-receipt links (None when it can)."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return "must not contain spaces or control characters"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// address with a host, e.g. https://pos.example.com"
    if parts.username is not None or parts.password is not None:
        return "must not carry a user name or password (it is printed in every QR code)"
    if parts.query or parts.fragment:
        return "must not have a query or fragment (receipt paths are appended to it)"
    return None


class ServerSettings(BaseSettings):
    """The online backend's settings."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty = SQLite file backend.db in data_dir"
    )
    images_dir: Path | None = Field(
        default=None,
        description="catalog pictures served to the tills; empty = the images folder in data_dir",
    )
    production: bool = Field(default=False, description="refuse default secrets")
    admin_token: str = Field(default=DEFAULT_ADMIN_TOKEN, description="bearer for /api/v1/")
    public_url: str = Field(
        default="", description="public base URL of e-receipts; empty = the address served on"
    )
    change_retention_days: int = Field(default=30, ge=1)
    loyalty_offline_budget_points: int = Field(default=500, ge=0)
    # docs/loyalty.md "Online first, bounded offline": what one customer may spend at a till
    # while it is offline, and what a till may take from one gift card offline.
    loyalty_offline_customer_cap_points: int = Field(default=200, ge=0)
    gift_card_offline_limit_minor: int = Field(default=50000, ge=0)
    enrolment_code_ttl_hours: int = Field(default=24, ge=1)
    # Web orders returned in stores (sync.server.returns): the window after collection or
    # delivery, and how long after it terminals keep the order so a manager can override.
    return_window_days: int = Field(default=30, ge=0, le=3650)
    return_override_days: int = Field(default=14, ge=0, le=3650)
    # Customers' personal data (sync.server.erasure, docs/loyalty.md "Erasure and
    # retention"): erase customers inactive for this many days (0: never); how long an erased
    # customer's withdrawals keep their phone or e-mail for the İYS integration to read.
    customer_retention_days: int = Field(default=0, ge=0, le=36500)
    iys_withdrawal_keep_days: int = Field(default=30, ge=1, le=3650)
    # The web shop's page that adds a receipt to a logged-in customer's account: the
    # e-receipt page links to it with ``?receipt=<token>``; empty: the link is not shown.
    web_shop_claim_url: str = ""
    pool_size: int = Field(default=5, ge=1)
    # Request bodies (sync.server.guard): a push batch, a catalog import (CSV or the JSON
    # list of POST /api/v1/products), anything else. Larger ones get 413 unread.
    max_body_bytes: int = Field(default=1 * MIB, ge=1024)
    max_push_body_bytes: int = Field(default=8 * MIB, ge=1024)
    max_import_body_bytes: int = Field(default=32 * MIB, ge=1024)
    # Rate limits per client address (sync.server.ratelimit): failed enrolments (the code is
    # guessed) and e-receipt page views, each as so many per window; then 429.
    enrolment_max_failures: int = Field(default=10, ge=1)
    enrolment_failure_window_s: int = Field(default=900, ge=1)
    ereceipt_max_requests: int = Field(default=60, ge=1)
    ereceipt_window_s: int = Field(default=60, ge=1)
    # Test hook for failure scenario F2 only (proves the harness notices duplicates): push
    # applies every mutation it receives, as a backend that trusts the network would.
    unsafe_disable_deduplication: bool = False

    @field_validator("images_dir", mode="before")
    @classmethod
    def _empty_images_dir(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("public_url")
    @classmethod
    def _http_public_url(cls, value: str) -> str:
        problem = public_url_problem(value) if value else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("web_shop_claim_url")
    @classmethod
    def _http_claim_url(cls, value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if value and (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.fragment
            or any(ch.isspace() or ord(ch) < 32 for ch in value)
        ):
            raise ValueError("must be an http:// or https:// address without a fragment")
        return value

    @property
    def effective_images_dir(self) -> Path:
        """Where the catalog pictures are (``POS_SERVER_IMAGES_DIR``, else ``data_dir/images``)."""
        return self.images_dir if self.images_dir is not None else self.data_dir / "images"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'backend.db'}"

    def problems(self) -> list[str]:
        """Why this configuration must not run in production (empty when it may)."""
        if not self.production:
            return []
        found = []
        token = self.admin_token
        if token.strip() in PUBLIC_ADMIN_TOKENS:
            found.append(
                "POS_SERVER_ADMIN_TOKEN is a public example token (the default, or the demo's "
                "from the README)"
            )
        elif any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in token):
            found.append("POS_SERVER_ADMIN_TOKEN must not contain spaces or control characters")
        elif len(token) < MIN_PRODUCTION_TOKEN_LENGTH:
            found.append(
                f"POS_SERVER_ADMIN_TOKEN is shorter than {MIN_PRODUCTION_TOKEN_LENGTH} characters"
            )
        elif len(set(token)) < MIN_PRODUCTION_TOKEN_DISTINCT:
            found.append(
                "POS_SERVER_ADMIN_TOKEN is too predictable (fewer than "
                f"{MIN_PRODUCTION_TOKEN_DISTINCT} different characters)"
            )
        if found:
            found[-1] += (
                "; make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        if not self.public_url:
            found.append("POS_SERVER_PUBLIC_URL is not set (e-receipt links need it)")
        return found


def _accepted(name: str) -> str:
    """What the field ``name`` accepts, in words."""
    info = ServerSettings.model_fields.get(name)
    if info is None:
        return "a valid value"
    if info.annotation is bool:
        return _BOOL_WORDS
    if info.annotation is int:
        low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}"
        if low is not None:
            return f"a whole number of at least {low}"
        return "a whole number"
    return "a valid value"


def _describe(error: Any) -> str:
    name = str(error["loc"][0]) if error.get("loc") else "?"
    variable = ENV_PREFIX + name.upper()
    shown = "" if name in _SECRET_FIELDS else f"={str(error.get('input', ''))[:80]!r}"
    if error.get("type") == "value_error":  # a validator of ours: its own words
        reason = str(error.get("ctx", {}).get("error", error.get("msg", "")))
        return f"{variable}{shown} is not valid: it {reason}"
    return f"{variable}{shown} is not valid: use {_accepted(name)}"


def load_settings(**overrides: Any) -> ServerSettings:
    """The settings from the environment; ``SettingsError`` (one line) for a bad value."""
    try:
        return ServerSettings(**overrides)
    except ValidationError as exc:
        raise SettingsError("; ".join(_describe(e) for e in exc.errors())) from None
