"""``/api/v1/pos-orders``: the sales and refunds terminals pushed, as they pushed them."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy import select

from sync.json_types import IsoDate
from sync.server.api.common import (
    NO_NUL,
    NO_STORE,
    After,
    Limit,
    Page,
    StoreQuery,
    find_store_id,
    page,
)
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals
from sync.server.schema import pos_order, store

router = APIRouter(dependencies=[Admin], tags=["admin"])


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
            query = query.where(pos_order.c.store_id == find_store_id(conn, store_code))
        rows = [_pos_order_out(r) for r in conn.execute(query)]
    return page(rows, limit, "receipt_no")


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
