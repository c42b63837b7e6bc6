"""Push: apply a batch of a terminal's outbox mutations exactly once (docs/sync-protocol.md "Push").

One transaction per batch with the terminal's stream row locked, so overlapping retries of
the same batch serialise; one savepoint per mutation, so a bad fact is rolled back, parked in
the dead-letter table and reported ``rejected`` while the stream still advances. A fact is
bad when its payload breaks the model of its kind and version (validated once, here) or an
applier refuses it (``Rejected``); any other exception is a backend bug: the whole batch
fails (a 500) and the till sends it again, so a good sale is never parked. Stock levels
are recomputed once per batch for every pair the batch touched, and the change log is flushed
as the transaction's last statement.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy import Connection, select, update
from sqlalchemy.exc import DataError, IntegrityError

from sync.protocol import (
    Mutation,
    MutationResult,
    PushRequest,
    PushResponse,
    SeqGap,
    canonical_matching,
    fact_model,
)
from sync.protocol.facts.orders import AMOUNT_OUT_OF_RANGE
from sync.protocol.text import lone_surrogate_at
from sync.server import stock
from sync.server.alarms import raise_alarm
from sync.server.business_day import ALARM as BUSINESS_DAY_ALARM
from sync.server.changes import ChangeBuffer
from sync.server.collector import collector_paused
from sync.server.context import ServerContext
from sync.server.db import bulk_insert, insert_ignore, retry_transient, write_tx
from sync.server.dead_letters import dead_letter_json
from sync.server.deps import TerminalAuth
from sync.server.errors import Rejected, ServerError
from sync.server.facts import (
    APPLIERS,
    ORDER_KINDS,
    Batch,
    Fact,
    apply_order,
    plain_orders,
    write_plain_orders,
)
from sync.server.schema import dead_letter, mutation, stream

log = logging.getLogger(__name__)

REUSED = "idempotency_key_reused"
# Rules of a fact model that refuse with a code of their own (sync.protocol.facts).
CODED_RULES = frozenset({AMOUNT_OUT_OF_RANGE})


def invalid_payload(kind: str, exc: ValidationError) -> tuple[str, str]:
    """(code, reason) of a payload its fact model refused: ``invalid_payload`` naming each
    field and what is wrong with it, or the code a rule gave (``amount_out_of_range``)."""
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    if first["type"] in CODED_RULES:
        return first["type"], first["msg"]
    problems = "; ".join(field_problem(error) for error in errors)
    return "invalid_payload", f"{kind}: {len(errors)} invalid field(s): {problems}"


def field_problem(error: ErrorDetails) -> str:
    """``lines.0.qty_milli must be above 0, got 0``: where and what (a rule's own message
    is written to follow the field's name; pydantic's after a colon)."""
    where = ".".join(str(part) for part in error["loc"])
    message = error["msg"]
    if error["type"] == "value_error":
        message = message.removeprefix("Value error, ")
        return f"{where} {message}" if where else message
    return f"{where or 'payload'}: {message}"


class SeqGapError(Exception):
    """The batch starts above ``last_processed_seq + 1``: answered 409 with ``gap``."""

    def __init__(self, gap: SeqGap) -> None:
        super().__init__(f"seq gap: resume from {gap.resume_from}")
        self.gap = gap


class _StagedChanges(ChangeBuffer):
    """The changes of one mutation, kept apart until its savepoint is released: a rejected
    fact must not leave pull records of rows that were rolled back."""

    def __init__(self) -> None:
        super().__init__()
        self._ops: list[tuple[str, str, str, dict[str, Any] | None]] = []

    def upsert(self, scope: str, collection: str, key: str, data: dict[str, Any]) -> None:
        self._ops.append((scope, collection, key, data))

    def delete(self, scope: str, collection: str, key: str) -> None:
        self._ops.append((scope, collection, key, None))

    def __len__(self) -> int:
        return len(self._ops)

    def flush(self, conn: Connection, now: datetime) -> None:
        raise TypeError("staged changes are moved into the batch buffer, never flushed")

    def move_into(self, target: ChangeBuffer) -> None:
        for scope, collection, key, data in self._ops:
            if data is None:
                target.delete(scope, collection, key)
            else:
                target.upsert(scope, collection, key, data)
        self._ops.clear()


def _check_consecutive(mutations: list[Mutation]) -> None:
    for before, after in itertools.pairwise(mutations):
        if after.seq != before.seq + 1:
            raise ServerError(
                400,
                "seqs_not_consecutive",
                f"seqs must be consecutive and ascending: {after.seq} follows {before.seq}",
            )


def _lock_stream(conn: Connection, terminal_id: str, epoch: str, now: datetime) -> int:
    """Create the stream row if missing and lock it; returns its last processed seq."""
    insert_ignore(
        conn,
        stream,
        {"terminal_id": terminal_id, "epoch": epoch, "last_processed_seq": 0, "updated_at": now},
    )
    # FOR UPDATE: a concurrent retry of the same batch waits here on PostgreSQL (SQLite's
    # BEGIN IMMEDIATE already serialises writers), then sees what this one committed.
    return int(
        conn.execute(
            select(stream.c.last_processed_seq)
            .where(stream.c.terminal_id == terminal_id, stream.c.epoch == epoch)
            .with_for_update()
        ).scalar_one()
    )


@dataclass(frozen=True, slots=True)
class _Taken:
    """Where a mutation id was first used, and what became of it."""

    terminal_id: str
    epoch: str
    seq: int
    payload_hash: str
    status: str = "applied"
    code: str = ""
    reason: str = ""


class _Push:
    """One batch in flight (the state the per-mutation steps share)."""

    def __init__(
        self, conn: Connection, auth: TerminalAuth, epoch: str, now: datetime, dedup: bool
    ) -> None:
        self.conn = conn
        self.auth = auth
        self.epoch = epoch
        self.now = now
        self.dedup = dedup
        self.changes = ChangeBuffer()
        self.batch = Batch(
            conn=conn,
            terminal_id=auth.terminal_id,
            store_id=auth.store_id,
            store_code=auth.store_code,
            now=now,
            deduplicate=dedup,
        )
        self.mutation_rows: list[dict[str, Any]] = []
        self.known_ids: dict[str, _Taken] = {}
        self.stored: dict[int, Any] = {}

    def prefetch(self, mutations: list[Mutation], last: int) -> None:
        """Stored outcomes of already processed seqs and the ids already taken, in two
        queries instead of two per mutation."""
        old = [m.seq for m in mutations if m.seq <= last]
        if old:
            rows = self.conn.execute(
                select(mutation).where(
                    mutation.c.terminal_id == self.auth.terminal_id,
                    mutation.c.epoch == self.epoch,
                    mutation.c.seq.in_(old),
                )
            ).all()
            self.stored = {int(r.seq): r for r in rows}
        # Every id of the batch: a fact resent under a new epoch (a restored or re-enrolled
        # terminal) is found by its id, whatever seq it carries now.
        ids = [m.mutation_id for m in mutations]
        if ids:
            rows = self.conn.execute(
                select(
                    mutation.c.mutation_id,
                    mutation.c.terminal_id,
                    mutation.c.epoch,
                    mutation.c.seq,
                    mutation.c.payload_hash,
                    mutation.c.status,
                    mutation.c.code,
                    mutation.c.reason,
                ).where(mutation.c.mutation_id.in_(ids))
            ).all()
            self.known_ids = {
                str(r.mutation_id): _Taken(
                    str(r.terminal_id),
                    str(r.epoch),
                    int(r.seq),
                    str(r.payload_hash),
                    str(r.status),
                    str(r.code or ""),
                    str(r.reason or ""),
                )
                for r in rows
            }

    def replay(self, m: Mutation) -> MutationResult:
        """A seq already processed: its stored outcome, or a refused reuse of the seq."""
        row = self.stored.get(m.seq)
        if row is None:
            # No row at this seq: the fact was first stored under another seq or epoch (its
            # outcome stands), or it was refused for reusing another fact's id.
            taken = self.known_ids.get(m.mutation_id)
            if taken is not None and taken.payload_hash == m.payload_hash:
                return self._earlier_outcome(m, taken)
            return MutationResult(
                seq=m.seq,
                mutation_id=m.mutation_id,
                status="rejected",
                code=REUSED,
                reason=f"seq {m.seq} was refused earlier: its mutation id was already used",
            )
        if row.mutation_id == m.mutation_id and row.payload_hash == m.payload_hash:
            if row.status == "applied":
                return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status="duplicate")
            return MutationResult(
                seq=m.seq,
                mutation_id=m.mutation_id,
                status="rejected",
                code=str(row.code),
                reason=str(row.reason),
            )
        raise_alarm(
            self.conn,
            REUSED,
            self.auth.terminal_id,
            {
                "epoch": self.epoch,
                "seq": m.seq,
                "stored_mutation_id": row.mutation_id,
                "stored_payload_hash": row.payload_hash,
                "mutation_id": m.mutation_id,
                "payload_hash": m.payload_hash,
            },
            self.now,
        )
        return MutationResult(
            seq=m.seq,
            mutation_id=m.mutation_id,
            status="rejected",
            code=REUSED,
            reason=f"seq {m.seq} was already processed as mutation {row.mutation_id} with "
            "another payload; the original stands",
        )

    def process(self, m: Mutation) -> MutationResult:
        """Apply a new mutation under its savepoint and record its outcome."""
        if self.dedup:
            reused = self.known_ids.get(m.mutation_id)
            if reused is not None:
                return self._reused_id(m, reused)
            self.known_ids[m.mutation_id] = _Taken(
                self.auth.terminal_id, self.epoch, m.seq, m.payload_hash
            )
        code, reason = self._apply(m)
        if code:
            insert_ignore(
                self.conn,
                dead_letter,
                {
                    "mutation_id": m.mutation_id,
                    "terminal_id": self.auth.terminal_id,
                    "epoch": self.epoch,
                    "seq": m.seq,
                    "kind": m.kind,
                    "payload_json": dead_letter_json(m.payload),
                    "code": code,
                    "reason": reason,
                    "received_at": self.now,
                },
            )
            log.info("rejected mutation %s (seq %d): %s", m.mutation_id, m.seq, code)  # no data
        if self.dedup:
            self.mutation_rows.append(self._mutation_row(m, code, reason))
        if code:
            return MutationResult(
                seq=m.seq, mutation_id=m.mutation_id, status="rejected", code=code, reason=reason
            )
        return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status="applied")

    def _mutation_row(self, m: Mutation, code: str, reason: str) -> dict[str, Any]:
        return {
            "mutation_id": m.mutation_id,
            "terminal_id": self.auth.terminal_id,
            "epoch": self.epoch,
            "seq": m.seq,
            "kind": m.kind,
            "kind_version": m.kind_version,
            "payload_hash": m.payload_hash,
            "status": "rejected" if code else "applied",
            "code": code,
            "reason": reason,
            "occurred_at": m.occurred_at,
            "corrected_at": m.occurred_at + timedelta(milliseconds=m.clock_offset_ms),
            "received_at": self.now,
        }

    def process_plain(self, mutations: list[Mutation]) -> list[MutationResult] | None:
        """The fast path: apply a run of new, plain orders with a few multi-row INSERTs and
        no savepoint per mutation. None (with nothing written) when any of them is not plain,
        so the caller applies them one by one with ``process``, which decides exactly as
        always (rejections, dead letters, alarms, orders already stored).

        Plain: deduplicating, every mutation id new to the backend and to the batch, the
        payload matching its hash, an order kind ``apply_order`` handles at a known version,
        a payload it would accept without a customer or loyalty entries, and rows that clash
        with nothing stored (a clash raises ``IntegrityError`` under this path's savepoint).
        """
        if not self.dedup or not mutations:
            return None
        seen: set[str] = set()
        facts: list[Fact] = []
        for m in mutations:
            if m.mutation_id in self.known_ids or m.mutation_id in seen:
                return None
            seen.add(m.mutation_id)
            model = fact_model(m.kind, m.kind_version)
            if (
                m.kind not in ORDER_KINDS
                or APPLIERS.get(m.kind) is not apply_order
                or model is None
            ):
                return None
            document = canonical_matching(m.payload, m.payload_hash)
            if document is None:
                return None
            try:
                typed = model.model_validate(m.payload)
            except ValidationError:
                return None  # rejected, with its reason, when applied one by one
            facts.append(Fact.of(m, typed, document))
        mark = self.batch.mark()
        plain = plain_orders(self.batch, facts)
        if plain is None:
            return None
        savepoint = self.conn.begin_nested()
        try:
            write_plain_orders(self.batch, plain)
        except (IntegrityError, DataError):
            savepoint.rollback()
            self.batch.reset(mark)
            return None
        savepoint.commit()
        results = []
        for m in mutations:
            self.known_ids[m.mutation_id] = _Taken(
                self.auth.terminal_id, self.epoch, m.seq, m.payload_hash
            )
            self.mutation_rows.append(self._mutation_row(m, "", ""))
            results.append(MutationResult(seq=m.seq, mutation_id=m.mutation_id, status="applied"))
        return results

    @staticmethod
    def _earlier_outcome(m: Mutation, original: _Taken) -> MutationResult:
        """The same fact (id and payload) sent again under another seq: its first outcome."""
        if original.status == "applied":
            return MutationResult(seq=m.seq, mutation_id=m.mutation_id, status="duplicate")
        return MutationResult(
            seq=m.seq,
            mutation_id=m.mutation_id,
            status="rejected",
            code=original.code,
            reason=original.reason,
        )

    def _reused_id(self, m: Mutation, original: _Taken) -> MutationResult:
        if original.payload_hash == m.payload_hash:
            # A restored or re-enrolled terminal resending a fact under its new epoch.
            return self._earlier_outcome(m, original)
        raise_alarm(
            self.conn,
            REUSED,
            self.auth.terminal_id,
            {
                "epoch": self.epoch,
                "seq": m.seq,
                "mutation_id": m.mutation_id,
                "payload_hash": m.payload_hash,
                "original_terminal_id": original.terminal_id,
                "original_epoch": original.epoch,
                "original_seq": original.seq,
                "original_payload_hash": original.payload_hash,
            },
            self.now,
        )
        # The mutation id is the primary key of the original's rows; park the payload for
        # staff when nothing is parked under that id yet.
        insert_ignore(
            self.conn,
            dead_letter,
            {
                "mutation_id": m.mutation_id,
                "terminal_id": self.auth.terminal_id,
                "epoch": self.epoch,
                "seq": m.seq,
                "kind": m.kind,
                "payload_json": dead_letter_json(m.payload),
                "code": REUSED,
                "reason": f"mutation id already used at seq {original.seq}",
                "received_at": self.now,
            },
        )
        return MutationResult(
            seq=m.seq,
            mutation_id=m.mutation_id,
            status="rejected",
            code=REUSED,
            reason=f"mutation id {m.mutation_id} was already used at seq {original.seq}",
        )

    def _apply(self, m: Mutation) -> tuple[str, str]:
        """("", "") when applied, else (code, reason) with everything rolled back."""
        document = canonical_matching(m.payload, m.payload_hash)
        if document is None:
            # A lone surrogate never matches (no UTF-8 encodes it, so nothing hashed it):
            # named for what it is, this fact alone refused.
            where = lone_surrogate_at(m.payload)
            if where is not None:
                return "invalid_text", (
                    f"seq {m.seq}: {where} holds a lone surrogate (a \\ud800-\\udfff escape "
                    "without its pair), which is not text"
                )
            return "payload_hash_mismatch", f"seq {m.seq}: the payload does not match its hash"
        model = fact_model(m.kind, m.kind_version)
        applier = APPLIERS.get(m.kind)
        if model is None or applier is None:
            return "unknown_kind", f"this backend does not know {m.kind} v{m.kind_version}"
        try:
            typed = model.model_validate(m.payload)
        except ValidationError as exc:
            return invalid_payload(m.kind, exc)
        fact = Fact.of(m, typed, document)
        staged = _StagedChanges()
        mark = self.batch.mark()
        savepoint = self.conn.begin_nested()
        keep: Rejected | None = None
        try:
            applier(self.batch, staged, fact)
        except Rejected as exc:
            code, reason = exc.code, exc.reason
            keep = exc
        except (IntegrityError, DataError) as exc:
            # A fact clashing with stored rows (an id reused for another record, a value too
            # long for its column) is the fact's problem, never a 5xx.
            code, reason = "conflict", f"{m.kind}: {exc.orig}"
        except ServerError as exc:
            # Code shared with the admin API refuses with a status; from a till it is this
            # fact's refusal, never the batch's (issue 15: one conflict failed a whole batch).
            code, reason = exc.code, f"{m.kind}: {exc.detail}"
        else:
            savepoint.commit()
            staged.move_into(self.changes)
            return "", ""
        savepoint.rollback()
        self.batch.reset(mark)
        # A rejection may carry rows that must outlive the rollback (a pickup conflict's
        # event and staff task: web_orders.PickupRejected.persist).
        persist = getattr(keep, "persist", None)
        if callable(persist):
            persist(self.conn)
        return code, reason[:2000]

    def finish(self, last: int) -> None:
        """Record the outcomes, advance the stream, recompute stock, flush changes (last)."""
        bulk_insert(self.conn, mutation, self.mutation_rows)
        self.conn.execute(
            update(stream)
            .where(stream.c.terminal_id == self.auth.terminal_id, stream.c.epoch == self.epoch)
            .values(last_processed_seq=last, updated_at=self.now)
        )
        for detail in self.batch.days.alarms():  # a wrong till clock (sync.server.business_day)
            raise_alarm(self.conn, BUSINESS_DAY_ALARM, self.auth.terminal_id, detail, self.now)
        stock.recompute(self.conn, self.changes, self.batch.touched, self.now)
        self.changes.flush(self.conn, self.now)


def push(ctx: ServerContext, auth: TerminalAuth, request: PushRequest) -> PushResponse:
    """Apply ``request`` for terminal ``auth``; raises ``SeqGapError`` (409) or
    ``ServerError`` (400) for an envelope that cannot be processed.

    A batch PostgreSQL aborted for a deadlock (e.g. two tills acting on the same pickup and
    customer in opposite orders) left nothing behind, so it is applied again from scratch.
    """
    _check_consecutive(request.mutations)
    with collector_paused():
        return retry_transient(lambda: _push_once(ctx, auth, request))


def _push_once(ctx: ServerContext, auth: TerminalAuth, request: PushRequest) -> PushResponse:
    mutations = request.mutations
    now = ctx.clock()
    dedup = ctx.deduplicate
    with write_tx(ctx.engine) as conn:
        last = _lock_stream(conn, auth.terminal_id, request.terminal_epoch, now)
        if dedup and mutations and mutations[0].seq > last + 1:
            raise SeqGapError(SeqGap(last_processed_seq=last, resume_from=last + 1))
        state = _Push(conn, auth, request.terminal_epoch, now, dedup)
        if dedup:
            state.prefetch(mutations, last)
        results: list[MutationResult] = []
        fresh: list[Mutation] = []
        for m in mutations:
            if dedup and m.seq <= last:
                # Seqs ascend, so every replay comes before the first new mutation.
                results.append(state.replay(m))
            else:
                fresh.append(m)
        plain = state.process_plain(fresh)
        if plain is not None:
            results.extend(plain)
            last = max(last, fresh[-1].seq)
        else:
            for m in fresh:
                results.append(state.process(m))
                last = max(last, m.seq)
        state.finish(last)
    return PushResponse(last_processed_seq=last, results=results)
