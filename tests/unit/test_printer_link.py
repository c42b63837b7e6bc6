"""Reading a printer's DLE EOT replies (the bytes emupos and Epson printers send)."""

from __future__ import annotations

import pytest

from pos_app.devices.link import LinkError, PrinterStatus, open_link, read_status
from pos_app.devices.printer_uri import parse_printer_uri


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


def test_no_answer_is_unknown_never_ready() -> None:
    def silent(n: int) -> bytes:
        raise TimeoutError("timed out")

    assert read_status(silent, "test") is PrinterStatus.UNKNOWN
    assert read_status(lambda n: b"", "test") is PrinterStatus.UNKNOWN
    assert not PrinterStatus.UNKNOWN.blocks_printing


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
