"""Backend fixtures: every test on SQLite, and on PostgreSQL too when POS_TEST_DATABASE_URL is
set (CI sets it). Each PostgreSQL test gets a schema of its own, so xdist workers never meet."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text

from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.app import create_app
from sync.server.changes import ChangeBuffer
from sync.server.context import ServerContext
from sync.server.db import make_engine, migrate, write_tx
from sync.server.settings import ServerSettings
from sync.server.terminals import create_enrolment_code, create_store, enroll

ADMIN_TOKEN = "test-admin-token-0123456789abcdef"
PG_URL = os.environ.get("POS_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _pg_schema_url(schema: str) -> str:
    base = PG_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}options=-csearch_path%3D{schema}"


@contextmanager
def pg_schema(prefix: str = "t") -> Iterator[str]:
    """A fresh PostgreSQL schema of POS_TEST_DATABASE_URL, as a URL; dropped afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty backend database: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'backend.db'}"
        return
    with pg_schema() as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema; skips when POS_TEST_DATABASE_URL is not set (F10)."""
    if not PG_URL:
        pytest.skip("POS_TEST_DATABASE_URL is not set")
    with pg_schema() as url:
        yield url


@dataclass
class Backend:
    """An in-process backend with a test client and shortcuts to set up data."""

    client: TestClient
    ctx: ServerContext
    engine: Engine

    @property
    def admin(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

    def store(self, code: str = "S01", name: str = "Kadıköy") -> dict[str, Any]:
        with write_tx(self.engine) as conn:
            changes = ChangeBuffer()
            data = create_store(conn, changes, code=code, name=name, now=self.ctx.clock())
            changes.flush(conn, self.ctx.clock())
        return data

    def enrol(self, store_code: str = "S01", terminal_code: str | None = None) -> Terminal:
        from datetime import timedelta

        with write_tx(self.engine) as conn:
            code, _ = create_enrolment_code(
                conn,
                store_code=store_code,
                terminal_code=terminal_code,
                ttl=timedelta(hours=1),
                now=self.ctx.clock(),
            )
            response = enroll(
                conn,
                code=code,
                device_name="test",
                now=self.ctx.clock(),
                ereceipt_base_url="http://testserver",
            )
        return Terminal(
            response.terminal_id, response.terminal_code, response.store_code, response.token
        )

    def products(self, items: list[dict[str, Any]]) -> None:
        from sync.server.catalog import upsert_products

        with write_tx(self.engine) as conn:
            changes = ChangeBuffer()
            upsert_products(conn, changes, items, self.ctx.clock())
            changes.flush(conn, self.ctx.clock())


@dataclass(frozen=True)
class Terminal:
    terminal_id: str
    terminal_code: str
    store_code: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


def make_backend(database_url: str, tmp_path: Path, **settings: Any) -> Backend:
    config = ServerSettings(
        data_dir=tmp_path / "server", database_url=database_url, admin_token=ADMIN_TOKEN, **settings
    )
    engine = make_engine(config.effective_database_url)
    migrate(engine)
    app = create_app(config, engine=engine, run_migrations=False, base_url="http://testserver")
    return Backend(TestClient(app), app.state.ctx, engine)


@pytest.fixture
def backend(database_url: str, tmp_path: Path) -> Iterator[Backend]:
    b = make_backend(database_url, tmp_path)
    with b.client:
        yield b
    b.engine.dispose()
