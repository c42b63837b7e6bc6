"""Which customers a till may change (issue 15, item 9): its own store's (the customers its
tills created), and only the profile a cashier types; everything else is refused per fact
and comes from the admin API."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from sync.server.schema import change, customer, dead_letter
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import catalog, make_mutation, order_payload, push

API = "/api/v1"


class Till:
    """A terminal and its next seq."""

    def __init__(self, t: Terminal) -> None:
        self.t = t
        self.seq = 1

    def send(self, b: Backend, *facts: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
        mutations = [make_mutation(self.seq + n, kind, p) for n, (kind, p) in enumerate(facts)]
        self.seq += len(facts)
        response = push(b.client, self.t, mutations)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results


def upsert(**payload: Any) -> tuple[str, dict[str, Any]]:
    return "customer.upserted", payload


def stored(b: Backend, customer_id: str) -> Any:
    with b.engine.connect() as conn:
        return conn.execute(select(customer).where(customer.c.id == customer_id)).one()


def detail(b: Backend, customer_id: str) -> dict[str, Any]:
    r = b.client.get(f"{API}/customers/{customer_id}", headers=b.admin)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def published_names(b: Backend, customer_id: str) -> list[str]:
    """The names every till was sent for ``customer_id``, oldest first."""
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(change.c.data_json)
            .where(change.c.collection == "customer", change.c.key == customer_id)
            .order_by(change.c.seq)
        ).scalars()
        return [json.loads(r)["name"] for r in rows]


def refused(result: dict[str, Any]) -> str:
    assert (result["status"], result["code"]) == ("rejected", "forbidden_customer_change"), result
    reason: str = result["reason"]
    return reason


def two_stores(b: Backend) -> tuple[Till, Till]:
    b.store("S01")
    b.store("S02", "Beşiktaş")
    catalog(b, ["A"])
    return Till(b.enrol("S01")), Till(b.enrol("S02"))


def test_a_till_changes_only_its_own_stores_customers(backend: Backend) -> None:
    s01, s02 = two_stores(backend)
    # S01's till creates a customer: it becomes S01's, and S01's tills may edit it.
    created = s01.send(backend, upsert(id="c-1", name="Ayşe", phone="0532 111 22 33"))
    assert created[0]["status"] == "applied"
    assert detail(backend, "c-1")["home_store"] == "S01"
    assert s01.send(backend, upsert(id="c-1", name="Ayşe Yılmaz"))[0]["status"] == "applied"

    # S02's till may not touch it; the rest of its batch applies.
    results = s02.send(
        backend,
        upsert(id="c-1", name="Someone Else", email="thief@example.com"),
        ("order.completed", order_payload(s02.t, [("A", 1000)])),
    )
    reason = refused(results[0])
    assert "belongs to store S01" in reason and "S02" in reason and "admin API" in reason
    assert results[1]["status"] == "applied"
    row = stored(backend, "c-1")
    assert (row.name, row.email) == ("Ayşe Yılmaz", "")
    assert published_names(backend, "c-1") == ["Ayşe", "Ayşe Yılmaz"]  # never "Someone Else"
    with backend.engine.connect() as conn:
        parked = conn.execute(select(dead_letter.c.code, dead_letter.c.payload_json)).all()
    assert [(code, json.loads(p)["name"]) for code, p in parked] == [
        ("forbidden_customer_change", "Someone Else")
    ]

    # Its own till neither: only the profile fields travel in a till's fact.
    for extra in ({"erased": True}, {"merged_into": "c-9"}, {"loyalty_points": 10**6}):
        reason = refused(s01.send(backend, upsert(id="c-1", name="Ayşe", **extra))[0])
        assert next(iter(extra)) in reason
    assert stored(backend, "c-1").erased is False


def test_the_chains_customers_change_only_from_the_admin_api(backend: Backend) -> None:
    s01, s02 = two_stores(backend)
    r = backend.client.post(
        f"{API}/customers", headers=backend.admin, json={"name": "Zeynep", "phone": "05551112233"}
    )
    assert r.status_code == 201, r.text
    zeynep = r.json()["id"]
    assert r.json()["home_store"] is None
    for till in (s01, s02):
        reason = refused(till.send(backend, upsert(id=zeynep, name="Z."))[0])
        assert "the chain" in reason
    assert stored(backend, zeynep).name == "Zeynep"

    # The admin API changes the profile and gives it a home store; then that store's tills
    # may change it, and the others still not.
    patched = backend.client.patch(
        f"{API}/customers/{zeynep}",
        headers=backend.admin,
        json={"name": "Zeynep Kaya", "home_store": "S02"},
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["name"], patched.json()["home_store"]) == ("Zeynep Kaya", "S02")
    assert patched.json()["phone"] == "05551112233"  # left out: kept
    assert s02.send(backend, upsert(id=zeynep, name="Zeynep K."))[0]["status"] == "applied"
    refused(s01.send(backend, upsert(id=zeynep, name="Z."))[0])
    assert stored(backend, zeynep).name == "Zeynep K."
    back = backend.client.patch(
        f"{API}/customers/{zeynep}", headers=backend.admin, json={"home_store": None}
    )
    assert back.status_code == 200 and back.json()["home_store"] is None
    refused(s02.send(backend, upsert(id=zeynep, name="Z."))[0])

    # The admin API's own refusals.
    other = backend.client.post(f"{API}/customers", headers=backend.admin, json={"name": "Ali"})
    taken = backend.client.patch(
        f"{API}/customers/{other.json()['id']}",
        headers=backend.admin,
        json={"phone": "+90 555 111 22 33"},
    )
    assert (taken.status_code, taken.json()["error"]) == (409, "customer_exists")
    unknown = backend.client.patch(
        f"{API}/customers/nobody", headers=backend.admin, json={"name": "X"}
    )
    assert (unknown.status_code, unknown.json()["error"]) == (404, "unknown_customer")
    nowhere = backend.client.patch(
        f"{API}/customers/{zeynep}", headers=backend.admin, json={"home_store": "S99"}
    )
    assert (nowhere.status_code, nowhere.json()["error"]) == (404, "unknown_store")


def test_a_duplicate_from_another_store_merges_without_rewriting(backend: Backend) -> None:
    s01, s02 = two_stores(backend)
    s01.send(backend, upsert(id="c-1", name="Ayşe Yılmaz", phone="0532 111 22 33"))
    # S02's till, offline, typed the same person anew: one customer after the merge, but
    # S02's spelling does not overwrite S01's customer.
    results = s02.send(
        backend, upsert(id="c-2", name="A. Yilmaz", phone="+90 532 111 2233", email="a@y.com")
    )
    assert results[0]["status"] == "applied"
    survivor, merged = stored(backend, "c-1"), stored(backend, "c-2")
    assert merged.merged_into == "c-1" and survivor.merged_into is None
    assert (survivor.name, survivor.email) == ("Ayşe Yılmaz", "")
    # Editing the merged id is editing S01's customer: refused for S02.
    reason = refused(s02.send(backend, upsert(id="c-2", name="A. Y."))[0])
    assert "merged into c-1" in reason
    # Within one store the latest write still wins on the survivor.
    s01.send(backend, upsert(id="c-3", name="Ayşe Y. Kaya", phone="0532 111 22 33"))
    assert stored(backend, "c-1").name == "Ayşe Y. Kaya"
