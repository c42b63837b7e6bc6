"""The cashier window: a header, one screen per stage of the register, the status bar; it
routes scanner input to whichever screen is showing, gives the keyboard back to the screen
after every dialog, and asks for Quit."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
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

from pos_app.checkout.customer_desk import CustomerDesk
from pos_app.checkout.events import Change, Stage
from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.register import Register
from pos_app.domain.roles import Approval
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.clock import local_date
from pos_app.ui.attendants import AttendantsIndicator, attendants_for
from pos_app.ui.cashier.dialogs import ConfirmDialog, HelpDialog, with_approval
from pos_app.ui.cashier.payment import PaymentScreen
from pos_app.ui.cashier.pickup import PickupDialog
from pos_app.ui.cashier.printing import ReceiptsDialog
from pos_app.ui.cashier.result import ResultScreen
from pos_app.ui.cashier.returns import ReturnScreen
from pos_app.ui.cashier.sale import SaleScreen, typed_text
from pos_app.ui.cashier.shift import ShiftOpenScreen
from pos_app.ui.cashier.shift_close import ShiftCloseScreen
from pos_app.ui.cashier.signin import SignInScreen
from pos_app.ui.cashier.status import StatusPanel
from pos_app.ui.cashier.stock import ManagerMode, StockDialog
from pos_app.ui.cashier.sync import SyncProblemsDialog
from pos_app.ui.focus import DialogFocusReturn, give_back_keyboard
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.messages import error_text
from pos_app.ui.scanner import ScannerFilter
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import FittedLabel, Screen, button, set_label

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    quit_requested = Signal()  # Quit was allowed and confirmed: the app closes everything
    closed = Signal()  # the window was closed (by Quit, or by a window manager)

    def __init__(
        self,
        register: Register,
        services: Services,
        switcher: LanguageSwitcher,
        scanner: ScannerFilter,
        *,
        alert: Callable[[], None] = QApplication.beep,
        manager_mode: ManagerMode | None = None,
        gift_cards: GiftCardDesk | None = None,
    ) -> None:
        """``services`` come from the composition root (``pos_app.app``): each screen and
        dialog gets the few it reads; the cashier's actions go through ``register``
        (``gift_cards``: gift card sales and tenders, none without it)."""
        super().__init__()
        self.manager_mode = manager_mode
        self.register = register
        self.services = services
        self.switcher = switcher
        self.scanner = scanner
        self.alert = alert
        self.setObjectName("main_window")
        central = QWidget()
        central.setObjectName("central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)

        self.header = QFrame()
        self.header.setProperty("kind", "header")
        header_row = QHBoxLayout(self.header)
        header_row.setContentsMargins(12, 6, 12, 6)
        # Who and where, on two lines that take the room the buttons leave: whole when they
        # fit, cut at a word with "…" (whole in the tooltip) only when they do not.
        self.store_label = FittedLabel()
        self.store_label.setObjectName("header_store")
        self.user_label = FittedLabel()
        self.user_label.setObjectName("header_user")
        self.user_label.setProperty("kind", "user")
        identity = QVBoxLayout()
        identity.setSpacing(0)
        identity.addWidget(self.store_label)
        identity.addWidget(self.user_label)
        self.language_button = button(
            "header_language", kind="header", on_click=self.toggle_language
        )
        self.no_sale_button = button("header_no_sale", kind="header", on_click=self.no_sale)
        self.receipts_button = button("header_receipts", kind="header", on_click=self.show_receipts)
        self.pickup_button = button("header_pickups", kind="header", on_click=self.show_pickups)
        self.stock_button = button("header_stock", kind="header", on_click=self.show_stock)
        self.help_button = button("header_help", kind="header", on_click=self.show_help)
        self.sign_out_button = button("header_sign_out", kind="header", on_click=self.sign_out)
        self.quit_button = button("header_quit", kind="header", on_click=self.request_quit)
        header_row.addLayout(identity, 1)
        for header_button in (
            self.pickup_button,
            self.stock_button,
            self.receipts_button,
            self.no_sale_button,
            self.language_button,
            self.help_button,
            self.sign_out_button,
            self.quit_button,
        ):
            header_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            header_row.addWidget(header_button)
        column.addWidget(self.header)

        self.stack = QStackedWidget()
        settings = services.settings
        zone = settings.timezone  # the store's, as on the receipts
        self.signin = SignInScreen(register, zone=zone, pin_max_attempts=settings.pin_max_attempts)
        self.shift_open = ShiftOpenScreen(register)
        self.sale = SaleScreen(
            register,
            services.catalog,
            services.clock,
            zone=zone,
            favourites=settings.favourites,
            customers=CustomerDesk(
                services.customers,
                register.sale,
                lambda: local_date(services.clock.now(), zone),
                services.loyalty,
            ),
            gift_cards=gift_cards,
        )
        sync = services.sync
        self.payment = PaymentScreen(
            register,
            gift_cards=gift_cards,
            online=lambda: sync is not None and sync.status().online is True,
            zone=zone,
        )
        self.returns = ReturnScreen(
            register, services.catalog, services.web_returns, services.clock, zone=zone
        )
        self.result = ResultScreen(register, services.printing)
        self.shift_close = ShiftCloseScreen(register)
        for screen in (
            self.signin,
            self.shift_open,
            self.sale,
            self.payment,
            self.returns,
            self.result,
            self.shift_close,
        ):
            self.stack.addWidget(screen)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = StatusPanel(
            register, services.printing, services.clock, zone=zone, sync=services.sync
        )
        self.setStatusBar(self.status)
        self.status.receipts_requested.connect(self.show_receipts)
        self.status.sync_requested.connect(self.show_sync)
        # The store's kiosks (hidden while it has none; None when not enrolled).
        self.attendants: AttendantsIndicator | None = None
        monitor = attendants_for(services.attendants, self)
        if monitor is not None:
            self.attendants = AttendantsIndicator(monitor, lambda: self.register.language)
            self.status.addPermanentWidget(self.attendants)

        self.sale.close_shift_requested.connect(self.show_shift_close)
        self.sale.problem.connect(lambda _text: self.alert())
        self._closing_shift = False
        self.shift_close.finished.connect(self._shift_close_done)
        self.shift_close.cancelled.connect(self._shift_close_done)
        scanner.scanned.connect(self.on_scan)
        register.subscribe(self.on_change)
        for keys, handler in (
            ("F1", self.show_help),
            ("Ctrl+L", self.toggle_language),
            ("Ctrl+Shift+Q", self.sign_out),
            ("Ctrl+Shift+D", self.no_sale),
            ("Ctrl+P", self.show_receipts),
            ("Ctrl+Y", self.show_sync),
            ("Ctrl+O", self.show_pickups),
            ("Ctrl+I", self.show_stock),
            ("Ctrl+Q", self.request_quit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handler)
        # Without a window manager (a kiosk, a dedicated till) nothing gives the keyboard back
        # to this window when a dialog closes: this does, to the screen's scan target.
        self.focus_return = DialogFocusReturn(self, self.focus_scan_target)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self.focus_return)
        self.retranslate()
        self.follow_stage()

    # -- texts -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Cash register"))
        terminal = self.services.terminal
        store = self.services.settings.store_name or self.tr("Store {store}").format(
            store=terminal.store_code
        )
        self.store_label.set_full_text(store)
        set_label(
            self.language_button,
            "English" if self.register.language == "tr" else "Türkçe",
            self.tr("Switch language (Ctrl+L)"),
        )
        set_label(
            self.no_sale_button, self.tr("Open drawer"), self.tr("Open drawer without a sale")
        )
        set_label(
            self.receipts_button, self.tr("Receipts"), self.tr("Receipts and printer (Ctrl+P)")
        )
        set_label(self.pickup_button, self.tr("Pickups"), self.tr("Pickups: web orders (Ctrl+O)"))
        set_label(self.stock_button, self.tr("Stock"), self.tr("Stock look-up (Ctrl+I)"))
        set_label(self.help_button, self.tr("Help (F1)"), self.tr("Keyboard shortcuts"))
        set_label(self.sign_out_button, self.tr("Sign out"), self.tr("Sign out"))
        set_label(self.quit_button, self.tr("Quit"), self.tr("Quit the app (Ctrl+Q)"))
        self._update_header()
        self.status.refresh()

    def _update_header(self) -> None:
        user = self.register.staff.user
        till = self.tr("Till {terminal}").format(terminal=self.services.terminal.terminal_code)
        self.user_label.set_full_text(f"{user.name} · {till}" if user else till)
        signed_in = user is not None
        for header_button in (
            self.sign_out_button,
            self.no_sale_button,
            self.receipts_button,
            self.pickup_button,
            self.stock_button,
        ):
            header_button.setVisible(signed_in)

    # -- register changes ------------------------------------------------------------------

    def on_change(self, change: Change) -> None:
        if change is Change.STAGE:
            self.follow_stage()
        elif change is Change.CART:
            self.sale.refresh()
        elif change is Change.PAYMENT:
            self.payment.refresh()
        elif change is Change.RETURN:
            self.returns.refresh()
        elif change is Change.SESSION:
            self._update_header()
            self.status.refresh()

    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def follow_stage(self) -> None:
        """Show the screen of the register's stage (the shift-close screen holds its result
        on screen until the cashier continues)."""
        stage = self.register.stage
        screen: Screen = {
            Stage.SIGNED_OUT: self.signin,
            Stage.NEEDS_SHIFT: self.shift_open,
            Stage.SELLING: self.sale,
            Stage.PAYING: self.payment,
            Stage.RETURNING: self.returns,
            Stage.DONE: self.result,
        }[stage]
        if self._closing_shift:
            return
        self.stack.setCurrentWidget(screen)
        activate = getattr(screen, "activate", None)
        if callable(activate):
            activate()
        self.scanner.set_enabled(stage in (Stage.SELLING, Stage.RETURNING, Stage.DONE))
        self._update_header()
        self.status.refresh()

    def show_shift_close(self) -> None:
        if not self.register.sale.cart.is_empty:
            self.sale.show_message(self.tr("Finish or park the sale before closing the shift."))
            return
        self._closing_shift = True
        self.stack.setCurrentWidget(self.shift_close)
        self.shift_close.activate()
        self.scanner.set_enabled(False)

    def _shift_close_done(self) -> None:
        self._closing_shift = False
        self.follow_stage()

    # -- input -----------------------------------------------------------------------------

    def on_scan(self, code: str) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            # The pickup desk and stock look-up take scans (a QR, an item); others ignore them.
            scan = getattr(modal, "scan", None)
            if callable(scan):
                scan(code)
            return
        current = self.stack.currentWidget()
        if current is self.returns:
            self.returns.scan(code)
        elif current in (self.sale, self.result):
            self.sale.scan(code)

    def toggle_language(self) -> None:
        language = "en" if self.register.language == "tr" else "tr"
        self.register.set_language(language)
        self.switcher.set_language(language)

    def show_help(self) -> None:
        current = self.stack.currentWidget()
        specific = getattr(current, "shortcut_help", None)
        rows = list(specific()) if callable(specific) else []
        rows += [
            ("F1", self.tr("This help")),
            ("Ctrl+L", self.tr("Switch language Türkçe / English")),
            ("Ctrl+Shift+D", self.tr("Open the drawer without a sale (approval)")),
            ("Ctrl+P", self.tr("Receipts: reprint, cancel, did it print?, X report")),
            ("Ctrl+O", self.tr("Pickups: find, prepare and hand over web orders")),
            ("Ctrl+I", self.tr("Stock here, at other stores and online")),
            ("Ctrl+Y", self.tr("Sync: state, sync now, records the backend rejected")),
            ("Ctrl+Shift+Q", self.tr("Sign out (a sale in progress is parked)")),
            ("Ctrl+Q", self.tr("Quit the app (with no sale open, or a manager)")),
            (self.tr("Scanner"), self.tr("Scan anywhere on the sale screen")),
        ]
        HelpDialog(self.register, rows, self).open()

    def sign_out(self) -> None:
        if self.register.staff.user is None:
            return
        try:
            parked = self.register.sign_out()
        except UserError as error:
            self.sale.show_error(error)
            return
        if parked:
            log.info("Sale %s parked at sign-out", parked)

    def show_receipts(self) -> None:
        if self.register.staff.user is None:
            return
        ReceiptsDialog(
            self.register,
            self,
            printing=self.services.printing,
            zone=self.services.settings.timezone,
        ).open()

    def show_pickups(self) -> None:
        """The pickup desk (Ctrl+O): this store's web orders, on the last synced data."""
        if self.register.staff.user is None:
            return
        PickupDialog(
            self.register,
            self,
            pickups=self.services.pickup,
            clock=self.services.clock,
            zone=self.services.settings.timezone,
        ).open()

    def show_stock(self, query: str = "") -> None:
        """Stock look-up (Ctrl+I) here, at the other stores and online."""
        if self.register.staff.user is None:
            return
        StockDialog(
            self.register,
            self,
            StockTools.of(self.services),
            query=query,
            manager_mode=self.manager_mode,
        ).open()

    def show_sync(self) -> None:
        """The sync dialog (Ctrl+Y or a click on the status bar's sync state); signed out too,
        for whoever sets the till up."""
        SyncProblemsDialog(
            self.register,
            self,
            sync=self.services.sync,
            clock=self.services.clock,
            zone=self.services.settings.timezone,
            monitor=self.status.sync_monitor,
        ).open()

    def no_sale(self) -> None:
        if self.register.staff.user is None or self.register.staff.shift is None:
            return

        def attempt(approval: Approval | None) -> object:
            return self.register.payment.no_sale(approval)

        with_approval(
            self,
            self.register,
            attempt,
            lambda error: self.sale.show_message(error_text(error, self.register.language)),
        )

    # -- quit ------------------------------------------------------------------------------

    def request_quit(self) -> None:
        """Quit (Ctrl+Q, the header's Quit): the signed-in user with no sale open confirms; a
        manager may always; anyone else (or nobody signed in) needs a manager's PIN."""
        if self.register.quit_needs_approval:
            approve = self.register.authorize_quit
            with_approval(self, self.register, approve, self._say, self.quit_requested.emit)
            return
        dialog = ConfirmDialog(
            self.register,
            "quit",
            self.tr("Quit"),
            self.tr("Close the cash register app? Everything is saved."),
            self,
        )
        set_label(dialog.ok_button, self.tr("Quit (Enter)"), self.tr("Quit"))

        def confirmed() -> None:
            try:
                self.register.authorize_quit(None)
            except UserError as error:  # a sale was opened meanwhile
                self._say(error)
                return
            self.quit_requested.emit()

        dialog.accepted.connect(confirmed)
        dialog.open()

    def _say(self, error: UserError) -> None:
        text = error_text(error, self.register.language)
        screen = self.current_screen()
        show = getattr(screen, "show_message", None)
        if callable(show):
            show(text)
        else:
            log.info("Quit refused: %s", error.message)

    # -- keyboard focus --------------------------------------------------------------------

    def scan_target(self) -> QWidget | None:
        """Where typing and scanning go on the current screen."""
        screen = self.current_screen()
        target = getattr(screen, "scan_target", None)
        if callable(target):
            widget = target()
            return widget if isinstance(widget, QWidget) else None
        for name in ("receipt", "float_edit"):  # the returns and shift-open screens' fields
            widget = getattr(screen, name, None)
            if isinstance(widget, QWidget):
                return widget
        return None

    def focus_scan_target(self) -> None:
        """After a dialog: this window gets the keyboard again and the screen's scan target
        the focus, unless the focus is already on that screen (a field being typed in)."""
        give_back_keyboard(self, self.current_screen(), self.scan_target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Keys no widget took (no field has the focus, or a button has it): on the sale
        # screen, typed text is a search rather than lost.
        if self.current_screen() is self.sale and typed_text(event):
            self.sale.type_to_search(event.text())
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # The draft sale is already on disk; closing loses nothing. Closed by a window
        # manager too, the whole app quits (the customer display with it).
        log.info("Cashier window closed")
        if self.attendants is not None:
            self.attendants.stop()
        super().closeEvent(event)
        self.closed.emit()
