"""Free text at the backend's inputs (issue 14, items 5 and 6): names are stored in NFC, and a
control character (ESC p opens a cash drawer when a receipt prints the name, GS V cuts it, a
newline adds a line) is refused with a 422 naming the field, or the CSV line and column."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from sync.server.schema import customer, product, store, web_order
from tests.server.conftest import Backend

API = "/api/v1"
NFD = "S\u0327is\u0327li Simit"  # "Şişli Simit" decomposed, as some systems export it
NFC = "Şişli Simit"
INJECTIONS = {
    "ESC p (drawer kick)": ("Süt\x1bp\x00\x19\xfa", "U+001B"),
    "GS V (cut)": ("Süt\x1dV\x00", "U+001D"),
    "newline (a fake line)": ("Süt\nTOPLAM 0,01 TL", "U+000A"),
    "tab": ("Süt\t1 L", "U+0009"),
    "C1 control": ("Süt\x9b1 L", "U+009B"),
}


def rows(b: Backend, table: Any) -> list[Any]:
    with b.engine.connect() as conn:
        return list(conn.execute(select(table)).all())


def count(b: Backend, table: Any) -> int:
    with b.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def refused(response: Any, *loc: str, code: str) -> None:
    assert response.status_code == 422, response.text
    problems = response.json()["detail"]
    assert any(
        p["loc"][-len(loc) :] == list(loc) and f"contains a control character ({code})" in p["msg"]
        for p in problems
    ), problems


def test_a_decomposed_product_is_stored_and_pulled_composed(backend: Backend) -> None:
    body = {
        "name": NFD,
        "names": {"en": "S\u0327is\u0327li Bagel"},
        "category": "Fırın u\u0308ru\u0308nleri",
        "price_minor": 1500,
        "vat_rate": 1,
        "model": "SIMIT",
        "variant": {"size": "Bu\u0308yu\u0308k"},
    }
    r = backend.client.put(f"{API}/products/SIMIT-1", headers=backend.admin, json=body)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == NFC and r.json()["names"] == {"en": "Şişli Bagel"}
    assert r.json()["variant"] == {"size": "Büyük"} and r.json()["category"] == "Fırın ürünleri"
    (row,) = rows(backend, product)
    assert row.name == NFC and json.loads(row.variant_json) == {"size": "Büyük"}


@pytest.mark.parametrize("case", list(INJECTIONS))
def test_a_control_character_in_a_product_name_is_refused(backend: Backend, case: str) -> None:
    text, code = INJECTIONS[case]
    base = {"name": "Süt", "price_minor": 1500, "vat_rate": 1}
    for body, loc in (
        (base | {"name": text}, ("name",)),
        (base | {"names": {"en": text}}, ("names", "en")),
        (base | {"category": text}, ("category",)),
        (base | {"model": "M1", "variant": {"colour": text}}, ("variant", "colour")),
    ):
        r = backend.client.put(f"{API}/products/MILK", headers=backend.admin, json=body)
        refused(r, *loc, code=code)
    r = backend.client.post(
        f"{API}/products",
        headers=backend.admin,
        json=[{"sku": "MILK"} | base | {"name": text}],
    )
    refused(r, "0", "name", code=code)
    assert count(backend, product) == 0


def test_stores_keep_a_multi_line_address_but_no_other_control(backend: Backend) -> None:
    r = backend.client.post(
        f"{API}/stores",
        headers=backend.admin,
        json={"code": "S07", "name": NFD, "address": "Halaskargazi Cad. 1\r\nS\u0327is\u0327li"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["name"] == NFC and r.json()["address"] == "Halaskargazi Cad. 1\nŞişli"
    for body, loc, code in (
        ({"name": "Şişli\x1bp"}, "name", "U+001B"),
        ({"name": "Şişli\nŞubesi"}, "name", "U+000A"),
        ({"name": "Şişli", "address": "Cad. 1\n\x1dV\x00"}, "address", "U+001D"),
        ({"name": "Şişli", "tax_number": "123\t456"}, "tax_number", "U+0009"),
    ):
        r = backend.client.post(f"{API}/stores", headers=backend.admin, json={"code": "S08"} | body)
        refused(r, loc, code=code)
    assert [s.code for s in rows(backend, store)] == ["S07"]


@pytest.fixture
def shop(backend: Backend) -> Backend:
    backend.store("S01")
    backend.products([{"sku": "COLA", "name": "Kola", "price_minor": 2550, "vat_rate": 20}])
    r = backend.client.post(
        f"{API}/stock/movements",
        headers=backend.admin,
        json={"store": "S01", "sku": "COLA", "qty_milli": 5000, "reason": "receive"},
    )
    assert r.status_code == 201, r.text
    return backend


def order(**extra: Any) -> dict[str, Any]:
    return {
        "fulfilment": "delivery",
        "customer": {"name": "Ayşe Yılmaz", "phone": "0532 111 22 33"},
        "lines": [{"sku": "COLA", "qty_milli": 1000}],
        "delivery_address": "Halaskargazi Cad. 1\nŞişli",
        "paid": True,
    } | extra


def test_a_web_order_customer_is_stored_composed_and_refused_with_controls(shop: Backend) -> None:
    r = shop.client.post(
        f"{API}/orders",
        headers=shop.admin,
        json=order(customer={"name": "Ays\u0327e Yılmaz", "phone": "0532 111 22 33"}),
    )
    assert r.status_code == 201, r.text
    assert r.json()["customer_name"] == "Ayşe Yılmaz"
    assert r.json()["delivery_address"] == "Halaskargazi Cad. 1\nŞişli"
    assert [c.name for c in rows(shop, customer)] == ["Ayşe Yılmaz"]
    for body, loc, code in (
        (order(customer={"name": "Ayşe\x1bp\x00\x19\xfa"}), ("customer", "name"), "U+001B"),
        (order(delivery_address="Cad. 1\n\x1dV\x00"), ("delivery_address",), "U+001D"),
    ):
        r = shop.client.post(f"{API}/orders", headers=shop.admin, json=body)
        refused(r, *loc, code=code)
    r = shop.client.post(f"{API}/customers", headers=shop.admin, json={"name": "Ali\nVeli"})
    refused(r, "name", code="U+000A")
    assert count(shop, web_order) == 1


def test_a_stock_note_with_a_control_character_is_refused(shop: Backend) -> None:
    r = shop.client.post(
        f"{API}/stock/movements",
        headers=shop.admin,
        json={
            "store": "S01",
            "sku": "COLA",
            "qty_milli": -1000,
            "reason": "damage",
            "note": "kırık\x1b",
        },
    )
    refused(r, "note", code="U+001B")


def test_the_catalog_csv_names_the_line_column_and_character(backend: Backend) -> None:
    good = f"sku,name,name_en,price,vat_rate\nSIMIT,{NFD},S\u0327is\u0327li Bagel,15.00,1\n"
    r = backend.client.post(
        f"{API}/catalog/csv",
        headers=backend.admin | {"Content-Type": "text/csv"},
        content=good.encode(),
    )
    assert r.status_code == 200, r.text
    (row,) = rows(backend, product)
    assert row.name == NFC and json.loads(row.names_json) == {"en": "Şişli Bagel"}
    bad = (
        "sku,name,price,vat_rate\n"
        "MILK,Süt,45.00,1\n"
        "KICK,Süt\x1bp\x00\x19\xfa,45.00,1\n"
        'CUT,"Süt\nTOPLAM 0,01 TL",45.00,1\n'
    )
    r = backend.client.post(
        f"{API}/catalog/csv",
        headers=backend.admin | {"Content-Type": "text/csv"},
        content=bad.encode(),
    )
    assert r.status_code == 422, r.text
    problems = [(p["line"], p["column"], p["message"]) for p in r.json()["errors"]]
    assert problems == [
        (3, "name", "contains a control character (U+001B)"),
        (4, "name", "contains a control character (U+000A)"),
    ]
    assert count(backend, product) == 1
