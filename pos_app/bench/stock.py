"""``pos bench`` stock look-up: one product's stock across many stores, on a full replica.

A fresh terminal database gets ``products`` products, ``stores`` stores and the backend's
stock of every product at every store (``stores x products`` rows, 500,000 by default,
inserted in batches), an online figure per product and a day of local sales movements. Then
``StockLookup.for_product`` is timed for random products — target p99 <= 20 ms — and the two
store-wide lists once each.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pos_app.config import load_settings
from pos_app.errors import BugError
from pos_app.services.stock_lookup import StockLookup
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database, write_transaction
from pos_app.storage.tables import sqlite_stamp

_BATCH = 20_000
_RATES = (1, 10, 20)
_TARGET_P99_MS = 20
_SALES = 20_000  # local sale movements at this store, half of them after the last report


def _store_code(index: int) -> str:
    return f"S{index + 1:02d}"


def _fill(engine: Any, stores: int, products: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    stamp = sqlite_stamp(now)
    with write_transaction(engine) as conn:
        conn.exec_driver_sql(
            "INSERT INTO store_info (code, id, name, address, tax_number, timezone, synced_at) "
            "VALUES (?, ?, ?, '', '', 'Europe/Istanbul', ?)",
            [(_store_code(s), f"store-{s}", f"Mağaza {s + 1}", stamp) for s in range(stores)],
        )
    for start in range(0, products, _BATCH):
        end = min(products, start + _BATCH)
        with write_transaction(engine) as conn:
            conn.exec_driver_sql(
                "INSERT INTO product (id, sku, name, names_json, search_text, category_id, "
                "price_minor, vat_rate, sold_by_weight, plu, active, updated_at) "
                "VALUES (?, ?, ?, '{}', ?, NULL, ?, ?, 0, NULL, 1, ?)",
                [
                    (
                        f"bench-{i:09d}",
                        f"B{i:09d}",
                        f"Ürün {i}",
                        f"urun {i}",
                        100 + (i * 7919) % 100_000,
                        _RATES[i % 3],
                        stamp,
                    )
                    for i in range(start, end)
                ],
            )
            conn.exec_driver_sql(
                "INSERT INTO online_stock (product_id, available_milli, synced_at) "
                "VALUES (?, ?, ?)",
                [(f"bench-{i:09d}", rng.randrange(0, 50_000), stamp) for i in range(start, end)],
            )
    # stock_level in primary-key order, one write transaction per batch of rows.
    rows: list[tuple[Any, ...]] = []

    def flush() -> None:
        with write_transaction(engine) as conn:
            conn.exec_driver_sql(
                "INSERT INTO stock_level (product_id, store_code, on_hand_milli, "
                "reserved_milli, available_milli, synced_at) VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        rows.clear()

    for i in range(products):
        for s in range(stores):
            on_hand = rng.randrange(-2_000, 40_000)
            reserved = rng.randrange(0, 2_000) if s % 7 == 0 else 0
            rows.append(
                (f"bench-{i:09d}", _store_code(s), on_hand, reserved, on_hand - reserved, stamp)
            )
            if len(rows) >= _BATCH:
                flush()
    if rows:
        flush()
    with write_transaction(engine) as conn:
        conn.exec_driver_sql(
            "INSERT INTO stock_movement (id, store_code, product_id, qty_milli, reason, "
            "sale_id, occurred_at) VALUES (?, ?, ?, ?, 'sale', NULL, ?)",
            [
                (
                    f"mv-{n}",
                    _store_code(0),
                    f"bench-{rng.randrange(products):09d}",
                    -1000 * rng.randint(1, 3),
                    sqlite_stamp(now + timedelta(seconds=n - _SALES // 2)),
                )
                for n in range(_SALES)
            ],
        )


def _ms(samples_ns: list[int], q: float) -> float:
    ordered = sorted(samples_ns)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6, 3)


def run_stock_bench(
    workdir: Path | None = None, stores: int = 50, products: int = 10_000, lookups: int = 5_000
) -> dict[str, Any]:
    """Time ``StockLookup.for_product`` on a generated replica; returns the figures."""
    if stores < 1 or products < 1 or lookups < 1:
        raise ValueError("stores, products and lookups must be at least 1")
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        settings = load_settings(data_dir=Path(tmp))
        engine = open_database(settings.database_path)
        try:
            initialise_terminal(engine, _store_code(0), "T01")
            rng = random.Random(42)
            started = time.perf_counter()
            _fill(engine, stores, products, rng)
            build_seconds = time.perf_counter() - started
            lookup = StockLookup(engine, _store_code(0))
            targets = [f"bench-{rng.randrange(products):09d}" for _ in range(lookups)]
            for pid in targets[:50]:  # warm the page cache and the statement caches
                lookup.for_product(pid)
            samples = []
            for pid in targets:
                t0 = time.perf_counter_ns()
                found = lookup.for_product(pid)
                samples.append(time.perf_counter_ns() - t0)
                if len(found.others) != stores - 1:
                    raise BugError(f"{pid}: {len(found.others)} other stores, not {stores - 1}")
            t0 = time.perf_counter_ns()
            low = lookup.low_stock(threshold_milli=0, limit=200)
            low_ns = time.perf_counter_ns() - t0
            t0 = time.perf_counter_ns()
            lookup.negative_stock(limit=200)
            negative_ns = time.perf_counter_ns() - t0
            t0 = time.perf_counter_ns()
            lookup.find("ürün 12", limit=20)
            find_ns = time.perf_counter_ns() - t0
            lookup.close()
        finally:
            engine.dispose()
    return {
        "stores": stores,
        "products": products,
        "stock_rows": stores * products,
        "build_seconds": round(build_seconds, 2),
        "lookups": lookups,
        "p50_ms": _ms(samples, 0.50),
        "p99_ms": _ms(samples, 0.99),
        "max_ms": _ms(samples, 1.0),
        "low_stock_ms": round(low_ns / 1e6, 1),
        "low_stock_found": len(low),
        "negative_stock_ms": round(negative_ns / 1e6, 1),
        "find_ms": round(find_ns / 1e6, 1),
        "target_p99_ms": _TARGET_P99_MS,
    }


def format_stock_rows(result: dict[str, Any]) -> Iterator[str]:
    """Rows for the bench table."""
    r = result
    yield (
        f"stock look-up, {r['stores']} stores x {r['products']:,} products".ljust(46)
        + f"p50 {r['p50_ms']:.3f} ms   p99 {r['p99_ms']:.3f} ms   "
        + f"target p99 <= {r['target_p99_ms']} ms   ({r['lookups']:,} look-ups)"
    )
    if "low_stock_ms" in r:
        yield (
            "stock lists: low / negative / find".ljust(46)
            + f"{r['low_stock_ms']:.1f} / {r['negative_stock_ms']:.1f} / {r['find_ms']:.1f} ms"
            + f"   (replica of {r['stock_rows']:,} rows built in {r['build_seconds']:.1f} s)"
        )
