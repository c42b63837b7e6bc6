"""Opening the terminal database: durable SQLite settings, migrations, backups, version check.

The database, its WAL and shared-memory files and its backups are 0600 in a 0700 directory
(``sync.private_files``); backups carry no secrets (``scrub_secrets``).
"""

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
from sync.private_files import create_private_file, make_private_dir, prepare_sqlite_file

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
    # Deleted and overwritten content is zeroed, not left in free space: an erased customer
    # or a synced delivery address must not be readable in the file (docs/loyalty.md
    # "Erasure at the till"; its cost on a sale is measured there).
    cursor.execute("PRAGMA secure_delete=ON")
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
    """Copy a live database consistently (SQLite backup API) into ``backups/`` (0600, in a
    0700 directory), without the till's token and signing key (``scrub_secrets``)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = make_private_dir(path.parent / "backups") / f"{path.stem}-{reason}-{stamp}.db"
    create_private_file(target)
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
            scrub_secrets(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def scrub_secrets(conn: sqlite3.Connection) -> bool:
    """Blank the token and signing key a database from before schema 0011 keeps in
    ``sync_state`` (the app reads them from ``credentials.json`` now); True when it had them.

    VACUUM rewrites every page, so earlier versions of the row left in free space go too.
    """
    columns = {str(row[1]) for row in conn.execute("PRAGMA table_info(sync_state)")}
    if "token" not in columns:
        return False
    secrets = conn.execute(
        "SELECT count(*) FROM sync_state WHERE token != '' OR receipt_key != ''"
    ).fetchone()
    if not secrets or not secrets[0]:
        return False
    conn.execute("PRAGMA secure_delete=ON")
    with conn:
        conn.execute("UPDATE sync_state SET token = '', receipt_key = ''")
    conn.execute("VACUUM")
    return True


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
    with engine.connect() as conn:
        # Old page versions (e.g. a row a migration blanked) must not stay in the WAL file.
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return backup


def open_database(path: Path) -> Engine:
    """Create the directory (0700) and the database (0600), tighten older files, open the
    database and migrate it to the current schema."""
    make_private_dir(path.parent)
    prepare_sqlite_file(path)
    engine = make_engine(path)
    try:
        migrate(engine, path)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - depends on the file
        raise KnownError("database.unreadable", f"{path} is not a usable database: {exc}") from exc
    return engine
