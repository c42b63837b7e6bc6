"""``/api/v1/loyalty/rules``: the chain's earning rules (``sync.server.loyalty``), pulled by
every till as ``loyalty_rules``/``current``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from sync.protocol.loyalty import EarningRules
from sync.server import loyalty
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx

router = APIRouter(dependencies=[Admin], tags=["admin"])


@router.get("/loyalty/rules", response_model=EarningRules)
def get_rules(ctx: Ctx) -> dict[str, Any]:
    """The current rules (version 0: the defaults, never set)."""
    with ctx.engine.connect() as conn:
        return loyalty.current_rules(conn).payload()


@router.put("/loyalty/rules", response_model=EarningRules)
def put_rules(body: EarningRules, ctx: Ctx) -> dict[str, Any]:
    """Replace the rules; they get the next version (a ``version`` sent is ignored). Points
    already earned keep the day they vest on."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        stored = loyalty.set_rules(conn, changes, body, now)
        changes.flush(conn, now)
    return stored.payload()
