"""``pos bench``: barcode look-up and sale completion on a generated catalog.

The catalog is generated and inserted in batches, never held whole in memory, so a
1,000,000-product run stays small. Raw ``sqlite3`` look-ups in the same run give the floor.
"""

from __future__ import annotations

import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from pos_app.app import build_printing, build_services
from pos_app.bench.measure import percentiles
from pos_app.config import Settings, load_settings
from pos_app.demo.data import DEMO_LOGO
from pos_app.domain.barcodes import gtin_check_digit
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database, write_transaction
from pos_app.storage.tables import table

_BATCH = 20_000
_RATES = (1, 10, 20)


def bench_barcode(index: int) -> str:
    body = f"869{index:09d}"
    return body + gtin_check_digit(body)


def _product_batches(count: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    now = datetime.now(UTC)
    for start in range(0, count, _BATCH):
        products, codes = [], []
        for index in range(start, min(count, start + _BATCH)):
            pid = f"bench-{index:09d}"
            products.append(
                {
                    "id": pid,
                    "sku": f"B{index:09d}",
                    "name": f"Ürün {index}",
                    "names_json": "{}",
                    "search_text": f"urun {index}",
                    "category_id": None,
                    "price_minor": 100 + (index * 7919) % 100_000,
                    "vat_rate": _RATES[index % 3],
                    "sold_by_weight": False,
                    "plu": None,
                    "active": True,
                    "updated_at": now,
                }
            )
            codes.append({"code": bench_barcode(index), "product_id": pid})
        yield products, codes


AppBench = Callable[[Settings, list[str], str, str], dict[str, Any]]


def _receipt_bench(
    services: Services,
    ctx: SaleContext,
    products: int,
    rng: random.Random,
    *,
    image_mode: bool,
    renders: int = 300,
) -> dict[str, float]:
    """Render a 30-line receipt for the printer again and again (the logo cached once)."""
    cart = services.new_cart()
    while len(cart.lines) < 30:
        scan = services.catalog.resolve_scan(bench_barcode(rng.randrange(products)))
        cart.add(scan.product, rng.randint(1, 3))
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor + 1000)
    sold = services.sales.complete_sale(cart, payment, ctx)
    printing = services.printing
    job = printing.job_for_sale(sold.sale_id)
    assert job is not None
    document = printing.document(job)
    settings = services.settings.model_copy(update={"printer_image_mode": image_mode})
    store_code = services.terminal.store_code
    renderer = build_printing(settings, services.engine, services.clock, store_code).renderer
    renderer.render(document)  # the logo is dithered and cached here, once
    samples = []
    for _ in range(renders if not image_mode else renders // 3):
        t0 = time.perf_counter_ns()
        renderer.render(document)
        samples.append(time.perf_counter_ns() - t0)
    return percentiles(samples)


def run_bench(
    *,
    products: int,
    lookups: int,
    sales: int,
    workdir: Path | None,
    app_bench: AppBench | None = None,
) -> dict[str, Any]:
    """Look-ups and sales on a generated catalog; ``app_bench`` (the Qt part, passed in by
    the CLI so this module stays Qt-free) gets the settings, codes to scan and a login."""
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        # A printer as in a store (its bytes kept in memory): every sale renders its receipt
        # in its transaction, and the receipt bench uses the demo logo.
        settings = load_settings(data_dir=Path(tmp), printer="dummy:", receipt_logo=str(DEMO_LOGO))
        engine = open_database(settings.database_path)
        initialise_terminal(engine, "S01", "T01")
        started = time.perf_counter()
        for batch, codes in _product_batches(products):
            with write_transaction(engine) as conn:
                conn.execute(insert(table("product")), batch)
                conn.execute(insert(table("barcode")), codes)
        build_seconds = time.perf_counter() - started
        services = build_services(settings, engine)
        rng = random.Random(42)
        targets = [bench_barcode(rng.randrange(products)) for _ in range(lookups)]

        samples = []
        for code in targets:
            t0 = time.perf_counter_ns()
            services.catalog.resolve_scan(code)
            samples.append(time.perf_counter_ns() - t0)
        lookup = percentiles(samples)

        raw = sqlite3.connect(settings.database_path)
        query = (
            "SELECT p.id, p.sku, p.name, p.price_minor, p.vat_rate, p.sold_by_weight, "
            "p.names_json FROM barcode b JOIN product p ON p.id = b.product_id "
            "WHERE b.code = ? AND p.active"
        )
        samples = []
        for code in targets:
            t0 = time.perf_counter_ns()
            raw.execute(query, (code,)).fetchone()
            samples.append(time.perf_counter_ns() - t0)
        raw_lookup = percentiles(samples)

        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("CREATE TABLE fsync_probe (n INTEGER)")
        raw.commit()
        samples = []
        for n in range(200):
            t0 = time.perf_counter_ns()
            raw.execute("INSERT INTO fsync_probe VALUES (?)", (n,))
            raw.commit()
            samples.append(time.perf_counter_ns() - t0)
        commit_floor = percentiles(samples)
        raw.close()

        cashier = services.users.add("Bench Cashier", Role.CASHIER, "7391")
        shift = services.shifts.open(cashier.user_id, 0)
        ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
        samples = []
        for _ in range(sales):
            cart = services.new_cart()
            for _ in range(rng.randint(1, 6)):
                scan = services.catalog.resolve_scan(bench_barcode(rng.randrange(products)))
                cart.add(scan.product, rng.randint(1, 3))
            payment = Payment(cart.totals().total_minor)
            payment.add_cash(payment.remaining_minor + 1000)
            t0 = time.perf_counter_ns()
            services.sales.complete_sale(cart, payment, ctx)
            samples.append(time.perf_counter_ns() - t0)
        sale = percentiles(samples)
        receipt = _receipt_bench(services, ctx, products, rng, image_mode=False)
        receipt_image = _receipt_bench(services, ctx, products, rng, image_mode=True)
        services.close()
        app_results: dict[str, Any] = {}
        if app_bench is not None:
            scans = [bench_barcode(rng.randrange(products)) for _ in range(min(lookups, 2000))]
            app_results = app_bench(settings, scans, cashier.user_id, "7391")
    return {
        **app_results,
        "products": products,
        "catalog_build_seconds": round(build_seconds, 2),
        "catalog_rows_per_second": round(products / build_seconds),
        "barcode_lookup": lookup,
        "barcode_lookup_raw_sqlite3": raw_lookup,
        "single_commit_fsync_floor": commit_floor,
        "sale_completion": sale,
        "receipt_render_30_lines": receipt,
        "receipt_render_30_lines_image_mode": receipt_image,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "sqlite_version": sqlite3.sqlite_version,
        "durability": "WAL, synchronous=FULL",
        "targets": {
            "barcode_lookup_p99_us": 1000,
            "sale_completion_p99_us": 10000,
            "receipt_render_p99_us": 10000,
            "scan_to_cart_row_p99_us": 16000,
            "app_start_s": 2,
            "kiosk_scan_to_basket_row_p99_us": 16000,
            "kiosk_first_line_after_wipe_p99_us": 100000,
        },
    }


def format_table(result: dict[str, Any]) -> str:
    rows = [
        ("barcode look-up (service)", result["barcode_lookup"]),
        ("barcode look-up (raw sqlite3)", result["barcode_lookup_raw_sqlite3"]),
        ("single-row commit (fsync floor)", result["single_commit_fsync_floor"]),
        ("sale completion", result["sale_completion"]),
        ("receipt render, 30 lines + logo", result["receipt_render_30_lines"]),
        ("  ... as one image (image mode)", result["receipt_render_30_lines_image_mode"]),
    ]
    if "scan_to_cart_row" in result:
        rows.append(("scan to cart row (app)", result["scan_to_cart_row"]["row"]))
        rows.append(("  ... and painted (offscreen)", result["scan_to_cart_row"]["painted"]))
    if "kiosk" in result:
        rows.append(("kiosk scan to basket row", result["kiosk"]["row"]))
        rows.append(("  ... and painted (offscreen)", result["kiosk"]["painted"]))
        rows.append(("kiosk first line after idle wipe", result["kiosk"]["first_line"]))
    lines = [
        f"pos bench: {result['products']:,} products, SQLite {result['sqlite_version']}, "
        f"{result['durability']}",
        f"catalog built in {result['catalog_build_seconds']} s "
        f"({result['catalog_rows_per_second']:,} products/s)",
        "",
        f"{'operation':<34}{'count':>8}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}",
        "-" * 72,
    ]
    for name, stats in rows:
        lines.append(
            f"{name:<34}{stats['count']:>8}{stats['p50_us'] / 1000:>10.3f}"
            f"{stats['p99_us'] / 1000:>10.3f}{stats['max_us'] / 1000:>10.3f}"
        )
    lines += [
        "-" * 72,
        f"peak memory (RSS): {result['peak_rss_mb']} MB",
    ]
    if "app_start" in result:
        start = result["app_start"]
        lines.append(
            f"app start-up: {start['process_to_window_s']} s from process start to window "
            f"(median of {start['runs']}, max {start['process_to_window_max_s']} s)"
        )
    lines.append(
        "targets: look-up p99 <= 1 ms, sale completion p99 <= 10 ms, receipt render "
        "p99 <= 10 ms, scan to cart row p99 <= 16 ms, start-up <= 2 s, kiosk scan to "
        "basket row p99 <= 16 ms, kiosk first line after a wipe <= 100 ms"
    )
    return "\n".join(lines)
