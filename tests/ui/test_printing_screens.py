"""Printing through the real cashier screens: the on-screen receipt without a printer, the
receipt choice and the customer display's QR, and with a fault-injecting printer the status
bar, the receipts dialog (print again, it printed, do not print, X report) and the drawer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

import pos_app.app
from pos_app.app import build_printing, build_services
from pos_app.checkout.events import Stage
from pos_app.config import Settings
from pos_app.devices.link import PrinterStatus
from pos_app.services.bundle import Services
from pos_app.services.clock import Clock, SystemClock
from pos_app.services.printing import PrintService
from pos_app.services.terminal import require_terminal
from pos_app.ui.cashier.dialogs import CardDialog
from pos_app.ui.cashier.printing import PrinterMonitor, ReceiptsDialog
from pos_app.ui.main import CashierApp
from tests.fakes import SEED, FakePrinter
from tests.ui.conftest import AppFactory, Till, open_shift, sign_in

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MILK = str(SEED[0].barcode)
LEFT = Qt.MouseButton.LeftButton
D = TypeVar("D", bound=QDialog)


@pytest.fixture
def printer(make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePrinter]:
    """Apps built by ``make_app(printer="dummy:")`` print to this fake, with short retries.

    Set up after ``make_app`` so the gate is open again before the apps (and workers) close.
    """
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


# -- helpers -----------------------------------------------------------------------------------


def key(qtbot: QtBot, key_: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key_, modifier or Qt.KeyboardModifier.NoModifier)


def wait_stage(qtbot: QtBot, cashier: CashierApp, stage: Stage) -> None:
    qtbot.waitUntil(lambda: cashier.register.stage is stage)


def selling(qtbot: QtBot, make_app: AppFactory, till: Till, **options: Any) -> CashierApp:
    cashier = make_app(**options)
    sign_in(qtbot, cashier.window, till.cashier, "4826")
    wait_stage(qtbot, cashier, Stage.NEEDS_SHIFT)
    open_shift(qtbot, cashier.window, "500")
    wait_stage(qtbot, cashier, Stage.SELLING)
    return cashier


def to_payment(qtbot: QtBot, cashier: CashierApp) -> None:
    """A milk scanned on the sale screen, then F12 to the payment screen."""
    table = cashier.window.sale.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClicks(table, MILK)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cashier.window.sale.model.rowCount() == 1)
    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.PAYING)
    qtbot.waitUntil(cashier.window.payment.amount.hasFocus)


def finish(qtbot: QtBot, cashier: CashierApp) -> str:
    """F12 once paid; the receipt number of the sale."""
    qtbot.waitUntil(cashier.window.payment.finish_button.isEnabled)
    key(qtbot, Qt.Key.Key_F12)
    wait_stage(qtbot, cashier, Stage.DONE)
    qtbot.waitUntil(lambda: cashier.window.stack.currentWidget() is cashier.window.result)
    result = cashier.register.sale.last_result
    assert result is not None
    return result.sale.receipt_no


def cash_sale(qtbot: QtBot, cashier: CashierApp) -> str:
    """A milk paid in exact cash (Enter with nothing typed)."""
    to_payment(qtbot, cashier)
    key(qtbot, Qt.Key.Key_Return)
    return finish(qtbot, cashier)


def card_sale(qtbot: QtBot, cashier: CashierApp) -> str:
    """A milk paid by card (no drawer kick): F3, the approval code, Enter."""
    to_payment(qtbot, cashier)
    key(qtbot, Qt.Key.Key_F3)
    card = modal(qtbot, CardDialog)
    qtbot.waitUntil(card.code.hasFocus)
    qtbot.keyClicks(card.code, "AP1234")
    qtbot.keyClick(card.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window = cashier.window  # the offscreen platform activates no window when a dialog closes
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return finish(qtbot, cashier)


def next_sale(qtbot: QtBot, cashier: CashierApp) -> None:
    cashier.register.sale.next_sale()
    wait_stage(qtbot, cashier, Stage.SELLING)


def receipt_job(till: Till, receipt_no: str) -> dict[str, Any]:
    """The sale's own receipt job (not a reprint)."""
    jobs = [j for j in till.rows("print_job", receipt_no=receipt_no) if j["reprint_of"] is None]
    assert len(jobs) == 1, jobs
    return jobs[0]


def status_of(till: Till, receipt_no: str) -> str:
    return str(receipt_job(till, receipt_no)["status"])


def modal(qtbot: QtBot, kind: type[D]) -> D:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind) and dialog.isVisible()
    return dialog


def select_job(dialog: ReceiptsDialog, job_id: str) -> None:
    row = next(i for i, job in enumerate(dialog.jobs) if job.job_id == job_id)
    dialog.table.selectRow(row)
    selected = dialog.selected()
    assert selected is not None and selected.job_id == job_id


# -- 1. no printer: the receipt on screen ---------------------------------------------------


def test_without_a_printer_the_receipt_is_on_screen_and_f9_queues_a_copy(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    status = cashier.window.status
    assert status.printer.text() == "No printer: receipts are shown on screen"
    receipt_no = cash_sale(qtbot, cashier)
    result = cashier.window.result
    qtbot.waitUntil(result.receipt.isVisible)
    assert result.receipt.objectName() == "receipt_preview"
    text = result.receipt.toPlainText()
    assert receipt_no in text and "TOTAL" in text and "TL" in text and "₺" not in text
    assert result.drawer.isVisible()
    assert result.drawer.text() == "No printer configured, so no drawer to open: use the key."
    original = receipt_job(till, receipt_no)
    assert original["status"] == "preview" and original["data"] is None
    assert not status.receipts.isVisible()  # a preview is nothing to act on

    qtbot.waitUntil(result.next_button.hasFocus)
    assert result.copy_button.text() == "Print a copy (F9)"
    key(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: len(till.rows("print_job")) == 2)
    [copy] = till.rows("print_job", reprint_of=original["id"])
    assert copy["status"] == "preview" and copy["receipt_no"] == receipt_no
    assert json.loads(copy["document_json"])["copy"] is True
    assert not json.loads(original["document_json"])["copy"]
    assert result.copy_button.text() == "Copy queued (F9 for another)"
    assert till.rows("audit_entry", action="receipt.reprinted")
    assert status.printer.text() == "No printer: receipts are shown on screen"


# -- 2. the receipt choice and the customer display -----------------------------------------


def test_receipt_choice_skips_paper_and_shows_the_qr_only_when_asked(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till, customer_display=True)  # one screen: asked for
    display = cashier.display
    assert display is not None
    payment = cashier.window.payment
    choices = payment.receipt_buttons

    def checked() -> list[str]:
        return [choice for choice, button in choices.items() if button.isChecked()]

    def choose(choice: str) -> None:
        qtbot.mouseClick(choices[choice], LEFT)
        assert checked() == [choice] and cashier.register.sale.receipt_choice == choice
        payment.amount.setFocus()  # the click took the focus
        qtbot.waitUntil(payment.amount.hasFocus)

    to_payment(qtbot, cashier)
    assert checked() == ["both"] == [till.settings.receipt_default]
    choose("ereceipt")
    key(qtbot, Qt.Key.Key_Return)
    receipt_no = finish(qtbot, cashier)
    assert status_of(till, receipt_no) == "skipped"
    [sale] = till.rows("sale", receipt_no=receipt_no)
    base = till.settings.ereceipt_base_url.rstrip("/")
    assert sale["receipt_token"]
    qtbot.waitUntil(lambda: display.receipt_url == f"{base}/r/{sale['receipt_token']}")
    assert display.qr_area.isVisibleTo(display)

    next_sale(qtbot, cashier)
    assert display.receipt_url is None
    to_payment(qtbot, cashier)
    assert checked() == ["both"], "the choice is per sale: back to the store default"
    choose("paper")
    key(qtbot, Qt.Key.Key_Return)
    receipt_no = finish(qtbot, cashier)
    assert status_of(till, receipt_no) == "preview"  # not skipped: printed (here: on screen)
    assert cashier.register.payment.receipt_url() is None
    assert display.receipt_url is None and not display.qr_area.isVisibleTo(display)

    next_sale(qtbot, cashier)
    to_payment(qtbot, cashier)
    choose("paper")
    for expected in ("ereceipt", "both", "paper"):
        key(qtbot, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda e=expected: checked() == [e])  # type: ignore[misc]
        assert cashier.register.sale.receipt_choice == expected


# -- 3. with a printer: the status bar and the receipts dialog ------------------------------


def test_paper_out_holds_the_receipt_then_prints_it_once(
    qtbot: QtBot, make_app: AppFactory, till: Till, printer: FakePrinter
) -> None:
    cashier = selling(qtbot, make_app, till, printer="dummy:")
    status = cashier.window.status
    printer.status = PrinterStatus.PAPER_OUT
    receipt_no = cash_sale(qtbot, cashier)
    assert not cashier.window.result.receipt.isVisible()  # with a printer the paper is it
    qtbot.waitUntil(lambda: "out of paper" in status.printer.text())
    qtbot.waitUntil(status.receipts.isVisible)
    assert status.receipts.text() == "Receipts waiting: 1"
    qtbot.waitUntil(lambda: status_of(till, receipt_no) == "held")  # the printer is checked first
    assert printer.received == []

    printer.status = PrinterStatus.READY
    qtbot.waitUntil(lambda: not status.receipts.isVisible())
    qtbot.waitUntil(lambda: status_of(till, receipt_no) == "printed")
    qtbot.waitUntil(lambda: status.printer.text() == "Printer ready")
    qtbot.wait(200)  # nothing more arrives
    assert printer.received == [receipt_job(till, receipt_no)["data"]]


@pytest.mark.parametrize("answer", ["again", "printed"])
def test_an_uncertain_receipt_is_settled_in_the_receipts_dialog(
    qtbot: QtBot, make_app: AppFactory, till: Till, printer: FakePrinter, answer: str
) -> None:
    cashier = selling(qtbot, make_app, till, printer="dummy:")
    status = cashier.window.status
    printer.break_next_send = True
    receipt_no = card_sale(qtbot, cashier)
    qtbot.waitUntil(lambda: status_of(till, receipt_no) == "uncertain")
    qtbot.waitUntil(lambda: status.receipts.text() == "Did 1 receipt(s) print? Check")
    assert status.receipts.isVisible() and printer.received == []

    qtbot.mouseClick(status.receipts, LEFT)
    dialog = modal(qtbot, ReceiptsDialog)
    job = receipt_job(till, receipt_no)
    select_job(dialog, str(job["id"]))
    assert dialog.printed_button.isEnabled() and dialog.again_button.isEnabled()
    if answer == "again":
        qtbot.mouseClick(dialog.again_button, LEFT)
        qtbot.waitUntil(lambda: status_of(till, receipt_no) == "printed")
        assert printer.received == [job["data"]]
    else:
        qtbot.mouseClick(dialog.printed_button, LEFT)
        assert status_of(till, receipt_no) == "printed"
        qtbot.wait(200)
        assert printer.received == []  # not sent again
    qtbot.waitUntil(lambda: not status.receipts.isVisible())
    qtbot.waitUntil(lambda: not dialog.again_button.isEnabled())  # the dialog reloaded
    dialog.reject()


def test_a_cancelled_held_receipt_never_prints_and_the_x_report_does(
    qtbot: QtBot, make_app: AppFactory, till: Till, printer: FakePrinter
) -> None:
    cashier = selling(qtbot, make_app, till, printer="dummy:")
    printer.status = PrinterStatus.PAPER_OUT
    receipt_no = card_sale(qtbot, cashier)
    qtbot.waitUntil(lambda: status_of(till, receipt_no) == "held")

    key(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, ReceiptsDialog)
    assert "out of paper" in dialog.state_label.text()
    select_job(dialog, str(receipt_job(till, receipt_no)["id"]))
    assert dialog.cancel_job_button.isEnabled() and not dialog.again_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_job_button, LEFT)
    assert status_of(till, receipt_no) == "cancelled"
    qtbot.waitUntil(lambda: not cashier.window.status.receipts.isVisible())

    assert dialog.x_report_button.isEnabled()
    qtbot.mouseClick(dialog.x_report_button, LEFT)
    [x_report] = till.rows("print_job", kind="x_report")
    qtbot.waitUntil(lambda: len(dialog.jobs) == 2)

    printer.status = PrinterStatus.READY
    qtbot.waitUntil(lambda: till.rows("print_job", id=x_report["id"])[0]["status"] == "printed")
    qtbot.wait(200)
    assert status_of(till, receipt_no) == "cancelled"
    assert printer.received == [till.rows("print_job", id=x_report["id"])[0]["data"]]
    dialog.reject()


# -- 4. the drawer on the printer -------------------------------------------------------------


def test_the_drawer_text_follows_the_kick(
    qtbot: QtBot, make_app: AppFactory, till: Till, printer: FakePrinter
) -> None:
    cashier = selling(qtbot, make_app, till, printer="dummy:")
    drawer = cashier.window.result.drawer
    printer.gate.clear()  # the worker waits in connect: the kick is not sent yet
    receipt_no = cash_sale(qtbot, cashier)
    qtbot.waitUntil(drawer.isVisible)
    assert drawer.text() == "Opening the drawer…"
    printer.gate.set()
    qtbot.waitUntil(lambda: drawer.text() == "The drawer is open.")
    qtbot.waitUntil(lambda: status_of(till, receipt_no) == "printed")
    kick, receipt = printer.received
    assert b"\x1bp" in kick and b"\x1bp" not in receipt

    next_sale(qtbot, cashier)
    printer.status = PrinterStatus.COVER_OPEN
    cash_sale(qtbot, cashier)
    qtbot.waitUntil(lambda: drawer.text().startswith("The drawer did not open"))
    assert drawer.text().endswith("use the key.")
    qtbot.waitUntil(lambda: "cover open" in cashier.window.status.printer.text())
    assert len(printer.received) == 2  # no kick later on


# -- 5. Turkish ---------------------------------------------------------------------------------


def test_receipt_and_receipts_dialog_in_turkish(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till, lang="tr")
    receipt_no = cash_sale(qtbot, cashier)
    result = cashier.window.result
    qtbot.waitUntil(result.receipt.isVisible)
    text = result.receipt.toPlainText()
    assert receipt_no in text and "TOPLAM" in text and "TL" in text and "₺" not in text
    assert cashier.window.status.printer.text() == "Yazıcı yok: fişler ekranda gösterilir"

    key(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, ReceiptsDialog)
    assert dialog.title.text() == "Fişler ve yazıcı"
    assert dialog.state_label.text() == "Yazıcı yok: fişler ekranda gösterilir"
    assert dialog.printed_button.text() == "Basıldı"
    assert dialog.again_button.text() == "Yeniden bas"
    assert dialog.cancel_job_button.text() == "Basma"
    assert dialog.x_report_button.text() == "X raporu"
    assert dialog.cancel_button.text() == "Kapat (Esc)"
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.COLUMNS)]
    assert headers[0] == "Saat" and headers[3] == "Durum"
    select_job(dialog, str(receipt_job(till, receipt_no)["id"]))
    row = dialog.table.currentRow()
    assert dialog.table.item(row, 2).text() == "Fiş"
    assert dialog.table.item(row, 3).text() == "Ekranda (yazıcı yok)"
    dialog.reject()


def test_the_failed_drawer_message_names_the_fault_in_turkish(
    qtbot: QtBot, make_app: AppFactory, till: Till, printer: FakePrinter
) -> None:
    cashier = selling(qtbot, make_app, till, lang="tr", printer="dummy:")
    printer.status = PrinterStatus.COVER_OPEN
    cash_sale(qtbot, cashier)
    drawer = cashier.window.result.drawer
    qtbot.waitUntil(lambda: drawer.text().startswith("Çekmece açılmadı"))
    assert "cover_open" not in drawer.text(), drawer.text()
    assert "Yazıcı kapağı açık" in drawer.text()


def test_a_burst_of_worker_reports_refreshes_the_screens_a_few_times_not_each(
    qtbot: QtBot, make_app: AppFactory
) -> None:
    """After an outage the worker prints hundreds of held receipts in a row; a status-bar
    refresh per step froze the till for seconds (found by `pos bench`)."""
    cashier = make_app()
    monitor = PrinterMonitor(cashier.services.printing, interval_ms=50)
    emitted: list[int] = []
    monitor.changed.connect(lambda: emitted.append(1))

    def burst() -> None:
        for _ in range(2000):
            cashier.services.printing._changed()

    worker = threading.Thread(target=burst)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(emitted) >= 1)
    qtbot.wait(200)
    monitor.detach()
    assert 1 <= len(emitted) <= 3
