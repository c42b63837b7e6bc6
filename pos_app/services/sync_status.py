"""What the UI and the CLI see of sync: the status snapshot and the rejected facts.

The sync worker (``pos_app.services.sync_worker``) implements ``SyncControl``; the Qt layer
only reads these values and calls these methods, never the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

# Part of what the UI sees: the outbox entries the backend rejected (the outbox is storage's).
from pos_app.storage.replica.outbox import RejectedFact as RejectedFact


@dataclass(frozen=True, slots=True)
class SyncStatus:
    enrolled: bool  # False: no backend configured; the till works alone
    online: bool | None  # None: not tried yet since start
    last_success_at: datetime | None  # UTC; last round that reached the backend
    pending: int  # outbox entries not yet acknowledged
    rejected: int  # facts the backend rejected (listed in the sync problems view)
    last_error: str = ""  # why the last round failed (English, for logs and tooltips)
    clock_offset_ms: int = 0  # backend minus this terminal, from the last hello
    clock_warning: bool = False  # offset above the backend's limit (2 min)
    bootstrapping: bool = False  # downloading the catalog for the first time
    server_url: str = ""
    # The backend refused this till's identity: its data directory is a copy in use on
    # another device. Sales stop until the till is enrolled again (the reason, English).
    identity_conflict: str = ""


def is_stale(synced_at: datetime | None, now: datetime, minutes: int = 15) -> bool:
    """Synced figures old enough that people should be told they may have moved."""
    return synced_at is None or (now - synced_at).total_seconds() > minutes * 60


class SyncControl(Protocol):
    def status(self) -> SyncStatus: ...

    def rejected_facts(self) -> list[RejectedFact]: ...

    def sync_now(self) -> None:
        """Wake the worker for a round now (returns at once)."""

    def add_listener(self, callback: Callable[[SyncStatus], None]) -> None:
        """``callback`` runs on the worker thread after every round; keep it short."""
