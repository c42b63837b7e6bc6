"""What a self-service kiosk tells the backend about itself, and what a staff till reads back.

A kiosk (a terminal whose code starts with ``K``) PUTs a ``KioskReport`` to
``/sync/v1/kiosk-state`` when its state changes and again every few seconds as a heartbeat;
staff tills GET ``/sync/v1/attendants`` (an ``AttendantsResponse``): every kiosk of their
store with its last report. A kiosk that has not reported for ``OFFLINE_AFTER_S`` is
``offline`` whatever it said last (its network, its power or its app is down).

Models are frozen and strict, as the fact models are; times are aware ISO 8601. Unknown
fields are refused: a report is a request body, not a fact kept for later.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictInt,
    StrictStr,
)

from sync.protocol.facts.base import iso_time
from sync.protocol.limits import MAX_SALE_TOTAL_MINOR

OFFLINE_AFTER_S = 15.0
KIOSK_CODE_PREFIX = "K"
REASON_PATTERN = r"^[a-z0-9_]{0,64}$"
VERSION_PATTERN = r"^[A-Za-z0-9._+\-]{0,32}$"
MAX_BASKET_LINES = 999
MAX_WAITING_APPROVALS = 999

# The help reasons a kiosk sends (docs: the kiosk contract); the wire takes any code of
# REASON_PATTERN so an older till shows a newer kiosk's reason as its code.
HELP_REASONS = (
    "help",
    "age_check",
    "removal",
    "price_override",
    "basket_limit",
    "unknown_item",
    "weighed_item",
    "payment_problem",
    "out_of_paper",
)


class KioskState(StrEnum):
    IDLE = "idle"
    IN_USE = "in_use"
    NEEDS_HELP = "needs_help"
    PAYING = "paying"
    OUT_OF_PAPER = "out_of_paper"
    OFFLINE = "offline"


# States staff must walk over for.
ATTENTION_STATES = frozenset({KioskState.NEEDS_HELP, KioskState.OUT_OF_PAPER})


def is_kiosk_code(terminal_code: str) -> bool:
    """A terminal enrolled under ``K01``, ``K02``... is a self-service kiosk."""
    return terminal_code.startswith(KIOSK_CODE_PREFIX)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"has no time zone: {value.isoformat()!r}")
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 has no UTC time
        raise ValueError(f"is out of range in UTC: {value.isoformat()!r}") from None


# An aware time, kept in UTC, written as ISO 8601.
KioskTime = Annotated[
    datetime,
    BeforeValidator(iso_time),
    AfterValidator(_utc),
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="always"),
    Field(json_schema_extra={"format": "date-time"}),
]
Reason = Annotated[StrictStr, Field(max_length=64, pattern=REASON_PATTERN)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_BASKET_LINES)]
TotalMinor = Annotated[StrictInt, Field(ge=0, le=MAX_SALE_TOTAL_MINOR)]
Version = Annotated[StrictStr, Field(max_length=32, pattern=VERSION_PATTERN)]


class _Kiosk(BaseModel):
    # Strict, but an enum's value is accepted as text (the backend validates decoded JSON).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class KioskReport(_Kiosk):
    """A kiosk's state as it sends it: ``reason`` is a help reason code (``HELP_REASONS``)
    when it needs help, ``since`` when it entered the state (its own clock)."""

    state: Annotated[KioskState, Field(strict=False)]
    reason: Reason = ""
    since: KioskTime
    basket_lines: Count | None = None
    basket_total_minor: TotalMinor | None = None
    waiting_approvals: Annotated[StrictInt, Field(ge=0, le=MAX_WAITING_APPROVALS)] = 0
    app_version: Version = ""


class AttendantKiosk(_Kiosk):
    """One kiosk of the store as a staff till sees it: its last report, or ``offline`` when
    that is older than ``OFFLINE_AFTER_S`` (``reported_at`` None: it never reported)."""

    terminal_code: StrictStr
    state: Annotated[KioskState, Field(strict=False)]
    reason: StrictStr = ""
    since: KioskTime
    reported_at: KioskTime | None = None
    last_state: Annotated[KioskState | None, Field(strict=False)] = None  # before offline
    basket_lines: StrictInt | None = None
    basket_total_minor: StrictInt | None = None
    waiting_approvals: StrictInt = 0
    app_version: StrictStr = ""

    @property
    def needs_attention(self) -> bool:
        return self.state in ATTENTION_STATES


class AttendantsResponse(_Kiosk):
    """The kiosks of the caller's store by code, and the backend's clock (how long a state
    has lasted is ``server_time - since`` whatever the till's own clock says)."""

    server_time: KioskTime
    kiosks: list[AttendantKiosk]
