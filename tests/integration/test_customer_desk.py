"""The core's customer desk behind the cashier's customer screens
(``pos_app.ui.cashier.customer_ports.CustomerDesk``), over the real register and replica."""

from __future__ import annotations

from datetime import date

from pos_app.checkout.customer_desk import CustomerDesk
from pos_app.services.bundle import Services
from pos_app.ui.cashier.customer_ports import CustomerDesk as CustomerDeskPort
from sync.protocol import loyalty_qr
from tests.conftest import Staff
from tests.fakes import FakeClock
from tests.integration.test_register import MILK, raises, sell, selling
from tests.integration.test_till_customers import AYSE, outbox, pull_customers


def _fits(desk: CustomerDesk) -> CustomerDeskPort:
    return desk  # mypy checks here that the core fits the screens' port


def test_the_desk_finds_attaches_and_signs_up(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    pull_customers(
        services,
        clock,
        AYSE | {"loyalty_code_hash": loyalty_qr.code_hash(loyalty_qr.new_code())},
    )
    register = selling(services, staff)
    desk = _fits(CustomerDesk(services.customers, register.sale, lambda: date(2098, 6, 1)))
    (found,) = desk.find("0532 111 22 33")
    assert (found.name, found.phone_tail, found.has_email, found.has_loyalty_qr) == (
        "Ayşe Şükran Yılmaz",
        "33",
        True,
        True,
    )
    assert (found.points_balance, found.spendable_points, found.pending_points) == (400, 300, 100)
    assert found.next_vesting == date(2099, 1, 1)
    # Given the loyalty service, the desk shows the payment screen's figures (the same here:
    # this till has no unsynced points entries).
    assert services.loyalty is not None
    counted = CustomerDesk(
        services.customers, register.sale, lambda: date(2098, 6, 1), services.loyalty
    )
    (same,) = counted.find("0532 111 22 33")
    assert (same.points_balance, same.spendable_points, same.pending_points) == (400, 300, 100)
    assert found.consents == {
        "loyalty_profiling": None,
        "marketing_sms": False,
        "marketing_email": None,
        "marketing_call": None,
    }
    assert not hasattr(found, "phone") and not hasattr(found, "email")
    assert desk.current() is None
    register.sale.scan(MILK)
    desk.attach(found.id)
    current = desk.current()
    assert current is not None and current.id == AYSE["id"]
    sold = sell(register).sale
    assert outbox(services, "order.completed")[0]["customer_id"] == AYSE["id"]
    assert sold.receipt_no
    version, text = desk.notice("en") or ("", "")
    assert version == "builtin-1" and "KVKK" in text
    with raises("customer.notice_changed"):
        desk.sign_up("Deniz Ak", "0544 000 00 01", "", "2020-old", {})
    with raises("customer.duplicate") as info:
        desk.sign_up("Ayşe Y", "05321112233", "", version, {})
    assert info.value.params["existing_id"] == AYSE["id"]
    new = desk.sign_up("Deniz Ak", "0544 000 00 01", "", version, {"marketing_sms": True})
    assert new.consents["marketing_sms"] is True and new.short_no == new.id[-8:].upper()
    changed = desk.change_consent(new.id, "marketing_sms", False)
    assert changed.consents["marketing_sms"] is False
    purposes = [(c["purpose"], c["granted"]) for c in outbox(services, "customer.consent_changed")]
    assert purposes == [("kvkk_notice", True), ("marketing_sms", True), ("marketing_sms", False)]
    with raises("customer.unknown"):
        desk.attach("nobody")
    desk.detach()
