"""Receipts printed through ``tcp://`` to a real ESC/POS printer emulator (emupos), read back
from its text dump: Turkish letters exactly, totals, the e-receipt QR and the receipt barcode;
and the print queue under paper-out, cover-open, offline and a printer switched off."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.app import Services, build_printing, build_services
from pos_app.config import load_settings
from pos_app.domain.cart import Cart
from pos_app.domain.receipt import money_text
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.printing import PrinterDrawer
from pos_app.services.sales import CompletedSale, SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from tests.emulator import Emulator, Fault
from tests.fakes import SEED, FakeClock, seed_catalog

TURKISH = "ÇĞİÖŞÜ çğıöşü"
BASE_URL = "https://r.example"


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


@dataclass
class Store:
    services: Services
    ctx: SaleContext

    def sell(self, language: str = "tr") -> CompletedSale:
        cart = Cart(policy=self.services.policy)
        for item in SEED[:3]:
            scan = self.services.catalog.resolve_scan(str(item.barcode))
            if not scan.product.sold_by_weight:
                cart.add(scan.product, scan.quantity)
        payment = Payment(cart.totals().total_minor)
        payment.add_cash(payment.remaining_minor + 1000)
        ctx = SaleContext(
            self.ctx.cashier_id,
            self.ctx.cashier_name,
            self.ctx.shift_id,
            self.ctx.business_date,
            language,
        )
        return self.services.sales.complete_sale(cart, payment, ctx)

    def job_statuses(self) -> list[str]:
        with self.services.engine.connect() as conn:
            return [
                str(row[0])
                for row in conn.execute(text("SELECT status FROM print_job ORDER BY created_at"))
            ]


def open_store(data_dir: Path, printer: str, **settings: object) -> Store:
    clock = FakeClock()
    config = load_settings(
        data_dir=data_dir,
        printer=printer,
        printer_profile="TM-T20II",  # Epson numbering: CP857 at 13, as the emulator's profile
        store_name="Örnek Market",
        store_address=f"Adres {TURKISH}",
        ereceipt_base_url=BASE_URL,
        **settings,
    )
    engine = open_database(config.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    printing = build_printing(config, engine, clock, "S01", first_retry_s=0.05, max_retry_s=0.3)
    services = build_services(config, engine, clock, printing=printing)
    cashier = services.users.add("Şükrü Öztürk", Role.CASHIER, "1111")
    shift = services.shifts.open(cashier.user_id, 50000)
    ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
    services.printing.start()
    return Store(services, ctx)


@pytest.fixture
def store(tmp_path: Path, emulator: Emulator) -> Iterator[Store]:
    opened = open_store(tmp_path / "data", f"{emulator.tcp_uri}?timeout=2")
    yield opened
    opened.services.close()


def test_a_sale_prints_turkish_totals_qr_and_barcode(store: Store, emulator: Emulator) -> None:
    sale = store.sell()
    (dump,) = emulator.wait_for_receipts(1)
    assert TURKISH in dump  # every Turkish letter exactly: CP857 at the right slot
    assert "Kasiyer: Şükrü Öztürk" in dump
    assert "?" not in dump.replace(f"{BASE_URL}/r/{sale.receipt_token}", "")
    assert "₺" not in dump and money_text(sale.total_minor, "tr") in dump
    total_line = next(line for line in dump.splitlines() if line.startswith("TOPLAM"))
    assert total_line.split()[-2:] == money_text(sale.total_minor, "tr").split()
    assert f"[qr {BASE_URL}/r/{sale.receipt_token}]" in dump
    assert f"[barcode CODE128 {sale.receipt_no}]" in dump
    assert "E-fişiniz için okutun" in dump
    assert "PARA ÜSTÜ" in dump
    # Normal lines are 48 characters wide: double width ended with the store name and total.
    rule = next(line for line in dump.splitlines() if set(line) == {"-"})
    assert len(rule) == 48
    wait_for(lambda: store.job_statuses() == ["printed"])


def test_an_english_sale_prints_in_english(store: Store, emulator: Emulator) -> None:
    sale = store.sell(language="en")
    (dump,) = emulator.wait_for_receipts(1)
    assert "Scan for your e-receipt" in dump and "TOTAL" in dump
    assert money_text(sale.total_minor, "en") in dump


@pytest.mark.parametrize("fault", ["paper-out", "cover-open", "offline"])
def test_a_fault_holds_the_receipt_which_prints_exactly_once_after(
    store: Store, emulator: Emulator, fault: Fault
) -> None:
    emulator.set_fault(fault)
    sale = store.sell()  # the sale completes whatever the printer does
    wait_for(lambda: store.job_statuses() == ["held"])
    time.sleep(0.5)  # several retries while the fault lasts
    assert emulator.receipts() == []
    emulator.clear_fault(fault)
    texts = emulator.wait_for_receipts(1)
    wait_for(lambda: store.job_statuses() == ["printed"])
    time.sleep(1.0)  # retries are over: nothing else may come out
    texts = [emulator.receipt_text(r["id"]) for r in emulator.receipts()]
    assert len(texts) == 1 and sale.receipt_no in texts[0] and TURKISH in texts[0]


def test_a_printer_switched_off_and_on_prints_each_receipt_once(
    store: Store, emulator: Emulator
) -> None:
    emulator.stop()
    first, second = store.sell(), store.sell()
    wait_for(lambda: store.job_statuses() == ["held", "pending"])  # the head waits, in order
    state = store.services.printing.state
    assert state is not None and state.status is not None
    assert state.status.value == "unreachable"
    emulator.start()
    emulator.wait_for_receipts(2)
    wait_for(lambda: store.job_statuses() == ["printed", "printed"])
    time.sleep(1.0)
    texts = emulator.texts()
    assert len(texts) == 2
    assert first.receipt_no in texts[0] and second.receipt_no in texts[1]


def test_a_reprint_says_kopya_and_the_drawer_is_kicked_on_its_own(
    store: Store, emulator: Emulator
) -> None:
    store.sell()
    PrinterDrawer(store.services.printing).open(reason="sale")
    emulator.wait_for_receipts(1)
    wait_for(lambda: emulator.device()["state"]["drawer"] == "open")
    job_id = store.services.printing.recent(1)[0].job_id
    store.services.printing.reprint(job_id)
    texts = emulator.wait_for_receipts(2)
    assert "*** KOPYA ***" in texts[1] and "*** KOPYA ***" not in texts[0]


def test_image_mode_prints_the_receipt_as_a_picture(tmp_path: Path, emulator: Emulator) -> None:
    opened = open_store(
        tmp_path / "image", f"{emulator.tcp_uri}?timeout=2", printer_image_mode=True
    )
    try:
        sale = opened.sell()
        (dump,) = emulator.wait_for_receipts(1)
    finally:
        opened.services.close()
    assert "[image 576x" in dump  # the text is pixels: no code page involved
    assert f"[barcode CODE128 {sale.receipt_no}]" in dump
    assert TURKISH not in dump
    if shutil.which("zbarimg") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("zbarimg (zbar-tools) is missing: .ci/run installs it")
        pytest.skip("zbarimg (Debian zbar-tools) is not installed: QR not decoded")
    png = tmp_path / "receipt.png"
    png.write_bytes(emulator.receipt_image(emulator.receipts()[0]["id"]))
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert decoded.stdout.split() == [f"{BASE_URL}/r/{sale.receipt_token}"]


def test_print_test_command_prints_the_code_page_check(tmp_path: Path, emulator: Emulator) -> None:
    data = tmp_path / "cli"
    env = os.environ | {"POS_DATA_DIR": str(data)}
    pos = [sys.executable, "-m", "pos_app.cli"]
    subprocess.run([*pos, "init", "--store", "S01", "--terminal", "T01"], env=env, check=True)
    done = subprocess.run(
        [*pos, "print-test", "--printer", emulator.tcp_uri, "--profile", "TM-T20II"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "slot 13" in done.stdout
    (dump,) = emulator.wait_for_receipts(1)
    assert f"CP857 13: {TURKISH}" in dump
    assert "Pijamalı hasta yağız şoföre çabucak güvendi." in dump
    assert "[qr " in dump and "[barcode CODE128" in dump


def test_print_test_names_a_printer_that_is_not_there(tmp_path: Path, emulator: Emulator) -> None:
    data = tmp_path / "cli"
    env = os.environ | {"POS_DATA_DIR": str(data)}
    pos = [sys.executable, "-m", "pos_app.cli"]
    subprocess.run([*pos, "init", "--store", "S01", "--terminal", "T01"], env=env, check=True)
    emulator.set_fault("paper-out")
    done = subprocess.run(
        [*pos, "print-test", "--printer", emulator.tcp_uri, "--timeout", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "paper_out" in done.stderr
    emulator.clear_fault("paper-out")
    time.sleep(0.5)
    assert emulator.receipts() == []  # the cancelled test page never comes out later
