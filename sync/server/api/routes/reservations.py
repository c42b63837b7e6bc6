"""``/sync/v1/reservations`` and ``/sync/v1/value-cards``: a till's online redemption holds
and card balance checks (``sync.server.redemption_holds``; terminal token, like every sync
call). A refused reservation is an answer (``granted`` false, HTTP 200), not an error."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from sync.protocol import ValueCardData
from sync.protocol.reservations import ReservationRequest, ReservationResponse
from sync.server import redemption_holds, value_cards
from sync.server.db import write_tx
from sync.server.deps import Ctx, Protocol, Terminal
from sync.server.errors import ServerError
from sync.server.openapi import refusals

router = APIRouter(dependencies=[Protocol], tags=["sync"])

ReservationId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\x00/]+$")]
CodeHash = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="the code's hash")]


@router.post(
    "/reservations",
    response_model=ReservationResponse,
    responses=refusals({409: "another terminal used this id (reservation_id_taken)"}),
)
def post_reservation(body: ReservationRequest, ctx: Ctx, auth: Terminal) -> ReservationResponse:
    """Hold points or a card's balance for this till for a short time; the same id again
    answers the same. Refused (``granted`` false) with ``problem`` insufficient, unknown,
    blocked or expired."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        return redemption_holds.reserve(
            conn, body, terminal_id=auth.terminal_id, store_id=auth.store_id, now=now
        )


@router.delete(
    "/reservations/{reservation_id}",
    response_model=ReservationResponse,
    responses=refusals({404: redemption_holds.NOT_FOUND}),
)
def delete_reservation(
    reservation_id: ReservationId, ctx: Ctx, auth: Terminal
) -> ReservationResponse:
    """Give back a hold this till took and no longer needs."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        return redemption_holds.release(
            conn, reservation_id, terminal_id=auth.terminal_id, store_id=auth.store_id, now=now
        )


@router.get(
    "/value-cards/{code_hash}",
    response_model=ValueCardData,
    responses=refusals({404: "no card with this code hash (unknown_gift_card)"}),
)
def get_value_card(code_hash: CodeHash, ctx: Ctx, auth: Terminal) -> ValueCardData:
    """A gift card's or store credit's current balance and state."""
    with ctx.engine.connect() as conn:
        card = value_cards.find_card(conn, code_hash)
        if card is None:
            raise ServerError(
                404, "unknown_gift_card", "no gift card or store credit with this code"
            )
        return value_cards.card_data(conn, card, ctx.clock())
