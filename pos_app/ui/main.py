"""``pos app`` and ``pos app --manager``: the Qt composition on top of the services (settings ->
logging -> database -> services -> Qt)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from pos_app.app import Composition, configure_logging, open_composition, open_engine
from pos_app.config import Settings
from pos_app.ui.cashier.customer_display import CustomerDisplay
from pos_app.ui.cashier.main_window import MainWindow
from pos_app.ui.crash import CrashReporter
from pos_app.ui.i18n import LanguageSwitcher, compile_translations
from pos_app.ui.manager.dialog import open_manager_mode
from pos_app.ui.manager.window import ManagerWindow
from pos_app.ui.qt_messages import install_qt_message_handler
from pos_app.ui.scanner import ScannerFilter
from pos_app.ui.style import apply_style

log = logging.getLogger(__name__)

STARTUP_PROBE = "POS_STARTUP_PROBE"  # set by `pos bench`: print the start-up time and quit


def application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    install_qt_message_handler()  # Qt's messages to the log, its offscreen noise dropped
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("pos-omni")
    app.setApplicationDisplayName("POS")
    app.setFont(QFont("DejaVu Sans", 12))
    return app


def prepare_application(
    settings: Settings, app: QApplication
) -> tuple[LanguageSwitcher, ScannerFilter]:
    """What every window of the app needs first: the translations compiled and the language
    set, the style sheet, and the scanner filter installed."""
    qm_dir = settings.data_dir / "cache" / "translations"
    compile_translations(qm_dir)
    switcher = LanguageSwitcher(app, qm_dir)
    switcher.set_language(settings.lang)
    apply_style(app)
    scanner = ScannerFilter(
        app,
        max_interval_ms=settings.scanner_key_interval_ms,
        min_length=settings.scanner_min_length,
    )
    app.installEventFilter(scanner)
    return switcher, scanner


class CashierApp:
    """Everything the running cashier app is made of, built once and closed once: the windows
    over what the composition root built (``pos_app.app.open_composition``)."""

    def __init__(self, settings: Settings, app: QApplication, composition: Composition) -> None:
        self.settings = settings
        self.app = app
        self.switcher, self.scanner = prepare_application(settings, app)
        self.composition = composition
        self.services = composition.services
        self.register = composition.register
        self.window = MainWindow(
            self.register,
            self.services,
            self.switcher,
            self.scanner,
            manager_mode=lambda stock: open_manager_mode(stock, stock.tools),
            gift_cards=composition.gift_cards,
        )
        self.crash = CrashReporter(settings.log_dir / "pos.log", self.window)
        self.crash.install()
        self.display: CustomerDisplay | None = None
        if wants_customer_display(settings.customer_display, len(QGuiApplication.screens())):
            self.display = CustomerDisplay(self.register)
        # What ends the event loop once every window is closed (a test puts its own).
        self.exit: Callable[[], None] = app.quit
        self._quitting = False
        self.window.quit_requested.connect(self.quit)
        self.window.closed.connect(self.quit)

    def show(self) -> None:
        screens = QGuiApplication.screens()
        self.window.resize(1280, 800)
        if screens and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            # Without a window manager (a kiosk) nothing maximizes the window: fill the screen.
            self.window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
            self.window.showMaximized()
        else:
            self.window.show()
        if self.display is not None:
            self.display.place_on_screen()
        # The keyboard is the cashier's (a window manager would activate the window).
        if QGuiApplication.platformName() != "offscreen":
            self.window.raise_()
        self.window.activateWindow()

    def quit(self) -> None:
        """Quit, or the cashier window closed (by a window manager too): every window closes
        and the event loop ends; ``run`` then stops the workers (and ``pos demo`` its
        backend)."""
        if self._quitting:
            return
        self._quitting = True
        log.info("Quitting the cashier app")
        if self.display is not None and isValid(self.display):
            self.display.close()
        self.window.close()
        self.exit()

    def close(self) -> None:
        self._quitting = True
        self.crash.uninstall()
        self.app.removeEventFilter(self.scanner)
        self.app.removeEventFilter(self.window.focus_return)
        if self.display is not None and isValid(self.display):
            self.display.close()
        self.window.close()
        self.switcher.uninstall()
        self.composition.close()


class ManagerApp:
    """The running manager app, built once and closed once (like ``CashierApp``)."""

    def __init__(self, settings: Settings, app: QApplication, composition: Composition) -> None:
        self.settings = settings
        self.app = app
        self.switcher, self.scanner = prepare_application(settings, app)
        self.composition = composition
        self.services = composition.services
        self.register = composition.register
        self.window = ManagerWindow(self.register, self.services, self.switcher, self.scanner)
        self.crash = CrashReporter(settings.log_dir / "pos.log", self.window)
        self.crash.install()

    def show(self) -> None:
        self.window.resize(1280, 800)
        if QGuiApplication.screens() and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            # Without a window manager nothing maximizes the window: fill the screen.
            self.window.setGeometry(QGuiApplication.primaryScreen().availableGeometry())
            self.window.showMaximized()
            self.window.raise_()
        else:
            self.window.show()
        self.window.activateWindow()

    def close(self) -> None:
        self.crash.uninstall()
        self.app.removeEventFilter(self.scanner)
        self.app.removeEventFilter(self.window.focus_return)
        self.window.close()
        self.switcher.uninstall()
        self.composition.close()


def wants_customer_display(setting: bool | None, screens: int) -> bool:
    """``POS_CUSTOMER_DISPLAY``: true always, false never, auto (None) with a second screen
    only (on one screen it would cover the cashier's own window)."""
    if setting is None:
        return screens > 1
    return setting


def run_first_start(settings: Settings) -> bool:
    """A data directory with no terminal yet: the enrolment dialog; True once enrolled."""
    from pos_app.ui.cashier.enrol import run_enrol_dialog

    configure_logging(settings)
    app = application()
    qm_dir = settings.data_dir / "cache" / "translations"
    compile_translations(qm_dir)
    switcher = LanguageSwitcher(app, qm_dir)
    switcher.set_language(settings.lang)
    apply_style(app)
    engine = open_engine(settings)
    try:
        return run_enrol_dialog(engine)
    finally:
        switcher.uninstall()
        engine.dispose()


def quit_on_signals(app: QApplication) -> QTimer:
    """``kill`` (SIGTERM) or Ctrl+C (SIGINT) ends the app the way Quit does, so ``run``'s
    clean-up runs (and ``pos demo`` stops its backend). Python handles a signal only between
    its own steps, so a timer gives it one now and then while Qt waits for events."""

    def handle(signum: int, _frame: object) -> None:
        log.info("Signal %s: quitting", signal.Signals(signum).name)
        QTimer.singleShot(0, app.quit)

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
    return wake


def run(settings: Settings, *, manager: bool = False) -> int:
    """Start the cashier app (or, with ``manager``, the manager screens behind a manager's
    sign-in) and run until it is closed."""
    started = time.perf_counter()
    configure_logging(settings)
    app = application()
    composition = open_composition(settings)
    cashier: CashierApp | ManagerApp = (
        ManagerApp(settings, app, composition)
        if manager
        else CashierApp(settings, app, composition)
    )
    cashier.show()
    log.info("Cashier app started in %.0f ms", (time.perf_counter() - started) * 1000)
    quit_on_signals(app)
    if os.environ.get(STARTUP_PROBE):

        def probe() -> None:
            sys.stdout.write(f"started {time.perf_counter() - started:.3f}\n")
            sys.stdout.flush()
            app.quit()

        QTimer.singleShot(0, probe)
    try:
        return app.exec()
    finally:
        cashier.close()
