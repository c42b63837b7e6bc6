"""Returns: refunds at the price paid, in chunks, back to the original tenders."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.returns import PaidTender, ReturnLine, SoldLine, refund_for, refund_to_original
from pos_app.domain.tenders import TenderKind
from pos_app.errors import UserError

PROPERTY = settings(deadline=None, derandomize=True)


def sold(quantity: Decimal | int, paid_minor: int, **returned: Decimal | int) -> SoldLine:
    return SoldLine(
        line_id="line-1",
        product_id="p-ayran",
        sku="AYR-1",
        name="Ayran",
        vat_rate=10,
        quantity=Decimal(quantity),
        paid_minor=paid_minor,
        returned_quantity=Decimal(returned.get("returned_quantity", 0)),
        refunded_minor=int(returned.get("refunded_minor", 0)),
    )


def after(line: SoldLine, refund: ReturnLine) -> SoldLine:
    """The sold line once ``refund`` has been recorded against it."""
    return SoldLine(
        line.line_id,
        line.product_id,
        line.sku,
        line.name,
        line.vat_rate,
        line.quantity,
        line.paid_minor,
        line.returned_quantity + refund.quantity,
        line.refunded_minor + refund.refund_minor,
    )


def refusal_code(line: SoldLine, quantity: Decimal | int) -> str:
    with pytest.raises(UserError) as info:
        refund_for(line, Decimal(quantity))
    return info.value.code


# -- refund_for --------------------------------------------------------------------------------


def test_full_return_refunds_what_was_paid() -> None:
    line = sold(3, 2700)
    refund = refund_for(line, Decimal(3))
    assert refund == ReturnLine("line-1", "p-ayran", "AYR-1", "Ayran", 10, Decimal(3), 2700)


def test_partial_returns_add_up_to_what_was_paid() -> None:
    line = sold(3, 1000)
    refunds = []
    for _ in range(3):
        refund = refund_for(line, Decimal(1))
        refunds.append(refund.refund_minor)
        line = after(line, refund)
    assert refunds == [333, 333, 334]  # the last unit gets what is left
    assert line.returnable_quantity == 0
    assert line.refunded_minor == 1000


def test_partial_return_of_a_weighed_line() -> None:
    line = sold(Decimal("1.250"), 2500)
    refund = refund_for(line, Decimal("0.500"))
    assert refund.refund_minor == 1000
    line = after(line, refund)
    assert line.returnable_quantity == Decimal("0.750")
    assert refund_for(line, Decimal("0.750")).refund_minor == 1500


def test_partial_return_rounds_half_up() -> None:
    assert refund_for(sold(2, 5), Decimal(1)).refund_minor == 3


@pytest.mark.parametrize("quantity", [0, -1, Decimal("-0.001")])
def test_return_quantity_must_be_positive(quantity: Decimal | int) -> None:
    assert refusal_code(sold(3, 1000), quantity) == "return.quantity_not_positive"


def test_returning_more_than_sold_is_refused() -> None:
    with pytest.raises(UserError) as info:
        refund_for(sold(2, 1000), Decimal(3))
    assert info.value.code == "return.quantity_exceeds_sold"
    assert info.value.params == {"sku": "AYR-1", "returnable": "2"}


def test_returning_more_than_is_left_is_refused() -> None:
    line = sold(5, 5000, returned_quantity=4, refunded_minor=4000)
    assert line.returnable_quantity == 1
    assert refusal_code(line, 2) == "return.quantity_exceeds_sold"
    assert refund_for(line, Decimal(1)).refund_minor == 1000
    done = sold(5, 5000, returned_quantity=5, refunded_minor=5000)
    assert refusal_code(done, 1) == "return.quantity_exceeds_sold"


def test_free_line_refunds_nothing() -> None:
    assert refund_for(sold(2, 0), Decimal(1)).refund_minor == 0


# -- refund_to_original ------------------------------------------------------------------------


def test_refund_goes_to_the_latest_tender_first() -> None:
    paid = [
        PaidTender("t-cash", TenderKind.CASH, 1000),
        PaidTender("t-card", TenderKind.CARD, 2000),
    ]
    refunds = refund_to_original(2500, paid)
    assert [(t.kind, t.amount_minor, t.reference) for t in refunds] == [
        (TenderKind.CARD, -2000, "t-card"),
        (TenderKind.CASH, -500, "t-cash"),
    ]
    assert len({t.tender_id for t in refunds}) == 2


def test_refund_respects_earlier_refunds() -> None:
    paid = [
        PaidTender("t-cash", TenderKind.CASH, 1000),
        PaidTender("t-card", TenderKind.CARD, 2000, refunded_minor=1800),
    ]
    refunds = refund_to_original(700, paid)
    assert [(t.reference, t.amount_minor) for t in refunds] == [("t-card", -200), ("t-cash", -500)]


def test_refund_kinds() -> None:
    paid = [
        PaidTender("t-credit", TenderKind.STORE_CREDIT, 100),
        PaidTender("t-exchange", TenderKind.EXCHANGE_CREDIT, 100),
    ]
    refunds = refund_to_original(200, paid)
    # Exchange credit is paid out as cash; store credit is re-issued as store credit.
    assert [(t.kind, t.reference) for t in refunds] == [
        (TenderKind.CASH, "t-exchange"),
        (TenderKind.STORE_CREDIT, "t-credit"),
    ]


def test_refund_above_what_is_left_is_refused() -> None:
    paid = [
        PaidTender("t-cash", TenderKind.CASH, 1000, refunded_minor=400),
        PaidTender("t-odd", TenderKind.CARD, 100, refunded_minor=150),  # over-refunded
    ]
    with pytest.raises(UserError) as info:
        refund_to_original(601, paid)
    assert info.value.code == "return.exceeds_paid"
    assert info.value.params == {"capacity_minor": 600}
    assert [t.amount_minor for t in refund_to_original(600, paid)] == [-600]


@pytest.mark.parametrize("amount", [0, -5])
def test_nothing_to_refund(amount: int) -> None:
    with pytest.raises(UserError) as info:
        refund_to_original(amount, [PaidTender("t", TenderKind.CASH, 1000)])
    assert info.value.code == "return.nothing_to_refund"


# -- properties --------------------------------------------------------------------------------


@st.composite
def sold_lines_and_chunks(draw: st.DrawFn) -> tuple[SoldLine, list[Decimal]]:
    """A sold line and the quantities it is returned in, the last chunk taking the rest."""
    by_weight = draw(st.booleans())
    exponent = -3 if by_weight else 0
    units = draw(st.integers(min_value=1, max_value=50_000 if by_weight else 50))
    cuts = draw(st.lists(st.integers(min_value=1, max_value=units), max_size=6, unique=True))
    bounds = [0, *sorted(cut for cut in cuts if cut < units), units]
    chunks = [Decimal(b - a).scaleb(exponent) for a, b in pairwise(bounds)]
    paid = draw(st.integers(min_value=0, max_value=10**7))
    return sold(Decimal(units).scaleb(exponent), paid), chunks


@PROPERTY
@given(sold_lines_and_chunks())
def test_refunds_never_exceed_what_was_paid(case: tuple[SoldLine, list[Decimal]]) -> None:
    line, chunks = case
    assert sum(chunks) == line.quantity
    total = 0
    for index, chunk in enumerate(chunks):
        refund = refund_for(line, chunk)
        assert refund.quantity == chunk
        assert refund.refund_minor >= 0
        total += refund.refund_minor
        assert total <= line.paid_minor
        line = after(line, refund)
        if index < len(chunks) - 1:
            assert line.returnable_quantity > 0
    assert line.returnable_quantity == 0
    assert total == line.paid_minor == line.refunded_minor
    with pytest.raises(UserError) as info:
        refund_for(line, Decimal(1).scaleb(-3))
    assert info.value.code == "return.quantity_exceeds_sold"


paid_tenders = st.builds(
    lambda index, kind, amount, refunded_share: PaidTender(
        f"t-{index}", kind, amount, amount * refunded_share // 100
    ),
    index=st.uuids().map(str),
    kind=st.sampled_from(TenderKind),
    amount=st.integers(min_value=1, max_value=10**6),
    refunded_share=st.integers(min_value=0, max_value=100),
)


@PROPERTY
@given(st.lists(paid_tenders, min_size=1, max_size=5, unique_by=lambda t: t.tender_id), st.data())
def test_refund_to_original_is_capped_per_tender_and_sums(
    paid: list[PaidTender], data: st.DataObject
) -> None:
    capacity = sum(tender.refundable_minor for tender in paid)
    if capacity == 0:
        with pytest.raises(UserError) as info:
            refund_to_original(1, paid)
        assert info.value.code == "return.exceeds_paid"
        return
    refund = data.draw(st.integers(min_value=1, max_value=capacity), label="refund")
    refunds = refund_to_original(refund, paid)
    by_id = {tender.tender_id: tender for tender in paid}

    assert sum(-t.amount_minor for t in refunds) == refund
    assert len({t.reference for t in refunds}) == len(refunds)
    for tender in refunds:
        original = by_id[tender.reference]
        assert 0 < -tender.amount_minor <= original.refundable_minor
        expected_kind = (
            TenderKind.CASH if original.kind is TenderKind.EXCHANGE_CREDIT else original.kind
        )
        assert tender.kind is expected_kind
    # Latest first: a tender is only touched once every later one is used up.
    order = [tender.tender_id for tender in paid]
    touched = [order.index(t.reference) for t in refunds]
    assert touched == sorted(touched, reverse=True)
    taken = {t.reference: -t.amount_minor for t in refunds}
    for later in paid[min(touched) + 1 :]:
        assert taken.get(later.tender_id, 0) == later.refundable_minor

    with pytest.raises(UserError) as info:
        refund_to_original(capacity + 1, paid)
    assert info.value.code == "return.exceeds_paid"
