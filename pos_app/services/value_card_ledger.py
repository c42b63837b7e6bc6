"""The gift card and store-credit entries one sale or return writes (``ValueCardEntry`` in
its fact, ``value_card_movement`` rows), inside the sale's transaction.

Called by ``services.sale_document.write_document``: the offline bounds are checked again
under the write lock, so two payments on this till cannot both spend the same allowance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from pos_app.domain.giftcard_line import ValueCardLine
from pos_app.domain.ids import new_id
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.value_cards import CardHold, local_card, offline_allowance, replica_card
from pos_app.storage.tables import table

_HASH = re.compile(r"^[0-9a-f]{64}$")


def is_card_hash(reference: str) -> bool:
    """Whether a tender's reference names a value card (its code hash), not an old voucher."""
    return bool(_HASH.match(reference))


@dataclass
class CardPlan:
    """What a sale document knows of its cards: the lines that sell them (hashes known), the
    holds of its card tenders (last4 and kind for the receipt), the card it issues."""

    lines: dict[str, ValueCardLine] = field(default_factory=dict)
    holds: Mapping[str, CardHold] = field(default_factory=dict)
    issued_last4: dict[str, str] = field(default_factory=dict)  # code hash -> last4

    def __bool__(self) -> bool:
        return bool(self.lines or self.holds or self.issued_last4)


def card_entries(
    conn: Connection,
    *,
    sale_id: str,
    kind: str,
    lines: list[dict[str, Any]],
    tenders: list[Tender],
    plan: CardPlan,
    now: datetime,
) -> list[dict[str, Any]]:
    """The ``ValueCardEntry`` dicts of the document, written as movements; ``UserError``
    (nothing written) for a returned gift card or an offline redemption beyond its bound."""
    entries: list[dict[str, Any]] = []
    amounts = {line["id"]: line["total_minor"] for line in lines}
    for line_id, card in plan.lines.items():
        if card.code_hash is None:
            raise RuntimeError(f"gift card line {line_id} reached the ledger without a code")
        entries.append(
            _entry(card.code_hash, "gift", card.action, amounts[line_id], card.last4, line_id)
        )
    if kind == "return":
        _refuse_card_returns(conn, lines)
    offline: dict[str, int] = {}
    for tender in tenders:
        if tender.kind is TenderKind.GIFT_CARD:
            entries.append(_tender_entry(conn, tender, plan, offline))
        elif (
            tender.kind is TenderKind.STORE_CREDIT
            and tender.amount_minor < 0
            and is_card_hash(tender.reference)
        ):
            last4 = plan.issued_last4.get(tender.reference, "")
            entry = _entry(tender.reference, "store_credit", "issue", -tender.amount_minor, last4)
            entries.append(entry | {"tender_id": tender.tender_id})
    for code_hash, spent in offline.items():
        known, allowed = offline_allowance(conn, code_hash)
        if spent > allowed:
            raise UserError(
                "gift_card.offline_bound",
                f"Offline, card {known.last4} can pay at most {allowed} minor units now, "
                f"not {spent}",
                last4=known.last4,
                allowed_minor=allowed,
            )
    if entries:
        conn.execute(
            insert(table("value_card_movement")),
            [
                {k: v for k, v in entry.items() if k != "id"}
                | {"id": entry["id"], "sale_id": sale_id, "occurred_at": now}
                for entry in entries
            ],
        )
    return entries


def _entry(
    code_hash: str,
    card_kind: str,
    action: str,
    delta_minor: int,
    last4: str,
    line_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "code_hash": code_hash,
        "card_kind": card_kind,
        "action": action,
        "delta_minor": delta_minor,
        "last4": last4,
        "line_id": line_id,
        "tender_id": None,
        "reservation_id": None,
        "offline": False,
    }


def _card_name(conn: Connection, code_hash: str) -> tuple[str, str]:
    """(kind, last4) of a card from the replica or this till's own movements."""
    row = replica_card(conn, code_hash)
    if row is not None:
        return str(row[0]), str(row[4])
    return local_card(conn, code_hash) or ("gift", "")


def _tender_entry(
    conn: Connection, tender: Tender, plan: CardPlan, offline: dict[str, int]
) -> dict[str, Any]:
    """A redemption (a payment) or a refund to the card (a return's negative tender)."""
    if tender.amount_minor < 0:
        # A return: back to the card the original tender named (its id is the reference).
        row = conn.exec_driver_sql(
            "SELECT reference FROM sale_tender WHERE id = ? AND kind = ?",
            (tender.reference, TenderKind.GIFT_CARD.value),
        ).first()
        code_hash = str(row[0]) if row is not None else tender.reference
        if not is_card_hash(code_hash):
            raise UserError("gift_card.refund_unknown", "The card paid with is not known here")
        card_kind, last4 = _card_name(conn, code_hash)
        return _entry(code_hash, card_kind, "refund", -tender.amount_minor, last4) | {
            "tender_id": tender.tender_id
        }
    hold = plan.holds.get(tender.tender_id)
    code_hash = tender.reference
    card_kind, last4 = (hold.card_kind, hold.last4) if hold else _card_name(conn, code_hash)
    reservation = tender.approval_code or None
    if reservation is None:
        offline[code_hash] = offline.get(code_hash, 0) + tender.amount_minor
    return _entry(code_hash, card_kind, "redeem", -tender.amount_minor, last4) | {
        "tender_id": tender.tender_id,
        "reservation_id": reservation,
        "offline": reservation is None,
    }


def _refuse_card_returns(conn: Connection, lines: list[dict[str, Any]]) -> None:
    """A gift card once sold is spent money: its line is not refunded at the till."""
    originals = [line["original_line_id"] for line in lines if line.get("original_line_id")]
    for line_id in originals:
        sold = conn.exec_driver_sql(
            "SELECT last4 FROM value_card_movement WHERE line_id = ? LIMIT 1", (line_id,)
        ).first()
        if sold is not None:
            raise UserError(
                "gift_card.not_returnable",
                f"Gift card {sold[0]} cannot be returned: its value stays on the card",
                last4=str(sold[0]),
            )
