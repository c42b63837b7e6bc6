"""Customers at the till: found offline by loyalty QR, phone or name; signed up with the KVKK
notice and separate consents (facts in the outbox); attached to a sale (its row, fact and
receipt); a return inherits them; erasure pulled from the backend leaves no trace in the
SQLite file, and a synced endless-aisle sale drops its delivery contact."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pos_app.domain.fulfilment import RemoteOrder
from pos_app.domain.receipt import StoreInfo, as_text, layout
from pos_app.services.bundle import Services
from pos_app.services.customers import SignUp
from pos_app.storage.replica.store import SyncStore
from sync.protocol import Change, MutationResult, PushResponse, loyalty_qr
from tests.conftest import Staff
from tests.fakes import FakeClock
from tests.integration.test_register import MILK, SOAP, raises, sell, selling
from tests.replica import apply, change

AYSE: dict[str, Any] = {
    "id": "01939a2b-7c4d-7e8f-9a0b-00000000a001",
    "name": "Ayşe Şükran Yılmaz",
    "phone": "+90 532 111 22 33",
    "email": "ayse.yilmaz@example.com",
    "loyalty_points": 400,
    "pending_points": {"2099-01-01": 100},
    "consents": {"kvkk_notice": True, "marketing_sms": False},
}
QR_CODE = loyalty_qr.new_code()


def pull_customers(services: Services, clock: FakeClock, *items: dict[str, Any]) -> None:
    apply(
        services.engine,
        clock.now(),
        [change("customer", item["id"], item, scope="customers") for item in items],
    )


def pull_delete(services: Services, clock: FakeClock, collection: str, key: str) -> None:
    deleted = Change(
        scope="customers", seq=10_000, collection=collection, key=key, op="delete", data=None
    )
    SyncStore(services.engine, clock).apply_changes([deleted], "cursor-2")


def outbox(services: Services, kind: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
        ).all()
    return [json.loads(r[0]) for r in rows]


def scalar(services: Services, sql: str, **params: Any) -> Any:
    with services.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


FORM = SignUp(
    name="Çağrı İnce",
    phone="0 (544) 987 65 43",
    email="Cagri@Example.com",
    consents={"kvkk_notice": True, "loyalty_profiling": False, "marketing_email": True},
)


# -- finding ---------------------------------------------------------------------------------


def test_a_pulled_customer_is_found_by_qr_phone_and_name(
    services: Services, clock: FakeClock
) -> None:
    pull_customers(
        services,
        clock,
        AYSE | {"loyalty_code_hash": loyalty_qr.code_hash(QR_CODE)},
        {"id": "c-2", "name": "SUNA YILDIZ", "phone": "0555 000 11 22"},
        {"id": "c-3", "name": "Şule Işık", "email": "sule@example.com"},
    )
    customers = services.customers
    by_qr = customers.find_by_scan(loyalty_qr.qr_text(QR_CODE))
    assert by_qr is not None and by_qr.id == AYSE["id"]
    assert (by_qr.loyalty_points, by_qr.pending_points) == (400, {"2099-01-01": 100})
    assert by_qr.consents == {"kvkk_notice": True, "marketing_sms": False}
    for typed in ("+90 532 111 22 33", "0532 111 2233", "5321112233"):
        found = customers.find_by_phone(typed)
        assert found is not None and found.id == AYSE["id"], typed
    assert customers.find_by_phone("0532 999 99 99") is None
    assert [c.id for c in customers.search_name("ayse yil")] == [AYSE["id"]]
    assert [c.id for c in customers.search_name("ŞÜKRAN")] == [AYSE["id"]]
    # Şükran, Şule, Suna: by folded name
    assert [c.id for c in customers.search_name("su")] == [AYSE["id"], "c-3", "c-2"]
    assert [c.id for c in customers.search_name("isik sul")] == ["c-3"]
    assert [c.id for c in customers.search_name("y", limit=1)] == [AYSE["id"]]
    assert customers.search_name("  -- ") == []
    assert [c.id for c in customers.find("0532 111 22 33")] == [AYSE["id"]]
    assert [c.id for c in customers.find(loyalty_qr.qr_text(QR_CODE))] == [AYSE["id"]]
    assert [c.id for c in customers.find("yıldız")] == ["c-2"]
    # Renamed on the backend: the old name's words no longer find her.
    pull_customers(services, clock, {"id": "c-2", "name": "Suna Kaya"})
    assert customers.search_name("yildiz") == []
    assert [c.id for c in customers.search_name("kaya")] == ["c-2"]


def test_a_garbled_qr_is_named_and_an_unknown_one_finds_no_one(services: Services) -> None:
    with raises("customer.bad_qr") as info:
        services.customers.find_by_scan("LOY1:" + QR_CODE[:-1])
    assert "loyalty QR" in info.value.message
    assert services.customers.find_by_scan(loyalty_qr.qr_text(loyalty_qr.new_code())) is None


def test_a_merged_customer_resolves_to_the_survivor(services: Services, clock: FakeClock) -> None:
    pull_customers(
        services,
        clock,
        AYSE,
        {"id": "c-old", "name": "Ayşe Y.", "phone": "0532 111 22 33", "merged_into": AYSE["id"]},
    )
    found = services.customers.get("c-old")
    assert found is not None and found.id == AYSE["id"]
    by_phone = services.customers.find_by_phone("05321112233")
    assert by_phone is not None and by_phone.id == AYSE["id"]
    assert [c.id for c in services.customers.search_name("ayse")] == [AYSE["id"]]


# -- sign-up and consents --------------------------------------------------------------------


def test_sign_up_writes_the_customer_and_its_facts_at_once(
    services: Services, clock: FakeClock
) -> None:
    notice = services.customers.legal_text("kvkk_notice", "tr")
    assert notice.version == "builtin-1" and "ŞABLON" in notice.text
    assert "TEMPLATE" in services.customers.legal_text("kvkk_notice", "en").text
    signed = services.customers.sign_up(FORM)
    assert (signed.name, signed.email) == ("Çağrı İnce", "cagri@example.com")
    found = services.customers.find_by_phone("+90 544 987 65 43")
    assert found is not None and found.id == signed.id
    assert [c.id for c in services.customers.search_name("cagri ince")] == [signed.id]
    assert outbox(services, "customer.upserted") == [
        {
            "id": signed.id,
            "name": "Çağrı İnce",
            "phone": "0 (544) 987 65 43",
            "email": "cagri@example.com",
        }
    ]
    consents = outbox(services, "customer.consent_changed")
    assert [(c["purpose"], c["granted"]) for c in consents] == [
        ("kvkk_notice", True),
        ("loyalty_profiling", False),
        ("marketing_email", True),
    ]
    assert {(c["channel"], c["terminal_code"], c["text_version"]) for c in consents} == {
        ("store", "T01", "builtin-1")
    }
    assert all(c["customer_id"] == signed.id for c in consents)


def test_sign_up_uses_the_pulled_legal_text_version(services: Services, clock: FakeClock) -> None:
    apply(
        services.engine,
        clock.now(),
        [
            change(
                "legal_text",
                "kvkk_notice",
                {"purpose": "kvkk_notice", "version": "2026-11", "texts": {"tr": "Metin"}},
            )
        ],
    )
    notice = services.customers.legal_text("kvkk_notice", "en")
    assert (notice.version, notice.text) == ("2026-11", "Metin")  # Turkish when no English
    services.customers.sign_up(FORM)
    versions = {
        c["purpose"]: c["text_version"] for c in outbox(services, "customer.consent_changed")
    }
    assert versions == {
        "kvkk_notice": "2026-11",
        "loyalty_profiling": "builtin-1",
        "marketing_email": "builtin-1",
    }


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"name": "  "}, "customer.name_required"),
        ({"name": "x" * 201}, "customer.name_too_long"),
        ({"phone": "", "email": ""}, "customer.contact_required"),
        ({"phone": "0532 12"}, "customer.bad_phone"),
        ({"email": "cagri@"}, "customer.bad_email"),
        ({"consents": {"loyalty_profiling": True}}, "customer.notice_required"),
        ({"consents": {"kvkk_notice": False}}, "customer.notice_required"),
        ({"consents": {"kvkk_notice": True, "newsletter": True}}, "customer.unknown_consent"),
    ],
)
def test_a_bad_sign_up_is_refused_and_writes_nothing(
    services: Services, changes: dict[str, Any], code: str
) -> None:
    form = replace(FORM, **changes)
    with raises(code):
        services.customers.sign_up(form)
    assert scalar(services, "SELECT count(*) FROM customer") == 0
    assert scalar(services, "SELECT count(*) FROM outbox") == 0


def test_a_known_phone_or_email_offers_the_existing_customer(
    services: Services, clock: FakeClock
) -> None:
    pull_customers(services, clock, AYSE)
    all_changes: list[dict[str, Any]] = [
        {"phone": "0532 111 22 33"},
        {"phone": "", "email": "AYSE.yilmaz@example.com"},
    ]
    for changes in all_changes:
        with raises("customer.duplicate") as info:
            services.customers.sign_up(replace(FORM, **changes))
        assert info.value.params["customer_id"] == AYSE["id"]
    assert scalar(services, "SELECT count(*) FROM outbox") == 0


def test_a_consent_changed_later_is_a_fact_and_the_replica_knows(
    services: Services, clock: FakeClock
) -> None:
    pull_customers(services, clock, AYSE)
    changed = services.customers.change_consent(AYSE["id"], "marketing_sms", True)
    assert changed.consents == {"kvkk_notice": True, "marketing_sms": True}
    again = services.customers.get(AYSE["id"])
    assert again is not None and again.consents["marketing_sms"] is True
    (fact,) = outbox(services, "customer.consent_changed")
    assert (fact["purpose"], fact["granted"], fact["customer_id"]) == (
        "marketing_sms",
        True,
        AYSE["id"],
    )
    with raises("customer.notice_not_a_consent"):
        services.customers.change_consent(AYSE["id"], "kvkk_notice", False)
    with raises("customer.unknown"):
        services.customers.change_consent("nobody", "marketing_sms", True)
    with raises("customer.unknown_consent"):
        services.customers.change_consent(AYSE["id"], "spam", True)


# -- on the sale -----------------------------------------------------------------------------


def test_the_sale_its_fact_receipt_and_return_carry_the_customer(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    pull_customers(services, clock, AYSE)
    register = selling(services, staff)
    register.sale.scan(MILK)
    register.sale.attach_customer(AYSE["id"])
    saved = services.drafts.load_current()
    assert saved is not None and saved[0].customer_id == AYSE["id"]
    register.sale.detach_customer()
    assert register.sale.cart.customer_id is None
    register.sale.attach_customer(AYSE["id"])
    sold = sell(register, SOAP).sale
    assert (
        scalar(services, "SELECT customer_id FROM sale WHERE id = :i", i=sold.sale_id)
        == (AYSE["id"])
    )
    (fact,) = outbox(services, "order.completed")
    assert fact["customer_id"] == AYSE["id"]
    document = json.loads(
        scalar(services, "SELECT document_json FROM print_job WHERE sale_id = :i", i=sold.sale_id)
    )
    receipt = as_text(
        layout(document, width=42, store=StoreInfo("Mağaza", "", ""), timezone="Europe/Istanbul"),
        42,
    )
    assert "Müşteri no:" in receipt and "0000A001" in receipt
    for private in ("Yılmaz", "Şükran", "532", "example.com"):
        assert private not in receipt
    # The next sale is nobody's until a customer is attached again.
    assert register.sale.cart.customer_id is None
    register.returns.begin_return()
    register.returns.load_receipt(sold.receipt_no)
    register.returns.return_scan(SOAP)
    refund = register.returns.complete_return().sale
    assert (
        scalar(services, "SELECT customer_id FROM sale WHERE id = :i", i=refund.sale_id)
        == (AYSE["id"])
    )
    (refunded,) = outbox(services, "order.refunded")
    assert refunded["customer_id"] == AYSE["id"]


def test_an_anonymous_sale_has_no_customer_in_its_fact(services: Services, staff: Staff) -> None:
    sell(selling(services, staff), MILK)
    (fact,) = outbox(services, "order.completed")
    assert "customer_id" not in fact


# -- erasure ---------------------------------------------------------------------------------


def _file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def _ack_all(services: Services, clock: FakeClock) -> None:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT terminal_epoch, seq, mutation_id FROM outbox WHERE acked_at IS NULL")
        ).all()
    epoch = str(rows[0][0])
    response = PushResponse(
        last_processed_seq=max(int(r[1]) for r in rows),
        results=[
            MutationResult(seq=int(r[1]), mutation_id=str(r[2]), status="applied") for r in rows
        ],
    )
    SyncStore(services.engine, clock).record_push(epoch, response)


def test_erasure_leaves_no_name_phone_or_email_in_the_file(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    name, phone, email = "Gülümser Öztoprak", "0533 444 55 66", "gulumser@ornek.com.tr"
    address = "Bağdat Cad. 1453/7 Suadiye"
    signed = services.customers.sign_up(
        SignUp(name=name, phone=phone, email=email, consents={"kvkk_notice": True})
    )
    register = selling(services, staff)
    register.sale.attach_customer(signed.id)
    register.sale.scan(MILK)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    order = RemoteOrder.create(
        "delivery",
        customer_name=name,
        phone=phone,
        email=email,
        address=address,
        own_store="S01",
    )
    register.sale.add_remote(tea, Decimal(1), order)
    register.sale.park()  # a parked copy of the cart; then a sale to the same person
    register.sale.attach_customer(signed.id)
    register.sale.add_remote(tea, Decimal(1), order)
    sold = sell(register, SOAP).sale
    assert sold.receipt_no
    # A draft in progress with the same contact.
    register.sale.scan(MILK)
    register.sale.attach_customer(signed.id)
    path = Path(str(services.engine.url.database))
    services.engine.dispose()
    assert name.encode() in _file_bytes(path)  # the test can see it before
    _ack_all(services, clock)
    pull_delete(services, clock, "customer", signed.id)
    services.engine.dispose()
    content = _file_bytes(path)
    for private in (name, phone, email, address, "gulumser", "oztoprak", "5334445566"):
        assert private.encode() not in content, private
    assert scalar(services, "SELECT count(*) FROM customer") == 0
    assert scalar(services, "SELECT count(*) FROM customer_word") == 0
    # The sale keeps the opaque id; the parked cart and the draft lost the person.
    assert scalar(services, "SELECT count(*) FROM sale WHERE customer_id = :i", i=signed.id) == 1
    parked_cart = json.loads(scalar(services, "SELECT cart_json FROM parked_sale"))
    assert parked_cart["customer_id"] is None
    assert parked_cart["remote_order"]["phone"] == ""


def test_a_synced_endless_aisle_sale_drops_its_delivery_contact(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    register = selling(services, staff)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    address = "Moda Cad. 12/3 Kadıköy"
    order = RemoteOrder.create(
        "delivery",
        customer_name="Nazlı Er",
        phone="0532 777 88 99",
        address=address,
        own_store="S01",
    )
    register.sale.add_remote(tea, Decimal(1), order)
    sold = sell(register).sale
    (fact,) = outbox(services, "order.completed")
    assert fact["web_order"]["delivery_address"] == address  # until the backend has it
    before = scalar(services, "SELECT payload_hash FROM outbox WHERE kind = 'order.completed'")
    _ack_all(services, clock)
    (fact,) = outbox(services, "order.completed")
    assert fact["web_order"]["customer"] == {"name": "", "phone": "", "email": ""}
    assert fact["web_order"]["delivery_address"] == ""
    assert fact["order_id"] == sold.sale_id and fact["lines"]
    after = scalar(services, "SELECT payload_hash FROM outbox WHERE kind = 'order.completed'")
    assert after == before  # the hash records what was sent
    document = scalar(
        services, "SELECT document_json FROM print_job WHERE sale_id = :i", i=sold.sale_id
    )
    assert "Nazlı" not in document and "Moda" not in document
    path = Path(str(services.engine.url.database))
    with services.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    services.engine.dispose()
    content = _file_bytes(path)
    for private in ("Nazlı Er", "5327778899", "0532 777 88 99", address):
        assert private.encode() not in content, private


def test_an_unacknowledged_sale_keeps_its_bytes_until_acknowledged(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    pull_customers(services, clock, AYSE)
    register = selling(services, staff)
    register.sale.attach_customer(AYSE["id"])
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    address = "Caferağa Mah. 5 Kadıköy"
    order = RemoteOrder.create(
        "delivery",
        customer_name=AYSE["name"],
        phone=AYSE["phone"],
        address=address,
        own_store="S01",
    )
    register.sale.add_remote(tea, Decimal(1), order)
    sold = sell(register).sale
    query = "SELECT payload_json || payload_hash FROM outbox WHERE kind = 'order.completed'"
    before = scalar(services, query)
    pull_delete(services, clock, "customer", AYSE["id"])
    assert scalar(services, query) == before  # what a re-push is checked against
    job = "SELECT document_json FROM print_job WHERE sale_id = :i"
    assert address not in scalar(services, job, i=sold.sale_id)  # the receipt job is scrubbed
    _ack_all(services, clock)
    (fact,) = outbox(services, "order.completed")
    assert fact["web_order"]["delivery_address"] == "" and fact["customer_id"] == AYSE["id"]
