"""Enrolment, the background worker, and the CLI's failure paths."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from pos_app.app import build_services
from pos_app.cli import app
from pos_app.config import load_settings
from pos_app.errors import UserError
from pos_app.services.enrolment import enroll, is_enrolled
from pos_app.services.sync_status import SyncStatus
from pos_app.services.sync_worker import Backoff, SyncWorker
from pos_app.services.terminal import initialise_terminal, load_terminal
from pos_app.storage.database import open_database
from pos_app.storage.replica.settings import load_sync_settings
from tests.fakes import FakeClock
from tests.server.conftest import Backend, database_url, make_backend  # noqa: F401
from tests.sync.test_client import BASE, MILK, catalog_items, enrolment_code, ring

runner = CliRunner()
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: connection refused


@pytest.fixture
def backend(database_url: str, tmp_path: Path) -> Iterator[Backend]:  # noqa: F811
    b = make_backend(database_url, tmp_path)
    with b.client:
        b.store()
        b.products(catalog_items())
        yield b
    b.engine.dispose()


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.delenv("POS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_enrolment_initialises_a_fresh_database(backend: Backend, tmp_path: Path) -> None:
    engine = open_database(tmp_path / "pos.db")
    assert not is_enrolled(engine)
    response = enroll(engine, BASE + "/", enrolment_code(backend), http=backend.client)
    assert (response.store_code, response.terminal_code) == ("S01", "T01")
    assert is_enrolled(engine)
    info = load_terminal(engine)
    assert info is not None and (info.store_code, info.terminal_code) == ("S01", "T01")
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT server_url, store_name, bootstrapped FROM sync_state")
        ).one()
    assert row[0] == BASE and row[1] == "Kadıköy" and row[2] == 0
    enrolment = load_sync_settings(engine)  # the secrets come from credentials.json
    assert enrolment is not None and enrolment.receipt_key
    assert enrolment.token == response.token
    engine.dispose()


def test_a_database_of_another_terminal_is_refused(backend: Backend, tmp_path: Path) -> None:
    engine = open_database(tmp_path / "pos.db")
    initialise_terminal(engine, "S01", "T05")
    with pytest.raises(UserError) as refused:
        enroll(engine, BASE, enrolment_code(backend, terminal="T01"), http=backend.client)
    assert refused.value.code == "enrol.other_terminal"
    assert "S01-T05" in refused.value.message
    assert not is_enrolled(engine)
    engine.dispose()


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://pos.example.com", "enrol.bad_url"),
        ("not a url", "enrol.bad_url"),
        ("", "enrol.bad_url"),
        (UNREACHABLE, "enrol.unreachable"),
    ],
)
def test_enrolment_failures_name_the_problem(tmp_path: Path, url: str, code: str) -> None:
    engine = open_database(tmp_path / "pos.db")
    with pytest.raises(UserError) as failed:
        enroll(engine, url, "ABCD-EFGH")
    assert failed.value.code == code
    if code == "enrol.unreachable":
        assert UNREACHABLE in failed.value.message
    assert load_terminal(engine) is None and not is_enrolled(engine)
    engine.dispose()


def test_a_refused_code_is_a_bad_code(backend: Backend, tmp_path: Path) -> None:
    engine = open_database(tmp_path / "pos.db")
    with pytest.raises(UserError) as refused:
        enroll(engine, BASE, "WXYZ-2345", http=backend.client)
    assert refused.value.code == "enrol.bad_code"
    assert load_terminal(engine) is None
    engine.dispose()


def test_worker_syncs_soon_after_a_sale(backend: Backend, tmp_path: Path, clock: FakeClock) -> None:
    settings = load_settings(data_dir=tmp_path / "data", printer="")
    engine = open_database(settings.database_path)
    enroll(engine, BASE, enrolment_code(backend), http=backend.client)
    services = build_services(settings, engine, clock, sync_http=backend.client)
    worker = services.sync
    assert isinstance(worker, SyncWorker)
    assert worker.status().online is None
    rounds: list[SyncStatus] = []
    done = threading.Event()

    def listener(status: SyncStatus) -> None:
        rounds.append(status)
        if status.pending == 0 and status.online and len(rounds) >= 2:
            done.set()

    worker.add_listener(listener)
    worker.start()
    try:
        from pos_app.domain.roles import Role
        from pos_app.services.sale_document import SaleContext

        user = services.users.add("Ayşe", Role.CASHIER, "4826")
        shift = services.shifts.open(user.user_id, 0)
        ctx = SaleContext(user.user_id, user.name, shift.shift_id, shift.business_date)
        # The first (bootstrap) round runs at start; the sale's notify() brings another.
        for _ in range(100):
            if rounds:
                break
            threading.Event().wait(0.05)
        ring(services, ctx, MILK.barcode or "")
        assert done.wait(10), rounds
    finally:
        services.close()
    assert rounds[-1].pending == 0 and rounds[-1].last_success_at is not None
    assert threading.current_thread().name not in {"pos-sync"}


def test_backoff_doubles_to_a_cap_and_honours_retry_after() -> None:
    backoff = Backoff()
    delays = [backoff.next_delay() for _ in range(10)]
    assert 1 <= delays[0] <= 2
    assert 2 <= delays[1] <= 3
    assert delays[-1] == 60
    assert backoff.next_delay(retry_after=120) == 120
    backoff.reset()
    assert backoff.next_delay() <= 2


def test_cli_sync_on_a_terminal_that_is_not_enrolled_exits_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = runner.invoke(app, ["sync", "--once", "--data-dir", str(data)])
    assert result.exit_code == 2, result.output
    assert "pos enroll" in result.stderr
    engine = open_database(data / "pos.db")
    initialise_terminal(engine, "S01", "T01")
    engine.dispose()
    result = runner.invoke(app, ["sync", "--once", "--data-dir", str(data)])
    assert result.exit_code == 2, result.output
    assert "not enrolled" in result.stderr


def test_cli_enroll_unreachable_exits_1_naming_the_url(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = runner.invoke(
        app, ["enroll", "--server", UNREACHABLE, "--code", "ABCD-EFGH", "--data-dir", str(data)]
    )
    assert result.exit_code == 1, result.output
    assert UNREACHABLE in result.stderr
    bad = runner.invoke(
        app,
        ["enroll", "--server", "pos.example.com", "--code", "ABCD-EFGH", "--data-dir", str(data)],
    )
    assert bad.exit_code == 1 and "http://" in bad.stderr


def test_cli_sync_unreachable_exits_1_naming_the_url(backend: Backend, tmp_path: Path) -> None:
    data = tmp_path / "data"
    engine = open_database(data / "pos.db")
    enroll(engine, BASE, enrolment_code(backend), http=backend.client)
    with engine.begin() as conn:  # the backend moved away
        conn.execute(text("UPDATE sync_state SET server_url = :u"), {"u": UNREACHABLE})
    engine.dispose()
    result = runner.invoke(app, ["sync", "--once", "--data-dir", str(data)])
    assert result.exit_code == 1, result.output
    assert UNREACHABLE in result.stderr
    assert "secret" not in result.output
