"""Closing a shift with a blind count of notes and coins.

The close is a blind count: the expected cash is shown only after the count was committed,
so the count is what is in the drawer and not what the cashier was told to find. A count far
off (services.shifts) is not closed at once: the cashier is asked to count again, the counts
typed so far kept to correct, and a count still that far off closes only with a supervisor's
approval. Neither step says how far off or which way, so the count stays blind.
"""

from __future__ import annotations

import itertools
import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.checkout.staff import TRY_DENOMINATIONS
from pos_app.domain.roles import Approval
from pos_app.errors import UserError
from pos_app.services.shifts import ShiftClose
from pos_app.ui.cashier.dialogs import with_approval
from pos_app.ui.cashier.shift import (
    ENTER_KEYS,
    MAX_COUNT,
    SMALLEST_NOTE_MINOR,
    click_focused_button,
    set_kind,
    text_label,
)
from pos_app.ui.i18n import format_money
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import Screen, button, named, set_label

log = logging.getLogger(__name__)

# The theme styles QSpinBox like a line edit but not its arrow buttons, which leaves a
# button-less spin box with a zero-width text field. The counts carry these rules until
# pos.qss has them (a visible focus frame included: the count is typed row by row).
_COUNT_STYLE = """
QSpinBox[kind="count"] { padding: 0 12px; font-size: 24px; font-weight: 700; }
QSpinBox[kind="count"]:focus { border: 3px solid #2563eb; background: #eff6ff; }
QSpinBox[kind="count"]::up-button, QSpinBox[kind="count"]::down-button {
    subcontrol-origin: border; width: 0px; height: 0px; border: none;
}
"""


class _CountPad(QWidget):
    """Digits for the focused count: a touch way to type counts without spin arrows."""

    pressed = Signal(str)

    KEYS = ("7", "8", "9", "4", "5", "6", "1", "2", "3", "C", "0", "⌫")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shift_close_keypad")
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(self.KEYS):
            name = {"⌫": "back", "C": "clear"}.get(key, key)
            pad_button = button(f"shift_close_key_{name}", kind="key")
            pad_button.setText(key)
            pad_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            pad_button.clicked.connect(lambda _checked=False, k=key: self.pressed.emit(k))
            grid.addWidget(pad_button, index // 3, index % 3)
            self.buttons[key] = pad_button
        self.retranslate()

    def retranslate(self) -> None:
        for key, pad_button in self.buttons.items():
            if key == "⌫":
                pad_button.setAccessibleName(self.tr("Delete last digit"))
            elif key == "C":
                pad_button.setAccessibleName(self.tr("Clear the count"))
            else:
                pad_button.setAccessibleName(key)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ShiftCloseScreen(Screen):
    """A blind count of every note and coin; then expected, counted and over/short."""

    finished = Signal()  # the result was acknowledged
    cancelled = Signal()  # left before closing; the shift stays open

    def __init__(self, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setObjectName("shift_close")
        self.result: ShiftClose | None = None
        self._recount: UserError | None = None  # the close asked for a recount

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_count_page())
        self.pages.addWidget(self._build_result_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addWidget(self.pages)

        order: list[QWidget] = [*self.spins.values(), self.confirm_button, self.cancel_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.retranslate()

    # -- building ----------------------------------------------------------------------------

    def _build_count_page(self) -> QWidget:
        page = QWidget()
        self.title = text_label("title")
        self.instructions = text_label("muted")
        self.notes_heading = text_label("subtitle")
        self.coins_heading = text_label("subtitle")
        self.denomination_labels: dict[int, QLabel] = {}
        self.spins: dict[int, QSpinBox] = {}
        self.subtotals: dict[int, QLabel] = {}

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.addWidget(self.notes_heading, 0, 0, 1, 3)
        grid.addWidget(self.coins_heading, 0, 4, 1, 3)
        grid.setColumnMinimumWidth(3, 24)
        notes = [d for d in TRY_DENOMINATIONS if d >= SMALLEST_NOTE_MINOR]
        coins = [d for d in TRY_DENOMINATIONS if d < SMALLEST_NOTE_MINOR]
        for first_column, denominations in ((0, notes), (4, coins)):
            for row, denomination in enumerate(denominations, start=1):
                name = text_label("subtitle", wrap=False)
                name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                spin = self._count_spin(denomination)
                name.setBuddy(spin)
                subtotal = text_label(wrap=False)
                subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(name, row, first_column)
                grid.addWidget(spin, row, first_column + 1)
                grid.addWidget(subtotal, row, first_column + 2)
                self.denomination_labels[denomination] = name
                self.spins[denomination] = spin
                self.subtotals[denomination] = subtotal
        for column in (1, 5):
            grid.setColumnStretch(column, 2)
        for column in (2, 6):
            grid.setColumnStretch(column, 1)

        self.counted_heading = text_label("subtitle")
        self.counted_total = text_label("big", wrap=False)
        self.counted_total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.pad = _CountPad()
        self.pad.pressed.connect(self._pad_pressed)
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(self.counted_heading)
        side.addWidget(self.counted_total)
        side.addStretch(1)
        side.addWidget(self.pad)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        middle.addLayout(grid, 3)
        middle.addLayout(side, 1)

        self.count_error = text_label("error")
        self.count_error.setVisible(False)
        self.recount_notice = text_label("message")
        self.recount_notice.setObjectName("shift_close_recount")
        self.recount_notice.setVisible(False)
        self.cancel_button = button("shift_close_cancel", on_click=self.cancel)
        self.confirm_button = button("shift_close_confirm", kind="primary", on_click=self.confirm)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.cancel_button, 1)
        buttons.addWidget(self.confirm_button, 2)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.instructions)
        layout.addWidget(self.recount_notice)
        layout.addLayout(middle)
        layout.addStretch(1)
        layout.addWidget(self.count_error)
        layout.addLayout(buttons)
        return page

    def _count_spin(self, denomination: int) -> QSpinBox:
        spin = named(QSpinBox(), f"shift_close_count_{denomination}")
        spin.setProperty("kind", "count")
        spin.setStyleSheet(_COUNT_STYLE)
        spin.setRange(0, MAX_COUNT)
        spin.setMinimumHeight(48)
        spin.setMinimumWidth(96)
        spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)  # the pad is for touch
        spin.setAccelerated(True)
        spin.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        spin.valueChanged.connect(lambda _value: self._update_totals())
        inner = spin.findChild(QLineEdit)
        if inner is not None:
            inner.setObjectName(f"shift_close_count_{denomination}_text")
        return spin

    def _build_result_page(self) -> QWidget:
        page = QWidget()
        self.result_title = text_label("title")
        self.expected_heading = text_label("subtitle")
        self.expected_value = text_label("big", wrap=False)
        self.counted_heading_result = text_label("subtitle")
        self.counted_value = text_label("big", wrap=False)
        for value in (self.expected_value, self.counted_value):
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.over_short = text_label("ok")
        self.z_number = text_label("subtitle")
        self.z_number.setObjectName("shift_close_z_number")
        self.approved = text_label("muted")
        self.approved.setObjectName("shift_close_approved")
        self.continue_button = button(
            "shift_close_continue", kind="primary", on_click=self.finished.emit
        )
        figures = QGridLayout()
        figures.setHorizontalSpacing(24)
        figures.setVerticalSpacing(12)
        figures.addWidget(self.expected_heading, 0, 0)
        figures.addWidget(self.expected_value, 0, 1)
        figures.addWidget(self.counted_heading_result, 1, 0)
        figures.addWidget(self.counted_value, 1, 1)
        figures.setColumnStretch(0, 1)

        column = QVBoxLayout()
        column.setSpacing(16)
        column.addWidget(self.result_title)
        column.addWidget(self.z_number)
        column.addLayout(figures)
        column.addWidget(self.over_short)
        column.addWidget(self.approved)
        column.addStretch(1)
        column.addWidget(self.continue_button)
        body = QWidget()
        body.setLayout(column)
        body.setMaximumWidth(720)
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(body, 4)
        layout.addStretch(1)
        return page

    # -- texts -------------------------------------------------------------------------------

    def _money(self, minor: int) -> str:
        return format_money(minor, self.register.language, self.register.sale.cart.currency)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Close shift"))
        self.instructions.setText(
            self.tr("Count the notes and coins in the drawer and enter how many of each there are.")
        )
        self.notes_heading.setText(self.tr("Notes"))
        self.coins_heading.setText(self.tr("Coins"))
        for denomination, spin in self.spins.items():
            value = self._money(denomination)
            self.denomination_labels[denomination].setText(value)
            if denomination >= SMALLEST_NOTE_MINOR:
                text = self.tr("Number of {value} notes").format(value=value)
            else:
                text = self.tr("Number of {value} coins").format(value=value)
            spin.setAccessibleName(text)
            inner = spin.findChild(QLineEdit)
            if inner is not None:
                inner.setAccessibleName(text)
        self.counted_heading.setText(self.tr("Counted"))
        set_label(self.cancel_button, self.tr("Cancel"))
        set_label(self.confirm_button, self.tr("Close shift"))
        self.pad.retranslate()
        self.result_title.setText(self.tr("Shift closed"))
        self.expected_heading.setText(self.tr("Expected in the drawer"))
        self.counted_heading_result.setText(self.tr("Counted"))
        set_label(self.continue_button, self.tr("Continue"))
        if self._recount is not None:
            self.recount_notice.setText(error_text(self._recount, self.register.language))
        self._update_totals()
        self._show_result()

    def _update_totals(self) -> None:
        for denomination, spin in self.spins.items():
            self.subtotals[denomination].setText(self._money(denomination * spin.value()))
        self.counted_total.setText(self._money(self.counted_minor()))
        self.count_error.setVisible(False)

    def _show_result(self) -> None:
        result = self.result
        if result is None:
            return
        self.expected_value.setText(self._money(result.expected_cash_minor))
        self.counted_value.setText(self._money(result.counted_cash_minor))
        difference = result.over_short_minor
        # The word says which way; the amount has no sign (no "Short: -₺59.50").
        if difference == 0:
            text = self.tr("Balanced: {amount}").format(amount=self._money(0))
        elif difference < 0:
            text = self.tr("Short: {amount}").format(amount=self._money(-difference))
        else:
            text = self.tr("Over: {amount}").format(amount=self._money(difference))
        self.over_short.setText(text)
        set_kind(self.over_short, "ok" if difference == 0 else "error")
        self.z_number.setText(self.tr("Z report no. {number}").format(number=f"{result.z_no:04d}"))
        self.z_number.setVisible(result.z_no > 0)
        self.approved.setText(
            self.tr("Closed with the approval of {name}.").format(name=result.approved_by or "")
        )
        self.approved.setVisible(result.approved_by is not None)

    # -- behaviour ---------------------------------------------------------------------------

    def counts(self) -> dict[int, int]:
        return {denomination: spin.value() for denomination, spin in self.spins.items()}

    def counted_minor(self) -> int:
        return sum(denomination * count for denomination, count in self.counts().items())

    def activate(self) -> None:
        """Called when the screen is shown: all counts 0, no result, focus on the first count."""
        self.result = None
        for spin in self.spins.values():
            spin.blockSignals(True)
            spin.setValue(0)
            spin.blockSignals(False)
        self.count_error.setVisible(False)
        self._recount = None
        self.recount_notice.setVisible(False)
        self.instructions.setVisible(True)
        self.pages.setCurrentIndex(0)
        self.retranslate()
        self._focus_first_count()

    def _focus_first_count(self) -> None:
        first = next(iter(self.spins.values()))
        first.setFocus()
        first.selectAll()

    def confirm(self) -> None:
        """Close the shift; a count far off asks for a recount, then a supervisor."""
        for spin in self.spins.values():
            spin.interpretText()
        with_approval(self, self.register, self._close, self._refused, self._closed)

    def _close(self, approval: Approval | None) -> None:
        self.result = self.register.close_shift(self.counts(), approval)

    def _refused(self, err: UserError) -> None:
        if err.code == "shift.recount":
            # The counts stay as typed, to be checked and corrected row by row.
            log.info("Shift close: the count is off by more than the limit, recount asked")
            self._recount = err
            self.recount_notice.setText(error_text(err, self.register.language))
            self.instructions.setVisible(False)  # the notice says what to do now
            self.recount_notice.setVisible(True)
            self._focus_first_count()
            return
        self.count_error.setText(error_text(err, self.register.language))
        self.count_error.setVisible(True)

    def _closed(self) -> None:
        assert self.result is not None
        log.info("Shift closed, over/short %s", self.result.over_short_minor)
        self.recount_notice.setVisible(False)
        self._show_result()
        self.pages.setCurrentIndex(1)
        self.continue_button.setFocus()

    def cancel(self) -> None:
        if self.pages.currentIndex() == 0:
            self.cancelled.emit()

    def _current_spin(self) -> QSpinBox:
        widget: QObject | None = self.focusWidget()
        while widget is not None:
            if isinstance(widget, QSpinBox) and widget in self.spins.values():
                return widget
            widget = widget.parent()
        return next(iter(self.spins.values()))

    def _pad_pressed(self, key: str) -> None:
        spin = self._current_spin()
        if key == "C":
            spin.setValue(0)
        elif key == "⌫":
            spin.setValue(spin.value() // 10)
        else:
            spin.setValue(min(spin.maximum(), spin.value() * 10 + int(key)))
        spin.setFocus()

    def _focus_next_count(self, spin: QSpinBox) -> None:
        order = list(self.spins.values())
        index = order.index(spin)
        if index + 1 < len(order):
            order[index + 1].setFocus()
            order[index + 1].selectAll()
        else:
            self.confirm_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentIndex() == 0:
            if event.key() == Qt.Key.Key_Escape:
                self.cancel()
                return
            if event.key() in ENTER_KEYS:
                focused = self.focusWidget()
                spin = self._current_spin()
                if focused is spin or (focused is not None and focused.parent() is spin):
                    # Enter moves on to the next count; the close itself is a deliberate press.
                    self._focus_next_count(spin)
                    return
        if click_focused_button(self, event):
            return
        super().keyPressEvent(event)
