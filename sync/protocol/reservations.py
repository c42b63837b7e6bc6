"""Online redemption: a till reserves points or a gift card's balance on the backend before
it adds the tender, so two tills online cannot both spend it (docs/loyalty.md "Online first,
bounded offline").

``POST /sync/v1/reservations`` with a ``ReservationRequest`` answers a ``ReservationResponse``
(idempotent by the till's ``id``: asking again gives the same answer); the sale's fact
consumes the reservation (its ledger entry names ``reservation_id``);
``DELETE /sync/v1/reservations/{id}`` releases one the sale no longer needs; one left alone
expires after ``RESERVATION_TTL_S``. ``GET /sync/v1/value-cards/{code_hash}`` answers a
card's current ``ValueCardData`` (a balance check, or a card not yet in the replica).
Loyalty rules are pulled (collection ``loyalty_rules``, key ``current``,
``sync.protocol.loyalty.EarningRules``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

RESERVATION_TTL_S = 120
# The answer a till waits for before it treats the backend as unreachable and falls back
# to the offline bounds.
RESERVATION_TIMEOUT_S = 3.0
LOYALTY_RULES_KEY = "current"

ReservationKind = Literal["points", "value_card"]
# Why a reservation was refused: too little left, an unknown customer or card, a card that
# is blocked or expired.
ReservationProblem = Literal["insufficient", "unknown", "blocked", "expired"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReservationRequest(_Wire):
    """Reserve ``amount`` points of ``customer_id`` (kind ``points``) or ``amount`` minor
    units of the card ``code_hash`` (kind ``value_card``)."""

    id: str = Field(min_length=1, max_length=64)
    kind: ReservationKind
    amount: int = Field(gt=0)
    customer_id: str | None = Field(default=None, max_length=64)
    code_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class ReservationResponse(_Wire):
    """``granted``: the amount is held for this till until ``expires_at``; otherwise
    ``problem`` says why. ``available``: what is left to spend after every live reservation
    (points, or minor units), so the till can offer it."""

    id: str
    granted: bool
    available: int
    expires_at: AwareDatetime | None = None
    problem: ReservationProblem | None = None
