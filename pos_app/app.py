"""Composition root: settings -> logging -> database -> services (the Qt layer comes later)."""

from __future__ import annotations

import logging
import logging.handlers
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Engine

from pos_app.config import Settings
from pos_app.devices.receipt_printer import ReceiptRenderer, printer_setup, store_info
from pos_app.domain.cart import Cart
from pos_app.domain.roles import ApprovalPolicy, Role
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.services.catalog_import import CatalogImporter
from pos_app.services.clock import Clock, SystemClock
from pos_app.services.drafts import DraftService
from pos_app.services.printing import PrintService
from pos_app.services.sales import SalesService
from pos_app.services.shifts import ShiftService
from pos_app.services.stock import StockService
from pos_app.services.terminal import TerminalInfo, require_terminal
from pos_app.services.users import UserService
from pos_app.storage.database import open_database


def configure_logging(settings: Settings, *, console_level: int = logging.WARNING) -> None:
    """A rotating log file in the data directory plus warnings on stderr."""
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if any(getattr(h, "_pos_handler", False) for h in root.handlers):
        return
    file_handler = logging.handlers.RotatingFileHandler(
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
    return open_database(settings.database_path)


@dataclass
class Services:
    """Every use case, built once and passed down (no globals)."""

    settings: Settings
    engine: Engine
    clock: Clock
    terminal: TerminalInfo
    policy: ApprovalPolicy
    catalog: CatalogLookup
    importer: CatalogImporter
    users: UserService
    shifts: ShiftService
    sales: SalesService
    stock: StockService
    drafts: DraftService
    printing: PrintService

    def new_cart(self) -> Cart:
        """An empty cart with this terminal's currency, pricing mode and approval limits."""
        return Cart(
            currency=self.settings.currency, mode=self.settings.pricing_mode, policy=self.policy
        )

    def close(self) -> None:
        """Stop the print worker and release database connections (app and tests)."""
        self.printing.close()
        self.catalog.close()
        self.engine.dispose()


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


def build_services(
    settings: Settings,
    engine: Engine,
    clock: Clock | None = None,
    printing: PrintService | None = None,
) -> Services:
    """Every service over one database; the print worker is started by the app, not here."""
    clock = clock or SystemClock()
    terminal = require_terminal(engine)
    policy = approval_policy(settings)
    printing = printing or build_printing(settings, engine, clock, terminal.store_code)
    return Services(
        settings=settings,
        engine=engine,
        clock=clock,
        terminal=terminal,
        policy=policy,
        catalog=CatalogLookup(engine),
        importer=CatalogImporter(engine, clock),
        users=UserService(
            engine,
            clock,
            max_attempts=settings.pin_max_attempts,
            lockout_minutes=settings.pin_lockout_minutes,
        ),
        shifts=ShiftService(engine, clock, terminal, settings.timezone, printing),
        sales=SalesService(engine, clock, terminal, printing, policy, settings.currency),
        stock=StockService(engine, clock, terminal, settings.timezone),
        drafts=DraftService(engine, clock, policy),
        printing=printing,
    )
