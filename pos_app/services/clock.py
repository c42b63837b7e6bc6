"""Time as a dependency, so tests and the crash harness can control it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, UTC-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of ``moment`` in the store's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).date()
