"""The terminal database as the sync client's replica: acks, cursor and batch sizing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import Engine, insert, text

from pos_app.services.clock import SystemClock
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database, write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.replica.store import SyncStore
from pos_app.storage.tables import table
from sync.client.client import SyncClient
from sync.client.errors import ProtocolError, SeqGapError, TransportError
from sync.client.transport import SyncTransport
from sync.protocol import (
    MAX_BATCH_BYTES,
    Change,
    FactModel,
    HelloResponse,
    MutationResult,
    PullResponse,
    PushRequest,
    PushResponse,
    SnapshotPage,
)

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An initialised terminal with a hand-made enrolment row (no backend needed)."""
    engine = open_database(tmp_path / "pos.db")
    initialise_terminal(engine, "S01", "T01")
    with write_transaction(engine) as conn:
        conn.execute(
            insert(table("sync_state")),
            {
                "id": 1,
                "server_url": "http://fake",
                "terminal_id": "t-1",
                "terminal_code": "T01",
                "store_id": "s-1",
                "store_code": "S01",
                "receipt_prefix": "S01-T01",
                "server_epoch": "e1",
                "cursor": "c0",
                "bootstrapped": True,
                "clock_offset_ms": 1500,
                "enrolled_at": NOW,
            },
        )
    yield engine
    engine.dispose()


class _Filler(FactModel):
    """An outbox entry of a chosen size (the outbox does not read its payload)."""

    KIND: ClassVar[str] = "stock.adjusted"

    n: int
    pad: str


def queue(engine: Engine, count: int, size: int = 10) -> None:
    with write_transaction(engine) as conn:
        for i in range(count):
            append_fact(
                conn,
                _Filler(n=i, pad="x" * size),
                occurred_at=NOW,
                business_date=date(2026, 11, 23),
            )


def outbox(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT seq, acked_at IS NOT NULL, outcome, code, reason "
                    "FROM outbox ORDER BY seq"
                )
            )
        ]


def test_push_outcomes_are_acked_in_one_transaction(engine: Engine) -> None:
    queue(engine, 5)
    store = SyncStore(engine, SystemClock())
    batch = store.pending_batch(10)
    assert batch is not None
    assert [m.seq for m in batch.mutations] == [1, 2, 3, 4, 5]
    assert {m.clock_offset_ms for m in batch.mutations} == {1500}
    epoch = batch.terminal_epoch
    response = PushResponse(
        last_processed_seq=3,
        results=[
            MutationResult(seq=1, mutation_id=batch.mutations[0].mutation_id, status="applied"),
            MutationResult(
                seq=2,
                mutation_id=batch.mutations[1].mutation_id,
                status="rejected",
                code="unknown_sku",
                reason="line 1: unknown SKU 'X'",
            ),
        ],
    )
    # A failure half-way through the acks leaves every entry un-acked.
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER boom BEFORE UPDATE OF acked_at ON outbox WHEN NEW.seq = 2 "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        )
    with pytest.raises(Exception, match="disk full"):
        store.record_push(epoch, response)
    assert all(not acked for _, acked, *_ in outbox(engine))
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER boom"))
    assert store.record_push(epoch, response) == {"applied": 1, "rejected": 1}
    assert outbox(engine) == [
        (1, 1, "applied", None, None),
        (2, 1, "rejected", "unknown_sku", "line 1: unknown SKU 'X'"),
        # Below last_processed_seq but not answered: an acknowledgement only ever covers
        # facts that were sent and answered (issue 15: a restored till's unsent sales were
        # acked as duplicates this way).
        (3, 0, None, None, None),
        (4, 0, None, None, None),
        (5, 0, None, None, None),
    ]
    assert store.pending_count() == 3
    assert store.first_pending_seq(epoch) == 3
    # The same answer again acks nothing twice.
    assert store.record_push(epoch, response) == {}
    # A lost answer: the backend says it has seqs up to 3 of a batch 3..4 we sent.
    assert store.ack_duplicates(epoch, 3, 3) == 1
    assert store.pending_count() == 2


def _product(pid: str, sku: str, price: int, barcodes: list[str]) -> dict[str, Any]:
    return {
        "id": pid,
        "sku": sku,
        "name": f"Ürün {sku}",
        "price_minor": price,
        "vat_rate": 20,
        "barcodes": barcodes,
        "category": "Temizlik",
    }


def test_pull_page_and_cursor_commit_together(engine: Engine) -> None:
    store = SyncStore(engine, SystemClock())
    good = Change(
        scope="global",
        seq=1,
        collection="product",
        key="p1",
        op="upsert",
        data=_product("p1", "SOAP", 8990, ["8690000000033"]),
    )
    garbled = Change(
        scope="global",
        seq=2,
        collection="product",
        key="p2",
        op="upsert",
        data={"id": "p2", "sku": "BAD", "name": "x", "vat_rate": 20, "price_minor": "twelve"},
    )
    with pytest.raises(ProtocolError, match=r"product 'p2'.*price_minor"):
        store.apply_changes([good, garbled], "c2")
    assert store.state().cursor == "c0"  # nothing of the page, not even the good change
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM product")).scalar() == 0
    store.apply_changes([good], "c1")
    assert store.state().cursor == "c1"
    # A later page: new price and barcode, then a tombstone.
    moved = Change(
        scope="global",
        seq=3,
        collection="product",
        key="p1",
        op="upsert",
        data=_product("p1", "SOAP", 9990, ["8690000000040"]),
    )
    store.apply_changes([moved], "c3")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT price_minor, active FROM product")).one() == (9990, 1)
        assert conn.execute(text("SELECT code FROM barcode")).scalars().all() == ["8690000000040"]
    store.apply_changes(
        [Change(scope="global", seq=4, collection="product", key="p1", op="delete")], "c4"
    )
    with engine.connect() as conn:
        assert conn.execute(text("SELECT active FROM product")).scalar() == 0
    assert store.state().cursor == "c4"


def test_local_product_with_the_same_sku_takes_the_backend_id(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO product (id, sku, name, names_json, search_text, price_minor, "
                "vat_rate, sold_by_weight, active, updated_at) VALUES ('local', 'SOAP', 'Sabun', "
                "'{}', 'sabun', 100, 20, 0, 1, '2026-11-23 09:00:00.000000')"
            )
        )
        conn.execute(text("INSERT INTO barcode VALUES ('8690000000033', 'local')"))
        conn.execute(
            text(
                "INSERT INTO stock_movement (id, store_code, product_id, qty_milli, reason, "
                "sale_id, occurred_at) VALUES ('m1', 'S01', 'local', 5000, 'receive', NULL, "
                "'2026-11-23 09:00:00.000000')"
            )
        )
    store = SyncStore(engine, SystemClock())
    store.apply_changes(
        [
            Change(
                scope="global",
                seq=1,
                collection="product",
                key="p1",
                op="upsert",
                data=_product("p1", "SOAP", 8990, ["8690000000033"]),
            )
        ],
        "c1",
    )
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id, price_minor FROM product")).all() == [("p1", 8990)]
        assert conn.execute(text("SELECT product_id FROM barcode")).scalar() == "p1"
        assert conn.execute(text("SELECT product_id FROM stock_movement")).scalar() == "p1"


class FakeTransport(SyncTransport):
    """Answers push requests like a backend; records the batch sizes it saw."""

    def __init__(self, *, timeouts: int = 0, gap_at: int | None = None) -> None:
        super().__init__("http://fake", "token")
        self.sizes: list[int] = []
        self.bodies: list[int] = []
        self.timeouts = timeouts
        self.last = 0
        self.gap_at = gap_at

    def hello(self, epoch: str, device_time: datetime) -> HelloResponse:
        return HelloResponse(
            server_time=device_time,
            server_epoch="e1",
            protocol_versions=[1],
            fact_kinds={},
            terminal_id="t-1",
            terminal_code="T01",
            store_code="S01",
        )

    def push_body(self, body: bytes) -> PushResponse:
        return self.push(PushRequest.model_validate_json(body))

    def push(self, request: PushRequest) -> PushResponse:
        if self.timeouts:
            self.timeouts -= 1
            raise TransportError("http://fake: no answer in time", timeout=True)
        if self.gap_at is not None:
            # The backend already has everything below gap_at (an answer we lost).
            self.last, resume = self.gap_at - 1, self.gap_at
            self.gap_at = None
            raise SeqGapError("gap", resume_from=resume, last_processed_seq=resume - 1)
        self.sizes.append(len(request.mutations))
        self.bodies.append(len(self.encode_push(request)))
        self.last = request.mutations[-1].seq
        return PushResponse(
            last_processed_seq=self.last,
            results=[
                MutationResult(seq=m.seq, mutation_id=m.mutation_id, status="applied")
                for m in request.mutations
            ],
        )

    def pull(self, cursor: str | None, limit: int) -> PullResponse:
        return PullResponse(changes=[], cursor=cursor or "c", has_more=False)

    def snapshot(self, collection: str, after: str | None, limit: int) -> SnapshotPage:
        return SnapshotPage(collection=collection, items=[], after=None, cursor="c")


def test_batch_size_grows_while_fast_and_halves_on_timeout(engine: Engine) -> None:
    queue(engine, 1700)
    transport = FakeTransport(timeouts=1)
    client = SyncClient(transport, SyncStore(engine, SystemClock()), batch_size=100, max_batch=500)
    with pytest.raises(TransportError):
        client.run_once()
    assert client.batch_size == 50
    report = client.run_once()
    assert transport.sizes == [50, 100, 200, 400, 500, 450]
    assert (report.pushed, report.applied, report.pending) == (1700, 1700, 0)


def test_batches_are_cut_to_the_byte_limit(engine: Engine) -> None:
    queue(engine, 40, size=MAX_BATCH_BYTES // 16)  # 2.5 limits in all
    transport = FakeTransport()
    report = SyncClient(transport, SyncStore(engine, SystemClock())).run_once()
    assert report.pending == 0
    assert max(transport.bodies) <= MAX_BATCH_BYTES
    assert len(transport.sizes) > 1


def test_seq_gap_ahead_acks_what_the_backend_has(engine: Engine) -> None:
    queue(engine, 10)
    transport = FakeTransport(gap_at=7)
    report = SyncClient(transport, SyncStore(engine, SystemClock())).run_once()
    assert report.duplicates == 6
    assert transport.sizes == [4]
    assert [row[2] for row in outbox(engine)] == ["duplicate"] * 6 + ["applied"] * 4
