"""Consent facts and the İYS change list (issue 18): every consent given or withdrawn is an
event, recorded once, against the surviving customer, numbered so a reader paging by seq never
skips one; the customer's state travels to every till."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from sync.server.changes import ChangeBuffer
from sync.server.consents import record_consent
from sync.server.db import write_tx
from sync.server.schema import customer_consent_event, dead_letter
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import T0, make_mutation, push, statuses

API = "/api/v1"


def consent(customer_id: str, purpose: str, granted: bool, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "customer_id": customer_id,
        "purpose": purpose,
        "granted": granted,
        "text_version": "builtin-1",
        "at": T0.isoformat(),
        "channel": "store",
        "terminal_code": "T01",
    } | extra


class Stream:
    def __init__(self, b: Backend, t: Terminal) -> None:
        self.b, self.t, self.seq = b, t, 1

    def send(self, *facts: tuple[str, dict[str, Any]]) -> list[dict[str, Any]]:
        mutations = [make_mutation(self.seq + n, k, p) for n, (k, p) in enumerate(facts)]
        self.seq += len(facts)
        response = push(self.b.client, self.t, mutations)
        assert response.status_code == 200, response.text
        assert all(s in ("applied", "rejected", "duplicate") for s in statuses(response))
        results: list[dict[str, Any]] = response.json()["results"]
        return results


def upsert(customer_id: str, name: str, phone: str = "", email: str = "") -> tuple[str, Any]:
    return "customer.upserted", {"id": customer_id, "name": name, "phone": phone, "email": email}


def changes(b: Backend, after: int = 0, limit: int = 100) -> dict[str, Any]:
    r = b.client.get(
        f"{API}/consents/changes", params={"after": after, "limit": limit}, headers=b.admin
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_consent_facts_are_recorded_once_and_reach_every_till(backend: Backend) -> None:
    backend.store()
    backend.store("S02", "Beşiktaş")
    t1 = backend.enrol()
    t2 = backend.enrol("S02")
    s1, s2 = Stream(backend, t1), Stream(backend, t2)
    s1.send(upsert("c1", "Ayşe Yılmaz", "0532 111 22 33", "Ayse@Example.com"))
    sms = consent("c1", "marketing_sms", True)
    results = s1.send(
        ("customer.consent_changed", sms),
        ("customer.consent_changed", consent("c1", "kvkk_notice", True)),
        ("customer.consent_changed", consent("c1", "marketing_email", True)),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    # Another store's till may record this customer's consent (the customer's own act),
    # unlike a profile edit; the same event again is recorded once.
    later = (T0 + timedelta(minutes=5)).isoformat()
    withdraw = consent("c1", "marketing_email", False, at=later, channel="kiosk")
    results = s2.send(("customer.consent_changed", withdraw), ("customer.consent_changed", sms))
    assert [r["status"] for r in results] == ["applied", "applied"]
    with backend.engine.connect() as conn:
        rows = conn.execute(
            select(customer_consent_event).order_by(customer_consent_event.c.seq)
        ).all()
    assert len(rows) == 4
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    recipients = {(r.purpose, r.granted): r.recipient for r in rows}
    assert recipients[("marketing_sms", True)] == "+905321112233"
    assert recipients[("marketing_email", True)] == "ayse@example.com"
    assert recipients[("kvkk_notice", True)] is None  # not a messaging consent
    assert rows[3].terminal_id == t2.terminal_id and rows[3].channel == "kiosk"
    # Every till gets the customer's current state.
    pulled = backend.client.get("/sync/v1/pull", headers=t2.headers).json()["changes"]
    record = [c for c in pulled if c["collection"] == "customer"][-1]
    assert record["data"]["consents"] == {
        "marketing_sms": True,
        "kvkk_notice": True,
        "marketing_email": False,
    }
    history = backend.client.get(f"{API}/customers/c1/consents", headers=backend.admin).json()
    assert [e["purpose"] for e in history["history"]][-1] == "marketing_email"
    assert history["current"]["marketing_email"] is False


def test_unknown_or_merged_customers(backend: Backend) -> None:
    backend.store()
    t = backend.enrol()
    s = Stream(backend, t)
    results = s.send(("customer.consent_changed", consent("ghost", "marketing_sms", True)))
    assert results[0]["status"] == "rejected"
    assert results[0]["code"] == "unknown_customer"
    assert "ghost" in results[0]["reason"] and "customer.upserted" in results[0]["reason"]
    with backend.engine.connect() as conn:
        assert conn.execute(select(dead_letter.c.code)).scalar_one() == "unknown_customer"
    # A duplicate by phone merges into the older record: its consent lands on the survivor.
    s.send(upsert("old", "Ali", "05321112233"))
    s.send(upsert("new", "Ali Veli", "+90 532 111 22 33"))
    s.send(("customer.consent_changed", consent("new", "marketing_call", True)))
    r = backend.client.get(f"{API}/customers/new/consents", headers=backend.admin).json()
    assert r["customer_id"] == "old" and r["current"] == {"marketing_call": True}


def test_admin_and_web_shop_record_consents(backend: Backend) -> None:
    created = backend.client.post(
        f"{API}/customers", json={"name": "Can", "email": "can@example.com"}, headers=backend.admin
    ).json()
    body = {"purpose": "marketing_email", "granted": True, "text_version": "v2", "id": "ev-1"}
    r = backend.client.post(
        f"{API}/customers/{created['id']}/consents", json=body, headers=backend.admin
    )
    assert r.status_code == 201, r.text
    assert r.json()["current"] == {"marketing_email": True}
    again = backend.client.post(
        f"{API}/customers/{created['id']}/consents", json=body, headers=backend.admin
    )
    assert len(again.json()["history"]) == 1  # a retry records nothing new
    assert again.json()["history"][0]["channel"] == "web"
    bad = backend.client.post(
        f"{API}/customers/{created['id']}/consents",
        json=body | {"channel": "store"},
        headers=backend.admin,
    )
    assert bad.status_code == 422
    missing = backend.client.post(
        f"{API}/customers/nobody/consents", json=body | {"id": "ev-2"}, headers=backend.admin
    )
    assert missing.status_code == 404 and missing.json()["error"] == "unknown_customer"


def test_iys_change_list_pages_messaging_consents_in_order(backend: Backend) -> None:
    backend.store()
    t = backend.enrol()
    s = Stream(backend, t)
    s.send(upsert("c1", "Ayşe", "0532 111 22 33", "ayse@example.com"))
    s.send(
        ("customer.consent_changed", consent("c1", "kvkk_notice", True)),
        ("customer.consent_changed", consent("c1", "loyalty_profiling", True)),
        ("customer.consent_changed", consent("c1", "marketing_sms", True)),
    )
    s.send(("customer.consent_changed", consent("c1", "marketing_email", True, channel="kiosk")))
    s.send(("customer.consent_changed", consent("c1", "marketing_sms", False, text_version="v9")))
    first = changes(backend, limit=2)
    assert [(i["type"], i["granted"]) for i in first["items"]] == [
        ("MESAJ", True),
        ("EPOSTA", True),
    ]
    assert first["items"][0]["recipient"] == "+905321112233"
    assert first["items"][1]["recipient"] == "ayse@example.com"
    assert first["items"][1]["channel"] == "kiosk"
    rest = changes(backend, after=first["next_after"])
    assert [(i["purpose"], i["granted"], i["text_version"]) for i in rest["items"]] == [
        ("marketing_sms", False, "v9")
    ]
    done = changes(backend, after=rest["next_after"])
    assert done == {"items": [], "next_after": rest["next_after"]}
    assert backend.client.get(f"{API}/consents/changes").status_code == 401


def test_an_event_committing_late_is_numbered_after_those_already_read(backend: Backend) -> None:
    """seq is taken when the transaction flushes, under the counter's lock: an event written
    first but committed last still gets the higher number, so a reader never skips it."""
    backend.client.post(
        f"{API}/customers", json={"name": "Deniz", "phone": "05001112233"}, headers=backend.admin
    )
    with backend.engine.connect() as conn:
        from sync.server.schema import customer

        cid = conn.execute(select(customer.c.id)).scalar_one()
    now = backend.ctx.clock()

    def write(event_id: str, purpose: str) -> None:
        with write_tx(backend.engine) as conn:
            buf = ChangeBuffer()
            record_consent(
                conn,
                buf,
                event_id=event_id,
                customer_id=cid,
                purpose=purpose,
                granted=True,
                text_version="v1",
                at=now,
                channel="admin",
                terminal_id=None,
                now=now,
            )
            buf.flush(conn, now)

    write("a-first", "marketing_sms")
    seen = changes(backend)
    write("b-second", "marketing_call")
    later = changes(backend, after=seen["next_after"])
    assert [i["event_id"] for i in later["items"]] == ["b-second"]
    assert later["items"][0]["seq"] > seen["items"][0]["seq"]
