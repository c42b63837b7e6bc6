"""The ``pos`` command. Every subcommand calls the same services as the app."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer

from pos_app.app import Services, build_services, configure_logging, open_engine
from pos_app.config import Settings, load_settings
from pos_app.domain.roles import Role
from pos_app.errors import KnownError, UserError
from pos_app.services.clock import SystemClock, local_date
from pos_app.services.terminal import initialise_terminal, load_terminal, require_terminal

app = typer.Typer(
    help="Offline-first point of sale: terminal set-up, catalog, staff, exports and benchmarks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
users_app = typer.Typer(help="Staff accounts: add, list, reset a PIN.", no_args_is_help=True)
export_app = typer.Typer(help="Export data for accounting and analysis.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(export_app, name="export")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Data directory (default: $POS_DATA_DIR or the user data dir)."
    ),
]


def _settings(data_dir: Path | None) -> Settings:
    settings = load_settings(**({"data_dir": data_dir} if data_dir else {}))
    configure_logging(settings)
    return settings


def _services(data_dir: Path | None) -> Services:
    settings = _settings(data_dir)
    if not settings.database_path.exists():
        raise UserError(
            "terminal.not_initialised", f"No database in {settings.data_dir}; run `pos init` first"
        )
    return build_services(settings, open_engine(settings))


def _fail(exc: UserError | KnownError) -> None:
    typer.echo(f"error: {exc.message}", err=True)
    raise typer.Exit(2 if isinstance(exc, UserError) else 1)


def _check_qt_libraries() -> None:
    """Stop with the one `apt-get install` line when Qt's system libraries are missing
    (before any Qt library is loaded, so the person sees this and not Qt's abort)."""
    from pos_app.system_check import install_hint, missing_libraries, no_display_problem

    missing = missing_libraries()
    if missing is not None:
        typer.echo(install_hint(missing), err=True)
        raise typer.Exit(1)
    problem = no_display_problem()
    if problem is not None:
        typer.echo(problem, err=True)
        raise typer.Exit(1)


@app.command()
def init(
    data_dir: DataDir = None,
    store: Annotated[str, typer.Option(help="Store code, e.g. S01.")] = "S01",
    terminal: Annotated[str, typer.Option(help="Terminal code, e.g. T01.")] = "T01",
) -> None:
    """Create the data directory and the terminal database (safe to run again)."""
    try:
        settings = _settings(data_dir)
        engine = open_engine(settings)
        info = initialise_terminal(engine, store.upper(), terminal.upper())
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    typer.echo(f"Terminal {info.store_code}-{info.terminal_code} ready")
    typer.echo(f"  data directory: {settings.data_dir}")
    typer.echo(f"  database:       {settings.database_path}")


@app.command("import-catalog")
def import_catalog(
    file: Annotated[
        Path, typer.Argument(help="CSV file (columns: see `pos import-catalog --help`).")
    ],
    data_dir: DataDir = None,
) -> None:
    """Import products from a CSV; every bad row is reported and nothing is imported.

    Columns: sku, name, price, vat_rate (required); name_<lang>, barcodes (|-separated),
    category, category_<lang>, unit (piece|kg), plu (5 digits), active (1|0).
    """
    try:
        services = _services(data_dir)
        report = services.importer.run(file)
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    typer.echo(
        f"Imported {report.total} products ({report.created} new, {report.updated} updated), "
        f"{report.barcodes} barcodes, {report.categories_created} new categories"
    )


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError("cli.bad_date", f"{option}: '{text}' is not a date (YYYY-MM-DD)") from None


@export_app.command("sales")
def export_sales_command(
    data_dir: DataDir = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="First business date, YYYY-MM-DD (default: 30 days ago)."),
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last business date, inclusive (default: today).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export completed sales and returns (one CSV row per line, or nested JSON)."""
    from pos_app.services.export import export_sales

    try:
        if fmt not in ("csv", "json"):
            raise UserError("cli.bad_format", f"--format must be csv or json, not '{fmt}'")
        services = _services(data_dir)
        today = local_date(services.clock.now(), services.settings.timezone)
        start = _parse_date(date_from, "--from") if date_from else today - timedelta(days=30)
        end = _parse_date(date_to, "--to") if date_to else today
        if end < start:
            raise UserError("cli.bad_range", f"--to ({end}) is before --from ({start})")
        if output is None:
            count = export_sales(services.engine, start, end, fmt, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            with tmp.open("w", encoding="utf-8", newline="") as out:
                count = export_sales(services.engine, start, end, fmt, out)
            tmp.replace(output)
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    typer.echo(f"Exported {count} sales ({start} .. {end})", err=True)


def _ask_pin(pin: str | None) -> str:
    if pin:
        return pin
    return str(typer.prompt("PIN (4-8 digits)", hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Full name shown on the sign-in tile.")],
    role: Annotated[Role, typer.Option(help="cashier, supervisor or manager.")] = Role.CASHIER,
    pin: Annotated[str | None, typer.Option(help="PIN; asked for (hidden) when omitted.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Add a staff member."""
    try:
        user = _services(data_dir).users.add(name, role, _ask_pin(pin))
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    typer.echo(f"Added {user.name} ({user.role.value})")


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """List staff members and their roles."""
    try:
        users = _services(data_dir).users.list()
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    for user in users:
        typer.echo(
            f"{user.name:<30} {user.role.value:<11} {'active' if user.active else 'inactive'}"
        )


@users_app.command("reset-pin")
def users_reset_pin(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    pin: Annotated[
        str | None, typer.Option(help="New PIN; asked for (hidden) when omitted.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Set a new PIN (also clears a lock-out)."""
    try:
        _services(data_dir).users.reset_pin(name, _ask_pin(pin))
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    typer.echo(f"PIN reset for {name}")


@app.command("app")
def app_command(
    data_dir: DataDir = None,
    lang: Annotated[str | None, typer.Option(help="tr or en (default: settings).")] = None,
    manager: Annotated[
        bool,
        typer.Option(
            "--manager",
            help="Open the manager screens (stock, adjustments, receiving, counts, transfers, "
            "exceptions) after a manager signs in.",
        ),
    ] = False,
) -> None:
    """Start the cashier app (touchscreen, scanner, customer display), or with --manager the
    manager's stock screens."""
    overrides: dict[str, object] = {}
    if lang is not None:
        if lang not in ("tr", "en"):
            typer.echo(f"error: --lang must be tr or en, not {lang!r}", err=True)
            raise typer.Exit(2)
        overrides["lang"] = lang
    try:
        settings = load_settings(**({"data_dir": data_dir} if data_dir else {}), **overrides)
        engine = open_engine(settings)
        initialised = load_terminal(engine) is not None
        engine.dispose()
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    _check_qt_libraries()
    from pos_app.ui.main import run, run_first_start

    if not initialised:
        # First run: enrol with the backend (or leave, and `pos init` a stand-alone till).
        if not run_first_start(settings):
            _fail(
                UserError(
                    "terminal.not_initialised",
                    f"No terminal in {settings.data_dir}: enrol it "
                    "(`pos enroll --server URL --code CODE`) or run `pos init`",
                )
            )
            return
        engine = open_engine(settings)
        services = build_services(settings, engine)
        staff = services.users.list()
        services.close()
        engine.dispose()
        if not staff:
            typer.echo(
                "Enrolled. Add staff before the first sign-in: "
                f"pos users add NAME --role manager --data-dir {settings.data_dir}"
            )
            raise typer.Exit(0)

    raise typer.Exit(run(settings, manager=manager))


@app.command(
    "server",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def server(ctx: typer.Context) -> None:
    """The online backend: `pos server --host H --port P` serves it; `pos server --help` lists
    enroll, create-store, import-catalog and terminals."""
    # Imported here: the backend's modules (FastAPI, uvicorn) stay out of the till's start-up.
    from sync.server.cli import server_cli

    typer.main.get_command(server_cli).main(args=ctx.args, prog_name="pos server")


@app.command()
def demo(
    data_dir: DataDir = None,
    no_app: Annotated[
        bool,
        typer.Option(
            "--no-app", help="Only set up the demo (store, backend); do not open the app."
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(
            envvar="POS_DEMO_PORT",
            help="Loopback port of the demo backend, kept for later runs (0: any free port).",
        ),
    ] = 8765,
) -> None:
    """Start the demo: a local backend (SQLite) with the demo store, catalog and web pickup
    orders, this terminal enrolled with it, staff and sample sales, and the cashier app."""
    from urllib.parse import urlsplit

    from pos_app.services.demo import DEMO_USERS, install_demo, write_demo_config
    from pos_app.services.demo_backend import (
        DEMO_ADMIN_TOKEN,
        create_demo_pickups,
        seed_backend,
    )
    from pos_app.services.enrolment import enroll
    from pos_app.services.local_backend import (
        leftover_backend,
        start_local_backend,
        stop_leftover,
    )
    from pos_app.services.sync_store import load_sync_settings
    from pos_app.services.sync_worker import SyncWorker

    if not no_app:
        _check_qt_libraries()  # before the backend and the demo data are set up
    backend = None
    try:
        write_demo_config(_settings(data_dir).data_dir)
        settings = _settings(data_dir)
        backend_dir = settings.data_dir / "backend"
        engine = open_engine(settings)
        fresh = load_terminal(engine) is None
        enrolment = load_sync_settings(engine)
        if fresh or enrolment is not None:
            if enrolment is not None:  # the backend comes back where the terminal knows it
                port = urlsplit(enrolment.server_url).port or port
            leftover = leftover_backend(backend_dir)
            if leftover is not None:  # an earlier run crashed or was killed: its backend runs
                stop_leftover(leftover, backend_dir)
                typer.echo(
                    f"Stopped the demo backend an earlier run left running "
                    f"({leftover.url}, pid {leftover.pid})"
                )
            typer.echo(f"Starting the demo backend on http://127.0.0.1:{port} ...")
            try:
                backend = start_local_backend(
                    backend_dir, port=port, admin_token=DEMO_ADMIN_TOKEN
                )
            except KnownError as exc:
                if exc.code != "backend.port_in_use":
                    raise
                hint = (
                    "start the demo on another port with --port N"
                    if enrolment is None
                    else f"this demo's till is enrolled with http://127.0.0.1:{port}, so "
                    "another port needs a new --data-dir (with --port N)"
                )
                raise KnownError(
                    exc.code,
                    f"Port {port} on 127.0.0.1 is in use by another program (not a backend "
                    f"this demo left running): stop it, or {hint}",
                ) from None
        if fresh:
            code = seed_backend(backend_dir)
            assert backend is not None
            enroll(engine, backend.url, code, device_name="demo")
            worker = SyncWorker(engine)
            try:
                worker.run_once()  # the catalog, by snapshot
                services = build_services(settings, engine)
                created = install_demo(services, import_catalog=False)
                services.close()
                worker.run_once()  # stock and sample sales up to the backend
                pickups = create_demo_pickups(backend_dir)
                worker.run_once()  # the pickup orders down to the till
            finally:
                worker.stop()
            typer.echo(
                f"Demo store S01-T01 created in {settings.data_dir}: "
                f"{created['products']} products, {created['sales']} sample sales, "
                f"{pickups} web pickup orders, enrolled with {backend.url}"
            )
        elif enrolment is None:
            typer.echo(
                f"Demo store already set up in {settings.data_dir} without a backend "
                "(made by an older version); delete that directory for the full demo"
            )
        else:
            typer.echo(f"Demo store already set up in {settings.data_dir}")
    except (UserError, KnownError) as exc:
        if backend is not None:
            backend.stop()
        _fail(exc)
        return
    except Exception:
        if backend is not None:
            backend.stop()
        raise
    try:
        typer.echo("\nDemo staff (demo-only PINs):")
        for name, role, pin in DEMO_USERS:
            typer.echo(f"  {name:<14} {role.value:<11} PIN {pin}")
        flag = f" --data-dir {settings.data_dir.resolve()}"
        typer.echo("\nTry:")
        if backend is not None:
            typer.echo(f"  backend API docs: {backend.url}/docs (admin token: {DEMO_ADMIN_TOKEN})")
            typer.echo(f"  pos sync --once{flag}")
        typer.echo(f"  pos users list{flag}")
        typer.echo(f"  pos export sales{flag} --format json")
        typer.echo("  pos bench --products 100000")
        typer.echo("  pos --help")
        if not no_app:
            typer.echo(f"\nStarting the cashier app: pos app{flag}")
            from pos_app.ui.main import run

            raise typer.Exit(run(settings))
    finally:
        if backend is not None:
            backend.stop()


@app.command()
def printers() -> None:
    """List the receipt printers this machine can see (USB, CUPS queues, device files)."""
    from pos_app.devices.discovery import discover, format_table

    typer.echo(format_table(discover()), nl=False)


@app.command("print-test")
def print_test(
    data_dir: DataDir = None,
    printer: Annotated[
        str | None, typer.Option(help="Printer URI to try instead of the configured one.")
    ] = None,
    profile: Annotated[str | None, typer.Option(help="Capabilities profile to try.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the printer.")] = 20.0,
) -> None:
    """Print a test page (Turkish and English lines, code-page check, QR, barcode).

    The page prints on its own: the receipts waiting in the queue stay there for the
    configured printer (the one tried here may be another, with another code page).
    """
    from pos_app.app import build_printing

    overrides: dict[str, object] = {"data_dir": data_dir} if data_dir else {}
    if printer is not None:
        overrides["printer"] = printer
    if profile is not None:
        overrides["printer_profile"] = profile
    try:
        settings = load_settings(**overrides)
        configure_logging(settings)
        if not settings.database_path.exists():
            raise UserError(
                "terminal.not_initialised",
                f"No database in {settings.data_dir}; run `pos init` first",
            )
        engine = open_engine(settings)
        terminal = require_terminal(engine)
        printing = build_printing(settings, engine, SystemClock(), terminal.store_code)
        if printing.config_error is not None:
            raise printing.config_error  # the app goes on without paper; a test cannot
    except (UserError, KnownError) as exc:
        _fail(exc)
        return
    document = {"kind": "test"}
    setup = printing.renderer.setup
    if setup is None:
        engine.dispose()
        typer.echo("No printer is configured (set POS_PRINTER); the test page would read:\n")
        typer.echo(printing.renderer.preview(document))
        raise typer.Exit(1)
    try:
        result = printing.print_alone(document, timeout_s=timeout)
    finally:
        engine.dispose()
    if result.outcome == "printed":
        slot = printing.renderer.code_page_slot
        typer.echo(f"Test page sent to {setup.uri} (profile {setup.profile}).")
        typer.echo(f"Code page {setup.code_page} at slot {slot if slot is not None else '-'}.")
        typer.echo(
            "Check the line with ÇĞİÖŞÜ çğıöşü on paper: if any letter differs, set "
            "printer_code_page_slot (or another profile) and try again."
        )
        return
    detail = result.detail or (result.status.value if result.status else "")
    if result.outcome == "uncertain":
        typer.echo(
            f"error: the test page was sent to {setup.uri} but may not have printed "
            f"({detail}): look at the paper",
            err=True,
        )
    else:
        typer.echo(f"error: the test page did not print on {setup.uri}: {detail}", err=True)
    raise typer.Exit(1)


@app.command()
def bench(
    products: Annotated[int, typer.Option(help="Catalog size (try 1000000).")] = 100_000,
    lookups: Annotated[int, typer.Option(help="Barcode look-ups to time.")] = 20_000,
    sales: Annotated[int, typer.Option(help="Sales to complete and time.")] = 1_000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    with_app: Annotated[
        bool,
        typer.Option("--app/--no-app", help="Also time scan-to-cart-row and app start-up."),
    ] = True,
    workdir: Annotated[
        Path | None, typer.Option(help="Where to build the bench database (default: a temp dir).")
    ] = None,
    with_sync: Annotated[
        bool,
        typer.Option(
            "--sync/--no-sync",
            help="Also time sync with a local backend: bootstrap, drain, pull.",
        ),
    ] = True,
    with_stores: Annotated[
        bool,
        typer.Option(
            "--stores/--no-stores",
            help="Also time pickup search (10,000 web orders) and stock look-up (50 stores).",
        ),
    ] = True,
    pickup_orders: Annotated[int, typer.Option(help="Open web orders to search.")] = 10_000,
    stock_stores: Annotated[int, typer.Option(help="Stores to look stock up across.")] = 50,
    sync_orders: Annotated[int, typer.Option(help="Queued orders to drain.")] = 10_000,
    sync_changes: Annotated[int, typer.Option(help="Backend changes to pull.")] = 1_000,
    pg_url: Annotated[
        str,
        typer.Option(
            envvar="POS_BENCH_DATABASE_URL",
            help="PostgreSQL URL: run the sync figures on PostgreSQL too (schema pos_bench).",
        ),
    ] = "",
) -> None:
    """Benchmark barcode look-up, sale completion, receipts, the app, pickups, stock and sync."""
    from pos_app.services.bench import format_table, run_bench

    if products < 1 or lookups < 1 or sales < 1 or pickup_orders < 1 or stock_stores < 1:
        _fail(
            UserError(
                "cli.bad_count",
                "--products, --lookups, --sales and the store sizes must be positive",
            )
        )
    app_bench = None
    if with_app:
        from pos_app.ui.bench import scan_to_row, startup

        def app_bench(
            settings: Settings, codes: list[str], user_id: str, pin: str
        ) -> dict[str, object]:
            return {
                "scan_to_cart_row": scan_to_row(settings, codes, user_id, pin),
                "app_start": startup(settings.data_dir),
            }

    result = run_bench(
        products=products, lookups=lookups, sales=sales, workdir=workdir, app_bench=app_bench
    )
    table_text = format_table(result)
    if with_stores:
        from pos_app.services.pickup_bench import format_pickup_rows, run_pickup_bench
        from pos_app.services.stock_bench import format_stock_rows, run_stock_bench

        result["pickup_search"] = run_pickup_bench(workdir=workdir, orders=pickup_orders)
        result["stock_lookup"] = run_stock_bench(workdir=workdir, stores=stock_stores)
        table_text = table_text.rstrip("\n") + "\n\n"
        table_text += "\n".join(
            [
                *format_pickup_rows(result["pickup_search"]),
                *format_stock_rows(result["stock_lookup"]),
            ]
        )
        table_text += "\n"
    if with_sync:
        from pos_app.services.sync_bench import format_sync_rows, run_sync_bench

        runs = [
            run_sync_bench(
                database_url=url,
                products=products,
                orders=sync_orders,
                changes=sync_changes,
                workdir=workdir,
            )
            for url in ["", *([pg_url] if pg_url else [])]
        ]
        result["sync"] = runs
        table_text += "\n" + "\n".join(format_sync_rows(runs)) + "\n"
    typer.echo(json.dumps(result, indent=2) if as_json else table_text)


@app.command("enroll")
def enroll_command(
    server: Annotated[
        str, typer.Option("--server", help="The backend's URL, e.g. https://pos.example.com.")
    ],
    code: Annotated[str, typer.Option("--code", help="One-time enrolment code (ABCD-EFGH).")],
    data_dir: DataDir = None,
) -> None:
    """Enrol this terminal with the backend (a fresh data directory takes its identity)."""
    import socket

    from pos_app.services.enrolment import enroll

    try:
        settings = _settings(data_dir)
        engine = open_engine(settings)
        try:
            response = enroll(engine, server, code, device_name=socket.gethostname())
        finally:
            engine.dispose()
    except (UserError, KnownError) as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    address = f", {response.store_address}" if response.store_address else ""
    typer.echo(f"Enrolled with {server}")
    typer.echo(f"  store:          {response.store_code} {response.store_name}{address}")
    typer.echo(f"  terminal:       {response.terminal_code} ({response.terminal_id})")
    typer.echo(f"  receipt prefix: {response.receipt_prefix}")
    typer.echo(f"  e-receipts:     {response.ereceipt_base_url}/r/...")
    typer.echo("Run `pos sync --once` to download the catalog now.")


@app.command("sync")
def sync_command(
    once: Annotated[
        bool, typer.Option("--once", help="One round (hello, push, pull), then exit.")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Sync with the backend: one round with --once, else every 30 s until interrupted.

    Exit status: 0 done, 1 the backend could not be reached or refused, 2 not enrolled.
    """
    import time

    from pos_app.services.enrolment import is_enrolled
    from pos_app.services.sync_worker import SyncWorker
    from sync.client.errors import SyncError

    settings = _settings(data_dir)
    if not settings.database_path.exists():
        typer.echo(
            f"error: no database in {settings.data_dir}; run `pos enroll --server URL --code CODE`",
            err=True,
        )
        raise typer.Exit(2)
    try:
        engine = open_engine(settings)
    except KnownError as exc:
        _fail(exc)
        return
    try:
        if not is_enrolled(engine):
            typer.echo(
                "error: this terminal is not enrolled; run `pos enroll --server URL --code CODE`",
                err=True,
            )
            raise typer.Exit(2)
        worker = SyncWorker(engine)
        try:
            if once:
                try:
                    report = worker.run_once()
                except SyncError as exc:
                    typer.echo(f"error: sync failed: {exc}", err=True)
                    raise typer.Exit(1) from None
                typer.echo(
                    f"pushed {report.pushed} (applied {report.applied}, duplicates "
                    f"{report.duplicates}, rejected {report.rejected}), pulled {report.pulled}"
                    + (f", snapshot {report.snapshot_items}" if report.snapshot_items else "")
                    + f", pending {report.pending}"
                )
            else:
                worker.add_listener(
                    lambda s: typer.echo(
                        f"{'online' if s.online else 'offline'}: pending {s.pending}, "
                        f"rejected {s.rejected}" + (f" ({s.last_error})" if s.last_error else "")
                    )
                )
                worker.start()
                try:
                    while True:
                        time.sleep(1)
                except KeyboardInterrupt:
                    pass  # Ctrl+C ends the foreground sync; the summary follows
            rejected = worker.rejected_facts()
            if rejected:
                typer.echo(f"{len(rejected)} fact(s) rejected by the backend:")
                for fact in rejected:
                    receipt = f" {fact.receipt_no}" if fact.receipt_no else ""
                    typer.echo(f"  seq {fact.seq} {fact.kind}{receipt}: {fact.code}: {fact.reason}")
        finally:
            worker.stop()
    finally:
        engine.dispose()


def main() -> None:
    try:
        app()
    except (UserError, KnownError) as exc:  # e.g. a bad setting, read before a command's try
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(2 if isinstance(exc, UserError) else 1)


if __name__ == "__main__":
    main()
