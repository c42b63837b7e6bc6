"""The kiosk window: full screen, frameless, nothing leaves it; the customer's pages under a
top bar, scans from anywhere, service mode for attendants, and the idle wipe."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from pos_app.checkout.events import Change, Stage
from pos_app.checkout.kiosk.pickup import PickupScanned
from pos_app.config import Settings
from pos_app.domain.cart import CartLine
from pos_app.errors import UserError
from pos_app.services.users import is_badge_code
from pos_app.ui.i18n import LanguageSwitcher, format_money
from pos_app.ui.kiosk.basket import KioskBasket
from pos_app.ui.kiosk.done import KioskDone
from pos_app.ui.kiosk.idle import IdleWatch, leaves_the_app
from pos_app.ui.kiosk.notices import KioskNotice, KioskStillThere
from pos_app.ui.kiosk.orders import KioskOrders
from pos_app.ui.kiosk.payment import CardPayer, KioskPaying
from pos_app.ui.kiosk.ports import KioskPort, Outcome, StaffList
from pos_app.ui.kiosk.produce import KioskProduce
from pos_app.ui.kiosk.service import KioskService
from pos_app.ui.kiosk.shopper import KioskLoyalty
from pos_app.ui.kiosk.style import kiosk_style
from pos_app.ui.kiosk.texts import kiosk_error
from pos_app.ui.kiosk.welcome import KioskScreen, KioskWelcome
from pos_app.ui.kiosk.widgets import KioskTopBar, kbutton, set_text
from pos_app.ui.scanner import ScannerFilter

log = logging.getLogger(__name__)


class KioskWindow(QMainWindow):
    """The self-service kiosk over a ``Kiosk`` (pos_app.app.build_kiosk).

    ``scale_present``: a scale is connected (the produce grid says so when not);
    ``scanner``: the application's scanner filter (one is installed when None);
    ``switcher``: swaps the translators with the customer's language (None: texts stay in
    the language installed); ``staff``: the users offered on the service PIN pad (default:
    ``AttendantSession.staff``);
    ``beep``: the sound of an unknown item; ``second_ms``: a second of the idle
    countdowns (tests make it short).
    """

    closed = Signal()
    _changed = Signal(str)  # the core's changes, also from the payment's worker thread

    def __init__(
        self,
        kiosk: KioskPort,
        settings: Settings,
        *,
        scale_present: bool,
        scanner: ScannerFilter | None = None,
        switcher: LanguageSwitcher | None = None,
        staff: StaffList | None = None,
        beep: Callable[[], None] = QApplication.beep,
        second_ms: int = 1000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            parent, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.kiosk = kiosk
        self.session = kiosk.session
        self.settings = settings
        self.switcher = switcher
        self.beep = beep
        self.default_language = settings.lang
        self.accessible = False
        self.portrait: bool | None = None
        self._may_close = False
        self._back_to: QWidget | None = None  # where a notice's OK returns to
        self._back_to_after_idle: QWidget | None = None  # where "Yes, still here" returns to
        self.setObjectName("kiosk_window")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        app = QApplication.instance()
        assert isinstance(app, QApplication), "the kiosk needs a QApplication"
        self.app = app

        self.central = QWidget()
        self.central.setObjectName("kiosk_central")
        self.setCentralWidget(self.central)
        self.bar = KioskTopBar(settings.store_name)
        self.bar.help_clicked.connect(self.call_help)
        self.bar.cancel_help_clicked.connect(self.cancel_help)
        self.bar.language_chosen.connect(self.set_language)

        self.welcome = KioskWelcome()
        self.basket = KioskBasket(self.session, self.report)
        self.produce = KioskProduce(self.session, self.describe, scale_present=scale_present)
        self.notice = KioskNotice()
        self.paying = KioskPaying()
        self.done = KioskDone()
        self.service = KioskService(
            self.session, kiosk.attendant, staff or kiosk.attendant.staff, self.describe
        )
        self.still_there = KioskStillThere()
        self.orders = KioskOrders(self, kiosk.aisle, self)  # pickup QRs, endless aisle
        self.loyalty = KioskLoyalty(self, kiosk.customer, kiosk.payment, self)  # points, cards
        self.screens: list[KioskScreen] = [
            self.welcome,
            self.basket,
            self.produce,
            self.notice,
            self.paying,
            self.done,
            self.service,
            self.still_there,
            *self.orders.screens,
            *self.loyalty.screens,
        ]
        self.pages = QStackedWidget()
        for screen in self.screens:
            self.pages.addWidget(screen)
        self.staff_button = kbutton("kiosk_staff", "staff", on_click=self.open_service)
        self.staff_button.setFixedWidth(96)
        corner = QHBoxLayout()
        corner.setContentsMargins(8, 0, 8, 8)
        corner.addStretch(1)
        corner.addWidget(self.staff_button)
        layout = QVBoxLayout(self.central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.pages, 1)
        layout.addLayout(corner)

        self.welcome.language_chosen.connect(self.set_language)
        self.welcome.accessibility_toggled.connect(self.set_accessible)
        self.welcome.produce_clicked.connect(self.open_produce)
        self.basket.produce_clicked.connect(self.open_produce)
        self.basket.pay_clicked.connect(self.pay)
        self.produce.back_clicked.connect(self.show_customer_page)
        self.produce.added.connect(self._weighed)
        self.notice.help_clicked.connect(lambda: self.call_help(self.notice.help_reason))
        self.notice.ok_clicked.connect(self._notice_done)
        self.paying.help_clicked.connect(lambda: self.call_help("payment_problem"))
        self.paying.retry_clicked.connect(self.pay)
        self.done.print_clicked.connect(self.print_receipt)
        self.done.done_clicked.connect(self.next_customer)
        self.service.left.connect(self._service_left)
        self.service.changed.connect(self.refresh)
        self.service.close_app.connect(self.close_app)
        self.still_there.yes_clicked.connect(self._still_here)

        self.payer = CardPayer(kiosk.payment, self)
        self.payer.progress.connect(self.paying.show_progress)
        self.payer.finished.connect(self.show_outcome)
        self.payer.failed.connect(self._payment_failed)

        self.idle = IdleWatch(
            settings.kiosk_idle_s, settings.kiosk_idle_grace_s, self, second_ms=second_ms
        )
        self.idle.idle.connect(self.ask_still_there)
        self.idle.tick.connect(self.still_there.set_seconds)
        self.idle.expired.connect(lambda: self.wipe("idle"))
        self.idle.activity.connect(self._activity)
        app.installEventFilter(self.idle)
        app.installEventFilter(self)

        self._own_scanner = scanner is None
        self.scanner = scanner or ScannerFilter(
            app,
            max_interval_ms=settings.scanner_key_interval_ms,
            min_length=settings.scanner_min_length,
        )
        if self._own_scanner:
            app.installEventFilter(self.scanner)
        self.scanner.scanned.connect(self.on_scan)

        # The core says what changed several times per action (cart, approvals, help): one
        # refresh on the next turn of the event loop shows them all; an action of this
        # window refreshes at once and cancels it.
        self._refresh_later = QTimer(self)
        self._refresh_later.setSingleShot(True)
        self._refresh_later.setInterval(0)
        self._refresh_later.timeout.connect(self._refresh_if_idle)
        self._changed.connect(self._on_core_change)
        kiosk.flow.subscribe(self._core_listener)
        self._styled: bool | None = None  # the style applied (standard or accessible)
        self.set_accessible(False)
        self.retranslate()
        self.show_customer_page()
        self.idle.touch()

    # -- the window stays -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """No context menu, right click, or key that would leave or switch the app."""
        return leaves_the_app(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_close:
            log.info("The kiosk refused to close: no manager asked")
            event.ignore()
            return
        self.idle.pause()
        self.payer.wait()
        self.app.removeEventFilter(self.idle)
        self.app.removeEventFilter(self)
        if self._own_scanner:
            self.app.removeEventFilter(self.scanner)
        event.accept()
        self.closed.emit()

    def shut_down(self) -> None:
        """Close without a manager: the program itself is ending (the bench, tests); no key
        or touch reaches this."""
        self._may_close = True
        self.close()

    def close_app(self) -> None:
        """A manager in service mode closes the kiosk app."""
        try:
            self.kiosk.attendant.authorize_quit()  # a manager only; audited
        except UserError as error:
            set_text(self.service.result, self.describe(error))
            self.service.result.show()
            return
        log.info("The kiosk app closed by an attendant")
        self.kiosk.attendant.leave()
        self._may_close = True
        self.close()

    # -- layout ----------------------------------------------------------------------------

    def wants_portrait(self) -> bool:
        orientation = self.settings.kiosk_orientation
        if orientation == "auto":
            return self.height() > self.width()
        return orientation == "portrait"

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout(self.wants_portrait())

    def _relayout(self, portrait: bool) -> None:
        if portrait != self.portrait:
            self.portrait = portrait
            for screen in self.screens:
                screen.relayout(portrait)
            # A layout keeps the sizes a hidden page had in its last arrangement until that
            # page says they changed (a stack of pages never does on its own): the window's
            # minimum would stay the other orientation's.
            for widget in self.findChildren(QWidget):
                widget.updateGeometry()

    def fit(self, width: int, height: int) -> None:
        """Take this size, arranged for it first: a tall arrangement's minimum height would
        keep the window from becoming wide and low (and the other way round)."""
        orientation = self.settings.kiosk_orientation
        self._relayout(height > width if orientation == "auto" else orientation == "portrait")
        for layout in (self.central.layout(), self.layout()):
            if layout is not None:
                layout.activate()
        self.resize(width, height)

    def set_accessible(self, on: bool) -> None:
        """Larger text and high contrast on the whole window (or back to standard)."""
        self.accessible = on
        if self._styled is not on:  # a style sheet re-polishes every widget: ~1 s
            self._styled = on
            self.central.setStyleSheet(kiosk_style(accessible=on))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Self-checkout"))
        set_text(self.staff_button, self.tr("Staff"), self.tr("Staff service mode"))
        self.bar.retranslate()
        for screen in self.screens:
            screen.retranslate()
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.setWindowTitle(self.tr("Self-checkout"))
            set_text(self.staff_button, self.tr("Staff"), self.tr("Staff service mode"))
        super().changeEvent(event)

    # -- following the core ----------------------------------------------------------------

    def _core_listener(self, change: Change) -> None:
        if isValid(self):
            self._changed.emit(change.value)

    def _on_core_change(self, _change: str) -> None:
        self._refresh_later.start()

    def _refresh_if_idle(self) -> None:
        if not self.payer.busy:  # the worker holds the session while it pays
            self.refresh()

    def refresh(self) -> None:
        """Every customer-facing state from the session."""
        self._refresh_later.stop()  # this shows whatever it was to show
        session = self.session
        page = self.pages.currentWidget()
        waiting = session.help_reason is not None or bool(list(session.pending_approvals()))
        self.bar.set_waiting(waiting, cancellable=session.help_reason is not None)
        self.bar.show_languages(page in (self.basket, self.produce, self.notice), session.language)
        self.welcome.show_state(
            closed=not session.day_open, language=session.language, accessible=self.accessible
        )
        self.basket.refresh()
        self.loyalty.refresh()
        if page is self.service:
            self.service.refresh()
        elif page is self.basket and not self.basket_open():
            self.show_page(self.welcome)
        elif page is self.welcome and self.basket_open():
            self.show_page(self.basket)

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        self.staff_button.setVisible(page not in (self.service, self.paying))
        self.bar.show_languages(
            page in (self.basket, self.produce, self.notice), self.session.language
        )

    def basket_open(self) -> bool:
        """Whether a customer's basket has goods (a paid one stays in the cart until the
        next sale starts: that is the last customer's)."""
        cart = self.session.sale.cart  # a customer who scanned their loyalty QR first too
        return bool(cart.lines or cart.customer_id) and self.kiosk.flow.stage is not Stage.DONE

    def show_customer_page(self) -> None:
        """The basket while it has lines, else the welcome screen."""
        self.show_page(self.basket if self.basket_open() else self.welcome)
        self.refresh()

    # -- the customer's actions ------------------------------------------------------------

    def describe(self, error: UserError) -> str:
        return kiosk_error(
            error, self.session.language, self.settings.timezone, self.settings.restricted_hours
        )

    def report(self, error: UserError) -> None:
        """A refused action on the basket, in words."""
        self.basket.say(self.describe(error))
        self.refresh()

    def set_language(self, language: str) -> None:
        self.session.set_language(language)
        if self.switcher is not None and self.switcher.language != language:
            self.switcher.set_language(language)
        self.retranslate()
        if self.pages.currentWidget() is self.produce:
            self.produce.reload()

    def on_scan(self, code: str) -> None:
        """A scan from anywhere: a staff badge opens service mode, anything else sells."""
        self.idle.touch()  # the scanner filter may have kept the keys from the idle watch
        page = self.pages.currentWidget()
        if page is self.paying or self.payer.busy:
            self.beep()  # the card terminal has the customer's attention now
            return
        if page is self.still_there:
            self._still_here()
        if is_badge_code(code):  # before the aisle's shelf-label scan takes it
            self.open_badge(code.strip())
            return
        if self.orders.take_scan(code):  # the aisle's "scan the shelf label"
            return
        if self.loyalty.take_scan(code):  # a loyalty QR; a gift card before the card
            return
        if page is self.done:
            self.done.clear()
        try:
            line = self.session.scan(code)
        except PickupScanned as scanned:  # a web order's QR: the basket is untouched
            self.orders.show_pickup(scanned.notice)
            return
        except UserError as error:
            self.show_refusal(error)
            return
        if page is self.service:
            self.service.refresh()
            return
        self.basket.clear_message()
        self.show_page(self.basket)
        self.refresh()
        self.orders.scanned(line)

    def show_refusal(self, error: UserError) -> None:
        page = self.pages.currentWidget()
        if error.code == "scan.unknown":
            self.beep()
            self._notice(
                self.tr("We couldn't find this item"),
                self.tr("Try scanning it again, or call for help."),
                help_reason="unknown_item",
            )
        elif error.code == "restriction.hours":
            self.beep()
            self._notice(self.tr("We can't sell this item now"), self.describe(error), "help")
        elif page is self.service:
            set_text(self.service.result, self.describe(error))
            self.service.result.show()
        elif error.code == "kiosk.closed":
            self.show_customer_page()
        else:
            self.basket.say(self.describe(error))
            self.show_page(self.basket if self.basket_open() else self.welcome)
            if not self.basket_open():
                self._notice(self.describe(error), "", "help")
        self.refresh()

    def _notice(self, title: str, text: str, help_reason: str) -> None:
        current = self.pages.currentWidget()
        if current is not self.notice:
            self._back_to = current if current in (self.produce, self.service) else None
        self.notice.show_problem(title, text, help_reason=help_reason)
        self.show_page(self.notice)

    def _notice_done(self) -> None:
        self.notice.clear()
        back = self._back_to
        self._back_to = None
        if back is not None:
            self.show_page(back)
            self.refresh()
        else:
            self.show_customer_page()

    def open_produce(self) -> None:
        if not self.session.day_open:
            self.show_customer_page()
            return
        self.produce.reload()
        self.show_page(self.produce)

    def _weighed(self, line: CartLine) -> None:
        self.show_page(self.basket)
        self.refresh()
        self.basket.say(self.produce.added_text(line))

    def call_help(self, reason: str = "help") -> None:
        self.session.call_help(reason)
        if self.pages.currentWidget() is self.notice:
            self.notice.help.setEnabled(False)
        self.refresh()

    def cancel_help(self) -> None:
        self.session.cancel_help()
        self.refresh()

    # -- paying ----------------------------------------------------------------------------

    def pay(self) -> None:
        if list(self.session.payment_blockers()):
            self.refresh()
            return
        if self.loyalty.before_card():  # points or gift cards first
            return
        if not self.payer.pay():
            return
        self.idle.pause()
        self.paying.show_progress("present_card")
        self.show_page(self.paying)

    def show_outcome(self, outcome: Outcome) -> None:
        self.refresh()
        kind = outcome.outcome
        if kind == "approved":
            result = outcome.result
            paid = result.sale.total_minor if result is not None else 0
            money = format_money(paid, self.session.language, self.session.sale.cart.currency)
            self.done.show_sale(self.kiosk.payment.receipt_url(), money)
            self.loyalty.sale_done(result)
            self.show_page(self.done)
        elif kind in ("declined", "cancelled"):
            self.idle.resume()
            self.show_customer_page()
            if kind == "declined":
                text = self.tr("Your card was declined. Try another card or ask for help.")
            else:
                text = self.tr("The payment was cancelled. Your basket is still here.")
            self.basket.say(text)
        else:  # the terminal's answer is not known yet: an attendant resolves it
            self.paying.show_checking()
            self.show_page(self.paying)
            self.call_help("payment_problem")

    def _payment_failed(self, error: object) -> None:
        self.refresh()
        if isinstance(error, UserError) and error.code != "payment.checking":
            self.idle.resume()
            self.show_customer_page()
            self.basket.say(self.describe(error))
            return
        self.paying.show_checking()
        self.show_page(self.paying)
        self.call_help("payment_problem")

    def print_receipt(self) -> None:
        try:
            self.kiosk.payment.print_receipt()
        except UserError as error:
            self.done.show_printed(self.describe(error))
            return
        self.done.print.setEnabled(False)
        self.done.show_printed(self.tr("Your receipt is printing. Please take it."))

    def next_customer(self) -> None:
        """After the thank-you: a fresh start for whoever comes next."""
        self.done.clear()
        self._reset_customer()
        self.idle.resume()

    # -- service mode ----------------------------------------------------------------------

    def open_service(self) -> None:
        if self.payer.busy:
            return
        self.service.show_sign_in()
        self.show_page(self.service)

    def open_badge(self, code: str) -> None:
        try:
            self.kiosk.attendant.open_by_badge(code)
        except UserError as error:
            if self.pages.currentWidget() is self.service:
                set_text(self.service.sign_in_error, self.describe(error))
                self.service.sign_in_error.show()
            else:
                self._notice(self.describe(error), "", "help")
            return
        self.service.show_actions()
        self.show_page(self.service)

    def _service_left(self) -> None:
        if self.pages.currentWidget() is self.paying:
            return
        self.show_customer_page()

    # -- idle ------------------------------------------------------------------------------

    def _customer_present(self) -> bool:
        session = self.session
        return bool(
            self.basket_open()
            or session.language != self.default_language
            or self.accessible
            or session.help_reason is not None
            or self.pages.currentWidget() not in (self.welcome, self.service)
        )

    def ask_still_there(self) -> None:
        page = self.pages.currentWidget()
        if page is self.service:
            self.service.leave()  # an attendant walked away: no one stays signed in
            self.idle.touch()
            return
        if not self._customer_present():
            self.idle.touch()
            return
        self._back_to_after_idle = page
        self.show_page(self.still_there)

    def _activity(self) -> None:
        self.session.touch()
        if self.pages.currentWidget() is self.still_there and not self.idle.asking:
            self._still_here()

    def _still_here(self) -> None:
        back = self._back_to_after_idle
        self._back_to_after_idle = None
        if back is not None and back is not self.still_there:
            self.show_page(back)
            self.refresh()
        else:
            self.show_customer_page()
        if self.idle.asking:
            self.idle.touch()

    def wipe(self, reason: str = "idle") -> None:
        """No one answered: the customer's basket, language and settings are forgotten."""
        log.info("Kiosk wiped: %s", reason)
        if self.kiosk.attendant.user is not None:
            self.kiosk.attendant.leave()
        try:
            self.session.wipe(reason)
        except UserError as error:  # a payment was taken: the sale must be completed first
            log.warning("Kiosk not wiped: %s", error)
            self.show_customer_page()
            self.idle.touch()
            return
        self._reset_customer()
        self.idle.touch()

    def _reset_customer(self) -> None:
        if self.session.language != self.default_language:
            self.session.set_language(self.default_language)
        if self.switcher is not None and self.switcher.language != self.default_language:
            self.switcher.set_language(self.default_language)
        self.set_accessible(False)
        self.basket.clear_message()
        self.notice.clear()
        self.done.clear()
        self.orders.clear()
        self.loyalty.clear()
        self._back_to = None
        self._back_to_after_idle = None
        self.retranslate()
        self.show_page(self.welcome)
        self.refresh()
