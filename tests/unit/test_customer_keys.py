"""Phone numbers in any form, Turkish-aware name folding, and what a customer can spend."""

from __future__ import annotations

from datetime import date

import pytest

from pos_app.domain.receipt_customer import customer_lines, customer_number
from pos_app.errors import UserError
from pos_app.services.customers import CustomerView, phone_key, spendable_points
from pos_app.storage.replica.search_text import customer_search_text
from sync.protocol.customers import normalise_email, normalise_phone
from sync.server import customers as server_customers


@pytest.mark.parametrize(
    "typed",
    [
        "+90 532 123 45 67",
        "+90 (532) 123-45-67",
        "0090 532 123 45 67",
        "0532 123 45 67",
        "05321234567",
        "5321234567",
        " 532.123.45.67 ",
    ],
)
def test_every_form_of_a_turkish_number_is_the_same_key(typed: str) -> None:
    assert normalise_phone(typed) == "5321234567"
    assert phone_key(typed) == "5321234567"


def test_the_backend_uses_the_same_rule() -> None:
    assert server_customers.normalise_phone is normalise_phone
    assert server_customers.normalise_email is normalise_email
    assert normalise_email("  Ayse@Example.COM ") == "ayse@example.com"
    assert normalise_email("   ") is None


@pytest.mark.parametrize("typed", ["", "12 34", "0532 123 45", "0000000000", "532 123 45 678 9"])
def test_what_is_not_a_phone_number_is_named(typed: str) -> None:
    with pytest.raises(UserError) as info:
        phone_key(typed)
    assert info.value.code == "customer.bad_phone"


def test_a_number_abroad_keeps_its_country_code() -> None:
    assert phone_key("+49 30 1234567") == "49301234567"
    with pytest.raises(UserError):
        phone_key("+49 12")


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("Şükrü YILMAZ", "sukru yilmaz"),
        ("İSMAİL Işık", "ismail isik"),
        ("ismail ışık", "ismail isik"),
        ("  Çağla  Öztürk-Güneş ", "cagla ozturk gunes"),
        ("O'Brien, Ayşe (VIP)", "o brien ayse vip"),
        ("Zoë\tÅsa\x1fX", "zoe asa x"),
    ],
)
def test_names_fold_to_plain_words(name: str, folded: str) -> None:
    assert customer_search_text(name) == folded


def test_spendable_points_leave_out_what_vests_later() -> None:
    customer = CustomerView("c1", "A", "", "", 500, {"2026-12-10": 100, "2026-12-20": 150}, {})
    assert spendable_points(customer, date(2026, 12, 9)) == 250
    assert spendable_points(customer, date(2026, 12, 10)) == 350
    assert spendable_points(customer, date(2026, 12, 31)) == 500
    overspent = CustomerView("c2", "B", "", "", -30, {"2026-12-20": 50}, {})
    assert spendable_points(overspent, date(2026, 12, 9)) == 0


def test_the_receipt_shows_only_the_short_number() -> None:
    customer_id = "01939a2b-7c4d-7e8f-9a0b-1c2d3e4f5a6b"
    assert customer_number(customer_id) == "3E4F5A6B"
    tr = customer_lines({"customer_id": customer_id}, "tr", 32)
    en = customer_lines({"customer_id": customer_id}, "en", 42)
    assert tr == ["Müşteri no:" + " " * 13 + "3E4F5A6B"]
    assert en[0].startswith("Customer no:") and en[0].endswith("3E4F5A6B")
    assert customer_lines({"customer_id": None}, "tr", 32) == []
