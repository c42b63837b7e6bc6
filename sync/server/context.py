"""What every request handler needs: settings, the engine and the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from sync.server.settings import ServerSettings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ServerContext:
    settings: ServerSettings
    engine: Engine
    clock: Callable[[], datetime] = utc_now
    # Test hook for F2 only: with False, push applies replays again (the harness must notice).
    deduplicate: bool = True
    base_url: str = field(default="")

    def public_url(self) -> str:
        return (self.settings.public_url or self.base_url).rstrip("/")
