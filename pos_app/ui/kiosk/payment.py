"""Paying by card: the terminal is asked in a worker thread (it takes tens of seconds), its
progress reaches the screen through queued signals, and the outcome ends the payment."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pos_app.errors import UserError
from pos_app.ui.kiosk.ports import Payment
from pos_app.ui.kiosk.texts import progress_text
from pos_app.ui.kiosk.welcome import KioskScreen
from pos_app.ui.kiosk.widgets import kbutton, klabel, set_text

log = logging.getLogger(__name__)

_CENTER = Qt.AlignmentFlag.AlignCenter


class _Relay(QObject):
    """Lives in the UI thread: signals emitted from the worker arrive queued, in order."""

    progress = Signal(str)
    finished = Signal(object)  # the CardOutcome
    failed = Signal(object)  # the exception


class _PayTask(QRunnable):
    def __init__(self, payment: Payment, relay: _Relay) -> None:
        super().__init__()
        self.payment = payment
        self.relay = relay

    def run(self) -> None:
        try:
            outcome = self.payment.pay_by_card(on_progress=self.relay.progress.emit)
        except Exception as error:  # every failure must end the payment screen
            if not isinstance(error, UserError):
                log.exception("The card payment failed")
            self.relay.failed.emit(error)
            return
        self.relay.finished.emit(outcome)


class CardPayer(QObject):
    """Runs one card payment at a time off the UI thread (``pay``)."""

    progress = Signal(str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, payment: Payment, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.payment = payment
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay(self)
        self.relay.progress.connect(self.progress)
        self.relay.finished.connect(self._finished)
        self.relay.failed.connect(self._failed)
        self.busy = False

    def pay(self) -> bool:
        """Start a payment; False while one is still running."""
        if self.busy:
            return False
        self.busy = True
        self.pool.start(_PayTask(self.payment, self.relay))
        return True

    def _finished(self, outcome: object) -> None:
        self.busy = False
        self.finished.emit(outcome)

    def _failed(self, error: object) -> None:
        self.busy = False
        self.failed.emit(error)

    def wait(self, timeout_ms: int = 5000) -> bool:
        """At shut-down: let a running payment end (the terminal's answer is recorded)."""
        return self.pool.waitForDone(timeout_ms)


class KioskPaying(KioskScreen):
    """ "Follow the instructions on the card terminal" and what it asks now; when the
    terminal's answer got lost, "being checked" with help and a retry (the core asks the
    terminal again and never charges twice)."""

    retry_clicked = Signal()
    help_clicked = Signal()

    PROGRESS, CHECKING = "progress", "checking"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_paying")
        self.state = self.PROGRESS
        self.code = "present_card"
        self.detail_text = ""
        self.title = klabel("kiosk_paying_title", "hero", align=_CENTER)
        self.step = klabel("kiosk_paying_step", "title", align=_CENTER)
        self.detail = klabel("kiosk_paying_detail", "muted", align=_CENTER)
        self.help = kbutton("kiosk_paying_help", "help", on_click=self.help_clicked.emit)
        self.help.setMinimumHeight(96)
        self.retry = kbutton("kiosk_paying_retry", "primary", on_click=self.retry_clicked.emit)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.help)
        buttons.addWidget(self.retry)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 32, 64, 48)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.step)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.show_progress("present_card")

    def retranslate(self) -> None:
        set_text(self.help, self.tr("Call for help"))
        set_text(self.retry, self.tr("Check again"), self.tr("Check the card payment again"))
        if self.state == self.PROGRESS:
            set_text(self.title, self.tr("Follow the instructions on the card terminal"))
            set_text(self.step, progress_text(self.code))
        else:
            set_text(self.title, self.tr("Your payment is being checked"))
            set_text(
                self.step,
                self.tr("Please wait here. An attendant will help you finish."),
            )
        set_text(self.detail, self.detail_text)
        self.detail.setVisible(bool(self.detail_text))

    def _show(self, state: str, detail: str = "") -> None:
        self.state = state
        self.detail_text = detail
        self.help.setVisible(state == self.CHECKING)
        self.retry.setVisible(state == self.CHECKING)
        self.retranslate()

    def show_progress(self, code: str) -> None:
        self.code = code
        self._show(self.PROGRESS)

    def show_checking(self, detail: str = "") -> None:
        self._show(self.CHECKING, detail)
