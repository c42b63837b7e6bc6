"""A gift card at the kiosk before the card payment (``KioskPayment.pay_gift_card``)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from pos_app.checkout.kiosk.payment import CardOutcome
from pos_app.devices.card_terminal_sim import CardTerminalSimulator
from pos_app.devices.payment_terminal import PaymentOutcome
from pos_app.domain.tenders import Tender, TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.value_cards import ValueCards
from sync.protocol import giftcards
from tests.conftest import Staff
from tests.integration.test_gift_cards import FakeBackend, in_replica
from tests.integration.test_kiosk_payment import Kiosk, build, rows

TEA = "TEA1KG"  # 299.90 TL


@pytest.fixture
def sim() -> Iterator[CardTerminalSimulator]:
    with CardTerminalSimulator(step_delay_s=0.005, slow_step_s=0.05) as simulator:
        yield simulator


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def kiosk(
    services: Services, staff: Staff, sim: CardTerminalSimulator, backend: FakeBackend
) -> Kiosk:
    services.shifts.open(staff.cashier.user_id, 0)
    built = build(services, staff, sim)
    built.payment.cards = ValueCards(services.engine, services.clock, backend)
    return built


def test_gift_card_pays_part_and_the_card_terminal_the_rest(
    kiosk: Kiosk, backend: FakeBackend
) -> None:
    code = giftcards.new_code()
    backend.add(code, 10_000)
    kiosk.sale.scan(TEA)
    tender = kiosk.payment.pay_gift_card(giftcards.display(code))  # all it holds
    assert isinstance(tender, Tender) and tender.amount_minor == 10_000
    assert kiosk.payment.card_due_minor() == 29990 - 10_000
    outcome = kiosk.payment.pay_by_card()
    assert outcome.outcome is PaymentOutcome.APPROVED and outcome.result is not None
    (fact,) = rows(kiosk.services, "outbox")
    payload = json.loads(fact["payload_json"])
    assert [(t["kind"], t["amount_minor"]) for t in payload["tenders"]] == [
        ("gift_card", 10_000),
        ("card", 19_990),
    ]
    (entry,) = payload["value_cards"]
    assert entry["action"] == "redeem" and entry["reservation_id"] is not None
    (attempt,) = rows(kiosk.services, "card_attempt")
    assert attempt["amount_minor"] == 19_990
    assert code not in attempt["basket_json"]  # the basket keeps the hash, not the code
    assert kiosk.payment.card_tenders == []


def test_gift_card_paying_everything_completes_without_the_terminal(
    kiosk: Kiosk, backend: FakeBackend
) -> None:
    code = giftcards.new_code()
    backend.add(code, 50_000)
    kiosk.sale.scan(TEA)
    outcome = kiosk.payment.pay_gift_card(code)
    assert isinstance(outcome, CardOutcome) and outcome.result is not None
    assert outcome.result.sale.total_minor == 29990
    (fact,) = rows(kiosk.services, "outbox")
    payload = json.loads(fact["payload_json"])
    assert [t["kind"] for t in payload["tenders"]] == [TenderKind.GIFT_CARD.value]
    assert payload["channel"] == "kiosk"


def test_unknown_card_offline_is_refused_at_the_kiosk(kiosk: Kiosk, backend: FakeBackend) -> None:
    backend.down = True
    kiosk.sale.scan(TEA)
    with pytest.raises(UserError) as refused:
        kiosk.payment.pay_gift_card(giftcards.new_code())
    assert refused.value.code == "gift_card.unknown_offline"
    assert kiosk.payment.card_tenders == []
    kiosk.payment.drop_gift_cards()


def test_offline_a_card_pays_what_its_limit_allows_and_the_terminal_the_rest(
    kiosk: Kiosk, backend: FakeBackend
) -> None:
    backend.down = True
    code = giftcards.new_code()
    in_replica(kiosk.services, code, 50_000, limit=5_000)  # offline: 50 TRY at most
    kiosk.sale.scan(TEA)
    tender = kiosk.payment.pay_gift_card(code)  # "all it can": its offline limit
    assert isinstance(tender, Tender) and tender.amount_minor == 5_000
    assert kiosk.payment.card_due_minor() == 29990 - 5_000
    with pytest.raises(UserError) as refused:  # an amount asked for is not cut down
        kiosk.payment.pay_gift_card(code, 1_000)
    assert refused.value.code == "gift_card.offline_bound"
    kiosk.payment.drop_gift_cards()
