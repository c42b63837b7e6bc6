"""Completing sales, returns and exchanges: each is one local transaction.

This module checks what is asked (paid in full, returnable, approved) and assembles the
documents; ``services.sale_document`` writes each in one transaction with its outbox fact
and the receipt's print job. Nothing here touches the network.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine

from pos_app.domain.cart import Cart
from pos_app.domain.ids import new_id
from pos_app.domain.money import DEFAULT_CURRENCY, round_half_up
from pos_app.domain.returns import (
    PaidTender,
    ReturnLine,
    SoldLine,
    refund_to_original,
)
from pos_app.domain.roles import Approval, ApprovalPolicy
from pos_app.domain.sale_limits import check_refund
from pos_app.domain.tax import PricingMode
from pos_app.domain.tenders import Payment, Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.printing import PrintService
from pos_app.services.sale_document import (
    CompletedSale,
    ReturnOrigin,
    SaleContext,
    SaleDocument,
    from_milli,
    to_milli,
    write_document,
)
from pos_app.services.terminal import TerminalInfo
from pos_app.services.value_card_ledger import CardPlan
from pos_app.services.value_cards import CardHold, IssuedCode, offline_balance
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import sales as sales_queries
from sync.protocol import giftcards


@dataclass(frozen=True, slots=True)
class SaleForReturn:
    """An earlier sale as the return screen needs it."""

    sale_id: str
    receipt_no: str
    completed_at: datetime
    lines: list[SoldLine]
    tenders: list[PaidTender]


@dataclass(frozen=True, slots=True)
class ReturnRequest:
    """What comes back: lines of a receipt, or (receiptless) products at today's price."""

    lines: list[ReturnLine]
    original: SaleForReturn | None = None
    to_store_credit: bool = False
    card_refund_approval: str = ""
    approval: Approval | None = None
    reason: str = ""
    origin: ReturnOrigin | None = None  # bought elsewhere (a web order), not on a receipt here

    @property
    def refund_minor(self) -> int:
        return sum(line.refund_minor for line in self.lines)


def new_receipt_token() -> str:
    """The e-receipt's id in its public URL: 192 random bits, URL-safe, no personal data."""
    return secrets.token_urlsafe(24)


def new_voucher_code() -> str:
    return "SC-" + secrets.token_hex(5).upper()


class SalesService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        printing: PrintService,
        policy: ApprovalPolicy | None = None,
        currency: str = DEFAULT_CURRENCY,
        *,
        receipt_key: str | None = None,
        after_commit: Callable[[], None] | None = None,
        store_credit_cards: bool = False,
    ) -> None:
        self._engine = engine
        # Store credit from returns as value cards (docs/loyalty.md), not SC- vouchers.
        self._store_credit_cards = store_credit_cards
        self._clock = clock
        self._terminal = terminal
        self._printing = printing
        self._policy = policy or ApprovalPolicy()
        self._currency = currency
        # Signs e-receipt tokens (sync.receipt_token); None until the terminal is enrolled.
        self._receipt_key = receipt_key
        # Called after every committed sale or return (the sync worker's notify()).
        self._after_commit = after_commit

    def _write(self, conn: Connection, doc: SaleDocument) -> CompletedSale:
        return write_document(
            conn,
            doc,
            now=self._clock.now(),
            terminal=self._terminal,
            printing=self._printing,
            receipt_key=self._receipt_key,
        )

    def _committed(self) -> None:
        self._printing.after_commit()
        if self._after_commit is not None:
            self._after_commit()

    # -- sale ------------------------------------------------------------------------------

    def _sale_document(
        self,
        cart: Cart,
        payment: Payment,
        ctx: SaleContext,
        exchange_id: str | None = None,
        card_holds: Mapping[str, CardHold] | None = None,
    ) -> SaleDocument:
        if cart.is_empty:
            raise UserError("sale.empty", "The sale has no items")
        totals = cart.totals()
        if payment.due_minor != totals.total_minor:
            raise UserError(
                "sale.total_changed", "The cart changed after payment started; take payment again"
            )
        if not payment.is_complete:
            raise UserError(
                "sale.not_paid",
                "The sale is not fully paid",
                remaining_minor=payment.remaining_minor,
            )
        if cart.remote_lines and cart.remote_order is None and cart.pickup_payment is None:
            raise UserError(
                "aisle.destination_missing", "Say where the ordered goods go before payment"
            )
        lines = []
        for number, (line, amounts) in enumerate(zip(cart.lines, totals.lines, strict=True), 1):
            lines.append(
                {
                    "id": line.line_id,
                    "line_no": number,
                    "product_id": line.product.product_id,
                    "sku": line.product.sku,
                    "name": line.product.name,
                    "names": line.product.names,
                    "barcode": line.barcode,
                    "qty_milli": to_milli(line.quantity),
                    "sold_by_weight": line.product.sold_by_weight,
                    "unit_price_minor": line.unit_price_minor,
                    "list_price_minor": line.product.unit_price_minor,
                    "gross_minor": amounts.gross_minor,
                    "line_discount_minor": amounts.line_discount_minor,
                    "cart_discount_minor": amounts.cart_discount_minor,
                    "total_minor": amounts.total_minor,
                    "vat_rate": line.product.vat_rate,
                    "discount_json": json.dumps(line.discount.to_dict()) if line.discount else None,
                    "override_reason": line.override_reason,
                    "original_line_id": None,
                    "remote": line.remote,
                }
            )
        plan, issued = _card_plan(cart, card_holds or {})
        return SaleDocument(
            kind="sale",
            sale_id=cart.cart_id,
            ctx=ctx,
            cart_currency=cart.currency,
            mode=cart.mode,
            lines=lines,
            tenders=list(payment.tenders),
            subtotal_minor=totals.subtotal_minor,
            line_discounts_minor=totals.line_discounts_minor,
            cart_discount_minor=totals.cart_discount_minor,
            rounding_minor=payment.rounding_minor,
            total_minor=totals.total_minor + payment.rounding_minor,
            approvals=list(cart.approvals),
            exchange_id=exchange_id,
            remote_order=cart.remote_order if cart.remote_lines else None,
            pickup_payment=cart.pickup_payment,
            cards=plan,
            issued_codes=issued,
            customer_id=cart.customer_id,
        )

    def complete_sale(
        self,
        cart: Cart,
        payment: Payment,
        ctx: SaleContext,
        *,
        also: Callable[[Connection, CompletedSale], None] | None = None,
        card_holds: Mapping[str, CardHold] | None = None,
    ) -> CompletedSale:
        """Commit a fully paid sale. Raises ``UserError`` and writes nothing if it is not.

        ``also`` runs inside the sale's transaction once the sale is written (a pickup's
        handover paid by this sale): if it raises, nothing of the sale is kept either.
        ``card_holds``: the holds of its gift card tenders, by tender id.
        """
        doc = self._sale_document(cart, payment, ctx, card_holds=card_holds)
        with write_transaction(self._engine) as conn:
            sold = self._write(conn, doc)
            if also is not None:
                also(conn, sold)
        self._committed()
        return sold

    # -- returns ---------------------------------------------------------------------------

    def find_sale(self, receipt_no: str) -> SaleForReturn:
        """Look up a sale by receipt number with what is still returnable of each line."""
        receipt_no = receipt_no.strip().upper()
        with self._engine.connect() as conn:
            sale = sales_queries.sale_by_receipt(conn, receipt_no=receipt_no)
            if sale is None:
                raise UserError(
                    "return.unknown_receipt",
                    f"No sale with receipt {receipt_no}",
                    receipt_no=receipt_no,
                )
            if sale[2] != "sale":
                raise UserError("return.not_a_sale", f"{receipt_no} is itself a return")
            rows = sales_queries.lines_with_returned(conn, sale_id=sale[0])
            lines = [
                SoldLine(
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    from_milli(r[5]),
                    r[6],
                    from_milli(r[7] or 0),
                    int(r[8] or 0),
                    bool(r[9]),
                )
                for r in rows
            ]
            paid = sales_queries.tenders_of(conn, sale_id=sale[0])
            refunded = sales_queries.refunded_by_tender(conn, tender_ids=[p[0] for p in paid])
        tenders = [
            PaidTender(p[0], TenderKind(p[1]), p[2], int(refunded.get(p[0], 0))) for p in paid
        ]
        return SaleForReturn(sale[0], receipt_no, sale[1], lines, tenders)

    def _return_document(
        self, request: ReturnRequest, ctx: SaleContext, exchange_id: str | None, credit: int
    ) -> SaleDocument:
        if not request.lines:
            raise UserError("return.empty", "Choose what is being returned")
        approvals = [request.approval] if request.approval else []
        if request.original is None and request.origin is None:
            approval = request.approval
            if approval is None or approval.action != "return.receiptless":
                raise UserError(
                    "approval.required",
                    "A return without a receipt needs a manager's approval",
                    action="return.receiptless",
                )
            if approval.approver_role.rank < self._policy.receiptless_return_role.rank:
                raise UserError("approval.insufficient_role", "That role cannot approve this")
        refund = request.refund_minor
        check_refund(refund)
        tenders: list[Tender] = []
        if credit:
            tenders.append(Tender(new_id(), TenderKind.EXCHANGE_CREDIT, -credit))
        remaining = refund - credit
        voucher = None
        issued: list[IssuedCode] = []
        if remaining > 0:
            if request.to_store_credit and self._store_credit_cards:
                tenders.append(_store_credit_card(remaining, issued))
            elif request.to_store_credit:
                code = new_voucher_code()
                voucher = (code, remaining)
                tenders.append(
                    Tender(new_id(), TenderKind.STORE_CREDIT, -remaining, reference=code)
                )
            elif request.origin is not None:
                tenders.extend(request.origin.refund_tenders(remaining))
            elif request.original is not None:
                for tender in refund_to_original(remaining, request.original.tenders):
                    if tender.kind is TenderKind.CARD:
                        code = request.card_refund_approval.strip()
                        if not code:
                            raise UserError(
                                "return.card_approval_missing",
                                "Enter the card terminal's refund approval code",
                            )
                        tender = Tender(
                            tender.tender_id,
                            tender.kind,
                            tender.amount_minor,
                            approval_code=code,
                            reference=tender.reference,
                        )
                    elif tender.kind is TenderKind.STORE_CREDIT and self._store_credit_cards:
                        tender = _store_credit_card(-tender.amount_minor, issued)
                    elif tender.kind is TenderKind.STORE_CREDIT:
                        code = new_voucher_code()
                        voucher = (code, -tender.amount_minor)
                        tender = Tender(
                            tender.tender_id, tender.kind, tender.amount_minor, reference=code
                        )
                    tenders.append(tender)
            else:
                tenders.append(Tender(new_id(), TenderKind.CASH, -remaining))
        lines = []
        for number, line in enumerate(request.lines, 1):
            lines.append(
                {
                    "id": new_id(),
                    "line_no": number,
                    "product_id": line.product_id,
                    "sku": line.sku,
                    "name": line.name,
                    "names": {},
                    "barcode": None,
                    "qty_milli": -to_milli(line.quantity),
                    "sold_by_weight": line.sold_by_weight,
                    # the price effectively refunded per unit (per kg), for the refund slip
                    "unit_price_minor": round_half_up(Decimal(line.refund_minor) / line.quantity),
                    "list_price_minor": round_half_up(Decimal(line.refund_minor) / line.quantity),
                    "gross_minor": -line.refund_minor,
                    "line_discount_minor": 0,
                    "cart_discount_minor": 0,
                    "total_minor": -line.refund_minor,
                    "vat_rate": line.vat_rate,
                    "discount_json": None,
                    "override_reason": request.reason,
                    "original_line_id": line.original_line_id,
                }
            )
        return SaleDocument(
            kind="return",
            sale_id=new_id(),
            ctx=ctx,
            cart_currency=self._currency,
            mode=PricingMode.INCLUSIVE,
            lines=lines,
            tenders=tenders,
            subtotal_minor=-refund,
            line_discounts_minor=0,
            cart_discount_minor=0,
            rounding_minor=0,
            total_minor=-refund,
            approvals=approvals,
            original_sale_id=request.original.sale_id if request.original else None,
            original_receipt_no=request.original.receipt_no if request.original else None,
            exchange_id=exchange_id,
            issued_voucher=voucher,
            origin=request.origin,
            cards=CardPlan(issued_last4={giftcards.code_hash(i.code): i.last4 for i in issued}),
            issued_codes=tuple(issued),
        )

    def complete_return(self, request: ReturnRequest, ctx: SaleContext) -> CompletedSale:
        """Refund returned goods to the original tenders or as store credit."""
        doc = self._return_document(request, ctx, None, 0)
        with write_transaction(self._engine) as conn:
            self._recheck_returnable(conn, request)
            refund = self._write(conn, doc)
        self._committed()
        return refund

    def complete_exchange(
        self, request: ReturnRequest, cart: Cart, payment: Payment, ctx: SaleContext
    ) -> tuple[CompletedSale, CompletedSale]:
        """Return plus new sale in one transaction, the returned value paying for the new goods.

        ``payment`` must carry an exchange-credit tender of min(refund, new total); whatever
        the refund exceeds the new sale by goes back as a normal refund.
        """
        credit = sum(
            t.amount_minor for t in payment.tenders if t.kind is TenderKind.EXCHANGE_CREDIT
        )
        expected = min(request.refund_minor, cart.totals().total_minor)
        if credit != expected:
            raise UserError(
                "exchange.credit_mismatch",
                "The exchange credit must equal the value of the returned goods",
            )
        exchange_id = new_id()
        return_doc = self._return_document(request, ctx, exchange_id, credit)
        sale_doc = self._sale_document(cart, payment, ctx, exchange_id)
        with write_transaction(self._engine) as conn:
            self._recheck_returnable(conn, request)
            returned = self._write(conn, return_doc)
            sold = self._write(conn, sale_doc)
        self._committed()
        return returned, sold

    def _recheck_returnable(self, conn: Connection, request: ReturnRequest) -> None:
        """Guard against the same receipt being returned twice at once (two terminals later)."""
        if request.origin is not None:
            request.origin.recheck(conn)
        for line in request.lines:
            if line.original_line_id is None:
                continue
            sold, returned = sales_queries.sold_and_returned_milli(
                conn, line_id=line.original_line_id
            )
            if to_milli(line.quantity) > sold - returned:
                raise UserError(
                    "return.quantity_exceeds_sold",
                    f"{line.name} has already been returned",
                    sku=line.sku,
                )

    # -- store credit ----------------------------------------------------------------------

    def voucher_balance(self, code: str) -> int:
        """What a store-credit voucher still holds, in minor units: an older ``SC-``
        voucher by its ledger here, a store-credit card by the till's own figure (the
        replica less this till's unsynced movements; 0 for a card this till knows nothing of)."""
        text = code.strip().upper()
        with self._engine.connect() as conn:
            if not text.startswith("SC-") and giftcards.is_valid(text):
                card = offline_balance(conn, giftcards.code_hash(text))
                return 0 if card is None else card.balance_minor
            return sales_queries.voucher_balance(conn, code=text)


def _store_credit_card(amount_minor: int, issued: list[IssuedCode]) -> Tender:
    """The refund tender of ``amount_minor`` as a new store-credit card: its code is made
    here, kept in memory (``issued``) for the voucher slip, and only its hash is written."""
    code = giftcards.new_code()
    issued.append(IssuedCode(code, "store_credit", amount_minor))
    return Tender(
        new_id(), TenderKind.STORE_CREDIT, -amount_minor, reference=giftcards.code_hash(code)
    )


def _card_plan(
    cart: Cart, holds: Mapping[str, CardHold]
) -> tuple[CardPlan, tuple[IssuedCode, ...]]:
    """The cart's gift card lines with every card's hash known (an e-gift card's code is
    made now, kept in memory only) and the payment's holds."""
    lines = {}
    issued = []
    for line in cart.lines:
        card = line.value_card
        if card is None:
            continue
        if card.code_hash is None:
            code = giftcards.new_code()
            issued.append(IssuedCode(code, "gift", line.gross_minor, line.line_id))
            card = replace(card, code_hash=giftcards.code_hash(code), last4=giftcards.last4(code))
        lines[line.line_id] = card
    return CardPlan(lines=lines, holds=dict(holds)), tuple(issued)
