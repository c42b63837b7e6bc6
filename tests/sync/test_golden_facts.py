"""The facts a till writes, byte for byte: every fact kind of ``sync.protocol.FACT_KINDS``
as today's services build it, its canonical payload JSON and its ``payload_hash`` compared
with a checked-in golden file (``tests/sync/golden/facts.json``).

The wire is a contract with backends already running: a refactoring of how facts are built
or checked must leave these bytes as they are. Ids, receipt tokens and voucher codes come
from counters here (``uuid6.uuid7`` and ``secrets`` patched), times from a fake clock, so a
run writes the same bytes every time.

``customer.upserted`` is written by a sign-up at the till; the payload the web shop and
admin API send (built as the backend's tests send it) is kept as well.

Run with ``POS_GOLDEN_WRITE=1`` to rewrite the golden file (only when the wire changes on
purpose, with a new kind version).
"""

from __future__ import annotations

import itertools
import json
import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, text

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.domain.cart import Discount
from pos_app.domain.fulfilment import FulfilmentKind, RemoteOrder
from pos_app.domain.returns import SoldLine, refund_for
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.customers import SignUp
from pos_app.services.pickup import pickup_search_text
from pos_app.services.sale_document import SaleContext
from pos_app.services.sales import ReturnRequest
from pos_app.services.stock_tasks.drafts import CountDraft, LinesDraft, StockItem
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from sync.protocol import FACT_KINDS, canonical_json, payload_hash
from tests.fakes import SEED, FakeClock, seed_catalog
from tests.replica import apply, change
from tests.web_orders_data import line, seed, web_order

GOLDEN = Path(__file__).parent / "golden" / "facts.json"
MILK, TEA, SOAP, BREAD, APPLE = SEED


@pytest.fixture
def fixed_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """UUIDs, tokens and codes from counters, so every run writes the same facts."""
    import secrets

    import uuid6

    counter = itertools.count(1)
    monkeypatch.setattr(uuid6, "uuid7", lambda: uuid.UUID(int=(7 << 76) | next(counter)))
    words = itertools.count(1)
    monkeypatch.setattr(
        secrets, "token_urlsafe", lambda n=32: f"tok{next(words):05d}".ljust(n + n // 3, "x")
    )
    monkeypatch.setattr(secrets, "token_hex", lambda n=32: f"{next(words):0{2 * n}x}")


def _stock_item(seed_product: Any) -> StockItem:
    return StockItem(
        seed_product.product_id, seed_product.sku, seed_product.name, seed_product.sold_by_weight
    )


def _pickup_order(engine: Engine, clock: FakeClock) -> str:
    """A ready, paid pickup order of S01 in the replica (as the pull writes it)."""
    lines = [
        {
            "product_id": MILK.product_id,
            "sku": MILK.sku,
            "name": MILK.name,
            "qty_milli": 3000,
            "unit_price_minor": 4550,
            "bin": "A-01",
        },
        {
            "product_id": TEA.product_id,
            "sku": TEA.sku,
            "name": TEA.name,
            "qty_milli": 1000,
            "unit_price_minor": 29990,
            "bin": "",
        },
    ]
    now = clock.now()
    with engine.begin() as conn:
        conn.execute(
            insert(table("pickup_order")),
            {
                "id": "pickup-1",
                "number": "W-000101",
                "store_code": "S01",
                "state": "placed",
                "customer_name": "Işık Yılmaz",
                "phone": "0532 111 22 33",
                "pickup_code": "424242",
                "qr_payload": "POSPICKUP:W-000101:424242",
                "paid": True,
                "total_minor": 3 * 4550 + 29990,
                "currency": "TRY",
                "lines_json": json.dumps(lines, ensure_ascii=False),
                "created_at": now - timedelta(hours=2),
                "pickup_by": now + timedelta(days=2),
                "version": 1,
                "synced_at": now - timedelta(minutes=5),
                "search_text": pickup_search_text(
                    "W-000101", "Işık Yılmaz", "0532 111 22 33", "424242"
                ),
            },
        )
    return "pickup-1"


@pytest.fixture
def till(tmp_path: Path, fixed_ids: None) -> Iterator[tuple[Services, FakeClock]]:
    clock = FakeClock()
    # The older SC- vouchers: a store-credit card's code is random by design, so its fact
    # (value_cards) cannot have fixed bytes; tests/integration/test_gift_cards.py checks it.
    settings = load_settings(data_dir=tmp_path / "data", printer="", store_credit_cards=False)
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    now = clock.now()
    apply(
        engine,
        now - timedelta(minutes=5),
        [
            change("store", code, {"code": code, "id": f"store-{code}", "name": name})
            for code, name in (("S01", "Kadıköy"), ("S02", "Beşiktaş"))
        ],
    )
    seed(
        engine,
        now - timedelta(minutes=5),
        [
            web_order(
                201,
                [
                    line(MILK.sku, "Süt 1 L", 3000, 4550),
                    line(APPLE.sku, "Elma", 1250, 4990),
                ],
                returnable_from=now - timedelta(days=3),
            )
        ],
    )
    _pickup_order(engine, clock)
    services = build_services(settings, engine, clock)
    yield services, clock
    services.close()


def _write_facts(services: Services, clock: FakeClock) -> None:
    """One or more facts of every kind, through the services a till runs."""
    users = services.users
    cashier = users.add("Ayşe", Role.CASHIER, "4826")
    supervisor = users.add("Mehmet", Role.SUPERVISOR, "583916")
    manager = users.add("Zeynep", Role.MANAGER, "739164")
    shift = services.shifts.open(cashier.user_id, 50000)
    ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
    products = {p.sku: _product(services, p.sku) for p in SEED}

    # order.completed: discounts on a line and on the cart, weighed goods, cash and card.
    clock.advance(minutes=5)
    cart = services.new_cart()
    milk = cart.add(products[MILK.sku], 3, barcode=MILK.barcode)
    cart.add(products[BREAD.sku], 2)
    cart.add(products[APPLE.sku], Decimal("1.250"))
    cart.apply_line_discount(milk.line_id, Discount.percent(10, "promo"), Role.CASHIER)
    cart.apply_cart_discount(Discount.amount(300, "loyal"), Role.CASHIER)
    due = cart.totals().total_minor
    payment = Payment(due)
    payment.add_card(due - 10000, "APP123")
    payment.add_cash(20000)
    sale = services.sales.complete_sale(cart, payment, ctx)

    # order.refunded: part of it back on the receipt, to the card and in cash.
    clock.advance(minutes=5)
    found = services.sales.find_sale(sale.receipt_no)
    request = ReturnRequest(
        [refund_for(found.lines[0], Decimal(1)), refund_for(found.lines[2], Decimal("1.250"))],
        original=found,
        card_refund_approval="RF42",
    )
    services.sales.complete_return(request, ctx)

    # An exchange: a bread back to store credit of the new sale, the rest paid in cash.
    clock.advance(minutes=5)
    found = services.sales.find_sale(sale.receipt_no)
    request = ReturnRequest([refund_for(found.lines[1], Decimal(1))], original=found)
    cart = services.new_cart()
    cart.add(products[SOAP.sku], 1)
    credit = min(request.refund_minor, cart.totals().total_minor)
    payment = Payment(cart.totals().total_minor)
    payment.add_credit(TenderKind.EXCHANGE_CREDIT, credit, "")
    payment.add_cash(payment.remaining_minor)
    services.sales.complete_exchange(request, cart, payment, ctx)

    # Endless aisle: one item taken now, one delivered (the sale's web_order block).
    clock.advance(minutes=1)
    cart = services.new_cart()
    cart.add(products[BREAD.sku], 1)
    order = RemoteOrder.create(
        FulfilmentKind.DELIVERY,
        customer_name="Çağla Öztürk",
        phone="+90 541 222 33 44",
        own_store="S01",
        address="Moda Cad. 12/3, Kadıköy İstanbul",
        email="cagla@example.com",
    )
    cart.add_remote(products[TEA.sku], 2, order)
    payment = Payment(cart.totals().total_minor)
    payment.add_card(cart.totals().total_minor, "APP777")
    services.sales.complete_sale(cart, payment, ctx)

    # A receiptless return to store credit, approved by a manager.
    clock.advance(minutes=5)
    approval = users.approve(manager.user_id, "739164", "return.receiptless", Role.MANAGER)
    tea = products[TEA.sku]
    request = ReturnRequest(
        [
            refund_for(
                _sold_line(tea.product_id, tea.sku, tea.name, tea.vat_rate, 29990),
                Decimal(1),
            )
        ],
        to_store_credit=True,
        approval=approval,
        reason="no receipt",
    )
    services.sales.complete_return(request, ctx)

    # stock.adjusted, from the stock service and from manager mode.
    clock.advance(minutes=5)
    services.stock.adjust([(BREAD.product_id, Decimal(-2))], "damage", manager.user_id)
    draft = LinesDraft("adjust", reason="correction")
    draft.add(_stock_item(SOAP), 4000)
    draft.add(_stock_item(APPLE), -1500)
    services.stock_tasks.adjust(draft, manager.user_id)

    # stock.received
    clock.advance(minutes=5)
    draft = LinesDraft("receive", reference="  İRS 2026/0042 ")
    draft.add(_stock_item(MILK), 24000)
    draft.add(_stock_item(TEA), 6000)
    services.stock_tasks.receive(draft, manager.user_id)

    # stock.transferred
    clock.advance(minutes=5)
    draft = LinesDraft("transfer", destination="S02")
    draft.add(_stock_item(MILK), 2000)
    draft.add(_stock_item(APPLE), 2500)
    services.stock_tasks.transfer(draft, manager.user_id)

    # stock.counted: two moments, so two facts.
    clock.advance(minutes=5)
    count = CountDraft()
    count.set_shelf("LOC:A-01")
    count.add(_stock_item(MILK), 5000, clock.now())
    count.set_shelf("B-02")
    count.add(_stock_item(MILK), 1000, clock.now())
    later = clock.advance(seconds=40)
    count.add(_stock_item(SOAP), 3000, later)
    services.stock_tasks.post_count(count, manager.user_id)

    # pickup.transition: prepared, ready, and handed over with a refused line.
    clock.advance(minutes=5)
    services.pickup.prepare("pickup-1", cashier.user_id)
    clock.advance(minutes=5)
    services.pickup.mark_ready("pickup-1", cashier.user_id)
    clock.advance(minutes=5)
    services.pickup.hand_over(
        "pickup-1", cashier.user_id, verified_by="code", code="424242", refused={MILK.sku: 1000}
    )

    # web_order.returned: part of a web order back to its online payment.
    clock.advance(minutes=5)
    request = services.web_returns.request("web-201", {MILK.sku: 2000}, "online_payment")
    services.sales.complete_return(request, ctx)

    # shift.closed, with a variance a supervisor approved.
    clock.advance(minutes=5)
    expected = services.shifts.expected_cash(shift.shift_id)
    approval = users.approve(supervisor.user_id, "583916", "shift.close_variance", Role.SUPERVISOR)
    with pytest.raises(UserError):  # a count this far off is refused once: recount
        services.shifts.close(
            shift.shift_id, expected - 20000, cashier.user_id, cashier_name=cashier.name
        )
    services.shifts.close(
        shift.shift_id,
        expected - 20000,
        cashier.user_id,
        cashier_name=cashier.name,
        approval=approval,
    )

    # customer.upserted and customer.consent_changed: a sign-up at the till, then a
    # messaging consent withdrawn.
    clock.advance(minutes=5)
    signed = services.customers.sign_up(
        SignUp(
            name="  Şükrü Yılmaz ",
            phone="0532 111 22 44",
            email="Sukru@Example.com",
            consents={"kvkk_notice": True, "loyalty_profiling": True, "marketing_sms": False},
        )
    )
    clock.advance(minutes=5)
    services.customers.change_consent(signed.id, "marketing_email", False)


def _product(services: Services, sku: str) -> Any:
    found = services.catalog.by_sku(sku)
    assert found is not None
    return found


def _sold_line(product_id: str, sku: str, name: str, vat_rate: int, paid_minor: int) -> SoldLine:
    return SoldLine(None, product_id, sku, name, vat_rate, Decimal(1), paid_minor)


def _customer_upserted() -> tuple[str, int, str]:
    """A ``customer.upserted`` payload as the backend's tests send it."""
    payload = {
        "id": "00000000-0000-7000-8000-00000000c001",
        "name": "Ayşe Yılmaz",
        "phone": "+90 532 111 22 33",
        "email": "ayse@example.com",
    }
    return "customer.upserted", 1, canonical_json(payload)


def _outbox(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT kind, kind_version, payload_json, payload_hash FROM outbox ORDER BY seq")
        ).all()
    return [
        {
            "kind": r.kind,
            "kind_version": int(r.kind_version),
            "payload": r.payload_json,
            "payload_hash": r.payload_hash,
        }
        for r in rows
    ]


def test_facts_of_every_kind_keep_their_bytes(till: tuple[Services, FakeClock]) -> None:
    services, clock = till
    _write_facts(services, clock)
    facts = _outbox(services.engine)
    kind, version, body = _customer_upserted()
    facts.append(
        {"kind": kind, "kind_version": version, "payload": body, "payload_hash": payload_hash(body)}
    )
    for fact in facts:  # the stored hash is the hash of the stored text
        assert fact["payload_hash"] == payload_hash(fact["payload"])
    assert {f["kind"] for f in facts} == set(FACT_KINDS)
    if os.environ.get("POS_GOLDEN_WRITE") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", "utf-8")
    golden = json.loads(GOLDEN.read_text("utf-8"))
    assert [(f["kind"], f["kind_version"]) for f in facts] == [
        (g["kind"], g["kind_version"]) for g in golden
    ]
    for fact, expected in zip(facts, golden, strict=True):
        assert fact["payload"] == expected["payload"], fact["kind"]
        assert fact["payload_hash"] == expected["payload_hash"], fact["kind"]
