"""What a name holds never becomes a printer command, and a decomposed name prints its letters
(issue 14, items 5 and 6), checked on the bytes and on the emupos emulator.

- A name stored before names were checked, holding ``ESC p`` (drawer kick), ``GS V`` (cut) and
  a newline (a fake receipt line), prints as text on one line: the drawer stays shut, the
  receipt is cut once, at its end.
- ``Şişli`` typed decomposed (``S`` + U+0327, as some systems export) is imported composed from
  a CSV and prints ``Şişli``, not ``S?is?li``; a decomposed name already stored prints the same.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from pos_app.devices.escpos_encoder import ReceiptEncoder
from pos_app.domain.receipt import StoreInfo, Text, layout
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.storage.tables import table
from tests.emulator import Emulator
from tests.escpos_reader import read

STORE = StoreInfo("Örnek Market", "Halaskargazi Cad. No: 1", "1234567890")
KICK, CUT = b"\x1bp", b"\x1dV"
# ESC p 0 25 250: kick drawer pin 2; GS V 0: full cut; then a line of its own.
INJECTED = "Süt\x1bp\x00\x19\xfa Tam Yağlı\x1dV\x00\nTOPLAM 0,01 TL"


def sell(services: Services, ctx: SaleContext, sku: str) -> dict[str, Any]:
    """A sale of one ``sku``; its receipt document as stored with the print job."""
    cart = services.new_cart()
    product = services.catalog.by_sku(sku)
    assert product is not None
    cart.add(product)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    sale = services.sales.complete_sale(cart, payment, ctx)
    job = table("print_job")
    with services.engine.connect() as conn:
        raw = conn.execute(
            select(job.c.document_json).where(job.c.sale_id == sale.sale_id)
        ).scalar_one()
    document: dict[str, Any] = json.loads(raw)
    return document


def send(emulator: Emulator, data: bytes) -> None:
    with socket.create_connection((emulator.host, emulator.port), timeout=5) as sock:
        sock.sendall(data)


def encode(document: dict[str, Any]) -> bytes:
    blocks = layout(document, width=48, store=STORE, timezone="Europe/Istanbul")
    return ReceiptEncoder("TM-T20II").encode(blocks, 48)


def test_a_name_holding_printer_commands_prints_as_text(
    services: Services, ctx: SaleContext, emulator: Emulator
) -> None:
    document = sell(services, ctx, "MILK1L")
    document["lines"][0]["name"] = INJECTED  # stored before names were checked
    data = encode(document)
    printout = read(data)
    assert KICK not in data and data.count(CUT) == 1 and data.rstrip(b"\n").endswith(b"\x1dV\x00")
    assert printout.drawer_kicks == 0 and printout.cuts == 1 and printout.stray == []
    (name_line,) = [line for line in printout.texts if line.startswith("Süt")]
    assert "Tam Yağlı" in name_line and "TOPLAM 0,01 TL" in name_line  # one line, no fake line
    assert not [line for line in printout.texts if line.startswith("TOPLAM 0,01")]

    send(emulator, data)
    (dump,) = emulator.wait_for_receipts(1)
    time.sleep(0.5)  # a second receipt (a cut mid-receipt) would show up by now
    assert len(emulator.receipts()) == 1
    assert emulator.device()["state"]["drawer"] == "closed"
    printed = dump.splitlines()
    assert name_line in printed
    assert not [line for line in printed if line.startswith("TOPLAM 0,01")]


def test_the_encoder_strips_control_characters_from_any_text_block() -> None:
    """Blocks are normally made printable when built (``Text``); the encoder strips controls
    again from whatever it is given."""
    block = Text("placeholder")
    object.__setattr__(block, "text", INJECTED)  # a block that bypassed Text's own cleaning
    data = ReceiptEncoder("TM-T20II").encode([block], 48)
    printout = read(data)
    assert printout.drawer_kicks == 0 and printout.cuts == 1 and printout.stray == []
    assert len(printout.texts) == 1 and "TOPLAM 0,01 TL" in printout.texts[0]


def test_a_decomposed_name_is_imported_composed_and_prints_its_letters(
    services: Services, ctx: SaleContext, emulator: Emulator, tmp_path: Path
) -> None:
    decomposed = "S\u0327is\u0327li Simit"
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(
        f"sku,name,name_en,price,vat_rate\nSIMIT,{decomposed},S\u0327is\u0327li Bagel,15.00,1\n",
        encoding="utf-8",
    )
    services.importer.run(catalog)
    with services.engine.connect() as conn:
        stored = conn.execute(text("SELECT name FROM product WHERE sku = 'SIMIT'")).scalar_one()
    assert stored == "Şişli Simit"
    document = sell(services, ctx, "SIMIT")
    assert document["lines"][0]["name"] == "Şişli Simit"
    old = json.loads(json.dumps(document))
    old["lines"][0]["name"] = "Eski S\u0327is\u0327li Simit"  # stored decomposed before the fix
    for receipt in (document, old):
        data = encode(receipt)
        assert b"?" not in data
        send(emulator, data)
    first, second = emulator.wait_for_receipts(2)
    assert "Şişli Simit" in first and "Eski Şişli Simit" in second
    assert "S?is?li" not in first + second
