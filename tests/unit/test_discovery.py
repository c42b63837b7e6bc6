"""Printer discovery: USB (fake pyusb devices), CUPS (fake lpstat), device files (tmp /dev)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import usb.core

from pos_app.devices.discovery import (
    DetectedPrinter,
    Discovery,
    discover,
    format_table,
)
from pos_app.devices.printer_uri import parse_printer_uri

BULK, INTERRUPT = 0x02, 0x03


@dataclass
class FakeEndpoint:
    bEndpointAddress: int
    bmAttributes: int = BULK


@dataclass
class FakeInterface:
    bInterfaceClass: int
    endpoints: list[FakeEndpoint] = field(default_factory=list)
    bInterfaceNumber: int = 0
    bAlternateSetting: int = 0

    def __iter__(self) -> Iterator[FakeEndpoint]:
        return iter(self.endpoints)


@dataclass
class FakeConfiguration:
    interfaces: list[FakeInterface]
    bConfigurationValue: int = 1

    def __iter__(self) -> Iterator[FakeInterface]:
        return iter(self.interfaces)


class FakeDevice:
    """The parts of a ``usb.core.Device`` that discovery reads."""

    def __init__(
        self,
        vendor: int,
        product: int,
        interfaces: list[FakeInterface],
        *,
        manufacturer: str | None = None,
        product_name: str | None = None,
        strings_fail: bool = False,
        descriptors_fail: bool = False,
    ) -> None:
        self.idVendor = vendor
        self.idProduct = product
        self.bDeviceClass = 0
        self.iManufacturer = 1 if manufacturer is not None or strings_fail else 0
        self.iProduct = 2 if product_name is not None or strings_fail else 0
        self.bNumConfigurations = 1
        self._configurations = [FakeConfiguration(interfaces)]
        self._manufacturer = manufacturer
        self._product = product_name
        self._strings_fail = strings_fail
        self._descriptors_fail = descriptors_fail

    def __iter__(self) -> Iterator[FakeConfiguration]:
        if self._descriptors_fail:
            raise usb.core.USBError("Input/Output Error", errno=5)
        return iter(self._configurations)

    @property
    def manufacturer(self) -> str | None:
        if self._strings_fail:  # what pyusb raises without permission to open the device
            raise ValueError(
                "The device has no langid (permission issue, no string descriptors "
                "supported or device error)"
            )
        return self._manufacturer

    @property
    def product(self) -> str | None:
        if self._strings_fail:
            raise usb.core.USBError("Access denied (insufficient permissions)", errno=13)
        return self._product


def printer_interface(in_ep: int = 0x81, out_ep: int = 0x03) -> FakeInterface:
    return FakeInterface(
        7, [FakeEndpoint(in_ep), FakeEndpoint(0x82, INTERRUPT), FakeEndpoint(out_ep)]
    )


def vendor_interface() -> FakeInterface:
    return FakeInterface(0xFF, [FakeEndpoint(0x02), FakeEndpoint(0x81)])


def no_lpstat(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    raise FileNotFoundError(2, "No such file or directory", "lpstat")


def run_discover(tmp_path: Path, devices: list[Any], run: Any = no_lpstat) -> Discovery:
    return discover(dev_root=tmp_path, usb_finder=lambda: devices, run=run)


def usb_printers(found: Discovery) -> list[DetectedPrinter]:
    return [p for p in found.printers if p.source == "usb"]


# --- USB -----------------------------------------------------------------------------------


def test_printer_class_device_is_listed_with_its_bulk_endpoints(tmp_path: Path) -> None:
    device = FakeDevice(
        0x0456,
        0x0808,
        [FakeInterface(3, [FakeEndpoint(0x84, INTERRUPT)]), printer_interface(0x81, 0x03)],
        manufacturer="Printer Co.",
        product_name="USB POS Printer",
    )
    found = run_discover(tmp_path, [device])
    assert usb_printers(found) == [
        DetectedPrinter(
            uri="usb://0456:0808?in_ep=0x81&out_ep=0x03",
            description="Printer Co. USB POS Printer",
            source="usb",
            profile_hint="",
        )
    ]
    target = parse_printer_uri(found.printers[0].uri)
    assert (target.vendor_id, target.product_id) == (0x0456, 0x0808)
    assert target.options == {"in_ep": 0x81, "out_ep": 0x03}


def test_unidirectional_printer_gets_only_an_out_endpoint(tmp_path: Path) -> None:
    device = FakeDevice(0x0416, 0x5011, [FakeInterface(7, [FakeEndpoint(0x01)])])
    assert usb_printers(run_discover(tmp_path, [device]))[0].uri == "usb://0416:5011?out_ep=0x01"


def test_devices_that_are_not_printers_are_not_listed(tmp_path: Path) -> None:
    mouse = FakeDevice(0x046D, 0xC077, [FakeInterface(3, [FakeEndpoint(0x81, INTERRUPT)])])
    # STMicroelectronics makes printer chips, but also debug probes with bulk endpoints.
    probe = FakeDevice(0x0483, 0x3748, [vendor_interface()], product_name="STM32 STLink")
    storage = FakeDevice(0x0781, 0x5567, [FakeInterface(8, [FakeEndpoint(0x81), FakeEndpoint(2)])])
    found = run_discover(tmp_path, [mouse, probe, storage])
    assert found.printers == []
    assert not any(note.startswith("USB") for note in found.notes)


def test_known_vendor_with_a_vendor_specific_interface_is_listed(tmp_path: Path) -> None:
    # Epson TM printers in "vendor class" mode have no printer-class interface.
    device = FakeDevice(
        0x04B8, 0x0E15, [vendor_interface()], manufacturer="EPSON", product_name="TM-T20II"
    )
    assert usb_printers(run_discover(tmp_path, [device])) == [
        DetectedPrinter(
            uri="usb://04b8:0e15?in_ep=0x81&out_ep=0x02",
            description="EPSON TM-T20II",
            source="usb",
            profile_hint="TM-T20II",
        )
    ]


def test_known_vendor_device_that_cannot_take_data_is_not_listed(tmp_path: Path) -> None:
    hid = FakeDevice(0x04B8, 0x1234, [FakeInterface(3, [FakeEndpoint(0x81, INTERRUPT)])])
    assert run_discover(tmp_path, [hid]).printers == []


def test_printer_class_device_of_known_vendor_gets_the_profile_hint(tmp_path: Path) -> None:
    device = FakeDevice(0x1D90, 0x2060, [printer_interface(0x81, 0x02)])
    (printer,) = usb_printers(run_discover(tmp_path, [device]))
    assert printer.profile_hint == "CT-S651"
    assert printer.description == "USB vendor 1d90 (Citizen), product 2060"


def test_unreadable_strings_fall_back_to_the_ids_and_say_why(tmp_path: Path) -> None:
    device = FakeDevice(0x04B8, 0x0202, [printer_interface()], strings_fail=True)
    found = run_discover(tmp_path, [device])
    (printer,) = usb_printers(found)
    assert printer.description == "USB vendor 04b8 (Epson), product 0202"
    assert printer.uri == "usb://04b8:0202?in_ep=0x81&out_ep=0x03"
    assert any("udev rule" in note for note in found.notes)


def test_unknown_vendor_without_strings_is_named_by_its_vendor_id(tmp_path: Path) -> None:
    device = FakeDevice(0x28E9, 0x0289, [printer_interface()])
    (printer,) = usb_printers(run_discover(tmp_path, [device]))
    assert printer.description == "USB vendor 28e9, product 0289"
    assert not any("udev" in note for note in run_discover(tmp_path, [device]).notes)


def test_unreadable_descriptors_keep_a_known_vendor_without_endpoints(tmp_path: Path) -> None:
    epson = FakeDevice(0x04B8, 0x0202, [], descriptors_fail=True)
    other = FakeDevice(0x1234, 0x5678, [], descriptors_fail=True)
    found = run_discover(tmp_path, [epson, other])
    assert [p.uri for p in found.printers] == ["usb://04b8:0202"]


def test_two_identical_printers_are_both_listed_with_a_warning(tmp_path: Path) -> None:
    devices = [FakeDevice(0x0519, 0x0003, [printer_interface()]) for _ in range(2)]
    found = run_discover(tmp_path, devices)
    assert len(usb_printers(found)) == 2
    assert any("2 devices share 0519:0003" in note for note in found.notes)


def test_no_libusb_backend_is_a_note_not_an_exception(tmp_path: Path) -> None:
    def finder() -> list[Any]:
        raise usb.core.NoBackendError("No backend available")

    found = discover(dev_root=tmp_path, usb_finder=finder, run=no_lpstat)
    assert found.printers == []
    assert (
        "USB: libusb is not installed (apt install libusb-1.0-0), so USB printers cannot be listed"
    ) in found.notes


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ImportError("No module named 'usb'"), "USB: pyusb is not installed"),
        (usb.core.USBError("Pipe error", errno=32), "USB: devices could not be listed"),
        (RuntimeError("surprise"), "USB: devices could not be listed (RuntimeError: surprise)"),
    ],
)
def test_other_usb_failures_are_notes(tmp_path: Path, error: Exception, expected: str) -> None:
    def finder() -> list[Any]:
        raise error

    found = discover(dev_root=tmp_path, usb_finder=finder, run=no_lpstat)
    assert found.printers == []
    assert any(note.startswith(expected) for note in found.notes), found.notes


def test_a_device_that_breaks_midway_does_not_stop_the_others(tmp_path: Path) -> None:
    class Broken:
        @property
        def idVendor(self) -> int:
            raise usb.core.USBError("No such device (it may have been disconnected)", errno=19)

    good = FakeDevice(0x0456, 0x0808, [printer_interface()])
    found = run_discover(tmp_path, [Broken(), good])
    assert [p.uri for p in found.printers] == ["usb://0456:0808?in_ep=0x81&out_ep=0x03"]


# --- CUPS ----------------------------------------------------------------------------------


class FakeLpstat:
    def __init__(self, outputs: dict[str, tuple[int, str, str]]) -> None:
        self.outputs = outputs
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append((args, kwargs))
        code, out, err = self.outputs[args[1]]
        return subprocess.CompletedProcess(args, code, out, err)


def test_lpstat_queues_are_listed_with_their_devices(tmp_path: Path) -> None:
    run = FakeLpstat(
        {
            "-e": (0, "Receipts\nOffice_Laser\nReceipts/narrow\n", ""),
            "-v": (
                0,
                "device for Office_Laser: ipp://192.168.1.20/ipp/print\n"
                "device for Receipts: usb://EPSON/TM-T20II?serial=TX1234\n",
                "",
            ),
        }
    )
    found = run_discover(tmp_path, [], run)
    assert [p for p in found.printers if p.source == "cups"] == [
        DetectedPrinter(
            "cups://Receipts", "CUPS queue for usb://EPSON/TM-T20II?serial=TX1234", "cups"
        ),
        DetectedPrinter(
            "cups://Office_Laser", "CUPS queue for ipp://192.168.1.20/ipp/print", "cups"
        ),
    ]
    assert parse_printer_uri("cups://Receipts").queue == "Receipts"
    for args, kwargs in run.calls:
        assert args[0] == "lpstat"
        assert kwargs["timeout"] == 2
        assert kwargs["env"]["LC_ALL"] == "C"
        assert kwargs["capture_output"] and kwargs["text"]


def test_lpstat_without_devices_still_lists_the_queues(tmp_path: Path) -> None:
    run = FakeLpstat({"-e": (0, "Receipts\n", ""), "-v": (1, "", "lpstat: denied\n")})
    found = run_discover(tmp_path, [], run)
    assert found.printers == [DetectedPrinter("cups://Receipts", "CUPS queue", "cups")]


def test_no_queues_is_neither_a_printer_nor_a_note(tmp_path: Path) -> None:
    found = run_discover(tmp_path, [], FakeLpstat({"-e": (0, "", "")}))
    assert found.printers == [] and not any(n.startswith("CUPS") for n in found.notes)


def test_lpstat_missing_is_a_note(tmp_path: Path) -> None:
    found = run_discover(tmp_path, [], no_lpstat)
    assert found.printers == []
    assert any(note.startswith("CUPS: lpstat not found") for note in found.notes)


def test_lpstat_failing_or_hanging_is_a_note(tmp_path: Path) -> None:
    failing = FakeLpstat({"-e": (1, "", "lpstat: Scheduler is not running.\n")})
    found = run_discover(tmp_path, [], failing)
    assert "CUPS: lpstat failed (lpstat: Scheduler is not running.), so no queues listed" in (
        found.notes
    )

    def hanging(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        raise subprocess.TimeoutExpired(args, kwargs["timeout"])

    found = run_discover(tmp_path, [], hanging)
    assert any("did not answer within 2 s" in note for note in found.notes)


def test_a_queue_name_that_no_uri_can_hold_is_a_note(tmp_path: Path) -> None:
    found = run_discover(tmp_path, [], FakeLpstat({"-e": (0, "What?\n", ""), "-v": (0, "", "")}))
    assert found.printers == []
    assert any("'What?' cannot be written as a cups:// URI" in n for n in found.notes)


# --- device files --------------------------------------------------------------------------


def make_dev(tmp_path: Path, *names: str) -> Path:
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    return tmp_path


def test_device_files_and_usb_serial_ports_are_listed_but_not_ttyS(tmp_path: Path) -> None:
    dev = make_dev(
        tmp_path, "usb/lp0", "usb/lp10", "usb/lp2", "ttyUSB0", "ttyACM0", "ttyS0", "ttyS1", "lp0"
    )
    found = discover(dev_root=dev, usb_finder=lambda: [], run=no_lpstat)
    assert [(p.uri, p.source) for p in found.printers] == [
        (f"file://{dev}/usb/lp0", "device"),
        (f"file://{dev}/usb/lp2", "device"),
        (f"file://{dev}/usb/lp10", "device"),
        (f"serial://{dev}/ttyUSB0?baudrate=19200", "serial"),
        (f"serial://{dev}/ttyACM0?baudrate=19200", "serial"),
    ]
    assert not any("ttyS" in p.uri for p in found.printers)
    assert parse_printer_uri(found.printers[3].uri).options == {"baudrate": 19200}
    assert "usblp" in found.printers[0].description


def test_missing_dev_root_lists_nothing_and_does_not_raise(tmp_path: Path) -> None:
    found = discover(dev_root=tmp_path / "absent", usb_finder=lambda: [], run=no_lpstat)
    assert found.printers == []


def test_usb_and_usblp_together_warn_about_double_listing(tmp_path: Path) -> None:
    dev = make_dev(tmp_path, "usb/lp0")
    found = run_discover(dev, [FakeDevice(0x0456, 0x0808, [printer_interface()])])
    assert any("use one of them, not both" in note for note in found.notes)


def test_every_uri_found_parses(tmp_path: Path) -> None:
    dev = make_dev(tmp_path, "usb/lp0", "ttyUSB3")
    devices = [
        FakeDevice(0x04B8, 0x0E15, [vendor_interface()]),
        FakeDevice(0x0456, 0x0808, [printer_interface()]),
    ]
    found = run_discover(dev, devices, FakeLpstat({"-e": (0, "Receipts\n", ""), "-v": (0, "", "")}))
    assert len(found.printers) == 5
    for printer in found.printers:
        parse_printer_uri(printer.uri)


# --- the table -----------------------------------------------------------------------------


def test_table_lists_every_uri_in_aligned_columns_then_the_notes() -> None:
    found = Discovery(
        printers=[
            DetectedPrinter(
                "usb://04b8:0e15?in_ep=0x81&out_ep=0x02", "EPSON TM-T20II", "usb", "TM-T20II"
            ),
            DetectedPrinter("cups://Receipts", "CUPS queue", "cups"),
            DetectedPrinter("file:///dev/usb/lp0", "USB printer device file (usblp)", "device"),
        ],
        notes=["CUPS: lpstat failed (x), so no queues listed"],
    )
    text = format_table(found)
    lines = text.splitlines()
    assert lines[0].split() == ["URI", "KIND", "DESCRIPTION", "PROFILE", "HINT"]
    for printer, line in zip(found.printers, lines[1:4], strict=True):
        assert line.startswith(printer.uri)
        kind_at, description_at = lines[0].index("KIND"), lines[0].index("DESCRIPTION")
        assert line[kind_at:].startswith(printer.source + " ")
        assert line[description_at:].startswith(printer.description)
    assert lines[1].endswith("TM-T20II") and lines[2].endswith("-")
    assert "- CUPS: lpstat failed (x), so no queues listed" in lines
    assert text.index("Notes:") > text.index("file:///dev/usb/lp0")
    assert "POS_PRINTER=tcp://192.168.1.50:9100" in text  # network printers are never listed
    assert "No printer was detected" not in text


def test_empty_table_tells_how_to_set_the_printer_by_hand() -> None:
    text = format_table(Discovery(notes=["CUPS: lpstat not found"]))
    assert text.startswith("No printer was detected.")
    assert "- CUPS: lpstat not found" in text
    assert "Set POS_PRINTER by hand" in text
    assert "POS_PRINTER=tcp://192.168.1.50:9100" in text
    assert "network scan" in text
    for line in text.splitlines():
        if line.strip().startswith("POS_PRINTER="):
            parse_printer_uri(line.split()[0].removeprefix("POS_PRINTER="))


def test_real_machine_discovery_never_raises() -> None:
    found = discover()
    assert isinstance(format_table(found), str)
    for printer in found.printers:
        parse_printer_uri(printer.uri)
