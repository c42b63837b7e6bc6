"""``pos bench``: pickup-desk search over 10,000 open web orders.

The orders arrive the way production writes them (pages of pulled changes through
``SyncStore.apply_changes``, which fills ``search_text``), then ``PickupService.search`` is
timed over a mix of what staff type or scan: order numbers in several forms, fragments of
Turkish names, phone numbers as customers say them, pickup codes and QR payloads.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pos_app.bench.measure import percentiles
from pos_app.config import load_settings
from pos_app.domain.ids import new_id
from pos_app.services.clock import SystemClock
from pos_app.services.pickup_desk import PickupService
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.storage.replica.store import SyncStore
from sync.protocol import Change, PickupOrderData

TARGET_P99_MS = 20
_PAGE = 500  # changes per pulled page
_STATES = ("placed", "placed", "prepared", "ready")
_FIRST = (
    "Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Şule", "Işıl", "Gülşen", "Özge",
    "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "İbrahim", "Çağrı", "Oğuz", "Ümit", "Deniz",
)  # fmt: skip
_LAST = (
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
    "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Işık",
    "Güneş",
)  # fmt: skip
_OPERATORS = ("530", "532", "533", "535", "541", "542", "505", "506", "544", "555")
_LINES = (
    ("KAHVE-250", "Türk Kahvesi 250 g", 8990),
    ("CAY-1KG", "Siyah Çay 1 kg", 29990),
    ("SABUN-500", "Sıvı Sabun 500 ml", 8990),
    ("DETERJAN-3KG", "Toz Deterjan 3 kg", 24950),
    ("HAVLU-2", "Kağıt Havlu 2'li", 5490),
)


def _order(index: int, rng: random.Random, now: datetime) -> dict[str, Any]:
    number = f"W-{index + 1:06d}"
    code = f"{rng.randrange(1_000_000):06d}"
    phone = f"+90 {rng.choice(_OPERATORS)} {rng.randrange(1000):03d} {rng.randrange(100):02d} "
    phone += f"{rng.randrange(100):02d}"
    lines: list[dict[str, Any]] = [
        {
            "product_id": new_id(),
            "sku": sku,
            "name": name,
            "qty_milli": 1000 * rng.randint(1, 3),
            "unit_price_minor": price,
            "bin": f"{'ABC'[index % 3]}-{index % 40:02d}",
        }
        for sku, name, price in rng.sample(_LINES, rng.randint(1, 3))
    ]
    created = now - timedelta(minutes=rng.randrange(60 * 24 * 5))
    total = sum(int(line["unit_price_minor"]) * int(line["qty_milli"]) // 1000 for line in lines)
    return PickupOrderData.model_validate(
        {
            "id": new_id(),
            "number": number,
            "store_code": "S01",
            "state": rng.choice(_STATES),
            "customer_name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
            "phone": phone,
            "pickup_code": code,
            "qr_payload": f"POSPICKUP:{number}:{code}",
            "paid": rng.random() < 0.8,
            "total_minor": total,
            "lines": lines,
            "created_at": created,
            "pickup_by": created + timedelta(days=3),
            "version": 1,
        }
    ).model_dump(mode="json")


def _load(store: SyncStore, orders: int, rng: random.Random) -> list[dict[str, Any]]:
    """Pull ``orders`` pickup orders in pages, as the sync client applies them."""
    now = datetime.now(UTC)
    made: list[dict[str, Any]] = []
    for start in range(0, orders, _PAGE):
        page = [_order(i, rng, now) for i in range(start, min(orders, start + _PAGE))]
        store.apply_changes(
            [
                Change(
                    scope="store:S01",
                    seq=start + offset + 1,
                    collection="pickup_order",
                    key=data["id"],
                    op="upsert",
                    data=data,
                )
                for offset, data in enumerate(page)
            ],
            f"bench-{start}",
        )
        made.extend(page)
    return made


def _phone_as_said(phone: str, rng: random.Random) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())[-10:]
    forms = (
        f"0{digits[:3]} {digits[3:6]} {digits[6:8]} {digits[8:]}",
        f"+90 {digits[:3]} {digits[3:6]} {digits[6:]}",
        digits,
        f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
        digits[-4:],  # "the number ends in 4567"
    )
    return rng.choice(forms)


def _queries(orders: list[dict[str, Any]], count: int, rng: random.Random) -> list[str]:
    """What staff type or scan, in a fixed mix."""
    made: list[str] = []
    for index in range(count):
        order = rng.choice(orders)
        number = str(order["number"])
        digits = number.split("-")[1].lstrip("0") or "0"
        kind = index % 8
        if kind == 0:
            made.append(rng.choice((number, f"w{digits}", digits, number.lower())))
        elif kind == 1:
            made.append(rng.choice(str(order["customer_name"]).split())[:4].lower())
        elif kind == 2:
            made.append(str(order["customer_name"]).upper())
        elif kind in (3, 4):
            made.append(_phone_as_said(str(order["phone"]), rng))
        elif kind == 5:
            made.append(str(order["pickup_code"]))
        else:
            made.append(str(order["qr_payload"]))
    return made


def run_pickup_bench(
    workdir: Path | None = None, orders: int = 10_000, queries: int = 2_000
) -> dict[str, Any]:
    """Time ``PickupService.search`` on a fresh terminal database holding ``orders`` open
    pickup orders."""
    rng = random.Random(20261124)
    with tempfile.TemporaryDirectory(prefix="pos-pickup-bench-", dir=workdir) as tmp:
        settings = load_settings(data_dir=Path(tmp))
        engine = open_database(settings.database_path)
        try:
            terminal = initialise_terminal(engine, "S01", "T01")
            clock = SystemClock()
            started = time.perf_counter()
            made = _load(SyncStore(engine, clock), orders, rng)
            load_seconds = time.perf_counter() - started
            service = PickupService(engine, clock, terminal, settings.timezone)
            mix = _queries(made, queries, rng)
            for query in mix[:50]:  # warm the page cache and the statement caches
                service.search(query)
            samples: list[int] = []
            found = 0
            for query in mix:
                begin = time.perf_counter_ns()
                results = service.search(query)
                samples.append(time.perf_counter_ns() - begin)
                found += bool(results)
        finally:
            engine.dispose()
    stats = percentiles(samples)
    return {
        "orders": orders,
        "queries": len(samples),
        "found": found,
        "load_s": round(load_seconds, 2),
        "p50_ms": round(stats["p50_us"] / 1000, 2),
        "p99_ms": round(stats["p99_us"] / 1000, 2),
        "max_ms": round(stats["max_us"] / 1000, 2),
        "target_p99_ms": TARGET_P99_MS,
    }


def format_pickup_rows(result: dict[str, Any]) -> Iterator[str]:
    """Rows for the bench table."""
    yield (
        f"pickup search, {result['orders']:,} open orders".ljust(46)
        + f"{result['p99_ms']:>8.2f} ms  target p99 <= {result['target_p99_ms']} ms"
        + f"   (p50 {result['p50_ms']:.2f} ms, {result['queries']:,} queries)"
    )
