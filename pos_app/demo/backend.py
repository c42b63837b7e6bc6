"""The demo's online side: a backend on loopback with the demo store, catalog, customers and
web pickup orders, and this terminal enrolled with it (``pos demo``)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pos_app.demo.data import DEMO_CATALOG, DEMO_STORE, copy_demo_images
from sync.catalog_csv import parse_catalog_bytes
from sync.private_files import write_private
from sync.protocol import giftcards
from sync.server.catalog import upsert_products
from sync.server.changes import ChangeBuffer
from sync.server.customers import add_loyalty, find_or_create_customer
from sync.server.db import make_engine, migrate, write_tx
from sync.server.receipt_claims import new_loyalty_code
from sync.server.schema import store, tax_rate, web_order
from sync.server.settings import DEMO_ADMIN_TOKEN as DEMO_ADMIN_TOKEN
from sync.server.terminals import create_enrolment_code, create_store
from sync.server.value_cards import issue_card
from sync.server.web_orders import CustomerIn, OrderLineIn, create_order

log = logging.getLogger(__name__)

DEMO_PORT = 8765
DEMO_CUSTOMERS = (
    ("Elif Şahin", "0532 111 22 33", "elif@example.com"),
    ("John Smith", "+44 7700 900123", "john@example.com"),
)
# Web orders to collect at the demo store: (customer index, [(sku, pieces)], paid).
DEMO_PICKUPS = (
    (0, [("SKU-00052", 2), ("SKU-00116", 1)], True),
    (1, [("SKU-00251", 1)], False),
)


# Elif's points (spendable at once) and the demo gift card's balance.
DEMO_POINTS = 1_500
DEMO_GIFT_CARD_MINOR = 25_000
DEMO_CODES = "demo-codes.json"


def backend_database_url(backend_dir: Path) -> str:
    return f"sqlite:///{backend_dir / 'backend.db'}"


def seed_backend(backend_dir: Path) -> str:
    """Create the demo store and its catalog (once), and return a fresh enrolment code.

    The catalog's pictures go into the backend's images folder (its default, in
    ``backend_dir``), from where the tills fetch them."""
    copy_demo_images(backend_dir / "images")
    engine = make_engine(backend_database_url(backend_dir))
    now = datetime.now(UTC)
    try:
        migrate(engine)
        with write_tx(engine) as conn:
            changes = ChangeBuffer()
            if conn.execute(select(store.c.id).where(store.c.code == "S01")).first() is None:
                create_store(
                    conn,
                    changes,
                    code="S01",
                    name=DEMO_STORE["store_name"],
                    address=DEMO_STORE["store_address"],
                    tax_number=DEMO_STORE["store_tax_number"],
                    now=now,
                )
                rates: set[int] = set(conn.execute(select(tax_rate.c.rate_percent)).scalars())
                parsed = parse_catalog_bytes(DEMO_CATALOG.read_bytes(), rates)
                upsert_products(conn, changes, [row.as_product() for row in parsed.rows], now)
                ids = [
                    find_or_create_customer(
                        conn, changes, name=name, phone=phone, email=email, now=now
                    )
                    for name, phone, email in DEMO_CUSTOMERS
                ]
                _seed_loyalty(conn, changes, backend_dir, ids[0], now)
            changes.flush(conn, now)
            code, _ = create_enrolment_code(
                conn, store_code="S01", terminal_code="T01", ttl=timedelta(hours=1), now=now
            )
        return code
    finally:
        engine.dispose()


def _seed_loyalty(
    conn: Any, changes: ChangeBuffer, backend_dir: Path, customer_id: str, now: datetime
) -> None:
    """Elif's points and loyalty QR, and a gift card, with their codes kept in
    ``demo-codes.json`` (the backend keeps only hashes) so every demo start can show them."""
    add_loyalty(
        conn, changes, customer_id=customer_id, points=DEMO_POINTS, reason="adjust", now=now
    )
    loyalty = new_loyalty_code(conn, changes, customer_id, now)
    card_code = giftcards.new_code()
    issue_card(
        conn,
        changes,
        code=card_code,
        kind="gift",
        amount_minor=DEMO_GIFT_CARD_MINOR,
        reference="demo",
        now=now,
    )
    codes = {
        "customer": DEMO_CUSTOMERS[0][0],
        "loyalty_qr": loyalty["qr_text"],
        "gift_card": giftcards.display(card_code),
        "gift_card_minor": DEMO_GIFT_CARD_MINOR,
    }
    # 0600 like every file of the data directory: a gift card's code is money.
    write_private(backend_dir / DEMO_CODES, json.dumps(codes, ensure_ascii=False).encode())


def demo_codes(backend_dir: Path) -> dict[str, Any] | None:
    """The demo's loyalty QR and gift card codes, when this demo made them."""
    try:
        data = json.loads((backend_dir / DEMO_CODES).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def create_demo_pickups(backend_dir: Path) -> int:
    """Place the demo's web pickup orders at S01 (once; after the store's stock arrived)."""
    engine = make_engine(backend_database_url(backend_dir))
    now = datetime.now(UTC)
    try:
        with write_tx(engine) as conn:
            if conn.execute(select(web_order.c.id).limit(1)).first() is not None:
                return 0
            changes = ChangeBuffer()
            for index, lines, paid in DEMO_PICKUPS:
                name, phone, email = DEMO_CUSTOMERS[index]
                create_order(
                    conn,
                    changes,
                    fulfilment="pickup",
                    store_code="S01",
                    customer_in=CustomerIn(name=name, phone=phone, email=email),
                    customer_id=None,
                    lines=[OrderLineIn(sku=sku, qty_milli=qty * 1000) for sku, qty in lines],
                    paid=paid,
                    pickup_by=now + timedelta(days=3),
                    now=now,
                )
            changes.flush(conn, now)
        return len(DEMO_PICKUPS)
    finally:
        engine.dispose()


def kiosk_enrolment_code(backend_dir: Path, terminal_code: str = "K01") -> str:
    """A fresh one-time code enrolling the demo store's self-service kiosk ``terminal_code``."""
    engine = make_engine(backend_database_url(backend_dir))
    try:
        with write_tx(engine) as conn:
            code, _ = create_enrolment_code(
                conn,
                store_code="S01",
                terminal_code=terminal_code,
                ttl=timedelta(hours=1),
                now=datetime.now(UTC),
            )
        return code
    finally:
        engine.dispose()
