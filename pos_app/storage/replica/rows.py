"""Pulled records (the wire items of ``sync.protocol``) as rows of the replica's tables.

Both the pull path (``pull``) and the snapshot path (``snapshot``) write these tuples with
driver-level ``executemany``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_json

from pos_app.domain.text import clean, fold
from pos_app.storage.replica import loyalty_rules, value_cards, web_orders
from pos_app.storage.replica.search_text import customer_search_text, pickup_search_text
from pos_app.storage.tables import sqlite_stamp
from sync.client.errors import ProtocolError
from sync.protocol import (
    CustomerData,
    LegalTextData,
    PickupOrderData,
    ProductData,
    StockData,
    StockExceptionData,
    WebOrderData,
)
from sync.protocol.customers import normalise_phone
from sync.protocol.records import ValueCardData


def parse_item(model: type[BaseModel], collection: str, key: str, data: Any) -> Any:
    """``data`` validated as ``model``; a ``ProtocolError`` naming the first bad field."""
    if not isinstance(data, dict):
        raise ProtocolError(f"garbled {collection} {key!r} from the backend: not an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ProtocolError(
            f"garbled {collection} {key!r} from the backend: {where}: {first['msg']}"
        ) from None


def _json(value: dict[str, Any]) -> str:
    return to_json(value).decode() if value else "{}"


def product_row(p: ProductData) -> tuple[Any, ...]:
    """The ``snap_product`` row of ``p``, in ``PRODUCT_COLS`` order."""
    return (
        p.id,
        p.sku,
        p.name,
        _json(p.names),
        fold(" ".join([p.name, p.sku, *p.names.values()])),
        p.category,
        _json(p.category_names),
        p.price_minor,
        p.vat_rate,
        int(p.sold_by_weight),
        p.plu or None,
        int(p.active),
        p.model or None,
        _json(p.variant),
        p.image,
        p.min_age,
        p.restriction,
    )


def _tax_row(key: str, data: Any) -> tuple[int, str]:
    if not isinstance(data, dict):
        raise ProtocolError(f"garbled tax_rate {key!r} from the backend: not an object")
    try:
        return int(data["rate_percent"]), str(data.get("name") or f"KDV %{data['rate_percent']}")
    except (KeyError, TypeError, ValueError):
        raise ProtocolError(f"garbled tax_rate {key!r} from the backend: {data!r}") from None


def _store_row(key: str, data: Any) -> tuple[str, str, str, str, str, str]:
    if not isinstance(data, dict) or not data.get("code") or not data.get("id"):
        raise ProtocolError(f"garbled store {key!r} from the backend: {data!r}")
    # Printed on receipts: NFC and no control characters, as the wire models (sync.protocol).
    return (
        str(data["code"]),
        str(data["id"]),
        clean(str(data.get("name") or "")),
        clean(str(data.get("address") or ""), multiline=True),
        clean(str(data.get("tax_number") or "")),
        str(data.get("timezone") or "Europe/Istanbul"),
    )


def _stock_rows(s: StockData) -> tuple[list[tuple[Any, ...]], tuple[str, int]]:
    rows = []
    for store_code, levels in s.stores.items():
        try:
            rows.append(
                (
                    s.product_id,
                    store_code,
                    int(levels["on_hand_milli"]),
                    int(levels.get("reserved_milli", 0)),
                    int(levels["available_milli"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise ProtocolError(
                f"garbled stock {s.product_id!r} from the backend: store {store_code}: {levels!r}"
            ) from None
    return rows, (s.product_id, s.online_available_milli)


def customer_row(c: CustomerData) -> tuple[Any, ...]:
    """The replica row of ``c``, in ``CUSTOMER_COLS`` order."""
    return (
        c.id,
        c.name,
        c.phone,
        c.email,
        c.loyalty_points,
        c.merged_into,
        normalise_phone(c.phone) or "",
        customer_search_text(c.name),
        c.loyalty_code_hash,
        _json(c.pending_points),
        _json(c.consents),
    )


CUSTOMER_COLS = (
    "id, name, phone, email, loyalty_points, merged_into, phone_norm, search_text, "
    "loyalty_code_hash, pending_json, consents_json"
)


def legal_text_row(t: LegalTextData) -> tuple[str, str, str]:
    """The ``legal_text`` row of ``t`` (purpose, version, texts_json)."""
    return (t.purpose, t.version, to_json(t.texts).decode())


def _pickup_row(p: PickupOrderData) -> tuple[Any, ...]:
    return (
        p.id,
        p.number,
        p.store_code,
        p.state,
        p.customer_name,
        p.phone,
        p.pickup_code,
        p.qr_payload,
        int(p.paid),
        p.total_minor,
        p.currency,
        json.dumps([line.model_dump() for line in p.lines], ensure_ascii=False),
        sqlite_stamp(p.created_at),
        sqlite_stamp(p.pickup_by) if p.pickup_by else None,
        p.version,
        pickup_search_text(p.number, p.customer_name, p.phone, p.pickup_code),
    )


def _stock_exception_row(e: StockExceptionData) -> tuple[Any, ...]:
    return (
        e.id,
        e.store_code,
        e.product_id,
        e.sku,
        e.kind,
        e.on_hand_milli,
        sqlite_stamp(e.raised_at),
    )


_PRODUCT_LIST = TypeAdapter(list[ProductData])


def products_at_once(items: list[dict[str, Any]]) -> list[ProductData] | None:
    """A page of products validated in one pass; None when one is bad (the caller then
    validates item by item to name it)."""
    try:
        return _PRODUCT_LIST.validate_python([item["data"] for item in items])
    except ValidationError:
        return None


_CUSTOMER_LIST = TypeAdapter(list[CustomerData])


def customers_at_once(items: list[dict[str, Any]]) -> list[CustomerData] | None:
    """A page of customers validated in one pass (a bootstrap takes up to a million); None
    when one is bad (the caller then validates item by item to name it)."""
    try:
        return _CUSTOMER_LIST.validate_python([item["data"] for item in items])
    except ValidationError:
        return None


@dataclass
class Rows:
    """One page of reference data as table rows."""

    products: list[tuple[Any, ...]]
    barcodes: list[tuple[str, str]]
    taxes: list[tuple[int, str]]
    stores: list[tuple[str, str, str, str, str, str]]
    stock: list[tuple[Any, ...]]
    stock_products: list[str]
    online: list[tuple[str, int]]
    customers: list[tuple[Any, ...]]
    pickups: list[tuple[Any, ...]]
    stock_exceptions: list[tuple[Any, ...]] = field(default_factory=list)
    web_orders: list[tuple[Any, ...]] = field(default_factory=list)
    value_cards: list[tuple[Any, ...]] = field(default_factory=list)
    loyalty_rules: list[loyalty_rules.RulesRow] = field(default_factory=list)
    legal_texts: list[tuple[str, str, str]] = field(default_factory=list)

    @classmethod
    def empty(cls) -> Rows:
        return cls([], [], [], [], [], [], [], [], [])


def collect(rows: Rows, collection: str, key: str, data: Any) -> bool:
    """Add one upserted item to ``rows``; False for a collection this terminal ignores."""
    if collection == "product":
        p: ProductData = parse_item(ProductData, collection, key, data)
        rows.products.append(product_row(p))
        rows.barcodes.extend((code, p.id) for code in p.barcodes)
    elif collection == "tax_rate":
        rows.taxes.append(_tax_row(key, data))
    elif collection == "store":
        rows.stores.append(_store_row(key, data))
    elif collection == "stock":
        s: StockData = parse_item(StockData, collection, key, data)
        levels, online = _stock_rows(s)
        rows.stock.extend(levels)
        rows.stock_products.append(s.product_id)
        rows.online.append(online)
    elif collection == "customer":
        rows.customers.append(customer_row(parse_item(CustomerData, collection, key, data)))
    elif collection == "legal_text":
        rows.legal_texts.append(legal_text_row(parse_item(LegalTextData, collection, key, data)))
    elif collection == "pickup_order":
        rows.pickups.append(_pickup_row(parse_item(PickupOrderData, collection, key, data)))
    elif collection == "web_order":
        rows.web_orders.append(web_orders.row(parse_item(WebOrderData, collection, key, data)))
    elif collection == value_cards.COLLECTION:
        rows.value_cards.append(value_cards.row(parse_item(ValueCardData, collection, key, data)))
    elif collection == "stock_exception":
        rows.stock_exceptions.append(
            _stock_exception_row(parse_item(StockExceptionData, collection, key, data))
        )
    elif collection == "loyalty_rules":
        rules = loyalty_rules.row(key, data)
        if rules is not None:
            rows.loyalty_rules.append(rules)
    else:
        return False
    return True
