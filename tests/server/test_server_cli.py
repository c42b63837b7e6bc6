"""``pos server`` (``sync.server.cli.server_cli``) through typer's CliRunner."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sync.catalog_csv import gtin_check_digit
from sync.server.cli import server_cli
from sync.server.context import utc_now
from sync.server.db import make_engine, write_tx
from sync.server.schema import product, store
from sync.server.terminals import enroll

runner = CliRunner()


@pytest.fixture
def env(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The CLI's environment: the test database, a data directory, default settings."""
    monkeypatch.setenv("POS_SERVER_DATABASE_URL", database_url)
    monkeypatch.setenv("POS_SERVER_DATA_DIR", str(tmp_path / "server"))
    for name in ("POS_SERVER_PRODUCTION", "POS_SERVER_ADMIN_TOKEN", "POS_SERVER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    return database_url


def run(*args: str) -> Any:
    return runner.invoke(server_cli, list(args))


def test_create_store_and_refusals(env: str) -> None:
    result = run("create-store", "S01", "--name", "Kadıköy", "--tax-number", "1234567890")
    assert result.exit_code == 0, result.output
    assert "Store S01 created: Kadıköy" in result.output
    engine = make_engine(env)
    with engine.connect() as conn:
        row = conn.execute(select(store).where(store.c.code == "S01")).one()
    engine.dispose()
    assert (row.name, row.tax_number) == ("Kadıköy", "1234567890")

    again = run("create-store", "S01", "--name", "Again")
    assert again.exit_code == 1 and "already exists" in again.output
    bad = run("create-store", "X1", "--name", "Bad")
    assert bad.exit_code == 1 and "'X1' must look like S01" in bad.output


def test_create_store_refuses_control_characters_and_composes_letters(env: str) -> None:
    """A store name reaches every receipt header (issue 14, items 5 and 6)."""
    bad = run("create-store", "S02", "--name", "Kadıköy\x1bp\x00")
    assert bad.exit_code == 1, bad.output
    assert "store name: contains a control character (U+001B)" in bad.output
    # An undecodable byte in a command line arrives as a lone surrogate (surrogateescape).
    garbled = run("create-store", "S02", "--name", "Kad\udcfdk\udcf6y")
    assert garbled.exit_code == 1, garbled.output
    assert "store name: contains a lone surrogate (U+DCFD), which is not text" in garbled.output
    result = run("create-store", "S02", "--name", "S\u0327is\u0327li", "--address", "A\nB")
    assert result.exit_code == 0, result.output
    engine = make_engine(env)
    with engine.connect() as conn:
        row = conn.execute(select(store).where(store.c.code == "S02")).one()
        stores = conn.execute(select(store.c.code)).scalars().all()
    engine.dispose()
    assert (row.name, row.address) == ("Şişli", "A\nB")  # composed; an address keeps lines
    assert stores == ["S02"]  # the refused one was not half-written


def test_enroll_prints_a_code_that_enrolment_accepts(env: str) -> None:
    assert run("create-store", "S01", "--name", "Kadıköy").exit_code == 0
    result = run("enroll", "--store", "S01", "--terminal", "T02")
    assert result.exit_code == 0, result.output
    match = re.search(r"Enrolment code: ([A-Z0-9]{4}-[A-Z0-9]{4})", result.output)
    assert match is not None, result.output
    assert "expires" in result.output
    engine = make_engine(env)
    with write_tx(engine) as conn:
        response = enroll(
            conn, code=match.group(1), device_name="till", now=utc_now(), ereceipt_base_url=""
        )
    engine.dispose()
    assert (response.store_code, response.terminal_code) == ("S01", "T02")

    listed = run("terminals")
    assert listed.exit_code == 0
    assert "S01-T02" in listed.output and "till" in listed.output and "active" in listed.output
    assert "never" in listed.output

    unknown = run("enroll", "--store", "S09")
    assert unknown.exit_code == 1 and "S09" in unknown.output


def test_terminals_with_none_enrolled(env: str) -> None:
    result = run("terminals")
    assert result.exit_code == 0 and "No terminals enrolled." in result.output


def test_import_catalog(env: str, tmp_path: Path) -> None:
    code = "869000000001" + gtin_check_digit("869000000001")
    good = tmp_path / "catalog.csv"
    good.write_text(
        f"sku;name;name_en;price;vat_rate;barcodes\nCOLA;Kola;Cola;25,50;20;{code}\n"
        "CAY;Çay;Tea;12.50;10;\n",
        encoding="utf-8",
    )
    result = run("import-catalog", str(good))
    assert result.exit_code == 0, result.output
    assert "Imported 2 products (2 new, 0 updated, 0 unchanged)" in result.output

    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name,price,vat_rate\nNEW,Yeni,1.00,1\nX,Bad,abc,7\n", encoding="utf-8")
    result = run("import-catalog", str(bad))
    assert result.exit_code == 1
    assert "2 problem(s) found, nothing was imported" in result.output
    assert "line 3: price: 'abc' is not an amount" in result.output
    assert "line 3: vat_rate" in result.output
    engine = make_engine(env)
    with engine.connect() as conn:
        skus = sorted(conn.execute(select(product.c.sku)).scalars())
    engine.dispose()
    assert skus == ["CAY", "COLA"]

    missing = run("import-catalog", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and "nope.csv" in missing.output


def test_serve_refuses_production_with_the_default_admin_token(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append((a, k)))
    monkeypatch.setenv("POS_SERVER_PRODUCTION", "1")
    result = run("--host", "127.0.0.1", "--port", "9999")
    assert result.exit_code == 2
    assert "refusing to serve in production mode" in result.output
    assert "POS_SERVER_ADMIN_TOKEN" in result.output
    assert calls == []


def test_serve_migrates_then_runs_uvicorn_with_the_factory(
    env: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    calls: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append((a, k)))
    monkeypatch.setenv("POS_SERVER_PRODUCTION", "1")
    monkeypatch.setenv("POS_SERVER_ADMIN_TOKEN", "a-long-production-token-0123456789")
    monkeypatch.setenv("POS_SERVER_PUBLIC_URL", "https://pos.example.com")
    monkeypatch.setenv("POS_SERVER_BASE_URL", "")
    data_dir = tmp_path / "elsewhere"
    result = run(
        "--host", "0.0.0.0", "--port", "8123", "--workers", "3", "--data-dir", str(data_dir)
    )
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    args, kwargs = calls[0]
    assert args == ("sync.server.app:app_from_env",)
    assert kwargs["factory"] is True
    assert (kwargs["host"], kwargs["port"]) == ("0.0.0.0", 8123)
    # SQLite has one writer: one worker; PostgreSQL keeps the number asked for
    assert kwargs["workers"] == (1 if env.startswith("sqlite") else 3)
    import os

    assert os.environ["POS_SERVER_BASE_URL"] == "http://0.0.0.0:8123"
    assert os.environ["POS_SERVER_DATA_DIR"] == str(data_dir)
    # migrated before serving: the tables exist
    engine = make_engine(env)
    with engine.connect() as conn:
        assert conn.execute(select(store.c.id)).all() == []
    engine.dispose()
