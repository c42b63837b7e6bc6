"""Kiosk states: what each self-service kiosk last reported (``kiosk_state``), and the
attendants list staff tills and the admin API read (``sync.protocol.kiosk``).

One row per kiosk, replaced by each report. A kiosk is a terminal enrolled under a ``K`` code;
a kiosk that never reported, or not for ``OFFLINE_AFTER_S``, is listed as offline.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from sync.protocol import (
    OFFLINE_AFTER_S,
    AttendantKiosk,
    KioskReport,
    KioskState,
    is_kiosk_code,
)
from sync.server.db import insert_ignore
from sync.server.errors import ServerError
from sync.server.schema import kiosk_state, terminal

DETAIL_FIELDS = ("basket_lines", "basket_total_minor", "waiting_approvals", "app_version")


def store_report(
    conn: Connection,
    *,
    terminal_id: str,
    terminal_code: str,
    store_id: str,
    report: KioskReport,
    now: datetime,
) -> None:
    """Keep ``report`` as the kiosk's state (the last one wins); 403 ``not_a_kiosk`` for a
    till's token: only kiosks report states."""
    if not is_kiosk_code(terminal_code):
        raise ServerError(
            403,
            "not_a_kiosk",
            f"terminal {terminal_code} is a till; only kiosks (K01...) report their state",
        )
    detail = {name: getattr(report, name) for name in DETAIL_FIELDS}
    values: dict[str, Any] = {
        "state": report.state.value,
        "reason": report.reason,
        "detail_json": json.dumps(detail, sort_keys=True),
        "since": report.since,
        "reported_at": now,
    }
    if not insert_ignore(
        conn, kiosk_state, {"terminal_id": terminal_id, "store_id": store_id, **values}
    ):
        conn.execute(
            update(kiosk_state).where(kiosk_state.c.terminal_id == terminal_id).values(**values)
        )
    conn.execute(update(terminal).where(terminal.c.id == terminal_id).values(last_seen_at=now))


def _entry(row: Any, now: datetime) -> AttendantKiosk:
    """One kiosk as staff see it at ``now`` (module docstring)."""
    code = str(row.code)
    if row.state is None or row.reported_at is None:
        return AttendantKiosk(terminal_code=code, state=KioskState.OFFLINE, since=row.enrolled_at)
    detail = _detail(row.detail_json)
    stale = (now - row.reported_at).total_seconds() > OFFLINE_AFTER_S
    state = KioskState(row.state)
    return AttendantKiosk(
        terminal_code=code,
        state=KioskState.OFFLINE if stale else state,
        reason="" if stale else str(row.reason),
        since=row.reported_at if stale else row.since,
        reported_at=row.reported_at,
        last_state=state if stale else None,
        basket_lines=_int_or_none(detail.get("basket_lines")),
        basket_total_minor=_int_or_none(detail.get("basket_total_minor")),
        waiting_approvals=_int_or_none(detail.get("waiting_approvals")) or 0,
        app_version=str(detail.get("app_version") or ""),
    )


def _detail(text: str) -> dict[str, Any]:
    try:
        detail = json.loads(text or "{}")
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def store_kiosks(conn: Connection, store_id: str, now: datetime) -> list[AttendantKiosk]:
    """Every kiosk enrolled at the store (not revoked), by code, with its state at ``now``."""
    rows = conn.execute(
        select(
            terminal.c.code,
            terminal.c.enrolled_at,
            kiosk_state.c.state,
            kiosk_state.c.reason,
            kiosk_state.c.detail_json,
            kiosk_state.c.since,
            kiosk_state.c.reported_at,
        )
        .select_from(terminal)
        .outerjoin(kiosk_state, kiosk_state.c.terminal_id == terminal.c.id)
        .where(
            terminal.c.store_id == store_id,
            terminal.c.revoked_at.is_(None),
            terminal.c.code.like("K%"),
        )
        .order_by(terminal.c.code)
    )
    return [_entry(row, now) for row in rows if is_kiosk_code(str(row.code))]
