"""Gift cards and store credit: one ledger, the backend's book of record (docs/loyalty.md
"Gift cards and store credit").

A card is known by the hash of its code only (``sync.protocol.giftcards.code_hash``); its
balance is the sum of its ``value_card_entry`` rows. Entries come from order facts
(``apply_value_cards``) and from the admin API (``issue_card``, ``move``); every applied
change is pulled by the tills (scope ``customers``, collection ``value_card``, key the hash).

What is never refused, because the money has changed hands at a till:

- an **overdraw** (an offline race, or a redemption on a blocked card): the entry is stored
  ``flagged`` and a ``staff_task`` of kind ``gift_card_overspend`` names the card, till,
  order and the amount over;
- a second **activation** of an active code (two tills sold the same card): stored, and a
  ``gift_card_double_activation`` task asks staff to look at it;
- an entry for a card the backend does not know yet (till B redeems a card till A sold
  offline, and B syncs first): the card is created ``active`` from the entry, which is
  flagged as overdrawn. The overspend check waits for the card's activation: when it
  arrives it fills in the card (store, last four) and raises ``gift_card_overspend`` only
  if the balance is still below zero then. A card whose activation never arrives shows as
  a card without an ``activate``/``issue`` entry, with flagged redemptions.

Online holds (``redemption_hold``) are shared with points: ``live_held`` sums the holds that
still bind, ``consume_hold`` turns one into the sale that spent it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from sync.protocol import ValueCardData
from sync.server.changes import CUSTOMERS, ChangeBuffer
from sync.server.db import insert_ignore
from sync.server.errors import ServerError
from sync.server.ids import new_id
from sync.server.schema import (
    redemption_hold,
    server_meta,
    staff_task,
    value_card,
    value_card_entry,
)

COLLECTION = "value_card"
OPENING = frozenset({"activate", "issue"})
ADDING = frozenset({"activate", "issue", "top_up", "refund"})
OVERSPEND_TASK = "gift_card_overspend"
DOUBLE_ACTIVATION_TASK = "gift_card_double_activation"
_LIMIT_KEY = "gift_card_offline_limit_minor"
DEFAULT_OFFLINE_LIMIT_MINOR = 50000


# -- settings ---------------------------------------------------------------------------------


def store_settings(conn: Connection, offline_limit_minor: int) -> None:
    """Record the configured per-card offline limit in ``server_meta`` (at start-up), where
    the push appliers read it."""
    value = str(offline_limit_minor)
    if not insert_ignore(conn, server_meta, {"key": _LIMIT_KEY, "value": value}):
        conn.execute(update(server_meta).where(server_meta.c.key == _LIMIT_KEY).values(value=value))


def offline_limit(conn: Connection) -> int:
    """A new card's offline limit (minor units), as last configured."""
    stored = conn.execute(select(server_meta.c.value).where(server_meta.c.key == _LIMIT_KEY))
    value = stored.scalar()
    return DEFAULT_OFFLINE_LIMIT_MINOR if value is None else int(value)


# -- holds ------------------------------------------------------------------------------------


def live_held(
    conn: Connection,
    now: datetime,
    *,
    customer_id: str | None = None,
    card_id: str | None = None,
    exclude: str | None = None,
) -> int:
    """The amount still held for a customer's points or a card: holds in state ``held``
    that have not expired (``exclude``: a hold not to count, the one being asked for)."""
    query = select(func.coalesce(func.sum(redemption_hold.c.amount), 0)).where(
        redemption_hold.c.state == "held", redemption_hold.c.expires_at > now
    )
    if customer_id is not None:
        query = query.where(
            redemption_hold.c.kind == "points", redemption_hold.c.customer_id == customer_id
        )
    else:
        query = query.where(
            redemption_hold.c.kind == "value_card", redemption_hold.c.card_id == card_id
        )
    if exclude is not None:
        query = query.where(redemption_hold.c.id != exclude)
    return int(conn.execute(query).scalar_one())


def consume_hold(conn: Connection, reservation_id: str, order_id: str) -> None:
    """The sale ``order_id`` spent the hold: it binds no more. A hold already expired or
    released is consumed all the same (the sale happened); an unknown id changes nothing."""
    conn.execute(
        update(redemption_hold)
        .where(redemption_hold.c.id == reservation_id, redemption_hold.c.state != "consumed")
        .values(state="consumed", order_id=order_id)
    )


# -- cards ------------------------------------------------------------------------------------


def find_card(conn: Connection, code_hash: str, *, lock: bool = False) -> Any:
    """The card row of ``code_hash`` (None: unknown); ``lock`` takes its row lock on
    PostgreSQL (SELECT ... FOR UPDATE; SQLite serialises writers anyway)."""
    query = select(value_card).where(value_card.c.code_hash == code_hash)
    if lock:
        query = query.with_for_update()
    return conn.execute(query).first()


def balance(conn: Connection, card_id: str) -> int:
    """A card's balance: the sum of its ledger."""
    return int(
        conn.execute(
            select(func.coalesce(func.sum(value_card_entry.c.delta_minor), 0)).where(
                value_card_entry.c.card_id == card_id
            )
        ).scalar_one()
    )


def state_of(row: Any, now: datetime) -> str:
    """``active``, ``blocked`` or ``expired`` (a card past ``expires_at`` is expired)."""
    if row.state == "active" and row.expires_at is not None and row.expires_at <= now:
        return "expired"
    return str(row.state)


def card_data(conn: Connection, row: Any, now: datetime) -> ValueCardData:
    """A card as tills hold it."""
    return ValueCardData(
        code_hash=row.code_hash,
        kind=row.kind,
        state=state_of(row, now),  # type: ignore[arg-type]
        balance_minor=balance(conn, row.id),
        offline_limit_minor=row.offline_limit_minor,
        last4=row.last4,
        currency=row.currency,
    )


def emit_card(conn: Connection, changes: ChangeBuffer, card_id: str, now: datetime) -> None:
    """Queue the card's current record for every till."""
    row = conn.execute(select(value_card).where(value_card.c.id == card_id)).first()
    if row is not None:
        data = card_data(conn, row, now).model_dump(mode="json")
        changes.upsert(CUSTOMERS, COLLECTION, row.code_hash, data)


def has_opening(conn: Connection, card_id: str) -> bool:
    """Whether the card's activation (or store-credit issue) has been applied."""
    found = conn.execute(
        select(value_card_entry.c.id)
        .where(value_card_entry.c.card_id == card_id, value_card_entry.c.action.in_(OPENING))
        .limit(1)
    ).first()
    return found is not None


def short_last4(text: str) -> str:
    """The last four code symbols of what a till sent (``•••• 7Q2K`` or ``7Q2K``)."""
    return "".join(ch for ch in text if ch.isalnum())[-4:]


def create_card(
    conn: Connection,
    *,
    code_hash: str,
    kind: str,
    last4: str,
    store_id: str | None,
    now: datetime,
    customer_id: str | None = None,
) -> Any:
    """A new active card with the configured offline limit; its row."""
    card_id = new_id()
    conn.execute(
        insert(value_card),
        {
            "id": card_id,
            "code_hash": code_hash,
            "kind": kind,
            "state": "active",
            "last4": short_last4(last4),
            "offline_limit_minor": offline_limit(conn),
            "customer_id": customer_id,
            "store_id": store_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    return conn.execute(select(value_card).where(value_card.c.id == card_id)).one()


def raise_task(
    conn: Connection, kind: str, store_id: str | None, detail: dict[str, Any], now: datetime
) -> None:
    conn.execute(
        insert(staff_task),
        {
            "id": new_id(),
            "store_id": store_id,
            "kind": kind,
            "detail_json": json.dumps(detail, ensure_ascii=False, default=str),
            "created_at": now,
        },
    )


def snapshot_items(
    conn: Connection, after: str | None, limit: int, now: datetime
) -> list[dict[str, Any]]:
    """A keyset page of every card, by code hash."""
    query = select(value_card).order_by(value_card.c.code_hash).limit(limit)
    if after is not None:
        query = query.where(value_card.c.code_hash > after)
    rows = conn.execute(query).all()
    if not rows:
        return []
    totals = conn.execute(
        select(value_card_entry.c.card_id, func.sum(value_card_entry.c.delta_minor).label("sum"))
        .where(value_card_entry.c.card_id.in_([r.id for r in rows]))
        .group_by(value_card_entry.c.card_id)
    ).all()
    sums = {str(t.card_id): int(t.sum) for t in totals}
    return [
        {
            "key": r.code_hash,
            "data": ValueCardData(
                code_hash=r.code_hash,
                kind=r.kind,
                state=state_of(r, now),  # type: ignore[arg-type]
                balance_minor=sums.get(str(r.id), 0),
                offline_limit_minor=r.offline_limit_minor,
                last4=r.last4,
                currency=r.currency,
            ).model_dump(mode="json"),
        }
        for r in rows
    ]


# -- the admin API (the web shop, the back office) --------------------------------------------


def issue_card(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    code: str,
    kind: str,
    amount_minor: int,
    reference: str,
    now: datetime,
) -> Any:
    """A new card for ``code`` (a fresh ``giftcards.new_code()``) holding ``amount_minor``:
    a gift card is activated, store credit issued. Returns its row."""
    from sync.protocol import giftcards

    code_hash = giftcards.code_hash(code)
    card = create_card(conn, code_hash=code_hash, kind=kind, last4=code, store_id=None, now=now)
    _admin_entry(
        conn,
        card.id,
        entry_id=new_id(),
        action="activate" if kind == "gift" else "issue",
        delta_minor=amount_minor,
        reference=reference,
        now=now,
    )
    emit_card(conn, changes, card.id, now)
    return card


def _admin_entry(
    conn: Connection,
    card_id: str,
    *,
    entry_id: str,
    action: str,
    delta_minor: int,
    reference: str,
    now: datetime,
) -> None:
    conn.execute(
        insert(value_card_entry),
        {
            "id": entry_id,
            "card_id": card_id,
            "action": action,
            "delta_minor": delta_minor,
            "reference": reference,
            "occurred_at": now,
            "received_at": now,
        },
    )


def known_card(conn: Connection, code_hash: str, *, lock: bool = False) -> Any:
    """The card of ``code_hash``, or 404 ``unknown_gift_card``."""
    card = find_card(conn, code_hash, lock=lock)
    if card is None:
        raise ServerError(404, "unknown_gift_card", "no gift card or store credit with this code")
    return card


def move(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    code_hash: str,
    action: str,
    amount_minor: int,
    entry_id: str,
    reference: str,
    now: datetime,
) -> Any:
    """An online redemption (``redeem``) or top-up (``top_up``) of ``amount_minor`` (> 0),
    idempotent by ``entry_id``: the same id again answers what the first did and writes
    nothing. A redemption is refused beyond the balance less the tills' live holds
    (409 ``insufficient_balance``), and on a card that is not active (409
    ``gift_card_blocked`` / ``gift_card_expired``). Returns the card row."""
    card = known_card(conn, code_hash, lock=True)
    delta = -amount_minor if action == "redeem" else amount_minor
    done = conn.execute(select(value_card_entry).where(value_card_entry.c.id == entry_id)).first()
    if done is not None:
        if (done.card_id, done.action, done.delta_minor) != (card.id, action, delta):
            raise ServerError(
                409,
                "idempotency_conflict",
                f"id {entry_id!r} was used for another movement; use a new id",
            )
        return card
    state = state_of(card, now)
    if state != "active":
        raise ServerError(409, f"gift_card_{state}", f"the card is {state}")
    if action == "redeem":
        available = balance(conn, card.id) - live_held(conn, now, card_id=card.id)
        if amount_minor > available:
            raise ServerError(
                409,
                "insufficient_balance",
                f"the card has {max(available, 0)} available, {amount_minor} was asked",
            )
    _admin_entry(
        conn,
        card.id,
        entry_id=entry_id,
        action=action,
        delta_minor=delta,
        reference=reference,
        now=now,
    )
    emit_card(conn, changes, card.id, now)
    return card


def block(conn: Connection, changes: ChangeBuffer, code_hash: str, now: datetime) -> Any:
    """Block a card (lost, stolen): tills refuse it once they pull the change; what a till
    redeems offline before that is kept and flagged."""
    card = known_card(conn, code_hash, lock=True)
    conn.execute(
        update(value_card).where(value_card.c.id == card.id).values(state="blocked", updated_at=now)
    )
    emit_card(conn, changes, card.id, now)
    return known_card(conn, code_hash)


def entries_of(conn: Connection, card_id: str, limit: int = 1000) -> list[Any]:
    """A card's ledger, newest first."""
    return list(
        conn.execute(
            select(value_card_entry)
            .where(value_card_entry.c.card_id == card_id)
            .order_by(value_card_entry.c.occurred_at.desc(), value_card_entry.c.id.desc())
            .limit(limit)
        ).all()
    )
