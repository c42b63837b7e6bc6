"""``/api/v1/orders``: web orders (pickup and delivery), placed, listed and moved on
(the order rules are ``sync.server.web_orders``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select

from sync.json_types import Flag, IsoDateTime, Whole
from sync.protocol import FILLED_TEXT_PATTERN, InputText
from sync.protocol.limits import MAX_LINE_QTY_MILLI
from sync.server import web_orders
from sync.server.api.common import (
    BUSY,
    NO_NUL,
    NO_STORE,
    SKU_PATTERN,
    STORE_PATTERN,
    After,
    InputModel,
    Limit,
    Page,
    StoreQuery,
    find_store_id,
    page,
)
from sync.server.api.routes.customers import CustomerIn
from sync.server.changes import ChangeBuffer
from sync.server.context import ServerContext
from sync.server.db import retry_transient, write_tx
from sync.server.deps import Admin, Ctx
from sync.server.openapi import refusals
from sync.server.returns import StoreReturnOut
from sync.server.schema import web_order

router = APIRouter(dependencies=[Admin], tags=["admin"])

OrderState = Literal["placed", "prepared", "ready", "collected", "cancelled", "delivered"]
NO_ORDER = "no web order with this number (unknown_order)"
ORDER_RULES = (
    "refused by an order rule: an unknown SKU, store or customer, a line or total beyond the limits"
)


class OrderLineIn(InputModel):
    sku: str = Field(pattern=SKU_PATTERN)
    qty_milli: Whole = Field(
        gt=0, le=MAX_LINE_QTY_MILLI, description="thousandths; 1000 = one piece, at most 9,999"
    )


class OrderIn(InputModel):
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


class TransitionIn(InputModel):
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
            query = query.where(web_order.c.store_id == find_store_id(conn, store_code))
        if state:
            query = query.where(web_order.c.state == state)
        if fulfilment:
            query = query.where(web_order.c.fulfilment == fulfilment)
        if after:
            query = query.where(web_order.c.number > after)
        views = web_orders.order_views(conn, conn.execute(query).all())
        rows = [OrderOut(**view) for view in views]
    return page(rows, limit, "number")


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
