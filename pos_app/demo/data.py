"""Demo data: the bundled store catalog and its produce pictures, staff with demo-only PINs,
stock, sample sales."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.resources import demo_catalog, demo_images_dir, demo_logo
from pos_app.services.sale_document import SaleContext
from pos_app.storage.tables import table
from sync.catalog_images import CopyReport, copy_images
from sync.private_files import make_private_dir, write_private

if TYPE_CHECKING:
    from pos_app.services.bundle import Services

DEMO_CATALOG = demo_catalog()
DEMO_IMAGES = demo_images_dir()
# Demo only: listed in the README; never use these PINs on a real till. They meet the PIN
# rules (domain.pins): 6 digits for the supervisor and the manager, none easy to guess.
DEMO_USERS = (
    ("Ayşe Yılmaz", Role.CASHIER, "4826"),
    ("Mehmet Demir", Role.SUPERVISOR, "583916"),
    ("Zeynep Kaya", Role.MANAGER, "739164"),
)


DEMO_LOGO = demo_logo()
DEMO_STORE = {
    "store_name": "Demo Mağaza Kadıköy",
    "store_address": "Moda Cad. No: 12, Kadıköy / İstanbul",
    "store_tax_number": "1234567890",
}


def write_demo_config(data_dir: Path) -> bool:
    """The demo store's receipt header and logo in ``config.toml`` (kept if one exists).

    No printer is set: receipts show on screen. Set ``printer = "tcp://..."`` to print.
    """
    path = data_dir / "config.toml"
    if path.exists():
        return False
    make_private_dir(data_dir)
    values = DEMO_STORE | {"receipt_logo": str(DEMO_LOGO)}
    # JSON string quoting is valid TOML basic-string quoting for these values.
    lines = ["# Written by `pos demo`; every setting is listed in the README."]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    write_private(path, ("\n".join(lines) + "\n").encode())
    return True


def copy_demo_images(images_dir: Path) -> CopyReport:
    """The demo catalog's pictures into ``images_dir`` (a till's or the demo backend's)."""
    names = [path.name for path in DEMO_IMAGES.iterdir() if path.suffix == ".png"]
    return copy_images(DEMO_IMAGES, images_dir, names)


def install_demo(
    services: Services, *, sample_sales: int = 12, import_catalog: bool = True
) -> dict[str, int]:
    """Fill a fresh terminal database with the demo store; returns what it created.

    ``import_catalog=False`` when the catalog came from the backend (an enrolled demo).
    """
    if import_catalog:
        services.importer.run(DEMO_CATALOG)
    # The pictures too: an enrolled demo till would fetch them, but need not wait for it.
    copy_demo_images(services.settings.images_dir)
    users = {u.name for u in services.users.list()}
    for name, role, pin in DEMO_USERS:
        if name not in users:
            services.users.add(name, role, pin)
    p = table("product")
    with services.engine.connect() as conn:
        products = conn.execute(select(p.c.id, p.c.sold_by_weight).order_by(p.c.sku)).all()
    services.stock.adjust(
        [(str(pid), Decimal(15) if by_weight else Decimal(24)) for pid, by_weight in products],
        "receive",
        None,
    )
    cashier = services.users.find(DEMO_USERS[0][0])
    shift = services.shifts.current() or services.shifts.open(cashier.user_id, 50000)
    ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
    rng = random.Random(2026)
    skus = _piece_skus(services)
    for number in range(sample_sales):
        cart = services.new_cart()
        for sku in rng.sample(skus, rng.randint(1, 5)):
            product = services.catalog.by_sku(sku)
            assert product is not None
            cart.add(product, rng.randint(1, 3))
        payment = Payment(cart.totals().total_minor)
        if number % 3 == 0:
            payment.add_card(payment.remaining_minor, f"DEMO{number:04d}")
        else:
            payment.add_cash(payment.remaining_minor + rng.choice([0, 500, 1000, 5000]))
        services.sales.complete_sale(cart, payment, ctx)
    return {"products": len(products), "users": len(DEMO_USERS), "sales": sample_sales}


def _piece_skus(services: Services) -> list[str]:
    """Products sold by the piece, without an age check (the sample sales stay as they were
    before the catalog had any)."""
    p = table("product")
    with services.engine.connect() as conn:
        return [
            str(r[0])
            for r in conn.execute(
                select(p.c.sku)
                .where(p.c.sold_by_weight.is_(False), p.c.min_age == 0)
                .order_by(p.c.sku)
            )
        ]
