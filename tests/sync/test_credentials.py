"""`pos enroll` keeps the till's token and signing key in credentials.json (0600), never in
pos.db, against a live backend (issue 15, item 10)."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from pos_app.cli import app
from pos_app.storage.credentials import credentials_path, load_credentials
from pos_app.storage.database import backup_database, open_database
from pos_app.storage.replica.settings import load_sync_settings
from tests.sync.conftest import LiveBackend

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """The usual umask, no real user data dir, no log handlers left behind."""
    monkeypatch.delenv("POS_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    before = os.umask(0o022)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    os.umask(before)
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def pos(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_pos_enroll_writes_the_credentials_file_and_not_the_database(
    live_backend: LiveBackend, tmp_path: Path
) -> None:
    data = tmp_path / "till"
    pos(
        "enroll",
        "--server",
        live_backend.url,
        "--code",
        live_backend.enrolment_code(),
        "--data-dir",
        data,
    )
    pos("sync", "--once", "--data-dir", data)  # the token from the file works

    credentials = load_credentials(data)
    assert credentials is not None and len(credentials.token) >= 20 and credentials.receipt_key
    assert mode(data) == 0o700
    assert mode(credentials_path(data)) == 0o600
    for path in [*data.glob("pos.db*"), *data.rglob("*.log")]:
        assert mode(path) == 0o600, path
    engine = open_database(data / "pos.db")
    try:
        enrolment = load_sync_settings(engine)
        assert enrolment is not None and enrolment.token == credentials.token
        assert enrolment.receipt_key == credentials.receipt_key
        with engine.connect() as conn:  # a write, so the WAL holds pages too
            conn.execute(text("UPDATE sync_state SET last_error = 'x'"))
            conn.commit()
        backup = backup_database(data / "pos.db", "test")
        assert mode(backup) == 0o600
        for path in [*data.glob("pos.db*"), backup]:
            raw = path.read_bytes()
            assert credentials.token.encode() not in raw, path
            assert credentials.receipt_key.encode() not in raw, path
    finally:
        engine.dispose()


def test_the_local_backends_files_are_private(live_backend: LiveBackend) -> None:
    """`pos demo`'s backend directory: its database, log and pid file."""
    server = live_backend.process.data_dir
    assert mode(server) == 0o700
    names = {path.name for path in server.iterdir()}
    assert {"backend.log", "backend.pid"} <= names
    if live_backend.kind == "sqlite":
        assert "backend.db" in names
    assert {path.name: oct(mode(path)) for path in server.iterdir() if mode(path) != 0o600} == {}


def test_a_copied_database_without_the_credentials_has_no_token(
    live_backend: LiveBackend, tmp_path: Path
) -> None:
    data = tmp_path / "till"
    pos(
        "enroll",
        "--server",
        live_backend.url,
        "--code",
        live_backend.enrolment_code(),
        "--data-dir",
        data,
    )
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(data / "pos.db", copy / "pos.db")
    engine = open_database(copy / "pos.db")
    try:
        enrolment = load_sync_settings(engine)
        assert enrolment is not None and enrolment.token == "" and enrolment.receipt_key == ""
    finally:
        engine.dispose()
    result = runner.invoke(app, ["sync", "--once", "--data-dir", str(copy)])
    assert result.exit_code == 1
    assert "no token" in result.stderr
