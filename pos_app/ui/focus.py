"""Giving the keyboard back to the cashier window when a dialog closes.

A window manager activates a dialog's parent window when the dialog closes. A dedicated till
or a kiosk runs with no window manager: there the X server gives the keyboard to no one, Qt
has no active window, shortcuts stop and typed keys (a scanner's too) go to whatever window
is under the pointer, or nowhere, until someone taps the screen. ``DialogFocusReturn``
watches every dialog of the application (QDialog: the POS dialogs, message boxes, the crash
report) and, once one has closed, hands the keyboard to the next open dialog or back to the
window, whose screen puts the focus on its scan target.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

log = logging.getLogger(__name__)

_WATCHED = frozenset({QEvent.Type.Hide, QEvent.Type.Show})


class DialogFocusReturn(QObject):
    """An application event filter: after a dialog of ``window`` (its own, its screens', its
    dialogs') shows or hides, the dialog on top (if any) or ``window`` gets the keyboard; for
    the window, ``focus_window`` sets the focus."""

    def __init__(self, window: QWidget, focus_window: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._focus_window = focus_window
        self._pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in _WATCHED
            and isinstance(watched, QDialog)
            and not self._pending
            and self._owns(watched)
        ):
            # After the event: a dialog opened by another's accepted() is shown by then.
            self._pending = True
            QTimer.singleShot(0, self, self._hand_over)  # not after this filter is gone
        return False

    def _hand_over(self) -> None:
        self._pending = False
        modal = QApplication.activeModalWidget()
        if modal is None:
            # A modeless dialog of this window still open keeps the keyboard.
            dialogs = [
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QDialog) and w.isVisible() and self._owns(w)
            ]
            modal = dialogs[-1] if dialogs else None
        if modal is not None:
            if not modal.isActiveWindow():
                modal.activateWindow()
            return
        self._focus_window()

    def _owns(self, dialog: QWidget) -> bool:
        parent = dialog.parentWidget()
        while parent is not None:
            if parent is self._window:
                return True
            parent = parent.parentWidget()
        return False


def give_back_keyboard(
    window: QWidget, screen: QWidget, scan_target: Callable[[], QWidget | None]
) -> None:
    """After a dialog: ``window`` takes the keyboard again, and ``scan_target()`` the focus
    unless a widget of ``screen`` (the one showing) still has it (a field being typed in)."""
    if not window.isVisible():
        return
    if not window.isActiveWindow():
        window.activateWindow()
    focus = window.focusWidget()
    if focus is not None and focus.isVisible() and screen.isAncestorOf(focus):
        return
    target = scan_target()
    if target is not None and target.isVisible():
        target.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
