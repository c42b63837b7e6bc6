"""The status bar: who, which shift, network and sync, printer, receipts waiting. Each shows
real state; what is not set up says so."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget
from sqlalchemy import func, select

from pos_app.services.register import Register
from pos_app.storage.tables import table
from pos_app.ui.cashier.printing import PrinterMonitor, printer_state_text
from pos_app.ui.i18n import format_datetime, format_time
from pos_app.ui.widgets import named


class StatusPanel(QStatusBar):
    receipts_requested = Signal()

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setObjectName("status_bar")
        self.setSizeGripEnabled(False)
        self.user = named(QLabel(), "status_user")
        self.shift = named(QLabel(), "status_shift")
        self.network = named(QLabel(), "status_network")
        self.printer = named(QLabel(), "status_printer")
        self.receipts = named(QPushButton(), "status_receipts")
        self.receipts.setFlat(True)
        self.receipts.setProperty("kind", "status")
        self.receipts.clicked.connect(self.receipts_requested.emit)
        for label in (self.user, self.shift, self.network, self.printer, self.receipts):
            label.setMinimumWidth(40)  # shrink (clipped) rather than widen the window
            self.addWidget(label)
        self.monitor = PrinterMonitor(register, self)
        self.monitor.changed.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(5000)
        self.refresh()

    def _state(self, label: QWidget, state: str) -> None:
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)

    def pending_facts(self) -> int:
        """Facts waiting to sync."""
        outbox = table("outbox")
        with self.register.services.engine.connect() as conn:
            facts = conn.execute(
                select(func.count()).select_from(outbox).where(outbox.c.acked_at.is_(None))
            ).scalar_one()
        return int(facts)

    def refresh(self) -> None:
        register = self.register
        language = register.language
        user = register.user
        self.user.setText(user.name if user else self.tr("Signed out"))
        shift = register.shift
        if shift is None:
            self.shift.setText(self.tr("No shift open"))
            self._state(self.shift, "warn")
        else:
            opened = QDateTime.fromSecsSinceEpoch(int(shift.opened_at.timestamp()))
            self.shift.setText(
                self.tr("Shift since {time}").format(time=format_time(opened, language))
            )
            self.shift.setToolTip(format_datetime(opened, language))
            self._state(self.shift, "ok")
        facts = self.pending_facts()
        settings = register.services.settings
        # Sync arrives with the backend; until then the terminal is honestly offline.
        if settings.backend_url:
            self.network.setText(self.tr("Offline · {count} to sync").format(count=facts))
        else:
            self.network.setText(
                self.tr("Offline, no backend · {count} to sync").format(count=facts)
            )
        self._state(self.network, "warn")
        printing = register.services.printing
        self.printer.setText(printer_state_text(register))
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
