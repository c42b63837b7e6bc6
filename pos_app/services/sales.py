"""Completing sales, returns and exchanges: each is one local transaction.

The sale, its lines, tenders, VAT table, stock movements, store-credit entries, audit
entries, the outbox fact (with the stock entries inside it, docs/sync-protocol.md) and the receipt's
print job all commit together or not at all. Nothing here touches the network.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, func, insert, select, text

from pos_app.domain.cart import Cart
from pos_app.domain.fulfilment import PickupPayment, RemoteOrder
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
from pos_app.domain.tax import PricingMode, breakdown
from pos_app.domain.tenders import Payment, Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.printing import PrintService
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.tables import table
from sync.protocol.facts import OrderCompleted, OrderRefunded, WebOrderReturned
from sync.receipt_token import make_token


def to_milli(quantity: Decimal) -> int:
    return int(quantity * 1000)


def from_milli(milli: int) -> Decimal:
    return (Decimal(milli) / 1000).normalize()


@dataclass(frozen=True, slots=True)
class SaleContext:
    """Who sells, in which shift, and in which language the receipt is printed."""

    cashier_id: str
    cashier_name: str
    shift_id: str
    business_date: date
    language: str = "tr"
    paper_receipt: bool = True  # False: e-receipt only (the QR), nothing printed


@dataclass(frozen=True, slots=True)
class CompletedSale:
    sale_id: str
    receipt_no: str
    kind: str
    total_minor: int
    change_minor: int
    store_credit_voucher: str | None = None
    receipt_token: str = ""


@dataclass
class _Document:
    """Everything one sale or return writes, assembled before the transaction opens."""

    kind: str
    sale_id: str
    ctx: SaleContext
    cart_currency: str
    mode: PricingMode
    lines: list[dict[str, Any]]
    tenders: list[Tender]
    subtotal_minor: int
    line_discounts_minor: int
    cart_discount_minor: int
    rounding_minor: int
    total_minor: int
    approvals: list[Approval]
    original_sale_id: str | None = None
    original_receipt_no: str | None = None  # a return's: None when no receipt was shown
    exchange_id: str | None = None
    issued_voucher: tuple[str, int] | None = None
    remote_order: RemoteOrder | None = None
    pickup_payment: PickupPayment | None = None
    origin: ReturnOrigin | None = None


@dataclass(frozen=True, slots=True)
class SaleForReturn:
    """An earlier sale as the return screen needs it."""

    sale_id: str
    receipt_no: str
    completed_at: datetime
    lines: list[SoldLine]
    tenders: list[PaidTender]


class ReturnOrigin(Protocol):
    """Where returned goods were bought when not on this till's receipts (a web order:
    ``services.web_returns``). Such a return needs no receiptless approval; the origin says
    how the refund goes back, checks under the write lock that the goods may still come
    back, and names the fact that carries the return instead of ``order.refunded``."""

    def refund_tenders(self, amount_minor: int) -> list[Tender]:
        """The (negative) tenders refunding ``amount_minor`` that is not store credit."""
        ...

    def recheck(self, conn: Connection) -> None:
        """Raise ``UserError`` when the goods may no longer come back (in the transaction)."""
        ...

    def fact(self) -> tuple[type[WebOrderReturned], dict[str, Any]]:
        """The fact's model and the fields it adds to the return's payload."""
        ...

    def record(self, conn: Connection, sale_id: str, mutation_id: str, now: datetime) -> None:
        """Write the origin's own rows for the return ``sale_id`` (in the transaction)."""
        ...


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
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._printing = printing
        self._policy = policy or ApprovalPolicy()
        self._currency = currency
        # Signs e-receipt tokens (sync.receipt_token); None until the terminal is enrolled.
        self._receipt_key = receipt_key
        # Called after every committed sale or return (the sync worker's notify()).
        self._after_commit = after_commit

    def _committed(self) -> None:
        self._printing.after_commit()
        if self._after_commit is not None:
            self._after_commit()

    # -- sale ------------------------------------------------------------------------------

    def _sale_document(
        self, cart: Cart, payment: Payment, ctx: SaleContext, exchange_id: str | None = None
    ) -> _Document:
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
        return _Document(
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
        )

    def complete_sale(
        self,
        cart: Cart,
        payment: Payment,
        ctx: SaleContext,
        *,
        also: Callable[[Connection, CompletedSale], None] | None = None,
    ) -> CompletedSale:
        """Commit a fully paid sale. Raises ``UserError`` and writes nothing if it is not.

        ``also`` runs inside the sale's transaction once the sale is written (a pickup's
        handover paid by this sale): if it raises, nothing of the sale is kept either.
        """
        doc = self._sale_document(cart, payment, ctx)
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
        s, ln, tn = table("sale"), table("sale_line"), table("sale_tender")
        with self._engine.connect() as conn:
            sale = conn.execute(
                select(s.c.id, s.c.completed_at, s.c.kind).where(s.c.receipt_no == receipt_no)
            ).first()
            if sale is None:
                raise UserError(
                    "return.unknown_receipt",
                    f"No sale with receipt {receipt_no}",
                    receipt_no=receipt_no,
                )
            if sale[2] != "sale":
                raise UserError("return.not_a_sale", f"{receipt_no} is itself a return")
            returned = (
                select(
                    ln.c.original_line_id,
                    func.sum(-ln.c.qty_milli).label("qty"),
                    func.sum(-ln.c.total_minor).label("amount"),
                )
                .where(ln.c.original_line_id.is_not(None))
                .group_by(ln.c.original_line_id)
                .subquery()
            )
            rows = conn.execute(
                select(
                    ln.c.id,
                    ln.c.product_id,
                    ln.c.sku,
                    ln.c.name,
                    ln.c.vat_rate,
                    ln.c.qty_milli,
                    ln.c.total_minor,
                    returned.c.qty,
                    returned.c.amount,
                    ln.c.sold_by_weight,
                )
                .select_from(ln.outerjoin(returned, returned.c.original_line_id == ln.c.id))
                .where(ln.c.sale_id == sale[0])
                .order_by(ln.c.line_no)
            ).all()
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
            paid = conn.execute(
                select(tn.c.id, tn.c.kind, tn.c.amount_minor).where(tn.c.sale_id == sale[0])
            ).all()
            refunded: dict[str, int] = dict(
                conn.execute(
                    select(tn.c.reference, func.sum(-tn.c.amount_minor))
                    .where(tn.c.reference.in_([p[0] for p in paid]))
                    .group_by(tn.c.reference)
                ).all()
            )
        tenders = [
            PaidTender(p[0], TenderKind(p[1]), p[2], int(refunded.get(p[0], 0))) for p in paid
        ]
        return SaleForReturn(sale[0], receipt_no, sale[1], lines, tenders)

    def _return_document(
        self, request: ReturnRequest, ctx: SaleContext, exchange_id: str | None, credit: int
    ) -> _Document:
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
        if remaining > 0:
            if request.to_store_credit:
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
        return _Document(
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
        ln = table("sale_line")
        for line in request.lines:
            if line.original_line_id is None:
                continue
            row = conn.execute(
                select(
                    ln.c.qty_milli,
                    select(func.coalesce(func.sum(-ln.c.qty_milli), 0))
                    .where(ln.c.original_line_id == line.original_line_id)
                    .scalar_subquery(),
                ).where(ln.c.id == line.original_line_id)
            ).one()
            sold, returned = int(row[0]), int(row[1])
            if to_milli(line.quantity) > sold - returned:
                raise UserError(
                    "return.quantity_exceeds_sold",
                    f"{line.name} has already been returned",
                    sku=line.sku,
                )

    # -- store credit ----------------------------------------------------------------------

    def voucher_balance(self, code: str) -> int:
        e = table("store_credit_entry")
        with self._engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.coalesce(func.sum(e.c.delta_minor), 0)).where(
                        e.c.voucher_code == code.strip().upper()
                    )
                ).scalar_one()
            )

    # -- the one transaction ---------------------------------------------------------------

    def _write(self, conn: Connection, doc: _Document) -> CompletedSale:
        now = self._clock.now()
        terminal = self._terminal
        local_no = int(
            conn.execute(
                text(
                    "UPDATE terminal_state SET next_local_no = next_local_no + 1 WHERE id = 1 "
                    "RETURNING next_local_no - 1"
                )
            ).scalar_one()
        )
        receipt_no = terminal.receipt_no(local_no)
        by_rate: dict[int, int] = {}
        for line in doc.lines:
            by_rate[line["vat_rate"]] = by_rate.get(line["vat_rate"], 0) + line["total_minor"]
        bands = breakdown(by_rate, doc.mode)
        tax_minor = sum(band.tax_minor for band in bands)
        approvals = [a.to_dict() for a in doc.approvals]
        # The fields the sale row and the outbox fact share.
        header: dict[str, Any] = {
            "receipt_no": receipt_no,
            "receipt_token": make_token(self._receipt_key, doc.ctx.language),
            "kind": doc.kind,
            "store_code": terminal.store_code,
            "terminal_code": terminal.terminal_code,
            "shift_id": doc.ctx.shift_id,
            "cashier_id": doc.ctx.cashier_id,
            "currency": doc.cart_currency,
            "pricing_mode": doc.mode.value,
            "language": doc.ctx.language,
            "subtotal_minor": doc.subtotal_minor,
            "line_discounts_minor": doc.line_discounts_minor,
            "cart_discount_minor": doc.cart_discount_minor,
            "tax_minor": tax_minor,
            "rounding_minor": doc.rounding_minor,
            "total_minor": doc.total_minor,
            "exchange_id": doc.exchange_id,
        }
        conn.execute(
            insert(table("sale")),
            header
            | {
                "id": doc.sale_id,
                "local_no": local_no,
                "business_date": doc.ctx.business_date,
                "completed_at": now,
                "original_sale_id": doc.original_sale_id,
                "approvals_json": json.dumps(approvals),
            },
        )
        conn.execute(
            insert(table("sale_line")),
            [
                {k: v for k, v in line.items() if k not in ("names", "remote")}
                | {"sale_id": doc.sale_id}
                for line in doc.lines
            ],
        )
        tender_rows = [t.to_dict() for t in doc.tenders]
        if tender_rows:
            conn.execute(
                insert(table("sale_tender")),
                [
                    {
                        "id": r["tender_id"],
                        "sale_id": doc.sale_id,
                        "kind": r["kind"],
                        "amount_minor": r["amount_minor"],
                        "tendered_minor": r["tendered_minor"],
                        "change_minor": r["change_minor"],
                        "approval_code": r["approval_code"],
                        "reference": r["reference"],
                    }
                    for r in tender_rows
                ],
            )
        conn.execute(
            insert(table("sale_tax")),
            [
                {
                    "sale_id": doc.sale_id,
                    "rate_percent": b.rate_percent,
                    "net_minor": b.net_minor,
                    "tax_minor": b.tax_minor,
                }
                for b in bands
            ],
        )
        movements = [
            {
                "id": new_id(),
                "store_code": terminal.store_code,
                "product_id": line["product_id"],
                "qty_milli": -line["qty_milli"],
                "reason": doc.kind,
                "sale_id": doc.sale_id,
                "occurred_at": now,
            }
            for line in doc.lines
            if not line.get("remote")  # delivered or picked up elsewhere: not from this shelf
        ]
        if movements:
            conn.execute(insert(table("stock_movement")), movements)
        credits = self._store_credit_entries(conn, doc, now)
        for approval in doc.approvals:
            audit(
                conn,
                action=approval.action,
                at=now,
                user_id=doc.ctx.cashier_id,
                approver_id=approval.approver_id,
                sale_id=doc.sale_id,
                detail={"receipt_no": receipt_no, "detail": approval.detail},
            )
        if doc.kind == "return":
            audit(
                conn,
                action="refund",
                at=now,
                user_id=doc.ctx.cashier_id,
                sale_id=doc.sale_id,
                detail={
                    "receipt_no": receipt_no,
                    "amount_minor": -doc.total_minor,
                    "original_sale_id": doc.original_sale_id,
                },
            )
        payload = header | {
            "order_id": doc.sale_id,
            "business_date": doc.ctx.business_date.isoformat(),
            "completed_at": now.isoformat(),
            "original_order_id": doc.original_sale_id,
            # The refund slip and its e-receipt name the receipt taken back (or none).
            **({"original_receipt_no": doc.original_receipt_no} if doc.kind == "return" else {}),
            "lines": [
                {k: v for k, v in line.items() if k not in ("discount_json", "remote")}
                | {"discount": json.loads(line["discount_json"]) if line["discount_json"] else None}
                | ({"remote": True} if line.get("remote") else {})
                for line in doc.lines
            ],
            "tenders": tender_rows,
            "taxes": [
                {"rate_percent": b.rate_percent, "net_minor": b.net_minor, "tax_minor": b.tax_minor}
                for b in bands
            ],
            "stock_movements": [
                {
                    "id": m["id"],
                    "product_id": m["product_id"],
                    "qty_milli": m["qty_milli"],
                    "reason": m["reason"],
                }
                for m in movements
            ],
            "store_credit": credits,
            "approvals": approvals,
        }
        if doc.remote_order is not None:
            payload["web_order"] = _web_order_request(doc.remote_order, doc.lines)
        if doc.pickup_payment is not None:
            payload["pickup_payment"] = {
                "order_id": doc.pickup_payment.order_id,
                "number": doc.pickup_payment.number,
            }
        model: type[OrderCompleted | OrderRefunded | WebOrderReturned] = (
            OrderCompleted if doc.kind == "sale" else OrderRefunded
        )
        if doc.origin is not None:
            model, extra = doc.origin.fact()
            payload |= extra
        # The typed fact checks what the backend will (types, amounts within the limits).
        fact = model.model_validate(payload)
        mutation_id, _seq = append_fact(
            conn, fact, occurred_at=now, business_date=doc.ctx.business_date
        )
        if doc.origin is not None:
            doc.origin.record(conn, doc.sale_id, mutation_id, now)
        # The receipt prints what the fact says.
        document = fact.payload() | {
            "cashier_name": doc.ctx.cashier_name,
            "copy": False,
        }
        self._printing.add_job(conn, document, sale_id=doc.sale_id, paper=doc.ctx.paper_receipt)
        change = sum(t.change_minor for t in doc.tenders)
        voucher = doc.issued_voucher[0] if doc.issued_voucher else None
        return CompletedSale(
            doc.sale_id,
            receipt_no,
            doc.kind,
            doc.total_minor,
            change,
            voucher,
            receipt_token=header["receipt_token"],
        )

    def _store_credit_entries(
        self, conn: Connection, doc: _Document, now: datetime
    ) -> list[dict[str, Any]]:
        e = table("store_credit_entry")
        entries = []
        if doc.issued_voucher:
            code, amount = doc.issued_voucher
            entries.append({"voucher_code": code, "delta_minor": amount})
        spent: dict[str, int] = {}  # per voucher: several tenders may use the same one
        for tender in doc.tenders:
            if tender.kind is TenderKind.STORE_CREDIT and tender.amount_minor > 0:
                code = tender.reference.strip().upper()
                spent[code] = spent.get(code, 0) + tender.amount_minor
                balance: int = conn.execute(
                    select(func.coalesce(func.sum(e.c.delta_minor), 0)).where(
                        e.c.voucher_code == code
                    )
                ).scalar_one()
                if balance < spent[code]:
                    raise UserError(
                        "payment.voucher_insufficient",
                        f"Voucher {code} holds only {balance} minor units",
                        code=code,
                        balance_minor=int(balance),
                    )
                entries.append({"voucher_code": code, "delta_minor": -tender.amount_minor})
        if entries:
            conn.execute(
                insert(e),
                [
                    entry | {"id": new_id(), "sale_id": doc.sale_id, "occurred_at": now}
                    for entry in entries
                ],
            )
        return entries


def _web_order_request(order: RemoteOrder, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """What the backend needs to open the web-fulfilled order of an endless-aisle sale: the
    destination, whom to contact, and the remote lines at the prices paid here."""
    return {
        "fulfilment": order.kind.value,
        "store_code": order.store_code or None,
        "store_name": order.store_name,
        "delivery_address": order.address,
        "customer": {"name": order.customer_name, "phone": order.phone, "email": order.email},
        "availability_confirmed": order.confirmed,
        "lines": [
            {
                "line_id": line["id"],
                "sku": line["sku"],
                "qty_milli": line["qty_milli"],
                "total_minor": line["total_minor"],
            }
            for line in lines
            if line.get("remote")
        ],
    }
