"""Catalog look-ups on the hot path: a scan must resolve in well under a millisecond.

Uses plain SQL (``storage.queries.catalog``) on one read-only connection per thread (the ORM
is ~10x slower here, docs/sync-protocol.md).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from pos_app.domain.barcodes import DEFAULT_LAYOUTS, EmbeddedKind, EmbeddedLayout, parse_embedded
from pos_app.domain.cart import ProductInfo
from pos_app.domain.money import round_half_up
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.storage.queries import catalog as queries
from sync.catalog_images import image_file


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


def image_path(images_dir: Path, name: str | None) -> Path | None:
    """The catalog picture ``name`` in ``images_dir`` when it is a file there; None when
    there is no name, the name is no picture's file name, the file is missing or it would
    resolve outside ``images_dir`` (``sync.catalog_images``)."""
    return image_file(images_dir, name)


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

    def by_barcode(self, code: str) -> ProductInfo | None:
        return queries.product_by_barcode(self._connection(), code=code)

    def by_sku(self, sku: str) -> ProductInfo | None:
        return queries.product_by_sku(self._connection(), sku=sku)

    def by_id(self, product_id: str) -> ProductInfo | None:
        return queries.product_by_id(self._connection(), product_id=product_id)

    def search(self, query: str, limit: int = 60) -> list[ProductInfo]:
        """Search-as-you-type: every word must appear in the name, a translation or the SKU
        (Turkish-aware, accent-blind); a number also matches barcodes and SKUs by prefix.
        """
        words = fold(query).split()
        if not words:
            return []
        found: dict[str, ProductInfo] = {}
        conn = self._connection()
        raw = query.strip()
        if raw.isdigit():
            for product in queries.products_by_barcode_prefix(conn, prefix=raw, limit=limit):
                found.setdefault(product.product_id, product)
        for product in queries.products_by_sku_prefix(conn, prefix=raw.upper(), limit=limit):
            found.setdefault(product.product_id, product)
        if len(found) < limit:
            for product in queries.products_matching(conn, words=words, limit=limit):
                found.setdefault(product.product_id, product)
        return list(found.values())[:limit]

    def plu_products(self, categories: Sequence[str] = ()) -> list[tuple[ProductInfo, str | None]]:
        """The produce grid: active products with a PLU (of ``categories`` by name, when
        given), by name, and their picture's file name (``image_path`` finds the file)."""
        return queries.plu_products(self._connection(), categories)

    def categories(self) -> list[CategoryInfo]:
        return [
            CategoryInfo(category_id, name, names, count)
            for category_id, name, names, count in queries.categories_in_use(self._connection())
        ]

    def in_category(self, category_id: str, limit: int = 200) -> list[ProductInfo]:
        return queries.products_in_category(
            self._connection(), category_id=category_id, limit=limit
        )

    def favourites(self, skus: list[str], limit: int = 24) -> list[ProductInfo]:
        """The configured favourites in order; without any, this terminal's best sellers."""
        if skus:
            chosen = [self.by_sku(sku) for sku in skus[:limit]]
            return [product for product in chosen if product is not None]
        return queries.best_sellers(self._connection(), limit=limit)

    def resolve_scan(self, code: str) -> ScanResult:
        """Barcode, then in-store weight/price barcode, then SKU, then PLU; else
        ``cart.unknown_barcode``."""
        code = code.strip()
        product = self.by_barcode(code)
        if product is not None:
            return ScanResult(product, Decimal(1))
        embedded = parse_embedded(code, self._layouts)
        if embedded is not None:
            product = queries.product_by_plu(self._connection(), plu=embedded.item_code)
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
        product = queries.product_by_plu(self._connection(), plu=code)
        if product is not None:
            # A PLU typed at the till: a weighed item still needs its weight.
            return ScanResult(product, Decimal(1), needs_weight=product.sold_by_weight)
        raise UserError("cart.unknown_barcode", f"Unknown barcode {code}", code=code)
