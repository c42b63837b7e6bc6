"""Loyalty points at the till on a real SQLite file: per-line earning in the sale's fact,
exact reversal over partial returns, vesting, the points tender reserved online or bounded
offline, holds released, and the rules and hello bounds kept by the replica."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update

from pos_app.checkout.kiosk.payment import KioskPayment
from pos_app.checkout.register import Register
from pos_app.devices.card_terminal_sim import CardTerminalSimulator
from pos_app.devices.payment_terminal import PaymentOutcome
from pos_app.domain.cart import Cart
from pos_app.domain.returns import ReturnLine, refund_for
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.loyalty import LoyaltyService
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.services.sales import ReturnRequest
from pos_app.storage.replica.store import SyncStore
from pos_app.storage.tables import table
from sync.client.errors import TransportError
from sync.protocol import Change, HelloResponse
from sync.protocol.loyalty import EarningRules
from sync.protocol.reservations import ReservationRequest, ReservationResponse
from tests.conftest import Staff
from tests.fakes import SEED, FakeClock
from tests.integration.test_kiosk_payment import build as build_kiosk
from tests.integration.test_register import selling

RULES = EarningRules(
    points_per_try=1,
    category_multipliers={"Çay": 200},
    excluded_skus=frozenset({"SOAP"}),
    vesting_days=14,
    point_value_minor=10,
    version=3,
)
PRICE = {p.sku: p.price_minor for p in SEED}


class FakeReserver:
    """The backend's reservations: grants up to ``available`` points, or is unreachable."""

    def __init__(self, available: int = 10_000) -> None:
        self.available = available
        self.down = False
        self.asked: list[ReservationRequest] = []
        self.released: list[str] = []

    def reserve(self, request: ReservationRequest) -> ReservationResponse:
        if self.down:
            raise TransportError("no answer in time", timeout=True)
        self.asked.append(request)
        if request.amount > self.available:
            return ReservationResponse(
                id=request.id, granted=False, available=self.available, problem="insufficient"
            )
        self.available -= request.amount
        expires = datetime.now(UTC) + timedelta(minutes=2)
        return ReservationResponse(
            id=request.id, granted=True, available=self.available, expires_at=expires
        )

    def release(self, reservation_id: str) -> ReservationResponse:
        if self.down:
            raise TransportError("no answer in time", timeout=True)
        self.released.append(reservation_id)
        return ReservationResponse(id=reservation_id, granted=False, available=self.available)


def pull_rules(services: Services, data: dict[str, Any], seq: int = 1) -> None:
    change = Change(
        scope="global", seq=seq, collection="loyalty_rules", key="current", op="upsert", data=data
    )
    SyncStore(services.engine, services.clock).apply_changes([change], f"c{seq}")


def hello(services: Services, budget: int, cap: int) -> None:
    answer = HelloResponse(
        server_time=datetime.now(UTC),
        server_epoch="e1",
        protocol_versions=[1],
        fact_kinds={},
        terminal_id="t1",
        terminal_code="T01",
        store_code="S01",
        loyalty_offline_budget_points=budget,
        loyalty_offline_customer_cap_points=cap,
    )
    with services.engine.begin() as conn:  # an enrolled till: hello's bounds live in sync_state
        if conn.execute(select(table("sync_state"))).first() is None:
            conn.execute(
                insert(table("sync_state")),
                {
                    "id": 1,
                    "server_url": "http://fake",
                    "terminal_id": "t1",
                    "terminal_code": "T01",
                    "store_id": "s1",
                    "store_code": "S01",
                    "receipt_prefix": "S01-T01",
                    "server_epoch": "e1",
                    "enrolled_at": datetime.now(UTC),
                },
            )
    SyncStore(services.engine, services.clock).record_hello(answer, 0)


def add_customer(services: Services, customer_id: str, points: int = 0) -> None:
    with services.engine.begin() as conn:
        conn.execute(
            insert(table("customer")),
            {
                "id": customer_id,
                "name": "Elif",
                "loyalty_points": points,
                "synced_at": services.clock.now(),
            },
        )


@pytest.fixture
def reserver(services: Services) -> FakeReserver:
    """Rules pulled, tea in a double-points category, a customer C1 with 5,000 points; the
    till's loyalty service reserves through a fake backend."""
    pull_rules(services, RULES.payload())
    with services.engine.begin() as conn:
        conn.execute(insert(table("category")), {"id": "cat-tea", "name": "Çay"})
        conn.execute(
            update(table("product"))
            .where(table("product").c.id == "p-tea")
            .values(category_id="cat-tea")
        )
    add_customer(services, "C1", 5_000)
    fake = FakeReserver()
    services.loyalty = LoyaltyService(services.engine, lambda: fake)
    return fake


def cart_of(services: Services, *items: tuple[str, int], customer: str | None = "C1") -> Cart:
    cart = Cart(policy=services.policy)
    for sku, qty in items:
        cart.add(services.catalog.resolve_scan(sku).product, qty)
    cart.customer_id = customer
    return cart


def pay_cash(services: Services, cart: Cart, ctx: SaleContext) -> CompletedSale:
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    return services.sales.complete_sale(cart, payment, ctx)


def fact_of(services: Services, sale_id: str) -> dict[str, Any]:
    with services.engine.connect() as conn:
        for (body,) in conn.execute(text("SELECT payload_json FROM outbox")):
            payload: dict[str, Any] = json.loads(str(body))
            if payload["order_id"] == sale_id:
                return payload
    raise AssertionError(f"no fact of {sale_id}")


def movements(services: Services, sale_id: str) -> list[dict[str, Any]]:
    m = table("loyalty_movement")
    with services.engine.connect() as conn:
        found = conn.execute(select(m).where(m.c.sale_id == sale_id)).mappings().all()
    return [dict(row) for row in found]


def give_back(services: Services, ctx: SaleContext, receipt_no: str, **qty: int) -> str:
    sale = services.sales.find_sale(receipt_no)
    lines = [refund_for(line, Decimal(qty[line.sku])) for line in sale.lines if line.sku in qty]
    return services.sales.complete_return(ReturnRequest(lines, sale), ctx).sale_id


def test_a_sale_with_a_customer_earns_per_line_in_its_fact(
    services: Services, ctx: SaleContext, reserver: FakeReserver
) -> None:
    cart = cart_of(services, ("MILK1L", 2), ("TEA1KG", 1), ("SOAP", 1))
    sold = pay_cash(services, cart, ctx)

    fact = fact_of(services, sold.sale_id)
    # 91 TRY of milk x 1; 299 TRY of tea x 1 x 200 %; soap excluded.
    assert [line.get("loyalty_points", 0) for line in fact["lines"]] == [91, 598, 0]
    assert "loyalty_points" not in fact["lines"][2]  # nothing to say: not set
    vesting = (ctx.business_date + timedelta(days=14)).isoformat()
    assert fact["customer_id"] == "C1"
    assert fact["loyalty"] == [
        {
            "id": fact["loyalty"][0]["id"],
            "customer_id": "C1",
            "points": 91,
            "reason": "earn",
            "line_id": fact["lines"][0]["id"],
            "vests_on": vesting,
        },
        {
            "id": fact["loyalty"][1]["id"],
            "customer_id": "C1",
            "points": 598,
            "reason": "earn",
            "line_id": fact["lines"][1]["id"],
            "vests_on": vesting,
        },
    ]
    sl = table("sale_line")
    with services.engine.connect() as conn:
        stored = conn.execute(
            select(sl.c.sku, sl.c.loyalty_points).where(sl.c.sale_id == sold.sale_id)
        ).all()
        customer: str = conn.execute(
            text("SELECT customer_id FROM sale WHERE id = :id"), {"id": sold.sale_id}
        ).scalar_one()
        document = json.loads(
            conn.execute(text("SELECT document_json FROM print_job")).scalar_one()
        )
    assert sorted(stored) == [("MILK1L", 91), ("SOAP", 0), ("TEA1KG", 598)]
    assert customer == "C1"
    assert [
        (m["reason"], m["points"], m["offline"]) for m in movements(services, sold.sale_id)
    ] == [
        ("earn", 91, False),
        ("earn", 598, False),
    ]
    # The receipt: earned, nothing spent, the balance (pending until the vesting day).
    assert document["points_summary"] == {
        "earned": 689,
        "spent": 0,
        "balance": 5_000,
        "pending": 689,
    }


def test_a_sale_without_a_customer_says_nothing_of_points(
    services: Services, ctx: SaleContext, reserver: FakeReserver
) -> None:
    sold = pay_cash(services, cart_of(services, ("MILK1L", 2), customer=None), ctx)
    fact = fact_of(services, sold.sale_id)
    assert "loyalty" not in fact and "customer_id" not in fact
    assert all("loyalty_points" not in line for line in fact["lines"])
    assert movements(services, sold.sale_id) == []


def test_without_rules_a_customer_earns_nothing(services: Services, ctx: SaleContext) -> None:
    add_customer(services, "C1")
    loyalty = LoyaltyService(services.engine, lambda: None)
    assert loyalty.rules() is None
    sold = pay_cash(services, cart_of(services, ("TEA1KG", 1)), ctx)
    fact = fact_of(services, sold.sale_id)
    assert fact["customer_id"] == "C1" and "loyalty" not in fact


def test_partial_returns_take_back_exactly_what_the_line_earned(
    services: Services, ctx: SaleContext, reserver: FakeReserver
) -> None:
    sold = pay_cash(services, cart_of(services, ("MILK1L", 3)), ctx)  # 136.50 TRY: 136
    vesting = (ctx.business_date + timedelta(days=14)).isoformat()
    first = give_back(services, ctx, sold.receipt_no, MILK1L=1)
    second = give_back(services, ctx, sold.receipt_no, MILK1L=2)

    taken: list[int] = []
    for return_id in (first, second):
        fact = fact_of(services, return_id)
        (entry,) = fact["loyalty"]
        (line,) = fact["lines"]
        assert entry["reason"] == "reversal" and entry["vests_on"] == vesting
        assert entry["line_id"] == line["id"] and line["loyalty_points"] == entry["points"]
        taken.append(-entry["points"])
    assert taken == [45, 91] and sum(taken) == 136
    loyalty = services.loyalty
    assert loyalty is not None
    after = loyalty.balance("C1", ctx.business_date)
    assert (after.total, after.pending) == (5_000, 0)  # the pending points are cancelled


def test_earned_points_vest_after_the_vesting_days(
    services: Services, ctx: SaleContext, reserver: FakeReserver
) -> None:
    pay_cash(services, cart_of(services, ("TEA1KG", 1)), ctx)  # 598, vesting in 14 days
    loyalty = services.loyalty
    assert loyalty is not None
    today = ctx.business_date
    before = loyalty.balance("C1", today + timedelta(days=13))
    assert (before.spendable, before.pending, before.total) == (5_000, 598, 5_598)
    vested = loyalty.balance("C1", today + timedelta(days=14))
    assert (vested.spendable, vested.pending) == (5_598, 0)


def register_with_customer(services: Services, staff: Staff) -> Register:
    register = selling(services, staff)
    register.sale.scan("MILK1L")
    register.sale.scan("TEA1KG")  # 345.40 TRY
    register.sale.cart.customer_id = "C1"
    register.payment.begin_payment()
    return register


def test_points_tender_reserved_online_redeems_in_the_fact(
    services: Services, staff: Staff, reserver: FakeReserver
) -> None:
    register = register_with_customer(services, staff)
    tender = register.payment.pay_points(1_000)  # 100.00 TRY
    assert (tender.kind, tender.amount_minor, tender.reference) == (
        TenderKind.LOYALTY,
        10_000,
        "1000",
    )
    (asked,) = reserver.asked
    assert (asked.kind, asked.amount, asked.customer_id) == ("points", 1_000, "C1")
    assert tender.approval_code == asked.id
    payment = register.payment.sale.payment
    assert payment is not None
    register.payment.pay_cash(payment.remaining_minor)
    result = register.payment.finish()

    fact = fact_of(services, result.sale.sale_id)
    redeem = [e for e in fact["loyalty"] if e["reason"] == "redeem"]
    assert redeem == [
        {
            "id": redeem[0]["id"],
            "customer_id": "C1",
            "points": -1_000,
            "reason": "redeem",
            "tender_id": tender.tender_id,
            "reservation_id": asked.id,
        }
    ]
    # 100 TRY paid by points earns nothing: 245.40 TRY earns, spread by line.
    earned = [e["points"] for e in fact["loyalty"] if e["reason"] == "earn"]
    # Points paid 100 TRY, spread 13.17 on the milk and 86.83 on the tea (double points).
    assert earned == [(4_550 - 1_317) // 100, (29_990 - 8_683) // 100 * 2] == [32, 426]
    assert fact["tenders"][0]["kind"] == "loyalty"


def test_points_refused_online_add_no_tender(
    services: Services, staff: Staff, reserver: FakeReserver
) -> None:
    reserver.available = 300
    register = register_with_customer(services, staff)
    with pytest.raises(UserError) as refused:
        register.payment.pay_points(500)
    assert refused.value.code == "loyalty.insufficient"
    assert refused.value.params["available"] == 300
    payment = register.payment.sale.payment
    assert payment is not None and payment.tenders == []


def test_points_worth_more_than_the_remainder_are_refused_before_any_hold(
    services: Services, staff: Staff, reserver: FakeReserver
) -> None:
    register = register_with_customer(services, staff)
    with pytest.raises(UserError) as over:
        register.payment.pay_points(3_455)
    assert over.value.code == "payment.points_over_due" and over.value.params["max_points"] == 3_454
    assert reserver.asked == []


def test_a_removed_tender_or_a_cancelled_payment_releases_its_hold(
    services: Services, staff: Staff, reserver: FakeReserver
) -> None:
    register = register_with_customer(services, staff)
    first = register.payment.pay_points(100)
    register.payment.remove_tender(first.tender_id)
    assert reserver.released == [first.approval_code]
    second = register.payment.pay_points(200)
    register.payment.cancel_payment()
    assert reserver.released == [first.approval_code, second.approval_code]
    # A release the backend does not hear is left to the reservation's expiry.
    register.payment.begin_payment()
    third = register.payment.pay_points(50)
    reserver.down = True
    register.payment.remove_tender(third.tender_id)
    assert third.approval_code not in reserver.released


def offline_sale(services: Services, staff: Staff, customer: str, points: int) -> None:
    register = selling(services, staff)
    register.sale.scan("TEA1KG")
    register.sale.cart.customer_id = customer
    payment = register.payment.begin_payment()
    tender = register.payment.pay_points(points)
    assert tender.approval_code == ""  # offline: no reservation
    register.payment.pay_cash(payment.remaining_minor)
    register.payment.finish()


def test_offline_redemption_is_bounded_by_each_bound(
    services: Services, staff: Staff, reserver: FakeReserver
) -> None:
    reserver.down = True
    hello(services, budget=300, cap=200)
    add_customer(services, "C2", 5_000)
    add_customer(services, "C3", 30)
    offline_sale(services, staff, "C1", 150)
    with services.engine.connect() as conn:
        m = conn.execute(
            text("SELECT points, offline FROM loyalty_movement WHERE reason = 'redeem'")
        )
        assert m.all() == [(-150, 1)]

    def refused(customer: str, points: int) -> UserError:
        register = selling(services, staff)
        register.sale.scan("TEA1KG")
        register.sale.cart.customer_id = customer
        register.payment.begin_payment()
        with pytest.raises(UserError) as error:
            register.payment.pay_points(points)
        register.payment.cancel_payment()
        register.sale.void_sale()
        return error.value

    cap = refused("C1", 60)  # 200 - 150 left for C1
    assert (cap.params["bound"], cap.params["points_left"]) == ("customer_cap", 50)
    assert "offline limit per customer: 50 left" in cap.message
    budget = refused("C2", 160)  # 300 - 150 left for the till
    assert (budget.params["bound"], budget.params["points_left"]) == ("budget", 150)
    assert "offline points budget: 150 left" in budget.message
    balance = refused("C3", 40)
    assert (balance.params["bound"], balance.params["points_left"]) == ("balance", 30)

    # Once the backend acknowledged the sale, a new offline period starts.
    with services.engine.begin() as conn:
        conn.execute(update(table("outbox")).values(acked_at=services.clock.now()))
    offline_sale(services, staff, "C1", 200)


def test_with_no_hello_ever_nothing_is_redeemed_offline(
    services: Services, staff: Staff, reserver: FakeReserver
) -> None:
    reserver.down = True
    register = register_with_customer(services, staff)
    with pytest.raises(UserError) as refused:
        register.payment.pay_points(1)
    assert refused.value.params["points_left"] == 0


def test_the_hello_bounds_survive_a_restart_and_a_snapshot(services: Services) -> None:
    hello(services, budget=500, cap=120)
    pull_rules(services, RULES.payload())
    store = SyncStore(services.engine, services.clock)
    store.begin_snapshot()
    store.stage_snapshot(
        "loyalty_rules", [{"key": "current", "data": {**RULES.payload(), "version": 4}}]
    )
    store.finish_snapshot("c9", "e1")
    fresh = LoyaltyService(services.engine, lambda: None)
    bounds = fresh.offline_bounds()
    assert (bounds.budget_points, bounds.customer_cap_points) == (500, 120)
    rules = fresh.rules()
    assert rules is not None and rules.version == 4


def test_rules_this_till_does_not_understand_earn_nothing(
    services: Services, ctx: SaleContext
) -> None:
    pull_rules(services, RULES.payload())
    loyalty = LoyaltyService(services.engine, lambda: None)
    assert loyalty.rules() == RULES
    pull_rules(services, {**RULES.payload(), "tiers": {"gold": 150}}, seq=2)
    assert loyalty.rules() is None
    add_customer(services, "C1")
    sold = pay_cash(services, cart_of(services, ("TEA1KG", 1)), ctx)
    assert "loyalty" not in fact_of(services, sold.sale_id)


def test_a_return_gives_back_the_points_a_tender_paid(
    services: Services, staff: Staff, ctx: SaleContext, reserver: FakeReserver
) -> None:
    register = register_with_customer(services, staff)  # milk 45.50 + tea 299.90
    register.payment.pay_points(1_000)  # 100.00 TRY
    payment = register.payment.sale.payment
    assert payment is not None
    register.payment.pay_cash(payment.remaining_minor)
    sold = register.payment.finish().sale
    earned = {
        e["line_id"]: e["points"]
        for e in fact_of(services, sold.sale_id)["loyalty"]
        if e["reason"] == "earn"
    }

    # Tea back: 299.90 TRY; the cash (245.40) goes back first, then 54.50 of points.
    tea = give_back(services, ctx, sold.receipt_no, TEA1KG=1)
    fact = fact_of(services, tea)
    refund = [e for e in fact["loyalty"] if e["reason"] == "refund"]
    assert [e["points"] for e in refund] == [545]
    assert {t["kind"]: t["amount_minor"] for t in fact["tenders"]} == {
        "cash": -24_540,
        "loyalty": -5_450,
    }
    milk = give_back(services, ctx, sold.receipt_no, MILK1L=1)
    back = fact_of(services, milk)["loyalty"]
    assert [e["points"] for e in back if e["reason"] == "refund"] == [455]  # 1,000 in all
    reversed_total = sum(
        -e["points"]
        for sale_id in (tea, milk)
        for e in fact_of(services, sale_id)["loyalty"]
        if e["reason"] == "reversal"
    )
    assert reversed_total == sum(earned.values())


def test_a_receiptless_return_moves_no_points(
    services: Services, ctx: SaleContext, staff: Staff, reserver: FakeReserver
) -> None:
    line = ReturnLine(None, "p-tea", "TEA1KG", "Çay", 10, Decimal(1), PRICE["TEA1KG"])
    approval = services.users.approve("Zeynep", "739164", "return.receiptless", Role.SUPERVISOR)
    done = services.sales.complete_return(ReturnRequest([line], approval=approval), ctx)
    fact = fact_of(services, done.sale_id)
    assert "loyalty" not in fact and "customer_id" not in fact


@pytest.fixture
def sim() -> Iterator[CardTerminalSimulator]:
    with CardTerminalSimulator(step_delay_s=0.005, slow_step_s=0.05) as simulator:
        yield simulator


def test_the_kiosk_takes_points_before_the_card(
    services: Services, staff: Staff, sim: CardTerminalSimulator, reserver: FakeReserver
) -> None:
    services.shifts.open(staff.cashier.user_id, 0)
    kiosk = build_kiosk(services, staff, sim)
    payment: KioskPayment = kiosk.payment
    payment._loyalty = services.loyalty
    kiosk.sale.scan("TEA1KG")
    kiosk.sale.cart.customer_id = "C1"
    tender = payment.pay_points(1_000)
    assert payment.card_due_minor() == PRICE["TEA1KG"] - 10_000
    outcome = payment.pay_by_card()
    assert outcome.outcome is PaymentOutcome.APPROVED and outcome.result is not None
    fact = fact_of(services, outcome.result.sale.sale_id)
    assert {t["kind"]: t["amount_minor"] for t in fact["tenders"]} == {
        "loyalty": 10_000,
        "card": PRICE["TEA1KG"] - 10_000,
    }
    assert [e["reservation_id"] for e in fact["loyalty"] if e["reason"] == "redeem"] == [
        tender.approval_code
    ]
    assert payment.points_tenders() == []

    # Points paying it all: no card is asked.
    kiosk.flow.set_stage(kiosk.flow.stage.SELLING)
    kiosk.sale.scan("MILK1L")
    kiosk.sale.cart.customer_id = "C1"
    payment.pay_points(455)
    paid = payment.pay_by_card()
    assert paid.result is not None and len(sim.transactions()) == 1
    assert [t["kind"] for t in fact_of(services, paid.result.sale.sale_id)["tenders"]] == [
        "loyalty"
    ]


def test_the_balance_shown_adds_this_tills_unsynced_entries(
    services: Services, ctx: SaleContext, reserver: FakeReserver, clock: FakeClock
) -> None:
    pay_cash(services, cart_of(services, ("MILK1L", 1)), ctx)  # 45 pending
    loyalty = services.loyalty
    assert loyalty is not None
    today: date = ctx.business_date
    assert loyalty.balance("C1", today).total == 5_045
    # Acknowledged, then the customer's row pulled again with the backend's sum: counted once.
    with services.engine.begin() as conn:
        conn.execute(update(table("outbox")).values(acked_at=services.clock.now()))
    clock.advance(seconds=5)
    with services.engine.begin() as conn:
        conn.execute(
            update(table("customer"))
            .where(table("customer").c.id == "C1")
            .values(
                loyalty_points=5_045,
                pending_json=json.dumps({(today + timedelta(days=14)).isoformat(): 45}),
                synced_at=services.clock.now(),
            )
        )
    shown = loyalty.balance("C1", today)
    assert (shown.total, shown.spendable, shown.pending) == (5_045, 5_000, 45)
