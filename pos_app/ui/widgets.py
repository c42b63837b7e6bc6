"""Shared building blocks: screens that retranslate themselves, named touch buttons, a PIN
and number pad. Every interactive widget gets an ``objectName`` and an ``accessibleName``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QEvent, QLocale, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
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
    # Enter presses the focused button, so every screen works from the keyboard alone.
    widget.setAutoDefault(True)
    if on_click is not None:
        widget.clicked.connect(lambda _checked=False: on_click())
    return widget


def choice_row(
    prefix: str, names: Iterable[str], on_choose: Callable[[str], object], parent: QWidget
) -> tuple[QHBoxLayout, QButtonGroup, dict[str, QPushButton]]:
    """A row of exclusive tab-style buttons, one per name (object name ``{prefix}_{name}``);
    tapping one calls ``on_choose(name)``. The caller sets their texts and the first check."""
    row = QHBoxLayout()
    group = QButtonGroup(parent)
    group.setExclusive(True)
    buttons: dict[str, QPushButton] = {}
    for name in names:
        choice = button(f"{prefix}_{name}", kind="tab")
        choice.setCheckable(True)
        choice.clicked.connect(lambda _checked=False, n=name: on_choose(n))
        group.addButton(choice)
        buttons[name] = choice
        row.addWidget(choice)
    return row, group, buttons


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


class FittedButton(QPushButton):
    """A tile whose lines are wrapped and elided to its width, so no text is ever cut off.

    ``lines`` are (text, max_lines) pairs: a product name may take two lines, its price one.
    """

    def __init__(
        self, object_name: str, kind: str, min_height: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # An explicit minimum: the text is only known after the first resize.
        self.setMinimumHeight(min_height)
        self.setObjectName(object_name)
        self.setProperty("kind", kind)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAutoDefault(True)
        self._lines: list[tuple[str, int]] = []

    def set_lines(self, lines: list[tuple[str, int]], accessible: str) -> None:
        self._lines = lines
        self.setAccessibleName(accessible)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = QFontMetrics(self.font())
        room = max(20, self.width() - 14)
        out: list[str] = []
        for text, max_lines in self._lines:
            out.extend(fit_lines(text, max_lines, room, metrics.horizontalAdvance))
        self.setText("\n".join(out).replace("&", "&&"))


def elide_words(text: str, room: int, advance: Callable[[str], int]) -> str:
    """``text`` if it fits in ``room`` px, else as many whole words as fit and "…" (a single
    word too long for the room is cut by letters)."""
    if advance(text) <= room:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ·,;:-–") + "…"
        if advance(candidate) <= room:
            return candidate
    word = words[0] if words else ""
    while word and advance(word + "…") > room:
        word = word[:-1]
    return word + "…"


class FittedLabel(QLabel):
    """One line shown whole when it fits, else cut at a word boundary with "…" and the whole
    text in its tooltip; it takes the room its neighbours leave and never pushes them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setAccessibleName(text)
        self._fit()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width()
        shown = elide_words(self._full, room, self.fontMetrics().horizontalAdvance)
        if shown != self.text():
            self.setText(shown)
        self.setToolTip("" if shown == self._full else self._full)


def fit_lines(text: str, max_lines: int, room: int, advance: Callable[[str], int]) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines of ``room`` px; the last is elided."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if advance(candidate) <= room or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    lines.append(current)
    lines = lines[:max_lines]
    last = lines[-1]
    if advance(last) > room:
        while last and advance(last + "…") > room:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def fit_columns(view: QTableView, widths: dict[int, list[str]], padding: int = 24) -> None:
    """Fixed column widths from the widest sample text (or header) in the view's font.

    Resize-to-contents would read every row on every change, which costs a frame per scan
    on a long sale; the widest possible amount is known in advance.
    """
    view.ensurePolished()  # the style sheet's font decides the width
    header = view.horizontalHeader()
    header.ensurePolished()
    body = view.fontMetrics()
    heading = header.fontMetrics()
    model = view.model()
    for column, samples in widths.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(
            [body.horizontalAdvance(text) for text in samples] + [heading.horizontalAdvance(title)]
        )
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, width + padding)
