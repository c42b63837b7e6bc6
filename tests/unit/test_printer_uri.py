"""POS_PRINTER URIs: every kind, options, and mistakes named clearly."""

from __future__ import annotations

import pytest

from pos_app.devices.printer_uri import parse_printer_uri
from pos_app.errors import UserError


def test_tcp_with_port_timeout_and_profile() -> None:
    target = parse_printer_uri("tcp://192.168.1.50:9101?timeout=2.5&profile=TM-T20II")
    assert (target.scheme, target.host, target.port) == ("tcp", "192.168.1.50", 9101)
    assert target.timeout_s == 2.5 and target.profile == "TM-T20II"
    assert parse_printer_uri("tcp://printer.local").port == 9100


def test_status_off_for_printers_that_never_answer_status_queries() -> None:
    assert parse_printer_uri("tcp://printer.local").asks_status
    assert not parse_printer_uri("tcp://printer.local?status=off").asks_status
    assert not parse_printer_uri("usb://04b8:0202?status=off").asks_status
    assert parse_printer_uri("serial:///dev/ttyUSB0?status=on").asks_status
    assert not parse_printer_uri("file:///dev/usb/lp0").asks_status  # a device file cannot


def test_usb_serial_file_cups_dummy() -> None:
    usb = parse_printer_uri("usb://04b8:0202?in_ep=0x81&out_ep=0x02", "NT-5890K")
    assert (usb.vendor_id, usb.product_id) == (0x04B8, 0x0202)
    assert usb.options == {"in_ep": 0x81, "out_ep": 0x02} and usb.profile == "NT-5890K"
    serial = parse_printer_uri("serial:///dev/ttyUSB0?baudrate=19200")
    assert serial.path == "/dev/ttyUSB0" and serial.options == {"baudrate": 19200}
    assert parse_printer_uri("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_printer_uri("cups://Receipts").queue == "Receipts"
    assert parse_printer_uri("dummy:").scheme == "dummy"


@pytest.mark.parametrize(
    ("uri", "names"),
    [
        ("lpt://x", "unknown kind 'lpt'"),
        ("tcp://", "a host is needed"),
        ("tcp://host:99999", "port"),
        ("usb://04b8", "usb://VID:PID"),
        ("usb://zz:0202", "hexadecimal"),
        ("serial://", "device path"),
        ("cups://", "queue name"),
        ("tcp://host?baudrate=9600", "'baudrate' does not apply to tcp"),
        ("tcp://host?timeout=-1", "timeout=-1"),
        ("serial:///dev/ttyS0?baudrate=fast", "baudrate=fast"),
        ("tcp://host?status=maybe", "use status=on or status=off"),
        ("file:///dev/usb/lp0?status=off", "'status' does not apply to file"),
    ],
)
def test_mistakes_are_named(uri: str, names: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_printer_uri(uri)
    assert raised.value.code == "printer.bad_uri"
    assert names in raised.value.message
