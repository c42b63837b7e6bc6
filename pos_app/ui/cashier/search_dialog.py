"""What the dialogs with a search box and a scanner (stock look-up, pickup desk) share: the
size of the window they open over, and the keys typed anywhere in them going to the search.

A keyboard-wedge scanner types its code and Enter into whatever has the focus; while a dialog
is open the scanner filter lets every key through to it (``pos_app.ui.scanner``). A list or
table would eat the code as keyboard search and a button ignores it, so typed keys go to the
search box, replacing the last search.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

# Room left around a dialog opened over the till's window (its frame and title bar).
WINDOW_MARGIN = 24

_CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def fit_to_window(dialog: QDialog) -> None:
    """Open ``dialog`` nearly as large as the window under it (1024x768 or 1920x1080 at a
    till), never below its minimum size; without a parent it keeps its own size."""
    parent = dialog.parentWidget()
    if parent is None:
        return
    window = parent.window().size()
    dialog.resize(
        max(dialog.minimumWidth(), window.width() - WINDOW_MARGIN),
        max(dialog.minimumHeight(), window.height() - WINDOW_MARGIN),
    )


def is_typed(event: QKeyEvent) -> bool:
    """A key that types a character (a scanner's or a person's), not a command or a move."""
    text = event.text()
    return (
        len(text) == 1
        and text.isprintable()
        and not text.isspace()
        and not event.modifiers() & _CHORD
    )


def type_into(search: QLineEdit, event: QKeyEvent) -> None:
    """Move the focus to ``search`` and type ``event`` there, over the last search."""
    if not search.hasFocus():
        search.setFocus(Qt.FocusReason.OtherFocusReason)
        search.selectAll()
    QCoreApplication.sendEvent(
        search, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text())
    )


class SearchKeys(QObject):
    """An event filter on lists and tables: what is typed on them goes to ``search``."""

    def __init__(self, search: QLineEdit, watched: Iterable[QWidget]) -> None:
        super().__init__(search)
        self._search = search
        for widget in watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and is_typed(event)
        ):
            type_into(self._search, event)
            return True
        return super().eventFilter(watched, event)
