"""Failure scenarios of docs/sync-protocol.md against a real backend process: F1, F2, F3, F9, F23.

Faults come from the suite's own tools: an asyncio TCP proxy (tests/sync/proxy.py) that drops
requests, drops answers after the backend sent them, delays and resets; an httpx transport
wrapper (tests/sync/faults.py); and a child process that SIGKILLs itself at a named point
(tests/sync/kill_after_push.py).
"""

from __future__ import annotations

import base64
import http.server
import itertools
import json
import logging
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from pos_app.services.sync_worker import BACKOFF_MAX_S, SyncWorker
from sync.client.errors import TransportError
from sync.client.transport import SyncTransport
from tests.fakes import FakeClock
from tests.sync.conftest import (
    REPO_ROOT,
    Audit,
    BackendFactory,
    LiveBackend,
    LiveTerminal,
    TerminalFactory,
    audit,
    catalog_items,
)
from tests.sync.faults import Action, FaultTransport, Rule
from tests.sync.proxy import NO_FAULTS, Fault, FaultPlan, FaultProxy

log = logging.getLogger(__name__)

# F1 at CI size (docs/sync-protocol.md: 10,000); two terminals ring half each.
F1_ORDERS = 2000
F1_TERMINALS = 2
F1_PLAN = FaultPlan(drop_response=0.20, drop_request=0.05)
F2_ORDERS = 600
RING_CHUNK = 25  # sales rung on each terminal between sync attempts
# Push batches adapt up to this (the client's own maximum is 500): more, smaller pushes put
# more acknowledgements at the mercy of the proxy.
HARNESS_MAX_BATCH = 50
MAX_ROUNDS = 2000
HARNESS_DEADLINE_S = 150.0


# -- the proxy itself does what it says (else the scenarios prove nothing) -------------------


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[bytes]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(body)
        answer = b"seen:" + body[:16]
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def counting_server() -> Iterator[tuple[int, list[bytes]]]:
    seen: list[bytes] = []
    handler = type("Handler", (_CountingHandler,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1]), seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize(
    ("fault", "reached_backend", "client_error"),
    [
        (Fault.FORWARD, True, None),
        (Fault.DELAY, True, None),
        (Fault.DROP_REQUEST, False, httpx.RemoteProtocolError),
        (Fault.DROP_RESPONSE, True, httpx.RemoteProtocolError),
        (Fault.RESET, False, httpx.ReadError),
    ],
)
def test_the_proxy_injects_each_fault(
    counting_server: tuple[int, list[bytes]],
    fault: Fault,
    reached_backend: bool,
    client_error: type[Exception] | None,
) -> None:
    port, seen = counting_server
    plan = NO_FAULTS if fault is Fault.FORWARD else FaultPlan(**{str(fault): 1.0}, delay_s=0.01)
    body = b"x" * 200_000  # larger than any single read: the framing must hold
    with FaultProxy(port, plan, seed=1) as proxy, httpx.Client(timeout=5.0) as http:
        if client_error is None:
            response = http.post(f"{proxy.url}/push", content=body)
            assert response.status_code == 200
            assert response.content == b"seen:" + body[:16]
            # keep-alive: a second request on the same connection is framed right too
            assert http.post(f"{proxy.url}/push", content=b"again").content == b"seen:again"
        else:
            with pytest.raises(client_error):
                http.post(f"{proxy.url}/push", content=body)
        assert proxy.counters[str(fault)] >= 1
        assert proxy.count(fault, "/push") >= 1
    assert (seen[:1] == [body]) is reached_backend


# -- F1 / F2: orders through a lossy network ----------------------------------------------------


@dataclass
class HarnessRun:
    rounds: int
    failed_rounds: int
    seconds: float
    proxy_counts: dict[str, int]
    push_responses_dropped: int
    push_requests_dropped: int
    audit: Audit

    def summary(self) -> str:
        problems = "; ".join(p[:300] for p in self.audit.problems()) or "none"
        return (
            f"{self.audit.expected_orders} orders rung, {self.audit.orders} on the backend, "
            f"{self.rounds} rounds ({self.failed_rounds} failed) in {self.seconds} s; "
            f"proxy {self.proxy_counts}; push answers dropped {self.push_responses_dropped}, "
            f"push requests dropped {self.push_requests_dropped}; problems: {problems}"
        )


def _attempt(client: Any) -> bool:
    """One sync round; False when the network failed it (the terminal just tries again)."""
    try:
        client.run_once()
    except TransportError as error:
        log.debug("round failed: %s", error)
        return False
    return True


def run_lossy_harness(
    backend: LiveBackend,
    terminal_factory: TerminalFactory,
    *,
    orders: int,
    terminals: int,
    plan: FaultPlan,
    seed: int,
) -> HarnessRun:
    """Ring ``orders`` sales over ``terminals`` while syncing through a faulty proxy, then
    sync until every outbox is acknowledged; audit the backend against the terminals."""
    started = time.monotonic()
    deadline = started + HARNESS_DEADLINE_S
    rng = random.Random(seed)
    with FaultProxy(int(backend.url.rsplit(":", 1)[1]), NO_FAULTS, seed=seed) as proxy:
        tills = [terminal_factory(backend, server_url=proxy.url) for _ in range(terminals)]
        clients = [till.client() for till in tills]
        for client in clients:
            client.max_batch = HARNESS_MAX_BATCH
            client.batch_size = min(client.batch_size, HARNESS_MAX_BATCH)
        proxy.set_plan(plan)
        rounds = failed = 0
        quota = [
            orders // terminals + (1 if i < orders % terminals else 0) for i in range(terminals)
        ]
        rung = [0] * terminals
        while rung != quota or any(till.pending() for till in tills):
            assert rounds < MAX_ROUNDS and time.monotonic() < deadline, (
                f"no convergence after {rounds} rounds: rung {rung}, "
                f"pending {[t.pending() for t in tills]}, proxy {dict(proxy.counters)}"
            )
            for i, (till, client) in enumerate(zip(tills, clients, strict=True)):
                batch = min(RING_CHUNK, quota[i] - rung[i])
                if batch:
                    till.ring_random(rng, batch)
                    rung[i] += batch
                rounds += 1
                failed += not _attempt(client)
        proxy.set_plan(NO_FAULTS)
        for till, client in zip(tills, clients, strict=True):
            till.sync_until_idle(client)
        counts = dict(proxy.counters)
        dropped_answers = proxy.count(Fault.DROP_RESPONSE, "/push")
        dropped_requests = proxy.count(Fault.DROP_REQUEST, "/push")
    return HarnessRun(
        rounds=rounds,
        failed_rounds=failed,
        seconds=round(time.monotonic() - started, 1),
        proxy_counts=counts,
        push_responses_dropped=dropped_answers,
        push_requests_dropped=dropped_requests,
        audit=audit(backend, tills),
    )


def test_f1_orders_through_a_lossy_network_arrive_exactly_once(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    run = run_lossy_harness(
        live_backend,
        terminal_factory,
        orders=F1_ORDERS,
        terminals=F1_TERMINALS,
        plan=F1_PLAN,
        seed=20261123,
    )
    log.warning("F1 (%s): %s", live_backend.kind, run.summary())
    # The faults really happened, on pushes too: otherwise this proves nothing.
    assert run.push_responses_dropped > 0, run.proxy_counts
    assert run.push_requests_dropped > 0, run.proxy_counts
    assert run.proxy_counts["drop_response"] >= 0.1 * run.proxy_counts["requests"] - 5
    assert run.failed_rounds > 0
    assert run.audit.expected_orders == F1_ORDERS
    assert run.audit.problems() == []
    assert run.audit.orders == F1_ORDERS
    receipts = [str(r[0]) for r in live_backend.rows("SELECT receipt_no FROM pos_order")]
    assert len(receipts) == len(set(receipts)) == F1_ORDERS


def test_f2_the_harness_detects_duplicates_when_deduplication_is_off(
    backend_factory: BackendFactory, terminal_factory: TerminalFactory
) -> None:
    backend = backend_factory("sqlite", POS_SERVER_UNSAFE_DISABLE_DEDUPLICATION="1")
    backend.store("S01", "Kadıköy")
    backend.products(catalog_items())
    run = run_lossy_harness(
        backend, terminal_factory, orders=F2_ORDERS, terminals=2, plan=F1_PLAN, seed=42
    )
    log.warning("F2: %s", run.summary())
    assert run.push_responses_dropped > 0, run.proxy_counts
    problems = run.audit.problems()
    assert run.audit.duplicates > 0, problems
    assert run.audit.orders > run.audit.expected_orders == F2_ORDERS
    assert any("duplicate" in p for p in problems)
    assert run.audit.missing_receipts == []  # duplicated, not lost


# -- F3: killed after the backend committed, before the ack was recorded -----------------------

F3_KILLS = 15
F3_SALES_PER_RUN = 3
CHILD_TIMEOUT_S = 60.0


def _run_child(terminal: LiveTerminal, log_path: Any) -> subprocess.CompletedProcess[str]:
    with log_path.open("a") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.kill_after_push", str(terminal.db_path)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            out, _ = child.communicate(timeout=CHILD_TIMEOUT_S)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    return subprocess.CompletedProcess(child.args, child.returncode, out, "")


def test_f3_killed_between_commit_and_ack_many_times(
    live_backend: LiveBackend, terminal_factory: TerminalFactory, tmp_path: Any
) -> None:
    terminal = terminal_factory(live_backend)
    rng = random.Random(3)
    child_log = tmp_path / "child.log"
    rung = 0
    for kill in range(1, F3_KILLS + 1):
        terminal.ring_random(rng, F3_SALES_PER_RUN)
        rung += F3_SALES_PER_RUN
        result = _run_child(terminal, child_log)
        assert result.returncode == -signal.SIGKILL, (
            f"kill {kill}: child ended with {result.returncode}, stdout {result.stdout!r}, "
            f"stderr {child_log.read_text()[-3000:]}"
        )
        assert result.stdout.startswith("killing "), result.stdout
        # The backend committed before the kill; the terminal never recorded that.
        assert live_backend.order_count() == rung, f"kill {kill}"
        assert terminal.pending() >= F3_SALES_PER_RUN, f"kill {kill}: acked despite the kill"
    pending_before = terminal.pending()
    final = terminal.sync_until_idle()
    # Everything was already there: the replayed facts come back as duplicates.
    assert sum(r.applied for r in final) == 0
    assert sum(r.duplicates for r in final) == pending_before >= F3_SALES_PER_RUN
    assert sum(r.rejected for r in final) == 0
    result = audit(live_backend, [terminal])
    assert result.problems() == []
    assert result.orders == rung == F3_KILLS * F3_SALES_PER_RUN
    outcomes = {str(r[0]) for r in terminal.rows("SELECT DISTINCT outcome FROM outbox")}
    assert "duplicate" in outcomes and outcomes <= {"applied", "duplicate"}, outcomes


def _decode_cursor(cursor: str) -> dict[str, Any]:
    """Only for messages: the backend's cursor is opaque to the terminal."""
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except ValueError:
        return {"raw": cursor}
    return decoded if isinstance(decoded, dict) else {"raw": cursor}


# -- F9: the connection drops after k of n pull pages, over and over ---------------------------

F9_PRODUCTS = 3000
F9_PULL_LIMIT = 200
F9_MAX_ROUNDS = 80

ProductRow = tuple[str, str, int, int, bool, tuple[str, ...]]


def _backend_products(backend: LiveBackend) -> dict[str, ProductRow]:
    return {
        str(r.id): (
            str(r.sku),
            str(r.name),
            int(r.price_minor),
            int(r.vat_rate),
            bool(r.active),
            tuple(sorted(json.loads(r.barcodes_json))),
        )
        for r in backend.rows(
            "SELECT id, sku, name, price_minor, vat_rate, active, barcodes_json FROM product"
        )
    }


def _local_products(terminal: LiveTerminal) -> dict[str, ProductRow]:
    barcodes: dict[str, list[str]] = {}
    for code, product_id in terminal.rows("SELECT code, product_id FROM barcode"):
        barcodes.setdefault(str(product_id), []).append(str(code))
    return {
        str(r.id): (
            str(r.sku),
            str(r.name),
            int(r.price_minor),
            int(r.vat_rate),
            bool(r.active),
            tuple(sorted(barcodes.get(str(r.id), []))),
        )
        for r in terminal.rows("SELECT id, sku, name, price_minor, vat_rate, active FROM product")
    }


def _stored_cursor(client: Any) -> str | None:
    cursor = client.replica.state().cursor
    return None if cursor is None else str(cursor)


def _assert_cursor_not_ahead(
    backend: LiveBackend, terminal: LiveTerminal, client: Any, label: str
) -> None:
    """The replica holds every change up to the stored cursor: the replica plus the changes
    the backend has after that cursor (fetched here, read-only) is exactly the backend's
    catalog. A cursor ahead of the applied data would lose a product for good."""
    cursor = _stored_cursor(client)
    assert cursor, f"{label}: no cursor stored"
    replica = _local_products(terminal)
    transport = SyncTransport(backend.url, terminal.enrolment.token)
    try:
        page_cursor: str | None = cursor
        while True:
            page = transport.pull(page_cursor, 5000)
            for change in page.changes:
                if change.collection != "product":
                    continue
                if change.op == "delete":
                    replica.pop(change.key, None)
                    continue
                data = change.data or {}
                replica[change.key] = (
                    str(data["sku"]),
                    str(data["name"]),
                    int(data["price_minor"]),
                    int(data["vat_rate"]),
                    bool(data.get("active", True)),
                    tuple(sorted(data.get("barcodes") or [])),
                )
            page_cursor = page.cursor
            if not page.has_more:
                break
    finally:
        transport.close()
    expected = _backend_products(backend)
    lost = sorted(set(expected) - set(replica))
    stale = sorted(k for k in set(expected) & set(replica) if expected[k] != replica[k])
    assert not lost and not stale and set(replica) == set(expected), (
        f"{label}: the cursor {_decode_cursor(cursor)} is ahead of the applied data: "
        f"{len(lost)} products lost (e.g. {lost[:3]}), {len(stale)} stale (e.g. {stale[:3]})"
    )


def _bulk_items(count: int, *, offset: int = 0, price_step: int = 0) -> list[dict[str, Any]]:
    return [
        {
            "sku": f"F9-{n:05d}",
            "name": f"Ürün {n}",
            "price_minor": 100 + n + price_step,
            "vat_rate": (1, 10, 20)[n % 3],
            "barcodes": [f"29{n:010d}"],
        }
        for n in range(offset, offset + count)
    ]


def test_f9_pull_dropped_after_k_pages_repeatedly(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    terminal = terminal_factory(live_backend)
    half = F9_PRODUCTS // 2
    live_backend.products(_bulk_items(half))
    live_backend.products(_bulk_items(F9_PRODUCTS - half, offset=half))
    faults = FaultTransport()
    client = terminal.client(http=terminal.http(faults))
    client.pull_limit = F9_PULL_LIMIT
    _assert_cursor_not_ahead(live_backend, terminal, client, "before")
    rng = random.Random(9)
    failed = completed = 0
    for round_no in range(1, F9_MAX_ROUNDS + 1):
        k = rng.randint(1, 4)
        action = rng.choice((Action.CONNECT_ERROR, Action.DROP_AFTER))
        faults.clear()
        rule = faults.fail_nth(k, path="/pull", action=action)
        try:
            client.run_once()
        except TransportError:
            assert rule.fired == 1, "a round failed without the injected fault"
            failed += 1
        else:
            assert rule.fired == 0, "the injected fault did not fail the round"
            completed += 1
        _assert_cursor_not_ahead(
            live_backend, terminal, client, f"round {round_no} (k={k}, {action})"
        )
        if round_no == 4:
            # More changes while the terminal is still catching up: repriced products.
            live_backend.products(_bulk_items(300, offset=1000, price_step=7))
        if completed and round_no > 4:
            break
    else:
        pytest.fail(f"pull never completed in {F9_MAX_ROUNDS} rounds")
    faults.clear()
    terminal.sync_until_idle(client)
    log.warning("F9 (%s): %d failed rounds, %d completed", live_backend.kind, failed, completed)
    assert failed >= 5, f"only {failed} rounds failed: the scenario did not exercise much"
    assert _local_products(terminal) == _backend_products(live_backend)
    assert len(_local_products(terminal)) == F9_PRODUCTS + len(catalog_items())


# -- F23: the backend answers 503 for ten minutes ----------------------------------------------

F23_OUTAGE = timedelta(minutes=10)
F23_RETRY_AFTER_S = 2
F23_BACKOFF_CAP_S = 60.0
F23_IDLE_INTERVAL_S = 3600.0  # the worker's pause after a success: far above any backoff
F23_SALES = 40


def test_f23_backend_unavailable_for_ten_minutes(
    backend_factory: BackendFactory, terminal_factory: TerminalFactory
) -> None:
    backend = backend_factory("sqlite")
    backend.store("S01", "Kadıköy")
    backend.products(catalog_items())
    terminal = terminal_factory(backend)
    terminal.ring_random(random.Random(23), F23_SALES)

    clock = FakeClock()
    outage_ends = clock.now() + F23_OUTAGE
    faults = FaultTransport()
    outage = faults.answer_while(
        lambda: clock.now() < outage_ends, status=503, retry_after=str(F23_RETRY_AFTER_S)
    )
    waits: list[tuple[float, bool]] = []  # (seconds asked for, asked during the outage)
    stopping = threading.Event()

    def fake_sleep(seconds: float) -> None:
        waits.append((seconds, clock.now() < outage_ends))
        if seconds >= F23_IDLE_INTERVAL_S:
            stopping.wait(0.1)  # idle after a success: pause for real, simulated time stands
            return
        clock.advance(seconds=seconds)

    worker = SyncWorker(
        terminal.engine,
        http=terminal.http(faults),
        interval_s=F23_IDLE_INTERVAL_S,
        sleep=fake_sleep,
    )
    worker.start()
    try:
        deadline = time.monotonic() + 45.0
        while (terminal.pending() or backend.order_count() < F23_SALES) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.05)
    finally:
        stopping.set()
        worker.stop()
    backoff = [seconds for seconds, during in waits if during]
    log.warning("F23: %d attempts refused; waits %s", outage.fired, [round(w, 2) for w in backoff])

    assert terminal.pending() == 0, f"not delivered; waits {backoff}, log {faults.counters}"
    assert audit(backend, [terminal]).problems() == []
    assert backend.order_count() == F23_SALES
    # Every refused attempt was followed by a wait, and there were not many attempts.
    assert outage.fired == len(backoff)
    assert 10 <= len(backoff) <= 20, backoff
    # The waits grow (never below the backend's Retry-After), with jitter, up to the cap. The
    # worker sleeps until a deadline it set just before, so a wait may be a hair shorter.
    slack = 0.1
    assert all(F23_RETRY_AFTER_S - slack <= w <= F23_BACKOFF_CAP_S for w in backoff), backoff
    assert all(a <= b + slack for a, b in itertools.pairwise(backoff)), backoff
    assert backoff[-1] == pytest.approx(F23_BACKOFF_CAP_S, abs=slack), backoff
    # The documented policy: 1 s doubling up to 60 s, plus up to 1 s of jitter while growing.
    jitter = []
    for n, wait in enumerate(backoff, 1):
        base = 2.0 ** (n - 1)
        if F23_RETRY_AFTER_S < base < F23_BACKOFF_CAP_S - 1:
            assert base - slack <= wait <= base + 1 + slack, (n, backoff)
            jitter.append(wait - base)
    assert len(jitter) >= 4 and any(j > slack for j in jitter), f"no jitter: {backoff}"
    # It waited out the outage and then delivered within one capped wait.
    waited = sum(backoff)
    assert F23_OUTAGE.total_seconds() <= waited < F23_OUTAGE.total_seconds() + F23_BACKOFF_CAP_S
    status = worker.status()
    assert (status.online, status.pending, status.last_error) == (True, 0, "")


# -- issue 15 item 4: rounds that make progress keep the retry wait short ----------------------

PROGRESS_SALES = 120
PROGRESS_BATCH = 5


def test_backoff_resets_after_a_round_that_had_batches_acknowledged(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    """Every other push fails: each round gets one batch through, then fails. The wait after
    such a round starts small again (8,339 facts took 582 s under faults with the doubling
    wait, 42 s round after round)."""
    terminal = terminal_factory(live_backend)
    terminal.ring_random(random.Random(4), PROGRESS_SALES)
    faults = FaultTransport()
    flip = itertools.cycle([False, True])
    faults.add(Rule(Action.CONNECT_ERROR, path="/push", times=None, active=lambda: next(flip)))
    waits: list[float] = []
    stopping = threading.Event()

    def fake_sleep(seconds: float) -> None:
        if seconds > BACKOFF_MAX_S:  # idle after a success (a little under the interval)
            stopping.wait(0.1)
            return
        waits.append(seconds)

    worker = SyncWorker(
        terminal.engine,
        http=terminal.http(faults),
        interval_s=F23_IDLE_INTERVAL_S,
        sleep=fake_sleep,
    )
    assert worker.client is not None
    worker.client.batch_size = worker.client.max_batch = PROGRESS_BATCH
    worker.start()
    try:
        deadline = time.monotonic() + 60.0
        while terminal.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stopping.set()
        worker.stop()
    assert terminal.pending() == 0
    assert audit(live_backend, [terminal]).problems() == []
    assert len(waits) >= PROGRESS_SALES // PROGRESS_BATCH // 2
    # wait_exponential_jitter: the first wait is 1 s plus up to 1 s of jitter.
    assert max(waits) <= 2.0, waits
