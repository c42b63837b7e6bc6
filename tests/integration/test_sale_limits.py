"""The till holds every amount to the limits the CSV importers and the backend hold to
(``sync.protocol.limits``; issue 15, item 12): a price beyond them is refused by
``pos import-catalog``, and a sale, a price override, cash or a refund beyond them is refused
with a clear message
before anything is written, so no sale overflows and the shift always closes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.services.bundle import Services
from pos_app.services.catalog_import import CatalogImportError
from sync.protocol.limits import MAX_LINE_TOTAL_MINOR, MAX_SALE_TOTAL_MINOR, MAX_UNIT_PRICE_MINOR
from tests.conftest import Staff
from tests.integration.test_register import FLOAT, count, raises, selling

GOLD = "8690000000999"  # a bar of gold at the highest unit price a till takes
HEADER = "sku,name,price,vat_rate,barcodes"


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    return path


def import_gold(services: Services, tmp_path: Path) -> None:
    services.importer.run(
        write_csv(tmp_path / "gold.csv", f"GOLD,Altın külçe,10000000.00,1,{GOLD}")
    )


def test_the_till_importer_refuses_a_price_the_json_api_refuses(
    services: Services, tmp_path: Path
) -> None:
    """999,999,999,999,999.99 used to be imported (and a hundred of it overflowed the till)."""
    path = write_csv(tmp_path / "big.csv", "BIG,Pahalı,999999999999999.99,20,", "OK,Ucuz,1.00,20,")
    with pytest.raises(CatalogImportError) as refused:
        services.importer.run(path)
    assert [str(e) for e in refused.value.errors] == [
        "line 2: price: 999,999,999,999,999.99 is above the highest unit price (10,000,000.00)"
    ]
    assert count(services, "product", text("sku = 'OK'")) == 0  # all or nothing
    import_gold(services, tmp_path)
    with services.engine.connect() as conn:
        price = conn.execute(text("SELECT price_minor FROM product WHERE sku = 'GOLD'")).scalar()
    assert price == MAX_UNIT_PRICE_MINOR


def test_selling_many_of_an_expensive_item_is_refused_and_the_shift_still_closes(
    services: Services, staff: Staff, tmp_path: Path
) -> None:
    import_gold(services, tmp_path)
    register = selling(services, staff)
    line = register.sale.scan(GOLD)
    # A hundred bars are a billion lira on one line: refused, the line as it was.
    with raises("cart.line_total_too_large") as refused:
        register.sale.set_quantity(line.line_id, Decimal(100))
    assert refused.value.params == {
        "name": "Altın külçe",
        "amount_minor": 100 * MAX_UNIT_PRICE_MINOR,
        "limit_minor": MAX_LINE_TOTAL_MINOR,
    }
    assert [li.quantity for li in register.sale.cart.lines] == [Decimal(1)]
    # Ten are the most one sale takes; an eleventh scan is refused and leaves ten.
    register.sale.set_quantity(line.line_id, Decimal(10))
    with raises("cart.line_total_too_large"):
        register.sale.scan(GOLD)
    assert [li.quantity for li in register.sale.cart.lines] == [Decimal(10)]
    assert register.sale.cart.totals().total_minor == MAX_SALE_TOTAL_MINOR
    # Another item next to them would take the sale past its limit.
    with raises("cart.total_too_large") as too_much:
        register.sale.scan("BREAD")
    assert too_much.value.params["limit_minor"] == MAX_SALE_TOTAL_MINOR
    assert len(register.sale.cart.lines) == 1
    # Cash beyond what any sale comes to is a typing mistake.
    payment = register.payment.begin_payment()
    with raises("payment.cash_too_large"):
        register.payment.pay_cash(MAX_SALE_TOTAL_MINOR + 1)
    register.payment.pay_cash(payment.cash_due_minor())
    register.payment.finish()
    # Twice the largest sale in one shift, and the shift closes at the expected cash.
    register.sale.next_sale()
    register.sale.scan(GOLD)
    register.sale.set_quantity(register.sale.cart.lines[0].line_id, Decimal(10))
    register.payment.pay_cash(register.payment.begin_payment().cash_due_minor())
    register.payment.finish()
    register.sale.next_sale()
    expected = register.staff.expected_cash()
    assert expected == FLOAT + 2 * MAX_SALE_TOTAL_MINOR
    closed = register.close_shift({1: expected})
    assert closed.counted_cash_minor == expected
    assert register.staff.shift is None


def test_a_catalog_price_beyond_the_limit_is_not_sold(services: Services, staff: Staff) -> None:
    """A price stored before the limit existed (an old import, an old backend): refused at the
    scan; a hundred of it used to raise OverflowError when the sale was written."""
    with services.engine.begin() as conn:
        conn.execute(
            text("UPDATE product SET price_minor = 99999999999999999 WHERE sku = 'MILK1L'")
        )
    register = selling(services, staff)
    with raises("cart.price_too_large") as refused:
        register.sale.scan("MILK1L")
    assert refused.value.params["price_minor"] == 99999999999999999
    assert register.sale.cart.is_empty


def test_a_price_override_beyond_the_limits_is_refused(services: Services, staff: Staff) -> None:
    register = selling(services, staff)
    line = register.sale.scan("BREAD")
    register.sale.set_quantity(line.line_id, Decimal(20))
    manager = register.staff.approve(staff.manager.user_id, "739164", "price.override")
    with raises("cart.price_too_large"):
        register.sale.override_price(line.line_id, 99999999999999999, "typo", manager)
    with raises("cart.line_total_too_large"):  # 20 x 10,000,000.00
        register.sale.override_price(line.line_id, MAX_UNIT_PRICE_MINOR, "gold", manager)
    assert register.sale.cart.lines[0].unit_price_minor == 1500  # unchanged
    assert not register.sale.cart.lines[0].override_reason


def test_a_receiptless_refund_beyond_the_limit_is_refused(
    services: Services, staff: Staff, tmp_path: Path
) -> None:
    import_gold(services, tmp_path)
    register = selling(services, staff)
    register.returns.begin_return()
    approval = register.staff.approve(
        staff.supervisor.user_id, "583916", "return.receiptless", "gift"
    )
    register.returns.start_receiptless(approval)
    for _ in range(10):
        register.returns.return_scan(GOLD)
    with raises("return.total_too_large") as refused:
        register.returns.return_scan(GOLD)
    assert refused.value.params["amount_minor"] == 11 * MAX_UNIT_PRICE_MINOR
    assert (
        register.returns.returning is not None and len(register.returns.returning.receiptless) == 10
    )
