"""Where the checkout is (its stage), in which language, and who hears of changes.

The sessions of one front-end share one ``Flow``: the screens listen through ``subscribe``
and show the stage; a session moves the stage and says what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum


class Stage(StrEnum):
    SIGNED_OUT = "signed_out"
    NEEDS_SHIFT = "needs_shift"
    SELLING = "selling"
    PAYING = "paying"
    RETURNING = "returning"
    DONE = "done"  # a sale just completed; the customer display thanks the customer


class Change(StrEnum):
    """What listeners are told changed."""

    SESSION = "session"
    CART = "cart"
    PAYMENT = "payment"
    RETURN = "return"
    STAGE = "stage"
    HANDOVER = "handover"  # a pickup order is being handed over (the customer display shows it)
    APPROVALS = "approvals"  # a kiosk's waiting approvals changed (kiosk.KioskSession)
    HELP = "help"  # a kiosk's customer called for help, or stopped waiting for it


Listener = Callable[[Change], None]


class Flow:
    """The stage and language of one front-end's checkout, and its listeners."""

    def __init__(self, *, language: str = "tr") -> None:
        self.stage = Stage.SIGNED_OUT
        self.language = language
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def notify(self, *changes: Change) -> None:
        for change in changes:
            for listener in list(self._listeners):
                listener(change)

    def set_stage(self, stage: Stage) -> None:
        """Move to ``stage``; listeners hear of it only when it is a different one."""
        if stage is not self.stage:
            self.stage = stage
            self.notify(Change.STAGE)

    def set_language(self, language: str) -> None:
        """The language of the screens and of the receipts from now on."""
        self.language = language
        self.notify(Change.SESSION, Change.CART)
