"""The self-service kiosk's Qt front-end over the Qt-free kiosk core (pos_app.checkout.kiosk).

``run_kiosk(settings, kiosk)`` runs it full screen until a manager closes it in service mode.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QGuiApplication

from pos_app.config import Settings
from pos_app.ui.kiosk.ports import KioskPort, StaffList
from pos_app.ui.kiosk.window import KioskWindow

log = logging.getLogger(__name__)

__all__ = ["KioskWindow", "run_kiosk", "show_kiosk"]


def show_kiosk(window: KioskWindow) -> None:
    """Full screen on the primary screen; offscreen (tests, screenshots) the size of the
    configured orientation."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        geometry = screen.geometry()
        window.fit(geometry.width(), geometry.height())
        window.setGeometry(geometry)
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
        return
    portrait = window.settings.kiosk_orientation == "portrait"
    if portrait:
        window.fit(1080, 1920)
    else:
        window.fit(1920, 1080)
    window.show()


def run_kiosk(
    settings: Settings,
    kiosk: KioskPort,
    *,
    scale_present: bool = False,
    staff: StaffList | None = None,
) -> int:
    """Run the kiosk until a manager closes it: the application, translations, style and
    scanner as the cashier app prepares them, then the kiosk window full screen."""
    from pos_app.ui.main import application, prepare_application, quit_on_signals

    app = application()
    switcher, scanner = prepare_application(settings, app)
    window = KioskWindow(
        kiosk,
        settings,
        scale_present=scale_present,
        scanner=scanner,
        switcher=switcher,
        staff=staff,
    )
    window.closed.connect(app.quit)
    show_kiosk(window)
    log.info("Kiosk started")
    quit_on_signals(app)
    try:
        return app.exec()
    finally:
        app.removeEventFilter(scanner)
        switcher.uninstall()
