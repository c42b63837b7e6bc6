"""Restores and clones against a live backend (issue 15 items 1 and 3; docs/sync-protocol.md F15,
F27,
F29), on SQLite and PostgreSQL, with a few thousand sales in all:

- a till restored from an older copy of its database: new sales reach the backend, nothing
  already there is applied twice, receipt numbers continue above the backend's;
- a till's data directory copied to a second place: the copy is refused at its first hello
  and cannot sell until enrolled as a till of its own; no sale of either is lost and no
  receipt number is used twice;
- a backend restored from an older backup: a new server epoch, the tills resend what it lost
  (without selling again) and re-download the reference data.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.app import build_register, build_services
from pos_app.config import load_settings
from pos_app.devices.drawer import NoDrawer
from pos_app.errors import UserError
from pos_app.services.enrolment import enroll
from pos_app.services.local_backend import start_local_backend
from pos_app.services.sale_document import SaleContext
from pos_app.services.sync_worker import SyncWorker
from pos_app.storage.database import open_database
from sync.client.errors import AuthError
from sync.server.db import make_engine
from tests.server.conftest import BACKENDS, PG_URL
from tests.sync.conftest import (
    ADMIN_TOKEN,
    BARCODES,
    CASHIER_PIN,
    BackendFactory,
    LiveBackend,
    LiveTerminal,
    TerminalFactory,
    audit,
    catalog_items,
)

pytestmark = pytest.mark.usefixtures("no_device_override")


@pytest.fixture
def no_device_override(monkeypatch: pytest.MonkeyPatch) -> None:
    # The device id comes from the machine and the data directory, as on a real till.
    monkeypatch.delenv("POS_DEVICE_ID", raising=False)


_reopened: list[LiveTerminal] = []


@pytest.fixture(autouse=True)
def close_reopened() -> Iterator[None]:
    yield
    while _reopened:
        _reopened.pop().close()


def backup(terminal: LiveTerminal, target: Path) -> None:
    """An online copy of the till's database (SQLite's backup API), as a backup tool makes."""
    source = sqlite3.connect(terminal.db_path)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def reopen(terminal: LiveTerminal, data_dir: Path | None = None) -> LiveTerminal:
    """The till started again on the database now in ``data_dir`` (default: its own)."""
    settings = load_settings(data_dir=data_dir or terminal.settings.data_dir, printer="")
    engine = open_database(settings.database_path)
    services = build_services(settings, engine)
    user = engine_row(engine, "SELECT id, name FROM user ORDER BY created_at LIMIT 1")
    shift = engine_row(
        engine, "SELECT id, business_date FROM shift WHERE closed_at IS NULL LIMIT 1"
    )
    ctx = SaleContext(
        str(user[0]),
        str(user[1]),
        str(shift[0]),
        date.fromisoformat(str(shift[1])),
        paper_receipt=False,
    )
    reopened = LiveTerminal(
        terminal.name + "'",
        settings,
        engine,
        terminal.enrolment,
        terminal.server_url,
        services=services,
        ctx=ctx,
    )
    _reopened.append(reopened)
    return reopened


def engine_row(engine: object, sql: str) -> tuple[object, ...]:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        row = conn.execute(text(sql)).one()
    return tuple(row)


def put_back(terminal: LiveTerminal, copy: Path) -> LiveTerminal:
    """Stop the till, put the older copy of its database back, start it again."""
    terminal.close()
    shutil.copy(copy, terminal.db_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{terminal.db_path}{suffix}").unlink(missing_ok=True)
    return reopen(terminal)


def receipts_on_backend(backend: LiveBackend) -> list[str]:
    return [str(r[0]) for r in backend.rows("SELECT receipt_no FROM pos_order")]


def assert_exact(backend: LiveBackend, terminals: list[LiveTerminal], sales: int) -> None:
    found = audit(backend, terminals)
    assert found.problems() == [], found.problems()
    assert found.orders == sales
    held = receipts_on_backend(backend)
    assert len(held) == len(set(held)) == sales


def test_f15_a_till_restored_from_an_older_copy_loses_nothing(
    live_backend: LiveBackend, terminal_factory: TerminalFactory, tmp_path: Path
) -> None:
    rng = random.Random(15)
    till = terminal_factory(live_backend)
    till.ring_random(rng, 300)
    till.sync_until_idle()
    copy = tmp_path / "pos-backup.db"
    backup(till, copy)
    later = till.ring_random(rng, 700)
    till.sync_until_idle()
    highest = max(int(sale.receipt_no[-6:]) for sale in later)
    till = put_back(till, copy)
    # The till comes back online: its first hello finds the backend ahead of this database.
    report = till.client().run_once()
    assert report.new_epoch
    fresh = till.ring_random(rng, 600)
    assert min(int(sale.receipt_no[-6:]) for sale in fresh) == highest + 1
    till.sync_until_idle()
    # Every sale the restored database knows, plus the 700 it lost, each once on the backend.
    held = receipts_on_backend(live_backend)
    assert len(held) == len(set(held)) == 1600
    assert {sale.receipt_no for sale in later + fresh} <= set(held)
    rejected = till.scalar("SELECT count(*) FROM outbox WHERE outcome = 'rejected'")
    assert rejected == 0
    assert till.pending() == 0
    assert live_backend.scalar("SELECT count(*) FROM alarm") == 0


def test_f15_a_till_restored_and_selling_before_it_reaches_the_backend(
    live_backend: LiveBackend, terminal_factory: TerminalFactory, tmp_path: Path
) -> None:
    rng = random.Random(151)
    till = terminal_factory(live_backend)
    till.ring_random(rng, 100)
    till.sync_until_idle()
    copy = tmp_path / "pos-backup.db"
    backup(till, copy)
    till.ring_random(rng, 200)
    till.sync_until_idle()
    till = put_back(till, copy)
    # Offline after the restore: these print numbers the backend already has. They are real
    # sales: kept, under a variant of the number, each with an alarm for staff.
    offline = till.ring_random(rng, 150)
    reports = till.sync_until_idle()
    assert any(r.new_epoch for r in reports)
    held = receipts_on_backend(live_backend)
    assert len(held) == len(set(held)) == 450
    ids = {str(r[0]) for r in live_backend.rows("SELECT id FROM pos_order")}
    assert {sale.sale_id for sale in offline} <= ids
    reused = live_backend.scalar("SELECT count(*) FROM alarm WHERE kind = 'receipt_number_reused'")
    assert reused == 150
    # From now on numbers continue above the backend's.
    after = till.ring(BARCODES[0])
    assert int(after.receipt_no[-6:]) == 301
    till.sync_until_idle()
    assert live_backend.scalar("SELECT count(*) FROM alarm") == 150


def test_f27_a_copied_till_is_refused_until_enrolled_as_its_own(
    live_backend: LiveBackend, terminal_factory: TerminalFactory, tmp_path: Path
) -> None:
    rng = random.Random(27)
    original = terminal_factory(live_backend)
    original.ring_random(rng, 300)
    original.sync_until_idle()
    unsent = original.ring_random(rng, 20)  # in the copy too: sent once, by either
    clone_dir = tmp_path / "clone"
    clone_dir.mkdir()
    # The whole data directory: the database, and its credentials and PIN pepper files.
    backup(original, clone_dir / "pos.db")
    for name in ("credentials.json", "pin_pepper"):
        shutil.copy(original.settings.data_dir / name, clone_dir / name)
    clone = reopen(original, clone_dir)
    original.ring_random(rng, 300)
    original.sync_until_idle()
    # The copy's first hello is refused; it says so and cannot start a sale.
    with pytest.raises(AuthError, match="another device"):
        clone.client().run_once()
    assert clone.services is not None
    conflict = clone.scalar("SELECT identity_conflict FROM sync_state")
    assert "another device" in conflict
    worker = SyncWorker(clone.engine)
    clone.services.sync = worker
    try:
        assert worker.status().identity_conflict
        register = build_register(clone.services, NoDrawer(), language="en")
        cashier = str(clone.scalar("SELECT id FROM user LIMIT 1"))
        register.sign_in(cashier, CASHIER_PIN)
        with pytest.raises(UserError) as refused:
            register.sale.scan(BARCODES[0])
        assert refused.value.code == "sync.identity_conflict"
    finally:
        worker.stop()
        clone.services.sync = None
    # Enrolled as a till of its own (T02), it sells under its own numbers.
    code = live_backend.enrolment_code("S01", "T02")
    enroll(clone.engine, clone.server_url, code, device_name="clone")
    assert clone.scalar("SELECT terminal_code FROM terminal_state") == "T02"
    assert clone.scalar("SELECT identity_conflict FROM sync_state") == ""
    clone.close()  # `pos enroll` runs with the app stopped; it starts again as T02
    clone = reopen(clone)
    own = clone.ring_random(rng, 300)
    assert {sale.receipt_no[:8] for sale in own} == {"S01-T02-"}
    clone.sync_until_idle()
    original.sync_until_idle()
    held = receipts_on_backend(live_backend)
    assert len(held) == len(set(held)) == 920
    assert {sale.receipt_no for sale in unsent + own} <= set(held)
    assert live_backend.scalar("SELECT count(*) FROM alarm") == 0
    assert original.pending() == clone.pending() == 0


def _schema(database_url: str) -> str:
    return database_url.rsplit("search_path%3D", 1)[1]


def _take_backup(backend: LiveBackend, target: Path) -> None:
    if backend.kind == "sqlite":
        source = sqlite3.connect(backend.database_url.removeprefix("sqlite:///"))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        subprocess.run(
            ["pg_dump", "-d", PG_URL, "-n", _schema(backend.database_url), "-Fc", "-f", target],
            check=True,
        )


def _restore_backup(backend: LiveBackend, source: Path) -> None:
    """With the backend stopped: its database replaced by the backup."""
    backend.engine.dispose()
    if backend.kind == "sqlite":
        database = Path(backend.database_url.removeprefix("sqlite:///"))
        shutil.copy(source, database)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    else:
        schema = _schema(backend.database_url)
        subprocess.run(
            ["psql", "-q", "-d", PG_URL, "-c", f"DROP SCHEMA {schema} CASCADE"], check=True
        )
        subprocess.run(["pg_restore", "-d", PG_URL, source], check=True)


@pytest.mark.parametrize("kind", BACKENDS)
def test_f29_a_backend_restored_from_an_older_backup(
    kind: str, backend_factory: BackendFactory, terminal_factory: TerminalFactory, tmp_path: Path
) -> None:
    rng = random.Random(29)
    backend = backend_factory(kind)
    backend.store("S01", "Kadıköy")
    backend.products(catalog_items())
    tills = [terminal_factory(backend), terminal_factory(backend)]
    for till in tills:
        till.ring_random(rng, 200)
        till.sync_until_idle()
    saved = tmp_path / "backend-backup"
    _take_backup(backend, saved)
    epoch = backend.scalar("SELECT value FROM server_meta WHERE key = 'epoch'")
    for till in tills:
        till.ring_random(rng, 300)
        till.sync_until_idle()
    backend.set_price("E2E-MILK", 4990)  # a catalog change the backup lacks
    for till in tills:
        till.sync_until_idle()
    assert backend.order_count() == 1000
    # The backend stops, its database is put back to the backup, it starts again.
    data_dir = backend.process.log_path.parent
    port = int(backend.url.rsplit(":", 1)[1])
    backend.process.stop()
    _restore_backup(backend, saved)
    backend.engine = make_engine(backend.database_url)
    assert backend.order_count() == 400
    backend.process = start_local_backend(
        data_dir, port=port, database_url=backend.database_url, admin_token=ADMIN_TOKEN
    )
    assert backend.scalar("SELECT value FROM server_meta WHERE key = 'epoch'") != epoch
    backend.set_price("E2E-BREAD", 1750)  # a change after the restore
    # The tills resend what the backend lost without selling again, and re-download the
    # reference data: the milk price the restore took back, the bread price set since.
    for till in tills:
        reports = till.sync_until_idle()
        assert sum(r.resent for r in reports) == 300
        assert sum(r.snapshot_items for r in reports) > 0
    assert_exact(backend, tills, 1000)
    for till in tills:
        prices = dict(till.rows("SELECT sku, price_minor FROM product"))
        assert prices["E2E-MILK"] == 4550
        assert prices["E2E-BREAD"] == 1750


def test_the_rejected_count_and_list_agree(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    from typer.testing import CliRunner

    from pos_app.cli import app

    till = terminal_factory(live_backend)
    soap = BARCODES[3]
    for n in range(30):
        till.ring(soap if n % 3 == 0 else BARCODES[0])
    # The backend no longer knows the soap's SKU: those sales are refused there.
    with live_backend.engine.begin() as conn:
        conn.execute(text("UPDATE product SET sku = 'RENAMED' WHERE sku = 'E2E-SOAP'"))
    runner = CliRunner()
    args = ["sync", "--once", "--data-dir", str(till.settings.data_dir)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "rejected 10)" in first.stdout
    assert "10 fact(s) rejected by the backend so far:" in first.stdout
    assert first.stdout.count("unknown_sku") == 10
    again = runner.invoke(app, args)
    assert "rejected 0)" in again.stdout
    assert "10 fact(s) rejected by the backend so far:" in again.stdout
