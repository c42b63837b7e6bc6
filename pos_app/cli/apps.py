"""`pos app`, `pos demo` and `pos server`: the programs that run until closed."""

from __future__ import annotations

from typing import Annotated

import typer

from pos_app.app import build_services, open_engine
from pos_app.cli.common import (
    DataDir,
    app,
    check_qt_libraries,
    checked_choice,
    fail,
    settings_for,
)
from pos_app.config import Settings, load_settings
from pos_app.errors import KnownError, UserError
from pos_app.services.terminal import load_terminal
from pos_app.storage.instance_lock import hold_instance_lock


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
    if checked_choice("lang", lang, ("tr", "en")) is not None:
        overrides["lang"] = lang
    try:
        settings = load_settings(**({"data_dir": data_dir} if data_dir else {}), **overrides)
        lock = hold_instance_lock(settings.data_dir, "pos app")
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    with lock:
        _run_app(settings, manager)


def _run_app(settings: Settings, manager: bool) -> None:
    try:
        engine = open_engine(settings)
        initialised = load_terminal(engine) is not None
        engine.dispose()
    except (UserError, KnownError) as exc:
        fail(exc)
        return
    check_qt_libraries()
    from pos_app.ui.main import run, run_first_start

    if not initialised:
        # First run: enrol with the backend (or leave, and `pos init` a stand-alone till).
        if not run_first_start(settings):
            fail(
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
    kiosk: Annotated[
        bool,
        typer.Option(
            "--kiosk",
            help="Also enrol the self-service kiosk S01-K01 (in DATA_DIR/kiosk, with a card "
            "terminal simulator and a scale stand-in) and open it instead of the cashier app.",
        ),
    ] = False,
) -> None:
    """Start the demo: a local backend (SQLite) with the demo store, catalog and web pickup
    orders, this terminal enrolled with it, staff and sample sales, and the cashier app (or,
    with --kiosk, the self-service kiosk)."""
    from urllib.parse import urlsplit

    from pos_app.demo.backend import (
        DEMO_ADMIN_TOKEN,
        create_demo_pickups,
        demo_codes,
        seed_backend,
    )
    from pos_app.demo.data import DEMO_USERS, install_demo, write_demo_config
    from pos_app.services.enrolment import enroll
    from pos_app.services.local_backend import (
        leftover_backend,
        start_local_backend,
        stop_leftover,
    )
    from pos_app.services.sync_worker import SyncWorker
    from pos_app.storage.replica.settings import load_sync_settings

    if not no_app:
        check_qt_libraries()  # before the backend and the demo data are set up
    backend = None
    try:
        write_demo_config(settings_for(data_dir).data_dir)
        settings = settings_for(data_dir)
        lock = hold_instance_lock(settings.data_dir, "pos demo")  # held while the demo runs
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
                backend = start_local_backend(backend_dir, port=port, admin_token=DEMO_ADMIN_TOKEN)
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
        fail(exc)
        return
    except Exception:
        if backend is not None:
            backend.stop()
        raise
    try:
        typer.echo("\nDemo staff (demo-only PINs):")
        for name, role, pin in DEMO_USERS:
            typer.echo(f"  {name:<14} {role.value:<11} PIN {pin}")
        codes = demo_codes(backend_dir) if backend is not None else None
        if codes is not None:
            typer.echo("\nDemo loyalty and gift card (type or scan them at the till):")
            typer.echo(f"  {codes['customer']}'s loyalty QR: {codes['loyalty_qr']}")
            amount = int(codes["gift_card_minor"]) / 100
            typer.echo(f"  gift card {codes['gift_card']} holding {amount:.2f} TL")
        flag = f" --data-dir {settings.data_dir.resolve()}"
        typer.echo("\nTry:")
        if backend is not None:
            typer.echo(f"  backend API docs: {backend.url}/docs (admin token: {DEMO_ADMIN_TOKEN})")
            typer.echo(f"  pos sync --once{flag}")
        typer.echo(f"  pos users list{flag}")
        typer.echo(f"  pos export sales{flag} --format json")
        typer.echo("  pos bench --products 100000")
        typer.echo("  pos --help")
        if kiosk:
            if backend is None:
                raise KnownError(
                    "demo.no_backend",
                    "The kiosk demo needs the demo backend: delete this old demo directory "
                    f"({settings.data_dir}) and run `pos demo --kiosk` again",
                )
            from pos_app.cli.kiosk import run_demo_kiosk

            lock.release()  # the cashier app may open the demo till while the kiosk runs
            raise typer.Exit(run_demo_kiosk(settings, backend.url, backend_dir, no_app=no_app))
        if not no_app:
            typer.echo(f"\nStarting the cashier app: pos app{flag}")
            from pos_app.ui.main import run

            raise typer.Exit(run(settings))
    finally:
        if backend is not None:
            backend.stop()
        lock.release()
