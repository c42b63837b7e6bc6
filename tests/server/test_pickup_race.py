"""Two tills of one store hand over the same pickup order at the same instant (issue 15,
item 6): the transition that loses is answered ``rejected`` / ``state_conflict`` with its
staff task, and the rest of both batches applies; neither batch is refused."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync.server.schema import dead_letter, pickup_event, pos_order, staff_task, web_order
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import make_mutation, order_payload, push
from tests.server.test_web_orders import count, place, shop, transition

__all__ = ["shop"]  # the fixture, imported for pytest

ROUNDS = 8
SALES = 12


def _handover(order: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return "pickup.transition", {
        "order_id": order["id"],
        "from_state": "ready",
        "to_state": "collected",
        "detail": {"verified_by": "pickup_code", "refused_lines": []},
    }


def _sales(t: Terminal) -> list[tuple[str, dict[str, Any]]]:
    return [
        ("order.completed", order_payload(t, [("COLA", 1000)], unit_price_minor=2550))
        for _ in range(SALES)
    ]


def _mutations(first_seq: int, facts: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [make_mutation(first_seq + n, kind, p) for n, (kind, p) in enumerate(facts)]


def _batch(t: Terminal, first_seq: int, order: dict[str, Any]) -> list[dict[str, Any]]:
    """The handover first, then sales: the winner holds the order's row while it applies
    the sales, so the loser has read the order as ``ready`` before the winner commits."""
    return _mutations(first_seq, [_handover(order), *_sales(t)])


def _together(
    clients: list[TestClient],
    tills: list[Terminal],
    batches: list[list[dict[str, Any]]],
    round_no: int,
) -> list[list[dict[str, Any]]]:
    """Push each till's batch on its own connection, released together; both must be
    answered 200. Returns the per-mutation results of each."""
    barrier = threading.Barrier(len(tills))
    responses: list[httpx.Response | None] = [None] * len(tills)

    def send(i: int) -> None:
        barrier.wait()
        responses[i] = push(clients[i], tills[i], batches[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(tills))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    results = []
    for i, response in enumerate(responses):
        assert response is not None, f"round {round_no} till {i}: no answer"
        assert response.status_code == 200, f"round {round_no} till {i}: {response.text}"
        results.append(response.json()["results"])
    return results


def _stock(shop: Backend) -> None:
    received = shop.client.post(
        "/api/v1/stock/movements",
        headers=shop.admin,
        json={"store": "S01", "sku": "COLA", "qty_milli": 10_000_000, "reason": "receive"},
    )
    assert received.status_code == 201, received.text


def _ready(shop: Backend) -> dict[str, Any]:
    order = place(shop, lines=[{"sku": "COLA", "qty_milli": 1000}])
    transition(shop, order["number"], "placed", "prepared")
    transition(shop, order["number"], "prepared", "ready")
    return order


def test_two_tills_hand_over_one_pickup_at_once(shop: Backend) -> None:
    tills = [shop.enrol("S01", "T01"), shop.enrol("S01", "T02")]
    clients = [TestClient(shop.client.app, raise_server_exceptions=False) for _ in tills]
    seqs = [1, 1]
    _stock(shop)
    for round_no in range(ROUNDS):
        order = _ready(shop)
        batches = [_batch(t, seqs[i], order) for i, t in enumerate(tills)]
        results = _together(clients, tills, batches, round_no)
        seqs = [seq + len(batch) for seq, batch in zip(seqs, batches, strict=True)]
        handovers = sorted((res[0]["status"], res[0].get("code") or "") for res in results)
        assert handovers == [("applied", ""), ("rejected", "state_conflict")], round_no
        for res in results:  # every sale of both batches applied
            assert [r["status"] for r in res[1:]] == ["applied"] * SALES
        with shop.engine.connect() as conn:
            state = conn.execute(
                select(web_order.c.state).where(web_order.c.id == order["id"])
            ).scalar_one()
            outcomes = sorted(
                conn.execute(
                    select(pickup_event.c.outcome).where(
                        pickup_event.c.order_id == order["id"],
                        pickup_event.c.to_state == "collected",
                    )
                ).scalars()
            )
        assert state == "collected"
        assert outcomes == ["applied", "state_conflict"]
    assert count(shop, pos_order) == 2 * ROUNDS * SALES
    assert count(shop, staff_task, staff_task.c.kind == "state_conflict") == ROUNDS
    assert count(shop, dead_letter, dead_letter.c.code == "state_conflict") == ROUNDS


def test_two_tills_hand_over_two_pickups_in_opposite_order(shop: Backend) -> None:
    """Each till hands over both orders, in the opposite order: each holds one order's row
    and waits for the other's (a deadlock on PostgreSQL). The batch the database picks as
    the victim is applied again from the start, never answered 5xx."""
    tills = [shop.enrol("S01", "T01"), shop.enrol("S01", "T02")]
    clients = [TestClient(shop.client.app, raise_server_exceptions=False) for _ in tills]
    seqs = [1, 1]
    _stock(shop)
    for round_no in range(ROUNDS // 2):
        first, second = _ready(shop), _ready(shop)
        batches = [
            _mutations(seqs[0], [_handover(first), *_sales(tills[0]), _handover(second)]),
            _mutations(seqs[1], [_handover(second), *_sales(tills[1]), _handover(first)]),
        ]
        results = _together(clients, tills, batches, round_no)
        seqs = [seq + len(batch) for seq, batch in zip(seqs, batches, strict=True)]
        handovers = sorted(
            (res[i]["status"], res[i].get("code") or "") for res in results for i in (0, -1)
        )
        assert (
            handovers == [("applied", ""), ("applied", "")] + [("rejected", "state_conflict")] * 2
        ), round_no
        for res in results:
            assert [r["status"] for r in res[1:-1]] == ["applied"] * SALES
    assert count(shop, pos_order) == 2 * (ROUNDS // 2) * SALES
    assert count(shop, web_order, web_order.c.state == "collected") == ROUNDS
    assert count(shop, staff_task, staff_task.c.kind == "state_conflict") == ROUNDS


def test_a_refusal_with_a_status_fails_its_fact_not_the_batch(
    shop: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Appliers share code with the admin API, which refuses with an HTTP status
    (``ServerError``); from a till that refusal is the fact's, the batch still applies."""
    from sync.server import facts as apply
    from sync.server.errors import ServerError

    def refuse(*_args: object) -> None:
        raise ServerError(409, "state_conflict", "W-000001: changed concurrently")

    monkeypatch.setitem(apply.APPLIERS, "pickup.transition", refuse)
    t = shop.enrol("S01", "T01")
    _stock(shop)
    order = _ready(shop)
    response = push(shop.client, t, _batch(t, 1, order))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert (results[0]["status"], results[0]["code"]) == ("rejected", "state_conflict")
    assert "changed concurrently" in results[0]["reason"]
    assert [r["status"] for r in results[1:]] == ["applied"] * SALES
    assert count(shop, dead_letter, dead_letter.c.code == "state_conflict") == 1
