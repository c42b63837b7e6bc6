"""`pos bench`: the benchmark table (and JSON) of the issues' performance targets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pos_app.cli.common import (
    app,
    fail,
)
from pos_app.config import Settings
from pos_app.errors import UserError


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
    customers: Annotated[
        int,
        typer.Option(
            help="Also time customer look-up and bootstrap with this many customers "
            "(try 1000000; 0: skip).",
        ),
    ] = 0,
    customer_lookups: Annotated[int, typer.Option(help="Customer phone look-ups to time.")] = 5_000,
    pg_url: Annotated[
        str,
        typer.Option(
            envvar="POS_BENCH_DATABASE_URL",
            help="PostgreSQL URL: run the sync figures on PostgreSQL too (schema pos_bench).",
        ),
    ] = "",
) -> None:
    """Benchmark barcode look-up, sale completion, receipts, the app, pickups, stock and sync."""
    from pos_app.bench.checkout import format_table, run_bench

    if customers < 0 or customer_lookups < 1:
        fail(
            UserError("cli.bad_count", "--customers must be 0 or more, --customer-lookups positive")
        )
    if products < 1 or lookups < 1 or sales < 1 or pickup_orders < 1 or stock_stores < 1:
        fail(
            UserError(
                "cli.bad_count",
                "--products, --lookups, --sales and the store sizes must be positive",
            )
        )
    app_bench = None
    if with_app:
        from pos_app.ui.bench import kiosk_scan, scan_to_row, startup

        def app_bench(
            settings: Settings, codes: list[str], user_id: str, pin: str
        ) -> dict[str, object]:
            return {
                "scan_to_cart_row": scan_to_row(settings, codes, user_id, pin),
                "app_start": startup(settings.data_dir),
                # Last: it closes the cashier's shift to open the kiosk's day.
                "kiosk": kiosk_scan(settings, codes, user_id),
            }

    result = run_bench(
        products=products, lookups=lookups, sales=sales, workdir=workdir, app_bench=app_bench
    )
    table_text = format_table(result)
    if with_stores:
        from pos_app.bench.pickup import format_pickup_rows, run_pickup_bench
        from pos_app.bench.stock import format_stock_rows, run_stock_bench

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
        from pos_app.bench.sync import format_sync_rows, run_sync_bench

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
    if customers:
        from pos_app.bench.customers import (
            format_customer_rows,
            run_bootstrap_bench,
            run_lookup_bench,
        )

        lookup = run_lookup_bench(customers=customers, lookups=customer_lookups, workdir=workdir)
        boots = [
            run_bootstrap_bench(customers=customers, database_url=url, workdir=workdir)
            for url in ["", *([pg_url] if pg_url else [])]
        ]
        result["customers"] = {"lookup": lookup, "bootstrap": boots}
        table_text += "\n" + "\n".join(format_customer_rows(lookup, boots)) + "\n"
    typer.echo(json.dumps(result, indent=2) if as_json else table_text)
