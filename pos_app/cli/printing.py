"""`pos printers` and `pos print-test`: finding a receipt printer and trying it."""

from __future__ import annotations

from typing import Annotated

import typer

from pos_app.app import configure_logging, open_engine
from pos_app.cli.common import (
    DataDir,
    app,
    fail,
)
from pos_app.config import load_settings
from pos_app.errors import KnownError, UserError
from pos_app.services.clock import SystemClock
from pos_app.services.terminal import require_terminal


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
        fail(exc)
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
