"""The kiosk's report joins its session's state and its printer's: out of paper shows over
idle and in use, never over a customer waiting for help."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from pos_app.checkout.kiosk.status import KioskStatusFeed
from pos_app.checkout.sale import SaleSession
from pos_app.devices.link import PrinterStatus
from pos_app.services.print_queue import QueueState
from pos_app.services.printing import PrintService


@dataclass
class Printer:
    state: QueueState | None = None


@dataclass
class Totals:
    total_minor: int


@dataclass
class Cart:
    lines: list[object] = field(default_factory=list)
    total: int = 0

    def totals(self) -> Totals:
        return Totals(self.total)


@dataclass
class Sale:
    cart: Cart = field(default_factory=Cart)


def feed() -> tuple[KioskStatusFeed, Printer, Sale, list[tuple[str, str, dict[str, Any]]]]:
    sent: list[tuple[str, str, dict[str, Any]]] = []
    printer = Printer()

    def sink(state: str, reason: str = "", **detail: Any) -> None:
        sent.append((state, reason, detail))

    status = KioskStatusFeed(sink, cast(PrintService, printer))
    sale = Sale()
    status.attach(cast(SaleSession, sale), lambda: 1)
    return status, printer, sale, sent


def test_session_state_with_the_basket() -> None:
    status, _printer, sale, sent = feed()
    sale.cart.lines = [object(), object()]
    sale.cart.total = 4550
    status.session_changed("needs_help", "age_check")
    assert sent[-1] == (
        "needs_help",
        "age_check",
        {"basket_lines": 2, "basket_total_minor": 4550, "waiting_approvals": 1},
    )


def test_paper_out_shows_over_idle_and_in_use_only() -> None:
    status, printer, _sale, sent = feed()
    printer.state = QueueState(status=PrinterStatus.PAPER_OUT)
    status.printer_changed()
    assert sent[-1][:2] == ("out_of_paper", "out_of_paper")
    status.session_changed("in_use", "")
    assert sent[-1][:2] == ("out_of_paper", "out_of_paper")
    status.session_changed("needs_help", "help")
    assert sent[-1][:2] == ("needs_help", "help")
    status.session_changed("idle", "")
    printer.state = QueueState(status=PrinterStatus.READY)
    status.printer_changed()
    assert sent[-1][:2] == ("idle", "")
