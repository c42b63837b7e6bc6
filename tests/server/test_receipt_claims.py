"""The loyalty QR and receipts added to an account afterwards (issue 18): only the code's
hash is kept; a claimed receipt earns by the current rules, once; the e-receipt shows the
points and the claim link, never the customer's contact data."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from sync.protocol import loyalty_qr
from sync.protocol.loyalty import EarningRules
from sync.receipt_token import make_token
from sync.server.db import write_tx
from sync.server.schema import customer, loyalty_entry, loyalty_rules, pos_order
from tests.server.conftest import Backend, make_backend
from tests.server.test_consents import Stream, upsert
from tests.server.test_sync_push import catalog, order_payload

API = "/api/v1"
CLAIM_URL = "https://shop.example.com/account/claim"


def new_customer(b: Backend, name: str = "Elif Kaya", email: str = "elif@example.com") -> str:
    r = b.client.post(f"{API}/customers", json={"name": name, "email": email}, headers=b.admin)
    assert r.status_code == 201, r.text
    customer_id: str = r.json()["id"]
    return customer_id


def test_loyalty_code_is_returned_once_and_only_its_hash_kept(backend: Backend) -> None:
    backend.store()
    t = backend.enrol()
    cid = new_customer(backend)
    first = backend.client.post(f"{API}/customers/{cid}/loyalty-code", headers=backend.admin)
    assert first.status_code == 201, first.text
    code = first.json()["code"]
    assert first.json()["qr_text"] == loyalty_qr.qr_text(code)
    with backend.engine.connect() as conn:
        stored = conn.execute(select(customer.c.loyalty_code_hash)).scalar_one()
    assert stored == loyalty_qr.code_hash(code)
    assert code.replace("-", "") not in json.dumps(
        backend.client.get("/sync/v1/pull", headers=t.headers).json()
    )
    pulled = backend.client.get("/sync/v1/pull", headers=t.headers).json()["changes"]
    assert pulled[-1]["data"]["loyalty_code_hash"] == stored
    second = backend.client.post(f"{API}/customers/{cid}/loyalty-code", headers=backend.admin)
    with backend.engine.connect() as conn:
        replaced = conn.execute(select(customer.c.loyalty_code_hash)).scalar_one()
    assert replaced == loyalty_qr.code_hash(second.json()["code"]) != stored
    missing = backend.client.post(f"{API}/customers/nobody/loyalty-code", headers=backend.admin)
    assert missing.status_code == 404


def _sale(s: Stream, **extra: Any) -> dict[str, Any]:
    payload = order_payload(s.t, [("A", 1000), ("B", 2000)], unit_price_minor=12_345, **extra)
    payload["receipt_token"] = make_token(None, "tr")
    results = s.send(("order.completed", payload))
    assert results[0]["status"] == "applied", results
    return payload


def test_claim_attaches_the_sale_and_earns_once(backend: Backend) -> None:
    backend.store()
    catalog(backend, ["A", "B"])
    t = backend.enrol()
    sale = _sale(Stream(backend, t))
    cid = new_customer(backend)
    token = sale["receipt_token"]
    # The stored rules count: A is excluded.
    rules = EarningRules(
        points_per_try=1, excluded_skus=frozenset({"A"}), vesting_days=14, version=3
    )
    with write_tx(backend.engine) as conn:
        conn.execute(
            insert(loyalty_rules),
            {
                "version": 3,
                "rules_json": json.dumps(rules.payload()),
                "created_at": backend.ctx.clock(),
            },
        )
    r = backend.client.post(
        f"{API}/customers/{cid}/claim-receipt", json={"receipt_token": token}, headers=backend.admin
    )
    assert r.status_code == 201, r.text
    out = r.json()
    # B: 2 x 123.45 TRY = 246.90 TRY paid -> 246 points; A is excluded.
    assert out["points_earned"] == 246 and out["rules_version"] == 3
    sold_on = date.fromisoformat(sale["business_date"])
    assert out["vests_on"] == date.fromordinal(sold_on.toordinal() + 14).isoformat()
    with backend.engine.connect() as conn:
        assert conn.execute(select(pos_order.c.customer_id)).scalar_one() == cid
        entries = conn.execute(select(loyalty_entry)).all()
    assert [(e.points, e.order_line_id) for e in entries] == [(246, sale["lines"][1]["id"])]
    again = backend.client.post(
        f"{API}/customers/{cid}/claim-receipt", json={"receipt_token": token}, headers=backend.admin
    )
    assert again.status_code == 409 and again.json()["error"] == "receipt_already_attached"
    unknown = backend.client.post(
        f"{API}/customers/{cid}/claim-receipt",
        json={"receipt_token": make_token(None, "tr")},
        headers=backend.admin,
    )
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_receipt"


def test_claim_uses_the_default_rules_and_refuses_returned_sales(backend: Backend) -> None:
    backend.store()
    catalog(backend, ["A", "B"])
    t = backend.enrol()
    s = Stream(backend, t)
    sale = _sale(s)
    refund = order_payload(t, [("A", 1000)], kind="return", original_order_id=sale["order_id"])
    assert s.send(("order.refunded", refund))[0]["status"] == "applied"
    cid = new_customer(backend)
    r = backend.client.post(
        f"{API}/customers/{cid}/claim-receipt",
        json={"receipt_token": sale["receipt_token"]},
        headers=backend.admin,
    )
    assert r.status_code == 409 and r.json()["error"] == "receipt_returned"
    other = _sale(s)
    ok = backend.client.post(
        f"{API}/customers/{cid}/claim-receipt",
        json={"receipt_token": other["receipt_token"]},
        headers=backend.admin,
    )
    # No rules stored: a point per whole TRY, vesting after 30 days. 123 + 246.
    assert ok.status_code == 201 and ok.json()["points_earned"] == 369
    assert ok.json()["rules_version"] == 0


def test_ereceipt_shows_points_and_the_claim_link(database_url: str, tmp_path: Path) -> None:
    b = make_backend(database_url, tmp_path, web_shop_claim_url=CLAIM_URL)
    with b.client:
        b.store()
        catalog(b, ["A", "B"])
        t = b.enrol()
        s = Stream(b, t)
        s.send(upsert("c1", "Elif Kaya", "0532 999 88 77", "elif@example.com"))
        anonymous = _sale(s)
        page = b.client.get(f"/r/{anonymous['receipt_token']}").text
        assert "Bu fişi hesabıma ekle" in page
        assert f'href="{CLAIM_URL}?receipt={anonymous["receipt_token"]}"' in page
        named = order_payload(
            t,
            [("A", 1000)],
            unit_price_minor=5000,
            customer_id="c1",
            language="en",
        )
        named["loyalty"] = [  # an earn names the sales line that earned it
            {"id": "l1", "customer_id": "c1", "points": 50, "reason": "earn"}
            | {"line_id": named["lines"][0]["id"]},
            {"id": "l2", "customer_id": "c1", "points": -20, "reason": "redeem"},
        ]
        named["receipt_token"] = make_token(None, "en")
        results = s.send(("order.completed", named))
        assert results[0]["status"] == "applied", results
        page = b.client.get(f"/r/{named['receipt_token']}").text
        assert "Loyalty points" in page and "Points earned" in page and "+50" in page
        assert "Points spent" in page and "-20" in page and "Your points balance" in page
        assert "Add this receipt" not in page  # it has a customer already
        for personal in ("Elif", "0532", "999 88 77", "elif@example.com"):
            assert personal not in page
    b.engine.dispose()


def test_no_claim_link_without_the_setting(backend: Backend) -> None:
    backend.store()
    catalog(backend, ["A", "B"])
    t = backend.enrol()
    sale = _sale(Stream(backend, t))
    page = backend.client.get(f"/r/{sale['receipt_token']}").text
    assert "hesabıma ekle" not in page and "Sadakat" not in page


def test_ereceipt_names_points_and_gift_card_tenders_with_the_cards_last4(
    database_url: str, tmp_path: Path
) -> None:
    b = make_backend(database_url, tmp_path)
    with b.client:
        b.store()
        catalog(b, ["A"])
        s = Stream(b, b.enrol())
        sale = order_payload(s.t, [("A", 1000)], unit_price_minor=5000)
        sale["receipt_token"] = make_token(None, "en")
        sale["language"] = "en"
        sale["tenders"] = [
            {"tender_id": "t-pts", "kind": "loyalty", "amount_minor": 1000, "reference": "1000"},
            {"tender_id": "t-gc", "kind": "gift_card", "amount_minor": 4000, "reference": "h"},
        ]
        sale["value_cards"] = [
            {
                "id": "vc-1",
                "code_hash": "a" * 64,
                "card_kind": "gift",
                "action": "redeem",
                "delta_minor": -4000,
                "last4": "7Q2K",
                "tender_id": "t-gc",
            }
        ]
        assert s.send(("order.completed", sale))[0]["status"] == "applied"
        page = b.client.get(f"/r/{sale['receipt_token']}").text
        assert "Points" in page and "Gift card \u2022\u2022\u2022\u2022 7Q2K" in page
        assert "Other" not in page
