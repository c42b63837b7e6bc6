"""``/api/v1/stock``: levels per store and online, movements staff record, and the
negative-stock exceptions (levels are derived from the ledger: ``sync.server.stock``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Connection, select

from sync.json_types import QueryFlag, Whole
from sync.protocol import InputLine
from sync.protocol.limits import MAX_STOCK_QTY_MILLI
from sync.server import stock
from sync.server.api.common import (
    BUSY,
    NO_NUL,
    NO_SKU,
    NO_STORE,
    NOT_ZERO,
    SKU_PATTERN,
    STORE_PATTERN,
    After,
    InputModel,
    Limit,
    Page,
    SkuPath,
    find_store_id,
    page,
)
from sync.server.changes import ChangeBuffer
from sync.server.context import ServerContext
from sync.server.db import retry_transient, write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals
from sync.server.schema import product, stock_exception, stock_level, stock_movement, store

router = APIRouter(dependencies=[Admin], tags=["admin"])

ADMIN_SOURCE = "admin:"  # a stock movement's source when staff recorded it here
MovementReason = Literal["receive", "damage", "theft", "correction", "waste", "transfer"]


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


class MovementIn(InputModel):
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
        store_id = find_store_id(conn, store_code)
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
    return page(rows, limit, "sku")


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
        store_id = find_store_id(conn, body.store)
        p = _product_row(conn, body.sku, status=422)
        changes = ChangeBuffer()
        movement_id = stock.record_movement(
            conn,
            changes,
            store_id=store_id,
            product_id=p.id,
            qty_milli=body.qty_milli,
            reason=body.reason,
            source=f"{ADMIN_SOURCE}{body.note}" if body.note else "admin",
            now=now,
        )
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
            query = query.where(stock_movement.c.store_id == find_store_id(conn, store_code))
        if sku:
            query = query.where(product.c.sku == sku)
        if before:
            query = query.where(stock_movement.c.id < before)
        if reference:
            query = query.where(stock_movement.c.reference == reference)
        rows = [_movement_out(r) for r in conn.execute(query)]
    return page(rows, limit, "id")


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
            query = query.where(stock_exception.c.store_id == find_store_id(conn, store_code))
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
    return page(rows, limit, "id")


@router.get("/stock/{sku:path}", response_model=ProductStockOut, responses=refusals({404: NO_SKU}))
def product_stock(sku: SkuPath, ctx: Ctx) -> ProductStockOut:
    """One product at every store, and online (the sum of the stores' availables)."""
    with ctx.engine.connect() as conn:
        p = _product_row(conn, sku)
        data = stock.stock_data(conn, p.id)
    assert data is not None
    return ProductStockOut(**data)
