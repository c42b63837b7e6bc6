"""The customer's loyalty QR at the kiosk (docs/kiosk.md "Loyalty and gift cards"): a scan of
``LOY1:...`` while shopping attaches the customer to the basket, the screen greets them by
first name with their points, and the points pay before the card (``KioskPayment``).

The kiosk's screen is public: what leaves this module (``KioskShopper``) holds the first name
and the points only, never the phone number, the e-mail or the rest of the name. There is
no sign-up at the kiosk: the KVKK notice and the consents are asked by staff or on the web
shop (``customer.sign_up`` stays with the till's desk).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pos_app.checkout.kiosk.payment import KioskPayment
from pos_app.checkout.kiosk.session import KioskSession
from pos_app.domain.tenders import Tender
from pos_app.errors import UserError
from pos_app.services.customers import CustomerService, CustomerView, spendable_points
from pos_app.services.loyalty import LoyaltyService
from sync.protocol import loyalty_qr
from sync.protocol.loyalty import points_for_amount


@dataclass(frozen=True, slots=True)
class KioskShopper:
    """The attached customer as the public screen may show them."""

    first_name: str
    points: int  # spendable today (pending points left out)
    point_value_minor: int  # a point's worth by the pulled rules; 0: none pulled, no spending

    @property
    def points_value_minor(self) -> int:
        return self.points * self.point_value_minor


def first_name(name: str) -> str:
    """The first word of a name ("Elif Su Şahin" -> "Elif"); "" for a blank (erased) one."""
    words = name.split()
    return words[0] if words else ""


class KioskCustomer:
    """Attach, show and detach the basket's customer, and offer their points."""

    def __init__(
        self,
        session: KioskSession,
        payment: KioskPayment,
        customers: CustomerService,
        loyalty: LoyaltyService | None,
        today: Callable[[], date],
    ) -> None:
        self._session = session
        self._payment = payment
        self._customers = customers
        self._loyalty = loyalty
        self._today = today

    @staticmethod
    def recognises(code: str) -> bool:
        """A scan that reads like a loyalty QR (``LOY1:``), garbled or not: never goods."""
        return loyalty_qr.is_loyalty_qr(code)

    def scan(self, code: str) -> KioskShopper:
        """Attach the customer of a scanned loyalty QR (another one attached before is
        replaced, their points given back). ``customer.bad_qr`` for a garbled code,
        ``customer.unknown_qr`` for one no customer on this kiosk has, ``kiosk.closed``."""
        session = self._session
        if not session.day_open:
            raise UserError("kiosk.closed", "The kiosk is closed: ask a member of staff")
        session.touch()
        found = self._customers.find_by_scan(code)
        if found is None:
            raise UserError(
                "customer.unknown_qr",
                "This loyalty QR is not known here (a new account reaches the kiosk "
                "within minutes): ask a member of staff",
            )
        if session.sale.cart.customer_id not in (None, found.id):
            self._payment.remove_points()  # the other customer's points, not this one's
        session.sale.attach_customer(found.id)
        return self._shopper(found)

    def current(self) -> KioskShopper | None:
        customer_id = self._session.sale.cart.customer_id
        if customer_id is None:
            return None
        found = self._customers.get(customer_id)
        return self._shopper(found) if found is not None else None

    def detach(self) -> None:
        """ "Not you?": the basket is nobody's again, its points given back."""
        self._session.touch()
        self._payment.remove_points()
        self._session.sale.detach_customer()

    def _shopper(self, customer: CustomerView) -> KioskShopper:
        today = self._today()
        rules = self._loyalty.rules() if self._loyalty is not None else None
        if self._loyalty is not None:
            # The replica's balance plus this kiosk's own sales not synced yet.
            points = self._loyalty.balance(customer.id, today).spendable
        else:
            points = spendable_points(customer, today)
        value = rules.point_value_minor if rules is not None else 0
        return KioskShopper(first_name(customer.name), max(0, points), value)

    # -- points before the card ------------------------------------------------------------

    def points_used(self) -> int:
        """Points the basket's payment holds now."""
        return sum(t.points for t in self._payment.points_tenders())

    def points_offer(self) -> int:
        """The points "Use your points" spends: the spendable balance, at most what the
        rest of the basket is worth; 0 when points are taken already or cannot pay."""
        shopper = self.current()
        rules = self._loyalty.rules() if self._loyalty is not None else None
        if shopper is None or rules is None or self._payment.points_tenders():
            return 0
        due = self._payment.card_due_minor()
        return max(0, min(shopper.points, points_for_amount(max(0, due), rules)))

    def use_points(self) -> Tender:
        """Spend ``points_offer`` points (held online, or within the offline bounds: the
        core's refusal as it is, e.g. ``loyalty.offline_bound``)."""
        self._session.touch()
        points = self.points_offer()
        if points <= 0:
            raise UserError("loyalty.nothing_to_spend", "There are no points to spend on this")
        return self._payment.pay_points(points)

    def remove_points(self) -> None:
        self._session.touch()
        self._payment.remove_points()
