"""``pos import-catalog``: a CSV of products, validated whole, imported all-or-nothing.

Columns (header row required; `,` or `;` separated; UTF-8, a BOM is fine):

- ``sku`` (required): unique product code, 1-64 characters, no spaces.
- ``name`` (required): the name in the store's language (Turkish).
- ``name_<lang>`` (optional, e.g. ``name_en``): translations.
- ``price`` (required): shelf price in TRY, ``12.50`` or ``12,50``; per kg for weighed items.
- ``vat_rate`` (required): a rate known to the terminal (1, 10 or 20).
- ``barcodes``: GTINs (EAN-13, EAN-8, UPC-A; check digits verified) or internal codes,
  separated by ``|``.
- ``category``, ``category_<lang>``: category name and its translations.
- ``unit``: ``piece`` (default) or ``kg``.
- ``plu``: the 5-digit item code that shelf scales print into in-store barcodes.
- ``active``: ``1``/``0`` (default 1).

A product already in the database (same ``sku``) is updated and its barcodes replaced.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, text

from pos_app.domain.barcodes import is_valid_gtin
from pos_app.domain.ids import new_id
from pos_app.domain.money import Money
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import table

REQUIRED = ("sku", "name", "price", "vat_rate")
OPTIONAL = ("barcodes", "category", "unit", "plu", "active")
_LANG_COLUMN = re.compile(r"^(name|category)_([a-z]{2})$")
_SKU = re.compile(r"^\S{1,64}$")
_INTERNAL_CODE = re.compile(r"^[A-Za-z0-9\-]{1,32}$")
_PLU = re.compile(r"^\d{5}$")
_PRODUCT_COLUMNS = (
    "id, sku, name, names_json, search_text, category_id, price_minor, vat_rate, "
    "sold_by_weight, plu, active, updated_at"
)
_UPSERT_PRODUCT = (
    f"INSERT INTO product ({_PRODUCT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (sku) DO UPDATE SET name = excluded.name, names_json = excluded.names_json, "
    "search_text = excluded.search_text, category_id = excluded.category_id, "
    "price_minor = excluded.price_minor, vat_rate = excluded.vat_rate, "
    "sold_by_weight = excluded.sold_by_weight, plu = excluded.plu, active = excluded.active, "
    "updated_at = excluded.updated_at"
)
MAX_REPORTED_ERRORS = 200


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


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
class _Row:
    line: int
    sku: str
    name: str
    names: dict[str, str]
    price_minor: int
    vat_rate: int
    barcodes: list[str]
    category: str | None
    category_names: dict[str, str]
    sold_by_weight: bool
    plu: str | None
    active: bool


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    barcodes: int = 0
    categories_created: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


@contextmanager
def _csv_rows(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, list[str]]]]]:
    """Open the file and yield its header and (physical line number, fields) rows.

    The file is closed however the caller leaves, and line numbers count physical lines,
    so a quoted field spanning lines does not shift later error messages.
    """
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise UserError("catalog.file_missing", f"{path} does not exist") from None
    with handle:
        try:
            first = handle.readline()
        except UnicodeDecodeError as exc:
            raise CatalogImportError(
                [RowError(1, "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
            ) from None
        if not first.strip():
            raise CatalogImportError(
                [RowError(1, "", "the file is empty (a header row is needed)")]
            )
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = [
            column.strip().lower() for column in next(csv.reader([first], delimiter=delimiter))
        ]
        reader = csv.reader(handle, delimiter=delimiter)

        def rows() -> Iterator[tuple[int, list[str]]]:
            consumed = 1  # the header line
            try:
                for fields in reader:
                    yield consumed + 1, fields
                    consumed = 1 + reader.line_num
            except UnicodeDecodeError as exc:
                raise CatalogImportError(
                    [RowError(consumed + 1, "", f"the file is not UTF-8 text ({exc.reason})")]
                ) from None

        yield header, rows()


def _check_header(header: list[str]) -> list[RowError]:
    errors = [RowError(1, c, "required column is missing") for c in REQUIRED if c not in header]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            errors.append(RowError(1, column, "column appears twice"))
        seen.add(column)
        if column not in REQUIRED and column not in OPTIONAL and not _LANG_COLUMN.match(column):
            errors.append(RowError(1, column, "unknown column"))
    return errors


def _translations(values: dict[str, str], field_name: str) -> dict[str, str]:
    """``name_en`` -> ``{"en": ...}`` for the non-empty translation columns of a row."""
    prefix = field_name + "_"
    return {
        column[len(prefix) :]: value.strip()
        for column, value in values.items()
        if column.startswith(prefix) and len(column) == len(prefix) + 2 and value.strip()
    }


def _parse_row(
    line: int, values: dict[str, str], rates: set[int], errors: list[RowError]
) -> _Row | None:
    before = len(errors)

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    sku = values.get("sku", "").strip()
    if not _SKU.match(sku):
        fail("sku", "missing or contains spaces" if sku else "missing")
    name = values.get("name", "").strip()
    if not name:
        fail("name", "missing")
    price_minor = 0
    try:
        price_minor = Money.parse(values.get("price", "")).minor
        if price_minor < 0:
            fail("price", f"'{values['price']}' is negative")
    except UserError as exc:
        fail("price", exc.message)
    vat_text = values.get("vat_rate", "").strip().rstrip("%")
    vat_rate = int(vat_text) if vat_text.isascii() and vat_text.isdigit() else -1
    if vat_rate not in rates:
        known = ", ".join(str(r) for r in sorted(rates))
        fail("vat_rate", f"'{values.get('vat_rate', '')}' is not one of the known rates ({known})")
    unit = (values.get("unit") or "piece").strip().lower()
    if unit not in ("piece", "kg"):
        fail("unit", f"'{unit}' must be piece or kg")
    plu = (values.get("plu") or "").strip() or None
    if plu is not None and not _PLU.match(plu):
        fail("plu", f"'{plu}' must be 5 digits")
    barcodes = [code.strip() for code in (values.get("barcodes") or "").split("|") if code.strip()]
    for code in barcodes:
        if code.isdigit() and len(code) in (8, 12, 13, 14):
            if not is_valid_gtin(code):
                fail("barcodes", f"'{code}' has a wrong check digit")
        elif not _INTERNAL_CODE.match(code):
            fail("barcodes", f"'{code}' is not a barcode (digits, letters or '-', up to 32)")
    active_text = (values.get("active") or "1").strip().lower()
    if active_text not in ("1", "0", "true", "false", "yes", "no"):
        fail("active", f"'{active_text}' must be 1 or 0")
    if len(errors) > before:
        return None
    names = _translations(values, "name")
    category_names = _translations(values, "category")
    return _Row(
        line,
        sku,
        name,
        names,
        price_minor,
        vat_rate,
        barcodes,
        (values.get("category") or "").strip() or None,
        category_names,
        unit == "kg",
        plu,
        active_text in ("1", "true", "yes"),
    )


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CatalogImporter:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def validate(self, path: Path) -> list[_Row]:
        """Parse and check the whole file; raise ``CatalogImportError`` listing every problem."""
        with _csv_rows(path) as (header, rows):
            return self._validate_rows(header, rows)

    def _validate_rows(
        self, header: list[str], rows: Iterator[tuple[int, list[str]]]
    ) -> list[_Row]:
        errors = _check_header(header)
        if errors:
            raise CatalogImportError(errors)
        with self._engine.connect() as conn:
            rates: set[int] = set(conn.execute(select(table("tax_rate").c.rate_percent)).scalars())
        parsed: list[_Row] = []
        first_sku: dict[str, int] = {}
        first_barcode: dict[str, int] = {}
        first_plu: dict[str, int] = {}
        for line, raw in rows:
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) != len(header):
                errors.append(
                    RowError(line, "", f"has {len(raw)} fields, the header has {len(header)}")
                )
                continue
            row = _parse_row(line, dict(zip(header, raw, strict=True)), rates, errors)
            if row is None:
                continue
            for key, seen, column in ((row.sku, first_sku, "sku"), (row.plu, first_plu, "plu")):
                if key is not None:
                    if key in seen:
                        errors.append(
                            RowError(line, column, f"'{key}' already used on line {seen[key]}")
                        )
                    else:
                        seen[key] = line
            for code in row.barcodes:
                if code in first_barcode:
                    errors.append(
                        RowError(
                            line, "barcodes", f"'{code}' already used on line {first_barcode[code]}"
                        )
                    )
                else:
                    first_barcode[code] = line
            parsed.append(row)
        if not parsed and not errors:
            errors.append(RowError(0, "", "the file has a header but no products"))
        if not errors:
            errors.extend(self._conflicts_with_database(parsed, first_barcode, first_plu))
        if errors:
            raise CatalogImportError(sorted(errors, key=lambda e: e.line))
        return parsed

    def _conflicts_with_database(
        self, rows: list[_Row], barcodes: dict[str, int], plus: dict[str, int]
    ) -> list[RowError]:
        """A code may move between products of this file, but not steal another product's."""
        skus = {row.sku for row in rows}
        p, b = table("product"), table("barcode")
        owners = (
            (
                "barcodes",
                barcodes,
                select(b.c.code, p.c.sku).join(p, p.c.id == b.c.product_id),
                b.c.code,
            ),
            ("plu", plus, select(p.c.plu, p.c.sku), p.c.plu),
        )
        errors = []
        with self._engine.connect() as conn:
            for column, first_line, query, key in owners:
                for chunk in _chunks(list(first_line)):
                    for code, owner in conn.execute(query.where(key.in_(chunk))):
                        if owner not in skus:
                            errors.append(
                                RowError(
                                    first_line[str(code)],
                                    column,
                                    f"'{code}' belongs to product {owner}, "
                                    "which is not in this file",
                                )
                            )
        return errors

    def run(self, path: Path) -> ImportReport:
        """Validate ``path`` whole, then write it in one transaction."""
        rows = self.validate(path)
        report = ImportReport()
        now = self._clock.now()
        p, b = table("product"), table("barcode")
        with write_transaction(self._engine) as conn:
            existing = {str(sku): str(pid) for sku, pid in conn.execute(select(p.c.sku, p.c.id))}
            categories = self._categories(conn, rows, report)
            # Clear the codes first so that codes moving between products never collide.
            conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS import_sku (sku TEXT PRIMARY KEY)"))
            conn.execute(text("DELETE FROM import_sku"))
            conn.exec_driver_sql("INSERT INTO import_sku VALUES (?)", [(r.sku,) for r in rows])
            conn.execute(
                delete(b).where(
                    b.c.product_id.in_(
                        select(p.c.id).where(p.c.sku.in_(select(text("sku FROM import_sku"))))
                    )
                )
            )
            conn.execute(
                p.update().where(p.c.sku.in_(select(text("sku FROM import_sku")))).values(plu=None)
            )
            # Plain driver-level executemany with tuples: the ORM/Core per-row overhead
            # would dominate a 100k-row import.
            stamp = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            products: list[tuple[Any, ...]] = []
            codes: list[tuple[str, str]] = []
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
                        stamp,
                    )
                )
                codes.extend((code, product_id) for code in row.barcodes)
            conn.exec_driver_sql(_UPSERT_PRODUCT, products)
            if codes:
                conn.exec_driver_sql("INSERT INTO barcode (code, product_id) VALUES (?, ?)", codes)
            conn.execute(text("DROP TABLE import_sku"))
        report.created, report.updated = created, len(rows) - created
        report.barcodes = len(codes)
        return report

    def _categories(
        self, conn: Connection, rows: list[_Row], report: ImportReport
    ) -> dict[str, str]:
        c = table("category")
        known = {str(name): str(cid) for name, cid in conn.execute(select(c.c.name, c.c.id))}
        translations: dict[str, dict[str, str]] = {}
        for row in rows:
            if row.category:
                translations.setdefault(row.category, {}).update(row.category_names)
        for name, names in translations.items():
            if name in known:
                conn.execute(
                    c.update()
                    .where(c.c.id == known[name])
                    .values(names_json=json.dumps(names, ensure_ascii=False))
                )
            else:
                known[name] = new_id()
                conn.execute(
                    insert(c),
                    {
                        "id": known[name],
                        "name": name,
                        "names_json": json.dumps(names, ensure_ascii=False),
                    },
                )
                report.categories_created += 1
        return known
