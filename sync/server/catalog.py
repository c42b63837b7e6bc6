"""The catalog: products and prices, versioned; every change is pulled by the terminals.

``upsert_products`` writes products one by one (as a till's or the admin API's few);
``save_products`` adds the catalog-wide rules on barcodes, PLUs and check digits first, and
``import_catalog_csv`` / ``bulk_upsert_products`` write a whole CSV file in batches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, or_, select, update

from sync.catalog_csv import (
    CatalogCsvError,
    ParsedCatalog,
    RowError,
    is_valid_gtin,
    parse_catalog_bytes,
)
from sync.protocol import ProductData
from sync.protocol.text import clean
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.db import write_tx
from sync.server.errors import ServerError
from sync.server.ids import new_id
from sync.server.schema import price_change, product, tax_rate

_COMPARED = (
    "name",
    "names_json",
    "category",
    "category_names_json",
    "price_minor",
    "vat_rate",
    "sold_by_weight",
    "plu",
    "barcodes_json",
    "active",
    "model",
    "variant_json",
)


# Kiosk fields: written only when an item has them (a CSV without their column, an admin
# request leaving them out: the product keeps its own), on the wire only when not at their
# defaults (a product without them reads as before to terminals that predate them).
KIOSK_DEFAULTS: dict[str, Any] = {"image": None, "min_age": 0, "restriction": None}


def kiosk_wire(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without the kiosk fields that hold their defaults."""
    return {k: v for k, v in data.items() if k not in KIOSK_DEFAULTS or v != KIOSK_DEFAULTS[k]}


def _kiosk_values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "image" in item:
        values["image"] = item["image"] or None
    if "min_age" in item:
        values["min_age"] = int(item["min_age"] or 0)
    if "restriction" in item:
        values["restriction"] = item["restriction"] or None
    return values


def product_data(row: Any) -> dict[str, Any]:
    """A product row as the terminals receive it (``ProductData``)."""
    data = ProductData(
        id=row.id,
        sku=row.sku,
        name=row.name,
        names=json.loads(row.names_json),
        category=row.category,
        category_names=json.loads(row.category_names_json),
        price_minor=int(row.price_minor),
        vat_rate=int(row.vat_rate),
        sold_by_weight=bool(row.sold_by_weight),
        plu=row.plu,
        barcodes=json.loads(row.barcodes_json),
        active=bool(row.active),
        version=int(row.version),
        model=row.model,
        variant=json.loads(row.variant_json),
        image=row.image,
        min_age=int(row.min_age),
        restriction=row.restriction,
    ).model_dump()
    return kiosk_wire(data)


def _texts(values: dict[str, str] | None) -> dict[str, str]:
    return {key: clean(value) for key, value in (values or {}).items()}


def upsert_products(
    conn: Connection,
    changes: ChangeBuffer,
    items: Iterable[dict[str, Any]],
    now: datetime,
) -> dict[str, int]:
    """Create or update products by SKU (fields as in ``ProductData`` minus id/version).

    An unchanged product keeps its version and emits nothing; a changed one gets version+1,
    and a changed price is added to the price history. Returns created/updated/unchanged.
    Names are stored in NFC without control characters whoever calls (the admin API and the
    CSV refuse control characters before this, naming the field).
    """
    rates: set[int] = set(conn.execute(select(tax_rate.c.rate_percent)).scalars())
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for item in items:
        if int(item["vat_rate"]) not in rates:
            raise ServerError(
                422, "unknown_vat_rate", f"{item['sku']}: VAT rate {item['vat_rate']} is unknown"
            )
        category = item.get("category")
        values: dict[str, Any] = {
            "name": clean(item["name"]),
            "names_json": json.dumps(_texts(item.get("names")), ensure_ascii=False, sort_keys=True),
            "category": None if category is None else clean(category),
            "category_names_json": json.dumps(
                _texts(item.get("category_names")), ensure_ascii=False, sort_keys=True
            ),
            "price_minor": int(item["price_minor"]),
            "vat_rate": int(item["vat_rate"]),
            "sold_by_weight": bool(item.get("sold_by_weight", False)),
            "plu": item.get("plu") or None,
            "barcodes_json": json.dumps(list(item.get("barcodes") or [])),
            "active": bool(item.get("active", True)),
            "model": item.get("model") or None,
            "variant_json": json.dumps(
                _texts(item.get("variant")), ensure_ascii=False, sort_keys=True
            ),
        }
        if "returnable" in item:  # absent (a CSV import, say): the product keeps its flag
            values["returnable"] = bool(item["returnable"])
        values |= _kiosk_values(item)
        existing = conn.execute(select(product).where(product.c.sku == item["sku"])).first()
        if existing is None:
            product_id = new_id()
            conn.execute(
                insert(product),
                values | {"id": product_id, "sku": item["sku"], "version": 1, "updated_at": now},
            )
            _record_price(conn, product_id, values["price_minor"], 1, now)
            counts["created"] += 1
        else:
            product_id = existing.id
            if all(getattr(existing, k) == values[k] for k in (*_COMPARED, *values.keys())):
                counts["unchanged"] += 1
                continue
            version = int(existing.version) + 1
            conn.execute(
                update(product)
                .where(product.c.id == product_id)
                .values(**values, version=version, updated_at=now)
            )
            if int(existing.price_minor) != values["price_minor"]:
                _record_price(conn, product_id, values["price_minor"], version, now)
            counts["updated"] += 1
        row = conn.execute(select(product).where(product.c.id == product_id)).one()
        changes.upsert(GLOBAL, "product", product_id, product_data(row))
    return counts


def _record_price(
    conn: Connection, product_id: str, price_minor: int, version: int, now: datetime
) -> None:
    conn.execute(
        insert(price_change),
        {
            "id": new_id(),
            "product_id": product_id,
            "price_minor": price_minor,
            "version": version,
            "valid_from": now,
        },
    )


def referenced_images(engine: Engine) -> list[str]:
    """The picture file names the catalog's products name, sorted."""
    with engine.connect() as conn:
        names: list[str] = list(
            conn.execute(
                select(product.c.image).where(product.c.image.is_not(None)).distinct()
            ).scalars()
        )
    return sorted(str(name) for name in names)


def product_id_by_sku(conn: Connection, sku: str) -> str | None:
    value = conn.execute(select(product.c.id).where(product.c.sku == sku)).scalar()
    return None if value is None else str(value)


# -- checked and bulk writes (the admin API, the CSV import) ------------------------------


def check_digits(items: list[dict[str, Any]]) -> None:
    """A barcode of 8, 12, 13 or 14 digits is a GTIN: its last digit must be its check digit
    (``bad_check_digit``: a rule between digits the API description cannot state)."""
    for item in items:
        for code in item.get("barcodes") or []:
            if code.isdigit() and len(code) in (8, 12, 13, 14) and not is_valid_gtin(code):
                raise ServerError(
                    422,
                    "bad_check_digit",
                    f"{item['sku']}: barcode {code!r} has a wrong check digit",
                )


def check_codes(conn: Connection, items: list[dict[str, Any]]) -> None:
    """Barcodes and PLUs are unique across the catalog: one may move between products of
    this request, but not be taken from a product outside it."""
    skus = {item["sku"] for item in items}
    seen_sku: set[str] = set()
    barcode_owner: dict[str, str] = {}
    plu_owner: dict[str, str] = {}
    for item in items:
        if item["sku"] in seen_sku:
            raise ServerError(422, "duplicate_sku", f"SKU {item['sku']!r} is given twice")
        seen_sku.add(item["sku"])
        for code in item.get("barcodes") or []:
            if code in barcode_owner:
                raise ServerError(
                    422,
                    "duplicate_barcode",
                    f"barcode {code!r} given for {barcode_owner[code]} and {item['sku']}",
                )
            barcode_owner[code] = item["sku"]
        plu = item.get("plu")
        if plu:
            if plu in plu_owner:
                raise ServerError(
                    422,
                    "duplicate_plu",
                    f"PLU {plu!r} given for {plu_owner[plu]} and {item['sku']}",
                )
            plu_owner[plu] = item["sku"]
    for plu_chunk in _chunks(list(plu_owner)):
        for plu, owner in conn.execute(
            select(product.c.plu, product.c.sku).where(product.c.plu.in_(plu_chunk))
        ):
            if owner not in skus:
                raise ServerError(
                    409,
                    "plu_in_use",
                    f"PLU {plu!r} belongs to product {owner}, not in this request",
                )
    if not barcode_owner:
        return
    if len(barcode_owner) <= 20:
        # A few codes: let the database scan for them.
        candidates = or_(*(product.c.barcodes_json.contains(f'"{code}"') for code in barcode_owner))
        rows: Iterable[Any] = conn.execute(
            select(product.c.sku, product.c.barcodes_json).where(candidates)
        )
    else:
        rows = conn.execute(select(product.c.sku, product.c.barcodes_json))
    for owner, codes_json in rows:
        if owner in skus:
            continue
        for code in json.loads(codes_json):
            if code in barcode_owner:
                raise ServerError(
                    409,
                    "barcode_in_use",
                    f"barcode {code!r} belongs to product {owner}, not in this request",
                )


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def save_products(
    conn: Connection, changes: ChangeBuffer, items: list[dict[str, Any]], now: datetime
) -> dict[str, int]:
    """Check codes, then create or update ``items`` (all or nothing with the transaction)."""
    check_digits(items)
    check_codes(conn, items)
    release_moving_plus(conn, items)
    return upsert_products(conn, changes, items, now)


def import_catalog_csv(engine: Engine, data: bytes, now: datetime) -> dict[str, int]:
    """Validate a catalog CSV whole, then write it in one transaction.

    Raises ``CatalogCsvError`` listing every problem (nothing written).
    """
    with write_tx(engine) as conn:
        rates: set[int] = set(conn.execute(select(tax_rate.c.rate_percent)).scalars())
        parsed = parse_catalog_bytes(data, rates)
        items = [row.as_product() for row in parsed.rows]
        try:
            check_codes(conn, items)
        except ServerError as exc:
            # Name the line the code is on, as for the file's own problems.
            raise CatalogCsvError(_code_error_lines(exc, parsed)) from None
        changes = ChangeBuffer()
        counts = bulk_upsert_products(conn, changes, items, now)
        changes.flush(conn, now)
    return counts


def _code_error_lines(exc: ServerError, parsed: ParsedCatalog) -> list[RowError]:
    column = "plu" if exc.code == "plu_in_use" else "barcodes"
    code = exc.detail.split("'")[1] if "'" in exc.detail else ""
    lines = parsed.plu_lines if column == "plu" else parsed.barcode_lines
    return [RowError(lines.get(code, 0), column, exc.detail)]


def release_moving_plus(conn: Connection, items: list[dict[str, Any]]) -> None:
    """Clear the PLUs that change owner within a request first, so that moving a PLU from
    one product to another never meets the unique index half-way."""
    wanted = {item["sku"]: item.get("plu") or None for item in items}
    moving: list[str] = [
        str(sku)
        for chunk in _chunks(list(wanted))
        for sku, plu in conn.execute(
            select(product.c.sku, product.c.plu).where(
                product.c.sku.in_(chunk), product.c.plu.is_not(None)
            )
        )
        if wanted[sku] != plu
    ]
    for chunk in _chunks(moving):
        conn.execute(update(product).where(product.c.sku.in_(chunk)).values(plu=None))


# Made once: ``json.dumps`` with options builds a new encoder on every call.
_SORTED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_PLAIN_JSON = json.JSONEncoder().encode


def _product_values(item: dict[str, Any]) -> dict[str, Any]:
    """The stored columns of a product item, exactly as ``catalog.upsert_products`` writes
    them (so that comparing with a stored row finds unchanged products)."""
    return (
        {
            "name": item["name"],
            "names_json": _SORTED_JSON(item.get("names") or {}),
            "category": item.get("category"),
            "category_names_json": _SORTED_JSON(item.get("category_names") or {}),
            "price_minor": int(item["price_minor"]),
            "vat_rate": int(item["vat_rate"]),
            "sold_by_weight": bool(item.get("sold_by_weight", False)),
            "plu": item.get("plu") or None,
            "barcodes_json": _PLAIN_JSON(list(item.get("barcodes") or [])),
            "active": bool(item.get("active", True)),
            "model": item.get("model") or None,
            "variant_json": _SORTED_JSON(item.get("variant") or {}),
        }
        | ({"returnable": bool(item["returnable"])} if "returnable" in item else {})
        | _kiosk_values(item)
    )


def bulk_upsert_products(
    conn: Connection, changes: ChangeBuffer, items: list[dict[str, Any]], now: datetime
) -> dict[str, int]:
    """``catalog.upsert_products`` for large imports: the same rules (version+1 on a change,
    price history, one pulled change per created or updated product), in a few batched
    statements instead of several per row (100,000 rows: about 60 s -> a few seconds)."""
    rates: set[int] = set(conn.execute(select(tax_rate.c.rate_percent)).scalars())
    for item in items:
        if int(item["vat_rate"]) not in rates:
            raise ServerError(
                422, "unknown_vat_rate", f"{item['sku']}: VAT rate {item['vat_rate']} is unknown"
            )
    release_moving_plus(conn, items)
    existing: dict[str, Any] = {}
    for chunk in _chunks([item["sku"] for item in items]):
        existing.update(
            (row.sku, row) for row in conn.execute(select(product).where(product.c.sku.in_(chunk)))
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    prices: list[dict[str, Any]] = []
    for item in items:
        values = _product_values(item)
        old = existing.get(item["sku"])
        if old is None:
            row = values | {"id": new_id(), "sku": item["sku"], "version": 1, "updated_at": now}
            inserts.append(row)
            prices.append(_price_row(row["id"], values["price_minor"], 1, now))
            counts["created"] += 1
        elif all(getattr(old, k) == v for k, v in values.items()):
            counts["unchanged"] += 1
            continue
        else:
            row = values | {"id": old.id, "sku": old.sku, "version": int(old.version) + 1}
            updates.append(row | {"b_id": old.id, "updated_at": now})
            if int(old.price_minor) != values["price_minor"]:
                prices.append(_price_row(old.id, values["price_minor"], row["version"], now))
            counts["updated"] += 1
        kept = {k: getattr(old, k) for k in KIOSK_DEFAULTS} if old is not None else {}
        changes.upsert(GLOBAL, "product", row["id"], _product_data(item, kept | row))
    if inserts:
        conn.execute(insert(product), inserts)
    if updates:
        columns: dict[str, Any] = {
            k: bindparam(k) for k in _product_values(items[0]) | {"version": 0}
        }
        conn.execute(
            update(product)
            .where(product.c.id == bindparam("b_id"))
            .values(**columns, updated_at=bindparam("updated_at")),
            [{k: v for k, v in u.items() if k not in ("id", "sku")} for u in updates],
        )
    if prices:
        conn.execute(insert(price_change), prices)
    return counts


def _price_row(product_id: str, price_minor: int, version: int, now: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "product_id": product_id,
        "price_minor": price_minor,
        "version": version,
        "valid_from": now,
    }


def _product_data(item: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """``catalog.product_data`` of the row being written, without reading it back."""
    return {
        "id": row["id"],
        "sku": row["sku"],
        "name": row["name"],
        "names": dict(item.get("names") or {}),
        "category": row["category"],
        "category_names": dict(item.get("category_names") or {}),
        "price_minor": row["price_minor"],
        "vat_rate": row["vat_rate"],
        "sold_by_weight": row["sold_by_weight"],
        "plu": row["plu"],
        "barcodes": list(item.get("barcodes") or []),
        "active": row["active"],
        "version": row["version"],
        "model": row["model"],
        "variant": dict(item.get("variant") or {}),
    } | kiosk_wire({k: row.get(k, default) for k, default in KIOSK_DEFAULTS.items()})
