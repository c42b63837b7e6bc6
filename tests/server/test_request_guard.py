"""The request guard (``sync.server.guard``): tokens checked before a body is read, bodies
capped (413), dead letters and admin lists bounded.

The guard is driven here straight through ASGI, with a ``receive`` that counts what the app
asks for: a refusal from the headers must not read a single body message.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import insert, select

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.api.common import MAX_PAGE
from sync.server.api.routes.dead_letters import MAX_DEAD_LETTER_PAGE
from sync.server.api.routes.products import MAX_PRICE_HISTORY
from sync.server.db import write_tx
from sync.server.dead_letters import MAX_STORED_CHARS, dead_letter_json
from sync.server.ids import new_id
from sync.server.schema import dead_letter, price_change, product
from sync.server.terminals import revoke_terminal
from tests.server.conftest import ADMIN_TOKEN, Backend, make_backend
from tests.server.test_sync_push import catalog, make_mutation, order_payload, push, setup

KIB = 1024
PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


class Sent:
    """What the app answered through ASGI, and how many body messages it read."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""
        self.receives = 0
        self.bytes_read = 0

    @property
    def json(self) -> Any:
        return json.loads(self.body)


def call(
    app: FastAPI,
    method: str,
    path: str,
    headers: dict[str, str],
    chunks: Iterator[bytes] | list[bytes] = (),  # type: ignore[assignment]
) -> Sent:
    """One request through the ASGI app; the body comes as one message per chunk."""
    sent = Sent()
    pending = iter(chunks)
    buffered: list[bytes] = []

    async def receive() -> dict[str, Any]:
        sent.receives += 1
        chunk = buffered.pop() if buffered else next(pending, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        sent.bytes_read += len(chunk)
        following = next(pending, None)
        if following is not None:
            buffered.append(following)
        return {"type": "http.request", "body": chunk, "more_body": following is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent.body += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("203.0.113.5", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return sent


def endless(chunk: bytes = b" " * (64 * KIB)) -> Iterator[bytes]:
    while True:
        yield chunk


def test_a_missing_or_wrong_token_is_refused_before_the_body_is_read(backend: Backend) -> None:
    t = setup(backend)
    revoked = backend.enrol(terminal_code="T09")
    with write_tx(backend.engine) as conn:
        revoke_terminal(conn, revoked.terminal_id, backend.ctx.clock())
    app = backend.client.app
    routes = [
        ("POST", "/sync/v1/push", PROTOCOL),
        ("GET", "/sync/v1/pull", PROTOCOL),
        ("POST", "/api/v1/catalog/csv", {}),
        ("POST", "/api/v1/stores", {}),
        ("GET", "/api/v1/customers", {}),
    ]
    refusals = [
        ({}, 401),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Bearer not-a-token"}, 401),
        ({"Authorization": "Bearer " + "x" * 10_000}, 401),
        ({"Authorization": f"Bearer {t.token}"}, 401),  # a terminal's token on the admin API
        ({"Authorization": f"Bearer {ADMIN_TOKEN}"}, 401),  # the admin's on the sync API
        ({"Authorization": f"Bearer {revoked.token}"}, 403),
    ]
    for method, path, base in routes:
        for auth, status in refusals:
            token = auth.get("Authorization", "")
            if path.startswith("/api/") and token.endswith(ADMIN_TOKEN):
                continue
            if path.startswith("/sync/") and token.endswith(t.token):
                continue
            if path.startswith("/api/") and status == 403:
                status = 401  # a revoked terminal's token is just not the admin token
            sent = call(app, method, path, base | auth, endless())
            assert sent.status == status, (method, path, auth, sent.body)
            assert sent.receives == 0, (method, path, auth, "the body was read")
            assert set(sent.json) == {"error", "detail"}, sent.body  # ErrorBody
            if status == 401:
                assert sent.headers["www-authenticate"] == "Bearer"
    # the right tokens get through (and the sync token is looked up once, by the guard)
    assert push(backend.client, t, []).status_code == 200
    assert backend.client.get("/api/v1/stores", headers=backend.admin).status_code == 200


def test_enrolment_needs_no_token_but_its_body_is_capped(backend: Backend) -> None:
    app = backend.client.app
    sent = call(app, "POST", "/sync/v1/terminals/enroll", PROTOCOL, endless())
    assert sent.status == 413, sent.body
    assert sent.json["error"] == "too_large"
    assert sent.bytes_read <= backend.ctx.settings.max_body_bytes + 64 * KIB


@pytest.fixture
def small_caps(database_url: str, tmp_path: Path) -> Iterator[Backend]:
    b = make_backend(
        database_url,
        tmp_path,
        max_body_bytes=16 * KIB,
        max_push_body_bytes=256 * KIB,
        max_import_body_bytes=512 * KIB,
    )
    with b.client:
        yield b
    b.engine.dispose()


def test_bodies_over_their_route_cap_get_413(small_caps: Backend) -> None:
    b = small_caps
    t = setup(b)
    app = b.client.app
    terminal = PROTOCOL | {"Authorization": f"Bearer {t.token}", "Content-Type": "application/json"}
    admin = b.admin | {"Content-Type": "text/csv"}
    cases = [
        ("/sync/v1/push", terminal, 256 * KIB),
        ("/api/v1/catalog/csv", admin, 512 * KIB),
        ("/api/v1/products", b.admin | {"Content-Type": "application/json"}, 512 * KIB),
        ("/api/v1/stores", b.admin | {"Content-Type": "application/json"}, 16 * KIB),
    ]
    for path, headers, cap in cases:
        # declared too large: refused from the header, nothing read
        declared = call(app, "POST", path, headers | {"Content-Length": str(cap + 1)}, endless())
        assert declared.status == 413, (path, declared.body)
        assert declared.receives == 0
        assert declared.json == {
            "error": "too_large",
            "detail": f"request body larger than {cap} bytes",
        }
        # streamed (no length): read until it passes the cap, then cut
        streamed = call(app, "POST", path, headers, endless(b"x" * (4 * KIB)))
        assert streamed.status == 413, (path, streamed.body)
        assert streamed.json["error"] == "too_large"
        assert cap < streamed.bytes_read <= cap + 4 * KIB
    # within the caps the routes work as before
    batch = [make_mutation(1, "order.completed", order_payload(t, [("A", 1000)]))]
    assert push(b.client, t, batch).status_code == 200
    big_csv = b"sku;name\n" + b"x" * (100 * KIB)  # over the default cap, under the import cap
    response = b.client.post("/api/v1/catalog/csv", content=big_csv, headers=admin)
    assert response.status_code == 422, response.text  # parsed (and refused as a CSV)
    malformed = call(app, "POST", "/api/v1/stores", b.admin | {"Content-Length": "12x"})
    assert (malformed.status, malformed.json["error"]) == (400, "malformed")


def test_a_dead_letter_keeps_at_most_its_cap_of_a_huge_payload(backend: Backend) -> None:
    t = setup(backend)
    poison = order_payload(t, [("NOPE", 1000)], note="é" * 3_000_000)  # unknown SKU: rejected
    response = push(backend.client, t, [make_mutation(1, "order.completed", poison)])
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["code"] == "unknown_sku"
    with backend.engine.connect() as conn:
        stored = conn.execute(select(dead_letter.c.payload_json)).scalar_one()
    assert len(stored) <= MAX_STORED_CHARS
    page = backend.client.get("/api/v1/dead-letters", headers=backend.admin).json()
    truncated = page["items"][0]["payload"]["truncated"]
    assert truncated["chars"] > 3_000_000
    assert truncated["outline"]["note"] == "text of 3000000 characters"
    assert truncated["outline"]["lines"] == "list of 1 items"
    assert truncated["head"].startswith('{"approvals": []')
    # a small payload is kept whole; a lone surrogate is stored escaped, not refused
    assert json.loads(dead_letter_json({"a": 1})) == {"a": 1}
    assert json.loads(dead_letter_json({"name": "\ud800x"})) == {"name": "\ud800x"}
    odd = dead_letter_json({"\ud800" * 60: "é" * 200_000})
    assert len(odd) <= MAX_STORED_CHARS and "truncated" in json.loads(odd)


def test_every_admin_list_is_a_page_with_a_bounded_size(backend: Backend) -> None:
    spec = backend.client.get("/openapi.json").json()
    lists = []
    for path, methods in spec["paths"].items():
        get = methods.get("get")
        if not path.startswith("/api/v1/") or get is None:
            continue
        answer = get["responses"]["200"]["content"]
        if "application/json" not in answer:  # a catalog picture
            continue
        schema = json.dumps(answer["application/json"]["schema"])
        if "Page_" not in schema:
            continue
        limit = next((p for p in get.get("parameters", []) if p["name"] == "limit"), None)
        assert limit is not None, f"{path} lists without a page size"
        assert limit["schema"]["maximum"] <= MAX_PAGE, path
        lists.append((path, limit["schema"]["maximum"]))
    assert len(lists) >= 10
    assert ("/api/v1/dead-letters", MAX_DEAD_LETTER_PAGE) in lists
    backend.store()
    for path, maximum in lists:
        url = path.replace("{sku}", "A")
        params = {"limit": maximum + 1} | ({"store": "S01"} if path.endswith("/stock") else {})
        response = backend.client.get(url, params=params, headers=backend.admin)
        assert response.status_code == 422, (path, response.text)
        params["limit"] = maximum
        response = backend.client.get(url, params=params, headers=backend.admin)
        assert response.status_code == 200, (path, response.text)


def test_a_product_shows_its_newest_prices_only(backend: Backend) -> None:
    catalog(backend, ["A"])
    now = backend.ctx.clock()
    with write_tx(backend.engine) as conn:
        product_id = conn.execute(select(product.c.id).where(product.c.sku == "A")).scalar_one()
        conn.execute(
            insert(price_change),
            [
                {
                    "id": new_id(),
                    "product_id": product_id,
                    "price_minor": 1000 + n,
                    "version": 100 + n,
                    "valid_from": now + timedelta(seconds=n),
                }
                for n in range(MAX_PRICE_HISTORY + 50)
            ],
        )
    history = backend.client.get("/api/v1/products/A", headers=backend.admin).json()[
        "price_history"
    ]
    assert len(history) == MAX_PRICE_HISTORY
    assert history[-1]["price_minor"] == 1000 + MAX_PRICE_HISTORY + 49  # the newest, last
    assert [h["version"] for h in history] == sorted(h["version"] for h in history)
