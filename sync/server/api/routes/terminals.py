"""``/api/v1/enrolment-codes`` and ``/api/v1/terminals``: enrolling tills, listing and
revoking them (``sync.server.terminals`` holds the rules)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import Connection, select

from sync.server import terminals
from sync.server.api.common import (
    NO_STORE,
    STORE_PATTERN,
    After,
    IdPath,
    InputModel,
    Limit,
    Page,
    StoreQuery,
    page,
)
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals
from sync.server.schema import store, terminal

router = APIRouter(dependencies=[Admin], tags=["admin"])


class EnrolmentCodeIn(InputModel):
    store: str = Field(pattern=STORE_PATTERN)
    terminal: str | None = Field(
        default=None,
        pattern=r"^[TK][0-9]{2,3}$",
        description="T01: a till, K01: a self-service kiosk (default: the next free till code)",
    )


class EnrolmentCodeOut(BaseModel):
    code: str
    expires_at: datetime
    store: str
    terminal: str | None


class TerminalOut(BaseModel):
    id: str
    code: str
    store: str
    device_name: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    revoked: bool
    clock_offset_ms: int


class RevokeOut(BaseModel):
    terminal: TerminalOut
    changed: bool


def _terminal_query() -> Any:
    return select(terminal, store.c.code.label("store_code")).join(
        store, store.c.id == terminal.c.store_id
    )


def _terminal_out(r: Any) -> TerminalOut:
    return TerminalOut(
        id=r.id,
        code=r.code,
        store=r.store_code,
        device_name=r.device_name,
        enrolled_at=r.enrolled_at,
        last_seen_at=r.last_seen_at,
        revoked_at=r.revoked_at,
        revoked=r.revoked_at is not None,
        clock_offset_ms=r.clock_offset_ms,
    )


@router.post(
    "/enrolment-codes",
    response_model=EnrolmentCodeOut,
    status_code=201,
    responses=refusals({404: NO_STORE}),
)
def post_enrolment_code(body: EnrolmentCodeIn, ctx: Ctx) -> EnrolmentCodeOut:
    """A one-time code a new till enrols with (shown once)."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        code, expires = terminals.create_enrolment_code(
            conn,
            store_code=body.store,
            terminal_code=body.terminal,
            ttl=timedelta(hours=ctx.settings.enrolment_code_ttl_hours),
            now=now,
        )
    return EnrolmentCodeOut(code=code, expires_at=expires, store=body.store, terminal=body.terminal)


def list_terminal_rows(conn: Connection, store_code: str | None = None) -> list[TerminalOut]:
    query = _terminal_query().order_by(store.c.code, terminal.c.code)
    if store_code:
        query = query.where(store.c.code == store_code)
    return [_terminal_out(r) for r in conn.execute(query)]


@router.get("/terminals", response_model=Page[TerminalOut])
def list_terminals(
    ctx: Ctx, store_code: StoreQuery = None, after: After = None, limit: Limit = 100
) -> Page[TerminalOut]:
    """Terminals by id, with when each was last seen and whether it was revoked."""
    query = _terminal_query().order_by(terminal.c.id).limit(limit)
    if store_code:
        query = query.where(store.c.code == store_code)
    if after:
        query = query.where(terminal.c.id > after)
    with ctx.engine.connect() as conn:
        rows = [_terminal_out(r) for r in conn.execute(query)]
    return page(rows, limit, "id")


@router.post(
    "/terminals/{terminal_id}/revoke",
    response_model=RevokeOut,
    responses=refusals({404: "no terminal with this id (unknown_terminal)"}),
)
def revoke(terminal_id: IdPath, ctx: Ctx) -> RevokeOut:
    """Revoke a terminal's token (it gets 403 from then on); re-enrolment issues a new one."""
    with write_tx(ctx.engine) as conn:
        changed = terminals.revoke_terminal(conn, terminal_id, ctx.clock())
        row = conn.execute(_terminal_query().where(terminal.c.id == terminal_id)).first()
        if row is None:
            raise ServerError(404, "unknown_terminal", f"no terminal {terminal_id!r}")
        return RevokeOut(terminal=_terminal_out(row), changed=changed)
