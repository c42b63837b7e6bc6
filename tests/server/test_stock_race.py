"""F28: writers of one product's stock at the same instant on PostgreSQL keep it exact.

Tills of one store (and a till of another store, whose pulled ``stock`` record lists both
stores) push batches moving the same products, released together by a barrier; then the
same with the admin API's receipts and web orders (reservations, a pickup handed over at a
till, a cancel) in the mix. After every round the stored level of every (store, product)
equals the ledger computed here from the rows (not by ``sync.server.stock``): the latest
count plus the movements after it, the open reservations, and available from both; and so
does the record each till's pull leaves it with.
"""

from __future__ import annotations

import itertools
import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from sync.server import stock
from sync.server.schema import (
    pos_order,
    product,
    reservation,
    stock_count,
    stock_level,
    stock_movement,
    store,
    stream,
)
from tests.server.conftest import Backend, Terminal, make_backend
from tests.server.test_sync_pull import pull_all
from tests.server.test_sync_push import (
    T0,
    catalog,
    count,
    make_mutation,
    order_payload,
    push,
    statuses,
)

SKUS = [f"R{i:02d}" for i in range(6)]
ORDERS_PER_BATCH = 12
API = "/api/v1"
Levels = dict[tuple[str, str], tuple[int, int, int]]  # (store, SKU) -> on hand, reserved, avail


def ledger(backend: Backend) -> Levels:
    """What the levels must be: on hand from the latest count and the movements after it,
    reserved from the open reservations, available = max(0, on hand - reserved - buffer)."""
    with backend.engine.connect() as conn:
        counts = conn.execute(
            select(
                store.c.code, product.c.sku, stock_count.c.counted_milli, stock_count.c.occurred_at
            )
            .join(store, store.c.id == stock_count.c.store_id)
            .join(product, product.c.id == stock_count.c.product_id)
            .order_by(stock_count.c.occurred_at, stock_count.c.id)
        ).all()
        moves = conn.execute(
            select(
                store.c.code,
                product.c.sku,
                stock_movement.c.qty_milli,
                stock_movement.c.occurred_at,
            )
            .join(store, store.c.id == stock_movement.c.store_id)
            .join(product, product.c.id == stock_movement.c.product_id)
        ).all()
        held = conn.execute(
            select(store.c.code, product.c.sku, reservation.c.qty_milli)
            .join(store, store.c.id == reservation.c.store_id)
            .join(product, product.c.id == reservation.c.product_id)
            .where(reservation.c.released_at.is_(None))
        ).all()
        buffers = dict(conn.execute(select(product.c.sku, product.c.safety_buffer_milli)).all())
    latest = {(r.code, r.sku): (int(r.counted_milli), r.occurred_at) for r in counts}
    on_hand = {key: milli for key, (milli, _) in latest.items()}
    for r in moves:
        key = (r.code, r.sku)
        if key not in latest or r.occurred_at > latest[key][1]:
            on_hand[key] = on_hand.get(key, 0) + int(r.qty_milli)
    reserved: dict[tuple[str, str], int] = {}
    for r in held:
        reserved[(r.code, r.sku)] = reserved.get((r.code, r.sku), 0) + int(r.qty_milli)
    return {
        key: (
            on_hand.get(key, 0),
            reserved.get(key, 0),
            max(0, on_hand.get(key, 0) - reserved.get(key, 0) - int(buffers[key[1]])),
        )
        for key in on_hand.keys() | reserved.keys()
    }


def stored(backend: Backend) -> Levels:
    with backend.engine.connect() as conn:
        rows = conn.execute(
            select(store.c.code, product.c.sku, stock_level)
            .join(store, store.c.id == stock_level.c.store_id)
            .join(product, product.c.id == stock_level.c.product_id)
        ).all()
    return {
        (r.code, r.sku): (int(r.on_hand_milli), int(r.reserved_milli), int(r.available_milli))
        for r in rows
    }


def differences(got: Levels, want: Levels) -> str:
    return ", ".join(
        f"{code}/{sku} {got.get((code, sku))} != {value}"
        for (code, sku), value in sorted(want.items())
        if got.get((code, sku)) != value
    )


class Till:
    """A terminal's push stream (its own HTTP client) and its replica of the pulled stock."""

    def __init__(self, backend: Backend, terminal: Terminal) -> None:
        self.backend = backend
        self.terminal = terminal
        self.client = TestClient(backend.client.app)
        self.seqs = itertools.count(1)
        self.cursor = ""
        self.stock: dict[str, dict[str, Any]] = {}

    def sales(self, trial: int, rng: random.Random) -> list[dict[str, Any]]:
        """Orders selling three of the shared products each, five minutes apart."""
        start = T0 + timedelta(hours=trial)
        mutations = []
        for n in range(ORDERS_PER_BATCH):
            lines = [(sku, rng.randint(1, 5) * 1000) for sku in rng.sample(SKUS, 3)]
            when = start + timedelta(minutes=n * 5)
            order = order_payload(self.terminal, lines, completed_at=when)
            mutations.append(self.mutation("order.completed", order, when))
        return mutations

    def mutation(self, kind: str, payload: dict[str, Any], when: Any = T0) -> dict[str, Any]:
        return make_mutation(next(self.seqs), kind, payload, occurred_at=when)

    def pull(self) -> None:
        """Pull what is new and keep the newest ``stock`` record per product, as a till does."""
        changes, self.cursor = pull_all(self.backend, self.terminal, self.cursor)
        for change in changes:
            if change["collection"] == "stock":
                assert change["op"] == "upsert"
                self.stock[change["data"]["sku"]] = change["data"]

    def pulled(self) -> Levels:
        return {
            (code, sku): (
                int(level["on_hand_milli"]),
                int(level["reserved_milli"]),
                int(level["available_milli"]),
            )
            for sku, record in self.stock.items()
            for code, level in record["stores"].items()
        }


def together(actions: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Run ``actions`` on threads released at the same instant by a barrier."""
    barrier = threading.Barrier(len(actions))
    results: list[httpx.Response | BaseException | None] = [None] * len(actions)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = actions[i]()
        except BaseException as exc:  # reported by the caller's thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for i, result in enumerate(results):
        assert isinstance(result, httpx.Response), (i, result)
        assert result.status_code in (200, 201), (i, result.text)
    return [r for r in results if isinstance(r, httpx.Response)]


def check(backend: Backend, tills: list[Till], trial: int, wrong: list[str]) -> None:
    """Compare the stored levels and every till's pulled ones with the ledger."""
    truth = ledger(backend)
    level = stored(backend)
    if level != truth:
        wrong.append(f"round {trial}: stored {differences(level, truth)}")
    for n, till in enumerate(tills):
        till.pull()
        if till.pulled() != truth:
            wrong.append(f"round {trial}: till {n} pulled {differences(till.pulled(), truth)}")


def test_f28_concurrent_pushes_of_one_store_keep_stock_exact(pg_url: str, tmp_path: Path) -> None:
    backend = make_backend(pg_url, tmp_path, pool_size=8)
    with backend.client:
        backend.store("S01", "Kadıköy")
        backend.store("S02", "Beşiktaş")
        catalog(backend, SKUS)
        tills = [Till(backend, backend.enrol(code)) for code in ("S01", "S01", "S02")]
        rng = random.Random(28)
        wrong: list[str] = []
        for trial in range(20):
            batches = [till.sales(trial, rng) for till in tills]
            start = T0 + timedelta(hours=trial)
            for n, till in enumerate(tills):
                tag = f"{n}-{trial}"
                if trial % 2:  # a delivery: the savepoint path, as against the fast path
                    received = {
                        "reason": "receive",
                        "movements": [
                            {"id": f"recv-{tag}-{sku}", "sku": sku, "qty_milli": 40_000}
                            for sku in SKUS[:3]
                        ],
                    }
                    batches[n].append(till.mutation("stock.adjusted", received, start))
                if trial % 5 == 2:  # a count mid-round replaces what came before it
                    counted_at = start + timedelta(minutes=ORDERS_PER_BATCH * 5 // 2 + 1)
                    counts = {
                        "counted_at": counted_at.isoformat(),
                        "counts": [
                            {"id": f"count-{tag}-{sku}", "sku": sku, "counted_milli": 100_000}
                            for sku in SKUS[3:]
                        ],
                    }
                    batches[n].append(till.mutation("stock.counted", counts, counted_at))
            responses = together(
                [
                    partial(push, till.client, till.terminal, batch)
                    for till, batch in zip(tills, batches, strict=True)
                ]
            )
            for response in responses:
                assert set(statuses(response)) == {"applied"}, response.json()
            check(backend, tills, trial, wrong)
        assert len(ledger(backend)) == 2 * len(SKUS)
    backend.engine.dispose()
    assert wrong == [], "\n".join(wrong)


def test_f28_web_orders_admin_receipts_and_pushes_together(pg_url: str, tmp_path: Path) -> None:
    backend = make_backend(pg_url, tmp_path, pool_size=10)
    admin = [TestClient(backend.client.app) for _ in range(3)]

    def api(client: TestClient, path: str, body: dict[str, Any]) -> httpx.Response:
        return client.post(f"{API}{path}", headers=backend.admin, json=body)

    def order_body(rng: random.Random) -> dict[str, Any]:
        """A pickup order at S01 of one or two units of two products."""
        lines = [{"sku": sku, "qty_milli": rng.randint(1, 2) * 1000} for sku in rng.sample(SKUS, 2)]
        customer = {"name": "Ayşe Yılmaz", "phone": "0532 111 22 33"}
        return {"fulfilment": "pickup", "store": "S01", "customer": customer, "lines": lines}

    def order(rng: random.Random) -> dict[str, Any]:
        response = api(backend.client, "/orders", order_body(rng) | {"paid": True})
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    def move(number: str, expected: str, to: str, client: TestClient) -> httpx.Response:
        body = {"expected_state": expected, "to_state": to}
        return api(client, f"/orders/{number}/transition", body)

    with backend.client:
        backend.store("S01", "Kadıköy")
        catalog(backend, SKUS)
        for sku in SKUS:
            body = {"store": "S01", "sku": sku, "qty_milli": 1_000_000, "reason": "receive"}
            assert api(backend.client, "/stock/movements", body).status_code == 201
        tills = [Till(backend, backend.enrol("S01")) for _ in range(2)]
        rng = random.Random(2028)
        wrong: list[str] = []
        placed = order(rng)
        for trial in range(10):
            ready = order(rng)
            for before, after in (("placed", "prepared"), ("prepared", "ready")):
                assert move(ready["number"], before, after, backend.client).status_code == 200
            batches = [till.sales(trial, rng) for till in tills]
            collect = {"order_id": ready["id"], "from_state": "ready", "to_state": "collected"}
            batches[0].append(tills[0].mutation("pickup.transition", collect | {"detail": {}}))
            receipt = {"store": "S01", "sku": rng.choice(SKUS), "qty_milli": 5000}
            body = order_body(rng) | {"paid": False}
            # Two tills push sales (one hands the ready order over), while the admin API
            # books a receipt, places an order and cancels the one placed a round earlier.
            responses = together(
                [
                    partial(push, tills[0].client, tills[0].terminal, batches[0]),
                    partial(push, tills[1].client, tills[1].terminal, batches[1]),
                    partial(api, admin[0], "/stock/movements", receipt | {"reason": "receive"}),
                    partial(api, admin[1], "/orders", body),
                    partial(move, placed["number"], "placed", "cancelled", admin[2]),
                ]
            )
            for response in responses[:2]:
                assert set(statuses(response)) == {"applied"}, response.json()
            placed = responses[3].json()
            check(backend, tills, trial, wrong)
    backend.engine.dispose()
    assert wrong == [], "\n".join(wrong)


# Someone waits for stock lock (space, key): pg_locks shows its two int4 keys as oids.
_WAITING = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    " AND classid = CAST(CAST(:space AS int4) AS oid) AND objid = CAST(CAST(:key AS int4) AS oid)"
    " AND objsubid = 2"
)


def test_a_batch_postgresql_aborts_for_a_deadlock_is_applied_again(
    pg_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Another transaction holds a product's stock lock, then waits for the terminal's stream
    row, which a push holds while it waits for that stock lock. PostgreSQL aborts the one
    that checks for the cycle first: the push, which waited first, unless the machine stalled
    for the second before the other waited; so the round is repeated until the push was the
    one (at most three times). The backend applies the aborted batch again: 200, once."""
    backend = make_backend(pg_url, tmp_path)
    with backend.client:
        backend.store("S01")
        catalog(backend, ["A"])
        till = Till(backend, backend.enrol("S01"))
        first = till.mutation("order.completed", order_payload(till.terminal, [("A", 1000)]))
        assert statuses(push(till.client, till.terminal, [first])) == ["applied"]  # its stream
        with backend.engine.connect() as conn:
            product_id = conn.execute(select(product.c.id)).scalar_one()
        waiting = {"space": stock._LOCK_SPACE, "key": stock.lock_key(product_id)}
        caplog.set_level(logging.WARNING, logger="sync.server.db")
        pushes = 1
        while "SQLSTATE 40P01" not in caplog.text:
            assert pushes <= 3, "PostgreSQL never aborted the push"
            sale = till.mutation("order.completed", order_payload(till.terminal, [("A", 1000)]))
            result: list[httpx.Response | BaseException] = []
            thread = threading.Thread(
                target=lambda sale=sale, result=result: result.append(
                    push(till.client, till.terminal, [sale])
                )
            )
            with backend.engine.connect() as other, other.begin():
                stock.lock_products(other, [product_id])
                thread.start()
                deadline = time.monotonic() + 20
                while not other.execute(_WAITING, waiting).scalar():
                    assert time.monotonic() < deadline, "the push never waited for the lock"
                    time.sleep(0.01)
                try:
                    other.execute(
                        select(stream.c.terminal_id)
                        .where(stream.c.terminal_id == till.terminal.terminal_id)
                        .with_for_update()
                    ).all()
                except OperationalError as exc:  # this one was aborted: the push goes on
                    assert getattr(exc.orig, "sqlstate", None) == "40P01", exc
                other.rollback()
            thread.join(timeout=60)
            pushes += 1
            assert len(result) == 1 and isinstance(result[0], httpx.Response), result
            assert result[0].status_code == 200, result[0].text
            assert statuses(result[0]) == ["applied"]
        assert count(backend, pos_order) == pushes
        assert stored(backend) == ledger(backend) == {("S01", "A"): (-1000 * pushes, 0, 0)}
    backend.engine.dispose()


def test_retry_transient_reruns_aborted_transactions_only() -> None:
    """Deadlocks and serialization failures run the work again, up to five times (then 503
    busy, which a till retries later); any other database error is answered at once."""
    import psycopg

    from sync.server.db import retry_transient
    from sync.server.errors import ServerError

    def failing(errors: list[Exception]) -> Callable[[], str]:
        def work() -> str:
            if errors:
                raise OperationalError("COMMIT", None, errors.pop(0))
            return "done"

        return work

    aborted = [psycopg.errors.DeadlockDetected(), psycopg.errors.SerializationFailure()]
    assert retry_transient(failing(aborted)) == "done"
    with pytest.raises(ServerError) as busy:
        retry_transient(failing([psycopg.errors.DeadlockDetected() for _ in range(5)]))
    assert (busy.value.status, busy.value.code) == (503, "busy")
    broken = [psycopg.errors.UndefinedTable(), psycopg.errors.DeadlockDetected()]
    with pytest.raises(OperationalError):
        retry_transient(failing(broken))
    assert len(broken) == 1  # not run again
