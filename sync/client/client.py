"""One sync round: hello, push the outbox, bootstrap by snapshot if needed, pull.

Push (docs/sync-protocol.md): the first K un-acked entries by seq, then in one local transaction
everything up to the backend's ``last_processed_seq`` is acked. K adapts: it doubles (up to
``max_batch``) while requests come back within a second and halves on a timeout; a batch is
also cut to ``protocol.MAX_BATCH_BYTES``. A failed request is simply resent on the next round
(the backend answers ``duplicate`` for what it already has). While a batch is in flight the
next one is read and encoded; it is used only when the backend took the first one whole.

Pull: a page is applied together with its cursor, so the cursor is never ahead of the data.
A 410 or a new server epoch re-snapshots the reference data; the outbox is never touched.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from sync.client.errors import (
    AuthError,
    CursorExpired,
    ProtocolError,
    SeqGapError,
    TransportError,
)
from sync.client.replica import Batch, LocalReplica
from sync.client.transport import SyncTransport
from sync.protocol import (
    MAX_BATCH,
    MAX_BATCH_BYTES,
    MAX_PULL_LIMIT,
    SNAPSHOT_COLLECTIONS,
    TERMINAL_CLONED,
    AttendantKiosk,
    HelloResponse,
    KioskReport,
    OutgoingMutation,
    PushResponse,
)

log = logging.getLogger(__name__)

FAST_REQUEST_S = 1.0
_ENVELOPE_BYTES = 256  # {"terminal_epoch": ..., "mutations": [...]} around the mutations


@dataclass
class RoundReport:
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    snapshot_items: int = 0
    pending: int = 0
    resent: int = 0  # acked facts sent again because the backend had lost them
    new_epoch: str = ""  # set when this round moved the unsent facts to a new stream


class SyncClient:
    """Runs sync rounds for one terminal; not thread-safe (one round at a time)."""

    def __init__(
        self,
        transport: SyncTransport,
        replica: LocalReplica,
        *,
        batch_size: int = 100,
        max_batch: int = 500,
        pull_limit: int = 1000,
        snapshot_limit: int = MAX_PULL_LIMIT,
    ) -> None:
        self.transport = transport
        self.replica = replica
        self.max_batch = max(1, min(max_batch, MAX_BATCH))
        self.batch_size = max(1, min(batch_size, self.max_batch))
        self.pull_limit = max(1, min(pull_limit, MAX_PULL_LIMIT))
        self.snapshot_limit = max(1, min(snapshot_limit, MAX_PULL_LIMIT))
        self.bootstrapping = False
        self.last_hello: HelloResponse | None = None
        # Whether the current (or last) round had any batch acknowledged: a round that
        # failed after making progress resets the worker's backoff.
        self.progressed = False

    def close(self) -> None:
        self.transport.close()

    # -- kiosk states (outside the rounds: no replica involved) -------------------------------

    def put_kiosk_state(self, report: KioskReport) -> AttendantKiosk:
        """Report this kiosk's state (``SyncTransport.put_kiosk_state``)."""
        return self.transport.put_kiosk_state(report)

    def attendants(self) -> list[AttendantKiosk]:
        """The kiosks of this terminal's store, by code, with their states."""
        return self.transport.attendants().kiosks

    # -- the round ---------------------------------------------------------------------------

    def run_once(self) -> RoundReport:
        """Hello, push until the outbox is empty, bootstrap if needed, pull until caught up.

        Raises ``TransportError``, ``AuthError`` or ``ProtocolError``; whatever was pushed or
        pulled before the failure stays recorded.
        """
        report = RoundReport()
        self.progressed = False
        try:
            hello = self._hello()
            resend_from = self._reconcile(report, hello)
            self._push(report, hello, resend_from)
            self._pull(report, hello)
        except Exception as exc:
            self.replica.record_round(error=str(exc) or type(exc).__name__)
            raise
        finally:
            self.bootstrapping = False
            report.pending = self.replica.pending_count()
        self.replica.record_round(error="")
        return report

    def _hello(self) -> HelloResponse:
        state = self.replica.state()
        sent = self.replica.now()
        started = time.monotonic()
        try:
            hello = self.transport.hello(state.terminal_epoch, sent)
        except AuthError as exc:
            if exc.code == TERMINAL_CLONED:
                self.replica.record_identity_conflict(str(exc))
            raise
        # The server read its clock about half-way through the request.
        midpoint_ms = (time.monotonic() - started) * 500
        offset_ms = round((hello.server_time - sent).total_seconds() * 1000 - midpoint_ms)
        self.replica.record_hello(hello, offset_ms)
        self.max_batch = max(1, min(self.max_batch, hello.max_batch))
        self.batch_size = min(self.batch_size, self.max_batch)
        self.last_hello = hello
        return hello

    def _reconcile(self, report: RoundReport, hello: HelloResponse) -> int | None:
        """Compare the backend's record of our stream with this database (docs/sync-protocol.md F15,
        F27, F29). Returns the seq to resend from when the backend lost facts we hold acked
        (it was restored from a backup), else None.

        When the backend holds another fact than ours at its last processed seq, or a seq
        we never wrote, this database is older than what the backend heard (restored, or a
        copy): the unsent facts go to a new stream and receipt numbers continue above the
        backend's; nothing already printed is renumbered."""
        self.replica.fast_forward_receipts(hello.highest_receipt_local_no)
        epoch = self.replica.state().terminal_epoch
        last = hello.last_processed_seq
        if last > 0:
            ours = self.replica.mutation_id_at(epoch, last)
            if ours is None or (
                hello.last_mutation_id is not None and ours != hello.last_mutation_id
            ):
                report.new_epoch = self.replica.start_new_epoch(
                    f"the backend processed seq {last} of stream {epoch} as "
                    f"{hello.last_mutation_id or 'a fact'} but this database holds "
                    f"{ours or 'no such seq'}: it is older than the backend's record"
                )
                return None
        acked = self.replica.highest_acked_seq(epoch)
        if acked > last and self.replica.has_entries(epoch, last + 1, acked):
            log.warning(
                "the backend has processed our stream up to seq %d, we hold %d acked: "
                "resending what it lost (restored from a backup?)",
                last,
                acked,
            )
            report.resent = acked - last
            return last + 1
        return None

    # -- push --------------------------------------------------------------------------------

    def _push(self, report: RoundReport, hello: HelloResponse, resend_from: int | None) -> None:
        from_seq: int | None = resend_from
        rewound = resend_from is not None
        ahead: tuple[Batch, bytes] | None = None
        # The next batch is read and encoded while the backend applies this one.
        with ThreadPoolExecutor(1, thread_name_prefix="pos-push") as pool:
            while True:
                if ahead is None:
                    prepared = self._prepare(from_seq)
                else:
                    prepared, ahead = self._trimmed(ahead), None
                if prepared is None:
                    return
                batch, body = prepared
                started = time.monotonic()
                sent = pool.submit(self.transport.push_body, body)
                if from_seq is None:
                    ahead = self._prepare(None, after=batch)
                ok, from_seq, rewound = self._settle(
                    report, batch, sent, started, from_seq, rewound
                )
                if not ok:
                    ahead = None

    def _prepare(
        self, from_seq: int | None, after: Batch | None = None
    ) -> tuple[Batch, bytes] | None:
        """The next batch and its request body; ``after``: the batch following one in flight
        (None when it is the last), assuming the backend takes that one whole."""
        limit = self.batch_size
        if after is not None:
            from_seq = after.mutations[-1].seq + 1
            limit = min(self.max_batch, limit * 2)  # as if the request in flight is fast
        batch = self.replica.pending_batch(
            limit, from_seq, after.terminal_epoch if after is not None else None
        )
        if batch is None or not batch.mutations:
            return None
        return self._cut_to_bytes(batch)

    def _trimmed(self, prepared: tuple[Batch, bytes]) -> tuple[Batch, bytes]:
        """A batch read ahead, cut to the batch size the last answer left."""
        batch, _ = prepared
        if len(batch.mutations) <= self.batch_size:
            return prepared
        return self._cut_to_bytes(Batch(batch.terminal_epoch, batch.mutations[: self.batch_size]))

    def _settle(
        self,
        report: RoundReport,
        batch: Batch,
        sent: Future[PushResponse],
        started: float,
        from_seq: int | None,
        rewound: bool,
    ) -> tuple[bool, int | None, bool]:
        """Wait for the answer to ``batch`` and record it. Returns (taken whole and in order,
        so a batch read ahead still follows; the next ``from_seq``; ``rewound``)."""
        try:
            response = sent.result()
        except TransportError as exc:
            if exc.timeout:
                self.batch_size = max(1, self.batch_size // 2)
            raise
        except SeqGapError as gap:
            first = batch.mutations[0].seq
            if gap.resume_from > first:
                # The backend already has these (we lost its answer): acked as duplicates,
                # only the ones of this batch: nothing unsent is ever acked.
                last_sent = batch.mutations[-1].seq
                done = self.replica.ack_duplicates(
                    batch.terminal_epoch, first, min(last_sent, gap.resume_from - 1)
                )
                report.duplicates += done
                self.progressed = self.progressed or done > 0
                return False, None, rewound
            if (
                not rewound
                and 1 <= gap.resume_from < first
                and self.replica.has_entries(batch.terminal_epoch, gap.resume_from, first - 1)
            ):
                # A restored backend lost facts we had acked: send them again.
                log.warning(
                    "backend expects seq %d, we had acked up to %d; resending",
                    gap.resume_from,
                    first - 1,
                )
                return False, gap.resume_from, True
            raise
        if time.monotonic() - started < FAST_REQUEST_S:
            self.batch_size = min(self.max_batch, self.batch_size * 2)
        last_sent = batch.mutations[-1].seq
        if response.last_processed_seq < batch.mutations[0].seq:
            raise ProtocolError(
                f"{self.transport.base_url}: the backend processed nothing of seqs "
                f"{batch.mutations[0].seq}..{last_sent} (last_processed_seq "
                f"{response.last_processed_seq})"
            )
        recorded = self.replica.record_push(batch.terminal_epoch, response)
        self.progressed = True
        report.pushed += len(batch.mutations)
        for result in response.results:
            if result.status == "applied":
                report.applied += 1
            elif result.status == "duplicate":
                report.duplicates += 1
        # Rejections as recorded: the count agrees with the list of rejected facts, also when
        # a fact rejected before is resent (to a restored backend) and refused again.
        report.rejected += recorded.get("rejected", 0)
        if from_seq is not None:
            # Resending acked facts the backend lost: on up to the first un-acked one.
            first_pending = self.replica.first_pending_seq(batch.terminal_epoch)
            end = (
                first_pending
                if first_pending is not None
                else self.replica.highest_seq(batch.terminal_epoch) + 1
            )
            nxt = response.last_processed_seq + 1
            from_seq = nxt if nxt < end else None
            return False, from_seq, rewound
        return response.last_processed_seq >= last_sent, None, rewound

    @staticmethod
    def _cut_to_bytes(batch: Batch) -> tuple[Batch, bytes]:
        """The batch cut to ``MAX_BATCH_BYTES`` and its request body, each mutation
        serialised once (the encoding is the push hot path's largest client-side cost)."""
        total = _ENVELOPE_BYTES
        kept: list[OutgoingMutation] = []
        pieces: list[bytes] = []
        for mutation in batch.mutations:
            piece = mutation.wire_json()
            if kept and total + len(piece) + 1 > MAX_BATCH_BYTES:
                break
            kept.append(mutation)
            pieces.append(piece)
            total += len(piece) + 1
        if len(kept) != len(batch.mutations):
            batch = Batch(batch.terminal_epoch, kept)
        # The JSON of PushRequest(...), each payload copied as the text it was hashed from.
        epoch = json.dumps(batch.terminal_epoch)
        body = b'{"terminal_epoch":' + epoch.encode() + b',"mutations":['
        return batch, body + b",".join(pieces) + b"]}"

    # -- pull --------------------------------------------------------------------------------

    def _pull(self, report: RoundReport, hello: HelloResponse) -> None:
        state = self.replica.state()
        if state.bootstrapped and state.server_epoch and state.server_epoch != hello.server_epoch:
            log.warning("the backend's epoch changed: re-downloading reference data")
            self.replica.reset_reference()
            state = self.replica.state()
        if not state.bootstrapped or not state.cursor:
            self._bootstrap(report, hello)
        retried = False
        while True:
            cursor = self.replica.state().cursor
            try:
                page = self.transport.pull(cursor, self.pull_limit)
            except CursorExpired:
                if retried:
                    raise
                retried = True
                log.warning("pull cursor expired: re-downloading reference data")
                self.replica.reset_reference()
                self._bootstrap(report, hello)
                continue
            self.replica.apply_changes(page.changes, page.cursor)
            report.pulled += len(page.changes)
            if not page.has_more:
                return

    def _bootstrap(self, report: RoundReport, hello: HelloResponse) -> None:
        """Every reference collection into staging, then swapped in at once."""
        self.bootstrapping = True
        self.replica.begin_snapshot()
        cursor: str | None = None
        # Pages of a million customers are millions of short-lived dicts and models: the
        # cyclic collector walked the whole heap again and again meanwhile (a third of the
        # till's time in `pos bench --customers`). Reference counting still frees them;
        # cycles made meanwhile are collected once it is enabled again below.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # The next page is fetched while this one is staged.
            with ThreadPoolExecutor(1, thread_name_prefix="pos-snapshot") as pool:
                for collection in SNAPSHOT_COLLECTIONS:
                    ahead = pool.submit(
                        self.transport.snapshot, collection, None, self.snapshot_limit
                    )
                    while True:
                        page = ahead.result()
                        if page.after is not None:
                            ahead = pool.submit(
                                self.transport.snapshot, collection, page.after, self.snapshot_limit
                            )
                        if cursor is None:
                            # The heads before the first page: anything changing while the
                            # snapshot is read is pulled again afterwards (idempotent upserts).
                            cursor = page.cursor
                        self.replica.stage_snapshot(collection, page.items)
                        report.snapshot_items += len(page.items)
                        if page.after is None:
                            break
            assert cursor is not None
            self.replica.finish_snapshot(cursor, hello.server_epoch)
        except BaseException:
            self.replica.abort_snapshot()
            raise
        finally:
            self.bootstrapping = False
            if collecting:
                gc.enable()
