"""The backend's side of the manager stock screens, pushed as terminals push them: receiving
against a delivery note, transfers between stores (one step: out here, in there), counts
applied at the time they were taken, and negative-stock exceptions pulled by the store's
terminals (raised, updated, resolved as a delete), on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from sync.server.schema import dead_letter, stock_delivery, stock_movement, store
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_pull import pull_all, snapshot_all
from tests.server.test_sync_push import T0, catalog, make_mutation, order_payload, push, statuses
from tests.server.test_web_orders import API, level

_seqs: dict[str, itertools.count[int]] = {}
_last: dict[str, dict[str, Any]] = {}  # the last mutation sent per terminal, to replay it


@pytest.fixture
def shops(backend: Backend) -> tuple[Backend, Terminal, Terminal]:
    """Stores S01 and S02 with a terminal each; SKUs A, B, C; 10 A and 5 B at S01, 2 A at
    S02 (received through the admin API)."""
    backend.store("S01", "Kadıköy")
    backend.store("S02", "Beşiktaş")
    catalog(backend, ["A", "B", "C"])
    for store_code, sku, qty in (("S01", "A", 10000), ("S01", "B", 5000), ("S02", "A", 2000)):
        r = backend.client.post(
            f"{API}/stock/movements",
            headers=backend.admin,
            json={"store": store_code, "sku": sku, "qty_milli": qty, "reason": "receive"},
        )
        assert r.status_code == 201, r.text
    return backend, backend.enrol("S01"), backend.enrol("S02")


def send(b: Backend, t: Terminal, kind: str, payload: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """Push one fact as the next of ``t``'s stream; its result."""
    seq = next(_seqs.setdefault(t.terminal_id, itertools.count(1)))
    _last[t.terminal_id] = make_mutation(seq, kind, payload, **kw)
    response = push(b.client, t, [_last[t.terminal_id]])
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()["results"][0]
    return result


def on_hand(b: Backend, sku: str, store_code: str) -> int:
    return int(level(b, sku, store_code)["on_hand_milli"])


def transfer(t: Terminal, to: str, lines: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "transfer_id": str(uuid.uuid4()),
        "store_code": t.store_code,
        "to_store_code": to,
        "user_id": "manager-1",
        "lines": [
            {
                "out_id": str(uuid.uuid4()),
                "in_id": str(uuid.uuid4()),
                "product_id": f"tp-{sku}",
                "sku": sku,
                "qty_milli": qty,
            }
            for sku, qty in lines
        ],
    }


def movements(b: Backend, reference: str) -> list[tuple[str, str, int, str]]:
    """(store, sku, qty, reason) of the ledger's movements carrying ``reference``."""
    r = b.client.get(f"{API}/stock/movements", params={"reference": reference}, headers=b.admin)
    assert r.status_code == 200, r.text
    return sorted((m["store"], m["sku"], m["qty_milli"], m["reason"]) for m in r.json()["items"])


# -- transfers -----------------------------------------------------------------------------------


def test_a_transfer_moves_the_goods_out_here_and_in_there(
    shops: tuple[Backend, Terminal, Terminal],
) -> None:
    b, s01, s02 = shops
    payload = transfer(s01, "S02", [("A", 3000), ("B", 1000)])
    assert send(b, s01, "stock.transferred", payload)["status"] == "applied"
    assert (on_hand(b, "A", "S01"), on_hand(b, "A", "S02")) == (7000, 5000)
    assert (on_hand(b, "B", "S01"), on_hand(b, "B", "S02")) == (4000, 1000)
    assert movements(b, payload["transfer_id"]) == [
        ("S01", "A", -3000, "transfer_out"),
        ("S01", "B", -1000, "transfer_out"),
        ("S02", "A", 3000, "transfer_in"),
        ("S02", "B", 1000, "transfer_in"),
    ]
    # The destination's terminals see the new level with their next pull (global stock).
    changes, _cursor = pull_all(b, s02)
    stock = [c["data"] for c in changes if c["collection"] == "stock"]
    latest = {d["sku"]: d["stores"] for d in stock}
    assert latest["A"]["S02"]["on_hand_milli"] == 5000
    assert latest["B"]["S02"]["on_hand_milli"] == 1000
    # The same batch again changes nothing (the stream says duplicate).
    again = push(b.client, s01, [_last[s01.terminal_id]])
    assert statuses(again) == ["duplicate"]
    assert (on_hand(b, "A", "S01"), on_hand(b, "A", "S02")) == (7000, 5000)


@pytest.mark.parametrize(
    ("to", "code", "reason"),
    [
        ("S99", "unknown_store", "the destination store 'S99' is unknown"),
        ("S01", "same_store", "the destination S01 is the sending store itself"),
    ],
)
def test_a_transfer_to_an_unknown_or_the_same_store_is_parked(
    shops: tuple[Backend, Terminal, Terminal], to: str, code: str, reason: str
) -> None:
    b, s01, _s02 = shops
    payload = transfer(s01, to, [("A", 3000)])
    result = send(b, s01, "stock.transferred", payload)
    assert (result["status"], result["code"]) == ("rejected", code)
    assert reason in result["reason"]
    with b.engine.connect() as conn:
        parked = conn.execute(select(dead_letter.c.code, dead_letter.c.reason)).all()
    assert [(r.code, reason in r.reason) for r in parked] == [(code, True)]
    assert movements(b, payload["transfer_id"]) == []
    assert on_hand(b, "A", "S01") == 10000


def test_a_transfer_line_must_move_something(shops: tuple[Backend, Terminal, Terminal]) -> None:
    b, s01, _s02 = shops
    result = send(b, s01, "stock.transferred", transfer(s01, "S02", [("A", 0)]))
    assert (result["status"], result["code"]) == ("rejected", "invalid_payload")
    assert "qty_milli must be above 0" in result["reason"]


# -- receiving -----------------------------------------------------------------------------------


def delivery(t: Terminal, ref: str, lines: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "delivery_id": str(uuid.uuid4()),
        "delivery_ref": ref,
        "store_code": t.store_code,
        "user_id": "manager-1",
        "lines": [
            {"id": str(uuid.uuid4()), "product_id": f"tp-{sku}", "sku": sku, "qty_milli": qty}
            for sku, qty in lines
        ],
    }


def test_a_delivery_shows_its_note_in_the_ledger(shops: tuple[Backend, Terminal, Terminal]) -> None:
    b, s01, s02 = shops
    payload = delivery(s01, "İRS-2026/0042", [("A", 2000), ("C", 6000)])
    assert send(b, s01, "stock.received", payload)["status"] == "applied"
    assert (on_hand(b, "A", "S01"), on_hand(b, "C", "S01")) == (12000, 6000)
    assert movements(b, "İRS-2026/0042") == [
        ("S01", "A", 2000, "receive"),
        ("S01", "C", 6000, "receive"),
    ]
    with b.engine.connect() as conn:
        row = conn.execute(select(stock_delivery)).one()
    assert (row.delivery_ref, row.line_count, row.qty_milli) == ("İRS-2026/0042", 2, 8000)
    # The same note again at S01 (another delivery id) is refused; S02 may use the number.
    again = send(b, s01, "stock.received", delivery(s01, "İRS-2026/0042", [("B", 1000)]))
    assert (again["status"], again["code"]) == ("rejected", "delivery_already_received")
    assert on_hand(b, "B", "S01") == 5000
    elsewhere = send(b, s02, "stock.received", delivery(s02, "İRS-2026/0042", [("B", 1000)]))
    assert elsewhere["status"] == "applied"
    assert on_hand(b, "B", "S02") == 1000


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"delivery_ref": ""}, "delivery_ref must be a non-empty string"),
        ({"delivery_ref": "X" * 65}, "must be 1 to 64 printable characters"),
        ({"lines": []}, "no lines"),
    ],
)
def test_a_bad_delivery_is_parked(
    shops: tuple[Backend, Terminal, Terminal], change: dict[str, Any], reason: str
) -> None:
    b, s01, _s02 = shops
    result = send(b, s01, "stock.received", delivery(s01, "IRS-1", [("A", 1000)]) | change)
    assert (result["status"], result["code"]) == ("rejected", "invalid_payload")
    assert reason in result["reason"]
    assert on_hand(b, "A", "S01") == 10000


def test_an_unknown_sku_in_a_delivery_is_parked(shops: tuple[Backend, Terminal, Terminal]) -> None:
    b, s01, _s02 = shops
    result = send(b, s01, "stock.received", delivery(s01, "IRS-2", [("A", 1000), ("ZZ", 1)]))
    assert (result["status"], result["code"]) == ("rejected", "unknown_sku")
    with b.engine.connect() as conn:
        assert conn.execute(select(stock_delivery)).all() == []
    assert on_hand(b, "A", "S01") == 10000


# -- counts --------------------------------------------------------------------------------------


def count_payload(t: Terminal, counted_at: Any, counts: list[tuple[str, int]]) -> dict[str, Any]:
    return {
        "count_id": str(uuid.uuid4()),
        "store_code": t.store_code,
        "user_id": "manager-1",
        "counted_at": counted_at.isoformat(),
        "counts": [
            {"id": str(uuid.uuid4()), "product_id": f"tp-{sku}", "sku": sku, "counted_milli": n}
            for sku, n in counts
        ],
    }


def test_a_count_applies_at_its_time_and_later_sales_are_subtracted(
    shops: tuple[Backend, Terminal, Terminal],
) -> None:
    """After the goods were received: a sale at +1 min and one at +20 min, a count of 6 taken
    at +10 min that arrives after both: on hand is 6 less the later sale."""
    b, s01, _s02 = shops
    start = datetime.now(UTC)  # the fixture's receipts were booked before this
    before = order_payload(s01, [("A", 1000)], completed_at=start + timedelta(minutes=1))
    after = order_payload(s01, [("A", 2000)], completed_at=start + timedelta(minutes=20))
    assert send(b, s01, "order.completed", before)["status"] == "applied"
    assert send(b, s01, "order.completed", after)["status"] == "applied"
    assert on_hand(b, "A", "S01") == 7000
    taken = start + timedelta(minutes=10)
    counted = send(b, s01, "stock.counted", count_payload(s01, taken, [("A", 6000)]))
    assert counted["status"] == "applied"
    assert on_hand(b, "A", "S01") == 6000 - 2000


# -- exceptions ----------------------------------------------------------------------------------


def exception_changes(b: Backend, t: Terminal, cursor: str = "") -> tuple[list[Any], str]:
    changes, cursor = pull_all(b, t, cursor)
    return [c for c in changes if c["collection"] == "stock_exception"], cursor


def test_an_exception_is_raised_pulled_updated_and_deleted_when_resolved(
    shops: tuple[Backend, Terminal, Terminal],
) -> None:
    b, s01, s02 = shops
    _, cursor = exception_changes(b, s01)
    _, cursor02 = exception_changes(b, s02)
    sale = order_payload(s01, [("C", 3000)], completed_at=T0)  # C was never received
    assert send(b, s01, "order.completed", sale)["status"] == "applied"
    [raised], cursor = exception_changes(b, s01, cursor)
    assert raised["scope"] == "store:S01" and raised["op"] == "upsert"
    data = raised["data"]
    assert (data["store_code"], data["sku"], data["kind"], data["on_hand_milli"]) == (
        "S01",
        "C",
        "negative_stock",
        -3000,
    )
    assert data["id"] == raised["key"]
    assert exception_changes(b, s02, cursor02)[0] == []  # another store's terminals: nothing
    items, _pages = snapshot_all(b, s01, "stock_exception")
    assert [i["data"] for i in items] == [data]
    assert snapshot_all(b, s02, "stock_exception")[0] == []
    # Another sale deepens it: the same exception, its new figure.
    more = order_payload(s01, [("C", 1000)], completed_at=T0 + timedelta(minutes=1))
    assert send(b, s01, "order.completed", more)["status"] == "applied"
    [updated], cursor = exception_changes(b, s01, cursor)
    assert (updated["key"], updated["op"], updated["data"]["on_hand_milli"]) == (
        raised["key"],
        "upsert",
        -4000,
    )
    # A count at zero resolves it: pulled as a delete, gone from the snapshot.
    zero = count_payload(s01, T0 + timedelta(minutes=2), [("C", 0)])
    assert send(b, s01, "stock.counted", zero)["status"] == "applied"
    [resolved], cursor = exception_changes(b, s01, cursor)
    assert (resolved["key"], resolved["op"], resolved["data"]) == (raised["key"], "delete", None)
    assert snapshot_all(b, s01, "stock_exception")[0] == []
    r = b.client.get(f"{API}/stock/exceptions", params={"open": "false"}, headers=b.admin)
    assert [e["resolved_at"] is not None for e in r.json()["items"]] == [True]


def test_the_transfer_ledger_references_both_stores(
    shops: tuple[Backend, Terminal, Terminal],
) -> None:
    """Both movements of a transfer are in the destination's ledger lines too, by store."""
    b, s01, _s02 = shops
    payload = transfer(s01, "S02", [("A", 1000)])
    send(b, s01, "stock.transferred", payload)
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(store.c.code, stock_movement.c.source, stock_movement.c.reference)
            .join(store, store.c.id == stock_movement.c.store_id)
            .where(stock_movement.c.reference == payload["transfer_id"])
            .order_by(store.c.code)
        ).all()
    assert [r.code for r in rows] == ["S01", "S02"]
    assert len({r.source for r in rows}) == 1  # the fact's mutation id
