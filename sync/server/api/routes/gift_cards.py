"""``/api/v1/gift-cards``: gift cards and store credit for the web shop and the back office
(``sync.server.value_cards``). A code travels only in request and response bodies, never in
a URL, so it never lands in an access log; the backend stores only its hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from sync.json_types import Whole
from sync.protocol import giftcards
from sync.server import value_cards
from sync.server.api.common import NO_NUL, InputModel
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError
from sync.server.openapi import refusals

router = APIRouter(dependencies=[Admin], tags=["admin"])

MAX_AMOUNT_MINOR = 10**9
UNKNOWN = "no gift card or store credit with this code (unknown_gift_card)"
BAD_CODE = "not a gift card code: the message names the symbol, length or check (gift_card.*)"
REFUSED = (
    "more than the balance less the tills' holds (insufficient_balance), a blocked or "
    "expired card (gift_card_blocked, gift_card_expired), or an id used for another "
    "movement (idempotency_conflict)"
)
# 20 code symbols (Crockford base 32 and the look-alikes a person types for the missing ones,
# either case), with spaces or dashes anywhere; the check symbol is checked by the backend.
CODE_PATTERN = r"^[\t\n\r -]*(?:[0-9A-HJKMNP-TV-Za-hjkmnp-tv-zIiLlOo][\t\n\r -]*){20}$"
Amount = Field(gt=0, le=MAX_AMOUNT_MINOR, description="minor units (kuruş)")
Reference = Field(default="", max_length=128, pattern=NO_NUL, description="web order, note")


class IssueIn(InputModel):
    amount_minor: Whole = Amount
    kind: Literal["gift", "store_credit"] = "gift"
    reference: str = Reference


class CodeIn(InputModel):
    code: str = Field(max_length=64, pattern=CODE_PATTERN, description="as printed or typed")


class MoveIn(CodeIn):
    id: str = Field(min_length=1, max_length=64, pattern=NO_NUL, description="idempotency id")
    amount_minor: Whole = Amount
    reference: str = Reference


class CardOut(BaseModel):
    code_hash: str
    kind: str
    state: str
    last4: str
    currency: str
    balance_minor: int
    available_minor: int = Field(description="the balance less the tills' live holds")
    offline_limit_minor: int


class IssuedOut(CardOut):
    code: str = Field(description="shown once: the backend keeps only its hash")
    display: str = Field(description="as printed, in groups of four")
    qr_text: str = Field(description="what the card's QR code holds")


class EntryOut(BaseModel):
    id: str
    action: str
    delta_minor: int
    order_id: str | None
    reference: str
    offline: bool
    flagged: bool
    occurred_at: datetime


class LookupOut(CardOut):
    entries: list[EntryOut]


def _hash(code: str) -> str:
    try:
        return giftcards.code_hash(code)
    except giftcards.GiftCardCodeError as error:
        raise ServerError(422, error.code, str(error)) from None


def _card_out(conn: Any, card: Any, now: datetime) -> dict[str, Any]:
    data = value_cards.card_data(conn, card, now)
    held = value_cards.live_held(conn, now, card_id=card.id)
    return data.model_dump() | {"available_minor": max(0, data.balance_minor - held)}


@router.post("/gift-cards", response_model=IssuedOut, status_code=201)
def issue(body: IssueIn, ctx: Ctx) -> IssuedOut:
    """Issue an e-gift card or store credit; the answer holds the code, once."""
    now = ctx.clock()
    code = giftcards.new_code()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        card = value_cards.issue_card(
            conn,
            changes,
            code=code,
            kind=body.kind,
            amount_minor=body.amount_minor,
            reference=body.reference,
            now=now,
        )
        out = _card_out(conn, card, now)
        changes.flush(conn, now)
    return IssuedOut(**out, code=code, display=giftcards.display(code), qr_text=code)


@router.post(
    "/gift-cards/lookup",
    response_model=LookupOut,
    responses=refusals({404: UNKNOWN, 422: BAD_CODE}),
)
def lookup(body: CodeIn, ctx: Ctx) -> LookupOut:
    """A card's balance, state and ledger (newest first)."""
    code_hash = _hash(body.code)
    now = ctx.clock()
    with ctx.engine.connect() as conn:
        card = value_cards.known_card(conn, code_hash)
        entries = [
            EntryOut(
                id=e.id,
                action=e.action,
                delta_minor=e.delta_minor,
                order_id=e.order_id,
                reference=e.reference,
                offline=bool(e.offline),
                flagged=bool(e.flagged),
                occurred_at=e.occurred_at,
            )
            for e in value_cards.entries_of(conn, card.id)
        ]
        return LookupOut(**_card_out(conn, card, now), entries=entries)


def _move(body: MoveIn, ctx: Ctx, action: str) -> CardOut:
    code_hash = _hash(body.code)
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        card = value_cards.move(
            conn,
            changes,
            code_hash=code_hash,
            action=action,
            amount_minor=body.amount_minor,
            entry_id=body.id,
            reference=body.reference,
            now=now,
        )
        out = _card_out(conn, card, now)
        changes.flush(conn, now)
    return CardOut(**out)


@router.post(
    "/gift-cards/redeem",
    response_model=CardOut,
    responses=refusals({404: UNKNOWN, 409: REFUSED, 422: BAD_CODE}),
)
def redeem(body: MoveIn, ctx: Ctx) -> CardOut:
    """Spend from a card online (the web shop); the same ``id`` again changes nothing."""
    return _move(body, ctx, "redeem")


@router.post(
    "/gift-cards/top-up",
    response_model=CardOut,
    responses=refusals({404: UNKNOWN, 409: REFUSED, 422: BAD_CODE}),
)
def top_up(body: MoveIn, ctx: Ctx) -> CardOut:
    """Add to a card; the same ``id`` again changes nothing."""
    return _move(body, ctx, "top_up")


@router.post(
    "/gift-cards/block",
    response_model=CardOut,
    responses=refusals({404: UNKNOWN, 422: BAD_CODE}),
)
def block(body: CodeIn, ctx: Ctx) -> CardOut:
    """Block a card (lost or stolen): tills refuse it once they pull the change."""
    code_hash = _hash(body.code)
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        card = value_cards.block(conn, changes, code_hash, now)
        out = _card_out(conn, card, now)
        changes.flush(conn, now)
    return CardOut(**out)
