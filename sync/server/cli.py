"""``pos server``: run the backend, and the few admin tasks needed before there is a UI.

``pos server --host H --port P`` migrates the database once, refuses a configuration that
must not run (production mode with default secrets), then serves
``sync.server.app:app_from_env`` with uvicorn. The subcommands work on the same database
(``POS_SERVER_DATA_DIR`` / ``POS_SERVER_DATABASE_URL``).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from sqlalchemy import Engine

from sync.catalog_csv import CatalogCsvError
from sync.catalog_images import copy_images
from sync.server import terminals
from sync.server.api.routes.terminals import list_terminal_rows
from sync.server.catalog import import_catalog_csv, referenced_images
from sync.server.changes import ChangeBuffer
from sync.server.context import utc_now
from sync.server.db import make_engine, migrate, write_tx
from sync.server.errors import ServerError
from sync.server.settings import ServerSettings, SettingsError, load_settings

server_cli = typer.Typer(
    name="server",
    help="Run the online backend (`pos server --host H --port P`) or administer it.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _settings() -> ServerSettings:
    """The settings from the environment; a bad value ends the command with one line."""
    try:
        return load_settings()
    except SettingsError as exc:
        _fail(str(exc), code=2)


def _engine(settings: ServerSettings) -> Engine:
    engine = make_engine(settings.effective_database_url, pool_size=1)
    migrate(engine)
    return engine


@server_cli.callback()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8765,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Worker processes (SQLite: always 1).")
    ] = 1,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Backend data directory (POS_SERVER_DATA_DIR).", show_default=False),
    ] = None,
) -> None:
    """Serve the backend: sync under /sync/v1, admin API under /api/v1, e-receipts at /r/."""
    if data_dir is not None:
        os.environ["POS_SERVER_DATA_DIR"] = str(data_dir.expanduser())
    settings = _settings()  # every subcommand: a bad setting is one line, not a traceback
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    problems = settings.problems()
    if problems:
        _fail("refusing to serve in production mode: " + "; ".join(problems), code=2)
    engine = _engine(settings)
    engine.dispose()
    if settings.effective_database_url.startswith("sqlite") and workers != 1:
        # SQLite has one writer; several processes would only queue on its lock.
        typer.echo("SQLite database: serving with one worker")
        workers = 1
    os.environ["POS_SERVER_BASE_URL"] = f"http://{host}:{port}"
    typer.echo(f"pos-omni backend on http://{host}:{port} ({settings.effective_database_url})")
    uvicorn.run(
        "sync.server.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
    )


@server_cli.command("new-epoch")
def new_epoch() -> None:
    """Start a new server epoch after restoring the database from a backup: every till
    downloads the reference data again and resends the facts the backup lacks. (A restored
    database is also noticed at start-up on the host that served it; this is for the rest.)"""
    from sync.server import epoch_guard

    settings = ServerSettings()
    engine = _engine(settings)
    try:
        with write_tx(engine) as conn:
            epoch = epoch_guard.new_epoch(conn, "pos server new-epoch")
        epoch_guard.refresh(engine, settings.data_dir)
    finally:
        engine.dispose()
    typer.echo(f"new server epoch {epoch}: tills re-download reference data at their next sync")


@server_cli.command("create-store")
def create_store(
    code: Annotated[str, typer.Argument(help="Store code, e.g. S01.")],
    name: Annotated[str, typer.Option(help="Store name as printed on receipts.")],
    address: Annotated[str, typer.Option(help="Address printed on receipts.")] = "",
    tax_number: Annotated[str, typer.Option(help="Tax number (VKN).")] = "",
    timezone: Annotated[str, typer.Option(help="IANA time zone.")] = "Europe/Istanbul",
) -> None:
    """Create a store."""
    if not name.strip():
        _fail("--name must not be empty")
    engine = _engine(_settings())
    try:
        with write_tx(engine) as conn:
            changes = ChangeBuffer()
            now = utc_now()
            data = terminals.create_store(
                conn,
                changes,
                code=code.upper(),
                name=name.strip(),
                address=address,
                tax_number=tax_number,
                timezone=timezone,
                now=now,
            )
            changes.flush(conn, now)
    except ServerError as exc:
        _fail(exc.detail)
    finally:
        engine.dispose()
    typer.echo(f"Store {data['code']} created: {data['name']}")


@server_cli.command("enroll")
def enroll_code(
    store: Annotated[str, typer.Option(help="Store the terminal belongs to, e.g. S01.")],
    terminal: Annotated[
        str | None,
        typer.Option(
            help="Terminal code: T02 for a till, K01 for a self-service kiosk "
            "(default: the next free till code)."
        ),
    ] = None,
) -> None:
    """Print a one-time enrolment code for a new terminal, and when it expires."""
    settings = _settings()
    engine = _engine(settings)
    try:
        with write_tx(engine) as conn:
            code, expires = terminals.create_enrolment_code(
                conn,
                store_code=store.upper(),
                terminal_code=terminal.upper() if terminal else None,
                ttl=timedelta(hours=settings.enrolment_code_ttl_hours),
                now=utc_now(),
            )
    except ServerError as exc:
        _fail(exc.detail)
    finally:
        engine.dispose()
    typer.echo(f"Enrolment code: {code}")
    typer.echo(f"  store {store.upper()}, terminal {terminal.upper() if terminal else '(next)'}")
    typer.echo(f"  expires {expires.isoformat(timespec='minutes')} (UTC); usable once")


@server_cli.command("import-catalog")
def import_catalog(
    file: Annotated[Path, typer.Argument(help="CSV file, the format of `pos import-catalog`.")],
    images: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the pictures the image column names: they are copied into the "
            "backend's images folder (POS_SERVER_IMAGES_DIR) for the tills to fetch."
        ),
    ] = None,
) -> None:
    """Import products from a CSV; every bad line is reported and nothing is imported."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: {exc.strerror or exc}")
    if images is not None and not images.is_dir():
        _fail(f"{images}: not a folder", 2)
    settings = _settings()
    engine = _engine(settings)
    try:
        counts = import_catalog_csv(engine, data, utc_now())
        names = referenced_images(engine) if images is not None else []
    except CatalogCsvError as exc:
        shown = exc.errors[:200]
        typer.echo(f"error: {len(exc.errors)} problem(s) found, nothing was imported:", err=True)
        for error in shown:
            typer.echo(f"  {error}", err=True)
        if len(exc.errors) > len(shown):
            typer.echo(f"  ... and {len(exc.errors) - len(shown)} more", err=True)
        raise typer.Exit(1) from None
    except ServerError as exc:
        _fail(exc.detail)
    finally:
        engine.dispose()
    typer.echo(
        f"Imported {counts['created'] + counts['updated']} products "
        f"({counts['created']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged)"
    )
    if images is not None:
        report = copy_images(images, settings.effective_images_dir, names)
        typer.echo(
            f"Pictures: {len(report.copied)} copied to {settings.effective_images_dir}, "
            f"{len(names) - len(report.copied) - len(report.missing) - len(report.refused)} "
            "already there"
        )
        if report.missing:
            typer.echo(
                f"warning: {len(report.missing)} picture(s) named by the catalog are not in "
                f"{images}: {', '.join(report.missing[:20])}"
                + (" ..." if len(report.missing) > 20 else ""),
                err=True,
            )
        for problem in report.refused:
            typer.echo(f"warning: picture not copied: {problem}", err=True)


@server_cli.command("terminals")
def list_terminals(
    store: Annotated[str | None, typer.Option(help="Only this store's terminals.")] = None,
) -> None:
    """List enrolled terminals with when they were last seen and whether they are revoked."""
    engine = _engine(_settings())
    try:
        with engine.connect() as conn:
            rows = list_terminal_rows(conn, store.upper() if store else None)
    finally:
        engine.dispose()
    if not rows:
        typer.echo("No terminals enrolled.")
        return
    typer.echo(f"{'terminal':<10} {'device':<20} {'enrolled':<17} {'last seen':<17} status")
    for row in rows:
        seen = row.last_seen_at.strftime("%Y-%m-%d %H:%M") if row.last_seen_at else "never"
        status = (
            f"revoked {row.revoked_at.strftime('%Y-%m-%d %H:%M')}" if row.revoked_at else "active"
        )
        typer.echo(
            f"{row.store + '-' + row.code:<10} {row.device_name[:20]:<20} "
            f"{row.enrolled_at.strftime('%Y-%m-%d %H:%M'):<17} {seen:<17} {status}"
        )


@server_cli.command("erase-inactive")
def erase_inactive(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list who would be erased.")
    ] = False,
) -> None:
    """Erase the personal data of customers inactive for POS_SERVER_CUSTOMER_RETENTION_DAYS
    (no sale, web order, consent or profile change; 0: off). The running server does this
    hourly; this runs it now (e.g. from cron)."""
    from sync.server import erasure
    from sync.server.context import ServerContext

    settings = _settings()
    if settings.customer_retention_days <= 0:
        typer.echo("Customer retention is off (POS_SERVER_CUSTOMER_RETENTION_DAYS is 0)")
    engine = _engine(settings)
    try:
        ids = erasure.erase_inactive(
            ServerContext(settings=settings, engine=engine), dry_run=dry_run
        )
    finally:
        engine.dispose()
    verb = "would be erased" if dry_run else "erased"
    typer.echo(f"{len(ids)} inactive customer(s) {verb}")
    for customer_id in ids:
        typer.echo(f"  {customer_id}")
