"""Shared fixtures: a fresh SQLite data directory per test, services on a fake clock."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.domain.roles import Role
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.services.users import StaffUser
from pos_app.storage.database import open_database
from tests.fakes import FakeClock, seed_catalog


@pytest.fixture(autouse=True)
def _forget_app_logging() -> Iterator[None]:
    """A command run in the test (CliRunner) sets up the app's log handlers once per process,
    its console handler on that run's stderr, which is closed afterwards: a later test's log
    line would then fail. Each test starts without them."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_pos_handler", False)]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(
    tmp_path: Path, clock: FakeClock, request: pytest.FixtureRequest
) -> Iterator[Services]:
    """An initialised terminal S01-T01 with the seed catalog, on a fresh database file.

    ``@pytest.mark.legacy_vouchers``: store credit from returns as the older till-only
    ``SC-`` vouchers instead of store-credit cards (``Settings.store_credit_cards``)."""
    legacy = request.node.get_closest_marker("legacy_vouchers") is not None
    settings = load_settings(data_dir=tmp_path / "data", store_credit_cards=not legacy)
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    built = build_services(settings, engine, clock)
    yield built
    built.close()


@dataclass
class Staff:
    cashier: StaffUser
    supervisor: StaffUser
    manager: StaffUser


@pytest.fixture
def staff(services: Services) -> Staff:
    return Staff(
        services.users.add("Ayşe", Role.CASHIER, "4826"),
        services.users.add("Mehmet", Role.SUPERVISOR, "583916"),
        services.users.add("Zeynep", Role.MANAGER, "739164"),
    )


@pytest.fixture
def ctx(services: Services, staff: Staff) -> SaleContext:
    """A sale context in an open shift (float 500.00 TL) of the cashier."""
    shift = services.shifts.open(staff.cashier.user_id, 50000)
    return SaleContext(
        staff.cashier.user_id, staff.cashier.name, shift.shift_id, shift.business_date
    )
