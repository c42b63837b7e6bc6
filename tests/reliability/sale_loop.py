"""Crash-harness child: rings random sales into a terminal database until it is killed.

Run as ``python -m tests.reliability.sale_loop DBPATH [SEED]`` from the repository root.
It prepares the database if needed (idempotently: an open shift is reused), prints one
``ready`` line, then completes sales forever. After each committed sale it appends the
receipt number to ``DBPATH.acked`` (written, then fsynced) so a parent that kills it
knows which sales it saw committed.
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, insert, select

from pos_app.app import build_printing
from pos_app.config import load_settings
from pos_app.domain.cart import Cart, ProductInfo
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.domain.text import fold
from pos_app.services.clock import SystemClock
from pos_app.services.sale_document import SaleContext
from pos_app.services.sales import SalesService
from pos_app.services.shifts import ShiftService
from pos_app.services.terminal import initialise_terminal, require_terminal
from pos_app.services.users import UserService
from pos_app.storage.database import open_database
from pos_app.storage.tables import table

STORE, TERMINAL = "S01", "T01"
TIMEZONE = "Europe/Istanbul"
CASHIER = "Kasiyer Crash"
# (sku, name, price in kuruş, VAT rate, sold by weight)
PRODUCTS = (
    ("CR-MILK", "Süt 1 L", 4550, 1, False),
    ("CR-BREAD", "Ekmek", 1500, 1, False),
    ("CR-TEA", "Çay 1 kg", 29990, 10, False),
    ("CR-SOAP", "Sabun", 8990, 20, False),
    ("CR-OIL", "Zeytinyağı 1 L", 34975, 10, False),
    ("CR-BATT", "Pil AA 4'lü", 12999, 20, False),
    ("CR-APPLE", "Elma", 4990, 1, True),
    ("CR-CHEESE", "Beyaz Peynir", 28950, 10, True),
)


def acked_path(db_path: Path) -> Path:
    return Path(f"{db_path}.acked")


def prepare(engine: Engine) -> SaleContext:
    """Terminal, products, a cashier and an open shift; reuses whatever already exists."""
    clock = SystemClock()
    terminal = initialise_terminal(engine, STORE, TERMINAL)
    p, u = table("product"), table("user")
    with engine.begin() as conn:
        known: set[str] = set(conn.execute(select(p.c.sku)).scalars())
        for number, (sku, name, price, rate, by_weight) in enumerate(PRODUCTS, 1):
            if sku in known:
                continue
            product_id = f"crash-{sku.lower()}"
            conn.execute(
                insert(p),
                {
                    "id": product_id,
                    "sku": sku,
                    "name": name,
                    "names_json": json.dumps({"en": sku}),
                    "search_text": fold(name),
                    "category_id": None,
                    "price_minor": price,
                    "vat_rate": rate,
                    "sold_by_weight": by_weight,
                    "plu": None,
                    "active": True,
                    "updated_at": datetime.now(UTC),
                },
            )
            conn.execute(
                insert(table("barcode")), {"code": f"2990000{number:06d}", "product_id": product_id}
            )
        user_row = conn.execute(select(u.c.id).where(u.c.name == CASHIER)).first()
    if user_row is None:
        users = UserService(engine, clock, max_attempts=5, lockout_minutes=[5])
        user_id = users.add(CASHIER, Role.CASHIER, "7391").user_id
    else:
        user_id = str(user_row[0])
    shifts = ShiftService(engine, clock, terminal, TIMEZONE)
    shift = shifts.current() or shifts.open(user_id, 50000)
    return SaleContext(shift.user_id, CASHIER, shift.shift_id, shift.business_date)


def load_products(engine: Engine) -> list[ProductInfo]:
    p = table("product")
    with engine.connect() as conn:
        rows = conn.execute(
            select(p.c.id, p.c.sku, p.c.name, p.c.price_minor, p.c.vat_rate, p.c.sold_by_weight)
            .where(p.c.active.is_(True))
            .order_by(p.c.sku)
        ).all()
    return [
        ProductInfo(str(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), bool(r[5])) for r in rows
    ]


def random_cart(rng: random.Random, products: list[ProductInfo]) -> Cart:
    cart = Cart()
    for product in rng.choices(products, k=rng.randint(1, 5)):
        if product.sold_by_weight:
            cart.add(product, Decimal(rng.randint(50, 2500)) / 1000)
        else:
            cart.add(product, rng.randint(1, 5))
    return cart


def random_payment(rng: random.Random, total_minor: int, number: int) -> Payment:
    payment = Payment(total_minor)
    style = rng.choice(("cash", "card", "split"))
    if style == "split" and total_minor >= 2:
        payment.add_card(rng.randint(1, total_minor - 1), f"AP{number:06d}")
        style = "cash"
    if style == "card":
        payment.add_card(total_minor, f"AP{number:06d}")
    else:
        # Exact money or a round banknote amount above it (change is given).
        over = rng.choice((0, 0, 1000, 5000, 20000))
        payment.add_cash(payment.remaining_minor + over)
    return payment


def ring_forever(db_path: Path, seed: int) -> None:
    engine = open_database(db_path)
    ctx = prepare(engine)
    terminal = require_terminal(engine)
    # A dummy: printer: every sale also renders and stores its receipt's bytes, as in a store.
    settings = load_settings(data_dir=db_path.parent, printer="dummy:")
    printing = build_printing(settings, engine, SystemClock(), terminal.store_code)
    sales = SalesService(engine, SystemClock(), terminal, printing)
    products = load_products(engine)
    rng = random.Random(seed)
    ack = os.open(acked_path(db_path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        cart = random_cart(rng, products)
        payment = random_payment(rng, cart.totals().total_minor, number)
        sale = sales.complete_sale(cart, payment, ctx)
        # One write() per line: a kill leaves whole lines (or none) behind.
        os.write(ack, f"{sale.receipt_no}\n".encode())
        os.fsync(ack)


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2):
        sys.stderr.write("usage: python -m tests.reliability.sale_loop DBPATH [SEED]\n")
        return 2
    ring_forever(Path(argv[0]), int(argv[1]) if len(argv) == 2 else 0)
    return 0  # pragma: no cover - the loop only ends by being killed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
