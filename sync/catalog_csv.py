"""The catalog CSV format, parsed and validated whole (shared by ``pos import-catalog`` on a
terminal and the backend's ``pos server import-catalog`` / ``POST /api/v1/catalog/csv``).

Columns (header row required; `,` or `;` separated; UTF-8, a BOM is fine):

- ``sku`` (required): unique product code, 1-64 characters, no spaces.
- ``name`` (required): the name in the store's language (Turkish).
- ``name_<lang>`` (optional, e.g. ``name_en``): translations.
- ``price`` (required): shelf price in TRY, ``12.50`` or ``12,50``; per kg for weighed items;
  at most 10,000,000.00 (``sync.protocol.limits``, the limit of every input).
- ``vat_rate`` (required): a known rate (1, 10 or 20).
- ``barcodes``: GTINs (EAN-13, EAN-8, UPC-A; check digits verified) or internal codes,
  separated by ``|``.
- ``category``, ``category_<lang>``: category name and its translations.
- ``unit``: ``piece`` (default) or ``kg``.
- ``plu``: the 5-digit item code that shelf scales print into in-store barcodes.
- ``active``: ``1``/``0`` (default 1).
- ``model``, ``size``, ``colour``: variants. Products sharing a ``model`` code (1-64
  characters, no spaces) are one product in several sizes and colours; the stock look-up
  groups them. ``size`` and ``colour`` (up to 32 characters each) need a ``model``.
- ``image``: the picture on the kiosk's produce grid, a file name in the catalog images
  folder: 1-200 characters, letters, digits, ``.``, ``_`` and ``-`` only, ending ``.png``,
  ``.jpg``, ``.jpeg`` or ``.webp`` (no folders). Empty: no picture.
- ``min_age``: sold only to customers this old (a whole number 0-99; empty = 0, no check).
- ``restriction``: a sale-hours rule group (``alcohol``, ``tobacco``: lowercase letters,
  digits and ``_``, 1-32 characters). Empty: none.

The three kiosk columns are optional as a group and one by one: a file without one of them
leaves that field of products already stored as it is (an older export never lifts an age
check); a column that is there but empty clears it.

Text is read in Unicode NFC (a name exported decomposed is stored composed, so it prints);
a cell of any column holding a control character (NUL, a tab or a newline inside quotes,
``ESC``...) is refused, naming the line, the column and the character (``sync.protocol.text``);
the line's other checks are then skipped, so a garbled cell is named once, for what it is.

Pure parsing: no database. Checks against stored data (a barcode or PLU owned by a product
that is not in the file) belong to the caller, which knows its tables.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TextIO

from sync.protocol.arithmetic import gtin_check_digit as gtin_check_digit
from sync.protocol.arithmetic import is_valid_gtin as is_valid_gtin
from sync.protocol.fields import MAX_MIN_AGE, RESTRICTION_PATTERN, is_image_name
from sync.protocol.limits import unit_price_problem
from sync.protocol.text import control_problem, nfc

REQUIRED = ("sku", "name", "price", "vat_rate")
# Set only when their column is in the file (see the module's description).
KIOSK_COLUMNS = ("image", "min_age", "restriction")
OPTIONAL = (
    "barcodes",
    "category",
    "unit",
    "plu",
    "active",
    "model",
    "size",
    "colour",
    *KIOSK_COLUMNS,
)
VARIANT_ATTRIBUTES = ("size", "colour")
_LANG_COLUMN = re.compile(r"^(name|category)_([a-z]{2})$")
_SKU = re.compile(r"^\S{1,64}$")
_INTERNAL_CODE = re.compile(r"^[A-Za-z0-9\-]{1,32}$")
_PLU = re.compile(r"^\d{5}$")
_RESTRICTION = re.compile(RESTRICTION_PATTERN)
# ASCII digits only, at most 15 before the separator: no shelf price is larger.
_AMOUNT = re.compile(r"^-?[0-9]{1,15}([.,][0-9]{1,6})?$")
PRICE_DECIMALS = 2  # TRY: kuruş


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: physical line (1 = header, 0 = the whole file), column and message."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}


class CatalogCsvError(ValueError):
    """The file is invalid; ``errors`` lists every problem found (sorted by line)."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s) found")
        self.errors = errors


@dataclass
class CatalogRow:
    """One valid product row."""

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
    model: str | None = None
    variant: dict[str, str] = field(default_factory=dict)
    image: str | None = None
    min_age: int = 0
    restriction: str | None = None
    # The kiosk columns the file has (the others leave stored products as they are).
    kiosk_columns: tuple[str, ...] = ()

    def kiosk_values(self) -> dict[str, Any]:
        """The kiosk fields the file sets, by column name."""
        values = {"image": self.image, "min_age": self.min_age, "restriction": self.restriction}
        return {column: values[column] for column in self.kiosk_columns}

    def as_product(self) -> dict[str, Any]:
        """The row as a backend product item (``ProductData`` minus id and version; the
        kiosk fields only where the file has their column)."""
        return self.kiosk_values() | {
            "sku": self.sku,
            "name": self.name,
            "names": self.names,
            "category": self.category,
            "category_names": self.category_names,
            "price_minor": self.price_minor,
            "vat_rate": self.vat_rate,
            "sold_by_weight": self.sold_by_weight,
            "plu": self.plu,
            "barcodes": self.barcodes,
            "active": self.active,
            "model": self.model,
            "variant": self.variant,
        }


@dataclass
class ParsedCatalog:
    """Every valid row, and the first line each barcode and PLU appeared on."""

    rows: list[CatalogRow]
    barcode_lines: dict[str, int] = field(default_factory=dict)
    plu_lines: dict[str, int] = field(default_factory=dict)


def parse_price(text: str) -> int:
    """``12.50`` or ``12,50`` (no thousands separators) -> minor units; ValueError naming
    the problem otherwise."""
    cleaned = text.strip()
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"'{text}' is not an amount")
    value = Decimal(cleaned.replace(",", "."))
    if -int(value.as_tuple().exponent) > PRICE_DECIMALS:
        raise ValueError(f"'{text}' has more than {PRICE_DECIMALS} decimals")
    return int(value.scaleb(PRICE_DECIMALS))


def check_header(header: list[str]) -> list[RowError]:
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
    found: dict[str, str] = {}
    for column, value in values.items():
        if len(column) == len(prefix) + 2 and column.startswith(prefix):
            text = value.strip()
            if text:
                found[column[-2:]] = text
    return found


def parse_row(
    line: int, values: dict[str, str], rates: Collection[int], errors: list[RowError]
) -> CatalogRow | None:
    """Check one row; append its problems to ``errors`` and return None when it has any."""
    before = len(errors)

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    values = {column: nfc(value) for column, value in values.items()}
    # Every column: free text would reach the receipt printer as commands, and PostgreSQL
    # text cannot hold NUL. The edges count too (Python's strip() drops U+0085).
    for column, value in values.items():
        problem = control_problem(value)
        if problem is not None:
            fail(column, problem)
    if len(errors) > before:
        return None
    sku = values.get("sku", "").strip()
    if not _SKU.match(sku):
        fail("sku", "missing or contains spaces" if sku else "missing")
    name = values.get("name", "").strip()
    if not name:
        fail("name", "missing")
    price_minor = 0
    try:
        price_minor = parse_price(values.get("price", ""))
        problem = unit_price_problem(price_minor)
        if problem is not None:
            fail("price", problem)
    except ValueError as exc:
        fail("price", str(exc))
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
    model = (values.get("model") or "").strip() or None
    if model is not None and not _SKU.match(model):
        fail("model", f"'{model}' must be 1-64 characters without spaces")
    variant: dict[str, str] = {}
    for attribute in VARIANT_ATTRIBUTES:
        value = " ".join((values.get(attribute) or "").split())
        if not value:
            continue
        if len(value) > 32:
            fail(attribute, f"'{value}' is longer than 32 characters")
        elif model is None:
            fail(attribute, "a variant needs a model code (the model column)")
        variant[attribute] = value
    image = (values.get("image") or "").strip() or None
    if image is not None and not is_image_name(image):
        fail(
            "image",
            f"'{image}' must be a file name (1-200 letters, digits, '.', '_' or '-', no "
            "folders) ending .png, .jpg, .jpeg or .webp",
        )
    age_text = (values.get("min_age") or "").strip()
    min_age = int(age_text) if age_text.isascii() and age_text.isdigit() else -1
    if not age_text:
        min_age = 0
    elif not 0 <= min_age <= MAX_MIN_AGE:
        fail("min_age", f"'{age_text}' must be a whole number from 0 to {MAX_MIN_AGE}")
    restriction = (values.get("restriction") or "").strip() or None
    if restriction is not None and not _RESTRICTION.fullmatch(restriction):
        fail(
            "restriction",
            f"'{restriction}' must be a rule group: 1-32 lowercase letters, digits or '_' "
            "(e.g. alcohol)",
        )
    if len(errors) > before:
        return None
    return CatalogRow(
        line,
        sku,
        name,
        _translations(values, "name"),
        price_minor,
        vat_rate,
        barcodes,
        (values.get("category") or "").strip() or None,
        _translations(values, "category"),
        unit == "kg",
        plu,
        active_text in ("1", "true", "yes"),
        model,
        variant,
        image,
        min_age,
        restriction,
        tuple(column for column in KIOSK_COLUMNS if column in values),
    )


def _read_header(handle: TextIO) -> tuple[list[str], str]:
    try:
        first = handle.readline()
    except UnicodeDecodeError as exc:
        raise CatalogCsvError(
            [RowError(1, "", f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
        ) from None
    if not first.strip():
        raise CatalogCsvError([RowError(1, "", "the file is empty (a header row is needed)")])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = [column.strip().lower() for column in next(csv.reader([first], delimiter=delimiter))]
    return header, delimiter


def _rows(handle: TextIO, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line number, fields): a quoted field spanning lines does not shift later
    line numbers."""
    reader = csv.reader(handle, delimiter=delimiter)
    consumed = 1  # the header line
    try:
        for fields in reader:
            yield consumed + 1, fields
            consumed = 1 + reader.line_num
    except UnicodeDecodeError as exc:
        raise CatalogCsvError(
            [RowError(consumed + 1, "", f"the file is not UTF-8 text ({exc.reason})")]
        ) from None
    except csv.Error as exc:
        raise CatalogCsvError([RowError(consumed + 1, "", f"not valid CSV ({exc})")]) from None


def parse_catalog(handle: TextIO, rates: Collection[int]) -> ParsedCatalog:
    """Parse and check a whole file; raise ``CatalogCsvError`` listing every problem.

    ``handle`` is text opened with ``encoding="utf-8-sig", newline=""``; ``rates`` the
    VAT rates the reader knows.
    """
    header, delimiter = _read_header(handle)
    errors = check_header(header)
    if errors:
        raise CatalogCsvError(errors)
    parsed = ParsedCatalog([])
    first_sku: dict[str, int] = {}
    for line, raw in _rows(handle, delimiter):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            errors.append(
                RowError(line, "", f"has {len(raw)} fields, the header has {len(header)}")
            )
            continue
        row = parse_row(line, dict(zip(header, raw, strict=True)), rates, errors)
        if row is None:
            continue
        for key, seen, column in (
            (row.sku, first_sku, "sku"),
            (row.plu, parsed.plu_lines, "plu"),
        ):
            if key is not None:
                if key in seen:
                    errors.append(
                        RowError(line, column, f"'{key}' already used on line {seen[key]}")
                    )
                else:
                    seen[key] = line
        for code in row.barcodes:
            if code in parsed.barcode_lines:
                errors.append(
                    RowError(
                        line,
                        "barcodes",
                        f"'{code}' already used on line {parsed.barcode_lines[code]}",
                    )
                )
            else:
                parsed.barcode_lines[code] = line
        parsed.rows.append(row)
    if not parsed.rows and not errors:
        errors.append(RowError(0, "", "the file has a header but no products"))
    if errors:
        raise CatalogCsvError(sorted(errors, key=lambda e: e.line))
    return parsed


def parse_catalog_bytes(data: bytes, rates: Collection[int]) -> ParsedCatalog:
    """``parse_catalog`` over an uploaded body."""
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="") as handle:
        return parse_catalog(handle, rates)
