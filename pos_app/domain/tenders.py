"""Payment of a sale: cash with change and optional rounding, card, store credit, loyalty
points, splits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from pos_app.domain.ids import new_id
from pos_app.domain.sale_limits import check_cash
from pos_app.errors import UserError


class TenderKind(StrEnum):
    CASH = "cash"
    CARD = "card"  # an external card terminal; we record amount and approval code
    STORE_CREDIT = "store_credit"
    EXCHANGE_CREDIT = "exchange_credit"  # the value of goods returned in an exchange
    # A web order's refund owed to its online payment (returned in store; the backend's
    # payment integration pays it back): never money out of this till.
    ONLINE_PAYMENT = "online_payment"
    # A gift card or a store-credit card (docs/loyalty.md): ``reference`` is the card's
    # code hash, never its code; ``approval_code`` the backend's reservation ("" offline).
    GIFT_CARD = "gift_card"
    # Loyalty points spent (docs/loyalty.md): ``reference`` holds the points, ``approval_code``
    # the backend's reservation id, empty when the till redeemed offline within its bounds.
    LOYALTY = "loyalty"


@dataclass(frozen=True, slots=True)
class Tender:
    """One payment (positive) or refund (negative ``amount_minor``) on a sale."""

    tender_id: str
    kind: TenderKind
    amount_minor: int  # what this tender settles of the sale
    tendered_minor: int = 0  # cash handed over
    change_minor: int = 0
    approval_code: str = ""
    reference: str = ""  # voucher code, points spent, or the original tender refunded

    @property
    def points(self) -> int:
        """The points a loyalty tender spends (0 for any other kind)."""
        if self.kind is not TenderKind.LOYALTY or not self.reference.isdigit():
            return 0
        return int(self.reference)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tender_id": self.tender_id,
            "kind": self.kind.value,
            "amount_minor": self.amount_minor,
            "tendered_minor": self.tendered_minor,
            "change_minor": self.change_minor,
            "approval_code": self.approval_code,
            "reference": self.reference,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tender:
        return cls(**{**data, "kind": TenderKind(data["kind"])})


def round_cash(amount_minor: int, step_minor: int) -> int:
    """Round an amount to the nearest cash step (halves up); step 1 means no rounding."""
    if step_minor <= 1:
        return amount_minor
    steps = (Decimal(amount_minor) / step_minor).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * step_minor


class Payment:
    """Collects tenders until the amount due is settled.

    With cash rounding, the remainder that cash settles is rounded to the step and the
    difference is kept as ``rounding_minor`` (a line of its own on the receipt).
    """

    def __init__(self, due_minor: int, *, cash_rounding_step: int = 1) -> None:
        if due_minor < 0:
            raise UserError("payment.negative_due", "Use a return for a negative amount")
        self.due_minor = due_minor
        self.cash_rounding_step = cash_rounding_step
        self.tenders: list[Tender] = []
        self.rounding_minor = 0

    @property
    def paid_minor(self) -> int:
        return sum(tender.amount_minor for tender in self.tenders)

    @property
    def remaining_minor(self) -> int:
        return self.due_minor + self.rounding_minor - self.paid_minor

    @property
    def is_complete(self) -> bool:
        return self.remaining_minor == 0

    @property
    def change_minor(self) -> int:
        return sum(tender.change_minor for tender in self.tenders)

    def cash_due_minor(self) -> int:
        """What the customer must hand over in cash to finish (rounded)."""
        return round_cash(self.remaining_minor, self.cash_rounding_step)

    def _require_open(self) -> None:
        if self.is_complete:
            raise UserError("payment.already_paid", "The sale is already fully paid")

    def add_cash(self, tendered_minor: int) -> Tender:
        """Take cash; gives change when it covers the (rounded) remainder."""
        self._require_open()
        if tendered_minor <= 0:
            raise UserError("payment.not_positive", "Enter an amount greater than zero")
        check_cash(tendered_minor)
        rounded_due = self.cash_due_minor()
        if self.remaining_minor <= tendered_minor < rounded_due:
            # Enough for the exact amount but short of the rounded cash price: booking it
            # as partial would overpay the sale and leave it open.
            raise UserError(
                "payment.cash_short_of_rounded",
                f"Cash due is {rounded_due} minor units after rounding",
                cash_due_minor=rounded_due,
            )
        if tendered_minor >= rounded_due:
            self.rounding_minor += rounded_due - self.remaining_minor
            tender = Tender(
                new_id(),
                TenderKind.CASH,
                amount_minor=rounded_due,
                tendered_minor=tendered_minor,
                change_minor=tendered_minor - rounded_due,
            )
        else:
            tender = Tender(new_id(), TenderKind.CASH, tendered_minor, tendered_minor, 0)
        self.tenders.append(tender)
        return tender

    def add_card(self, amount_minor: int, approval_code: str) -> Tender:
        """Record a card payment approved on the external terminal."""
        self._require_open()
        if amount_minor <= 0:
            raise UserError("payment.not_positive", "Enter an amount greater than zero")
        if amount_minor > self.remaining_minor:
            raise UserError(
                "payment.card_over_due",
                "A card cannot be charged more than the remaining amount",
                remaining_minor=self.remaining_minor,
            )
        code = approval_code.strip()
        if not code:
            raise UserError("payment.approval_code_missing", "Enter the card approval code")
        tender = Tender(new_id(), TenderKind.CARD, amount_minor, approval_code=code)
        self.tenders.append(tender)
        return tender

    def add_credit(self, kind: TenderKind, amount_minor: int, reference: str) -> Tender:
        """Store credit or exchange credit, never more than the remainder."""
        self._require_open()
        if amount_minor <= 0:
            raise UserError("payment.not_positive", "Enter an amount greater than zero")
        amount = min(amount_minor, self.remaining_minor)
        tender = Tender(new_id(), kind, amount, reference=reference)
        self.tenders.append(tender)
        return tender

    def add_points(self, points: int, point_value_minor: int, reservation_id: str) -> Tender:
        """Loyalty points as a tender: worth ``points`` x ``point_value_minor``, never more
        than the remainder (points give no change). ``reservation_id`` is the backend's hold,
        empty for an offline redemption (the caller checked its bounds)."""
        self._require_open()
        if points <= 0:
            raise UserError("payment.not_positive", "Enter a number of points greater than zero")
        if point_value_minor <= 0:
            raise ValueError(f"point_value_minor must be above 0, got {point_value_minor}")
        amount = points * point_value_minor
        if amount > self.remaining_minor:
            most = self.remaining_minor // point_value_minor
            raise UserError(
                "payment.points_over_due",
                f"{points} points are worth more than the remaining amount; at most {most}",
                points=points,
                max_points=most,
            )
        tender = Tender(
            new_id(),
            TenderKind.LOYALTY,
            amount,
            approval_code=reservation_id,
            reference=str(points),
        )
        self.tenders.append(tender)
        return tender

    def remove(self, tender_id: str) -> Tender:
        """Take back a tender before the sale completes (e.g. the card was declined)."""
        if self.is_complete:
            raise UserError(
                "payment.already_paid", "A fully paid sale's tenders can no longer change"
            )
        for tender in self.tenders:
            if tender.tender_id == tender_id:
                self.tenders.remove(tender)
                return tender
        raise UserError("payment.unknown_tender", f"No tender {tender_id}")
