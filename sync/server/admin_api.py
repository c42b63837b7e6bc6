"""The admin API under ``/api/v1`` (bearer ``POS_SERVER_ADMIN_TOKEN``).

Stores, the versioned catalog (JSON and CSV), stock per store, web orders, customers and
loyalty, terminals, orders pushed by terminals, and the operations views (dead letters,
alarms, staff tasks). Handlers are thin: validation lives in the request models, rules in
``catalog``, ``stock``, ``web_orders``, ``customers`` and ``terminals``. Every write runs in
one transaction and flushes its pulled changes last; a refused request writes nothing.
"""

from __future__ import annotations

import functools
import json
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict, JsonValue
from sqlalchemy import Connection, Engine, bindparam, func, insert, or_, select, update

from sync.catalog_csv import (
    CatalogCsvError,
    ParsedCatalog,
    RowError,
    gtin_check_digit,
    is_valid_gtin,
    parse_catalog_bytes,
)
from sync.json_types import Flag, IsoDate, IsoDateTime, QueryFlag, Whole
from sync.limits import MAX_LINE_QTY_MILLI, MAX_STOCK_QTY_MILLI, MAX_UNIT_PRICE_MINOR, VAT_RATES
from sync.protocol import FILLED_TEXT_PATTERN, FilledLine, InputLine, InputText
from sync.server import customers, stock, terminals, web_orders
from sync.server.catalog import product_data, upsert_products
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.context import ServerContext
from sync.server.db import retry_transient, write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.ids import new_id
from sync.server.openapi import refusals
from sync.server.returns import StoreReturnOut
from sync.server.schema import (
    alarm,
    customer,
    dead_letter,
    loyalty_entry,
    pos_order,
    price_change,
    product,
    staff_task,
    stock_exception,
    stock_level,
    stock_movement,
    store,
    tax_rate,
    terminal,
    web_order,
)
from sync.text import escape_surrogates

router = APIRouter(dependencies=[Admin], tags=["admin"])

T = TypeVar("T")

# PostgreSQL text cannot hold NUL; refuse it at the edge instead of failing in the database.
NO_NUL = r"^[^\x00]*$"
# Patterns are checked by pydantic (Rust's regex) and read by clients as ECMA-262, where
# \s, \S and \d mean other characters: spelled out, they mean the same to both. No NUL
# and no white space (Rust's \s: Unicode White_Space).
_SPACE = r"\x09-\x0d\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
SKU_PATTERN = rf"^[^\x00{_SPACE}]{{1,64}}$"
STORE_PATTERN = r"^S[0-9]{2,3}$"
MAX_POINTS = 10**9
# Lists are pages of at most MAX_PAGE; a dead letter may hold 64 KiB of payload, so theirs
# are smaller, and a product's price history shows its newest MAX_PRICE_HISTORY entries.
MAX_PAGE = 1000
MAX_DEAD_LETTER_PAGE = 100
MAX_PRICE_HISTORY = 1000
ADMIN_SOURCE = "admin:"  # a stock movement's source when staff recorded it here
MovementReason = Literal["receive", "damage", "theft", "correction", "waste", "transfer"]
OrderState = Literal["placed", "prepared", "ready", "collected", "cancelled", "delivered"]

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size (at most {MAX_PAGE})")]
After = Annotated[
    str | None, Query(max_length=64, pattern=NO_NUL, description="keyset: the last key seen")
]
StoreQuery = Annotated[
    str | None, Query(alias="store", max_length=16, pattern=NO_NUL, description="store code")
]
SkuPath = Annotated[str, Path(max_length=64, pattern=SKU_PATTERN)]
IdPath = Annotated[str, Path(max_length=64, pattern=NO_NUL)]

Text = Annotated[str, Field(pattern=NO_NUL)]
# Extra JSON Schema for rules of the validators below, so the description states them too.
NOT_ZERO: dict[str, Any] = {"not": {"const": 0}}
CLOSED: dict[str, Any] = {"additionalProperties": False}  # only the keys the pattern admits


@functools.cache
def time_zones() -> list[str]:
    """The IANA time zones this system knows, sorted."""
    return sorted(zoneinfo.available_timezones())


def _list_zones(schema: JsonDict) -> None:
    zones: list[JsonValue] = list(time_zones())
    schema["enum"] = zones


# What the routes' refusals mean, for the API description (``openapi.refusals``).
NO_STORE = "no store with this code (unknown_store)"
NO_SKU = "no product with this SKU (unknown_sku)"
NO_ORDER = "no web order with this number (unknown_order)"
NO_CUSTOMER = "no customer with this id (unknown_customer)"
CUSTOMER_EXISTS = "the phone or e-mail belongs to another customer (customer_exists)"
BUSY = "the database kept aborting the transaction; try again later (busy)"
CATALOG_RULES = (
    "refused by a catalog rule: a SKU, barcode or PLU given twice, a GTIN's wrong check digit"
)
CODE_IN_USE = "a barcode or PLU belongs to a product outside this request"
ORDER_RULES = (
    "refused by an order rule: an unknown SKU, store or customer, a line or total beyond the limits"
)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    """One page of a list; pass ``next_after`` as ``?after=`` for the next (None: done)."""

    items: list[T]
    next_after: str | None = None


def _page(items: Sequence[T], limit: int, key: str) -> Page[T]:
    last = items[-1] if len(items) == limit and items else None
    next_after = None if last is None else str(getattr(last, key))
    return Page[T](items=list(items), next_after=next_after)


# -- stores -----------------------------------------------------------------------------------


class StoreIn(_In):
    code: str = Field(pattern=STORE_PATTERN, description="S01, S02, ...")
    # Free text is NFC and has no control character, NUL included (printed on receipts:
    # sync.protocol.InputLine names the character); an address may span lines.
    name: InputLine = Field(min_length=1, max_length=200)
    address: InputText = Field(default="", max_length=400)
    tax_number: InputLine = Field(default="", max_length=32)
    timezone: str = Field(
        default="Europe/Istanbul",
        min_length=1,
        max_length=64,
        pattern=NO_NUL,
        description="an IANA time zone",
        json_schema_extra=_list_zones,
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in time_zones():
            raise ValueError(f"unknown time zone {value!r}")
        return value


class StoreOut(BaseModel):
    id: str
    code: str
    name: str
    address: str
    tax_number: str
    timezone: str


def _store_id(conn: Connection, code: str) -> str:
    return str(terminals.find_store(conn, code).id)


@router.get("/stores", response_model=Page[StoreOut])
def list_stores(ctx: Ctx, after: After = None, limit: Limit = 100) -> Page[StoreOut]:
    """Stores by code."""
    query = select(store).order_by(store.c.code).limit(limit)
    if after:
        query = query.where(store.c.code > after)
    with ctx.engine.connect() as conn:
        rows = [StoreOut(**terminals.store_data(r)) for r in conn.execute(query)]
    return _page(rows, limit, "code")


@router.post(
    "/stores",
    response_model=StoreOut,
    status_code=201,
    responses=refusals({409: "a store with this code exists (store_exists)"}),
)
def create_store(body: StoreIn, ctx: Ctx) -> StoreOut:
    """Create a store (its terminals pull it as a ``store`` change)."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        data = terminals.create_store(conn, changes, **body.model_dump(), now=now)
        changes.flush(conn, now)
    return StoreOut(**data)


@router.get("/stores/{code}", response_model=StoreOut, responses=refusals({404: NO_STORE}))
def get_store(code: Annotated[str, Path(max_length=16, pattern=NO_NUL)], ctx: Ctx) -> StoreOut:
    with ctx.engine.connect() as conn:
        return StoreOut(**terminals.store_data(terminals.find_store(conn, code)))


# -- catalog ----------------------------------------------------------------------------------


LangNames = dict[
    Annotated[str, Field(pattern=r"^[a-z]{2}$")],
    Annotated[InputLine, Field(max_length=300)],
]


VariantValue = Annotated[InputLine, Field(min_length=1, max_length=32)]


class ProductIn(_In):
    """A product's fields (the SKU is in the path or in the list item)."""

    name: FilledLine = Field(min_length=1, max_length=300)
    names: LangNames = Field(
        default_factory=dict, description="translations by language", json_schema_extra=CLOSED
    )
    category: FilledLine | None = Field(default=None, max_length=200)
    category_names: LangNames = Field(default_factory=dict, json_schema_extra=CLOSED)
    price_minor: Whole = Field(
        ge=0,
        le=MAX_UNIT_PRICE_MINOR,
        description="shelf price in kuruş (per kg), at most 10,000,000.00 TRY (sync.limits)",
    )
    vat_rate: Whole = Field(
        description="a known VAT rate: 1, 10 or 20",
        json_schema_extra={"enum": list(VAT_RATES)},
    )
    sold_by_weight: Flag = False
    plu: str | None = Field(default=None, pattern=r"^[0-9]{5}$")
    barcodes: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9\-]{1,32}$")]] = Field(
        default_factory=list,
        max_length=50,
        description="GTINs (8, 12, 13 or 14 digits: the last is checked) or internal codes",
        json_schema_extra={"uniqueItems": True},
    )
    active: Flag = True
    returnable: Flag = Field(default=True, description="false: not taken back in stores")
    model: str | None = Field(
        default=None,
        pattern=rf"^[^\x00{_SPACE}]{{1,64}}$",
        description="groups the sizes and colours of one product (variants)",
    )
    variant: dict[Literal["size", "colour"], VariantValue] = Field(
        default_factory=dict, description="size and colour of this variant"
    )

    @field_validator("barcodes")
    @classmethod
    def _once(cls, codes: list[str]) -> list[str]:
        if len(set(codes)) != len(codes):
            raise ValueError("a barcode is listed twice")
        return codes

    @field_validator("name", "category")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return None if value is None else value.strip()


class ProductItem(ProductIn):
    sku: str = Field(pattern=SKU_PATTERN)


class PriceOut(BaseModel):
    price_minor: int
    version: int
    valid_from: datetime


class ProductOut(BaseModel):
    id: str
    sku: str
    name: str
    names: dict[str, str]
    category: str | None
    category_names: dict[str, str]
    price_minor: int
    vat_rate: int
    sold_by_weight: bool
    plu: str | None
    barcodes: list[str]
    active: bool
    version: int
    returnable: bool = True
    model: str | None = None
    variant: dict[str, str] = {}
    updated_at: datetime | None = None


class ProductDetail(ProductOut):
    price_history: list[PriceOut]  # oldest first; the newest MAX_PRICE_HISTORY at most


class UpsertCounts(BaseModel):
    created: int
    updated: int
    unchanged: int


class CatalogSummary(BaseModel):
    products: int
    max_version: int
    last_change_at: datetime | None


class CsvProblem(BaseModel):
    line: int = Field(description="physical line of the file (1: header, 0: the whole file)")
    column: str
    message: str


class CsvRejected(BaseModel):
    error: Literal["invalid_csv"]
    detail: str
    errors: list[CsvProblem]


def _product_out(row: Any) -> ProductOut:
    return ProductOut(
        **product_data(row), returnable=bool(row.returnable), updated_at=row.updated_at
    )


def ean13_example() -> str:
    """A valid EAN-13 for the API description's example CSV."""
    body = "869000000042"
    return body + gtin_check_digit(body)


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


@router.get("/products", response_model=Page[ProductOut])
def list_products(
    ctx: Ctx,
    after: After = None,
    limit: Limit = 100,
    q: Annotated[
        str | None,
        Query(max_length=100, pattern=NO_NUL, description="part of the SKU, name or a barcode"),
    ] = None,
) -> Page[ProductOut]:
    """Products by SKU (keyset pagination)."""
    query = select(product).order_by(product.c.sku).limit(limit)
    if after:
        query = query.where(product.c.sku > after)
    if q and q.strip():
        needle = q.strip()
        query = query.where(
            or_(
                product.c.sku.contains(needle, autoescape=True),
                func.lower(product.c.name).contains(needle.lower(), autoescape=True),
                product.c.barcodes_json.contains(f'"{needle}"', autoescape=True),
            )
        )
    with ctx.engine.connect() as conn:
        rows = [_product_out(r) for r in conn.execute(query)]
    return _page(rows, limit, "sku")


def _product_detail(conn: Connection, sku: str) -> ProductDetail:
    row = conn.execute(select(product).where(product.c.sku == sku)).first()
    if row is None:
        raise ServerError(404, "unknown_sku", f"no product {sku!r}")
    newest = conn.execute(
        select(price_change.c.price_minor, price_change.c.version, price_change.c.valid_from)
        .where(price_change.c.product_id == row.id)
        .order_by(price_change.c.version.desc(), price_change.c.valid_from.desc())
        .limit(MAX_PRICE_HISTORY)
    ).all()
    return ProductDetail(
        **_product_out(row).model_dump(),
        price_history=[
            PriceOut(price_minor=h[0], version=h[1], valid_from=h[2]) for h in reversed(newest)
        ],
    )


@router.get("/products/{sku:path}", response_model=ProductDetail, responses=refusals({404: NO_SKU}))
def get_product(sku: SkuPath, ctx: Ctx) -> ProductDetail:
    """One product with its version and price history."""
    with ctx.engine.connect() as conn:
        return _product_detail(conn, sku)


@router.put(
    "/products/{sku:path}",
    response_model=ProductDetail,
    responses=refusals(
        {404: "no route: the SKU holds a line break", 409: CODE_IN_USE, 422: CATALOG_RULES}
    ),
)
def put_product(sku: SkuPath, body: ProductIn, ctx: Ctx) -> ProductDetail:
    """Create or update one product; a change bumps its version (a new price is recorded)."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        save_products(conn, changes, [body.model_dump() | {"sku": sku}], now)
        changes.flush(conn, now)
        return _product_detail(conn, sku)


@router.post(
    "/products",
    response_model=UpsertCounts,
    responses=refusals({409: CODE_IN_USE, 422: CATALOG_RULES}),
)
def post_products(
    body: Annotated[list[ProductItem], Body(max_length=10_000)], ctx: Ctx
) -> UpsertCounts:
    """Create or update a list of products, all or nothing."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        counts = save_products(conn, changes, [item.model_dump() for item in body], now)
        changes.flush(conn, now)
    return UpsertCounts(**counts)


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
    return {
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
    } | ({"returnable": bool(item["returnable"])} if "returnable" in item else {})


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
        changes.upsert(GLOBAL, "product", row["id"], _product_data(item, row))
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
    }


@router.post(
    "/catalog/csv",
    response_model=UpsertCounts,
    responses={422: {"model": CsvRejected, "description": "every problem of the file, by line"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": "sku,name,price,vat_rate,barcodes\nCSV-1,Örnek çay,12.50,20,"
                    + ean13_example()
                    + "\n",
                }
            },
            "description": "the CSV of `pos import-catalog` (see sync.catalog_csv)",
        }
    },
)
async def post_catalog_csv(request: Request, ctx: Ctx) -> UpsertCounts | JSONResponse:
    """Import a catalog CSV: validated whole, nothing written on any error; every bad line is
    listed with its column and value. A file over ``POS_SERVER_MAX_IMPORT_BODY_BYTES`` is 413
    (``sync.server.guard``, before it is read)."""
    data = await request.body()
    try:
        counts = await run_in_threadpool(import_catalog_csv, ctx.engine, data, ctx.clock())
    except CatalogCsvError as exc:
        shown = exc.errors[:200]
        body = "\n".join(str(e) for e in shown)
        more = len(exc.errors) - len(shown)
        return JSONResponse(
            status_code=422,
            content={
                "error": "invalid_csv",
                "detail": f"{len(exc.errors)} problem(s) found, nothing was imported:\n{body}"
                + (f"\n... and {more} more" if more else ""),
                "errors": [e.as_dict() for e in shown],
            },
        )
    return UpsertCounts(**counts)


@router.get("/catalog", response_model=CatalogSummary)
def catalog_summary(ctx: Ctx) -> CatalogSummary:
    """How many products, the highest version and when the catalog last changed."""
    with ctx.engine.connect() as conn:
        count = int(conn.execute(select(func.count()).select_from(product)).scalar_one())
        version = int(
            conn.execute(select(func.coalesce(func.max(product.c.version), 0))).scalar_one()
        )
        # The newest row rather than max(): aggregates lose the column's UTC type on SQLite.
        changed: datetime | None = conn.execute(
            select(product.c.updated_at).order_by(product.c.updated_at.desc()).limit(1)
        ).scalar()
    return CatalogSummary(products=count, max_version=version, last_change_at=changed)


# -- stock ------------------------------------------------------------------------------------


class LevelOut(BaseModel):
    store: str
    sku: str
    product_id: str
    on_hand_milli: int
    reserved_milli: int
    available_milli: int
    updated_at: datetime


class StoreLevel(BaseModel):
    on_hand_milli: int
    reserved_milli: int
    available_milli: int


class ProductStockOut(BaseModel):
    product_id: str
    sku: str
    stores: dict[str, StoreLevel]
    online_available_milli: int
    updated_at: datetime | None


class MovementIn(_In):
    store: str = Field(pattern=STORE_PATTERN)
    sku: str = Field(pattern=SKU_PATTERN)
    qty_milli: Whole = Field(
        ge=-MAX_STOCK_QTY_MILLI,
        le=MAX_STOCK_QTY_MILLI,
        description="signed thousandths, not 0",
        json_schema_extra=NOT_ZERO,
    )
    reason: MovementReason
    # Stored as the movement's source, "admin:<note>", in a column of 64 characters.
    note: InputLine = Field(default="", max_length=64 - len(ADMIN_SOURCE))

    @field_validator("qty_milli")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("qty_milli must not be 0")
        return value


class MovementOut(BaseModel):
    id: str
    store: str
    sku: str
    qty_milli: int
    reason: str
    source: str
    reference: str = ""  # a receipt's delivery-note number, a transfer's id
    occurred_at: datetime
    received_at: datetime


class MovementResult(BaseModel):
    movement: MovementOut
    level: StoreLevel


class ExceptionOut(BaseModel):
    id: str
    store: str
    sku: str
    kind: str
    on_hand_milli: int
    raised_at: datetime
    resolved_at: datetime | None


def _product_row(conn: Connection, sku: str, status: int = 404) -> Any:
    row = conn.execute(select(product).where(product.c.sku == sku)).first()
    if row is None:
        raise ServerError(status, "unknown_sku", f"no product {sku!r}")
    return row


@router.get("/stock", response_model=Page[LevelOut], responses=refusals({404: NO_STORE}))
def list_stock(
    ctx: Ctx,
    store_code: Annotated[str, Query(alias="store", max_length=16, pattern=NO_NUL)],
    sku: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    after: After = None,
    limit: Limit = 100,
) -> Page[LevelOut]:
    """Levels at one store by SKU: on hand, reserved for pickups, available online."""
    with ctx.engine.connect() as conn:
        store_id = _store_id(conn, store_code)
        query = (
            select(stock_level, product.c.sku)
            .join(product, product.c.id == stock_level.c.product_id)
            .where(stock_level.c.store_id == store_id)
            .order_by(product.c.sku)
            .limit(limit)
        )
        if sku:
            query = query.where(product.c.sku == sku)
        if after:
            query = query.where(product.c.sku > after)
        rows = [
            LevelOut(
                store=store_code,
                sku=r.sku,
                product_id=r.product_id,
                on_hand_milli=r.on_hand_milli,
                reserved_milli=r.reserved_milli,
                available_milli=r.available_milli,
                updated_at=r.updated_at,
            )
            for r in conn.execute(query)
        ]
    return _page(rows, limit, "sku")


def _movement_out(r: Any) -> MovementOut:
    return MovementOut(
        id=r.id,
        store=r.code,
        sku=r.sku,
        qty_milli=r.qty_milli,
        reason=r.reason,
        source=r.source,
        reference=r.reference,
        occurred_at=r.occurred_at,
        received_at=r.received_at,
    )


def _movement_query() -> Any:
    return (
        select(stock_movement, store.c.code, product.c.sku)
        .join(store, store.c.id == stock_movement.c.store_id)
        .join(product, product.c.id == stock_movement.c.product_id)
    )


@router.post(
    "/stock/movements",
    response_model=MovementResult,
    status_code=201,
    responses=refusals({404: NO_STORE, 422: "no product with this SKU (unknown_sku)", 503: BUSY}),
)
def post_movement(body: MovementIn, ctx: Ctx) -> MovementResult:
    """Record a stock movement (receive, damage, ...) and recompute the level."""
    return retry_transient(lambda: _record_movement(body, ctx))


def _record_movement(body: MovementIn, ctx: ServerContext) -> MovementResult:
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        store_id = _store_id(conn, body.store)
        p = _product_row(conn, body.sku, status=422)
        movement_id = new_id()
        conn.execute(
            insert(stock_movement),
            {
                "id": movement_id,
                "store_id": store_id,
                "product_id": p.id,
                "qty_milli": body.qty_milli,
                "reason": body.reason,
                "source": f"{ADMIN_SOURCE}{body.note}" if body.note else "admin",
                "occurred_at": now,
                "received_at": now,
            },
        )
        changes = ChangeBuffer()
        stock.recompute(conn, changes, [(store_id, p.id)], now)
        changes.flush(conn, now)
        moved = conn.execute(_movement_query().where(stock_movement.c.id == movement_id)).one()
        level = conn.execute(
            select(stock_level).where(
                stock_level.c.store_id == store_id, stock_level.c.product_id == p.id
            )
        ).one()
    return MovementResult(
        movement=_movement_out(moved),
        level=StoreLevel(
            on_hand_milli=level.on_hand_milli,
            reserved_milli=level.reserved_milli,
            available_milli=level.available_milli,
        ),
    )


@router.get(
    "/stock/movements", response_model=Page[MovementOut], responses=refusals({404: NO_STORE})
)
def list_movements(
    ctx: Ctx,
    store_code: Annotated[str | None, Query(alias="store", max_length=16, pattern=NO_NUL)] = None,
    sku: Annotated[str | None, Query(max_length=64, pattern=NO_NUL)] = None,
    before: Annotated[
        str | None, Query(max_length=64, pattern=NO_NUL, description="keyset: last id seen")
    ] = None,
    limit: Limit = 100,
    reference: Annotated[
        str | None,
        Query(max_length=64, pattern=NO_NUL, description="a delivery-note number or transfer id"),
    ] = None,
) -> Page[MovementOut]:
    """Movements, newest first (ids are time-ordered); ``next_after`` goes in ``?before=``."""
    query = _movement_query().order_by(stock_movement.c.id.desc()).limit(limit)
    with ctx.engine.connect() as conn:
        if store_code:
            query = query.where(stock_movement.c.store_id == _store_id(conn, store_code))
        if sku:
            query = query.where(product.c.sku == sku)
        if before:
            query = query.where(stock_movement.c.id < before)
        if reference:
            query = query.where(stock_movement.c.reference == reference)
        rows = [_movement_out(r) for r in conn.execute(query)]
    return _page(rows, limit, "id")


@router.get(
    "/stock/exceptions", response_model=Page[ExceptionOut], responses=refusals({404: NO_STORE})
)
def list_exceptions(
    ctx: Ctx,
    store_code: Annotated[str | None, Query(alias="store", max_length=16, pattern=NO_NUL)] = None,
    open_only: Annotated[QueryFlag, Query(alias="open")] = True,
    after: After = None,
    limit: Limit = 100,
) -> Page[ExceptionOut]:
    """Negative-stock exceptions for staff (open ones by default)."""
    query = (
        select(stock_exception, store.c.code, product.c.sku)
        .join(store, store.c.id == stock_exception.c.store_id)
        .join(product, product.c.id == stock_exception.c.product_id)
        .order_by(stock_exception.c.id)
        .limit(limit)
    )
    with ctx.engine.connect() as conn:
        if store_code:
            query = query.where(stock_exception.c.store_id == _store_id(conn, store_code))
        if open_only:
            query = query.where(stock_exception.c.resolved_at.is_(None))
        if after:
            query = query.where(stock_exception.c.id > after)
        rows = [
            ExceptionOut(
                id=r.id,
                store=r.code,
                sku=r.sku,
                kind=r.kind,
                on_hand_milli=r.on_hand_milli,
                raised_at=r.raised_at,
                resolved_at=r.resolved_at,
            )
            for r in conn.execute(query)
        ]
    return _page(rows, limit, "id")


@router.get("/stock/{sku:path}", response_model=ProductStockOut, responses=refusals({404: NO_SKU}))
def product_stock(sku: SkuPath, ctx: Ctx) -> ProductStockOut:
    """One product at every store, and online (the sum of the stores' availables)."""
    with ctx.engine.connect() as conn:
        p = _product_row(conn, sku)
        data = stock.stock_data(conn, p.id)
    assert data is not None
    return ProductStockOut(**data)


# -- web orders -------------------------------------------------------------------------------


class CustomerIn(_In):
    name: FilledLine = Field(min_length=1, max_length=200)
    phone: InputLine = Field(default="", max_length=32)
    email: InputLine = Field(default="", max_length=200)


class CustomerPatch(_In):
    """The fields to change; what is left out stays."""

    name: FilledLine = Field(default="", min_length=1, max_length=200)
    phone: InputLine = Field(default="", max_length=32)
    email: InputLine = Field(default="", max_length=200)
    home_store: str | None = Field(
        default=None,
        pattern=STORE_PATTERN,
        description="the store whose tills may change it; null: the chain's (admin API only)",
    )


class OrderLineIn(_In):
    sku: str = Field(pattern=SKU_PATTERN)
    qty_milli: Whole = Field(
        gt=0, le=MAX_LINE_QTY_MILLI, description="thousandths; 1000 = one piece, at most 9,999"
    )


class OrderIn(_In):
    # ``_consistent`` below, as the description says it.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"fulfilment": {"const": "pickup"}}},
                    "then": {"required": ["store"], "properties": {"store": {"type": "string"}}},
                },
                {
                    "if": {"properties": {"fulfilment": {"const": "delivery"}}},
                    "then": {
                        "required": ["delivery_address"],
                        "properties": {"delivery_address": {"pattern": FILLED_TEXT_PATTERN}},
                    },
                },
                {
                    "oneOf": [
                        {"required": ["customer"], "properties": {"customer": {"type": "object"}}},
                        {
                            "required": ["customer_id"],
                            "properties": {"customer_id": {"type": "string"}},
                        },
                    ]
                },
            ]
        },
    )

    fulfilment: Literal["pickup", "delivery"]
    store: str | None = Field(
        default=None, pattern=STORE_PATTERN, description="required for pickup"
    )
    customer: CustomerIn | None = None
    customer_id: str | None = Field(default=None, max_length=64, pattern=NO_NUL)
    lines: list[OrderLineIn] = Field(min_length=1, max_length=200)
    paid: Flag = False
    delivery_address: InputText = Field(default="", max_length=1000)
    pickup_by: IsoDateTime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> OrderIn:
        if self.fulfilment == "pickup" and not self.store:
            raise ValueError("a pickup order needs a store")
        if self.fulfilment == "delivery" and not self.delivery_address.strip():
            raise ValueError("a delivery order needs a delivery_address")
        if (self.customer is None) == (self.customer_id is None):
            raise ValueError("give exactly one of customer and customer_id")
        return self


class OrderLineOut(BaseModel):
    product_id: str
    sku: str
    name: str
    qty_milli: int
    unit_price_minor: int
    bin: str = ""
    returnable: bool = True
    returned_milli: int = 0  # taken back in stores so far


class RefundOut(BaseModel):
    """Money owed back to the online payment (executed by the payment integration)."""

    id: str
    amount_minor: int
    currency: str
    reason: str
    state: str
    lines: list[dict[str, Any]]
    created_at: datetime


class OrderOut(BaseModel):
    id: str
    number: str
    fulfilment: str
    store: str | None
    customer_id: str | None
    customer_name: str
    phone: str
    email: str
    state: str
    paid: bool
    pickup_code: str
    qr_payload: str
    currency: str
    total_minor: int
    lines: list[OrderLineOut]
    delivery_address: str
    version: int
    created_at: datetime
    updated_at: datetime
    pickup_by: datetime | None
    origin_receipt_no: str | None = None  # the store sale that paid for it (endless aisle)
    # Paid in store at pickup: the till's receipt that paid it, its store and till codes,
    # when (the sale's time) and how much (less than total_minor when items were refused).
    paid_receipt_no: str | None = None
    paid_store: str | None = None
    paid_terminal: str | None = None
    paid_at: datetime | None = None
    paid_minor: int | None = None
    refunds: list[RefundOut] = []
    refunded_minor: int = 0
    payment_method: str = "online"  # online | in_store
    returnable_from: datetime | None = None  # collected / delivered: the return window opens
    return_by: datetime | None = None
    returns: list[StoreReturnOut] = []  # returns in stores (sync.server.returns)
    returned_minor: int = 0


class TransitionIn(_In):
    expected_state: OrderState
    to_state: OrderState


@router.post(
    "/orders",
    response_model=OrderOut,
    status_code=201,
    responses=refusals(
        {409: "not enough stock at the pickup store (insufficient_stock)", 422: ORDER_RULES}
    ),
)
def post_order(body: OrderIn, ctx: Ctx) -> OrderOut:
    """Place a web order, priced from the catalog; a pickup order reserves its goods."""
    return retry_transient(lambda: _place_order(body, ctx))


def _place_order(body: OrderIn, ctx: ServerContext) -> OrderOut:
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        view = web_orders.create_order(
            conn,
            changes,
            fulfilment=body.fulfilment,
            store_code=body.store,
            customer_in=None
            if body.customer is None
            else web_orders.CustomerIn(**body.customer.model_dump()),
            customer_id=body.customer_id,
            lines=[web_orders.OrderLineIn(li.sku, li.qty_milli) for li in body.lines],
            paid=body.paid,
            delivery_address=body.delivery_address,
            pickup_by=body.pickup_by,
            now=now,
        )
        changes.flush(conn, now)
    return OrderOut(**view)


@router.get("/orders", response_model=Page[OrderOut], responses=refusals({404: NO_STORE}))
def list_orders(
    ctx: Ctx,
    store_code: StoreQuery = None,
    state: OrderState | None = None,
    fulfilment: Literal["pickup", "delivery"] | None = None,
    after: After = None,
    limit: Limit = 100,
) -> Page[OrderOut]:
    """Web orders by number."""
    query = select(web_order).order_by(web_order.c.number).limit(limit)
    with ctx.engine.connect() as conn:
        if store_code:
            query = query.where(web_order.c.store_id == _store_id(conn, store_code))
        if state:
            query = query.where(web_order.c.state == state)
        if fulfilment:
            query = query.where(web_order.c.fulfilment == fulfilment)
        if after:
            query = query.where(web_order.c.number > after)
        views = web_orders.order_views(conn, conn.execute(query).all())
        rows = [OrderOut(**view) for view in views]
    return _page(rows, limit, "number")


@router.get("/orders/{number}", response_model=OrderOut, responses=refusals({404: NO_ORDER}))
def get_order(number: Annotated[str, Path(max_length=32, pattern=NO_NUL)], ctx: Ctx) -> OrderOut:
    with ctx.engine.connect() as conn:
        return OrderOut(**web_orders.order_view(conn, web_orders.find_order(conn, number)))


@router.post(
    "/orders/{number}/transition",
    response_model=OrderOut,
    responses=refusals(
        {
            404: NO_ORDER,
            409: "the order is no longer in expected_state (state_conflict)",
            422: "the order cannot go to that state (bad_transition)",
            503: BUSY,
        }
    ),
)
def transition_order(
    number: Annotated[str, Path(max_length=32, pattern=NO_NUL)], body: TransitionIn, ctx: Ctx
) -> OrderOut:
    """Move an order on (e.g. cancel it); 409 ``state_conflict`` when it is no longer in
    ``expected_state``."""
    return retry_transient(lambda: _move_order(number, body, ctx))


def _move_order(number: str, body: TransitionIn, ctx: ServerContext) -> OrderOut:
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        view = web_orders.transition_order(
            conn,
            changes,
            number=number,
            expected_state=body.expected_state,
            to_state=body.to_state,
            now=now,
        )
        changes.flush(conn, now)
    return OrderOut(**view)


# -- customers and loyalty --------------------------------------------------------------------


class CustomerOut(BaseModel):
    id: str
    name: str
    phone: str
    email: str
    loyalty_points: int
    merged_into: str | None
    home_store: str | None = Field(
        description="the store whose tills may change it; null: the chain's (admin API only)"
    )
    created_at: datetime
    updated_at: datetime


class LedgerEntryOut(BaseModel):
    id: str
    points: int
    reason: str
    order_id: str | None
    flagged: bool
    occurred_at: datetime
    received_at: datetime


class CustomerDetail(CustomerOut):
    balance: int
    ledger: list[LedgerEntryOut]


class LoyaltyIn(_In):
    points: Whole = Field(
        ge=-MAX_POINTS,
        le=MAX_POINTS,
        description="+ earned, - redeemed; not 0",
        json_schema_extra=NOT_ZERO,
    )
    reason: InputLine = Field(default="adjust", min_length=1, max_length=32)

    @field_validator("points")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("points must not be 0")
        return value


class LoyaltyOut(BaseModel):
    entry: LedgerEntryOut
    balance: int


def _customer_out(conn: Connection, row: Any) -> CustomerOut:
    home = None
    if row.home_store_id is not None:
        home = conn.execute(select(store.c.code).where(store.c.id == row.home_store_id)).scalar()
    return CustomerOut(
        id=row.id,
        name=row.name,
        phone=row.phone,
        email=row.email,
        loyalty_points=customers.loyalty_balance(conn, row.id),
        merged_into=row.merged_into,
        home_store=home,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _customer_detail(conn: Connection, customer_id: str) -> CustomerDetail:
    row = conn.execute(select(customer).where(customer.c.id == customer_id)).first()
    if row is None:
        raise ServerError(404, "unknown_customer", f"no customer {customer_id!r}")
    ledger = conn.execute(
        select(loyalty_entry)
        .where(loyalty_entry.c.customer_id == customer_id)
        .order_by(loyalty_entry.c.occurred_at.desc(), loyalty_entry.c.id.desc())
        .limit(1000)
    ).all()
    out = _customer_out(conn, row)
    return CustomerDetail(
        **out.model_dump(),
        balance=out.loyalty_points,
        ledger=[_ledger_out(e) for e in ledger],
    )


def _ledger_out(e: Any) -> LedgerEntryOut:
    return LedgerEntryOut(
        id=e.id,
        points=e.points,
        reason=e.reason,
        order_id=e.order_id,
        flagged=bool(e.flagged),
        occurred_at=e.occurred_at,
        received_at=e.received_at,
    )


@router.post(
    "/customers",
    response_model=CustomerDetail,
    status_code=201,
    responses=refusals({409: CUSTOMER_EXISTS}),
)
def post_customer(body: CustomerIn, ctx: Ctx) -> CustomerDetail:
    """Create a customer; 409 when the phone or e-mail belongs to one already."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        customer_id = customers.create_customer(conn, changes, **body.model_dump(), now=now)
        changes.flush(conn, now)
        return _customer_detail(conn, customer_id)


@router.patch(
    "/customers/{customer_id}",
    response_model=CustomerDetail,
    responses=refusals({404: f"{NO_CUSTOMER}, or {NO_STORE}", 409: CUSTOMER_EXISTS}),
)
def patch_customer(customer_id: IdPath, body: CustomerPatch, ctx: Ctx) -> CustomerDetail:
    """Change a customer's profile or home store (tills change only their own store's
    customers' profiles); 409 when the phone or e-mail belongs to another customer."""
    now = ctx.clock()
    fields: dict[str, Any] = body.model_dump(exclude_unset=True)
    with write_tx(ctx.engine) as conn:
        if "home_store" in fields:
            code = fields.pop("home_store")
            fields["home_store_id"] = None if code is None else _store_id(conn, code)
        changes = ChangeBuffer()
        survivor = customers.update_customer(
            conn, changes, customer_id=customer_id, fields=fields, now=now
        )
        changes.flush(conn, now)
        return _customer_detail(conn, survivor)


@router.get("/customers", response_model=Page[CustomerOut])
def list_customers(
    ctx: Ctx,
    q: Annotated[
        str, Query(max_length=200, pattern=NO_NUL, description="part of name, phone or e-mail")
    ] = "",
    after: After = None,
    limit: Limit = 100,
) -> Page[CustomerOut]:
    """Customers (merged ones left out) matching ``q``; phones match in any notation."""
    with ctx.engine.connect() as conn:
        rows = customers.search_customers(conn, q=q, after=after, limit=limit)
        items = [_customer_out(conn, r) for r in rows]
    return _page(items, limit, "id")


@router.get(
    "/customers/{customer_id}",
    response_model=CustomerDetail,
    responses=refusals({404: NO_CUSTOMER}),
)
def get_customer(customer_id: IdPath, ctx: Ctx) -> CustomerDetail:
    """A customer, their balance (the sum of the ledger) and the ledger, newest first."""
    with ctx.engine.connect() as conn:
        return _customer_detail(conn, customer_id)


@router.post(
    "/customers/{customer_id}/loyalty",
    response_model=LoyaltyOut,
    status_code=201,
    responses=refusals(
        {404: NO_CUSTOMER, 409: "taking more points than the customer has (insufficient_points)"}
    ),
)
def post_loyalty(customer_id: IdPath, body: LoyaltyIn, ctx: Ctx) -> LoyaltyOut:
    """Add points (or take them, never below zero) with a reason."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        entry = customers.add_loyalty(
            conn, changes, customer_id=customer_id, points=body.points, reason=body.reason, now=now
        )
        changes.flush(conn, now)
        balance = customers.loyalty_balance(conn, entry["customer_id"])
    return LoyaltyOut(entry=LedgerEntryOut(**entry), balance=balance)


# -- terminals --------------------------------------------------------------------------------


class EnrolmentCodeIn(_In):
    store: str = Field(pattern=STORE_PATTERN)
    terminal: str | None = Field(default=None, pattern=r"^T[0-9]{2,3}$")


class EnrolmentCodeOut(BaseModel):
    code: str
    expires_at: datetime
    store: str
    terminal: str | None


class TerminalOut(BaseModel):
    id: str
    code: str
    store: str
    device_name: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    revoked: bool
    clock_offset_ms: int


class RevokeOut(BaseModel):
    terminal: TerminalOut
    changed: bool


def _terminal_query() -> Any:
    return select(terminal, store.c.code.label("store_code")).join(
        store, store.c.id == terminal.c.store_id
    )


def _terminal_out(r: Any) -> TerminalOut:
    return TerminalOut(
        id=r.id,
        code=r.code,
        store=r.store_code,
        device_name=r.device_name,
        enrolled_at=r.enrolled_at,
        last_seen_at=r.last_seen_at,
        revoked_at=r.revoked_at,
        revoked=r.revoked_at is not None,
        clock_offset_ms=r.clock_offset_ms,
    )


@router.post(
    "/enrolment-codes",
    response_model=EnrolmentCodeOut,
    status_code=201,
    responses=refusals({404: NO_STORE}),
)
def post_enrolment_code(body: EnrolmentCodeIn, ctx: Ctx) -> EnrolmentCodeOut:
    """A one-time code a new till enrols with (shown once)."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        code, expires = terminals.create_enrolment_code(
            conn,
            store_code=body.store,
            terminal_code=body.terminal,
            ttl=timedelta(hours=ctx.settings.enrolment_code_ttl_hours),
            now=now,
        )
    return EnrolmentCodeOut(code=code, expires_at=expires, store=body.store, terminal=body.terminal)


def list_terminal_rows(conn: Connection, store_code: str | None = None) -> list[TerminalOut]:
    query = _terminal_query().order_by(store.c.code, terminal.c.code)
    if store_code:
        query = query.where(store.c.code == store_code)
    return [_terminal_out(r) for r in conn.execute(query)]


@router.get("/terminals", response_model=Page[TerminalOut])
def list_terminals(
    ctx: Ctx, store_code: StoreQuery = None, after: After = None, limit: Limit = 100
) -> Page[TerminalOut]:
    """Terminals by id, with when each was last seen and whether it was revoked."""
    query = _terminal_query().order_by(terminal.c.id).limit(limit)
    if store_code:
        query = query.where(store.c.code == store_code)
    if after:
        query = query.where(terminal.c.id > after)
    with ctx.engine.connect() as conn:
        rows = [_terminal_out(r) for r in conn.execute(query)]
    return _page(rows, limit, "id")


@router.post(
    "/terminals/{terminal_id}/revoke",
    response_model=RevokeOut,
    responses=refusals({404: "no terminal with this id (unknown_terminal)"}),
)
def revoke(terminal_id: IdPath, ctx: Ctx) -> RevokeOut:
    """Revoke a terminal's token (it gets 403 from then on); re-enrolment issues a new one."""
    with write_tx(ctx.engine) as conn:
        changed = terminals.revoke_terminal(conn, terminal_id, ctx.clock())
        row = conn.execute(_terminal_query().where(terminal.c.id == terminal_id)).first()
        if row is None:
            raise ServerError(404, "unknown_terminal", f"no terminal {terminal_id!r}")
        return RevokeOut(terminal=_terminal_out(row), changed=changed)


# -- orders from terminals --------------------------------------------------------------------


class PosOrderOut(BaseModel):
    id: str
    kind: str
    receipt_no: str
    store: str
    terminal_id: str
    shift_id: str | None
    original_order_id: str | None
    customer_id: str | None
    currency: str
    total_minor: int
    tax_minor: int
    business_date: date = Field(
        description="the day it is filed under, corrected for a wrong till clock"
    )
    till_business_date: date | None = Field(
        description="the till's own business date when it was filed under another day"
    )
    completed_at: datetime
    received_at: datetime
    late: bool


class PosOrderDetail(PosOrderOut):
    document: dict[str, Any]


def _pos_order_out(r: Any) -> PosOrderOut:
    return PosOrderOut(
        id=r.id,
        kind=r.kind,
        receipt_no=r.receipt_no,
        store=r.code,
        terminal_id=r.terminal_id,
        shift_id=r.shift_id,
        original_order_id=r.original_order_id,
        customer_id=r.customer_id,
        currency=r.currency,
        total_minor=r.total_minor,
        tax_minor=r.tax_minor,
        business_date=r.business_date,
        till_business_date=r.till_business_date,
        completed_at=r.completed_at,
        received_at=r.received_at,
        late=bool(r.late),
    )


def _pos_order_query() -> Any:
    return select(pos_order, store.c.code).join(store, store.c.id == pos_order.c.store_id)


@router.get("/pos-orders", response_model=Page[PosOrderOut], responses=refusals({404: NO_STORE}))
def list_pos_orders(
    ctx: Ctx,
    receipt_no: Annotated[str | None, Query(max_length=40, pattern=NO_NUL)] = None,
    store_code: StoreQuery = None,
    date_from: Annotated[IsoDate | None, Query(description="business date, inclusive")] = None,
    date_to: Annotated[IsoDate | None, Query(description="business date, inclusive")] = None,
    after: After = None,
    limit: Limit = 100,
) -> Page[PosOrderOut]:
    """Orders pushed by terminals, by receipt number, filtered by business date."""
    query = _pos_order_query().order_by(pos_order.c.receipt_no).limit(limit)
    if receipt_no:
        query = query.where(pos_order.c.receipt_no == receipt_no)
    if date_from:
        query = query.where(pos_order.c.business_date >= date_from)
    if date_to:
        query = query.where(pos_order.c.business_date <= date_to)
    if after:
        query = query.where(pos_order.c.receipt_no > after)
    with ctx.engine.connect() as conn:
        if store_code:
            query = query.where(pos_order.c.store_id == _store_id(conn, store_code))
        rows = [_pos_order_out(r) for r in conn.execute(query)]
    return _page(rows, limit, "receipt_no")


@router.get(
    "/pos-orders/{receipt_no}",
    response_model=PosOrderDetail,
    responses=refusals({404: "no terminal order with this receipt number (unknown_receipt)"}),
)
def get_pos_order(
    receipt_no: Annotated[str, Path(max_length=40, pattern=NO_NUL)], ctx: Ctx
) -> PosOrderDetail:
    """One terminal order with the document as the terminal pushed it."""
    with ctx.engine.connect() as conn:
        row = conn.execute(_pos_order_query().where(pos_order.c.receipt_no == receipt_no)).first()
    if row is None:
        raise ServerError(404, "unknown_receipt", f"no order with receipt {receipt_no!r}")
    document = json.loads(row.document_json)
    return PosOrderDetail(
        **_pos_order_out(row).model_dump(),
        document=document if isinstance(document, dict) else {"value": document},
    )


# -- operations -------------------------------------------------------------------------------


class DeadLetterOut(BaseModel):
    mutation_id: str
    terminal_id: str
    epoch: str
    seq: int
    kind: str
    code: str
    reason: str
    payload: Any
    received_at: datetime
    resolved_at: datetime | None


class AlarmOut(BaseModel):
    id: str
    kind: str
    terminal_id: str | None
    detail: Any
    raised_at: datetime


class StaffTaskOut(BaseModel):
    id: str
    store: str | None
    kind: str
    detail: Any
    created_at: datetime
    resolved_at: datetime | None


@router.get("/dead-letters", response_model=Page[DeadLetterOut])
def list_dead_letters(
    ctx: Ctx,
    open_only: Annotated[QueryFlag, Query(alias="open")] = True,
    after: After = None,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_DEAD_LETTER_PAGE,
            description=f"page size (at most {MAX_DEAD_LETTER_PAGE})",
        ),
    ] = 100,
) -> Page[DeadLetterOut]:
    """Rejected facts parked for staff, with their payload and why."""
    query = select(dead_letter).order_by(dead_letter.c.mutation_id).limit(limit)
    if open_only:
        query = query.where(dead_letter.c.resolved_at.is_(None))
    if after:
        query = query.where(dead_letter.c.mutation_id > after)
    with ctx.engine.connect() as conn:
        rows = [
            DeadLetterOut(
                mutation_id=r.mutation_id,
                terminal_id=r.terminal_id,
                epoch=r.epoch,
                seq=r.seq,
                kind=r.kind,
                code=r.code,
                reason=r.reason,
                # A payload refused for a lone surrogate shows it as its escape (\ud800):
                # no response can carry it raw.
                payload=escape_surrogates(json.loads(r.payload_json)),
                received_at=r.received_at,
                resolved_at=r.resolved_at,
            )
            for r in conn.execute(query)
        ]
    return _page(rows, limit, "mutation_id")


@router.get("/alarms", response_model=Page[AlarmOut])
def list_alarms(ctx: Ctx, after: After = None, limit: Limit = 100) -> Page[AlarmOut]:
    """Alarms (reused idempotency keys, clock skew, ...), oldest first."""
    query = select(alarm).order_by(alarm.c.id).limit(limit)
    if after:
        query = query.where(alarm.c.id > after)
    with ctx.engine.connect() as conn:
        rows = [
            AlarmOut(
                id=r.id,
                kind=r.kind,
                terminal_id=r.terminal_id,
                detail=json.loads(r.detail_json),
                raised_at=r.raised_at,
            )
            for r in conn.execute(query)
        ]
    return _page(rows, limit, "id")


@router.get("/staff-tasks", response_model=Page[StaffTaskOut], responses=refusals({404: NO_STORE}))
def list_staff_tasks(
    ctx: Ctx,
    store_code: StoreQuery = None,
    open_only: Annotated[QueryFlag, Query(alias="open")] = True,
    after: After = None,
    limit: Limit = 100,
) -> Page[StaffTaskOut]:
    """Tasks for staff (pickup state conflicts, ...), open ones by default."""
    query = (
        select(staff_task, store.c.code)
        .outerjoin(store, store.c.id == staff_task.c.store_id)
        .order_by(staff_task.c.id)
        .limit(limit)
    )
    if open_only:
        query = query.where(staff_task.c.resolved_at.is_(None))
    if after:
        query = query.where(staff_task.c.id > after)
    with ctx.engine.connect() as conn:
        if store_code:
            query = query.where(staff_task.c.store_id == _store_id(conn, store_code))
        rows = [
            StaffTaskOut(
                id=r.id,
                store=r.code,
                kind=r.kind,
                detail=json.loads(r.detail_json),
                created_at=r.created_at,
                resolved_at=r.resolved_at,
            )
            for r in conn.execute(query)
        ]
    return _page(rows, limit, "id")
