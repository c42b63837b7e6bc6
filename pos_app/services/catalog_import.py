"""``pos import-catalog``: a CSV of products, validated whole, imported all-or-nothing.

The file format (columns, separators, price and barcode rules) is ``sync.catalog_csv``'s,
shared with the backend's catalog import:

- ``sku`` (required): unique product code, 1-64 characters, no spaces.
- ``name`` (required): the name in the store's language (Turkish).
- ``name_<lang>`` (optional, e.g. ``name_en``): translations.
- ``price`` (required): shelf price in TRY, ``12.50`` or ``12,50``; per kg for weighed items;
  at most 10,000,000.00 (``sync.protocol.limits``, as the backend's import and the cart hold to).
- ``vat_rate`` (required): a rate known to the terminal (1, 10 or 20).
- ``barcodes``: GTINs (EAN-13, EAN-8, UPC-A; check digits verified) or internal codes,
  separated by ``|``.
- ``category``, ``category_<lang>``: category name and its translations.
- ``unit``: ``piece`` (default) or ``kg``.
- ``plu``: the 5-digit item code that shelf scales print into in-store barcodes.
- ``active``: ``1``/``0`` (default 1).
- ``model``, ``size``, ``colour``: variants.
- ``image``, ``min_age``, ``restriction``: the kiosk's picture file name, minimum age and
  sale-hours rule group; a file without one of these columns leaves it as stored.

A product already in the database (same ``sku``) is updated and its barcodes replaced.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import catalog_import as queries
from pos_app.storage.tables import sqlite_stamp
from sync.catalog_csv import CatalogCsvError, CatalogRow, RowError, parse_catalog

__all__ = ["CatalogImportError", "CatalogImporter", "ImportReport", "RowError"]

MAX_REPORTED_ERRORS = 200


class CatalogImportError(UserError):
    """The file is invalid; nothing was imported. ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]) -> None:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        body = "\n".join(str(e) for e in shown) + (f"\n... and {more} more" if more else "")
        super().__init__(
            "catalog.invalid_file",
            f"{len(errors)} problem(s) found, nothing was imported:\n{body}",
            count=len(errors),
        )
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    barcodes: int = 0
    categories_created: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


class CatalogImporter:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def validate(self, path: Path) -> list[CatalogRow]:
        """Parse and check the whole file; raise ``CatalogImportError`` listing every problem."""
        try:
            handle = path.open(encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise UserError("catalog.file_missing", f"{path} does not exist") from None
        with self._engine.connect() as conn:
            rates = queries.tax_rates(conn)
        try:
            with handle:
                parsed = parse_catalog(handle, rates)
        except CatalogCsvError as exc:
            raise CatalogImportError(exc.errors) from None
        errors = self._conflicts_with_database(parsed.rows, parsed.barcode_lines, parsed.plu_lines)
        if errors:
            raise CatalogImportError(sorted(errors, key=lambda e: e.line))
        return parsed.rows

    def _conflicts_with_database(
        self, rows: list[CatalogRow], barcodes: dict[str, int], plus: dict[str, int]
    ) -> list[RowError]:
        """A code may move between products of this file, but not steal another product's."""
        skus = {row.sku for row in rows}
        errors = []
        with self._engine.connect() as conn:
            owners = (
                ("barcodes", barcodes, queries.barcode_owners(conn, codes=barcodes)),
                ("plu", plus, queries.plu_owners(conn, plus=plus)),
            )
        for column, first_line, owned in owners:
            for code, owner in owned:
                if owner not in skus:
                    errors.append(
                        RowError(
                            first_line[code],
                            column,
                            f"'{code}' belongs to product {owner}, which is not in this file",
                        )
                    )
        return errors

    def run(self, path: Path) -> ImportReport:
        """Validate ``path`` whole, then write it in one transaction."""
        rows = self.validate(path)
        report = ImportReport()
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            existing = queries.product_ids_by_sku(conn)
            categories = self._categories(conn, rows, report)
            # Clear the codes first so that codes moving between products never collide.
            queries.release_codes(conn, skus=[r.sku for r in rows])
            # Rows as tuples for a driver-level executemany (a 100k-row import).
            stamp = sqlite_stamp(now)
            products: list[tuple[Any, ...]] = []
            codes: list[tuple[str, str]] = []
            kiosk = rows[0].kiosk_columns  # one header: the same columns on every row
            created = 0
            for row in rows:
                product_id = existing.get(row.sku)
                if product_id is None:
                    product_id = new_id()
                    created += 1
                products.append(
                    (
                        product_id,
                        row.sku,
                        row.name,
                        json.dumps(row.names, ensure_ascii=False),
                        fold(" ".join([row.name, row.sku, *row.names.values()])),
                        categories.get(row.category) if row.category else None,
                        row.price_minor,
                        row.vat_rate,
                        row.sold_by_weight,
                        row.plu,
                        row.active,
                        row.model,
                        json.dumps(row.variant, ensure_ascii=False, sort_keys=True),
                        stamp,
                        *row.kiosk_values().values(),
                    )
                )
                codes.extend((code, product_id) for code in row.barcodes)
            queries.upsert_products(conn, products=products, barcodes=codes, kiosk=kiosk)
        report.created, report.updated = created, len(rows) - created
        report.barcodes = len(codes)
        return report

    def _categories(
        self, conn: Connection, rows: list[CatalogRow], report: ImportReport
    ) -> dict[str, str]:
        known = queries.category_ids_by_name(conn)
        translations: dict[str, dict[str, str]] = {}
        for row in rows:
            if row.category:
                translations.setdefault(row.category, {}).update(row.category_names)
        for name, names in translations.items():
            if name in known:
                queries.set_category_names(
                    conn, category_id=known[name], names_json=json.dumps(names, ensure_ascii=False)
                )
            else:
                known[name] = new_id()
                queries.insert_category(
                    conn,
                    category_id=known[name],
                    name=name,
                    names_json=json.dumps(names, ensure_ascii=False),
                )
                report.categories_created += 1
        return known
