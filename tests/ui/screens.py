"""The cashier's screens and dialogs built as the cashier window builds them: over the
register's sessions, with the services the composition root hands each of them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pos_app.checkout.register import Register
from pos_app.services.bundle import Services
from pos_app.services.users import StaffUser
from pos_app.ui.cashier.dialogs import ParkedDialog
from pos_app.ui.cashier.pickup import PickupDialog
from pos_app.ui.cashier.printing import ReceiptsDialog
from pos_app.ui.cashier.returns import ReturnScreen
from pos_app.ui.cashier.status import StatusPanel
from pos_app.ui.cashier.stock import StockDialog
from pos_app.ui.cashier.sync import SyncProblemsDialog
from pos_app.ui.cashier.web_returns import WebReturnDialog
from pos_app.ui.manager.dialog import ManagerDialog, open_manager_mode
from pos_app.ui.stock_tools import StockTools


def stock_dialog(
    register: Register, services: Services, parent: QWidget | None, query: str = ""
) -> StockDialog:
    return StockDialog(
        register,
        parent,
        StockTools.of(services),
        query=query,
        manager_mode=lambda stock: open_manager_mode(stock, stock.tools),
    )


def pickup_dialog(register: Register, services: Services, parent: QWidget | None) -> PickupDialog:
    return PickupDialog(
        register,
        parent,
        pickups=services.pickup,
        clock=services.clock,
        zone=services.settings.timezone,
    )


def return_screen(register: Register, services: Services) -> ReturnScreen:
    return ReturnScreen(
        register,
        services.catalog,
        services.web_returns,
        services.clock,
        zone=services.settings.timezone,
    )


def web_return_dialog(
    register: Register, services: Services, parent: QWidget | None
) -> WebReturnDialog:
    return WebReturnDialog(
        register,
        parent,
        web_returns=services.web_returns,
        clock=services.clock,
        zone=services.settings.timezone,
    )


def receipts_dialog(
    register: Register, services: Services, parent: QWidget | None
) -> ReceiptsDialog:
    return ReceiptsDialog(
        register, parent, printing=services.printing, zone=services.settings.timezone
    )


def sync_dialog(
    register: Register, services: Services, parent: QWidget | None
) -> SyncProblemsDialog:
    return SyncProblemsDialog(
        register,
        parent,
        sync=services.sync,
        clock=services.clock,
        zone=services.settings.timezone,
    )


def parked_dialog(register: Register, services: Services, parent: QWidget | None) -> ParkedDialog:
    return ParkedDialog(register, parent, now=services.clock.now(), zone=services.settings.timezone)


def status_panel(register: Register, services: Services) -> StatusPanel:
    return StatusPanel(
        register,
        services.printing,
        services.clock,
        zone=services.settings.timezone,
        sync=services.sync,
    )


def manager_dialog(
    register: Register, services: Services, manager: StaffUser, parent: QWidget | None
) -> ManagerDialog:
    return ManagerDialog(register, manager, StockTools.of(services), parent)
