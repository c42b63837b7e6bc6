"""The kiosk's card payment: never "charged, but no sale", never charged twice.

The order of things is what makes it safe across a crash at any moment:

1. the attempt (reference, amount, the basket as the draft sale keeps it) is committed
   before the terminal is asked (``CardAttemptStore.open``, synchronous=FULL);
2. the terminal is asked under that reference; it never charges a known reference twice;
3. an approval is recorded on the attempt, then the sale is written with the attempt marked
   completed in the same transaction (``SalesService.complete_sale(also=...)``).

When the answer is lost, the terminal is asked what became of the reference; when it cannot
be asked, the attempt stays pending and ``recover`` settles it later (at start-up, or when
staff retry): an approved charge completes its basket's sale once, anything else fails.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.kiosk.giftcards import add_kiosk_card_tender
from pos_app.checkout.payment import add_points_tender
from pos_app.checkout.sale import SaleResult, SaleSession
from pos_app.checkout.seller import Seller
from pos_app.devices.payment_terminal import (
    PaymentOutcome,
    PaymentResult,
    PaymentTerminal,
    TerminalUnavailable,
)
from pos_app.domain.cart import Cart
from pos_app.domain.ids import new_id
from pos_app.domain.tenders import Payment, Tender
from pos_app.errors import UserError
from pos_app.services.card_attempts import CardAttempt, CardAttemptStore
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.printing import PrintService
from pos_app.services.sale_document import CompletedSale
from pos_app.services.sales import SalesService
from pos_app.services.value_cards import CardHold, ValueCards

log = logging.getLogger(__name__)

CHANNEL = "kiosk"
CHECKING_MESSAGE = "The payment is being checked: please wait, or ask staff"
# How the terminal is asked about a reference whose answer was lost: tries while it cannot
# be reached (the wait doubling from the first), and how long a payment still running on it
# is waited for.
STATUS_TRIES = 5
STATUS_FIRST_WAIT_S = 0.25
IN_PROGRESS_POLL_S = 0.5
# A request the kiosk wrote to the socket just before it died reaches the terminal within
# milliseconds; "never seen" is only believed once the attempt is this old, so a restart
# quicker than the terminal's read cannot mark as failed a payment the terminal then takes.
NOT_FOUND_SETTLE_S = 10.0
IN_PROGRESS_LIMIT_S = 180.0


@dataclass(frozen=True, slots=True)
class CardOutcome:
    """How a card payment ended: ``result`` is the completed sale when approved; with
    LINK_LOST (or TIMEOUT) and no result the attempt is still being checked."""

    outcome: PaymentOutcome
    result: SaleResult | None
    message: str
    reference: str = ""


class KioskPayment:
    """Card payment of the kiosk's basket (``sale``) on the integrated terminal."""

    def __init__(
        self,
        flow: Flow,
        seller: Seller,
        sale: SaleSession,
        sales: SalesService,
        printing: PrintService,
        attempts: CardAttemptStore,
        terminal: PaymentTerminal | None,
        *,
        ereceipt_base_url: str,
        blockers: Callable[[], Sequence[object]] = lambda: [],
        sleep: Callable[[float], None] = time.sleep,
        loyalty: LoyaltyService | None = None,
        cards: ValueCards | None = None,
    ) -> None:
        self._flow = flow
        # Gift and store-credit cards scanned before the card payment (kiosk/giftcards.py).
        self.cards = cards
        self.card_tenders: list[Tender] = []
        self.card_holds: dict[str, CardHold] = {}
        self._seller = seller
        self.sale = sale
        self._sales = sales
        self._printing = printing
        self._attempts = attempts
        self.terminal = terminal
        self._ereceipt_base_url = ereceipt_base_url
        self._blockers = blockers
        self._sleep = sleep
        self._loyalty = loyalty  # points before the card; None: this kiosk takes none
        self._points: list[Tender] = []  # points tenders held for the basket ``_points_cart``
        self._points_cart = ""
        self._cards_cart = ""  # the basket the gift card tenders were taken for
        flow.subscribe(self._heard)

    def _heard(self, change: Change) -> None:
        # A basket gone (voided, wiped when its customer walked away) gives its holds back
        # at once, not when the next customer's payment looks at them.
        if change is not Change.CART:
            return
        basket = self.sale.cart.cart_id
        if self._points and self._points_cart != basket:
            self.remove_points()
        if self.card_tenders and self._cards_cart != basket:
            self.drop_gift_cards()

    # -- points before the card ------------------------------------------------------------

    def points_tenders(self) -> list[Tender]:
        """The points tenders held for the basket now on the kiosk (those of a basket that
        is gone are given back)."""
        if self._points and self._points_cart != self.sale.cart.cart_id:
            self.remove_points()
        return list(self._points)

    def card_due_minor(self) -> int:
        """What the card still pays: the basket's total less the points and gift card
        tenders."""
        total = self.sale.cart.totals().total_minor
        paid = self.points_tenders() + self.card_tenders
        return total - sum(t.amount_minor for t in paid)

    def pay_points(self, points: int) -> Tender:
        """Spend ``points`` of the basket's customer (scanned loyalty QR) before the card:
        held on the backend, or within the offline bounds (``checkout.payment``)."""
        loyalty = self._loyalty
        sale = self.sale
        if loyalty is None:
            raise UserError("loyalty.not_available", "This kiosk does not take points")
        sale.require_selling()
        if sale.cart.is_empty:
            raise UserError("sale.empty", "Add items before payment")
        customer = sale.cart.customer_id
        if customer is None:
            raise UserError("loyalty.no_customer", "Scan your loyalty QR to spend points")
        held = self.points_tenders()
        payment = Payment(sale.cart.totals().total_minor)
        payment.tenders = list(held)
        tender = add_points_tender(loyalty, payment, customer, points, sale.context().business_date)
        self._points = list(payment.tenders)
        self._points_cart = sale.cart.cart_id
        return tender

    def remove_points(self) -> None:
        """Give back every points tender taken for the basket (best effort)."""
        points, self._points = self._points, []
        if self._loyalty is not None:
            for tender in points:
                self._loyalty.release(tender.approval_code)

    # -- paying ----------------------------------------------------------------------------

    def pay_by_card(self, on_progress: Callable[[str], None] | None = None) -> CardOutcome:
        """Charge the basket's total on the terminal and, when approved, complete the sale
        (channel kiosk). ``on_progress`` hears the terminal's progress codes."""
        if self._blockers():
            raise UserError("payment.blocked", "A member of staff must approve first")
        terminal = self.terminal
        if terminal is None:
            raise UserError("terminal.none", "Card payments are not set up: ask staff")
        sale = self.sale
        if self._attempts.unresolved():
            # An earlier charge may stand: settle it before any card is asked again.
            basket = sale.cart.cart_id
            self.recover()
            if self._attempts.unresolved():
                raise UserError("payment.checking", CHECKING_MESSAGE)
            if sale.cart.cart_id != basket and sale.last_result is not None:
                # That charge paid for this very basket: its sale is now complete.
                return CardOutcome(PaymentOutcome.APPROVED, sale.last_result, "Payment approved")
        sale.require_selling()
        if sale.cart.is_empty:
            raise UserError("sale.empty", "Add items before payment")
        cart = sale.cart
        points = self.points_tenders()
        total = self.card_due_minor()
        if total < 0:
            self.remove_points()
            raise UserError(
                "payment.points_over_due", "The basket changed: choose the points again"
            )
        if total == 0:
            # Points pay it all: no card is asked.
            return CardOutcome(
                PaymentOutcome.APPROVED, self._complete_points(cart, points), "Paid with points"
            )
        reference = new_id()
        try:
            self._attempts.open(
                reference, total, _basket_json(cart, points, self.card_tenders), cart.cart_id
            )
        except UserError as error:
            if error.code == "payment.already_paid":
                sale.start_next_sale()  # sold already (a recovered payment): start afresh
            raise
        self._flow.set_stage(Stage.PAYING)
        try:
            result = terminal.pay(reference, total, on_progress=on_progress)
        except TerminalUnavailable as error:
            # Nothing was started on the terminal: no charge.
            self._attempts.fail(reference, "failed", error.message)
            self._flow.set_stage(Stage.SELLING)
            raise
        if not result.outcome.is_final or result.outcome is PaymentOutcome.TIMEOUT:
            result = self._ask(reference, result, self._attempts_get(reference).created_at)
        return self._settle(self._attempts_get(reference), result, cart)

    def _ask(self, reference: str, first: PaymentResult, asked_at: datetime) -> PaymentResult:
        """What the terminal knows of ``reference`` (first asked at ``asked_at``) after an
        unclear answer ``first``; ``first`` again when it cannot be asked."""
        terminal = self.terminal
        assert terminal is not None
        wait = STATUS_FIRST_WAIT_S
        tries = 0
        settled = False
        deadline = time.monotonic() + IN_PROGRESS_LIMIT_S
        while True:
            try:
                known = terminal.last_transaction(reference)
            except TerminalUnavailable as error:
                tries += 1
                log.warning("Card payment %s: status unknown (%s)", reference, error.message)
                if tries >= STATUS_TRIES:
                    return first
                self._sleep(wait)
                wait *= 2
                continue
            young = NOT_FOUND_SETTLE_S - (datetime.now(UTC) - asked_at).total_seconds()
            if known is None and not settled and 0 < young <= NOT_FOUND_SETTLE_S:
                settled = True  # once: the request may still be on its way
                self._sleep(young)
                continue
            if known is None:
                # The terminal never saw the reference: nothing was charged.
                return PaymentResult(
                    reference, PaymentOutcome.CANCELLED, first.amount_minor, message="not found"
                )
            if known.outcome is not PaymentOutcome.IN_PROGRESS:
                if known.outcome is PaymentOutcome.LINK_LOST:
                    return first
                return known
            if time.monotonic() > deadline:
                return first
            self._sleep(IN_PROGRESS_POLL_S)

    def _attempts_get(self, reference: str) -> CardAttempt:
        attempt = self._attempts.get(reference)
        if attempt is None:
            raise RuntimeError(f"card attempt {reference} vanished")
        return attempt

    def _settle(self, attempt: CardAttempt, result: PaymentResult, cart: Cart) -> CardOutcome:
        """Act on the terminal's answer for ``attempt`` (paying for ``cart``)."""
        outcome = result.outcome
        reference = attempt.reference
        if outcome is PaymentOutcome.APPROVED:
            code = result.approval_code or reference  # the tender needs a code to find it by
            if result.amount_minor != attempt.amount_minor:
                log.error(
                    "Card payment %s: approved %s, asked %s",
                    reference,
                    result.amount_minor,
                    attempt.amount_minor,
                )
            self._attempts.approve(reference, code, result.card_label)
            sale_result = self._complete(attempt, code, cart)
            return CardOutcome(outcome, sale_result, "Payment approved", reference)
        if outcome in (PaymentOutcome.LINK_LOST, PaymentOutcome.IN_PROGRESS):
            # Maybe charged: the attempt stays pending and the basket frozen (PAYING).
            log.warning("Card payment %s: being checked (%s)", reference, result.message)
            return CardOutcome(outcome, None, CHECKING_MESSAGE, reference)
        status = {
            PaymentOutcome.DECLINED: "declined",
            PaymentOutcome.CANCELLED: "cancelled",
        }.get(outcome, "failed")
        self._attempts.fail(reference, status, result.message or outcome.value)
        if self.sale.cart.cart_id == cart.cart_id:
            self._flow.set_stage(Stage.SELLING)
        message = {
            PaymentOutcome.DECLINED: "The card was declined: try another card or ask staff",
            PaymentOutcome.CANCELLED: "The payment was cancelled",
            PaymentOutcome.TIMEOUT: "No card was presented in time",
        }[outcome]
        return CardOutcome(outcome, None, message, reference)

    def _complete(self, attempt: CardAttempt, approval_code: str, cart: Cart) -> SaleResult:
        """Write the sale ``attempt`` paid for, with the attempt completed in its transaction."""
        sale = self.sale
        current = sale.cart.cart_id == cart.cart_id
        paid = _points_of(attempt) + _card_tenders(attempt.basket_json)
        payment = Payment(attempt.amount_minor + sum(t.amount_minor for t in paid))
        payment.tenders = list(paid)
        payment.add_card(attempt.amount_minor, approval_code)
        ctx = sale.context()
        # A basket completed after its customer left (a recovery) prints its receipt.
        ctx = replace(ctx, paper_receipt=ctx.paper_receipt or not current, channel=CHANNEL)
        completed: CompletedSale = self._sales.complete_sale(
            cart,
            payment,
            ctx,
            also=self._attempts.completion(attempt.reference),
            card_holds=self.card_holds if current else None,
        )
        if current:
            self.card_tenders, self.card_holds = [], {}
        result = SaleResult(
            completed,
            0,
            None,
            receipt_choice=sale.receipt_choice if current else "paper",
            given_minor=attempt.amount_minor,
        )
        log.info("Card payment %s completed sale %s", attempt.reference, completed.receipt_no)
        if current:
            self._points = []
            sale.last_result = result
            sale.start_next_sale(notify_stage=False)
            self._flow.set_stage(Stage.DONE)
        return result

    # -- gift cards before the card --------------------------------------------------------

    def pay_gift_card(
        self, code_text: str, amount_minor: int | None = None
    ) -> CardOutcome | Tender:
        """A scanned gift or store-credit card pays ``amount_minor`` (all it can, up to
        what is due, by default) after its hold. When it pays everything the sale completes
        and the outcome is returned; otherwise the tender, and the card terminal takes the
        rest (``pay_by_card``)."""
        if self.checking:
            raise UserError("payment.checking", CHECKING_MESSAGE)
        tender = add_kiosk_card_tender(
            self.cards,
            self.sale,
            self.points_tenders(),
            self.card_tenders,
            self.card_holds,
            code_text,
            amount_minor,
        )
        self._cards_cart = self.sale.cart.cart_id
        if self.card_due_minor() == 0:
            return self.complete_by_cards()
        return tender

    def drop_gift_cards(self) -> None:
        """Give back the gift card holds (the customer cancelled or changed their mind)."""
        holds = list(self.card_holds.values())
        self.card_tenders, self.card_holds = [], {}
        if self.cards is not None:
            for hold in holds:
                self.cards.release(hold)

    def remove_gift_card(self, tender_id: str) -> None:
        """Give back one gift card's hold (the customer took that card off)."""
        hold = self.card_holds.pop(tender_id, None)
        self.card_tenders = [t for t in self.card_tenders if t.tender_id != tender_id]
        if hold is not None and self.cards is not None:
            self.cards.release(hold)

    def complete_by_cards(self) -> CardOutcome:
        """Complete a basket its gift card (and points) tenders pay in full (no card)."""
        if self.card_due_minor() != 0 or not self.card_tenders:
            raise UserError("sale.not_paid", "The gift cards do not pay for all of it")
        result = self._complete_points(self.sale.cart, self.points_tenders())
        return CardOutcome(PaymentOutcome.APPROVED, result, "Paid by gift card")

    def _complete_points(self, cart: Cart, points: list[Tender]) -> SaleResult:
        """Write the basket paid in full by points and gift cards (no card attempt: nothing
        was charged)."""
        sale = self.sale
        payment = Payment(cart.totals().total_minor)
        payment.tenders = list(points) + self.card_tenders
        ctx = replace(sale.context(), channel=CHANNEL)
        completed = self._sales.complete_sale(cart, payment, ctx, card_holds=self.card_holds)
        result = SaleResult(completed, 0, None, receipt_choice=sale.receipt_choice)
        self._points = []
        self.card_tenders, self.card_holds = [], {}
        sale.last_result = result
        sale.start_next_sale(notify_stage=False)
        self._flow.set_stage(Stage.DONE)
        return result

    # -- after a crash or a lost answer ----------------------------------------------------

    def recover(self) -> list[str]:
        """Settle every attempt that may have charged a card with no sale yet: an approved
        charge completes its basket's sale (once), anything else is marked failed. Returns
        the receipt numbers of the sales completed. Call it once the draft sale is back:
        a draft whose basket was sold already is dropped."""
        completed: list[str] = []
        for attempt in self._attempts.unresolved():
            cart = self._basket_of(attempt)
            if attempt.status == "approved":
                result = PaymentResult(
                    attempt.reference,
                    PaymentOutcome.APPROVED,
                    attempt.amount_minor,
                    approval_code=attempt.approval_code,
                    card_label=attempt.card_label,
                )
            elif self.terminal is None:
                log.warning("Card payment %s: no terminal to ask", attempt.reference)
                continue
            else:
                unknown = PaymentResult(
                    attempt.reference, PaymentOutcome.LINK_LOST, attempt.amount_minor
                )
                result = self._ask(attempt.reference, unknown, attempt.created_at)
            outcome = self._settle(attempt, result, cart)
            if outcome.result is not None:
                completed.append(outcome.result.sale.receipt_no)
        sale = self.sale
        if not sale.cart.is_empty and self._attempts.is_sold(sale.cart.cart_id):
            # Sold just before a crash that left its draft behind: never charge it again.
            log.warning("The restored basket %s was already sold", sale.cart.cart_id)
            sale.start_next_sale()
        return completed

    def _basket_of(self, attempt: CardAttempt) -> Cart:
        """The cart ``attempt`` paid for: the sale in progress when it is that basket (so
        completing it clears the draft), else the basket saved with the attempt."""
        data = json.loads(attempt.basket_json)
        current = self.sale.cart
        if data.get("cart_id") == current.cart_id:
            points = sum(t.amount_minor for t in _points_of(attempt))
            if current.totals().total_minor == attempt.amount_minor + points:
                return current
            # Changed since it was paid for: the sale is what was paid (the changed draft,
            # now sold, is dropped at the end of ``recover``).
            log.warning(
                "Basket %s changed after card attempt %s", current.cart_id, attempt.reference
            )
        return Cart.from_dict(data, current.policy)

    @property
    def checking(self) -> bool:
        """A card payment's outcome is still unknown (the kiosk says "being checked")."""
        return bool(self._attempts.unresolved())

    # -- the receipt -----------------------------------------------------------------------

    def receipt_url(self) -> str | None:
        """The e-receipt link of the sale just completed (shown as a QR), unless the
        customer chose paper only."""
        result = self.sale.last_result
        if result is None or not result.sale.receipt_token or result.receipt_choice == "paper":
            return None
        base = self._ereceipt_base_url.rstrip("/")
        return f"{base}/r/{result.sale.receipt_token}"

    def print_receipt(self) -> str:
        """The last sale's receipt on paper through the print queue (the customer asked);
        the print job's id. After an e-receipt-only sale this is the receipt itself."""
        result = self.sale.last_result
        if result is None:
            raise UserError("print.nothing_to_reprint", "No receipt to print yet")
        user = self._seller.require_user()
        return self._attempts.paper_receipt(self._printing, result.sale.sale_id, user.user_id)


def _card_tenders(basket_json: str) -> list[Tender]:
    """The gift card tenders saved with a card attempt's basket."""
    extra = json.loads(basket_json).get("extra") or {}
    return [Tender.from_dict(item) for item in extra.get("card_tenders", [])]


def _basket_json(
    cart: Cart, points: Sequence[Tender] = (), card_tenders: Sequence[Tender] = ()
) -> str:
    """The basket as the draft sale keeps it (``DraftService.save_current``), with the
    points and gift card tenders the card's amount leaves out (a recovered sale is paid by
    all of them; a gift card by its hash and reservation, never its code)."""
    extra: dict[str, object] = {}
    if points:
        extra["points_tenders"] = [t.to_dict() for t in points]
    if card_tenders:
        extra["card_tenders"] = [t.to_dict() for t in card_tenders]
    return json.dumps({**cart.to_dict(), "extra": extra}, ensure_ascii=False)


def _points_of(attempt: CardAttempt) -> list[Tender]:
    """The points tenders a card attempt's basket was paid by besides the card."""
    extra = json.loads(attempt.basket_json).get("extra") or {}
    return [Tender.from_dict(item) for item in extra.get("points_tenders", [])]
