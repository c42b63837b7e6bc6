"""Pay in store at pickup, end to end: a web order not paid online is rung up at the till,
paid in cash and handed over; once synced, the backend shows it paid by that receipt, at
that store and till, and owes nothing back online for the refused item."""

from __future__ import annotations

import httpx

from pos_app.app import build_register, build_services
from pos_app.domain.fulfilment import PickupPayment
from pos_app.domain.roles import Role
from pos_app.services.printing import PrinterDrawer
from tests.sync.conftest import ADMIN_TOKEN, LiveBackend, TerminalFactory

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def admin(backend: LiveBackend, method: str, path: str, **kwargs: object) -> dict[str, object]:
    response = httpx.request(
        method, f"{backend.url}/api/v1{path}", headers=ADMIN, timeout=10.0, **kwargs
    )
    assert response.status_code < 300, response.text
    result: dict[str, object] = response.json()
    return result


def test_a_pay_in_store_order_synced_shows_the_receipt_that_paid_it(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> None:
    for sku in ("E2E-MILK", "E2E-TEA"):
        admin(
            live_backend,
            "POST",
            "/stock/movements",
            json={"store": "S01", "sku": sku, "qty_milli": 10_000, "reason": "receive"},
        )
    order = admin(
        live_backend,
        "POST",
        "/orders",
        json={
            "fulfilment": "pickup",
            "store": "S01",
            "customer": {"name": "Işık Yılmaz", "phone": "0532 111 22 33"},
            "lines": [
                {"sku": "E2E-MILK", "qty_milli": 2000},
                {"sku": "E2E-TEA", "qty_milli": 1000},
            ],
            "paid": False,
        },
    )
    number = str(order["number"])
    terminal = terminal_factory(live_backend)
    terminal.sync_until_idle()
    services = build_services(terminal.settings, terminal.engine)
    try:
        user = services.users.add("Ayşe", Role.CASHIER, "4826")
        register = build_register(services, PrinterDrawer(services.printing), language="tr")
        register.sign_in(user.user_id, "4826")
        register.staff.open_shift(50000)
        order_id = str(order["id"])
        services.pickup.prepare(order_id, user.user_id)
        services.pickup.mark_ready(order_id, user.user_id)
        view = services.pickup.get(order_id)
        assert view is not None and not view.paid
        verified = PickupPayment(
            order_id, number, "code", code=str(order["pickup_code"]), refused={"E2E-TEA": 1000}
        )
        register.pickup.start_pickup_payment(view, verified)
        register.payment.pay_cash(register.sale.payment.cash_due_minor())  # type: ignore[union-attr]
        sale = register.payment.finish().sale
        terminal.sync_until_idle()
    finally:
        services.close()

    stored = admin(live_backend, "GET", f"/orders/{number}")
    assert (stored["state"], stored["paid"], stored["payment_method"]) == (
        "collected",
        True,
        "in_store",
    )
    assert stored["paid_receipt_no"] == sale.receipt_no
    till = terminal.enrolment.terminal_code
    assert (stored["paid_store"], stored["paid_terminal"]) == ("S01", till)
    assert stored["paid_minor"] == sale.total_minor
    assert stored["refunds"] == []  # the refused tea was never charged
    # and the till's replica of the order says paid too
    services = build_services(terminal.settings, terminal.engine)
    try:
        after = services.pickup.get(order_id)
        assert after is not None and after.paid and after.state == "collected"
    finally:
        services.close()
