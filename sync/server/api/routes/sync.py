"""The terminal sync endpoints under ``/sync/v1`` (docs/sync-protocol.md "Transport and
versioning").

Every call names its protocol version (426 otherwise); all but enrolment carry the terminal's
bearer token. Handlers are thin: the algorithms live in ``push``, ``pull`` and ``terminals``.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, insert, select

from sync.json_types import IsoDateTime
from sync.protocol import (
    FACT_KINDS,
    ID_PATTERN,
    MAX_PULL_LIMIT,
    SNAPSHOT_COLLECTIONS,
    SUPPORTED_PROTOCOLS,
    EnrollRequest,
    EnrollResponse,
    HelloResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    SeqGap,
    SnapshotPage,
)
from sync.server import changes, terminals
from sync.server.business_day import CLOCK_TOLERANCE_MS
from sync.server.db import write_tx
from sync.server.deps import Ctx, Protocol, Terminal, touch_terminal
from sync.server.errors import ServerError
from sync.server.fast_body import OrjsonBodyRoute
from sync.server.ids import new_id
from sync.server.openapi import refusals
from sync.server.pull import pull_changes, snapshot_page_json
from sync.server.push import SeqGapError, push
from sync.server.ratelimit import FailureLimit, RateLimiter, client_key, retry_after
from sync.server.redact import mask_address
from sync.server.schema import alarm, mutation, pos_order, stream

log = logging.getLogger(__name__)

# Beyond it a till's clock is wrong: an alarm here, and its business dates are corrected.
CLOCK_WARNING_MS = CLOCK_TOLERANCE_MS

router = APIRouter(dependencies=[Protocol], tags=["sync"])

Limit = Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)]


@router.post(
    "/terminals/enroll",
    response_model=EnrollResponse,
    responses=refusals({403: "the code is unknown, used or expired (bad_enrolment_code)"}),
)
def enroll_terminal(body: EnrollRequest, ctx: Ctx, request: Request) -> EnrollResponse:
    """Exchange a one-time enrolment code for a terminal id and bearer token.

    An address whose codes keep failing (``POS_SERVER_ENROLMENT_MAX_FAILURES`` per
    ``POS_SERVER_ENROLMENT_FAILURE_WINDOW_S``) is refused with 429 for a while, and raises
    an ``enrolment_guessing`` alarm: someone may be guessing codes.
    """
    failures: FailureLimit = request.app.state.enrolment_failures
    address = client_key(request.scope)
    wait = failures.wait(address)
    if wait:
        raise ServerError(
            429,
            "rate_limited",
            "too many failed enrolment attempts from this address; try again later",
            headers={"Retry-After": retry_after(wait)},
        )
    try:
        with write_tx(ctx.engine) as conn:
            return terminals.enroll(
                conn,
                code=body.code,
                device_name=body.device_name,
                now=ctx.clock(),
                ereceipt_base_url=ctx.public_url(),
                device_id=body.device_id,
            )
    except ServerError as exc:
        if exc.code == "bad_enrolment_code" and failures.failed(address):
            _raise_guessing_alarm(ctx, address, failures.failures)
        raise


def _raise_guessing_alarm(ctx: Ctx, address: str, failures: RateLimiter) -> None:
    # The full address for staff (they may block it); the log gets its network only.
    detail = {"client": address, "failures": failures.capacity, "window_s": failures.window_s}
    with write_tx(ctx.engine) as conn:
        conn.execute(
            insert(alarm),
            {
                "id": new_id(),
                "kind": "enrolment_guessing",
                "terminal_id": None,
                "detail_json": json.dumps(detail),
                "raised_at": ctx.clock(),
            },
        )
    log.warning(
        "alarm enrolment_guessing: %d failed enrolment codes from %s within %d s",
        failures.capacity,
        mask_address(address),
        failures.window_s,
    )


@router.get(
    "/hello",
    response_model=HelloResponse,
    responses=refusals(
        {403: "another device uses this terminal's identity (terminal_cloned), or revoked"}
    ),
)
def hello(
    ctx: Ctx,
    auth: Terminal,
    epoch: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None,
    device_time: IsoDateTime | None = None,
    device_id: Annotated[str, Query(max_length=64, pattern=r"^[A-Za-z0-9_\-]*$")] = "",
) -> HelloResponse:
    """Server time and epoch, this stream's position and the offline limits.

    A terminal saying hello from a device other than the one enrolled is refused (403
    ``terminal_cloned``) before anything else: its copy must be enrolled on its own."""
    now = ctx.clock()
    terminals.check_device(ctx.engine, auth.terminal_id, device_id)
    offset_ms: int | None = None
    if device_time is not None:
        offset_ms = round((now - device_time).total_seconds() * 1000)
    touch_terminal(ctx, auth, offset_ms)
    with write_tx(ctx.engine) as conn:
        if offset_ms is not None and abs(offset_ms) > CLOCK_WARNING_MS:
            detail = {
                "offset_ms": offset_ms,
                "device_time": device_time.isoformat() if device_time else None,
                "server_time": now.isoformat(),
            }
            conn.execute(
                insert(alarm),
                {
                    "id": new_id(),
                    "kind": "clock_skew",
                    "terminal_id": auth.terminal_id,
                    "detail_json": json.dumps(detail),
                    "raised_at": now,
                },
            )
            log.warning(
                "terminal %s %s clock is off by %.1f s",
                auth.store_code,
                auth.terminal_code,
                offset_ms / 1000,
            )
        last = 0
        last_mutation_id: str | None = None
        if epoch:
            last = int(
                conn.execute(
                    select(stream.c.last_processed_seq).where(
                        stream.c.terminal_id == auth.terminal_id, stream.c.epoch == epoch
                    )
                ).scalar()
                or 0
            )
            if last:
                found = conn.execute(
                    select(mutation.c.mutation_id).where(
                        mutation.c.terminal_id == auth.terminal_id,
                        mutation.c.epoch == epoch,
                        mutation.c.seq == last,
                    )
                ).scalar()
                last_mutation_id = None if found is None else str(found)
        highest = int(
            conn.execute(
                select(func.coalesce(func.max(pos_order.c.local_no), 0)).where(
                    pos_order.c.terminal_id == auth.terminal_id
                )
            ).scalar_one()
        )
        server_epoch = terminals.server_epoch(conn)
    return HelloResponse(
        server_time=now,
        server_epoch=server_epoch,
        protocol_versions=list(SUPPORTED_PROTOCOLS),
        fact_kinds=dict(FACT_KINDS),
        terminal_id=auth.terminal_id,
        terminal_code=auth.terminal_code,
        store_code=auth.store_code,
        terminal_epoch=epoch,
        last_processed_seq=last,
        last_mutation_id=last_mutation_id,
        highest_receipt_local_no=highest,
        loyalty_offline_budget_points=ctx.settings.loyalty_offline_budget_points,
        loyalty_offline_customer_cap_points=ctx.settings.loyalty_offline_customer_cap_points,
    )


def push_mutations(body: PushRequest, ctx: Ctx, auth: Terminal) -> Response:
    """Apply a batch of outbox mutations; business rejections are reported per mutation."""
    try:
        result = push(ctx, auth, body)
    except SeqGapError as exc:
        return JSONResponse(status_code=409, content=exc.gap.model_dump())
    # Encoded here: FastAPI would validate the up to 500 results again on the way out.
    return Response(result.model_dump_json(), media_type="application/json")


router.add_api_route(
    "/push",
    push_mutations,
    methods=["POST"],
    response_model=PushResponse,
    responses={
        **refusals(
            {
                400: "the batch's seqs do not follow one another (seqs_not_consecutive)",
                503: "the database kept aborting the batch; try again later (busy)",
            }
        ),
        409: {"model": SeqGap, "description": "the stream expects resume_from next"},
    },
    route_class_override=OrjsonBodyRoute,
)


@router.get(
    "/pull",
    response_model=PullResponse,
    responses=refusals(
        {
            400: "the cursor is not one this server made (bad_cursor)",
            410: "the cursor is from another server epoch or older than the retained "
            "changes: re-snapshot (cursor_expired)",
        }
    ),
)
def pull(
    ctx: Ctx,
    auth: Terminal,
    cursor: Annotated[str, Query(max_length=8192, pattern=r"^[A-Za-z0-9_=\-]*$")] = "",
    limit: Limit = 1000,
) -> PullResponse:
    """A page of changes after ``cursor`` (empty: from the start)."""
    scopes = changes.terminal_scopes(auth.store_code, auth.terminal_id)
    with ctx.engine.connect() as conn:
        return pull_changes(conn, scopes=scopes, cursor=cursor or None, limit=limit)


@router.get(
    "/snapshot/{collection}",
    response_model=SnapshotPage,
    responses=refusals(
        {
            400: "after is not a key of this collection (bad_after)",
            404: "no such collection (unknown_collection)",
        }
    ),
)
def snapshot(
    collection: Annotated[str, Path(json_schema_extra={"enum": list(SNAPSHOT_COLLECTIONS)})],
    ctx: Ctx,
    auth: Terminal,
    after: Annotated[str | None, Query(max_length=64, pattern=ID_PATTERN)] = None,
    limit: Limit = 1000,
) -> Response:
    """One keyset page of a reference collection, and where pull continues afterwards."""
    # Encoded once in pull.snapshot_page_json: FastAPI would validate every item again.
    scopes = changes.terminal_scopes(auth.store_code, auth.terminal_id)
    with ctx.engine.connect() as conn:
        body = snapshot_page_json(
            conn,
            collection=collection,
            after=after,
            limit=limit,
            scopes=scopes,
            store_id=auth.store_id,
            store_code=auth.store_code,
        )
    return Response(body, media_type="application/json")
