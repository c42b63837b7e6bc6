"""The sale being rung up: its cart, the goods of an exchange that pay for it, its tenders so
far and the receipt the customer wants; parked sales; the draft saved after every change.

Every change to the cart is saved as the draft sale before listeners hear of it, so killing
the app never loses a cart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.seller import Seller
from pos_app.devices.drawer import DrawerOutcome
from pos_app.domain.cart import Cart, CartLine, Discount, ProductInfo
from pos_app.domain.fulfilment import RemoteOrder
from pos_app.domain.roles import Approval
from pos_app.domain.tenders import Payment, Tender
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup, ScanResult
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.services.drafts import DraftService, ParkedInfo
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.services.sales import ReturnRequest
from pos_app.services.sync_status import SyncControl
from pos_app.services.users import StaffUser

log = logging.getLogger(__name__)

RECEIPT_CHOICES = ("paper", "ereceipt", "both")

# The goods of an exchange as the draft sale keeps them: its key in the draft ("exchange" for
# a receipt of this till or receiptless goods, "web_exchange" for a web order) and its state.
ExchangeDraft = tuple[str, dict[str, Any]]
# Brings an exchange back from its draft (``returns.ReturnsSession.restore_exchange``).
ExchangeRestorer = Callable[[str, dict[str, Any]], tuple[ReturnRequest, ExchangeDraft | None]]


@dataclass(frozen=True, slots=True)
class SaleResult:
    """What the last completed sale (or return, or exchange) left for the screens to show."""

    sale: CompletedSale
    change_minor: int
    drawer: DrawerOutcome | None
    refund: CompletedSale | None = None  # the return half of an exchange, or a plain return
    receipt_choice: str = "both"  # paper | ereceipt | both, as chosen for this sale
    given_minor: int = 0  # what the customer handed over (payment.handed_over_minor)


class SaleSession:
    """The sale in progress at one till (or kiosk) and what the last one left."""

    def __init__(
        self,
        flow: Flow,
        seller: Seller,
        catalog: CatalogLookup,
        drafts: DraftService,
        records: CheckoutRecords,
        new_cart: Callable[[], Cart],
        *,
        merge_scans: bool,
        receipt_default: str,
        sync: SyncControl | None = None,
        merge_any_line: bool = False,
        admit: Callable[[ProductInfo], None] | None = None,
    ) -> None:
        """``merge_any_line``: a repeated scan adds to any line of the item, not only the last
        (the kiosk). ``admit`` may refuse a product (raise ``UserError``) before it is added
        by a scan or ``add_product`` (the kiosk's sale hours)."""
        self._flow = flow
        self._seller = seller
        self._catalog = catalog
        self._drafts = drafts
        self._records = records
        self._new_cart = new_cart
        self._merge_scans = merge_scans
        self._merge_any_line = merge_any_line
        self._admit = admit
        self._receipt_default = receipt_default
        self._sync = sync
        self.cart: Cart = new_cart()
        self.payment: Payment | None = None  # tenders taken so far (``payment.PaymentSession``)
        self.exchange: ReturnRequest | None = None  # goods coming back, paying for this cart
        self._exchange_draft: ExchangeDraft | None = None  # how the draft keeps the exchange
        self.receipt_choice: str = receipt_default
        self.last_result: SaleResult | None = None

    def context(self) -> SaleContext:
        """Who sells, in which shift and language, and whether the receipt is printed."""
        user = self._seller.require_user()
        shift = self._seller.require_shift()
        return SaleContext(
            user.user_id,
            user.name,
            shift.shift_id,
            shift.business_date,
            self._flow.language,
            paper_receipt=self.receipt_choice != "ereceipt",
        )

    def require_selling(self) -> None:
        """The cart may change now (a scan after a completed sale starts the next one)."""
        self._seller.require_shift()
        sync = self._sync
        if sync is not None and not self.cart.lines and sync.status().identity_conflict:
            # A copy of another till's data: its receipt numbers are the other till's.
            raise UserError(
                "sync.identity_conflict",
                "This till's data is a copy in use on another till: enrol it again "
                "(`pos enroll`) before selling",
            )
        if self._flow.stage is Stage.DONE:
            self.start_next_sale()
        if self._flow.stage is not Stage.SELLING:
            raise UserError("sale.not_selling", "Finish the payment or return first")

    # -- the draft sale --------------------------------------------------------------------

    def save_draft(self) -> None:
        extra: dict[str, Any] = {}
        if self.exchange is not None and self._exchange_draft is not None:
            key, state = self._exchange_draft
            extra[key] = state
        if self.payment is not None and self._flow.stage is Stage.PAYING:
            extra["payment"] = _payment_state(self.payment)
        self._drafts.save_current(self.cart, self._seller.require_user().user_id, extra)

    def cart_changed(self) -> None:
        self.save_draft()
        self._flow.notify(Change.CART)

    def payment_changed(self) -> None:
        self.save_draft()
        self._flow.notify(Change.PAYMENT)

    def restore_draft(
        self,
        user: StaffUser,
        name_of: Callable[[str], str],
        restore_exchange: ExchangeRestorer | None,
    ) -> None:
        """After ``user`` signed in: their unfinished sale comes back (with its exchange and
        the tenders already taken); someone else's is parked under their name, never lost."""
        saved = self._drafts.load_current()
        if saved is None:
            return
        cart, owner, extra = saved
        for key, what in (("exchange", "exchange"), ("web_exchange", "web exchange")):
            state = extra.get(key)
            if state is None or owner != user.user_id:
                continue
            try:
                if restore_exchange is None:  # a front-end without returns
                    raise UserError("return.not_started", "Returns are not taken here")
                self.exchange, self._exchange_draft = restore_exchange(key, state)
            except UserError as error:
                # Returned elsewhere or out of the data meanwhile: keep the goods, parked.
                log.warning("Could not restore the %s of %s: %s", what, cart.cart_id, error)
                self._drafts.park(cart, owner, user.name)
                self._drafts.clear_current()
                return
        if owner == user.user_id:
            self.cart = cart
            if extra.get("payment"):
                # Tenders already taken (an approved card above all) must not be taken twice.
                self.payment = _payment_from_state(extra["payment"])
            log.info("Restored the draft sale %s with %s lines", cart.cart_id, len(cart.lines))
        else:
            owner_name = name_of(owner)
            if extra.get("exchange") is not None:
                log.warning("%s's unfinished exchange is parked as a plain sale", owner_name)
            self._drafts.park(cart, owner, owner_name)
            self._drafts.clear_current()
            log.info("Parked %s's unfinished sale %s", owner_name, cart.cart_id)

    def put_away(self, user: StaffUser) -> str | None:
        """Signing out: the sale in progress is parked under ``user``; returns its id, if any.
        Refused with tenders taken or an exchange under way."""
        if self._flow.stage is Stage.PAYING and self.payment and self.payment.tenders:
            raise UserError(
                "payment.in_progress", "Finish or cancel the payment before signing out"
            )
        if self.exchange is not None:
            raise UserError("park.exchange", "An exchange cannot be parked; finish or void it")
        parked_id = None
        if not self.cart.is_empty:
            parked_id = self._drafts.park(self.cart, user.user_id, user.name)
        self._drafts.clear_current()
        self.cart = self._new_cart()
        self.payment = None
        self.exchange = None
        return parked_id

    # -- the cart --------------------------------------------------------------------------

    def scan(self, code: str) -> CartLine:
        """A barcode, in-store weight/price label, PLU or SKU from the scanner or keyboard."""
        self.require_selling()
        code = code.strip()
        if not code:
            raise UserError("cart.unknown_barcode", "Empty barcode", code=code)
        result: ScanResult = self._catalog.resolve_scan(code)
        if result.needs_weight:
            raise UserError(
                "cart.weight_needed",
                f"{result.product.name} is sold by weight: enter the weight",
                sku=result.product.sku,
                product_id=result.product.product_id,
            )
        if self._admit is not None:
            self._admit(result.product)
        line = self.cart.add(
            result.product,
            result.quantity,
            barcode=code,
            fixed_total_minor=result.fixed_total_minor,
            merge=self._merge_scans,
            merge_any_line=self._merge_any_line,
        )
        self.cart_changed()
        return line

    def add_product(self, product: ProductInfo, quantity: Decimal | int = 1) -> CartLine:
        self.require_selling()
        if self._admit is not None:
            self._admit(product)
        line = self.cart.add(
            product, quantity, merge=self._merge_scans, merge_any_line=self._merge_any_line
        )
        self.cart_changed()
        return line

    def add_remote(
        self, product: ProductInfo, quantity: Decimal | int, order: RemoteOrder
    ) -> CartLine:
        """Endless aisle: sell ``product`` for delivery or pickup at another store."""
        self.require_selling()
        if self.exchange is not None:
            raise UserError(
                "aisle.exchange", "An exchange takes goods from this store; order them separately"
            )
        line = self.cart.add_remote(product, quantity, order)
        self.cart_changed()
        return line

    def set_quantity(self, line_id: str, quantity: Decimal) -> CartLine:
        self.require_selling()
        line = self.cart.set_quantity(line_id, quantity)
        self.cart_changed()
        return line

    def void_line(self, line_id: str) -> CartLine:
        self.require_selling()
        line = self.cart.void_line(line_id)
        self._drafts.record_line_void(self.cart, line, self._seller.require_user().user_id)
        self.cart_changed()
        return line

    def void_sale(self, reason: str = "") -> None:
        self.require_selling()
        if self.cart.is_empty:
            raise UserError("sale.empty", "There is nothing to void")
        self._drafts.void_sale(self.cart, self._seller.require_user().user_id, reason)
        self.cart = self._new_cart()
        self.exchange = None
        self.cart_changed()

    def line_discount(
        self, line_id: str, discount: Discount | None, approval: Approval | None = None
    ) -> CartLine:
        self.require_selling()
        line = self.cart.apply_line_discount(
            line_id, discount, self._seller.require_user().role, approval
        )
        self.audit_approval(approval)
        self.cart_changed()
        return line

    def cart_discount(self, discount: Discount | None, approval: Approval | None = None) -> None:
        self.require_selling()
        if discount is not None and self.cart.is_empty:
            raise UserError("sale.empty", "Add items before a discount")
        self.cart.apply_cart_discount(discount, self._seller.require_user().role, approval)
        self.audit_approval(approval)
        self.cart_changed()

    def override_price(
        self, line_id: str, unit_price_minor: int, reason: str, approval: Approval | None = None
    ) -> CartLine:
        self.require_selling()
        line = self.cart.override_price(
            line_id, unit_price_minor, self._seller.require_user().role, reason, approval
        )
        self.audit_approval(approval)
        self.cart_changed()
        return line

    def audit_approval(self, approval: Approval | None) -> None:
        """The approval is on the sale when it completes; the audit entry keeps it even if
        the sale is later voided."""
        if approval is None:
            return
        self._records.audit(
            "approval.granted",
            user_id=self._seller.require_user().user_id,
            approver_id=approval.approver_id,
            detail={"cart_id": self.cart.cart_id, **approval.to_dict()},
        )

    # -- the customer ----------------------------------------------------------------------

    def attach_customer(self, customer_id: str) -> None:
        """Ring this sale up for ``customer_id`` (found with ``services.customers``); allowed
        while selling and while paying (a loyalty QR shown at the payment step). Kept in the
        draft, the sale's row and its fact; the receipt shows only its short number."""
        if not customer_id.strip():
            raise UserError("customer.unknown", "No customer chosen")
        if self._flow.stage is not Stage.PAYING:
            self.require_selling()
        self.cart.customer_id = customer_id
        self.cart_changed()

    def detach_customer(self) -> None:
        """The sale is nobody's again."""
        if self.cart.customer_id is None:
            return
        if self._flow.stage is not Stage.PAYING:
            self.require_selling()
        self.cart.customer_id = None
        self.cart_changed()

    # -- park and resume -------------------------------------------------------------------

    def park(self, label: str = "") -> str:
        self.require_selling()
        if self.exchange is not None:
            raise UserError("park.exchange", "An exchange cannot be parked; finish or void it")
        parked_id = self._drafts.park(self.cart, self._seller.require_user().user_id, label)
        self.cart = self._new_cart()
        self.cart_changed()
        return parked_id

    def parked(self) -> list[ParkedInfo]:
        return self._drafts.parked()

    def resume(self, parked_id: str) -> None:
        self.require_selling()
        if not self.cart.is_empty:
            raise UserError("park.cart_not_empty", "Park or finish the current sale first")
        self.cart = self._drafts.resume(parked_id)
        self.cart_changed()

    # -- exchanges -------------------------------------------------------------------------

    def take_exchange(self, request: ReturnRequest, draft: ExchangeDraft | None) -> None:
        """Returned goods become credit for a new, empty cart (``returns.ReturnsSession``);
        the caller says what changed."""
        self.exchange = request
        self._exchange_draft = draft
        self.cart = self._new_cart()

    @property
    def exchange_credit_minor(self) -> int:
        return self.exchange.refund_minor if self.exchange else 0

    # -- between sales ---------------------------------------------------------------------

    def start_next_sale(self, *, notify_stage: bool = True) -> None:
        self._drafts.clear_current()
        self.cart = self._new_cart()
        self.payment = None
        self.exchange = None
        self.receipt_choice = self._receipt_default
        self._flow.notify(Change.CART, Change.PAYMENT)
        if notify_stage:
            self._flow.set_stage(Stage.SELLING)

    def next_sale(self) -> None:
        """Leave the thank-you state (the next scan does this by itself)."""
        if self._flow.stage is Stage.DONE:
            self.start_next_sale()


def _payment_state(payment: Payment) -> dict[str, Any]:
    return {
        "due_minor": payment.due_minor,
        "cash_rounding_step": payment.cash_rounding_step,
        "rounding_minor": payment.rounding_minor,
        "tenders": [tender.to_dict() for tender in payment.tenders],
    }


def _payment_from_state(state: dict[str, Any]) -> Payment:
    payment = Payment(state["due_minor"], cash_rounding_step=state["cash_rounding_step"])
    payment.tenders = [Tender.from_dict(item) for item in state["tenders"]]
    payment.rounding_minor = state["rounding_minor"]
    return payment
