"""The OpenAPI document says what the server does (issue 15 item 16), case by case: what
``schemathesis run`` (tests/server/test_api_fuzz.py) found, each pinned down on its own."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

import pytest

from sync.catalog_csv import gtin_check_digit
from sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOLS,
    SYNC_PREFIX,
    ErrorBody,
    MalformedBody,
)
from tests.server.conftest import Backend
from tests.server.test_sync_push import make_mutation, push, setup

API = "/api/v1"
PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
ERROR = {"$ref": "#/components/schemas/ErrorBody"}
MALFORMED = {"$ref": "#/components/schemas/MalformedBody"}


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def schemas_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    schema = answer["content"]["application/json"]["schema"]
    return list(schema.get("anyOf", [schema]))


def test_every_sync_call_requires_the_protocol_header(backend: Backend) -> None:
    spec = backend.client.get("/openapi.json").json()
    sync = [(m, p, op) for m, p, op in operations(spec) if p.startswith(f"{SYNC_PREFIX}/")]
    # enrol, hello, push, pull, snapshot, kiosk-state, attendants, reserve, release, value card
    assert len(sync) == 10
    for method, path, operation in sync:
        [header] = [p for p in operation["parameters"] if p["name"] == PROTOCOL_HEADER]
        assert header["in"] == "header" and header["required"] is True, (method, path)
        assert header["schema"]["enum"] == [str(v) for v in SUPPORTED_PROTOCOLS]
        assert ERROR in schemas_of(operation["responses"]["426"]), (method, path)
    # What the document says is what the server does: without it, 426.
    t = setup(backend)
    auth = {"Authorization": f"Bearer {t.token}"}
    response = backend.client.get(f"{SYNC_PREFIX}/hello", headers=auth)
    assert response.status_code == 426
    assert ErrorBody.model_validate(response.json()).error == "protocol_unsupported"


def test_every_answer_from_outside_the_routes_is_declared(backend: Backend) -> None:
    spec = backend.client.get("/openapi.json").json()
    assert "HTTPValidationError" not in str(spec)
    for method, path, operation in operations(spec):
        responses = operation["responses"]
        where = f"{method} {path}"
        if operation.get("security"):
            assert ERROR in schemas_of(responses["401"]), where
            assert "WWW-Authenticate" in responses["401"]["headers"], where
        if "requestBody" in operation:
            assert ERROR in schemas_of(responses["413"]), where
            assert ERROR in schemas_of(responses["400"]), where  # not UTF-8
        if operation.get("parameters") or "requestBody" in operation:
            status = "400" if path.startswith(SYNC_PREFIX) else "422"
            assert MALFORMED in schemas_of(responses[status]), where
        if path.startswith(f"{SYNC_PREFIX}/") and path != f"{SYNC_PREFIX}/terminals/enroll":
            assert ERROR in schemas_of(responses["403"]), where  # revoked
        if path.startswith("/r/") or path == f"{SYNC_PREFIX}/terminals/enroll":
            assert "Retry-After" in responses["429"]["headers"], where
    lookups = [
        ("GET", f"{API}/stores/{{code}}"),
        ("GET", f"{API}/products/{{sku}}"),
        ("GET", f"{API}/orders/{{number}}"),
        ("GET", f"{API}/customers/{{customer_id}}"),
        ("POST", f"{API}/terminals/{{terminal_id}}/revoke"),
        ("GET", f"{API}/pos-orders/{{receipt_no}}"),
    ]
    declared = {(m, p): op["responses"] for m, p, op in operations(spec)}
    for method, path in lookups:
        assert "404" in declared[method, path], (method, path)
    assert "409" in declared["POST", f"{API}/stores"]
    assert "409" in declared["POST", f"{API}/customers/{{customer_id}}/loyalty"]


def test_refusals_are_error_bodies(backend: Backend) -> None:
    admin = backend.admin
    no_route = backend.client.get(f"{API}/nothing-here", headers=admin)
    assert no_route.status_code == 404
    assert ErrorBody.model_validate(no_route.json()).error == "not_found"
    not_utf8 = backend.client.post(
        f"{API}/stores", headers=admin | {"Content-Type": "application/json"}, content=b"\xff{"
    )
    assert not_utf8.status_code == 400
    assert ErrorBody.model_validate(not_utf8.json()).error == "malformed"
    invalid = backend.client.post(f"{API}/stores", headers=admin, json={"code": "X"})
    assert invalid.status_code == 422
    problems = MalformedBody.model_validate(invalid.json()).detail
    assert {tuple(p.loc) for p in problems} >= {("body", "code"), ("body", "name")}


def test_405_names_every_method_of_the_path(backend: Backend) -> None:
    # GET and POST /stores are two routes: Starlette's 405 named only the first one's.
    response = backend.client.request("DELETE", f"{API}/stores", headers=backend.admin)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"
    assert ErrorBody.model_validate(response.json()).error == "method_not_allowed"
    # Enrolment takes no token: another method there is 405, whatever token it carries.
    revoked = {"Authorization": "Bearer not-a-terminal-token"} | PROTOCOL
    other = backend.client.request("GET", f"{SYNC_PREFIX}/terminals/enroll", headers=revoked)
    assert (other.status_code, other.headers["Allow"]) == (405, "POST")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("qty_milli", True),  # a JSON boolean is no integer
        ("qty_milli", "5000"),  # nor is a string of digits
        ("qty_milli", 5000.5),
    ],
)
def test_an_integer_is_a_json_integer(backend: Backend, field: str, value: Any) -> None:
    backend.store("S01")
    backend.products([{"sku": "A", "name": "A", "price_minor": 100, "vat_rate": 20}])
    body: dict[str, Any] = {"store": "S01", "sku": "A", "qty_milli": 5000, "reason": "receive"}
    refused = backend.client.post(
        f"{API}/stock/movements", headers=backend.admin, json=body | {field: value}
    )
    assert refused.status_code == 422, refused.text
    # JSON Schema counts 5000.0 as an integer: taken as 5000.
    taken = backend.client.post(
        f"{API}/stock/movements", headers=backend.admin, json=body | {field: 5000.0}
    )
    assert taken.status_code == 201, taken.text
    assert taken.json()["movement"]["qty_milli"] == 5000


def test_booleans_dates_and_times_are_as_json_schema_writes_them(backend: Backend) -> None:
    admin = backend.admin
    product = {"sku": "B", "name": "B", "price_minor": 100, "vat_rate": 20}
    sold_by_one = backend.client.post(
        f"{API}/products", headers=admin, json=[product | {"sold_by_weight": 1}]
    )
    assert sold_by_one.status_code == 422, sold_by_one.text
    for query in ({"date_to": "0"}, {"date_from": "20250101"}, {"date_to": "1735689600"}):
        response = backend.client.get(f"{API}/pos-orders", headers=admin, params=query)
        assert response.status_code == 422, (query, response.text)
    assert (
        backend.client.get(
            f"{API}/pos-orders", headers=admin, params={"date_to": "2025-01-01"}
        ).status_code
        == 200
    )
    for flag in ("yes", "1", "on"):
        response = backend.client.get(f"{API}/alarms", headers=admin)
        assert response.status_code == 200
        response = backend.client.get(f"{API}/staff-tasks", headers=admin, params={"open": flag})
        assert response.status_code == 422, (flag, response.text)
    t = setup(backend)
    for device_time in ("0.5", "1735689600", "2025-01-01T10:00:00", "2025-01-01 10:00:00Z"):
        response = backend.client.get(
            f"{SYNC_PREFIX}/hello", headers=t.headers, params={"device_time": device_time}
        )
        assert response.status_code == 400, (device_time, response.text)
    ok = backend.client.get(
        f"{SYNC_PREFIX}/hello",
        headers=t.headers,
        params={"device_time": "2025-01-01T10:00:00+03:00"},
    )
    assert ok.status_code == 200, ok.text


def test_a_push_envelope_takes_json_types_only(backend: Backend) -> None:
    t = setup(backend)
    good = make_mutation(1, "stock.adjusted", {"x": 1})
    for field, value in (
        ("clock_offset_ms", False),
        ("seq", "1"),
        ("business_date", 0),
        ("occurred_at", 1735689600),
    ):
        response = push(backend.client, t, [good | {field: value}])
        assert response.status_code == 400, (field, response.text)
        assert MalformedBody.model_validate(response.json()).detail[0].loc[-1] == field
    gap = push(backend.client, t, [good, make_mutation(3, "stock.adjusted", {"x": 1})])
    assert gap.status_code == 400
    assert ErrorBody.model_validate(gap.json()).error == "seqs_not_consecutive"


def test_stock_movement_notes_fit_their_column(backend: Backend) -> None:
    # "admin:" + a note of 64 characters did not fit the movement's source (64): a 500 on
    # PostgreSQL, silently longer on SQLite.
    backend.store("S01")
    backend.products([{"sku": "A", "name": "A", "price_minor": 100, "vat_rate": 20}])
    body = {"store": "S01", "sku": "A", "qty_milli": 1000, "reason": "receive"}
    for length, status in ((64, 422), (59, 422), (58, 201)):
        response = backend.client.post(
            f"{API}/stock/movements", headers=backend.admin, json=body | {"note": "n" * length}
        )
        assert response.status_code == status, (length, response.text)
    moved = backend.client.get(f"{API}/stock/movements", headers=backend.admin).json()
    assert len(moved["items"][0]["source"]) <= 64


def test_a_product_model_with_a_nul_is_refused(backend: Backend) -> None:
    # A 500 on PostgreSQL (text cannot hold NUL) before.
    product = {"sku": "C", "name": "C", "price_minor": 100, "vat_rate": 20, "model": "M\x00"}
    response = backend.client.post(f"{API}/products", headers=backend.admin, json=[product])
    assert response.status_code == 422, response.text


def test_patterns_mean_the_same_to_the_server_and_to_clients(backend: Backend) -> None:
    """Pydantic checks patterns with Rust's regex, clients read them as ECMA-262: ``\\s``
    and ``\\d`` differ (U+0085 is space to Rust only, Arabic-Indic digits are digits to Rust
    only), so the document spells its classes out."""
    spec = backend.client.get("/openapi.json").json()
    product = spec["components"]["schemas"]["ProductItem"]["properties"]
    sku_pattern = product["sku"]["pattern"]
    assert not re.search(r"\\[sSdDwW]", str(spec["components"]["schemas"]))
    for sku, valid in (("A\u0085B", False), ("A/B", True), ("A\u3000B", False)):
        assert bool(re.search(sku_pattern, sku)) is valid, sku
        item = {"sku": sku, "name": "X", "price_minor": 1, "vat_rate": 20}
        response = backend.client.post(f"{API}/products", headers=backend.admin, json=[item])
        assert (response.status_code == 200) is valid, (sku, response.text)
    arabic_plu = {"sku": "P", "name": "P", "price_minor": 1, "vat_rate": 20, "plu": "١٢٣٤٥"}
    response = backend.client.post(f"{API}/products", headers=backend.admin, json=[arabic_plu])
    assert response.status_code == 422, response.text


def test_rules_a_schema_can_state_are_in_it(backend: Backend) -> None:
    schemas = backend.client.get("/openapi.json").json()["components"]["schemas"]
    product = schemas["ProductIn"]["properties"]
    assert product["vat_rate"]["enum"] == [1, 10, 20]
    assert product["barcodes"]["uniqueItems"] is True
    assert product["names"]["additionalProperties"] is False
    assert re.search(product["name"]["pattern"], " \u3000 ") is None  # blank
    assert re.search(product["name"]["pattern"], "\x1bp") is None  # a control character
    assert schemas["LoyaltyIn"]["properties"]["points"]["not"] == {"const": 0}
    assert schemas["MovementIn"]["properties"]["qty_milli"]["not"] == {"const": 0}
    zones = schemas["StoreIn"]["properties"]["timezone"]["enum"]
    assert zones == sorted(zoneinfo.available_timezones()) and "Europe/Istanbul" in zones
    order_rules = schemas["OrderIn"]["allOf"]
    assert any("oneOf" in rule for rule in order_rules)  # customer or customer_id, not both


def test_a_gtin_with_a_wrong_check_digit_is_named(backend: Backend) -> None:
    body = "869000000001"
    wrong = body + str((int(gtin_check_digit(body)) + 1) % 10)
    item = {
        "sku": "G",
        "name": "G",
        "price_minor": 1,
        "vat_rate": 20,
        "barcodes": [wrong],
    }
    response = backend.client.post(f"{API}/products", headers=backend.admin, json=[item])
    assert response.status_code == 422
    assert ErrorBody.model_validate(response.json()).error == "bad_check_digit"
