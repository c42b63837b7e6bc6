"""Composition root: settings -> logging -> database -> services -> checkout sessions. The Qt
layer (``pos_app.ui.main``) receives what is built here and builds no service itself."""

from __future__ import annotations

import io
import logging
import logging.handlers
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import cast

import httpx
from sqlalchemy import Engine

from pos_app.checkout.events import Flow
from pos_app.checkout.giftcards import GiftCardDesk
from pos_app.checkout.kiosk.aisle import KioskAisle
from pos_app.checkout.kiosk.attendant import AttendantSession
from pos_app.checkout.kiosk.build import KioskSessions, build_kiosk_sessions
from pos_app.checkout.kiosk.customer import KioskCustomer
from pos_app.checkout.kiosk.payment import KioskPayment
from pos_app.checkout.kiosk.session import KioskSession
from pos_app.checkout.kiosk.status import KioskStatusFeed
from pos_app.checkout.payment import PaymentSession
from pos_app.checkout.pickup import PickupSession
from pos_app.checkout.register import Register
from pos_app.checkout.returns import ReturnsSession
from pos_app.checkout.sale import SaleSession
from pos_app.checkout.staff import StaffSession
from pos_app.config import Settings
from pos_app.devices.drawer import CashDrawer
from pos_app.devices.payment_terminal import PaymentTerminal, open_payment_terminal
from pos_app.devices.receipt_printer import ReceiptRenderer, printer_setup, store_info
from pos_app.devices.scale import Scale, open_scale
from pos_app.domain.giftcards import GiftCardLimits
from pos_app.domain.roles import Approval, ApprovalPolicy, Role
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.card_attempts import CardAttemptStore
from pos_app.services.catalog import CatalogLookup
from pos_app.services.catalog_import import CatalogImporter
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.services.clock import Clock, SystemClock, local_date
from pos_app.services.customers import CustomerService
from pos_app.services.drafts import DraftService
from pos_app.services.kiosk_status import AttendantWatch, KioskReporter
from pos_app.services.loyalty import LoyaltyService, Reserver
from pos_app.services.pickup_desk import PickupService
from pos_app.services.printing import PrinterDrawer, PrintService
from pos_app.services.sales import SalesService
from pos_app.services.shifts import ShiftClose, ShiftService
from pos_app.services.stock import StockService
from pos_app.services.stock_lookup import StockLookup
from pos_app.services.stock_tasks.service import StockTasks
from pos_app.services.sync_worker import SyncWorker
from pos_app.services.terminal import TerminalInfo, require_terminal
from pos_app.services.users import UserService
from pos_app.services.value_cards import ValueCards
from pos_app.services.web_returns import WebReturnService
from pos_app.storage.data_dir import secure_data_dir
from pos_app.storage.database import open_database
from pos_app.storage.replica.settings import SyncSettings, load_sync_settings
from sync.private_files import make_private_dir, open_private
from sync.protocol import is_kiosk_code

log = logging.getLogger(__name__)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created 0600 (a rotation opens a new one each time)."""

    def _open(self) -> io.TextIOWrapper:
        return cast(io.TextIOWrapper, open_private(Path(self.baseFilename), "a"))


def configure_logging(settings: Settings, *, console_level: int = logging.WARNING) -> None:
    """A rotating log file in the data directory plus warnings on stderr."""
    make_private_dir(settings.data_dir)
    make_private_dir(settings.log_dir)
    root = logging.getLogger()
    if any(getattr(h, "_pos_handler", False) for h in root.handlers):
        return
    file_handler = PrivateRotatingFileHandler(
        settings.log_dir / "pos.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    console = logging.StreamHandler()
    console.setLevel(console_level)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    handlers: list[logging.Handler] = [file_handler, console]
    for handler in handlers:
        handler._pos_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.INFO)


def approval_policy(settings: Settings) -> ApprovalPolicy:
    return ApprovalPolicy(
        reduction_limits={
            Role.CASHIER: Decimal(settings.discount_limit_cashier),
            Role.SUPERVISOR: Decimal(settings.discount_limit_supervisor),
            Role.MANAGER: Decimal(100),
        }
    )


def open_engine(settings: Settings) -> Engine:
    """The till database, after making the data directory and its files private."""
    secure_data_dir(settings.data_dir)
    return open_database(settings.database_path)


def build_printing(
    settings: Settings,
    engine: Engine,
    clock: Clock,
    store_code: str,
    *,
    first_retry_s: float = 1.0,
    max_retry_s: float = 30.0,
) -> PrintService:
    """Receipt rendering and the print queue for the configured printer (or the preview).

    A wrong printer URI, profile or code page never stops the till: the problem is logged and
    shown (``PrintService.config_error``), and receipts wait until the setting is fixed.
    """
    config_error: UserError | None = None
    try:
        setup = printer_setup(settings)
        ReceiptRenderer.check(setup)
    except UserError as error:  # the caller reports it (status bar, log, CLI message)
        setup, config_error = None, error
    renderer = ReceiptRenderer(
        setup,
        store=store_info(settings, store_code),
        timezone=settings.timezone,
        ereceipt_base_url=settings.ereceipt_base_url,
        cache_dir=settings.data_dir / "cache",
    )
    return PrintService(
        engine,
        clock,
        renderer,
        first_retry_s=first_retry_s,
        max_retry_s=max_retry_s,
        config_error=config_error,
    )


class _NotifyingStock(StockService):
    """Stock adjustments that wake the sync worker once committed."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        after_commit: Callable[[], None],
    ) -> None:
        super().__init__(engine, clock, terminal, timezone)
        self._after_commit = after_commit

    def adjust(self, items: list[tuple[str, Decimal]], reason: str, user_id: str | None) -> int:
        written = super().adjust(items, reason, user_id)
        self._after_commit()
        return written


class _NotifyingShifts(ShiftService):
    """Shift closes that wake the sync worker once committed."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        printing: PrintService | None,
        after_commit: Callable[[], None],
        *,
        variance_limit_minor: int | None = None,
    ) -> None:
        super().__init__(
            engine, clock, terminal, timezone, printing, variance_limit_minor=variance_limit_minor
        )
        self._after_commit = after_commit

    def close(
        self,
        shift_id: str,
        counted_minor: int,
        closed_by: str,
        *,
        language: str = "tr",
        cashier_name: str = "",
        approval: Approval | None = None,
    ) -> ShiftClose:
        result = super().close(
            shift_id,
            counted_minor,
            closed_by,
            language=language,
            cashier_name=cashier_name,
            approval=approval,
        )
        self._after_commit()
        return result


def with_enrolment(settings: Settings, enrolment: SyncSettings | None) -> Settings:
    """Once enrolled, the backend's store details and e-receipt base URL are what receipts
    show, whatever the local settings say."""
    if enrolment is None:
        return settings
    updates: dict[str, object] = {}
    for field, value in (
        ("store_name", enrolment.store_name),
        ("store_address", enrolment.store_address),
        ("store_tax_number", enrolment.store_tax_number),
        ("ereceipt_base_url", enrolment.ereceipt_base_url),
    ):
        if value:
            updates[field] = value
    return settings.model_copy(update=updates)


def _reserver(sync: SyncWorker | None) -> Callable[[], Reserver | None]:
    """The sync transport a points hold is reserved through (None: not enrolled)."""

    def reserver() -> Reserver | None:
        client = sync.client if sync is not None else None
        return client.transport if client is not None else None

    return reserver


def build_services(
    settings: Settings,
    engine: Engine,
    clock: Clock | None = None,
    printing: PrintService | None = None,
    *,
    sync_http: httpx.Client | None = None,
    sync_interval_s: float = 30.0,
) -> Services:
    """Every service over one database; the print and sync workers are started by the app,
    not here. ``sync_http`` replaces the sync client's HTTP client (tests)."""
    clock = clock or SystemClock()
    terminal = require_terminal(engine)
    policy = approval_policy(settings)
    enrolment = load_sync_settings(engine)
    settings = with_enrolment(settings, enrolment)
    sync = (
        SyncWorker(
            engine,
            http=sync_http,
            interval_s=sync_interval_s,
            clock=clock,
            images_dir=settings.images_dir,
        )
        if enrolment is not None
        else None
    )
    printing = printing or build_printing(settings, engine, clock, terminal.store_code)
    stock: StockService
    shifts: ShiftService
    if sync is not None:
        stock = _NotifyingStock(engine, clock, terminal, settings.timezone, sync.notify)
        shifts = _NotifyingShifts(
            engine,
            clock,
            terminal,
            settings.timezone,
            printing,
            sync.notify,
            variance_limit_minor=settings.shift_close_variance_limit_minor,
        )
    else:
        stock = StockService(engine, clock, terminal, settings.timezone)
        shifts = ShiftService(
            engine,
            clock,
            terminal,
            settings.timezone,
            printing,
            variance_limit_minor=settings.shift_close_variance_limit_minor,
        )
    catalog = CatalogLookup(engine)
    stock_lookup = StockLookup(engine, terminal.store_code)
    return Services(
        settings=settings,
        engine=engine,
        clock=clock,
        terminal=terminal,
        policy=policy,
        catalog=catalog,
        importer=CatalogImporter(engine, clock),
        users=UserService(
            engine,
            clock,
            max_attempts=settings.pin_max_attempts,
            lockout_minutes=settings.pin_lockout_minutes,
        ),
        shifts=shifts,
        sales=SalesService(
            engine,
            clock,
            terminal,
            printing,
            policy,
            settings.currency,
            receipt_key=enrolment.receipt_key if enrolment else None,
            after_commit=sync.notify if sync is not None else None,
            store_credit_cards=settings.store_credit_cards,
        ),
        stock=stock,
        drafts=DraftService(engine, clock, policy),
        printing=printing,
        pickup=PickupService(
            engine,
            clock,
            terminal,
            settings.timezone,
            after_commit=sync.notify if sync is not None else None,
        ),
        stock_lookup=stock_lookup,
        web_returns=WebReturnService(engine, clock, policy, settings.currency),
        stock_tasks=StockTasks(
            engine,
            clock,
            terminal,
            settings.timezone,
            catalog,
            stock_lookup,
            after_commit=sync.notify if sync is not None else None,
        ),
        customers=CustomerService(
            engine,
            clock,
            terminal,
            settings.timezone,
            channel="kiosk" if is_kiosk_code(terminal.terminal_code) else "store",
            after_commit=sync.notify if sync is not None else None,
        ),
        sync=sync,
        # A staff till watches its store's kiosks; a kiosk itself reports instead.
        attendants=(
            AttendantWatch(engine, http=sync_http)
            if sync is not None and not is_kiosk_code(terminal.terminal_code)
            else None
        ),
        loyalty=LoyaltyService(engine, _reserver(sync)),
    )


def build_register(services: Services, drawer: CashDrawer, *, language: str = "tr") -> Register:
    """A cashier's checkout sessions over ``services``, sharing one flow: each session gets
    only the services it uses (a kiosk builds a sale and a payment session alone)."""
    settings = services.settings
    flow = Flow(language=language)
    records = CheckoutRecords(services.engine, services.clock)
    staff = StaffSession(flow, services.users, services.shifts, services.policy)
    sale = SaleSession(
        flow,
        staff,
        services.catalog,
        services.drafts,
        records,
        services.new_cart,
        merge_scans=settings.merge_scans,
        receipt_default=settings.receipt_default,
        sync=services.sync,
    )
    payment = PaymentSession(
        flow,
        staff,
        sale,
        services.sales,
        services.printing,
        records,
        drawer,
        cash_rounding_step=settings.cash_rounding_step,
        ereceipt_base_url=settings.ereceipt_base_url,
        no_sale_role=services.policy.no_sale_role,
        pickup=services.pickup,
        loyalty=services.loyalty,
    )
    returns = ReturnsSession(
        flow, sale, services.sales, services.catalog, services.web_returns, records, drawer
    )
    pickup = PickupSession(flow, sale, payment, services.catalog)
    return Register(flow, staff, sale, payment, returns, pickup, records)


def value_cards_of(services: Services) -> ValueCards:
    """Gift card balances and holds over the sync transport (none before enrolment)."""
    client = services.sync.client if services.sync is not None else None
    return ValueCards(
        services.engine, services.clock, client.transport if client is not None else None
    )


def build_gift_card_desk(services: Services, register: Register) -> GiftCardDesk:
    """The till's gift card sales, balances and tenders (``checkout.giftcards``)."""
    settings = services.settings
    return GiftCardDesk(
        register.sale,
        register.payment,
        value_cards_of(services),
        services.catalog,
        limits=GiftCardLimits(settings.gift_card_min_minor, settings.gift_card_max_minor),
        sku=settings.gift_card_sku,
    )


@dataclass
class Composition:
    """What the app is made of below Qt: the services (workers started) and the cashier's
    checkout sessions over them. ``pos_app.ui.main`` builds its windows from this."""

    services: Services
    register: Register
    gift_cards: GiftCardDesk | None = None  # gift card sales and tenders of the register

    def close(self) -> None:
        """Stop the workers and release the database (``Services.close``)."""
        self.services.close()


def open_composition(settings: Settings) -> Composition:
    """The till as it runs: services over its database, the print and sync workers started,
    and the cashier's sessions with the drawer on the receipt printer."""
    services = build_services(settings, open_engine(settings))
    if services.printing.config_error is not None:
        log.error("Printer setting refused: %s", services.printing.config_error.message)
    services.printing.start()
    if services.sync is not None:
        services.sync.start()
    if services.attendants is not None:
        services.attendants.start()
    drawer = PrinterDrawer(services.printing)
    register = build_register(services, drawer, language=settings.lang)
    return Composition(services, register, build_gift_card_desk(services, register))


@dataclass
class Kiosk:
    """A self-service kiosk's sessions: the customer's (``session``), staff's service mode
    (``attendant``) and the card payment (``payment``), over one flow."""

    flow: Flow
    session: KioskSession
    attendant: AttendantSession
    payment: KioskPayment
    sessions: KioskSessions
    aisle: KioskAisle  # endless aisle: goods ordered for delivery or pickup elsewhere
    customer: KioskCustomer  # the loyalty QR scanned, the customer's points


def build_kiosk(
    services: Services,
    *,
    scale: Scale | None,
    terminal: PaymentTerminal | None,
    reporter: KioskReporter | None = None,
    language: str = "tr",
) -> Kiosk:
    """The kiosk's checkout over ``services`` (the same sale and payment sessions a till
    has), its card payment on ``terminal`` and its state reported through ``reporter``.

    Card attempts a crash or a lost answer left unresolved are settled here, before the
    first customer (``KioskPayment.recover``)."""
    feed: KioskStatusFeed | None = None
    if reporter is not None:
        feed = KioskStatusFeed(reporter.report, services.printing)
    sessions = build_kiosk_sessions(
        services,
        scale=scale,
        on_state=feed.session_changed if feed is not None else None,
        language=language,
    )
    if feed is not None:
        feed.attach(sessions.sale, lambda: len(sessions.session.pending_approvals()))
        services.printing.subscribe(feed.printer_changed)
    payment = KioskPayment(
        sessions.flow,
        sessions.seller,
        sessions.sale,
        services.sales,
        services.printing,
        CardAttemptStore(services.engine, services.clock),
        terminal,
        ereceipt_base_url=services.settings.ereceipt_base_url,
        blockers=sessions.session.payment_blockers,
        cards=value_cards_of(services),
        loyalty=services.loyalty,
    )
    recovered = payment.recover()
    if recovered:
        log.warning("Card payments settled at start-up: receipts %s", ", ".join(recovered))
    clock, zone = services.clock, services.settings.timezone
    customer = KioskCustomer(
        sessions.session,
        payment,
        services.customers,
        services.loyalty,
        lambda: local_date(clock.now(), zone),
    )
    return Kiosk(
        sessions.flow,
        sessions.session,
        sessions.attendant,
        payment,
        sessions,
        sessions.aisle,
        customer,
    )


@dataclass
class KioskComposition:
    """A kiosk as it runs: services (workers started), its devices, reporter and sessions."""

    services: Services
    kiosk: Kiosk
    reporter: KioskReporter
    scale: Scale | None
    terminal: PaymentTerminal | None

    def close(self) -> None:
        self.reporter.stop()
        if self.scale is not None:
            self.scale.close()
        self.services.close()


def open_kiosk_composition(settings: Settings) -> KioskComposition:
    """The kiosk as it runs: services over its database with the print and sync workers
    started, the scale and card terminal of its settings (a wrong URI stops it here with
    the problem named), its state reported to the backend, and its sessions."""
    scale = open_scale(settings.scale_uri)
    terminal = open_payment_terminal(settings.card_terminal_uri)
    services = build_services(settings, open_engine(settings))
    if services.printing.config_error is not None:
        log.error("Printer setting refused: %s", services.printing.config_error.message)
    services.printing.start()
    if services.sync is not None:
        services.sync.start()
    reporter = KioskReporter(services.engine, clock=services.clock)
    reporter.start()
    try:
        kiosk = build_kiosk(
            services, scale=scale, terminal=terminal, reporter=reporter, language=settings.lang
        )
    except BaseException:
        reporter.stop()
        services.close()
        raise
    return KioskComposition(services, kiosk, reporter, scale, terminal)
