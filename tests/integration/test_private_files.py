"""The data directory and its files are private: 0700 and 0600, also after an older version
left them world readable; the till's secrets live in credentials.json, not in pos.db or its
backups (issue 15, item 10)."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from pos_app.storage import database
from pos_app.storage.credentials import credentials_path, load_credentials
from pos_app.storage.database import backup_database, make_engine, open_database
from tests.integration.test_cli import init, isolated, ok, pos  # noqa: F401

TOKEN = "tok-0123456789-SECRET-bearer-token"
KEY = "key-9876543210-SECRET-signing-key"


@pytest.fixture(autouse=True)
def world_readable_umask() -> Iterator[None]:
    """The usual umask (files 0644), so a file the app leaves to the umask shows."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes(root: Path) -> dict[str, int]:
    """Every entry under ``root`` (and root itself as ".") with its permission bits."""
    found = {".": mode(root)}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            found[str(path.relative_to(root))] = mode(path)
    return found


def loose(root: Path) -> dict[str, str]:
    """Entries that others may read: directories not 0700, files not 0600."""
    return {
        name: oct(bits)
        for name, bits in modes(root).items()
        if bits != (0o700 if (root / name).is_dir() else 0o600)
    }


def test_a_fresh_data_directory_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    init(data)
    ok(
        pos(
            "users",
            "add",
            "Zeynep Kaya",
            "--role",
            "manager",
            "--pin",
            "739164",
            "--data-dir",
            data,
        )
    )
    ok(pos("export", "sales", "--data-dir", data, "-o", data / "sales.csv"))
    outside = tmp_path / "sales.csv"  # an export elsewhere is the user's file: left to the umask
    ok(pos("export", "sales", "--data-dir", data, "-o", outside))
    engine = open_database(data / "pos.db")
    with engine.begin() as conn:  # a write, so the WAL and shared-memory files exist
        conn.execute(text("INSERT INTO tax_rate VALUES (18, 'KDV %18')"))
    backup = backup_database(data / "pos.db", "test")
    found = modes(data)
    engine.dispose()
    assert {"pos.db", "pos.db-wal", "pos.db-shm", "logs", "logs/pos.log", "pin_pepper"} <= set(
        found
    )
    assert "sales.csv" in found and str(backup.relative_to(data)) in found
    assert loose(data) == {}
    assert found["."] == 0o700
    assert mode(outside) == 0o644


def test_start_up_tightens_what_an_older_version_left_readable(tmp_path: Path) -> None:
    data = tmp_path / "data"
    init(data)
    backup_database(data / "pos.db", "old")
    (data / "config.toml").write_text('lang = "tr"\n', encoding="utf-8")
    other = data / "notes.txt"  # not the app's: left as it is
    other.write_text("mine\n", encoding="utf-8")
    os.chmod(other, 0o644)
    for name in modes(data):  # as an older version made them
        if name != "notes.txt":
            os.chmod(data / name, 0o755 if (data / name).is_dir() else 0o644)
    assert mode(data / "pos.db") == 0o644

    ok(pos("users", "list", "--data-dir", data))

    assert loose(data) == {"notes.txt": oct(0o644)}
    assert mode(data / "pos.db") == 0o600 and mode(data) == 0o700


def test_backend_database_and_its_new_directory_are_private(tmp_path: Path) -> None:
    from sync.server.db import make_engine as backend_engine
    from sync.server.db import migrate as backend_migrate

    fresh = tmp_path / "server" / "data"
    engine = backend_engine(f"sqlite:///{fresh / 'backend.db'}")
    backend_migrate(engine)
    engine.dispose()
    assert mode(fresh) == 0o700 and mode(tmp_path / "server") == 0o700
    assert mode(fresh / "backend.db") == 0o600
    assert all(mode(p) == 0o600 for p in fresh.glob("backend.db*"))

    # an existing 0644 database (from an older version) in a directory the operator made
    existing = tmp_path / "srv"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    (existing / "backend.db").touch(mode=0o644)
    backend_engine(f"sqlite:///{existing / 'backend.db'}").dispose()
    assert mode(existing / "backend.db") == 0o600
    assert mode(existing) == 0o755  # not the backend's to change


# -- the token and the signing key out of pos.db ------------------------------------------


def raw_files(data: Path) -> dict[str, bytes]:
    """The bytes of the database, its WAL and every backup."""
    files = [*data.glob("pos.db*"), *data.glob("backups/*")]
    return {str(f.relative_to(data)): f.read_bytes() for f in files if f.is_file()}


def test_migration_moves_the_token_and_key_out_of_the_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = data / "pos.db"
    data.mkdir()
    engine = make_engine(path)
    config = database._alembic_config(engine)
    command.upgrade(config, "0010")  # the schema before the secrets moved
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sync_state (id, server_url, terminal_id, terminal_code, token, "
                "store_id, store_code, store_name, store_address, store_tax_number, timezone, "
                "receipt_prefix, receipt_key, ereceipt_base_url, server_epoch, clock_offset_ms, "
                "clock_warning_ms, enrolled_at, last_error, bootstrapped) VALUES (1, "
                "'http://backend', 't-1', 'T01', :token, 's-1', 'S01', '', '', '', "
                "'Europe/Istanbul', 'S01-T01', :key, '', 'e1', 0, 120000, "
                "'2026-11-23 09:00:00', '', 0)"
            ),
            {"token": TOKEN, "key": KEY},
        )
    for round_no in range(50):  # sync rounds rewrite the row: old copies pile up in the file
        with engine.begin() as conn:
            conn.execute(text("UPDATE sync_state SET cursor = :c"), {"c": f"cursor-{round_no}"})
    engine.dispose()
    old_backup = backup_database(path, "before-0010")  # made by an older version
    sqlite3.connect(old_backup).close()
    assert any(TOKEN.encode() in raw for raw in raw_files(data).values())

    engine = open_database(path)  # migrates to head: backs up first, then moves the secrets

    from pos_app.storage.replica.settings import load_sync_settings

    enrolment = load_sync_settings(engine)
    assert enrolment is not None and (enrolment.token, enrolment.receipt_key) == (TOKEN, KEY)
    with engine.connect() as conn:
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(sync_state)")}
    engine.dispose()
    assert not {"token", "receipt_key"} & columns
    credentials = load_credentials(data)
    assert credentials is not None and credentials.token == TOKEN
    assert credentials.receipt_key == KEY and credentials.terminal_id == "t-1"
    assert mode(credentials_path(data)) == 0o600
    files = raw_files(data)
    assert len([name for name in files if name.startswith("backups/")]) == 2  # old + pre-0011
    for name, raw in files.items():
        assert TOKEN.encode() not in raw, name
        assert KEY.encode() not in raw, name
    with sqlite3.connect(old_backup) as conn:  # the backups still open and keep their data
        assert conn.execute("SELECT terminal_id, token FROM sync_state").fetchone() == ("t-1", "")
