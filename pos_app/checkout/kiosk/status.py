"""What a kiosk tells staff about itself: its customer session's state (idle, in use, needs
help with the reason, paying), or out of paper while its receipt printer says so and no
customer is waiting for help, with the basket's size, total and waiting approvals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from pos_app.checkout.sale import SaleSession
from pos_app.devices.link import PrinterStatus
from pos_app.services.printing import PrintService
from sync.protocol import KioskState

OUT_OF_PAPER = "out_of_paper"
# A printer fault staff must fix at the kiosk; while a customer waits for help, that wins.
_SHOWN_OVER = ("idle", "in_use")


class StateSink(Protocol):
    """``pos_app.services.kiosk_status.KioskReporter.report``."""

    def __call__(
        self,
        state: KioskState,
        reason: str = "",
        *,
        basket_lines: int | None = None,
        basket_total_minor: int | None = None,
        waiting_approvals: int = 0,
    ) -> None: ...


class KioskStatusFeed:
    """Joins the session's state and the printer's into one report for ``sink``."""

    def __init__(self, sink: StateSink, printing: PrintService) -> None:
        self._sink = sink
        self._printing = printing
        self._lock = threading.Lock()
        self._state = ("idle", "")
        self._sale: SaleSession | None = None
        self._waiting: Callable[[], int] = lambda: 0
        self._detail: dict[str, int] = {}

    def attach(self, sale: SaleSession, waiting: Callable[[], int]) -> None:
        """The basket to describe (``sale``) and how many approvals wait (once built)."""
        self._sale = sale
        self._waiting = waiting
        self.session_changed(*self._state)

    def session_changed(self, state: str, reason: str) -> None:
        """``KioskSession``'s ``on_state`` (the thread the session runs on)."""
        detail: dict[str, int] = {}
        sale = self._sale
        if sale is not None:  # read here, never from the printer's thread
            cart = sale.cart
            detail = {
                "basket_lines": len(cart.lines),
                "basket_total_minor": max(0, cart.totals().total_minor),
                "waiting_approvals": self._waiting(),
            }
        with self._lock:
            self._state = (state, reason)
            self._detail = detail
        self.send()

    def printer_changed(self) -> None:
        """``PrintService.subscribe``: any job or printer change (from its worker thread)."""
        self.send()

    def paper_out(self) -> bool:
        queue = self._printing.state
        return queue is not None and queue.status is PrinterStatus.PAPER_OUT

    def send(self) -> None:
        """Report the session's state (out of paper over idle or in use) and the basket."""
        with self._lock:
            state, reason = self._state
            detail = dict(self._detail)
        if state in _SHOWN_OVER and self.paper_out():
            state, reason = OUT_OF_PAPER, OUT_OF_PAPER
        self._sink(KioskState(state), reason, **detail)
