"""``pos bench --sync``: sync throughput against a real backend process on loopback.

Three figures per backend database (SQLite, and PostgreSQL when a URL is given):

- bootstrap: a freshly enrolled terminal downloads a catalog of N products (snapshot pages
  into shadow tables, swapped in at the end) — target 100,000 in <= 15 s;
- drain: 10,000 orders queued while offline are pushed until the outbox is empty — <= 5 s;
- pull: 1,000 price changes made on the backend arrive at the terminal — <= 1 s.

The queued orders are real order facts: one sale is rung through the sales service, and its
payload is copied with fresh ids, receipt numbers and sequence numbers, so the backend applies
10,000 distinct orders with their stock movements.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, insert, select, text

from pos_app.app import build_services
from pos_app.config import Settings, load_settings
from pos_app.domain.ids import new_id
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.enrolment import enroll
from pos_app.services.local_backend import start_local_backend
from pos_app.services.sale_document import SaleContext
from pos_app.services.sync_worker import build_sync_client
from pos_app.storage.database import open_database, write_transaction
from pos_app.storage.tables import table
from sync.client.client import SyncClient
from sync.protocol import canonical_json, payload_hash
from sync.server.changes import ChangeBuffer
from sync.server.db import make_engine, migrate, write_tx
from sync.server.schema import product, store
from sync.server.terminals import create_enrolment_code, create_store

_BENCH_TOKEN = "bench-admin-token-0123456789abcdef"
_RATES = (1, 10, 20)


def _seed_products(url: str, count: int) -> None:
    """Insert ``count`` products straight into the backend's table (the bench's setup)."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        for start in range(0, count, 10_000):
            rows = [
                {
                    "id": str(uuid.UUID(int=(1 << 120) + index)),
                    "sku": f"B{index:09d}",
                    "name": f"Ürün {index}",
                    "names_json": json.dumps({"en": f"Product {index}"}),
                    "category": None,
                    "category_names_json": "{}",
                    "price_minor": 100 + (index * 7919) % 100_000,
                    "vat_rate": _RATES[index % 3],
                    "sold_by_weight": False,
                    "plu": None,
                    "barcodes_json": json.dumps([f"2{index:011d}"]),
                    "active": True,
                    "version": 1,
                    "safety_buffer_milli": 0,
                    "updated_at": now,
                }
                for index in range(start, min(count, start + 10_000))
            ]
            with write_tx(engine) as conn:
                conn.execute(insert(product), rows)
    finally:
        engine.dispose()


def _reprice(url: str, count: int) -> None:
    """Change the price of ``count`` products on the backend (each emits one change)."""
    from sync.server.catalog import product_data

    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        with write_tx(engine) as conn:
            changes = ChangeBuffer()
            rows = conn.execute(select(product).order_by(product.c.id).limit(count)).all()
            for row in rows:
                conn.execute(
                    product.update()
                    .where(product.c.id == row.id)
                    .values(price_minor=row.price_minor + 100, version=row.version + 1)
                )
                fresh = conn.execute(select(product).where(product.c.id == row.id)).one()
                changes.upsert("global", "product", row.id, product_data(fresh))
            changes.flush(conn, now)
    finally:
        engine.dispose()


def _enrolment_code(url: str) -> str:
    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        with write_tx(engine) as conn:
            if conn.execute(select(store.c.id).where(store.c.code == "S01")).first() is None:
                changes = ChangeBuffer()
                create_store(conn, changes, code="S01", name="Bench", now=now)
                changes.flush(conn, now)
            code, _ = create_enrolment_code(conn, store_code="S01", ttl=timedelta(hours=1), now=now)
        return code
    finally:
        engine.dispose()


def _queue_orders(engine: Any, settings: Any, count: int) -> None:
    """Ring one real sale, then queue ``count`` copies of its fact as distinct orders."""
    services = build_services(settings, engine)
    try:
        user = services.users.add("Bench Kasiyer", Role.CASHIER, "7391")
        shift = services.shifts.open(user.user_id, 0)
        p = table("product")
        with engine.connect() as conn:
            ids = conn.execute(select(p.c.id).order_by(p.c.sku).limit(3)).scalars().all()
        cart = services.new_cart()
        for pid in ids:
            info = services.catalog.by_id(pid)
            assert info is not None
            cart.add(info, 1)
        ctx = SaleContext(
            user.user_id, user.name, shift.shift_id, shift.business_date, paper_receipt=False
        )
        payment = Payment(cart.totals().total_minor)
        payment.add_cash(payment.remaining_minor)
        services.sales.complete_sale(cart, payment, ctx)
    finally:
        services.close()
    outbox = table("outbox")
    with write_transaction(engine) as conn:
        template = conn.execute(
            select(outbox).where(outbox.c.kind == "order.completed").order_by(outbox.c.seq)
        ).first()
        assert template is not None
        base = json.loads(template.payload_json)
        prefix = base["receipt_no"].rsplit("-", 1)[0]
        state = conn.execute(text("SELECT next_seq, next_local_no FROM terminal_state")).one()
        seq, local_no = int(state[0]), int(state[1])
        rows = []
        for i in range(count):
            payload = dict(base)
            payload["order_id"] = new_id()
            payload["receipt_no"] = f"{prefix}-{local_no + i:06d}"
            payload["receipt_token"] = None
            payload["stock_movements"] = [m | {"id": new_id()} for m in base["stock_movements"]]
            body = canonical_json(payload)
            rows.append(
                {
                    "mutation_id": new_id(),
                    "terminal_epoch": template.terminal_epoch,
                    "seq": seq + i,
                    "kind": "order.completed",
                    "kind_version": template.kind_version,
                    "occurred_at": template.occurred_at,
                    "business_date": template.business_date,
                    "payload_json": body,
                    "payload_hash": payload_hash(body),
                }
            )
        conn.execute(insert(outbox), rows)
        conn.execute(
            text("UPDATE terminal_state SET next_seq = :s, next_local_no = :n"),
            {"s": seq + count, "n": local_no + count},
        )


def _pending(engine: Any) -> int:
    outbox = table("outbox")
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(outbox).where(outbox.c.acked_at.is_(None))
            ).scalar_one()
        )


def _rounds_until(client: Any, done: Any, limit: int = 1000) -> None:
    for _ in range(limit):
        client.run_once()
        if done():
            return
    raise RuntimeError("sync did not finish")


@dataclass
class BenchTill:
    """An empty till enrolled with a running bench backend (``enrolled_till``)."""

    server_url: str
    settings: Settings
    engine: Engine
    client: SyncClient


@contextmanager
def enrolled_till(
    root: Path, database_url: str, seed: Callable[[str], None]
) -> Iterator[BenchTill]:
    """A backend on ``database_url`` (empty: SQLite under ``root``; else the bench's own
    PostgreSQL schema), migrated, filled by ``seed(server_url)`` and running, and an empty
    till enrolled with it and not yet synced; all stopped and closed on exit."""
    server_url = f"sqlite:///{root / 'server' / 'backend.db'}"
    (root / "server").mkdir(exist_ok=True)
    if database_url:
        _reset_pg_schema(database_url)
        server_url = bench_pg_url(database_url)
    migrate_engine = make_engine(server_url)
    migrate(migrate_engine)
    migrate_engine.dispose()
    seed(server_url)
    code = _enrolment_code(server_url)
    backend = start_local_backend(
        root / "server", database_url=server_url, admin_token=_BENCH_TOKEN
    )
    try:
        settings = load_settings(data_dir=root / "terminal", printer="")
        engine = open_database(settings.database_path)
        enroll(engine, backend.url, code, device_name="bench")
        client = build_sync_client(engine)
        assert client is not None
        try:
            yield BenchTill(server_url, settings, engine, client)
        finally:
            client.close()
            engine.dispose()
    finally:
        backend.stop()


def run_sync_bench(
    *,
    database_url: str = "",
    products: int = 100_000,
    orders: int = 10_000,
    changes: int = 1_000,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Run the three sync figures against a backend on ``database_url`` (empty: SQLite)."""
    with (
        tempfile.TemporaryDirectory(prefix="pos-sync-bench-", dir=workdir) as tmp,
        enrolled_till(Path(tmp), database_url, lambda url: _seed_products(url, products)) as till,
    ):
        engine, client = till.engine, till.client
        started = time.perf_counter()
        report = client.run_once()
        bootstrap_s = time.perf_counter() - started
        p = table("product")
        with engine.connect() as conn:
            local_products = int(conn.execute(select(func.count()).select_from(p)).scalar_one())
        _queue_orders(engine, till.settings, orders)
        queued = _pending(engine)
        started = time.perf_counter()
        _rounds_until(client, lambda: _pending(engine) == 0)
        drain_s = time.perf_counter() - started
        _reprice(till.server_url, changes)
        started = time.perf_counter()
        pulled = client.run_once().pulled
        pull_s = time.perf_counter() - started
    return {
        "database": "postgresql" if database_url else "sqlite",
        "bootstrap": {
            "products": local_products,
            "snapshot_items": report.snapshot_items,
            "seconds": round(bootstrap_s, 3),
            "target_s": 15.0,
        },
        "drain": {
            "orders": queued,
            "seconds": round(drain_s, 3),
            "orders_per_s": round(queued / drain_s) if drain_s else None,
            "target_s": 5.0,
        },
        "pull": {"changes": pulled, "seconds": round(pull_s, 3), "target_s": 1.0},
    }


def _reset_pg_schema(url: str) -> None:
    """Start the PostgreSQL bench from an empty schema of its own (``pos_bench``)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS pos_bench CASCADE"))
        conn.execute(text("CREATE SCHEMA pos_bench"))
    engine.dispose()


def bench_pg_url(url: str) -> str:
    """``url`` with its search path set to the bench's own schema."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options=-csearch_path%3Dpos_bench"


def format_sync_rows(results: list[dict[str, Any]]) -> Iterator[str]:
    """Rows for the bench table."""
    for r in results:
        db = r["database"]
        b, d, p = r["bootstrap"], r["drain"], r["pull"]
        yield (
            f"sync bootstrap, {b['products']:,} products ({db})".ljust(46)
            + f"{b['seconds']:>8.2f} s   target <= {b['target_s']:.0f} s"
        )
        yield (
            f"sync drain, {d['orders']:,} queued orders ({db})".ljust(46)
            + f"{d['seconds']:>8.2f} s   target <= {d['target_s']:.0f} s"
            + f"   ({d['orders_per_s']:,} orders/s)"
        )
        yield (
            f"sync pull, {p['changes']:,} changes ({db})".ljust(46)
            + f"{p['seconds']:>8.2f} s   target <= {p['target_s']:.0f} s"
        )
