"""Reading a printer's DLE EOT replies (the bytes emupos and Epson printers send), and what a
printer that loses power or hangs part-way through a job looks like on the wire."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pos_app.devices.link import LinkError, PrinterStatus, open_link, read_status
from pos_app.devices.printer_uri import parse_printer_uri
from pos_app.services.print_queue import Sent, send_and_check
from tests.fake_tcp_printer import FakeTcpPrinter


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ({1: 0x12, 4: 0x12}, PrinterStatus.READY),
        ({1: 0x12, 4: 0x1E}, PrinterStatus.READY),  # paper near end still prints
        ({1: 0x1A, 2: 0x32, 4: 0x7E}, PrinterStatus.PAPER_OUT),
        ({1: 0x1A, 2: 0x16, 4: 0x12}, PrinterStatus.COVER_OPEN),
        ({1: 0x1A, 2: 0x12, 4: 0x12}, PrinterStatus.OFFLINE),
        ({1: 0xFF, 4: 0x12}, PrinterStatus.UNKNOWN),  # not a status byte
    ],
)
def test_status_replies(replies: dict[int, int], expected: PrinterStatus) -> None:
    asked: list[int] = []

    def query(n: int) -> bytes:
        asked.append(n)
        return bytes([replies[n]]) if n in replies else b""

    assert read_status(query, "test") is expected
    assert (2 in asked) == bool(replies[1] & 0x08)  # the offline cause only when offline


def test_no_answer_is_not_answering_never_ready() -> None:
    """A connection that can read, with a silent printer: it lost power or hung (item 1)."""

    def silent(n: int) -> bytes:
        raise TimeoutError("timed out")

    def reset(n: int) -> bytes:
        raise ConnectionResetError(104, "Connection reset by peer")

    assert read_status(silent, "test") is PrinterStatus.NOT_ANSWERING
    assert read_status(reset, "test") is PrinterStatus.NOT_ANSWERING
    assert read_status(lambda n: b"", "test") is PrinterStatus.NOT_ANSWERING
    assert PrinterStatus.NOT_ANSWERING.blocks_printing
    # Only a connection that cannot read at all (file, CUPS) says UNKNOWN, which does not
    # hold the job: for those a successful write is all anyone can know.
    assert not PrinterStatus.UNKNOWN.blocks_printing


def test_a_file_printer_cannot_answer_and_its_sent_job_counts_as_printed(
    tmp_path: Path,
) -> None:
    device = tmp_path / "lp0"
    device.touch()
    link = open_link(parse_printer_uri(f"file://{device}"))
    try:
        assert link.status() is PrinterStatus.UNKNOWN
        assert send_and_check(link, b"\x1b@job") == Sent(True, PrinterStatus.UNKNOWN)
    finally:
        link.close()
    assert device.read_bytes() == b"\x1b@job"


def test_a_printer_that_loses_power_after_part_of_the_job_is_not_answering() -> None:
    with FakeTcpPrinter(die_after=100) as printer:
        link = open_link(parse_printer_uri(printer.uri))
        try:
            assert link.status() is PrinterStatus.READY
            sent = send_and_check(link, b"\x1b@" + b"x" * 2000)
        finally:
            link.close()
        assert 100 <= len(printer.job_bytes()) < 2002  # part of it arrived
    assert sent.printed is False and sent.status is PrinterStatus.NOT_ANSWERING


def test_a_printer_that_hangs_after_part_of_the_job_is_not_answering() -> None:
    with FakeTcpPrinter(hang_after=100) as printer:
        link = open_link(parse_printer_uri(printer.uri))
        try:
            assert link.status() is PrinterStatus.READY
            started = time.monotonic()
            sent = send_and_check(link, b"\x1b@" + b"x" * 2000)
            waited = time.monotonic() - started
        finally:
            link.close()
    assert sent.printed is False and sent.status is PrinterStatus.NOT_ANSWERING
    assert waited < 5 * printer.timeout_s  # the link's timeout, not forever


def test_a_hung_printer_that_stops_reading_a_large_job_breaks_the_send() -> None:
    """The job does not fit the socket buffers: sending stops at the timeout (LinkError, some
    bytes sent), which is uncertain too, never blocked forever."""
    with FakeTcpPrinter(hang_after=100) as printer:
        link = open_link(parse_printer_uri(printer.uri))
        try:
            started = time.monotonic()
            with pytest.raises(LinkError) as raised:
                link.send(b"x" * 64_000_000)
            assert time.monotonic() - started < 10 * printer.timeout_s
        finally:
            link.close()
    assert raised.value.nothing_sent is False


def test_a_refused_connection_says_nothing_was_sent() -> None:
    import socket

    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(LinkError) as raised:
        open_link(parse_printer_uri(f"tcp://127.0.0.1:{port}?timeout=1"))
    assert raised.value.nothing_sent and f"127.0.0.1:{port}" in str(raised.value)


def test_dummy_keeps_the_bytes() -> None:
    kept: list[bytes] = []
    link = open_link(parse_printer_uri("dummy:"), kept)
    link.send(b"\x1b@job")
    assert kept == [b"\x1b@job"] and link.status() is PrinterStatus.READY
