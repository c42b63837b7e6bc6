"""``pos bench --customers N``: loyalty customers on the till (docs/loyalty.md).

- look-up on a till holding N customers: by phone in the forms customers say it (target p99
  <= 10 ms) and by name (Turkish-aware word prefixes, ``customer_word``);
- bootstrap: an enrolled, empty till downloads the N customers of a backend (snapshot pages
  staged, then swapped in; the name index is filled by its triggers) — target <= 60 s, on a
  SQLite backend and, with a PostgreSQL URL, on PostgreSQL.

The data is written with bulk inserts: on the till straight into ``customer`` (the triggers
index the names as a pull would), on the backend into its ``customer`` table.
"""

from __future__ import annotations

import random
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from pos_app.bench.measure import percentiles
from pos_app.bench.pickup import _FIRST, _LAST
from pos_app.config import load_settings
from pos_app.services.clock import SystemClock
from pos_app.services.customers import CustomerService
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database, write_transaction
from pos_app.storage.replica.rows import CUSTOMER_COLS
from pos_app.storage.replica.search_text import customer_search_text
from pos_app.storage.tables import table

PHONE_TARGET_P99_MS = 10
BOOTSTRAP_TARGET_S = 60
_BATCH = 20_000
_FIRST_PHONE = 5_300_000_000  # 530 000 00 00: one distinct mobile number per customer


def _person(index: int) -> tuple[str, str, str, str]:
    """(id, name, phone as typed, e-mail) of customer ``index``: deterministic and distinct."""
    first = _FIRST[index % len(_FIRST)]
    middle = _FIRST[(index // len(_FIRST)) % len(_FIRST)]
    last = _LAST[(index // 400) % len(_LAST)]
    name = f"{first} {middle} {last}"  # 8,000 names: many namesakes, as in a real chain
    digits = str(_FIRST_PHONE + index)
    phone = f"+90 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}"
    return str(uuid.UUID(int=(7 << 76) | (1 << 62) | index)), name, phone, f"c{index}@example.com"


def _seed_till(engine: Any, count: int) -> None:
    now = datetime.now(UTC).isoformat(sep=" ")
    sql = (
        f"INSERT INTO customer ({CUSTOMER_COLS}, synced_at) "
        "VALUES (?, ?, ?, ?, ?, NULL, ?, ?, NULL, '{}', '{}', ?)"
    )
    for start in range(0, count, _BATCH):
        rows = []
        for index in range(start, min(count, start + _BATCH)):
            cid, name, phone, email = _person(index)
            digits = str(_FIRST_PHONE + index)
            rows.append(
                (cid, name, phone, email, index % 700, digits, customer_search_text(name), now)
            )
        with write_transaction(engine) as conn:
            conn.exec_driver_sql(sql, rows)


def _phone_forms(index: int, rng: random.Random) -> str:
    digits = str(_FIRST_PHONE + index)
    return rng.choice(
        (
            f"+90 {digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}",
            f"0{digits[:3]} {digits[3:]}",
            digits,
            f"0 ({digits[:3]}) {digits[3:6]}-{digits[6:]}",
        )
    )


def run_lookup_bench(*, customers: int, lookups: int, workdir: Path | None) -> dict[str, Any]:
    """Time phone and name look-ups on a till holding ``customers``."""
    rng = random.Random(18)
    with tempfile.TemporaryDirectory(prefix="pos-customer-bench-", dir=workdir) as tmp:
        settings = load_settings(data_dir=Path(tmp) / "till", printer="")
        engine = open_database(settings.database_path)
        terminal = initialise_terminal(engine, "S01", "T01")
        started = time.perf_counter()
        _seed_till(engine, customers)
        seed_s = time.perf_counter() - started
        service = CustomerService(engine, SystemClock(), terminal, settings.timezone)
        phone_ns, name_ns = [], []
        misses = 0
        for _ in range(lookups):
            typed = _phone_forms(rng.randrange(customers), rng)
            t0 = time.perf_counter_ns()
            found = service.find_by_phone(typed)
            phone_ns.append(time.perf_counter_ns() - t0)
            misses += found is None
        for _ in range(max(1, lookups // 10)):
            first = rng.choice(_FIRST)
            last = rng.choice(_LAST)
            typed = rng.choice((f"{first} {last[:3]}", last, f"{last.lower()} {first[:2]}"))
            t0 = time.perf_counter_ns()
            service.search_name(typed)
            name_ns.append(time.perf_counter_ns() - t0)
        engine.dispose()
    return {
        "customers": customers,
        "seed_s": round(seed_s, 2),
        "phone": percentiles(phone_ns) | {"misses": misses},
        "name": percentiles(name_ns),
        "target_p99_ms": PHONE_TARGET_P99_MS,
    }


def _seed_backend(url: str, count: int) -> None:
    from sync.server.db import make_engine, write_tx
    from sync.server.schema import customer

    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        for start in range(0, count, _BATCH):
            rows = []
            for index in range(start, min(count, start + _BATCH)):
                cid, name, phone, email = _person(index)
                rows.append(
                    {
                        "id": cid,
                        "name": name,
                        "phone": phone,
                        "email": email,
                        "phone_norm": str(_FIRST_PHONE + index),
                        "email_norm": email,
                        "merged_into": None,
                        "erased": False,
                        "home_store_id": None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            with write_tx(engine) as conn:
                conn.execute(insert(customer), rows)
    finally:
        engine.dispose()


def run_bootstrap_bench(
    *, customers: int, database_url: str = "", workdir: Path | None = None
) -> dict[str, Any]:
    """Time an empty till's first sync against a backend holding ``customers``."""
    from pos_app.bench.sync import enrolled_till

    seeded: list[float] = []

    def seed(server_url: str) -> None:
        started = time.perf_counter()
        _seed_backend(server_url, customers)
        seeded.append(time.perf_counter() - started)

    with (
        tempfile.TemporaryDirectory(prefix="pos-customer-boot-", dir=workdir) as tmp,
        enrolled_till(Path(tmp), database_url, seed) as till,
    ):
        started = time.perf_counter()
        till.client.run_once()
        bootstrap_s = time.perf_counter() - started
        with till.engine.connect() as conn:
            local = int(
                conn.execute(select(func.count()).select_from(table("customer"))).scalar_one()
            )
    return {
        "database": "postgresql" if database_url else "sqlite",
        "customers": local,
        "backend_seed_s": round(seeded[0], 2),
        "seconds": round(bootstrap_s, 2),
        "target_s": BOOTSTRAP_TARGET_S,
    }


def format_customer_rows(lookup: dict[str, Any], bootstraps: list[dict[str, Any]]) -> Iterator[str]:
    """Rows for the bench table."""
    n = lookup["customers"]
    phone, name = lookup["phone"], lookup["name"]
    yield (
        f"customer by phone, {n:,} customers".ljust(46)
        + f"{phone['p99_us'] / 1000:>8.2f} ms  target p99 <= {lookup['target_p99_ms']} ms"
        + f"   (p50 {phone['p50_us'] / 1000:.2f} ms, {phone['count']:,} look-ups)"
    )
    yield (
        f"customer by name, {n:,} customers".ljust(46)
        + f"{name['p99_us'] / 1000:>8.2f} ms  p99"
        + f"   (p50 {name['p50_us'] / 1000:.2f} ms, {name['count']:,} searches)"
    )
    for b in bootstraps:
        yield (
            f"customer bootstrap, {b['customers']:,} ({b['database']})".ljust(46)
            + f"{b['seconds']:>8.2f} s   target <= {b['target_s']} s"
        )
