"""Rate limits per client address: enrolment codes cannot be guessed (429 and an alarm), and
e-receipt pages are limited (429 with Retry-After)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.db import write_tx
from sync.server.ratelimit import FailureLimit, RateLimiter, client_key
from sync.server.schema import alarm
from sync.server.terminals import create_enrolment_code
from tests.server.conftest import Backend, make_backend

PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_refills_evenly_over_its_window() -> None:
    clock = Clock()
    limiter = RateLimiter(3, 30, clock=clock)
    assert [limiter.spend("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.spend("a") == pytest.approx(10.0)  # one token per 10 s
    assert limiter.spend("b") == 0  # per address
    clock.now += 10
    assert limiter.wait("a") == 0
    assert limiter.spend("a") == 0 and limiter.spend("a") > 0
    small = RateLimiter(1, 60, clock=clock, max_clients=2)
    for key in ("x", "y", "z"):
        small.spend(key)
    assert small.wait("x") == 0  # forgotten first when the table is full
    assert small.wait("z") > 0


def test_one_alarm_per_address_and_window_however_long_the_guessing() -> None:
    clock = Clock()
    limit = FailureLimit(3, 300, clock=clock)
    assert [limit.failed("a") for _ in range(3)] == [False, False, True]
    assert limit.wait("a") > 0
    clock.now += 100  # one more try refilled: used and failed, no second alarm yet
    assert limit.wait("a") == 0 and limit.failed("a") is False
    clock.now += 300
    assert [limit.failed("a") for _ in range(3)][-1] is True


def test_client_keys() -> None:
    assert client_key({"client": ("203.0.113.7", 1)}) == "203.0.113.7"
    assert client_key({"client": ("2001:db8:1:2:3:4:5:6", 1)}) == "2001:db8:1:2::/64"
    assert client_key({"client": ("::ffff:203.0.113.7", 1)}) == "203.0.113.7"
    assert client_key({"client": None}) == "unknown"


@pytest.fixture
def limited(database_url: str, tmp_path: Path) -> Iterator[Backend]:
    b = make_backend(
        database_url,
        tmp_path,
        enrolment_max_failures=5,
        enrolment_failure_window_s=600,
        ereceipt_max_requests=5,
        ereceipt_window_s=60,
    )
    with b.client:
        yield b
    b.engine.dispose()


def _code(b: Backend) -> str:
    with write_tx(b.engine) as conn:
        code, _ = create_enrolment_code(
            conn, store_code="S01", ttl=timedelta(hours=1), now=b.ctx.clock()
        )
    return code


def _enrol(client: TestClient, code: str) -> int:
    body = {"code": code, "device_name": "guess"}
    return client.post("/sync/v1/terminals/enroll", json=body, headers=PROTOCOL).status_code


def test_guessing_enrolment_codes_is_stopped_and_raises_one_alarm(limited: Backend) -> None:
    b = limited
    b.store()
    client = b.client
    assert [_enrol(client, f"WRONG-{n:03d}") for n in range(4)] == [403] * 4
    assert _enrol(client, _code(b)) == 200  # a success does not count against the address
    assert _enrol(client, "WRONG-999") == 403  # the fifth failure: the last try
    refused = client.post(
        "/sync/v1/terminals/enroll", json={"code": _code(b), "device_name": "x"}, headers=PROTOCOL
    )
    assert refused.status_code == 429, refused.text  # even a good code, for a while
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json()["error"] == "rate_limited"
    assert [_enrol(client, f"MORE-{n:03d}") for n in range(20)] == [429] * 20

    with b.engine.connect() as conn:
        alarms = conn.execute(select(alarm).where(alarm.c.kind == "enrolment_guessing")).all()
    assert len(alarms) == 1  # one per address and window, not one per guess
    assert json.loads(alarms[0].detail_json) == {
        "client": "testclient",
        "failures": 5,
        "window_s": 600,
    }
    listed = client.get("/api/v1/alarms", headers=b.admin).json()["items"]
    assert [a["kind"] for a in listed] == ["enrolment_guessing"]

    # another address is not affected
    with TestClient(client.app, client=("198.51.100.20", 40000)) as other:
        assert _enrol(other, _code(b)) == 200


def test_ereceipt_pages_are_limited_per_address(limited: Backend) -> None:
    client = limited.client
    paths = ["/r/not-a-token", "/r/not-a-token/print", "/r/a/b/c", "/r/x?view=print", "/r/y"]
    assert [client.get(p).status_code for p in paths] == [404] * 5
    refused = client.get("/r/not-a-token")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 12  # one page per 12 s refills
    assert refused.json()["error"] == "rate_limited"
    assert client.get("/healthz").status_code == 200  # other routes are not limited
    with TestClient(client.app, client=("198.51.100.20", 40000)) as other:
        assert other.get("/r/not-a-token").status_code == 404
