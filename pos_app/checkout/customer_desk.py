"""The customer of the sale being rung up, as the cashier's screens use it
(``pos_app.ui.cashier.customer_ports.CustomerDesk``): find, attach, sign up, consents, over
``services.customers`` and the ``SaleSession``. Qt-free.

What a screen gets (``DeskCustomer``) holds no phone number or e-mail address: only the
phone's last two digits and whether an e-mail is on file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from pos_app.checkout.sale import SaleSession
from pos_app.errors import UserError
from pos_app.services.customers import (
    CustomerService,
    CustomerView,
    SignUp,
    spendable_points,
)
from pos_app.services.loyalty import LoyaltyService
from sync.protocol.customers import normalise_phone
from sync.protocol.facts.customers import CONSENT_PURPOSES

# What the screens ask about, one by one (the notice is acknowledged, not consented to).
CONSENTS = tuple(p for p in CONSENT_PURPOSES if p != "kvkk_notice")


@dataclass(frozen=True)
class DeskCustomer:
    """One customer as the cashier may see them."""

    id: str
    name: str
    short_no: str
    points_balance: int
    spendable_points: int
    pending_points: int
    next_vesting: date | None
    phone_tail: str
    has_email: bool
    consents: Mapping[str, bool | None] = field(default_factory=dict)
    has_loyalty_qr: bool = False


class CustomerDesk:
    def __init__(
        self,
        customers: CustomerService,
        sale: SaleSession,
        today: Callable[[], date],
        loyalty: LoyaltyService | None = None,
    ) -> None:
        self._customers = customers
        self._sale = sale
        self._today = today
        self._loyalty = loyalty

    def _view(self, customer: CustomerView) -> DeskCustomer:
        today = self._today()
        pending = {
            date.fromisoformat(day): pts
            for day, pts in customer.pending_points.items()
            if date.fromisoformat(day) > today and pts
        }
        if self._loyalty is not None:
            # The replica's figures plus this till's sales not synced yet, as the payment
            # screen counts them (the kiosk does the same).
            points = self._loyalty.balance(customer.id, today)
            total, spendable, waiting = points.total, points.spendable, points.pending
        else:
            total, spendable = customer.loyalty_points, spendable_points(customer, today)
            waiting = sum(pending.values())
        return DeskCustomer(
            id=customer.id,
            name=customer.name,
            short_no=customer.number,
            points_balance=total,
            spendable_points=spendable,
            pending_points=waiting,
            next_vesting=min(pending) if pending else None,
            phone_tail=(normalise_phone(customer.phone) or "")[-2:],
            has_email=bool(customer.email),
            consents={p: customer.consents.get(p) for p in CONSENTS},
            has_loyalty_qr=customer.has_loyalty_qr,
        )

    def find(self, query: str) -> Sequence[DeskCustomer]:
        """A loyalty QR, a phone number in any form or a name (``CustomerService.find``)."""
        return [self._view(c) for c in self._customers.find(query)]

    def current(self) -> DeskCustomer | None:
        customer_id = self._sale.cart.customer_id
        if customer_id is None:
            return None
        found = self._customers.get(customer_id)
        return self._view(found) if found else None

    def attach(self, customer_id: str) -> DeskCustomer:
        """Attach the customer (a merged id: the one it was merged into) to the sale."""
        found = self._customers.get(customer_id)
        if found is None:
            raise UserError("customer.unknown", "This customer is not on this till", id=customer_id)
        self._sale.attach_customer(found.id)
        return self._view(found)

    def detach(self) -> None:
        self._sale.detach_customer()

    def notice(self, language: str) -> tuple[str, str] | None:
        """The KVKK notice: the pulled text, else the built-in template (never None)."""
        text = self._customers.legal_text("kvkk_notice", language)
        return text.version, text.text

    def sign_up(
        self,
        name: str,
        phone: str,
        email: str,
        acknowledged_notice_version: str,
        consents: Mapping[str, bool],
    ) -> DeskCustomer:
        """A new customer (not attached). Refused when the notice shown is not the current
        one (``customer.notice_changed``: show it again)."""
        current = self._customers.legal_text("kvkk_notice", "tr").version
        if acknowledged_notice_version != current:
            raise UserError(
                "customer.notice_changed",
                "The KVKK notice changed meanwhile: show the new one and ask again",
                version=current,
            )
        form = SignUp(
            name=name,
            phone=phone,
            email=email,
            consents={"kvkk_notice": True, **{k: bool(v) for k, v in consents.items()}},
        )
        return self._view(self._customers.sign_up(form))

    def change_consent(self, customer_id: str, purpose: str, granted: bool) -> DeskCustomer:
        return self._view(self._customers.change_consent(customer_id, purpose, granted))
