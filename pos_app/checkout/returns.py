"""Returns and exchanges at the till: from a receipt of this till, receiptless (a supervisor
approves; products at today's price), or of a web order (``services.web_returns``); refunded
now, or turned into credit for a new sale (an exchange, paid in ``payment``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pos_app.checkout.events import Change, Flow, Stage
from pos_app.checkout.sale import ExchangeDraft, SaleResult, SaleSession
from pos_app.devices.drawer import CashDrawer
from pos_app.domain.cart import Cart
from pos_app.domain.returns import ReturnLine, refund_for, refund_to_original
from pos_app.domain.roles import Approval
from pos_app.domain.sale_limits import check_refund
from pos_app.domain.tenders import TenderKind
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.services.sales import ReturnRequest, SaleForReturn, SalesService
from pos_app.services.web_returns import WebReturnService, origin_state


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


class ReturnsSession:
    """The return at the till (``returning``) and the exchanges it starts on ``sale``."""

    def __init__(
        self,
        flow: Flow,
        sale: SaleSession,
        sales: SalesService,
        catalog: CatalogLookup,
        web_returns: WebReturnService,
        records: CheckoutRecords,
        drawer: CashDrawer,
    ) -> None:
        self._flow = flow
        self.sale = sale
        self._sales = sales
        self._catalog = catalog
        self._web_returns = web_returns
        self._records = records
        self._drawer = drawer
        self.returning: ReturnDraft | None = None

    def begin_return(self) -> None:
        self.sale.require_selling()
        if not self.sale.cart.is_empty:
            raise UserError("return.sale_in_progress", "Finish or park the current sale first")
        self.returning = None
        self._flow.notify(Change.RETURN)
        self._flow.set_stage(Stage.RETURNING)

    def _require_returning(self) -> None:
        if self._flow.stage is not Stage.RETURNING:
            raise UserError("return.not_started", "Start a return first")

    def load_receipt(self, receipt_no: str) -> SaleForReturn:
        """Scan or type the receipt number (printed as a barcode on every receipt)."""
        self._require_returning()
        sale = self._sales.find_sale(receipt_no)
        self.returning = ReturnDraft(original=sale)
        self._flow.notify(Change.RETURN)
        return sale

    def start_receiptless(self, approval: Approval) -> None:
        """A return without a receipt: a supervisor's approval first, then scan the goods."""
        self._require_returning()
        if approval.action != "return.receiptless":
            raise UserError("approval.required", "Approval needed", action="return.receiptless")
        self.returning = ReturnDraft(original=None, approval=approval)
        self.sale.audit_approval(approval)
        self._flow.notify(Change.RETURN)

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
        self._flow.notify(Change.RETURN)

    def return_scan(self, code: str) -> None:
        """In a receiptless return, a scanned product comes back at today's price; with a
        receipt, a scan marks one more of that product for return."""
        draft = self._draft()
        result = self._catalog.resolve_scan(code)
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
        cart = self.sale.cart
        probe = Cart(currency=cart.currency, mode=cart.mode)
        line = probe.add(product, result.quantity, fixed_total_minor=result.fixed_total_minor)
        amount = probe.totals().total_minor
        check_refund(draft.refund_minor + amount)
        draft.receiptless.append(
            ReturnLine(
                None,
                product.product_id,
                product.sku,
                product.name_in(self._flow.language),
                product.vat_rate,
                line.quantity,
                amount,
                product.sold_by_weight,
            )
        )
        self._flow.notify(Change.RETURN)

    def remove_receiptless_line(self, index: int) -> None:
        draft = self._draft()
        if not 0 <= index < len(draft.receiptless):
            raise UserError("cart.unknown_line", "No such line", line_id=str(index))
        del draft.receiptless[index]
        self._flow.notify(Change.RETURN)

    def set_refund_to_store_credit(self, enabled: bool) -> None:
        self._draft().to_store_credit = enabled
        self._flow.notify(Change.RETURN)

    def return_needs_card_approval(self) -> bool:
        """Whether refunding to the original tenders puts money back on a card."""
        draft = self._draft()
        if draft.to_store_credit or draft.original is None or draft.refund_minor <= 0:
            return False
        return any(
            t.kind is TenderKind.CARD
            for t in refund_to_original(draft.refund_minor, draft.original.tenders)
        )

    def complete_return(self, card_refund_approval: str = "") -> SaleResult:
        """Refund now: to the original tenders (cards need the terminal's code) or a voucher."""
        request = _request_from(self._draft(), card_refund_approval)
        sale = self.sale
        refund = self._sales.complete_return(request, sale.context())
        cash_out = self._records.paid_in_cash(refund.sale_id)
        drawer = self._drawer.open(reason="refund") if cash_out else None
        sale.last_result = SaleResult(refund, 0, drawer, refund, receipt_choice=sale.receipt_choice)
        self._finished()
        return sale.last_result

    def _finished(self) -> None:
        self.returning = None
        self._flow.notify(Change.RETURN)
        self.sale.start_next_sale(notify_stage=False)
        self._flow.set_stage(Stage.DONE)

    def start_exchange(self) -> None:
        """The returned goods become credit for a new sale; both commit together at payment."""
        draft = self._draft()
        request = _request_from(draft)
        if not request.lines:
            raise UserError("return.empty", "Choose what is being returned")
        self._exchange(request, ("exchange", _draft_state(draft)))

    def _exchange(self, request: ReturnRequest, saved: ExchangeDraft | None) -> None:
        self.returning = None
        self.sale.take_exchange(request, saved)
        self._flow.notify(Change.RETURN)
        self.sale.cart_changed()
        self._flow.set_stage(Stage.SELLING)

    def cancel_return(self) -> None:
        self.returning = None
        self._flow.notify(Change.RETURN)
        self._flow.set_stage(Stage.SELLING)

    def complete_web_return(self, request: ReturnRequest) -> SaleResult:
        """Refund a web order's returned goods now (``services.web_returns``): to its online
        payment or as store credit; no money leaves the drawer."""
        self._require_returning()
        if request.origin is None:
            raise UserError("return.no_receipt", "This return has no web order")
        sale = self.sale
        refund = self._sales.complete_return(request, sale.context())
        sale.last_result = SaleResult(refund, 0, None, refund, receipt_choice=sale.receipt_choice)
        self._finished()
        return sale.last_result

    def start_web_exchange(self, request: ReturnRequest) -> None:
        """A web order's returned goods become credit for a new sale, as ``start_exchange``;
        both commit together at payment."""
        self._require_returning()
        if request.origin is None or not request.lines:
            raise UserError("return.empty", "Choose what is being returned")
        state = origin_state(request)
        self._exchange(request, ("web_exchange", state) if state is not None else None)

    def restore_exchange(
        self, key: str, state: dict[str, Any]
    ) -> tuple[ReturnRequest, ExchangeDraft | None]:
        """The goods of an unfinished exchange, from its draft sale (``key`` as saved by
        ``start_exchange`` or ``start_web_exchange``), checked again against the receipt or
        web order as it is now."""
        if key == "web_exchange":
            request = self._web_returns.restore(state)
            saved = origin_state(request)
            return request, ("web_exchange", saved) if saved is not None else None
        draft = _draft_from_state(state, self._sales)
        return _request_from(draft), ("exchange", _draft_state(draft))


def _request_from(draft: ReturnDraft, card_refund_approval: str = "") -> ReturnRequest:
    return ReturnRequest(
        lines=draft.lines(),
        original=draft.original,
        to_store_credit=draft.to_store_credit,
        card_refund_approval=card_refund_approval,
        approval=draft.approval,
    )


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


def _draft_from_state(state: dict[str, Any], sales: SalesService) -> ReturnDraft:
    original = sales.find_sale(state["receipt_no"]) if state["receipt_no"] else None
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
