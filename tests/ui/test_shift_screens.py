"""The shift open and close screens on a real register and database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from pos_app.app import Services
from pos_app.devices.drawer import NoDrawer
from pos_app.services.register import TRY_DENOMINATIONS, Register, Stage
from pos_app.storage.tables import table
from pos_app.ui.cashier.shift import (
    AmountProblem,
    ShiftCloseScreen,
    ShiftOpenScreen,
    parse_amount_minor,
)
from tests.conftest import Staff
from tests.fakes import SEED

MILK = SEED[0]

# The offscreen platform says so on every show(); it is not about the code under test.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def register(services: Services, staff: Staff) -> Register:
    register = Register(services, NoDrawer(), language="en")
    register.sign_in(staff.cashier.user_id, "1111")
    return register


@pytest.fixture
def open_screen(qtbot: QtBot, register: Register) -> Iterator[ShiftOpenScreen]:
    screen = ShiftOpenScreen(register)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.activate()
    yield screen


@pytest.fixture
def close_screen(qtbot: QtBot, register: Register) -> ShiftCloseScreen:
    register.open_shift(50000)
    screen = ShiftCloseScreen(register)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.activate()
    return screen


def shift_rows(services: Services) -> list[dict[str, object]]:
    t = table("shift")
    with services.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(select(t))]


def assert_all_named(root: QWidget) -> None:
    kinds = (QAbstractButton, QLineEdit, QAbstractSpinBox, QAbstractItemView)
    children = [w for kind in kinds for w in root.findChildren(kind)]
    assert children
    for widget in children:
        assert widget.objectName(), f"{type(widget).__name__} without objectName"
        assert widget.accessibleName(), f"{widget.objectName()} without accessibleName"


# -- typed amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("500", "tr", 50000),
        ("500,5", "tr", 50050),
        ("500,05", "tr", 50005),
        ("1.234,56", "tr", 123456),
        ("0", "tr", 0),
        (" 12.50 ", "en", 1250),
        ("1,234.56", "en", 123456),
        ("", "en", AmountProblem.EMPTY),
        ("   ", "tr", AmountProblem.EMPTY),
        ("abc", "en", AmountProblem.INVALID),
        ("1e3", "en", AmountProblem.INVALID),
        ("5,00", "en", AmountProblem.INVALID),  # a comma in English is grouping, not decimals
        ("1.2.3", "tr", AmountProblem.INVALID),
        ("12,345", "tr", AmountProblem.TOO_PRECISE),
        ("1.001", "en", AmountProblem.TOO_PRECISE),
        ("-5", "en", AmountProblem.NEGATIVE),
        ("99999999999999999999", "en", AmountProblem.TOO_LARGE),
    ],
)
def test_parse_amount_minor(text: str, language: str, expected: int | AmountProblem) -> None:
    assert parse_amount_minor(text, language) == expected


# -- opening -----------------------------------------------------------------------------------


def test_open_shift_with_typed_float_and_enter(
    qtbot: QtBot, open_screen: ShiftOpenScreen, register: Register, services: Services
) -> None:
    assert register.stage is Stage.NEEDS_SHIFT
    edit = open_screen.findChild(QLineEdit, "shift_open_float")
    assert edit is open_screen.float_edit
    qtbot.keyClicks(edit, "750.25")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert register.stage is Stage.SELLING
    assert not open_screen.error.isVisibleTo(open_screen)
    rows = shift_rows(services)
    assert len(rows) == 1
    assert rows[0]["opening_float_minor"] == 75025
    assert rows[0]["closed_at"] is None


def test_open_shift_with_keypad_and_button(
    qtbot: QtBot, open_screen: ShiftOpenScreen, register: Register, services: Services
) -> None:
    for key in ("2", "0", "0"):
        qtbot.mouseClick(open_screen.keypad.buttons[key], Qt.MouseButton.LeftButton)
    assert open_screen.float_edit.text() == "200"
    qtbot.mouseClick(open_screen.confirm_button, Qt.MouseButton.LeftButton)
    assert register.stage is Stage.SELLING
    assert shift_rows(services)[0]["opening_float_minor"] == 20000


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "Enter the cash in the drawer"),
        ("abc", '"abc" is not an amount'),
        ("10.555", "at most two decimals"),
        ("-5", "cannot be negative"),
    ],
)
def test_invalid_float_shows_error_and_opens_nothing(
    qtbot: QtBot,
    open_screen: ShiftOpenScreen,
    register: Register,
    services: Services,
    typed: str,
    expected: str,
) -> None:
    qtbot.keyClicks(open_screen.float_edit, typed)
    qtbot.keyClick(open_screen.float_edit, Qt.Key.Key_Return)
    assert open_screen.error.isVisibleTo(open_screen)
    assert expected in open_screen.error.text()
    assert open_screen.error.property("kind") == "error"
    assert register.stage is Stage.NEEDS_SHIFT
    assert register.shift is None
    assert shift_rows(services) == []
    # typing again clears the message
    qtbot.keyClicks(open_screen.float_edit, "1")
    assert not open_screen.error.isVisibleTo(open_screen)


def test_register_error_is_translated_text(
    open_screen: ShiftOpenScreen, register: Register, services: Services, staff: Staff
) -> None:
    services.shifts.open(staff.supervisor.user_id, 100)  # someone else's shift is open
    open_screen.float_edit.setText("50")
    open_screen.confirm()
    assert open_screen.error.text() == "A shift is already open."
    assert register.stage is Stage.NEEDS_SHIFT


def test_sign_out_button(qtbot: QtBot, open_screen: ShiftOpenScreen, register: Register) -> None:
    qtbot.mouseClick(open_screen.sign_out_button, Qt.MouseButton.LeftButton)
    assert register.stage is Stage.SIGNED_OUT
    assert register.user is None


def test_activate_clears_and_focuses(
    qtbot: QtBot, open_screen: ShiftOpenScreen, register: Register
) -> None:
    open_screen.show()
    qtbot.waitExposed(open_screen)
    open_screen.float_edit.setText("x")
    open_screen.confirm()
    open_screen.activate()
    assert open_screen.float_edit.text() == ""
    assert not open_screen.error.isVisibleTo(open_screen)
    assert open_screen.focusWidget() is open_screen.float_edit
    assert open_screen.float_edit.placeholderText() == "0.00"
    assert open_screen.signed_in.text().endswith("Ayşe")


def test_open_screen_names_and_grab(open_screen: ShiftOpenScreen, tmp_path: Path) -> None:
    assert_all_named(open_screen)
    path = tmp_path / "open.png"
    assert open_screen.grab().save(str(path))
    assert path.stat().st_size > 0


# -- closing -----------------------------------------------------------------------------------


def set_counts(screen: ShiftCloseScreen, counts: dict[int, int]) -> None:
    for denomination, count in counts.items():
        spin = screen.findChild(QAbstractSpinBox, f"shift_close_count_{denomination}")
        assert spin is not None
        spin.setValue(count)  # type: ignore[attr-defined]


def test_close_screen_has_a_count_per_denomination(close_screen: ShiftCloseScreen) -> None:
    assert list(close_screen.spins) == list(TRY_DENOMINATIONS)
    for denomination, spin in close_screen.spins.items():
        assert spin.objectName() == f"shift_close_count_{denomination}"
        assert (spin.minimum(), spin.maximum(), spin.value()) == (0, 100000, 0)
        assert spin.minimumHeight() >= 48
    assert close_screen.denomination_labels[20000].text() == "₺200.00"
    assert close_screen.denomination_labels[5].text() == "₺0.05"
    assert close_screen.counted_total.text() == "₺0.00"


def test_close_is_blind_then_shows_short(
    qtbot: QtBot, close_screen: ShiftCloseScreen, register: Register, services: Services
) -> None:
    expected = register.expected_cash()
    assert expected == 50000
    set_counts(close_screen, {20000: 2, 2000: 2, 50: 1})  # 400 + 40 + 0.50 = 440.50
    assert close_screen.subtotals[20000].text() == "₺400.00"
    assert close_screen.counted_total.text() == "₺440.50"
    # the expected amount appears nowhere before the count is committed
    visible = [w.text() for w in close_screen.findChildren(type(close_screen.title))]
    assert not any("500.00" in text for text in visible if text)
    qtbot.mouseClick(close_screen.confirm_button, Qt.MouseButton.LeftButton)
    assert close_screen.pages.currentIndex() == 1
    assert close_screen.expected_value.text() == "₺500.00"
    assert close_screen.counted_value.text() == "₺440.50"
    assert close_screen.over_short.text() == "Short: -₺59.50"
    assert close_screen.over_short.property("kind") == "error"
    assert register.stage is Stage.NEEDS_SHIFT
    rows = shift_rows(services)
    assert rows[0]["counted_cash_minor"] == 44050
    assert rows[0]["over_short_minor"] == -5950
    with qtbot.waitSignal(close_screen.finished):
        qtbot.mouseClick(close_screen.continue_button, Qt.MouseButton.LeftButton)


def test_close_over_and_balanced(
    close_screen: ShiftCloseScreen, register: Register, services: Services
) -> None:
    set_counts(close_screen, {20000: 2, 10000: 1, 100: 3})
    close_screen.confirm()
    assert close_screen.over_short.text() == "Over: +₺3.00"
    assert close_screen.over_short.property("kind") == "error"

    register.open_shift(1000)
    close_screen.activate()
    assert close_screen.pages.currentIndex() == 0
    assert all(spin.value() == 0 for spin in close_screen.spins.values())
    set_counts(close_screen, {500: 2})
    close_screen.confirm()
    assert close_screen.over_short.text() == "Balanced: ₺0.00"
    assert close_screen.over_short.property("kind") == "ok"
    assert [row["counted_cash_minor"] for row in shift_rows(services)] == [50300, 1000]


def test_close_keyboard_enter_moves_on_and_escape_cancels(
    qtbot: QtBot, close_screen: ShiftCloseScreen, register: Register
) -> None:
    close_screen.show()
    qtbot.waitExposed(close_screen)
    close_screen.activate()
    spins = list(close_screen.spins.values())
    assert close_screen.focusWidget() is spins[0]
    qtbot.keyClicks(spins[0], "3")
    qtbot.keyClick(spins[0], Qt.Key.Key_Return)
    assert spins[0].value() == 3
    assert close_screen.focusWidget() is spins[1]
    assert register.shift is not None  # Enter in a count does not close the shift
    spins[-1].setFocus()
    qtbot.keyClick(spins[-1], Qt.Key.Key_Enter)
    assert close_screen.focusWidget() is close_screen.confirm_button
    with qtbot.waitSignal(close_screen.cancelled):
        qtbot.keyClick(close_screen.confirm_button, Qt.Key.Key_Escape)
    assert register.shift is not None
    qtbot.keyClick(close_screen.confirm_button, Qt.Key.Key_Return)
    assert register.shift is None
    assert close_screen.over_short.text() == "Over: +₺100.00"


def test_close_keypad_types_into_focused_count(
    qtbot: QtBot, close_screen: ShiftCloseScreen
) -> None:
    close_screen.show()
    qtbot.waitExposed(close_screen)
    spin = close_screen.spins[1000]
    spin.setFocus()
    for key in ("1", "2", "⌫", "5"):
        qtbot.mouseClick(close_screen.pad.buttons[key], Qt.MouseButton.LeftButton)
    assert spin.value() == 15
    assert close_screen.counted_total.text() == "₺150.00"
    qtbot.mouseClick(close_screen.pad.buttons["C"], Qt.MouseButton.LeftButton)
    assert spin.value() == 0


def test_close_with_sale_in_progress_shows_error(
    close_screen: ShiftCloseScreen, register: Register, services: Services
) -> None:
    assert MILK.barcode
    register.scan(MILK.barcode)
    close_screen.confirm()
    assert close_screen.count_error.isVisibleTo(close_screen)
    assert close_screen.count_error.text() == "Finish or park the sale before closing the shift."
    assert close_screen.pages.currentIndex() == 0
    assert register.shift is not None
    assert shift_rows(services)[0]["closed_at"] is None


def test_cancel_button_emits_cancelled(
    qtbot: QtBot, close_screen: ShiftCloseScreen, register: Register
) -> None:
    with qtbot.waitSignal(close_screen.cancelled):
        qtbot.mouseClick(close_screen.cancel_button, Qt.MouseButton.LeftButton)
    assert register.shift is not None


def test_close_screen_names_and_grab(close_screen: ShiftCloseScreen, tmp_path: Path) -> None:
    assert_all_named(close_screen)
    for name in ("count", "result"):
        if name == "result":
            close_screen.confirm()
            assert close_screen.pages.currentIndex() == 1
        path = tmp_path / f"{name}.png"
        assert close_screen.grab().save(str(path))
        assert path.stat().st_size > 0


def test_close_screen_in_turkish(qtbot: QtBot, services: Services, staff: Staff) -> None:
    register = Register(services, NoDrawer(), language="tr")
    register.sign_in(staff.cashier.user_id, "1111")
    register.open_shift(123456)
    screen = ShiftCloseScreen(register)
    qtbot.addWidget(screen)
    screen.activate()
    assert screen.denomination_labels[50].text() == "0,50 ₺"
    screen.confirm()
    assert screen.expected_value.text() == "1.234,56 ₺"
    assert screen.over_short.text() == "Short: -1.234,56 ₺"
