"""Card payments asked of the integrated terminal (``card_attempt``): written before the
terminal is asked, settled by its answer, completed in the sale's own transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from pos_app.storage.tables import table

# An attempt in these states may still have charged a card that no sale records yet.
UNRESOLVED = ("pending", "approved")


def insert_attempt(
    conn: Connection, *, reference: str, amount_minor: int, basket_json: str, now: datetime
) -> None:
    """A new attempt, ``pending`` until the terminal answers."""
    conn.execute(
        insert(table("card_attempt")),
        {
            "reference": reference,
            "amount_minor": amount_minor,
            "status": "pending",
            "created_at": now,
            "updated_at": now,
            "sale_id": None,
            "approval_code": "",
            "card_label": "",
            "detail": "",
            "basket_json": basket_json,
        },
    )


def set_status(
    conn: Connection,
    *,
    reference: str,
    status: str,
    now: datetime,
    allowed: Sequence[str] = UNRESOLVED,
    **values: Any,
) -> int:
    """Move the attempt to ``status`` if it is in one of ``allowed``; the rows changed (0 or
    1). ``values`` are further columns (approval_code, card_label, detail)."""
    t = table("card_attempt")
    result = conn.execute(
        update(t)
        .where(t.c.reference == reference, t.c.status.in_(list(allowed)))
        .values(status=status, updated_at=now, **values)
    )
    return int(result.rowcount)


def mark_completed(conn: Connection, *, reference: str, sale_id: str, now: datetime) -> int:
    """The attempt paid for ``sale_id`` (in the sale's transaction). Only an unresolved
    attempt with no sale yet moves: the rows changed (0 or 1)."""
    t = table("card_attempt")
    result = conn.execute(
        update(t)
        .where(
            t.c.reference == reference,
            t.c.status.in_(list(UNRESOLVED)),
            t.c.sale_id.is_(None),
        )
        .values(status="completed", sale_id=sale_id, updated_at=now)
    )
    return int(result.rowcount)


def attempt(conn: Connection, *, reference: str) -> RowMapping | None:
    """The attempt ``reference`` (all columns), or None."""
    t = table("card_attempt")
    return conn.execute(select(t).where(t.c.reference == reference)).mappings().first()


def unresolved(conn: Connection) -> Sequence[RowMapping]:
    """Attempts that may have charged a card with no sale recorded yet, oldest first."""
    t = table("card_attempt")
    return (
        conn.execute(select(t).where(t.c.status.in_(list(UNRESOLVED))).order_by(t.c.created_at))
        .mappings()
        .all()
    )


def has_reprint(conn: Connection, *, job_id: str) -> bool:
    """Whether print job ``job_id`` was already queued again (the paper a kiosk customer
    asked for after an e-receipt-only sale)."""
    t = table("print_job")
    return conn.execute(select(t.c.id).where(t.c.reprint_of == job_id).limit(1)).first() is not None


def sale_exists(conn: Connection, *, sale_id: str) -> bool:
    """Whether a sale ``sale_id`` is already written (a basket is sold once)."""
    t = table("sale")
    return conn.execute(select(t.c.id).where(t.c.id == sale_id)).first() is not None
