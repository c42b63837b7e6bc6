"""Orders a till completed: ``order.completed`` (a sale), ``order.refunded`` (a return) and
``web_order.returned`` (a return of a web order's goods, sync.server.facts.returns).

One payload shape for all three: the receipt's head, its lines, tenders, VAT table, the
stock movements it caused, store credit, approvals; a sale may carry an endless-aisle
``web_order`` or a ``pickup_payment``, a web return its ``web_return``. The amounts are
within the limits of every sale (``sync.protocol.limits``), by the sign rules of its kind: a till
checks the same limits when a line is added, so an order beyond them is a forged, corrupted
or very old fact, rejected alone (``amount_out_of_range``) instead of a total of -10^12
reaching the reports or a sum over a day overflowing.
"""

from __future__ import annotations

from typing import ClassVar, Literal, Self

from pydantic import Field, StrictBool, StrictStr, model_validator

from sync.protocol.facts.base import (
    FactDate,
    FactModel,
    FactTime,
    Int,
    Key,
    Part,
    rejection,
)
from sync.protocol.limits import (
    line_quantity_problem,
    line_total_problem,
    sale_total_problem,
    unit_price_problem,
)

AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
WEB_REFUND_METHODS = ("online_payment", "store_credit", "exchange")


class Approval(Part):
    """A supervisor's or manager's approval (``pos_app.domain.roles.Approval.to_dict``)."""

    action: StrictStr
    approver_id: StrictStr
    approver_name: StrictStr = ""
    approver_role: StrictStr = ""
    at: FactTime | None = None
    detail: StrictStr = ""


class LineDiscount(Part):
    kind: StrictStr  # percent | amount
    value: StrictStr  # a decimal as text: "10", "12.5"
    reason: StrictStr = ""


class OrderLine(Part):
    """A receipt line; a return's quantities and amounts are negative."""

    sku: Key
    id: StrictStr | None = None
    line_no: Int | None = None
    product_id: StrictStr | None = None  # the terminal's product id (stock movements name it)
    name: StrictStr | None = None
    names: dict[str, StrictStr] = Field(default_factory=dict)
    barcode: StrictStr | None = None
    qty_milli: Int | None = None
    sold_by_weight: StrictBool = False
    unit_price_minor: Int | None = None
    list_price_minor: Int | None = None
    gross_minor: Int | None = None
    line_discount_minor: Int = 0
    cart_discount_minor: Int = 0
    total_minor: Int | None = None
    vat_rate: Int | None = None
    discount: LineDiscount | None = None
    override_reason: StrictStr | None = None
    original_line_id: StrictStr | None = None
    remote: StrictBool = False
    # Points this line earned (a sale's), or took back (a return's, negative): computed at
    # the sale by ``sync.protocol.loyalty`` and kept on the line, so a return reverses
    # exactly what the line earned.
    loyalty_points: Int = 0  # endless aisle: goes out as the web order, not from the shelf


class Tender(Part):
    kind: StrictStr
    amount_minor: Int
    tender_id: StrictStr | None = None
    tendered_minor: Int = 0
    change_minor: Int = 0
    approval_code: StrictStr = ""
    reference: StrictStr = ""


class TaxBand(Part):
    rate_percent: Int
    net_minor: Int
    tax_minor: Int


class OrderMovement(Part):
    """A stock movement the order caused at the till's store (of a line's product)."""

    id: Key
    product_id: StrictStr
    qty_milli: Int
    reason: StrictStr | None = None


class StoreCreditEntry(Part):
    voucher_code: StrictStr
    delta_minor: Int


class LoyaltyEntry(Part):
    """One entry of the customer's points ledger (docs/loyalty.md "Ledgers").

    ``reason``: ``earn`` (one per earning sales line, ``line_id``, dated ``vests_on``),
    ``reversal`` (one per returned line, negative, ``line_id`` the return line and dated the
    earn's ``vests_on``), ``redeem`` (points spent as a tender, negative) or ``refund`` (a
    return giving spent points back). A redemption names the ``reservation_id`` the backend
    granted online, or is ``offline`` (bounded by the till, docs/loyalty.md).
    """

    id: Key
    customer_id: Key
    points: Int
    reason: StrictStr | None = None
    line_id: StrictStr | None = None
    vests_on: FactDate | None = None
    tender_id: StrictStr | None = None
    reservation_id: StrictStr | None = None
    offline: StrictBool = False


ValueCardKind = Literal["gift", "store_credit"]
ValueCardAction = Literal["activate", "top_up", "issue", "redeem", "refund"]


class ValueCardEntry(Part):
    """One movement of a gift card or store-credit balance (docs/loyalty.md "Gift cards").

    The card is named by ``code_hash`` (``sync.protocol.giftcards.code_hash``): the code
    itself never leaves the receipt it is printed on. ``delta_minor`` is + for ``activate``
    (a gift card sold), ``top_up``, ``issue`` (store credit from a return) and ``refund``
    (a redemption given back), - for ``redeem`` (spent as a tender, ``tender_id``). A
    redemption names the backend's ``reservation_id``, or is ``offline``.
    """

    id: Key
    code_hash: Key
    card_kind: ValueCardKind
    action: ValueCardAction
    delta_minor: Int
    last4: StrictStr = ""
    line_id: StrictStr | None = None  # the sales line that sold or topped up the card
    tender_id: StrictStr | None = None
    reservation_id: StrictStr | None = None
    offline: StrictBool = False


class AisleCustomer(Part):
    name: StrictStr = ""
    phone: StrictStr = ""
    email: StrictStr = ""


class AisleLine(Part):
    sku: StrictStr
    qty_milli: Int
    total_minor: Int  # what the sale charged for it
    line_id: StrictStr | None = None


class AisleOrder(Part):
    """Endless aisle: the web order the sale paid for (delivery, or pickup elsewhere)."""

    fulfilment: StrictStr | None = None  # delivery | pickup
    store_code: StrictStr | None = None
    store_name: StrictStr = ""
    delivery_address: StrictStr | None = None
    customer: AisleCustomer | None = None
    availability_confirmed: StrictBool = False
    lines: list[AisleLine] = Field(default_factory=list)


class PickupPayment(Part):
    """A pay-in-store pickup order this sale paid."""

    order_id: Key
    number: StrictStr | None = None


class _Order(FactModel):
    """The fields all order facts share."""

    DEFAULT_KIND: ClassVar[str] = "sale"

    order_id: Key
    receipt_no: Key
    store_code: Key
    completed_at: FactTime
    business_date: FactDate
    total_minor: Int
    lines: list[OrderLine]
    kind: StrictStr | None = None  # sale | return (the fact kind's when absent)
    receipt_token: StrictStr | None = None
    terminal_code: StrictStr | None = None
    shift_id: StrictStr | None = None
    cashier_id: StrictStr | None = None
    currency: StrictStr | None = None
    pricing_mode: StrictStr | None = None
    language: StrictStr | None = None
    subtotal_minor: Int = 0
    line_discounts_minor: Int = 0
    cart_discount_minor: Int = 0
    tax_minor: Int = 0
    rounding_minor: Int = 0
    exchange_id: StrictStr | None = None
    original_order_id: StrictStr | None = None
    original_receipt_no: StrictStr | None = None  # a return's: the receipt taken back
    customer_id: Key | None = None
    channel: StrictStr | None = None  # store (absent) | kiosk
    tenders: list[Tender] = Field(default_factory=list)
    taxes: list[TaxBand] = Field(default_factory=list)
    stock_movements: list[OrderMovement] = Field(default_factory=list)
    store_credit: list[StoreCreditEntry] = Field(default_factory=list)
    approvals: list[Approval] = Field(default_factory=list)
    loyalty: list[LoyaltyEntry] = Field(default_factory=list)
    value_cards: list[ValueCardEntry] = Field(default_factory=list)

    @property
    def where(self) -> str:
        """How messages name this order."""
        return f"receipt {self.receipt_no}"

    @property
    def order_kind(self) -> str:
        """``sale`` or ``return``."""
        return self.kind or self.DEFAULT_KIND

    @property
    def local_no(self) -> int:
        """The till's receipt number: the receipt number's last part."""
        return int(self.receipt_no.rsplit("-", 1)[-1])

    @model_validator(mode="after")
    def _receipt_and_amounts(self) -> Self:
        try:
            self.local_no  # noqa: B018 - the check is that it parses
        except ValueError:
            raise ValueError(f"{self.where}: receipt number does not end in a number") from None
        problem = sale_total_problem(self.total_minor, kind=self.order_kind)
        if problem is not None:
            raise rejection(AMOUNT_OUT_OF_RANGE, f"{self.where}: total_minor: {problem}")
        for n, line in enumerate(self.lines, 1):
            for key, check in (
                ("qty_milli", line_quantity_problem),
                ("unit_price_minor", unit_price_problem),
                ("total_minor", line_total_problem),
            ):
                value = getattr(line, key)
                problem = None if value is None else check(value)
                if problem is not None:
                    raise rejection(AMOUNT_OUT_OF_RANGE, f"{self.where} line {n}: {key}: {problem}")
        return self


class OrderCompleted(_Order):
    """``order.completed``: a sale."""

    KIND: ClassVar[str] = "order.completed"

    web_order: AisleOrder | None = None
    pickup_payment: PickupPayment | None = None


class OrderRefunded(_Order):
    """``order.refunded``: a return (on a receipt, receiptless, or the return half of an
    exchange)."""

    KIND: ClassVar[str] = "order.refunded"
    DEFAULT_KIND: ClassVar[str] = "return"


class WebReturnLine(Part):
    sku: Key
    qty_milli: Int = Field(gt=0)
    amount_minor: Int = Field(ge=0)


class WebReturn(Part):
    """What of a web order came back, and how it is refunded."""

    order_id: Key
    refund_method: Literal["online_payment", "store_credit", "exchange"]
    lines: list[WebReturnLine] = Field(min_length=1)
    number: StrictStr | None = None
    override: Approval | None = None  # a manager's approval (web_return.override)
    override_reasons: list[StrictStr] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_line_per_sku(self) -> Self:
        seen: set[str] = set()
        for line in self.lines:
            if line.sku in seen:
                raise ValueError(f"SKU {line.sku!r} is returned twice")
            seen.add(line.sku)
        return self


class WebOrderReturned(_Order):
    """``web_order.returned``: the refund receipt of a web order's goods taken back in a
    store, with its ``web_return``. Tenders of kind ``online_payment`` go back to the
    order's online payment."""

    KIND: ClassVar[str] = "web_order.returned"
    DEFAULT_KIND: ClassVar[str] = "return"

    web_return: WebReturn

    @property
    def refund_minor(self) -> int:
        return sum(line.amount_minor for line in self.web_return.lines)

    @property
    def online_refund_minor(self) -> int:
        """What goes back to the online payment (the online tenders, negated)."""
        return -sum(t.amount_minor for t in self.tenders if t.kind == "online_payment")

    @model_validator(mode="after")
    def _refund_adds_up(self) -> Self:
        where = f"web return {self.receipt_no}"
        if self.refund_minor != -self.total_minor:
            raise ValueError(
                f"{where}: the lines refund {self.refund_minor}, the receipt {-self.total_minor}"
            )
        if self.online_refund_minor < 0:
            raise ValueError(f"{where}: an online refund cannot be negative")
        if self.order_kind != "return":
            raise ValueError(f"{where}: the receipt is a {self.order_kind}")
        return self
