"""Gift cards and store credit on the backend (issue 18, item 3): the ledger from till facts
(activation, top-up, redemption, store credit), what is kept and raised instead of refused
(overdraws, double activations, a card redeemed before its activation arrives), pull and
snapshot, and the admin API the web shop uses."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from sync.protocol import giftcards
from sync.server.schema import redemption_hold, value_card, value_card_entry
from tests.server.conftest import Backend, make_backend
from tests.server.test_customer_rights import Till
from tests.server.test_loyalty_ledger import tasks
from tests.server.test_sync_push import catalog, make_mutation, order_payload, push

API = "/api/v1"


def shop(b: Backend, stores: tuple[str, ...] = ("S01",)) -> list[Till]:
    for n, code in enumerate(stores):
        b.store(code, f"Store {n}")
    catalog(b, ["GIFT", "A"])
    return [Till(b.enrol(code)) for code in stores]


def card_entry(code: str, action: str, delta: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "code_hash": giftcards.code_hash(code),
        "card_kind": "gift",
        "action": action,
        "delta_minor": delta,
        "last4": giftcards.last4(code),
    } | extra


def order_with(till: Till, *entries: dict[str, Any], sku: str = "A") -> dict[str, Any]:
    order = order_payload(till.t, [(sku, 1000)])
    order["value_cards"] = list(entries)
    return order


def sell(b: Backend, till: Till, *entries: dict[str, Any]) -> dict[str, Any]:
    order = order_with(till, *entries)
    result = till.send(b, ("order.completed", order))[0]
    assert result["status"] == "applied", result
    return order


def card(b: Backend, code: str) -> dict[str, Any]:
    r = b.client.post(f"{API}/gift-cards/lookup", headers=b.admin, json={"code": code})
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def test_activate_redeem_top_up_through_facts_pulled_and_snapshotted(backend: Backend) -> None:
    [till] = shop(backend)
    code = giftcards.new_code()
    sold = order_payload(till.t, [("GIFT", 1000)])
    sold["value_cards"] = [
        card_entry(code, "activate", 20000, line_id=sold["lines"][0]["id"]),
    ]
    assert till.send(backend, ("order.completed", sold))[0]["status"] == "applied"
    sell(backend, till, card_entry(code, "redeem", -5000, offline=True))
    sell(backend, till, card_entry(code, "top_up", 1500))
    found = card(backend, code)
    assert (found["balance_minor"], found["state"], found["kind"]) == (16500, "active", "gift")
    assert found["last4"] == code[-4:] and found["offline_limit_minor"] == 50000
    assert sorted(e["action"] for e in found["entries"]) == ["activate", "redeem", "top_up"]
    assert not any(e["flagged"] for e in found["entries"])
    code_hash = giftcards.code_hash(code)
    pulled = backend.client.get("/sync/v1/pull", headers=till.t.headers).json()["changes"]
    cards = [c for c in pulled if c["collection"] == "value_card"]
    assert cards[-1]["key"] == code_hash and cards[-1]["data"]["balance_minor"] == 16500
    snap = backend.client.get("/sync/v1/snapshot/value_card", headers=till.t.headers).json()
    assert [(i["key"], i["data"]["balance_minor"]) for i in snap["items"]] == [(code_hash, 16500)]
    one = backend.client.get(f"/sync/v1/value-cards/{code_hash}", headers=till.t.headers)
    assert one.status_code == 200 and one.json()["balance_minor"] == 16500
    missing = backend.client.get(f"/sync/v1/value-cards/{'0' * 64}", headers=till.t.headers)
    assert (missing.status_code, missing.json()["error"]) == (404, "unknown_gift_card")
    with backend.engine.connect() as conn:
        stored = conn.execute(select(value_card)).one()
    assert stored.store_id is not None and len(stored.code_hash) == 64


def test_store_credit_issued_at_a_return_is_spendable_online(backend: Backend) -> None:
    [till] = shop(backend)
    code = giftcards.new_code()
    sell(backend, till, card_entry(code, "issue", 3000, card_kind="store_credit"))
    body = {"code": giftcards.display(code), "amount_minor": 1000, "id": "web-1", "reference": "W1"}
    r = backend.client.post(f"{API}/gift-cards/redeem", headers=backend.admin, json=body)
    assert r.status_code == 200, r.text
    assert (r.json()["kind"], r.json()["balance_minor"]) == ("store_credit", 2000)


def test_replaying_a_fact_changes_nothing(backend: Backend) -> None:
    [till] = shop(backend)
    code = giftcards.new_code()
    sell(backend, till, card_entry(code, "activate", 10000))
    spend = sell(backend, till, card_entry(code, "redeem", -4000))
    # Restored from a backup: a new epoch sends the same order under a new mutation.
    resent = push(backend.client, till.t, [make_mutation(1, "order.completed", spend)], "e2")
    assert resent.json()["results"][0]["status"] == "applied"
    # The same entry ids in another order: still one movement each.
    again = order_with(till, *spend["value_cards"])
    assert till.send(backend, ("order.completed", again))[0]["status"] == "applied"
    assert card(backend, code)["balance_minor"] == 6000
    with backend.engine.connect() as conn:
        assert len(conn.execute(select(value_card_entry.c.id)).all()) == 2


def test_overdraw_is_kept_flagged_and_raised(backend: Backend) -> None:
    [till] = shop(backend)
    code = giftcards.new_code()
    sell(backend, till, card_entry(code, "activate", 5000))
    spend = sell(backend, till, card_entry(code, "redeem", -7000, offline=True))
    found = card(backend, code)
    assert found["balance_minor"] == -2000  # never clipped
    assert [e["flagged"] for e in found["entries"] if e["action"] == "redeem"] == [True]
    [task] = tasks(backend, "gift_card_overspend")
    assert (task["over_minor"], task["order_id"], task["terminal_id"]) == (
        2000,
        spend["order_id"],
        till.t.terminal_id,
    )


def test_a_card_redeemed_before_its_activation_arrives(backend: Backend) -> None:
    """Till S02 redeems a card till S01 sold offline, and syncs first: the redemption is
    kept on a card created from it, flagged; no overspend is raised until the activation
    shows whether the balance really went below zero."""
    s01, s02 = shop(backend, ("S01", "S02"))
    code = giftcards.new_code()
    sell(backend, s02, card_entry(code, "redeem", -3000, offline=True))
    early = card(backend, code)
    assert (early["balance_minor"], early["state"]) == (-3000, "active")
    assert [e["flagged"] for e in early["entries"]] == [True]
    assert tasks(backend, "gift_card_overspend") == []
    sell(backend, s01, card_entry(code, "activate", 10000))
    assert card(backend, code)["balance_minor"] == 7000
    assert tasks(backend, "gift_card_overspend") == []
    assert tasks(backend, "gift_card_double_activation") == []
    # A second card redeemed beyond what its late activation loaded is raised then.
    other = giftcards.new_code()
    sell(backend, s02, card_entry(other, "redeem", -3000, offline=True))
    sell(backend, s01, card_entry(other, "activate", 1000))
    [task] = tasks(backend, "gift_card_overspend")
    assert task["over_minor"] == 2000


def test_a_second_activation_is_recorded_and_raised(backend: Backend) -> None:
    s01, s02 = shop(backend, ("S01", "S02"))
    code = giftcards.new_code()
    sell(backend, s01, card_entry(code, "activate", 5000))
    second = sell(backend, s02, card_entry(code, "activate", 5000))
    assert card(backend, code)["balance_minor"] == 10000  # the money was taken twice
    [task] = tasks(backend, "gift_card_double_activation")
    assert (task["order_id"], task["amount_minor"]) == (second["order_id"], 5000)


def test_bad_card_entries_refuse_the_order(backend: Backend) -> None:
    [till] = shop(backend)
    code = giftcards.new_code()
    for entry, message in (
        (card_entry(code, "activate", -100), "must add"),
        (card_entry(code, "redeem", 100), "must take"),
        (card_entry(code, "top_up", 100, line_id="nowhere"), "not on the order"),
    ):
        result = till.send(backend, ("order.completed", order_with(till, entry)))[0]
        assert result["status"] == "rejected" and message in result["reason"], result
    with backend.engine.connect() as conn:
        assert conn.execute(select(value_card)).all() == []


def test_admin_issue_lookup_redeem_top_up_block(backend: Backend) -> None:
    [till] = shop(backend)
    r = backend.client.post(
        f"{API}/gift-cards", headers=backend.admin, json={"amount_minor": 25000, "kind": "gift"}
    )
    assert r.status_code == 201, r.text
    issued = r.json()
    code = issued["code"]
    assert giftcards.normalise(code) == code and issued["display"] == giftcards.display(code)
    assert giftcards.normalise(issued["qr_text"]) == code
    assert issued["code_hash"] == giftcards.code_hash(code) and issued["balance_minor"] == 25000
    with backend.engine.connect() as conn:
        assert code not in str(conn.execute(select(value_card)).one())  # only the hash
    # Codes in any typed form; a mistyped one gets the code module's message.
    assert card(backend, code.lower())["balance_minor"] == 25000
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    bad = backend.client.post(
        f"{API}/gift-cards/lookup", headers=backend.admin, json={"code": typo}
    )
    assert bad.status_code == 422 and "check symbol" in bad.json()["detail"]
    unknown = giftcards.new_code()
    r = backend.client.post(
        f"{API}/gift-cards/lookup", headers=backend.admin, json={"code": unknown}
    )
    assert r.status_code == 404

    def move(path: str, amount: int, id_: str) -> Any:
        body = {"code": code, "amount_minor": amount, "id": id_, "reference": "web-42"}
        return backend.client.post(f"{API}/gift-cards/{path}", headers=backend.admin, json=body)

    assert move("redeem", 10000, "r-1").json()["balance_minor"] == 15000
    assert move("redeem", 10000, "r-1").json()["balance_minor"] == 15000  # idempotent
    assert move("redeem", 999, "r-1").json()["error"] == "idempotency_conflict"
    # A till's live hold counts against the web shop.
    hold = {"id": "h-1", "kind": "value_card", "amount": 10000, "code_hash": issued["code_hash"]}
    r = backend.client.post("/sync/v1/reservations", json=hold, headers=till.t.headers)
    assert r.json()["granted"] is True
    refused = move("redeem", 6000, "r-2")
    assert (refused.status_code, refused.json()["error"]) == (409, "insufficient_balance")
    assert move("top-up", 1000, "t-1").json()["available_minor"] == 6000
    blocked = backend.client.post(
        f"{API}/gift-cards/block", headers=backend.admin, json={"code": code}
    )
    assert blocked.json()["state"] == "blocked"
    assert move("redeem", 100, "r-3").json()["error"] == "gift_card_blocked"
    entries = card(backend, code)["entries"]
    assert sorted(e["action"] for e in entries) == ["activate", "redeem", "top_up"]
    pulled = backend.client.get("/sync/v1/pull", headers=till.t.headers).json()["changes"]
    assert [c["data"]["state"] for c in pulled if c["collection"] == "value_card"][-1] == "blocked"


def test_the_offline_limit_comes_from_the_setting(database_url: str, tmp_path: Any) -> None:
    b = make_backend(database_url, tmp_path, gift_card_offline_limit_minor=12345)
    with b.client:
        [till] = shop(b)
        code = giftcards.new_code()
        sell(b, till, card_entry(code, "activate", 100))
        assert card(b, code)["offline_limit_minor"] == 12345
        hello = b.client.get(
            "/sync/v1/hello",
            params={"epoch": "e1", "device_time": b.ctx.clock().isoformat()},
            headers=till.t.headers,
        )
        assert hello.status_code == 200, hello.text
        assert hello.json()["loyalty_offline_customer_cap_points"] == 200
        assert hello.json()["loyalty_offline_budget_points"] == 500
    b.engine.dispose()


def test_a_till_redemption_consumes_its_card_hold(backend: Backend) -> None:
    [till] = shop(backend)
    code = giftcards.new_code()
    sell(backend, till, card_entry(code, "activate", 8000))
    code_hash = giftcards.code_hash(code)
    hold = {"id": "h-9", "kind": "value_card", "amount": 8000, "code_hash": code_hash}
    assert backend.client.post("/sync/v1/reservations", json=hold, headers=till.t.headers).json()[
        "granted"
    ]
    assert card(backend, code)["available_minor"] == 0
    spend = sell(backend, till, card_entry(code, "redeem", -8000, reservation_id="h-9"))
    with backend.engine.connect() as conn:
        row = conn.execute(select(redemption_hold)).one()
    assert (row.state, row.order_id) == ("consumed", spend["order_id"])
    found = card(backend, code)
    assert (found["balance_minor"], found["available_minor"]) == (0, 0)
    assert not any(e["flagged"] for e in found["entries"])
    # Releasing it afterwards changes nothing: the sale spent it.
    released = backend.client.delete("/sync/v1/reservations/h-9", headers=till.t.headers)
    assert released.status_code == 200 and released.json()["granted"] is False
    with backend.engine.connect() as conn:
        assert conn.execute(select(redemption_hold.c.state)).scalar_one() == "consumed"
