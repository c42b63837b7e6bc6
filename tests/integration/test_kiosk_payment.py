"""The kiosk's card payment against the card terminal simulator over TCP, checked in the
database: the attempt, the sale (channel kiosk), its card tender and the terminal's record
agree, whatever the terminal does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from pos_app.checkout.events import Flow, Stage
from pos_app.checkout.kiosk.payment import CardOutcome, KioskPayment
from pos_app.checkout.sale import SaleSession
from pos_app.checkout.staff import StaffSession
from pos_app.devices.card_terminal_sim import CardTerminalSimulator
from pos_app.devices.payment_terminal import (
    PaymentOutcome,
    PaymentResult,
    TcpPaymentTerminal,
    TerminalUnavailable,
)
from pos_app.domain.tenders import Payment
from pos_app.errors import BugError, UserError
from pos_app.services.bundle import Services
from pos_app.services.card_attempts import CardAttemptStore
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.storage.tables import table
from tests.conftest import Staff
from tests.fakes import SEED

BARCODE = {p.sku: p.barcode for p in SEED if p.barcode}
MILK, TEA = BARCODE["MILK1L"], BARCODE["TEA1KG"]
PRICE = {p.sku: p.price_minor for p in SEED}
PROGRESS = ["present_card", "enter_pin", "processing", "remove_card"]


class FlakyTerminal:
    """The real client, whose status questions fail while ``status_down`` is set (the
    terminal went away right after a lost answer)."""

    def __init__(self, inner: TcpPaymentTerminal) -> None:
        self.inner = inner
        self.status_down = False
        self.pays = 0

    def pay(
        self,
        reference: str,
        amount_minor: int,
        *,
        on_progress: Callable[[str], None] | None = None,
        timeout_s: float = 90.0,
    ) -> PaymentResult:
        self.pays += 1
        return self.inner.pay(reference, amount_minor, on_progress=on_progress, timeout_s=timeout_s)

    def cancel(self, reference: str) -> None:
        self.inner.cancel(reference)

    def last_transaction(self, reference: str) -> PaymentResult | None:
        if self.status_down:
            raise TerminalUnavailable("the terminal does not answer")
        return self.inner.last_transaction(reference)


@dataclass
class Kiosk:
    services: Services
    flow: Flow
    staff: StaffSession
    sale: SaleSession
    attempts: CardAttemptStore
    payment: KioskPayment
    sim: CardTerminalSimulator
    terminal: FlakyTerminal
    blockers: list[object]  # what the kiosk session says waits for staff
    sleeps: list[float]  # the waits between status questions


def build(services: Services, staff: Staff, sim: CardTerminalSimulator) -> Kiosk:
    """A kiosk's sale and payment over ``services``, a cashier signed in as its seller."""
    flow = Flow(language="tr")
    session = StaffSession(flow, services.users, services.shifts, services.policy)
    user = session.authenticate(staff.cashier.user_id, "4826")
    sale = SaleSession(
        flow,
        session,
        services.catalog,
        services.drafts,
        CheckoutRecords(services.engine, services.clock),
        services.new_cart,
        merge_scans=True,
        receipt_default="ereceipt",
    )
    sale.restore_draft(user, lambda user_id: user_id, None)
    flow.set_stage(Stage.SELLING)
    attempts = CardAttemptStore(services.engine, services.clock)
    terminal = FlakyTerminal(TcpPaymentTerminal("127.0.0.1", sim.port))
    blockers: list[object] = []
    sleeps: list[float] = []
    payment = KioskPayment(
        flow,
        session,
        sale,
        services.sales,
        services.printing,
        attempts,
        terminal,
        ereceipt_base_url="https://receipts.example",
        blockers=lambda: blockers,
        sleep=sleeps.append,
    )
    return Kiosk(services, flow, session, sale, attempts, payment, sim, terminal, blockers, sleeps)


@pytest.fixture
def sim() -> Iterator[CardTerminalSimulator]:
    with CardTerminalSimulator(step_delay_s=0.005, slow_step_s=0.05) as simulator:
        yield simulator


@pytest.fixture
def kiosk(services: Services, staff: Staff, sim: CardTerminalSimulator) -> Kiosk:
    services.shifts.open(staff.cashier.user_id, 0)
    return build(services, staff, sim)


def stage(kiosk: Kiosk) -> Stage:
    """The flow's stage now (a call, so the type checker does not narrow it)."""
    return kiosk.flow.stage


def rows(services: Services, name: str) -> Sequence[RowMapping]:
    with services.engine.connect() as conn:
        return conn.execute(select(table(name))).mappings().all()


def approved(sim: CardTerminalSimulator) -> list[PaymentResult]:
    return [t for t in sim.transactions() if t.outcome is PaymentOutcome.APPROVED]


def check_one_to_one(kiosk: Kiosk) -> None:
    """Every approved charge is one kiosk sale paid by that charge, and nothing else."""
    services = kiosk.services
    charges = {t.reference: t for t in approved(kiosk.sim)}
    completed = {a["reference"]: a for a in rows(services, "card_attempt") if a["sale_id"]}
    assert set(completed) == set(charges)
    sales = {s["id"]: s for s in rows(services, "sale")}
    assert len(sales) == len(completed)
    tenders = {t["sale_id"]: t for t in rows(services, "sale_tender")}
    for reference, attempt in completed.items():
        sale = sales[attempt["sale_id"]]
        assert sale["channel"] == "kiosk"
        assert sale["total_minor"] == charges[reference].amount_minor
        assert tenders[sale["id"]]["approval_code"] == charges[reference].approval_code
        assert tenders[sale["id"]]["kind"] == "card"


def test_approved_payment_completes_a_kiosk_sale(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    kiosk.sale.scan(MILK)
    kiosk.sale.scan(TEA)
    heard: list[str] = []

    outcome = kiosk.payment.pay_by_card(on_progress=heard.append)

    assert outcome.outcome is PaymentOutcome.APPROVED
    assert outcome.result is not None
    assert heard == PROGRESS
    total = 2 * PRICE["MILK1L"] + PRICE["TEA1KG"]
    assert outcome.result.sale.total_minor == total
    assert stage(kiosk) is Stage.DONE
    assert kiosk.sale.cart.is_empty
    assert kiosk.services.drafts.load_current() is None
    check_one_to_one(kiosk)
    (attempt,) = rows(kiosk.services, "card_attempt")
    assert attempt["status"] == "completed"
    assert json.loads(attempt["basket_json"])["cart_id"] == outcome.result.sale.sale_id
    (fact,) = rows(kiosk.services, "outbox")
    payload = json.loads(fact["payload_json"])
    assert payload["channel"] == "kiosk"
    assert payload["tenders"][0]["approval_code"] == approved(kiosk.sim)[0].approval_code
    url = kiosk.payment.receipt_url()
    assert url == f"https://receipts.example/r/{outcome.result.sale.receipt_token}"


def test_a_till_sale_keeps_the_store_channel_and_its_fact_says_nothing(
    kiosk: Kiosk, services: Services
) -> None:
    cart = services.new_cart()
    cart.add(services.catalog.resolve_scan(MILK).product, 1)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(PRICE["MILK1L"])
    services.sales.complete_sale(cart, payment, kiosk.sale.context())
    (sale,) = rows(services, "sale")
    assert sale["channel"] == "store"
    (fact,) = rows(services, "outbox")
    assert "channel" not in json.loads(fact["payload_json"])


def test_declined_card_keeps_the_basket_and_makes_no_sale(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    kiosk.sim.set_mode("decline")

    outcome = kiosk.payment.pay_by_card()

    assert outcome.outcome is PaymentOutcome.DECLINED
    assert outcome.result is None
    assert "declined" in outcome.message
    assert stage(kiosk) is Stage.SELLING
    assert [line.product.sku for line in kiosk.sale.cart.lines] == ["MILK1L"]
    assert rows(kiosk.services, "sale") == []
    (attempt,) = rows(kiosk.services, "card_attempt")
    assert (attempt["status"], attempt["sale_id"]) == ("declined", None)
    # Another card: the same basket, a new reference, one sale.
    kiosk.sim.set_mode("approve")
    kiosk.sale.scan(TEA)  # the basket may still change after a decline
    again = kiosk.payment.pay_by_card()
    assert again.outcome is PaymentOutcome.APPROVED
    assert again.result is not None
    assert again.result.sale.total_minor == PRICE["MILK1L"] + PRICE["TEA1KG"]
    check_one_to_one(kiosk)


def test_lost_answer_is_asked_for_and_completes_once(kiosk: Kiosk) -> None:
    kiosk.sale.scan(TEA)
    kiosk.sim.set_mode("lost_answer")

    outcome = kiosk.payment.pay_by_card()

    assert outcome.outcome is PaymentOutcome.APPROVED
    assert outcome.result is not None
    assert kiosk.terminal.pays == 1
    assert kiosk.payment.recover() == []
    check_one_to_one(kiosk)


def test_lost_answer_with_the_terminal_gone_is_recovered_once(kiosk: Kiosk) -> None:
    kiosk.sale.scan(TEA)
    kiosk.sale.scan(MILK)
    kiosk.sim.set_mode("lost_answer")
    kiosk.terminal.status_down = True

    outcome = kiosk.payment.pay_by_card()

    # Charged, but the till cannot know yet: nothing is sold, the basket is frozen.
    assert outcome.outcome is PaymentOutcome.LINK_LOST
    assert outcome.result is None
    assert "checked" in outcome.message
    assert len(kiosk.sleeps) == 4  # five tries, waiting longer each time
    assert kiosk.sleeps == sorted(kiosk.sleeps)
    assert stage(kiosk) is Stage.PAYING
    assert kiosk.payment.checking
    assert rows(kiosk.services, "sale") == []
    assert len(approved(kiosk.sim)) == 1
    with pytest.raises(UserError) as error:
        kiosk.sale.scan(MILK)
    assert error.value.code == "sale.not_selling"
    with pytest.raises(UserError) as error:
        kiosk.payment.pay_by_card()
    assert error.value.code == "payment.checking"
    assert kiosk.terminal.pays == 1  # the card was not asked again

    kiosk.terminal.status_down = False
    receipts = kiosk.payment.recover()

    assert len(receipts) == 1
    assert stage(kiosk) is Stage.DONE
    assert kiosk.sale.last_result is not None
    assert kiosk.sale.last_result.sale.receipt_no == receipts[0]
    assert kiosk.services.drafts.load_current() is None
    assert kiosk.payment.recover() == []
    assert not kiosk.payment.checking
    check_one_to_one(kiosk)


def test_pay_again_while_checking_settles_the_earlier_charge_first(kiosk: Kiosk) -> None:
    kiosk.sale.scan(TEA)
    kiosk.sim.set_mode("lost_answer")
    kiosk.terminal.status_down = True
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.LINK_LOST
    kiosk.terminal.status_down = False
    kiosk.sim.set_mode("approve")

    outcome = kiosk.payment.pay_by_card()

    # The earlier charge paid for this basket: no second charge.
    assert outcome.outcome is PaymentOutcome.APPROVED
    assert outcome.result is not None
    assert kiosk.terminal.pays == 1
    check_one_to_one(kiosk)


def test_after_a_restart_recovery_completes_the_saved_basket(
    kiosk: Kiosk, services: Services, staff: Staff
) -> None:
    kiosk.sale.scan(TEA)
    kiosk.sim.set_mode("lost_answer")
    kiosk.terminal.status_down = True
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.LINK_LOST
    paid_basket = kiosk.sale.cart.cart_id
    # The kiosk is restarted (the draft comes back), then recovers before anything else.
    again = build(services, staff, kiosk.sim)
    assert again.sale.cart.cart_id == paid_basket

    receipts = again.payment.recover()

    assert len(receipts) == 1
    assert again.sale.cart.is_empty
    assert services.drafts.load_current() is None
    (sale,) = rows(services, "sale")
    assert sale["id"] == paid_basket
    again.sim = kiosk.sim
    check_one_to_one(again)


def test_recovery_rebuilds_the_basket_when_the_draft_is_gone(kiosk: Kiosk) -> None:
    kiosk.sale.scan(TEA)
    kiosk.sale.scan(TEA)
    kiosk.sim.set_mode("lost_answer")
    kiosk.terminal.status_down = True
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.LINK_LOST
    paid_basket = kiosk.sale.cart.cart_id
    # Staff voided the frozen basket and the next customer started a new one.
    kiosk.sale.start_next_sale()
    kiosk.sale.scan(MILK)
    kiosk.terminal.status_down = False

    receipts = kiosk.payment.recover()

    assert len(receipts) == 1
    (sale,) = rows(kiosk.services, "sale")
    assert (sale["id"], sale["total_minor"]) == (paid_basket, 2 * PRICE["TEA1KG"])
    (job,) = rows(kiosk.services, "print_job")
    assert job["status"] != "skipped"  # its customer has gone: the receipt is printed
    # The next customer's basket is untouched.
    assert [line.product.sku for line in kiosk.sale.cart.lines] == ["MILK1L"]
    assert stage(kiosk) is Stage.SELLING
    check_one_to_one(kiosk)


def test_dropped_link_charges_nothing_and_sells_nothing(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    kiosk.sim.set_mode("drop")

    outcome = kiosk.payment.pay_by_card()

    assert outcome.outcome is PaymentOutcome.CANCELLED
    assert outcome.result is None
    assert stage(kiosk) is Stage.SELLING
    assert not kiosk.sale.cart.is_empty
    assert approved(kiosk.sim) == []
    assert rows(kiosk.services, "sale") == []
    (attempt,) = rows(kiosk.services, "card_attempt")
    assert attempt["status"] == "cancelled"


def test_slow_payment_reports_progress(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    kiosk.sim.set_mode("slow")
    heard: list[tuple[str, Stage]] = []

    outcome = kiosk.payment.pay_by_card(on_progress=lambda c: heard.append((c, stage(kiosk))))

    assert outcome.outcome is PaymentOutcome.APPROVED
    assert heard == [(code, Stage.PAYING) for code in PROGRESS]
    check_one_to_one(kiosk)


def test_timeout_on_the_terminal_is_no_charge(kiosk: Kiosk) -> None:
    kiosk.sim.card_wait_s = 0.05
    kiosk.sim.set_mode("timeout")
    kiosk.sale.scan(MILK)

    outcome = kiosk.payment.pay_by_card()

    assert outcome.outcome is PaymentOutcome.TIMEOUT
    assert stage(kiosk) is Stage.SELLING
    (attempt,) = rows(kiosk.services, "card_attempt")
    assert attempt["status"] == "failed"
    assert rows(kiosk.services, "sale") == []


def test_terminal_down_fails_the_attempt_with_a_clear_message(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    kiosk.sim.stop()

    with pytest.raises(UserError) as error:
        kiosk.payment.pay_by_card()

    assert error.value.code == "terminal.unavailable"
    assert "card terminal" in error.value.message
    assert stage(kiosk) is Stage.SELLING
    assert not kiosk.sale.cart.is_empty
    (attempt,) = rows(kiosk.services, "card_attempt")
    assert attempt["status"] == "failed"
    assert not kiosk.payment.checking


def test_no_terminal_says_ask_staff(services: Services, staff: Staff, kiosk: Kiosk) -> None:
    kiosk.payment.terminal = None
    kiosk.sale.scan(MILK)
    with pytest.raises(UserError) as error:
        kiosk.payment.pay_by_card()
    assert error.value.code == "terminal.none"
    assert "ask staff" in error.value.message
    assert rows(services, "card_attempt") == []


def test_waiting_approvals_block_the_payment(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    kiosk.blockers.append("age check")
    with pytest.raises(UserError) as error:
        kiosk.payment.pay_by_card()
    assert error.value.code == "payment.blocked"
    assert rows(kiosk.services, "card_attempt") == []
    assert kiosk.sim.transactions() == []
    kiosk.blockers.clear()
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.APPROVED


def test_empty_basket_is_refused(kiosk: Kiosk) -> None:
    with pytest.raises(UserError) as error:
        kiosk.payment.pay_by_card()
    assert error.value.code == "sale.empty"


def test_paper_on_request_after_an_ereceipt_only_sale(kiosk: Kiosk) -> None:
    kiosk.sale.scan(MILK)
    outcome: CardOutcome = kiosk.payment.pay_by_card()
    assert outcome.result is not None
    (original,) = rows(kiosk.services, "print_job")
    assert original["status"] == "skipped"  # e-receipt only by default

    first = kiosk.payment.print_receipt()
    second = kiosk.payment.print_receipt()

    jobs = {job["id"]: job for job in rows(kiosk.services, "print_job")}
    assert jobs[first]["reprint_of"] == original["id"]
    assert jobs[first]["status"] != "skipped"
    assert json.loads(jobs[first]["document_json"])["copy"] is False  # the receipt itself
    assert json.loads(jobs[second]["document_json"])["copy"] is True  # then copies
    actions = [a["action"] for a in rows(kiosk.services, "audit_entry")]
    assert "receipt.paper_requested" in actions


def test_print_receipt_before_any_sale_is_refused(kiosk: Kiosk) -> None:
    with pytest.raises(UserError) as error:
        kiosk.payment.print_receipt()
    assert error.value.code == "print.nothing_to_reprint"


def test_an_attempt_completes_one_sale_only(kiosk: Kiosk, services: Services) -> None:
    kiosk.sale.scan(MILK)
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.APPROVED
    (attempt,) = rows(services, "card_attempt")
    cart = services.new_cart()
    cart.add(services.catalog.resolve_scan(TEA).product, 1)
    payment = Payment(cart.totals().total_minor)
    payment.add_card(PRICE["TEA1KG"], "X")
    with pytest.raises(BugError):
        services.sales.complete_sale(
            cart,
            payment,
            kiosk.sale.context(),
            also=kiosk.attempts.completion(attempt["reference"]),
        )
    assert len(rows(services, "sale")) == 1  # the second sale was rolled back


def test_a_sold_basket_is_never_charged_again(kiosk: Kiosk, services: Services) -> None:
    kiosk.sale.scan(MILK)
    sold = kiosk.sale.cart.cart_id
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.APPROVED
    with pytest.raises(UserError) as error:
        kiosk.attempts.open("ref-again", PRICE["MILK1L"], "{}", sold)
    assert error.value.code == "payment.already_paid"


def test_a_sold_basket_left_as_the_draft_by_a_crash_is_dropped(
    kiosk: Kiosk, services: Services, staff: Staff
) -> None:
    kiosk.sale.scan(MILK)
    basket = kiosk.sale.cart
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.APPROVED
    # A crash after the sale's commit and before its draft was cleared.
    services.drafts.save_current(basket, staff.cashier.user_id)
    again = build(services, staff, kiosk.sim)
    assert again.sale.cart.cart_id == basket.cart_id

    assert again.payment.recover() == []

    assert again.sale.cart.is_empty
    assert services.drafts.load_current() is None
    assert len(rows(services, "sale")) == 1
    assert len(kiosk.sim.transactions()) == 1


def test_recovery_sells_what_was_paid_even_if_the_draft_changed(
    kiosk: Kiosk, services: Services, staff: Staff
) -> None:
    kiosk.sale.scan(TEA)
    kiosk.sim.set_mode("lost_answer")
    kiosk.terminal.status_down = True
    assert kiosk.payment.pay_by_card().outcome is PaymentOutcome.LINK_LOST
    again = build(services, staff, kiosk.sim)
    again.sale.scan(MILK)  # changed after a restart, before the recovery ran

    assert len(again.payment.recover()) == 1

    (sale,) = rows(services, "sale")
    assert sale["total_minor"] == PRICE["TEA1KG"]
    assert again.sale.cart.is_empty  # the draft's basket is sold: never charged again
    check_one_to_one(again)
