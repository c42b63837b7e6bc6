"""Shared building blocks: screens that retranslate themselves, named touch buttons, a PIN
and number pad. Every interactive widget gets an ``objectName`` and an ``accessibleName``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str) -> W:
    widget.setObjectName(object_name)
    return widget


def set_label(widget: QWidget, text: str, accessible: str | None = None) -> None:
    """Set a control's visible text and its accessible name together (both translated)."""
    if isinstance(widget, QPushButton):
        widget.setText(text.replace("&", "&&"))  # a product or category name, not a mnemonic
    elif isinstance(widget, QLabel):
        widget.setText(text)
    elif isinstance(widget, QLineEdit):
        widget.setPlaceholderText(text)
    widget.setAccessibleName((accessible or text).replace("&", "").replace("\n", " "))


def button(
    object_name: str,
    *,
    kind: str = "",
    on_click: Callable[[], object] | None = None,
    parent: QWidget | None = None,
) -> QPushButton:
    """A touch button; ``kind`` (primary, danger, tile, quiet) picks its style in the QSS."""
    widget = QPushButton(parent)
    widget.setObjectName(object_name)
    if kind:
        widget.setProperty("kind", kind)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    widget.setAutoDefault(False)
    if on_click is not None:
        widget.clicked.connect(lambda _checked=False: on_click())
    return widget


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of a layout now (a later deleteLater would leave the
    old widgets painted under the new ones until the event loop runs)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


class Screen(QWidget):
    """A screen whose texts are (re)set in ``retranslate`` on every language change."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every visible text; called at start and after each language switch."""


class KeyPad(QWidget):
    """Digits 0-9, 00, decimal comma and backspace for a line edit (PIN, amounts, weights)."""

    pressed = Signal(str)

    def __init__(
        self, target: QLineEdit, prefix: str, *, decimal: bool = True, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self._target = target
        self.setObjectName(f"{prefix}_keypad")
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        keys = ["7", "8", "9", "4", "5", "6", "1", "2", "3"]
        keys += [",", "0", "⌫"] if decimal else ["00", "0", "⌫"]
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(keys):
            name = {"⌫": "back", ",": "comma"}.get(key, key)
            pad_button = button(f"{prefix}_key_{name}", kind="key")
            pad_button.setText(key)
            pad_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            pad_button.clicked.connect(lambda _checked=False, k=key: self._press(k))
            grid.addWidget(pad_button, index // 3, index % 3)
            self.buttons[key] = pad_button
        self.retranslate()

    def retranslate(self) -> None:
        for key, pad_button in self.buttons.items():
            if key == "⌫":
                pad_button.setAccessibleName(self.tr("Delete last digit"))
            elif key == ",":
                pad_button.setText(QLocale().decimalPoint())
                pad_button.setAccessibleName(self.tr("Decimal separator"))
            else:
                pad_button.setAccessibleName(key)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _press(self, key: str) -> None:
        if key == "⌫":
            self._target.backspace()
        elif key == ",":
            self._target.insert(QLocale().decimalPoint())
        else:
            self._target.insert(key)
        self._target.setFocus()
        self.pressed.emit(key)
