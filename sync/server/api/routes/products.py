"""``/api/v1/products``: the catalog's products, one by one or as a list (the rules on
barcodes, PLUs and check digits are ``sync.server.catalog.save_products``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Connection, func, or_, select

from sync.json_types import Flag, Whole
from sync.protocol import FilledLine, InputLine
from sync.protocol.fields import IMAGE_NAME_PATTERN, MAX_MIN_AGE, RESTRICTION_PATTERN
from sync.protocol.limits import MAX_UNIT_PRICE_MINOR, VAT_RATES
from sync.server.api.common import (
    CLOSED,
    NO_NUL,
    NO_SKU,
    SKU_PATTERN,
    SPACE,
    After,
    InputModel,
    Limit,
    Page,
    SkuPath,
    page,
)
from sync.server.catalog import product_data, save_products
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals
from sync.server.schema import price_change, product

router = APIRouter(dependencies=[Admin], tags=["admin"])

# A product's price history shows its newest MAX_PRICE_HISTORY entries.
MAX_PRICE_HISTORY = 1000
CATALOG_RULES = (
    "refused by a catalog rule: a SKU, barcode or PLU given twice, a GTIN's wrong check digit"
)
CODE_IN_USE = "a barcode or PLU belongs to a product outside this request"


LangNames = dict[
    Annotated[str, Field(pattern=r"^[a-z]{2}$")],
    Annotated[InputLine, Field(max_length=300)],
]


VariantValue = Annotated[InputLine, Field(min_length=1, max_length=32)]


class ProductIn(InputModel):
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
        description=(
            "shelf price in kuruş (per kg), at most 10,000,000.00 TRY (sync.protocol.limits)"
        ),
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
        pattern=rf"^[^\x00{SPACE}]{{1,64}}$",
        description="groups the sizes and colours of one product (variants)",
    )
    variant: dict[Literal["size", "colour"], VariantValue] = Field(
        default_factory=dict, description="size and colour of this variant"
    )
    # Kiosk fields: left out of a request, a stored product keeps its own (``as_item``).
    image: str | None = Field(
        default=None,
        max_length=200,
        pattern=IMAGE_NAME_PATTERN,
        description="the kiosk's picture: a file name in the backend's catalog images folder",
    )
    min_age: Whole = Field(
        default=0, ge=0, le=MAX_MIN_AGE, description="sold only to customers this old; 0: anyone"
    )
    restriction: str | None = Field(
        default=None,
        pattern=RESTRICTION_PATTERN,
        description="a sale-hours rule group, e.g. alcohol",
    )

    def as_item(self) -> dict[str, Any]:
        """The fields for ``save_products``: the kiosk ones only when the request gave them."""
        left_out = {"image", "min_age", "restriction"} - self.model_fields_set
        return self.model_dump(exclude=left_out)

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
    image: str | None = None
    min_age: int = 0
    restriction: str | None = None
    updated_at: datetime | None = None


class ProductDetail(ProductOut):
    price_history: list[PriceOut]  # oldest first; the newest MAX_PRICE_HISTORY at most


class UpsertCounts(BaseModel):
    created: int
    updated: int
    unchanged: int


def _product_out(row: Any) -> ProductOut:
    return ProductOut(
        **product_data(row), returnable=bool(row.returnable), updated_at=row.updated_at
    )


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
    return page(rows, limit, "sku")


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
        save_products(conn, changes, [body.as_item() | {"sku": sku}], now)
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
        counts = save_products(conn, changes, [item.as_item() for item in body], now)
        changes.flush(conn, now)
    return UpsertCounts(**counts)
