"""Receipts printed through ``tcp://`` to a real ESC/POS printer emulator (emupos), read back
from its text dump: Turkish letters exactly, totals, the e-receipt QR and the receipt barcode;
the print queue under paper-out, cover-open, offline, a printer switched off, a hung printer
and one losing power part-way through a receipt; the status following a fixed fault; and
`pos print-test`, which prints its page alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pos_app.app import build_printing, build_services
from pos_app.config import load_settings
from pos_app.devices.link import PrinterLink, PrinterStatus, open_link
from pos_app.devices.printer_uri import PrinterTarget
from pos_app.domain.cart import Cart
from pos_app.domain.receipt import money_text
from pos_app.domain.roles import Role
from pos_app.domain.tenders import Payment
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer, PrintService
from pos_app.services.sale_document import CompletedSale, SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from tests.emulator import Emulator, Fault, free_ports
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


def open_store(
    data_dir: Path,
    printer: str,
    *,
    queue: dict[str, Any] | None = None,
    start: bool = True,
    **settings: object,
) -> Store:
    """A store with one cashier in an open shift, printing to ``printer``; ``queue``: the
    print queue's options instead of short retries (connect, intervals)."""
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
    if queue is not None:
        printing = PrintService(engine, clock, printing.renderer, **queue)
    services = build_services(config, engine, clock, printing=printing)
    cashier = services.users.add("Şükrü Öztürk", Role.CASHIER, "4826")
    shift = services.shifts.open(cashier.user_id, 50000)
    ctx = SaleContext(cashier.user_id, cashier.name, shift.shift_id, shift.business_date)
    if start:
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


# -- power lost mid-job, a hung printer (issue 14, item 1) ---------------------------------------


class FaultAtSend:
    """A real link to the emulator that calls ``before`` just before the first job's bytes go
    out and ``after`` right after (hang the printer, cut its power): the faults hit part-way
    through that receipt, not between receipts. Later jobs go out normally."""

    def __init__(
        self,
        link: PrinterLink,
        before: Callable[[], None],
        after: Callable[[], None],
        fired: threading.Event,
    ) -> None:
        self._link, self._before, self._after, self._fired = link, before, after, fired

    @classmethod
    def connect(
        cls, before: Callable[[], None], after: Callable[[], None] = lambda: None
    ) -> Callable[[PrinterTarget], PrinterLink]:
        fired = threading.Event()
        return lambda target: cls(open_link(target), before, after, fired)

    def status(self) -> PrinterStatus:
        return self._link.status()

    def send(self, data: bytes) -> None:
        if self._fired.is_set():
            self._link.send(data)
            return
        self._fired.set()
        self._before()
        try:
            self._link.send(data)
        finally:
            self._after()

    def close(self) -> None:
        self._link.close()


def shown_status(store: Store) -> PrinterStatus | None:
    state = store.services.printing.state
    return None if state is None else state.status


def test_a_hung_printer_holds_the_receipt_then_prints_it_once(
    store: Store, emulator: Emulator
) -> None:
    emulator.hang()  # accepts connections, answers nothing
    sale = store.sell()
    wait_for(lambda: store.job_statuses() == ["held"])  # nothing sent into a silent printer
    assert shown_status(store) is PrinterStatus.NOT_ANSWERING
    emulator.resume()
    (dump,) = emulator.wait_for_receipts(1)
    wait_for(lambda: store.job_statuses() == ["printed"])
    time.sleep(1.0)
    assert len(emulator.receipts()) == 1 and sale.receipt_no in dump and TURKISH in dump


def test_power_lost_part_way_through_a_receipt_makes_it_uncertain(
    tmp_path: Path, emulator: Emulator
) -> None:
    # The printer hangs as the receipt arrives and then loses power: none of it prints.
    connect = FaultAtSend.connect(before=emulator.hang, after=emulator.power_cut)
    store = open_store(
        tmp_path / "data",
        f"{emulator.tcp_uri}?timeout=2",
        queue={"connect": connect, "first_retry_s": 0.05, "max_retry_s": 0.3},
    )
    try:
        sale = store.sell()
        wait_for(lambda: store.job_statuses() == ["uncertain"])
        assert store.services.printing.counts().uncertain == 1  # "did it print?"
        assert shown_status(store) in (PrinterStatus.NOT_ANSWERING, PrinterStatus.UNREACHABLE)
        emulator.start()  # power is back
        time.sleep(1.0)
        assert emulator.receipts() == [] and store.job_statuses() == ["uncertain"]
        job_id = store.services.printing.recent(1)[0].job_id
        store.services.printing.print_again(job_id)  # the cashier: nothing came out
        (dump,) = emulator.wait_for_receipts(1)
        wait_for(lambda: store.job_statuses() == ["printed"])
        assert sale.receipt_no in dump
    finally:
        store.services.close()


def test_a_printer_that_stops_answering_mid_receipt_makes_it_uncertain(
    tmp_path: Path, emulator: Emulator
) -> None:
    connect = FaultAtSend.connect(before=emulator.hang)
    store = open_store(
        tmp_path / "data",
        f"{emulator.tcp_uri}?timeout=1",
        queue={"connect": connect, "first_retry_s": 0.05, "max_retry_s": 0.3},
    )
    try:
        sale = store.sell()
        wait_for(lambda: store.job_statuses() == ["uncertain"])
        assert shown_status(store) is PrinterStatus.NOT_ANSWERING
        emulator.resume()  # it comes back and prints what it held: it did print after all
        (dump,) = emulator.wait_for_receipts(1)
        assert sale.receipt_no in dump
        time.sleep(1.0)
        assert len(emulator.receipts()) == 1  # never resent by itself
        job_id = store.services.printing.recent(1)[0].job_id
        store.services.printing.confirm_printed(job_id)
        assert store.job_statuses() == ["printed"]
        wait_for(lambda: shown_status(store) is PrinterStatus.READY, timeout=5)
    finally:
        store.services.close()


# -- a fixed fault clears within seconds (issue 14, item 7) -------------------------------------


def test_the_status_follows_a_fixed_fault_within_seconds(
    tmp_path: Path, emulator: Emulator
) -> None:
    """The real check intervals (30 s idle, 2 s while a fault shows); a long first retry so
    only the fault checks can print the held receipt soon."""
    emulator.set_fault("paper-out")
    store = open_store(
        tmp_path / "data",
        f"{emulator.tcp_uri}?timeout=2",
        queue={"first_retry_s": 10.0, "max_retry_s": 30.0},
    )
    try:
        wait_for(lambda: shown_status(store) is PrinterStatus.PAPER_OUT, timeout=3)  # at start
        emulator.clear_fault("paper-out")
        wait_for(lambda: shown_status(store) is PrinterStatus.READY, timeout=5)

        emulator.set_fault("cover-open")
        sale = store.sell()  # the worker checks the printer first: held
        wait_for(lambda: store.job_statuses() == ["held"], timeout=5)
        assert shown_status(store) is PrinterStatus.COVER_OPEN
        emulator.clear_fault("cover-open")
        cleared = time.monotonic()
        wait_for(lambda: store.job_statuses() == ["printed"], timeout=5)
        assert time.monotonic() - cleared < 5  # not after the 10-20 s backoff
        assert shown_status(store) is PrinterStatus.READY
        texts = emulator.wait_for_receipts(1)
        assert len(texts) == 1 and sale.receipt_no in texts[0]
    finally:
        store.services.close()


# -- `pos print-test` prints the test page alone (issue 14, item 4) -----------------------------


def test_print_test_leaves_the_queued_receipts_for_their_printer(
    tmp_path: Path, emulator: Emulator
) -> None:
    data = tmp_path / "data"
    (gone,) = free_ports(1)  # the configured printer is off: the sale's receipt waits
    store = open_store(data, f"tcp://127.0.0.1:{gone}?timeout=1", start=False)
    sale = store.sell()
    store.services.close()
    before = queued(data)
    assert [row["status"] for row in before] == ["pending"]

    env = os.environ | {"POS_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-m", "pos_app.cli", "print-test", "--printer", emulator.tcp_uri],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (dump,) = emulator.wait_for_receipts(1)
    assert f"CP857 13: {TURKISH}" in dump and sale.receipt_no not in dump
    time.sleep(1.0)
    assert len(emulator.receipts()) == 1  # the test page alone
    assert queued(data) == before  # untouched: status, attempts, bytes, times


def queued(data: Path) -> list[dict[str, object]]:
    engine = open_database(data / "pos.db")
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT * FROM print_job ORDER BY created_at")).mappings()
            return [dict(row) for row in rows]
    finally:
        engine.dispose()
