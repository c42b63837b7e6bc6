"""Catalog look-ups on the hot path: a scan must resolve in well under a millisecond.

Uses plain SQL on one pooled connection (the ORM is ~10x slower here, SYNC.md).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from pos_app.domain.barcodes import DEFAULT_LAYOUTS, EmbeddedKind, EmbeddedLayout, parse_embedded
from pos_app.domain.cart import ProductInfo
from pos_app.domain.money import round_half_up
from pos_app.errors import UserError

_COLUMNS = "p.id, p.sku, p.name, p.price_minor, p.vat_rate, p.sold_by_weight, p.names_json"
_BY_BARCODE = (
    f"SELECT {_COLUMNS} FROM barcode b JOIN product p ON p.id = b.product_id "
    "WHERE b.code = ? AND p.active"
)
_BY_SKU = f"SELECT {_COLUMNS} FROM product p WHERE p.sku = ? AND p.active"
_BY_PLU = f"SELECT {_COLUMNS} FROM product p WHERE p.plu = ? AND p.active"


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan adds to the cart: the product and a weight or a fixed amount if embedded."""

    product: ProductInfo
    quantity: Decimal
    fixed_total_minor: int | None = None


def _product(row: tuple[object, ...]) -> ProductInfo:
    return ProductInfo(
        product_id=str(row[0]),
        sku=str(row[1]),
        name=str(row[2]),
        unit_price_minor=int(row[3]),  # type: ignore[call-overload]
        vat_rate=int(row[4]),  # type: ignore[call-overload]
        sold_by_weight=bool(row[5]),
        names=json.loads(str(row[6])),
    )


class CatalogLookup:
    def __init__(self, engine: Engine, layouts: tuple[EmbeddedLayout, ...] = DEFAULT_LAYOUTS):
        database = engine.url.database
        if not database:
            raise ValueError("catalog look-up needs a file database")
        self._uri = f"{Path(database).resolve().as_uri()}?mode=ro"
        self._layouts = layouts
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        # One read-only autocommit connection per thread: a scan is a single SELECT with
        # no pool checkout and no BEGIN/ROLLBACK around it, close to the raw sqlite3 floor.
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self._uri, uri=True, isolation_level=None, check_same_thread=False
            )
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn)
        return conn

    def close(self) -> None:
        """Close every thread's connection (at shutdown)."""
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()
        self._local = threading.local()

    def _one(self, statement: str, value: str) -> ProductInfo | None:
        row = self._connection().execute(statement, (value,)).fetchone()
        return _product(tuple(row)) if row else None

    def by_barcode(self, code: str) -> ProductInfo | None:
        return self._one(_BY_BARCODE, code)

    def by_sku(self, sku: str) -> ProductInfo | None:
        return self._one(_BY_SKU, sku)

    def resolve_scan(self, code: str) -> ScanResult:
        """Barcode, then in-store weight/price barcode, then SKU; else ``cart.unknown_barcode``."""
        code = code.strip()
        product = self.by_barcode(code)
        if product is not None:
            return ScanResult(product, Decimal(1))
        embedded = parse_embedded(code, self._layouts)
        if embedded is not None:
            product = self._one(_BY_PLU, embedded.item_code)
            if product is not None:
                if embedded.kind is EmbeddedKind.WEIGHT:
                    if not product.sold_by_weight:
                        raise UserError(
                            "cart.weight_for_piece_item",
                            f"{code} carries a weight but {product.sku} is sold by the piece",
                            code=code,
                        )
                    return ScanResult(product, embedded.value)
                amount = round_half_up(embedded.value * 100)
                quantity = Decimal(1)
                if product.sold_by_weight and product.unit_price_minor > 0:
                    # Stock moves by weight, so derive it from the label's price.
                    weight = Decimal(amount) / product.unit_price_minor
                    quantity = max(weight.quantize(Decimal("0.001")), Decimal("0.001"))
                return ScanResult(product, quantity, fixed_total_minor=amount)
        product = self.by_sku(code)
        if product is not None:
            return ScanResult(product, Decimal(1))
        raise UserError("cart.unknown_barcode", f"Unknown barcode {code}", code=code)
