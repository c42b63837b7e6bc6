"""Fixtures for the cashier window tests: a seeded data directory and the whole app on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from pos_app.app import build_register, build_services, open_composition, open_engine
from pos_app.checkout.register import Register
from pos_app.config import Settings, load_settings
from pos_app.domain.roles import Role
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.services.terminal import initialise_terminal
from pos_app.services.users import StaffUser
from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from pos_app.ui.cashier.main_window import MainWindow
from pos_app.ui.i18n import LanguageSwitcher, compile_translations
from pos_app.ui.main import CashierApp
from tests.fakes import FakeClock, seed_catalog
from tests.replica import seed_pickups, seed_stock

# Slower than the scanner filter's 35 ms between keys: a person typing.
HUMAN_DELAY_MS = 60


@dataclass
class Till:
    """A terminal's data directory with the seed catalog and three staff members."""

    settings: Settings
    engine: Engine  # for the tests' own queries; the app opens its own
    cashier: StaffUser
    supervisor: StaffUser
    manager: StaffUser
    apps: list[CashierApp] = field(default_factory=list)

    def rows(self, name: str, **where: Any) -> list[dict[str, Any]]:
        t = table(name)
        query = select(t)
        for column, value in where.items():
            query = query.where(t.c[column] == value)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]


def make_till(data_dir: Path, lang: str) -> Till:
    settings = load_settings(data_dir=data_dir, lang=lang)
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, FakeClock())
    services = build_services(settings, engine)
    try:
        cashier = services.users.add("Ayşe", Role.CASHIER, "4826")
        supervisor = services.users.add("Mehmet", Role.SUPERVISOR, "583916")
        manager = services.users.add("Zeynep", Role.MANAGER, "739164")
    finally:
        services.close()
    return Till(settings, open_database(settings.database_path), cashier, supervisor, manager)


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    built = make_till(tmp_path / "data", "en")
    yield built
    built.engine.dispose()


AppFactory = Callable[..., CashierApp]


def close_app(cashier: CashierApp) -> None:
    """Close the app and undo what it did to the process-wide QApplication."""
    if not shiboken6.isValid(cashier.window):
        return
    cashier.close()
    if cashier.display is not None and shiboken6.isValid(cashier.display):
        cashier.display.deleteLater()
    cashier.window.deleteLater()
    cashier.switcher.set_language("en")  # removes the translators
    cashier.switcher.deleteLater()


@pytest.fixture
def restore_locale() -> Iterator[None]:
    """The language switcher sets the default QLocale; later tests get theirs back."""
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def qm_dir(tmp_path: Path) -> Path:
    target = tmp_path / "qm"
    compile_translations(target)
    return target


@pytest.fixture
def turkish(qapp: QApplication, qm_dir: Path, restore_locale: None) -> Iterator[LanguageSwitcher]:
    """Turkish translators installed on the application for one test."""
    switcher = LanguageSwitcher(qapp, qm_dir)
    switcher.set_language("tr")
    yield switcher
    switcher.set_language("en")
    switcher.deleteLater()


@pytest.fixture
def make_app(
    qtbot: QtBot, qapp: QApplication, till: Till, restore_locale: None
) -> Iterator[AppFactory]:
    """Build the cashier app on the till's data directory (several times for a restart)."""
    style = qapp.styleSheet()

    def make(
        *,
        lang: str | None = None,
        alert: Callable[[], None] | None = None,
        **overrides: Any,
    ) -> CashierApp:
        settings = till.settings
        if overrides or (lang is not None and lang != settings.lang):
            settings = load_settings(
                data_dir=settings.data_dir, lang=lang or settings.lang, **overrides
            )
        cashier = CashierApp(settings, qapp, open_composition(settings))
        # pytest-qt reports exceptions raised in slots; the crash hook would swallow them.
        cashier.crash.uninstall()
        if alert is not None:
            cashier.window.alert = alert
        till.apps.append(cashier)
        cashier.show()
        window = cashier.window
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return cashier

    yield make
    for cashier in till.apps:
        close_app(cashier)
    qapp.setStyleSheet(style)
    qapp.processEvents()


def user_tile(window: MainWindow, user: StaffUser) -> QPushButton:
    tile = window.signin.findChild(QPushButton, f"signin_user_{user.user_id}")
    assert tile is not None, f"no tile for {user.name}"
    return tile


def sign_in(qtbot: QtBot, window: MainWindow, user: StaffUser, pin: str) -> None:
    """Click the user's tile, type the PIN and press Enter."""
    assert window.stack.currentWidget() is window.signin
    qtbot.mouseClick(user_tile(window, user), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.signin.pin.hasFocus)
    qtbot.keyClicks(window.signin.pin, pin)
    qtbot.keyClick(window.signin.pin, Qt.Key.Key_Return)


def open_shift(qtbot: QtBot, window: MainWindow, amount: str = "500") -> None:
    assert window.stack.currentWidget() is window.shift_open
    edit = window.shift_open.float_edit
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, amount)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


# Replica data as pulled at this moment (tests.replica) for the desk and stock screens.
DESK_SYNCED = datetime(2026, 11, 23, 11, 40, tzinfo=UTC)


@pytest.fixture
def desk_register(
    till: Till, qapp: QApplication, qm_dir: Path, restore_locale: None
) -> Iterator[Callable[..., tuple[Register, Services]]]:
    """A signed-in register over the desk data, and the services its screens are given."""
    made: list[Any] = []

    def make(lang: str = "en", minutes_after_sync: int = 5) -> tuple[Register, Services]:
        seed_stock(till.engine, DESK_SYNCED)
        seed_pickups(till.engine, DESK_SYNCED)
        clock = FakeClock(DESK_SYNCED + timedelta(minutes=minutes_after_sync))
        services = build_services(till.settings, open_engine(till.settings), clock)
        register = build_register(services, PrinterDrawer(services.printing), language=lang)
        register.sign_in(till.cashier.user_id, "4826")
        switcher = LanguageSwitcher(qapp, qm_dir)
        switcher.set_language(lang)
        made.append((services, switcher))
        return register, services

    yield make
    for services, switcher in made:
        switcher.set_language("en")
        switcher.deleteLater()
        services.close()
