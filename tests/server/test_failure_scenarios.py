"""Backend failure scenarios of docs/sync-protocol.md: F6, F7, F10, F12, F13, F17."""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.db import make_engine, migrate, write_tx
from sync.server.ids import new_id
from sync.server.pull import pull_changes
from sync.server.schema import (
    alarm,
    dead_letter,
    mutation,
    pos_order,
    product,
    stock_exception,
    stock_movement,
    store,
    stream,
)
from sync.server.stock import recompute, stock_data
from sync.server.terminals import server_epoch
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import (
    T0,
    catalog,
    count,
    make_mutation,
    on_hand,
    order_payload,
    push,
    setup,
    statuses,
)


def test_f6_same_batch_on_two_connections_applies_once(backend: Backend) -> None:
    t = setup(backend)
    app = backend.client.app
    clients = [TestClient(app), TestClient(app)]
    rounds, per_batch = 8, 5
    seq = 1
    for _ in range(rounds):
        batch = [
            make_mutation(s, "order.completed", order_payload(t, [("A", 1000), ("B", 500)]))
            for s in range(seq, seq + per_batch)
        ]
        seq += per_batch
        barrier = threading.Barrier(2)
        responses: list[Any] = [None, None]

        def send(
            i: int,
            batch: list[dict[str, Any]] = batch,
            barrier: threading.Barrier = barrier,
            responses: list[Any] = responses,
        ) -> None:
            barrier.wait()
            responses[i] = push(clients[i], t, batch)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert all(r is not None and r.status_code == 200 for r in responses), responses
        # Per mutation: applied by exactly one request, a duplicate for the other.
        for i in range(per_batch):
            got = sorted(r.json()["results"][i]["status"] for r in responses)
            assert got == ["applied", "duplicate"]
        assert all(r.json()["last_processed_seq"] == seq - 1 for r in responses)
    total = rounds * per_batch
    assert count(backend, pos_order) == total
    assert count(backend, stock_movement) == 2 * total
    assert count(backend, mutation) == total
    assert count(backend, dead_letter) == 0


def test_f7_reused_mutation_id_with_another_payload(backend: Backend) -> None:
    t = setup(backend)
    original = make_mutation(1, "order.completed", order_payload(t, [("A", 1000)]))
    assert statuses(push(backend.client, t, [original])) == ["applied"]
    changed = dict(original["payload"], total_minor=1)
    # The same seq and id with another payload...
    tampered = make_mutation(1, "order.completed", changed, mutation_id=original["mutation_id"])
    result = push(backend.client, t, [tampered]).json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "idempotency_key_reused")
    # ...and the id again at a new seq, with yet another order.
    other = order_payload(t, [("B", 1000)])
    reused = make_mutation(2, "order.completed", other, mutation_id=original["mutation_id"])
    response = push(backend.client, t, [reused])
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "idempotency_key_reused")
    assert response.json()["last_processed_seq"] == 2
    with backend.engine.connect() as conn:
        orders = conn.execute(select(pos_order.c.id, pos_order.c.total_minor)).all()
        alarms = [json.loads(d) for d in conn.execute(select(alarm.c.detail_json)).scalars()]
        stored = conn.execute(select(mutation)).one()
    assert orders == [(original["payload"]["order_id"], original["payload"]["total_minor"])]
    assert stored.payload_hash == original["payload_hash"] and stored.status == "applied"
    assert len(alarms) == 2
    assert {a["stored_payload_hash"] for a in alarms if "stored_payload_hash" in a} == {
        original["payload_hash"]
    }
    assert {a["original_payload_hash"] for a in alarms if "original_payload_hash" in a} == {
        original["payload_hash"]
    }
    assert {a["payload_hash"] for a in alarms} == {
        tampered["payload_hash"],
        reused["payload_hash"],
    }
    # The genuine original replayed is still a plain duplicate.
    assert statuses(push(backend.client, t, [original])) == ["duplicate"]


def test_f10_out_of_order_commits_on_postgresql_are_never_skipped(pg_url: str) -> None:
    engine = make_engine(pg_url, pool_size=8)
    migrate(engine)
    with write_tx(engine) as conn:
        server_epoch(conn)
    writers, per_writer = 4, 25
    done = threading.Event()
    errors: list[BaseException] = []

    def write(w: int) -> None:
        rng = random.Random(w)
        try:
            for i in range(per_writer):
                with write_tx(engine) as conn:
                    # Work before taking a sequence lets transactions overlap...
                    time.sleep(rng.random() * 0.004)
                    changes = ChangeBuffer()
                    changes.upsert(GLOBAL, "probe", f"{w}-{i}", {"w": w, "i": i})
                    changes.flush(conn, T0)
                    # ...and a pause after taking it makes this one commit late.
                    if i % 3 == w % 3:
                        time.sleep(0.02)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    seen: list[str] = []

    def read() -> None:
        cursor: str | None = None
        try:
            while True:
                finished = done.is_set()
                with engine.connect() as conn:
                    page = pull_changes(conn, scopes=[GLOBAL], cursor=cursor, limit=7)
                seen.extend(c.key for c in page.changes)
                cursor = page.cursor
                if finished and not page.has_more:
                    return
        except BaseException as exc:
            errors.append(exc)

    reader = threading.Thread(target=read)
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    done.set()
    reader.join(timeout=60)
    engine.dispose()
    assert errors == []
    expected = {f"{w}-{i}" for w in range(writers) for i in range(per_writer)}
    assert len(seen) == len(expected)  # none twice
    assert set(seen) == expected  # none skipped


def test_f12_three_terminals_and_the_web_sell_the_last_unit(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    backend.store()
    catalog(backend, ["LAST"])
    tills = [backend.enrol() for _ in range(3)]
    count_fact = {"counts": [{"id": "count-1", "sku": "LAST", "counted_milli": 1000}]}
    assert statuses(
        push(backend.client, tills[0], [make_mutation(1, "stock.counted", count_fact)])
    ) == ["applied"]
    assert on_hand(backend, "LAST") == 1000
    # Each till sold the last unit while offline; they arrive later, one by one.
    for n, till in enumerate(tills):
        sale = order_payload(till, [("LAST", 1000)], completed_at=T0 + timedelta(minutes=n + 1))
        seq = 2 if till is tills[0] else 1
        assert (
            statuses(push(backend.client, till, [make_mutation(seq, "order.completed", sale)]))[0]
            == "applied"
        )
    # The web shop sold it too.
    now = backend.ctx.clock()
    with write_tx(backend.engine) as conn:
        store_id = conn.execute(select(store.c.id).where(store.c.code == "S01")).scalar_one()
        product_id = conn.execute(select(product.c.id).where(product.c.sku == "LAST")).scalar_one()
        conn.execute(
            insert(stock_movement),
            {
                "id": new_id(),
                "store_id": store_id,
                "product_id": product_id,
                "qty_milli": -1000,
                "reason": "web_sale",
                "source": "W-0001",
                "occurred_at": T0 + timedelta(minutes=10),
                "received_at": now,
            },
        )
        changes = ChangeBuffer()
        recompute(conn, changes, [(store_id, product_id)], now)
        changes.flush(conn, now)
    assert on_hand(backend, "LAST") == -3000
    assert count(backend, dead_letter) == 0
    with backend.engine.connect() as conn:
        exceptions = conn.execute(select(stock_exception)).all()
        data = stock_data(conn, product_id)
    assert [(e.kind, e.on_hand_milli, e.resolved_at) for e in exceptions] == [
        ("negative_stock", -3000, None)
    ]
    assert data is not None
    assert data["stores"]["S01"]["available_milli"] == 0
    assert data["online_available_milli"] == 0


# -- F13: on hand does not depend on arrival order ---------------------------------------------

_F13_TILLS = 3
_local_no = itertools.count(10_000)


@st.composite
def _stock_story(draw: st.DrawFn) -> tuple[list[tuple[str, int, int, int]], list[int]]:
    """Facts (kind, qty, minute, till) with distinct times, and an arrival order of tills."""
    n = draw(st.integers(min_value=1, max_value=7))
    later = st.lists(st.sampled_from(["sale", "adjust", "count"]), min_size=n, max_size=n)
    kinds = ["count", *draw(later)]
    minutes = draw(st.permutations(range(len(kinds))))
    facts = [
        (
            kind,
            draw(st.integers(min_value=0 if kind == "count" else 1, max_value=9)),
            minute,
            draw(st.integers(min_value=0, max_value=_F13_TILLS - 1)),
        )
        for kind, minute in zip(kinds, minutes, strict=True)
    ]
    arrival = draw(st.permutations([till for *_, till in facts]))
    return facts, list(arrival)


def _specified_on_hand(facts: list[tuple[str, int, int, int]]) -> int:
    """docs/sync-protocol.md: on hand = the latest count + the movements after it."""
    counts = [(minute, qty) for kind, qty, minute, _ in facts if kind == "count"]
    since, base = max(counts) if counts else (-1, 0)
    moved = sum(
        (-qty if kind == "sale" else qty)
        for kind, qty, minute, _ in facts
        if kind != "count" and minute > since
    )
    return (base + moved) * 1000


def _fact_mutation(
    till: Terminal, seq: int, kind: str, qty: int, minute: int, sku: str
) -> dict[str, Any]:
    at = T0 + timedelta(minutes=minute)
    if kind == "sale":
        payload = order_payload(
            till, [(sku, qty * 1000)], local_no=next(_local_no), completed_at=at
        )
        return make_mutation(seq, "order.completed", payload, occurred_at=at)
    if kind == "adjust":
        movement = {"id": str(uuid.uuid4()), "sku": sku, "qty_milli": qty * 1000}
        payload = {"reason": "receive", "movements": [movement]}
        return make_mutation(seq, "stock.adjusted", payload, occurred_at=at)
    counted = {"id": str(uuid.uuid4()), "sku": sku, "counted_milli": qty * 1000}
    # The count travels later than it was taken (occurred_at is when it is pushed here).
    payload = {"counts": [counted], "counted_at": at.isoformat()}
    return make_mutation(seq, "stock.counted", payload, occurred_at=at + timedelta(hours=5))


def test_f13_on_hand_is_independent_of_arrival_order(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    backend.store()
    tills = [backend.enrol() for _ in range(_F13_TILLS)]
    skus = itertools.count()

    # One backend for all examples; each example has its own product and terminal epochs.
    @settings(max_examples=40, deadline=None)
    @given(story=_stock_story())
    def check(story: tuple[list[tuple[str, int, int, int]], list[int]]) -> None:
        facts, arrival = story
        sku = f"F13-{next(skus)}"
        catalog(backend, [sku])
        epoch = str(uuid.uuid4())
        queues: dict[int, list[dict[str, Any]]] = {i: [] for i in range(_F13_TILLS)}
        for kind, qty, minute, till in facts:
            queue = queues[till]
            queue.append(_fact_mutation(tills[till], len(queue) + 1, kind, qty, minute, sku))
        for till in arrival:
            m = queues[till].pop(0)
            response = push(backend.client, tills[till], [m], epoch=epoch)
            assert statuses(response) == ["applied"], response.text
        assert on_hand(backend, sku) == _specified_on_hand(facts)

    check()


def test_f17_poison_mutation_is_parked_and_the_rest_applies(backend: Backend) -> None:
    t = setup(backend)
    batch = [
        make_mutation(1, "order.completed", order_payload(t, [("A", 1000)])),
        make_mutation(2, "order.completed", order_payload(t, [("B", 1000)])),
        make_mutation(3, "order.completed", order_payload(t, [("A", 1000), ("GHOST", 1000)])),
        make_mutation(4, "order.completed", order_payload(t, [("C", 1000)])),
        make_mutation(5, "shift.closed", {"shift_id": "shift-1"}),
    ]
    response = push(backend.client, t, batch)
    assert response.status_code == 200
    body = response.json()
    assert body["last_processed_seq"] == 5
    assert [r["status"] for r in body["results"]] == [
        "applied",
        "applied",
        "rejected",
        "applied",
        "applied",
    ]
    poison = body["results"][2]
    assert poison["code"] == "unknown_sku"
    assert "GHOST" in poison["reason"]
    assert batch[2]["payload"]["receipt_no"] in poison["reason"]
    assert count(backend, pos_order) == 3
    assert count(backend, stock_movement) == 3  # nothing of the poison order's A line
    with backend.engine.connect() as conn:
        parked = conn.execute(select(dead_letter)).one()
        position = conn.execute(select(stream.c.last_processed_seq)).scalar_one()
    assert (parked.mutation_id, parked.seq, parked.code) == (
        batch[2]["mutation_id"],
        3,
        "unknown_sku",
    )
    assert json.loads(parked.payload_json) == batch[2]["payload"]
    assert position == 5
    # A retry gets the same outcomes and changes nothing.
    again = push(backend.client, t, batch).json()["results"]
    assert [r["status"] for r in again] == [
        "duplicate",
        "duplicate",
        "rejected",
        "duplicate",
        "duplicate",
    ]
    assert again[2]["code"] == "unknown_sku"
    assert count(backend, dead_letter) == 1
    assert count(backend, pos_order) == 3
