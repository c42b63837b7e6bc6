"""Returns of web orders at the till (services.web_returns) on a real SQLite file: look-up by
number, QR, phone and name; what may still come back; the window and non-returnable items
with a manager's override; bad input writing nothing; and the one transaction of a return
(refund receipt, stock back, voucher, local rows, the ``web_order.returned`` fact)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from pos_app.app import build_register, build_services
from pos_app.checkout.events import Stage
from pos_app.config import load_settings
from pos_app.domain.cart import Cart
from pos_app.domain.roles import Approval, Role
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.services.sale_document import SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.services.users import StaffUser
from pos_app.services.web_returns import WebOrderView
from pos_app.storage.database import open_database
from sync.protocol import Change
from tests.fakes import SEED, FakeClock, seed_catalog
from tests.replica import apply
from tests.web_orders_data import line, qr, seed, web_order

MILK, TEA, SOAP, _BREAD, APPLE = SEED


@dataclass
class Till:
    services: Services
    engine: Engine
    clock: FakeClock
    ctx: SaleContext
    cashier: StaffUser
    supervisor: StaffUser
    manager: StaffUser
    orders: dict[str, dict[str, Any]]

    def count(self, sql: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    def written(self) -> tuple[int, ...]:
        """Rows a return writes: sales, stock movements, facts, print jobs, vouchers, web
        returns (to prove that a refused return wrote nothing)."""
        return tuple(
            self.count(f"SELECT count(*) FROM {name}")
            for name in (
                "sale",
                "stock_movement",
                "outbox",
                "print_job",
                "store_credit_entry",
                "web_return",
                "web_return_line",
            )
        )

    def approval(self, user: StaffUser, pin: str) -> Approval:
        return self.services.users.approve(
            user.user_id, pin, "web_return.override", Role.SUPERVISOR
        )

    def facts(self, kind: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
            ).all()
        return [json.loads(r[0]) for r in rows]


@pytest.fixture
def till(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Till]:
    clock = FakeClock()
    now = clock.now()
    legacy = request.node.get_closest_marker("legacy_vouchers") is not None
    settings = load_settings(data_dir=tmp_path / "data", printer="", store_credit_cards=not legacy)
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    orders = {
        "recent": web_order(
            201,
            [
                line(MILK.sku, "Süt 1 L", 3000, 4550),
                line(TEA.sku, "Çay 1 kg", 1000, 29990),
                line(SOAP.sku, "Sıvı Sabun", 1000, 8990, returnable=False),
                line(APPLE.sku, "Elma", 1250, 4990),
            ],
            returnable_from=now - timedelta(days=3),
        ),
        "late": web_order(
            202,
            [line(MILK.sku, "Süt 1 L", 2000, 4550)],
            returnable_from=now - timedelta(days=40),
            name="Çağla Öztürk",
            phone="+90 541 222 33 44",
            fulfilment="delivery",
        ),
        "in_store": web_order(
            203,
            [line(MILK.sku, "Süt 1 L", 1000, 4550)],
            returnable_from=now - timedelta(days=1),
            name="İsmail Şahin",
            phone="05053334455",
            paid=False,
            payment_method="in_store",
        ),
        "returned": web_order(
            204,
            [line(TEA.sku, "Çay 1 kg", 1000, 29990, returned_milli=1000)],
            returnable_from=now - timedelta(days=2),
            phone="0216 444 55 66",
            return_ids=["elsewhere"],
        ),
    }
    seed(engine, now - timedelta(minutes=5), list(orders.values()))
    services = build_services(settings, engine, clock)
    cashier = services.users.add("Ayşe", Role.CASHIER, "4826")
    supervisor = services.users.add("Mehmet", Role.SUPERVISOR, "583916")
    manager = services.users.add("Zeynep", Role.MANAGER, "739164")
    shift = services.shifts.open(cashier.user_id, 50000)
    ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
    yield Till(services, engine, clock, ctx, cashier, supervisor, manager, orders)
    services.close()


def view(till: Till, key: str) -> WebOrderView:
    found = till.services.web_returns.get(till.orders[key]["id"])
    assert found is not None
    return found


def numbers(views: list[WebOrderView]) -> list[str]:
    return [v.number for v in views]


# -- look-up --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("W-000201", ["W-000201"]),
        ("201", ["W-000201"]),
        ("w201", ["W-000201"]),
        ("0532 111 22 33", ["W-000201"]),
        ("+90 (532) 111-2233", ["W-000201"]),
        ("5321112233", ["W-000201"]),
        ("ISIK", ["W-000201", "W-000204"]),  # Işık, typed without Turkish letters
        ("ismail sahin", ["W-000203"]),  # İsmail Şahin
        ("çağla", ["W-000202"]),
        ("0541 222", ["W-000202"]),
        ("nobody", []),
    ],
)
def test_find_by_number_phone_or_name(till: Till, query: str, expected: list[str]) -> None:
    assert sorted(numbers(till.services.web_returns.search(query))) == expected


def test_the_customers_qr_finds_the_order_only_with_its_code(till: Till) -> None:
    returns = till.services.web_returns
    order = till.orders["recent"]
    found = returns.by_scan(qr(order))
    assert found is not None and found.number == "W-000201"
    assert numbers(returns.search(qr(order))) == ["W-000201"]
    assert returns.by_scan(f"POSPICKUP:{order['number']}:000000") is None
    assert returns.by_scan("POSPICKUP:W-999999:123456") is None
    assert returns.find("w-201") is not None and returns.find("banana") is None


def test_orders_show_what_may_still_come_back(till: Till) -> None:
    recent = view(till, "recent")
    assert [(li.sku, li.left_milli, li.returnable) for li in recent.lines] == [
        (MILK.sku, 3000, True),
        (TEA.sku, 1000, True),
        (SOAP.sku, 1000, False),
        (APPLE.sku, 1250, True),
    ]
    assert [li.product_id for li in recent.lines] == [
        MILK.product_id,
        TEA.product_id,
        SOAP.product_id,
        APPLE.product_id,
    ]
    assert view(till, "returned").lines[0].left_milli == 0  # returned in another store
    assert recent.methods() == ("online_payment", "store_credit", "exchange")
    assert view(till, "in_store").methods() == ("store_credit", "exchange")
    assert recent.inside_window(till.clock.now())
    assert not view(till, "late").inside_window(till.clock.now())
    assert till.services.web_returns.last_synced_at() == till.clock.now() - timedelta(minutes=5)


# -- the rules --------------------------------------------------------------------------------


def test_outside_the_window_a_manager_must_approve(till: Till) -> None:
    returns = till.services.web_returns
    order_id = till.orders["late"]["id"]
    before = till.written()
    with pytest.raises(UserError) as err:
        returns.request(order_id, {MILK.sku: 1000}, "online_payment")
    assert err.value.code == "approval.required"
    assert err.value.params["action"] == "web_return.override"
    assert err.value.params["reasons"] == ["outside_window"]
    with pytest.raises(UserError) as err:
        returns.request(
            order_id, {MILK.sku: 1000}, "online_payment", till.approval(till.supervisor, "583916")
        )
    assert err.value.code == "approval.insufficient_role"
    # Through the register the approval dialog asks the manager's role for this action.
    register = build_register(till.services, PrinterDrawer(till.services.printing))
    assert register.staff.approver_role("web_return.override") is Role.MANAGER
    with pytest.raises(UserError) as err:
        register.staff.approve(till.supervisor.user_id, "583916", "web_return.override")
    assert err.value.code == "approval.insufficient_role"
    approval = register.staff.approve(till.manager.user_id, "739164", "web_return.override")
    request = returns.request(order_id, {MILK.sku: 1000}, "online_payment", approval)
    assert request.approval == approval and request.refund_minor == 4550
    assert till.written() == before


def test_a_non_returnable_item_needs_a_manager(till: Till) -> None:
    returns = till.services.web_returns
    order_id = till.orders["recent"]["id"]
    with pytest.raises(UserError) as err:
        returns.request(order_id, {MILK.sku: 1000, SOAP.sku: 1000}, "store_credit")
    assert (err.value.code, err.value.params["reasons"]) == (
        "approval.required",
        ["non_returnable"],
    )
    returns.request(order_id, {MILK.sku: 1000, SOAP.sku: 0}, "store_credit")  # left out: fine
    approved = returns.request(
        order_id, {SOAP.sku: 1000}, "store_credit", till.approval(till.manager, "739164")
    )
    assert approved.refund_minor == 8990


@pytest.mark.parametrize(
    ("quantities", "method", "code"),
    [
        ({MILK.sku: 4000}, "store_credit", "web_return.quantity_exceeds"),
        ({MILK.sku: -1000}, "store_credit", "web_return.bad_quantity"),
        ({MILK.sku: 1500}, "store_credit", "web_return.bad_quantity"),  # half a bottle
        ({"NOPE": 1000}, "store_credit", "web_return.unknown_line"),
        ({MILK.sku: 0}, "store_credit", "return.empty"),
        ({}, "store_credit", "return.empty"),
        ({MILK.sku: 1000}, "cash", "web_return.bad_method"),
        ({APPLE.sku: 1300}, "store_credit", "web_return.quantity_exceeds"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    till: Till, quantities: dict[str, int], method: str, code: str
) -> None:
    before = till.written()
    with pytest.raises(UserError) as err:
        till.services.web_returns.request(till.orders["recent"]["id"], quantities, method)
    assert err.value.code == code
    assert till.written() == before


def test_an_order_not_paid_online_cannot_be_refunded_online(till: Till) -> None:
    with pytest.raises(UserError) as err:
        till.services.web_returns.request(
            till.orders["in_store"]["id"], {MILK.sku: 1000}, "online_payment"
        )
    assert err.value.code == "web_return.not_paid_online"
    with pytest.raises(UserError) as err:
        till.services.web_returns.request("no-such-order", {MILK.sku: 1000}, "store_credit")
    assert err.value.code == "web_return.unknown_order"


# -- the return ---------------------------------------------------------------------------------


def test_a_return_to_the_online_payment_is_one_transaction_with_its_fact(till: Till) -> None:
    returns, sales = till.services.web_returns, till.services.sales
    order = till.orders["recent"]
    request = returns.request(order["id"], {MILK.sku: 2000, APPLE.sku: 1250}, "online_payment")
    # Two milks of three: the line's total less the total of the one kept; apples: all.
    assert request.refund_minor == (13650 - 4550) + (4990 * 1250 + 500) // 1000
    refund = sales.complete_return(request, till.ctx)
    assert refund.kind == "return" and refund.total_minor == -request.refund_minor
    assert refund.store_credit_voucher is None
    with till.engine.connect() as conn:
        tenders = conn.execute(
            text("SELECT kind, amount_minor, reference FROM sale_tender WHERE sale_id = :s"),
            {"s": refund.sale_id},
        ).all()
        moves = conn.execute(
            text(
                "SELECT product_id, qty_milli, reason, store_code FROM stock_movement "
                "WHERE sale_id = :s ORDER BY product_id"
            ),
            {"s": refund.sale_id},
        ).all()
        job = conn.execute(
            text("SELECT kind, document_json FROM print_job WHERE sale_id = :s"),
            {"s": refund.sale_id},
        ).one()
    assert [tuple(t) for t in tenders] == [
        (TenderKind.ONLINE_PAYMENT.value, -request.refund_minor, "W-000201")
    ]
    assert [tuple(m) for m in moves] == [
        (APPLE.product_id, 1250, "return", "S01"),
        (MILK.product_id, 2000, "return", "S01"),
    ]
    assert job.kind == "refund"
    assert json.loads(job.document_json)["web_return"]["number"] == "W-000201"
    [fact] = till.facts("web_order.returned")
    assert till.facts("order.refunded") == []
    assert fact["order_id"] == refund.sale_id and fact["receipt_no"] == refund.receipt_no
    assert fact["web_return"] == {
        "order_id": order["id"],
        "number": "W-000201",
        "refund_method": "online_payment",
        "lines": [
            {"sku": MILK.sku, "qty_milli": 2000, "amount_minor": 9100},
            {"sku": APPLE.sku, "qty_milli": 1250, "amount_minor": 6238},
        ],
        "override": None,
        "override_reasons": [],
    }
    # What came back here counts as returned until the backend's copy lists the return.
    after = view(till, "recent")
    assert [li.pending_milli for li in after.lines] == [2000, 0, 0, 1250]
    assert after.line(MILK.sku).left_milli == 1000  # type: ignore[union-attr]
    assert after.unsynced_returns == 1
    with pytest.raises(UserError) as err:
        returns.request(order["id"], {MILK.sku: 2000}, "online_payment")
    assert err.value.code == "web_return.quantity_exceeds"
    # The pull brings the backend's copy with the return applied: not counted twice.
    synced = dict(order, return_ids=[refund.sale_id], version=2)
    synced["lines"] = [
        dict(li, returned_milli={MILK.sku: 2000, APPLE.sku: 1250}.get(li["sku"], 0))
        for li in order["lines"]
    ]
    seed(till.engine, till.clock.now(), [synced])
    again = view(till, "recent")
    assert [li.left_milli for li in again.lines] == [1000, 1000, 1000, 0]
    assert again.unsynced_returns == 0


@pytest.mark.legacy_vouchers
def test_store_credit_issues_a_voucher_like_the_tills_own_returns(till: Till) -> None:
    returns, sales = till.services.web_returns, till.services.sales
    request = returns.request(till.orders["in_store"]["id"], {MILK.sku: 1000}, "store_credit")
    refund = sales.complete_return(request, till.ctx)
    assert refund.store_credit_voucher is not None
    assert sales.voucher_balance(refund.store_credit_voucher) == 4550
    [fact] = till.facts("web_order.returned")
    assert fact["web_return"]["refund_method"] == "store_credit"
    assert fact["store_credit"] == [
        {"voucher_code": refund.store_credit_voucher, "delta_minor": 4550}
    ]


def test_two_returns_of_the_same_goods_at_once_let_only_one_through(till: Till) -> None:
    returns, sales = till.services.web_returns, till.services.sales
    first = returns.request(till.orders["recent"]["id"], {TEA.sku: 1000}, "online_payment")
    second = returns.request(till.orders["recent"]["id"], {TEA.sku: 1000}, "store_credit")
    sales.complete_return(first, till.ctx)
    before = till.written()
    with pytest.raises(UserError) as err:
        sales.complete_return(second, till.ctx)
    assert err.value.code == "web_return.quantity_exceeds"
    assert till.written() == before


def test_an_exchange_pays_for_new_goods_and_sends_the_rest_online(till: Till) -> None:
    services = till.services
    register = build_register(services, PrinterDrawer(services.printing))
    register.sign_in(till.cashier.user_id, "4826")
    register.returns.begin_return()
    request = services.web_returns.request(till.orders["recent"]["id"], {TEA.sku: 1000}, "exchange")
    register.returns.start_web_exchange(request)
    assert register.stage is Stage.SELLING and register.sale.exchange_credit_minor == 29990
    register.sale.scan(str(SOAP.barcode))
    # A crash here: the exchange comes back with the draft sale.
    again = build_register(services, PrinterDrawer(services.printing))
    again.sign_in(till.cashier.user_id, "4826")
    assert again.sale.exchange is not None and again.sale.exchange_credit_minor == 29990
    assert [li.product.sku for li in again.sale.cart.lines] == [SOAP.sku]
    again.payment.begin_payment()
    assert (
        again.sale.payment is not None and again.sale.payment.is_complete
    )  # the credit pays it all
    result = again.payment.finish()
    assert result.refund is not None and result.drawer is None  # no cash moved
    [fact] = till.facts("web_order.returned")
    [sale] = till.facts("order.completed")
    assert fact["exchange_id"] == sale["exchange_id"] is not None
    assert fact["web_return"]["refund_method"] == "exchange"
    assert sorted((t["kind"], t["amount_minor"]) for t in fact["tenders"]) == [
        ("exchange_credit", -8990),
        ("online_payment", -(29990 - 8990)),
    ]


@pytest.mark.legacy_vouchers
def test_an_exchange_of_an_order_paid_in_store_leaves_store_credit(till: Till) -> None:
    services = till.services
    register = build_register(services, PrinterDrawer(services.printing))
    register.sign_in(till.cashier.user_id, "4826")
    register.returns.begin_return()
    request = services.web_returns.request(
        till.orders["in_store"]["id"], {MILK.sku: 1000}, "exchange"
    )
    register.returns.start_web_exchange(request)
    register.sale.add_product(
        services.catalog.resolve_scan(str(SEED[3].barcode)).product, Decimal(1)
    )  # bread, 15.00
    register.payment.begin_payment()
    result = register.payment.finish()
    assert result.refund is not None and result.refund.store_credit_voucher is not None
    assert services.sales.voucher_balance(result.refund.store_credit_voucher) == 4550 - 1500


def test_a_web_return_through_the_register_ends_like_any_refund(till: Till) -> None:
    services = till.services
    register = build_register(services, PrinterDrawer(services.printing))
    register.sign_in(till.cashier.user_id, "4826")
    with pytest.raises(UserError):
        register.returns.complete_web_return(
            services.web_returns.request(till.orders["recent"]["id"], {TEA.sku: 1000}, "exchange")
        )  # not in a return
    register.returns.begin_return()
    request = services.web_returns.request(
        till.orders["recent"]["id"], {TEA.sku: 1000}, "online_payment"
    )
    result = register.returns.complete_web_return(request)
    assert register.stage is Stage.DONE and result.drawer is None
    assert result.sale.total_minor == -29990
    cart = Cart(policy=services.policy)
    cart.add(services.catalog.resolve_scan(str(MILK.barcode)).product, 1)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    services.sales.complete_sale(cart, payment, till.ctx)  # the till sells on as usual


def test_an_order_past_its_override_period_is_taken_off_the_till(till: Till) -> None:
    order = till.orders["late"]
    gone = Change(scope="global", seq=999, collection="web_order", key=order["id"], op="delete")
    apply(till.engine, till.clock.now(), [gone])
    assert till.services.web_returns.find(order["number"]) is None
    assert till.services.web_returns.search("Çağla") == []
    with pytest.raises(UserError) as err:
        till.services.web_returns.request(order["id"], {MILK.sku: 1000}, "store_credit")
    assert err.value.code == "web_return.unknown_order"
