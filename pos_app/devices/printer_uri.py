"""``POS_PRINTER`` URIs: which connection, where, and with which options.

    tcp://192.168.1.50:9100?timeout=5       network printer (port 9100 by default)
    usb://04b8:0202?in_ep=0x81&out_ep=0x02  USB by vendor and product id (hex)
    serial:///dev/ttyUSB0?baudrate=19200    serial port
    file:///dev/usb/lp0                     a device file (usblp)
    cups://Receipts                         a CUPS queue
    dummy:                                  keeps the bytes (tests, preview)

Any of them takes ``profile=NAME`` (the python-escpos capabilities profile). ``tcp``, ``usb``
and ``serial`` take ``status=off`` for a printer that never answers status queries (``DLE
EOT``): its jobs then count as printed once written, as on a device file or CUPS, instead of
being held as "not answering".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from pos_app.errors import UserError

SCHEMES = ("tcp", "usb", "serial", "file", "cups", "dummy")
DEFAULT_TIMEOUT_S = 5.0
_INT_OPTIONS = {"baudrate", "port"}
_HEX_OPTIONS = {"in_ep", "out_ep"}
_FLOAT_OPTIONS = {"timeout"}
_KNOWN_OPTIONS = {
    "tcp": {"timeout", "profile", "status"},
    "usb": {"timeout", "profile", "in_ep", "out_ep", "status"},
    "serial": {"timeout", "profile", "baudrate", "status"},
    "file": {"profile"},
    "cups": {"profile"},
    "dummy": {"profile"},
}


@dataclass(frozen=True, slots=True)
class PrinterTarget:
    scheme: str
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    path: str = ""
    queue: str = ""
    timeout_s: float = DEFAULT_TIMEOUT_S
    profile: str = ""
    options: dict[str, int | float | str] = field(default_factory=dict)
    asks_status: bool = True  # False: ``status=off``, the printer never answers DLE EOT


def _bad(uri: str, reason: str) -> UserError:
    return UserError("printer.bad_uri", f"Printer {uri!r}: {reason}", uri=uri, reason=reason)


def _option(uri: str, name: str, value: str) -> int | float | str:
    try:
        if name in _HEX_OPTIONS:
            return int(value, 16)
        if name in _INT_OPTIONS:
            return int(value)
        if name in _FLOAT_OPTIONS:
            number = float(value)
            if not 0 < number <= 120:
                raise ValueError
            return number
    except ValueError:
        raise _bad(uri, f"{name}={value} is not a valid value") from None
    if name == "status" and value not in ("on", "off"):
        raise _bad(uri, f"status={value} is not a valid value; use status=on or status=off")
    return value


def parse_printer_uri(uri: str, default_profile: str = "") -> PrinterTarget:
    """Read a printer URI; a mistake raises ``printer.bad_uri`` naming what is wrong."""
    text = uri.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise _bad(uri, f"unknown kind {scheme or '(none)'!r}; use one of {', '.join(SCHEMES)}")
    options: dict[str, int | float | str] = {}
    for name, value in parse_qsl(parts.query, keep_blank_values=True):
        if name not in _KNOWN_OPTIONS[scheme]:
            raise _bad(uri, f"option {name!r} does not apply to {scheme}")
        options[name] = _option(uri, name, value)
    profile = str(options.pop("profile", default_profile))
    timeout = float(options.pop("timeout", DEFAULT_TIMEOUT_S))
    asks_status = options.pop("status", "on") == "on"
    if scheme == "tcp":
        if not parts.hostname:
            raise _bad(uri, "a host is needed, e.g. tcp://192.168.1.50:9100")
        try:
            port = parts.port or 9100
        except ValueError:
            raise _bad(uri, "the port is not a number from 1 to 65535") from None
        return PrinterTarget(
            scheme,
            host=parts.hostname,
            port=port,
            timeout_s=timeout,
            profile=profile,
            asks_status=asks_status,
        )
    if scheme == "usb":
        ids = parts.netloc.split(":")
        try:
            vendor, product = (int(part, 16) for part in ids)
        except ValueError:
            raise _bad(
                uri, "use usb://VID:PID with hexadecimal ids, e.g. usb://04b8:0202"
            ) from None
        return PrinterTarget(
            scheme,
            vendor_id=vendor,
            product_id=product,
            timeout_s=timeout,
            profile=profile,
            options=options,
            asks_status=asks_status,
        )
    if scheme in ("serial", "file"):
        if not parts.path:
            raise _bad(uri, f"a device path is needed, e.g. {scheme}:///dev/ttyUSB0")
        return PrinterTarget(
            scheme,
            path=parts.path,
            timeout_s=timeout,
            profile=profile,
            options=options,
            asks_status=asks_status and scheme == "serial",
        )
    if scheme == "cups":
        if not parts.netloc:
            raise _bad(uri, "a queue name is needed, e.g. cups://Receipts")
        return PrinterTarget(scheme, queue=parts.netloc, profile=profile)
    return PrinterTarget(scheme, profile=profile)
