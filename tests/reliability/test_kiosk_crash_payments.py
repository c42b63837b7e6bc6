"""Crash test of the kiosk's card payments: a kiosk loop pays by card against a simulated
terminal in another process and is SIGKILLed at random moments (before, during and after
the terminal call, around the commit), the terminal itself now and then too.

After every kill the database is checked as after the sale crash test; at the end, once the
kiosk has recovered, the terminal's journal and the till agree one to one: every approved
charge is exactly one kiosk sale paid by it, and every kiosk sale was charged once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import Connection, func, select

from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from sync.protocol import payload_hash
from tests.reliability.kiosk_pay_loop import acked_path
from tests.reliability.sale_loop import prepare
from tests.reliability.test_crash_during_sales import _wait_ready

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the harness forks (POSIX)")

REPO_ROOT = Path(__file__).resolve().parents[2]
PAYMENTS = 200  # card payments the terminal sees
MAX_ROUNDS = 80
SIM_KILL_EVERY = 7  # the terminal is killed with the kiosk every few rounds
READY_TIMEOUT_S = 30.0
SEED = 20261207


class Zygote:
    """The process that forks the simulator and the kiosks (``kiosk_pay_loop.zygote``)."""

    def __init__(self, db_path: Path, journal: Path, log: IO[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.kiosk_pay_loop", str(db_path), str(journal)],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        assert self.read() == ["zygote"]

    def read(self) -> list[str]:
        """The next line from the zygote or a child, split."""
        assert self.process.stdout is not None
        line = _wait_ready(self.process.stdout, READY_TIMEOUT_S)
        assert line, "no answer from the crash harness in time"
        return line.split()

    def ask(self, command: str) -> list[str]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.read()

    def kill(self, pid: int) -> None:
        """SIGKILL a child (no cleanup, no flush) and check that is how it ended."""
        os.kill(pid, signal.SIGKILL)
        assert self.ask(f"reap {pid}") == ["exit", str(pid), str(int(signal.SIGKILL)), "0"]

    def close(self) -> None:
        self.process.kill()
        self.process.communicate()


def _journal(journal: Path) -> dict[str, list[dict[str, object]]]:
    """The terminal's final records per reference."""
    records: dict[str, list[dict[str, object]]] = {}
    for line in journal.read_text().splitlines():
        record = json.loads(line)
        if record["outcome"] != "in_progress":
            records.setdefault(str(record["ref"]), []).append(record)
    return records


def _check_sales(conn: Connection) -> None:
    """No partial sale: numbers gap-free, each sale whole with its lines, tenders, one fact
    (channel kiosk) and one receipt job; nothing of a sale that is not there."""
    s, ob = table("sale"), table("outbox")
    sales = conn.execute(select(s.c.id, s.c.local_no, s.c.receipt_no, s.c.total_minor)).all()
    assert sorted(r.local_no for r in sales) == list(range(1, len(sales) + 1)), "receipt gap"
    outbox = conn.execute(select(ob.c.seq, ob.c.payload_json, ob.c.payload_hash)).all()
    assert sorted(r.seq for r in outbox) == list(range(1, len(outbox) + 1)), "outbox gap"
    facts: Counter[tuple[str, str, int]] = Counter()
    for r in outbox:
        assert payload_hash(r.payload_json) == r.payload_hash
        fact = json.loads(r.payload_json)
        assert fact["channel"] == "kiosk"
        facts[(fact["order_id"], fact["receipt_no"], fact["total_minor"])] += 1
    assert facts == Counter((r.id, r.receipt_no, r.total_minor) for r in sales)
    per_sale: dict[str, Counter[str]] = {}
    for name, amount in (
        ("sale_line", "total_minor"),
        ("sale_tender", "amount_minor"),
        ("print_job", None),
    ):
        t = table(name)
        figure = func.sum(t.c[amount]) if amount else func.count()
        totals: dict[str, int] = dict(
            conn.execute(select(t.c.sale_id, figure).group_by(t.c.sale_id)).all()
        )
        assert set(totals) == {r.id for r in sales}, f"{name} rows without their sale, or missing"
        per_sale[name] = Counter(totals)
    for r in sales:
        assert per_sale["sale_line"][r.id] == per_sale["sale_tender"][r.id] == r.total_minor
        assert per_sale["print_job"][r.id] == 1, r.receipt_no


def _till(db_path: Path) -> tuple[list[dict[str, object]], dict[str, dict[str, object]]]:
    """The card attempts and the sales (with their card tender) of the till, checked."""
    engine = open_database(db_path)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            _check_sales(conn)
            attempts = [dict(r) for r in conn.execute(select(table("card_attempt"))).mappings()]
            s, t = table("sale"), table("sale_tender")
            sales = {
                str(r.id): dict(r._mapping)
                for r in conn.execute(
                    select(s.c.id, s.c.channel, s.c.total_minor, t.c.kind, t.c.approval_code).join(
                        t, t.c.sale_id == s.c.id
                    )
                )
            }
    finally:
        engine.dispose()
    return attempts, sales


def test_kiosk_card_payments_survive_repeated_sigkill(tmp_path: Path) -> None:
    db_path, journal = tmp_path / "pos.db", tmp_path / "terminal.journal"
    engine = open_database(db_path)
    try:
        prepare(engine)
    finally:
        engine.dispose()
    rng = random.Random(SEED)
    started = time.monotonic()
    log_path = tmp_path / "children.log"
    rounds = sim_kills = in_flight = 0

    def tail() -> str:
        return log_path.read_text()[-3000:]

    with log_path.open("w") as log:
        harness = Zygote(db_path, journal, log)
        try:
            _, sim, port = harness.ask("sim 0")
            while rounds < MAX_ROUNDS and (
                not journal.exists() or len(_journal(journal)) < PAYMENTS
            ):
                rounds += 1
                answer = harness.ask(f"pay {port} {rng.randrange(2**32)}")
                assert answer[0] == "ready", f"kiosk did not start: {answer} {tail()}"
                time.sleep(rng.uniform(0.05, 1.0))
                if rounds % SIM_KILL_EVERY == 0:
                    harness.kill(int(sim))  # the terminal goes down with the kiosk
                    sim_kills += 1
                harness.kill(int(answer[1]))  # fails if the kiosk had died on its own
                if rounds % SIM_KILL_EVERY == 0:
                    _, sim, port = harness.ask(f"sim {port}")
                attempts, _ = _till(db_path)  # consistent after every kill
                # Where the kill landed: a payment under way (written, not yet settled).
                in_flight += sum(a["status"] in ("pending", "approved") for a in attempts)
            answer = harness.ask(f"recover {port}")
            assert answer[0] == "recovered", f"{answer} {tail()}"
            assert harness.ask(f"reap {answer[1]}") == ["exit", answer[1], "0", "0"], tail()
            recovered = int(answer[2])
            harness.kill(int(sim))
        finally:
            harness.close()

    charges = _journal(journal)
    attempts, sales = _till(db_path)
    approved = {ref: recs for ref, recs in charges.items() if recs[0]["outcome"] == "approved"}
    # The terminal ends each payment once and never charges a reference twice.
    assert all(len(recs) == 1 for recs in charges.values())
    by_status = Counter(str(a["status"]) for a in attempts)
    assert by_status["pending"] == by_status["approved"] == 0, by_status
    completed = {str(a["reference"]): a for a in attempts if a["status"] == "completed"}
    kiosk_sales = {sid: s for sid, s in sales.items() if s["channel"] == "kiosk"}
    charged_no_sale = set(approved) - set(completed)
    sale_no_charge = set(completed) - set(approved)
    paid_by = Counter(str(a["sale_id"]) for a in completed.values())
    charged_twice = [sid for sid, n in paid_by.items() if n > 1]
    acked = acked_path(db_path).read_text().split("\n")
    assert acked[-1] == "", "torn ack line"
    assert set(acked[:-1]) <= set(kiosk_sales), "a sale the kiosk saw completed is gone"
    figures = (
        f"{rounds} kiosk kills, {sim_kills} terminal kills, {len(charges)} card payments "
        f"({len(approved)} approved), attempts {dict(by_status)}, {len(kiosk_sales)} kiosk "
        f"sales ({len(set(kiosk_sales) - set(acked))} completed by a restart's recovery or "
        f"killed before the ack), {in_flight} kills with a payment in flight, "
        f"{recovered} recovered at the end; charged without a sale {len(charged_no_sale)}, "
        f"charged twice {len(charged_twice)}, sales without a charge {len(sale_no_charge)}; "
        f"{time.monotonic() - started:.1f} s"
    )
    sys.stdout.write(figures + "\n")  # the figures, shown with pytest -s
    assert not charged_no_sale, figures
    assert not charged_twice, figures
    assert not sale_no_charge, figures
    assert set(kiosk_sales) == {str(a["sale_id"]) for a in completed.values()}, figures
    assert len(kiosk_sales) == len(sales), "the loop sells at the kiosk only"
    for reference, attempt in completed.items():
        record = approved[reference][0]
        sale = kiosk_sales[str(attempt["sale_id"])]
        assert sale["kind"] == "card"
        assert sale["approval_code"] == record["approval_code"], reference
        assert sale["total_minor"] == record["amount_minor"] == attempt["amount_minor"]
    assert len(charges) >= PAYMENTS, figures
    assert rounds >= 20, figures
