"""The e-receipt of an endless-aisle sale says what is delivered where, and the receipt of a
pay-in-store pickup names its web order, in both languages; the customer's name and
address stay on paper (the page is reachable by anyone holding the link)."""

from __future__ import annotations

import pytest

from sync.receipt_token import make_token
from sync.server.db import write_tx
from sync.server.terminals import receipt_key
from tests.server.conftest import Backend
from tests.server.test_ereceipt import (
    get,
    insert_order,
    order_document,
    sale_line,
    tender,
    visible_text,
)

ADDRESS = "Bağdat Caddesi No 5 Daire 7"
CUSTOMER = "Zeynep Çelik"


def _seed(backend: Backend, language: str, web_order: dict[str, object]) -> str:
    backend.store("S01", "Kadıköy")
    terminal = backend.enrol("S01", "T01")
    with write_tx(backend.engine) as conn:
        token = make_token(receipt_key(conn), language)
    shelf = sale_line("Çorap", qty_milli=1000, unit_price_minor=5000, vat_rate=20)
    ordered = sale_line("Ayakkabı 42", qty_milli=1000, unit_price_minor=120000, vat_rate=20)
    ordered["remote"] = True
    document = (
        order_document(
            receipt_no="S01-T01-000007",
            token=token,
            language=language,
            lines=[shelf, ordered],
            tenders=[tender("cash", 125000)],
        )
        | web_order
    )
    insert_order(backend, terminal.terminal_id, document)
    return token


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("tr", ["Adrese teslimat", "Ayakkabı 42", "→ Adrese gönderilecek", "kesinleşir"]),
        ("en", ["Home delivery", "→ To be delivered", "not guaranteed until the order syncs"]),
    ],
)
def test_delivery_is_on_the_page_without_name_or_address(
    backend: Backend, language: str, expected: list[str]
) -> None:
    web = {
        "web_order": {
            "fulfilment": "delivery",
            "delivery_address": ADDRESS,
            "customer": {"name": CUSTOMER, "phone": "0532 111 22 33", "email": ""},
            "availability_confirmed": False,
            "lines": [],
        }
    }
    token = _seed(backend, language, web)
    status, page, _ = get(backend, f"/r/{token}")
    assert status == 200
    text = visible_text(page)
    for item in expected:
        assert item in text, item
    for private in (ADDRESS, CUSTOMER, "0532"):
        assert private not in page
    assert text.count("→") == 1  # only the ordered line, not the socks from the shelf


def test_pickup_elsewhere_and_pickup_payment(backend: Backend) -> None:
    web = {
        "web_order": {
            "fulfilment": "pickup",
            "store_code": "S02",
            "store_name": "Beşiktaş",
            "customer": {"name": CUSTOMER, "phone": "0532 111 22 33", "email": ""},
            "availability_confirmed": True,
            "lines": [],
        },
        "pickup_payment": {"order_id": "w-1", "number": "W-000042"},
    }
    token = _seed(backend, "en", web)
    text = visible_text(get(backend, f"/r/{token}")[1])
    assert "Pick up in store S02 Beşiktaş" in text
    assert "→ Pick up at: S02" in text
    assert "We will let you know when your order is ready." in text
    assert "Web order W-000042 collected" in text
