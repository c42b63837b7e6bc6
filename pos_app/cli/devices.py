"""`pos scale-test` and `pos card-terminal-sim`: trying a scale, simulating a card terminal."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from pos_app.cli.common import DataDir, app, fail, settings_for
from pos_app.errors import UserError


@app.command("scale-test")
def scale_test(
    uri: Annotated[
        str | None,
        typer.Option(
            help="Scale URI: serial:/dev/ttyUSB0?baud=9600&bits=7&parity=E, fake:450 "
            "(default: the scale_uri setting, POS_SCALE_URI).",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a steady weight.")] = 3.0,
    data_dir: DataDir = None,
) -> None:
    """Read one weight from the scale and print it in kg."""
    from pos_app.devices.scale import open_scale

    try:
        if uri is None:
            uri = settings_for(data_dir).scale_uri
        scale = open_scale(uri)
        if scale is None:
            raise UserError("scale.none", "No scale: pass --uri or set scale_uri (POS_SCALE_URI)")
        try:
            weighing = scale.read_weight(timeout_s=timeout)
        finally:
            scale.close()
    except UserError as exc:
        fail(exc)
        return
    kg, grams = divmod(weighing.weight_milli, 1000)
    typer.echo(f"{kg}.{grams:03d} kg")


@app.command("card-terminal-sim")
def card_terminal_sim(
    port: Annotated[int, typer.Option(help="TCP port to listen on (0: any free port).")] = 9100,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    mode: Annotated[
        str,
        typer.Option(help="approve, decline, slow, drop, lost_answer or timeout."),
    ] = "approve",
    journal: Annotated[
        Path | None,
        typer.Option(help="Append-only JSON-lines file the transactions survive restarts in."),
    ] = None,
) -> None:
    """Run a simulated card payment terminal in the foreground (Ctrl-C stops it)."""
    from pos_app.devices.card_terminal_sim import CardTerminalSimulator

    try:
        simulator = CardTerminalSimulator(host, port, mode=mode, journal=journal).start()
    except UserError as exc:
        fail(exc)
        return
    except OSError as exc:
        typer.echo(f"error: cannot listen on {host}:{port}: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Card terminal simulator on tcp://{host}:{simulator.port} (mode {simulator.mode}); "
        "Ctrl-C stops it.",
    )
    try:
        while True:
            time.sleep(1.0)
    except KeyboardInterrupt:
        typer.echo("Stopping.")
    finally:
        simulator.stop()
