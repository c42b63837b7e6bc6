"""The admin API under /api/v1: every route, its happy path and its refusals."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select

from sync.catalog_csv import gtin_check_digit
from sync.server.schema import change, price_change, product, stock_movement
from sync.server.terminals import enroll
from tests.server.conftest import Backend

API = "/api/v1"


def ean13(body12: str) -> str:
    return body12 + gtin_check_digit(body12)


COLA = ean13("869000000001")
TEA = ean13("869000000002")


def item(sku: str, price: int = 1000, **extra: Any) -> dict[str, Any]:
    return {"sku": sku, "name": f"Ürün {sku}", "price_minor": price, "vat_rate": 20} | extra


def get(b: Backend, path: str, **params: Any) -> Any:
    r = b.client.get(API + path, headers=b.admin, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def post(b: Backend, path: str, body: Any, status: int = 200) -> Any:
    r = b.client.post(API + path, headers=b.admin, json=body)
    assert r.status_code == status, r.text
    return r.json()


def count(b: Backend, table: Any) -> int:
    with b.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def global_changes(b: Backend, collection: str) -> list[dict[str, Any]]:
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(change.c.key, change.c.data_json)
            .where(change.c.scope == "global", change.c.collection == collection)
            .order_by(change.c.seq)
        ).all()
    return [{"key": r[0], **json.loads(r[1])} for r in rows]


# -- stores ---------------------------------------------------------------------------------


def test_stores_create_list_get_and_refusals(backend: Backend) -> None:
    b = backend
    created = post(
        b,
        "/stores",
        {"code": "S01", "name": "Kadıköy", "address": "Moda Cd. 1", "tax_number": "1234567890"},
        201,
    )
    assert (created["code"], created["timezone"]) == ("S01", "Europe/Istanbul")
    post(b, "/stores", {"code": "S02", "name": "Beşiktaş", "timezone": "Europe/Berlin"}, 201)
    assert [s["code"] for s in get(b, "/stores")["items"]] == ["S01", "S02"]
    page = get(b, "/stores", limit=1)
    assert [s["code"] for s in page["items"]] == ["S01"] and page["next_after"] == "S01"
    assert [s["code"] for s in get(b, "/stores", after="S01")["items"]] == ["S02"]
    assert get(b, "/stores/S01")["address"] == "Moda Cd. 1"
    assert any(c["key"] == "S02" for c in global_changes(b, "store"))

    assert b.client.get(f"{API}/stores/S09", headers=b.admin).json()["error"] == "unknown_store"
    dup = post(b, "/stores", {"code": "S01", "name": "again"}, 409)
    assert dup["error"] == "store_exists"
    bad = post(b, "/stores", {"code": "X1", "name": "bad"}, 422)
    assert "code" in json.dumps(bad["detail"])
    zone = post(b, "/stores", {"code": "S03", "name": "z", "timezone": "Mars/Olympus"}, 422)
    assert "Mars/Olympus" in json.dumps(zone["detail"])
    assert post(b, "/stores", {"code": "S04", "name": ""}, 422)["error"] == "malformed"


def test_admin_routes_need_the_admin_token(backend: Backend) -> None:
    assert backend.client.get(f"{API}/stores").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert backend.client.get(f"{API}/stores", headers=wrong).status_code == 401


# -- catalog --------------------------------------------------------------------------------


def test_put_product_versions_and_price_history(backend: Backend) -> None:
    b = backend
    body = {"name": "Kola 1 L", "names": {"en": "Cola 1 L"}, "price_minor": 2550, "vat_rate": 20}
    r = b.client.put(f"{API}/products/COLA1L", headers=b.admin, json=body | {"barcodes": [COLA]})
    assert r.status_code == 200, r.text
    first = r.json()
    assert (first["version"], first["barcodes"], first["names"]) == (1, [COLA], {"en": "Cola 1 L"})
    assert [h["price_minor"] for h in first["price_history"]] == [2550]

    # unchanged: same version, no new change record
    b.client.put(f"{API}/products/COLA1L", headers=b.admin, json=body | {"barcodes": [COLA]})
    assert len(global_changes(b, "product")) == 1

    r = b.client.put(f"{API}/products/COLA1L", headers=b.admin, json=body | {"price_minor": 2790})
    second = r.json()
    assert second["version"] == 2 and second["price_minor"] == 2790
    assert [(h["price_minor"], h["version"]) for h in second["price_history"]] == [
        (2550, 1),
        (2790, 2),
    ]
    pulled = global_changes(b, "product")
    assert [(c["sku"], c["version"], c["price_minor"]) for c in pulled] == [
        ("COLA1L", 1, 2550),
        ("COLA1L", 2, 2790),
    ]
    assert get(b, "/products/COLA1L")["version"] == 2
    summary = get(b, "/catalog")
    assert (summary["products"], summary["max_version"]) == (1, 2)
    assert summary["last_change_at"] is not None


def test_product_refusals_write_nothing(backend: Backend) -> None:
    b = backend
    bad_vat = b.client.put(
        f"{API}/products/X", headers=b.admin, json={"name": "X", "price_minor": 1, "vat_rate": 7}
    )
    assert bad_vat.status_code == 422
    assert bad_vat.json()["error"] == "unknown_vat_rate" and "7" in bad_vat.json()["detail"]
    wrong_check = COLA[:-1] + str((int(COLA[-1]) + 1) % 10)
    r = b.client.put(
        f"{API}/products/X",
        headers=b.admin,
        json={"name": "X", "price_minor": 1, "vat_rate": 20, "barcodes": [wrong_check]},
    )
    assert r.status_code == 422 and wrong_check in r.text
    r = b.client.put(
        f"{API}/products/X", headers=b.admin, json={"name": "X", "price_minor": -1, "vat_rate": 20}
    )
    assert r.status_code == 422 and "price_minor" in r.text
    assert b.client.get(f"{API}/products/X", headers=b.admin).json()["error"] == "unknown_sku"

    # a list is all or nothing: the bad VAT rate of the third item keeps the first two out
    bad = post(b, "/products", [item("A"), item("B"), item("C", vat_rate=8)], 422)
    assert bad["error"] == "unknown_vat_rate" and "C" in bad["detail"]
    assert count(b, product) == 0 and count(b, change) == 0
    dup = post(b, "/products", [item("A"), item("A")], 422)
    assert dup["error"] == "duplicate_sku"

    # a barcode or PLU of another product is refused; moving one within the request is fine
    assert post(b, "/products", [item("A", barcodes=[COLA], plu="00101")]) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
    }
    taken = post(b, "/products", [item("B", barcodes=[COLA])], 409)
    assert taken["error"] == "barcode_in_use" and "A" in taken["detail"]
    assert post(b, "/products", [item("B", plu="00101")], 409)["error"] == "plu_in_use"
    moved = post(b, "/products", [item("A"), item("B", barcodes=[COLA], plu="00101")])
    assert moved == {"created": 1, "updated": 1, "unchanged": 0}


def test_product_list_pages_and_search(backend: Backend) -> None:
    b = backend
    post(
        b,
        "/products",
        [item(f"P{i:02d}", barcodes=[ean13(f"8690000001{i:02d}")]) for i in range(5)],
    )
    page = get(b, "/products", limit=2)
    assert [p["sku"] for p in page["items"]] == ["P00", "P01"]
    rest = get(b, "/products", after=page["next_after"], limit=10)
    assert [p["sku"] for p in rest["items"]] == ["P02", "P03", "P04"]
    assert rest["next_after"] is None
    assert [p["sku"] for p in get(b, "/products", q="p03")["items"]] == ["P03"]
    assert [p["sku"] for p in get(b, "/products", q=ean13("869000000104"))["items"]] == ["P04"]


CSV_HEADER = "sku,name,name_en,price,vat_rate,barcodes,category,unit,plu,active"


def post_csv(b: Backend, text: str) -> Any:
    return b.client.post(
        f"{API}/catalog/csv",
        headers=b.admin | {"Content-Type": "text/csv"},
        content=text.encode("utf-8"),
    )


def test_catalog_csv_import_counts(backend: Backend) -> None:
    b = backend
    text = "\n".join(
        [
            CSV_HEADER,
            f"COLA1L,Kola 1 L,Cola 1 L,25.50,20,{COLA},İçecek,piece,,1",
            f'CAY,Çay,Tea,"12,50",10,{TEA},İçecek,piece,,1',
            "ELMA,Elma,Apple,39.90,1,,Meyve,kg,00101,",
        ]
    )
    r = post_csv(b, text)
    assert r.status_code == 200, r.text
    assert r.json() == {"created": 3, "updated": 0, "unchanged": 0}
    apple = get(b, "/products/ELMA")
    assert (apple["price_minor"], apple["sold_by_weight"], apple["plu"]) == (3990, True, "00101")
    assert get(b, "/products/CAY")["names"] == {"en": "Tea"}
    again = post_csv(b, text.replace("25.50", "26.00"))
    assert again.json() == {"created": 0, "updated": 1, "unchanged": 2}
    assert get(b, "/products/COLA1L")["version"] == 2


def test_catalog_csv_bad_lines_are_named_and_nothing_is_written(backend: Backend) -> None:
    b = backend
    wrong_check = COLA[:-1] + str((int(COLA[-1]) + 1) % 10)
    text = "\n".join(
        [
            "sku,name,price,vat_rate,barcodes,unit",
            "OK,İyi,10.00,20,,piece",  # 2
            "BAD,Fiyatsız,abc,20,,piece",  # 3
            "VAT,Yedi,10.00,7,,piece",  # 4
            f"EAN,Yanlış,10.00,20,{wrong_check},piece",  # 5
            "UNIT,Kutu,10.00,20,,box",  # 6
        ]
    )
    r = post_csv(b, text)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid_csv"
    assert [(e["line"], e["column"]) for e in body["errors"]] == [
        (3, "price"),
        (4, "vat_rate"),
        (5, "barcodes"),
        (6, "unit"),
    ]
    assert "line 3: price: 'abc' is not an amount" in body["detail"]
    assert "nothing was imported" in body["detail"]
    assert wrong_check in body["errors"][2]["message"]
    assert count(b, product) == 0 and count(b, change) == 0

    # a code owned by a product outside the file names its line too
    post(b, "/products", [item("OWNER", barcodes=[COLA])])
    r = post_csv(
        b, f"sku,name,price,vat_rate,barcodes\nNEW,Yeni,1.00,1,\nTHIEF,Hırsız,1.00,1,{COLA}"
    )
    assert r.status_code == 422
    assert [(e["line"], e["column"]) for e in r.json()["errors"]] == [(3, "barcodes")]
    assert count(b, product) == 1

    for bad, message in ((b"", "empty"), (b"sku,name,price,vat_rate\n", "no products")):
        r = b.client.post(
            f"{API}/catalog/csv", headers=b.admin | {"Content-Type": "text/csv"}, content=bad
        )
        assert r.status_code == 422 and message in r.json()["detail"]
    r = b.client.post(
        f"{API}/catalog/csv",
        headers=b.admin | {"Content-Type": "text/csv"},
        content="sku,name,price,vat_rate\nŞ,Şeker,1.00,1\n".encode("cp1254"),
    )
    assert r.status_code == 422 and "not UTF-8" in r.json()["detail"]


# -- stock ----------------------------------------------------------------------------------


def test_stock_movements_levels_and_exceptions(backend: Backend) -> None:
    b = backend
    b.store("S01")
    b.store("S02", "Beşiktaş")
    b.products([item("COLA", 2550)])
    moved = post(
        b,
        "/stock/movements",
        {"store": "S01", "sku": "COLA", "qty_milli": 5000, "reason": "receive"},
        201,
    )
    assert moved["level"] == {"on_hand_milli": 5000, "reserved_milli": 0, "available_milli": 5000}
    post(
        b,
        "/stock/movements",
        {"store": "S02", "sku": "COLA", "qty_milli": 2000, "reason": "receive"},
        201,
    )
    post(
        b,
        "/stock/movements",
        {"store": "S02", "sku": "COLA", "qty_milli": -3000, "reason": "damage"},
        201,
    )

    level = get(b, "/stock", store="S01")["items"]
    assert [(x["sku"], x["on_hand_milli"], x["available_milli"]) for x in level] == [
        ("COLA", 5000, 5000)
    ]
    everywhere = get(b, "/stock/COLA")
    assert everywhere["stores"]["S02"] == {
        "on_hand_milli": -1000,
        "reserved_milli": 0,
        "available_milli": 0,
    }
    assert everywhere["online_available_milli"] == 5000
    assert any(c["key"] == everywhere["product_id"] for c in global_changes(b, "stock"))

    movements = get(b, "/stock/movements", store="S02")["items"]
    assert [(m["reason"], m["qty_milli"]) for m in movements] == [
        ("damage", -3000),
        ("receive", 2000),
    ]
    assert len(get(b, "/stock/movements", sku="COLA")["items"]) == 3
    exceptions = get(b, "/stock/exceptions", store="S02")["items"]
    assert [(e["sku"], e["on_hand_milli"]) for e in exceptions] == [("COLA", -1000)]
    assert get(b, "/stock/exceptions", store="S01")["items"] == []

    before = count(b, stock_movement)
    for body, status, code in (
        ({"store": "S01", "sku": "COLA", "qty_milli": 0, "reason": "receive"}, 422, "malformed"),
        ({"store": "S01", "sku": "COLA", "qty_milli": 1, "reason": "gift"}, 422, "malformed"),
        (
            {"store": "S09", "sku": "COLA", "qty_milli": 1, "reason": "receive"},
            404,
            "unknown_store",
        ),
        ({"store": "S01", "sku": "NOPE", "qty_milli": 1, "reason": "receive"}, 422, "unknown_sku"),
    ):
        assert post(b, "/stock/movements", body, status)["error"] == code
    assert count(b, stock_movement) == before
    assert b.client.get(f"{API}/stock", headers=b.admin, params={"store": "S09"}).status_code == 404
    assert b.client.get(f"{API}/stock/NOPE", headers=b.admin).json()["error"] == "unknown_sku"


# -- customers ------------------------------------------------------------------------------


def test_customers_search_and_loyalty(backend: Backend) -> None:
    b = backend
    ayse = post(b, "/customers", {"name": "Ayşe Yılmaz", "phone": "+90 532 111 22 33"}, 201)
    post(b, "/customers", {"name": "Mehmet Kaya", "email": "Mehmet@Example.com"}, 201)
    assert ayse["balance"] == 0 and ayse["ledger"] == []
    for q, names in (
        ("0532 111 2233", ["Ayşe Yılmaz"]),
        ("mehmet@example", ["Mehmet Kaya"]),
        ("kaya", ["Mehmet Kaya"]),
        ("", ["Ayşe Yılmaz", "Mehmet Kaya"]),
    ):
        assert sorted(c["name"] for c in get(b, "/customers", q=q)["items"]) == names, q
    same = post(b, "/customers", {"name": "Ayşe Y.", "phone": "05321112233"}, 409)
    assert same["error"] == "customer_exists" and ayse["id"] in same["detail"]

    added = post(b, f"/customers/{ayse['id']}/loyalty", {"points": 120, "reason": "welcome"}, 201)
    assert added["balance"] == 120
    taken = post(b, f"/customers/{ayse['id']}/loyalty", {"points": -20, "reason": "redeem"}, 201)
    assert taken["balance"] == 100
    detail = get(b, f"/customers/{ayse['id']}")
    assert detail["balance"] == 100 == sum(e["points"] for e in detail["ledger"])
    with b.engine.connect() as conn:
        data = conn.execute(
            select(change.c.data_json)
            .where(change.c.scope == "customers", change.c.key == ayse["id"])
            .order_by(change.c.seq.desc())
            .limit(1)
        ).scalar_one()
    assert json.loads(data)["loyalty_points"] == 100

    assert post(b, f"/customers/{ayse['id']}/loyalty", {"points": 0}, 422)["error"] == "malformed"
    over = post(b, f"/customers/{ayse['id']}/loyalty", {"points": -101}, 409)
    assert over["error"] == "insufficient_points"
    assert post(b, "/customers/nobody/loyalty", {"points": 5}, 404)["error"] == "unknown_customer"
    assert b.client.get(f"{API}/customers/nobody", headers=b.admin).status_code == 404


# -- terminals ------------------------------------------------------------------------------


def test_enrolment_codes_terminals_and_revoke(backend: Backend) -> None:
    b = backend
    b.store("S01")
    issued = post(b, "/enrolment-codes", {"store": "S01", "terminal": "T05"}, 201)
    assert len(issued["code"]) == 9 and issued["expires_at"]
    with b.engine.begin() as conn:
        enrolled = enroll(
            conn, code=issued["code"], device_name="till", now=b.ctx.clock(), ereceipt_base_url=""
        )
    assert enrolled.terminal_code == "T05"
    listed = get(b, "/terminals")["items"]
    assert [(t["code"], t["store"], t["revoked"]) for t in listed] == [("T05", "S01", False)]

    hello = {"Authorization": f"Bearer {enrolled.token}", "X-POS-Protocol": "1"}
    assert b.client.get("/sync/v1/hello", headers=hello).status_code == 200
    revoked = post(b, f"/terminals/{enrolled.terminal_id}/revoke", None)
    assert revoked["changed"] and revoked["terminal"]["revoked"]
    assert not post(b, f"/terminals/{enrolled.terminal_id}/revoke", None)["changed"]
    assert b.client.get("/sync/v1/hello", headers=hello).status_code == 403
    assert post(b, "/terminals/nope/revoke", None, 404)["error"] == "unknown_terminal"
    assert post(b, "/enrolment-codes", {"store": "S09"}, 404)["error"] == "unknown_store"
    assert post(b, "/enrolment-codes", {"store": "S01", "terminal": "X"}, 422)["error"] == (
        "malformed"
    )


# -- orders from terminals and operations ---------------------------------------------------


def test_pos_orders_and_operations_views(backend: Backend) -> None:
    from datetime import date

    from sync.server.schema import alarm, dead_letter, pos_order, staff_task

    b = backend
    st = b.store("S01")
    t = b.enrol("S01")
    now = b.ctx.clock()
    with b.engine.begin() as conn:
        for i, day in ((1, date(2024, 5, 1)), (2, date(2024, 5, 2))):
            conn.execute(
                pos_order.insert(),
                {
                    "id": f"order-{i}",
                    "kind": "sale",
                    "receipt_no": f"S01-{t.terminal_code}-{i:06d}",
                    "store_id": st["id"],
                    "terminal_id": t.terminal_id,
                    "local_no": i,
                    "language": "tr",
                    "currency": "TRY",
                    "total_minor": 1000 * i,
                    "tax_minor": 100 * i,
                    "business_date": day,
                    "completed_at": now,
                    "received_at": now,
                    "document_json": json.dumps({"lines": [{"sku": "COLA"}], "n": i}),
                },
            )
        conn.execute(
            dead_letter.insert(),
            {
                "mutation_id": "m1",
                "terminal_id": t.terminal_id,
                "epoch": "e",
                "seq": 3,
                "kind": "order.completed",
                "payload_json": "{}",
                "code": "unknown_sku",
                "reason": "no product X",
                "received_at": now,
            },
        )
        conn.execute(
            alarm.insert(),
            {
                "id": "a1",
                "kind": "clock_skew",
                "terminal_id": None,
                "detail_json": "{}",
                "raised_at": now,
            },
        )
        conn.execute(
            staff_task.insert(),
            {
                "id": "s1",
                "store_id": st["id"],
                "kind": "state_conflict",
                "detail_json": "{}",
                "created_at": now,
            },
        )
    orders = get(b, "/pos-orders", store="S01")["items"]
    assert [o["total_minor"] for o in orders] == [1000, 2000]
    later = get(b, "/pos-orders", date_from="2024-05-02")["items"]
    assert [o["business_date"] for o in later] == ["2024-05-02"]
    assert get(b, "/pos-orders", date_to="2024-04-30")["items"] == []
    receipt = orders[0]["receipt_no"]
    assert get(b, "/pos-orders", receipt_no=receipt)["items"][0]["id"] == "order-1"
    assert get(b, f"/pos-orders/{receipt}")["document"]["n"] == 1
    assert b.client.get(f"{API}/pos-orders/S01-T09-000001", headers=b.admin).status_code == 404

    assert [d["code"] for d in get(b, "/dead-letters")["items"]] == ["unknown_sku"]
    assert [a["kind"] for a in get(b, "/alarms")["items"]] == ["clock_skew"]
    assert [s["kind"] for s in get(b, "/staff-tasks", store="S01")["items"]] == ["state_conflict"]
    assert (
        b.client.get(f"{API}/staff-tasks", headers=b.admin, params={"store": "S07"}).status_code
        == 404
    )


def test_price_history_rows_match_versions(backend: Backend) -> None:
    b = backend
    for price in (100, 200, 200, 300):
        b.client.put(
            f"{API}/products/X",
            headers=b.admin,
            json={"name": "X", "price_minor": price, "vat_rate": 1},
        )
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(price_change.c.price_minor, price_change.c.version).order_by(
                price_change.c.version
            )
        ).all()
    assert [tuple(r) for r in rows] == [(100, 1), (200, 2), (300, 3)]


def test_a_blank_customer_name_is_refused_not_a_server_error(backend: Backend) -> None:
    response = backend.client.post(
        "/api/v1/customers", json={"name": "   ", "phone": "05321112233"}, headers=backend.admin
    )
    assert response.status_code == 422, response.text
    assert "name" in response.json()["detail"]
