"""Fixtures for the end-to-end sync tests: a real backend process and enrolled terminals.

``live_backend``: ``uvicorn`` running ``sync.server.app:app_from_env`` on a free port over a
fresh SQLite file (and over a fresh PostgreSQL schema too when POS_TEST_DATABASE_URL is set),
with shortcuts that set up data straight in its database (SQLite in WAL mode and PostgreSQL
both take a second writer while the server runs). ``backend_factory`` starts more of them,
with extra environment (F2's ``POS_SERVER_UNSAFE_DISABLE_DEDUPLICATION``).

``terminal_factory``: a terminal data directory enrolled at a backend (through a proxy if
given), bootstrapped by one sync round, with its services, a cashier and an open shift.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select, text

from pos_app.app import build_services
from pos_app.config import Settings, load_settings
from pos_app.domain.cart import Cart
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.local_backend import LocalBackend, start_local_backend
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from sync.protocol import EnrollResponse
from sync.server.changes import ChangeBuffer
from sync.server.db import make_engine, migrate, write_tx
from tests.fakes import ean13
from tests.server.conftest import BACKENDS, PG_URL, pg_schema

ADMIN_TOKEN = "sync-e2e-admin-token-0123456789abcdef"
CASHIER_PIN = "7391"  # every terminal's cashier
REPO_ROOT = Path(__file__).resolve().parents[2]

# The catalog every terminal sells from: (sku, name, price in kuruş, VAT rate, barcode).
CATALOG = (
    ("E2E-MILK", "Süt 1 L", 4550, 1, ean13("869100000001")),
    ("E2E-BREAD", "Ekmek", 1500, 1, ean13("869100000002")),
    ("E2E-TEA", "Çay 1 kg", 29990, 10, ean13("869100000003")),
    ("E2E-SOAP", "Sabun", 8990, 20, ean13("869100000004")),
    ("E2E-OIL", "Zeytinyağı 1 L", 34975, 10, ean13("869100000005")),
    ("E2E-BATT", "Pil AA 4'lü", 12999, 20, ean13("869100000006")),
)
BARCODES = tuple(item[4] for item in CATALOG)


def catalog_items() -> list[dict[str, Any]]:
    return [
        {"sku": sku, "name": name, "price_minor": price, "vat_rate": rate, "barcodes": [code]}
        for sku, name, price, rate, code in CATALOG
    ]


# -- the backend ----------------------------------------------------------------------------


@dataclass
class LiveBackend:
    """A backend process and a direct connection to its database."""

    kind: str  # sqlite | postgresql
    url: str
    database_url: str
    engine: Engine
    process: LocalBackend

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.process.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.process.process.poll() is None

    # -- setting up data straight in the database --

    def store(self, code: str = "S01", name: str = "Kadıköy") -> dict[str, Any]:
        from sync.server.terminals import create_store

        now = self.now()
        with write_tx(self.engine) as conn:
            changes = ChangeBuffer()
            data = create_store(conn, changes, code=code, name=name, now=now)
            changes.flush(conn, now)
        return data

    def products(self, items: list[dict[str, Any]]) -> dict[str, int]:
        """Create or update products by SKU (``catalog.upsert_products``) in one transaction."""
        from sync.server.catalog import upsert_products

        now = self.now()
        with write_tx(self.engine) as conn:
            changes = ChangeBuffer()
            counts = upsert_products(conn, changes, items, now)
            changes.flush(conn, now)
        return counts

    def set_price(self, sku: str, price_minor: int) -> None:
        row = self.one("SELECT name, vat_rate, barcodes_json FROM product WHERE sku = :s", s=sku)
        self.products(
            [
                {
                    "sku": sku,
                    "name": row.name,
                    "price_minor": price_minor,
                    "vat_rate": row.vat_rate,
                    "barcodes": json.loads(row.barcodes_json),
                }
            ]
        )

    def enrolment_code(self, store_code: str = "S01", terminal_code: str | None = None) -> str:
        from sync.server.terminals import create_enrolment_code

        with write_tx(self.engine) as conn:
            code, _ = create_enrolment_code(
                conn,
                store_code=store_code,
                terminal_code=terminal_code,
                ttl=timedelta(hours=1),
                now=self.now(),
            )
        return code

    # -- reading its database --

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def one(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).one()

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def order_count(self) -> int:
        return int(self.scalar("SELECT count(*) FROM pos_order"))

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", timeout=10.0, **kwargs)


BackendFactory = Callable[..., LiveBackend]


@pytest.fixture
def backend_factory(tmp_path: Path) -> Iterator[BackendFactory]:
    """``backend_factory(kind="sqlite", **extra_env)`` starts a backend; all stop at teardown."""
    started: list[LiveBackend] = []
    with ExitStack() as schemas:

        def start(kind: str = "sqlite", **extra_env: str) -> LiveBackend:
            data_dir = tmp_path / f"server{len(started)}"
            if kind == "sqlite":
                database_url = f"sqlite:///{data_dir / 'backend.db'}"
            elif kind == "postgresql":
                if not PG_URL:
                    pytest.skip("POS_TEST_DATABASE_URL is not set")
                database_url = schemas.enter_context(pg_schema("e2e"))
            else:
                raise ValueError(kind)
            engine = make_engine(database_url)
            try:
                migrate(engine)
                process = start_local_backend(
                    data_dir,
                    database_url=database_url,
                    admin_token=ADMIN_TOKEN,
                    extra_env=dict(extra_env),
                )
            except BaseException:
                engine.dispose()
                raise
            backend = LiveBackend(kind, process.url, database_url, engine, process)
            started.append(backend)
            return backend

        try:
            yield start
        finally:  # the schemas are dropped after every process has stopped
            for backend in reversed(started):
                try:
                    backend.process.stop()
                finally:
                    backend.engine.dispose()


@pytest.fixture(params=BACKENDS)
def live_backend(request: pytest.FixtureRequest, backend_factory: BackendFactory) -> LiveBackend:
    """A running backend with store S01 and the test catalog."""
    backend = backend_factory(request.param)
    backend.store("S01", "Kadıköy")
    backend.products(catalog_items())
    return backend


# -- terminals ------------------------------------------------------------------------------


@dataclass
class LiveTerminal:
    """An enrolled terminal: its data directory, database, services and sync client."""

    name: str
    settings: Settings
    engine: Engine
    enrolment: EnrollResponse
    server_url: str
    services: Services | None = None
    ctx: SaleContext | None = None
    _clients: list[httpx.Client] = field(default_factory=list)

    @property
    def db_path(self) -> Path:
        return Path(self.settings.database_path)

    @property
    def receipt_prefix(self) -> str:
        return self.enrolment.receipt_prefix

    def http(self, transport: httpx.BaseTransport | None = None) -> httpx.Client:
        """An httpx client closed with the terminal (short timeouts: faults are quick)."""
        client = httpx.Client(transport=transport, timeout=httpx.Timeout(15.0, connect=5.0))
        self._clients.append(client)
        return client

    def client(self, *, http: httpx.Client | None = None, clock: Any = None) -> Any:
        """A ``SyncClient`` for this terminal (``build_sync_client``)."""
        from pos_app.services.sync_worker import build_sync_client

        client = build_sync_client(self.engine, http=http or self.http(), clock=clock)
        assert client is not None, "build_sync_client returned None for an enrolled terminal"
        return client

    def sync_until_idle(self, client: Any = None, *, max_rounds: int = 20) -> list[Any]:
        """Rounds until nothing is pending and nothing more was pulled (no faults expected)."""
        client = client or self.client()
        reports = []
        for _ in range(max_rounds):
            report = client.run_once()
            reports.append(report)
            if report.pending == 0 and report.pulled == 0 and self.pending() == 0:
                return reports
        raise AssertionError(f"{self.name} did not become idle: {reports[-3:]}")

    # -- selling --

    def open_shift(self) -> SaleContext:
        if self.ctx is None:
            self.services = build_services(self.settings, self.engine)
            user = self.services.users.add(f"Kasiyer {self.name}", Role.CASHIER, CASHIER_PIN)
            shift = self.services.shifts.open(user.user_id, 50000)
            self.ctx = SaleContext(
                user.user_id, user.name, shift.shift_id, shift.business_date, paper_receipt=False
            )
        return self.ctx

    def ring(self, *codes: str) -> CompletedSale:
        """A sale of the scanned codes, paid in cash (exact money)."""
        ctx = self.open_shift()
        assert self.services is not None
        cart = Cart(policy=self.services.policy)
        for code in codes:
            scan = self.services.catalog.resolve_scan(code)
            cart.add(scan.product, scan.quantity, fixed_total_minor=scan.fixed_total_minor)
        payment = Payment(cart.totals().total_minor)
        payment.add_cash(payment.remaining_minor)
        return self.services.sales.complete_sale(cart, payment, ctx)

    def ring_random(self, rng: random.Random, count: int) -> list[CompletedSale]:
        return [self.ring(*rng.choices(BARCODES, k=rng.randint(1, 4))) for _ in range(count)]

    # -- reading its database --

    def rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def scalar(self, sql: str, **params: Any) -> Any:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()

    def pending(self) -> int:
        outbox = table("outbox")
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(outbox).where(outbox.c.acked_at.is_(None))
                ).scalar_one()
            )

    def receipts(self) -> list[str]:
        return [str(r[0]) for r in self.rows("SELECT receipt_no FROM sale ORDER BY local_no")]

    def sold_by_sku(self) -> dict[str, int]:
        """Stock movements of this terminal per SKU (negative: sold)."""
        return {
            str(r[0]): int(r[1])
            for r in self.rows(
                "SELECT p.sku, sum(m.qty_milli) FROM stock_movement m "
                "JOIN product p ON p.id = m.product_id GROUP BY p.sku"
            )
        }

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
        if self.services is not None:
            self.services.close()  # disposes the engine too
            self.services = None
        else:
            self.engine.dispose()


TerminalFactory = Callable[..., LiveTerminal]


@pytest.fixture
def terminal_factory(tmp_path: Path) -> Iterator[TerminalFactory]:
    """``terminal_factory(backend, server_url=None, bootstrap=True)``: an enrolled terminal.

    ``server_url`` (a proxy's, say) is what the terminal enrols at and keeps talking to;
    by default the backend's own address. ``bootstrap`` runs one clean sync round so the
    terminal has the catalog.
    """
    made: list[LiveTerminal] = []

    def make(
        backend: LiveBackend,
        *,
        server_url: str | None = None,
        store_code: str = "S01",
        terminal_code: str | None = None,
        bootstrap: bool = True,
    ) -> LiveTerminal:
        from pos_app.services.enrolment import enroll

        name = f"term{len(made) + 1}"
        settings = load_settings(data_dir=tmp_path / name, printer="")
        engine = open_database(settings.database_path)
        url = server_url or backend.url
        try:
            code = backend.enrolment_code(store_code, terminal_code)
            enrolment = enroll(engine, url, code, device_name=name)
        except BaseException:
            engine.dispose()
            raise
        terminal = LiveTerminal(name, settings, engine, enrolment, url)
        made.append(terminal)
        if bootstrap:
            terminal.sync_until_idle()
        return terminal

    try:
        yield make
    finally:
        for terminal in reversed(made):
            terminal.close()


# -- checks shared by the scenarios ---------------------------------------------------------


@dataclass
class Audit:
    """What the backend holds against what the terminals rang (the harness's teeth)."""

    expected_orders: int
    orders: int
    duplicate_receipts: dict[str, int]  # receipt number (without "#dup" suffix) -> copies
    missing_receipts: list[str]
    unexpected_receipts: list[str]
    stock_mismatches: dict[str, tuple[int, int, int]]  # sku -> (movements, level, sold)
    unacked: int

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.duplicate_receipts.values())

    def problems(self) -> list[str]:
        found = []
        if self.orders != self.expected_orders:
            found.append(
                f"backend holds {self.orders} orders, terminals rang {self.expected_orders}"
            )
        if self.duplicate_receipts:
            sample = dict(list(self.duplicate_receipts.items())[:5])
            found.append(f"{self.duplicates} duplicate orders, e.g. {sample}")
        if self.missing_receipts:
            found.append(f"missing on the backend: {self.missing_receipts[:5]}")
        if self.unexpected_receipts:
            found.append(f"unknown to the terminals: {self.unexpected_receipts[:5]}")
        if self.stock_mismatches:
            found.append(f"stock (movements, level, sold) per SKU: {self.stock_mismatches}")
        if self.unacked:
            found.append(f"{self.unacked} outbox entries not acknowledged")
        return found


def base_receipt(receipt_no: str) -> str:
    return receipt_no.split("#", 1)[0]


def audit(backend: LiveBackend, terminals: list[LiveTerminal], store_code: str = "S01") -> Audit:
    """Compare the backend's orders and stock with what ``terminals`` rang."""
    rung: list[str] = []
    sold: dict[str, int] = {}
    unacked = 0
    for terminal in terminals:
        rung.extend(terminal.receipts())
        for sku, qty in terminal.sold_by_sku().items():
            sold[sku] = sold.get(sku, 0) + qty
        unacked += terminal.pending()
    held = [str(r[0]) for r in backend.rows("SELECT receipt_no FROM pos_order")]
    copies: dict[str, int] = {}
    for receipt in held:
        copies[base_receipt(receipt)] = copies.get(base_receipt(receipt), 0) + 1
    movements = {
        str(r[0]): int(r[1])
        for r in backend.rows(
            "SELECT p.sku, sum(m.qty_milli) FROM stock_movement m "
            "JOIN product p ON p.id = m.product_id JOIN store s ON s.id = m.store_id "
            "WHERE s.code = :store GROUP BY p.sku",
            store=store_code,
        )
    }
    levels = {
        str(r[0]): int(r[1])
        for r in backend.rows(
            "SELECT p.sku, l.on_hand_milli FROM stock_level l "
            "JOIN product p ON p.id = l.product_id JOIN store s ON s.id = l.store_id "
            "WHERE s.code = :store",
            store=store_code,
        )
    }
    mismatches = {}
    for sku in sorted(set(sold) | set(movements) | set(levels)):
        values = (movements.get(sku, 0), levels.get(sku, 0), sold.get(sku, 0))
        if len(set(values)) != 1:
            mismatches[sku] = values
    return Audit(
        expected_orders=len(rung),
        orders=len(held),
        duplicate_receipts={r: n for r, n in copies.items() if n > 1},
        missing_receipts=sorted(set(rung) - set(copies)),
        unexpected_receipts=sorted(set(copies) - set(rung)),
        stock_mismatches=mismatches,
        unacked=unacked,
    )
