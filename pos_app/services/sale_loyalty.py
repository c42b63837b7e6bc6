"""The points a sale or a return moves, written in its one transaction
(``services.sale_document.write_document``; docs/loyalty.md "Points at the till").

- A sale with a customer: each line earns ``domain.loyalty.line_points`` (what points paid
  earns nothing), kept on the line, one ``earn`` entry per earning line dated its vesting
  day; each points tender is one ``redeem`` entry naming the backend's reservation, or
  ``offline``.
- A return of lines of such a sale: each line takes back ``points_reversed`` of what its
  original line earned (cumulative over partial returns), one ``reversal`` entry dated the
  earn's vesting day; a refund to a points tender gives the points back (``refund``), in
  the same cumulative proportion of the amount that tender paid.
- A sale without a customer, or a return not of this till's receipt: nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from pos_app.domain.ids import new_id
from pos_app.domain.loyalty import EarningLine, line_points
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.loyalty import points_balance
from pos_app.storage.queries import loyalty as queries
from pos_app.storage.queries import sales as sales_queries
from pos_app.storage.replica import loyalty_rules
from sync.protocol.loyalty import points_reversed, vests_on


@dataclass
class LoyaltyPlan:
    """What a sale or return moves: the customer its entries are for and the fact's entries."""

    customer_id: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)

    def record(self, conn: Connection, sale_id: str, now: datetime) -> None:
        """Write the entries to ``loyalty_movement`` (after the sale row)."""
        if not self.entries:
            return
        queries.insert_movements(
            conn,
            rows=[
                {
                    "id": e["id"],
                    "sale_id": sale_id,
                    "customer_id": e["customer_id"],
                    "points": e["points"],
                    "reason": e["reason"],
                    "line_id": e.get("line_id"),
                    "vests_on": date.fromisoformat(e["vests_on"]) if e.get("vests_on") else None,
                    "tender_id": e.get("tender_id"),
                    "reservation_id": e.get("reservation_id"),
                    "offline": e.get("offline", False),
                    "occurred_at": now,
                }
                for e in self.entries
            ],
        )

    def receipt(self, conn: Connection, today: date) -> dict[str, int]:
        """The receipt's points figures (after ``record``): earned, spent, balance."""
        if self.customer_id is None:
            return {}
        balance = points_balance(conn, self.customer_id, today)
        return {
            "earned": sum(e["points"] for e in self.entries if e["reason"] in ("earn", "reversal")),
            "spent": -sum(e["points"] for e in self.entries if e["reason"] in ("redeem", "refund")),
            "balance": balance.spendable,
            "pending": balance.pending,
        }


def plan(
    conn: Connection,
    *,
    kind: str,
    lines: list[dict[str, Any]],
    tenders: Sequence[Tender],
    customer_id: str | None,
    business_date: date,
) -> LoyaltyPlan:
    """The points a sale or return (``kind``; its document's ``lines`` and ``tenders``)
    moves; sets each line's ``loyalty_points`` when it is not 0 (the facts of sales without
    points keep their bytes). Call before the sale row is written: what was returned
    before is read from the tables."""
    if kind == "sale":
        return _sale(conn, lines, tenders, customer_id, business_date)
    return _return(conn, lines, tenders)


def _sale(
    conn: Connection,
    lines: list[dict[str, Any]],
    tenders: Sequence[Tender],
    customer: str | None,
    business_date: date,
) -> LoyaltyPlan:
    points_tenders = [t for t in tenders if t.kind is TenderKind.LOYALTY and t.amount_minor > 0]
    if customer is None:
        if points_tenders:
            raise UserError("loyalty.no_customer", "Points can only be spent by a customer")
        return LoyaltyPlan()
    result = LoyaltyPlan(customer)
    rules = loyalty_rules.load_rules(conn)
    if rules is not None:
        categories = queries.category_names(
            conn, product_ids=[line["product_id"] for line in lines]
        )
        earning = [
            EarningLine(line["sku"], categories.get(line["product_id"]), line["total_minor"])
            for line in lines
        ]
        paid_by_points = sum(t.amount_minor for t in points_tenders)
        vesting = vests_on(business_date, rules).isoformat()
        earned = line_points(earning, paid_by_points, rules)
        for line, points in zip(lines, earned, strict=True):
            if points <= 0:
                continue
            line["loyalty_points"] = points
            result.entries.append(
                {
                    "id": new_id(),
                    "customer_id": customer,
                    "points": points,
                    "reason": "earn",
                    "line_id": line["id"],
                    "vests_on": vesting,
                }
            )
    for tender in points_tenders:
        if tender.points <= 0:
            raise UserError("loyalty.bad_tender", "A points tender names no points")
        entry: dict[str, Any] = {
            "id": new_id(),
            "customer_id": customer,
            "points": -tender.points,
            "reason": "redeem",
            "tender_id": tender.tender_id,
        }
        if tender.approval_code:
            entry["reservation_id"] = tender.approval_code
        else:
            entry["offline"] = True
        result.entries.append(entry)
    return result


def _return(
    conn: Connection, lines: list[dict[str, Any]], tenders: Sequence[Tender]
) -> LoyaltyPlan:
    result = LoyaltyPlan()
    for line in lines:
        original = line.get("original_line_id")
        earned = queries.earned_by_line(conn, line_id=original) if original else None
        if original is None or earned is None:
            continue
        customer, points, vesting = earned
        sold, returned_before = sales_queries.sold_and_returned_milli(conn, line_id=original)
        back = points_reversed(
            earned=points,
            sold_qty_milli=sold,
            returned_qty_milli=-line["qty_milli"],
            already_returned_qty_milli=returned_before,
        )
        if back <= 0:
            continue
        line["loyalty_points"] = -back
        result.customer_id = customer
        entry: dict[str, Any] = {
            "id": new_id(),
            "customer_id": customer,
            "points": -back,
            "reason": "reversal",
            "line_id": line["id"],
        }
        if vesting is not None:
            entry["vests_on"] = vesting.isoformat()
        result.entries.append(entry)
    for tender in tenders:
        if tender.kind is not TenderKind.LOYALTY or tender.amount_minor >= 0:
            continue
        redeemed = queries.redeemed_by_tender(conn, tender_id=tender.reference)
        if redeemed is None:
            raise UserError(
                "loyalty.refund_unknown", "The points tender refunded is not on this till"
            )
        customer, points, paid = redeemed
        before = sales_queries.refunded_by_tender(conn, tender_ids=[tender.reference])
        given = points_reversed(
            earned=points,
            sold_qty_milli=paid,
            returned_qty_milli=-tender.amount_minor,
            already_returned_qty_milli=int(before.get(tender.reference, 0)),
        )
        result.customer_id = customer
        if given > 0:
            result.entries.append(
                {
                    "id": new_id(),
                    "customer_id": customer,
                    "points": given,
                    "reason": "refund",
                    "tender_id": tender.tender_id,
                }
            )
    return result
