"""Crash test: a child rings sales and is SIGKILLed at random moments, over and over.

After every kill the database is reopened as the app would on restart and checked: no
partial sale, every sale complete with its lines, tenders, VAT table, stock movements,
outbox fact and print job; receipt numbers and outbox sequence numbers gap-free and
unrepeated; and no sale the child saw committed is lost.
"""

from __future__ import annotations

import json
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Connection, select

from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from sync.protocol import payload_hash
from tests.reliability.sale_loop import STORE, TERMINAL, acked_path, prepare

REPO_ROOT = Path(__file__).resolve().parents[2]
KILLS = 32
MIN_SALES = 50
READY_TIMEOUT_S = 30.0
SEED = 20261123


@dataclass(frozen=True)
class Snapshot:
    receipts: list[str]  # in local_no order
    acked: list[str]


def _wait_ready(stream: IO[str], timeout: float) -> str:
    """The child's first stdout line, or "" if it does not come in time."""
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True)
    reader.start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


def _run_and_kill(db_path: Path, seed: int, delay: float, log: Path) -> None:
    with (
        log.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.sale_loop", str(db_path), str(seed)],
            cwd=REPO_ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as child,
    ):
        assert child.stdout is not None
        try:
            line = _wait_ready(child.stdout, READY_TIMEOUT_S)
            assert line == "ready\n", f"child did not start: {log.read_text()}"
            time.sleep(delay)
            assert child.poll() is None, f"child died on its own: {log.read_text()}"
        finally:
            child.kill()  # SIGKILL on POSIX: no cleanup, no atexit, no flush
            child.wait()
    if sys.platform != "win32":
        assert child.returncode == -signal.SIGKILL


def _read_acked(db_path: Path) -> list[str]:
    path = acked_path(db_path)
    if not path.exists():
        return []
    content = path.read_text()
    lines = content.split("\n")
    # Each ack is a single write() of a whole line; an unterminated tail would be a torn one.
    assert lines[-1] == "", f"torn ack line {lines[-1]!r}"
    return lines[:-1]


def _check_sales(conn: Connection) -> list[str]:
    """Every invariant of committed sales; returns the receipt numbers in order."""
    s = table("sale")
    sales = conn.execute(
        select(
            s.c.id,
            s.c.local_no,
            s.c.receipt_no,
            s.c.kind,
            s.c.subtotal_minor,
            s.c.line_discounts_minor,
            s.c.cart_discount_minor,
            s.c.tax_minor,
            s.c.rounding_minor,
            s.c.total_minor,
        ).order_by(s.c.local_no)
    ).all()
    count = len(sales)
    assert [r.local_no for r in sales] == list(range(1, count + 1)), "receipt gap or repeat"
    for r in sales:
        assert r.receipt_no == f"{STORE}-{TERMINAL}-{r.local_no:06d}"
        assert r.kind == "sale"
    state = conn.execute(
        select(table("terminal_state").c.next_local_no, table("terminal_state").c.next_seq)
    ).one()
    assert state.next_local_no == count + 1

    ln, tn, tx = table("sale_line"), table("sale_tender"), table("sale_tax")
    sm, pj, ob = table("stock_movement"), table("print_job"), table("outbox")
    lines: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for row in conn.execute(
        select(ln.c.id, ln.c.sale_id, ln.c.product_id, ln.c.qty_milli, ln.c.total_minor)
    ):
        lines[row.sale_id].append((row.id, row.product_id, row.qty_milli, row.total_minor))
    tenders: dict[str, list[int]] = defaultdict(list)
    for row in conn.execute(select(tn.c.sale_id, tn.c.amount_minor)):
        tenders[row.sale_id].append(row.amount_minor)
    taxes: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in conn.execute(select(tx.c.sale_id, tx.c.net_minor, tx.c.tax_minor)):
        taxes[row.sale_id].append((row.net_minor, row.tax_minor))
    movements: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for row in conn.execute(
        select(sm.c.id, sm.c.sale_id, sm.c.product_id, sm.c.qty_milli, sm.c.reason)
    ):
        assert row.reason == "sale"
        movements[row.sale_id].append((row.id, row.product_id, row.qty_milli))
    prints: dict[str, list[str]] = defaultdict(list)
    for row in conn.execute(select(pj.c.sale_id, pj.c.kind, pj.c.status)):
        assert (row.kind, row.status) == ("receipt", "pending")
        prints[row.sale_id].append(row.kind)

    outbox = conn.execute(
        select(ob.c.seq, ob.c.kind, ob.c.payload_json, ob.c.payload_hash).order_by(ob.c.seq)
    ).all()
    assert [r.seq for r in outbox] == list(range(1, len(outbox) + 1)), "outbox seq gap or repeat"
    assert state.next_seq == len(outbox) + 1
    facts: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in outbox:
        assert r.kind == "order.completed"
        assert payload_hash(r.payload_json) == r.payload_hash
        payload = json.loads(r.payload_json)
        facts[str(payload["order_id"])].append(payload)

    ids = {r.id for r in sales}
    for name, rows in (
        ("sale_line", lines),
        ("sale_tender", tenders),
        ("sale_tax", taxes),
        ("stock_movement", movements),
        ("print_job", prints),
        ("outbox", facts),
    ):
        orphans = set(rows) - ids
        assert not orphans, f"{name} rows of no sale: {sorted(orphans)[:3]}"

    for r in sales:
        goods = r.total_minor - r.rounding_minor
        sale_lines = lines[r.id]
        assert sale_lines, f"{r.receipt_no} has no lines"
        assert sum(line[3] for line in sale_lines) == goods
        assert goods == r.subtotal_minor - r.line_discounts_minor - r.cart_discount_minor
        assert tenders[r.id] and sum(tenders[r.id]) == r.total_minor, r.receipt_no
        assert taxes[r.id] and sum(n + t for n, t in taxes[r.id]) == goods, r.receipt_no
        assert sum(t for _, t in taxes[r.id]) == r.tax_minor
        assert Counter((m[1], m[2]) for m in movements[r.id]) == Counter(
            (line[1], -line[2]) for line in sale_lines
        ), f"{r.receipt_no} stock movements do not match its lines"
        assert len(prints[r.id]) == 1, f"{r.receipt_no} has {len(prints[r.id])} print jobs"
        assert len(facts[r.id]) == 1, f"{r.receipt_no} has {len(facts[r.id])} outbox facts"
        fact = facts[r.id][0]
        assert fact["receipt_no"] == r.receipt_no
        assert fact["total_minor"] == r.total_minor
        fact_movements = fact["stock_movements"]
        assert isinstance(fact_movements, list)
        assert sorted(m["id"] for m in fact_movements) == sorted(m[0] for m in movements[r.id])
    return [r.receipt_no for r in sales]


def check_database(db_path: Path) -> Snapshot:
    """Reopen the database as the app does on restart and check it thoroughly."""
    engine = open_database(db_path)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            receipts = _check_sales(conn)
    finally:
        engine.dispose()
    acked = _read_acked(db_path)
    assert len(acked) == len(set(acked)), "a receipt number was acknowledged twice"
    lost = set(acked) - set(receipts)
    assert not lost, f"sales the child saw committed are gone: {sorted(lost)[:5]}"
    return Snapshot(receipts, acked)


def test_sales_survive_repeated_sigkill(tmp_path: Path) -> None:
    db_path = tmp_path / "pos.db"
    engine = open_database(db_path)
    try:
        prepare(engine)
    finally:
        engine.dispose()
    rng = random.Random(SEED)
    before = check_database(db_path)
    assert before.receipts == []
    kills = 0
    for round_no in range(KILLS):
        _run_and_kill(db_path, rng.randrange(2**32), rng.uniform(0.05, 0.4), tmp_path / "child.log")
        kills += 1
        after = check_database(db_path)
        # Earlier sales are untouched; only new ones are appended.
        assert after.receipts[: len(before.receipts)] == before.receipts, f"round {round_no}"
        # At most the one sale in flight at the kill may be committed without an ack.
        new_acked = set(after.acked) - set(before.acked)
        unacked = set(after.receipts[len(before.receipts) :]) - new_acked
        assert len(unacked) <= 1, f"round {round_no}: {sorted(unacked)} committed, never acked"
        before = after
    assert kills >= 30
    assert len(before.receipts) > MIN_SALES, f"only {len(before.receipts)} sales were rung"
