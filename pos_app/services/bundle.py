"""The till's services as one bundle: what the composition root (``pos_app.app``) builds
once and the front-ends receive, so no module below it needs to import the root."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from pos_app.config import Settings
from pos_app.domain.cart import Cart
from pos_app.domain.roles import ApprovalPolicy
from pos_app.services.catalog import CatalogLookup
from pos_app.services.catalog_import import CatalogImporter
from pos_app.services.clock import Clock
from pos_app.services.customers import CustomerService
from pos_app.services.drafts import DraftService
from pos_app.services.kiosk_status import AttendantWatch
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.pickup_desk import PickupService
from pos_app.services.printing import PrintService
from pos_app.services.sales import SalesService
from pos_app.services.shifts import ShiftService
from pos_app.services.stock import StockService
from pos_app.services.stock_lookup import StockLookup
from pos_app.services.stock_tasks.service import StockTasks
from pos_app.services.sync_worker import SyncWorker
from pos_app.services.terminal import TerminalInfo
from pos_app.services.users import UserService
from pos_app.services.web_returns import WebReturnService


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
    pickup: PickupService
    stock_lookup: StockLookup
    web_returns: WebReturnService  # returns of web orders in the store
    stock_tasks: StockTasks  # manager mode: adjust, receive, count, transfer, exceptions
    customers: CustomerService  # find, sign up, consents (loyalty customers)
    sync: SyncWorker | None = None  # None: not enrolled, the till works alone
    attendants: AttendantWatch | None = None  # the store's kiosks (enrolled staff tills)
    loyalty: LoyaltyService | None = None  # points: rules, balances, holds for a tender

    def new_cart(self) -> Cart:
        """An empty cart with this terminal's currency, pricing mode and approval limits."""
        return Cart(
            currency=self.settings.currency, mode=self.settings.pricing_mode, policy=self.policy
        )

    def close(self) -> None:
        """Stop the print, sync and attendants workers and release database connections."""
        if self.attendants is not None:
            self.attendants.stop()
        if self.sync is not None:
            self.sync.stop()
        self.printing.close()
        self.catalog.close()
        self.engine.dispose()
