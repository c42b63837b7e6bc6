"""``pos app``: the Qt composition on top of the services (settings -> logging -> database
-> services -> Qt)."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication

from pos_app.app import build_services, configure_logging, open_engine
from pos_app.config import Settings
from pos_app.services.printing import PrinterDrawer
from pos_app.services.register import Register
from pos_app.ui.cashier.customer_display import CustomerDisplay
from pos_app.ui.cashier.main_window import MainWindow
from pos_app.ui.crash import CrashReporter
from pos_app.ui.i18n import LanguageSwitcher, compile_translations
from pos_app.ui.qt_messages import install_qt_message_handler
from pos_app.ui.scanner import ScannerFilter

if TYPE_CHECKING:
    from pos_app.ui.manager.window import ManagerApp

log = logging.getLogger(__name__)

STYLE_FILE = Path(__file__).resolve().parents[2] / "resources" / "styles" / "pos.qss"
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


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8"))


class CashierApp:
    """Everything the running cashier app is made of, built once and closed once."""

    def __init__(self, settings: Settings, app: QApplication) -> None:
        self.settings = settings
        self.app = app
        qm_dir = settings.data_dir / "cache" / "translations"
        compile_translations(qm_dir)
        self.switcher = LanguageSwitcher(app, qm_dir)
        self.switcher.set_language(settings.lang)
        apply_style(app)
        self.services = build_services(settings, open_engine(settings))
        if self.services.printing.config_error is not None:
            log.error("Printer setting refused: %s", self.services.printing.config_error.message)
        self.services.printing.start()
        if self.services.sync is not None:
            self.services.sync.start()
        drawer = PrinterDrawer(self.services.printing)
        self.register = Register(self.services, drawer, language=settings.lang)
        self.scanner = ScannerFilter(
            app,
            max_interval_ms=settings.scanner_key_interval_ms,
            min_length=settings.scanner_min_length,
        )
        app.installEventFilter(self.scanner)
        self.window = MainWindow(self.register, self.switcher, self.scanner)
        self.crash = CrashReporter(settings.log_dir / "pos.log", self.window)
        self.crash.install()
        self.display: CustomerDisplay | None = None
        if settings.customer_display:
            self.display = CustomerDisplay(self.register)

    def show(self) -> None:
        screens = QGuiApplication.screens()
        self.window.resize(1280, 800)
        if screens and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
            self.window.showMaximized()
        else:
            self.window.show()
        if self.display is not None:
            self.display.place_on_screen()

    def close(self) -> None:
        self.crash.uninstall()
        self.app.removeEventFilter(self.scanner)
        if self.display is not None:
            self.display.close()
        self.window.close()
        self.switcher.uninstall()
        self.services.close()


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


def run(settings: Settings, *, manager: bool = False) -> int:
    """Start the cashier app (or, with ``manager``, the manager screens behind a manager's
    sign-in) and run until it is closed."""
    started = time.perf_counter()
    configure_logging(settings)
    app = application()
    cashier: CashierApp | ManagerApp
    if manager:
        from pos_app.ui.manager.window import ManagerApp

        cashier = ManagerApp(settings, app)
    else:
        cashier = CashierApp(settings, app)
    cashier.show()
    log.info("Cashier app started in %.0f ms", (time.perf_counter() - started) * 1000)
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
