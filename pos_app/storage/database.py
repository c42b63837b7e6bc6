"""Opening the terminal database: durable SQLite settings, migrations, backups, version check."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event

from pos_app.errors import KnownError

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_WRITE_OPTION = "pos_write"


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Autocommit at the driver level; SQLAlchemy emits BEGIN itself (see _begin) so that
    # transaction boundaries are exactly ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    """An engine on ``path`` with WAL, ``synchronous=FULL`` and foreign keys on."""
    engine = create_engine(f"sqlite:///{path}", pool_size=4, max_overflow=4)
    event.listen(engine, "connect", _set_pragmas)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the write lock up front (IMMEDIATE), so a transaction that reads
        # before it writes waits for another writer instead of failing with SQLITE_BUSY.
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction: ``BEGIN IMMEDIATE``, commit on success, roll back on error."""
    with engine.connect().execution_options(**{_WRITE_OPTION: True}) as conn, conn.begin():
        yield conn


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None
    return head


def backup_database(path: Path, reason: str) -> Path:
    """Copy a live database consistently (SQLite backup API) into ``backups/``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.parent / "backups" / f"{path.stem}-{reason}-{stamp}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def migrate(engine: Engine, path: Path) -> Path | None:
    """Bring the schema to head; back up first when an existing schema changes.

    Refuses a database written by a newer app, which it cannot understand. Returns the
    backup's path, if one was made.
    """
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    known = {rev.revision for rev in script.walk_revisions()}
    current = current_revision(engine)
    head = head_revision()
    if current is not None and current not in known:
        raise KnownError(
            "database.too_new",
            f"The database {path} was written by a newer version of this app "
            f"(schema {current}); this version knows schemas up to {head}. "
            "Install the newer version, or restore a backup made by this one.",
        )
    if current == head:
        return None
    backup = None
    if current is not None:
        backup = backup_database(path, f"before-{head}")
        log.info("Backed up %s to %s before migrating %s -> %s", path, backup, current, head)
    command.upgrade(_alembic_config(engine), "head")
    return backup


def open_database(path: Path) -> Engine:
    """Create the directory, open the database and migrate it to the current schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(path)
    try:
        migrate(engine, path)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - depends on the file
        raise KnownError("database.unreadable", f"{path} is not a usable database: {exc}") from exc
    return engine
