"""The terminal database as the sync client's ``LocalReplica`` (docs/sync-protocol.md, "Push"
and "Pull and snapshot").

- Push: the outbox is read in seq order and acked in one transaction per backend answer;
  an un-acked entry is never deleted (``outbox``).
- Pull: a page of changes and its cursor are written in one transaction, so the cursor is
  never ahead of the data (``pull``).
- Snapshot: pages stream into TEMP staging tables on one dedicated connection, then one
  ``BEGIN IMMEDIATE`` transaction swaps them into the live tables (``snapshot``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, text, update

from pos_app.storage.database import write_transaction
from pos_app.storage.replica import loyalty_rules, outbox, pull, snapshot, stream_repair
from pos_app.storage.replica.erasure import checkpoint_after_erasure
from pos_app.storage.replica.rows import Rows, collect
from pos_app.storage.tables import sqlite_stamp, table
from sync.client.errors import ProtocolError
from sync.client.replica import Batch, ReplicaState
from sync.protocol import Change, HelloResponse, PushResponse

log = logging.getLogger(__name__)


class Clock(Protocol):
    """What the store needs of a clock (``services.clock.Clock`` is one)."""

    def now(self) -> datetime:
        """The current time, UTC-aware."""
        ...


class _SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SyncStore:
    """``LocalReplica`` on the terminal's SQLite database."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self._engine = engine
        self._clock: Clock = clock or _SystemClock()
        self._snap: Connection | None = None

    def now(self) -> datetime:
        return self._clock.now()

    def state(self) -> ReplicaState:
        with self._engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT t.terminal_epoch, s.cursor, s.server_epoch, s.bootstrapped, "
                    "s.clock_offset_ms FROM terminal_state t, sync_state s "
                    "WHERE t.id = 1 AND s.id = 1"
                )
            ).first()
        if row is None:
            raise ProtocolError("this terminal is not enrolled (no sync state)")
        return ReplicaState(
            terminal_epoch=str(row[0]),
            cursor=row[1],
            server_epoch=str(row[2] or ""),
            bootstrapped=bool(row[3]),
            clock_offset_ms=int(row[4]),
        )

    # -- push (``outbox``) --------------------------------------------------------------------

    def pending_batch(
        self, limit: int, from_seq: int | None = None, terminal_epoch: str | None = None
    ) -> Batch | None:
        if from_seq is not None and not terminal_epoch:
            terminal_epoch = self.state().terminal_epoch
        return outbox.pending_batch(self._engine, limit, from_seq, terminal_epoch or "")

    def first_pending_seq(self, terminal_epoch: str) -> int | None:
        return outbox.first_pending_seq(self._engine, terminal_epoch)

    def has_entries(self, terminal_epoch: str, first: int, last: int) -> bool:
        return outbox.has_entries(self._engine, terminal_epoch, first, last)

    def record_push(self, terminal_epoch: str, response: PushResponse) -> dict[str, int]:
        return outbox.record_push(self._engine, terminal_epoch, response, self.now())

    def ack_duplicates(self, terminal_epoch: str, first: int, last: int) -> int:
        return outbox.ack_duplicates(self._engine, terminal_epoch, first, last, self.now())

    # -- repairing the stream (``stream_repair``) ---------------------------------------------

    def mutation_id_at(self, terminal_epoch: str, seq: int) -> str | None:
        return stream_repair.mutation_id_at(self._engine, terminal_epoch, seq)

    def highest_seq(self, terminal_epoch: str) -> int:
        return stream_repair.highest_seq(self._engine, terminal_epoch)

    def highest_acked_seq(self, terminal_epoch: str) -> int:
        return stream_repair.highest_acked_seq(self._engine, terminal_epoch)

    def start_new_epoch(self, reason: str) -> str:
        return stream_repair.start_new_epoch(self._engine, reason)[0]

    def fast_forward_receipts(self, highest_known: int) -> None:
        stream_repair.fast_forward_receipts(self._engine, highest_known)

    def record_identity_conflict(self, message: str) -> None:
        stream_repair.record_identity_conflict(self._engine, message)

    def pending_count(self) -> int:
        return outbox.outbox_counts(self._engine)[0]

    # -- hello and round outcome -------------------------------------------------------------

    def record_hello(self, hello: HelloResponse, clock_offset_ms: int) -> None:
        s = table("sync_state")
        with write_transaction(self._engine) as conn:
            conn.execute(
                update(s)
                .where(s.c.id == 1)
                .values(
                    clock_offset_ms=clock_offset_ms,
                    clock_warning_ms=hello.clock_warning_after_s * 1000,
                    last_hello_at=self.now(),
                    identity_conflict="",  # the backend accepts this device again
                )
            )
            loyalty_rules.record_bounds(conn, hello)

    def record_round(self, *, error: str) -> None:
        s = table("sync_state")
        values: dict[str, Any] = {"last_error": error[:1000]}
        if not error:
            values["last_success_at"] = self.now()
        with write_transaction(self._engine) as conn:
            conn.execute(update(s).where(s.c.id == 1).values(**values))

    # -- pull (``pull``) --------------------------------------------------------------------

    def apply_changes(self, changes: list[Change], cursor: str) -> None:
        latest: dict[tuple[str, str], Change] = {}
        for change in changes:  # a later change of a key supersedes an earlier one
            latest.pop((change.collection, change.key), None)
            latest[(change.collection, change.key)] = change
        rows = Rows.empty()
        deletes: dict[str, list[str]] = {}
        for (collection, key), change in latest.items():
            if change.op == "delete":
                deletes.setdefault(collection, []).append(key)
                continue
            if change.data is None:
                raise ProtocolError(f"garbled {collection} {key!r} from the backend: no data")
            if not collect(rows, collection, key, change.data):
                log.info("ignoring pulled changes of unknown collection %s", collection)
        now = sqlite_stamp(self.now())
        with write_transaction(self._engine) as conn:
            pull.apply_rows(conn, rows, now)
            pull.apply_deletes(conn, deletes, now)
            conn.exec_driver_sql("UPDATE sync_state SET cursor = ? WHERE id = 1", (cursor,))
        if deletes.get("customer"):
            # The erased customers' old page images must not stay in the -wal file.
            checkpoint_after_erasure(self._engine)

    def reset_reference(self) -> None:
        with write_transaction(self._engine) as conn:
            conn.exec_driver_sql(
                "UPDATE sync_state SET cursor = NULL, bootstrapped = 0 WHERE id = 1"
            )

    # -- snapshot (``snapshot``) ------------------------------------------------------------

    def begin_snapshot(self) -> None:
        self.abort_snapshot()
        self._snap = snapshot.open_staging(self._engine)

    def stage_snapshot(self, collection: str, items: list[dict[str, Any]]) -> None:
        conn = self._snap
        if conn is None:
            raise RuntimeError("stage_snapshot() before begin_snapshot()")
        snapshot.stage(conn, collection, items)

    def finish_snapshot(self, cursor: str, server_epoch: str) -> None:
        conn = self._snap
        if conn is None:
            raise RuntimeError("finish_snapshot() before begin_snapshot()")
        erased = snapshot.swap_in(conn, sqlite_stamp(self.now()), cursor, server_epoch)
        self.abort_snapshot()
        if erased:
            checkpoint_after_erasure(self._engine)

    def abort_snapshot(self) -> None:
        conn, self._snap = self._snap, None
        if conn is not None:
            snapshot.drop_staging(conn)
