"""This terminal's identity row (``terminal_state``) and its VAT rates (``tax_rate``)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Connection, insert, select, update

from pos_app.storage.tables import table


def insert_identity(
    conn: Connection, *, store_code: str, terminal_code: str, terminal_epoch: str
) -> None:
    """Write the identity of a fresh database."""
    conn.execute(
        insert(table("terminal_state")),
        {
            "id": 1,
            "store_code": store_code,
            "terminal_code": terminal_code,
            "terminal_epoch": terminal_epoch,
        },
    )


def add_missing_tax_rates(conn: Connection, *, rates: Mapping[int, str]) -> None:
    """Add the VAT ``rates`` (percent -> name) the database does not have yet."""
    known: set[int] = set(conn.execute(select(table("tax_rate").c.rate_percent)).scalars())
    missing = [{"rate_percent": r, "name": n} for r, n in rates.items() if r not in known]
    if missing:
        conn.execute(insert(table("tax_rate")), missing)


def set_codes(conn: Connection, *, store_code: str, terminal_code: str) -> None:
    """Give the terminal new store and terminal codes."""
    t = table("terminal_state")
    conn.execute(
        update(t).where(t.c.id == 1).values(store_code=store_code, terminal_code=terminal_code)
    )


def identity(conn: Connection) -> tuple[str, str, str] | None:
    """(store code, terminal code, terminal epoch), or None before ``pos init``."""
    t = table("terminal_state")
    row = conn.execute(select(t.c.store_code, t.c.terminal_code, t.c.terminal_epoch)).first()
    return None if row is None else (row[0], row[1], row[2])
