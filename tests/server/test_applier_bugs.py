"""A bug in a fact applier is the backend's problem, never the till's: the fact is not
rejected (no dead letter, nothing acknowledged), the batch fails and the till sends it
again, and once the bug is gone the same push applies it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sync.server import facts
from sync.server.facts import Batch, Fact
from sync.server.schema import dead_letter, mutation, pos_order
from tests.server.conftest import Backend
from tests.server.test_sync_push import make_mutation, order_payload, setup


def _count(backend: Backend, table: object) -> int:
    with backend.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_a_bug_in_an_applier_leaves_the_fact_to_be_sent_again(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = setup(backend)
    batch = {
        "terminal_epoch": "epoch-1",
        "mutations": [make_mutation(1, "order.completed", order_payload(t, [("A", 1000)]))],
    }
    good = facts.APPLIERS["order.completed"]

    def buggy(batch: Batch, changes: object, fact: Fact) -> None:
        raise AttributeError("'NoneType' object has no attribute 'id'")

    monkeypatch.setitem(facts.APPLIERS, "order.completed", buggy)
    client = TestClient(backend.client.app, raise_server_exceptions=False)
    failed = client.post("/sync/v1/push", json=batch, headers=t.headers)
    assert failed.status_code == 500
    assert (_count(backend, dead_letter), _count(backend, mutation)) == (0, 0)
    assert _count(backend, pos_order) == 0

    monkeypatch.setitem(facts.APPLIERS, "order.completed", good)
    again = client.post("/sync/v1/push", json=batch, headers=t.headers)
    assert again.status_code == 200, again.text
    assert [r["status"] for r in again.json()["results"]] == ["applied"]
    assert (_count(backend, dead_letter), _count(backend, pos_order)) == (0, 1)


def test_a_payload_breaking_its_model_is_rejected_with_the_field(backend: Backend) -> None:
    t = setup(backend)
    payload = order_payload(t, [("A", 1000)])
    payload["lines"][0]["qty_milli"] = "1000"
    response = backend.client.post(
        "/sync/v1/push",
        json={
            "terminal_epoch": "epoch-1",
            "mutations": [make_mutation(1, "order.completed", payload)],
        },
        headers=t.headers,
    )
    [result] = response.json()["results"]
    assert (result["status"], result["code"]) == ("rejected", "invalid_payload")
    assert "lines.0.qty_milli: Input should be a valid integer" in result["reason"]
    assert _count(backend, dead_letter) == 1
