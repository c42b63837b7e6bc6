"""``/api/v1/staff-tasks``: tasks for a store's staff (pickup state conflicts, ...)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from sync.json_types import QueryFlag
from sync.server.api.common import NO_STORE, After, Limit, Page, StoreQuery, find_store_id, page
from sync.server.deps import Admin, Ctx
from sync.server.openapi import refusals
from sync.server.schema import staff_task, store

router = APIRouter(dependencies=[Admin], tags=["admin"])


class StaffTaskOut(BaseModel):
    id: str
    store: str | None
    kind: str
    detail: Any
    created_at: datetime
    resolved_at: datetime | None


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
            query = query.where(staff_task.c.store_id == find_store_id(conn, store_code))
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
    return page(rows, limit, "id")
