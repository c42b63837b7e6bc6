"""Online redemption holds (``sync.protocol.reservations``): a till reserves points or a
card's balance before it adds the tender, so two tills online cannot both spend it.

What is available is the customer's spendable points (today in the till's store) or the
card's balance, less every live hold but the one asked for (a hold binds while ``held`` and
before ``expires_at``; an expired one is ignored and marked ``expired`` when next seen). The
customer's or card's row is locked first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
runs one writer at a time), so two tills asking at once are answered one after the other and
cannot both get the last points.

Asking again with the same id answers the same grant (its ``expires_at``) and holds nothing
more; a refused request held nothing, so asking again is asked afresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync.protocol.reservations import (
    RESERVATION_TTL_S,
    ReservationProblem,
    ReservationRequest,
    ReservationResponse,
)
from sync.server import loyalty, value_cards
from sync.server.customers import survivor_of
from sync.server.errors import ServerError
from sync.server.schema import customer, redemption_hold

NOT_FOUND = "no reservation of this terminal with this id (unknown_reservation)"


def _expire(
    conn: Connection, now: datetime, *, customer_id: str | None, card_id: str | None
) -> None:
    """Mark the customer's or card's lapsed holds ``expired`` (they bind no more anyway)."""
    query = update(redemption_hold).where(
        redemption_hold.c.state == "held", redemption_hold.c.expires_at <= now
    )
    if customer_id is not None:
        query = query.where(redemption_hold.c.customer_id == customer_id)
    else:
        query = query.where(redemption_hold.c.card_id == card_id)
    conn.execute(query.values(state="expired"))


def _points_subject(
    conn: Connection, request: ReservationRequest
) -> tuple[str | None, ReservationProblem | None]:
    if request.customer_id is None:
        raise ServerError(422, "invalid_reservation", "a points reservation names customer_id")
    survivor = survivor_of(conn, request.customer_id)
    if survivor is None:
        return None, "unknown"
    row = conn.execute(
        select(customer.c.id, customer.c.erased).where(customer.c.id == survivor).with_for_update()
    ).first()
    if row is None or row.erased:
        return None, "unknown"
    return survivor, None


def _available(
    conn: Connection,
    request: ReservationRequest,
    now: datetime,
    zone: str,
    *,
    customer_id: str | None,
    card: Any,
) -> int:
    if customer_id is not None:
        own = loyalty.spendable_points(conn, customer_id, loyalty.local_date(now, zone))
        held = value_cards.live_held(conn, now, customer_id=customer_id, exclude=request.id)
    else:
        own = value_cards.balance(conn, card.id)
        held = value_cards.live_held(conn, now, card_id=card.id, exclude=request.id)
    return max(0, own - held)


def reserve(
    conn: Connection,
    request: ReservationRequest,
    *,
    terminal_id: str,
    store_id: str,
    now: datetime,
) -> ReservationResponse:
    """Hold ``request.amount`` for the terminal, or say why not (granted False, HTTP 200)."""
    customer_id: str | None = None
    card: Any = None
    problem: ReservationProblem | None = None
    if request.kind == "points":
        customer_id, problem = _points_subject(conn, request)
    else:
        if request.code_hash is None:
            raise ServerError(
                422, "invalid_reservation", "a value_card reservation names code_hash"
            )
        card = value_cards.find_card(conn, request.code_hash, lock=True)
        if card is None:
            problem = "unknown"
        elif value_cards.state_of(card, now) != "active":
            problem = value_cards.state_of(card, now)  # type: ignore[assignment]
    if problem is not None:
        return ReservationResponse(id=request.id, granted=False, available=0, problem=problem)
    card_id = None if card is None else str(card.id)
    _expire(conn, now, customer_id=customer_id, card_id=card_id)
    existing = conn.execute(
        select(redemption_hold).where(redemption_hold.c.id == request.id)
    ).first()
    if existing is not None and existing.terminal_id != terminal_id:
        raise ServerError(409, "reservation_id_taken", "another terminal holds this reservation id")
    zone = loyalty.store_zone(conn, store_id)
    available = _available(conn, request, now, zone, customer_id=customer_id, card=card)
    if existing is not None:
        # The same request again: the same answer, nothing more held.
        granted = existing.state in ("held", "consumed")
        left = available - (existing.amount if existing.state == "held" else 0)
        return ReservationResponse(
            id=request.id,
            granted=granted,
            available=max(0, left),
            expires_at=existing.expires_at if granted else None,
            problem=None if granted else "expired",
        )
    if request.amount > available:
        return ReservationResponse(
            id=request.id, granted=False, available=available, problem="insufficient"
        )
    expires_at = now + timedelta(seconds=RESERVATION_TTL_S)
    conn.execute(
        insert(redemption_hold),
        {
            "id": request.id,
            "terminal_id": terminal_id,
            "kind": request.kind,
            "customer_id": customer_id,
            "card_id": card_id,
            "amount": request.amount,
            "state": "held",
            "created_at": now,
            "expires_at": expires_at,
        },
    )
    return ReservationResponse(
        id=request.id, granted=True, available=available - request.amount, expires_at=expires_at
    )


def release(
    conn: Connection, reservation_id: str, *, terminal_id: str, store_id: str, now: datetime
) -> ReservationResponse:
    """Give back a hold of this terminal (404 for another's or an unknown one); a hold
    already consumed by its sale stays consumed. Answers what is available now."""
    row = conn.execute(
        select(redemption_hold).where(redemption_hold.c.id == reservation_id).with_for_update()
    ).first()
    if row is None or row.terminal_id != terminal_id:
        raise ServerError(404, "unknown_reservation", NOT_FOUND)
    if row.state == "held":
        conn.execute(
            update(redemption_hold)
            .where(redemption_hold.c.id == reservation_id)
            .values(state="released")
        )
    zone = loyalty.store_zone(conn, store_id)
    if row.kind == "points":
        own = loyalty.spendable_points(conn, row.customer_id, loyalty.local_date(now, zone))
        held = value_cards.live_held(conn, now, customer_id=row.customer_id)
    else:
        own = value_cards.balance(conn, row.card_id)
        held = value_cards.live_held(conn, now, card_id=row.card_id)
    return ReservationResponse(id=reservation_id, granted=False, available=max(0, own - held))
