"""The catalog: products and prices, versioned; every change is pulled by the terminals."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync.protocol import ProductData
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.errors import ServerError
from sync.server.ids import new_id
from sync.server.schema import price_change, product, tax_rate
from sync.text import clean

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


def product_data(row: Any) -> dict[str, Any]:
    """A product row as the terminals receive it (``ProductData``)."""
    return ProductData(
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
    ).model_dump()


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


def product_id_by_sku(conn: Connection, sku: str) -> str | None:
    value = conn.execute(select(product.c.id).where(product.c.sku == sku)).scalar()
    return None if value is None else str(value)
