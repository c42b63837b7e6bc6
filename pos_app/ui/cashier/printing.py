"""The printer in the cashier app: its state for the status bar, the receipts dialog
(reprint, cancel, "did it print?", preview, X report) and the on-screen receipt preview."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.devices.drawer import DrawerOutcome, DrawerState
from pos_app.devices.link import PrinterStatus
from pos_app.errors import UserError
from pos_app.services.printing import JobSummary, PrintService
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.i18n import format_store_time
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import button, named, set_label


class PrinterMonitor(QObject):
    """Re-emits print queue changes on the GUI thread, at most every ``interval_ms``.

    The worker reports every step of every job from its own thread; after an outage it may
    print hundreds of held receipts in a row, and a screen refresh per step would freeze the
    till. So notifications are coalesced: one queued poke at a time, then one ``changed``.
    """

    changed = Signal()
    _poke = Signal()

    def __init__(
        self, printing: PrintService, parent: QObject | None = None, interval_ms: int = 150
    ) -> None:
        super().__init__(parent)
        self.printing = printing
        self._pending = threading.Event()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._emit)
        self._poke.connect(self._timer.start)  # queued: it runs on the GUI thread
        self.printing.subscribe(self._from_any_thread)

    def _from_any_thread(self) -> None:
        if not self._pending.is_set():
            self._pending.set()
            self._poke.emit()

    def _emit(self) -> None:
        self._pending.clear()
        self.changed.emit()

    def detach(self) -> None:
        self.printing.unsubscribe(self._from_any_thread)


def receipt_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setFamily("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(11)
    return font


class ReceiptView(QPlainTextEdit):
    """A receipt as it prints, in a fixed-width font (used when no printer is configured)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receipt_preview")
        self.setReadOnly(True)
        self.setFont(receipt_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setProperty("kind", "receipt")

    def show_receipt(self, text: str, columns: int) -> None:
        self.setPlainText(text)
        self.ensurePolished()  # measure in the style sheet's font, which is the one shown
        width = self.fontMetrics().horizontalAdvance("M" * (columns + 2))
        # Every column in view: a receipt line is never cut off on screen either.
        self.setMinimumWidth(width + self.verticalScrollBar().sizeHint().width() + 24)


class ReceiptsDialog(PosDialog):
    """Recent print jobs, with what a cashier can do about each."""

    COLUMNS = 4

    def __init__(
        self, register: Register, parent: QWidget | None, *, printing: PrintService, zone: str
    ) -> None:
        """``zone``: the store's time zone, as on the receipts."""
        super().__init__(register, "receipts", parent)
        self.printing = printing
        self.zone = zone
        self.setMinimumSize(900, 600)
        self.state_label = named(QLabel(), "receipts_printer_state")
        self.state_label.setWordWrap(True)
        self.body.addWidget(self.state_label)
        row = QHBoxLayout()
        self.table = named(QTableWidget(0, self.COLUMNS), "receipts_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        row.addWidget(self.table, 3)
        self.preview = ReceiptView()
        row.addWidget(self.preview, 2)
        self.body.addLayout(row, 1)
        actions = QGridLayout()
        self.reprint_button = button("receipts_reprint", on_click=self.reprint)
        self.cancel_job_button = button("receipts_cancel_job", kind="danger", on_click=self.cancel)
        self.printed_button = button("receipts_printed", on_click=self.printed)
        self.again_button = button("receipts_again", on_click=self.again)
        self.retry_button = button("receipts_retry", on_click=self.retry)
        self.x_report_button = button("receipts_x_report", on_click=self.x_report)
        for index, action in enumerate(
            (
                self.printed_button,
                self.again_button,
                self.cancel_job_button,
                self.reprint_button,
                self.retry_button,
                self.x_report_button,
            )
        ):
            actions.addWidget(action, index // 3, index % 3)
        self.body.addLayout(actions)
        self.ok_button.hide()  # nothing to confirm: every action acts at once
        self.jobs: list[JobSummary] = []
        self.monitor = PrinterMonitor(printing, self)
        self.monitor.changed.connect(self.reload)
        self.finished.connect(lambda _result: self.monitor.detach())
        self.finish_setup()
        self.reload()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Receipts and printer"))
        set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close"))
        set_label(self.reprint_button, self.tr("Print a copy"), self.tr("Print a copy"))
        set_label(self.cancel_job_button, self.tr("Do not print"), self.tr("Do not print"))
        set_label(self.printed_button, self.tr("It printed"), self.tr("It printed"))
        set_label(self.again_button, self.tr("Print it again"), self.tr("Print it again"))
        set_label(self.retry_button, self.tr("Try the printer now"), self.tr("Try now"))
        set_label(self.x_report_button, self.tr("X report"), self.tr("Print the X report"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Receipt"), self.tr("What"), self.tr("State")]
        )
        self.table.setAccessibleName(self.tr("Print jobs"))
        self.preview.setAccessibleName(self.tr("Receipt preview"))
        if hasattr(self, "jobs"):
            self.reload()

    # -- texts -----------------------------------------------------------------------------

    def kind_text(self, kind: str) -> str:
        return {
            "receipt": self.tr("Receipt"),
            "refund": self.tr("Refund slip"),
            "exchange": self.tr("Exchange slip"),
            "x_report": self.tr("X report"),
            "z_report": self.tr("Z report"),
            "test": self.tr("Test page"),
        }.get(kind, kind)

    def status_text(self, job: JobSummary) -> str:
        text = {
            "pending": self.tr("Waiting to print"),
            "held": self.tr("Held: printer not ready"),
            "sending": self.tr("Printing"),
            "printed": self.tr("Printed"),
            "uncertain": self.tr("Did it print? Check the paper"),
            "cancelled": self.tr("Not printed (cancelled)"),
            "skipped": self.tr("E-receipt only"),
            "preview": self.tr("On screen (no printer)"),
        }.get(job.status, job.status)
        if job.reprint_of:
            text = self.tr("{state} (copy)").format(state=text)
        return text

    # -- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected()
        self.jobs = self.printing.recent(100)
        self.table.setRowCount(len(self.jobs))
        language = self.register.language
        zone = self.zone
        select_row = 0
        for row, job in enumerate(self.jobs):
            cells = (
                format_store_time(job.created_at, language, zone),
                job.receipt_no or "",
                self.kind_text(job.kind),
                self.status_text(job),
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if job.status in ("uncertain", "held"):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
            if selected is not None and job.job_id == selected.job_id:
                select_row = row
        self.state_label.setText(printer_state_text(self.printing, self.register.language))
        if self.jobs:
            self.table.selectRow(select_row)
        self._selection_changed()

    def selected(self) -> JobSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or not hasattr(self, "jobs") or rows[0].row() >= len(self.jobs):
            return None
        return self.jobs[rows[0].row()]

    def _selection_changed(self) -> None:
        job = self.selected()
        status = job.status if job else ""
        self.reprint_button.setEnabled(job is not None)
        self.cancel_job_button.setEnabled(status in ("pending", "held", "uncertain"))
        self.printed_button.setEnabled(status == "uncertain")
        self.again_button.setEnabled(status == "uncertain")
        self.retry_button.setEnabled(self.printing.has_printer)
        self.x_report_button.setEnabled(self.register.staff.shift is not None)
        if job is None:
            self.preview.clear()
            return
        try:
            text = self.printing.preview(job.job_id)
        except Exception as error:  # an old or foreign document: say so, do not crash
            text = str(error)
        self.preview.show_receipt(text, self.printing.renderer.columns)

    # -- actions ---------------------------------------------------------------------------

    def _act(self, action: str) -> None:
        job = self.selected()
        if job is None:
            return
        try:
            if action == "reprint":
                user = self.register.staff.user
                self.printing.reprint(job.job_id, user.user_id if user else None)
            elif action == "cancel":
                self.printing.cancel(job.job_id)
            elif action == "printed":
                self.printing.confirm_printed(job.job_id)
            elif action == "again":
                self.printing.print_again(job.job_id)
        except UserError as error:
            self.show_user_error(error)
            return
        self.error.hide()
        self.reload()

    def reprint(self) -> None:
        self._act("reprint")

    def cancel(self) -> None:
        self._act("cancel")

    def printed(self) -> None:
        self._act("printed")

    def again(self) -> None:
        self._act("again")

    def retry(self) -> None:
        self.printing.retry_now()

    def x_report(self) -> None:
        try:
            self.register.staff.print_x_report()
        except UserError as error:
            self.show_user_error(error)
            return
        self.reload()


def status_words(status: PrinterStatus) -> str:
    """The printer's state in the cashier's language."""
    texts = {
        PrinterStatus.READY: QCoreApplication.translate("Printer", "Printer ready"),
        PrinterStatus.UNKNOWN: QCoreApplication.translate(
            "Printer", "Printer connected (it cannot report paper)"
        ),
        PrinterStatus.OFFLINE: QCoreApplication.translate("Printer", "Printer offline"),
        PrinterStatus.PAPER_OUT: QCoreApplication.translate("Printer", "Printer out of paper"),
        PrinterStatus.COVER_OPEN: QCoreApplication.translate("Printer", "Printer cover open"),
        PrinterStatus.UNREACHABLE: QCoreApplication.translate("Printer", "Printer not reachable"),
        PrinterStatus.NOT_ANSWERING: QCoreApplication.translate("Printer", "Printer not answering"),
    }
    return texts[status]


def printer_state_text(printing: PrintService, language: str) -> str:
    """One line about the printer, for the status bar and the receipts dialog."""
    if printing.config_error is not None:
        return QCoreApplication.translate(
            "Printer", "Printer setting is wrong: {problem} Receipts wait until it is fixed."
        ).format(problem=error_text(printing.config_error, language))
    setup = printing.renderer.setup
    if setup is None:
        return QCoreApplication.translate("Printer", "No printer: receipts are shown on screen")
    state = printing.state
    if state is None or state.status is None:
        return QCoreApplication.translate("Printer", "Printer: checking…")
    text = status_words(state.status)
    if state.status.blocks_printing and state.retry_in_s is not None:
        text = QCoreApplication.translate(
            "Printer", "{state}: receipts are held and print when it is back"
        ).format(state=text)
    return text


def _failure_words(detail: str) -> str:
    """A drawer failure's cause in words: the printer's state, or that the link broke."""
    try:
        return status_words(PrinterStatus(detail))
    except ValueError:
        return QCoreApplication.translate("Printer", "the connection to the printer broke")


def drawer_text(outcome: DrawerOutcome) -> str:
    return {
        DrawerState.REQUESTED: QCoreApplication.translate("Printer", "Opening the drawer…"),
        DrawerState.OPENED: QCoreApplication.translate("Printer", "The drawer is open."),
        DrawerState.NOT_CONFIGURED: QCoreApplication.translate(
            "Printer", "No printer configured, so no drawer to open: use the key."
        ),
        DrawerState.FAILED: QCoreApplication.translate(
            "Printer", "The drawer did not open ({detail}): use the key."
        ).format(detail=_failure_words(outcome.detail)),
    }[outcome.state]
