"""Gift cards and store-credit cards on the till: what a card holds, holds before a
redemption, and the ledger entries a sale writes (docs/loyalty.md "Gift cards at the till").

The backend's ``value_card`` ledger is the book of record. Online, a balance is asked and a
redemption reserved there first (short timeout, ``sync.protocol.reservations``). Offline, a
card is spent up to the smallest of what it is known to hold (the replica less this till's
movements the backend has not seen yet) and its ``offline_limit_minor`` less what this till
already spent of it offline in the current offline period: the redemptions whose sale's
fact is not yet acknowledged. Only a card's code hash and last four symbols are stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine

from pos_app.domain.giftcard_line import ValueCardLine
from pos_app.domain.giftcards import read_code
from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.storage.tables import utc_from_db
from sync.client.errors import ProtocolError, SyncError, TransportError
from sync.protocol import giftcards
from sync.protocol.records import ValueCardData
from sync.protocol.reservations import ReservationRequest, ReservationResponse

log = logging.getLogger(__name__)

# The facts whose acknowledgement means the backend has a sale's card entries.
_ORDER_FACTS = "('order.completed', 'order.refunded', 'web_order.returned')"
_UNACKED = (
    "EXISTS (SELECT 1 FROM outbox o WHERE o.acked_at IS NULL AND o.kind IN "
    f"{_ORDER_FACTS} AND json_extract(o.payload_json, '$.order_id') = m.sale_id)"
)


class CardBackend(Protocol):
    """The backend calls a card needs (``sync.client.transport.SyncTransport`` has them)."""

    def reserve(self, request: ReservationRequest) -> ReservationResponse: ...

    def release(self, reservation_id: str) -> ReservationResponse: ...

    def value_card(self, code_hash: str) -> ValueCardData: ...


@dataclass(frozen=True, slots=True)
class CardBalance:
    """What a card holds and how sure that is: ``online`` (the backend answered now) or the
    till's own figure (the replica as of ``as_of`` less this till's unsynced movements)."""

    code_hash: str
    last4: str
    kind: str  # gift | store_credit
    state: str  # active | blocked | expired
    balance_minor: int
    online: bool
    as_of: datetime | None
    offline_limit_minor: int = 0


@dataclass(frozen=True, slots=True)
class CardHold:
    """A redemption the payment may complete with: the backend's reservation, or offline."""

    tender_id: str
    code_hash: str
    last4: str
    card_kind: str
    amount_minor: int
    reservation_id: str | None
    balance_after_minor: int  # what the receipt shows as left on the card


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """A code made by this sale (an e-gift card, a store-credit card): printed and shown
    once from memory, never written to the till's database."""

    code: str
    card_kind: str  # gift | store_credit
    amount_minor: int
    line_id: str | None = None

    @property
    def display(self) -> str:
        return giftcards.display(self.code)

    @property
    def last4(self) -> str:
        return giftcards.last4(self.code)


# -- the till's book ---------------------------------------------------------------------


def replica_card(conn: Connection, code_hash: str) -> tuple[Any, ...] | None:
    """(kind, state, balance_minor, offline_limit_minor, last4, synced_at) or None."""
    row = conn.exec_driver_sql(
        "SELECT kind, state, balance_minor, offline_limit_minor, last4, synced_at "
        "FROM value_card WHERE code_hash = ?",
        (code_hash,),
    ).first()
    return tuple(row) if row is not None else None


def unsynced_delta(conn: Connection, code_hash: str, synced_at: Any | None) -> int:
    """This till's movements of the card the replica does not reflect yet: those whose sale's
    fact is unacknowledged, or not older than the replica's row (all of them with no row:
    a card sold here); at the same instant the movement counts, the safe side."""
    if synced_at is None:
        sql = (
            "SELECT COALESCE(SUM(m.delta_minor), 0) FROM value_card_movement m "
            "WHERE m.code_hash = ?"
        )
        return int(conn.exec_driver_sql(sql, (code_hash,)).scalar_one())
    sql = (
        "SELECT COALESCE(SUM(m.delta_minor), 0) FROM value_card_movement m "
        f"WHERE m.code_hash = ? AND (m.occurred_at >= ? OR {_UNACKED})"
    )
    return int(conn.exec_driver_sql(sql, (code_hash, synced_at)).scalar_one())


def offline_spent(conn: Connection, code_hash: str) -> int:
    """What this till spent of the card offline in the current offline period."""
    sql = (
        "SELECT COALESCE(-SUM(m.delta_minor), 0) FROM value_card_movement m "
        f"WHERE m.code_hash = ? AND m.action = 'redeem' AND m.offline AND {_UNACKED}"
    )
    return int(conn.exec_driver_sql(sql, (code_hash,)).scalar_one())


def local_card(conn: Connection, code_hash: str) -> tuple[str, str] | None:
    """(card_kind, last4) of a card this till sold or issued, or None."""
    row = conn.exec_driver_sql(
        "SELECT card_kind, last4 FROM value_card_movement WHERE code_hash = ? "
        "AND action IN ('activate', 'issue') LIMIT 1",
        (code_hash,),
    ).first()
    return (str(row[0]), str(row[1])) if row is not None else None


def offline_balance(conn: Connection, code_hash: str) -> CardBalance | None:
    """The till's own figure for the card, or None when it knows nothing of it."""
    row = replica_card(conn, code_hash)
    if row is not None:
        kind, state, balance, limit, last4, synced_at = row
        delta = unsynced_delta(conn, code_hash, synced_at)
        as_of = utc_from_db(synced_at)
        return CardBalance(
            code_hash, last4, kind, state, int(balance) + delta, False, as_of, int(limit)
        )
    local = local_card(conn, code_hash)
    if local is None:
        return None
    # Sold or issued here and not yet pulled back: its limit is what it was loaded with.
    delta = unsynced_delta(conn, code_hash, None)
    return CardBalance(code_hash, local[1], local[0], "active", delta, False, None, delta)


def offline_allowance(conn: Connection, code_hash: str) -> tuple[CardBalance, int]:
    """(the card's offline balance, what may be spent of it offline now); ``UserError``
    for a card the till cannot check offline."""
    card = offline_balance(conn, code_hash)
    if card is None:
        raise UserError(
            "gift_card.unknown_offline",
            "This card cannot be checked offline (the till has never seen it): "
            "take another payment, or try again once the till is online",
        )
    _usable(card)
    limit_left = card.offline_limit_minor - offline_spent(conn, code_hash)
    return card, max(0, min(card.balance_minor, limit_left))


def _usable(card: CardBalance) -> None:
    if card.state != "active":
        raise UserError(
            f"gift_card.{card.state}", f"Card {card.last4} is {card.state}", last4=card.last4
        )


# -- the service -------------------------------------------------------------------------


class ValueCards:
    """Balances and redemption holds of gift and store-credit cards for one till."""

    def __init__(self, engine: Engine, clock: Clock, backend: CardBackend | None) -> None:
        self._engine = engine
        self._clock = clock
        self._backend = backend  # None: never online (no enrolment)

    def balance(self, code_text: str) -> CardBalance:
        """What the card holds: the backend's answer when it gives one in time, else the
        till's own figure (``online`` False, ``as_of`` the replica's time)."""
        code = read_code(code_text)
        code_hash = giftcards.code_hash(code)
        if self._backend is not None:
            try:
                data = self._backend.value_card(code_hash)
            except TransportError:
                pass  # unreachable or slow: the till's own figure below
            except ProtocolError as error:
                if error.status != 404:
                    raise
            except SyncError as error:
                log.info("card balance not asked online: %s", error)
            else:
                return CardBalance(
                    code_hash,
                    data.last4 or giftcards.last4(code),
                    data.kind,
                    data.state,
                    data.balance_minor,
                    True,
                    self._clock.now(),
                    data.offline_limit_minor,
                )
        with self._engine.connect() as conn:
            card = offline_balance(conn, code_hash)
        if card is None:
            raise UserError(
                "gift_card.unknown", f"No gift card {giftcards.last4(code)} is known here"
            )
        return card

    def card_to_sell(self, code_text: str) -> ValueCardLine:
        """A physical card's line: ``top_up`` for a card the till or the backend knows,
        ``activate`` for a new one."""
        code = read_code(code_text)
        code_hash = giftcards.code_hash(code)
        with self._engine.connect() as conn:
            known = replica_card(conn, code_hash) or local_card(conn, code_hash)
        if known is None and self._backend is not None:
            try:
                self._backend.value_card(code_hash)
                known = ("online",)
            except SyncError:
                pass  # unknown (404) or unreachable: a new card is activated
        if known is not None and known[0] == "store_credit":
            raise UserError("gift_card.store_credit", "A store-credit card cannot be topped up")
        return ValueCardLine(
            "top_up" if known is not None else "activate", code_hash, giftcards.last4(code)
        )

    def hold(self, code_text: str, amount_minor: int, *, already_minor: int = 0) -> CardHold:
        """Hold ``amount_minor`` of the card for a tender: reserved on the backend, or
        (unreachable) within the offline bounds. ``already_minor``: what this payment's
        other tenders hold of the same card offline."""
        if amount_minor <= 0:
            raise UserError("payment.not_positive", "Enter an amount greater than zero")
        code = read_code(code_text)
        code_hash = giftcards.code_hash(code)
        tender_id = new_id()
        if self._backend is not None:
            request = ReservationRequest(
                id=tender_id, kind="value_card", amount=amount_minor, code_hash=code_hash
            )
            try:
                answer = self._backend.reserve(request)
            except TransportError:
                answer = None
            if answer is not None:
                return self._granted(code, code_hash, tender_id, amount_minor, answer)
        with self._engine.connect() as conn:
            card, allowed = offline_allowance(conn, code_hash)
        allowed -= already_minor
        if amount_minor > allowed:
            raise UserError(
                "gift_card.offline_bound",
                f"Offline, card {card.last4} can pay at most {max(0, allowed)} minor units "
                f"now (its balance and offline limit), not {amount_minor}",
                last4=card.last4,
                allowed_minor=max(0, allowed),
            )
        return CardHold(
            tender_id,
            code_hash,
            card.last4 or giftcards.last4(code),
            card.kind,
            amount_minor,
            None,
            card.balance_minor - already_minor - amount_minor,
        )

    def _granted(
        self, code: str, code_hash: str, tender_id: str, amount: int, answer: ReservationResponse
    ) -> CardHold:
        last4 = giftcards.last4(code)
        if not answer.granted:
            messages = {
                "insufficient": f"Card {last4} holds only {answer.available} minor units",
                "unknown": f"No gift card {last4} is known",
                "blocked": f"Card {last4} is blocked",
                "expired": f"Card {last4} has expired",
            }
            problem = answer.problem or "insufficient"
            raise UserError(
                f"gift_card.{problem}",
                messages[problem],
                last4=last4,
                available_minor=answer.available,
            )
        with self._engine.connect() as conn:
            known = replica_card(conn, code_hash)
            local = local_card(conn, code_hash)
        kind = str(known[0]) if known else (local[0] if local else "gift")
        return CardHold(tender_id, code_hash, last4, kind, amount, answer.id, answer.available)

    def release(self, hold: CardHold) -> None:
        """Give a reservation back (best effort: one left alone expires on the backend)."""
        if hold.reservation_id is None or self._backend is None:
            return
        try:
            self._backend.release(hold.reservation_id)
        except SyncError as error:
            log.info("reservation %s not released: %s", hold.reservation_id, error)
