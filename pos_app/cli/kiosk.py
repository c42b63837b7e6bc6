"""`pos kiosk`: the self-service kiosk, full screen until a manager closes it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pos_app.app import configure_logging, open_engine, open_kiosk_composition
from pos_app.cli.common import DataDir, app, check_qt_libraries, checked_choice, fail
from pos_app.config import Settings, load_settings
from pos_app.errors import KnownError, UserError
from pos_app.services.terminal import load_terminal
from pos_app.storage.instance_lock import hold_instance_lock
from sync.protocol import is_kiosk_code


@app.command("kiosk")
def kiosk_command(
    data_dir: DataDir = None,
    lang: Annotated[
        str | None, typer.Option(help="The welcome language, tr or en (default: settings).")
    ] = None,
    orientation: Annotated[
        str | None,
        typer.Option(help="portrait, landscape or auto (default: the kiosk_orientation setting)."),
    ] = None,
) -> None:
    """Start the self-service kiosk: full screen, no window frame; customers scan, weigh,
    pay by card and take an e-receipt; staff open service mode with a badge or PIN."""
    overrides: dict[str, object] = {}
    if checked_choice("lang", lang, ("tr", "en")) is not None:
        overrides["lang"] = lang
    if checked_choice("orientation", orientation, ("portrait", "landscape", "auto")) is not None:
        overrides["kiosk_orientation"] = orientation
    try:
        settings = load_settings(**({"data_dir": data_dir} if data_dir else {}), **overrides)
        lock = hold_instance_lock(settings.data_dir, "pos kiosk")
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    with lock:
        try:
            configure_logging(settings)
            engine = open_engine(settings)
            terminal = load_terminal(engine)
            engine.dispose()
            if terminal is None:
                raise UserError(
                    "terminal.not_initialised",
                    f"No terminal in {settings.data_dir}: enrol the kiosk "
                    "(`pos enroll --server URL --code CODE`, with a code made for K01)",
                )
            if not is_kiosk_code(terminal.terminal_code):
                typer.echo(
                    f"warning: {terminal.store_code}-{terminal.terminal_code} is enrolled as a "
                    "staff till; staff tills see kiosks only when they are enrolled as K01, "
                    "K02, ...",
                    err=True,
                )
            check_qt_libraries()
            composition = open_kiosk_composition(settings)
        except (UserError, KnownError) as exc:
            fail(exc)
            return
        from pos_app.ui.kiosk import run_kiosk

        try:
            code = run_kiosk(
                composition.services.settings,
                composition.kiosk,
                scale_present=composition.scale is not None,
                staff=composition.kiosk.attendant.staff,
            )
        finally:
            composition.close()
        raise typer.Exit(code)


def run_demo_kiosk(till: Settings, backend_url: str, backend_dir: Path, *, no_app: bool) -> int:
    """``pos demo --kiosk``: the demo kiosk S01-K01 set up (once) next to the demo till, a
    card terminal simulator started for it, and the kiosk opened (unless ``no_app``)."""
    from pos_app.demo.backend import kiosk_enrolment_code
    from pos_app.demo.kiosk import kiosk_dir, needs_enrolment, setup_demo_kiosk
    from pos_app.devices.card_terminal_sim import CardTerminalSimulator

    code = kiosk_enrolment_code(backend_dir) if needs_enrolment(till.data_dir) else None
    made = setup_demo_kiosk(till.data_dir, backend_url, code)
    where = kiosk_dir(till.data_dir)
    lock = hold_instance_lock(where, "pos demo --kiosk")
    with lock:
        typer.echo(
            f"\nDemo kiosk S01-K01 {'created' if made.created else 'already set up'} in {where}"
        )
        typer.echo("Staff badges (demo only; type one at scanner speed, or use the PIN pad):")
        for name, badge in made.badges.items():
            typer.echo(f"  {name:<14} {badge}")
        typer.echo(
            "Try: pos app --data-dir "
            f"{till.data_dir.resolve()} in another terminal: its Attendants panel shows the "
            "kiosk's help calls"
        )
        if no_app:
            return 0
        simulator = CardTerminalSimulator(journal=where / "card-terminal.jsonl").start()
        typer.echo(
            f"Card terminal simulator on 127.0.0.1:{simulator.port} (approves every payment)"
        )
        settings = made.settings.model_copy(
            update={"card_terminal_uri": f"tcp://127.0.0.1:{simulator.port}"}
        )
        try:
            check_qt_libraries()
            composition = open_kiosk_composition(settings)
        except (UserError, KnownError) as exc:
            simulator.stop()
            fail(exc)
            return 2
        from pos_app.ui.kiosk import run_kiosk

        try:
            return run_kiosk(
                composition.services.settings,
                composition.kiosk,
                scale_present=composition.scale is not None,
                staff=composition.kiosk.attendant.staff,
            )
        finally:
            composition.close()
            simulator.stop()
