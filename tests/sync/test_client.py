"""The terminal's sync client against an in-process backend (``backend.client`` as ``http=``).

Sales are made with the real services; the backend is the reference backend of sync.server.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.domain.cart import Cart
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.enrolment import enroll
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.storage.database import open_database
from pos_app.storage.replica.store import SyncStore
from sync.client.client import SyncClient
from sync.client.errors import AuthError, TransportError
from sync.client.transport import SyncTransport
from sync.protocol import SnapshotPage
from sync.receipt_token import verify_token
from sync.server.db import write_tx
from sync.server.pull import prune_changes
from sync.server.schema import pos_order, stock_level, stock_movement
from sync.server.schema import product as backend_product
from sync.server.terminals import create_enrolment_code, receipt_key, revoke_terminal
from tests.fakes import SEED, FakeClock
from tests.server.conftest import Backend, database_url, make_backend  # noqa: F401

BASE = "http://testserver"


def catalog_items(**prices: int) -> list[dict[str, Any]]:
    """The seed catalog as the backend's admin would enter it."""
    return [
        {
            "sku": p.sku,
            "name": p.name,
            "names": {"en": p.sku.title()},
            "category": "Gıda",
            "price_minor": prices.get(p.sku, p.price_minor),
            "vat_rate": p.vat_rate,
            "sold_by_weight": p.sold_by_weight,
            "plu": p.plu,
            "barcodes": [p.barcode] if p.barcode else [],
        }
        for p in SEED
    ]


def enrolment_code(backend: Backend, store: str = "S01", terminal: str | None = None) -> str:
    with write_tx(backend.engine) as conn:
        code, _ = create_enrolment_code(
            conn,
            store_code=store,
            terminal_code=terminal,
            ttl=timedelta(hours=1),
            now=backend.ctx.clock(),
        )
    return code


@pytest.fixture
def backend(database_url: str, tmp_path: Path) -> Iterator[Backend]:  # noqa: F811
    b = make_backend(database_url, tmp_path)
    with b.client:
        b.store()
        b.products(catalog_items())
        yield b
    b.engine.dispose()


def enrolled_services(backend: Backend, data_dir: Path, clock: FakeClock) -> Services:
    settings = load_settings(data_dir=data_dir, printer="")
    engine = open_database(settings.database_path)
    enroll(engine, BASE, enrolment_code(backend), http=backend.client)
    return build_services(settings, engine, clock, sync_http=backend.client)


@pytest.fixture
def terminal(backend: Backend, tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    """An enrolled terminal S01-T01 that has bootstrapped its catalog from the backend."""
    services = enrolled_services(backend, tmp_path / "data", clock)
    assert services.sync is not None
    services.sync.run_once()
    yield services
    services.close()


@pytest.fixture
def ctx(terminal: Services) -> SaleContext:
    user = terminal.users.add("Ayşe", Role.CASHIER, "4826")
    shift = terminal.shifts.open(user.user_id, 50000)
    return SaleContext(user.user_id, user.name, shift.shift_id, shift.business_date)


def ring(services: Services, ctx: SaleContext, *codes: str) -> CompletedSale:
    cart = Cart(policy=services.policy)
    for code in codes:
        scan = services.catalog.resolve_scan(code)
        cart.add(scan.product, scan.quantity, fixed_total_minor=scan.fixed_total_minor)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    return services.sales.complete_sale(cart, payment, ctx)


def scalar(services: Services, sql: str, **params: Any) -> Any:
    with services.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def sync(services: Services) -> Any:
    assert services.sync is not None
    return services.sync.run_once()


MILK = SEED[0]


def test_enrolment_bootstraps_the_catalog_and_store_details(
    backend: Backend, terminal: Services
) -> None:
    assert terminal.sync is not None
    assert scalar(terminal, "SELECT count(*) FROM product WHERE active") == len(SEED)
    with backend.engine.connect() as conn:
        backend_id: str = conn.execute(
            select(backend_product.c.id).where(backend_product.c.sku == MILK.sku)
        ).scalar_one()
    assert scalar(terminal, "SELECT id FROM product WHERE sku = :s", s=MILK.sku) == backend_id
    assert scalar(terminal, "SELECT product_id FROM barcode WHERE code = :c", c=MILK.barcode) == (
        backend_id
    )
    assert scalar(terminal, "SELECT count(*) FROM category") == 1
    assert scalar(terminal, "SELECT name FROM store_info WHERE code = 'S01'") == "Kadıköy"
    # Receipts print the backend's store and link to its e-receipts.
    assert terminal.settings.store_name == "Kadıköy"
    assert terminal.settings.ereceipt_base_url == BASE
    status = terminal.sync.status()
    assert status.enrolled and status.online and status.pending == 0
    assert status.server_url == BASE


def test_sale_is_pushed_acked_once_and_replay_pushes_nothing(
    backend: Backend, terminal: Services, ctx: SaleContext
) -> None:
    sale = ring(terminal, ctx, MILK.barcode or "", MILK.barcode or "")
    assert terminal.sync is not None and terminal.sync.status().pending == 1
    report = sync(terminal)
    assert (report.pushed, report.applied, report.rejected, report.pending) == (1, 1, 0, 0)
    with terminal.engine.connect() as conn:
        row = conn.execute(text("SELECT outcome, acked_at IS NOT NULL FROM outbox")).one()
    assert tuple(row) == ("applied", 1)
    again = sync(terminal)
    assert (again.pushed, again.pending) == (0, 0)
    with backend.engine.connect() as conn:
        orders = conn.execute(select(pos_order.c.receipt_no, pos_order.c.receipt_token)).all()
        key = receipt_key(conn)
    assert orders == [(sale.receipt_no, sale.receipt_token)]
    # The e-receipt token is signed with the key the terminal got at enrolment.
    assert verify_token(key, sale.receipt_token) == "tr"


def test_backend_stock_is_the_sum_of_movements_and_comes_back(
    backend: Backend, terminal: Services, ctx: SaleContext
) -> None:
    ring(terminal, ctx, MILK.barcode or "", MILK.barcode or "")
    ring(terminal, ctx, MILK.barcode or "")
    sync(terminal)
    milk_id = scalar(terminal, "SELECT id FROM product WHERE sku = :s", s=MILK.sku)
    with backend.engine.connect() as conn:
        moved: int = conn.execute(
            select(func.sum(stock_movement.c.qty_milli)).where(
                stock_movement.c.product_id == milk_id
            )
        ).scalar_one()
        on_hand: int = conn.execute(
            select(stock_level.c.on_hand_milli).where(stock_level.c.product_id == milk_id)
        ).scalar_one()
    assert moved == on_hand == -3000
    # The level arrives back in the terminal's replica by pull.
    sync(terminal)
    assert scalar(
        terminal, "SELECT on_hand_milli FROM stock_level WHERE product_id = :p", p=milk_id
    ) == (-3000)


def test_a_catalog_change_arrives_and_the_next_sale_uses_it(
    backend: Backend, terminal: Services, ctx: SaleContext
) -> None:
    ring(terminal, ctx, MILK.barcode or "")
    backend.products(catalog_items(MILK1L=5000))
    report = sync(terminal)
    assert report.pulled >= 1
    assert scalar(terminal, "SELECT price_minor FROM product WHERE sku = 'MILK1L'") == 5000
    later = ring(terminal, ctx, MILK.barcode or "")
    assert later.total_minor == 5000
    with terminal.engine.connect() as conn:
        prices: list[int] = list(
            conn.execute(text("SELECT unit_price_minor FROM sale_line ORDER BY rowid")).scalars()
        )
    assert prices == [4550, 5000]  # the first sale keeps the price actually charged
    sync(terminal)
    with backend.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(pos_order)).scalar_one() == 2


class _FailingSnapshot(SyncTransport):
    """Fails the n-th snapshot page with a network error."""

    def __init__(self, inner: SyncTransport, fail_at: int) -> None:
        super().__init__(inner.base_url, "x", http=inner._http)
        self._inner = inner
        self.calls = 0
        self.fail_at = fail_at
        self.collecting: list[bool] = []

    def snapshot(self, collection: str, after: str | None, limit: int) -> SnapshotPage:
        self.calls += 1
        self.collecting.append(gc.isenabled())
        if self.calls == self.fail_at:
            raise TransportError("cannot reach http://testserver: connection reset")
        return self._inner.snapshot(collection, after, limit)

    def hello(self, epoch: str, device_time: Any) -> Any:
        return self._inner.hello(epoch, device_time)

    def pull(self, cursor: str | None, limit: int) -> Any:
        return self._inner.pull(cursor, limit)


def test_bootstrap_swaps_the_catalog_in_at_once(
    backend: Backend, tmp_path: Path, clock: FakeClock
) -> None:
    settings = load_settings(data_dir=tmp_path / "data", printer="")
    engine = open_database(settings.database_path)
    enroll(engine, BASE, enrolment_code(backend), http=backend.client)
    from pos_app.storage.replica.settings import load_sync_settings

    state = load_sync_settings(engine)
    assert state is not None
    real = SyncTransport(BASE, state.token, http=backend.client)
    failing = _FailingSnapshot(real, fail_at=3)
    client = SyncClient(failing, SyncStore(engine, clock), snapshot_limit=2)
    assert gc.isenabled()
    with pytest.raises(TransportError):
        client.run_once()
    # The cyclic collector rests while the pages are read, and is back after a failure.
    assert failing.collecting == [False, False, False]
    assert gc.isenabled()
    with engine.connect() as conn:
        # Two pages were staged, but nothing reached the live tables.
        assert conn.execute(text("SELECT count(*) FROM product")).scalar() == 0
        assert conn.execute(text("SELECT bootstrapped FROM sync_state")).scalar() == 0
    # While a snapshot is staged, the live catalog is the old one; the swap is one step.
    store = SyncStore(engine, clock)
    store.begin_snapshot()
    page = real.snapshot("product", None, 1000)
    store.stage_snapshot("product", page.items)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM product")).scalar() == 0
    store.finish_snapshot(page.cursor, "epoch-x")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM product")).scalar() == len(SEED)
        staging = conn.execute(
            text("SELECT count(*) FROM sqlite_temp_master WHERE name LIKE 'snap_%'")
        ).scalar()
        assert staging == 0
    report = SyncClient(real, SyncStore(engine, clock)).run_once()
    assert report.snapshot_items > 0  # the server epoch differed: re-snapshot
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM product")).scalar() == len(SEED)
    engine.dispose()


def test_expired_cursor_re_snapshots_and_leaves_the_outbox_alone(
    backend: Backend, terminal: Services, ctx: SaleContext
) -> None:
    ring(terminal, ctx, MILK.barcode or "")
    ring(terminal, ctx, MILK.barcode or "")
    with terminal.engine.connect() as conn:
        before = conn.execute(text("SELECT mutation_id, seq, payload_hash FROM outbox")).all()
    backend.products(catalog_items(MILK1L=6100))
    with write_tx(backend.engine) as conn:
        assert prune_changes(conn, backend.ctx.clock() + timedelta(days=1)) > 0
    report = sync(terminal)
    assert report.snapshot_items > 0  # 410 -> snapshot
    assert (report.pushed, report.applied, report.pending) == (2, 2, 0)
    assert scalar(terminal, "SELECT price_minor FROM product WHERE sku = 'MILK1L'") == 6100
    with terminal.engine.connect() as conn:
        after = conn.execute(text("SELECT mutation_id, seq, payload_hash FROM outbox")).all()
    assert after == before
    with backend.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(pos_order)).scalar_one() == 2


def test_rejected_fact_is_listed_and_does_not_block_later_facts(
    backend: Backend, terminal: Services, ctx: SaleContext
) -> None:
    with terminal.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO product (id, sku, name, names_json, search_text, price_minor, "
                "vat_rate, sold_by_weight, active, updated_at) VALUES ('local-1', 'LOCALONLY', "
                "'Yerel', '{}', 'yerel', 1000, 20, 0, 1, '2026-11-23 09:00:00.000000')"
            )
        )
        conn.execute(text("INSERT INTO barcode VALUES ('2000000000015', 'local-1')"))
    bad = ring(terminal, ctx, "2000000000015")
    good = ring(terminal, ctx, MILK.barcode or "")
    report = sync(terminal)
    assert (report.pushed, report.applied, report.rejected, report.pending) == (2, 1, 1, 0)
    assert terminal.sync is not None
    facts = terminal.sync.rejected_facts()
    assert len(facts) == 1
    assert facts[0].code == "unknown_sku"
    assert "LOCALONLY" in facts[0].reason
    assert facts[0].receipt_no == bad.receipt_no
    assert terminal.sync.status().rejected == 1
    with backend.engine.connect() as conn:
        assert conn.execute(select(pos_order.c.receipt_no)).scalars().all() == [good.receipt_no]


def test_revoked_terminal_gets_an_auth_error(
    backend: Backend, terminal: Services, ctx: SaleContext
) -> None:
    ring(terminal, ctx, MILK.barcode or "")
    terminal_id = scalar(terminal, "SELECT terminal_id FROM sync_state")
    with write_tx(backend.engine) as conn:
        assert revoke_terminal(conn, terminal_id, backend.ctx.clock())
    with pytest.raises(AuthError) as refused:
        sync(terminal)
    assert refused.value.status == 403
    assert terminal.sync is not None
    status = terminal.sync.status()
    assert status.pending == 1  # nothing lost
    assert "revoked" in status.last_error
    assert scalar(terminal, "SELECT last_error FROM sync_state") != ""
