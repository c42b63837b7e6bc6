"""Enrolment, hello and push over HTTP (docs/sync-protocol.md "Transport and versioning",
"Push")."""

from __future__ import annotations

import hashlib
import itertools
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from sync.protocol import FACT_KINDS, PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.db import write_tx
from sync.server.schema import (
    alarm,
    dead_letter,
    mutation,
    pos_order,
    shift_close,
    stock_count,
    stock_level,
    stock_movement,
    stream,
    terminal,
)
from sync.server.terminals import create_enrolment_code, revoke_terminal
from tests.server.conftest import Backend, Terminal, make_backend

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
_local_nos = itertools.count(1)


# -- helpers shared with the other backend sync tests ------------------------------------------


def payload_hash(payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def make_mutation(
    seq: int,
    kind: str,
    payload: dict[str, Any],
    *,
    occurred_at: datetime = T0,
    mutation_id: str | None = None,
    clock_offset_ms: int = 0,
) -> dict[str, Any]:
    """A wire ``Mutation`` dict with a correct payload hash."""
    return {
        "seq": seq,
        "mutation_id": mutation_id or str(uuid.uuid4()),
        "kind": kind,
        "kind_version": FACT_KINDS.get(kind, 1),
        "occurred_at": occurred_at.isoformat(),
        "business_date": occurred_at.date().isoformat(),
        "clock_offset_ms": clock_offset_ms,
        "payload": payload,
        "payload_hash": payload_hash(payload),
    }


def order_payload(
    t: Terminal,
    lines: list[tuple[str, int]],
    *,
    local_no: int | None = None,
    order_id: str | None = None,
    shift_id: str = "shift-1",
    completed_at: datetime = T0,
    unit_price_minor: int = 1000,
    kind: str = "sale",
    **extra: Any,
) -> dict[str, Any]:
    """An order fact shaped like ``pos_app.services.sales`` writes it: (sku, qty_milli) lines,
    terminal-side product ids, one stock movement per line; a return's lines and total are
    negative (the refund) and its movements put the goods back."""
    local_no = next(_local_nos) if local_no is None else local_no
    order_id = order_id or str(uuid.uuid4())
    sign = -1 if kind == "sale" else 1
    built = []
    movements = []
    for n, (sku, qty) in enumerate(lines, 1):
        terminal_product = f"tp-{sku}"
        total = -sign * unit_price_minor * qty // 1000
        built.append(
            {
                "id": str(uuid.uuid4()),
                "line_no": n,
                "product_id": terminal_product,
                "sku": sku,
                "name": sku,
                "qty_milli": -sign * qty,
                "unit_price_minor": unit_price_minor,
                "total_minor": total,
                "vat_rate": 20,
                "discount": None,
            }
        )
        movements.append(
            {
                "id": str(uuid.uuid4()),
                "product_id": terminal_product,
                "qty_milli": sign * qty,
                "reason": kind,
            }
        )
    total = sum(line["total_minor"] for line in built)
    return {
        "order_id": order_id,
        "receipt_no": f"{t.store_code}-{t.terminal_code}-{local_no:06d}",
        "receipt_token": None,
        "kind": kind,
        "store_code": t.store_code,
        "terminal_code": t.terminal_code,
        "shift_id": shift_id,
        "cashier_id": "u1",
        "currency": "TRY",
        "language": "tr",
        "tax_minor": total // 6,
        "total_minor": total,
        "exchange_id": None,
        "business_date": completed_at.date().isoformat(),
        "completed_at": completed_at.isoformat(),
        "original_order_id": None,
        "lines": built,
        "tenders": [],
        "taxes": [],
        "stock_movements": movements,
        "store_credit": [],
        "approvals": [],
    } | extra


def catalog(backend: Backend, skus: list[str]) -> None:
    backend.products(
        [{"sku": sku, "name": f"Item {sku}", "price_minor": 1000, "vat_rate": 20} for sku in skus]
    )


def push(
    client: Any, t: Terminal, mutations: list[dict[str, Any]], epoch: str = "epoch-1"
) -> httpx.Response:
    response: httpx.Response = client.post(
        "/sync/v1/push",
        json={"terminal_epoch": epoch, "mutations": mutations},
        headers=t.headers,
    )
    return response


def count(backend: Backend, table: Any, *where: Any) -> int:
    with backend.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def on_hand(backend: Backend, sku: str, store_code: str = "S01") -> int:
    from sync.server.schema import product, store

    with backend.engine.connect() as conn:
        return int(
            conn.execute(
                select(stock_level.c.on_hand_milli)
                .join(product, product.c.id == stock_level.c.product_id)
                .join(store, store.c.id == stock_level.c.store_id)
                .where(product.c.sku == sku, store.c.code == store_code)
            ).scalar_one()
        )


def statuses(response: httpx.Response) -> list[str]:
    return [r["status"] for r in response.json()["results"]]


def setup(backend: Backend, skus: tuple[str, ...] = ("A", "B", "C")) -> Terminal:
    backend.store()
    catalog(backend, list(skus))
    return backend.enrol()


# -- enrolment and hello -----------------------------------------------------------------------


def test_enroll_over_http_and_a_used_code_is_refused(backend: Backend) -> None:
    backend.store()
    with write_tx(backend.engine) as conn:
        code, _ = create_enrolment_code(
            conn, store_code="S01", ttl=timedelta(hours=1), now=backend.ctx.clock()
        )
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    body = {"code": code.lower(), "device_name": "till 1"}
    first = backend.client.post("/sync/v1/terminals/enroll", json=body, headers=headers)
    assert first.status_code == 200, first.text
    enrolled = first.json()
    assert enrolled["terminal_code"] == "T01"
    assert enrolled["receipt_prefix"] == "S01-T01"
    assert enrolled["ereceipt_base_url"] == "http://testserver"
    again = backend.client.post("/sync/v1/terminals/enroll", json=body, headers=headers)
    assert again.status_code == 403
    assert again.json()["error"] == "bad_enrolment_code"
    hello = backend.client.get(
        "/sync/v1/hello",
        headers=headers | {"Authorization": f"Bearer {enrolled['token']}"},
    )
    assert hello.status_code == 200
    assert hello.json()["terminal_id"] == enrolled["terminal_id"]


def test_hello_reports_stream_position_receipts_and_clock_skew(backend: Backend) -> None:
    t = setup(backend)
    order = order_payload(t, [("A", 1000)], local_no=41)
    assert statuses(push(backend.client, t, [make_mutation(1, "order.completed", order)])) == [
        "applied"
    ]
    now = backend.ctx.clock()
    hello = backend.client.get(
        "/sync/v1/hello",
        params={"epoch": "epoch-1", "device_time": (now - timedelta(seconds=5)).isoformat()},
        headers=t.headers,
    )
    assert hello.status_code == 200, hello.text
    body = hello.json()
    assert body["last_processed_seq"] == 1
    assert body["highest_receipt_local_no"] == 41
    assert body["fact_kinds"] == FACT_KINDS
    assert body["protocol_versions"] == [PROTOCOL_VERSION]
    assert body["store_code"] == "S01"
    assert body["loyalty_offline_budget_points"] == 500
    assert count(backend, alarm) == 0
    other_epoch = backend.client.get(
        "/sync/v1/hello", params={"epoch": "epoch-2"}, headers=t.headers
    )
    assert other_epoch.json()["last_processed_seq"] == 0
    # A device clock three days behind: recorded, alarmed, still answered.
    skewed = backend.client.get(
        "/sync/v1/hello",
        params={"device_time": (now - timedelta(days=3)).isoformat()},
        headers=t.headers,
    )
    assert skewed.status_code == 200
    assert count(backend, alarm, alarm.c.kind == "clock_skew") == 1
    with backend.engine.connect() as conn:
        row = conn.execute(
            select(terminal.c.last_seen_at, terminal.c.clock_offset_ms).where(
                terminal.c.id == t.terminal_id
            )
        ).one()
    assert row.last_seen_at is not None
    assert abs(row.clock_offset_ms - 3 * 86_400_000) < 60_000


# -- protocol and authentication ---------------------------------------------------------------


def test_protocol_header_is_required(backend: Backend) -> None:
    t = setup(backend)
    auth = {"Authorization": f"Bearer {t.token}"}
    for headers in (auth, auth | {PROTOCOL_HEADER: "99"}, auth | {PROTOCOL_HEADER: "x"}):
        for method, url in (("GET", "/sync/v1/hello"), ("GET", "/sync/v1/pull")):
            assert backend.client.request(method, url, headers=headers).status_code == 426
        response = backend.client.post(
            "/sync/v1/push", json={"terminal_epoch": "e", "mutations": []}, headers=headers
        )
        assert response.status_code == 426
    enroll = backend.client.post("/sync/v1/terminals/enroll", json={"code": "ABCD-EFGH"})
    assert enroll.status_code == 426


def test_terminal_token_is_required_and_revocable(backend: Backend) -> None:
    t = setup(backend)
    protocol = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    assert backend.client.get("/sync/v1/hello", headers=protocol).status_code == 401
    bad = protocol | {"Authorization": "Bearer not-a-token"}
    assert backend.client.get("/sync/v1/pull", headers=bad).status_code == 401
    assert backend.client.get("/sync/v1/hello", headers=t.headers).status_code == 200
    with write_tx(backend.engine) as conn:
        assert revoke_terminal(conn, t.terminal_id, backend.ctx.clock())
    assert backend.client.get("/sync/v1/hello", headers=t.headers).status_code == 403
    response = push(backend.client, t, [])
    assert response.status_code == 403


# -- push --------------------------------------------------------------------------------------


def test_push_applies_orders_movements_and_outcomes(backend: Backend) -> None:
    t = setup(backend)
    offset = 90_000
    batch = [
        make_mutation(
            1,
            "order.completed",
            order_payload(t, [("A", 1000), ("B", 2500)]),
            clock_offset_ms=offset,
        ),
        make_mutation(2, "order.completed", order_payload(t, [("A", 3000), ("C", 1000)])),
    ]
    response = push(backend.client, t, batch)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["last_processed_seq"] == 2
    assert [(r["seq"], r["status"]) for r in body["results"]] == [(1, "applied"), (2, "applied")]
    assert count(backend, pos_order) == 2
    assert count(backend, stock_movement) == 4
    assert on_hand(backend, "A") == -4000
    assert on_hand(backend, "B") == -2500
    with backend.engine.connect() as conn:
        first = conn.execute(
            select(mutation).where(mutation.c.mutation_id == batch[0]["mutation_id"])
        ).one()
        order = conn.execute(
            select(pos_order).where(pos_order.c.id == batch[0]["payload"]["order_id"])
        ).one()
    assert first.status == "applied"
    assert first.corrected_at - first.occurred_at == timedelta(milliseconds=offset)
    assert order.local_no == int(batch[0]["payload"]["receipt_no"].rsplit("-", 1)[1])
    assert order.late is False
    assert order.business_date == date(2025, 3, 1)
    assert json.loads(order.document_json) == batch[0]["payload"]


def test_replayed_batch_is_duplicate_and_writes_nothing(
    backend: Backend, request: pytest.FixtureRequest
) -> None:
    t = setup(backend)
    batch = [
        make_mutation(seq, "order.completed", order_payload(t, [("A", 1000)])) for seq in (1, 2, 3)
    ]
    assert statuses(push(backend.client, t, batch)) == ["applied"] * 3
    again = push(backend.client, t, batch)
    assert again.status_code == 200
    assert statuses(again) == ["duplicate"] * 3
    assert again.json()["last_processed_seq"] == 3
    # An overlapping retry: the old part is duplicate, the new part applies.
    more = [*batch[1:], make_mutation(4, "order.completed", order_payload(t, [("A", 1000)]))]
    assert statuses(push(backend.client, t, more)) == ["duplicate", "duplicate", "applied"]
    assert count(backend, pos_order) == 4
    assert count(backend, stock_movement) == 4
    assert count(backend, mutation) == 4
    assert on_hand(backend, "A") == -4000


def test_seq_gap_is_409_with_where_to_resume(backend: Backend) -> None:
    t = setup(backend)
    assert push(backend.client, t, [make_mutation(1, "shift.closed", {"shift_id": "s"})]).is_success
    gap = push(backend.client, t, [make_mutation(3, "shift.closed", {"shift_id": "s3"})])
    assert gap.status_code == 409
    assert gap.json() == {"error": "seq_gap", "last_processed_seq": 1, "resume_from": 2}
    fresh = push(
        backend.client, t, [make_mutation(2, "shift.closed", {"shift_id": "x"})], epoch="new"
    )
    assert fresh.status_code == 409
    assert fresh.json()["resume_from"] == 1
    assert count(backend, shift_close) == 1


def test_non_consecutive_batch_is_400(backend: Backend) -> None:
    t = setup(backend)
    for seqs in ((1, 3), (2, 1), (1, 1)):
        batch = [make_mutation(s, "shift.closed", {"shift_id": f"s{s}"}) for s in seqs]
        response = push(backend.client, t, batch)
        assert response.status_code == 400
        assert response.json()["error"] == "seqs_not_consecutive"
    envelope = backend.client.post("/sync/v1/push", json={"mutations": "nope"}, headers=t.headers)
    assert envelope.status_code == 400
    assert count(backend, stream) == 0


def test_hash_mismatch_is_rejected_and_parked(backend: Backend) -> None:
    t = setup(backend)
    m = make_mutation(1, "order.completed", order_payload(t, [("A", 1000)]))
    m["payload"]["total_minor"] += 1  # tampered after hashing
    response = push(backend.client, t, [m])
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "payload_hash_mismatch")
    assert response.json()["last_processed_seq"] == 1
    assert count(backend, pos_order) == 0
    assert count(backend, dead_letter, dead_letter.c.code == "payload_hash_mismatch") == 1
    # The stored outcome is replayed to a retry.
    again = push(backend.client, t, [m]).json()["results"][0]
    assert (again["status"], again["code"]) == ("rejected", "payload_hash_mismatch")


def test_bad_facts_are_rejected_never_a_5xx(backend: Backend) -> None:
    t = setup(backend)
    good = order_payload(t, [("A", 1000)])
    naive = dict(good, order_id="o-naive", completed_at="2025-03-01T09:00:00")
    bad_payloads: list[tuple[str, dict[str, Any], int, str]] = [
        ("order.completed", {"receipt_no": "S01-T01-000001"}, 1, "invalid_payload"),
        ("order.completed", dict(good, lines="oops"), 1, "invalid_payload"),
        ("order.completed", dict(good, store_code="S99"), 1, "wrong_store"),
        ("order.completed", naive, 1, "invalid_payload"),
        ("order.completed", dict(good, receipt_no="S01-T01-x"), 1, "invalid_payload"),
        ("stock.adjusted", {"reason": "damage", "movements": [{"id": "m"}]}, 1, "invalid_payload"),
        ("stock.counted", {"counts": [{"id": "c", "sku": "A"}]}, 1, "invalid_payload"),
        ("order.teleported", {}, 1, "unknown_kind"),
        ("shift.closed", {"shift_id": "s"}, 2, "unknown_kind"),
    ]
    batch = []
    for seq, (kind, payload, version, _) in enumerate(bad_payloads, 1):
        m = make_mutation(seq, kind, payload)
        m["kind_version"] = version
        batch.append(m)
    batch.append(make_mutation(len(batch) + 1, "order.completed", good))
    response = push(backend.client, t, batch)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["code"] for r in results[:-1]] == [code for *_, code in bad_payloads]
    assert all(r["status"] == "rejected" and r["reason"] for r in results[:-1])
    assert results[-1]["status"] == "applied"
    assert count(backend, dead_letter) == len(bad_payloads)
    assert count(backend, pos_order) == 1
    assert count(backend, stock_movement) == 1


def test_late_order_for_a_closed_shift_is_kept_and_marked(backend: Backend) -> None:
    t = setup(backend)
    on_time = order_payload(t, [("A", 1000)], shift_id="shift-7")
    late = order_payload(t, [("A", 1000)], shift_id="shift-7")
    close = {"shift_id": "shift-7", "store_code": "S01", "closed_at": T0.isoformat()}
    batch = [
        make_mutation(1, "order.completed", on_time),
        make_mutation(2, "shift.closed", close),
        make_mutation(3, "order.completed", late),
    ]
    assert statuses(push(backend.client, t, batch)) == ["applied"] * 3
    later = order_payload(t, [("B", 1000)], shift_id="shift-7")
    assert statuses(push(backend.client, t, [make_mutation(4, "order.completed", later)])) == [
        "applied"
    ]
    with backend.engine.connect() as conn:
        flags = dict(conn.execute(select(pos_order.c.id, pos_order.c.late)).all())
    assert flags == {on_time["order_id"]: False, late["order_id"]: True, later["order_id"]: True}


def test_same_order_under_a_new_epoch_is_not_applied_twice(backend: Backend) -> None:
    t = setup(backend)
    order = order_payload(t, [("A", 2000)])
    assert statuses(push(backend.client, t, [make_mutation(1, "order.completed", order)])) == [
        "applied"
    ]
    # Restored from a backup: a new epoch re-sends the order under a new mutation.
    resent = push(backend.client, t, [make_mutation(1, "order.completed", order)], epoch="e2")
    assert statuses(resent) == ["applied"]
    assert count(backend, pos_order) == 1
    assert count(backend, stock_movement) == 1
    assert on_hand(backend, "A") == -2000
    # Another order printed under the same receipt number (a till that sold on a restored
    # database before it could learn the backend's numbers) is a real sale: it is kept under
    # a variant of the number, with an alarm, never refused or merged.
    clash = order_payload(t, [("A", 1000)], local_no=int(order["receipt_no"][-6:]))
    result = push(backend.client, t, [make_mutation(2, "order.completed", clash)], epoch="e2")
    assert statuses(result) == ["applied"]
    with backend.engine.connect() as conn:
        receipts = dict(conn.execute(select(pos_order.c.id, pos_order.c.receipt_no)).all())
        kinds = list(conn.execute(select(alarm.c.kind)).scalars())
    assert receipts == {
        order["order_id"]: order["receipt_no"],
        clash["order_id"]: order["receipt_no"] + "/1",
    }
    assert kinds == ["receipt_number_reused"]
    assert on_hand(backend, "A") == -3000


def test_stock_adjustments_and_counts(backend: Backend) -> None:
    t = setup(backend)
    adjust = {
        "store_code": "S01",
        "reason": "receive",
        "movements": [
            {"id": "m1", "product_id": "tp-A", "sku": "A", "qty_milli": 10_000},
            {"id": "m2", "product_id": "tp-B", "sku": "B", "qty_milli": 4_000},
        ],
    }
    count_at = T0 + timedelta(hours=2)
    counted = {"counts": [{"id": "c1", "sku": "A", "counted_milli": 7_000}]}
    batch = [
        make_mutation(1, "stock.adjusted", adjust, occurred_at=T0),
        # Arrives before the sale it follows in time: the count is taken at count_at.
        make_mutation(2, "stock.counted", counted, occurred_at=count_at),
        make_mutation(
            3,
            "order.completed",
            order_payload(t, [("A", 1000)], completed_at=T0 + timedelta(hours=1)),
        ),
        make_mutation(
            4,
            "order.completed",
            order_payload(t, [("A", 2000)], completed_at=T0 + timedelta(hours=3)),
        ),
    ]
    assert statuses(push(backend.client, t, batch)) == ["applied"] * 4
    assert on_hand(backend, "A") == 5_000  # counted 7 at 11:00, then one sale of 2 at 12:00
    assert on_hand(backend, "B") == 4_000
    with backend.engine.connect() as conn:
        when = conn.execute(select(stock_count.c.occurred_at)).scalar_one()
        reasons = set(conn.execute(select(stock_movement.c.reason)).scalars())
    assert when == count_at
    assert reasons == {"receive", "sale"}
    unknown = {"reason": "damage", "movements": [{"id": "m3", "sku": "NOPE", "qty_milli": -1}]}
    result = push(backend.client, t, [make_mutation(5, "stock.adjusted", unknown)])
    assert result.json()["results"][0]["code"] == "unknown_sku"
    assert "NOPE" in result.json()["results"][0]["reason"]


def test_without_deduplication_the_backend_stores_duplicates(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The F2 hook: a backend that trusts the network stores a re-sent order again."""
    b = make_backend(database_url, tmp_path, unsafe_disable_deduplication=True)
    with b.client:
        t = setup(b)
        order = order_payload(t, [("A", 1000), ("B", 1000)])
        batch = [make_mutation(1, "order.completed", order)]
        for _ in range(3):
            response = push(b.client, t, batch)
            assert statuses(response) == ["applied"]
            assert response.json()["last_processed_seq"] == 1
        with b.engine.connect() as conn:
            receipts = sorted(conn.execute(select(pos_order.c.receipt_no)).scalars())
        assert receipts == [order["receipt_no"]] + [f"{order['receipt_no']}#dup{n}" for n in (1, 2)]
        assert count(b, stock_movement) == 6
        assert count(b, mutation) == 0
        assert on_hand(b, "A") == -3000
    b.engine.dispose()


# -- facts handled by the customer and web-order modules -----------------------------------------


def test_customer_upsert_and_loyalty_travel_with_the_order(backend: Backend) -> None:
    from sync.server.schema import customer, loyalty_entry

    t = setup(backend)
    # Typed decomposed, with a stray ESC: stored composed and clean (issue 14, items 5, 6).
    ayse = {"id": "cust-1", "name": "Ays\u0327e\x1b", "phone": "0532 111 22 33", "email": ""}
    order = order_payload(t, [("A", 1000)], customer_id="cust-1")
    # An earn names the sales line it belongs to (issue 18: a return reverses exactly it).
    line_id = order["lines"][0]["id"]
    order["loyalty"] = [
        {"id": "le-1", "customer_id": "cust-1", "points": 40, "reason": "earn", "line_id": line_id},
        {"id": "le-2", "customer_id": "cust-1", "points": -100, "reason": "redeem"},
    ]
    stranger = order_payload(
        t,
        [("B", 1000)],
        loyalty=[{"id": "le-3", "customer_id": "nobody", "points": -5, "reason": "redeem"}],
    )
    batch = [
        make_mutation(1, "customer.upserted", ayse),
        make_mutation(2, "order.completed", order),
        make_mutation(3, "order.completed", stranger),
    ]
    response = push(backend.client, t, batch)
    assert statuses(response) == ["applied", "applied", "rejected"]
    assert response.json()["results"][2]["code"] == "unknown_customer"
    with backend.engine.connect() as conn:
        entries = conn.execute(
            select(loyalty_entry.c.id, loyalty_entry.c.points, loyalty_entry.c.flagged).order_by(
                loyalty_entry.c.id
            )
        ).all()
        stored_customer = conn.execute(
            select(pos_order.c.customer_id).where(pos_order.c.id == order["order_id"])
        ).scalar_one()
        assert conn.execute(select(customer.c.name)).scalar_one() == "Ayşe"
    # The redemption overdraws the balance: accepted and flagged (F14).
    assert [tuple(e) for e in entries] == [("le-1", 40, False), ("le-2", -100, True)]
    assert stored_customer == "cust-1"
    pulled = backend.client.get("/sync/v1/pull", headers=t.headers).json()["changes"]
    customers = [c for c in pulled if c["collection"] == "customer"]
    assert [(c["key"], c["data"]["loyalty_points"]) for c in customers] == [("cust-1", -60)]


def test_pickup_transitions_apply_or_conflict_with_a_staff_task(backend: Backend) -> None:
    from sync.server.schema import pickup_event, staff_task, store, web_order

    t = setup(backend)
    now = backend.ctx.clock()
    with write_tx(backend.engine) as conn:
        store_id = conn.execute(select(store.c.id).where(store.c.code == "S01")).scalar_one()
        conn.execute(
            web_order.insert(),
            [
                {
                    "id": f"w{n}",
                    "number": f"W-{n}",
                    "fulfilment": "pickup",
                    "store_id": store_id,
                    "customer_name": "Zeynep",
                    "state": state,
                    "paid": True,
                    "pickup_code": "123456",
                    "total_minor": 0,
                    "lines_json": "[]",
                    "created_at": now,
                    "updated_at": now,
                }
                for n, state in ((1, "ready"), (2, "cancelled"))
            ],
        )
    collect = {"order_id": "w1", "from_state": "ready", "to_state": "collected", "detail": {}}
    # Cancelled online while the till, offline, handed it over (F20).
    handover = {"order_id": "w2", "from_state": "ready", "to_state": "collected", "detail": {}}
    batch = [
        make_mutation(1, "pickup.transition", collect),
        make_mutation(2, "pickup.transition", handover),
    ]
    response = push(backend.client, t, batch)
    assert statuses(response) == ["applied", "rejected"]
    assert response.json()["results"][1]["code"] == "state_conflict"
    with backend.engine.connect() as conn:
        states = dict(conn.execute(select(web_order.c.id, web_order.c.state)).all())
        tasks = conn.execute(select(staff_task.c.kind)).scalars().all()
        outcomes = sorted(conn.execute(select(pickup_event.c.outcome)).scalars())
    assert states == {"w1": "collected", "w2": "cancelled"}
    assert tasks == ["state_conflict"]  # kept although the fact's savepoint rolled back
    assert outcomes == ["applied", "state_conflict"]
    assert count(backend, dead_letter, dead_letter.c.code == "state_conflict") == 1


# -- the plain-order fast path and its fallback ------------------------------------------------


def _spy_paths(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count how many mutations took the fast path and how many the savepoint path."""
    from sync.server import push as push_module

    calls = {"plain": 0, "one_by_one": 0}
    fast = push_module._Push.process_plain
    slow = push_module._Push.process

    def process_plain(self: Any, mutations: Any) -> Any:
        results = fast(self, mutations)
        calls["plain"] += len(results) if results is not None else 0
        return results

    def process(self: Any, m: Any) -> Any:
        calls["one_by_one"] += 1
        return slow(self, m)

    monkeypatch.setattr(push_module._Push, "process_plain", process_plain)
    monkeypatch.setattr(push_module._Push, "process", process)
    return calls


def test_a_poison_fact_among_plain_orders_is_parked_and_the_rest_apply(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F17 through the fast path's fallback: the poison sends the whole batch down the
    one-savepoint-per-mutation path, which rejects and parks it and applies the others."""
    calls = _spy_paths(monkeypatch)
    t = setup(backend)
    orders = [order_payload(t, [("A", 1000), ("B", 2000), ("C", 500)]) for _ in range(6)]
    poison = order_payload(t, [("A", 1000), ("NOPE", 1000)])
    batch = [make_mutation(seq, "order.completed", p) for seq, p in enumerate(orders[:3], 1)]
    batch.append(make_mutation(4, "order.completed", poison))
    batch += [make_mutation(seq, "order.completed", p) for seq, p in enumerate(orders[3:], 5)]
    response = push(backend.client, t, batch)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied"] * 3 + ["rejected"] + ["applied"] * 3
    assert results[3]["code"] == "unknown_sku"
    assert response.json()["last_processed_seq"] == 7
    assert calls == {"plain": 0, "one_by_one": 7}
    assert count(backend, pos_order) == 6
    assert count(backend, pos_order, pos_order.c.id == poison["order_id"]) == 0
    assert count(backend, stock_movement) == 18
    assert count(backend, dead_letter, dead_letter.c.code == "unknown_sku") == 1
    assert count(backend, mutation, mutation.c.status == "rejected") == 1
    assert (on_hand(backend, "A"), on_hand(backend, "B"), on_hand(backend, "C")) == (
        -6000,
        -12000,
        -3000,
    )
    # An order already stored (re-sent under a new epoch) between plain ones: the fast
    # attempt hits the stored row, rolls back, and the batch applies one by one.
    more = [order_payload(t, [("A", 1000)]) for _ in range(2)]
    resent = [
        make_mutation(1, "order.completed", more[0]),
        make_mutation(2, "order.completed", orders[0]),
        make_mutation(3, "order.completed", more[1]),
    ]
    assert statuses(push(backend.client, t, resent, epoch="epoch-2")) == ["applied"] * 3
    assert calls == {"plain": 0, "one_by_one": 10}
    assert count(backend, pos_order) == 8
    assert count(backend, stock_movement) == 20
    assert on_hand(backend, "A") == -8000
    # A plain batch takes the fast path.
    plain = [make_mutation(4, "order.completed", order_payload(t, [("B", 1000)]))]
    assert statuses(push(backend.client, t, plain, epoch="epoch-2")) == ["applied"]
    assert calls == {"plain": 1, "one_by_one": 10}


def test_fast_path_writes_what_the_savepoint_path_writes(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same orders from two terminals, one batch through the fast path and one forced
    down the per-mutation path: the same outcomes and the same rows, ids aside."""
    from sync.server import push as push_module
    from sync.server.schema import stock_exception

    now = datetime(2025, 3, 2, 12, 0, tzinfo=UTC)
    monkeypatch.setattr(backend.ctx, "clock", lambda: now)
    calls = _spy_paths(monkeypatch)
    t1 = setup(backend)
    t2 = backend.enrol()
    close = {"shift_id": "closed", "store_code": "S01", "closed_at": T0.isoformat()}
    assert statuses(push(backend.client, t1, [make_mutation(1, "shift.closed", close)])) == [
        "applied"
    ]

    def batch(t: Terminal, first_seq: int) -> list[dict[str, Any]]:
        specs: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
            ("sale", [("A", 1000), ("B", 2500)], {}),
            ("sale", [("C", 1500)], {"shift_id": "closed"}),
            ("return", [("A", 1000)], {"receipt_token": f"tok-{t.terminal_code}"}),
            ("sale", [("B", 1000), ("C", 1000), ("A", 3000)], {"language": "en"}),
        ]
        out = []
        for n, (kind, lines, extra) in enumerate(specs):
            fact = "order.completed" if kind == "sale" else "order.refunded"
            payload = order_payload(t, lines, kind=kind, local_no=100 + n, **extra)
            out.append(
                make_mutation(first_seq + n, fact, payload, mutation_id=f"{t.terminal_code}-{n}")
            )
        return out

    fast = push(backend.client, t1, batch(t1, 2))
    assert calls == {"plain": 4, "one_by_one": 1}
    monkeypatch.setattr(push_module._Push, "process_plain", lambda self, mutations: None)
    slow = push(backend.client, t2, batch(t2, 1))
    assert calls == {"plain": 4, "one_by_one": 5}

    def outcome(response: httpx.Response) -> list[dict[str, Any]]:
        body = response.json()
        first = body["results"][0]["seq"]
        return [
            {k: v for k, v in r.items() if k != "mutation_id"} | {"seq": r["seq"] - first}
            for r in body["results"]
        ] + [body["last_processed_seq"] - first]

    assert outcome(fast) == outcome(slow)
    assert [r["status"] for r in fast.json()["results"]] == ["applied"] * 4

    def rows(t: Terminal) -> list[Any]:
        with backend.engine.connect() as conn:
            orders = conn.execute(
                select(pos_order)
                .where(pos_order.c.terminal_id == t.terminal_id)
                .order_by(pos_order.c.local_no)
            ).all()
            out = []
            for o in orders:
                document = json.loads(o.document_json)
                for key in ("order_id", "receipt_no", "terminal_code", "lines", "stock_movements"):
                    document.pop(key)
                if document.get("receipt_token"):
                    document["receipt_token"] = "tok"
                head = o._asdict()
                for key in ("id", "receipt_no", "receipt_token", "terminal_id", "document_json"):
                    head.pop(key)
                moves = [
                    (m.product_id, m.store_id, m.qty_milli, m.reason, m.occurred_at, m.received_at)
                    for m in conn.execute(
                        select(stock_movement)
                        .where(stock_movement.c.source == o.id)
                        .order_by(stock_movement.c.qty_milli, stock_movement.c.product_id)
                    )
                ]
                out.append((head, document, moves, o.receipt_token is not None))
            outcomes = [
                {
                    k: v
                    for k, v in r._asdict().items()
                    if k not in ("mutation_id", "terminal_id", "epoch", "payload_hash")
                }
                for r in conn.execute(
                    select(mutation)
                    .where(
                        mutation.c.terminal_id == t.terminal_id, mutation.c.kind != "shift.closed"
                    )
                    .order_by(mutation.c.seq)
                )
            ]
            return [out, [{**o, "seq": o["seq"] - outcomes[0]["seq"]} for o in outcomes]]

    assert rows(t1) == rows(t2)
    late = dict((o[0]["local_no"], o[0]["late"]) for o in rows(t1)[0])
    assert late == {100: False, 101: True, 102: False, 103: False}
    assert count(backend, dead_letter) == 0
    assert count(backend, stock_exception, stock_exception.c.resolved_at.is_(None)) == 3
    assert on_hand(backend, "A") == -6000
    assert on_hand(backend, "B") == -7000


def test_push_bodies_orjson_refuses_are_decoded_as_before(backend: Backend) -> None:
    """The push route decodes with orjson; what it refuses takes ``json.loads`` as always:
    malformed JSON is the usual 400 ``malformed``, and NaN (which ``json`` reads) is a
    rejected fact, never a 5xx."""
    t = setup(backend)
    headers = t.headers | {"content-type": "application/json"}
    broken = backend.client.post(
        "/sync/v1/push", content=b'{"terminal_epoch": "e1", "mutations": [', headers=headers
    )
    assert broken.status_code == 400
    assert broken.json()["error"] == "malformed"
    assert "JSON" in json.dumps(broken.json()["detail"])
    m = make_mutation(1, "order.completed", order_payload(t, [("A", 1000)]))
    body = json.dumps({"terminal_epoch": "e1", "mutations": [m]})
    with_nan = body.replace('"qty_milli": 1000', '"qty_milli": NaN', 1)
    assert with_nan != body
    response = backend.client.post("/sync/v1/push", content=with_nan.encode(), headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["code"] == "payload_hash_mismatch"
    # A well-formed batch (orjson's path) is applied as always.
    good = make_mutation(2, "order.completed", order_payload(t, [("A", 1000)]))
    body = json.dumps({"terminal_epoch": "e1", "mutations": [good]})
    response = backend.client.post("/sync/v1/push", content=body.encode(), headers=headers)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["applied"]
