"""A customer's current consents as tills hold them (``CustomerData.consents``): per purpose,
the latest event by the time it was given or withdrawn, ties by the history's ``seq`` (an
event of the running transaction, not numbered yet, counts as the newest). Read-only, so
``customers`` and the snapshot can use it without importing the writers
(``sync.server.consents``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, select

from sync.server.schema import customer_consent_event

_UNNUMBERED = 2**63  # a placeholder seq sorts after every numbered one
_E = customer_consent_event.c
# (customer id, purpose) -> (the newest event's order, granted)
_Latest = dict[tuple[str, str], tuple[tuple[datetime, int, str], bool]]


def _order(at: datetime, seq: int, event_id: str) -> tuple[datetime, int, str]:
    return at, seq if seq > 0 else _UNNUMBERED, event_id


def consent_states(conn: Connection, customer_ids: Iterable[str]) -> dict[str, dict[str, bool]]:
    """Customer id -> purpose -> granted, for the ids given (one query)."""
    ids = sorted(set(customer_ids))
    latest: _Latest = {}
    for start in range(0, len(ids), 500):
        _newest(conn, _E.customer_id.in_(ids[start : start + 500]), latest)
    return _states(latest)


def consent_states_between(
    conn: Connection, after: str | None, last: str
) -> dict[str, dict[str, bool]]:
    """``consent_states`` of every customer whose id is above ``after`` (None: any) and at
    most ``last``: a snapshot page's key range, in one indexed query without an IN list."""
    within = _E.customer_id <= last
    if after is not None:
        within = and_(_E.customer_id > after, within)
    latest: _Latest = {}
    _newest(conn, within, latest)
    return _states(latest)


def _newest(conn: Connection, where: Any, latest: _Latest) -> None:
    rows = conn.execute(
        select(_E.customer_id, _E.purpose, _E.granted, _E.at, _E.seq, _E.id).where(where)
    )
    for r in rows:
        key = (str(r.customer_id), str(r.purpose))
        order = _order(r.at, int(r.seq), str(r.id))
        if key not in latest or order > latest[key][0]:
            latest[key] = (order, bool(r.granted))


def _states(latest: _Latest) -> dict[str, dict[str, bool]]:
    states: dict[str, dict[str, bool]] = {}
    for (customer_id, purpose), (_, granted) in sorted(latest.items()):
        states.setdefault(customer_id, {})[purpose] = granted
    return states


def customer_extras(conn: Connection, row: Any) -> dict[str, Any]:
    """What ``CustomerData`` carries about consent and the loyalty QR for ``row``."""
    return {
        "consents": consent_states(conn, [row.id]).get(row.id, {}),
        "loyalty_code_hash": row.loyalty_code_hash,
    }
