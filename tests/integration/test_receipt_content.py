"""What receipts and shift reports say, from real stored print jobs: a refund names the receipt
it takes back (or says there was none), English prints VAT rates and counts the English way,
and the Z report carries its running number and says short or over in words."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pos_app.domain.cart import Cart
from pos_app.domain.receipt import StoreInfo, as_text, layout, report_layout
from pos_app.domain.returns import ReturnLine, refund_for
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment, TenderKind
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.services.sales import ReturnRequest
from pos_app.storage.tables import table
from tests.conftest import Staff
from tests.emulator import Emulator
from tests.integration.test_printing_emulator import open_store

STORE = StoreInfo("Örnek Market", "Şişli İstanbul", "1234567890")
WIDTH = 48


def job_document(services: Services, sale_id: str) -> dict[str, Any]:
    job = table("print_job")
    with services.engine.connect() as conn:
        raw = conn.execute(select(job.c.document_json).where(job.c.sale_id == sale_id)).scalar_one()
    document: dict[str, Any] = json.loads(raw)
    return document


def fact_payload(services: Services, kind: str) -> dict[str, Any]:
    outbox = table("outbox")
    with services.engine.connect() as conn:
        raw = conn.execute(
            select(outbox.c.payload_json).where(outbox.c.kind == kind).order_by(outbox.c.seq)
        ).scalars()
        payload: dict[str, Any] = json.loads(list(raw)[-1])
    return payload


def slip(document: dict[str, Any], language: str) -> str:
    blocks = layout(
        document | {"language": language}, width=WIDTH, store=STORE, timezone="Europe/Istanbul"
    )
    return as_text(blocks, WIDTH)


def sell(services: Services, ctx: SaleContext, *skus: str) -> CompletedSale:
    cart = Cart(policy=services.policy)
    for sku in skus:
        product = services.catalog.by_sku(sku)
        assert product is not None, sku
        cart.add(product)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    return services.sales.complete_sale(cart, payment, ctx)


# -- item 14: a refund names the original receipt -------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("tr", "Orijinal fiş: S01-T01-000001"), ("en", "Original receipt: S01-T01-000001")],
)
def test_a_refund_slip_names_the_original_receipt(
    services: Services, ctx: SaleContext, language: str, expected: str
) -> None:
    sale = sell(services, ctx, "MILK1L", "SOAP")
    found = services.sales.find_sale(sale.receipt_no)
    refund = services.sales.complete_return(
        ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found),
        replace(ctx, language=language),
    )
    document = job_document(services, refund.sale_id)
    assert document["original_receipt_no"] == sale.receipt_no == "S01-T01-000001"
    # the fact carries it too: the e-receipt page is built from the pushed fact
    assert fact_payload(services, "order.refunded")["original_receipt_no"] == sale.receipt_no
    text = slip(document, language)
    lines = text.splitlines()
    assert expected in lines
    # right under the refund's own number and cashier, above the returned items
    name = found.lines[0].name
    assert lines.index(expected) < next(i for i, line in enumerate(lines) if name in line)
    # a sale's receipt names no original
    sale_text = slip(job_document(services, sale.sale_id), language)
    assert "Orijinal" not in sale_text and "Original" not in sale_text
    assert "Fişsiz" not in sale_text and "without a receipt" not in sale_text


@pytest.mark.parametrize(
    ("language", "expected"), [("tr", "Fişsiz iade"), ("en", "Return without a receipt")]
)
def test_a_receiptless_refund_slip_says_so(
    services: Services, ctx: SaleContext, language: str, expected: str
) -> None:
    soap = services.catalog.by_sku("SOAP")
    assert soap is not None
    line = ReturnLine(None, soap.product_id, soap.sku, soap.name, soap.vat_rate, Decimal(1), 8990)
    approval = services.users.approve("Mehmet", "583916", "return.receiptless", Role.SUPERVISOR)
    refund = services.sales.complete_return(
        ReturnRequest([line], approval=approval), replace(ctx, language=language)
    )
    document = job_document(services, refund.sale_id)
    assert "original_receipt_no" in document and document["original_receipt_no"] is None
    assert expected in slip(document, language).splitlines()


def test_an_exchange_slip_names_the_original_receipt(services: Services, ctx: SaleContext) -> None:
    sale = sell(services, ctx, "SOAP")
    found = services.sales.find_sale(sale.receipt_no)
    request = ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found)
    cart = Cart(policy=services.policy)
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    cart.add(tea)
    payment = Payment(cart.totals().total_minor)
    payment.add_credit(TenderKind.EXCHANGE_CREDIT, request.refund_minor, "exchange")
    payment.add_cash(payment.remaining_minor)
    returned, _sold = services.sales.complete_exchange(request, cart, payment, ctx)
    text = slip(job_document(services, returned.sale_id), "tr")
    assert "DEĞİŞİM FİŞİ" in text
    assert f"Orijinal fiş: {sale.receipt_no}" in text.splitlines()


def test_a_reprinted_older_refund_slip_says_nothing_it_does_not_know(
    services: Services, ctx: SaleContext
) -> None:
    """A print job stored before refunds named their receipt: no guess, no "no receipt"."""
    sale = sell(services, ctx, "SOAP")
    found = services.sales.find_sale(sale.receipt_no)
    refund = services.sales.complete_return(
        ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found), ctx
    )
    older = job_document(services, refund.sale_id)
    del older["original_receipt_no"]
    text = slip(older, "tr")
    assert "Orijinal fiş" not in text and "Fişsiz" not in text


# -- item 22: English receipts in English ---------------------------------------------------------


def test_vat_rates_print_the_way_each_language_writes_them(
    services: Services, ctx: SaleContext
) -> None:
    sale = sell(services, ctx, "MILK1L", "SOAP")  # 1 % and 20 %
    document = job_document(services, sale.sale_id)
    english, turkish = slip(document, "en"), slip(document, "tr")
    assert "%1" not in english and "%20" not in english
    assert any(line.endswith(" 20%") for line in english.splitlines())
    assert any(line.startswith("1% ") for line in english.splitlines())  # the VAT table
    assert any(line.endswith(" %20") for line in turkish.splitlines())
    assert any(line.startswith("%1 ") for line in turkish.splitlines())
    assert "₺" not in english + turkish and "TL" in english  # paper: no code page has ₺


# -- item 16: the Z report -------------------------------------------------------------------------


def z_report(services: Services) -> dict[str, Any]:
    job = table("print_job")
    with services.engine.connect() as conn:
        raws = conn.execute(
            select(job.c.document_json).where(job.c.sale_id.is_(None)).order_by(job.c.id)
        ).scalars()
        documents = [json.loads(raw) for raw in raws]
    reports = [d for d in documents if d.get("kind") == "z_report"]
    assert reports
    report: dict[str, Any] = reports[-1]
    return report


def report_text(report: dict[str, Any], language: str) -> str:
    blocks = report_layout(
        report | {"language": language}, width=WIDTH, store=STORE, timezone="Europe/Istanbul"
    )
    return as_text(blocks, WIDTH)


def close_balanced(services: Services, staff: Staff) -> None:
    """Open and close a shift with nothing sold: the Z numbers go on."""
    shift = services.shifts.open(staff.cashier.user_id, 10000)
    services.shifts.close(shift.shift_id, 10000, staff.cashier.user_id)


def test_the_z_report_numbers_itself_and_says_short_in_words(
    services: Services, ctx: SaleContext, staff: Staff
) -> None:
    tea = services.catalog.by_sku("TEA1KG")
    assert tea is not None
    cart = Cart(policy=services.policy)
    cart.add(tea, 24)  # 24 x 299.90 cash
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    services.sales.complete_sale(cart, payment, ctx)
    expected = services.shifts.expected_cash(ctx.shift_id)
    assert expected == 50000 + 24 * 29990
    counted = expected - 697126  # the shortage: 6,971.26
    with pytest.raises(UserError) as recount:
        services.shifts.close(ctx.shift_id, counted, staff.cashier.user_id)
    assert recount.value.code == "shift.recount"
    approval = services.users.approve("Mehmet", "583916", "shift.close_variance", Role.SUPERVISOR)
    closed = services.shifts.close(
        ctx.shift_id, counted, staff.cashier.user_id, language="tr", approval=approval
    )
    assert (closed.z_no, closed.over_short_minor, closed.approved_by) == (1, -697126, "Mehmet")
    report = z_report(services)
    assert (report["z_no"], report["approved_by"]) == (1, "Mehmet")

    turkish = report_text(report, "tr").splitlines()
    assert "Z No: 0001" in [line.strip() for line in turkish]
    assert any(line.startswith("SATIŞLAR (1 adet)") for line in turkish)
    assert any(line.startswith("İADELER (0 adet)") for line in turkish)
    (short,) = [line for line in turkish if line.startswith("EKSİK")]
    assert short.endswith(" 6.971,26 TL") and "-" not in short
    assert any(line.startswith("  Onaylayan") and line.endswith("Mehmet") for line in turkish)

    english = report_text(report, "en").splitlines()
    assert "Z No: 0001" in [line.strip() for line in english]
    assert any(line.startswith("SALES (1) ") for line in english)
    assert any(line.startswith("REFUNDS (0) ") for line in english)
    assert not any("count)" in line for line in english)
    (short,) = [line for line in english if line.startswith("SHORT")]
    assert short.endswith(" 6,971.26 TL") and "-" not in short
    assert any(line.startswith("  Approved by") for line in english)

    # the numbers run on, one per close; over and balanced in words too
    close_balanced(services, staff)
    balanced = report_text(z_report(services), "en").splitlines()
    assert "Z No: 0002" in [line.strip() for line in balanced]
    assert any(line.startswith("OVER / SHORT") and line.endswith(" 0.00 TL") for line in balanced)
    assert not any("Approved by" in line for line in balanced)
    shift = services.shifts.open(staff.cashier.user_id, 10000)
    services.shifts.close(shift.shift_id, 10300, staff.cashier.user_id)
    over = report_text(z_report(services), "tr").splitlines()
    assert "Z No: 0003" in [line.strip() for line in over]
    assert any(line.startswith("FAZLA ") and line.endswith(" 3,00 TL") for line in over)


def test_an_x_report_has_no_z_number(services: Services, ctx: SaleContext) -> None:
    job_id = services.shifts.print_x_report(ctx.shift_id, language="en", cashier_name="Ayşe")
    text = services.printing.preview(job_id)
    assert "X REPORT" in text and "Z No" not in text and "SALES (0)" in text


# -- on a real printer (the emupos emulator) -----------------------------------------------------


def test_the_refund_slip_and_z_report_print_their_new_lines(
    tmp_path: Path, emulator: Emulator
) -> None:
    store = open_store(tmp_path / "data", f"{emulator.tcp_uri}?timeout=2")
    try:
        sale = store.sell()
        found = store.services.sales.find_sale(sale.receipt_no)
        store.services.sales.complete_return(
            ReturnRequest([refund_for(found.lines[0], Decimal(1))], original=found), store.ctx
        )
        counted = store.services.shifts.expected_cash(store.ctx.shift_id) - 500
        store.services.shifts.close(
            store.ctx.shift_id, counted, store.ctx.cashier_id, language="en"
        )
        _receipt, refund, z = emulator.wait_for_receipts(3)
        assert "İADE FİŞİ" in refund and f"Orijinal fiş: {sale.receipt_no}" in refund
        assert "Z No: 0001" in z and "REFUNDS (1)" in z
        (short,) = [line for line in z.splitlines() if line.startswith("SHORT")]
        assert short.split()[-2:] == ["5.00", "TL"]
    finally:
        store.services.close()
