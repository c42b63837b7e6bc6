"""Enrolling the till with the online backend: the server address and a one-time code from
the back office; the request runs off the GUI thread while the dialog shows that it waits.

``run_enrol_dialog`` is the first-run step the app calls when the terminal has no identity yet
and no backend is configured.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, QRunnable, QSysInfo, Qt, QThreadPool, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from pos_app.errors import UserError
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import button, named, set_label

log = logging.getLogger(__name__)

# enroll(engine, server_url, code, *, device_name="") -> sync.protocol.EnrollResponse
EnrolFunction = Callable[..., Any]

_SEPARATORS = re.compile(r"[\s\-_–—]+")


def normalise_code(text: str) -> str:
    """An enrolment code as typed (``abcd efgh``, ``ABCD-EFGH``) in its canonical form."""
    return _SEPARATORS.sub("", text).upper()


def _language() -> str:
    return "tr" if QLocale().language() == QLocale.Language.Turkish else "en"


def _default_enroll(*args: Any, **kwargs: Any) -> Any:
    from pos_app.services.enrolment import enroll  # the service module is imported on use

    return enroll(*args, **kwargs)


class _JobSignals(QObject):
    done = Signal(object)  # EnrollResponse
    failed = Signal(object)  # UserError
    crashed = Signal(str)


class _EnrolJob(QRunnable):
    """One enrolment request on a pool thread; it reports through queued signals."""

    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__()
        self.call = call
        self.signals = _JobSignals()  # created on the GUI thread, so slots run there

    def run(self) -> None:
        try:
            response = self.call()
        except UserError as error:
            self.signals.failed.emit(error)
        except Exception as error:  # a bug: logged with its trace, shown, the dialog stays
            log.exception("Enrolment failed")
            self.signals.crashed.emit(str(error) or type(error).__name__)
        else:
            self.signals.done.emit(response)


class EnrolDialog(QDialog):
    """Server address, one-time code, Enrol; on success the store, till and receipt prefix."""

    def __init__(
        self,
        engine: Engine,
        parent: QWidget | None = None,
        *,
        enroll_fn: EnrolFunction | None = None,
        server_url: str = "",
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.enroll_fn = enroll_fn or _default_enroll
        self.pool = pool or QThreadPool.globalInstance()
        self.response: Any = None
        self.busy = False
        self._job: _EnrolJob | None = None
        self.setObjectName("enrol_dialog")
        self.setMinimumWidth(640)
        self.column = column = QVBoxLayout(self)
        column.setSpacing(12)
        self.title = QLabel()
        self.title.setProperty("kind", "title")
        self.title.setWordWrap(True)
        column.addWidget(self.title)
        self.intro = QLabel()
        self.intro.setProperty("kind", "muted")
        self.intro.setWordWrap(True)
        column.addWidget(self.intro)

        form = QGridLayout()
        form.setHorizontalSpacing(16)
        form.setColumnStretch(1, 1)
        self.url_caption = QLabel()
        self.code_caption = QLabel()
        self.url = named(QLineEdit(server_url), "enrol_url")
        self.url.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        self.url.returnPressed.connect(self._url_entered)
        self.code = named(QLineEdit(), "enrol_code")
        self.code.setProperty("kind", "amount")
        self.code.setMaxLength(32)
        self.code.setInputMethodHints(
            Qt.InputMethodHint.ImhUppercaseOnly | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.code.textEdited.connect(self._code_edited)
        self.code.returnPressed.connect(self.submit)
        self.url_caption.setBuddy(self.url)
        self.code_caption.setBuddy(self.code)
        for row, (caption, field) in enumerate(
            ((self.url_caption, self.url), (self.code_caption, self.code))
        ):
            form.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignVCenter)
            form.addWidget(field, row, 1)
        column.addLayout(form)

        self.busy_row = QWidget()
        busy = QHBoxLayout(self.busy_row)
        busy.setContentsMargins(0, 0, 0, 0)
        self.progress = named(QProgressBar(), "enrol_busy")
        self.progress.setRange(0, 0)  # no end known: it moves until the answer comes
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.busy_label = QLabel()
        busy.addWidget(self.progress)
        busy.addWidget(self.busy_label, 1)
        self.busy_row.hide()
        column.addWidget(self.busy_row)

        self.error = named(QLabel(), "enrol_error")
        self.error.setProperty("kind", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        column.addWidget(self.error)
        self.success = named(QLabel(), "enrol_success")
        self.success.setProperty("kind", "ok")
        self.success.setWordWrap(True)
        self.success.hide()
        column.addWidget(self.success)
        column.addStretch(1)

        buttons = QHBoxLayout()
        self.cancel_button = button("enrol_cancel", on_click=self.reject)
        self.submit_button = button("enrol_submit", kind="primary", on_click=self.submit)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.submit_button)
        column.addLayout(buttons)
        self.retranslate()
        (self.code if server_url else self.url).setFocus()

    # -- texts -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Enrol this till"))
        self.title.setText(self.tr("Connect this till to the backend"))
        self.intro.setText(
            self.tr(
                "Type the server address and the one-time enrolment code from the back office "
                "(it looks like ABCD-EFGH). Once enrolled the till keeps selling without a "
                "connection and sends its sales when it is back."
            )
        )
        self.url_caption.setText(self.tr("Server address"))
        self.code_caption.setText(self.tr("Enrolment code"))
        set_label(self.url, "https://pos.example.com", self.tr("Server address"))
        set_label(self.code, "ABCD-EFGH", self.tr("Enrolment code"))
        self.busy_label.setText(self.tr("Connecting to the server…"))
        self.progress.setAccessibleName(self.tr("Connecting to the server"))
        set_label(self.cancel_button, self.tr("Cancel (Esc)"), self.tr("Cancel"))
        if self.response is not None:
            set_label(self.submit_button, self.tr("Start the till (Enter)"), self.tr("Start"))
            self.success.setText(self.success_text(self.response))
        else:
            set_label(self.submit_button, self.tr("Enrol (Enter)"), self.tr("Enrol"))

    def success_text(self, response: Any) -> str:
        return self.tr(
            "Enrolled: {store} ({store_code}), till {terminal}.\n"
            "Receipt numbers start at {prefix}-000001."
        ).format(
            store=response.store_name,
            store_code=response.store_code,
            terminal=response.terminal_code,
            prefix=response.receipt_prefix,
        )

    # -- input -----------------------------------------------------------------------------

    def _code_edited(self, text: str) -> None:
        upper = text.upper()
        if upper != text:
            cursor = self.code.cursorPosition()
            self.code.setText(upper)
            self.code.setCursorPosition(cursor)

    def _url_entered(self) -> None:
        if self.code.text().strip():
            self.submit()
        else:
            self.code.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self._fit()

    def _fit(self) -> None:
        """Grow to show what appeared (an error, the result) instead of squeezing the fields."""
        self.column.activate()
        needed = max(self.column.minimumSize().height(), self.heightForWidth(self.width()))
        if needed > self.height():
            self.resize(self.width(), needed)

    def submit(self) -> None:
        if self.busy:
            return
        if self.response is not None:
            self.accept()
            return
        url = self.url.text().strip()
        code = normalise_code(self.code.text())
        if not url:
            self.show_error(self.tr("Type the server address."))
            self.url.setFocus()
            return
        if not code:
            self.show_error(self.tr("Type the enrolment code."))
            self.code.setFocus()
            return
        self.error.hide()
        device = QSysInfo.machineHostName()
        engine, enroll_fn = self.engine, self.enroll_fn

        def call() -> Any:
            return enroll_fn(engine, url, code, device_name=device)

        job = _EnrolJob(call)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        job.signals.crashed.connect(self._crashed)
        self._job = job
        self._set_busy(True)
        log.info("Enrolling with %s", url)
        self.pool.start(job)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_row.setVisible(busy)
        if busy:
            self._fit()
        for widget in (self.url, self.code, self.submit_button, self.cancel_button):
            widget.setEnabled(not busy)

    def _done(self, response: Any) -> None:
        self._set_busy(False)
        self.response = response
        log.info("Enrolled as %s", response.receipt_prefix)
        self.url.setEnabled(False)
        self.code.setEnabled(False)
        self.cancel_button.hide()
        self.error.hide()
        self.success.show()
        self.retranslate()
        self._fit()
        self.submit_button.setFocus()

    def _failed(self, error: UserError) -> None:
        self._set_busy(False)
        log.info("Enrolment refused: %s", error.code)
        self.show_error(error_text(error, _language()))
        if error.code == "enrol.bad_url" or error.code == "enrol.unreachable":
            self.url.setFocus()
        else:
            self.code.setFocus()
            self.code.selectAll()

    def _crashed(self, detail: str) -> None:
        self._set_busy(False)
        self.show_error(
            self.tr(
                "The enrolment failed unexpectedly ({detail}). The log has the details."
            ).format(detail=detail)
        )

    # -- closing ---------------------------------------------------------------------------

    def reject(self) -> None:
        if self.busy:
            return  # the request is under way: its answer decides
        if self.response is not None:
            self.accept()  # enrolled: closing the dialog cannot undo that
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)


def run_enrol_dialog(
    engine: Engine,
    parent: QWidget | None = None,
    *,
    server_url: str = "",
    enroll_fn: EnrolFunction | None = None,
) -> bool:
    """The first-run step: ask for the server and the code and enrol; True once enrolled.

    Blocks in its own event loop (``exec``); call it after the translations and the style
    sheet are installed, before the cashier window is built.
    """
    dialog = EnrolDialog(engine, parent, enroll_fn=enroll_fn, server_url=server_url)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return accepted and dialog.response is not None
    finally:
        dialog.deleteLater()
