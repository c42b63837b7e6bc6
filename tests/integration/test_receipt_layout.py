"""The receipt layout from a real sale's stored print job, at every paper width."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from pos_app.domain.cart import Discount
from pos_app.domain.receipt import (
    WIDTHS,
    Barcode,
    QrCode,
    StoreInfo,
    Text,
    as_text,
    layout,
    money_text,
)
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.storage.tables import table

STORE = StoreInfo("Örnek Market Şişli", "Halaskargazi Cad. No: 1, Şişli İstanbul", "1234567890")


def stored_document(services: Services, sale_id: str) -> dict[str, object]:
    job = table("print_job")
    with services.engine.connect() as conn:
        raw = conn.execute(select(job.c.document_json).where(job.c.sale_id == sale_id)).scalar_one()
    document: dict[str, object] = json.loads(raw)
    return document


@pytest.fixture
def document(services: Services, ctx: SaleContext) -> dict[str, object]:
    cart = services.new_cart()
    milk = services.catalog.resolve_scan("MILK1L").product
    tea = services.catalog.resolve_scan("TEA1KG").product
    apple = services.catalog.by_sku("APPLE")
    assert apple is not None
    cart.add(milk, 2)
    line = cart.add(tea)
    cart.apply_line_discount(line.line_id, Discount.percent(5), Role.CASHIER)
    cart.add(apple, Decimal("1.255"))
    payment = Payment(cart.totals().total_minor)
    payment.add_card(10000, "A1B2C3")
    payment.add_cash(payment.remaining_minor + 1000)
    sale = services.sales.complete_sale(cart, payment, ctx)
    return stored_document(services, sale.sale_id)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_fits_the_paper(document: dict[str, object], width: int) -> None:
    blocks = layout(
        document,
        width=width,
        store=STORE,
        timezone="Europe/Istanbul",
        ereceipt_base_url="https://r.example",
    )
    text = as_text(blocks, width)
    assert all(len(line) <= width for line in text.splitlines()), text
    assert "₺" not in text and "TL" in text
    # double-width lines (store name, total) take two columns a letter
    assert all(len(b.text) <= width // 2 for b in blocks if isinstance(b, Text) and b.large)
    assert "Örnek Market" in text and "Şişli" in text
    assert "Siyah Çay 1 kg" in text
    assert "1,255 kg" in text  # Turkish decimal comma for the weighed apples
    assert "Onay: A1B2C3" in text and "PARA ÜSTÜ" in text
    receipt_no = str(document["receipt_no"])
    assert Barcode(receipt_no) in blocks
    assert QrCode(f"https://r.example/r/{document['receipt_token']}") in blocks
    total_line = next(line for line in text.splitlines() if line.startswith("TOPLAM"))
    assert total_line.endswith(money_text(int(str(document["total_minor"])), "tr"))


def test_receipt_language_follows_the_sale(document: dict[str, object]) -> None:
    english = layout(
        {**document, "language": "en", "copy": True}, width=42, store=STORE, timezone="UTC"
    )
    text = as_text(english, 42)
    assert "*** COPY ***" in text and "CHANGE" in text and "TOTAL" in text
    assert not any(isinstance(block, QrCode) for block in english)  # no base URL, no QR


def test_money_on_paper() -> None:
    assert money_text(123456, "tr") == "1.234,56 TL"
    assert money_text(-5, "en") == "-0.05 TL"
    with pytest.raises(ValueError, match="width"):
        layout({}, width=40, store=STORE, timezone="UTC")
