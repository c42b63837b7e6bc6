"""The cashier's flow over the services, Qt-free: who is signed in, the sale in progress,
its payment, returns and exchanges.

The Qt screens (and later the kiosk) only show this state and forward input to it; they
listen for changes through ``subscribe``. Every change to the cart is saved as the draft
sale before listeners hear of it, so killing the app never loses a cart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from pos_app.devices.drawer import CashDrawer, DrawerOutcome
from pos_app.domain.cart import Cart, CartLine, Discount, ProductInfo
from pos_app.domain.fulfilment import PickupPayment, RemoteOrder
from pos_app.domain.returns import ReturnLine, refund_for, refund_to_original
from pos_app.domain.roles import Approval, Role
from pos_app.domain.sale_limits import check_refund
from pos_app.domain.tenders import Payment, Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.catalog import ScanResult
from pos_app.services.drafts import ParkedInfo
from pos_app.services.facts import audit
from pos_app.services.pickup import PickupView
from pos_app.services.sales import (
    CompletedSale,
    ReturnRequest,
    SaleContext,
    SaleForReturn,
)
from pos_app.services.shifts import ShiftClose, ShiftInfo
from pos_app.services.users import StaffUser
from pos_app.services.web_returns import OVERRIDE_ACTION as WEB_RETURN_OVERRIDE
from pos_app.services.web_returns import origin_state
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import table

if TYPE_CHECKING:
    from pos_app.app import Services

log = logging.getLogger(__name__)


RECEIPT_CHOICES = ("paper", "ereceipt", "both")


class Stage(StrEnum):
    SIGNED_OUT = "signed_out"
    NEEDS_SHIFT = "needs_shift"
    SELLING = "selling"
    PAYING = "paying"
    RETURNING = "returning"
    DONE = "done"  # a sale just completed; the customer display thanks the customer


class Change(StrEnum):
    """What listeners are told changed."""

    SESSION = "session"
    CART = "cart"
    PAYMENT = "payment"
    RETURN = "return"
    STAGE = "stage"
    HANDOVER = "handover"  # a pickup order is being handed over (the customer display shows it)


# Turkish lira notes and coins, in kuruş, for the shift close count.
TRY_DENOMINATIONS = (20000, 10000, 5000, 2000, 1000, 500, 100, 50, 25, 10, 5, 1)


@dataclass
class ReturnDraft:
    """A return being put together: from a receipt, or receiptless (products at today's price)."""

    original: SaleForReturn | None
    quantities: dict[str, Decimal] = field(default_factory=dict)  # by original line id
    receiptless: list[ReturnLine] = field(default_factory=list)
    to_store_credit: bool = False
    approval: Approval | None = None

    def lines(self) -> list[ReturnLine]:
        if self.original is None:
            return list(self.receiptless)
        chosen = []
        for sold in self.original.lines:
            quantity = self.quantities.get(sold.line_id, Decimal(0))
            if quantity > 0:
                chosen.append(refund_for(sold, quantity))
        return chosen

    @property
    def refund_minor(self) -> int:
        return sum(line.refund_minor for line in self.lines())


@dataclass(frozen=True, slots=True)
class SaleResult:
    """What the last completed sale (or return, or exchange) left for the screens to show."""

    sale: CompletedSale
    change_minor: int
    drawer: DrawerOutcome | None
    refund: CompletedSale | None = None  # the return half of an exchange, or a plain return
    receipt_choice: str = "both"  # paper | ereceipt | both, as chosen for this sale
    given_minor: int = 0  # what the customer handed over (handed_over_minor)


def handed_over_minor(payment: Payment) -> int:
    """What the customer handed over: the cash itself (not the part the sale kept), the
    card and voucher amounts, the credit of goods brought back. Less the change, the total."""
    return sum(
        tender.tendered_minor if tender.kind is TenderKind.CASH else tender.amount_minor
        for tender in payment.tenders
    )


Listener = Callable[[Change], None]
QUIT_ACTION = "app.quit"  # closing the app: see Register.authorize_quit


class Register:
    """One terminal's cashier session: sign-in, shift, sale, payment, returns."""

    def __init__(self, services: Services, drawer: CashDrawer, *, language: str = "tr") -> None:
        self.services = services
        self.drawer = drawer
        self.language = language
        self.user: StaffUser | None = None
        self.shift: ShiftInfo | None = None
        self.cart: Cart = services.new_cart()
        self.payment: Payment | None = None
        self.returning: ReturnDraft | None = None
        self.exchange: ReturnRequest | None = None  # goods coming back, paying for this cart
        self._exchange_source: ReturnDraft | None = None  # what the exchange was made from
        self.last_result: SaleResult | None = None
        self.receipt_choice: str = services.settings.receipt_default
        self.stage = Stage.SIGNED_OUT
        self._listeners: list[Listener] = []
        self.handover: PickupView | None = None  # the web order at the desk, for the display

    # -- listeners -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self, *changes: Change) -> None:
        for change in changes:
            for listener in list(self._listeners):
                listener(change)

    def _set_stage(self, stage: Stage) -> None:
        if stage is not self.stage:
            self.stage = stage
            self._notify(Change.STAGE)

    # -- session ---------------------------------------------------------------------------

    def staff(self) -> list[StaffUser]:
        return [user for user in self.services.users.list() if user.active]

    def sign_in(self, user_id: str, pin: str) -> StaffUser:
        """Check the PIN (lock-out after repeated failures) and bring back any draft sale."""
        user = self.services.users.authenticate(user_id, pin)
        self.user = user
        self.shift = self.services.shifts.current()
        self._restore_draft(user)
        self._notify(Change.SESSION, Change.CART, Change.PAYMENT)
        if self.shift is None:
            self._set_stage(Stage.NEEDS_SHIFT)
        else:
            self._set_stage(Stage.PAYING if self.payment else Stage.SELLING)
        return user

    def _restore_draft(self, user: StaffUser) -> None:
        saved = self.services.drafts.load_current()
        if saved is None:
            return
        cart, owner, extra = saved
        exchange = extra.get("exchange")
        if exchange is not None and owner == user.user_id:
            try:
                self._exchange_source = _draft_from_state(exchange, self.services)
                self.exchange = self._request_from(self._exchange_source)
            except UserError as error:
                # The receipt changed meanwhile (returned elsewhere): keep the goods, parked.
                log.warning("Could not restore the exchange of %s: %s", cart.cart_id, error)
                self.services.drafts.park(cart, owner, user.name)
                self.services.drafts.clear_current()
                return
        web_exchange = extra.get("web_exchange")
        if web_exchange is not None and owner == user.user_id:
            try:
                self.exchange = self.services.web_returns.restore(web_exchange)
            except UserError as error:
                # Returned elsewhere or out of the data meanwhile: keep the goods, parked.
                log.warning("Could not restore the web exchange of %s: %s", cart.cart_id, error)
                self.services.drafts.park(cart, owner, user.name)
                self.services.drafts.clear_current()
                return
        if owner == user.user_id:
            self.cart = cart
            if extra.get("payment"):
                # Tenders already taken (an approved card above all) must not be taken twice.
                self.payment = _payment_from_state(extra["payment"])
            log.info("Restored the draft sale %s with %s lines", cart.cart_id, len(cart.lines))
        else:
            # Someone else's sale in progress is parked under their name, never lost.
            owner_name = next((u.name for u in self.staff() if u.user_id == owner), owner)
            if exchange is not None:
                log.warning("%s's unfinished exchange is parked as a plain sale", owner_name)
            self.services.drafts.park(cart, owner, owner_name)
            self.services.drafts.clear_current()
            log.info("Parked %s's unfinished sale %s", owner_name, cart.cart_id)

    def sign_out(self) -> str | None:
        """End the session; a sale in progress is parked. Returns the parked id, if any."""
        user = self._require_user()
        parked_id = None
        if self.stage is Stage.PAYING and self.payment and self.payment.tenders:
            raise UserError(
                "payment.in_progress", "Finish or cancel the payment before signing out"
            )
        if self.exchange is not None:
            raise UserError("park.exchange", "An exchange cannot be parked; finish or void it")
        if not self.cart.is_empty:
            parked_id = self.services.drafts.park(self.cart, user.user_id, user.name)
        self.services.drafts.clear_current()
        self.cart = self.services.new_cart()
        self.payment = None
        self.returning = None
        self.exchange = None
        self.user = None
        self._notify(Change.SESSION, Change.CART)
        self._set_stage(Stage.SIGNED_OUT)
        return parked_id

    def open_shift(self, float_minor: int) -> ShiftInfo:
        user = self._require_user()
        self.shift = self.services.shifts.open(user.user_id, float_minor)
        self._notify(Change.SESSION)
        self._set_stage(Stage.SELLING)
        return self.shift

    def expected_cash(self) -> int:
        return self.services.shifts.expected_cash(self._require_shift().shift_id)

    def close_shift(self, counts: dict[int, int], approval: Approval | None = None) -> ShiftClose:
        """Close the shift with the counted notes and coins (denomination in kuruş -> count).

        A count far off the expected cash raises ``shift.recount`` once, then
        ``approval.required`` until ``approval`` is given (services.shifts).
        """
        user = self._require_user()
        shift = self._require_shift()
        if not self.cart.is_empty:
            raise UserError("shift.sale_in_progress", "Finish or park the sale first")
        for denomination, count in counts.items():
            if count < 0:
                raise UserError(
                    "shift.negative_count",
                    "A count cannot be negative",
                    denomination=denomination,
                )
        counted = sum(denomination * count for denomination, count in counts.items())
        closed = self.services.shifts.close(
            shift.shift_id,
            counted,
            user.user_id,
            language=self.language,
            cashier_name=user.name,
            approval=approval,
        )
        self.shift = None
        self._notify(Change.SESSION)
        self._set_stage(Stage.NEEDS_SHIFT)
        return closed

    def context(self) -> SaleContext:
        user = self._require_user()
        shift = self._require_shift()
        return SaleContext(
            user.user_id,
            user.name,
            shift.shift_id,
            shift.business_date,
            self.language,
            paper_receipt=self.receipt_choice != "ereceipt",
        )

    def set_receipt_choice(self, choice: str) -> None:
        """Paper, e-receipt only (the QR on the customer display), or both, for this sale."""
        if choice not in RECEIPT_CHOICES:
            raise UserError("receipt.bad_choice", f"Unknown receipt choice {choice!r}")
        self.receipt_choice = choice
        self._notify(Change.PAYMENT)

    def set_language(self, language: str) -> None:
        self.language = language
        self._notify(Change.SESSION, Change.CART)

    def _require_user(self) -> StaffUser:
        if self.user is None:
            raise UserError("session.signed_out", "Sign in first")
        return self.user

    def _require_shift(self) -> ShiftInfo:
        if self.shift is None:
            raise UserError("shift.not_open", "Open a shift first")
        return self.shift

    @property
    def role(self) -> Role:
        return self._require_user().role

    # -- approvals -------------------------------------------------------------------------

    def approvers(self, minimum: Role = Role.SUPERVISOR) -> list[StaffUser]:
        return [user for user in self.staff() if user.role.rank >= minimum.rank]

    def approver_role(self, action: str) -> Role:
        """The least senior role that may approve ``action``."""
        policy = self.services.policy
        if action == "return.receiptless":
            return policy.receiptless_return_role
        if action == "drawer.no_sale":
            return policy.no_sale_role
        if action == WEB_RETURN_OVERRIDE:
            return policy.web_return_override_role
        if action == QUIT_ACTION:
            return Role.MANAGER
        return Role.SUPERVISOR

    def approve(self, approver_id: str, pin: str, action: str, detail: str = "") -> Approval:
        """A supervisor's or manager's PIN for ``action`` (wrong PINs count towards lock-out)."""
        minimum = self.approver_role(action)
        return self.services.users.approve(approver_id, pin, action, minimum, detail)

    # -- the cart --------------------------------------------------------------------------

    def _require_selling(self) -> None:
        self._require_shift()
        sync = self.services.sync
        if sync is not None and not self.cart.lines and sync.status().identity_conflict:
            # A copy of another till's data: its receipt numbers are the other till's.
            raise UserError(
                "sync.identity_conflict",
                "This till's data is a copy in use on another till: enrol it again "
                "(`pos enroll`) before selling",
            )
        if self.stage is Stage.DONE:
            self._start_next_sale()
        if self.stage is not Stage.SELLING:
            raise UserError("sale.not_selling", "Finish the payment or return first")

    def _save_draft(self) -> None:
        extra: dict[str, Any] = {}
        if self.exchange is not None and self._exchange_source is not None:
            extra["exchange"] = _draft_state(self._exchange_source)
        elif self.exchange is not None and origin_state(self.exchange) is not None:
            extra["web_exchange"] = origin_state(self.exchange)
        if self.payment is not None and self.stage is Stage.PAYING:
            extra["payment"] = _payment_state(self.payment)
        self.services.drafts.save_current(self.cart, self._require_user().user_id, extra)

    def _cart_changed(self) -> None:
        self._save_draft()
        self._notify(Change.CART)

    def _payment_changed(self) -> None:
        self._save_draft()
        self._notify(Change.PAYMENT)

    def scan(self, code: str) -> CartLine:
        """A barcode, in-store weight/price label, PLU or SKU from the scanner or keyboard."""
        self._require_selling()
        code = code.strip()
        if not code:
            raise UserError("cart.unknown_barcode", "Empty barcode", code=code)
        result: ScanResult = self.services.catalog.resolve_scan(code)
        if result.needs_weight:
            raise UserError(
                "cart.weight_needed",
                f"{result.product.name} is sold by weight: enter the weight",
                sku=result.product.sku,
                product_id=result.product.product_id,
            )
        line = self.cart.add(
            result.product,
            result.quantity,
            barcode=code,
            fixed_total_minor=result.fixed_total_minor,
            merge=self.services.settings.merge_scans,
        )
        self._cart_changed()
        return line

    def add_product(self, product: ProductInfo, quantity: Decimal | int = 1) -> CartLine:
        self._require_selling()
        line = self.cart.add(product, quantity, merge=self.services.settings.merge_scans)
        self._cart_changed()
        return line

    def add_remote(
        self, product: ProductInfo, quantity: Decimal | int, order: RemoteOrder
    ) -> CartLine:
        """Endless aisle: sell ``product`` for delivery or pickup at another store."""
        self._require_selling()
        if self.exchange is not None:
            raise UserError(
                "aisle.exchange", "An exchange takes goods from this store; order them separately"
            )
        line = self.cart.add_remote(product, quantity, order)
        self._cart_changed()
        return line

    # -- pickups paid in store -------------------------------------------------------------

    def show_handover(self, view: PickupView | None) -> None:
        """Show (None: stop showing) the web order being handed over on the customer display."""
        self.handover = view
        self._notify(Change.HANDOVER)

    def start_pickup_payment(self, view: PickupView, verified: PickupPayment) -> Payment:
        """Ring up a pay-in-store web order (less what the customer refused) at its own
        prices and go to payment; finishing the sale also hands the order over, in the same
        transaction."""
        self._require_selling()
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
            product = self.services.catalog.by_sku(line.sku)
            if product is None:
                raise UserError(
                    "pickup.unknown_product",
                    f"{line.sku} of {view.number} is not in this till's catalog",
                    sku=line.sku,
                    number=view.number,
                )
            lines.append((product, Decimal(qty) / 1000, line.unit_price_minor))
        self.cart.start_pickup_payment(verified, lines)
        self._cart_changed()
        return self.begin_payment()

    def set_quantity(self, line_id: str, quantity: Decimal) -> CartLine:
        self._require_selling()
        line = self.cart.set_quantity(line_id, quantity)
        self._cart_changed()
        return line

    def void_line(self, line_id: str) -> CartLine:
        self._require_selling()
        line = self.cart.void_line(line_id)
        self.services.drafts.record_line_void(self.cart, line, self._require_user().user_id)
        self._cart_changed()
        return line

    def void_sale(self, reason: str = "") -> None:
        self._require_selling()
        if self.cart.is_empty:
            raise UserError("sale.empty", "There is nothing to void")
        self.services.drafts.void_sale(self.cart, self._require_user().user_id, reason)
        self.cart = self.services.new_cart()
        self.exchange = None
        self._cart_changed()

    def line_discount(
        self, line_id: str, discount: Discount | None, approval: Approval | None = None
    ) -> CartLine:
        self._require_selling()
        line = self.cart.apply_line_discount(line_id, discount, self.role, approval)
        self._audit_approval(approval)
        self._cart_changed()
        return line

    def cart_discount(self, discount: Discount | None, approval: Approval | None = None) -> None:
        self._require_selling()
        if discount is not None and self.cart.is_empty:
            raise UserError("sale.empty", "Add items before a discount")
        self.cart.apply_cart_discount(discount, self.role, approval)
        self._audit_approval(approval)
        self._cart_changed()

    def override_price(
        self, line_id: str, unit_price_minor: int, reason: str, approval: Approval | None = None
    ) -> CartLine:
        self._require_selling()
        line = self.cart.override_price(line_id, unit_price_minor, self.role, reason, approval)
        self._audit_approval(approval)
        self._cart_changed()
        return line

    def _audit_approval(self, approval: Approval | None) -> None:
        # The approval is on the sale when it completes; the audit entry keeps it even if
        # the sale is later voided.
        if approval is None:
            return
        with write_transaction(self.services.engine) as conn:
            audit(
                conn,
                action="approval.granted",
                at=self.services.clock.now(),
                user_id=self._require_user().user_id,
                approver_id=approval.approver_id,
                detail={"cart_id": self.cart.cart_id, **approval.to_dict()},
            )

    # -- park and resume -------------------------------------------------------------------

    def park(self, label: str = "") -> str:
        self._require_selling()
        if self.exchange is not None:
            raise UserError("park.exchange", "An exchange cannot be parked; finish or void it")
        parked_id = self.services.drafts.park(self.cart, self._require_user().user_id, label)
        self.cart = self.services.new_cart()
        self._cart_changed()
        return parked_id

    def parked(self) -> list[ParkedInfo]:
        return self.services.drafts.parked()

    def resume(self, parked_id: str) -> None:
        self._require_selling()
        if not self.cart.is_empty:
            raise UserError("park.cart_not_empty", "Park or finish the current sale first")
        self.cart = self.services.drafts.resume(parked_id)
        self._cart_changed()

    # -- payment ---------------------------------------------------------------------------

    def begin_payment(self) -> Payment:
        self._require_selling()
        if self.cart.is_empty:
            raise UserError("sale.empty", "Add items before payment")
        total = self.cart.totals().total_minor
        self.payment = Payment(total, cash_rounding_step=self.services.settings.cash_rounding_step)
        if self.exchange is not None:
            credit = min(self.exchange.refund_minor, total)
            if credit:
                self.payment.add_credit(TenderKind.EXCHANGE_CREDIT, credit, "exchange")
        self._set_stage(Stage.PAYING)
        self._payment_changed()
        return self.payment

    def _require_payment(self) -> Payment:
        if self.stage is not Stage.PAYING or self.payment is None:
            raise UserError("payment.not_started", "Start the payment first")
        return self.payment

    def quick_cash_amounts(self) -> list[int]:
        """Exact amount, then the next round notes above it (in kuruş)."""
        payment = self._require_payment()
        due = payment.cash_due_minor()
        if due <= 0:
            return []
        amounts = [due]
        for step in (1000, 5000, 10000, 20000):
            rounded = -(-due // step) * step
            if rounded not in amounts:
                amounts.append(rounded)
        return amounts[:4]

    def pay_cash(self, tendered_minor: int) -> Tender:
        payment = self._require_payment()
        tender = payment.add_cash(tendered_minor)
        self._payment_changed()
        return tender

    def pay_card(self, amount_minor: int, approval_code: str) -> Tender:
        payment = self._require_payment()
        tender = payment.add_card(amount_minor, approval_code)
        self._payment_changed()
        return tender

    def pay_voucher(self, code: str, amount_minor: int) -> Tender:
        payment = self._require_payment()
        code = code.strip().upper()
        balance = self.services.sales.voucher_balance(code) - sum(
            t.amount_minor
            for t in payment.tenders
            if t.kind is TenderKind.STORE_CREDIT and t.reference == code
        )
        if balance < amount_minor:
            raise UserError(
                "payment.voucher_insufficient",
                f"Voucher {code} has only {balance} left",
                code=code,
                balance_minor=balance,
            )
        tender = payment.add_credit(TenderKind.STORE_CREDIT, amount_minor, code)
        self._payment_changed()
        return tender

    def remove_tender(self, tender_id: str) -> None:
        payment = self._require_payment()
        if any(
            t.tender_id == tender_id and t.kind is TenderKind.EXCHANGE_CREDIT
            for t in payment.tenders
        ):
            raise UserError("payment.exchange_credit_fixed", "The exchange credit stays")
        payment.remove(tender_id)
        self._payment_changed()

    def cancel_payment(self) -> None:
        """Back to the sale. Card tenders already approved must be removed (refunded) first."""
        payment = self._require_payment()
        if any(t.kind is TenderKind.CARD for t in payment.tenders):
            raise UserError(
                "payment.card_taken",
                "A card payment was approved; remove it (refund on the terminal) first",
            )
        self.payment = None
        self._set_stage(Stage.SELLING)
        self._payment_changed()

    def exchange_needs_card_approval(self) -> bool:
        """Whether the part of an exchange's refund the new goods do not use goes to a card."""
        if self.exchange is None or self.exchange.original is None:
            return False
        if self.exchange.to_store_credit:
            return False
        left = self.exchange.refund_minor - min(
            self.exchange.refund_minor, self.cart.totals().total_minor
        )
        if left <= 0:
            return False
        return any(
            t.kind is TenderKind.CARD
            for t in refund_to_original(left, self.exchange.original.tenders)
        )

    def finish(self, card_refund_approval: str = "") -> SaleResult:
        """Commit the paid sale (one transaction with its receipt job), then open the drawer.

        In an exchange whose leftover refund goes back to a card, ``card_refund_approval`` is
        the card terminal's code for that refund.
        """
        payment = self._require_payment()
        ctx = self.context()
        refund = None
        if self.exchange is not None:
            request = replace(self.exchange, card_refund_approval=card_refund_approval)
            refund, sale = self.services.sales.complete_exchange(request, self.cart, payment, ctx)
        else:
            sale = self.services.sales.complete_sale(
                self.cart, payment, ctx, also=self._pickup_handover(self.cart.pickup_payment)
            )
        cash = any(t.kind is TenderKind.CASH for t in payment.tenders) or (
            refund is not None and self._cash_refunded(refund)
        )
        drawer = self.drawer.open(reason="sale") if cash else None
        self.last_result = SaleResult(
            sale,
            sale.change_minor,
            drawer,
            refund,
            receipt_choice=self.receipt_choice,
            given_minor=handed_over_minor(payment),
        )
        self._start_next_sale(notify_stage=False)
        self._set_stage(Stage.DONE)
        return self.last_result

    def _pickup_handover(
        self, pickup: PickupPayment | None
    ) -> Callable[[Connection, CompletedSale], None] | None:
        """The handover a pickup payment commits together with its sale."""
        if pickup is None:
            return None
        user_id = self._require_user().user_id

        def hand_over(conn: Connection, sold: CompletedSale) -> None:
            self.services.pickup.hand_over(
                pickup.order_id,
                user_id,
                verified_by=pickup.verified_by,
                code=pickup.code,
                id_note=pickup.id_note,
                refused=pickup.refused,
                payment_sale_id=sold.sale_id,
                conn=conn,
            )

        return hand_over

    def _start_next_sale(self, *, notify_stage: bool = True) -> None:
        self.services.drafts.clear_current()
        self.cart = self.services.new_cart()
        self.payment = None
        self.exchange = None
        self.receipt_choice = self.services.settings.receipt_default
        self._notify(Change.CART, Change.PAYMENT)
        if notify_stage:
            self._set_stage(Stage.SELLING)

    def receipt_url(self) -> str | None:
        """The e-receipt link of the sale just completed (its QR is on the customer display)."""
        result = self.last_result
        if result is None or not result.sale.receipt_token or result.receipt_choice == "paper":
            return None
        base = self.services.settings.ereceipt_base_url.rstrip("/")
        return f"{base}/r/{result.sale.receipt_token}"

    def next_sale(self) -> None:
        """Leave the thank-you state (the next scan does this by itself)."""
        if self.stage is Stage.DONE:
            self._start_next_sale()

    # -- returns and exchanges -------------------------------------------------------------

    def begin_return(self) -> None:
        self._require_selling()
        if not self.cart.is_empty:
            raise UserError("return.sale_in_progress", "Finish or park the current sale first")
        self.returning = None
        self._notify(Change.RETURN)
        self._set_stage(Stage.RETURNING)

    def _require_returning(self) -> None:
        if self.stage is not Stage.RETURNING:
            raise UserError("return.not_started", "Start a return first")

    def load_receipt(self, receipt_no: str) -> SaleForReturn:
        """Scan or type the receipt number (printed as a barcode on every receipt)."""
        self._require_returning()
        sale = self.services.sales.find_sale(receipt_no)
        self.returning = ReturnDraft(original=sale)
        self._notify(Change.RETURN)
        return sale

    def start_receiptless(self, approval: Approval) -> None:
        """A return without a receipt: a supervisor's approval first, then scan the goods."""
        self._require_returning()
        if approval.action != "return.receiptless":
            raise UserError("approval.required", "Approval needed", action="return.receiptless")
        self.returning = ReturnDraft(original=None, approval=approval)
        self._audit_approval(approval)
        self._notify(Change.RETURN)

    def _draft(self) -> ReturnDraft:
        self._require_returning()
        if self.returning is None:
            raise UserError("return.no_receipt", "Scan the receipt or start a receiptless return")
        return self.returning

    def set_return_quantity(self, line_id: str, quantity: Decimal) -> None:
        draft = self._draft()
        if draft.original is None:
            raise UserError("return.no_receipt", "This return has no receipt")
        sold = next((s for s in draft.original.lines if s.line_id == line_id), None)
        if sold is None:
            raise UserError("cart.unknown_line", "No such line on the receipt", line_id=line_id)
        if quantity < 0:
            raise UserError("return.quantity_not_positive", "Return quantity must be positive")
        if quantity > 0:
            refund_for(sold, quantity)  # validates against what is still returnable
            draft.quantities[line_id] = quantity
        else:
            draft.quantities.pop(line_id, None)
        self._notify(Change.RETURN)

    def return_scan(self, code: str) -> None:
        """In a receiptless return, a scanned product comes back at today's price; with a
        receipt, a scan marks one more of that product for return."""
        draft = self._draft()
        result = self.services.catalog.resolve_scan(code)
        product = result.product
        if draft.original is not None:
            for sold in draft.original.lines:
                chosen = draft.quantities.get(sold.line_id, Decimal(0))
                step = sold.returnable_quantity if sold.sold_by_weight else Decimal(1)
                if sold.product_id == product.product_id and chosen + step <= (
                    sold.returnable_quantity
                ):
                    self.set_return_quantity(sold.line_id, chosen + step)
                    return
            raise UserError(
                "return.not_on_receipt",
                f"{product.name} is not on this receipt (or already returned)",
                sku=product.sku,
            )
        probe = Cart(currency=self.cart.currency, mode=self.cart.mode)
        line = probe.add(product, result.quantity, fixed_total_minor=result.fixed_total_minor)
        amount = probe.totals().total_minor
        check_refund(draft.refund_minor + amount)
        draft.receiptless.append(
            ReturnLine(
                None,
                product.product_id,
                product.sku,
                product.name_in(self.language),
                product.vat_rate,
                line.quantity,
                amount,
                product.sold_by_weight,
            )
        )
        self._notify(Change.RETURN)

    def remove_receiptless_line(self, index: int) -> None:
        draft = self._draft()
        if not 0 <= index < len(draft.receiptless):
            raise UserError("cart.unknown_line", "No such line", line_id=str(index))
        del draft.receiptless[index]
        self._notify(Change.RETURN)

    def set_refund_to_store_credit(self, enabled: bool) -> None:
        self._draft().to_store_credit = enabled
        self._notify(Change.RETURN)

    def return_needs_card_approval(self) -> bool:
        """Whether refunding to the original tenders puts money back on a card."""
        draft = self._draft()
        if draft.to_store_credit or draft.original is None or draft.refund_minor <= 0:
            return False
        return any(
            t.kind is TenderKind.CARD
            for t in refund_to_original(draft.refund_minor, draft.original.tenders)
        )

    def _request(self, card_refund_approval: str = "") -> ReturnRequest:
        return self._request_from(self._draft(), card_refund_approval)

    @staticmethod
    def _request_from(draft: ReturnDraft, card_refund_approval: str = "") -> ReturnRequest:
        return ReturnRequest(
            lines=draft.lines(),
            original=draft.original,
            to_store_credit=draft.to_store_credit,
            card_refund_approval=card_refund_approval,
            approval=draft.approval,
        )

    def complete_return(self, card_refund_approval: str = "") -> SaleResult:
        """Refund now: to the original tenders (cards need the terminal's code) or a voucher."""
        request = self._request(card_refund_approval)
        refund = self.services.sales.complete_return(request, self.context())
        cash_out = self._cash_refunded(refund)
        drawer = self.drawer.open(reason="refund") if cash_out else None
        self.last_result = SaleResult(refund, 0, drawer, refund, receipt_choice=self.receipt_choice)
        self.returning = None
        self._notify(Change.RETURN)
        self._start_next_sale(notify_stage=False)
        self._set_stage(Stage.DONE)
        return self.last_result

    def _cash_refunded(self, refund: CompletedSale) -> bool:
        t = table("sale_tender")
        with self.services.engine.connect() as conn:
            kinds = conn.execute(select(t.c.kind).where(t.c.sale_id == refund.sale_id)).all()
        return any(row[0] == TenderKind.CASH.value for row in kinds)

    def start_exchange(self) -> None:
        """The returned goods become credit for a new sale; both commit together at payment."""
        request = self._request()
        if not request.lines:
            raise UserError("return.empty", "Choose what is being returned")
        self.exchange = request
        self._exchange_source = self.returning
        self.returning = None
        self.cart = self.services.new_cart()
        self._notify(Change.RETURN)
        self._cart_changed()
        self._set_stage(Stage.SELLING)

    def cancel_return(self) -> None:
        self.returning = None
        self._notify(Change.RETURN)
        self._set_stage(Stage.SELLING)

    def complete_web_return(self, request: ReturnRequest) -> SaleResult:
        """Refund a web order's returned goods now (``services.web_returns``): to its online
        payment or as store credit; no money leaves the drawer."""
        self._require_returning()
        if request.origin is None:
            raise UserError("return.no_receipt", "This return has no web order")
        refund = self.services.sales.complete_return(request, self.context())
        self.last_result = SaleResult(refund, 0, None, refund, receipt_choice=self.receipt_choice)
        self.returning = None
        self._notify(Change.RETURN)
        self._start_next_sale(notify_stage=False)
        self._set_stage(Stage.DONE)
        return self.last_result

    def start_web_exchange(self, request: ReturnRequest) -> None:
        """A web order's returned goods become credit for a new sale, as ``start_exchange``;
        both commit together at payment."""
        self._require_returning()
        if request.origin is None or not request.lines:
            raise UserError("return.empty", "Choose what is being returned")
        self.exchange = request
        self._exchange_source = None
        self.returning = None
        self.cart = self.services.new_cart()
        self._notify(Change.RETURN)
        self._cart_changed()
        self._set_stage(Stage.SELLING)

    @property
    def exchange_credit_minor(self) -> int:
        return self.exchange.refund_minor if self.exchange else 0

    # -- the drawer ------------------------------------------------------------------------

    def print_x_report(self) -> str:
        """Queue the X report of the open shift (the shift stays open)."""
        user = self._require_user()
        shift = self._require_shift()
        return self.services.shifts.print_x_report(
            shift.shift_id, language=self.language, cashier_name=user.name
        )

    def reprint_last(self) -> str:
        """Print the last completed sale's receipt again, marked as a copy (no drawer kick)."""
        user = self._require_user()
        result = self.last_result
        job = self.services.printing.job_for_sale(result.sale.sale_id) if result else None
        if job is None:
            raise UserError("print.nothing_to_reprint", "No receipt to print again yet")
        return self.services.printing.reprint(job, user.user_id)

    @property
    def sale_open(self) -> bool:
        """A sale, payment, return or exchange is under way (its draft is on disk, but a till
        closed in the middle of one leaves a customer waiting)."""
        return (
            not self.cart.is_empty
            or self.payment is not None
            or self.returning is not None
            or self.exchange is not None
            or self.stage in (Stage.PAYING, Stage.RETURNING)
        )

    @property
    def quit_needs_approval(self) -> bool:
        """The signed-in user may close the app with no sale open, a manager always; anyone
        else (nobody signed in, or a sale open) needs a manager's approval."""
        user = self.user
        return user is None or (self.sale_open and user.role is not Role.MANAGER)

    def authorize_quit(self, approval: Approval | None = None) -> None:
        """Record that the app closes now (audited), or refuse without the approval needed."""
        user = self.user
        if self.quit_needs_approval and (approval is None or approval.action != QUIT_ACTION):
            raise UserError("approval.required", "A manager must approve", action=QUIT_ACTION)
        with write_transaction(self.services.engine) as conn:
            audit(
                conn,
                action=QUIT_ACTION,
                at=self.services.clock.now(),
                user_id=user.user_id if user else None,
                approver_id=approval.approver_id if approval else None,
                detail={"sale_open": self.sale_open},
            )

    def no_sale(self, approval: Approval | None) -> DrawerOutcome:
        """Open the drawer without a sale: permission-checked and audited."""
        user = self._require_user()
        if user.role.rank < self.services.policy.no_sale_role.rank and (
            approval is None or approval.action != "drawer.no_sale"
        ):
            raise UserError("approval.required", "Approval needed", action="drawer.no_sale")
        with write_transaction(self.services.engine) as conn:
            audit(
                conn,
                action="drawer.no_sale",
                at=self.services.clock.now(),
                user_id=user.user_id,
                approver_id=approval.approver_id if approval else None,
                detail={},
            )
        return self.drawer.open(reason="no_sale")


def _draft_state(draft: ReturnDraft) -> dict[str, Any]:
    """The return half of an exchange as JSON for the draft sale (the receipt is looked up
    again on restore, so what is still returnable is current)."""
    return {
        "receipt_no": draft.original.receipt_no if draft.original else None,
        "quantities": {line_id: str(qty) for line_id, qty in draft.quantities.items()},
        "receiptless": [
            {
                "product_id": line.product_id,
                "sku": line.sku,
                "name": line.name,
                "vat_rate": line.vat_rate,
                "quantity": str(line.quantity),
                "refund_minor": line.refund_minor,
                "sold_by_weight": line.sold_by_weight,
            }
            for line in draft.receiptless
        ],
        "to_store_credit": draft.to_store_credit,
        "approval": draft.approval.to_dict() if draft.approval else None,
    }


def _draft_from_state(state: dict[str, Any], services: Services) -> ReturnDraft:
    original = services.sales.find_sale(state["receipt_no"]) if state["receipt_no"] else None
    draft = ReturnDraft(
        original=original,
        quantities={line_id: Decimal(qty) for line_id, qty in state["quantities"].items()},
        receiptless=[
            ReturnLine(
                None,
                item["product_id"],
                item["sku"],
                item["name"],
                item["vat_rate"],
                Decimal(item["quantity"]),
                item["refund_minor"],
                item["sold_by_weight"],
            )
            for item in state["receiptless"]
        ],
        to_store_credit=state["to_store_credit"],
        approval=Approval.from_dict(state["approval"]) if state["approval"] else None,
    )
    draft.lines()  # raises if the receipt no longer allows these quantities
    return draft


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
