"""Find receipt printers this terminal can reach, each as a ready-to-paste ``POS_PRINTER`` URI.

Four places are looked at, none of them needing a printer driver or network access:

- USB devices through pyusb (libusb): printer-class interfaces, and devices of known
  receipt-printer makers that use a vendor-specific interface instead;
- CUPS queues through ``lpstat``;
- ``/dev/usb/lp*`` device files (the kernel's usblp driver);
- USB serial adapters ``/dev/ttyUSB*`` and ``/dev/ttyACM*`` (never the built-in ``/dev/ttyS*``,
  which exist on every PC whether anything is plugged in or not).

Network printers cannot be found without scanning the network, which this does not do.
Nothing here raises for an environment problem (no libusb, no CUPS, no permission): what
could not be looked at becomes a note in plain English instead.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pos_app.devices.printer_uri import parse_printer_uri
from pos_app.errors import UserError

log = logging.getLogger(__name__)

SOURCES = ("usb", "cups", "device", "serial")
LPSTAT_TIMEOUT_S = 2.0
DEFAULT_BAUDRATE = 19200
USB_CLASS_PRINTER = 7
USB_CLASS_VENDOR_SPECIFIC = 0xFF
_ENDPOINT_IN = 0x80
_ENDPOINT_TYPE_MASK = 0x03
_ENDPOINT_TYPE_BULK = 0x02


@dataclass(frozen=True, slots=True)
class UsbVendor:
    name: str
    profile_hint: str = ""


# USB vendor ids of companies that make receipt printers (and little else that is USB).
# Sources: the linux-usb.org usb.ids list ("04b8 Seiko Epson Corp.", "0519 Star Micronics
# Co., Ltd", "0dd4 Custom Engineering SPA", "2730 Citizen" with "200f CT-S310 Label
# printer"); 1d90 is reported by a Citizen CT-S310II (escpos-php issue #335); 1504 by a
# Bixolon SRP-150 (receipt-print-hq/chrome-raw-print issue #11).
# Deliberately absent: ids of the chip makers whose parts the cheap "POS-58/80" boards use
# (0416 Winbond/Nuvoton, 0483 STMicroelectronics, 1fc9 NXP, 0fe6 ICS Advent, 28e9 GigaDevice):
# thousands of unrelated devices (debug probes, keyboards, dev boards) carry them. Those
# printers report a printer-class interface, so they are found by class anyway.
# The profile hint is the python-escpos profile whose code-page slots match the maker's
# firmware (PC857 at slot 13 for Epson, 12 for Star, 8 for Citizen: see docs/printing.md); no
# hint where no profile of that maker ships with python-escpos 3.1.
KNOWN_USB_VENDORS: dict[int, UsbVendor] = {
    0x04B8: UsbVendor("Epson", "TM-T20II"),
    0x0519: UsbVendor("Star Micronics", "TSP600"),
    0x1D90: UsbVendor("Citizen", "CT-S651"),
    0x2730: UsbVendor("Citizen", "CT-S651"),
    0x1504: UsbVendor("Bixolon"),
    0x0DD4: UsbVendor("Custom"),
}

UsbFinder = Callable[[], Iterable[Any]]
Runner = Callable[..., subprocess.CompletedProcess[str]]


@dataclass(frozen=True, slots=True)
class DetectedPrinter:
    uri: str
    description: str
    source: str  # one of SOURCES
    profile_hint: str = ""


@dataclass(slots=True)
class Discovery:
    printers: list[DetectedPrinter] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _pyusb_devices() -> list[Any]:
    """Every USB device pyusb sees (raises NoBackendError without libusb)."""
    usb_core = importlib.import_module("usb.core")
    return list(usb_core.find(find_all=True))


def discover(
    *,
    dev_root: Path = Path("/dev"),
    usb_finder: UsbFinder = _pyusb_devices,
    run: Runner = subprocess.run,
) -> Discovery:
    """Everything that can be detected here; never raises for a missing library or tool."""
    result = Discovery()
    steps: tuple[tuple[str, Callable[[], None]], ...] = (
        ("USB", partial(_discover_usb, usb_finder, result)),
        ("CUPS", partial(_discover_cups, run, result)),
        ("Device files", partial(_discover_device_files, dev_root, result)),
    )
    for place, step in steps:
        try:
            step()
        except Exception as exc:  # a bug or a surprise must not break `pos printers`
            log.exception("Printer discovery failed: %s", place)
            result.notes.append(f"{place}: could not be looked at ({_describe(exc)})")
    sources = {printer.source for printer in result.printers}
    if {"usb", "device"} <= sources:
        result.notes.append(
            "The same printer may be listed twice, as usb:// (libusb) and as "
            "file:///dev/usb/lp* (the kernel's usblp driver): use one of them, not both"
        )
    return result


# --- USB -----------------------------------------------------------------------------------


def _is_no_backend(exc: BaseException) -> bool:
    try:
        usb_core = importlib.import_module("usb.core")
    except ImportError:
        return False
    no_backend: type[BaseException] = usb_core.NoBackendError
    return isinstance(exc, no_backend)


def _discover_usb(finder: UsbFinder, result: Discovery) -> None:
    try:
        devices = list(finder())
    except ImportError:
        result.notes.append(
            "USB: pyusb is not installed (pip install 'python-escpos[usb]'), "
            "so USB printers cannot be listed"
        )
        return
    except Exception as exc:
        if _is_no_backend(exc):
            result.notes.append(
                "USB: libusb is not installed (apt install libusb-1.0-0), "
                "so USB printers cannot be listed"
            )
        else:
            result.notes.append(f"USB: devices could not be listed ({_describe(exc)})")
        return
    found: list[DetectedPrinter] = []
    unreadable_names = 0
    for device in devices:
        try:
            printer, name_read = _usb_printer(device)
        except Exception as exc:
            log.warning("Skipping a USB device that could not be read: %s", _describe(exc))
            continue
        if printer is not None:
            found.append(printer)
            unreadable_names += not name_read
    result.printers.extend(found)
    if unreadable_names:
        result.notes.append(
            "USB: the name of a device could not be read (usually no permission); "
            "printing over usb:// needs a udev rule giving this user access to the device"
        )
    ids = Counter(printer.uri.split("?")[0] for printer in found)
    for address, count in sorted(ids.items()):
        if count > 1:
            result.notes.append(
                f"USB: {count} devices share {address.removeprefix('usb://')}; "
                "usb:// reaches only the first one found (use a file:// or cups:// URI instead)"
            )


def _usb_printer(device: Any) -> tuple[DetectedPrinter | None, bool]:
    """The printer this device is, if it is one, and whether its name could be read."""
    vendor_id = int(device.idVendor)
    product_id = int(device.idProduct)
    vendor = KNOWN_USB_VENDORS.get(vendor_id)
    try:
        interfaces = _interfaces(device)
    except Exception as exc:  # descriptors unreadable: keep a known maker's device anyway
        log.warning("USB %04x:%04x: interfaces unreadable: %s", vendor_id, product_id, exc)
        interfaces = []
        if vendor is None:
            return None, True
    chosen = _printer_interface(interfaces, known_vendor=vendor is not None)
    if chosen is None and (vendor is None or interfaces):
        return None, True
    uri = f"usb://{vendor_id:04x}:{product_id:04x}"
    if chosen is not None:
        uri += _endpoint_query(chosen)
    name, name_read = _usb_name(device)
    if not name:
        name = f"USB vendor {vendor_id:04x}"
        if vendor is not None:
            name += f" ({vendor.name})"
        name += f", product {product_id:04x}"
    return (
        DetectedPrinter(
            uri=uri,
            description=name,
            source="usb",
            profile_hint=vendor.profile_hint if vendor is not None else "",
        ),
        name_read,
    )


def _interfaces(device: Any) -> list[Any]:
    return [interface for configuration in device for interface in configuration]


def _bulk_endpoints(interface: Any) -> tuple[int | None, int | None]:
    """The first bulk IN and bulk OUT endpoint addresses of an interface."""
    in_ep: int | None = None
    out_ep: int | None = None
    for endpoint in interface:
        if int(endpoint.bmAttributes) & _ENDPOINT_TYPE_MASK != _ENDPOINT_TYPE_BULK:
            continue
        address = int(endpoint.bEndpointAddress)
        if address & _ENDPOINT_IN:
            in_ep = address if in_ep is None else in_ep
        else:
            out_ep = address if out_ep is None else out_ep
    return in_ep, out_ep


def _printer_interface(interfaces: list[Any], *, known_vendor: bool) -> Any | None:
    """The printer-class interface; for a known maker also a vendor-specific one that can
    take data (Epson TM "vendor class" mode, for one). Interfaces that cannot take data
    (no bulk OUT endpoint) are not printers."""
    printer_class = [i for i in interfaces if int(i.bInterfaceClass) == USB_CLASS_PRINTER]
    for interface in printer_class:
        if _bulk_endpoints(interface)[1] is not None:
            return interface
    if printer_class:
        return printer_class[0]
    if not known_vendor:
        return None
    for interface in interfaces:
        if int(interface.bInterfaceClass) != USB_CLASS_VENDOR_SPECIFIC:
            continue
        if _bulk_endpoints(interface)[1] is not None:
            return interface
    return None


def _endpoint_query(interface: Any) -> str:
    try:
        in_ep, out_ep = _bulk_endpoints(interface)
    except Exception as exc:
        log.warning("USB endpoints unreadable: %s", exc)
        return ""
    options = [
        f"{name}=0x{address:02x}"
        for name, address in (("in_ep", in_ep), ("out_ep", out_ep))
        if address is not None
    ]
    return "?" + "&".join(options) if options else ""


def _usb_string(device: Any, index_attribute: str, value_attribute: str) -> str | None:
    """A string descriptor; "" when the device has none, None when it could not be read."""
    try:
        if not int(getattr(device, index_attribute, 0) or 0):
            return ""
        value = getattr(device, value_attribute)
    except Exception:  # reading strings opens the device: no permission raises here
        return None
    return " ".join(str(value or "").replace("\x00", " ").split())


def _usb_name(device: Any) -> tuple[str, bool]:
    manufacturer = _usb_string(device, "iManufacturer", "manufacturer")
    product = _usb_string(device, "iProduct", "product")
    name_read = manufacturer is not None and product is not None
    manufacturer, product = manufacturer or "", product or ""
    if manufacturer and product.lower().startswith(manufacturer.lower()):
        return product, name_read
    return " ".join(part for part in (manufacturer, product) if part), name_read


# --- CUPS ----------------------------------------------------------------------------------


def _lpstat(run: Runner, *options: str) -> subprocess.CompletedProcess[str]:
    return run(
        ["lpstat", *options],
        capture_output=True,
        text=True,
        timeout=LPSTAT_TIMEOUT_S,
        check=False,
        env={**os.environ, "LC_ALL": "C"},  # "device for" must not come back translated
    )


def _first_line(text: str | None) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[0] if lines else ""


_DEVICE_LINE = re.compile(r"^device for (?P<queue>[^:]+):\s*(?P<device>\S.*)$")


def _cups_devices(run: Runner) -> dict[str, str]:
    try:
        completed = _lpstat(run, "-v")
    except (OSError, subprocess.SubprocessError):
        return {}
    if completed.returncode != 0:
        return {}
    devices: dict[str, str] = {}
    for line in (completed.stdout or "").splitlines():
        match = _DEVICE_LINE.match(line.strip())
        if match:
            devices[match["queue"].strip()] = match["device"].strip()
    return devices


def _discover_cups(run: Runner, result: Discovery) -> None:
    try:
        completed = _lpstat(run, "-e")
    except FileNotFoundError:
        result.notes.append("CUPS: lpstat not found (CUPS is not installed), so no queues listed")
        return
    except subprocess.TimeoutExpired:
        result.notes.append(
            f"CUPS: lpstat did not answer within {LPSTAT_TIMEOUT_S:g} s, so no queues listed"
        )
        return
    except (OSError, subprocess.SubprocessError) as exc:
        result.notes.append(f"CUPS: lpstat could not be run ({_describe(exc)})")
        return
    if completed.returncode != 0:
        reason = _first_line(completed.stderr) or f"exit status {completed.returncode}"
        result.notes.append(f"CUPS: lpstat failed ({reason}), so no queues listed")
        return
    queues: list[str] = []
    for line in (completed.stdout or "").splitlines():
        name = line.strip()
        # "Queue/instance" names are saved option sets of the same queue.
        if name and "/" not in name and name not in queues:
            queues.append(name)
    if not queues:
        return
    devices = _cups_devices(run)
    for queue in queues:
        uri = f"cups://{queue}"
        try:
            readable = parse_printer_uri(uri).queue == queue
        except UserError:
            readable = False
        if not readable:
            result.notes.append(
                f"CUPS: queue {queue!r} cannot be written as a cups:// URI; rename the queue"
            )
            continue
        device = devices.get(queue, "")
        description = f"CUPS queue for {device}" if device else "CUPS queue"
        result.printers.append(DetectedPrinter(uri=uri, description=description, source="cups"))


# --- device files --------------------------------------------------------------------------


def _natural_key(path: Path) -> tuple[str, int]:
    match = re.match(r"^(.*?)(\d+)$", path.name)
    return (match[1], int(match[2])) if match else (path.name, -1)


def _device_files(folder: Path, pattern: str) -> list[Path]:
    try:
        return sorted(folder.glob(pattern), key=_natural_key)
    except OSError:
        return []


def _access_problem(path: Path) -> str:
    if os.access(path, os.R_OK | os.W_OK):
        return ""
    try:
        import grp  # Unix only

        group = grp.getgrgid(path.stat().st_gid).gr_name
    except (ImportError, KeyError, OSError):
        return "; not writable by this user"
    return f"; not writable by this user (add the user to group {group})"


def _discover_device_files(dev_root: Path, result: Discovery) -> None:
    for path in _device_files(dev_root / "usb", "lp*"):
        result.printers.append(
            DetectedPrinter(
                uri=f"file://{path.absolute()}",
                description=f"USB printer device file (usblp){_access_problem(path)}",
                source="device",
            )
        )
    for pattern, kind in (("ttyUSB*", "USB serial adapter"), ("ttyACM*", "USB modem-class port")):
        for path in _device_files(dev_root, pattern):
            result.printers.append(
                DetectedPrinter(
                    uri=f"serial://{path.absolute()}?baudrate={DEFAULT_BAUDRATE}",
                    description=(
                        f"{kind}; check the baud rate on the printer's self-test page"
                        f"{_access_problem(path)}"
                    ),
                    source="serial",
                )
            )


# --- output --------------------------------------------------------------------------------

_HEADERS = ("URI", "KIND", "DESCRIPTION", "PROFILE HINT")
_NETWORK_HINT = (
    "Network printers are never listed (finding them would need a network scan):",
    "use the printer's IP address, e.g. POS_PRINTER=tcp://192.168.1.50:9100",
)
_MANUAL_HINT = (
    "Set POS_PRINTER by hand, for example:",
    "  POS_PRINTER=tcp://192.168.1.50:9100               network printer (port 9100)",
    "  POS_PRINTER=usb://04b8:0202                       USB vendor:product id (lsusb)",
    "  POS_PRINTER=file:///dev/usb/lp0                   USB through the usblp driver",
    "  POS_PRINTER=serial:///dev/ttyUSB0?baudrate=19200  serial port",
    "  POS_PRINTER=cups://Receipts                       raw CUPS queue",
)


def format_table(discovery: Discovery) -> str:
    """A plain aligned table of what was found, then the notes, then what to do next."""
    lines: list[str] = []
    if discovery.printers:
        rows = [_HEADERS] + [
            (p.uri, p.source, p.description, p.profile_hint or "-") for p in discovery.printers
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(len(_HEADERS) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
    else:
        lines.append("No printer was detected.")
    if discovery.notes:
        lines.extend(["", "Notes:"])
        lines.extend(f"- {note}" for note in discovery.notes)
    lines.append("")
    if discovery.printers:
        lines.append("Copy a URI into POS_PRINTER. A profile hint is only a guess from the maker:")
        lines.append("set POS_PRINTER_PROFILE (or add ?profile=NAME) and check the test print.")
    else:
        lines.extend(_MANUAL_HINT)
    lines.extend(_NETWORK_HINT)
    return "\n".join(lines) + "\n"


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
