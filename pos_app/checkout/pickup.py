"""The pickup desk's part in the checkout: the web order being handed over, shown on the
customer display, and a pay-in-store order rung up and paid like a sale (the hand-over
commits with the sale: ``payment.PaymentSession.finish``)."""

from __future__ import annotations

from decimal import Decimal

from pos_app.checkout.events import Change, Flow
from pos_app.checkout.payment import PaymentSession
from pos_app.checkout.sale import SaleSession
from pos_app.domain.cart import ProductInfo
from pos_app.domain.fulfilment import PickupPayment
from pos_app.domain.tenders import Payment
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.services.pickup import PickupView


class PickupSession:
    """Web orders handed over at this till."""

    def __init__(
        self, flow: Flow, sale: SaleSession, payment: PaymentSession, catalog: CatalogLookup
    ) -> None:
        self._flow = flow
        self._sale = sale
        self._payment = payment
        self._catalog = catalog
        self.handover: PickupView | None = None  # the web order at the desk, for the display

    def show_handover(self, view: PickupView | None) -> None:
        """Show (None: stop showing) the web order being handed over on the customer display."""
        self.handover = view
        self._flow.notify(Change.HANDOVER)

    def start_pickup_payment(self, view: PickupView, verified: PickupPayment) -> Payment:
        """Ring up a pay-in-store web order (less what the customer refused) at its own
        prices and go to payment; finishing the sale also hands the order over, in the same
        transaction."""
        self._sale.require_selling()
        if view.paid:
            raise UserError("pickup.already_paid", f"{view.number} is already paid")
        if view.state != "ready":
            raise UserError(
                "pickup.wrong_state",
                f"{view.number} is {view.state}, not ready",
                number=view.number,
                state=view.state,
            )
        left = dict(verified.refused)
        lines: list[tuple[ProductInfo, Decimal, int]] = []
        for line in view.lines:
            refused = min(left.get(line.sku, 0), line.qty_milli)
            left[line.sku] = left.get(line.sku, 0) - refused
            qty = line.qty_milli - refused
            if qty <= 0:
                continue
            product = self._catalog.by_sku(line.sku)
            if product is None:
                raise UserError(
                    "pickup.unknown_product",
                    f"{line.sku} of {view.number} is not in this till's catalog",
                    sku=line.sku,
                    number=view.number,
                )
            lines.append((product, Decimal(qty) / 1000, line.unit_price_minor))
        self._sale.cart.start_pickup_payment(verified, lines)
        self._sale.cart_changed()
        return self._payment.begin_payment()
