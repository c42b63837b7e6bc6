"""Unexpected errors: logged with their trace and shown in a dialog; the draft sale is
already on disk, so the cashier can carry on or restart without losing the cart."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("pos_app.crash")


class CrashReporter:
    """Installs itself as ``sys.excepthook`` for errors raised in Qt slots and the app."""

    def __init__(self, log_file: Path, parent: QWidget | None = None) -> None:
        self.log_file = log_file
        self.parent = parent
        self.dialog: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error(
            "Unexpected error: %s\n%s",
            error,
            "".join(traceback.format_exception(kind, error, trace)),
        )
        if QApplication.instance() is None:
            return
        self.show(error)

    def show(self, error: BaseException) -> None:
        title = QCoreApplication.translate("Crash", "Something went wrong")
        text = QCoreApplication.translate(
            "Crash",
            "An unexpected error happened. The sale in progress is saved and nothing was lost."
            " You can carry on; if it happens again, restart the app and tell your manager.",
        )
        details = QCoreApplication.translate("Crash", "Details are in the log file {path}.")
        if self.dialog is None:
            self.dialog = QMessageBox(self.parent)
            self.dialog.setObjectName("crash_dialog")
            self.dialog.setIcon(QMessageBox.Icon.Critical)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            ok = self.dialog.addButton(QMessageBox.StandardButton.Ok)
            ok.setObjectName("crash_ok")
            ok.setAccessibleName(QCoreApplication.translate("Crash", "Close"))
            ok.setMinimumHeight(56)
            self.dialog.finished.connect(self._closed)
        self.dialog.setWindowTitle(title)
        self.dialog.setText(text)
        self.dialog.setInformativeText(
            f"{details.format(path=self.log_file)}\n\n{type(error).__name__}: {error}"
        )
        self.dialog.show()

    def _closed(self) -> None:
        self.dialog = None
