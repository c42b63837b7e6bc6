"""Repairing this terminal's outbox stream when the backend's record disagrees with it.

Two cases, both found at ``hello`` (``sync.client.client``):

- This database is not the one the backend heard from: the backend holds, at its last
  processed seq of our stream, another fact than ours, or a seq we never wrote. The database
  was restored from an older copy (or copied). Everything not yet acknowledged moves to a new
  stream (epoch) in its original order, keeping its mutation id and payload, so the backend
  applies what it lacks and answers ``duplicate`` for what it already has; nothing printed is
  renumbered.
- The backend has seen higher receipt numbers of this terminal than this database issued:
  the counter continues above them, so no number is used twice from here on.

Each change is one local transaction.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, func, select, text

from pos_app.domain.ids import new_id
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import table

log = logging.getLogger(__name__)


def mutation_id_at(engine: Engine, terminal_epoch: str, seq: int) -> str | None:
    """The id of the outbox entry at ``seq`` of stream ``terminal_epoch`` (None: no entry)."""
    o = table("outbox")
    with engine.connect() as conn:
        value = conn.execute(
            select(o.c.mutation_id).where(o.c.terminal_epoch == terminal_epoch, o.c.seq == seq)
        ).scalar()
    return None if value is None else str(value)


def highest_acked_seq(engine: Engine, terminal_epoch: str) -> int:
    """The highest seq of the stream the backend acknowledged (0 when none)."""
    o = table("outbox")
    with engine.connect() as conn:
        value = conn.execute(
            select(func.max(o.c.seq)).where(
                o.c.terminal_epoch == terminal_epoch, o.c.acked_at.is_not(None)
            )
        ).scalar()
    return int(value or 0)


def highest_seq(engine: Engine, terminal_epoch: str) -> int:
    o = table("outbox")
    with engine.connect() as conn:
        value = conn.execute(
            select(func.max(o.c.seq)).where(o.c.terminal_epoch == terminal_epoch)
        ).scalar()
    return int(value or 0)


def start_new_epoch(engine: Engine, reason: str) -> tuple[str, int]:
    """Move every un-acknowledged entry of the current stream to a new stream, renumbered
    from 1 in the same order; returns (the new epoch, how many entries moved)."""
    o = table("outbox")
    with write_transaction(engine) as conn:
        old = str(
            conn.execute(text("SELECT terminal_epoch FROM terminal_state WHERE id = 1")).scalar()
        )
        epoch = new_id()
        pending: list[str] = list(
            conn.execute(
                select(o.c.mutation_id)
                .where(o.c.terminal_epoch == old, o.c.acked_at.is_(None))
                .order_by(o.c.seq)
            ).scalars()
        )
        if pending:
            conn.exec_driver_sql(
                "UPDATE outbox SET terminal_epoch = ?, seq = ? WHERE mutation_id = ?",
                [(epoch, n, mutation_id) for n, mutation_id in enumerate(pending, 1)],
            )
        conn.execute(
            text("UPDATE terminal_state SET terminal_epoch = :e, next_seq = :n WHERE id = 1"),
            {"e": epoch, "n": len(pending) + 1},
        )
    log.warning(
        "new outbox stream %s (was %s): %s; %d unsent facts move to it",
        epoch,
        old,
        reason,
        len(pending),
    )
    return epoch, len(pending)


def fast_forward_receipts(engine: Engine, highest_known: int) -> int | None:
    """Continue receipt numbers above ``highest_known`` (the backend's highest of this
    terminal) when this database is behind it; returns the new next number, None when the
    counter was already above."""
    with write_transaction(engine) as conn:
        changed = conn.execute(
            text(
                "UPDATE terminal_state SET next_local_no = :n WHERE id = 1 AND next_local_no < :n"
            ),
            {"n": highest_known + 1},
        ).rowcount
    if changed:
        log.warning(
            "the backend has receipt numbers of this till up to %d that this database did "
            "not issue (restored from an older copy?): numbering continues at %d",
            highest_known,
            highest_known + 1,
        )
        return highest_known + 1
    return None


def record_identity_conflict(engine: Engine, message: str) -> None:
    """The backend refused this database's identity: remember why (shown, sales stop)."""
    s = table("sync_state")
    with write_transaction(engine) as conn:
        conn.execute(s.update().where(s.c.id == 1).values(identity_conflict=message[:1000]))


def identity_conflict(engine: Engine) -> str:
    """Why the backend refused this terminal's identity ("" when it did not)."""
    s = table("sync_state")
    with engine.connect() as conn:
        value = conn.execute(select(s.c.identity_conflict).where(s.c.id == 1)).scalar()
    return str(value or "")
