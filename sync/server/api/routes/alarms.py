"""``/api/v1/alarms``: events staff must look at (``sync.server.alarms``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from sync.server.api.common import After, Limit, Page, page
from sync.server.deps import Admin, Ctx
from sync.server.schema import alarm

router = APIRouter(dependencies=[Admin], tags=["admin"])


class AlarmOut(BaseModel):
    id: str
    kind: str
    terminal_id: str | None
    detail: Any
    raised_at: datetime


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
    return page(rows, limit, "id")
