"""``/api/v1/stores``: the chain's stores (their terminals pull them as ``store`` changes)."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, field_validator
from pydantic.config import JsonDict, JsonValue
from sqlalchemy import select

from sync.protocol import InputLine, InputText
from sync.server import terminals
from sync.server.api.common import (
    NO_NUL,
    NO_STORE,
    STORE_PATTERN,
    After,
    InputModel,
    Limit,
    Page,
    page,
)
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.openapi import refusals
from sync.server.schema import store

router = APIRouter(dependencies=[Admin], tags=["admin"])


@functools.cache
def time_zones() -> list[str]:
    """The IANA time zones this system knows, sorted."""
    return sorted(zoneinfo.available_timezones())


def _list_zones(schema: JsonDict) -> None:
    zones: list[JsonValue] = list(time_zones())
    schema["enum"] = zones


class StoreIn(InputModel):
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


@router.get("/stores", response_model=Page[StoreOut])
def list_stores(ctx: Ctx, after: After = None, limit: Limit = 100) -> Page[StoreOut]:
    """Stores by code."""
    query = select(store).order_by(store.c.code).limit(limit)
    if after:
        query = query.where(store.c.code > after)
    with ctx.engine.connect() as conn:
        rows = [StoreOut(**terminals.store_data(r)) for r in conn.execute(query)]
    return page(rows, limit, "code")


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
