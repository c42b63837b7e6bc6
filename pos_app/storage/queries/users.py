"""Staff accounts (the ``user`` table): PIN hashes and lock-out counters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from pos_app.storage.tables import table


def user_id_named(conn: Connection, *, name: str) -> str | None:
    """The id of the user called ``name``, or None."""
    t = table("user")
    row = conn.execute(select(t.c.id).where(t.c.name == name)).first()
    return None if row is None else str(row[0])


def insert_user(
    conn: Connection,
    *,
    user_id: str,
    name: str,
    role: str,
    pin_hash: str,
    created_at: datetime,
) -> None:
    """Add an active user with a PIN that meets the rules and no failed attempts."""
    conn.execute(
        insert(table("user")),
        {
            "id": user_id,
            "name": name,
            "role": role,
            "pin_hash": pin_hash,
            "active": True,
            "failed_attempts": 0,
            "lockouts": 0,
            "pin_ok": True,
            "created_at": created_at,
        },
    )


def user_rows(conn: Connection) -> Sequence[Row[Any]]:
    """Every user by name: id, name, role, active, pin_ok, locked_until, lockouts."""
    t = table("user")
    return conn.execute(
        select(
            t.c.id,
            t.c.name,
            t.c.role,
            t.c.active,
            t.c.pin_ok,
            t.c.locked_until,
            t.c.lockouts,
        ).order_by(t.c.name)
    ).all()


def sign_in_row(conn: Connection, *, user_id: str) -> Row[Any]:
    """What a sign-in checks: pin_hash, failed_attempts, locked_until, lockouts, pin_ok."""
    t = table("user")
    return conn.execute(
        select(t.c.pin_hash, t.c.failed_attempts, t.c.locked_until, t.c.lockouts, t.c.pin_ok).where(
            t.c.id == user_id
        )
    ).one()


def update_user(conn: Connection, *, user_id: str, **values: object) -> None:
    """Set columns of one user (``pin_hash``, ``pin_ok``, the lock-out counters, the badge)."""
    t = table("user")
    conn.execute(update(t).where(t.c.id == user_id).values(**values))


def user_id_by_badge(conn: Connection, *, badge_hash: str) -> str | None:
    """The id of the user whose badge hashes to ``badge_hash``, or None."""
    t = table("user")
    row = conn.execute(select(t.c.id).where(t.c.badge_hash == badge_hash)).first()
    return None if row is None else str(row[0])


def badge_issued_at(conn: Connection, *, user_id: str) -> datetime | None:
    """When the user's current badge was issued; None: no badge."""
    t = table("user")
    value: datetime | None = conn.execute(
        select(t.c.badge_issued_at).where(t.c.id == user_id, t.c.badge_hash.is_not(None))
    ).scalar()
    return value
