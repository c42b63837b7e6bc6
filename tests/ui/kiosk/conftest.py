"""The kiosk window over the kiosk core's stand-in, a scanner whose keys are always fast,
and the translators of the language under test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from pos_app.config import load_settings
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.kiosk import KioskWindow
from pos_app.ui.scanner import ScannerFilter
from tests.ui.kiosk.fake_kiosk import FakeKiosk, FakeScale, fake_kiosk, staff_users

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SECOND_MS = 40  # a second of the idle countdowns in these tests


@dataclass
class Kiosk:
    window: KioskWindow
    kiosk: FakeKiosk
    scanner: ScannerFilter
    beeps: list[int] = field(default_factory=list)

    def scan(self, code: str) -> None:
        """A scanner types the code and Enter into whatever widget has the keyboard."""
        target = QApplication.focusWidget() or self.window
        QTest.keyClicks(target, code)
        QTest.keyClick(target, Qt.Key.Key_Return)


def visible_texts(window: QWidget) -> list[str]:
    """Every text a person can see in the window now."""
    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if widget.isVisibleTo(window) and widget.text():
            texts.append(widget.text())
    return texts


def button(window: QWidget, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, f"no button {name}"
    return found


def click(qtbot: QtBot, widget: QPushButton) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


MakeKiosk = Callable[..., Kiosk]


@pytest.fixture
def make_kiosk(
    qtbot: QtBot, qapp: QApplication, qm_dir: Path, tmp_path: Path, restore_locale: None
) -> Iterator[MakeKiosk]:
    made: list[tuple[KioskWindow, ScannerFilter, LanguageSwitcher]] = []
    style = qapp.styleSheet()

    def make(
        language: str = "tr", *, size: tuple[int, int] = (1920, 1080), **overrides: Any
    ) -> Kiosk:
        settings = load_settings(
            data_dir=tmp_path / "data", lang=language, store_name="Kadıköy Merkez", **overrides
        )
        switcher = LanguageSwitcher(qapp, qm_dir)
        switcher.set_language(language)
        scanner = ScannerFilter(clock=lambda: 1000.0)  # every key as fast as a scanner's
        qapp.installEventFilter(scanner)
        images = {"MUZ": None, "DOMATES": None, "ELMA": None}
        kiosk = fake_kiosk(language, scale=FakeScale(), images=images)
        beeps: list[int] = []
        window = KioskWindow(
            kiosk,
            settings,
            scale_present=True,
            scanner=scanner,
            switcher=switcher,
            staff=staff_users,
            beep=lambda: beeps.append(1),
            second_ms=SECOND_MS,
        )
        made.append((window, scanner, switcher))
        window.fit(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return Kiosk(window, kiosk, scanner, beeps)

    yield make
    for window, scanner, switcher in made:
        if shiboken6.isValid(window):
            window._may_close = True  # the tests end; no manager needed
            window.close()
            window.deleteLater()
        qapp.removeEventFilter(scanner)
        switcher.set_language("en")
        switcher.deleteLater()
    qapp.setStyleSheet(style)
    qapp.processEvents()
