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
    base_url: str = field(default="")

    @property
    def deduplicate(self) -> bool:
        """False only under the F2 test hook (``unsafe_disable_deduplication``)."""
        return not self.settings.unsafe_disable_deduplication

    def public_url(self) -> str:
        return (self.settings.public_url or self.base_url).rstrip("/")
