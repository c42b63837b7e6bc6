"""Payment: cash with change and rounding, card, credit, split tenders."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.tenders import Payment, Tender, TenderKind, round_cash
from pos_app.errors import UserError

PROPERTY = settings(deadline=None, derandomize=True)

CASH_STEPS = (1, 5, 10, 25, 100)


def refusal(action: Callable[[], object]) -> UserError:
    with pytest.raises(UserError) as info:
        action()
    return info.value


# -- cash rounding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "step", "rounded"),
    [
        (1002, 5, 1000),
        (1003, 5, 1005),
        (1005, 5, 1005),
        (1012, 25, 1000),
        (1013, 25, 1025),
        (1049, 100, 1000),
        (1050, 100, 1100),  # halves go up
        (1002, 1, 1002),  # step 1 means no rounding
        (1002, 0, 1002),
        (0, 5, 0),
        (2, 5, 0),
    ],
)
def test_round_cash(amount: int, step: int, rounded: int) -> None:
    assert round_cash(amount, step) == rounded


# -- cash --------------------------------------------------------------------------------------


def test_negative_due_is_refused() -> None:
    assert refusal(lambda: Payment(-1)).code == "payment.negative_due"


def test_exact_cash() -> None:
    payment = Payment(1000)
    tender = payment.add_cash(1000)
    assert tender.kind is TenderKind.CASH
    assert (tender.amount_minor, tender.tendered_minor, tender.change_minor) == (1000, 1000, 0)
    assert payment.is_complete
    assert payment.remaining_minor == 0
    assert payment.change_minor == 0


def test_cash_with_change() -> None:
    payment = Payment(1750)
    tender = payment.add_cash(2000)
    assert tender.amount_minor == 1750
    assert tender.change_minor == 250
    assert payment.change_minor == 250
    assert payment.paid_minor == 1750
    assert payment.is_complete


def test_partial_cash_then_more_cash() -> None:
    payment = Payment(5000)
    first = payment.add_cash(2000)
    assert (first.amount_minor, first.change_minor) == (2000, 0)
    assert not payment.is_complete
    assert payment.remaining_minor == 3000
    payment.add_cash(5000)
    assert payment.is_complete
    assert payment.change_minor == 2000
    assert payment.paid_minor == 5000


@pytest.mark.parametrize("amount", [0, -100])
def test_cash_must_be_positive(amount: int) -> None:
    assert refusal(lambda: Payment(1000).add_cash(amount)).code == "payment.not_positive"


def test_cash_rounding_down() -> None:
    payment = Payment(1002, cash_rounding_step=5)
    assert payment.cash_due_minor() == 1000
    tender = payment.add_cash(1000)
    assert tender.amount_minor == 1000
    assert payment.rounding_minor == -2
    assert payment.is_complete
    assert payment.paid_minor == payment.due_minor + payment.rounding_minor == 1000


def test_cash_rounding_up_with_change() -> None:
    payment = Payment(1003, cash_rounding_step=5)
    assert payment.cash_due_minor() == 1005
    tender = payment.add_cash(2000)
    assert tender.change_minor == 995
    assert payment.rounding_minor == 2
    assert payment.is_complete


def test_rounding_only_applies_to_the_cash_part_of_a_split() -> None:
    payment = Payment(1002, cash_rounding_step=5)
    payment.add_card(503, "A1")
    assert payment.remaining_minor == 499
    assert payment.cash_due_minor() == 500
    payment.add_cash(500)
    assert payment.rounding_minor == 1
    assert payment.paid_minor == 1003
    assert payment.is_complete


# -- card and credit ---------------------------------------------------------------------------


def test_card_payment() -> None:
    payment = Payment(1000)
    tender = payment.add_card(1000, "  123456 ")
    assert tender.kind is TenderKind.CARD
    assert tender.approval_code == "123456"
    assert tender.change_minor == 0
    assert payment.is_complete


def test_card_over_the_remaining_amount_is_refused() -> None:
    payment = Payment(1000)
    payment.add_cash(400)
    error = refusal(lambda: payment.add_card(601, "123456"))
    assert error.code == "payment.card_over_due"
    assert error.params == {"remaining_minor": 600}
    assert payment.remaining_minor == 600


@pytest.mark.parametrize("code", ["", "   "])
def test_card_without_approval_code_is_refused(code: str) -> None:
    payment = Payment(1000)
    assert refusal(lambda: payment.add_card(1000, code)).code == "payment.approval_code_missing"
    assert payment.tenders == []


def test_card_amount_must_be_positive() -> None:
    assert refusal(lambda: Payment(1000).add_card(0, "1")).code == "payment.not_positive"


def test_credit_is_capped_at_the_remainder() -> None:
    payment = Payment(1000)
    tender = payment.add_credit(TenderKind.STORE_CREDIT, 5000, "VOUCHER-1")
    assert tender.amount_minor == 1000
    assert tender.reference == "VOUCHER-1"
    assert payment.is_complete
    error = refusal(lambda: Payment(1).add_credit(TenderKind.EXCHANGE_CREDIT, 0, "X"))
    assert error.code == "payment.not_positive"


def test_paying_an_already_paid_sale_is_refused() -> None:
    payment = Payment(1000)
    payment.add_card(1000, "123456")
    for action in (
        lambda: payment.add_cash(100),
        lambda: payment.add_card(1, "123456"),
        lambda: payment.add_credit(TenderKind.STORE_CREDIT, 1, "V"),
    ):
        assert refusal(action).code == "payment.already_paid"
    assert len(payment.tenders) == 1


def test_a_zero_sale_is_already_paid() -> None:
    payment = Payment(0)
    assert payment.is_complete
    assert refusal(lambda: payment.add_cash(100)).code == "payment.already_paid"


# -- removal and serialisation -----------------------------------------------------------------


def test_remove_a_declined_card() -> None:
    payment = Payment(1000)
    card = payment.add_card(600, "123")
    assert payment.remove(card.tender_id) is card
    assert payment.tenders == []
    assert payment.remaining_minor == 1000
    assert refusal(lambda: payment.remove("nope")).code == "payment.unknown_tender"


def test_a_fully_paid_payment_cannot_lose_a_tender() -> None:
    payment = Payment(1002, cash_rounding_step=5)
    cash = payment.add_cash(1000)
    assert payment.rounding_minor == -2
    with pytest.raises(UserError) as info:
        payment.remove(cash.tender_id)
    assert info.value.code == "payment.already_paid"
    assert payment.is_complete


def test_removing_a_partial_tender_reopens_the_amount() -> None:
    payment = Payment(1002, cash_rounding_step=5)
    card = payment.add_card(500, "A1")
    payment.remove(card.tender_id)
    assert payment.remaining_minor == 1002 and payment.rounding_minor == 0


def test_rounding_stays_within_half_a_step_after_removing_a_tender() -> None:
    payment = Payment(1002, cash_rounding_step=5)
    card = payment.add_card(3, "A1")
    payment.add_cash(1000)  # rounds 999 up to 1000
    try:
        payment.remove(card.tender_id)
    except UserError:
        return  # refusing to change a completed payment is a fine answer
    payment.add_cash(1000)
    assert payment.is_complete
    assert abs(payment.rounding_minor) * 2 <= payment.cash_rounding_step


def test_cash_never_leaves_a_sale_overpaid_but_open() -> None:
    payment = Payment(1003, cash_rounding_step=5)
    refused = refusal(lambda: payment.add_cash(1004))
    assert refused.code == "payment.cash_short_of_rounded"
    assert refused.params["cash_due_minor"] == 1005
    assert payment.tenders == [] and payment.remaining_minor == 1003
    payment.add_cash(1005)
    assert payment.is_complete


def test_tender_dict_round_trip() -> None:
    tender = Tender("t-1", TenderKind.CASH, 1750, 2000, 250, "", "")
    assert Tender.from_dict(json.loads(json.dumps(tender.to_dict()))) == tender
    card = Tender("t-2", TenderKind.CARD, -500, approval_code="A1", reference="t-0")
    assert Tender.from_dict(card.to_dict()) == card


# -- property ----------------------------------------------------------------------------------


@PROPERTY
@given(
    due=st.integers(min_value=1, max_value=10**7),
    step=st.sampled_from(CASH_STEPS),
    data=st.data(),
)
def test_cash_change_and_rounding_invariants(due: int, step: int, data: st.DataObject) -> None:
    payment = Payment(due, cash_rounding_step=step)

    card_count = data.draw(st.integers(min_value=0, max_value=3), label="cards")
    for _ in range(card_count):
        if payment.remaining_minor <= 0:
            break
        amount = data.draw(st.integers(min_value=1, max_value=payment.remaining_minor))
        payment.add_card(amount, "APPROVED")

    handed_over = 0
    for attempt in range(6):
        if payment.is_complete:
            break
        cash_due = payment.cash_due_minor()
        assert cash_due >= 0
        if attempt == 5:
            tendered = cash_due + 1  # the customer finally hands over enough
        else:
            tendered = data.draw(st.integers(min_value=1, max_value=cash_due + 20_000))
        if payment.remaining_minor <= tendered < cash_due:
            # short of the rounded cash price: refused, nothing booked
            refused = refusal(lambda amount=tendered: payment.add_cash(amount))
            assert refused.code == "payment.cash_short_of_rounded"
            continue
        tender = payment.add_cash(tendered)
        handed_over += tender.tendered_minor
        assert tender.change_minor >= 0
        assert tender.amount_minor >= 0
        assert payment.change_minor >= 0

    assert payment.is_complete
    assert payment.change_minor >= 0
    assert payment.paid_minor == payment.due_minor + payment.rounding_minor
    assert abs(payment.rounding_minor) * 2 <= step
    if step == 1:
        assert payment.rounding_minor == 0
    cash = [t for t in payment.tenders if t.kind is TenderKind.CASH]
    assert handed_over - payment.change_minor == sum(t.amount_minor for t in cash)
    assert sum(t.change_minor for t in cash) == payment.change_minor
