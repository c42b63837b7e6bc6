"""The cashier meets an amount beyond the limits of every input (``sync.protocol.limits``; issue 15,
item 12) as a message on the sale screen, never a crash: the sale goes on."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from pos_app.ui.i18n import format_money
from sync.protocol.limits import MAX_UNIT_PRICE_MINOR
from tests.fakes import SEED
from tests.ui.conftest import AppFactory, Till
from tests.ui.test_cashier_flow import barcode, scan, selling, wait_lines

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

MILK, TEA, SOAP, BREAD, APPLE = SEED
PRICE = 99_999_999_999_999_999  # 999,999,999,999,999.99: what an old import let in


def test_a_price_beyond_the_limit_is_a_message_and_the_sale_goes_on(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    with till.engine.begin() as conn:
        conn.execute(
            text("UPDATE product SET price_minor = :price WHERE sku = :sku"),
            {"price": PRICE, "sku": MILK.sku},
        )
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    scan(qtbot, sale.table, barcode(MILK))
    qtbot.waitUntil(sale.message.isVisible)
    assert sale.message.text() == (
        f"The price of {MILK.name} is {format_money(PRICE, 'en')}: a till takes unit prices "
        f"up to {format_money(MAX_UNIT_PRICE_MINOR, 'en')}. Check the price."
    )
    assert cashier.register.sale.cart.is_empty
    scan(qtbot, sale.table, barcode(SOAP))
    wait_lines(qtbot, cashier, 1)
    assert not sale.message.isVisible()
