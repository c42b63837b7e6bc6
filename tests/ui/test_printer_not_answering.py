"""The status bar when the printer stops answering part-way through a receipt (issue 14,
item 1): it names the silent printer and asks "did it print?", as for a broken connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

import pos_app.app
from pos_app.app import build_printing, build_services
from pos_app.config import Settings
from pos_app.devices.link import PrinterStatus
from pos_app.services.bundle import Services
from pos_app.services.clock import Clock, SystemClock
from pos_app.services.printing import PrintService
from pos_app.services.terminal import require_terminal
from tests.fakes import FakePrinter
from tests.ui.conftest import AppFactory, Till
from tests.ui.test_printing_screens import card_sale, selling, status_of

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def printer(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePrinter]:
    """Apps built by ``make_app(printer="dummy:")`` print to this fake."""
    fake = FakePrinter()

    def services_with_fake(
        settings: Settings, engine: Engine, clock: Clock | None = None
    ) -> Services:
        clock = clock or SystemClock()
        store = require_terminal(engine).store_code
        renderer = build_printing(settings, engine, clock, store).renderer
        printing = PrintService(
            engine, clock, renderer, connect=fake.connect, first_retry_s=0.02, max_retry_s=0.1
        )
        return build_services(settings, engine, clock, printing=printing)

    monkeypatch.setattr(pos_app.app, "build_services", services_with_fake)
    yield fake
    fake.gate.set()


@pytest.mark.parametrize(
    ("lang", "printer_text", "receipts_text"),
    [
        ("en", "Printer not answering", "Did 1 receipt(s) print? Check"),
        ("tr", "Yazıcı yanıt vermiyor", "1 fiş basıldı mı? Kontrol edin"),
    ],
)
def test_a_printer_silent_after_a_receipt_asks_whether_it_printed(
    qtbot: QtBot,
    make_app: AppFactory,
    till: Till,
    printer: FakePrinter,
    lang: str,
    printer_text: str,
    receipts_text: str,
) -> None:
    cashier = selling(qtbot, make_app, till, printer="dummy:", lang=lang)
    status = cashier.window.status
    printer.status_after_send = PrinterStatus.NOT_ANSWERING  # lost power during the receipt
    receipt_no = card_sale(qtbot, cashier)
    qtbot.waitUntil(lambda: status_of(till, receipt_no) == "uncertain")
    printer.status = PrinterStatus.NOT_ANSWERING  # and it stays silent
    qtbot.waitUntil(lambda: status.printer.text() == printer_text)
    qtbot.waitUntil(lambda: status.receipts.text() == receipts_text)
    assert status.receipts.isVisible()
    assert status.receipts.property("state") == "error"
    assert status.printer.property("state") == "warn"
    assert len(printer.received) == 1  # sent once, never again by itself
