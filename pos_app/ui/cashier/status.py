"""The status bar: who, which shift, network and sync, printer, receipts waiting. Each shows
real state; what is not set up says so."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget
from sqlalchemy import func, select

from pos_app.services.register import Register
from pos_app.storage.tables import table
from pos_app.ui.i18n import format_datetime, format_time
from pos_app.ui.widgets import named


class StatusPanel(QStatusBar):
    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setObjectName("status_bar")
        self.setSizeGripEnabled(False)
        self.user = named(QLabel(), "status_user")
        self.shift = named(QLabel(), "status_shift")
        self.network = named(QLabel(), "status_network")
        self.printer = named(QLabel(), "status_printer")
        self.receipts = named(QLabel(), "status_receipts")
        for label in (self.user, self.shift, self.network, self.printer, self.receipts):
            label.setMinimumWidth(40)  # shrink (clipped) rather than widen the window
            self.addWidget(label)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(5000)
        self.refresh()

    def _state(self, label: QLabel, state: str) -> None:
        label.setProperty("state", state)
        label.style().unpolish(label)
        label.style().polish(label)

    def pending_counts(self) -> tuple[int, int]:
        """(receipts waiting to print, facts waiting to sync)."""
        job, outbox = table("print_job"), table("outbox")
        with self.register.services.engine.connect() as conn:
            receipts = conn.execute(
                select(func.count()).select_from(job).where(job.c.status == "pending")
            ).scalar_one()
            facts = conn.execute(
                select(func.count()).select_from(outbox).where(outbox.c.acked_at.is_(None))
            ).scalar_one()
        return int(receipts), int(facts)

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
        receipts, facts = self.pending_counts()
        settings = register.services.settings
        # Sync arrives with the backend; until then the terminal is honestly offline.
        if settings.backend_url:
            self.network.setText(self.tr("Offline · {count} to sync").format(count=facts))
        else:
            self.network.setText(
                self.tr("Offline, no backend · {count} to sync").format(count=facts)
            )
        self._state(self.network, "warn")
        if settings.printer:
            self.printer.setText(
                self.tr("Printer {uri} not connected").format(uri=settings.printer)
            )
        else:
            self.printer.setText(self.tr("No printer"))
        self._state(self.printer, "warn")
        self.receipts.setText(self.tr("Receipts: {count}").format(count=receipts))
        self._state(self.receipts, "warn" if receipts else "ok")
        for label in (self.user, self.shift, self.network, self.printer, self.receipts):
            label.setAccessibleName(label.text())
