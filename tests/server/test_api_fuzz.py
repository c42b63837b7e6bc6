"""The backend against its own OpenAPI document: ``schemathesis run`` with every check, on
SQLite and PostgreSQL; and a walk over every route checking that it needs a valid token.

The run is the CLI's, against a live backend (uvicorn) with a store, products, stock, a
customer, a web order, an enrolled terminal and one pushed sale, its admin token for
``/api/v1`` and the terminal's for ``/sync/v1``. Every phase (examples, coverage, fuzzing,
stateful) and every check (``--checks all``: server errors, status codes, content types,
response headers and bodies against the schema, valid data accepted, invalid data refused,
missing headers, unsupported methods, ignored auth, use after free...) must pass.
Deterministic generation, one worker and a fresh database make each run the same.
``POS_FUZZ_EXAMPLES`` (default 25) sets the examples per operation; to run it by hand, see
``schemathesis_config`` (the config file) and ``schemathesis_hooks``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from pos_app.services.local_backend import LocalBackend, start_local_backend
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PREFIX
from sync.receipt_token import make_token
from sync.server.db import make_engine, migrate
from tests.server.conftest import ADMIN_TOKEN, BACKENDS, Backend, Terminal, pg_schema
from tests.server.test_sync_push import make_mutation, order_payload

EXAMPLES_PER_OPERATION = int(os.environ.get("POS_FUZZ_EXAMPLES", "25"))
ENROL = ("POST", f"{SYNC_PREFIX}/terminals/enroll")
HOOKS = Path(__file__).with_name("schemathesis_hooks.py")
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Seeded:
    """What the run starts with: names the generator may use besides its own."""

    terminal_token: str
    customer_id: str
    order_number: str
    receipt_no: str
    receipt_token: str


def schemathesis_config(seeded: Seeded, examples: int) -> str:
    """The run's ``schemathesis.toml``. Tokens come from the environment
    (``POS_FUZZ_ADMIN_TOKEN``, ``POS_FUZZ_TERMINAL_TOKEN``); the seeded names go in
    dictionaries the generator draws from half the time, so operations on one store,
    product, order or receipt reach their handlers' success paths too."""
    dictionaries = {
        "stores": ["S01"],
        "skus": ["COLA", "0"],
        "customers": [seeded.customer_id],
        "orders": [seeded.order_number],
        "receipts": [seeded.receipt_no],
        "tokens": [seeded.receipt_token],
    }
    bindings = {
        "path.code": "stores",
        "query.store": "stores",
        "body.store": "stores",
        "path.sku": "skus",
        "query.sku": "skus",
        "body.sku": "skus",
        "body.lines[*].sku": "skus",
        "path.customer_id": "customers",
        "path.number": "orders",
        "path.receipt_no": "receipts",
        "query.receipt_no": "receipts",
        "path.token": "tokens",
    }
    lines = [
        f'hooks = "{HOOKS}"',
        'headers = { Authorization = "Bearer ${POS_FUZZ_ADMIN_TOKEN}" }',
        "workers = 1",
        # No crash cache: each run starts from its own examples, not from the last run's.
        "[cache]",
        "enabled = false",
        "[generation]",
        "deterministic = true",
        f"max-examples = {examples}",
        "[checks]",
        "enabled = true",
        # The sync API refuses a missing or unknown X-POS-Protocol with 426 Upgrade Required
        # (docs/sync-protocol.md): the refusal these two checks look for, under its own status.
        "[checks.negative_data_rejection]",
        'expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "415", "422",'
        ' "426", "428", "429", "5xx"]',
        "[checks.missing_required_header]",
        'expected-statuses = ["400", "401", "403", "406", "415", "422", "426"]',
        "[parameters]",
        *(
            f'"{key}" = {{ dictionary = "{name}", probability = 0.5 }}'
            for key, name in bindings.items()
        ),
        *(
            f"[dictionaries.{name}]\nvalues = {json.dumps(values)}"
            for name, values in dictionaries.items()
        ),
        "[[operations]]",
        f'include-path-regex = "^{SYNC_PREFIX}/"',
        'headers = { Authorization = "Bearer ${POS_FUZZ_TERMINAL_TOKEN}" }',
    ]
    return "\n".join(lines) + "\n"


def _ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, f"{response.request.url}: {response.text}"
    return response.json()


def seed(url: str) -> Seeded:
    """A store, products with stock, a customer with a pickup order, an enrolled terminal
    and one sale it pushed (with an e-receipt), through the API as a shop would."""
    admin = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    with admin:
        _ok(admin.post("/api/v1/stores", json={"code": "S01", "name": "Kadıköy"}))
        products = [
            {"sku": "COLA", "name": "Kola", "price_minor": 2550, "vat_rate": 20},
            {"sku": "0", "name": "Sıfır", "price_minor": 100, "vat_rate": 1},
        ]
        _ok(admin.post("/api/v1/products", json=products))
        for sku in ("COLA", "0"):
            movement = {"store": "S01", "sku": sku, "qty_milli": 1_000_000, "reason": "receive"}
            _ok(admin.post("/api/v1/stock/movements", json=movement))
        customer = _ok(
            admin.post("/api/v1/customers", json={"name": "Ayşe", "phone": "5551234567"})
        )
        order = {
            "fulfilment": "pickup",
            "store": "S01",
            "customer_id": customer["id"],
            "lines": [{"sku": "COLA", "qty_milli": 2000}],
        }
        number = _ok(admin.post("/api/v1/orders", json=order))["number"]
        code = _ok(admin.post("/api/v1/enrolment-codes", json={"store": "S01"}))["code"]
    protocol = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    enrolled = _ok(
        httpx.post(f"{url}{SYNC_PREFIX}/terminals/enroll", headers=protocol, json={"code": code})
    )
    terminal = Terminal(
        enrolled["terminal_id"], enrolled["terminal_code"], "S01", enrolled["token"]
    )
    token = make_token(enrolled["receipt_key"], "tr")
    sale = order_payload(terminal, [("COLA", 1000)], local_no=1, receipt_token=token)
    pushed = _ok(
        httpx.post(
            f"{url}{SYNC_PREFIX}/push",
            headers=terminal.headers,
            json={
                "terminal_epoch": "fuzz",
                "mutations": [make_mutation(1, "order.completed", sale)],
            },
        )
    )
    assert [r["status"] for r in pushed["results"]] == ["applied"], pushed
    return Seeded(terminal.token, customer["id"], number, sale["receipt_no"], token)


@pytest.fixture(params=BACKENDS)
def live(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LocalBackend]:
    """A backend process on a fresh database, its rate limits out of the fuzzer's way (the
    429s stay declared, and tests/server/test_rate_limits.py has them)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            database_url = f"sqlite:///{tmp_path / 'server' / 'backend.db'}"
            (tmp_path / "server").mkdir()
        else:
            database_url = stack.enter_context(pg_schema("fuzz"))
        engine = make_engine(database_url)
        migrate(engine)
        engine.dispose()
        process = start_local_backend(
            tmp_path / "server",
            database_url=database_url,
            admin_token=ADMIN_TOKEN,
            extra_env={
                "POS_SERVER_ERECEIPT_MAX_REQUESTS": "1000000",
                "POS_SERVER_ENROLMENT_MAX_FAILURES": "1000000",
            },
        )
        stack.callback(process.stop)
        yield process


def test_schemathesis_finds_nothing(live: LocalBackend, tmp_path: Path) -> None:
    seeded = seed(live.url)
    config = tmp_path / "schemathesis.toml"
    config.write_text(schemathesis_config(seeded, EXAMPLES_PER_OPERATION), encoding="utf-8")
    env = os.environ | {
        "POS_FUZZ_ADMIN_TOKEN": ADMIN_TOKEN,
        "POS_FUZZ_TERMINAL_TOKEN": seeded.terminal_token,
        "NO_COLOR": "1",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(config),
            "--no-color",
            "run",
            f"{live.url}/openapi.json",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-20_000:]
    tested = re.search(r"Tested: (\d+)", output)
    generated = re.search(r"(\d+) generated", output)
    assert tested and int(tested.group(1)) >= 39, output[-3000:]
    assert generated and int(generated.group(1)) >= 1000, output[-3000:]
    assert live.process.poll() is None, "the backend died under the run"


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
