"""The status bar: who, which shift, sync with the backend, printer, receipts waiting. Each shows
real state; what is not set up says so."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from pos_app.checkout.register import Register
from pos_app.services.clock import Clock
from pos_app.services.printing import PrintService
from pos_app.services.sync_status import SyncControl, SyncStatus
from pos_app.ui.cashier.printing import PrinterMonitor, printer_state_text
from pos_app.ui.cashier.sync import (
    SyncMonitor,
    sync_state,
    sync_state_text,
    sync_tooltip,
)
from pos_app.ui.i18n import format_store_datetime, format_store_time
from pos_app.ui.widgets import FittedLabel, named

# The sync button's colours (the application style sheet has warn and error for status
# buttons; sync also needs green and grey).
SYNC_STYLE = """
QPushButton[state="ok"] { color: #6ee7b7; }
QPushButton[state="off"] { color: #d1d5db; }
"""


SYNC_MAX_WIDTH = 520


class StatusPanel(QStatusBar):
    receipts_requested = Signal()
    sync_requested = Signal()

    def __init__(
        self,
        register: Register,
        printing: PrintService,
        clock: Clock,
        *,
        zone: str,
        sync: SyncControl | None,
        parent: QWidget | None = None,
    ) -> None:
        """``zone``: the store's time zone (the receipts', not the machine's); ``sync``: the
        terminal's sync worker, None when it works alone."""
        super().__init__(parent)
        self.register = register
        self.printing = printing
        self.clock = clock
        self.zone = zone
        self.setObjectName("status_bar")
        self.setSizeGripEnabled(False)
        self.user = named(QLabel(), "status_user")
        self.shift = named(QLabel(), "status_shift")
        self.network = named(QLabel(), "status_network")  # stand-alone: no sync
        self.sync = named(QPushButton(), "status_sync")
        self.sync.setFlat(True)
        self.sync.setProperty("kind", "status")
        self.sync.setStyleSheet(SYNC_STYLE)
        self.sync.clicked.connect(self.sync_requested.emit)
        self.printer = named(FittedLabel(), "status_printer")
        self.receipts = named(QPushButton(), "status_receipts")
        self.receipts.setFlat(True)
        self.receipts.setProperty("kind", "status")
        self.receipts.clicked.connect(self.receipts_requested.emit)
        for label in self._labels():
            label.setMinimumWidth(40)  # shrink (clipped) rather than widen the window
            self.addWidget(label, 1 if label is self.printer else 0)
        # The printer's sentence is the longest: it takes what is left and is cut at a word
        # with "…" (its tooltip has it whole), so the name, shift and sync state stay readable.
        self.monitor = PrinterMonitor(printing, self)
        self.monitor.changed.connect(self.refresh)
        self.sync_monitor: SyncMonitor | None = None
        if sync is not None:
            self.attach_sync(sync)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(5000)
        self.refresh()

    def _labels(self) -> tuple[QWidget, ...]:
        return (self.user, self.shift, self.network, self.sync, self.printer, self.receipts)

    def _state(self, label: QWidget, state: str) -> None:
        if label.property("state") == state:
            return
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)

    def attach_sync(self, control: SyncControl) -> None:
        """Follow this sync worker (built with the services; screenshots attach a stand-in)."""
        if self.sync_monitor is not None:
            self.sync_monitor.detach()
            self.sync_monitor.deleteLater()
        self.sync_monitor = SyncMonitor(control, self)
        self.sync_monitor.changed.connect(self._sync_changed)
        self.refresh_sync()

    def _sync_changed(self, _status: SyncStatus) -> None:
        self.refresh_sync()

    def refresh_sync(self) -> None:
        """The sync button (enrolled) or "Stand-alone" (no backend: nothing to sync)."""
        monitor = self.sync_monitor
        enrolled = monitor is not None and monitor.status.enrolled
        self.sync.setVisible(enrolled)
        self.network.setVisible(not enrolled)
        if monitor is None or not enrolled:
            self.network.setText(sync_state_text(None, self.clock.now()))
            self.network.setToolTip(sync_tooltip(None, self.clock.now()))
            self._state(self.network, "")
            return
        status = monitor.status
        language = self.register.language
        now = self.clock.now()
        zone = self.zone
        self.sync.setText(sync_state_text(status, now, language=language, compact=True, zone=zone))
        self.sync.setToolTip(sync_tooltip(status, now, language, zone))
        self._state(self.sync, sync_state(status))  # before measuring: the state sets the font
        # The sync state keeps its whole text (a centred button text would lose both ends);
        # the labels around it give way instead.
        self.sync.ensurePolished()
        self.sync.setMinimumWidth(min(self.sync.sizeHint().width(), SYNC_MAX_WIDTH))
        self.sync.setAccessibleName(
            self.tr("Sync: {state}").format(
                state=sync_state_text(status, now, language=language, zone=zone)
            )
        )

    def refresh(self) -> None:
        register = self.register
        language = register.language
        user = register.staff.user
        self.user.setText(user.name if user else self.tr("Signed out"))
        shift = register.staff.shift
        if shift is None:
            self.shift.setText(self.tr("No shift open"))
            self._state(self.shift, "warn")
        else:
            zone = self.zone
            self.shift.setText(
                self.tr("Shift since {time}").format(
                    time=format_store_time(shift.opened_at, language, zone)
                )
            )
            self.shift.setToolTip(format_store_datetime(shift.opened_at, language, zone))
            self._state(self.shift, "ok")
        self.refresh_sync()
        printing = self.printing
        self.printer.set_full_text(printer_state_text(printing, language))
        state = printing.state
        ready = state is not None and state.status is not None and not state.status.blocks_printing
        self._state(self.printer, "ok" if ready else "warn")
        counts = printing.counts()
        if counts.uncertain:
            self.receipts.setText(
                self.tr("Did {count} receipt(s) print? Check").format(count=counts.uncertain)
            )
            self._state(self.receipts, "error")
        else:
            self.receipts.setText(self.tr("Receipts waiting: {count}").format(count=counts.waiting))
            self._state(self.receipts, "warn")
        # Shown when there is something to act on; the header's Receipts button is always there.
        self.receipts.setVisible(bool(counts.uncertain or counts.waiting))
        for label in (self.user, self.shift, self.network, self.printer, self.receipts):
            label.setAccessibleName(label.text())

    def detach(self) -> None:
        """Stop listening to the workers (the window is closing)."""
        self.monitor.detach()
        if self.sync_monitor is not None:
            self.sync_monitor.detach()
