"""The backend's engine (SQLite or PostgreSQL), transactions and Alembic migrations."""

from __future__ import annotations

import logging
import random
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

from sync.private_files import prepare_sqlite_file
from sync.server.errors import ServerError
from sync.server.redact import redact_exception

log = logging.getLogger(__name__)
T = TypeVar("T")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_WRITE = "pos_write"
_OPEN_CURSORS = "pos_open_cursors"
# deadlock_detected, serialization_failure: PostgreSQL rolled the transaction back, and
# running it again is the remedy its manual gives.
_TRANSIENT = frozenset({"40P01", "40001"})
ATTEMPTS = 5


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event emits BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _track_cursor(conn: Connection, cursor: Any, *_args: Any) -> None:
    conn.info.setdefault(_OPEN_CURSORS, weakref.WeakSet()).add(cursor)


def _close_cursors(info: dict[str, Any]) -> None:
    # A result left half-read (an error raised mid-iteration, kept alive by its traceback)
    # keeps its statement active, and an active statement keeps its read snapshot after
    # COMMIT or ROLLBACK: the connection's next BEGIN IMMEDIATE, once another connection
    # has written, fails with SQLITE_BUSY_SNAPSHOT ("database is locked").
    for cursor in list(info.pop(_OPEN_CURSORS, ())):
        cursor.close()


def _hide_row_data(context: ExceptionContext) -> None:
    # Errors are logged with their message: PostgreSQL's quotes row data (a customer's phone
    # in "Key (phone)=(…)" or "Failing row contains (…)"); the parameters are hidden already.
    redact_exception(context.original_exception)
    if context.sqlalchemy_exception is not None:
        redact_exception(context.sqlalchemy_exception)


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine for ``url``: SQLite in WAL mode with immediate write transactions, or
    PostgreSQL through psycopg 3. Errors carry neither the statement's parameters nor the
    row data the database quotes (they end up in logs)."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            # A directory the backend creates is 0700, its database 0600 (an older 0644 one
            # is tightened): the file holds token hashes, customers and orders.
            prepare_sqlite_file(Path(path))
        engine = create_engine(
            url, pool_size=pool_size, max_overflow=pool_size, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "after_cursor_execute", _track_cursor)
        event.listen(engine, "commit", lambda conn: _close_cursors(conn.info))
        event.listen(engine, "rollback", lambda conn: _close_cursors(conn.info))
        event.listen(
            engine.pool, "reset", lambda _dbapi, record, _state: _close_cursors(record.info)
        )
        event.listen(engine, "handle_error", _hide_row_data)

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get(_WRITE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True, hide_parameters=True
    )
    event.listen(engine, "handle_error", _hide_row_data)
    return engine


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A write transaction (SQLite: BEGIN IMMEDIATE, one writer at a time)."""
    with engine.connect().execution_options(**{_WRITE: True}) as conn, conn.begin():
        yield conn


def retry_transient(work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """``work()``, which runs whole transactions, run again when PostgreSQL aborted it for a
    deadlock or a serialization failure; a 503 (retry later) when every attempt was."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            state = getattr(exc.orig, "sqlstate", None)
            if state not in _TRANSIENT:
                raise
            log.warning(
                "Transaction aborted by PostgreSQL (SQLSTATE %s), attempt %d of %d",
                state,
                attempt,
                attempts,
            )
            if attempt < attempts:
                # A short random pause, so the transactions that collided do not meet again.
                time.sleep(random.uniform(0.002, 0.02) * attempt)
    raise ServerError(
        503, "busy", f"the database aborted this request {attempts} times; try again later"
    )


def is_postgres(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "postgresql"


def insert_ignore(conn: Connection, table: Table, values: dict[str, Any]) -> bool:
    """INSERT unless the primary key or a unique key exists; True when a row was written.

    The statement is built once per table and dialect (the push hot path runs it per order);
    the row goes in as parameters. RETURNING tells, not rowcount: psycopg reports -1 for
    ``ON CONFLICT DO NOTHING``.
    """
    postgres = is_postgres(conn)
    statement = _INSERT_IGNORE.get((table.name, postgres))
    if statement is None:
        dialect_insert = pg_insert if postgres else sqlite_insert
        statement = (
            dialect_insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
        )
        _INSERT_IGNORE[(table.name, postgres)] = statement
    return conn.execute(statement, values).first() is not None


_INSERT_IGNORE: dict[tuple[str, bool], Any] = {}


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Plain INSERT of ``rows`` (all with the same keys); COPY on PostgreSQL, which takes a
    push batch's orders and movements several times faster than one INSERT per row. Either
    way a clash raises SQLAlchemy's ``IntegrityError`` (``DataError`` for a bad value), so
    callers handle both databases alike."""
    if not rows:
        return
    if not is_postgres(conn):
        conn.execute(insert(table), rows)
        return
    import psycopg
    from psycopg import sql

    names = list(rows[0])
    # Values go through their column's bind processing, as an INSERT would send them.
    processed = [
        (n, process)
        for n in names
        if (process := table.c[n].type.bind_processor(conn.dialect)) is not None
    ]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                if processed:
                    row = row | {n: process(row[n]) for n, process in processed}
                copy.write_row([row[n] for n in names])
    except psycopg.IntegrityError as exc:
        redact_exception(exc)  # COPY's errors quote the line's values
        raise IntegrityError(f"COPY {table.name}", None, exc) from exc
    except psycopg.DataError as exc:
        redact_exception(exc)
        raise DataError(f"COPY {table.name}", None, exc) from exc


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (run by ``pos server`` before serving)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    command.upgrade(config, "head")
