"""Opening a shift with a float (and the helpers the shift screens share; the close is in
``shift_close``)."""

from __future__ import annotations

import logging
import re
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.errors import UserError
from pos_app.ui.i18n import locale_for, parse_decimal
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import KeyPad, Screen, button, named, set_label

log = logging.getLogger(__name__)

MAX_FLOAT_MINOR = 10_000_000_00  # ten million lira: anything above is a typing mistake
MAX_COUNT = 100_000
SMALLEST_NOTE_MINOR = 500  # 5 TL; 1 TL and below are coins
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AmountProblem(StrEnum):
    EMPTY = "empty"
    INVALID = "invalid"
    TOO_PRECISE = "too_precise"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"


def parse_amount_minor(text: str, language: str) -> int | AmountProblem:
    """A typed amount in kuruş, or what is wrong with it.

    Accepts the language's decimal separator (``500,50`` in Turkish, ``500.50`` in English)
    and, when both separators appear, the grouping one in proper groups of three
    (``1.234,56`` / ``1,234.56``). Anything else (``1e3``, ``5,00`` in English) is refused
    rather than guessed at.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return AmountProblem.EMPTY
    if not re.fullmatch(r"[+-]?[0-9.,]+", cleaned):
        return AmountProblem.INVALID
    group, point = (".", ",") if language == "tr" else (",", ".")
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = cleaned[0], cleaned[1:]
    if group in cleaned and (point in cleaned or language != "tr"):
        pattern = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(point)}\d*)?"
        if not re.fullmatch(pattern, cleaned):
            return AmountProblem.INVALID
        cleaned = cleaned.replace(group, "")
    value = parse_decimal(sign + cleaned, language)
    if value is None:
        return AmountProblem.INVALID
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -2:
        return AmountProblem.TOO_PRECISE
    if value < 0:
        return AmountProblem.NEGATIVE
    minor = int(value * 100)
    if minor > MAX_FLOAT_MINOR:
        return AmountProblem.TOO_LARGE
    return minor


def set_kind(widget: QWidget, kind: str) -> None:
    """Change a widget's style ``kind`` and make the style sheet apply it again."""
    if widget.property("kind") == kind:
        return
    widget.setProperty("kind", kind)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def text_label(kind: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel()
    if kind:
        label.setProperty("kind", kind)
    label.setWordWrap(wrap)
    return label


def click_focused_button(screen: QWidget, event: QKeyEvent) -> bool:
    """Enter on a focused button presses it (buttons outside dialogs ignore Enter)."""
    if event.key() not in ENTER_KEYS:
        return False
    focused = screen.focusWidget()
    if isinstance(focused, QAbstractButton) and focused.isEnabled() and focused.isVisible():
        focused.click()
        return True
    return False


class ShiftOpenScreen(Screen):
    """The cashier counts the float into the drawer and opens the shift."""

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setObjectName("shift_open")

        self.title = text_label("title")
        self.signed_in = text_label("subtitle")
        self.float_label = text_label()
        self.float_edit = named(QLineEdit(), "shift_open_float")
        self.float_edit.setProperty("kind", "amount")
        self.float_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.float_edit.setMaxLength(20)
        self.float_label.setBuddy(self.float_edit)
        self.keypad = KeyPad(self.float_edit, "shift_open")
        self.error = text_label("error")
        self.error.setVisible(False)
        self.sign_out_button = button("shift_open_sign_out", on_click=self.sign_out)
        self.confirm_button = button("shift_open_confirm", kind="primary", on_click=self.confirm)
        self.float_edit.returnPressed.connect(self.confirm)
        self.float_edit.textEdited.connect(lambda _text: self.error.setVisible(False))

        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self.title)
        column.addWidget(self.signed_in)
        column.addSpacing(8)
        column.addWidget(self.float_label)
        column.addWidget(self.float_edit)
        column.addWidget(self.keypad)
        column.addWidget(self.error)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.sign_out_button, 1)
        buttons.addWidget(self.confirm_button, 2)
        column.addLayout(buttons)

        body = QWidget()
        body.setLayout(column)
        body.setMaximumWidth(640)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addWidget(body, 4)
        outer.addStretch(1)

        QWidget.setTabOrder(self.float_edit, self.confirm_button)
        QWidget.setTabOrder(self.confirm_button, self.sign_out_button)
        self.setFocusProxy(self.float_edit)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Open shift"))
        name = self.register.staff.user.name if self.register.staff.user else ""
        self.signed_in.setText(self.tr("Signed in: {name}").format(name=name))
        self.float_label.setText(self.tr("Opening float: the cash in the drawer now"))
        point = locale_for(self.register.language).decimalPoint()
        set_label(self.float_edit, f"0{point}00", self.tr("Opening float"))
        set_label(self.confirm_button, self.tr("Open shift"))
        set_label(self.sign_out_button, self.tr("Sign out"))
        self.keypad.retranslate()

    def activate(self) -> None:
        """Called when the screen is shown: empty field, no message, focus on the float."""
        self.float_edit.clear()
        self.error.clear()
        self.error.setVisible(False)
        self.retranslate()
        self.float_edit.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.float_edit.setFocus()
        self.float_edit.selectAll()

    def _problem_text(self, problem: AmountProblem) -> str:
        point = locale_for(self.register.language).decimalPoint()
        example = f"500{point}00"
        if problem is AmountProblem.EMPTY:
            return self.tr("Enter the cash in the drawer, for example {example}.").format(
                example=example
            )
        if problem is AmountProblem.INVALID:
            return self.tr('"{text}" is not an amount. Type digits, for example {example}.').format(
                text=self.float_edit.text().strip(), example=example
            )
        if problem is AmountProblem.TOO_PRECISE:
            return self.tr("Amounts have at most two decimals.")
        if problem is AmountProblem.NEGATIVE:
            return self.tr("The float cannot be negative.")
        return self.tr("That amount is too large for a float.")

    def confirm(self) -> None:
        parsed = parse_amount_minor(self.float_edit.text(), self.register.language)
        if isinstance(parsed, AmountProblem):
            self.show_error(self._problem_text(parsed))
            return
        try:
            self.register.staff.open_shift(parsed)
        except UserError as err:
            self.show_error(error_text(err, self.register.language))
            return
        log.info("Shift opened with a float of %s", parsed)
        self.error.setVisible(False)

    def sign_out(self) -> None:
        try:
            self.register.sign_out()
        except UserError as err:
            self.show_error(error_text(err, self.register.language))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if click_focused_button(self, event):
            return
        super().keyPressEvent(event)
