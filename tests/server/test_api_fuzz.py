"""Property-based fuzzing of every operation in the backend's OpenAPI (schemathesis), and a
walk over every route checking that it needs a valid token."""

from __future__ import annotations

import os
import re
from typing import Any

import hypothesis_jsonschema._from_schema as jsonschema_strategies
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.internal.conjecture import utils as conjecture_utils
from schemathesis.serializers import TextSerializer, register
from schemathesis.transports import RequestsTransport

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PREFIX
from tests.server.conftest import Backend

# The catalog CSV upload is plain text on the wire.
register("text/csv")(TextSerializer)
# FastAPI publishes OpenAPI 3.1, which schemathesis 3.x reads only when asked to.
schemathesis.experimental.OPEN_API_3_1.enable()

# CI-sized by default; POS_FUZZ_EXAMPLES=500 for a deeper run.
EXAMPLES_PER_OPERATION = int(os.environ.get("POS_FUZZ_EXAMPLES", "20"))
ENROL = ("POST", f"{SYNC_PREFIX}/terminals/enroll")


class _LegacyMany:
    """``many(...).more()`` as hypothesis-jsonschema 0.23 calls it, over the newer
    ``with many(...) as elements: for _ in elements`` of Hypothesis >= 6.1xx (which removed
    ``more``); without it every object schema fails to generate."""

    def __init__(self, data: Any, **sizes: Any) -> None:
        self._many = conjecture_utils.many(data, **sizes)
        self._many.__enter__()
        self._elements = iter(self._many)

    def more(self) -> bool:
        try:
            next(self._elements)
        except StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


class _ConjectureUtils:
    def __getattr__(self, name: str) -> Any:
        return getattr(conjecture_utils, name)

    @staticmethod
    def many(data: Any, **sizes: Any) -> _LegacyMany:
        return _LegacyMany(data, **sizes)


@pytest.fixture(autouse=True)
def _hypothesis_jsonschema_compat(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(conjecture_utils.many, "more"):
        monkeypatch.setattr(jsonschema_strategies, "cu", _ConjectureUtils())


def _seed(b: Backend) -> dict[str, str]:
    """Data for the fuzzer to hit: a store, products, stock, a terminal; its headers."""
    b.store("S01")
    b.products(
        [
            {"sku": "COLA", "name": "Kola", "price_minor": 2550, "vat_rate": 20},
            {"sku": "0", "name": "Sıfır", "price_minor": 100, "vat_rate": 1},
        ]
    )
    r = b.client.post(
        "/api/v1/stock/movements",
        headers=b.admin,
        json={"store": "S01", "sku": "COLA", "qty_milli": 100_000, "reason": "receive"},
    )
    assert r.status_code == 201, r.text
    return b.enrol("S01").headers


def _send(client: Any, case: Any, headers: dict[str, str]) -> Any:
    """Send a generated case through the backend's own TestClient (schemathesis' ASGI
    transport leaves anyio streams unclosed, which strict pytest turns into errors)."""
    kwargs = RequestsTransport().serialize_case(
        case, base_url="http://testserver", headers=dict(headers)
    )
    body = kwargs.pop("data", None)
    if body is not None:
        kwargs["content"] = body if isinstance(body, bytes | str) else str(body)
    kwargs.pop("files", None)
    return client.request(
        kwargs.pop("method"), kwargs.pop("url"), **{k: v for k, v in kwargs.items() if v}
    )


def _fuzzer(client: Any, operation: Any, headers: dict[str, str], sent: list[int]) -> Any:
    """A Hypothesis test sending generated requests to one operation."""

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = _send(client, case, headers)
        sent.append(response.status_code)
        # not_a_server_error: nothing a client sends may make the backend fail
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} -> {response.status_code}: "
            f"{response.text[:500]}\n{case.as_curl_command()}"
        )

    return check


def test_every_operation_survives_fuzzing(backend: Backend) -> None:
    terminal_headers = _seed(backend)
    app = backend.client.app
    schema = schemathesis.from_asgi("/openapi.json", app)
    failures: list[str] = []
    sent: list[int] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        sync = operation.path.startswith(SYNC_PREFIX)
        headers = terminal_headers if sync else backend.admin

        check = _fuzzer(backend.client, operation, headers, sent)
        try:
            check()
        except Exception as exc:  # collect every failing operation, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert operations >= 30
    assert len(sent) >= operations * 5  # the generator really produced requests
    assert any(code < 300 for code in sent)  # and some got through validation
    assert not failures, "\n\n".join(failures)


def _routes(spec: dict[str, Any]) -> list[tuple[str, str]]:
    routes = []
    for path, methods in spec["paths"].items():
        if not path.startswith(("/api/v1/", f"{SYNC_PREFIX}/")):
            continue
        for method in methods:
            if (method.upper(), path) != ENROL:
                routes.append((method.upper(), path))
    return routes


def test_every_route_needs_a_valid_token(backend: Backend) -> None:
    spec = backend.client.get("/openapi.json").json()
    routes = _routes(spec)
    assert len([r for r in routes if r[1].startswith("/api/v1/")]) >= 25
    assert any(r[1].startswith(SYNC_PREFIX) for r in routes)
    for method, path in routes:
        url = re.sub(r"\{[^}]+\}", "S01", path)
        base = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)} if path.startswith(SYNC_PREFIX) else {}
        for headers in (base, base | {"Authorization": "Bearer wrong-token"}):
            response = backend.client.request(method, url, headers=headers)
            assert response.status_code == 401, (method, path, headers, response.text)
