"""Shifts: opening, the first count off the limit, closing with the till's next Z number,
and the sums the X and Z reports print."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from pos_app.storage.tables import table


def open_shift(conn: Connection) -> Any:
    """(id, user_id, business_date, opened_at, opening_float_minor) of the open shift, or
    ``None``."""
    t = table("shift")
    return conn.execute(
        select(
            t.c.id, t.c.user_id, t.c.business_date, t.c.opened_at, t.c.opening_float_minor
        ).where(t.c.closed_at.is_(None))
    ).first()


def insert_shift(conn: Connection, *, row: dict[str, Any]) -> None:
    """Write a newly opened shift."""
    conn.execute(insert(table("shift")), row)


def opening_float(conn: Connection, *, shift_id: str) -> int:
    """The shift's opening float, in minor units."""
    sh = table("shift")
    opening: int = conn.execute(
        select(sh.c.opening_float_minor).where(sh.c.id == shift_id)
    ).scalar_one()
    return int(opening)


def cash_taken(conn: Connection, *, shift_id: str, cash_kind: str) -> int:
    """The sum of the shift's cash tenders (refunds negative, change netted out)."""
    s, tn = table("sale"), table("sale_tender")
    cash: int = conn.execute(
        select(func.coalesce(func.sum(tn.c.amount_minor), 0))
        .select_from(tn.join(s, s.c.id == tn.c.sale_id))
        .where(s.c.shift_id == shift_id, tn.c.kind == cash_kind)
    ).scalar_one()
    return int(cash)


def report_header(conn: Connection, *, shift_id: str) -> Any:
    """(opened_at, closed_at, opening_float_minor, z_no, variance approver's name)."""
    sh, approver = table("shift"), table("user")
    return conn.execute(
        select(sh.c.opened_at, sh.c.closed_at, sh.c.opening_float_minor, sh.c.z_no, approver.c.name)
        .select_from(sh.outerjoin(approver, approver.c.id == sh.c.variance_approved_by))
        .where(sh.c.id == shift_id)
    ).one()


def totals_by_kind(conn: Connection, *, shift_id: str) -> dict[str, tuple[int, int]]:
    """Sale kind (``sale``, ``return``) -> (count, total in minor units) of the shift."""
    s = table("sale")
    return {
        str(row[0]): (int(row[1]), int(row[2]))
        for row in conn.execute(
            select(s.c.kind, func.count(), func.coalesce(func.sum(s.c.total_minor), 0))
            .where(s.c.shift_id == shift_id)
            .group_by(s.c.kind)
        ).all()
    }


def tender_sums(conn: Connection, *, shift_id: str) -> list[tuple[str, int]]:
    """(tender kind, sum) of the shift, by kind."""
    s, tn = table("sale"), table("sale_tender")
    rows = conn.execute(
        select(tn.c.kind, func.sum(tn.c.amount_minor))
        .select_from(tn.join(s, s.c.id == tn.c.sale_id))
        .where(s.c.shift_id == shift_id)
        .group_by(tn.c.kind)
        .order_by(tn.c.kind)
    ).all()
    return [(str(row[0]), int(row[1])) for row in rows]


def tax_sums(conn: Connection, *, shift_id: str) -> list[tuple[int, int, int]]:
    """(VAT rate, net, tax) of the shift, by rate."""
    s, tx = table("sale"), table("sale_tax")
    rows = conn.execute(
        select(tx.c.rate_percent, func.sum(tx.c.net_minor), func.sum(tx.c.tax_minor))
        .select_from(tx.join(s, s.c.id == tx.c.sale_id))
        .where(s.c.shift_id == shift_id)
        .group_by(tx.c.rate_percent)
        .order_by(tx.c.rate_percent)
    ).all()
    return [(int(row[0]), int(row[1]), int(row[2])) for row in rows]


def no_sale_count(conn: Connection, *, since: datetime, until: datetime) -> int:
    """How often the drawer was opened without a sale between two moments (audit log)."""
    audit_log = table("audit_entry")
    count = conn.execute(
        select(func.count()).where(
            audit_log.c.action == "drawer.no_sale",
            audit_log.c.at >= since,
            audit_log.c.at <= until,
        )
    ).scalar_one()
    return int(count)


def first_count(conn: Connection, *, shift_id: str) -> int | None:
    """The shift's first count off the limit, if one was kept."""
    sh = table("shift")
    first: int | None = conn.execute(
        select(sh.c.first_count_minor).where(sh.c.id == shift_id)
    ).scalar_one()
    return first


def keep_first_count(conn: Connection, *, shift_id: str, counted_minor: int) -> None:
    """Keep the first count off the limit on the shift."""
    sh = table("shift")
    conn.execute(update(sh).where(sh.c.id == shift_id).values(first_count_minor=counted_minor))


def next_z_no(conn: Connection) -> int:
    """The till's next Z number (one more than the highest so far)."""
    sh = table("shift")
    return 1 + int(conn.execute(select(func.coalesce(func.max(sh.c.z_no), 0))).scalar_one())


def close_shift(conn: Connection, *, shift_id: str, values: dict[str, Any]) -> None:
    """Write the close's columns (closed_at, closed_by, cash figures, z_no, approver)."""
    sh = table("shift")
    conn.execute(update(sh).where(sh.c.id == shift_id).values(**values))
