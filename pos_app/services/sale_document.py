"""What one sale or return writes, and the one transaction that writes it.

The sale, its lines, tenders, VAT table, stock movements, store-credit entries, audit
entries, the outbox fact (with the stock entries inside it, docs/sync-protocol.md) and the
receipt's print job all commit together or not at all (``write_document``). The documents
are assembled by ``services.sales`` before the transaction opens.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Connection

from pos_app.domain.fulfilment import PickupPayment, RemoteOrder
from pos_app.domain.ids import new_id
from pos_app.domain.roles import Approval
from pos_app.domain.tax import PricingMode, breakdown
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services import sale_loyalty
from pos_app.services.printing import PrintService
from pos_app.services.terminal import TerminalInfo
from pos_app.services.value_card_ledger import CardPlan, card_entries
from pos_app.services.value_cards import IssuedCode
from pos_app.storage.audit import audit
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import sales as sales_queries
from pos_app.storage.queries import stock as stock_queries
from sync.protocol.facts import OrderCompleted, OrderRefunded, WebOrderReturned
from sync.receipt_token import make_token


def to_milli(quantity: Decimal) -> int:
    """A quantity (pieces or kg) in thousandths, as the tables and facts hold it."""
    return int(quantity * 1000)


def from_milli(milli: int) -> Decimal:
    """Thousandths back to a quantity (pieces or kg)."""
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
    channel: str = "store"  # store (a till) | kiosk (self-service)


@dataclass(frozen=True, slots=True)
class CompletedSale:
    sale_id: str
    receipt_no: str
    kind: str
    total_minor: int
    change_minor: int
    store_credit_voucher: str | None = None
    receipt_token: str = ""
    # Codes this sale made (e-gift cards, a store-credit card): in memory only, for the
    # customer display and the slip printed once (services.value_card_slips).
    issued_codes: tuple[IssuedCode, ...] = ()
    # The receipt's points figures (earned, spent, balance, pending) for a sale with a
    # customer, so a screen can show what the paper says; empty without one.
    points_summary: Mapping[str, int] = field(default_factory=dict)


@dataclass
class SaleDocument:
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
    cards: CardPlan = field(default_factory=CardPlan)  # gift card lines and holds
    issued_codes: tuple[IssuedCode, ...] = ()
    customer_id: str | None = None  # a sale's customer (a return's: its original's)


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


def write_document(
    conn: Connection,
    doc: SaleDocument,
    *,
    now: datetime,
    terminal: TerminalInfo,
    printing: PrintService,
    receipt_key: str | None,
) -> CompletedSale:
    """Write ``doc`` in the caller's transaction: the sale row and its parts, the stock
    movements, store credit, audit entries, the outbox fact and the receipt's print job."""
    # Before the sale row: it sets the lines' points and reads what was returned before.
    customer_id = doc.customer_id
    if customer_id is None and doc.kind == "return" and doc.original_sale_id:
        # A return on a receipt is the original customer's, points or not.
        customer_id = sales_queries.customer_of(conn, sale_id=doc.original_sale_id)
    loyalty = sale_loyalty.plan(
        conn,
        kind=doc.kind,
        # A gift card's line earns no points (its value earns when it is spent on goods).
        lines=[line for line in doc.lines if line["id"] not in doc.cards.lines],
        tenders=doc.tenders,
        customer_id=doc.customer_id,
        business_date=doc.ctx.business_date,
    )
    # The points' customer wins (a return without a receipt may reverse a customer's
    # points through its lines); else the sale's, or the original sale's.
    customer_id = loyalty.customer_id or customer_id
    local_no = sales_queries.next_local_no(conn)
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
        "receipt_token": make_token(receipt_key, doc.ctx.language),
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
    tender_rows = [t.to_dict() for t in doc.tenders]
    sales_queries.insert_sale(
        conn,
        sale=header
        | {
            "id": doc.sale_id,
            "local_no": local_no,
            "business_date": doc.ctx.business_date,
            "completed_at": now,
            "original_sale_id": doc.original_sale_id,
            "approvals_json": json.dumps(approvals),
            "channel": doc.ctx.channel,
            "customer_id": customer_id,
        },
        lines=[
            {k: v for k, v in line.items() if k not in ("names", "remote")}
            | {"sale_id": doc.sale_id, "loyalty_points": line.get("loyalty_points", 0)}
            for line in doc.lines
        ],
        tenders=[
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
        taxes=[
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
        # delivered or picked up elsewhere: not from this shelf; a gift card is no stock
        if not line.get("remote") and line["id"] not in doc.cards.lines
    ]
    if movements:
        stock_queries.insert_movements(conn, rows=movements)
    credits = _store_credit_entries(conn, doc, now)
    cards = card_entries(
        conn,
        sale_id=doc.sale_id,
        kind=doc.kind,
        lines=doc.lines,
        tenders=doc.tenders,
        plan=doc.cards,
        now=now,
    )
    loyalty.record(conn, doc.sale_id, now)
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
    if cards:
        payload["value_cards"] = cards
    if doc.ctx.channel != "store":
        # Absent means a till's sale, so the facts of store sales keep their bytes.
        payload["channel"] = doc.ctx.channel
    if customer_id is not None:
        # Only when there is a customer: the facts of other sales keep their bytes.
        payload["customer_id"] = customer_id
    if loyalty.entries:
        payload["loyalty"] = loyalty.entries
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
    if doc.cards.holds:
        # What each card tender left on its card, for the receipt (never the code).
        document["value_card_left"] = {
            tender_id: hold.balance_after_minor for tender_id, hold in doc.cards.holds.items()
        }
    points = loyalty.receipt(conn, doc.ctx.business_date)
    if points:
        document["points_summary"] = points  # earned, spent and the balance after
    printing.add_job(conn, document, sale_id=doc.sale_id, paper=doc.ctx.paper_receipt)
    change = sum(t.change_minor for t in doc.tenders)
    voucher = doc.issued_voucher[0] if doc.issued_voucher else None
    for issued in doc.issued_codes:
        if issued.card_kind == "store_credit":
            voucher = issued.display  # what the screens show as the voucher's code
    return CompletedSale(
        doc.sale_id,
        receipt_no,
        doc.kind,
        doc.total_minor,
        change,
        voucher,
        receipt_token=header["receipt_token"],
        issued_codes=doc.issued_codes,
        points_summary=dict(points),
    )


def _store_credit_entries(
    conn: Connection, doc: SaleDocument, now: datetime
) -> list[dict[str, Any]]:
    """The voucher issued and the vouchers spent by ``doc``, checked against their balance
    and written to the store-credit ledger."""
    entries = []
    if doc.issued_voucher:
        code, amount = doc.issued_voucher
        entries.append({"voucher_code": code, "delta_minor": amount})
    spent: dict[str, int] = {}  # per voucher: several tenders may use the same one
    for tender in doc.tenders:
        if tender.kind is TenderKind.STORE_CREDIT and tender.amount_minor > 0:
            code = tender.reference.strip().upper()
            spent[code] = spent.get(code, 0) + tender.amount_minor
            balance = sales_queries.voucher_balance(conn, code=code)
            if balance < spent[code]:
                raise UserError(
                    "payment.voucher_insufficient",
                    f"Voucher {code} holds only {balance} minor units",
                    code=code,
                    balance_minor=int(balance),
                )
            entries.append({"voucher_code": code, "delta_minor": -tender.amount_minor})
    if entries:
        sales_queries.insert_store_credit_entries(
            conn,
            rows=[
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
