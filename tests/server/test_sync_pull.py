"""Pull by cursor, change-log pruning and snapshot pages (docs/sync-protocol.md "Pull and
snapshot")."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select

from sync.protocol import CustomerData, PickupOrderData, ProductData, SnapshotPage
from sync.server import loyalty
from sync.server import pull as pull_module
from sync.server.changes import GLOBAL, ChangeBuffer, scope_heads, terminal_scopes
from sync.server.consent_state import consent_states
from sync.server.db import write_tx
from sync.server.pull import decode_cursor, encode_cursor, prune_changes
from sync.server.schema import (
    customer,
    customer_consent_event,
    loyalty_entry,
    product,
    store,
    web_order,
)
from sync.server.stock import stock_data
from sync.server.terminals import server_epoch
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import (
    catalog,
    make_mutation,
    order_payload,
    push,
    statuses,
)


def pull(backend: Backend, t: Terminal, cursor: str = "", limit: int | None = None) -> Any:
    params: dict[str, Any] = {"cursor": cursor}
    if limit is not None:
        params["limit"] = limit
    return backend.client.get("/sync/v1/pull", params=params, headers=t.headers)


def pull_all(
    backend: Backend, t: Terminal, cursor: str = "", limit: int = 1000
) -> tuple[list[dict[str, Any]], str]:
    """Every change after ``cursor``, page by page; (changes, final cursor)."""
    seen: list[dict[str, Any]] = []
    while True:
        response = pull(backend, t, cursor, limit)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["changes"]) <= limit
        seen.extend(page["changes"])
        cursor = page["cursor"]
        if not page["has_more"]:
            return seen, cursor


def snapshot_all(
    backend: Backend, t: Terminal, collection: str, limit: int = 1000
) -> tuple[list[dict[str, Any]], int]:
    """Every item of a snapshot, page by page; (items, pages)."""
    items: list[dict[str, Any]] = []
    after: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = after
        response = backend.client.get(
            f"/sync/v1/snapshot/{collection}", params=params, headers=t.headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert page["collection"] == collection
        pages += 1
        items.extend(page["items"])
        after = page["after"]
        if after is None:
            return items, pages


def setup(backend: Backend, n_products: int = 3) -> Terminal:
    backend.store()
    catalog(backend, [f"P{i:02d}" for i in range(n_products)])
    return backend.enrol()


def test_pull_pages_through_every_scope_with_cursor_round_trips(backend: Backend) -> None:
    t = setup(backend, n_products=7)
    everything, final = pull_all(backend, t)
    collections = [(c["scope"], c["collection"]) for c in everything]
    assert collections.count((GLOBAL, "product")) == 7
    assert (GLOBAL, "store") in collections
    for limit in (1, 2, 3):
        paged, cursor = pull_all(backend, t, limit=limit)
        assert paged == everything
        assert decode_cursor(cursor) == decode_cursor(final)
    # Nothing new after the final cursor; the cursor stays where it was.
    rest = pull(backend, t, final).json()
    assert rest["changes"] == [] and rest["has_more"] is False
    assert decode_cursor(rest["cursor"]) == decode_cursor(final)
    epoch, positions = decode_cursor(final)
    with backend.engine.connect() as conn:
        assert epoch == server_epoch(conn)
        assert positions == scope_heads(conn, terminal_scopes("S01", t.terminal_id))


def test_only_the_terminals_scopes_are_pulled(backend: Backend) -> None:
    t = setup(backend)
    backend.store("S02", "Beşiktaş")
    other = backend.enrol("S02")
    with write_tx(backend.engine) as conn:
        changes = ChangeBuffer()
        changes.upsert("store:S02", "stock", "x", {"n": 1})
        changes.upsert(f"terminal:{other.terminal_id}", "note", "n1", {"n": 1})
        changes.upsert(f"terminal:{t.terminal_id}", "note", "n2", {"n": 2})
        changes.flush(conn, backend.ctx.clock())
    mine, _ = pull_all(backend, t)
    theirs, _ = pull_all(backend, other)
    assert ("note", "n2") in [(c["collection"], c["key"]) for c in mine]
    assert not {"x", "n1"} & {c["key"] for c in mine}
    assert {"x", "n1"} <= {c["key"] for c in theirs}


def test_a_catalog_change_appears_in_pull(backend: Backend) -> None:
    t = setup(backend)
    _, cursor = pull_all(backend, t)
    backend.products([{"sku": "P01", "name": "Renamed", "price_minor": 1250, "vat_rate": 10}])
    changes, cursor = pull_all(backend, t, cursor)
    assert len(changes) == 1
    data = ProductData.model_validate(changes[0]["data"])
    assert (data.sku, data.name, data.price_minor, data.vat_rate, data.version) == (
        "P01",
        "Renamed",
        1250,
        10,
        2,
    )
    assert changes[0]["key"] == data.id and changes[0]["op"] == "upsert"
    # Unchanged again: nothing to pull.
    backend.products([{"sku": "P01", "name": "Renamed", "price_minor": 1250, "vat_rate": 10}])
    assert pull_all(backend, t, cursor)[0] == []


def test_a_stock_change_appears_in_pull(backend: Backend, request: pytest.FixtureRequest) -> None:
    t = setup(backend)
    _, cursor = pull_all(backend, t)
    sale = make_mutation(1, "order.completed", order_payload(t, [("P00", 2000)]))
    assert statuses(push(backend.client, t, [sale])) == ["applied"]
    changes, cursor = pull_all(backend, t, cursor)
    stock = [c for c in changes if c["collection"] == "stock"]
    assert len(stock) == 1
    assert stock[0]["data"]["sku"] == "P00"
    assert stock[0]["data"]["stores"]["S01"]["on_hand_milli"] == -2000
    assert stock[0]["data"]["online_available_milli"] == 0
    receive = {"reason": "receive", "movements": [{"id": "r1", "sku": "P00", "qty_milli": 5000}]}
    assert statuses(push(backend.client, t, [make_mutation(2, "stock.adjusted", receive)])) == [
        "applied"
    ]
    changes, _ = pull_all(backend, t, cursor)
    stock = [c for c in changes if c["collection"] == "stock"]
    assert [c["data"]["stores"]["S01"]["on_hand_milli"] for c in stock] == [3000]
    # The negative stock of the sale raised an exception; back above zero, it is deleted.
    assert [(c["collection"], c["op"]) for c in changes if c not in stock] == [
        ("stock_exception", "delete")
    ]


def test_bad_foreign_and_future_cursors(backend: Backend) -> None:
    t = setup(backend)
    for bad in ("not base64 !!", "e30", encode_cursor("x", {"global": -1})[:-2] + "zz"):
        response = pull(backend, t, bad)
        assert response.status_code == 400, bad
        # Characters outside base64url fail the envelope check; the rest fail decoding.
        assert response.json()["error"] in {"malformed", "bad_cursor"}
    foreign = pull(backend, t, encode_cursor("another-epoch", {}))
    assert foreign.status_code == 410
    assert foreign.json()["error"] == "cursor_expired"
    with backend.engine.connect() as conn:
        epoch = server_epoch(conn)
    ahead = pull(backend, t, encode_cursor(epoch, {GLOBAL: 10_000}))
    assert ahead.status_code == 410
    for limit in (0, 5001):
        assert pull(backend, t, limit=limit).status_code == 400


def test_pruned_change_log_expires_old_cursors(backend: Backend) -> None:
    t = setup(backend, n_products=4)
    _, head = pull_all(backend, t)
    with write_tx(backend.engine) as conn:
        removed = prune_changes(conn, backend.ctx.clock() + timedelta(seconds=1))
    assert removed >= 5  # 4 products and the store
    from_start = pull(backend, t)
    assert from_start.status_code == 410
    assert from_start.json()["error"] == "cursor_expired"
    # A cursor at the head saw everything pruned: it keeps working and gets what follows.
    backend.products([{"sku": "NEW", "name": "New", "price_minor": 1, "vat_rate": 1}])
    changes, _ = pull_all(backend, t, head)
    assert [c["data"]["sku"] for c in changes] == ["NEW"]
    # Pruning again with an older cutoff never lowers the mark.
    with write_tx(backend.engine) as conn:
        assert prune_changes(conn, backend.ctx.clock() - timedelta(days=1)) == 0
    assert pull(backend, t).status_code == 410
    # A snapshot's cursor is at the heads, so it pulls on after a prune.
    page = backend.client.get("/sync/v1/snapshot/product", headers=t.headers).json()
    assert pull(backend, t, page["cursor"]).status_code == 200


def test_snapshot_of_products_is_keyset_paginated(backend: Backend) -> None:
    t = setup(backend, n_products=7)
    items, pages = snapshot_all(backend, t, "product", limit=3)
    assert pages == 3
    keys = [item["key"] for item in items]
    assert keys == sorted(keys) and len(set(keys)) == 7
    assert sorted(ProductData.model_validate(i["data"]).sku for i in items) == [
        f"P{n:02d}" for n in range(7)
    ]
    assert all(i["key"] == i["data"]["id"] for i in items)
    exact, pages = snapshot_all(backend, t, "product", limit=7)
    assert pages == 1 and exact == items
    page = backend.client.get("/sync/v1/snapshot/product", headers=t.headers).json()
    with backend.engine.connect() as conn:
        heads = scope_heads(conn, terminal_scopes("S01", t.terminal_id))
        assert decode_cursor(page["cursor"]) == (server_epoch(conn), heads)
    missing = backend.client.get("/sync/v1/snapshot/orders", headers=t.headers)
    assert missing.status_code == 404
    assert missing.json()["error"] == "unknown_collection"


def test_snapshot_of_tax_rates_and_stores(backend: Backend) -> None:
    t = setup(backend)
    backend.store("S02", "Beşiktaş")
    rates, _ = snapshot_all(backend, t, "tax_rate", limit=2)
    assert [(r["key"], r["data"]["rate_percent"]) for r in rates] == [
        ("1", 1),
        ("10", 10),
        ("20", 20),
    ]
    stores, _ = snapshot_all(backend, t, "store", limit=1)
    assert [(s["key"], s["data"]["name"]) for s in stores] == [
        ("S01", "Kadıköy"),
        ("S02", "Beşiktaş"),
    ]


def test_snapshot_of_stock_matches_pulled_stock(backend: Backend) -> None:
    t = setup(backend, n_products=5)
    backend.store("S02", "Beşiktaş")
    other = backend.enrol("S02")
    batch = [
        make_mutation(n, "order.completed", order_payload(t, [(f"P0{n}", 1000 * n)]))
        for n in (1, 2, 3)
    ]
    assert statuses(push(backend.client, t, batch)) == ["applied"] * 3
    receive = {"reason": "receive", "movements": [{"id": "m", "sku": "P01", "qty_milli": 9000}]}
    assert statuses(push(backend.client, other, [make_mutation(1, "stock.adjusted", receive)])) == [
        "applied"
    ]
    items, pages = snapshot_all(backend, t, "stock", limit=2)
    assert pages == 2
    with backend.engine.connect() as conn:
        expected = {pid: stock_data(conn, pid) for pid in (i["key"] for i in items)}
    assert {i["key"]: i["data"] for i in items} == expected
    p01 = next(i["data"] for i in items if i["data"]["sku"] == "P01")
    assert p01["stores"]["S01"]["on_hand_milli"] == -1000
    assert p01["stores"]["S02"]["on_hand_milli"] == 9000
    assert p01["online_available_milli"] == 9000


def test_snapshot_of_customers_skips_merged_and_erased(backend: Backend) -> None:
    t = setup(backend)
    now = backend.ctx.clock()
    rows = [
        {"id": "c1", "name": "Ayşe", "phone": "+905551112233", "email": "a@example.com"},
        {"id": "c2", "name": "Merged", "merged_into": "c1"},
        {"id": "c3", "name": "Erased", "erased": True},
        {"id": "c4", "name": "Mehmet"},
    ]
    with write_tx(backend.engine) as conn:
        conn.execute(
            insert(customer),
            [
                {"phone": "", "email": "", "merged_into": None, "erased": False}
                | row
                | {"created_at": now, "updated_at": now}
                for row in rows
            ],
        )
        conn.execute(
            insert(loyalty_entry),
            [
                {"id": f"l{n}", "customer_id": "c1", "points": points, "reason": "earn"}
                | {"occurred_at": now, "received_at": now}
                for n, points in enumerate((120, 30, -50))
            ],
        )
    items, _ = snapshot_all(backend, t, "customer", limit=1)
    assert [i["key"] for i in items] == ["c1", "c4"]
    data = items[0]["data"]
    # Every CustomerData field, in its order: the page is built as plain dicts.
    assert list(data) == list(CustomerData.model_fields)
    assert data == {
        "id": "c1",
        "name": "Ayşe",
        "phone": "+905551112233",
        "email": "a@example.com",
        "loyalty_points": 100,
        "merged_into": None,
        "pending_points": {},
        "consents": {},
        "loyalty_code_hash": None,
    }
    assert items[1]["data"]["loyalty_points"] == 0


def test_snapshot_customer_pages_carry_their_own_ledgers_and_consents(backend: Backend) -> None:
    """Each page reads the ledger and consents by its id range: nothing of a customer on
    another page (or merged away within the range) leaks in, and every item equals the
    per-customer reading."""
    t = setup(backend)
    now = backend.ctx.clock()
    later = (now + timedelta(days=10)).date()
    ids = [f"c{n}" for n in range(1, 8)]
    with write_tx(backend.engine) as conn:
        conn.execute(
            insert(customer),
            [
                {"id": cid, "name": f"Müşteri\x1b {cid}", "phone": "", "email": ""}
                | {"merged_into": "c1" if cid == "c4" else None, "erased": cid == "c6"}
                | {"created_at": now, "updated_at": now}
                for cid in ids
            ],
        )
        conn.execute(
            insert(loyalty_entry),
            [
                {"id": f"l{n}", "customer_id": cid, "points": n * 10, "reason": "earn"}
                | {"occurred_at": now, "received_at": now, "vests_on": later if n % 2 else None}
                for n, cid in enumerate(ids, start=1)
            ],
        )
        conn.execute(
            insert(customer_consent_event),
            [
                {"id": f"e{n}", "seq": n, "customer_id": cid, "purpose": "sms"}
                | {"granted": n != 5, "text_version": "v1", "channel": "till"}
                | {"at": now + timedelta(seconds=n), "received_at": now}
                for n, cid in enumerate(["c2", "c3", "c4", "c5", "c5"], start=1)
            ],
        )
    items, pages = snapshot_all(backend, t, "customer", limit=2)
    assert [i["key"] for i in items] == ["c1", "c2", "c3", "c5", "c7"]
    assert pages == 3
    with backend.engine.connect() as conn:
        for item in items:
            cid = item["key"]
            data = item["data"]
            assert CustomerData.model_validate(data).model_dump() == data
            assert data["name"] == f"Müşteri {cid}"  # cleaned as WireLine cleans it
            assert data["loyalty_points"] == int(cid[1:]) * 10
            assert data["pending_points"] == loyalty.pending_points(conn, cid)
            assert data["consents"] == consent_states(conn, [cid]).get(cid, {})
    by_id = {i["key"]: i["data"] for i in items}
    assert by_id["c1"]["pending_points"] == {later.isoformat(): 10}
    assert by_id["c2"]["pending_points"] == {}
    assert by_id["c5"]["consents"] == {"sms": False}
    assert by_id["c3"]["consents"] == {"sms": True}


def test_snapshot_body_orjson_refuses_is_encoded_as_before(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page orjson does not take as is (a datetime, an integer beyond 64 bits) is encoded
    by ``SnapshotPage`` exactly as the response model was; any other is the same JSON."""
    t = setup(backend)
    at = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
    odd = [{"key": "S01", "data": {"at": at, "big": 2**70}}]
    monkeypatch.setattr(pull_module, "_stores", lambda conn, after, limit: odd)
    response = backend.client.get("/sync/v1/snapshot/store", headers=t.headers)
    assert response.status_code == 200, response.text
    with backend.engine.connect() as conn:
        cursor = encode_cursor(
            server_epoch(conn), scope_heads(conn, terminal_scopes("S01", t.terminal_id))
        )
    expected = SnapshotPage(collection="store", items=odd, after=None, cursor=cursor)
    assert response.content == expected.model_dump_json().encode()
    assert response.json()["items"][0]["data"] == {"at": "2026-05-01T12:30:00Z", "big": 2**70}
    plain = [{"key": "S01", "data": {"name": "Kadıköy \u2028", "n": 1, "none": None}}]
    monkeypatch.setattr(pull_module, "_stores", lambda conn, after, limit: plain)
    response = backend.client.get("/sync/v1/snapshot/store", headers=t.headers)
    same = SnapshotPage(collection="store", items=plain, after=None, cursor=cursor)
    assert json.loads(response.content) == json.loads(same.model_dump_json())


def test_snapshot_of_pickup_orders_is_this_stores(backend: Backend) -> None:
    t = setup(backend)
    s2 = backend.store("S02", "Beşiktaş")
    with backend.engine.connect() as conn:
        s1 = conn.execute(select(store.c.id).where(store.c.code == "S01")).scalar_one()
        p00 = conn.execute(select(product.c.id).where(product.c.sku == "P00")).scalar_one()
    line = {
        "product_id": p00,
        "sku": "P00",
        "name": "Item P00",
        "qty_milli": 2000,
        "unit_price_minor": 1000,
        "bin": "A-3",
        "reserved": True,  # a field terminals do not receive
    }
    now = backend.ctx.clock()

    def order(n: int, store_id: str, fulfilment: str = "pickup") -> dict[str, Any]:
        return {
            "id": f"w{n}",
            "number": f"W-{n:04d}",
            "fulfilment": fulfilment,
            "store_id": store_id,
            "customer_name": "Zeynep",
            "phone": "+905550000000",
            "state": "ready",
            "paid": True,
            "pickup_code": f"{n:06d}",
            "total_minor": 2000,
            "lines_json": json.dumps([line]),
            "created_at": now,
            "updated_at": now,
            "pickup_by": now + timedelta(days=2),
        }

    with write_tx(backend.engine) as conn:
        conn.execute(
            insert(web_order),
            [order(1, s1), order(2, s1), order(3, s2["id"]), order(4, s1, "delivery")],
        )
    items, pages = snapshot_all(backend, t, "pickup_order", limit=1)
    assert pages == 2
    assert [i["key"] for i in items] == ["w1", "w2"]
    data = PickupOrderData.model_validate(items[0]["data"])
    assert data.qr_payload == "POSPICKUP:W-0001:000001"
    assert data.store_code == "S01"
    assert data.lines[0].bin == "A-3" and data.lines[0].qty_milli == 2000
    assert data.pickup_by == now + timedelta(days=2)
    assert data.created_at == now


def test_snapshot_pages_of_a_large_catalog_are_consistent(backend: Backend) -> None:
    t = setup(backend, n_products=25)
    items, pages = snapshot_all(backend, t, "product", limit=10)
    assert pages == 3
    pulled, _ = pull_all(backend, t)
    assert {i["key"]: i["data"] for i in items} == {
        c["key"]: c["data"] for c in pulled if c["collection"] == "product"
    }
