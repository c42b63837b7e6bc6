"""`pos enroll` and `pos sync`: this till and the online backend."""

from __future__ import annotations

from typing import Annotated

import typer

from pos_app.app import open_engine
from pos_app.cli.common import (
    DataDir,
    app,
    fail,
    settings_for,
)
from pos_app.errors import KnownError, UserError
from pos_app.storage.instance_lock import hold_instance_lock


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
        settings = settings_for(data_dir)
        lock = hold_instance_lock(settings.data_dir, "pos enroll")
        engine = open_engine(settings)
        try:
            response = enroll(engine, server, code, device_name=socket.gethostname())
        finally:
            engine.dispose()
            lock.release()
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

    settings = settings_for(data_dir)
    if not settings.database_path.exists():
        typer.echo(
            f"error: no database in {settings.data_dir}; run `pos enroll --server URL --code CODE`",
            err=True,
        )
        raise typer.Exit(2)
    try:
        lock = hold_instance_lock(settings.data_dir, "pos sync")
    except KnownError as exc:
        fail(exc)
        return
    try:
        engine = open_engine(settings)
    except KnownError as exc:
        lock.release()
        fail(exc)
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
                if report.new_epoch:
                    typer.echo(
                        "this database is older than the backend's record of this till "
                        "(restored from a copy?): its unsent facts now go in a new stream "
                        f"({report.new_epoch}); receipt numbers continue above the backend's"
                    )
                if report.resent:
                    typer.echo(
                        f"the backend had lost {report.resent} facts this till sent before "
                        "(restored from a backup?): sent again"
                    )
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
                # "rejected N" above counts this round's; the list is every rejected fact.
                typer.echo(f"{len(rejected)} fact(s) rejected by the backend so far:")
                for fact in rejected:
                    receipt = f" {fact.receipt_no}" if fact.receipt_no else ""
                    typer.echo(f"  seq {fact.seq} {fact.kind}{receipt}: {fact.code}: {fact.reason}")
        finally:
            worker.stop()
    finally:
        engine.dispose()
        lock.release()
