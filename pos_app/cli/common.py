"""The `pos` command's root: the Typer app and its groups, and what every command shares
(the data directory option, settings and services, errors as one line, the Qt check)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pos_app.app import build_services, configure_logging, open_engine
from pos_app.config import Settings, load_settings
from pos_app.errors import KnownError, UserError
from pos_app.services.bundle import Services

app = typer.Typer(
    help="Offline-first point of sale: terminal set-up, catalog, staff, exports and benchmarks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
users_app = typer.Typer(
    help="Staff accounts: add, list, reset a PIN, end a lock-out, staff badges.",
    no_args_is_help=True,
)
export_app = typer.Typer(help="Export data for accounting and analysis.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(export_app, name="export")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Data directory (default: $POS_DATA_DIR or the user data dir)."
    ),
]


def settings_for(data_dir: Path | None) -> Settings:
    """Settings for ``--data-dir`` (or the default), with logging configured."""
    settings = load_settings(**({"data_dir": data_dir} if data_dir else {}))
    configure_logging(settings)
    return settings


def services_for(data_dir: Path | None) -> Services:
    """Every service on an initialised data directory."""
    settings = settings_for(data_dir)
    if not settings.database_path.exists():
        raise UserError(
            "terminal.not_initialised", f"No database in {settings.data_dir}; run `pos init` first"
        )
    return build_services(settings, open_engine(settings))


def fail(exc: UserError | KnownError) -> None:
    """One line on stderr; exit 2 for bad input, 1 for the environment."""
    typer.echo(f"error: {exc.message}", err=True)
    raise typer.Exit(2 if isinstance(exc, UserError) else 1)


def check_qt_libraries() -> None:
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


def checked_choice(option: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    """``value`` of ``--option`` when it is one of ``allowed`` (None: not given); anything
    else ends the command with a one-line error and exit code 2."""
    if value is None or value in allowed:
        return value
    choices = f"{', '.join(allowed[:-1])} or {allowed[-1]}"
    typer.echo(f"error: --{option} must be {choices}, not {value!r}", err=True)
    raise typer.Exit(2)
