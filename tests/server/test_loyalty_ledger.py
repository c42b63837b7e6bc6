"""The points ledger on the backend (issue 18, docs/loyalty.md "Ledgers"): earning rules,
earns per sales line and their exact reversal through pushed facts, vesting, and an
overspend that is kept, flagged and raised for staff."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from sync.protocol.loyalty import EarningRules, points_for_line, points_reversed
from sync.server import loyalty
from sync.server.schema import change, loyalty_entry, redemption_hold, staff_task
from tests.server.conftest import Backend
from tests.server.test_customer_rights import Till
from tests.server.test_sync_push import catalog, make_mutation, order_payload, push

API = "/api/v1"
ZONE_TODAY = loyalty.chain_today


def put_rules(b: Backend, **rules: Any) -> dict[str, Any]:
    r = b.client.put(f"{API}/loyalty/rules", headers=b.admin, json=rules)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def shop(b: Backend) -> Till:
    """Store S01 with products A and B, a till, and customer c-1 created by it."""
    b.store("S01")
    catalog(b, ["A", "B"])
    till = Till(b.enrol("S01"))
    assert till.send(b, ("customer.upserted", {"id": "c-1", "name": "Ayşe"}))[0]["status"] == (
        "applied"
    )
    return till


def sale(till: Till, lines: list[tuple[str, int]], **extra: Any) -> dict[str, Any]:
    return order_payload(till.t, lines, customer_id="c-1", **extra)


def earn(line: dict[str, Any], points: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "customer_id": "c-1",
        "points": points,
        "reason": "earn",
        "line_id": line["id"],
    } | extra


def redeem(points: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "customer_id": "c-1",
        "points": -points,
        "reason": "redeem",
    } | extra


def ledger(b: Backend) -> list[Any]:
    with b.engine.connect() as conn:
        return list(
            conn.execute(
                select(loyalty_entry).order_by(loyalty_entry.c.received_at, loyalty_entry.c.id)
            ).all()
        )


def tasks(b: Backend, kind: str) -> list[dict[str, Any]]:
    with b.engine.connect() as conn:
        rows = conn.execute(select(staff_task.c.detail_json).where(staff_task.c.kind == kind))
        return [json.loads(r) for r in rows.scalars()]


def pulled_customer(b: Backend, till: Till) -> dict[str, Any]:
    changes = b.client.get("/sync/v1/pull", headers=till.t.headers).json()["changes"]
    data: dict[str, Any] = [c for c in changes if c["collection"] == "customer"][-1]["data"]
    return data


def test_rules_default_then_versioned_pulled_and_in_the_snapshot(backend: Backend) -> None:
    backend.store("S01")
    t = backend.enrol("S01")
    r = backend.client.get(f"{API}/loyalty/rules", headers=backend.admin)
    assert r.json() == loyalty.DEFAULT_RULES.payload()
    assert (r.json()["points_per_try"], r.json()["vesting_days"], r.json()["version"]) == (1, 30, 0)
    put_rules(backend, points_per_try=2, vesting_days=14, excluded_skus=["GIFT"])
    stored = put_rules(backend, points_per_try=3, category_multipliers={"Meyve": 200}, version=77)
    assert stored["version"] == 2 and stored["points_per_try"] == 3  # a sent version is ignored
    pulled = backend.client.get("/sync/v1/pull", headers=t.headers).json()["changes"]
    rules = [c for c in pulled if c["collection"] == "loyalty_rules"]
    assert [(c["key"], c["data"]["version"]) for c in rules] == [("current", 1), ("current", 2)]
    EarningRules.model_validate(rules[-1]["data"])  # what a till stores parses as rules
    snap = backend.client.get("/sync/v1/snapshot/loyalty_rules", headers=t.headers).json()
    assert [i["key"] for i in snap["items"]] == ["current"]
    assert snap["items"][0]["data"]["points_per_try"] == 3 and snap["after"] is None


def test_bad_rules_are_refused_naming_the_field(backend: Backend) -> None:
    for body, field in (
        ({"points_per_try": -1}, "points_per_try"),
        ({"points_per_try": 1, "category_multipliers": {"Meyve": 5000}}, "category_multipliers"),
        ({"points_per_try": 1, "bonus": 3}, "bonus"),
        ({"points_per_try": "1"}, "points_per_try"),
    ):
        r = backend.client.put(f"{API}/loyalty/rules", headers=backend.admin, json=body)
        assert r.status_code == 422, (body, r.text)
        assert field in r.text
    assert backend.client.get(f"{API}/loyalty/rules", headers=backend.admin).json()["version"] == 0


def test_earn_per_line_and_exact_reversal_of_a_partial_return(backend: Backend) -> None:
    till = shop(backend)
    rules = EarningRules.model_validate(put_rules(backend, points_per_try=1, vesting_days=30))
    order = sale(till, [("A", 3000), ("B", 1000)], unit_price_minor=1050)
    line_a, line_b = order["lines"]
    earned_a = points_for_line(
        sku="A", category=None, paid_minor=line_a["total_minor"], rules=rules
    )
    earned_b = points_for_line(
        sku="B", category=None, paid_minor=line_b["total_minor"], rules=rules
    )
    assert (earned_a, earned_b) == (31, 10)
    order["loyalty"] = [earn(line_a, earned_a), earn(line_b, earned_b)]
    assert till.send(backend, ("order.completed", order))[0]["status"] == "applied"
    vest_day = date(2025, 3, 1) + timedelta(days=30)
    assert sorted(
        (e.order_line_id, e.points, e.vests_on, e.terminal_id) for e in ledger(backend)
    ) == sorted(
        [
            (line_a["id"], 31, vest_day, till.t.terminal_id),
            (line_b["id"], 10, vest_day, till.t.terminal_id),
        ]
    )
    # Line A comes back in two returns (1 of 3, then 2 of 3): the reversals take back 31.
    already = 0
    for qty in (1000, 2000):
        ret = sale(till, [("A", qty)], kind="return", unit_price_minor=1050)
        ret["original_order_id"] = order["order_id"]
        ret["lines"][0]["original_line_id"] = line_a["id"]
        back = points_reversed(
            earned=earned_a,
            sold_qty_milli=3000,
            returned_qty_milli=qty,
            already_returned_qty_milli=already,
        )
        already += qty
        ret["loyalty"] = [
            {
                "id": str(uuid.uuid4()),
                "customer_id": "c-1",
                "points": -back,
                "reason": "reversal",
                "line_id": ret["lines"][0]["id"],
            }
        ]
        assert till.send(backend, ("order.refunded", ret))[0]["status"] == "applied"
    entries = ledger(backend)
    reversals = [e for e in entries if e.reason == "reversal"]
    assert [e.points for e in reversals] == [-10, -21]
    assert sum(e.points for e in entries) == earned_b  # line A's points all went back
    # Each reversal is dated its earn's vesting day: a return inside the window cancels
    # pending points, never vested ones.
    assert {e.vests_on for e in reversals} == {vest_day}


def test_entries_that_break_the_rules_refuse_the_order(backend: Backend) -> None:
    till = shop(backend)
    cases = [
        (lambda o: [earn(o["lines"][0], -5)], "must not be negative"),
        (lambda o: [earn(o["lines"][0], 5) | {"line_id": "elsewhere"}], "not on the order"),
        (lambda o: [earn(o["lines"][0], 5) | {"line_id": None}], "must name its sales line"),
        (lambda o: [redeem(-5)], "must not be positive"),
        (lambda o: [redeem(5) | {"reason": "gift"}], "is not one of"),
    ]
    for make, message in cases:
        order = sale(till, [("A", 1000)])
        order["loyalty"] = make(order)
        result = till.send(backend, ("order.completed", order))[0]
        assert result["status"] == "rejected" and message in result["reason"], result
    assert ledger(backend) == []


def test_vesting_pending_in_the_pulled_customer_then_spendable(backend: Backend) -> None:
    till = shop(backend)
    put_rules(backend, points_per_try=1, vesting_days=10)
    now = datetime.now(UTC).replace(microsecond=0)
    order = sale(till, [("A", 5000)], completed_at=now)
    order["loyalty"] = [earn(order["lines"][0], 50)]
    assert till.send(backend, ("order.completed", order))[0]["status"] == "applied"
    vest_day = loyalty.local_date(now, "Europe/Istanbul") + timedelta(days=10)
    customer = pulled_customer(backend, till)
    assert customer["loyalty_points"] == 50
    assert customer["pending_points"] == {vest_day.isoformat(): 50}
    snap = backend.client.get("/sync/v1/snapshot/customer", headers=till.t.headers).json()
    assert snap["items"][0]["data"]["pending_points"] == {vest_day.isoformat(): 50}

    def ask(points: int) -> dict[str, Any]:
        body = {"id": str(uuid.uuid4()), "kind": "points", "amount": points, "customer_id": "c-1"}
        r = backend.client.post("/sync/v1/reservations", json=body, headers=till.t.headers)
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    assert ask(1) | {"id": None} == {
        "id": None,
        "granted": False,
        "available": 0,
        "expires_at": None,
        "problem": "insufficient",
    }
    # The day before vesting, still pending; on the vesting day (the store's), spendable.
    backend.ctx.clock = lambda: now + timedelta(days=9)
    assert ask(1)["granted"] is False
    vest_noon = datetime(vest_day.year, vest_day.month, vest_day.day, 9, tzinfo=UTC)
    backend.ctx.clock = lambda: vest_noon
    granted = ask(50)
    assert (granted["granted"], granted["available"]) == (True, 0)


def test_overspend_is_kept_flagged_and_raised_for_staff(backend: Backend) -> None:
    till = shop(backend)
    put_rules(backend, points_per_try=1, vesting_days=0)
    order = sale(till, [("A", 4000)])
    order["loyalty"] = [earn(order["lines"][0], 40)]
    assert till.send(backend, ("order.completed", order))[0]["status"] == "applied"
    # Two offline redemptions of 30 against 40 spendable: the second overdraws by 20.
    first, second = sale(till, [("B", 1000)]), sale(till, [("B", 1000)])
    first["loyalty"] = [redeem(30, offline=True)]
    second["loyalty"] = [redeem(30, offline=True)]
    results = till.send(backend, ("order.completed", first), ("order.completed", second))
    assert [r["status"] for r in results] == ["applied", "applied"]
    entries = {e.order_id: e for e in ledger(backend) if e.reason == "redeem"}
    assert [
        (e.points, e.flagged, e.offline)
        for e in (entries[first["order_id"]], entries[second["order_id"]])
    ] == [
        (-30, False, True),
        (-30, True, True),
    ]
    assert sum(e.points for e in ledger(backend)) == -20  # never clipped
    assert tasks(backend, "loyalty_overspend") == [
        {
            "customer_id": "c-1",
            "terminal_id": till.t.terminal_id,
            "order_id": second["order_id"],
            "points_over": 20,
            "offline": True,
        }
    ]
    listed = backend.client.get(f"{API}/staff-tasks", headers=backend.admin).json()
    assert [t["kind"] for t in listed["items"]] == ["loyalty_overspend"]


def test_a_redemption_consumes_its_hold_and_a_replay_changes_nothing(backend: Backend) -> None:
    till = shop(backend)
    put_rules(backend, points_per_try=1, vesting_days=0)
    order = sale(till, [("A", 4000)])
    order["loyalty"] = [earn(order["lines"][0], 40)]
    till.send(backend, ("order.completed", order))
    body = {"id": "hold-1", "kind": "points", "amount": 25, "customer_id": "c-1"}
    r = backend.client.post("/sync/v1/reservations", json=body, headers=till.t.headers)
    assert r.json()["granted"] is True
    spend = sale(till, [("B", 1000)])
    spend["loyalty"] = [redeem(25, reservation_id="hold-1")]
    assert till.send(backend, ("order.completed", spend))[0]["status"] == "applied"
    with backend.engine.connect() as conn:
        hold = conn.execute(select(redemption_hold)).one()
    assert (hold.state, hold.order_id) == ("consumed", spend["order_id"])
    before = (len(ledger(backend)), sum(e.points for e in ledger(backend)))
    # The same order again (another epoch after a restore): applied once only.
    resent = push(backend.client, till.t, [make_mutation(1, "order.completed", spend)], "e2")
    assert resent.json()["results"][0]["status"] == "applied"
    assert (len(ledger(backend)), sum(e.points for e in ledger(backend))) == before == (2, 15)
    with backend.engine.connect() as conn:
        published = conn.execute(select(change.c.key).where(change.c.collection == "customer"))
        assert set(published.scalars()) == {"c-1"}
