"""The application-wide scanner filter with real (offscreen) Qt widgets and key events."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from pos_app.ui.scanner import ScannerFilter

# The offscreen platform says so on every show(); it is not about the code under test.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

EAN = "8690000000017"
# Longer than the filter's hold (35 ms + margin): every held key has been replayed by then.
AFTER_EXPIRY_MS = 100


class ManualClock:
    """Milliseconds that move only when the test says so: fast keys are fast on any machine."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Screen:
    window: QWidget
    edit: QLineEdit
    button: QPushButton


@pytest.fixture
def screen(qtbot: QtBot) -> Screen:
    window = QWidget()
    edit = QLineEdit(window)
    button = QPushButton("Pay", window)
    layout = QVBoxLayout(window)
    layout.addWidget(edit)
    layout.addWidget(button)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    return Screen(window, edit, button)


MakeFilter = Callable[..., ScannerFilter]


@pytest.fixture
def make_filter(qapp: QApplication) -> Iterator[MakeFilter]:
    """Install filters on the application; they are removed again after the test."""
    installed: list[ScannerFilter] = []

    def make(clock: Callable[[], float] | None = None) -> ScannerFilter:
        scanner = ScannerFilter(clock=clock)
        qapp.installEventFilter(scanner)
        installed.append(scanner)
        return scanner

    yield make
    for scanner in installed:
        qapp.removeEventFilter(scanner)
        scanner.set_enabled(False)


def type_text(widget: QWidget, text: str, *, delay: int = -1) -> None:
    """Click a key per character, also for "ü".

    ``qtbot.keyClicks`` goes through QTest's ASCII key table, which aborts the process on a
    non-ASCII character; this sends the character as the event's text with its Qt key code
    (Qt's code of a Latin-1 letter is its upper case).
    """
    for ch in text:
        key = Qt.Key(ord(ch.upper()))
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, key, ch, Qt.KeyboardModifier.NoModifier, delay
        )


def scan(widget: QWidget, code: str) -> None:
    QTest.keyClicks(widget, code)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_scan_in_a_line_edit_emits_the_code_and_types_nothing(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter(ManualClock())

    with (
        qtbot.waitSignal(scanner.scanned, timeout=1000) as blocker,
        qtbot.assertNotEmitted(screen.edit.returnPressed),
    ):
        qtbot.keyClicks(screen.edit, EAN)
        qtbot.keyClick(screen.edit, Qt.Key.Key_Return)

    assert blocker.args == [EAN]
    assert screen.edit.text() == ""
    qtbot.wait(AFTER_EXPIRY_MS)
    assert screen.edit.text() == ""


def test_human_typing_arrives_in_the_line_edit(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter()  # the real clock: 80 ms between keys is a person

    with qtbot.assertNotEmitted(scanner.scanned):
        type_text(screen.edit, "süt", delay=80)
        qtbot.wait(AFTER_EXPIRY_MS)

    assert screen.edit.text() == "süt"


def test_slow_digits_and_enter_arrive_in_the_line_edit(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter()

    with (
        qtbot.assertNotEmitted(scanner.scanned),
        qtbot.waitSignal(screen.edit.returnPressed, timeout=1000),
    ):
        qtbot.keyClicks(screen.edit, "86900", delay=80)
        qtbot.keyClick(screen.edit, Qt.Key.Key_Return, delay=80)

    assert screen.edit.text() == "86900"


def test_fast_keys_are_held_then_replayed_when_no_enter_follows(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    clock = ManualClock()
    scanner = make_filter(clock)

    qtbot.keyClicks(screen.edit, "869000")
    assert screen.edit.text() == ""  # held: it may still become a scan

    clock.now += AFTER_EXPIRY_MS
    qtbot.waitUntil(lambda: screen.edit.text() == "869000", timeout=1000)

    # The Enter comes too late for a scan: it reaches the line edit as usual.
    with (
        qtbot.assertNotEmitted(scanner.scanned),
        qtbot.waitSignal(screen.edit.returnPressed, timeout=1000),
    ):
        qtbot.keyClick(screen.edit, Qt.Key.Key_Return)
    assert screen.edit.text() == "869000"


def test_short_fast_run_and_enter_are_both_delivered_in_order(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter(ManualClock())
    texts_at_return: list[str] = []
    screen.edit.returnPressed.connect(lambda: texts_at_return.append(screen.edit.text()))

    with qtbot.assertNotEmitted(scanner.scanned):
        scan(screen.edit, "12")

    # The held "12" was replayed before the Enter reached the line edit.
    assert texts_at_return == ["12"]


def test_ctrl_a_passes_through_at_once(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    make_filter(ManualClock())
    type_text(screen.edit, "süt")
    assert screen.edit.text() == ""  # held: fast enough to be the start of a scan

    qtbot.keyClick(screen.edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)

    # The chord is not held, and the held keys reach the line edit before it.
    assert screen.edit.text() == "süt"
    assert screen.edit.selectedText() == "süt"


def test_disabled_filter_passes_everything(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter(ManualClock())
    scanner.set_enabled(False)
    assert not scanner.is_enabled()

    with (
        qtbot.assertNotEmitted(scanner.scanned),
        qtbot.waitSignal(screen.edit.returnPressed, timeout=1000),
    ):
        scan(screen.edit, EAN)

    assert screen.edit.text() == EAN


def test_disabling_replays_held_keys(qtbot: QtBot, screen: Screen, make_filter: MakeFilter) -> None:
    scanner = make_filter(ManualClock())
    qtbot.keyClicks(screen.edit, "869")
    assert screen.edit.text() == ""

    scanner.set_enabled(False)

    assert screen.edit.text() == "869"


def test_scan_with_focus_on_a_button_still_emits(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter(ManualClock())
    screen.button.setFocus()
    qtbot.waitUntil(screen.button.hasFocus)

    with qtbot.waitSignal(scanner.scanned, timeout=1000) as blocker:
        scan(screen.button, EAN)

    assert blocker.args == [EAN]
    assert screen.edit.text() == ""


def test_two_scans_back_to_back_emit_two_codes(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    scanner = make_filter(ManualClock())
    codes: list[str] = []
    scanner.scanned.connect(codes.append)

    scan(screen.edit, EAN)
    scan(screen.edit, "ABC-123")

    assert codes == [EAN, "ABC-123"]
    assert screen.edit.text() == ""


def test_keys_through_the_window_are_decided_once(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    """Events from the platform reach the QWindow first, then the focus widget."""
    scanner = make_filter(ManualClock())
    window = screen.window.windowHandle()
    assert window is not None
    codes: list[str] = []
    scanner.scanned.connect(codes.append)

    for key in (Qt.Key.Key_8, Qt.Key.Key_6, Qt.Key.Key_9, Qt.Key.Key_0, Qt.Key.Key_1):
        QTest.keyClick(window, key)
    QTest.keyClick(window, Qt.Key.Key_Return)

    assert codes == ["86901"]
    assert screen.edit.text() == ""


def test_held_keys_go_back_to_the_widget_that_had_the_focus(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    clock = ManualClock()
    make_filter(clock)
    window = screen.window.windowHandle()
    assert window is not None

    QTest.keyClick(window, Qt.Key.Key_1)
    QTest.keyClick(window, Qt.Key.Key_2)
    screen.button.setFocus()
    qtbot.waitUntil(screen.button.hasFocus)
    clock.now += AFTER_EXPIRY_MS

    qtbot.waitUntil(lambda: screen.edit.text() == "12", timeout=1000)


class KeyLog(QWidget):
    """A focusable widget that records every key event it gets."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.events: list[tuple[str, str]] = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.events.append(("press", event.text()))

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        self.events.append(("release", event.text()))


def test_a_scan_leaves_no_key_events_at_the_widget(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    clock = ManualClock()
    scanner = make_filter(clock)
    log = KeyLog(screen.window)
    log.show()
    log.setFocus()
    qtbot.waitUntil(log.hasFocus)

    with qtbot.waitSignal(scanner.scanned, timeout=1000):
        scan(log, "AB-12")
    clock.now += AFTER_EXPIRY_MS
    qtbot.wait(AFTER_EXPIRY_MS)
    assert log.events == []

    # A person's key afterwards arrives whole, press and release, in order.
    qtbot.keyClick(log, Qt.Key.Key_X)
    clock.now += AFTER_EXPIRY_MS
    qtbot.waitUntil(lambda: log.events == [("press", "x"), ("release", "x")], timeout=1000)


def test_printable_shortcut_fires_for_a_person_but_not_inside_a_scan(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    clock = ManualClock()
    scanner = make_filter(clock)
    plus = QShortcut(QKeySequence("+"), screen.window)
    fired: list[bool] = []
    plus.activated.connect(lambda: fired.append(True))
    screen.button.setFocus()
    qtbot.waitUntil(screen.button.hasFocus)

    with qtbot.waitSignal(scanner.scanned, timeout=1000) as blocker:
        scan(screen.button, "12+345")
    assert blocker.args == ["12+345"]
    assert fired == []

    qtbot.keyClick(screen.button, Qt.Key.Key_Plus)
    clock.now += AFTER_EXPIRY_MS
    qtbot.waitUntil(lambda: fired == [True], timeout=1000)


def test_held_key_of_a_deleted_widget_is_dropped(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    clock = ManualClock()
    make_filter(clock)
    doomed = QLineEdit(screen.window)
    qtbot.keyClicks(doomed, "12")

    doomed.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(doomed), timeout=1000)
    clock.now += AFTER_EXPIRY_MS
    qtbot.wait(AFTER_EXPIRY_MS)

    assert screen.edit.text() == ""


def test_space_on_a_button_clicks_it_once_after_the_hold(
    qtbot: QtBot, screen: Screen, make_filter: MakeFilter
) -> None:
    """The release of a held key is held with it, or the button would see release-then-press."""
    clock = ManualClock()
    make_filter(clock)
    screen.button.setFocus()
    qtbot.waitUntil(screen.button.hasFocus)
    clicks: list[bool] = []
    screen.button.clicked.connect(lambda: clicks.append(True))

    qtbot.keyClick(screen.button, Qt.Key.Key_Space)
    assert clicks == []

    clock.now += AFTER_EXPIRY_MS
    qtbot.waitUntil(lambda: clicks == [True], timeout=1000)
    assert not screen.button.isDown()
