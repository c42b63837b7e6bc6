"""F27 (docs/sync-protocol.md, docs/loyalty.md "Online first, bounded offline"): three tills
lose the backend, then each redeems the same customer's points and spends the same gift card
as far as its offline bounds allow; back online, they sync through a proxy that drops answers.

The backend's ledgers must equal the sum of the facts the tills wrote, the overspend must be
within the documented bound (tills x the per-customer cap in points, tills x the card's
offline limit in money) and be raised as staff tasks, and nothing may be applied twice.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pos_app.app import build_gift_card_desk, build_register
from pos_app.checkout.register import Register
from pos_app.devices.drawer import NoDrawer
from sync.protocol import giftcards
from tests.server.conftest import BACKENDS
from tests.sync.conftest import (
    ADMIN_TOKEN,
    BARCODES,
    CASHIER_PIN,
    BackendFactory,
    LiveBackend,
    LiveTerminal,
    TerminalFactory,
    catalog_items,
)
from tests.sync.proxy import NO_FAULTS, Fault, FaultPlan, FaultProxy

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
TILLS = 3
CUSTOMER_POINTS = 300  # vested: spendable at once
CUSTOMER_CAP = 200  # points one till may redeem for one customer offline (hello)
CARD_BALANCE = 20_000  # 200.00 TRY
CARD_OFFLINE_LIMIT = 15_000  # 150.00 TRY per till while offline
OFFLINE = FaultPlan(drop_request=1.0)
FLAKY = FaultPlan(drop_response=0.3)  # back online, but answers get lost: pushes resend


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, backend_factory: BackendFactory) -> LiveBackend:
    live = backend_factory(
        request.param,
        POS_SERVER_GIFT_CARD_OFFLINE_LIMIT_MINOR=str(CARD_OFFLINE_LIMIT),
        POS_SERVER_LOYALTY_OFFLINE_CUSTOMER_CAP_POINTS=str(CUSTOMER_CAP),
    )
    live.store("S01", "Kadıköy")
    live.products(catalog_items())
    return live


@pytest.fixture
def proxy(backend: LiveBackend) -> Iterator[FaultProxy]:
    with FaultProxy(int(backend.url.rsplit(":", 1)[1]), NO_FAULTS, seed=27) as running:
        yield running


def admin_post(backend: LiveBackend, path: str, body: dict[str, object]) -> dict[str, object]:
    answer = httpx.post(f"{backend.url}/api/v1{path}", json=body, headers=ADMIN, timeout=10)
    assert answer.status_code in (200, 201), answer.text
    data: dict[str, object] = answer.json()
    return data


def register_of(terminal: LiveTerminal) -> Register:
    terminal.open_shift()
    assert terminal.services is not None and terminal.ctx is not None
    register = build_register(terminal.services, NoDrawer())
    register.sign_in(terminal.ctx.cashier_id, CASHIER_PIN)
    if register.staff.shift is None:
        register.staff.open_shift(50_000)
    return register


def offline_sale(terminal: LiveTerminal, customer_id: str, code: str) -> None:
    """A sale for the customer paid with every point and card amount the offline bounds
    allow, the rest in cash."""
    register = register_of(terminal)
    assert terminal.services is not None
    for barcode in BARCODES[2:5]:  # tea, soap, oil: 539.55 TRY
        register.sale.scan(barcode)
    register.sale.cart.customer_id = customer_id
    payment = register.payment.begin_payment()
    points = register.payment.pay_points(CUSTOMER_CAP)
    assert points.approval_code == "", "the backend is unreachable: no reservation"
    card = build_gift_card_desk(terminal.services, register).pay(code, CARD_OFFLINE_LIMIT)
    assert card.approval_code == ""
    register.payment.pay_cash(payment.remaining_minor)
    register.payment.finish()


def till_sum(terminals: list[LiveTerminal], sql: str) -> int:
    return sum(int(t.scalar(sql) or 0) for t in terminals)


def test_three_offline_tills_overspend_within_the_bound_and_nothing_twice(
    backend: LiveBackend, proxy: FaultProxy, terminal_factory: TerminalFactory
) -> None:
    customer = admin_post(backend, "/customers", {"name": "Elif Şahin", "phone": "05321112233"})
    customer_id = str(customer["id"])
    admin_post(backend, f"/customers/{customer_id}/loyalty", {"points": CUSTOMER_POINTS})
    card = admin_post(backend, "/gift-cards", {"amount_minor": CARD_BALANCE, "kind": "gift"})
    code = str(card["code"])
    code_hash = giftcards.code_hash(code)

    tills = [terminal_factory(backend, server_url=proxy.url) for _ in range(TILLS)]
    for till in tills:  # the customer, the card, the rules and hello's bounds are on each
        till.sync_until_idle()
        assert (
            till.scalar("SELECT balance_minor FROM value_card WHERE code_hash = :h", h=code_hash)
            == CARD_BALANCE
        )

    proxy.set_plan(OFFLINE)
    for till in tills:
        offline_sale(till, customer_id, code)

    proxy.set_plan(FLAKY)
    for _ in range(40):  # rounds until every till is drained through the lossy link
        for till in tills:
            try:
                till.client().run_once()
            except Exception:  # a dropped answer fails the round; the next one retries
                continue
        if all(till.pending() == 0 for till in tills):
            break
    assert proxy.count(Fault.DROP_RESPONSE, "/push") >= 1, "no push was answered into the void"
    proxy.set_plan(NO_FAULTS)
    for till in tills:
        till.sync_until_idle()
    assert all(till.pending() == 0 for till in tills)

    # The points ledger equals the initial grant plus every entry the tills' facts carried.
    till_points = till_sum(tills, "SELECT sum(points) FROM loyalty_movement")
    till_entries = till_sum(tills, "SELECT count(*) FROM loyalty_movement")
    assert (
        backend.scalar("SELECT count(*) FROM loyalty_entry WHERE customer_id = :c", c=customer_id)
        == till_entries + 1
    ), "an entry was applied twice or lost"
    assert (
        backend.scalar(
            "SELECT sum(points) FROM loyalty_entry WHERE customer_id = :c", c=customer_id
        )
        == CUSTOMER_POINTS + till_points
    )
    redeemed = -till_sum(tills, "SELECT sum(points) FROM loyalty_movement WHERE reason = 'redeem'")
    assert redeemed == TILLS * CUSTOMER_CAP
    points_over = redeemed - CUSTOMER_POINTS
    assert 0 < points_over <= TILLS * CUSTOMER_CAP

    # The card's ledger equals its issue plus every redemption, once each.
    card_id = backend.scalar("SELECT id FROM value_card WHERE code_hash = :h", h=code_hash)
    assert (
        backend.scalar("SELECT count(*) FROM value_card_entry WHERE card_id = :c", c=card_id)
        == 1 + TILLS
    )
    balance = backend.scalar(
        "SELECT sum(delta_minor) FROM value_card_entry WHERE card_id = :c", c=card_id
    )
    spent = -till_sum(tills, "SELECT sum(delta_minor) FROM value_card_movement")
    assert spent == TILLS * CARD_OFFLINE_LIMIT
    assert balance == CARD_BALANCE - spent
    assert 0 < -balance <= TILLS * CARD_OFFLINE_LIMIT

    # Every order once; the overspends shown to staff, none hidden.
    assert backend.order_count() == TILLS
    tasks = [str(r[0]) for r in backend.rows("SELECT kind FROM staff_task ORDER BY kind")]
    assert "loyalty_overspend" in tasks and "gift_card_overspend" in tasks
    assert (
        backend.scalar(
            "SELECT count(*) FROM loyalty_entry WHERE customer_id = :c AND flagged", c=customer_id
        )
        >= 1
    )
    assert (
        backend.scalar(
            "SELECT count(*) FROM value_card_entry WHERE card_id = :c AND flagged", c=card_id
        )
        >= 1
    )

    # The tills pull the card's true (negative) balance back.
    for till in tills:
        assert (
            till.scalar("SELECT balance_minor FROM value_card WHERE code_hash = :h", h=code_hash)
            == balance
        )
