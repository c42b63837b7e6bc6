"""Loyalty points at the till and the kiosk, Qt-free: the rules pulled, a customer's
balance, and the hold a points tender needs before it is added (docs/loyalty.md "Points at
the till").

Online, points are reserved on the backend first (``SyncTransport.reserve``, a short
timeout), so two tills cannot both spend them. When the backend cannot be reached, the till
redeems within its offline bounds (``pos_app.domain.loyalty.offline_limit``). A hold that
is no longer needed is released, best effort: the backend's expiry covers the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.domain.loyalty import OfflineBounds, OfflineLimit, check_offline, offline_limit
from pos_app.errors import UserError
from pos_app.storage.queries import loyalty as queries
from pos_app.storage.replica import loyalty_rules
from sync.client.errors import SyncError, TransportError
from sync.protocol.loyalty import EarningRules, pending, spendable
from sync.protocol.reservations import ReservationRequest, ReservationResponse

log = logging.getLogger(__name__)


class Reserver(Protocol):
    """What a hold needs of the sync transport (``sync.client.transport.SyncTransport``)."""

    def reserve(self, request: ReservationRequest) -> ReservationResponse: ...

    def release(self, reservation_id: str) -> ReservationResponse: ...


@dataclass(frozen=True, slots=True)
class PointsBalance:
    """A customer's points as this till knows them: the replica's ledger plus this till's
    entries the replica does not reflect yet."""

    total: int  # the ledger's sum, pending points included
    spendable: int  # vested today, less spends (never below 0)
    pending: int  # earned, vesting later


@dataclass(frozen=True, slots=True)
class PointsHold:
    """Points held for a tender: ``reservation_id`` online, empty when offline."""

    customer_id: str
    points: int
    reservation_id: str = ""

    @property
    def offline(self) -> bool:
        return not self.reservation_id


def points_balance(conn: Connection, customer_id: str, today: date) -> PointsBalance:
    """``customer_id``'s balance on ``today`` (the store's business date)."""
    replica = queries.customer_points(conn, customer_id=customer_id)
    entries: list[tuple[date, int]] = []
    if replica is not None:
        total, by_day = replica
        later = {date.fromisoformat(day): points for day, points in by_day.items()}
        future = {day: points for day, points in later.items() if day > today}
        entries.append((today, total - sum(future.values())))
        entries.extend(future.items())
    entries.extend(
        (on or today, points)
        for on, points in queries.unreflected_entries(conn, customer_id=customer_id)
    )
    return PointsBalance(
        total=sum(points for _on, points in entries),
        spendable=spendable(entries, today),
        pending=pending(entries, today),
    )


class LoyaltyService:
    """Rules, balances and holds for the payment cores (``checkout.payment``, the kiosk's).

    ``reserver`` gives the sync transport, or None when the till is not enrolled (then
    every redemption is offline, bounded by the last hello: none ever, nothing).
    """

    def __init__(self, engine: Engine, reserver: Callable[[], Reserver | None]) -> None:
        self._engine = engine
        self._reserver = reserver

    def rules(self) -> EarningRules | None:
        """The earning rules pulled; None when none were: the till earns nothing, and
        points cannot be spent (their value is in the rules)."""
        with self._engine.connect() as conn:
            return loyalty_rules.load_rules(conn)

    def offline_bounds(self) -> OfflineBounds:
        """The last hello's offline bounds (kept across restarts; 0 before any hello)."""
        with self._engine.connect() as conn:
            return loyalty_rules.load_bounds(conn)

    def balance(self, customer_id: str, today: date) -> PointsBalance:
        """What the customer panel shows: replica balance plus this till's unsynced entries."""
        with self._engine.connect() as conn:
            return points_balance(conn, customer_id, today)

    def offline_limit(self, customer_id: str, today: date, *, held: int = 0) -> OfflineLimit:
        """The most points redeemable offline now for ``customer_id``; ``held``: points of
        this sale's tenders already taken offline (not in any table yet)."""
        with self._engine.connect() as conn:
            balance = points_balance(conn, customer_id, today)
            bounds = loyalty_rules.load_bounds(conn)
            customer_used = queries.offline_redeemed(conn, customer_id=customer_id)
            till_used = queries.offline_redeemed(conn)
        return offline_limit(
            spendable=balance.spendable - held,
            bounds=bounds,
            customer_used=customer_used + held,
            till_used=till_used + held,
        )

    def hold(self, customer_id: str, points: int, today: date, *, held: int = 0) -> PointsHold:
        """Hold ``points`` of ``customer_id`` for a tender: reserved on the backend when it
        answers in time; within the offline bounds when it cannot be reached. ``held``:
        points this sale already holds offline. Raises ``UserError`` when refused."""
        if points <= 0:
            raise UserError("payment.not_positive", "Enter a number of points greater than zero")
        reserver = self._reserver()
        if reserver is not None:
            request = ReservationRequest(
                id=new_id(), kind="points", amount=points, customer_id=customer_id
            )
            try:
                answer = reserver.reserve(request)
            except TransportError as error:
                log.info("points reservation offline (%s): using the offline bounds", error)
            except SyncError as error:
                # The backend answered but refused the call (auth, a bad request): no hold.
                raise UserError(
                    "loyalty.reservation_failed",
                    f"The points could not be reserved: {error}",
                ) from None
            else:
                if not answer.granted:
                    raise UserError(
                        "loyalty.insufficient",
                        f"The customer has only {answer.available} points to spend",
                        available=answer.available,
                        problem=answer.problem or "insufficient",
                    )
                return PointsHold(customer_id, points, answer.id)
        check_offline(points, self.offline_limit(customer_id, today, held=held))
        return PointsHold(customer_id, points)

    def release(self, reservation_id: str) -> None:
        """Give a hold back, best effort (an offline hold holds nothing on the backend;
        a release that fails is left to the backend's expiry)."""
        if not reservation_id:
            return
        reserver = self._reserver()
        if reserver is None:
            return
        try:
            reserver.release(reservation_id)
        except SyncError as error:
            log.info("releasing points reservation %s failed (%s)", reservation_id, error)
