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

from pos_app.app import build_register
from pos_app.checkout.events import Stage
from pos_app.checkout.register import Register
from pos_app.checkout.staff import TRY_DENOMINATIONS
from pos_app.devices.drawer import NoDrawer
from pos_app.services.bundle import Services
from pos_app.storage.tables import table
from pos_app.ui.cashier.dialogs import ApprovalDialog
from pos_app.ui.cashier.shift import AmountProblem, ShiftOpenScreen, parse_amount_minor
from pos_app.ui.cashier.shift_close import ShiftCloseScreen
from tests.conftest import Staff
from tests.fakes import SEED
from tests.ui.conftest import AppFactory, Till, open_shift, sign_in

MILK = SEED[0]

# The offscreen platform says so on every show(); it is not about the code under test.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def register(services: Services, staff: Staff) -> Register:
    register = build_register(services, NoDrawer(), language="en")
    register.sign_in(staff.cashier.user_id, "4826")
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
    register.staff.open_shift(50000)
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
    assert register.staff.shift is None
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
    assert register.staff.user is None


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
    expected = register.staff.expected_cash()
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
    assert close_screen.over_short.text() == "Short: ₺59.50"  # the word says which way
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
    assert close_screen.over_short.text() == "Over: ₺3.00"
    assert close_screen.over_short.property("kind") == "error"

    register.staff.open_shift(1000)
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
    assert register.staff.shift is not None  # Enter in a count does not close the shift
    spins[-1].setFocus()
    qtbot.keyClick(spins[-1], Qt.Key.Key_Enter)
    assert close_screen.focusWidget() is close_screen.confirm_button
    with qtbot.waitSignal(close_screen.cancelled):
        qtbot.keyClick(close_screen.confirm_button, Qt.Key.Key_Escape)
    assert register.staff.shift is not None
    qtbot.keyClick(close_screen.confirm_button, Qt.Key.Key_Return)
    assert register.staff.shift is None
    assert close_screen.over_short.text() == "Over: ₺100.00"  # at the limit, not above


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
    register.sale.scan(MILK.barcode)
    close_screen.confirm()
    assert close_screen.count_error.isVisibleTo(close_screen)
    assert close_screen.count_error.text() == "Finish or park the sale before closing the shift."
    assert close_screen.pages.currentIndex() == 0
    assert register.staff.shift is not None
    assert shift_rows(services)[0]["closed_at"] is None


def test_cancel_button_emits_cancelled(
    qtbot: QtBot, close_screen: ShiftCloseScreen, register: Register
) -> None:
    with qtbot.waitSignal(close_screen.cancelled):
        qtbot.mouseClick(close_screen.cancel_button, Qt.MouseButton.LeftButton)
    assert register.staff.shift is not None


def test_close_screen_names_and_grab(close_screen: ShiftCloseScreen, tmp_path: Path) -> None:
    assert_all_named(close_screen)
    for name in ("count", "result"):
        if name == "result":
            set_counts(close_screen, {20000: 2, 5000: 2})
            close_screen.confirm()
            assert close_screen.pages.currentIndex() == 1
        path = tmp_path / f"{name}.png"
        assert close_screen.grab().save(str(path))
        assert path.stat().st_size > 0


def test_close_screen_in_turkish(qtbot: QtBot, services: Services, staff: Staff) -> None:
    register = build_register(services, NoDrawer(), language="tr")
    register.sign_in(staff.cashier.user_id, "4826")
    register.staff.open_shift(123456)
    screen = ShiftCloseScreen(register)
    qtbot.addWidget(screen)
    screen.activate()
    assert screen.denomination_labels[50].text() == "0,50 ₺"
    set_counts(screen, {20000: 6})
    screen.confirm()
    assert screen.expected_value.text() == "1.234,56 ₺"
    assert screen.over_short.text() == "Short: 34,56 ₺"


# -- a count far off: a recount, then a supervisor (POS_SHIFT_CLOSE_VARIANCE_LIMIT) -------------


def shown_approval(qtbot: QtBot, screen: ShiftCloseScreen) -> ApprovalDialog:
    dialogs: list[ApprovalDialog] = []

    def shown() -> bool:
        dialogs[:] = [d for d in screen.findChildren(ApprovalDialog) if d.isVisible()]
        return bool(dialogs)

    qtbot.waitUntil(shown)
    return dialogs[0]


def audit_rows(services: Services, action: str) -> list[dict[str, object]]:
    t = table("audit_entry")
    with services.engine.connect() as conn:
        rows = conn.execute(select(t).where(t.c.action == action).order_by(t.c.at))
        return [dict(row._mapping) for row in rows]


def test_a_count_far_off_asks_for_a_recount_then_a_supervisor(
    qtbot: QtBot,
    close_screen: ShiftCloseScreen,
    register: Register,
    services: Services,
    staff: Staff,
) -> None:
    assert services.settings.shift_close_variance_limit_minor == 10000  # the default, 100 TL
    set_counts(close_screen, {20000: 1, 1000: 3})  # 230.00 counted, 500.00 expected
    close_screen.confirm()
    # not closed: count again, what was typed kept to correct
    assert close_screen.pages.currentIndex() == 0
    assert register.staff.shift is not None
    notice = close_screen.recount_notice
    assert notice.isVisibleTo(close_screen)
    assert notice.text().startswith("Count the drawer again") and "₺100.00" in notice.text()
    assert "500" not in notice.text() and "270" not in notice.text()  # still blind
    assert close_screen.spins[20000].value() == 1
    assert close_screen.focusWidget() is close_screen.spins[20000]
    (row,) = shift_rows(services)
    assert (row["closed_at"], row["first_count_minor"]) == (None, 23000)
    assert len(audit_rows(services, "shift.recount_requested")) == 1

    # the recount is still far off: a supervisor must approve; a cancel closes nothing
    set_counts(close_screen, {1000: 4})  # 240.00
    close_screen.confirm()
    dialog = shown_approval(qtbot, close_screen)
    assert dialog.action == "shift.close_variance"
    assert "after a recount" in dialog.reason.text()
    assert staff.cashier.user_id not in [user.user_id for user in dialog.approvers]
    dialog.reject()
    assert register.staff.shift is not None and close_screen.pages.currentIndex() == 0

    close_screen.confirm()
    dialog = shown_approval(qtbot, close_screen)
    tile = dialog.findChild(QAbstractButton, f"approval_user_{staff.supervisor.user_id}")
    assert tile is not None
    tile.click()
    dialog.pin.setText("583916")
    dialog.try_accept()
    qtbot.waitUntil(lambda: close_screen.pages.currentIndex() == 1)
    assert register.staff.shift is None
    assert close_screen.over_short.text() == "Short: ₺260.00"
    assert close_screen.approved.text() == "Closed with the approval of Mehmet."
    assert close_screen.z_number.text() == "Z report no. 0001"
    (row,) = shift_rows(services)
    assert row["counted_cash_minor"] == 24000 and row["first_count_minor"] == 23000
    assert (row["variance_approved_by"], row["z_no"]) == (staff.supervisor.user_id, 1)
    (closed,) = audit_rows(services, "shift.closed")
    assert closed["approver_id"] == staff.supervisor.user_id


def test_a_recount_within_the_limit_closes_without_approval(
    qtbot: QtBot, close_screen: ShiftCloseScreen, register: Register, services: Services
) -> None:
    set_counts(close_screen, {20000: 2, 1000: 1})  # 410.00: 90.00 short, within the limit
    close_screen.spins[20000].setValue(20)  # a typing slip: 4,010.00
    close_screen.confirm()
    assert close_screen.recount_notice.isVisibleTo(close_screen)
    close_screen.spins[20000].setValue(2)  # corrected on the recount
    close_screen.confirm()
    assert not close_screen.findChildren(ApprovalDialog)
    assert close_screen.pages.currentIndex() == 1
    assert close_screen.over_short.text() == "Short: ₺90.00"
    assert not close_screen.approved.isVisibleTo(close_screen)
    assert register.staff.shift is None
    (row,) = shift_rows(services)
    assert (row["first_count_minor"], row["variance_approved_by"]) == (401000, None)
    # the next shift's count starts clean
    register.staff.open_shift(50000)
    close_screen.activate()
    assert not close_screen.recount_notice.isVisibleTo(close_screen)


def test_close_screens_in_both_languages_render(
    qtbot: QtBot, services: Services, staff: Staff, turkish: object, tmp_path: Path
) -> None:
    """The recount notice and the result in Turkish: translated, no minus sign."""
    register = build_register(services, NoDrawer(), language="tr")
    register.sign_in(staff.cashier.user_id, "4826")
    register.staff.open_shift(50000)
    screen = ShiftCloseScreen(register)
    qtbot.addWidget(screen)
    screen.resize(1024, 768)
    screen.activate()
    set_counts(screen, {20000: 1})
    screen.confirm()
    assert screen.recount_notice.text().startswith("Çekmeceyi yeniden sayın")
    assert "100,00 ₺" in screen.recount_notice.text()
    assert screen.grab().save(str(tmp_path / "recount.png"))
    set_counts(screen, {20000: 2, 5000: 1})  # 450.00: within the limit
    screen.confirm()
    assert screen.over_short.text() == "Kasa açığı: 50,00 ₺"
    assert screen.z_number.text() == "Z raporu no. 0001"


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_recount_notice_fits_a_1024x768_window(
    qtbot: QtBot, make_app: AppFactory, till: Till, lang: str
) -> None:
    cashier = make_app(lang=lang)
    window = cashier.window
    sign_in(qtbot, window, till.cashier, "4826")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.NEEDS_SHIFT)
    open_shift(qtbot, window, "500")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.SELLING)
    window.show_shift_close()
    screen = window.shift_close
    set_counts(screen, {20000: 1})  # 300.00 short
    screen.confirm()
    assert screen.recount_notice.isVisibleTo(screen)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 768, hint
