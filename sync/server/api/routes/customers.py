"""``/api/v1/customers``: customers and their loyalty ledger (the rules on duplicates,
merges and points are ``sync.server.customers``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import Connection, select

from sync.json_types import Whole
from sync.protocol import FilledLine, InputLine
from sync.server import customers
from sync.server.api.common import (
    NO_NUL,
    NO_STORE,
    NOT_ZERO,
    STORE_PATTERN,
    After,
    IdPath,
    InputModel,
    Limit,
    Page,
    find_store_id,
    page,
)
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals
from sync.server.schema import customer, loyalty_entry, store

router = APIRouter(dependencies=[Admin], tags=["admin"])

MAX_POINTS = 10**9
NO_CUSTOMER = "no customer with this id (unknown_customer)"
CUSTOMER_EXISTS = "the phone or e-mail belongs to another customer (customer_exists)"


class CustomerIn(InputModel):
    name: FilledLine = Field(min_length=1, max_length=200)
    phone: InputLine = Field(default="", max_length=32)
    email: InputLine = Field(default="", max_length=200)


class CustomerPatch(InputModel):
    """The fields to change; what is left out stays."""

    name: FilledLine = Field(default="", min_length=1, max_length=200)
    phone: InputLine = Field(default="", max_length=32)
    email: InputLine = Field(default="", max_length=200)
    home_store: str | None = Field(
        default=None,
        pattern=STORE_PATTERN,
        description="the store whose tills may change it; null: the chain's (admin API only)",
    )


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


class LoyaltyIn(InputModel):
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
    responses=refusals(
        {
            404: f"{NO_CUSTOMER}, or {NO_STORE}",
            409: f"{CUSTOMER_EXISTS}, or the customer was erased (customer_erased)",
        }
    ),
)
def patch_customer(customer_id: IdPath, body: CustomerPatch, ctx: Ctx) -> CustomerDetail:
    """Change a customer's profile or home store (tills change only their own store's
    customers' profiles); 409 when the phone or e-mail belongs to another customer."""
    now = ctx.clock()
    fields: dict[str, Any] = body.model_dump(exclude_unset=True)
    with write_tx(ctx.engine) as conn:
        if "home_store" in fields:
            code = fields.pop("home_store")
            fields["home_store_id"] = None if code is None else find_store_id(conn, code)
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
    return page(items, limit, "id")


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
