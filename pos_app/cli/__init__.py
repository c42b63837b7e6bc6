"""The ``pos`` command. Every subcommand calls the same services as the app.

``common`` holds the Typer app; each module beside it adds its commands when imported.
"""

from __future__ import annotations

import sys

import typer

# Importing a module registers its commands on ``app``, in this order in `pos --help`.
# isort: off
from pos_app.cli import data  # noqa: F401
from pos_app.cli import apps  # noqa: F401
from pos_app.cli import printing  # noqa: F401
from pos_app.cli import bench  # noqa: F401
from pos_app.cli import syncing  # noqa: F401
from pos_app.cli import devices  # noqa: F401
from pos_app.cli import kiosk  # noqa: F401

# isort: on
from pos_app.cli.common import app
from pos_app.errors import KnownError, UserError

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except (UserError, KnownError) as exc:  # e.g. a bad setting, read before a command's try
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(2 if isinstance(exc, UserError) else 1)
