"""The ``pos`` command through typer's CliRunner, each test on its own data directory.

The installed typer (0.29, with its own copy of click) keeps stdout and stderr apart in
``result.stdout`` / ``result.stderr``; ``result.output`` is both, interleaved.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from pos_app.app import build_services
from pos_app.cli import app
from pos_app.config import load_settings
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from pos_app.services.clock import SystemClock
from pos_app.services.export import CSV_COLUMNS
from pos_app.storage.database import open_database
from tests.fakes import ean13

runner = CliRunner()
RECEIPT = re.compile(r"^S01-T01-\d{6}$")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No real user data dir, and no log handlers left behind by ``configure_logging``."""
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


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def pos(*args: str | Path, env: dict[str, str | None] | None = None, stdin: str = "") -> Result:
    # The demo's backend takes any free port: tests run in parallel.
    env = {"POS_DEMO_PORT": "0", **(env or {})}
    return runner.invoke(app, [str(a) for a in args], env=env, input=stdin)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def user_error(result: Result, *fragments: str) -> str:
    """Exit code 2 and one clear ``error:`` message on stderr, nothing on stdout."""
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def exported(*args: str | Path, env: dict[str, str | None] | None = None) -> list[Any]:
    """``pos export sales --format json ARGS`` to stdout, parsed."""
    sales: list[Any] = json.loads(
        ok(pos("export", "sales", "--format", "json", *args, env=env)).stdout
    )
    return sales


def init(data: Path) -> None:
    ok(pos("init", "--data-dir", data))


def count(data: Path, sql: str) -> int:
    with contextlib.closing(sqlite3.connect(data / "pos.db")) as conn:
        return int(conn.execute(sql).fetchone()[0])


def write_catalog(path: Path, *rows: str) -> Path:
    path.write_text(
        "\n".join(["sku,name,name_en,price,vat_rate,barcodes,category,unit,plu", *rows]) + "\n",
        encoding="utf-8",
    )
    return path


# -- help and init ---------------------------------------------------------------------------


def test_help_lists_every_command() -> None:
    result = ok(pos("--help"))
    for command in ("init", "import-catalog", "export", "users", "demo", "bench"):
        assert re.search(rf"\b{command}\b", result.stdout), command
    users = ok(pos("users", "--help")).stdout
    assert all(name in users for name in ("add", "list", "reset-pin"))
    assert "sales" in ok(pos("export", "--help")).stdout


def test_init_creates_the_database_and_is_idempotent(data: Path) -> None:
    first = ok(pos("init", "--data-dir", data))
    assert "Terminal S01-T01 ready" in first.stdout
    assert str(data / "pos.db") in first.stdout
    assert (data / "pos.db").is_file()
    again = ok(pos("init", "--data-dir", data))
    assert "Terminal S01-T01 ready" in again.stdout
    assert count(data, "SELECT count(*) FROM terminal_state") == 1
    assert count(data, "SELECT count(*) FROM tax_rate") == 3

    user_error(pos("init", "--data-dir", data, "--store", "S02"), "already belongs to S01-T01")

    other = data.parent / "other"
    result = ok(pos("init", "--data-dir", other, "--store", "s07", "--terminal", "t03"))
    assert "Terminal S07-T03 ready" in result.stdout


def test_init_rejects_a_bad_store_code(data: Path) -> None:
    user_error(pos("init", "--data-dir", data, "--store", "X1"), "'X1'", "S01")
    user_error(pos("init", "--data-dir", data, "--terminal", "TERMINAL1"), "terminal code")


@pytest.mark.parametrize(
    "command",
    [
        ["users", "list"],
        ["users", "add", "Ayşe", "--pin", "1234"],
        ["users", "reset-pin", "Ayşe", "--pin", "1234"],
        ["import-catalog", "catalog.csv"],
        ["export", "sales"],
    ],
)
def test_commands_before_init_say_run_pos_init(data: Path, command: list[str]) -> None:
    message = user_error(pos(*command, "--data-dir", data))
    assert "run `pos init` first" in message.lower()
    assert not (data / "pos.db").exists()


def test_database_left_by_a_failed_init_still_says_run_pos_init(data: Path) -> None:
    user_error(pos("init", "--data-dir", data, "--store", "X1"))
    message = user_error(pos("users", "list", "--data-dir", data))
    assert "run `pos init` first" in message.lower()


# -- import-catalog ----------------------------------------------------------------------------


def test_import_catalog_good_file(data: Path, tmp_path: Path) -> None:
    init(data)
    path = write_catalog(
        tmp_path / "catalog.csv",
        f"CAY,Çay,Tea,89.90,10,{ean13('868300000001')}|{ean13('868300000002')},İçecek,piece,",
        f"KIYMA,Kıyma,Mince,459.90,1,{ean13('868300000003')},Kasap,kg,00401",
    )
    result = ok(pos("import-catalog", path, "--data-dir", data))
    assert result.stdout.strip() == (
        "Imported 2 products (2 new, 0 updated), 3 barcodes, 2 new categories"
    )
    assert count(data, "SELECT count(*) FROM product") == 2
    again = ok(pos("import-catalog", path, "--data-dir", data))
    assert "(0 new, 2 updated)" in again.stdout
    assert count(data, "SELECT count(*) FROM barcode") == 3


def test_import_catalog_bad_file_lists_lines_and_imports_nothing(
    data: Path, tmp_path: Path
) -> None:
    init(data)
    good = ean13("868300000010")
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    path = write_catalog(
        tmp_path / "bad.csv",
        "OK,İyi,Good,1.00,1,,,piece,",
        "PRICE,Fiyat,Price,abc,1,,,piece,",
        "VAT,KDV,Tax,1.00,7,,,piece,",
        f"EAN,Kod,Code,1.00,1,{wrong},,piece,",
    )
    message = user_error(pos("import-catalog", path, "--data-dir", data))
    assert "3 problem(s) found, nothing was imported" in message
    assert "line 3: price: 'abc' is not an amount" in message
    assert "line 4: vat_rate: '7' is not one of the known rates (1, 10, 20)" in message
    assert f"line 5: barcodes: '{wrong}' has a wrong check digit" in message
    assert count(data, "SELECT count(*) FROM product") == 0

    user_error(pos("import-catalog", tmp_path / "missing.csv", "--data-dir", data), "missing.csv")


# -- users -------------------------------------------------------------------------------------


def test_users_add_list_and_reset_pin(data: Path) -> None:
    init(data)
    added = ok(
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
    assert added.stdout.strip() == "Added Zeynep Kaya (manager)"
    ok(pos("users", "add", "Ali Can", "--pin", "4826", "--data-dir", data))  # cashier by default
    # without --pin the PIN is asked for twice, hidden
    hidden = pos(
        "users",
        "add",
        "Ece Er",
        "--role",
        "supervisor",
        "--data-dir",
        data,
        stdin="583916\n583916\n",
    )
    assert "PIN (6-8 digits" in ok(hidden).output and "583916" not in hidden.output

    listed = ok(pos("users", "list", "--data-dir", data)).stdout.splitlines()
    assert [line.split() for line in listed] == [
        ["Ali", "Can", "cashier", "active"],
        ["Ece", "Er", "supervisor", "active"],
        ["Zeynep", "Kaya", "manager", "active"],
    ]

    user_error(
        pos("users", "add", "Zeynep Kaya", "--pin", "4826", "--data-dir", data),
        "already a user called Zeynep Kaya",
    )
    user_error(pos("users", "add", "Veli", "--pin", "12", "--data-dir", data), "at least 4 digits")
    user_error(pos("users", "add", "Veli", "--pin", "12a4", "--data-dir", data), "4 to 8 digits")
    user_error(pos("users", "reset-pin", "Nobody", "--pin", "5173", "--data-dir", data), "Nobody")
    assert count(data, "SELECT count(*) FROM user") == 3

    user_error(
        pos("users", "reset-pin", "Zeynep Kaya", "--pin", "5173", "--data-dir", data),
        "manager's PIN needs at least 6 digits",
    )
    reset = ok(pos("users", "reset-pin", "Zeynep Kaya", "--pin", "302718", "--data-dir", data))
    assert reset.stdout.strip() == "PIN reset for Zeynep Kaya"

    settings = load_settings(data_dir=data)
    services = build_services(settings, open_database(settings.database_path))
    try:
        assert services.users.authenticate("Zeynep Kaya", "302718").role is Role.MANAGER
        with pytest.raises(UserError) as old_pin:
            services.users.authenticate("Zeynep Kaya", "739164")
        assert old_pin.value.code == "users.wrong_pin"
        assert services.users.authenticate("Ece Er", "583916").role is Role.SUPERVISOR
    finally:
        services.close()


@pytest.mark.parametrize(
    ("role", "pin"),
    [
        ("cashier", "0000"),
        ("cashier", "1234"),
        ("cashier", "4321"),
        ("cashier", "1212"),
        ("cashier", "2580"),
        ("cashier", "1453"),
        ("manager", "123456"),
        ("manager", "654321"),
        ("manager", "111111"),
        ("manager", "121212"),
        ("supervisor", "159753"),
        ("cashier", "1357"),
    ],
)
def test_users_add_refuses_a_trivial_pin(data: Path, role: str, pin: str) -> None:
    init(data)
    message = user_error(
        pos("users", "add", "Veli", "--role", role, "--pin", pin, "--data-dir", data)
    )
    assert "too easy to guess" in message
    assert count(data, "SELECT count(*) FROM user") == 0


def test_users_add_refuses_a_short_manager_pin(data: Path) -> None:
    init(data)
    for role in ("manager", "supervisor"):
        message = user_error(
            pos("users", "add", "Veli", "--role", role, "--pin", "4826", "--data-dir", data)
        )
        assert f"{role}'s PIN needs at least 6 digits" in message
    assert count(data, "SELECT count(*) FROM user") == 0
    ok(pos("users", "add", "Veli", "--role", "cashier", "--pin", "4826", "--data-dir", data))


def test_unknown_role_is_a_usage_error(data: Path) -> None:
    init(data)
    result = pos("users", "add", "Veli", "--role", "boss", "--pin", "4826", "--data-dir", data)
    assert result.exit_code == 2
    assert "boss" in result.stderr
    assert count(data, "SELECT count(*) FROM user") == 0


# -- demo and export ---------------------------------------------------------------------------


@pytest.fixture
def demo(data: Path) -> Path:
    result = ok(pos("demo", "--data-dir", data, "--no-app"))
    assert "414 products, 12 sample sales" in result.stdout
    assert "Zeynep Kaya" in result.stdout
    return data


def around_today() -> tuple[str, str]:
    """A range that holds today's business date wherever the machine's clock is."""
    today = datetime.now(UTC).date()
    return str(today - timedelta(days=1)), str(today + timedelta(days=1))


def test_demo_creates_sample_sales_once(demo: Path) -> None:
    assert count(demo, "SELECT count(*) FROM sale") == 12
    again = ok(pos("demo", "--data-dir", demo, "--no-app"))
    assert "already set up" in again.stdout
    assert count(demo, "SELECT count(*) FROM sale") == 12
    assert count(demo, "SELECT count(*) FROM user") == 3
    names = ok(pos("users", "list", "--data-dir", demo)).stdout
    assert "Ayşe Yılmaz" in names and "manager" in names


def test_demo_has_age_restricted_goods_and_produce_pictures(demo: Path) -> None:
    for folder in (demo / "images", demo / "backend" / "images"):
        pictures = sorted(p.name for p in folder.glob("*.png"))
        assert len(pictures) >= 30 and "banana.png" in pictures, folder
    restricted = "SELECT count(*) FROM product WHERE min_age = 18 AND restriction = '{}'"
    assert count(demo, restricted.format("alcohol")) >= 3
    assert count(demo, restricted.format("tobacco")) == 1
    named = "SELECT count(*) FROM product WHERE plu IS NOT NULL AND image IS NOT NULL"
    assert count(demo, named) >= 30
    # Garlic and ginger have no picture: the kiosk shows its placeholder tile for them.
    assert count(demo, "SELECT count(*) FROM product WHERE plu = '00130' AND image IS NULL") == 1
    assert count(demo, "SELECT count(*) FROM product WHERE image LIKE '%/%'") == 0


def test_export_sales_csv_to_stdout(demo: Path) -> None:
    start, end = around_today()
    result = ok(
        pos("export", "sales", "--data-dir", demo, "--format", "csv", "--from", start, "--to", end)
    )
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) > 12
    receipts = [row[0] for row in rows[1:]]
    assert all(RECEIPT.match(r) for r in receipts)
    assert sorted(set(receipts)) == [f"S01-T01-{n:06d}" for n in range(1, 13)]
    assert {row[1] for row in rows[1:]} == {"sale"}
    assert f"Exported 12 sales ({start} .. {end})" in result.stderr


def test_export_sales_json_to_a_file(demo: Path, tmp_path: Path) -> None:
    start, end = around_today()
    target = tmp_path / "out" / "sales.json"
    target.parent.mkdir()
    args = ("--data-dir", demo, "--format", "json", "--output", target, "--from", start)
    result = ok(pos("export", "sales", *args, "--to", end))
    assert result.stdout == ""
    assert "Exported 12 sales" in result.stderr
    sales = json.loads(target.read_text(encoding="utf-8"))
    assert len(sales) == 12
    assert [s["receipt_no"] for s in sales] == [f"S01-T01-{n:06d}" for n in range(1, 13)]
    for sale in sales:
        assert sale["lines"] and sale["tenders"] and sale["taxes"]
        assert sum(line["total_minor"] for line in sale["lines"]) == sale["total_minor"]
        assert sum(t["amount_minor"] for t in sale["tenders"]) == sale["total_minor"]
    assert list(target.parent.iterdir()) == [target]  # no .part file left


def test_export_rejects_bad_options(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "never.csv"
    user_error(
        pos("export", "sales", "--data-dir", demo, "--from", "2026-13-01", "-o", target),
        "--from",
        "2026-13-01",
    )
    user_error(pos("export", "sales", "--data-dir", demo, "--to", "yesterday"), "--to")
    user_error(
        pos("export", "sales", "--data-dir", demo, "--from", "2026-11-23", "--to", "2026-11-22"),
        "before --from",
    )
    user_error(pos("export", "sales", "--data-dir", demo, "--format", "xml"), "csv or json", "xml")
    assert not target.exists()


def test_pos_data_dir_environment_variable(tmp_path: Path) -> None:
    where = tmp_path / "from-env"
    env: dict[str, str | None] = {"POS_DATA_DIR": str(where)}
    assert str(where) in ok(pos("init", env=env)).stdout
    ok(pos("users", "add", "Ayşe", "--pin", "4826", env=env))
    assert "Ayşe" in ok(pos("users", "list", env=env)).stdout
    assert count(where, "SELECT count(*) FROM user") == 1
    # --data-dir wins over the environment
    other = tmp_path / "from-option"
    ok(pos("init", "--data-dir", other, env=env))
    assert ok(pos("users", "list", "--data-dir", other, env=env)).stdout == ""


# -- clock-dependent defaults (SystemClock and date.today pinned) --------------------------------

LATE_EVENING_UTC = datetime(2026, 11, 23, 22, 30, tzinfo=UTC)  # 01:30 on 24 Nov in Istanbul


class _UtcMachineDate(date):
    @classmethod
    def today(cls) -> _UtcMachineDate:
        return cls(2026, 11, 23)  # what date.today() says on a UTC machine at that moment


@pytest.fixture
def late_evening(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SystemClock, "now", lambda self: LATE_EVENING_UTC)
    monkeypatch.setattr("pos_app.cli.data.date", _UtcMachineDate)


def test_demo_sales_carry_the_istanbul_business_date(late_evening: None, data: Path) -> None:
    ok(pos("demo", "--data-dir", data, "--no-app"))
    sales = exported("--data-dir", data, "--from", "2026-11-24", "--to", "2026-11-24")
    assert len(sales) == 12
    assert {s["business_date"] for s in sales} == {"2026-11-24"}


def test_default_export_range_ends_at_the_stores_today(late_evening: None, data: Path) -> None:
    ok(pos("demo", "--data-dir", data, "--no-app"))
    assert len(exported("--data-dir", data)) == 12


def test_config_toml_in_the_data_dir_is_read(late_evening: None, data: Path) -> None:
    data.mkdir()
    (data / "config.toml").write_text('timezone = "America/New_York"\n', encoding="utf-8")
    # honoured when the data directory comes from the environment ...
    env_dir = data.parent / "env-data"
    env_dir.mkdir()
    (env_dir / "config.toml").write_text('timezone = "America/New_York"\n', encoding="utf-8")
    env: dict[str, str | None] = {"POS_DATA_DIR": str(env_dir)}
    ok(pos("demo", "--no-app", env=env))
    sales = exported("--from", "2026-11-01", "--to", "2026-11-30", env=env)
    assert {s["business_date"] for s in sales} == {"2026-11-23"}
    # ... but not when it comes from --data-dir
    ok(pos("demo", "--data-dir", data, "--no-app"))
    sales = exported("--data-dir", data, "--from", "2026-11-01", "--to", "2026-11-30")
    assert {s["business_date"] for s in sales} == {"2026-11-23"}


# -- bench -------------------------------------------------------------------------------------


def test_bench_prints_json(tmp_path: Path) -> None:
    result = ok(
        pos(
            "bench",
            "--products",
            "2000",
            "--lookups",
            "200",
            "--sales",
            "20",
            "--json",
            "--no-app",  # the app's part runs in tests/ui/test_bench.py
            "--sync-orders",
            "300",
            "--sync-changes",
            "50",
            "--pickup-orders",
            "300",
            "--stock-stores",
            "5",
            "--workdir",
            tmp_path,
        )
    )
    report = json.loads(result.stdout)
    (sync,) = report["sync"]
    assert sync["database"] == "sqlite"
    assert sync["bootstrap"]["products"] == 2000
    assert sync["drain"]["orders"] == 301  # the sale rung as a template, and 300 copies
    assert sync["pull"]["changes"] == 50
    for figure in ("bootstrap", "drain", "pull"):
        assert sync[figure]["seconds"] > 0
    assert report["products"] == 2000
    assert report["pickup_search"]["orders"] == 300
    assert report["pickup_search"]["p99_ms"] >= report["pickup_search"]["p50_ms"] > 0
    assert report["stock_lookup"]["stores"] == 5
    assert report["stock_lookup"]["p99_ms"] >= report["stock_lookup"]["p50_ms"] > 0
    assert "scan_to_cart_row" not in report
    for key in ("barcode_lookup", "barcode_lookup_raw_sqlite3", "sale_completion"):
        stats = report[key]
        assert isinstance(stats["p50_us"], float | int) and stats["p50_us"] > 0, key
        assert stats["p99_us"] >= stats["p50_us"], key
    assert report["barcode_lookup"]["count"] == 200
    assert report["sale_completion"]["count"] == 20
    assert report["peak_rss_mb"] > 0
    assert list(tmp_path.iterdir()) == []  # the bench database was temporary

    user_error(pos("bench", "--products", "0"), "must be positive")


def test_print_test_names_a_wrong_printer_setting(data: Path) -> None:
    init(data)
    message = user_error(
        pos("print-test", "--data-dir", data, "--printer", "tcp://"), "tcp://", "host"
    )
    assert "No printer is configured" not in message
    assert count(data, "SELECT count(*) FROM print_job") == 0  # nothing queued


def test_pos_server_is_the_backend_command_group(tmp_path: Path) -> None:
    shown = ok(pos("server", "--help")).stdout
    for command in ("enroll", "create-store", "import-catalog", "terminals", "--port"):
        assert command in shown
    env = {"POS_SERVER_DATA_DIR": str(tmp_path / "backend")}
    ok(pos("server", "create-store", "S01", "--name", "Kadıköy", env=env))
    code = ok(pos("server", "enroll", "--store", "S01", env=env)).stdout
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code


def test_the_till_does_not_import_the_backend() -> None:
    """`pos app` starts through this module: FastAPI and uvicorn stay out of it."""
    probe = "import sys, pos_app.cli; print('fastapi' in sys.modules, 'uvicorn' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
