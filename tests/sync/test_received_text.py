"""Text a terminal receives by sync is stored in NFC and without control characters (issue 14,
items 5 and 6), even when the backend holds names from before its inputs were checked: the
enrolment's store details, the snapshot (bootstrap) and later pulled changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text, update

from pos_app.config import load_settings
from pos_app.services.enrolment import enroll
from pos_app.storage.database import open_database
from pos_app.storage.replica.settings import load_sync_settings
from pos_app.storage.replica.store import SyncStore
from sync.client.client import SyncClient
from sync.client.transport import SyncTransport
from sync.server.catalog import product_data
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.db import write_tx
from sync.server.schema import product, store
from tests.fakes import SEED, FakeClock
from tests.server.conftest import Backend, database_url, make_backend  # noqa: F401
from tests.sync.test_client import BASE, catalog_items, enrolment_code

CONTROLS = set(range(0x20)) | set(range(0x7F, 0xA0))


@pytest.fixture
def backend(database_url: str, tmp_path: Path) -> Iterator[Backend]:  # noqa: F811
    """A backend whose store and first product were stored decomposed, with ESC, GS, BEL and
    newlines in them (as before the admin API and the CSV refused them)."""
    b = make_backend(database_url, tmp_path)
    with b.client:
        b.store()
        b.products(catalog_items())
        with write_tx(b.engine) as conn:
            conn.execute(
                update(store)
                .where(store.c.code == "S01")
                .values(
                    name="Örnek Market S\u0327is\u0327li\x1b\x07",
                    address="Halaskargazi Cad. 1\r\nS\u0327is\u0327li\x1d\x07",
                    tax_number="123\t456",
                )
            )
            conn.execute(
                update(product)
                .where(product.c.sku == SEED[0].sku)
                .values(name="S\u0327is\u0327li\nSimit\x1b\x07")
            )
        yield b
    b.engine.dispose()


def one(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as conn:
        return conn.execute(text(sql), params).one()


def clean_nfc(value: str) -> bool:
    import unicodedata

    return unicodedata.is_normalized("NFC", value) and not any(ord(c) in CONTROLS for c in value)


def test_received_names_are_composed_and_free_of_control_characters(
    backend: Backend, tmp_path: Path
) -> None:
    settings = load_settings(data_dir=tmp_path / "data", printer="")
    engine = open_database(settings.database_path)
    enroll(engine, BASE, enrolment_code(backend), http=backend.client)
    state = load_sync_settings(engine)
    assert state is not None
    # The enrolment's store details (what receipts print) and the snapshot's.
    assert state.store_name == "Örnek Market Şişli"
    client = SyncClient(
        SyncTransport(BASE, state.token, http=backend.client), SyncStore(engine, FakeClock())
    )
    client.run_once()
    row = one(engine, "SELECT store_name, store_address, store_tax_number FROM sync_state")
    assert tuple(row) == ("Örnek Market Şişli", "Halaskargazi Cad. 1\nŞişli", "123 456")
    assert one(engine, "SELECT name FROM product WHERE sku = :s", s=SEED[0].sku)[0] == (
        "Şişli Simit"
    )

    # A change logged before the fix, pulled later: a product and a customer.
    with write_tx(backend.engine) as conn:
        row = conn.execute(select(product).where(product.c.sku == SEED[1].sku)).one()
        changes = ChangeBuffer()
        changes.upsert(
            GLOBAL,
            "product",
            row.id,
            product_data(row)
            | {"name": "Pog\u0306ac\u0327a\tS\u0327is\u0327li\x1b\x07", "names": {"en": "A\nB"}},
        )
        changes.upsert(
            "customers",
            "customer",
            "c-1",
            {"id": "c-1", "name": "Ays\u0327e\x1bp\x07 Yılmaz", "phone": "0532\n111"},
        )
        changes.flush(conn, backend.ctx.clock())
    client.run_once()
    name, names = one(engine, "SELECT name, names_json FROM product WHERE id = :i", i=row.id)
    assert name == "Poğaça Şişli" and names == '{"en":"A B"}'
    customer = one(engine, "SELECT name, phone FROM customer WHERE id = 'c-1'")
    assert tuple(customer) == ("Ayşep Yılmaz", "0532 111")
    with engine.connect() as conn:
        texts = [
            value
            for table, columns in (
                ("product", "name, names_json, search_text"),
                ("customer", "name, phone, email"),
                ("sync_state", "store_name, store_address, store_tax_number"),
            )
            for record in conn.execute(text(f"SELECT {columns} FROM {table}"))
            for value in record
            if isinstance(value, str)
        ]
    assert texts and all(clean_nfc(value.replace("\n", " ")) for value in texts)
    engine.dispose()
