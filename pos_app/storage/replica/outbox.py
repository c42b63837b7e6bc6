"""The outbox as the sync client reads it (docs/sync-protocol.md "Push").

The outbox is read in seq order and acked in one transaction per backend answer; an
un-acked entry is never deleted. Facts are written into it by ``pos_app.storage.outbox``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select, text

from pos_app.storage.database import write_transaction
from pos_app.storage.replica.erasure import scrub_acked_aisle
from pos_app.storage.tables import sqlite_stamp, table
from sync.client.replica import Batch
from sync.protocol import MAX_BATCH_BYTES, OutgoingMutation, PushResponse

_MUTATION_OVERHEAD = 400  # the envelope of a mutation around its payload, in bytes


@dataclass(frozen=True, slots=True)
class RejectedFact:
    """An outbox entry the backend rejected, as the sync problems view lists it."""

    seq: int
    mutation_id: str
    kind: str  # order.completed, stock.adjusted, ...
    occurred_at: datetime
    code: str  # machine-readable reason from the backend, e.g. unknown_sku
    reason: str  # the backend's explanation, naming the problem
    receipt_no: str = ""  # for orders and refunds


def outbox_counts(engine: Engine) -> tuple[int, int]:
    """(pending, rejected) outbox entries, in one query."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT coalesce(sum(acked_at IS NULL), 0), "
                "coalesce(sum(outcome = 'rejected'), 0) FROM outbox"
            )
        ).one()
    return int(row[0]), int(row[1])


def rejected_facts(engine: Engine) -> list[RejectedFact]:
    """Facts the backend rejected, oldest first, with its code and reason."""
    o = table("outbox")
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                o.c.seq,
                o.c.mutation_id,
                o.c.kind,
                o.c.occurred_at,
                o.c.code,
                o.c.reason,
                o.c.payload_json,
            )
            .where(o.c.outcome == "rejected")
            .order_by(o.c.occurred_at, o.c.seq)
        ).all()
    facts = []
    for r in rows:
        receipt = ""
        if str(r.kind).startswith("order.") or r.kind == "web_order.returned":
            try:
                receipt = str(json.loads(r.payload_json).get("receipt_no") or "")
            except ValueError:
                receipt = ""
        facts.append(
            RejectedFact(
                seq=int(r.seq),
                mutation_id=str(r.mutation_id),
                kind=str(r.kind),
                occurred_at=r.occurred_at,
                code=str(r.code or ""),
                reason=str(r.reason or ""),
                receipt_no=receipt,
            )
        )
    return facts


def pending_batch(
    engine: Engine, limit: int, from_seq: int | None, terminal_epoch: str
) -> Batch | None:
    """Up to ``limit`` consecutive entries of one stream, under the batch size limit.

    ``from_seq`` None: the oldest un-acked entries (of the oldest stream holding any);
    else the entries of ``terminal_epoch`` from ``from_seq`` on, acked or not (a resend).
    """
    o = table("outbox")
    with engine.connect() as conn:
        offset = int(
            conn.execute(text("SELECT clock_offset_ms FROM sync_state WHERE id = 1")).scalar() or 0
        )
        if from_seq is None:
            epoch = conn.execute(
                select(o.c.terminal_epoch)
                .where(o.c.acked_at.is_(None))
                .order_by(o.c.terminal_epoch, o.c.seq)
                .limit(1)
            ).scalar()
            if epoch is None:
                return None
            where = [o.c.terminal_epoch == epoch, o.c.acked_at.is_(None)]
        else:
            epoch = terminal_epoch
            where = [o.c.terminal_epoch == epoch, o.c.seq >= from_seq]
        rows = conn.execute(
            select(
                o.c.seq,
                o.c.mutation_id,
                o.c.kind,
                o.c.kind_version,
                o.c.occurred_at,
                o.c.business_date,
                o.c.payload_json,
                o.c.payload_hash,
            )
            .where(*where)
            .order_by(o.c.seq)
            .limit(limit)
        ).all()
    mutations: list[OutgoingMutation] = []
    size = 0
    for r in rows:
        if mutations and r.seq != mutations[-1].seq + 1:
            break  # the backend takes consecutive seqs only
        size += len(r.payload_json) + _MUTATION_OVERHEAD
        if mutations and size > MAX_BATCH_BYTES:
            break  # the client cuts exactly; this only saves encoding what it would drop
        mutations.append(
            OutgoingMutation(
                seq=int(r.seq),
                mutation_id=str(r.mutation_id),
                kind=str(r.kind),
                kind_version=int(r.kind_version),
                occurred_at=r.occurred_at,
                business_date=r.business_date,
                clock_offset_ms=offset,
                payload_json=str(r.payload_json),
                payload_hash=str(r.payload_hash),
            )
        )
    return Batch(str(epoch), mutations) if mutations else None


def first_pending_seq(engine: Engine, terminal_epoch: str) -> int | None:
    """The lowest un-acked seq of the stream (None: all acked)."""
    o = table("outbox")
    with engine.connect() as conn:
        value = conn.execute(
            select(func.min(o.c.seq)).where(
                o.c.terminal_epoch == terminal_epoch, o.c.acked_at.is_(None)
            )
        ).scalar()
    return None if value is None else int(value)


def has_entries(engine: Engine, terminal_epoch: str, first: int, last: int) -> bool:
    """Whether the stream holds every seq from ``first`` to ``last``."""
    o = table("outbox")
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count()).where(
                o.c.terminal_epoch == terminal_epoch, o.c.seq >= first, o.c.seq <= last
            )
        ).scalar_one()
    return int(count) == last - first + 1


def record_push(
    engine: Engine, terminal_epoch: str, response: PushResponse, now: datetime
) -> dict[str, int]:
    """Ack the entries the backend answered for; how many of each status were recorded."""
    stamp = sqlite_stamp(now)
    last = response.last_processed_seq
    recorded: dict[str, int] = {}
    with write_transaction(engine) as conn:
        # Only what was sent and answered: an entry the backend says nothing about stays
        # un-acked, whatever its seq (it may never have been sent).
        for r in response.results:
            if r.seq > last:
                continue
            done = conn.exec_driver_sql(
                "UPDATE outbox SET acked_at = ?, outcome = ?, code = ?, reason = ? "
                "WHERE terminal_epoch = ? AND seq = ? AND mutation_id = ? "
                "AND acked_at IS NULL",
                (
                    stamp,
                    r.status,
                    r.code or None,
                    r.reason or None,
                    terminal_epoch,
                    r.seq,
                    r.mutation_id,
                ),
            ).rowcount
            if done:
                recorded[r.status] = recorded.get(r.status, 0) + 1
        acked = [r.seq for r in response.results if r.seq <= last]
        if acked:
            # Synced: an endless-aisle sale's delivery address and contact leave the till.
            scrub_acked_aisle(conn, terminal_epoch, min(acked), max(acked))
    return recorded


def ack_duplicates(
    engine: Engine, terminal_epoch: str, first: int, last: int, now: datetime
) -> int:
    """Ack as duplicates the un-acked entries from ``first`` to ``last`` (the backend has
    them); how many."""
    with write_transaction(engine) as conn:
        result = conn.exec_driver_sql(
            "UPDATE outbox SET acked_at = ?, outcome = 'duplicate' "
            "WHERE terminal_epoch = ? AND seq >= ? AND seq <= ? AND acked_at IS NULL",
            (sqlite_stamp(now), terminal_epoch, first, last),
        )
        scrub_acked_aisle(conn, terminal_epoch, first, last)
    return int(result.rowcount)
