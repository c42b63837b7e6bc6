"""The cart: scanning, quantities, discounts, overrides, approvals, totals and persistence."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.cart import (
    MAX_KG,
    MAX_PIECES,
    Cart,
    CartLine,
    Discount,
    DiscountKind,
    ProductInfo,
    validate_quantity,
)
from pos_app.domain.fulfilment import FulfilmentKind, PickupPayment, RemoteOrder
from pos_app.domain.roles import Approval, ApprovalPolicy, Role
from pos_app.domain.tax import TURKISH_VAT_RATES, PricingMode, tax_of_gross
from pos_app.errors import UserError
from sync.protocol.limits import MAX_UNIT_PRICE_MINOR

PROPERTY = settings(deadline=None, derandomize=True)

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)

AYRAN = ProductInfo("p-ayran", "AYR-1", "Ayran", 1000, 10, names={"en": "Yoghurt drink"})
SIMIT = ProductInfo("p-simit", "SMT-1", "Simit", 1500, 1)
PEYNIR = ProductInfo("p-peynir", "PYN-1", "Beyaz peynir", 25000, 10, sold_by_weight=True)
KAHVE = ProductInfo("p-kahve", "KHV-1", "Türk kahvesi", 10000, 20)


def approval(role: Role, action: str) -> Approval:
    return Approval(action, f"user-{role.value}", role.value.title(), role, AT, "ok")


def error_code(exc_info: pytest.ExceptionInfo[UserError]) -> str:
    return exc_info.value.code


def half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# -- quantities --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "by_weight", "code"),
    [
        (Decimal(0), False, "cart.quantity_not_positive"),
        (Decimal(-1), False, "cart.quantity_not_positive"),
        (Decimal(0), True, "cart.quantity_not_positive"),
        (Decimal("-0.5"), True, "cart.quantity_not_positive"),
        (Decimal("1.5"), False, "cart.fractional_pieces"),
        (Decimal("0.001"), False, "cart.fractional_pieces"),
        (MAX_PIECES + 1, False, "cart.quantity_too_large"),
        (MAX_KG + Decimal("0.001"), True, "cart.weight_too_large"),
        (Decimal("0.0005"), True, "cart.weight_too_precise"),
        (Decimal("1.2345"), True, "cart.weight_too_precise"),
    ],
)
def test_validate_quantity_rejects(quantity: Decimal, by_weight: bool, code: str) -> None:
    with pytest.raises(UserError) as info:
        validate_quantity(quantity, by_weight)
    assert error_code(info) == code


def test_validate_quantity_normalises() -> None:
    assert str(validate_quantity(Decimal("2.0"), False)) == "2"
    assert str(validate_quantity(Decimal("0.5"), True)) == "0.500"
    assert validate_quantity(MAX_PIECES, False) == MAX_PIECES
    assert validate_quantity(MAX_KG, True) == MAX_KG


@pytest.mark.parametrize(
    ("product", "quantity", "code"),
    [
        (AYRAN, 0, "cart.quantity_not_positive"),
        (AYRAN, -2, "cart.quantity_not_positive"),
        (AYRAN, Decimal("0.5"), "cart.fractional_pieces"),
        (AYRAN, 10000, "cart.quantity_too_large"),
        (PEYNIR, 0, "cart.quantity_not_positive"),
        (PEYNIR, Decimal("0.0001"), "cart.weight_too_precise"),
        (PEYNIR, 1000, "cart.weight_too_large"),
    ],
)
def test_add_rejects_bad_quantities(
    product: ProductInfo, quantity: Decimal | int, code: str
) -> None:
    cart = Cart()
    with pytest.raises(UserError) as info:
        cart.add(product, quantity)
    assert error_code(info) == code
    assert cart.is_empty


# -- scanning ----------------------------------------------------------------------------------


def test_add_creates_a_line_at_the_catalog_price() -> None:
    cart = Cart()
    line = cart.add(AYRAN, barcode="8690000000001")
    assert cart.lines == [line]
    assert line.quantity == 1
    assert line.unit_price_minor == 1000
    assert line.barcode == "8690000000001"
    assert not line.overridden
    assert line.gross_minor == line.list_gross_minor == 1000
    assert not cart.is_empty


def test_repeated_scans_merge_into_one_line() -> None:
    cart = Cart()
    first = cart.add(AYRAN)
    second = cart.add(AYRAN)
    third = cart.add(AYRAN, 3)
    assert first is second is third
    assert len(cart.lines) == 1
    assert first.quantity == 5
    assert cart.totals().total_minor == 5000


def test_scans_merge_only_into_the_last_line() -> None:
    cart = Cart()
    cart.add(AYRAN)
    cart.add(SIMIT)
    cart.add(AYRAN)
    assert [line.product.sku for line in cart.lines] == ["AYR-1", "SMT-1", "AYR-1"]


def test_merging_can_be_turned_off() -> None:
    """POS_MERGE_SCANS=false: every scan is a line of its own (some stores count lines)."""
    cart = Cart()
    first = cart.add(AYRAN, merge=False)
    second = cart.add(AYRAN, merge=False)
    assert first is not second
    assert [line.quantity for line in cart.lines] == [1, 1]
    assert cart.add(AYRAN) is second  # the setting is per scan: on again, it merges
    assert second.quantity == 2


def test_a_new_price_from_the_catalog_starts_a_new_line() -> None:
    """The same item after a price update (synced mid-sale) is not merged at the old price."""
    cart = Cart()
    old = cart.add(AYRAN)
    repriced = ProductInfo("p-ayran", "AYR-1", "Ayran", 1200, 10)
    new = cart.add(repriced)
    assert new is not old
    assert [(line.quantity, line.unit_price_minor) for line in cart.lines] == [(1, 1000), (1, 1200)]
    assert cart.add(repriced) is new
    assert cart.totals().total_minor == 1000 + 2 * 1200


def test_merging_respects_the_piece_limit() -> None:
    cart = Cart()
    cart.add(AYRAN, MAX_PIECES)
    with pytest.raises(UserError) as info:
        cart.add(AYRAN)
    assert error_code(info) == "cart.quantity_too_large"
    assert cart.lines[0].quantity == MAX_PIECES


# -- the limits of every input (sync.protocol.limits) ----------------------------------------

GOLD = ProductInfo("p-gold", "GLD-1", "Altın", MAX_UNIT_PRICE_MINOR, 1)
GOLD_20 = ProductInfo("p-gold20", "GLD-20", "Altın takı", 900_000_000, 20)


def test_a_sale_beyond_the_limits_is_refused_and_left_as_it_was() -> None:
    cart = Cart()
    with pytest.raises(UserError) as info:
        cart.add(ProductInfo("p-x", "X", "Typo", MAX_UNIT_PRICE_MINOR + 1, 1))
    assert error_code(info) == "cart.price_too_large" and cart.is_empty
    line = cart.add(GOLD, 10)  # 100,000,000.00: the most a sale comes to
    with pytest.raises(UserError) as info:
        cart.add(SIMIT)
    assert error_code(info) == "cart.total_too_large"
    assert [li.quantity for li in cart.lines] == [10]
    cart.set_quantity(line.line_id, 9)
    with pytest.raises(UserError) as info:  # a price-labelled line of its own
        cart.add(SIMIT, fixed_total_minor=MAX_UNIT_PRICE_MINOR + 1)
    assert error_code(info) == "cart.total_too_large" and len(cart.lines) == 1
    order = RemoteOrder(FulfilmentKind.DELIVERY, "Ayşe", "+905551112233", "Moda Cad. 1")
    with pytest.raises(UserError) as info:
        cart.add_remote(GOLD, 2, order)
    assert error_code(info) == "cart.total_too_large"
    assert len(cart.lines) == 1 and cart.remote_order is None


def test_in_exclusive_pricing_the_limit_counts_the_tax_on_top() -> None:
    inclusive, exclusive = Cart(), Cart(mode=PricingMode.EXCLUSIVE)
    inclusive.add(GOLD_20, 11)  # 99,000,000.00 with its VAT inside
    with pytest.raises(UserError) as info:  # 99,000,000.00 + 20 % VAT on top
        exclusive.add(GOLD_20, 11)
    assert error_code(info) == "cart.total_too_large" and exclusive.is_empty


def test_a_pickup_payment_beyond_the_limits_leaves_the_cart_empty() -> None:
    cart = Cart()
    payment = PickupPayment("o-1", "W-1", "code")
    with pytest.raises(UserError) as info:
        cart.start_pickup_payment(payment, [(GOLD, Decimal(11), MAX_UNIT_PRICE_MINOR)])
    assert error_code(info) == "cart.line_total_too_large"
    assert cart.is_empty and cart.pickup_payment is None


def test_weighed_items_are_separate_lines() -> None:
    cart = Cart()
    a = cart.add(PEYNIR, Decimal("0.500"))
    b = cart.add(PEYNIR, Decimal("0.250"))
    assert a is not b
    assert [line.quantity for line in cart.lines] == [Decimal("0.500"), Decimal("0.250")]
    assert cart.totals().total_minor == 12500 + 6250


def test_weighed_line_rounds_half_up() -> None:
    cart = Cart()
    line = cart.add(
        ProductInfo("p", "S", "Domates", 1999, 1, sold_by_weight=True), Decimal("0.333")
    )
    assert line.gross_minor == 666  # 665.667


def test_discounted_overridden_and_fixed_lines_are_not_merged_into() -> None:
    cart = Cart()
    discounted = cart.add(AYRAN)
    cart.apply_line_discount(discounted.line_id, Discount.percent(5), Role.CASHIER)
    assert cart.add(AYRAN) is not discounted

    cart = Cart()
    overridden = cart.add(AYRAN)
    cart.override_price(overridden.line_id, 950, Role.CASHIER, "dented")
    assert cart.add(AYRAN) is not overridden

    cart = Cart()
    fixed = cart.add(AYRAN, fixed_total_minor=1234)
    assert cart.add(AYRAN) is not fixed
    assert cart.add(AYRAN, fixed_total_minor=1234) is not cart.lines[1]
    assert len(cart.lines) == 3


def test_price_embedded_line_uses_its_fixed_total() -> None:
    cart = Cart()
    line = cart.add(PEYNIR, Decimal("0.400"), barcode="2900042012505", fixed_total_minor=1250)
    assert line.gross_minor == line.list_gross_minor == 1250
    assert cart.totals().total_minor == 1250


# -- line edits --------------------------------------------------------------------------------


def test_void_line() -> None:
    cart = Cart()
    a = cart.add(AYRAN)
    b = cart.add(SIMIT, 2)
    assert cart.void_line(a.line_id) is a
    assert cart.lines == [b]
    assert cart.totals().total_minor == 3000
    cart.void_line(b.line_id)
    assert cart.is_empty
    assert cart.totals().total_minor == 0
    assert cart.totals().bands == ()


def test_unknown_line_is_refused() -> None:
    cart = Cart()
    cart.add(AYRAN)
    actions: list[Callable[[], CartLine]] = [
        lambda: cart.void_line("nope"),
        lambda: cart.set_quantity("nope", 2),
        lambda: cart.line("nope"),
    ]
    for action in actions:
        with pytest.raises(UserError) as info:
            action()
        assert error_code(info) == "cart.unknown_line"
        assert info.value.params == {"line_id": "nope"}


def test_set_quantity() -> None:
    cart = Cart()
    line = cart.add(AYRAN)
    assert cart.set_quantity(line.line_id, 4) is line
    assert line.quantity == 4
    weighed = cart.add(PEYNIR, Decimal("0.100"))
    cart.set_quantity(weighed.line_id, Decimal("1.25"))
    assert weighed.quantity == Decimal("1.250")
    assert cart.totals().total_minor == 4000 + 31250


@pytest.mark.parametrize(
    ("quantity", "code"),
    [(0, "cart.quantity_not_positive"), (Decimal("2.5"), "cart.fractional_pieces")],
)
def test_set_quantity_validates(quantity: Decimal | int, code: str) -> None:
    cart = Cart()
    line = cart.add(AYRAN, 3)
    with pytest.raises(UserError) as info:
        cart.set_quantity(line.line_id, quantity)
    assert error_code(info) == code
    assert line.quantity == 3


def test_fixed_amount_line_cannot_change() -> None:
    cart = Cart()
    line = cart.add(PEYNIR, Decimal("0.400"), fixed_total_minor=1250)
    with pytest.raises(UserError) as info:
        cart.set_quantity(line.line_id, 1)
    assert error_code(info) == "cart.fixed_amount_line"
    with pytest.raises(UserError) as info:
        cart.override_price(line.line_id, 100, Role.MANAGER, "reason")
    assert error_code(info) == "cart.fixed_amount_line"


# -- discounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (DiscountKind.PERCENT, Decimal(0), "discount.not_positive"),
        (DiscountKind.PERCENT, Decimal(-5), "discount.not_positive"),
        (DiscountKind.AMOUNT, Decimal(0), "discount.not_positive"),
        (DiscountKind.PERCENT, Decimal("100.01"), "discount.over_100"),
        (DiscountKind.AMOUNT, Decimal("1.5"), "discount.fractional"),
    ],
)
def test_discount_validation(kind: DiscountKind, value: Decimal, code: str) -> None:
    with pytest.raises(UserError) as info:
        Discount(kind, value)
    assert error_code(info) == code


def test_discount_amounts() -> None:
    assert Discount.percent(10).amount_of(1000) == 100
    assert Discount.percent("12.5").amount_of(100) == 13  # 12.5 rounds half up
    assert Discount.percent(100).amount_of(999) == 999
    assert Discount.amount(300).amount_of(1000) == 300
    assert Discount.amount(5000).amount_of(1000) == 1000  # never more than the base
    assert Discount.amount(5).amount_of(0) == 0


def test_discount_dict_round_trip() -> None:
    for discount in (Discount.percent("12.5", "loyal"), Discount.amount(250)):
        assert Discount.from_dict(json.loads(json.dumps(discount.to_dict()))) == discount


def test_line_discount_within_the_cashier_limit() -> None:
    cart = Cart()
    line = cart.add(AYRAN, 2)
    cart.apply_line_discount(line.line_id, Discount.percent(10, "promo"), Role.CASHIER)
    assert line.discount_minor == 200
    assert cart.approvals == []
    totals = cart.totals()
    assert totals.total_minor == 1800
    assert totals.line_discounts_minor == 200
    assert totals.discount_minor == 200
    cart.apply_line_discount(line.line_id, None, Role.CASHIER)
    assert line.discount is None
    assert cart.totals().total_minor == 2000


def test_line_discount_above_the_cashier_limit_needs_approval() -> None:
    cart = Cart()
    line = cart.add(AYRAN)
    with pytest.raises(UserError) as info:
        cart.apply_line_discount(line.line_id, Discount.amount(101), Role.CASHIER)
    assert error_code(info) == "approval.required"
    assert info.value.params["action"] == "discount.line"
    assert info.value.params["percent"] == "10.1"
    assert line.discount is None
    # The wrong kind of approval does not count.
    with pytest.raises(UserError) as info:
        cart.apply_line_discount(
            line.line_id,
            Discount.amount(101),
            Role.CASHIER,
            approval(Role.MANAGER, "price.override"),
        )
    assert error_code(info) == "approval.required"
    ok = approval(Role.MANAGER, "discount.line")
    cart.apply_line_discount(line.line_id, Discount.amount(101), Role.CASHIER, ok)
    assert cart.approvals == [ok]
    assert cart.totals().total_minor == 899


def test_supervisor_covers_20_percent_but_not_50() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    supervisor = approval(Role.SUPERVISOR, "discount.line")
    cart.apply_line_discount(line.line_id, Discount.percent(20), Role.CASHIER, supervisor)
    assert cart.approvals == [supervisor]
    with pytest.raises(UserError) as info:
        cart.apply_line_discount(line.line_id, Discount.percent(50), Role.CASHIER, supervisor)
    assert error_code(info) == "approval.insufficient_role"
    assert line.discount == Discount.percent(20)
    assert cart.approvals == [supervisor]
    # A supervisor acting alone may give 30 %, and a manager may approve 50 %.
    cart.apply_line_discount(line.line_id, Discount.percent(30), Role.SUPERVISOR)
    manager = approval(Role.MANAGER, "discount.line")
    cart.apply_line_discount(line.line_id, Discount.percent(50), Role.SUPERVISOR, manager)
    assert cart.totals().total_minor == 5000


def test_cart_discount_is_spread_over_the_lines() -> None:
    cart = Cart()
    a = cart.add(AYRAN)  # 1000 at 10 %
    b = cart.add(KAHVE, 3)  # 30000 at 20 %
    cart.apply_cart_discount(Discount.percent(10), Role.CASHIER)
    totals = cart.totals()
    assert totals.subtotal_minor == 31000
    assert totals.cart_discount_minor == 3100
    assert [amount.cart_discount_minor for amount in totals.lines] == [100, 3000]
    assert [amount.line_id for amount in totals.lines] == [a.line_id, b.line_id]
    assert totals.total_minor == 27900
    assert totals.tax_minor == tax_of_gross(900, 10) + tax_of_gross(27000, 20)
    cart.apply_cart_discount(None, Role.CASHIER)
    assert cart.totals().total_minor == 31000


def test_cart_discount_counts_line_discounts_towards_the_limit() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    cart.apply_line_discount(line.line_id, Discount.percent(10), Role.CASHIER)
    with pytest.raises(UserError) as info:
        cart.apply_cart_discount(Discount.percent(5), Role.CASHIER)
    assert error_code(info) == "approval.required"
    assert info.value.params["action"] == "discount.cart"
    supervisor = approval(Role.SUPERVISOR, "discount.cart")
    cart.apply_cart_discount(Discount.percent(5), Role.CASHIER, supervisor)
    assert cart.totals().total_minor == 8550
    with pytest.raises(UserError) as info:
        cart.apply_cart_discount(Discount.percent(50), Role.CASHIER, supervisor)
    assert error_code(info) == "approval.insufficient_role"


def test_reductions_on_free_items_need_no_approval() -> None:
    cart = Cart()
    line = cart.add(ProductInfo("p-free", "FREE", "Poşet", 0, 20))
    cart.apply_line_discount(line.line_id, Discount.percent(100), Role.CASHIER)
    cart.apply_cart_discount(Discount.amount(500), Role.CASHIER)
    assert cart.totals().total_minor == 0


# -- price overrides -------------------------------------------------------------------------


def test_override_needs_a_reason() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    for reason in ("", "   "):
        with pytest.raises(UserError) as info:
            cart.override_price(line.line_id, 9500, Role.MANAGER, reason)
        assert error_code(info) == "cart.override_reason_missing"
    assert line.unit_price_minor == 10000


def test_override_cannot_be_negative() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    with pytest.raises(UserError) as info:
        cart.override_price(line.line_id, -1, Role.MANAGER, "typo")
    assert error_code(info) == "cart.negative_price"


def test_small_override_by_a_cashier() -> None:
    cart = Cart()
    line = cart.add(KAHVE, 2)
    cart.override_price(line.line_id, 9000, Role.CASHIER, "  shelf label  ")
    assert line.overridden
    assert line.override_reason == "shelf label"
    assert line.gross_minor == 18000
    assert line.list_gross_minor == 20000
    assert cart.approvals == []
    # Raising the price is never a reduction.
    cart.override_price(line.line_id, 15000, Role.CASHIER, "new price")
    assert cart.totals().total_minor == 30000


def test_override_above_the_cashier_limit_needs_approval() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    with pytest.raises(UserError) as info:
        cart.override_price(line.line_id, 8500, Role.CASHIER, "damaged box")
    assert error_code(info) == "approval.required"
    assert info.value.params == {"action": "price.override", "percent": "15.0"}
    assert line.unit_price_minor == 10000
    assert line.override_reason == ""
    manager = approval(Role.MANAGER, "price.override")
    cart.override_price(line.line_id, 8500, Role.CASHIER, "damaged box", manager)
    assert line.unit_price_minor == 8500
    assert cart.approvals == [manager]
    supervisor = approval(Role.SUPERVISOR, "price.override")
    with pytest.raises(UserError) as info:
        cart.override_price(line.line_id, 1000, Role.CASHIER, "damaged box", supervisor)
    assert error_code(info) == "approval.insufficient_role"
    assert line.unit_price_minor == 8500


def test_a_stricter_policy() -> None:
    policy = ApprovalPolicy(reduction_limits={Role.CASHIER: Decimal(0), Role.MANAGER: Decimal(5)})
    cart = Cart(policy=policy)
    line = cart.add(KAHVE)
    with pytest.raises(UserError) as info:
        cart.apply_line_discount(line.line_id, Discount.percent(1), Role.CASHIER)
    assert error_code(info) == "approval.required"
    with pytest.raises(UserError) as info:
        cart.apply_line_discount(
            line.line_id,
            Discount.percent(1),
            Role.CASHIER,
            approval(Role.SUPERVISOR, "discount.line"),  # not in the policy at all
        )
    assert error_code(info) == "approval.insufficient_role"


@pytest.mark.parametrize("edit", ["set_quantity", "void_line"])
def test_later_edits_cannot_push_a_reduction_past_the_limit(edit: str) -> None:
    cart = Cart()
    if edit == "set_quantity":
        line = cart.add(AYRAN, 10)  # 100.00 TL
        cart.apply_line_discount(line.line_id, Discount.amount(1000), Role.CASHIER)  # 10 %
    else:
        line = cart.add(AYRAN, 9)
        cart.add(SIMIT)
        cart.apply_cart_discount(Discount.amount(1000), Role.CASHIER)  # 10 % of 105.00
    try:
        if edit == "set_quantity":
            cart.set_quantity(line.line_id, 1)
        else:
            cart.void_line(line.line_id)
    except UserError:
        return  # refusing the edit is a fine answer
    totals = cart.totals()
    list_total = sum(item.list_gross_minor for item in cart.lines)
    assert cart.approvals or totals.total_minor * 100 >= list_total * 90


def test_override_after_a_discount_counts_both_reductions() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    cart.apply_line_discount(line.line_id, Discount.percent(10), Role.CASHIER)
    with pytest.raises(UserError) as info:
        cart.override_price(line.line_id, 9000, Role.CASHIER, "shelf label")
    assert error_code(info) == "approval.required"


def test_discount_after_an_override_counts_both_reductions() -> None:
    cart = Cart()
    line = cart.add(KAHVE)
    cart.override_price(line.line_id, 9000, Role.CASHIER, "shelf label")
    with pytest.raises(UserError) as info:
        cart.apply_line_discount(line.line_id, Discount.percent(10), Role.CASHIER)
    assert error_code(info) == "approval.required"


# -- roles and approvals -----------------------------------------------------------------------


def test_roles_and_default_limits() -> None:
    assert [role.rank for role in (Role.CASHIER, Role.SUPERVISOR, Role.MANAGER)] == [0, 1, 2]
    policy = ApprovalPolicy()
    assert policy.may_reduce(Role.CASHIER, Decimal(10))
    assert not policy.may_reduce(Role.CASHIER, Decimal("10.01"))
    assert policy.may_reduce(Role.SUPERVISOR, Decimal(30))
    assert not policy.may_reduce(Role.SUPERVISOR, Decimal(31))
    assert policy.may_reduce(Role.MANAGER, Decimal(100))
    assert policy.receiptless_return_role is Role.SUPERVISOR


def test_approval_dict_round_trip() -> None:
    original = approval(Role.SUPERVISOR, "discount.cart")
    assert Approval.from_dict(json.loads(json.dumps(original.to_dict()))) == original


# -- persistence -------------------------------------------------------------------------------


def test_product_name_in_language() -> None:
    assert AYRAN.name_in("en") == "Yoghurt drink"
    assert AYRAN.name_in("de") == "Ayran"


def test_cart_dict_round_trip_gives_identical_totals() -> None:
    cart = Cart(mode=PricingMode.INCLUSIVE)
    cart.customer_id = "cust-1"
    a = cart.add(AYRAN, 3, barcode="8690000000001")
    cart.add(PEYNIR, Decimal("0.735"))
    c = cart.add(KAHVE)
    cart.add(PEYNIR, Decimal("0.400"), fixed_total_minor=1250)
    cart.apply_line_discount(a.line_id, Discount.percent("12.5", "promo"), Role.SUPERVISOR)
    manager = approval(Role.MANAGER, "price.override")
    cart.override_price(c.line_id, 7000, Role.CASHIER, "damaged", manager)
    cart.apply_cart_discount(Discount.amount(333, "loyalty"), Role.MANAGER)

    data = json.loads(json.dumps(cart.to_dict()))
    restored = Cart.from_dict(data)
    assert restored.totals() == cart.totals()
    assert restored.to_dict() == cart.to_dict()
    assert restored.cart_id == cart.cart_id
    assert restored.customer_id == "cust-1"
    assert restored.approvals == [manager]
    assert restored.lines[2].overridden
    assert restored.lines[2].override_reason == "damaged"
    assert restored.lines[1].quantity == Decimal("0.735")
    assert restored.lines[0].product == AYRAN


def test_line_dict_round_trip() -> None:
    line = CartLine("l-1", PEYNIR, Decimal("1.250"), 24000, "2712345012348", Discount.amount(5))
    assert CartLine.from_dict(json.loads(json.dumps(line.to_dict()))) == line


def test_exclusive_cart_round_trip_keeps_the_mode() -> None:
    cart = Cart(mode=PricingMode.EXCLUSIVE, currency="EUR")
    cart.add(KAHVE)
    restored = Cart.from_dict(cart.to_dict())
    assert restored.mode is PricingMode.EXCLUSIVE
    assert restored.currency == "EUR"
    assert restored.totals().total_minor == 12000


# -- properties ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineSpec:
    price_minor: int
    vat_rate: int
    by_weight: bool
    quantity: Decimal
    discount: Discount | None


@dataclass(frozen=True)
class CartSpec:
    lines: tuple[LineSpec, ...]
    cart_discount: Discount | None


def discounts() -> st.SearchStrategy[Discount]:
    percents = st.integers(min_value=1, max_value=10_000).map(
        lambda hundredths: Discount.percent(Decimal(hundredths).scaleb(-2))
    )
    fixed = st.integers(min_value=1, max_value=2 * 10**6).map(Discount.amount)
    return st.one_of(percents, fixed)


@st.composite
def line_specs(draw: st.DrawFn) -> LineSpec:
    by_weight = draw(st.booleans())
    if by_weight:
        grams = draw(st.integers(min_value=1, max_value=50_000))
        quantity = Decimal(grams).scaleb(-3)
    else:
        quantity = Decimal(draw(st.integers(min_value=1, max_value=50)))
    return LineSpec(
        price_minor=draw(st.integers(min_value=0, max_value=10**6)),
        vat_rate=draw(st.sampled_from(TURKISH_VAT_RATES)),
        by_weight=by_weight,
        quantity=quantity,
        discount=draw(st.none() | discounts()),
    )


cart_specs = st.builds(
    CartSpec,
    lines=st.lists(line_specs(), max_size=8).map(tuple),
    cart_discount=st.none() | discounts(),
)


def build_cart(spec: CartSpec, mode: PricingMode = PricingMode.INCLUSIVE) -> Cart:
    """Every line is a distinct product, so nothing merges; a manager needs no approval."""
    cart = Cart(mode=mode)
    for index, line_spec in enumerate(spec.lines):
        product = ProductInfo(
            f"p-{index}",
            f"SKU-{index}",
            f"Ürün {index}",
            line_spec.price_minor,
            line_spec.vat_rate,
            sold_by_weight=line_spec.by_weight,
        )
        line = cart.add(product, line_spec.quantity)
        if line_spec.discount is not None:
            cart.apply_line_discount(line.line_id, line_spec.discount, Role.MANAGER)
    if spec.cart_discount is not None:
        cart.apply_cart_discount(spec.cart_discount, Role.MANAGER)
    assert cart.approvals == []
    return cart


def expected_reduction(discount: Discount | None, base: int) -> int:
    """A discount's amount computed independently of ``Discount.amount_of``."""
    if discount is None:
        return 0
    if discount.kind is DiscountKind.PERCENT:
        return min(base, half_up(Decimal(base) * discount.value / 100))
    return min(base, int(discount.value))


@PROPERTY
@given(cart_specs)
def test_totals_are_gross_minus_line_and_cart_discounts(spec: CartSpec) -> None:
    cart = build_cart(spec)
    totals = cart.totals()

    grosses = [half_up(Decimal(s.price_minor) * s.quantity) for s in spec.lines]
    line_discounts = [
        expected_reduction(s.discount, gross) for s, gross in zip(spec.lines, grosses, strict=True)
    ]
    cart_discount = expected_reduction(spec.cart_discount, sum(grosses) - sum(line_discounts))

    assert len(cart.lines) == len(spec.lines)
    assert totals.subtotal_minor == sum(grosses)
    assert totals.line_discounts_minor == sum(line_discounts)
    assert totals.cart_discount_minor == cart_discount
    assert totals.discount_minor == sum(line_discounts) + cart_discount
    assert totals.total_minor == sum(grosses) - sum(line_discounts) - cart_discount
    assert totals.total_minor == (
        sum(line.gross_minor for line in cart.lines)
        - sum(line.discount_minor for line in cart.lines)
        - totals.cart_discount_minor
    )
    # The cart discount is spread exactly, and no line goes below zero.
    assert sum(amount.cart_discount_minor for amount in totals.lines) == cart_discount
    assert [amount.gross_minor for amount in totals.lines] == grosses
    assert all(amount.total_minor >= 0 for amount in totals.lines)
    assert sum(amount.total_minor for amount in totals.lines) == totals.total_minor


@PROPERTY
@given(cart_specs, st.sampled_from(PricingMode))
def test_vat_breakdown_sums_exactly_to_the_total(spec: CartSpec, mode: PricingMode) -> None:
    totals = build_cart(spec, mode).totals()
    band_tax = sum(band.tax_minor for band in totals.bands)
    rates = [band.rate_percent for band in totals.bands]
    assert rates == sorted(set(rates))
    assert set(rates) == {s.vat_rate for s in spec.lines}
    assert band_tax == totals.tax_minor
    assert sum(band.gross_minor for band in totals.bands) == totals.total_minor
    line_sum = sum(amount.total_minor for amount in totals.lines)
    if mode is PricingMode.INCLUSIVE:
        assert totals.total_minor == line_sum
        for band in totals.bands:
            assert band.tax_minor == tax_of_gross(band.gross_minor, band.rate_percent)
    else:
        assert totals.total_minor == line_sum + band_tax
        for band in totals.bands:
            rate_sum = sum(a.total_minor for a in totals.lines if a.vat_rate == band.rate_percent)
            assert band.net_minor == rate_sum


@PROPERTY
@given(cart_specs, st.sampled_from(PricingMode))
def test_any_cart_survives_a_dict_round_trip(spec: CartSpec, mode: PricingMode) -> None:
    cart = build_cart(spec, mode)
    restored = Cart.from_dict(json.loads(json.dumps(cart.to_dict())))
    assert restored.totals() == cart.totals()
    assert restored.to_dict() == cart.to_dict()
