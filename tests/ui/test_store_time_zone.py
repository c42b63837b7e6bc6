"""Every screen shows times in the store's time zone (``Settings.timezone``, Europe/Istanbul by
default), as the receipts and X/Z reports do, even on a machine set to another zone.

The process runs in America/New_York for these tests (``TZ`` and ``time.tzset``, restored
after): 11:45 UTC is 14:45 in Istanbul and 06:45 in New York.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from pos_app.checkout.register import Register
from pos_app.errors import UserError
from pos_app.services.sync_status import SyncStatus
from pos_app.ui.cashier.freshness import age_text
from pos_app.ui.i18n import format_store_datetime, format_store_time
from pos_app.ui.messages import error_text
from pos_app.ui.screenshots import ShowcaseSync
from tests.fakes import SEED
from tests.ui.conftest import DESK_SYNCED, Till
from tests.ui.screens import (
    manager_dialog,
    parked_dialog,
    pickup_dialog,
    receipts_dialog,
    return_screen,
    status_panel,
    web_return_dialog,
)
from tests.web_orders_data import line, qr, seed, web_order

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ISTANBUL = "Europe/Istanbul"
NOW = DESK_SYNCED + timedelta(minutes=5)  # 11:45 UTC: 14:45 in Istanbul, 06:45 in New York


@pytest.fixture
def new_york() -> Iterator[None]:
    """The machine's zone is New York, the store's Istanbul."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    assert datetime(2026, 11, 23, 11, 45, tzinfo=UTC).astimezone().hour == 6
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_the_helpers_and_the_data_age(new_york: None) -> None:
    moment = datetime(2026, 11, 23, 11, 40, tzinfo=UTC)
    assert format_store_time(moment, "en", ISTANBUL) == "14:40"
    assert format_store_datetime(moment, "tr", ISTANBUL) == "23.11.2026 14:40"
    assert format_store_datetime(moment.replace(tzinfo=None), "en", ISTANBUL) == (
        "23/11/2026 14:40"  # naive is UTC, as stored
    )
    # Late evening UTC is already the next day in Istanbul.
    assert format_store_datetime(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), "en", ISTANBUL) == (
        "24/11/2026 01:30"
    )
    assert age_text(moment, NOW, "en", ISTANBUL) == "as of 14:40 (5 min ago)"
    assert age_text(moment, NOW + timedelta(days=2), "en", ISTANBUL) == (
        "as of 23/11/2026 14:40 (2 d ago)"
    )
    locked = UserError(
        "users.locked", "locked", until=(moment + timedelta(minutes=5)).isoformat(), minutes=5
    )
    assert error_text(locked, "en", ISTANBUL) == (
        "Too many wrong PINs: locked for 5 minutes, until 14:45."
    )


def test_status_bar_receipts_list_and_return_screen(
    qtbot: QtBot, new_york: None, desk_register: Callable[..., Register], till: Till
) -> None:
    register, services = desk_register("en")
    register.staff.open_shift(0)  # at 11:45 UTC
    register.sale.scan(str(SEED[0].barcode))
    payment = register.payment.begin_payment()
    register.payment.pay_cash(payment.remaining_minor)
    sold = register.payment.finish().sale
    register.sale.next_sale()

    status = status_panel(register, services)
    qtbot.addWidget(status)
    status.attach_sync(  # type: ignore[arg-type]
        ShowcaseSync(
            SyncStatus(
                enrolled=True,
                online=True,
                last_success_at=DESK_SYNCED,
                pending=0,
                rejected=0,
            )
        )
    )
    qtbot.waitUntil(lambda: "last sync" in status.sync.text())
    assert status.shift.text() == "Shift since 14:45"
    assert status.shift.toolTip() == "23/11/2026 14:45"
    assert status.sync.text() == "Online · last sync 14:40"

    receipts = receipts_dialog(register, services, None)
    qtbot.addWidget(receipts)
    rows = {receipts.table.item(r, 1).text(): r for r in range(receipts.table.rowCount())}
    assert receipts.table.item(rows[sold.receipt_no], 0).text() == "14:45"
    receipts.reject()

    screen = return_screen(register, services)
    qtbot.addWidget(screen)
    register.returns.begin_return()
    register.returns.load_receipt(sold.receipt_no)
    screen.refresh()
    assert screen.info.text() == f"Receipt {sold.receipt_no} of 23/11/2026 14:45"
    register.returns.cancel_return()


def test_pickup_desk_web_returns_and_manager_screens(
    qtbot: QtBot, new_york: None, desk_register: Callable[..., Register], till: Till
) -> None:
    register, services = desk_register("en")
    desk = pickup_dialog(register, services, None)
    qtbot.addWidget(desk)
    # The overdue order was to be picked up by 08:40 UTC; the others in two days.
    assert desk.orders[0].number == "W-000101"
    assert desk.table.item(0, 3).text() == "23/11/2026 11:40"
    assert "Pick up by 23/11/2026 11:40" in desk.detail_label.text()
    assert "as of 14:40 (5 min ago)" in desk.age_label.text()
    desk.reject()

    order = web_order(
        401,
        [line(SEED[0].sku, "Tam Yağlı Süt 1 L", 1000, 4550)],
        returnable_from=DESK_SYNCED - timedelta(days=3),
    )
    seed(till.engine, DESK_SYNCED, [order])
    register.staff.open_shift(0)
    register.returns.begin_return()
    returns = web_return_dialog(register, services, None)
    qtbot.addWidget(returns)
    returns.scan(qr(order))
    detail = returns.detail_label.text()
    assert "on 20/11/2026 14:40" in detail and "return by 20/12/2026 14:40" in detail, detail
    returns.reject()
    register.returns.cancel_return()

    manager = manager_dialog(register, services, till.manager, None)
    qtbot.addWidget(manager)
    panel: Any = manager.panel
    assert "as of 14:40" in panel.age_label.text(), panel.age_label.text()


def test_manager_exceptions_show_store_times(
    qtbot: QtBot, new_york: None, desk_register: Callable[..., Register], till: Till
) -> None:
    from tests.ui.test_manager_screens import seed_exceptions

    register, services = desk_register("en")
    seed_exceptions(services)  # bread's raised at 10:40 UTC: 13:40 in Istanbul
    manager = manager_dialog(register, services, till.manager, None)
    qtbot.addWidget(manager)
    exceptions: Any = manager.panel.exceptions
    exceptions.refresh()
    times = [exceptions.table.item(r, 3).text() for r in range(exceptions.table.rowCount())]
    assert "13:40" in times, times


def test_parked_sales_list_shows_store_times(
    qtbot: QtBot, new_york: None, desk_register: Callable[..., Register], till: Till
) -> None:

    register, services = desk_register("en")
    register.staff.open_shift(0)
    register.sale.scan(str(SEED[0].barcode))
    register.sale.park("for later")  # at 11:45 UTC: 14:45 in Istanbul, 06:45 in New York
    dialog = parked_dialog(register, services, None)
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text().startswith("14:45  ·  "), dialog.list.item(0).text()
