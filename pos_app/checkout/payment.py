"""Taking the money for the sale being rung up: tenders, completing the sale (one transaction
with its receipt job), the receipt the customer wants, and the cash drawer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Connection

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.sale import RECEIPT_CHOICES, SaleResult, SaleSession
from pos_app.checkout.seller import Seller
from pos_app.devices.drawer import CashDrawer, DrawerOutcome
from pos_app.domain.fulfilment import PickupPayment
from pos_app.domain.loyalty import OfflineLimit
from pos_app.domain.returns import refund_to_original
from pos_app.domain.roles import Approval, Role
from pos_app.domain.tenders import Payment, Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.pickup_desk import PickupService
from pos_app.services.printing import PrintService
from pos_app.services.sale_document import CompletedSale
from pos_app.services.sales import SalesService
from pos_app.services.value_cards import CardHold
from sync.protocol import giftcards
from sync.protocol.loyalty import points_for_amount


def handed_over_minor(payment: Payment) -> int:
    """What the customer handed over: the cash itself (not the part the sale kept), the
    card and voucher amounts, the credit of goods brought back. Less the change, the total."""
    return sum(
        tender.tendered_minor if tender.kind is TenderKind.CASH else tender.amount_minor
        for tender in payment.tenders
    )


def add_points_tender(
    loyalty: LoyaltyService, payment: Payment, customer_id: str, points: int, today: date
) -> Tender:
    """Hold ``points`` of ``customer_id`` and add them to ``payment`` as a tender (the till's
    and the kiosk's way in); the hold is given back when the tender cannot be added."""
    rules = loyalty.rules()
    if rules is None:
        raise UserError(
            "loyalty.no_rules", "Points cannot be spent yet: the loyalty rules were not received"
        )
    if points <= 0:
        raise UserError("payment.not_positive", "Enter a number of points greater than zero")
    most = points_for_amount(payment.remaining_minor, rules)
    if points > most:
        raise UserError(
            "payment.points_over_due",
            f"{points} points are worth more than the remaining amount; at most {most}",
            points=points,
            max_points=most,
        )
    held = sum(
        t.points for t in payment.tenders if t.kind is TenderKind.LOYALTY and not t.approval_code
    )
    hold = loyalty.hold(customer_id, points, today, held=held)
    try:
        return payment.add_points(points, rules.point_value_minor, hold.reservation_id)
    except BaseException:
        loyalty.release(hold.reservation_id)
        raise


@dataclass(frozen=True, slots=True)
class PointsOffer:
    """What the points dialog shows of the sale's customer (as this till knows it; online,
    the backend decides when the points are held)."""

    spendable: int  # spendable now, less this payment's points tenders
    point_value_minor: int  # what one point pays
    most_for_remainder: int  # the points that pay what is left, at most
    offline: OfflineLimit  # the most if the backend cannot be reached now, and which bound


class PaymentSession:
    """The payment of ``sale``: its tenders live on the sale (``SaleSession.payment``), so the
    draft sale keeps them."""

    def __init__(
        self,
        flow: Flow,
        seller: Seller,
        sale: SaleSession,
        sales: SalesService,
        printing: PrintService,
        records: CheckoutRecords,
        drawer: CashDrawer,
        *,
        cash_rounding_step: int,
        ereceipt_base_url: str,
        no_sale_role: Role,
        pickup: PickupService | None = None,
        loyalty: LoyaltyService | None = None,
    ) -> None:
        self._flow = flow
        self._seller = seller
        self.sale = sale
        self._sales = sales
        self._printing = printing
        self._records = records
        self.drawer = drawer
        self._cash_rounding_step = cash_rounding_step
        self._ereceipt_base_url = ereceipt_base_url
        self._no_sale_role = no_sale_role
        self._pickup = pickup  # a pay-in-store web order is handed over with its sale
        self._loyalty = loyalty  # points as a tender; None: this till takes none
        # Gift card tenders' holds by tender id (checkout.giftcards), and how one is given
        # back when its tender goes: best effort, a reservation left alone expires.
        self.card_holds: dict[str, CardHold] = {}
        self.release_hold: Callable[[CardHold], None] = lambda hold: None

    def begin_payment(self) -> Payment:
        sale = self.sale
        sale.require_selling()
        if sale.cart.is_empty:
            raise UserError("sale.empty", "Add items before payment")
        total = sale.cart.totals().total_minor
        payment = Payment(total, cash_rounding_step=self._cash_rounding_step)
        sale.payment = payment
        if sale.exchange is not None:
            credit = min(sale.exchange.refund_minor, total)
            if credit:
                payment.add_credit(TenderKind.EXCHANGE_CREDIT, credit, "exchange")
        self._flow.set_stage(Stage.PAYING)
        sale.payment_changed()
        return payment

    def _require_payment(self) -> Payment:
        if self._flow.stage is not Stage.PAYING or self.sale.payment is None:
            raise UserError("payment.not_started", "Start the payment first")
        return self.sale.payment

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
        self.sale.payment_changed()
        return tender

    def pay_card(self, amount_minor: int, approval_code: str) -> Tender:
        payment = self._require_payment()
        tender = payment.add_card(amount_minor, approval_code)
        self.sale.payment_changed()
        return tender

    def voucher_balance(self, code: str) -> int:
        """What is left on store-credit voucher ``code`` (before this payment's tenders)."""
        return self._sales.voucher_balance(code)

    def pay_voucher(self, code: str, amount_minor: int) -> Tender:
        payment = self._require_payment()
        code = code.strip().upper()
        if not code.startswith("SC-") and giftcards.is_valid(code):
            # A store-credit card lives in the backend's ledger: spending it as an older
            # voucher would leave that ledger untouched.
            raise UserError(
                "payment.voucher_is_card",
                "This is a store-credit card: take it as a gift card",
                code=giftcards.display(code),
            )
        balance = self._sales.voucher_balance(code) - sum(
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
        self.sale.payment_changed()
        return tender

    def points_available(self) -> int | None:
        """What the sale's customer can spend in points now, as this till knows it (the
        backend decides online); None without a customer or loyalty rules."""
        customer = self.sale.cart.customer_id
        if self._loyalty is None or customer is None or self._loyalty.rules() is None:
            return None
        payment = self._require_payment()
        today = self.sale.context().business_date
        held = sum(t.points for t in payment.tenders if t.kind is TenderKind.LOYALTY)
        return max(0, self._loyalty.balance(customer, today).spendable - held)

    def points_offer(self) -> PointsOffer | None:
        """The customer's points, their value, what pays the rest and the offline bound;
        None without a customer or loyalty rules."""
        available = self.points_available()
        customer = self.sale.cart.customer_id
        rules = self._loyalty.rules() if self._loyalty is not None else None
        if available is None or customer is None or rules is None or self._loyalty is None:
            return None
        payment = self._require_payment()
        held_offline = sum(
            t.points
            for t in payment.tenders
            if t.kind is TenderKind.LOYALTY and not t.approval_code
        )
        today = self.sale.context().business_date
        return PointsOffer(
            spendable=available,
            point_value_minor=rules.point_value_minor,
            most_for_remainder=points_for_amount(payment.remaining_minor, rules),
            offline=self._loyalty.offline_limit(customer, today, held=held_offline),
        )

    def pay_points(self, points: int) -> Tender:
        """Spend ``points`` of the sale's customer: held first (reserved on the backend,
        or within the offline bounds when it cannot be reached), then added as a tender;
        a tender that cannot be added gives its hold back."""
        payment = self._require_payment()
        loyalty = self._loyalty
        customer = self.sale.cart.customer_id
        if loyalty is None:
            raise UserError("loyalty.not_available", "This till does not take points")
        if customer is None:
            raise UserError("loyalty.no_customer", "Attach the customer before spending points")
        tender = add_points_tender(
            loyalty, payment, customer, points, self.sale.context().business_date
        )
        self.sale.payment_changed()
        return tender

    def remove_tender(self, tender_id: str) -> None:
        payment = self._require_payment()
        if any(
            t.tender_id == tender_id and t.kind is TenderKind.EXCHANGE_CREDIT
            for t in payment.tenders
        ):
            raise UserError("payment.exchange_credit_fixed", "The exchange credit stays")
        removed = payment.remove(tender_id)
        self._release([removed])
        hold = self.card_holds.pop(tender_id, None)
        if hold is not None:
            self.release_hold(hold)
        self.sale.payment_changed()

    def _release(self, tenders: list[Tender]) -> None:
        """Give back the points holds of ``tenders`` (best effort)."""
        if self._loyalty is None:
            return
        for tender in tenders:
            if tender.kind is TenderKind.LOYALTY:
                self._loyalty.release(tender.approval_code)

    def cancel_payment(self) -> None:
        """Back to the sale. Card tenders already approved must be removed (refunded) first."""
        payment = self._require_payment()
        if any(t.kind is TenderKind.CARD for t in payment.tenders):
            raise UserError(
                "payment.card_taken",
                "A card payment was approved; remove it (refund on the terminal) first",
            )
        self._release(payment.tenders)
        self.sale.payment = None
        self.release_holds()
        self._flow.set_stage(Stage.SELLING)
        self.sale.payment_changed()

    def release_holds(self) -> None:
        """Give back every gift card hold of this payment (it was cancelled or voided)."""
        holds, self.card_holds = list(self.card_holds.values()), {}
        for hold in holds:
            self.release_hold(hold)

    def set_receipt_choice(self, choice: str) -> None:
        """Paper, e-receipt only (the QR on the customer display), or both, for this sale."""
        if choice not in RECEIPT_CHOICES:
            raise UserError("receipt.bad_choice", f"Unknown receipt choice {choice!r}")
        self.sale.receipt_choice = choice
        self._flow.notify(Change.PAYMENT)

    def exchange_needs_card_approval(self) -> bool:
        """Whether the part of an exchange's refund the new goods do not use goes to a card."""
        exchange = self.sale.exchange
        if exchange is None or exchange.original is None:
            return False
        if exchange.to_store_credit:
            return False
        left = exchange.refund_minor - min(
            exchange.refund_minor, self.sale.cart.totals().total_minor
        )
        if left <= 0:
            return False
        return any(
            t.kind is TenderKind.CARD for t in refund_to_original(left, exchange.original.tenders)
        )

    def finish(self, card_refund_approval: str = "") -> SaleResult:
        """Commit the paid sale (one transaction with its receipt job), then open the drawer.

        In an exchange whose leftover refund goes back to a card, ``card_refund_approval`` is
        the card terminal's code for that refund.
        """
        payment = self._require_payment()
        sale = self.sale
        ctx = sale.context()
        refund = None
        if sale.exchange is not None:
            request = replace(sale.exchange, card_refund_approval=card_refund_approval)
            refund, completed = self._sales.complete_exchange(request, sale.cart, payment, ctx)
        else:
            completed = self._sales.complete_sale(
                sale.cart,
                payment,
                ctx,
                also=self._pickup_handover(sale.cart.pickup_payment),
                card_holds=self.card_holds,
            )
        self.card_holds = {}  # consumed by the sale's fact
        cash = any(t.kind is TenderKind.CASH for t in payment.tenders) or (
            refund is not None and self._records.paid_in_cash(refund.sale_id)
        )
        drawer = self.drawer.open(reason="sale") if cash else None
        sale.last_result = SaleResult(
            completed,
            completed.change_minor,
            drawer,
            refund,
            receipt_choice=sale.receipt_choice,
            given_minor=handed_over_minor(payment),
        )
        sale.start_next_sale(notify_stage=False)
        self._flow.set_stage(Stage.DONE)
        return sale.last_result

    def _pickup_handover(
        self, pickup: PickupPayment | None
    ) -> Callable[[Connection, CompletedSale], None] | None:
        """The handover a pickup payment commits together with its sale."""
        if pickup is None:
            return None
        service = self._pickup
        if service is None:
            raise RuntimeError("A pickup payment needs the pickup service")
        user_id = self._seller.require_user().user_id

        def hand_over(conn: Connection, sold: CompletedSale) -> None:
            service.hand_over(
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

    # -- after the sale --------------------------------------------------------------------

    def receipt_url(self) -> str | None:
        """The e-receipt link of the sale just completed (its QR is on the customer display)."""
        result = self.sale.last_result
        if result is None or not result.sale.receipt_token or result.receipt_choice == "paper":
            return None
        base = self._ereceipt_base_url.rstrip("/")
        return f"{base}/r/{result.sale.receipt_token}"

    def reprint_last(self) -> str:
        """Print the last completed sale's receipt again, marked as a copy (no drawer kick)."""
        user = self._seller.require_user()
        result = self.sale.last_result
        job = self._printing.job_for_sale(result.sale.sale_id) if result else None
        if job is None:
            raise UserError("print.nothing_to_reprint", "No receipt to print again yet")
        return self._printing.reprint(job, user.user_id)

    # -- the drawer ------------------------------------------------------------------------

    def no_sale(self, approval: Approval | None) -> DrawerOutcome:
        """Open the drawer without a sale: permission-checked and audited."""
        user = self._seller.require_user()
        if user.role.rank < self._no_sale_role.rank and (
            approval is None or approval.action != "drawer.no_sale"
        ):
            raise UserError("approval.required", "Approval needed", action="drawer.no_sale")
        self._records.audit(
            "drawer.no_sale",
            user_id=user.user_id,
            approver_id=approval.approver_id if approval else None,
            detail={},
        )
        return self.drawer.open(reason="no_sale")
