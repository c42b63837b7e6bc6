"""Buy online, pick up in store: the pickup desk's orders, search and state changes.

The orders are the backend's (``pickup_order``, a replica pulled for this store); the backend's
state machine decides every transition (docs/sync-protocol.md "Conflict rules"). A transition
made here is written at once as a ``pickup.transition`` fact plus a ``pickup_transition`` row,
so the desk works offline, and the order shows its *effective* state:

- the newest local transition's ``to_state`` while its fact is not acked (``pending``);
- the same after the backend applied it, until the pull brings the order's next version;
- the replica's state otherwise; when the backend rejected the newest local transition
  (``state_conflict``: cancelled online meanwhile, ...), with its reason in ``conflict``.

Search uses ``pickup_order.search_text`` (see ``pickup_search_text``) with LIKE and a LIMIT,
then computes the effective states of the returned rows in one query. This module holds the
orders as the desk sees them and the rules (effective state, verification, refusals);
``services.pickup_desk.PickupService`` reads them and makes the transitions.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pos_app.domain.names import name_in
from pos_app.errors import UserError
from pos_app.services.order_search import parse_qr
from pos_app.storage.replica.search_text import SEPARATOR as SEPARATOR
from pos_app.storage.replica.search_text import pickup_search_text as pickup_search_text
from sync.protocol.arithmetic import line_total, part_refund

TABS = ("to_prepare", "ready", "overdue", "collected", "cancelled")
OPEN_STATES = ("placed", "prepared", "ready")
FINAL_STATES = ("collected", "cancelled")
VERIFICATIONS = ("code", "qr", "id")

# -- views --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickupLineView:
    product_id: str  # the terminal's product with the line's SKU; "" when it has none
    sku: str
    name: str
    qty_milli: int
    unit_price_minor: int
    bin: str
    total_minor: int
    names: dict[str, str] = field(default_factory=dict)  # the catalog's, by language

    def name_in(self, language: str) -> str:
        """The item's name in ``language`` from this till's catalog, else the order's."""
        return name_in(self.names, language, self.name)


@dataclass(frozen=True, slots=True)
class PickupView:
    order_id: str
    number: str
    state: str  # the effective state (module docstring)
    customer_name: str
    phone: str
    pickup_code: str
    paid: bool
    total_minor: int
    currency: str
    lines: tuple[PickupLineView, ...]
    created_at: datetime
    pickup_by: datetime | None
    overdue: bool  # open and pickup_by < now
    pending: bool  # a local transition not yet confirmed by the backend
    conflict: str  # "" or the backend's reason when the newest local transition was rejected
    synced_at: datetime


@dataclass(frozen=True, slots=True)
class Transition:
    """The newest local transition of an order and what became of its fact."""

    to_state: str
    replica_version: int
    acked: bool
    outcome: str
    reason: str


def effective_state(
    replica_state: str, version: int, newest: Transition | None
) -> tuple[str, bool, str]:
    """(state, pending, conflict); mirrors storage.queries.pickups' ``_EFFECTIVE_SQL``."""
    if newest is None:
        return replica_state, False, ""
    if not newest.acked:
        return newest.to_state, True, ""
    if newest.outcome in ("applied", "duplicate"):
        caught_up = version != newest.replica_version
        return (replica_state if caught_up else newest.to_state), False, ""
    if newest.outcome == "rejected":
        return replica_state, False, newest.reason or "rejected"
    return replica_state, False, ""


def pickup_line_total(unit_price_minor: int, qty_milli: int) -> int:
    """As a sale line: unit price x quantity, rounded half up to the minor unit (the
    backend's ``line_total``: one function, ``sync.protocol.arithmetic``)."""
    return line_total(unit_price_minor, qty_milli)


def transition_of(row: Any) -> Transition | None:
    """The newest local transition's columns of an order row, or None when it has none."""
    if not row.t_exists:
        return None
    return Transition(
        to_state=str(row.t_to_state),
        replica_version=int(row.t_replica_version),
        acked=bool(row.o_acked),
        outcome=str(row.o_outcome or ""),
        reason=str(row.o_reason or ""),
    )


def order_lines(lines_json: str) -> list[dict[str, Any]]:
    """The replica's lines (already validated by the pull as ``PickupLine``)."""
    return [
        {
            "sku": str(item["sku"]),
            "name": str(item.get("name", "")),
            "qty_milli": int(item["qty_milli"]),
            "unit_price_minor": int(item["unit_price_minor"]),
            "bin": str(item.get("bin") or ""),
        }
        for item in json.loads(lines_json or "[]")
    ]


def verify_customer(view: PickupView, verified_by: str, code: str, id_note: str) -> str:
    """The ID note to record; raises when the customer is not verified (``VERIFICATIONS``)."""
    if verified_by not in VERIFICATIONS:
        raise UserError(
            "pickup.bad_verification",
            f"Unknown verification {verified_by!r}; expected one of {VERIFICATIONS}",
            verified_by=verified_by,
        )
    if verified_by == "id":
        note = " ".join(id_note.split())
        if not note:
            raise UserError(
                "pickup.id_note_required",
                "Note which ID document was checked",
                number=view.number,
            )
        return note
    given = code.strip()
    qr = parse_qr(given) if verified_by == "qr" else None
    if qr is not None:
        number, given = qr
        if number != view.number:
            given = ""
    if not given or not secrets.compare_digest(given, view.pickup_code):
        raise UserError(
            "pickup.wrong_code", f"Wrong pickup code for {view.number}", number=view.number
        )
    return ""


def refusals(view: PickupView, refused: Mapping[str, int]) -> tuple[list[dict[str, Any]], int]:
    """([{sku, qty_milli}], refund in minor units: ``refund_minor``) for the refused
    quantities. Raises for a bad or total refusal."""
    ordered: dict[str, int] = {}
    for line in view.lines:
        ordered[line.sku] = ordered.get(line.sku, 0) + line.qty_milli
    items: list[dict[str, Any]] = []
    for sku, qty in refused.items():
        if (
            sku not in ordered
            or not isinstance(qty, int)
            or isinstance(qty, bool)
            or not 0 < qty <= ordered[sku]
        ):
            raise UserError(
                "pickup.bad_refusal",
                f"{view.number}: cannot refuse {qty!r} of {sku!r}",
                number=view.number,
                sku=sku,
                qty_milli=qty,
            )
        items.append({"sku": sku, "qty_milli": qty})
    if items and sum(refused.values()) == sum(ordered.values()):
        raise UserError(
            "pickup.all_refused",
            f"{view.number}: every item is refused; cancel the order instead",
            number=view.number,
        )
    return items, refund_minor(view.lines, refused)


def refund_minor(lines: Sequence[PickupLineView], refused: Mapping[str, int]) -> int:
    """What goes back to the online payment for ``refused`` (SKU -> thousandths): per line,
    its total less the total of what is still taken (the backend's rule, so what the customer
    keeps plus the refund is what was charged). A SKU on several lines is refused from the
    first line on."""
    refund = 0
    left = dict(refused)
    for line in lines:
        part = min(left.get(line.sku, 0), line.qty_milli)
        if part:
            left[line.sku] -= part
            refund += part_refund(line.unit_price_minor, line.qty_milli, part)
    return refund
