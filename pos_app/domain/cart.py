"""The cart of a sale in progress: lines, quantities, weights, discounts and overrides.

Pure Python: the cashier screen shows it through a table model, the kiosk and the
services use it directly, and it serialises to a dict for parking and drafts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pos_app.domain.fulfilment import PickupPayment, RemoteOrder
from pos_app.domain.giftcard_line import ValueCardLine
from pos_app.domain.ids import new_id
from pos_app.domain.money import DEFAULT_CURRENCY, allocate, round_half_up
from pos_app.domain.roles import Approval, ApprovalPolicy, Role
from pos_app.domain.sale_limits import KG_STEP as KG_STEP
from pos_app.domain.sale_limits import MAX_KG as MAX_KG
from pos_app.domain.sale_limits import MAX_PIECES as MAX_PIECES
from pos_app.domain.sale_limits import check_sale_amounts, check_unit_price
from pos_app.domain.sale_limits import validate_quantity as validate_quantity
from pos_app.domain.tax import PricingMode, TaxBand, breakdown
from pos_app.errors import UserError


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """What the catalog tells the cart about a product."""

    product_id: str
    sku: str
    name: str
    unit_price_minor: int
    vat_rate: int
    sold_by_weight: bool = False
    names: dict[str, str] = field(default_factory=dict)
    min_age: int = 0  # sold only to customers this old (an ID check at a kiosk)
    restriction: str | None = None  # a sale-hours rule group, e.g. "alcohol"

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


class DiscountKind(StrEnum):
    PERCENT = "percent"
    AMOUNT = "amount"


@dataclass(frozen=True, slots=True)
class Discount:
    """A percent (``Decimal('12.5')``) or a fixed amount in minor units."""

    kind: DiscountKind
    value: Decimal
    reason: str = ""

    def __post_init__(self) -> None:
        if self.value <= 0:
            raise UserError("discount.not_positive", "A discount must be greater than zero")
        if self.kind is DiscountKind.PERCENT and self.value > 100:
            raise UserError("discount.over_100", "A discount cannot exceed 100 %")
        if self.kind is DiscountKind.AMOUNT and self.value != self.value.to_integral_value():
            raise UserError("discount.fractional", "An amount discount is in whole minor units")

    @classmethod
    def percent(cls, value: Decimal | int | str, reason: str = "") -> Discount:
        return cls(DiscountKind.PERCENT, Decimal(value), reason)

    @classmethod
    def amount(cls, minor: int, reason: str = "") -> Discount:
        return cls(DiscountKind.AMOUNT, Decimal(minor), reason)

    def amount_of(self, base_minor: int) -> int:
        """The reduction on ``base_minor``, never more than the base itself."""
        if self.kind is DiscountKind.PERCENT:
            return min(base_minor, round_half_up(Decimal(base_minor) * self.value / 100))
        return min(base_minor, int(self.value))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "value": str(self.value), "reason": self.reason}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Discount:
        return cls(DiscountKind(data["kind"]), Decimal(data["value"]), data.get("reason", ""))


@dataclass
class CartLine:
    line_id: str
    product: ProductInfo
    quantity: Decimal
    unit_price_minor: int
    barcode: str | None = None
    discount: Discount | None = None
    override_reason: str = ""
    fixed_total_minor: int | None = None  # price-embedded barcodes fix the line amount
    # The largest reduction (percent of the list amount) granted for this line's discount
    # and override; later edits (quantity) may not push the reduction past it.
    reduction_ceiling: Decimal | None = None
    # Paid here but not handed over from this store's shelf now (pos_app.domain.fulfilment):
    # the sale takes no stock out of this store for it.
    remote: bool = False
    # Sells a gift card (pos_app.domain.giftcards): no discount, no points, no stock.
    value_card: ValueCardLine | None = None

    @property
    def overridden(self) -> bool:
        return self.unit_price_minor != self.product.unit_price_minor

    @property
    def gross_minor(self) -> int:
        """Quantity times the charged unit price, before discounts."""
        if self.fixed_total_minor is not None:
            return self.fixed_total_minor
        return round_half_up(Decimal(self.unit_price_minor) * self.quantity)

    @property
    def list_gross_minor(self) -> int:
        """Quantity times the catalog price: the base for judging reductions."""
        if self.fixed_total_minor is not None:
            return self.fixed_total_minor
        return round_half_up(Decimal(self.product.unit_price_minor) * self.quantity)

    @property
    def reduction_percent(self) -> Decimal:
        """How far below the list amount this line is, after its discount and override."""
        base = self.list_gross_minor
        if base <= 0:
            return Decimal(0)
        return Decimal(max(0, base - self.net_of_line_discount_minor)) * 100 / base

    @property
    def discount_minor(self) -> int:
        return self.discount.amount_of(self.gross_minor) if self.discount else 0

    @property
    def net_of_line_discount_minor(self) -> int:
        return self.gross_minor - self.discount_minor

    def to_dict(self) -> dict[str, Any]:
        p = self.product
        return {
            "line_id": self.line_id,
            "product": {
                "product_id": p.product_id,
                "sku": p.sku,
                "name": p.name,
                "unit_price_minor": p.unit_price_minor,
                "vat_rate": p.vat_rate,
                "sold_by_weight": p.sold_by_weight,
                "names": p.names,
                # Only when set: the drafts of other products keep their old form.
                **({"min_age": p.min_age} if p.min_age else {}),
                **({"restriction": p.restriction} if p.restriction else {}),
            },
            "quantity": str(self.quantity),
            "unit_price_minor": self.unit_price_minor,
            "barcode": self.barcode,
            "discount": self.discount.to_dict() if self.discount else None,
            "override_reason": self.override_reason,
            "fixed_total_minor": self.fixed_total_minor,
            "reduction_ceiling": (
                None if self.reduction_ceiling is None else str(self.reduction_ceiling)
            ),
            "remote": self.remote,
            **({"value_card": self.value_card.to_dict()} if self.value_card else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CartLine:
        return cls(
            line_id=data["line_id"],
            product=ProductInfo(**data["product"]),
            quantity=Decimal(data["quantity"]),
            unit_price_minor=data["unit_price_minor"],
            barcode=data.get("barcode"),
            discount=Discount.from_dict(data["discount"]) if data.get("discount") else None,
            override_reason=data.get("override_reason", ""),
            fixed_total_minor=data.get("fixed_total_minor"),
            reduction_ceiling=(
                None
                if data.get("reduction_ceiling") is None
                else Decimal(data["reduction_ceiling"])
            ),
            remote=bool(data.get("remote", False)),
            value_card=(
                ValueCardLine.from_dict(data["value_card"]) if data.get("value_card") else None
            ),
        )


@dataclass(frozen=True, slots=True)
class LineAmounts:
    """A line's final figures once the cart discount has been spread over the lines."""

    line_id: str
    gross_minor: int
    line_discount_minor: int
    cart_discount_minor: int
    vat_rate: int

    @property
    def total_minor(self) -> int:
        return self.gross_minor - self.line_discount_minor - self.cart_discount_minor


@dataclass(frozen=True, slots=True)
class CartTotals:
    subtotal_minor: int  # sum of line gross amounts
    line_discounts_minor: int
    cart_discount_minor: int
    total_minor: int  # what the customer pays (tax added in exclusive mode)
    tax_minor: int
    bands: tuple[TaxBand, ...]
    lines: tuple[LineAmounts, ...]

    @property
    def discount_minor(self) -> int:
        return self.line_discounts_minor + self.cart_discount_minor


def _merges_into(line: CartLine, product: ProductInfo, fixed_total_minor: int | None) -> bool:
    """Whether another piece of ``product`` adds to ``line`` rather than a line of its own."""
    return (
        not line.remote
        and not product.sold_by_weight
        and fixed_total_minor is None
        and line.product.product_id == product.product_id
        # A price changed by a catalog update meanwhile: a line of its own at the new price.
        and line.unit_price_minor == product.unit_price_minor
        and line.discount is None
        and not line.overridden
        and line.fixed_total_minor is None
    )


class Cart:
    """A sale in progress. Mutators validate input and raise ``UserError``."""

    def __init__(
        self,
        *,
        currency: str = DEFAULT_CURRENCY,
        mode: PricingMode = PricingMode.INCLUSIVE,
        policy: ApprovalPolicy | None = None,
        cart_id: str | None = None,
    ) -> None:
        self.cart_id = cart_id or new_id()
        self.currency = currency
        self.mode = mode
        self.policy = policy or ApprovalPolicy()
        self.lines: list[CartLine] = []
        self.cart_discount: Discount | None = None
        self.approvals: list[Approval] = []
        self.customer_id: str | None = None
        self.cart_reduction_ceiling: Decimal | None = None
        # Where the remote lines of an endless-aisle sale go (None: no such lines).
        self.remote_order: RemoteOrder | None = None
        # The pay-in-store web order this sale pays for at its pickup (None: a plain sale).
        self.pickup_payment: PickupPayment | None = None

    # -- lines -----------------------------------------------------------------------------

    def add(
        self,
        product: ProductInfo,
        quantity: Decimal | int = 1,
        *,
        barcode: str | None = None,
        fixed_total_minor: int | None = None,
        merge: bool = True,
        merge_any_line: bool = False,
    ) -> CartLine:
        """Add a product. With ``merge`` (the till's setting), a repeated scan of a plain
        piece item at the same price adds to the last line instead of making a new one;
        with ``merge_any_line`` too (the kiosk) to any such line of the product."""
        qty = validate_quantity(Decimal(quantity), product.sold_by_weight)
        candidates = self.lines[::-1] if merge_any_line else self.lines[-1:]
        target = next(
            (
                line
                for line in candidates
                if merge and _merges_into(line, product, fixed_total_minor)
            ),
            None,
        )
        if target is not None:
            before = target.quantity
            target.quantity = validate_quantity(target.quantity + qty, False)
            self._within_limits(lambda: setattr(target, "quantity", before))
            return target
        line = CartLine(
            line_id=new_id(),
            product=product,
            quantity=qty,
            unit_price_minor=product.unit_price_minor,
            barcode=barcode,
            fixed_total_minor=fixed_total_minor,
        )
        self.lines.append(line)
        self._within_limits(lambda: self.lines.remove(line))
        return line

    def add_remote(
        self, product: ProductInfo, quantity: Decimal | int, order: RemoteOrder
    ) -> CartLine:
        """Endless aisle: sell ``product`` for delivery or pickup at another store. One sale
        sends its remote goods to one place; a second destination is refused."""
        if self.pickup_payment is not None:
            raise UserError(
                "aisle.pickup_sale", "Finish the pickup payment before ordering other goods"
            )
        if self.remote_order is not None and not self.remote_order.same_place(order):
            raise UserError(
                "aisle.other_destination",
                "This sale already sends goods elsewhere; finish it first",
            )
        qty = validate_quantity(Decimal(quantity), product.sold_by_weight)
        if self.remote_order is not None:  # confirmed only if every item's availability was
            order = replace(order, confirmed=order.confirmed and self.remote_order.confirmed)
        line = CartLine(
            line_id=new_id(),
            product=product,
            quantity=qty,
            unit_price_minor=product.unit_price_minor,
            remote=True,
        )
        before = self.remote_order
        self.remote_order = order
        self.lines.append(line)

        def undo() -> None:
            self.lines.remove(line)
            self.remote_order = before

        self._within_limits(undo)
        return line

    def start_pickup_payment(
        self, payment: PickupPayment, lines: list[tuple[ProductInfo, Decimal, int]]
    ) -> None:
        """Fill an empty cart with a pay-in-store web order's lines at the order's prices
        (product, quantity, unit price in minor units); they cannot be changed here."""
        if self.lines:
            raise UserError("return.sale_in_progress", "Finish or park the current sale first")
        if not lines:
            raise UserError("pickup.all_refused", "Nothing is left to pay for")
        for product, quantity, unit_price_minor in lines:
            if unit_price_minor < 0:
                raise UserError("cart.negative_price", "A price cannot be negative")
            self.lines.append(
                CartLine(
                    line_id=new_id(),
                    product=product,
                    quantity=validate_quantity(quantity, product.sold_by_weight),
                    unit_price_minor=unit_price_minor,
                    remote=True,
                )
            )
        self._within_limits(self.lines.clear)
        self.pickup_payment = payment

    def _require_changeable(self, line: CartLine) -> None:
        if line.remote and self.pickup_payment is not None:
            raise UserError(
                "cart.pickup_line_fixed",
                f"{line.product.name} belongs to web order {self.pickup_payment.number}",
                number=self.pickup_payment.number,
            )

    @property
    def remote_lines(self) -> list[CartLine]:
        return [line for line in self.lines if line.remote]

    def line(self, line_id: str) -> CartLine:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise UserError("cart.unknown_line", f"No line {line_id} in this sale", line_id=line_id)

    def set_quantity(self, line_id: str, quantity: Decimal | int) -> CartLine:
        line = self.line(line_id)
        self._require_changeable(line)
        if line.fixed_total_minor is not None:
            raise UserError(
                "cart.fixed_amount_line", "A line from a price-labelled barcode cannot change"
            )
        new_quantity = validate_quantity(Decimal(quantity), line.product.sold_by_weight)
        old_quantity, line.quantity = line.quantity, new_quantity
        try:
            self._enforce_ceilings()
            self.check_limits()
        except UserError:
            line.quantity = old_quantity
            raise
        return line

    def void_line(self, line_id: str) -> CartLine:
        line = self.line(line_id)
        self._require_changeable(line)
        index = self.lines.index(line)
        self.lines.remove(line)
        try:
            self._enforce_ceilings()
        except UserError:
            self.lines.insert(index, line)
            raise
        if not self.remote_lines:
            self.remote_order = None
        return line

    # -- reductions ------------------------------------------------------------------------

    def _limit(self, role: Role) -> Decimal:
        return self.policy.reduction_limits.get(role, Decimal(0))

    def cart_reduction_percent(self) -> Decimal:
        """How far below the list total the whole cart is, all reductions together."""
        base = sum(line.list_gross_minor for line in self.lines)
        if base <= 0:
            return Decimal(0)
        nets = sum(line.net_of_line_discount_minor for line in self.lines)
        final = nets - (self.cart_discount.amount_of(nets) if self.cart_discount else 0)
        return Decimal(max(0, base - final)) * 100 / base

    def _enforce_ceilings(self) -> None:
        """Refuse an edit that would turn an approved reduction into a bigger one."""
        for line in self.lines:
            ceiling = line.reduction_ceiling
            if ceiling is not None and line.reduction_percent > ceiling:
                raise UserError(
                    "approval.required",
                    f"This change would take the reduction on {line.product.name} to "
                    f"{line.reduction_percent:.1f} %, above the approved {ceiling} %",
                    action="discount.line",
                )
        ceiling = self.cart_reduction_ceiling
        if self.cart_discount is not None and ceiling is not None:
            percent = self.cart_reduction_percent()
            if percent > ceiling:
                raise UserError(
                    "approval.required",
                    f"This change would take the sale's reduction to {percent:.1f} %, "
                    f"above the approved {ceiling} %",
                    action="discount.cart",
                )

    def _check_reduction(
        self,
        action: str,
        base_minor: int,
        reduced_minor: int,
        actor: Role,
        approval: Approval | None,
    ) -> Decimal:
        """Check a reduction against the actor's limit or an approval; return the ceiling."""
        if base_minor <= 0:
            return self._limit(actor)
        percent = Decimal(max(0, base_minor - reduced_minor)) * 100 / Decimal(base_minor)
        if self.policy.may_reduce(actor, percent):
            return self._limit(actor)
        if approval is None or approval.action != action:
            raise UserError(
                "approval.required",
                f"A reduction of {percent:.1f} % needs a manager's approval",
                action=action,
                percent=str(percent.quantize(Decimal("0.1"))),
            )
        if not self.policy.may_reduce(approval.approver_role, percent):
            raise UserError(
                "approval.insufficient_role",
                f"{approval.approver_role.value} may not approve a {percent:.1f} % reduction",
                action=action,
            )
        self.approvals.append(approval)
        return max(self._limit(actor), self._limit(approval.approver_role))

    def apply_line_discount(
        self, line_id: str, discount: Discount | None, actor: Role, approval: Approval | None = None
    ) -> CartLine:
        """Set (or with None clear) a line discount; big ones need an approval."""
        line = self.line(line_id)
        self._require_changeable(line)
        if line.value_card is not None and discount is not None:
            raise UserError("gift_card.no_discount", "A gift card is sold at its face value")
        ceiling = None
        if discount is not None:
            after = replace(line, discount=discount)
            ceiling = self._check_reduction(
                "discount.line",
                line.list_gross_minor,
                after.net_of_line_discount_minor,
                actor,
                approval,
            )
        line.discount = discount
        line.reduction_ceiling = ceiling if (discount or line.overridden) else None
        return line

    def apply_cart_discount(
        self, discount: Discount | None, actor: Role, approval: Approval | None = None
    ) -> None:
        if discount is not None and self.pickup_payment is not None:
            raise UserError(
                "cart.pickup_line_fixed",
                f"Web order {self.pickup_payment.number} is paid at its own prices",
                number=self.pickup_payment.number,
            )
        if discount is not None:
            list_total = sum(line.list_gross_minor for line in self.lines)
            current = sum(line.net_of_line_discount_minor for line in self.lines)
            self.cart_reduction_ceiling = self._check_reduction(
                "discount.cart", list_total, current - discount.amount_of(current), actor, approval
            )
        else:
            self.cart_reduction_ceiling = None
        self.cart_discount = discount

    def override_price(
        self,
        line_id: str,
        unit_price_minor: int,
        actor: Role,
        reason: str,
        approval: Approval | None = None,
    ) -> CartLine:
        line = self.line(line_id)
        self._require_changeable(line)
        if unit_price_minor < 0:
            raise UserError("cart.negative_price", "A price cannot be negative")
        check_unit_price(line.product.name, unit_price_minor)
        if line.fixed_total_minor is not None:
            raise UserError(
                "cart.fixed_amount_line", "A line from a price-labelled barcode cannot change"
            )
        if not reason.strip():
            raise UserError("cart.override_reason_missing", "A price override needs a reason")
        after = replace(line, unit_price_minor=unit_price_minor)
        self.check_limits([after if other is line else other for other in self.lines])
        # Judged with the line's discount included: override + discount is one reduction.
        line.reduction_ceiling = self._check_reduction(
            "price.override",
            line.list_gross_minor,
            after.net_of_line_discount_minor,
            actor,
            approval,
        )
        line.unit_price_minor = unit_price_minor
        line.override_reason = reason.strip()
        return line

    # -- limits ----------------------------------------------------------------------------

    def check_limits(self, lines: list[CartLine] | None = None) -> None:
        """``UserError`` when a price, a line's amount or the sale's total (of ``lines``, the
        cart's own by default) is beyond ``sync.protocol.limits``, which the CSV importers and the
        backend hold to as well: no sale overflows a sum or is refused after it was paid."""
        check_sale_amounts(
            [
                (li.product.name, li.unit_price_minor, li.gross_minor, li.product.vat_rate)
                for li in (self.lines if lines is None else lines)
            ],
            self.mode,
        )

    def _within_limits(self, undo: Callable[[], object]) -> None:
        """``check_limits``, undoing the change just made when it refuses."""
        try:
            self.check_limits()
        except UserError:
            undo()
            raise

    # -- totals ----------------------------------------------------------------------------

    def totals(self) -> CartTotals:
        # A gift card's line takes no share of a cart discount: it is sold at face value.
        nets = [0 if line.value_card else line.net_of_line_discount_minor for line in self.lines]
        cart_discount = self.cart_discount.amount_of(sum(nets)) if self.cart_discount else 0
        shares = allocate(cart_discount, nets)
        amounts = tuple(
            LineAmounts(
                line.line_id, line.gross_minor, line.discount_minor, share, line.product.vat_rate
            )
            for line, share in zip(self.lines, shares, strict=True)
        )
        by_rate: dict[int, int] = {}
        for amount in amounts:
            by_rate[amount.vat_rate] = by_rate.get(amount.vat_rate, 0) + amount.total_minor
        bands = tuple(breakdown(by_rate, self.mode))
        tax = sum(band.tax_minor for band in bands)
        goods = sum(amount.total_minor for amount in amounts)
        total = goods if self.mode is PricingMode.INCLUSIVE else goods + tax
        return CartTotals(
            subtotal_minor=sum(amount.gross_minor for amount in amounts),
            line_discounts_minor=sum(amount.line_discount_minor for amount in amounts),
            cart_discount_minor=cart_discount,
            total_minor=total,
            tax_minor=tax,
            bands=bands,
            lines=amounts,
        )

    @property
    def is_empty(self) -> bool:
        return not self.lines

    # -- persistence -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "cart_id": self.cart_id,
            "currency": self.currency,
            "mode": self.mode.value,
            "lines": [line.to_dict() for line in self.lines],
            "cart_discount": self.cart_discount.to_dict() if self.cart_discount else None,
            "approvals": [approval.to_dict() for approval in self.approvals],
            "customer_id": self.customer_id,
            "cart_reduction_ceiling": (
                None if self.cart_reduction_ceiling is None else str(self.cart_reduction_ceiling)
            ),
            "remote_order": self.remote_order.to_dict() if self.remote_order else None,
            "pickup_payment": self.pickup_payment.to_dict() if self.pickup_payment else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], policy: ApprovalPolicy | None = None) -> Cart:
        cart = cls(
            currency=data["currency"],
            mode=PricingMode(data["mode"]),
            policy=policy,
            cart_id=data["cart_id"],
        )
        cart.lines = [CartLine.from_dict(item) for item in data["lines"]]
        if data.get("cart_discount"):
            cart.cart_discount = Discount.from_dict(data["cart_discount"])
        cart.approvals = [Approval.from_dict(item) for item in data.get("approvals", [])]
        cart.customer_id = data.get("customer_id")
        if data.get("cart_reduction_ceiling") is not None:
            cart.cart_reduction_ceiling = Decimal(data["cart_reduction_ceiling"])
        if data.get("remote_order"):
            cart.remote_order = RemoteOrder.from_dict(data["remote_order"])
        if data.get("pickup_payment"):
            cart.pickup_payment = PickupPayment.from_dict(data["pickup_payment"])
        return cart
