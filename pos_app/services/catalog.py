"""Catalog look-ups on the hot path: a scan must resolve in well under a millisecond.

Uses plain SQL on one pooled connection (the ORM is ~10x slower here, docs/sync-protocol.md).
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
from pos_app.domain.text import fold
from pos_app.errors import UserError

_COLUMNS = "p.id, p.sku, p.name, p.price_minor, p.vat_rate, p.sold_by_weight, p.names_json"
_BY_BARCODE = (
    f"SELECT {_COLUMNS} FROM barcode b JOIN product p ON p.id = b.product_id "
    "WHERE b.code = ? AND p.active"
)
_BY_SKU = f"SELECT {_COLUMNS} FROM product p WHERE p.sku = ? AND p.active"
_BY_PLU = f"SELECT {_COLUMNS} FROM product p WHERE p.plu = ? AND p.active"


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    category_id: str
    name: str
    names: dict[str, str]
    product_count: int

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan adds to the cart: the product and a weight or a fixed amount if embedded."""

    product: ProductInfo
    quantity: Decimal
    fixed_total_minor: int | None = None
    needs_weight: bool = False  # typed SKU or PLU of a weighed item: ask for the weight


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

    def by_id(self, product_id: str) -> ProductInfo | None:
        return self._one(f"SELECT {_COLUMNS} FROM product p WHERE p.id = ?", product_id)

    def _many(self, statement: str, params: tuple[object, ...]) -> list[ProductInfo]:
        rows = self._connection().execute(statement, params).fetchall()
        return [_product(tuple(row)) for row in rows]

    def search(self, query: str, limit: int = 60) -> list[ProductInfo]:
        """Search-as-you-type: every word must appear in the name, a translation or the SKU
        (Turkish-aware, accent-blind); a number also matches barcodes and SKUs by prefix.
        """
        words = fold(query).split()
        if not words:
            return []
        found: dict[str, ProductInfo] = {}
        raw = query.strip()
        if raw.isdigit():
            # Barcode prefix as a range, so the primary-key index serves it.
            for product in self._many(
                f"SELECT DISTINCT {_COLUMNS} FROM barcode b JOIN product p ON p.id = b.product_id"
                " WHERE b.code >= ? AND b.code < ? AND p.active ORDER BY b.code LIMIT ?",
                (raw, raw + "\uffff", limit),
            ):
                found.setdefault(product.product_id, product)
        for product in self._many(
            f"SELECT {_COLUMNS} FROM product p WHERE p.sku >= ? AND p.sku < ? AND p.active "
            "ORDER BY p.sku LIMIT ?",
            (raw.upper(), raw.upper() + "\uffff", limit),
        ):
            found.setdefault(product.product_id, product)
        if len(found) < limit:
            escaped = [
                w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words
            ]
            where = " AND ".join("p.search_text LIKE ? ESCAPE '\\'" for _ in escaped)
            for product in self._many(
                f"SELECT {_COLUMNS} FROM product p WHERE p.active AND {where} "
                "ORDER BY p.name LIMIT ?",
                (*[f"%{w}%" for w in escaped], limit),
            ):
                found.setdefault(product.product_id, product)
        return list(found.values())[:limit]

    def categories(self) -> list[CategoryInfo]:
        rows = (
            self._connection()
            .execute(
                "SELECT c.id, c.name, c.names_json, count(p.id) FROM category c "
                "JOIN product p ON p.category_id = c.id AND p.active "
                "GROUP BY c.id ORDER BY c.name"
            )
            .fetchall()
        )
        return [CategoryInfo(str(r[0]), str(r[1]), json.loads(str(r[2])), int(r[3])) for r in rows]

    def in_category(self, category_id: str, limit: int = 200) -> list[ProductInfo]:
        return self._many(
            f"SELECT {_COLUMNS} FROM product p WHERE p.category_id = ? AND p.active "
            "ORDER BY p.name LIMIT ?",
            (category_id, limit),
        )

    def favourites(self, skus: list[str], limit: int = 24) -> list[ProductInfo]:
        """The configured favourites in order; without any, this terminal's best sellers."""
        if skus:
            chosen = [self.by_sku(sku) for sku in skus[:limit]]
            return [product for product in chosen if product is not None]
        return self._many(
            f"SELECT {_COLUMNS} FROM product p JOIN ("
            "  SELECT product_id, sum(qty_milli) AS sold FROM sale_line WHERE qty_milli > 0"
            "  GROUP BY product_id ORDER BY sold DESC LIMIT ?"
            ") top ON top.product_id = p.id WHERE p.active ORDER BY top.sold DESC",
            (limit,),
        )

    def resolve_scan(self, code: str) -> ScanResult:
        """Barcode, then in-store weight/price barcode, then SKU, then PLU; else
        ``cart.unknown_barcode``."""
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
            return ScanResult(product, Decimal(1), needs_weight=product.sold_by_weight)
        product = self._one(_BY_PLU, code)
        if product is not None:
            # A PLU typed at the till: a weighed item still needs its weight.
            return ScanResult(product, Decimal(1), needs_weight=product.sold_by_weight)
        raise UserError("cart.unknown_barcode", f"Unknown barcode {code}", code=code)
