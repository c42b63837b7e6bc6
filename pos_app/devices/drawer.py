"""The cash drawer, kicked through the receipt printer's drawer port.

Until a printer is configured there is no drawer to kick; the outcome says so honestly
and the screens show it, instead of pretending the drawer opened.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

log = logging.getLogger(__name__)


class DrawerState(StrEnum):
    REQUESTED = "requested"  # queued to the printer; its worker reports the outcome
    OPENED = "opened"
    NOT_CONFIGURED = "not_configured"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DrawerOutcome:
    state: DrawerState
    detail: str = ""


class CashDrawer(Protocol):
    def open(self, *, reason: str) -> DrawerOutcome:
        """Kick the drawer open; never raises for a device problem."""
        ...


class NoDrawer:
    """The drawer of a terminal with no printer configured: nothing to kick."""

    def open(self, *, reason: str) -> DrawerOutcome:
        log.info("Drawer open requested (%s) but no printer is configured", reason)
        return DrawerOutcome(DrawerState.NOT_CONFIGURED)
