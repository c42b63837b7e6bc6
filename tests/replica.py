"""Reference data as a backend would send it, applied through the terminal's own pull path
(``SyncStore.apply_changes``): stores, stock levels and pickup orders for screen tests."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from pos_app.storage.replica.store import SyncStore
from pos_app.storage.tables import table
from sync.protocol import Change
from tests.fakes import FakeClock

_seq = itertools.count(1)

STORES = (
    ("S01", "Kadıköy"),
    ("S02", "Beşiktaş"),
    ("S03", "Bornova İzmir"),
    ("S04", "Çankaya Ankara"),
)


def change(collection: str, key: str, data: dict[str, Any], scope: str = "global") -> Change:
    return Change(
        scope=scope, seq=next(_seq), collection=collection, key=key, op="upsert", data=data
    )


def apply(engine: Engine, synced_at: datetime, changes: list[Change]) -> None:
    SyncStore(engine, FakeClock(synced_at)).apply_changes(changes, "cursor")


def products(engine: Engine) -> list[tuple[str, str, str]]:
    p = table("product")
    with engine.connect() as conn:
        return [
            (str(r.id), str(r.sku), str(r.name))
            for r in conn.execute(select(p.c.id, p.c.sku, p.c.name).order_by(p.c.sku))
        ]


def seed_stock(engine: Engine, synced_at: datetime) -> None:
    """Every product at four stores and online, with some of it reserved for pickups."""
    changes = [
        change("store", code, {"code": code, "id": f"store-{code}", "name": name})
        for code, name in STORES
    ]
    for n, (product_id, sku, _name) in enumerate(products(engine)):
        stores = {}
        for s, (code, _store) in enumerate(STORES):
            on_hand = ((n * 7 + s * 5) % 13) * 1000 - (2000 if (n, s) == (1, 0) else 0)
            reserved = 1000 if s == 0 and n % 3 == 0 and on_hand > 0 else 0
            stores[code] = {
                "on_hand_milli": on_hand,
                "reserved_milli": reserved,
                "available_milli": max(0, on_hand - reserved),
            }
        data = {
            "product_id": product_id,
            "sku": sku,
            "stores": stores,
            "online_available_milli": sum(v["available_milli"] for v in stores.values()),
            "updated_at": synced_at.isoformat(),
        }
        changes.append(change("stock", product_id, data))
    apply(engine, synced_at, changes)


CUSTOMERS = (
    ("Işık Yılmaz", "0532 111 22 33"),
    ("Çağla Öztürk", "+90 541 222 33 44"),
    ("İsmail Şahin", "05053334455"),
    ("Gül Demir", "0 216 444 55 66"),
    ("Ufuk Ağaoğlu", "0555 666 77 88"),
)


def seed_pickups(engine: Engine, synced_at: datetime) -> list[dict[str, Any]]:
    """Web pickup orders in every state; the first placed one is overdue."""
    catalog = products(engine)
    states = ("placed", "placed", "prepared", "ready", "ready", "collected", "cancelled")
    orders = []
    for n, state in enumerate(states):
        name, phone = CUSTOMERS[n % len(CUSTOMERS)]
        lines = []
        for k in range(1 + n % 3):
            product_id, sku, product_name = catalog[(n + k * 2) % len(catalog)]
            lines.append(
                {
                    "product_id": product_id,
                    "sku": sku,
                    "name": product_name,
                    "qty_milli": (1 + k) * 1000,
                    "unit_price_minor": 2450 + 1000 * k,
                    "bin": f"A-{n + 1:02d}-{k + 1}",
                }
            )
        number = f"W-{101 + n:06d}"
        code = f"{(n * 271_828) % 1_000_000:06d}"
        created = synced_at - timedelta(days=2, hours=n)
        order = {
            "id": f"web-order-{n}",
            "number": number,
            "store_code": "S01",
            "state": state,
            "customer_name": name,
            "phone": phone,
            "pickup_code": code,
            "qr_payload": f"POSPICKUP:{number}:{code}",
            "paid": n != 4,
            "total_minor": sum(ln["unit_price_minor"] * ln["qty_milli"] // 1000 for ln in lines),
            "currency": "TRY",
            "lines": lines,
            "created_at": created.isoformat(),
            "pickup_by": (
                synced_at - timedelta(hours=3) if n == 0 else synced_at + timedelta(days=2)
            ).isoformat(),
            "version": 1,
        }
        orders.append(order)
    apply(
        engine,
        synced_at,
        [change("pickup_order", o["id"], o, scope="store:S01") for o in orders],
    )
    return orders
