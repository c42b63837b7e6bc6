"""``pos app --manager``: the app opens on a sign-in for managers, then the manager screens.

A cashier's (or supervisor's) PIN is refused with a clear message; a wrong PIN counts towards
the lock-out as at the till. No shift is needed: nothing here takes money.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.users import StaffUser
from pos_app.ui.attendants import AttendantsSection, attendants_for
from pos_app.ui.cashier.dialogs import ConfirmDialog
from pos_app.ui.cashier.signin import SignInScreen
from pos_app.ui.focus import DialogFocusReturn, give_back_keyboard
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.manager.panel import ManagerPanel
from pos_app.ui.messages import error_text
from pos_app.ui.scanner import ScannerFilter
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import FittedLabel, Screen, button, set_label

log = logging.getLogger(__name__)


class ManagerSignIn(SignInScreen):
    """Staff tiles and the PIN pad, for managers only."""

    signed_in = Signal(object)  # StaffUser

    def __init__(
        self,
        register: Register,
        tools: StockTools,
        *,
        pin_max_attempts: int,
        parent: QWidget | None = None,
    ) -> None:
        self.tools = tools
        super().__init__(
            register, zone=tools.zone, pin_max_attempts=pin_max_attempts, parent=parent
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Manager mode"))
        self.subtitle.setText(self.tr("A manager taps their name, then types their PIN."))

    def submit(self) -> None:
        checked = self._checked()
        if checked is None:
            self.message.setText(self.tr("Tap your name first."))
            self.message.show()
            return
        pin = self.pin.text()
        self.pin.clear()
        try:
            manager = self.tools.tasks.enter_manager_mode(
                self.tools.users, str(checked.property("user_id")), pin
            )
        except UserError as error:
            self.message.setText(error_text(error, self.register.language))
            self.message.show()
            self.pin.setFocus()
            return
        self.message.hide()
        self.signed_in.emit(manager)


class ManagerWindow(QMainWindow):
    """A header (store, manager, language, sign out) over the sign-in or the manager panel."""

    def __init__(
        self,
        register: Register,
        services: Services,
        switcher: LanguageSwitcher,
        scanner: ScannerFilter,
    ) -> None:
        """``services`` come from the composition root (``pos_app.app``)."""
        super().__init__()
        self.register = register
        self.services = services
        self.tools = StockTools.of(services)
        self.switcher = switcher
        self.scanner = scanner
        self.manager: StaffUser | None = None
        self.panel: ManagerPanel | None = None
        self.setObjectName("manager_window")
        central = QWidget()
        central.setObjectName("central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.header = QFrame()
        self.header.setProperty("kind", "header")
        row = QHBoxLayout(self.header)
        row.setContentsMargins(12, 6, 12, 6)
        # Whole when they fit, cut at a word with "…" (whole in the tooltip) when they do not.
        self.store_label = FittedLabel()
        self.store_label.setObjectName("manager_header_store")
        self.user_label = FittedLabel()
        self.user_label.setObjectName("manager_header_user")
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.store_label, 3)
        row.addWidget(self.user_label, 2)
        self.language_button = button(
            "manager_header_language", kind="header", on_click=self.toggle_language
        )
        self.sign_out_button = button(
            "manager_header_sign_out", kind="header", on_click=self.sign_out
        )
        self.quit_button = button("manager_header_quit", kind="header", on_click=self.request_quit)
        for header_button in (self.language_button, self.sign_out_button, self.quit_button):
            header_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            row.addWidget(header_button)
        column.addWidget(self.header)
        self.stack = QStackedWidget()
        self.signin = ManagerSignIn(
            register, self.tools, pin_max_attempts=services.settings.pin_max_attempts
        )
        self.signin.signed_in.connect(self.open_panel)
        self.stack.addWidget(self.signin)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(16, 12, 16, 12)
        # The store's kiosks above the manager screens (hidden while it has none).
        self.attendants: AttendantsSection | None = None
        monitor = attendants_for(services.attendants, self)
        if monitor is not None:
            self.attendants = AttendantsSection(monitor, lambda: self.register.language)
            self.body_layout.addWidget(self.attendants)
        self.stack.addWidget(self.body)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        scanner.scanned.connect(self.on_scan)
        scanner.set_enabled(False)
        for keys, handler in (
            ("Ctrl+L", self.toggle_language),
            ("Ctrl+Shift+Q", self.sign_out),
            ("Ctrl+Q", self.request_quit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handler)
        # No window manager (a back-office till run bare): the keyboard comes back after dialogs.
        self.focus_return = DialogFocusReturn(self, self.focus_input)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self.focus_return)
        self.retranslate()
        self.signin.activate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Manager mode"))
        terminal = self.services.terminal
        store = self.services.settings.store_name or self.tr("Store {store}").format(
            store=terminal.store_code
        )
        self.store_label.set_full_text(
            self.tr("{store} · Manager mode on till {terminal}").format(
                store=store, terminal=terminal.terminal_code
            )
        )
        self.user_label.set_full_text(self.manager.name if self.manager is not None else "")
        set_label(
            self.language_button,
            "English" if self.register.language == "tr" else "Türkçe",
            self.tr("Switch language (Ctrl+L)"),
        )
        set_label(self.sign_out_button, self.tr("Sign out"), self.tr("Sign out"))
        set_label(self.quit_button, self.tr("Quit"), self.tr("Quit manager mode (Ctrl+Q)"))
        self.sign_out_button.setVisible(self.manager is not None)

    def request_quit(self) -> None:
        """Quit (Ctrl+Q, the header's Quit) after a confirmation: nothing here takes money and
        a task in progress is a saved draft, so no approval is needed."""
        dialog = ConfirmDialog(
            self.register,
            "manager_quit",
            self.tr("Quit"),
            self.tr("Close manager mode? Tasks in progress are saved."),
            self,
        )
        set_label(dialog.ok_button, self.tr("Quit (Enter)"), self.tr("Quit"))
        dialog.accepted.connect(self.close)
        dialog.open()

    def focus_input(self) -> None:
        """After a dialog: the keyboard back to this window, the focus to the PIN or the
        shown tab's scan field unless it is already on the screen."""
        give_back_keyboard(self, self.current_screen(), self._scan_target)

    def _scan_target(self) -> QWidget | None:
        if self.panel is not None and shiboken6.isValid(self.panel):
            return self.panel.scan_field()
        return self.signin.pin

    def open_panel(self, manager: StaffUser) -> None:
        self.manager = manager
        self.panel = ManagerPanel(self.register, manager, self.tools)
        self.body_layout.addWidget(self.panel)
        self.stack.setCurrentWidget(self.body)
        self.scanner.set_enabled(True)
        self.retranslate()
        log.info("Manager mode opened by %s", manager.user_id)

    def sign_out(self) -> None:
        if self.panel is not None and shiboken6.isValid(self.panel):
            self.panel.stop()
            self.panel.hide()
            self.body_layout.removeWidget(self.panel)
            self.panel.deleteLater()
        self.panel = None
        self.manager = None
        self.scanner.set_enabled(False)
        self.stack.setCurrentWidget(self.signin)
        self.signin.activate()
        self.retranslate()

    def on_scan(self, code: str) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            scan = getattr(modal, "scan", None)
            if callable(scan):
                scan(code)
            return
        if self.panel is not None:
            self.panel.scan(code)

    def toggle_language(self) -> None:
        language = "en" if self.register.language == "tr" else "tr"
        self.register.set_language(language)
        self.switcher.set_language(language)

    def current_screen(self) -> Screen:
        return self.panel if self.panel is not None else self.signin

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.panel is not None and shiboken6.isValid(self.panel):
            self.panel.stop()  # tasks in progress are saved drafts: closing loses nothing
        if self.attendants is not None:
            self.attendants.stop()
        log.info("Manager window closed")
        super().closeEvent(event)
