"""``/api/v1/dead-letters``: facts the backend rejected, parked for staff with why."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from sync.json_types import QueryFlag
from sync.protocol.text import escape_surrogates
from sync.server.api.common import After, Page, page
from sync.server.deps import Admin, Ctx
from sync.server.schema import dead_letter

router = APIRouter(dependencies=[Admin], tags=["admin"])

# A dead letter may hold 64 KiB of payload, so its pages are smaller than MAX_PAGE.
MAX_DEAD_LETTER_PAGE = 100


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
    return page(rows, limit, "mutation_id")
