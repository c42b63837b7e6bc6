"""Qt's own messages into the app's log, without the noise that carries no information.

Qt writes its warnings to stderr. Some say only that a platform plugin lacks a feature the app
does not need: the offscreen platform (``pos bench``, tests, screenshots) prints "This plugin
does not support propagateSizeHints()" each time a window with a minimum size is shown,
hundreds of times in one bench run. Those are dropped; every other Qt message goes to the log
(``logs/pos.log``) at its level, so real problems are still seen, once, with their category.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

# Messages that only say a platform plugin lacks a window-system feature the app does not use.
NOISE = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
    "This plugin does not support grabbing the keyboard",
    "This plugin does not support setParent!",
)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def is_noise(message: str) -> bool:
    return message.strip() in NOISE


def handle_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's message handler: noise is dropped, the rest is logged with its category."""
    if is_noise(message):
        return
    category = context.category or "qt"
    log.log(_LEVELS.get(kind, logging.WARNING), "%s: %s", category, message)


def install_qt_message_handler() -> None:
    """Route Qt's messages through ``handle_qt_message`` for the rest of the process."""
    qInstallMessageHandler(handle_qt_message)
