"""Gift card rules of the till: code messages, amount limits, the card's cart line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pos_app.domain.cart import Cart, Discount, ProductInfo
from pos_app.domain.giftcard_line import ValueCardLine
from pos_app.domain.giftcards import GiftCardLimits, add_card_line, read_code
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from sync.protocol import giftcards

CARD = ProductInfo("p-gift", "GIFT-CARD", "Hediye Kartı", 0, 20)
TEA = ProductInfo("p-tea", "TEA1KG", "Siyah Çay 1 kg", 29990, 10)


def test_read_code_accepts_what_people_type() -> None:
    code = giftcards.new_code()
    typed = giftcards.display(code).lower().replace("0", "o")
    assert read_code(f" {typed}\r\n") == code


def test_read_code_names_the_bad_symbol_and_its_position() -> None:
    code = giftcards.new_code()
    bad = code[:4] + "U" + code[5:]
    with pytest.raises(UserError) as error:
        read_code(bad)
    assert error.value.code == "gift_card.code_symbol"
    assert "position 5" in error.value.message and "'U'" in error.value.message


def test_read_code_names_length_and_check_problems() -> None:
    code = giftcards.new_code()
    with pytest.raises(UserError) as short:
        read_code(code[:-1])
    assert short.value.code == "gift_card.code_length"
    assert "has 19 symbols, a code has 20" in short.value.message
    changed = code[:3] + ("1" if code[3] != "1" else "2") + code[4:]
    with pytest.raises(UserError) as mistyped:
        read_code(changed)
    assert mistyped.value.code == "gift_card.code_check"


def test_amount_limits_name_the_bound() -> None:
    limits = GiftCardLimits(1_000, 1_000_000)
    limits.check(1_000)
    limits.check(1_000_000)
    with pytest.raises(UserError) as low:
        limits.check(999)
    assert low.value.code == "gift_card.amount_below_min"
    assert low.value.params == {"min_minor": 1_000, "amount_minor": 999}
    with pytest.raises(UserError) as high:
        limits.check(1_000_001)
    assert high.value.code == "gift_card.amount_above_max"
    assert high.value.params["max_minor"] == 1_000_000


def test_card_line_is_vat_free_fixed_and_takes_no_discount() -> None:
    cart = Cart()
    card = ValueCardLine("activate", "a" * 64, "•••• ABCD")
    line = add_card_line(cart, CARD, 50_000, card, GiftCardLimits())
    assert (line.product.vat_rate, line.gross_minor, line.quantity) == (0, 50_000, Decimal(1))
    with pytest.raises(UserError) as discount:
        cart.apply_line_discount(line.line_id, Discount.percent(5), Role.MANAGER)
    assert discount.value.code == "gift_card.no_discount"
    with pytest.raises(UserError) as fixed:
        cart.set_quantity(line.line_id, 2)
    assert fixed.value.code == "cart.fixed_amount_line"
    cart.add(TEA)
    cart.apply_cart_discount(Discount.percent(10), Role.MANAGER)
    totals = cart.totals()
    by_line = {amounts.line_id: amounts for amounts in totals.lines}
    assert by_line[line.line_id].cart_discount_minor == 0  # the whole discount is on the tea
    assert totals.cart_discount_minor == 2999
    assert totals.total_minor == 50_000 + 29990 - 2999
    with pytest.raises(UserError) as twice:
        add_card_line(cart, CARD, 1_000, card, GiftCardLimits())
    assert twice.value.code == "gift_card.twice_in_sale"


def test_card_line_survives_a_draft_and_limits_refuse_before_adding() -> None:
    cart = Cart()
    add_card_line(
        cart, CARD, 2_000, ValueCardLine("activate", None, electronic=True), GiftCardLimits()
    )
    again = Cart.from_dict(cart.to_dict())
    assert again.lines[0].value_card == ValueCardLine("activate", None, "", True)
    with pytest.raises(UserError):
        add_card_line(cart, CARD, 500, ValueCardLine("activate", None), GiftCardLimits())
    assert len(cart.lines) == 1
