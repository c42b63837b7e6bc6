"""Test doubles shared by the suites: a controllable clock, a small seeded catalog and a
printer whose faults a test sets."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert

from pos_app.devices.link import LinkError, PrinterStatus
from pos_app.devices.printer_uri import PrinterTarget
from pos_app.domain.barcodes import gtin_check_digit
from pos_app.domain.text import fold
from pos_app.storage.tables import table


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


def ean13(body12: str) -> str:
    return body12 + gtin_check_digit(body12)


@dataclass(frozen=True)
class SeedProduct:
    product_id: str
    sku: str
    name: str
    barcode: str | None
    price_minor: int
    vat_rate: int
    sold_by_weight: bool = False
    plu: str | None = None


SEED = (
    SeedProduct("p-milk", "MILK1L", "Tam Yağlı Süt 1 L", ean13("869000000001"), 4550, 1),
    SeedProduct("p-tea", "TEA1KG", "Siyah Çay 1 kg", ean13("869000000002"), 29990, 10),
    SeedProduct("p-soap", "SOAP", "Sıvı Sabun 500 ml", ean13("869000000003"), 8990, 20),
    SeedProduct("p-bread", "BREAD", "Ekmek", ean13("869000000004"), 1500, 1),
    SeedProduct("p-apple", "APPLE", "Elma Amasya", None, 4990, 1, True, "00101"),
)


def seed_catalog(engine: Engine, clock: FakeClock) -> None:
    with engine.begin() as conn:
        for p in SEED:
            conn.execute(
                insert(table("product")),
                {
                    "id": p.product_id,
                    "sku": p.sku,
                    "name": p.name,
                    "names_json": json.dumps({"en": p.sku.title()}),
                    "search_text": fold(p.name),
                    "category_id": None,
                    "price_minor": p.price_minor,
                    "vat_rate": p.vat_rate,
                    "sold_by_weight": p.sold_by_weight,
                    "plu": p.plu,
                    "active": True,
                    "updated_at": clock.now(),
                },
            )
            if p.barcode:
                conn.execute(
                    insert(table("barcode")), {"code": p.barcode, "product_id": p.product_id}
                )


@dataclass
class FakePrinter:
    """A printer whose state a test sets (docs/architecture.md: fakes); it records every job.

    ``gate`` (open by default) holds a print worker in ``connect`` while it is cleared.
    """

    status: PrinterStatus = PrinterStatus.READY
    reachable: bool = True
    break_next_send: bool = False
    status_after_send: PrinterStatus | None = None
    received: list[bytes] = field(default_factory=list)
    connects: int = 0
    gate: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.gate.set()

    def connect(self, target: PrinterTarget) -> FakeLink:
        self.gate.wait(10)
        self.connects += 1
        if not self.reachable:
            raise LinkError("connection refused", nothing_sent=True)
        return FakeLink(self)


class FakeLink:
    def __init__(self, printer: FakePrinter) -> None:
        self.printer = printer
        self.sent = False

    def status(self) -> PrinterStatus:
        if self.sent and self.printer.status_after_send is not None:
            return self.printer.status_after_send
        return self.printer.status

    def send(self, data: bytes) -> None:
        if self.printer.break_next_send:
            self.printer.break_next_send = False
            raise LinkError("connection reset while sending", nothing_sent=False)
        self.printer.received.append(data)
        self.sent = True

    def close(self) -> None:
        return None
