"""Sales and returns: the sale row with its lines, tenders and VAT table, what of a sale is
still returnable, and the store-credit ledger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from pos_app.storage.tables import table


def next_local_no(conn: Connection) -> int:
    """Take this terminal's next local sale number (gap-free, in the caller's transaction)."""
    return int(
        conn.execute(
            text(
                "UPDATE terminal_state SET next_local_no = next_local_no + 1 WHERE id = 1 "
                "RETURNING next_local_no - 1"
            )
        ).scalar_one()
    )


def sale_by_receipt(conn: Connection, *, receipt_no: str) -> Any:
    """(id, completed_at, kind) of the sale with ``receipt_no``, or ``None``."""
    s = table("sale")
    return conn.execute(
        select(s.c.id, s.c.completed_at, s.c.kind).where(s.c.receipt_no == receipt_no)
    ).first()


def lines_with_returned(conn: Connection, *, sale_id: str) -> list[Any]:
    """The lines of ``sale_id`` in order: (id, product_id, sku, name, vat_rate, qty_milli,
    total_minor, returned qty_milli or None, returned amount or None, sold_by_weight)."""
    ln = table("sale_line")
    returned = (
        select(
            ln.c.original_line_id,
            func.sum(-ln.c.qty_milli).label("qty"),
            func.sum(-ln.c.total_minor).label("amount"),
        )
        .where(ln.c.original_line_id.is_not(None))
        .group_by(ln.c.original_line_id)
        .subquery()
    )
    return list(
        conn.execute(
            select(
                ln.c.id,
                ln.c.product_id,
                ln.c.sku,
                ln.c.name,
                ln.c.vat_rate,
                ln.c.qty_milli,
                ln.c.total_minor,
                returned.c.qty,
                returned.c.amount,
                ln.c.sold_by_weight,
            )
            .select_from(ln.outerjoin(returned, returned.c.original_line_id == ln.c.id))
            .where(ln.c.sale_id == sale_id)
            .order_by(ln.c.line_no)
        ).all()
    )


def tenders_of(conn: Connection, *, sale_id: str) -> list[Any]:
    """(id, kind, amount_minor) of each tender of ``sale_id``."""
    tn = table("sale_tender")
    return list(
        conn.execute(
            select(tn.c.id, tn.c.kind, tn.c.amount_minor).where(tn.c.sale_id == sale_id)
        ).all()
    )


def tender_kinds_of(conn: Connection, *, sale_id: str) -> list[str]:
    """The kind of each tender of ``sale_id``."""
    tn = table("sale_tender")
    return [str(row[0]) for row in conn.execute(select(tn.c.kind).where(tn.c.sale_id == sale_id))]


def refunded_by_tender(conn: Connection, *, tender_ids: Sequence[str]) -> dict[str, int]:
    """Tender id -> what later refunds paid back against it (refund tenders' reference)."""
    tn = table("sale_tender")
    refunded: dict[str, int] = dict(
        conn.execute(
            select(tn.c.reference, func.sum(-tn.c.amount_minor))
            .where(tn.c.reference.in_(list(tender_ids)))
            .group_by(tn.c.reference)
        ).all()
    )
    return refunded


def sold_and_returned_milli(conn: Connection, *, line_id: str) -> tuple[int, int]:
    """(quantity sold, quantity returned so far) of one sale line, in thousandths."""
    ln = table("sale_line")
    row = conn.execute(
        select(
            ln.c.qty_milli,
            select(func.coalesce(func.sum(-ln.c.qty_milli), 0))
            .where(ln.c.original_line_id == line_id)
            .scalar_subquery(),
        ).where(ln.c.id == line_id)
    ).one()
    return int(row[0]), int(row[1])


def voucher_balance(conn: Connection, *, code: str) -> int:
    """What the store-credit voucher ``code`` still holds, in minor units."""
    e = table("store_credit_entry")
    return int(
        conn.execute(
            select(func.coalesce(func.sum(e.c.delta_minor), 0)).where(e.c.voucher_code == code)
        ).scalar_one()
    )


def insert_sale(
    conn: Connection,
    *,
    sale: dict[str, Any],
    lines: Sequence[dict[str, Any]],
    tenders: Sequence[dict[str, Any]],
    taxes: Sequence[dict[str, Any]],
) -> None:
    """Write a sale (or return) row with its lines, tenders (if any) and VAT bands."""
    conn.execute(insert(table("sale")), sale)
    conn.execute(insert(table("sale_line")), list(lines))
    if tenders:
        conn.execute(insert(table("sale_tender")), list(tenders))
    conn.execute(insert(table("sale_tax")), list(taxes))


def insert_store_credit_entries(conn: Connection, *, rows: Sequence[dict[str, Any]]) -> None:
    """Append entries to the store-credit ledger (issued: positive, spent: negative)."""
    conn.execute(insert(table("store_credit_entry")), list(rows))


def completed_sale_exists(conn: Connection, *, sale_id: str) -> bool:
    """Whether ``sale_id`` is a completed sale (not a return) on this till."""
    found = conn.execute(
        text("SELECT 1 FROM sale WHERE id = :id AND kind = 'sale'"), {"id": sale_id}
    ).first()
    return found is not None


def customer_of(conn: Connection, *, sale_id: str) -> str | None:
    """The customer a sale was rung for (None: none)."""
    value = conn.execute(
        text("SELECT customer_id FROM sale WHERE id = :id"), {"id": sale_id}
    ).scalar()
    return None if value is None else str(value)
