"""The outbox writer: business facts queued for the backend with a gap-free sequence.

Called inside the caller's transaction, so a fact exists exactly when the change it
describes does (docs/sync-protocol.md).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, insert, text

from pos_app.domain.ids import new_id
from pos_app.storage.tables import table
from sync.protocol import FactModel, canonical_json, payload_hash


def append_fact(
    conn: Connection,
    fact: FactModel,
    *,
    occurred_at: datetime,
    business_date: date,
) -> tuple[str, int]:
    """Queue ``fact`` (its kind and version are its model's, ``sync.protocol.facts``) with
    the next gap-free sequence number; returns (mutation_id, seq)."""
    row = conn.execute(
        text(
            "UPDATE terminal_state SET next_seq = next_seq + 1 WHERE id = 1 "
            "RETURNING next_seq - 1, terminal_epoch"
        )
    ).one()
    seq, epoch = int(row[0]), str(row[1])
    body = canonical_json(fact.payload())
    mutation_id = new_id()
    conn.execute(
        insert(table("outbox")),
        {
            "mutation_id": mutation_id,
            "terminal_epoch": epoch,
            "seq": seq,
            "kind": fact.KIND,
            "kind_version": fact.VERSION,
            "occurred_at": occurred_at,
            "business_date": business_date,
            "payload_json": body,
            "payload_hash": payload_hash(body),
        },
    )
    return mutation_id, seq
