"""Bad input never a 5xx, and one set of limits everywhere (issue 15, item 12): a lone
surrogate in a pushed fact refuses that fact alone; a NUL or other control character in any
column of a catalog CSV is a 422 naming line and column; prices, quantities and totals are
held to ``sync.protocol.limits`` by the CSV import, the admin JSON API, web orders and order
apply."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from sync.protocol.limits import (
    MAX_LINE_QTY_MILLI,
    MAX_SALE_TOTAL_MINOR,
    MAX_UNIT_PRICE_MINOR,
)
from sync.server.schema import dead_letter, pos_order, product
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import (
    count,
    make_mutation,
    order_payload,
    setup,
    statuses,
)

API = "/api/v1"
CSV = {"Content-Type": "text/csv"}


def push_text(backend: Backend, t: Terminal, mutations: list[dict[str, Any]]) -> httpx.Response:
    """A push whose body is written by ``json.dumps`` (a lone surrogate as ``\\ud800``), as
    a client that does not check its strings would send it."""
    body = json.dumps({"terminal_epoch": "epoch-1", "mutations": mutations})
    response: httpx.Response = backend.client.post(
        "/sync/v1/push",
        content=body.encode(),
        headers=t.headers | {"Content-Type": "application/json"},
    )
    return response


def with_payload(seq: int, payload: dict[str, Any]) -> dict[str, Any]:
    """A mutation carrying ``payload`` (no terminal could hash it: UTF-8 has no surrogates)."""
    m = make_mutation(seq, "order.completed", {"unhashable": True})
    m["payload"] = payload
    return m


# -- a lone surrogate in a pushed fact -------------------------------------------------------


def test_a_lone_surrogate_refuses_its_fact_alone_and_is_parked_escaped(
    backend: Backend,
) -> None:
    t = setup(backend)
    in_a_name = order_payload(t, [("A", 1000)])
    in_a_name["lines"][0]["name"] = "Süt\ud800"
    in_a_key = order_payload(t, [("B", 1000)]) | {"note\udcff": "x"}
    batch = [
        make_mutation(1, "order.completed", order_payload(t, [("A", 1000)])),
        with_payload(2, in_a_name),
        make_mutation(3, "order.completed", order_payload(t, [("C", 1000)])),
        with_payload(4, in_a_key),
    ]
    response = push_text(backend, t, batch)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [
        ("applied", ""),
        ("rejected", "invalid_text"),
        ("applied", ""),
        ("rejected", "invalid_text"),
    ]
    assert "payload.lines[0].name holds a lone surrogate" in results[1]["reason"]
    assert 'payload["note\\udcff"] holds a lone surrogate' in results[3]["reason"]
    assert response.json()["last_processed_seq"] == 4
    assert count(backend, pos_order) == 2
    # Parked with the payload escaped (ASCII), so both databases store it as it came.
    with backend.engine.connect() as conn:
        parked = conn.execute(select(dead_letter).order_by(dead_letter.c.seq)).all()
    assert [(p.seq, p.code) for p in parked] == [(2, "invalid_text"), (4, "invalid_text")]
    assert parked[0].payload_json.isascii() and "\\ud800" in parked[0].payload_json
    assert json.loads(parked[0].payload_json)["lines"][0]["name"] == "Süt\ud800"
    # The retry a till makes gets the same answers, never a 5xx; the stream moved on.
    again = push_text(backend, t, batch)
    assert again.status_code == 200, again.text
    assert statuses(again) == ["duplicate", "rejected", "duplicate", "rejected"]
    follow = make_mutation(5, "order.completed", order_payload(t, [("A", 1000)]))
    assert statuses(push_text(backend, t, [follow])) == ["applied"]
    # Staff can list what was parked: the text shows the escape, not a 500.
    listed = backend.client.get(f"{API}/dead-letters", headers=backend.admin)
    assert listed.status_code == 200, listed.text
    shown = {item["seq"]: item for item in listed.json()["items"]}
    assert shown[2]["code"] == "invalid_text"
    assert shown[2]["payload"]["lines"][0]["name"] == "Süt\\ud800"
    assert shown[4]["payload"]["note\\udcff"] == "x"


def test_a_lone_surrogate_in_admin_json_is_a_422_naming_the_field(backend: Backend) -> None:
    """Every admin string field is a ``str`` pydantic refuses a lone surrogate for: a 422
    naming the field, on both databases, and nothing stored."""
    backend.store()
    bodies = [
        ("PUT", f"{API}/products/SUT-1", '{"name": "S\\ud800t", "price_minor": 1, "vat_rate": 1}'),
        ("POST", f"{API}/customers", '{"name": "Ay\\udcffe"}'),
        ("POST", f"{API}/stores", '{"code": "S02", "name": "Kad\\ud800k\\u00f6y"}'),
    ]
    for method, path, body in bodies:
        response = backend.client.request(
            method,
            path,
            content=body.encode(),
            headers=backend.admin | {"Content-Type": "application/json"},
        )
        assert response.status_code == 422, (path, response.text)
        assert response.json()["detail"][0]["loc"][-1] == "name", response.text
    assert count(backend, product) == 0


# -- control characters in a catalog CSV -----------------------------------------------------

COLUMNS = (
    "sku,name,name_en,price,vat_rate,barcodes,category,category_en,unit,plu,active,"
    "model,size,colour"
)
ROW = {
    "sku": "ELMA-1",
    "name": "Elma",
    "name_en": "Apple",
    "price": "12.50",
    "vat_rate": "1",
    "barcodes": "8690000000012",
    "category": "Meyve",
    "category_en": "Fruit",
    "unit": "kg",
    "plu": "00101",
    "active": "1",
    "model": "ELMA",
    "size": "L",
    "colour": "red",
}


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x85"])
def test_a_control_character_in_any_csv_column_is_a_422_naming_line_and_column(
    backend: Backend, character: str
) -> None:
    """NUL (which PostgreSQL text cannot hold) or any other control character, in any
    column, at any place in the cell: a 422 naming the line and the column, nothing stored."""
    header = COLUMNS.split(",")
    lines = [COLUMNS]
    expected = []
    for n, column in enumerate(header):
        cells = dict(ROW, sku=f"P{n}", barcodes="", plu="")
        value = cells[column] or "1"
        where = n % 3  # the start, the middle and the end of the cell
        cells[column] = (
            character + value
            if where == 0
            else value[:1] + character + value[1:]
            if where == 1
            else value + character
        )
        lines.append(",".join(cells[c] for c in header))
        expected.append((n + 2, column, f"contains a control character (U+{ord(character):04X})"))
    response = backend.client.post(
        f"{API}/catalog/csv",
        content=("\n".join(lines) + "\n").encode(),
        headers=backend.admin | CSV,
    )
    assert response.status_code == 422, response.text
    problems = [(p["line"], p["column"], p["message"]) for p in response.json()["errors"]]
    assert problems == expected
    assert count(backend, product) == 0


# -- prices: one limit for the CSV and the JSON API ------------------------------------------


def test_the_csv_and_the_json_api_hold_prices_to_the_same_limit(backend: Backend) -> None:
    csv_bad = f"{COLUMNS}\n" + ",".join(dict(ROW, price="999999999999999.99").values()) + "\n"
    response = backend.client.post(
        f"{API}/catalog/csv", content=csv_bad.encode(), headers=backend.admin | CSV
    )
    assert response.status_code == 422, response.text
    assert [(p["line"], p["column"]) for p in response.json()["errors"]] == [(2, "price")]
    assert "above the highest unit price (10,000,000.00)" in response.json()["errors"][0]["message"]
    json_bad = {"name": "Altın", "price_minor": MAX_UNIT_PRICE_MINOR + 1, "vat_rate": 20}
    response = backend.client.put(f"{API}/products/ALTIN", json=json_bad, headers=backend.admin)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][-1] == "price_minor"
    assert count(backend, product) == 0
    # The limit itself is a price both accept.
    csv_top = f"{COLUMNS}\n" + ",".join(dict(ROW, price="10000000.00").values()) + "\n"
    response = backend.client.post(
        f"{API}/catalog/csv", content=csv_top.encode(), headers=backend.admin | CSV
    )
    assert response.status_code == 200, response.text
    json_top = json_bad | {"price_minor": MAX_UNIT_PRICE_MINOR}
    response = backend.client.put(f"{API}/products/ALTIN", json=json_top, headers=backend.admin)
    assert response.status_code == 200, response.text


def test_a_web_order_beyond_the_limits_is_a_422(backend: Backend) -> None:
    backend.store()
    backend.products(
        [
            {"sku": sku, "name": "Altın", "price_minor": MAX_UNIT_PRICE_MINOR, "vat_rate": 1}
            for sku in ("ALTIN", "ALTIN-2")
        ]
    )
    customer = {"name": "Ayşe", "phone": "+905551112233"}
    address = "Moda Cad. 1, Kadıköy, İstanbul"

    def order(lines: list[dict[str, Any]]) -> httpx.Response:
        body = {"fulfilment": "delivery", "customer": customer, "delivery_address": address}
        response: httpx.Response = backend.client.post(
            f"{API}/orders", json=body | {"lines": lines}, headers=backend.admin
        )
        return response

    too_many = order([{"sku": "ALTIN", "qty_milli": MAX_LINE_QTY_MILLI + 1000}])
    assert too_many.status_code == 422, too_many.text
    # 11 x 10,000,000.00 is above the line total limit; 6 of each of two, the sale's.
    too_much = order([{"sku": "ALTIN", "qty_milli": 5_000}, {"sku": "ALTIN", "qty_milli": 6_000}])
    assert too_much.status_code == 422, too_much.text
    assert too_much.json()["error"] == "amount_out_of_range"
    assert "ALTIN: 110,000,000.00 is above the highest line total" in too_much.json()["detail"]
    two = order([{"sku": "ALTIN", "qty_milli": 6_000}, {"sku": "ALTIN-2", "qty_milli": 6_000}])
    assert two.status_code == 422, two.text
    assert "the order's total: 120,000,000.00 is beyond" in two.json()["detail"]
    assert order([{"sku": "ALTIN", "qty_milli": 10_000}]).status_code == 201


# -- order apply: totals and lines within the limits, by the sign rules ----------------------


def test_order_amounts_beyond_the_limits_are_rejected_alone(backend: Backend) -> None:
    t = setup(backend)
    negative_sale = order_payload(t, [("A", 1000)])
    negative_sale["total_minor"] = -(10**12)
    positive_return = order_payload(t, [("A", 1000)], kind="return")
    positive_return["total_minor"] = 1000
    huge_refund = order_payload(t, [("A", 1000)], kind="return")
    huge_refund["total_minor"] = -(MAX_SALE_TOTAL_MINOR + 1)
    price = order_payload(t, [("B", 1000)], unit_price_minor=MAX_UNIT_PRICE_MINOR + 1)
    price["lines"][0]["total_minor"] = price["total_minor"] = 1000  # only the price is wrong
    quantity = order_payload(t, [("C", MAX_LINE_QTY_MILLI + 1000)], unit_price_minor=1)
    top = order_payload(t, [("A", 10_000)], unit_price_minor=MAX_UNIT_PRICE_MINOR)
    refund = order_payload(t, [("A", 10_000)], kind="return", unit_price_minor=1_000_000_000)
    specs: list[tuple[str, dict[str, Any], str]] = [
        ("order.completed", negative_sale, "a sale's total of -10,000,000,000.00 is negative"),
        ("order.refunded", positive_return, "a return's total of 10.00 is positive"),
        ("order.refunded", huge_refund, "beyond the largest sale total (100,000,000.00)"),
        ("order.completed", price, "line 1: unit_price_minor: 10,000,000.01 is above"),
        ("order.completed", quantity, "line 1: qty_milli: 10000000 thousandths is more than"),
        ("order.completed", top, ""),
        ("order.refunded", refund, ""),
    ]
    batch = [make_mutation(n, kind, p) for n, (kind, p, _) in enumerate(specs, 1)]
    response = push_text(backend, t, batch)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    for (_, _, reason), result in zip(specs, results, strict=True):
        if reason:
            assert result["code"] == "amount_out_of_range", result
            assert reason in result["reason"], result
        else:
            assert result["status"] == "applied", result
    assert count(backend, pos_order) == 2
    assert count(backend, dead_letter, dead_letter.c.code == "amount_out_of_range") == 5
