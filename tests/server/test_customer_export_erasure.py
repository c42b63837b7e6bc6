"""The data-protection rights on the backend (issue 18): export everything held about a
customer, and erase it: after erasure no text column of any table holds their name, phone
or e-mail (SQLite and PostgreSQL), every till is told to drop them, and the withdrawals of
their messaging consents still reach İYS, with the recipient kept only as long as allowed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import String, Text, or_, select

from sync.receipt_token import make_token
from sync.server.erasure import erase_inactive
from sync.server.schema import customer, customer_consent_event, metadata, pos_order, web_order
from tests.server.conftest import Backend, Terminal
from tests.server.test_consents import Stream, consent, upsert
from tests.server.test_endless_aisle import _aisle_sale, _shop
from tests.server.test_sync_push import order_payload

API = "/api/v1"
NAME, PHONE, EMAIL = "Zeynep Çelik", "0532 111 22 33", "zeynep@example.com"
ADDRESS = "Moda Cad. 12/3, Kadıköy, İstanbul"
# Every way their data could have been stored: as typed, normalised, E.164.
NEEDLES = (
    NAME,
    "Zeynep Ç.",
    PHONE,
    "5321112233",
    "+90 532 111 22 33",
    EMAIL,
    "zc@example.com",
    ADDRESS,
)


def scan(backend: Backend, needles: tuple[str, ...] = NEEDLES) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text column of every table holding a needle."""
    found = []
    with backend.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, String | Text):
                    continue
                for needle in needles:
                    hit = conn.execute(
                        select(column).where(or_(column.contains(needle, autoescape=True))).limit(1)
                    ).first()
                    if hit is not None:
                        found.append((table.name, column.name, needle))
    return found


def a_customer_everywhere(backend: Backend) -> tuple[Terminal, dict[str, Any]]:
    """Zeynep, merged from two records, with consents, a sale with points, an endless-aisle
    delivery, a web order and a parked fact naming her."""
    t = _shop(backend)
    s = Stream(backend, t)
    s.send(upsert("z1", NAME, PHONE, EMAIL))
    s.send(upsert("z2", "Zeynep Ç.", "+90 532 111 22 33", "zc@example.com"))  # merged into z1
    s.send(
        ("customer.consent_changed", consent("z1", "kvkk_notice", True)),
        ("customer.consent_changed", consent("z2", "marketing_sms", True)),
        ("customer.consent_changed", consent("z1", "marketing_email", True)),
    )
    token = make_token(None, "tr")
    sale = order_payload(
        t,
        [("B", 1000)],
        unit_price_minor=5000,
        customer_id="z1",
        receipt_token=token,
    )
    sale["loyalty"] = [  # an earn names the sales line that earned it
        {"id": "le-1", "customer_id": "z1", "points": 50, "reason": "earn"}
        | {"line_id": sale["lines"][0]["id"]}
    ]
    aisle = _aisle_sale(
        t,
        {
            "fulfilment": "delivery",
            "delivery_address": ADDRESS,
            "customer": {"name": NAME, "phone": PHONE, "email": EMAIL},
        },
    )
    results = s.send(("order.completed", sale), ("order.completed", aisle))
    assert [r["status"] for r in results] == ["applied", "applied"]
    web = backend.client.post(
        f"{API}/orders",
        headers=backend.admin,
        json={
            "fulfilment": "delivery",
            "delivery_address": ADDRESS,
            "customer": {"name": NAME, "phone": PHONE, "email": EMAIL},
            "lines": [{"sku": "B", "qty_milli": 1000}],
            "paid": True,
        },
    )
    assert web.status_code == 201, web.text
    # A till of another store may not change her: parked, with her data in the payload.
    other = backend.enrol("S02")
    parked = Stream(backend, other).send(upsert("z1", NAME + " X", PHONE, EMAIL))
    assert parked[0]["code"] == "forbidden_customer_change"
    return t, {"sale": sale, "aisle": aisle, "web": web.json(), "token": token}


def test_export_holds_everything(backend: Backend) -> None:
    _, made = a_customer_everywhere(backend)
    r = backend.client.get(f"{API}/customers/z2/export", headers=backend.admin)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["customer_id"] == "z1"
    assert [p["id"] for p in data["profile"]] == ["z1", "z2"]
    assert data["profile"][1]["merged_into"] == "z1"
    assert data["consents"]["current"] == {
        "kvkk_notice": True,
        "marketing_sms": True,
        "marketing_email": True,
    }
    assert len(data["consents"]["history"]) == 3
    assert data["loyalty"]["balance"] == 50
    assert [e["order_id"] for e in data["loyalty"]["entries"]] == [made["sale"]["order_id"]]
    receipts = {s["receipt_no"] for s in data["sales"]}
    assert receipts == {made["sale"]["receipt_no"], made["aisle"]["receipt_no"]}
    aisle = next(s for s in data["sales"] if s["receipt_no"] == made["aisle"]["receipt_no"])
    assert aisle["endless_aisle"]["delivery_address"] == ADDRESS
    assert len(data["web_orders"]) == 2  # the aisle's delivery and the web shop's order
    assert {w["delivery_address"] for w in data["web_orders"]} == {ADDRESS}
    assert all(w["phone"] == PHONE for w in data["web_orders"])
    assert (
        backend.client.get(f"{API}/customers/nobody/export", headers=backend.admin).status_code
        == 404
    )


def test_erasure_leaves_no_personal_data_and_reaches_every_till(backend: Backend) -> None:
    t, made = a_customer_everywhere(backend)
    head = backend.client.get("/sync/v1/pull", headers=t.headers).json()["cursor"]
    assert scan(backend)  # the scan finds what is there
    iys_before = backend.client.get(f"{API}/consents/changes", headers=backend.admin).json()

    r = backend.client.post(f"{API}/customers/z1/erase", headers=backend.admin)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["erased_ids"] == ["z1", "z2"] and out["consents_withdrawn"] == 2
    assert out["web_orders_scrubbed"] == 2 and out["sales_scrubbed"] == 2

    # The withdrawals reach İYS with their recipient, after what it had read.
    iys = backend.client.get(
        f"{API}/consents/changes", params={"after": iys_before["next_after"]}, headers=backend.admin
    ).json()["items"]
    assert {(i["type"], i["granted"], i["recipient"]) for i in iys} == {
        ("MESAJ", False, "+905321112233"),
        ("EPOSTA", False, EMAIL),
    }
    assert all(i["customer_erased"] and i["text_version"] == "erasure" for i in iys)
    # Past events keep no recipient; only the erasure's withdrawals do, for now.
    left = scan(backend)
    assert {(table, column) for table, column, _ in left} == {
        ("customer_consent_event", "recipient")
    }
    with backend.engine.connect() as conn:
        kept = conn.execute(
            select(customer_consent_event.c.text_version, customer_consent_event.c.granted).where(
                customer_consent_event.c.recipient.isnot(None)
            )
        ).all()
        assert sorted(tuple(k) for k in kept) == [("erasure", False), ("erasure", False)]
        rows = conn.execute(select(customer).where(customer.c.id.in_(["z1", "z2"]))).all()
        assert all(r.erased and r.erased_at is not None and r.name == "" for r in rows)
        # Sales keep the opaque id.
        sale_customer = conn.execute(
            select(pos_order.c.customer_id).where(pos_order.c.id == made["sale"]["order_id"])
        ).scalar_one()
        assert sale_customer == "z1"
        assert conn.execute(select(web_order.c.delivery_address)).scalars().all() == ["", ""]

    # Every till drops both records at its next pull.
    pulled = backend.client.get("/sync/v1/pull", params={"cursor": head}, headers=t.headers).json()[
        "changes"
    ]
    deletes = {c["key"] for c in pulled if c["collection"] == "customer" and c["op"] == "delete"}
    assert deletes == {"z1", "z2"}
    assert not [c for c in pulled if c["collection"] == "customer" and c["op"] == "upsert"]
    # The e-receipt shows nothing about her, not even her points.
    page = backend.client.get(f"/r/{made['token']}").text
    assert "Sadakat" not in page and NAME not in page

    # Once İYS has had time to read them, the recipients go too: nothing at all is left.
    later = backend.ctx.clock() + timedelta(days=31)
    backend.ctx.clock = lambda: later
    erase_inactive(backend.ctx)
    assert scan(backend) == []

    # A repeat changes nothing; tills' facts for her are refused by name.
    again = backend.client.post(f"{API}/customers/z2/erase", headers=backend.admin).json()
    assert again["already_erased"] is True
    s = Stream(backend, t)
    s.seq = 8  # after a_customer_everywhere's seven facts
    results = s.send(("customer.consent_changed", consent("z1", "marketing_sms", True)))
    assert results[0]["code"] == "customer_erased"
    assert (
        backend.client.post(f"{API}/customers/nobody/erase", headers=backend.admin).status_code
        == 404
    )
