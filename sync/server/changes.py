"""The change log that terminals pull, in commit order per scope (docs/sync-protocol.md "Pull and
snapshot").

Writers collect their changes in a ``ChangeBuffer`` and ``flush`` it as the last statement of
their transaction: the per-scope counter row is updated there, and its row lock (held until
commit) makes concurrent writers commit in the order of the sequence numbers they took. A
reader asking for ``seq > N`` therefore never skips a change that commits late, on
PostgreSQL as on SQLite.

The consent history (``customer_consent_event``) is numbered the same way, in its own scope
``consents``: a writer inserts each event with a placeholder (negative) ``seq`` and ``flush``
numbers them after the change log, so the İYS change list read by ``seq > N`` never skips an
event that commits late either (sync.server.consents).
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync.server.db import insert_ignore
from sync.server.schema import change, change_counter, customer_consent_event

GLOBAL = "global"
CUSTOMERS = "customers"
CONSENTS = "consents"  # the numbering of customer_consent_event, not a pulled scope


def placeholder_seq() -> int:
    """A unique negative ``seq`` for a consent event until ``flush`` numbers it."""
    return -1 - secrets.randbits(62)


def store_scope(store_code: str) -> str:
    return f"store:{store_code}"


def terminal_scope(terminal_id: str) -> str:
    return f"terminal:{terminal_id}"


def terminal_scopes(store_code: str, terminal_id: str) -> list[str]:
    """The scopes a terminal pulls, in a fixed order."""
    return [GLOBAL, store_scope(store_code), CUSTOMERS, terminal_scope(terminal_id)]


class ChangeBuffer:
    """Changes of one transaction; a later change to the same key replaces an earlier one."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], tuple[str, dict[str, Any] | None]] = {}

    def upsert(self, scope: str, collection: str, key: str, data: dict[str, Any]) -> None:
        self._items.pop((scope, collection, key), None)
        self._items[(scope, collection, key)] = ("upsert", data)

    def delete(self, scope: str, collection: str, key: str) -> None:
        self._items.pop((scope, collection, key), None)
        self._items[(scope, collection, key)] = ("delete", None)

    def __len__(self) -> int:
        return len(self._items)

    def flush(self, conn: Connection, now: datetime) -> None:
        """Number and write the changes; call last in the transaction, then commit."""
        by_scope: dict[str, list[tuple[str, str, str, dict[str, Any] | None]]] = {}
        for (scope, collection, key), (op, data) in self._items.items():
            by_scope.setdefault(scope, []).append((collection, key, op, data))
        # Counter rows are always locked in the same (sorted) order: no deadlocks.
        for scope in sorted(by_scope):
            items = by_scope[scope]
            insert_ignore(conn, change_counter, {"scope": scope, "last_seq": 0})
            last = int(
                conn.execute(
                    update(change_counter)
                    .where(change_counter.c.scope == scope)
                    .values(last_seq=change_counter.c.last_seq + len(items))
                    .returning(change_counter.c.last_seq)
                ).scalar_one()
            )
            first = last - len(items) + 1
            conn.execute(
                insert(change),
                [
                    {
                        "scope": scope,
                        "seq": first + i,
                        "collection": collection,
                        "key": key,
                        "op": op,
                        "data_json": None
                        if data is None
                        else json.dumps(data, ensure_ascii=False, default=str),
                        "recorded_at": now,
                    }
                    for i, (collection, key, op, data) in enumerate(items)
                ],
            )
        self._items.clear()
        # Last, after the change scopes: every writer takes the counter rows in this one
        # order (the sorted change scopes, then consents), so none waits on another in a cycle.
        _number_consent_events(conn)


def _number_consent_events(conn: Connection) -> None:
    """Give this transaction's new consent events (placeholder ``seq`` < 0) their numbers.
    Another transaction's uncommitted events are invisible here, its committed ones are
    numbered already."""
    pending: list[str] = list(
        conn.execute(
            select(customer_consent_event.c.id)
            .where(customer_consent_event.c.seq < 0)
            .order_by(customer_consent_event.c.at, customer_consent_event.c.id)
        ).scalars()
    )
    if not pending:
        return
    insert_ignore(conn, change_counter, {"scope": CONSENTS, "last_seq": 0})
    last = int(
        conn.execute(
            update(change_counter)
            .where(change_counter.c.scope == CONSENTS)
            .values(last_seq=change_counter.c.last_seq + len(pending))
            .returning(change_counter.c.last_seq)
        ).scalar_one()
    )
    first = last - len(pending) + 1
    for n, event_id in enumerate(pending):
        conn.execute(
            update(customer_consent_event)
            .where(customer_consent_event.c.id == event_id)
            .values(seq=first + n)
        )


def scope_heads(conn: Connection, scopes: list[str]) -> dict[str, int]:
    """The newest sequence number of each scope (0 when nothing was written yet)."""
    rows = conn.execute(
        select(change_counter.c.scope, change_counter.c.last_seq).where(
            change_counter.c.scope.in_(scopes)
        )
    ).all()
    heads = {scope: 0 for scope in scopes}
    heads.update({str(r[0]): int(r[1]) for r in rows})
    return heads
