"""Parked sales (``parked_sale``) and the sale in progress (``draft_sale``), as JSON carts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, RowMapping, delete, insert, select

from pos_app.storage.tables import table


def insert_parked(
    conn: Connection,
    *,
    parked_id: str,
    parked_at: datetime,
    user_id: str,
    label: str,
    cart_json: str,
) -> None:
    """Park a sale."""
    conn.execute(
        insert(table("parked_sale")),
        {
            "id": parked_id,
            "parked_at": parked_at,
            "user_id": user_id,
            "label": label,
            "cart_json": cart_json,
        },
    )


def parked_rows(conn: Connection) -> Sequence[RowMapping]:
    """Every parked sale (all columns), oldest first."""
    t = table("parked_sale")
    return conn.execute(select(t).order_by(t.c.parked_at)).mappings().all()


def take_parked(conn: Connection, *, parked_id: str) -> str | None:
    """Remove a parked sale; its cart JSON, or None when there is no such sale."""
    t = table("parked_sale")
    row = conn.execute(select(t.c.cart_json).where(t.c.id == parked_id)).first()
    if row is None:
        return None
    conn.execute(delete(t).where(t.c.id == parked_id))
    return str(row[0])


def replace_current(
    conn: Connection, *, user_id: str, saved_at: datetime, cart_json: str | None
) -> None:
    """Replace the saved sale in progress (``cart_json`` None: clear it)."""
    t = table("draft_sale")
    conn.execute(delete(t))
    if cart_json is not None:
        conn.execute(
            insert(t), {"id": 1, "user_id": user_id, "saved_at": saved_at, "cart_json": cart_json}
        )


def current(conn: Connection) -> tuple[str, str] | None:
    """The saved sale in progress: (cart JSON, user id), or None."""
    t = table("draft_sale")
    row = conn.execute(select(t.c.cart_json, t.c.user_id)).first()
    return None if row is None else (str(row[0]), str(row[1]))


def clear_current(conn: Connection) -> None:
    """Forget the saved sale in progress."""
    conn.execute(delete(table("draft_sale")))
