"""No printed line is wider than the paper (issue 14, item 2).

The encoder's real bytes are read back by a small ESC/POS interpreter (tests/escpos_reader.py)
and every printed line is measured in columns, a double-width character counting two: for
every product of the demo catalog (Turkish and English names), totals up to 9.999.999,99 TL,
refunds, X and Z reports and the test page, at 32, 42 and 48 columns, in text and image mode.
Then a long-name receipt goes to the emupos emulator at 58 mm (32 columns) and 80 mm (48):
its text dump has exactly the laid-out lines, none wrapped by the printer.
"""

from __future__ import annotations

import copy
import csv
import json
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.demo.data import DEMO_CATALOG
from pos_app.devices import raster
from pos_app.devices.escpos_encoder import ReceiptEncoder
from pos_app.devices.raster import encode_image_receipt
from pos_app.domain.cart import Discount
from pos_app.domain.receipt import (
    WIDTHS,
    Barcode,
    Block,
    QrCode,
    Rule,
    StoreInfo,
    Text,
    as_text,
    layout,
    money_text,
    report_layout,
)
from pos_app.domain.receipt import test_page as make_test_page
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from tests.emulator import Emulator, emupos_or_skip
from tests.escpos_reader import Printout, read
from tests.fakes import FakeClock

STORE = StoreInfo(
    "Örnek Market Şişli Halaskargazi Şubesi",
    "Halaskargazi Cad. No: 1, Şişli İstanbul",
    "1234567890",
)
PAPER_PX = {32: 384, 42: 576, 48: 576}
PROFILE = {32: "NT-5890K", 42: "TM-T20II", 48: "TM-T20II"}  # a 58 mm and an 80 mm printer
MAX = 999_999_999  # 9.999.999,99 TL
AMOUNTS = [None, 100_000, 12_345_678, MAX]  # None: as sold (the demo sale: 62.862,67 TL)
EMULATOR_58MM = Path(__file__).resolve().parents[1] / "printer_emulator" / "turkish-58mm.yaml"
LONG_NAME = "Çok Uzun İsimli Organik Sızma Zeytinyağı Şişe… 5 L ₺ Kampanyalı Ürün Ğüşiöç"


@dataclass
class Demo:
    """A sale of every product of the demo catalog, and the shift's X and Z reports."""

    sale: dict[str, Any]
    x_report: dict[str, Any]
    z_report: dict[str, Any]
    names: list[tuple[str, str]]  # (Turkish, English) of every product


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    settings = load_settings(data_dir=tmp_path_factory.mktemp("widths") / "data")
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    services: Services = build_services(settings, engine, FakeClock())
    try:
        services.importer.run(DEMO_CATALOG)
        with DEMO_CATALOG.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        cashier = services.users.add("Şükrü Öztürk", Role.CASHIER, "4826")
        shift = services.shifts.open(cashier.user_id, 50000)
        ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
        cart = services.new_cart()
        for row in rows:
            product = services.catalog.by_sku(row["sku"])
            assert product is not None
            line = cart.add(product, Decimal("1.255") if product.sold_by_weight else 1)
        cart.apply_line_discount(line.line_id, Discount.percent(5), Role.CASHIER)
        payment = Payment(cart.totals().total_minor)
        payment.add_card(10000, "A1B2C3")
        payment.add_cash(payment.remaining_minor + 1000)
        sale = services.sales.complete_sale(cart, payment, ctx)
        job = table("print_job")
        with services.engine.connect() as conn:
            raw = conn.execute(
                select(job.c.document_json).where(job.c.sale_id == sale.sale_id)
            ).scalar_one()
            x_report = services.shifts.report(
                conn, shift.shift_id, kind="x_report", language="tr", cashier_name=cashier.name
            )
            z_report = services.shifts.report(
                conn,
                shift.shift_id,
                kind="z_report",
                language="tr",
                cashier_name=cashier.name,
                counted_minor=123456,
            )
        yield Demo(json.loads(raw), x_report, z_report, [(r["name"], r["name_en"]) for r in rows])
    finally:
        services.close()


def with_amounts(document: dict[str, Any], minor: int | None, language: str) -> dict[str, Any]:
    """The sale with every amount set to ``minor`` (the widest numbers on every money line:
    discounts, rounding, change and a price override show up too)."""
    doc = copy.deepcopy(document) | {"language": language}
    if minor is None:
        return doc
    for key in ("subtotal_minor", "line_discounts_minor", "cart_discount_minor", "tax_minor"):
        doc[key] = minor
    doc["rounding_minor"] = doc["total_minor"] = minor
    for line in doc["lines"]:
        for key in ("unit_price_minor", "list_price_minor", "gross_minor", "total_minor"):
            line[key] = minor
        line["line_discount_minor"] = minor
        line["override_reason"] = "Raf etiketi hatalı, müdür onayıyla"
    for band in doc["taxes"]:
        band["net_minor"] = band["tax_minor"] = minor
    for tender in doc["tenders"]:
        tender["amount_minor"] = tender["tendered_minor"] = tender["change_minor"] = minor
    return doc


def report_with_amounts(report: dict[str, Any], minor: int | None, language: str) -> dict[str, Any]:
    doc = copy.deepcopy(report) | {"language": language}
    if minor is None:
        return doc
    doc |= {"sales_count": 99_999, "refunds_count": 9_999, "no_sale_count": 999}
    for key in (
        "sales_total_minor",
        "opening_float_minor",
        "expected_cash_minor",
        "counted_cash_minor",
    ):
        doc[key] = minor
    doc["refunds_total_minor"] = doc["over_short_minor"] = -minor
    for tender in doc["tenders"]:
        tender["amount_minor"] = minor
    for band in doc["taxes"]:
        band["net_minor"] = band["tax_minor"] = minor
    return doc


def printed_texts(blocks: list[Block], width: int) -> list[str]:
    """The text lines the blocks should print, in order (rules as dashes)."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            texts.append(block.text)
        elif isinstance(block, Rule):
            texts.append("-" * width)
    return texts


def check_fits(data: bytes, blocks: list[Block], width: int) -> Printout:
    """Every printed line within ``width`` columns, and exactly the lines laid out."""
    printout = read(data)
    too_wide = [(line.columns, line.text) for line in printout.lines if line.columns > width]
    assert not too_wide, f"lines wider than {width} columns: {too_wide}"
    assert printout.texts == printed_texts(blocks, width)  # the preview's lines are the paper's
    # No control character from a text; one cut at the end (none on a printer without a cutter).
    assert printout.stray == [] and printout.drawer_kicks == 0 and printout.cuts <= 1
    assert all(image_width <= PAPER_PX[width] for image_width, _ in printout.images)
    preview = as_text(blocks, width).splitlines()
    assert all(len(line) <= width for line in preview)
    return printout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["tr", "en"])
def test_every_demo_product_and_total_prints_within_the_paper(
    demo: Demo, width: int, language: str
) -> None:
    encoder = ReceiptEncoder(PROFILE[width])
    for minor in AMOUNTS:
        document = with_amounts(demo.sale, minor, language)
        blocks = layout(
            document,
            width=width,
            store=STORE,
            timezone="Europe/Istanbul",
            ereceipt_base_url="https://r.example",
        )
        printout = check_fits(encoder.encode(blocks, width), blocks, width)
        texts = printout.texts
        total = money_text(document["total_minor"], language)
        label = "TOPLAM" if language == "tr" else "TOTAL"
        total_at = next(i for i, line in enumerate(printout.lines) if line.text.startswith(label))
        assert printout.lines[total_at].large  # the total stays in double size
        assert total in printout.lines[total_at].text or total in printout.lines[total_at + 1].text
        # Every product has one name line, in the language of the receipt, cut to fit.
        assert len(document["lines"]) == len(demo.names)
        name_lines = [
            texts[i - 1]
            for i in range(1, len(texts))
            if texts[i].startswith("  ") and " x " in texts[i]
        ]
        assert len(name_lines) == len(demo.names)
        for name_line, (turkish, english) in zip(name_lines, demo.names, strict=True):
            name = turkish if language == "tr" else english
            shown = name if len(name) + 5 <= width else name[: width - 8].rstrip()
            assert name_line.startswith(shown), (name_line, name)
        if minor == MAX:
            assert money_text(MAX, language) in "\n".join(texts)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["tr", "en"])
def test_refunds_with_the_largest_amounts_print_within_the_paper(
    demo: Demo, width: int, language: str
) -> None:
    document = with_amounts(demo.sale, -MAX, language) | {"kind": "return"}
    document["lines"] = document["lines"][:5]
    blocks = layout(document, width=width, store=STORE, timezone="UTC")
    printout = check_fits(ReceiptEncoder(PROFILE[width]).encode(blocks, width), blocks, width)
    assert money_text(-MAX, language) in "\n".join(printout.texts)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["tr", "en"])
def test_x_and_z_reports_print_within_the_paper(demo: Demo, width: int, language: str) -> None:
    encoder = ReceiptEncoder(PROFILE[width])
    for report in (demo.x_report, demo.z_report):
        for minor in (None, MAX):
            document = report_with_amounts(report, minor, language)
            blocks = report_layout(document, width=width, store=STORE, timezone="UTC")
            printout = check_fits(encoder.encode(blocks, width), blocks, width)
            if minor == MAX:  # counts and amounts are never cut
                text = "\n".join(printout.texts)
                assert "99999" in text and "9999" in text and money_text(MAX, language) in text


@pytest.mark.parametrize("width", WIDTHS)
def test_the_test_page_prints_within_the_paper(width: int) -> None:
    encoder = ReceiptEncoder(PROFILE[width])
    blocks = make_test_page(
        width=width,
        profile=PROFILE[width],
        code_page="CP857",
        slot=encoder.slot,
        uri="tcp://192.168.100.200:9100?timeout=10",
        qr_data="https://r.example/r/test",
    )
    printout = check_fits(encoder.encode(blocks, width), blocks, width)
    joined = " ".join(printout.texts)
    assert "Pijamalı hasta yağız şoföre çabucak güvendi." in joined
    assert f"CP857 {encoder.slot}: ÇĞİÖŞÜ çğıöşü" in printout.texts
    assert "Code page / Kod sayfası" in joined and f"CP857 @ {encoder.slot}" in joined


@pytest.mark.parametrize("width", WIDTHS)
def test_image_mode_draws_every_line_in_one_row_of_the_paper(demo: Demo, width: int) -> None:
    document = with_amounts(demo.sale, MAX, "tr")
    document["lines"] = document["lines"][:40]
    document["lines"][0]["name"] = LONG_NAME
    blocks = layout(document, width=width, store=STORE, timezone="UTC")
    # The raster grid has ``width`` cells: a laid-out line is never continued on a second row.
    fonts = raster._fonts(width, PAPER_PX[width])
    rows = [r for r in raster._rows(blocks, fonts, PAPER_PX[width], False) if r.text]
    assert [r.text for r in rows] == [b.text for b in blocks if isinstance(b, Text)]
    data = encode_image_receipt(
        blocks, columns=width, width_px=PAPER_PX[width], profile=PROFILE[width]
    )
    printout = read(data)
    assert printout.lines == [] and printout.images
    assert all(image_width <= PAPER_PX[width] for image_width, _ in printout.images)


# -- on the emulator --------------------------------------------------------------------------


def send(emulator: Emulator, data: bytes) -> None:
    with socket.create_connection((emulator.host, emulator.port), timeout=5) as sock:
        sock.sendall(data)


def dump_lines(blocks: list[Block], width: int) -> list[str]:
    """What emupos's text dump shows for the blocks when nothing wraps."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            lines.append(block.text.rstrip())
        elif isinstance(block, Rule):
            lines.append("-" * width)
        elif isinstance(block, Barcode):
            lines.append(f"[barcode CODE128 {block.data}]")
        elif isinstance(block, QrCode):
            lines.append(f"[qr {block.data}]")
    return lines


@pytest.mark.parametrize(("width", "paper"), [(32, EMULATOR_58MM), (48, None)])
def test_a_long_name_receipt_does_not_wrap_on_the_printer(
    demo: Demo, tmp_path: Path, width: int, paper: Path | None
) -> None:
    executable = emupos_or_skip()
    document = with_amounts(demo.sale, MAX, "tr")
    document["lines"] = document["lines"][:3]
    document["lines"][0]["name"] = LONG_NAME
    blocks = layout(
        document, width=width, store=STORE, timezone="UTC", ereceipt_base_url="https://r.example"
    )
    data = ReceiptEncoder("TM-T20II").encode(blocks, width)  # Epson numbering, as the emulator
    options = {"profile": paper} if paper else {}
    with Emulator(tmp_path / "emupos", executable=executable, **options) as emulator:
        send(emulator, data)
        (dump,) = emulator.wait_for_receipts(1)
    printed = dump.splitlines()
    assert printed == dump_lines(blocks, width)  # no line was continued on another
    assert any(line.startswith("Çok Uzun İsimli") and line.endswith("... %1") for line in printed)
    total_at = next(i for i, line in enumerate(printed) if line.startswith("TOPLAM"))
    assert "9.999.999,99 TL" in " ".join(printed[total_at : total_at + 2])
