"""The wire to a receipt printer: open, ask its status, send a job's bytes, close.

A network printer is a plain TCP socket with one timeout for connect, send and receive.
python-escpos's classes do the device work for the others (docs/printing.md): ``Usb`` with
keyword arguments and a timeout (the default blocks forever when the printer stops
reading); ``Serial``; ``File``. A CUPS queue takes the bytes raw through ``lp``. Only
connections that can read answer ``DLE EOT``; the rest report ``UNKNOWN``, never "ready".
A printer on a connection that can read but that does not answer is ``NOT_ANSWERING``: it
lost power or hung, and a job sent to it may not be on paper.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import socket
import subprocess
from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol

from pos_app.devices.printer_uri import PrinterTarget

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"


class PrinterStatus(StrEnum):
    READY = "ready"
    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    UNREACHABLE = "unreachable"  # could not connect at all
    NOT_ANSWERING = "not_answering"  # connected, the connection can read, the printer is silent
    UNKNOWN = "unknown"  # connected, but the connection cannot read (file, CUPS), or the
    # printer's reply is not a status byte

    @property
    def blocks_printing(self) -> bool:
        return self in (
            PrinterStatus.OFFLINE,
            PrinterStatus.PAPER_OUT,
            PrinterStatus.COVER_OPEN,
            PrinterStatus.UNREACHABLE,
            PrinterStatus.NOT_ANSWERING,
        )


class LinkError(Exception):
    """The connection failed. ``nothing_sent`` says whether a retry can print twice."""

    def __init__(self, message: str, *, nothing_sent: bool) -> None:
        super().__init__(message)
        self.nothing_sent = nothing_sent


def status_from_replies(online: bytes, offline_cause: bytes, paper: bytes) -> PrinterStatus:
    """Read the DLE EOT 1, 2 and 4 replies (Epson's bit layout, which the others follow)."""
    if len(online) != 1:
        return PrinterStatus.NOT_ANSWERING
    if online[0] & 0x93 != 0x12:
        return PrinterStatus.UNKNOWN  # an answer, but not a status byte
    if len(paper) == 1 and paper[0] & 0x60:
        return PrinterStatus.PAPER_OUT
    if online[0] & 0x08:  # offline: ask why
        if len(offline_cause) == 1 and offline_cause[0] & 0x04:
            return PrinterStatus.COVER_OPEN
        if len(offline_cause) == 1 and offline_cause[0] & 0x20:
            return PrinterStatus.PAPER_OUT
        return PrinterStatus.OFFLINE
    return PrinterStatus.READY


def read_status(query: Callable[[int], bytes], description: str) -> PrinterStatus:
    """Ask DLE EOT 1 (and 2 when offline, and 4) on a connection that can read.

    No answer (a timeout, an empty reply, a closed or reset connection) is ``NOT_ANSWERING``,
    never ``UNKNOWN``: this printer can answer, so its silence means it lost power or hung.
    """
    try:
        online = query(1)
        if len(online) != 1:
            log.info("%s did not answer a status query", description)
            return PrinterStatus.NOT_ANSWERING
        cause = query(2) if online[0] & 0x08 else b""
        paper = query(4)
    except Exception as error:  # timeouts, OSError, pyusb USBError, pyserial SerialException
        log.info("%s did not answer a status query: %s", description, error)
        return PrinterStatus.NOT_ANSWERING
    return status_from_replies(online, cause, paper)


class PrinterLink(Protocol):
    def status(self) -> PrinterStatus: ...

    def send(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class EscposLink:
    """A python-escpos connection object, opened for one job and closed after it."""

    def __init__(self, device: Any, *, can_read: bool, description: str) -> None:
        self._device = device
        self._can_read = can_read
        self.description = description
        try:
            device.open()
        except Exception as error:  # each class raises its own errors
            raise LinkError(f"{description}: {_reason(error)}", nothing_sent=True) from error

    def _query(self, n: int) -> bytes:
        self._device._raw(DLE_EOT + bytes([n]))
        reply = self._device._read()
        return bytes(reply or b"")[-1:]

    def status(self) -> PrinterStatus:
        if not self._can_read:
            return PrinterStatus.UNKNOWN
        return read_status(self._query, self.description)

    def send(self, data: bytes) -> None:
        try:
            self._device._raw(data)
        except Exception as error:
            # Part of the job may have reached the printer: the caller must not resend blindly.
            raise LinkError(f"{self.description}: {_reason(error)}", nothing_sent=False) from error

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._device.close()


class SocketLink:
    """A network printer on a raw TCP port (9100), one connection per job.

    Opened with the standard library rather than python-escpos's ``Network``, whose ``open``
    leaves the socket unclosed when the connection is refused (every retry leaked one).
    """

    def __init__(self, host: str, port: int, timeout_s: float, *, can_read: bool = True) -> None:
        self.description = f"{host}:{port}"
        self._can_read = can_read
        try:
            self._sock = socket.create_connection((host, port), timeout=timeout_s)
        except OSError as error:
            raise LinkError(f"{self.description}: {_reason(error)}", nothing_sent=True) from error

    def _query(self, n: int) -> bytes:
        self._sock.sendall(DLE_EOT + bytes([n]))
        return self._sock.recv(1)

    def status(self) -> PrinterStatus:
        if not self._can_read:
            return PrinterStatus.UNKNOWN
        return read_status(self._query, self.description)

    def send(self, data: bytes) -> None:
        try:
            self._sock.sendall(data)
        except OSError as error:
            raise LinkError(f"{self.description}: {_reason(error)}", nothing_sent=False) from error

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()


class CupsLink:
    """A CUPS queue fed raw bytes through ``lp -o raw``: it cannot tell the printer's state."""

    def __init__(self, queue: str, timeout_s: float) -> None:
        self.queue = queue
        self.timeout_s = timeout_s
        if shutil.which("lp") is None:
            raise LinkError(
                "CUPS: the lp command is not installed (cups-client)", nothing_sent=True
            )

    def status(self) -> PrinterStatus:
        return PrinterStatus.UNKNOWN

    def send(self, data: bytes) -> None:
        try:
            done = subprocess.run(
                ["lp", "-d", self.queue, "-o", "raw"],
                input=data,
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise LinkError(f"CUPS {self.queue}: lp timed out", nothing_sent=False) from error
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            # lp refuses before queueing anything (unknown queue, not accepting jobs).
            raise LinkError(f"CUPS {self.queue}: {message}", nothing_sent=True)

    def close(self) -> None:
        return None


class MemoryLink:
    """``dummy:``: keeps every job's bytes (tests, and trying the app without a printer)."""

    def __init__(self, sink: list[bytes]) -> None:
        self._sink = sink

    def status(self) -> PrinterStatus:
        return PrinterStatus.READY

    def send(self, data: bytes) -> None:
        self._sink.append(data)

    def close(self) -> None:
        return None


def _reason(error: BaseException) -> str:
    text = str(error).strip().replace("\n", " ")
    return text or type(error).__name__


def _quiet_escpos() -> Any:
    # python-escpos prints and configures logging when imported (docs/printing.md).
    with contextlib.redirect_stdout(io.StringIO()):
        from escpos import printer

    return printer


def open_link(target: PrinterTarget, memory: list[bytes] | None = None) -> PrinterLink:
    """Connect to the printer for one job; raises ``LinkError`` (nothing sent) on failure."""
    if target.scheme == "dummy":
        return MemoryLink(memory if memory is not None else [])
    if target.scheme == "cups":
        return CupsLink(target.queue, target.timeout_s)
    if target.scheme == "tcp":
        return SocketLink(target.host, target.port, target.timeout_s, can_read=target.asks_status)
    printer = _quiet_escpos()
    profile = target.profile or None
    if target.scheme == "usb":
        extra = {k: v for k, v in target.options.items() if k in ("in_ep", "out_ep")}
        device = printer.Usb(
            idVendor=target.vendor_id,
            idProduct=target.product_id,
            timeout=int(target.timeout_s * 1000),
            profile=profile,
            **extra,
        )
        name = f"USB {target.vendor_id:04x}:{target.product_id:04x}"
        return EscposLink(device, can_read=target.asks_status, description=name)
    if target.scheme == "serial":
        device = printer.Serial(
            devfile=target.path,
            baudrate=int(target.options.get("baudrate", 9600)),
            timeout=target.timeout_s,
            profile=profile,
        )
        return EscposLink(device, can_read=target.asks_status, description=target.path)
    device = printer.File(devfile=target.path, profile=profile)
    return EscposLink(device, can_read=False, description=target.path)
