"""What the sync client needs from the terminal's local database (``LocalReplica``).

The terminal implements it on its SQLite database (``pos_app.storage.replica``); tests
may implement it in memory. Every method that writes does so in one local transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sync.protocol import Change, HelloResponse, OutgoingMutation, PushResponse


@dataclass(frozen=True, slots=True)
class ReplicaState:
    terminal_epoch: str  # the outbox stream this terminal writes now
    cursor: str | None  # where pull continues; None: bootstrap by snapshot first
    server_epoch: str  # the backend epoch the reference data came from
    bootstrapped: bool
    clock_offset_ms: int


@dataclass(frozen=True, slots=True)
class Batch:
    """The first un-acked outbox entries of one stream, in seq order."""

    terminal_epoch: str
    mutations: list[OutgoingMutation]


class LocalReplica(Protocol):
    def now(self) -> datetime:
        """The device's clock (UTC-aware)."""
        ...

    def state(self) -> ReplicaState: ...

    # -- push --------------------------------------------------------------------------------

    def pending_batch(
        self, limit: int, from_seq: int | None = None, terminal_epoch: str | None = None
    ) -> Batch | None:
        """Up to ``limit`` un-acked entries of the oldest stream with any, by seq; with
        ``from_seq``, the entries of stream ``terminal_epoch`` (default: the current one) from
        that seq on, acked or not (to resend what a restored backend lost, or to read ahead
        while a batch is in flight). None when there is nothing to send."""
        ...

    def first_pending_seq(self, terminal_epoch: str) -> int | None: ...

    def has_entries(self, terminal_epoch: str, first: int, last: int) -> bool:
        """Whether every seq in ``first..last`` of the stream is still stored locally."""
        ...

    def record_push(self, terminal_epoch: str, response: PushResponse) -> dict[str, int]:
        """One transaction: each entry the response answers (by seq and mutation id, up to
        ``last_processed_seq``) is acked with its outcome, code and reason; nothing else is.
        Returns how many entries were newly acked, by outcome."""
        ...

    def ack_duplicates(self, terminal_epoch: str, first: int, last: int) -> int:
        """The backend already has seqs ``first..last`` of a batch we sent (its answer was
        lost): ack those as duplicates."""
        ...

    # -- repairing the stream (restored or copied databases) ---------------------------------

    def mutation_id_at(self, terminal_epoch: str, seq: int) -> str | None: ...

    def highest_seq(self, terminal_epoch: str) -> int: ...

    def highest_acked_seq(self, terminal_epoch: str) -> int: ...

    def start_new_epoch(self, reason: str) -> str:
        """Move the current stream's un-acked entries, in order and renumbered from 1, to a
        new stream; returns its epoch."""
        ...

    def fast_forward_receipts(self, highest_known: int) -> None:
        """Receipt numbers continue above ``highest_known`` if they are not already."""
        ...

    def record_identity_conflict(self, message: str) -> None:
        """The backend refused this database's identity (another device uses it)."""
        ...

    def pending_count(self) -> int: ...

    # -- hello and outcome -------------------------------------------------------------------

    def record_hello(self, hello: HelloResponse, clock_offset_ms: int) -> None: ...

    def record_round(self, *, error: str) -> None:
        """After a round: success (``error`` empty) or why it failed."""
        ...

    # -- pull --------------------------------------------------------------------------------

    def apply_changes(self, changes: list[Change], cursor: str) -> None:
        """Apply a pull page and store ``cursor`` in the same local transaction."""
        ...

    def reset_reference(self) -> None:
        """Forget the cursor (410 or a new server epoch): the next round re-snapshots.
        Never touches the outbox."""
        ...

    # -- snapshot ----------------------------------------------------------------------------

    def begin_snapshot(self) -> None:
        """Start filling empty staging tables; the live tables stay as they are."""
        ...

    def stage_snapshot(self, collection: str, items: list[dict[str, Any]]) -> None: ...

    def finish_snapshot(self, cursor: str, server_epoch: str) -> None:
        """Swap the staged data into the live tables and store the cursor, in one
        transaction."""
        ...

    def abort_snapshot(self) -> None: ...
