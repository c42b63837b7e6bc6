"""Kiosk states (``sync.server.kiosks``): a kiosk reports its own under ``/sync/v1/kiosk-state``,
staff tills read their store's under ``/sync/v1/attendants`` (both with a terminal token),
and the admin API lists a store's under ``/api/v1/kiosks``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sync.protocol import AttendantKiosk, AttendantsResponse, KioskReport
from sync.server import kiosks, terminals
from sync.server.api.common import NO_STORE, STORE_PATTERN
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx, Protocol, Terminal
from sync.server.openapi import refusals

# The terminals' calls (mounted under /sync/v1) and the admin list (under /api/v1).
sync_router = APIRouter(dependencies=[Protocol], tags=["sync"])
router = APIRouter(dependencies=[Admin], tags=["admin"])


@sync_router.put(
    "/kiosk-state",
    response_model=AttendantKiosk,
    responses=refusals({403: "the token is a till's: only kiosks report (not_a_kiosk)"}),
)
def put_kiosk_state(body: KioskReport, ctx: Ctx, auth: Terminal) -> AttendantKiosk:
    """A kiosk's state, replacing the one it reported before; send it on every change and
    as a heartbeat (a kiosk silent for 15 s is listed as offline)."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        kiosks.store_report(
            conn,
            terminal_id=auth.terminal_id,
            terminal_code=auth.terminal_code,
            store_id=auth.store_id,
            report=body,
            now=now,
        )
        [entry] = [
            k
            for k in kiosks.store_kiosks(conn, auth.store_id, now)
            if k.terminal_code == auth.terminal_code
        ]
    return entry


@sync_router.get("/attendants", response_model=AttendantsResponse)
def attendants(ctx: Ctx, auth: Terminal) -> AttendantsResponse:
    """The kiosks of the caller's store with their states (empty: the store has none)."""
    now = ctx.clock()
    with ctx.engine.connect() as conn:
        found = kiosks.store_kiosks(conn, auth.store_id, now)
    return AttendantsResponse(server_time=now, kiosks=found)


@router.get("/kiosks", response_model=AttendantsResponse, responses=refusals({404: NO_STORE}))
def list_kiosks(
    ctx: Ctx,
    store_code: Annotated[
        str, Query(alias="store", max_length=16, pattern=STORE_PATTERN, description="store code")
    ],
) -> AttendantsResponse:
    """A store's self-service kiosks with their states, as its staff tills see them."""
    now = ctx.clock()
    with ctx.engine.connect() as conn:
        store_id = str(terminals.find_store(conn, store_code).id)
        found = kiosks.store_kiosks(conn, store_id, now)
    return AttendantsResponse(server_time=now, kiosks=found)
