"""Gift card and store-credit entries of an order fact (``ValueCardEntry``): the rules are
``sync.server.value_cards``'s (overdraws, double activations, cards not known yet)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update

from sync.protocol.facts.orders import ValueCardEntry
from sync.server.changes import ChangeBuffer
from sync.server.db import insert_ignore
from sync.server.errors import Rejected
from sync.server.facts.common import Batch
from sync.server.ids import new_id
from sync.server.schema import value_card, value_card_entry
from sync.server.value_cards import (
    ADDING,
    DOUBLE_ACTIVATION_TASK,
    OPENING,
    OVERSPEND_TASK,
    balance,
    consume_hold,
    create_card,
    emit_card,
    find_card,
    has_opening,
    raise_task,
    short_last4,
    state_of,
)


def _check_entry(entry: ValueCardEntry, n: int, where: str, line_ids: Iterable[str]) -> None:
    what = f"{where} value card entry {n}"
    if entry.action in ADDING and entry.delta_minor <= 0:
        raise Rejected("invalid_payload", f"{what}: {entry.action} must add (delta_minor > 0)")
    if entry.action == "redeem" and entry.delta_minor >= 0:
        raise Rejected("invalid_payload", f"{what}: redeem must take (delta_minor < 0)")
    if entry.line_id is not None and entry.line_id not in set(line_ids):
        raise Rejected("invalid_payload", f"{what}: line {entry.line_id!r} is not on the order")


def apply_value_cards(
    batch: Batch,
    changes: ChangeBuffer,
    entries: list[ValueCardEntry],
    *,
    order_id: str,
    occurred_at: datetime,
    where: str,
    line_ids: Iterable[str],
) -> None:
    """An order's card entries, in order; idempotent by entry id (see the module's doc for
    overdraws, double activations and cards not known yet)."""
    conn = batch.conn
    lines = list(line_ids)
    for n, entry in enumerate(entries, 1):
        _check_entry(entry, n, where, lines)
    touched: list[str] = []
    for entry in entries:
        card = find_card(conn, entry.code_hash, lock=True)
        known_before = card is not None and has_opening(conn, card.id)
        if card is None:
            card = create_card(
                conn,
                code_hash=entry.code_hash,
                kind=entry.card_kind,
                last4=entry.last4,
                store_id=batch.store_id if entry.action in OPENING else None,
                now=batch.now,
            )
        before = balance(conn, card.id)
        overdrawn = entry.action == "redeem" and (
            before + entry.delta_minor < 0 or state_of(card, batch.now) != "active"
        )
        written = insert_ignore(
            conn,
            value_card_entry,
            {
                "id": entry.id if batch.deduplicate else new_id(),
                "card_id": card.id,
                "action": entry.action,
                "delta_minor": entry.delta_minor,
                "order_id": order_id,
                "order_line_id": entry.line_id,
                "terminal_id": batch.terminal_id,
                "reservation_id": entry.reservation_id,
                "offline": entry.offline,
                "flagged": overdrawn,
                "occurred_at": occurred_at,
                "received_at": batch.now,
            },
        )
        if not written:
            continue  # applied before: nothing changes
        if entry.reservation_id is not None:
            consume_hold(conn, entry.reservation_id, order_id)
        detail = {
            "code_hash": card.code_hash,
            "last4": card.last4,
            "terminal_id": batch.terminal_id,
            "order_id": order_id,
        }
        if entry.action in OPENING and known_before:
            # Two tills sold the same code: the money was taken, so it is kept and shown.
            detail |= {"amount_minor": entry.delta_minor}
            raise_task(conn, DOUBLE_ACTIVATION_TASK, batch.store_id, detail, batch.now)
        elif entry.action in OPENING:
            conn.execute(
                update(value_card)
                .where(value_card.c.id == card.id)
                .values(
                    store_id=batch.store_id,
                    last4=short_last4(entry.last4) or card.last4,
                    updated_at=batch.now,
                )
            )
            if before + entry.delta_minor < 0:  # redemptions that arrived first overdrew it
                detail |= {"over_minor": -(before + entry.delta_minor)}
                raise_task(conn, OVERSPEND_TASK, batch.store_id, detail, batch.now)
        elif overdrawn and known_before:
            over = max(0, -(before + entry.delta_minor)) or -entry.delta_minor
            detail |= {"over_minor": over, "state": state_of(card, batch.now)}
            raise_task(conn, OVERSPEND_TASK, batch.store_id, detail, batch.now)
        if card.id not in touched:
            touched.append(card.id)
    for card_id in touched:
        emit_card(conn, changes, card_id, batch.now)
