"""A customer's current consents as tills hold them (``CustomerData.consents``): per purpose,
the latest event by the time it was given or withdrawn, ties by the history's ``seq`` (an
event of the running transaction, not numbered yet, counts as the newest). Read-only, so
``customers`` and the snapshot can use it without importing the writers
(``sync.server.consents``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from sync.server.schema import customer_consent_event

_UNNUMBERED = 2**63  # a placeholder seq sorts after every numbered one


def _order(at: datetime, seq: int, event_id: str) -> tuple[datetime, int, str]:
    return at, seq if seq > 0 else _UNNUMBERED, event_id


def consent_states(conn: Connection, customer_ids: Iterable[str]) -> dict[str, dict[str, bool]]:
    """Customer id -> purpose -> granted, for the ids given (one query)."""
    ids = sorted(set(customer_ids))
    states: dict[str, dict[str, bool]] = {}
    if not ids:
        return states
    e = customer_consent_event.c
    latest: dict[tuple[str, str], tuple[tuple[datetime, int, str], bool]] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(e.customer_id, e.purpose, e.granted, e.at, e.seq, e.id).where(
                e.customer_id.in_(ids[start : start + 500])
            )
        ).all()
        for r in rows:
            key = (str(r.customer_id), str(r.purpose))
            order = _order(r.at, int(r.seq), str(r.id))
            if key not in latest or order > latest[key][0]:
                latest[key] = (order, bool(r.granted))
    for (customer_id, purpose), (_, granted) in sorted(latest.items()):
        states.setdefault(customer_id, {})[purpose] = granted
    return states


def customer_extras(conn: Connection, row: Any) -> dict[str, Any]:
    """What ``CustomerData`` carries about consent and the loyalty QR for ``row``."""
    return {
        "consents": consent_states(conn, [row.id]).get(row.id, {}),
        "loyalty_code_hash": row.loyalty_code_hash,
    }
