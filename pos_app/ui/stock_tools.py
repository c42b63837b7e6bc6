"""The services behind the stock screens: the till's stock look-up, the endless aisle and
manager mode (adjust, receive, count, transfer, exceptions)."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.services.bundle import Services
from pos_app.services.catalog import CatalogLookup
from pos_app.services.clock import Clock
from pos_app.services.stock_lookup import StockLookup
from pos_app.services.stock_tasks.service import StockTasks
from pos_app.services.sync_status import SyncControl
from pos_app.services.users import UserService


@dataclass(frozen=True)
class StockTools:
    """What the stock screens read and post through, from the composition root."""

    lookup: StockLookup
    catalog: CatalogLookup
    tasks: StockTasks  # manager mode's tasks, posted as facts
    users: UserService  # a manager's PIN opens manager mode
    clock: Clock
    zone: str  # the store's time zone, as on the receipts
    store_code: str  # this store (an order elsewhere is sent from here)
    sync: SyncControl | None  # None: not enrolled, the till works alone

    @classmethod
    def of(cls, services: Services) -> StockTools:
        return cls(
            lookup=services.stock_lookup,
            catalog=services.catalog,
            tasks=services.stock_tasks,
            users=services.users,
            clock=services.clock,
            zone=services.settings.timezone,
            store_code=services.terminal.store_code,
            sync=services.sync,
        )
