"""The print queue with a network printer that loses power or hangs part-way through a receipt
(issue 14, item 1), a fake on a TCP port (tests/fake_tcp_printer.py): a printer that stops
answering after a job makes the job uncertain ("did it print?"), exactly like a broken
connection, never "printed"; a printer that does not answer before a job holds it.
The same faults against the emupos emulator are in test_printing_emulator.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.devices.link import PrinterStatus
from tests.fake_tcp_printer import FakeTcpPrinter
from tests.integration.test_printing_emulator import Store, open_store, wait_for


def job_rows(store: Store) -> list[dict[str, object]]:
    with store.services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, status, attempts, data, last_error FROM print_job ORDER BY created_at")
        ).mappings()
        return [dict(row) for row in rows]


def shown(store: Store) -> PrinterStatus | None:
    state = store.services.printing.state
    return None if state is None else state.status


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[list[Store]]:
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.services.close()


def test_power_lost_part_way_through_a_receipt_makes_it_uncertain(
    tmp_path: Path, opened: list[Store]
) -> None:
    with FakeTcpPrinter(die_after=300) as printer:
        store = open_store(tmp_path / "data", printer.uri)
        opened.append(store)
        store.sell()
        wait_for(lambda: store.job_statuses() == ["uncertain"])
        (job,) = job_rows(store)
        data = job["data"]
        assert isinstance(data, bytes) and printer.job_bytes() == data[:300]  # only part
        assert "not_answering" in str(job["last_error"])
        counts = store.services.printing.counts()
        assert (counts.uncertain, counts.waiting) == (1, 0)  # the status bar asks
        time.sleep(0.5)
        (job,) = job_rows(store)
        assert (job["status"], job["attempts"]) == ("uncertain", 1)  # never resent by itself
        assert shown(store) in (PrinterStatus.NOT_ANSWERING, PrinterStatus.UNREACHABLE)


def test_a_printer_that_hangs_after_a_receipt_leaves_it_uncertain_and_holds_the_next(
    tmp_path: Path, opened: list[Store]
) -> None:
    with FakeTcpPrinter(hang_after=300) as printer:
        store = open_store(tmp_path / "data", printer.uri)
        opened.append(store)
        first = store.sell()
        wait_for(lambda: store.job_statuses() == ["uncertain"])
        assert shown(store) is PrinterStatus.NOT_ANSWERING
        second = store.sell()  # the printer still hangs: nothing is sent into it
        wait_for(lambda: store.job_statuses() == ["uncertain", "held"])
        assert len(printer.job_bytes()) == 300
        printer.recover()  # switched off and on
        wait_for(lambda: store.job_statuses() == ["uncertain", "printed"])
        first_job, second_job = job_rows(store)
        first_data, second_data = first_job["data"], second_job["data"]
        assert isinstance(first_data, bytes) and isinstance(second_data, bytes)
        assert first.receipt_no.encode() in first_data
        assert second.receipt_no.encode() in second_data
        assert printer.job_bytes() == first_data[:300] + second_data  # the first not resent
        store.services.printing.print_again(str(first_job["id"]))  # the cashier saw it missing
        wait_for(lambda: store.job_statuses() == ["printed", "printed"])
        assert printer.job_bytes() == first_data[:300] + second_data + first_data


def test_a_hung_printer_holds_the_receipt_until_it_answers_again(
    tmp_path: Path, opened: list[Store]
) -> None:
    with FakeTcpPrinter(hang_after=0) as printer:
        store = open_store(tmp_path / "data", printer.uri)
        opened.append(store)
        sale = store.sell()
        wait_for(lambda: store.job_statuses() == ["held"])
        assert shown(store) is PrinterStatus.NOT_ANSWERING
        assert printer.job_bytes() == b""
        printer.recover()
        wait_for(lambda: store.job_statuses() == ["printed"])
        assert printer.job_bytes() == job_rows(store)[0]["data"]
        assert sale.receipt_no.encode() in printer.job_bytes()
        assert shown(store) is PrinterStatus.READY


def test_a_model_that_never_answers_status_prints_with_status_off(
    tmp_path: Path, opened: list[Store]
) -> None:
    """``status=off`` on the URI: a printer that never answers ``DLE EOT`` is not held as
    "not answering"; its receipts count as printed once written (as on a device file)."""
    with FakeTcpPrinter(answers_status=False) as printer:
        assert printer.uri.endswith("&status=off")
        store = open_store(tmp_path / "data", printer.uri)
        opened.append(store)
        sale = store.sell()
        wait_for(lambda: store.job_statuses() == ["printed"])
        assert sale.receipt_no.encode() in printer.job_bytes()
        assert shown(store) is PrinterStatus.UNKNOWN  # "cannot tell", never "ready"


def test_a_model_that_never_answers_status_is_held_without_status_off(
    tmp_path: Path, opened: list[Store]
) -> None:
    with FakeTcpPrinter(answers_status=False) as printer:
        store = open_store(tmp_path / "data", printer.uri.replace("&status=off", ""))
        opened.append(store)
        store.sell()
        wait_for(lambda: store.job_statuses() == ["held"])
        assert shown(store) is PrinterStatus.NOT_ANSWERING
        assert printer.job_bytes() == b""


@pytest.mark.parametrize(
    ("fault", "outcome"),
    [({"die_after": 300}, "uncertain"), ({"hang_after": 300}, "uncertain")],
)
def test_print_alone_says_uncertain_when_the_printer_stops_answering(
    tmp_path: Path, opened: list[Store], fault: dict[str, int], outcome: str
) -> None:
    with FakeTcpPrinter(**fault) as printer:
        store = open_store(tmp_path / "data", printer.uri, start=False)
        opened.append(store)
        result = store.services.printing.print_alone({"kind": "test"}, timeout_s=2)
    assert result.outcome == outcome and result.status is PrinterStatus.NOT_ANSWERING
    assert store.job_statuses() == []  # the queue is not involved


def test_print_alone_does_not_send_to_a_hung_printer(tmp_path: Path, opened: list[Store]) -> None:
    with FakeTcpPrinter(hang_after=0) as printer:
        store = open_store(tmp_path / "data", printer.uri, start=False)
        opened.append(store)
        result = store.services.printing.print_alone({"kind": "test"}, timeout_s=1)
        assert printer.job_bytes() == b""
    assert result.outcome == "not_sent" and result.status is PrinterStatus.NOT_ANSWERING


def test_pos_print_test_says_when_the_page_may_not_have_printed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = os.environ | {"POS_DATA_DIR": str(data)}
    pos = [sys.executable, "-m", "pos_app.cli"]
    subprocess.run([*pos, "init"], env=env, check=True, capture_output=True)
    with FakeTcpPrinter(die_after=300) as printer:
        done = subprocess.run(
            [*pos, "print-test", "--printer", printer.uri, "--timeout", "5"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert len(printer.job_bytes()) == 300
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: the test page was sent to {printer.uri} but may not")
    assert "not_answering" in done.stderr and len(done.stderr.splitlines()) == 1
