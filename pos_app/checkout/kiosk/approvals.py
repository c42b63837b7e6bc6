"""What a kiosk's basket waits for before it may be paid: an attendant's age check, removal,
price check or consent to a large basket.

Granted approvals are ``domain.roles.Approval`` entries on the cart (``Cart.approvals``), so
they reach the sale, its ``order.completed`` fact and the audit log like a till's. What still
waits is worked out from the cart each time: an age item's line waits until an approval of
action ``kiosk.age`` names it (once per line, however many pieces), a basket over the limit
until an approval of ``kiosk.basket_limit`` covers its total (adding more later asks again).
Removals and price checks the customer asked for are kept by the session (``KioskSession``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from pos_app.domain.cart import Cart, CartLine
from pos_app.domain.restrictions import needs_age_check


class ApprovalKind(StrEnum):
    AGE = "age"
    REMOVAL = "removal"
    PRICE_OVERRIDE = "price_override"
    BASKET_LIMIT = "basket_limit"

    @property
    def action(self) -> str:
        """The ``Approval.action`` recorded on the sale: ``kiosk.age``, ``kiosk.removal``..."""
        return f"kiosk.{self.value}"

    @property
    def help_reason(self) -> str:
        """The help reason code the kiosk reports while this waits (KioskReporter)."""
        return "age_check" if self is ApprovalKind.AGE else self.value


@dataclass(frozen=True, slots=True)
class PendingApproval:
    approval_id: str  # stable while it waits: "age:<line id>", "basket_limit"...
    kind: ApprovalKind
    line_id: str | None  # None: the whole basket
    product_name: str  # in the kiosk's current language; "" for the basket
    min_age: int = 0


def approval_id(kind: ApprovalKind, line_id: str | None = None) -> str:
    return kind.value if line_id is None else f"{kind.value}:{line_id}"


def approved_lines(cart: Cart, kind: ApprovalKind) -> set[str]:
    """The lines an approval of ``kind`` was granted for (its detail is the line id)."""
    return {a.detail for a in cart.approvals if a.action == kind.action}


def approved_total_minor(cart: Cart) -> int:
    """The largest basket total an attendant has consented to (0: none)."""
    amounts = [
        int(a.detail)
        for a in cart.approvals
        if a.action == ApprovalKind.BASKET_LIMIT.action and a.detail.isdigit()
    ]
    return max(amounts, default=0)


def over_limit(cart: Cart, limit_minor: int) -> bool:
    """The basket is above the limit (0: no limit) and above what was consented to."""
    total = cart.totals().total_minor
    return limit_minor > 0 and total > limit_minor and total > approved_total_minor(cart)


def pending_approvals(
    cart: Cart,
    *,
    language: str,
    removals: Collection[str],
    price_checks: Collection[str],
    basket_limit_minor: int,
) -> list[PendingApproval]:
    """What the basket waits for, line by line in the cart's order, then the basket."""
    aged = approved_lines(cart, ApprovalKind.AGE)
    waiting: list[PendingApproval] = []

    def wait(kind: ApprovalKind, line: CartLine) -> None:
        product = line.product
        waiting.append(
            PendingApproval(
                approval_id(kind, line.line_id),
                kind,
                line.line_id,
                product.name_in(language),
                product.min_age,
            )
        )

    for line in cart.lines:
        if needs_age_check(line.product.min_age) and line.line_id not in aged:
            wait(ApprovalKind.AGE, line)
        if line.line_id in price_checks:
            wait(ApprovalKind.PRICE_OVERRIDE, line)
        if line.line_id in removals:
            wait(ApprovalKind.REMOVAL, line)
    if over_limit(cart, basket_limit_minor):
        kind = ApprovalKind.BASKET_LIMIT
        waiting.append(PendingApproval(approval_id(kind), kind, None, ""))
    return waiting
