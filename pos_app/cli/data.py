"""`pos init`, `pos import-catalog`, `pos export sales` and `pos users`: a terminal's data."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, TextIO, cast

import typer

from pos_app.app import open_engine
from pos_app.cli.common import (
    DataDir,
    app,
    export_app,
    fail,
    services_for,
    settings_for,
    users_app,
)
from pos_app.domain.pins import MAX_PIN_LENGTH, min_length
from pos_app.domain.roles import Role
from pos_app.errors import KnownError, UserError
from pos_app.services.clock import local_date
from pos_app.services.terminal import initialise_terminal
from pos_app.services.users import StaffUser
from sync.private_files import open_private


@app.command()
def init(
    data_dir: DataDir = None,
    store: Annotated[str, typer.Option(help="Store code, e.g. S01.")] = "S01",
    terminal: Annotated[str, typer.Option(help="Terminal code, e.g. T01.")] = "T01",
) -> None:
    """Create the data directory and the terminal database (safe to run again)."""
    try:
        settings = settings_for(data_dir)
        engine = open_engine(settings)
        info = initialise_terminal(engine, store.upper(), terminal.upper())
    except (UserError, KnownError) as exc:
        fail(exc)
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
        services = services_for(data_dir)
        report = services.importer.run(file)
    except (UserError, KnownError) as exc:
        fail(exc)
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
        services = services_for(data_dir)
        today = local_date(services.clock.now(), services.settings.timezone)
        start = _parse_date(date_from, "--from") if date_from else today - timedelta(days=30)
        end = _parse_date(date_to, "--to") if date_to else today
        if end < start:
            raise UserError("cli.bad_range", f"--to ({end}) is before --from ({start})")
        if output is None:
            count = export_sales(services.engine, start, end, fmt, sys.stdout)
        else:
            tmp = output.with_name(output.name + ".part")
            data_dir = services.settings.data_dir.resolve()
            if tmp.resolve().is_relative_to(data_dir):  # beside the database: private too
                with cast(TextIO, open_private(tmp, "w")) as out:
                    count = export_sales(services.engine, start, end, fmt, out)
            else:
                with tmp.open("w", encoding="utf-8", newline="") as out:
                    count = export_sales(services.engine, start, end, fmt, out)
            tmp.replace(output)
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    typer.echo(f"Exported {count} sales ({start} .. {end})", err=True)


def _ask_pin(pin: str | None, role: Role) -> str:
    if pin:
        return pin
    prompt = f"PIN ({min_length(role)}-{MAX_PIN_LENGTH} digits, not easy to guess)"
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=True))


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Full name shown on the sign-in tile.")],
    role: Annotated[Role, typer.Option(help="cashier, supervisor or manager.")] = Role.CASHIER,
    pin: Annotated[str | None, typer.Option(help="PIN; asked for (hidden) when omitted.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Add a staff member. A PIN is 4 to 8 digits for a cashier, 6 to 8 for a supervisor or
    manager, and not easy to guess (0000, 1234, 4321, 1212 and common PINs are refused)."""
    try:
        user = services_for(data_dir).users.add(name, role, _ask_pin(pin, role))
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    typer.echo(f"Added {user.name} ({user.role.value})")


def _user_notes(user: StaffUser) -> str:
    notes = []
    if user.locked_for_good:
        notes.append("LOCKED until a manager resets it (pos users unlock / reset-pin)")
    elif user.locked_until is not None:
        notes.append(f"locked until {user.locked_until:%Y-%m-%d %H:%M} UTC")
    if user.pin_ok is False:
        notes.append("PIN does not meet the PIN rules: set a new one (pos users reset-pin)")
    elif user.pin_ok is None:
        notes.append("PIN set before the PIN rules: checked at the next sign-in")
    return "; ".join(notes)


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """List staff members, their roles, lock-outs and PINs that do not meet the PIN rules."""
    try:
        users = services_for(data_dir).users.list()
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    for user in users:
        line = f"{user.name:<30} {user.role.value:<11} {'active' if user.active else 'inactive'}"
        notes = _user_notes(user)
        typer.echo(f"{line:<52}  {notes}" if notes else line)


@users_app.command("reset-pin")
def users_reset_pin(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    pin: Annotated[
        str | None, typer.Option(help="New PIN; asked for (hidden) when omitted.")
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Set a new PIN (also ends a lock-out)."""
    try:
        services = services_for(data_dir)
        role = services.users.find(name).role
        services.users.reset_pin(name, _ask_pin(pin, role))
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    typer.echo(f"PIN reset for {name}")


@users_app.command("unlock")
def users_unlock(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    data_dir: DataDir = None,
) -> None:
    """End a lock-out after too many wrong PINs (the PIN stays the same)."""
    try:
        services_for(data_dir).users.unlock(name)
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    typer.echo(f"{name} unlocked")


@users_app.command("badge")
def users_badge(
    name: Annotated[str, typer.Argument(help="The user's name.")],
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Stop the user's badge working.")
    ] = False,
    png: Annotated[
        Path | None, typer.Option("--png", help="Write the badge as a PNG image to FILE.")
    ] = None,
    print_badge: Annotated[
        bool, typer.Option("--print", help="Print the badge on the receipt printer now.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the printer.")] = 20.0,
    data_dir: DataDir = None,
) -> None:
    """Issue a staff badge (a CODE128 card that opens a kiosk's service mode) or revoke it.

    A new badge replaces the user's previous one. Only a hash of its code is kept, so the code
    is shown or printed once: --png FILE writes the card as an image, --print prints it on the
    receipt printer; with neither, the code is shown.
    """
    from pos_app.devices.receipt_printer import store_info
    from pos_app.services import badges

    try:
        services = services_for(data_dir)
        user = services.users.find(name)
        if revoke:
            if png is not None or print_badge:
                raise UserError("cli.bad_options", "--revoke takes neither --png nor --print")
            services.users.revoke_badge(user.user_id)
            typer.echo(f"Badge of {user.name} revoked")
            return
        if png is not None:
            badges.check_png_target(png)
        code = services.users.issue_badge(user.user_id)
        document = badges.badge_document(user, code)
        store = store_info(services.settings, services.terminal.store_code)
        if png is not None:
            badges.write_badge_png(png, document, store)
            typer.echo(f"Badge of {user.name} written to {png}")
        if print_badge:
            outcome = badges.print_badge(services.printing, document, timeout)
            if outcome.outcome != "printed":
                detail = outcome.detail or (outcome.status.value if outcome.status else "")
                raise KnownError(
                    "badge.not_printed",
                    f"The badge of {user.name} did not print ({outcome.outcome}: {detail}); "
                    "run the command again for a new one (it replaces this badge)",
                )
            typer.echo(f"Badge of {user.name} printed")
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    if png is None and not print_badge:
        typer.echo(f"Badge of {user.name}: {code}")
        typer.echo(
            "Keep it secret, it opens a kiosk's service mode. Print it as a CODE128 barcode: "
            f"`pos users badge {name!r} --print` (receipt printer) or `--png FILE` (an image); "
            "either issues a new badge that replaces this one."
        )
