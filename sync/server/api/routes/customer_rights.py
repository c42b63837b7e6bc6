"""Consent, legal texts, the loyalty QR, receipt claims and the data-protection rights
(``/api/v1``): the rules are ``sync.server.consents``, ``legal_texts``, ``receipt_claims``,
``customer_export`` and ``erasure``; docs/loyalty.md describes them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from sync.json_types import Flag, IsoDateTime
from sync.protocol import LegalTextData
from sync.protocol.facts.customers import ConsentPurpose
from sync.server import consents, customer_export, erasure, legal_texts, receipt_claims
from sync.server.api.common import NO_NUL, SPACE, IdPath, InputModel
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import Rejected, ServerError
from sync.server.ids import new_id
from sync.server.openapi import refusals

router = APIRouter(dependencies=[Admin], tags=["admin"])

NO_CUSTOMER = "no customer with this id (unknown_customer)"
ERASED = "the customer was erased (customer_erased)"
Cursor = Annotated[int, Query(ge=0, le=2**62, description="the last seq seen (0: from the start)")]
MAX_CHANGES = 1000


class ConsentIn(InputModel):
    purpose: ConsentPurpose
    granted: Flag
    text_version: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    channel: Literal["web", "admin"] = "web"
    at: IsoDateTime | None = Field(default=None, description="when given; absent: now")
    id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=NO_NUL,
        description="the event's id, so a retry records it once; absent: a new one",
    )


class ConsentEventOut(BaseModel):
    id: str
    seq: int
    customer_id: str
    purpose: str
    granted: bool
    text_version: str
    channel: str
    terminal_id: str | None
    at: datetime
    received_at: datetime
    recipient: str | None = Field(description="the phone (E.164) or e-mail of a messaging consent")


class ConsentsOut(BaseModel):
    customer_id: str
    current: dict[str, bool]
    history: list[ConsentEventOut]


class IysChangeOut(BaseModel):
    seq: int
    event_id: str
    customer_id: str
    purpose: str
    type: Literal["MESAJ", "ARAMA", "EPOSTA"]
    recipient_type: Literal["phone", "email"]
    recipient: str | None = Field(
        description="null: no address was known, or an erased customer's past event"
    )
    granted: bool
    at: datetime
    channel: str
    text_version: str
    customer_erased: bool


class IysChangesOut(BaseModel):
    items: list[IysChangeOut]
    next_after: int = Field(description="pass as ?after= next time (the same when nothing new)")


# Some text that is neither white space nor a control character (cleaning removes those),
# lines allowed, no NUL.
FILLED_TEXT = (
    r"^[^\x00]*"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"[^\x00]*$"
)


class LegalTexts(InputModel):
    """A version's words: both languages, each not blank."""

    tr: str = Field(min_length=1, max_length=legal_texts.MAX_TEXT, pattern=FILLED_TEXT)
    en: str = Field(min_length=1, max_length=legal_texts.MAX_TEXT, pattern=FILLED_TEXT)


class LegalTextIn(InputModel):
    version: str = Field(min_length=1, max_length=64, pattern=rf"^[^\x00{SPACE}]+$")
    texts: LegalTexts


class LegalVersionOut(BaseModel):
    version: str
    texts: dict[str, str]
    created_at: datetime


class LegalTextOut(LegalTextData):
    stored_versions: list[LegalVersionOut]


class LoyaltyCodeOut(BaseModel):
    customer_id: str
    code: str = Field(description="shown once; only its hash is stored")
    qr_text: str


class ClaimIn(InputModel):
    receipt_token: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class ClaimOut(BaseModel):
    customer_id: str
    order_id: str
    receipt_no: str
    points_earned: int
    vests_on: date | None
    rules_version: int


class EraseOut(BaseModel):
    customer_id: str
    erased_at: datetime | None
    already_erased: bool
    erased_ids: list[str] = []
    consents_withdrawn: int = 0
    web_orders_scrubbed: int = 0
    sales_scrubbed: int = 0
    other_rows_scrubbed: dict[str, int] = {}


def _consents_out(conn: Any, customer_id: str) -> ConsentsOut:
    return ConsentsOut(
        customer_id=customer_id,
        current=consents.current(conn, customer_id),
        history=[ConsentEventOut(**e) for e in consents.history(conn, customer_id)],
    )


@router.post(
    "/customers/{customer_id}/consents",
    response_model=ConsentsOut,
    status_code=201,
    responses=refusals({404: NO_CUSTOMER, 409: ERASED}),
)
def post_consent(customer_id: IdPath, body: ConsentIn, ctx: Ctx) -> ConsentsOut:
    """Record a consent given or withdrawn in the web shop or by staff (the channel); every
    till receives the customer's new state."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        try:
            target = consents.record_consent(
                conn,
                changes,
                event_id=body.id or new_id(),
                customer_id=customer_id,
                purpose=body.purpose,
                granted=body.granted,
                text_version=body.text_version,
                at=body.at or now,
                channel=body.channel,
                terminal_id=None,
                now=now,
            )
        except Rejected as exc:
            status = {"unknown_customer": 404, "customer_erased": 409}.get(exc.code, 422)
            raise ServerError(status, exc.code, exc.reason) from None
        changes.flush(conn, now)
        return _consents_out(conn, target)


@router.get(
    "/customers/{customer_id}/consents",
    response_model=ConsentsOut,
    responses=refusals({404: NO_CUSTOMER}),
)
def get_consents(customer_id: IdPath, ctx: Ctx) -> ConsentsOut:
    """The customer's current consents and their whole history, oldest first."""
    with ctx.engine.connect() as conn:
        target, _ = erasure.person_ids(conn, customer_id)
        return _consents_out(conn, target)


@router.get("/consents/changes", response_model=IysChangesOut)
def get_consent_changes(
    ctx: Ctx,
    after: Cursor = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_CHANGES)] = 100,
) -> IysChangesOut:
    """Changes of the commercial-message consents (SMS, call, e-mail) for the İYS
    integration, in the order they were recorded: poll with the last ``next_after``."""
    with ctx.engine.connect() as conn:
        items, next_after = consents.iys_changes(conn, after=after, limit=limit)
    return IysChangesOut(items=[IysChangeOut(**i) for i in items], next_after=next_after)


_PURPOSE_REFUSAL = {404: "no such purpose (unknown_purpose)"}
_NEW_VERSION: dict[int | str, dict[str, Any]] = {
    201: {"model": LegalTextOut, "description": "a new version, stored"}
}


def _legal_out(conn: Any, purpose: str) -> LegalTextOut:
    data = legal_texts.current(conn, purpose)
    stored = [LegalVersionOut(**v) for v in legal_texts.versions(conn, purpose)]
    return LegalTextOut(**data, stored_versions=stored)


@router.get(
    "/legal-texts/{purpose}", response_model=LegalTextOut, responses=refusals(_PURPOSE_REFUSAL)
)
def get_legal_text(purpose: IdPath, ctx: Ctx) -> LegalTextOut:
    """The current text (the built-in template ``builtin-1`` until one is stored) and every
    stored version."""
    with ctx.engine.connect() as conn:
        return _legal_out(conn, purpose)


@router.put(
    "/legal-texts/{purpose}",
    response_model=LegalTextOut,
    responses=_NEW_VERSION
    | refusals(
        _PURPOSE_REFUSAL
        | {
            409: "this version is stored with other words (legal_text_version_exists)",
            422: "a language is missing (legal_text_incomplete)",
        }
    ),
)
def put_legal_text(
    purpose: IdPath, body: LegalTextIn, ctx: Ctx, response: Response
) -> LegalTextOut:
    """Store a new version (Turkish and English) as the current text; tills receive it.
    201 when new, 200 for the same version and words again."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        _, new = legal_texts.store_version(
            conn,
            changes,
            purpose=purpose,
            version=body.version,
            texts=body.texts.model_dump(),
            now=now,
        )
        changes.flush(conn, now)
        response.status_code = 201 if new else 200
        return _legal_out(conn, purpose)


@router.post(
    "/customers/{customer_id}/loyalty-code",
    response_model=LoyaltyCodeOut,
    status_code=201,
    responses=refusals({404: NO_CUSTOMER, 409: ERASED}),
)
def post_loyalty_code(customer_id: IdPath, ctx: Ctx) -> LoyaltyCodeOut:
    """A new loyalty QR for the customer (the old one stops working); the code is shown
    this once, the backend keeps only its hash."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        out = receipt_claims.new_loyalty_code(conn, changes, customer_id, now)
        changes.flush(conn, now)
    return LoyaltyCodeOut(**out)


@router.post(
    "/customers/{customer_id}/claim-receipt",
    response_model=ClaimOut,
    status_code=201,
    responses=refusals(
        {
            404: f"{NO_CUSTOMER}, or no receipt with this token (unknown_receipt)",
            409: f"{ERASED}; the receipt is attached already (receipt_already_attached), "
            "a return (not_a_sale) or returned (receipt_returned)",
        }
    ),
)
def post_claim_receipt(customer_id: IdPath, body: ClaimIn, ctx: Ctx) -> ClaimOut:
    """Add a receipt without a customer to this customer's account (the web shop, after
    they log in): its lines earn points by the current rules."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        out = receipt_claims.claim_receipt(conn, changes, customer_id, body.receipt_token, now)
        changes.flush(conn, now)
    return ClaimOut(**out)


@router.get(
    "/customers/{customer_id}/export",
    response_model=dict[str, Any],
    responses=refusals({404: NO_CUSTOMER}),
)
def get_export(customer_id: IdPath, ctx: Ctx) -> dict[str, Any]:
    """Everything held about the customer (docs/loyalty.md "Export")."""
    with ctx.engine.connect() as conn:
        return customer_export.export_customer(conn, customer_id, ctx.clock())


@router.post(
    "/customers/{customer_id}/erase",
    response_model=EraseOut,
    responses=refusals({404: NO_CUSTOMER}),
)
def post_erase(customer_id: IdPath, ctx: Ctx) -> EraseOut:
    """Erase the customer and every record merged into them (docs/loyalty.md "Erasure");
    tills drop them at their next pull. A repeat changes nothing."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        out = erasure.erase_customer(conn, changes, customer_id, now)
        changes.flush(conn, now)
    return EraseOut(**out)
