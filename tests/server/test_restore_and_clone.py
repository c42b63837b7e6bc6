"""The backend's side of restores and clones (issue 15 items 1 and 3; docs/sync-protocol.md F15,
F27, F29):
the device a terminal was enrolled on, the fact at the last processed seq, a fact resent
under a new epoch, a receipt number printed twice, and a database restored from a backup."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server import epoch_guard
from sync.server.db import make_engine, write_tx
from sync.server.schema import alarm, dead_letter, pos_order, terminal
from sync.server.terminals import create_enrolment_code, server_epoch
from tests.server.conftest import Backend, make_backend
from tests.server.test_sync_push import (
    count,
    make_mutation,
    order_payload,
    push,
    setup,
    statuses,
)


def _hello(backend: Backend, token: str, **params: str) -> dict[str, object]:
    response = backend.client.get(
        "/sync/v1/hello",
        params=params,
        headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
    )
    return {"status": response.status_code, **response.json()}


def _enrol(backend: Backend, device_id: str, terminal_code: str | None = None) -> dict[str, str]:
    with write_tx(backend.engine) as conn:
        code, _ = create_enrolment_code(
            conn,
            store_code="S01",
            terminal_code=terminal_code,
            ttl=timedelta(hours=1),
            now=backend.ctx.clock(),
        )
    response = backend.client.post(
        "/sync/v1/terminals/enroll",
        json={"code": code, "device_name": "till", "device_id": device_id},
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
    )
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def test_a_copy_on_another_device_is_refused_until_enrolled_again(backend: Backend) -> None:
    backend.store()
    first = _enrol(backend, "device-a", "T01")
    assert _hello(backend, first["token"], device_id="device-a")["status"] == 200
    copy = _hello(backend, first["token"], device_id="device-b")
    assert copy["status"] == 403
    assert copy["error"] == "terminal_cloned"
    assert "another device" in str(copy["detail"])
    # The device enrolled keeps working; a terminal too old to say which device it is, too.
    assert _hello(backend, first["token"], device_id="device-a")["status"] == 200
    assert _hello(backend, first["token"])["status"] == 200
    # The copy enrolled as a terminal of its own works, and the original is untouched.
    second = _enrol(backend, "device-b", "T02")
    assert _hello(backend, second["token"], device_id="device-b")["status"] == 200
    assert _hello(backend, first["token"], device_id="device-a")["status"] == 200
    # Re-enrolling T01 on a replacement machine moves it there.
    moved = _enrol(backend, "device-c", "T01")
    assert _hello(backend, moved["token"], device_id="device-c")["status"] == 200
    assert _hello(backend, moved["token"], device_id="device-a")["status"] == 403


def test_a_terminal_enrolled_before_devices_were_recorded_is_bound_at_first_hello(
    backend: Backend,
) -> None:
    t = setup(backend)  # enrolled without a device id
    with backend.engine.connect() as conn:
        assert conn.execute(select(terminal.c.device_id)).scalar() is None
    assert _hello(backend, t.token, device_id="device-a")["status"] == 200
    assert _hello(backend, t.token, device_id="device-b")["status"] == 403


def test_hello_names_the_fact_at_the_last_processed_seq(backend: Backend) -> None:
    t = setup(backend)
    batch = [make_mutation(n, "order.completed", order_payload(t, [("A", 1000)])) for n in (1, 2)]
    assert statuses(push(backend.client, t, batch)) == ["applied", "applied"]
    hello = _hello(backend, t.token, epoch="epoch-1")
    assert (hello["last_processed_seq"], hello["last_mutation_id"]) == (
        2,
        batch[1]["mutation_id"],
    )
    fresh = _hello(backend, t.token, epoch="epoch-2")
    assert (fresh["last_processed_seq"], fresh["last_mutation_id"]) == (0, None)


def test_facts_resent_under_a_new_epoch_get_their_first_outcome(backend: Backend) -> None:
    t = setup(backend)
    good = make_mutation(1, "order.completed", order_payload(t, [("A", 1000)]))
    bad = make_mutation(2, "order.completed", order_payload(t, [("NOPE", 1000)]))
    assert statuses(push(backend.client, t, [good, bad])) == ["applied", "rejected"]
    # A restored till moves its unacknowledged facts, ids and payloads unchanged, to a new
    # stream: the backend answers what it answered the first time, applies nothing twice.
    moved = [good | {"seq": 1}, bad | {"seq": 2}]
    new = make_mutation(3, "order.completed", order_payload(t, [("B", 1000)]))
    # And the same again when the answer was lost: the new fact is a duplicate now.
    for third in ("applied", "duplicate"):
        response = push(backend.client, t, [*moved, new], epoch="epoch-2")
        results = response.json()["results"]
        assert [r["status"] for r in results] == ["duplicate", "rejected", third]
        assert results[1]["code"] == "unknown_sku"
    assert count(backend, pos_order) == 2
    assert count(backend, dead_letter) == 1
    # The same id with another payload is still refused and raises an alarm.
    forged = make_mutation(
        4, "order.completed", order_payload(t, [("C", 1000)]), mutation_id=good["mutation_id"]
    )
    result = push(backend.client, t, [forged], epoch="epoch-2").json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "idempotency_key_reused")
    with backend.engine.connect() as conn:
        assert list(conn.execute(select(alarm.c.kind)).scalars()) == ["idempotency_key_reused"]


def _restart(backend: Backend, database_url: str, tmp_path: Path) -> Backend:
    backend.client.close()
    backend.engine.dispose()
    return make_backend(database_url, tmp_path)


def test_a_backend_restored_from_a_backup_starts_a_new_epoch(tmp_path: Path) -> None:
    database = tmp_path / "backend.db"
    url = f"sqlite:///{database}"
    backend = make_backend(url, tmp_path)
    t = setup(backend)
    first_epoch = _epoch(backend)
    push(backend.client, t, [make_mutation(1, "order.completed", order_payload(t, [("A", 1)]))])
    backend = _restart(backend, url, tmp_path)
    assert _epoch(backend) == first_epoch  # the same database again: nothing to do
    shutil.copy(database, tmp_path / "backup.db")  # the backup, taken while stopped
    push(
        backend.client,
        t,
        [make_mutation(2, "order.completed", order_payload(t, [("A", 1)]))],
    )
    epoch_guard.refresh(backend.engine, backend.ctx.settings.data_dir)
    backend.client.close()
    backend.engine.dispose()
    shutil.copy(tmp_path / "backup.db", database)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    restored = make_backend(url, tmp_path)
    second_epoch = _epoch(restored)
    assert second_epoch != first_epoch
    # Tills learn it at hello: a new epoch to re-snapshot under, and how far our stream got.
    hello = _hello(restored, t.token, epoch="epoch-1")
    assert (hello["server_epoch"], hello["last_processed_seq"]) == (second_epoch, 1)
    # Started again on the restored database, it stays in its new epoch.
    again = _restart(restored, url, tmp_path)
    assert _epoch(again) == second_epoch
    # An older backup, from before the first epoch change, is noticed too.
    again.client.close()
    again.engine.dispose()
    shutil.copy(tmp_path / "backup.db", database)
    older = make_backend(url, tmp_path)
    assert _epoch(older) not in (first_epoch, second_epoch)
    older.client.close()
    older.engine.dispose()


def test_pos_server_new_epoch_and_workers_starting_together(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backend.db'}"
    backend = make_backend(url, tmp_path)
    before = _epoch(backend)
    with write_tx(backend.engine) as conn:
        epoch_guard.new_epoch(conn, "test")
    after = _epoch(backend)
    assert after != before
    # A second worker starting with the record from before the change keeps the new epoch.
    engine = make_engine(url)
    try:
        path = epoch_guard.state_file(tmp_path / "server", engine)
        epoch_guard.write(path, epoch_guard.Mark(before, 0))
        assert epoch_guard.check(engine, tmp_path / "server") is None
        assert _epoch(backend) == after
    finally:
        engine.dispose()
        backend.client.close()
        backend.engine.dispose()


def _epoch(backend: Backend) -> str:
    with backend.engine.connect() as conn:
        return server_epoch(conn)
