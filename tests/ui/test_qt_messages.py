"""Qt's messages (issue 14, item 24): the offscreen platform's "does not support
propagateSizeHints()" noise is dropped, every other Qt message still reaches the log.

Run in a new process: pytest-qt replaces Qt's message handler inside the test process."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType

from pos_app.ui.qt_messages import handle_qt_message, is_noise

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import qWarning
    from PySide6.QtWidgets import QDialog, QMainWindow

    from pos_app.ui.main import application

    app = application()
    windows = []
    for _ in range(20):  # as the bench opens and resizes windows with a minimum size
        window = QMainWindow()
        window.setMinimumSize(500, 400)
        window.show()
        dialog = QDialog(window)
        dialog.setMinimumSize(200, 200)
        dialog.show()
        dialog.resize(300, 300)
        windows.append(window)
        app.processEvents()
    qWarning("a real problem")
    """
)


def test_offscreen_noise_is_dropped_and_real_warnings_are_kept() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr
    assert "a real problem" in done.stderr


def test_the_handler_logs_with_the_category(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="qt"):
        context = QMessageLogContext()
        handle_qt_message(
            QtMsgType.QtWarningMsg, context, "This plugin does not support propagateSizeHints()"
        )
        handle_qt_message(QtMsgType.QtCriticalMsg, context, "the printer plugin broke")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.ERROR, "qt: the printer plugin broke")
    ]
    assert is_noise("This plugin does not support raise()")
    assert not is_noise("QPainter::begin: Paint device returned engine == 0")
