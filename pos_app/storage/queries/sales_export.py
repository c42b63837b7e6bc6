"""Completed sales and returns with their lines, tenders and taxes, for ``pos export``."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from pos_app.storage.tables import table

_CHUNK = 500  # sale ids per IN (...) list


def sales_with_details(conn: Connection, *, start: date, end: date) -> list[dict[str, Any]]:
    """The sales and returns of business dates ``start``..``end`` (inclusive) by local
    number: every ``sale`` column, the cashier's name, and their ``lines``, ``tenders`` and
    ``taxes`` (all columns)."""
    s, ln, tn, tx, u = (table(n) for n in ("sale", "sale_line", "sale_tender", "sale_tax", "user"))
    sales = (
        conn.execute(
            select(s, u.c.name.label("cashier"))
            .join(u, u.c.id == s.c.cashier_id)
            .where(s.c.business_date >= start, s.c.business_date <= end)
            .order_by(s.c.local_no)
        )
        .mappings()
        .all()
    )
    ids = [row["id"] for row in sales]
    lines: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    tenders: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    taxes: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for start_at in range(0, len(ids), _CHUNK):
        chunk = ids[start_at : start_at + _CHUNK]
        for row in conn.execute(
            select(ln).where(ln.c.sale_id.in_(chunk)).order_by(ln.c.line_no)
        ).mappings():
            lines[row["sale_id"]].append(dict(row))
        for row in conn.execute(select(tn).where(tn.c.sale_id.in_(chunk))).mappings():
            tenders[row["sale_id"]].append(dict(row))
        for row in conn.execute(select(tx).where(tx.c.sale_id.in_(chunk))).mappings():
            taxes[row["sale_id"]].append(dict(row))
    result = []
    for sale in sales:
        record = dict(sale)
        record["lines"] = lines[sale["id"]]
        record["tenders"] = tenders[sale["id"]]
        record["taxes"] = taxes[sale["id"]]
        result.append(record)
    return result
