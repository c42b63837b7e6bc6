"""``pos export sales``: completed sales and returns in a business-date range, CSV or JSON.

The CSV is meant for spreadsheets: amounts, quantities and VAT rates are numbers (a refund's
``-12.50`` adds up), and a text cell a spreadsheet would run as a formula (a product named
``=HYPERLINK(...)``) is written with a ``'`` before it (``sync.csv_cells``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import TextIO

from sqlalchemy import Engine

from pos_app.storage.queries.sales_export import sales_with_details
from sync.csv_cells import csv_writer

CSV_COLUMNS = (
    "receipt_no",
    "kind",
    "business_date",
    "completed_at",
    "store_code",
    "terminal_code",
    "cashier",
    "line_no",
    "sku",
    "name",
    "quantity",
    "unit_price",
    "line_discount",
    "cart_discount",
    "line_total",
    "vat_rate",
    "sale_total",
    "sale_tax",
    "tenders",
)


def _money(minor: int) -> str:
    sign = "-" if minor < 0 else ""
    return f"{sign}{abs(minor) // 100}.{abs(minor) % 100:02d}"


def _amount(minor: int) -> Decimal:
    """A CSV amount cell: a number (``-12.50``), never text."""
    return Decimal(minor).scaleb(-2)


def _quantity(qty_milli: int, sold_by_weight: bool) -> Decimal | int:
    """Kilograms with three decimals (``-0.500``), pieces as whole numbers (``-1``)."""
    return Decimal(qty_milli).scaleb(-3) if sold_by_weight else qty_milli // 1000


def _iso(value: object) -> str:
    """JSON form of dates and times: ISO 8601 (``2026-11-23T09:00:00+00:00``)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def export_sales(engine: Engine, start: date, end: date, fmt: str, out: TextIO) -> int:
    """Write the sales of ``start``..``end`` (business dates, inclusive); returns how many."""
    with engine.connect() as conn:
        sales = sales_with_details(conn, start=start, end=end)
    if fmt == "json":
        documents = []
        for sale in sales:
            doc = {k: v for k, v in sale.items() if k not in ("approvals_json",)}
            doc["approvals"] = json.loads(sale["approvals_json"])
            documents.append(doc)
        json.dump(documents, out, ensure_ascii=False, indent=2, default=_iso)
        out.write("\n")
        return len(sales)
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    for sale in sales:
        tender_text = "|".join(f"{t['kind']}:{_money(t['amount_minor'])}" for t in sale["tenders"])
        for line in sale["lines"]:
            writer.writerow(
                [
                    sale["receipt_no"],
                    sale["kind"],
                    sale["business_date"].isoformat(),
                    sale["completed_at"].isoformat(),
                    sale["store_code"],
                    sale["terminal_code"],
                    sale["cashier"],
                    int(line["line_no"]),
                    line["sku"],
                    line["name"],
                    _quantity(int(line["qty_milli"]), bool(line["sold_by_weight"])),
                    _amount(line["unit_price_minor"]),
                    _amount(line["line_discount_minor"]),
                    _amount(line["cart_discount_minor"]),
                    _amount(line["total_minor"]),
                    int(line["vat_rate"]),
                    _amount(sale["total_minor"]),
                    _amount(sale["tax_minor"]),
                    tender_text,
                ]
            )
    return len(sales)
