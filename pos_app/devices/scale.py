"""A retail scale on a serial port, spoken to in the Toledo 8217 (NCR-compatible) protocol.

The host asks and the scale answers (docs/devices.md, "Scale"):

    host -> scale   ``W`` (0x57): send the weight
    scale -> host   ``STX d d . d d d CR``    a stable weight in kg, 3 decimals (5 digits),
                    ``STX d d d . d d d CR``  or 6 digits, e.g. ``02 30 31 2E 32 33 34 0D``
                                              is 1.234 kg
                    ``STX ? S CR``            no valid weight; S is the status byte

Status byte S (bit 7 is parity and ignored; bits 5 and 6 are always 1, so it is 0x60-0x7F):

    bit 0  motion                      -> retried until ``timeout_s``, then ``scale.unstable``
    bit 1  over capacity               -> ``scale.overload``
    bit 2  under zero                  -> ``scale.zero``
    bit 3  outside zero capture range  -> ``scale.zero`` (the scale must be zeroed)
    bit 4  centre of zero (empty)      -> ``scale.zero``

A weight of 0.000 is ``scale.zero`` as well. Nothing, a short reply, a reply that does not
start with STX or end with CR, or any other bytes are ``scale.unavailable`` with the bytes in
the message. The line is 9600 baud, 7 data bits, even parity, 1 stop bit unless the URI says
otherwise (``serial:/dev/ttyUSB0?baud=9600&bits=7&parity=E``).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

import serial  # type: ignore[import-untyped]  # pyserial ships no type hints

from pos_app.errors import UserError

log = logging.getLogger(__name__)

STX = 0x02
CR = 0x0D
WEIGH = b"W"
MAX_REPLY = 16  # the longest reply is 9 bytes; more without a CR is not this protocol
MOTION_RETRY_S = 0.25  # how long a scale in motion gets before it is asked again

STATUS_MOTION = 0x01
STATUS_OVER = 0x02
STATUS_UNDER_ZERO = 0x04
STATUS_ZERO_RANGE = 0x08
STATUS_CENTRE_ZERO = 0x10
STATUS_FIXED = 0x60  # bits 5 and 6, always set in a status byte

try:  # pyserial lets a refused line setting through as termios.error, not an OSError
    import termios

    _OPEN_ERRORS: tuple[type[Exception], ...] = (
        serial.SerialException,
        OSError,
        ValueError,
        termios.error,
    )
except ImportError:  # Windows
    _OPEN_ERRORS = (serial.SerialException, OSError, ValueError)

_WEIGHT = re.compile(rb"(\d{2,3})\.(\d{3})")
_PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


class ScaleError(UserError):
    """No usable weight: ``scale.unavailable``, ``scale.unstable``, ``scale.zero`` or
    ``scale.overload``."""


@dataclass(frozen=True, slots=True)
class Weighing:
    weight_milli: int  # grams, i.e. thousandths of a kg: the cart line's qty_milli


class Scale(Protocol):
    def read_weight(self, timeout_s: float = 3.0) -> Weighing:
        """A stable, positive weight, or ScaleError."""
        ...

    def close(self) -> None: ...


def _unavailable(message: str, **params: Any) -> ScaleError:
    return ScaleError("scale.unavailable", message, **params)


def describe(data: bytes) -> str:
    """Bytes as hex, the way a person compares them with a scale's manual."""
    return " ".join(f"{b:02X}" for b in data) if data else "nothing"


def status_error(status: int) -> ScaleError | None:
    """The error a status byte means; None for motion alone (ask again)."""
    status &= 0x7F  # bit 7 is parity on a 7-bit line
    if status & STATUS_FIXED != STATUS_FIXED:
        return _unavailable(
            f"The scale sent status byte {status:02X}, which is not an 8217 status byte "
            "(bits 5 and 6 must be set)",
            status=status,
        )
    if status & STATUS_OVER:
        return ScaleError("scale.overload", "The scale is over capacity")
    if status & STATUS_UNDER_ZERO:
        return ScaleError("scale.zero", "The scale reads under zero: zero it with nothing on it")
    if status & STATUS_ZERO_RANGE:
        return ScaleError("scale.zero", "The scale is outside its zero range: zero it")
    if status & STATUS_MOTION:
        return None
    if status & STATUS_CENTRE_ZERO:
        return ScaleError("scale.zero", "Nothing is on the scale")
    return _unavailable(
        f"The scale sent status byte {status:02X} with no weight and no reason", status=status
    )


def parse_reply(reply: bytes) -> Weighing | None:
    """One reply to ``W``: a Weighing, None for motion, or ScaleError naming the bytes."""
    if len(reply) < 4 or reply[0] != STX or reply[-1] != CR:
        raise _unavailable(
            f"The scale's reply is not STX ... CR: {describe(reply)}", reply=describe(reply)
        )
    body = reply[1:-1]
    if body[:1] == b"?":
        if len(body) != 2:
            raise _unavailable(
                f"The scale's status reply is not STX ? S CR: {describe(reply)}",
                reply=describe(reply),
            )
        error = status_error(body[1])
        if error is None:
            return None
        raise error
    match = _WEIGHT.fullmatch(body)
    if match is None:
        raise _unavailable(
            f"The scale's reply is not a weight in kg with 3 decimals: {describe(reply)}",
            reply=describe(reply),
        )
    weight_milli = int(match.group(1)) * 1000 + int(match.group(2))
    if weight_milli == 0:
        raise ScaleError("scale.zero", "Nothing is on the scale")
    return Weighing(weight_milli)


class SerialScale:
    """An 8217 scale on a serial port. The port opens on the first read and again after a
    failure, so a scale unplugged and plugged back in works without a restart."""

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 9600,
        timeout_s: float = 1.0,
        bytesize: int = 7,
        parity: str = "E",
    ) -> None:
        if parity not in _PARITIES:
            raise UserError("scale.bad_uri", f"Scale parity {parity!r}: use N, E or O")
        if bytesize not in (7, 8):
            raise UserError("scale.bad_uri", f"Scale data bits {bytesize}: use 7 or 8")
        self.port = port
        self.baudrate = baudrate
        self.timeout_s = timeout_s
        self.bytesize = bytesize
        self.parity = parity
        self._serial: Any = None
        self._lock = threading.Lock()  # one exchange at a time on the wire

    def __repr__(self) -> str:
        return f"SerialScale({self.port!r}, {self.baudrate} {self.bytesize}{self.parity}1)"

    def _open(self) -> Any:
        if self._serial is None:
            try:
                self._serial = serial.serial_for_url(
                    self.port,
                    baudrate=self.baudrate,
                    bytesize=self.bytesize,
                    parity=_PARITIES[self.parity],
                    stopbits=serial.STOPBITS_ONE,
                    timeout=self.timeout_s,
                    write_timeout=self.timeout_s,
                )
            except _OPEN_ERRORS as exc:
                raise _unavailable(
                    f"Cannot open the scale's port {self.port} at {self.baudrate} "
                    f"{self.bytesize}{self.parity}1: {exc}",
                    port=self.port,
                ) from exc
        return self._serial

    def _exchange(self, wait_s: float) -> bytes:
        """Send ``W`` and read one reply up to CR; the port is closed again on failure."""
        port = self._open()
        try:
            port.reset_input_buffer()  # a stale or half reply must not answer this W
            wait = max(0.05, min(self.timeout_s, wait_s))
            if port.timeout != wait:  # setting it reconfigures the line
                port.timeout = wait
            port.write(WEIGH)
            port.flush()
            return bytes(port.read_until(b"\r", MAX_REPLY))
        except _OPEN_ERRORS as exc:
            self.close()
            raise _unavailable(
                f"The scale's port {self.port} failed at {self.baudrate} "
                f"{self.bytesize}{self.parity}1: {exc}",
                port=self.port,
            ) from exc

    def read_weight(self, timeout_s: float = 3.0) -> Weighing:
        deadline = time.monotonic() + timeout_s
        with self._lock:
            while True:
                reply = self._exchange(deadline - time.monotonic())
                if not reply:
                    raise _unavailable(
                        f"The scale on {self.port} did not answer (check the cable, "
                        "baud rate, data bits and parity, and that it is in 8217 mode)",
                        port=self.port,
                    )
                weighing = parse_reply(reply)
                if weighing is not None:
                    return weighing
                if time.monotonic() + MOTION_RETRY_S >= deadline:
                    raise ScaleError("scale.unstable", "The weight is not steady")
                log.debug("Scale %s in motion; asking again", self.port)
                time.sleep(MOTION_RETRY_S)

    def close(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError) as exc:
                log.debug("Closing scale port %s: %s", self.port, exc)


class FakeScale:
    """A scale for tests and the demo: the test sets what the next reads return."""

    def __init__(self, weight_milli: int = 0) -> None:
        self.weight_milli = weight_milli
        self.reads = 0  # read_weight calls, whatever they returned
        self.closed = False
        self._unstable = 0  # reads still in motion; -1: until set_weight
        self._overload = False
        self._connected = True

    def set_weight(self, weight_milli: int) -> None:
        """A steady weight (0 or less reads as scale.zero); clears motion and overload."""
        self.weight_milli = weight_milli
        self._unstable = 0
        self._overload = False

    def set_unstable(self, reads: int | None = None) -> None:
        """In motion for the next ``reads`` reads (None: until set_weight)."""
        self._unstable = -1 if reads is None else reads

    def set_overload(self) -> None:
        self._overload = True

    def disconnect(self) -> None:
        self._connected = False

    def reconnect(self) -> None:
        self._connected = True

    def read_weight(self, timeout_s: float = 3.0) -> Weighing:
        self.reads += 1
        if not self._connected:
            raise _unavailable("The scale did not answer (fake scale disconnected)")
        if self._overload:
            raise ScaleError("scale.overload", "The scale is over capacity")
        if self._unstable:
            self._unstable -= 1 if self._unstable > 0 else 0
            raise ScaleError("scale.unstable", "The weight is not steady")
        if self.weight_milli <= 0:
            raise ScaleError("scale.zero", "Nothing is on the scale")
        return Weighing(self.weight_milli)

    def close(self) -> None:
        self.closed = True


def _bad_uri(uri: str, reason: str) -> UserError:
    return UserError("scale.bad_uri", f"Scale {uri!r}: {reason}", uri=uri, reason=reason)


def _serial_scale(uri: str, rest: str) -> SerialScale:
    port, _, query = rest.partition("?")
    if port.startswith("//"):  # serial:///dev/ttyUSB0 as well as serial:/dev/ttyUSB0
        port = port[2:]
    if not port:
        raise _bad_uri(uri, "no port; write serial:/dev/ttyUSB0")
    options: dict[str, Any] = {}
    for item in filter(None, query.split("&")):
        name, sep, value = item.partition("=")
        if not sep or not value:
            raise _bad_uri(uri, f"option {item!r} has no value")
        if name == "baud":
            if not value.isdigit() or int(value) not in serial.Serial.BAUDRATES:
                raise _bad_uri(uri, f"baud={value} is not a serial baud rate")
            options["baudrate"] = int(value)
        elif name == "bits":
            if value not in ("7", "8"):
                raise _bad_uri(uri, f"bits={value}: use 7 or 8")
            options["bytesize"] = int(value)
        elif name == "parity":
            if value.upper() not in _PARITIES:
                raise _bad_uri(uri, f"parity={value}: use N, E or O")
            options["parity"] = value.upper()
        elif name == "timeout":
            try:
                seconds = float(value)
            except ValueError:
                seconds = 0.0
            if not 0 < seconds <= 30:
                raise _bad_uri(uri, f"timeout={value}: seconds between 0 and 30")
            options["timeout_s"] = seconds
        else:
            raise _bad_uri(uri, f"unknown option {name!r} (baud, bits, parity, timeout)")
    return SerialScale(port, **options)


def open_scale(uri: str) -> Scale | None:
    """The scale a URI names: ``""``/``none`` none, ``serial:PORT?baud=..``, ``fake:GRAMS``."""
    text = uri.strip()
    if text.lower() in ("", "none"):
        return None
    scheme, sep, rest = text.partition(":")
    if not sep:
        raise _bad_uri(uri, "no scheme; use serial:/dev/ttyUSB0, fake:450 or none")
    scheme = scheme.lower()
    if scheme == "serial":
        return _serial_scale(uri, rest)
    if scheme == "fake":
        if not rest.isdigit():
            raise _bad_uri(uri, f"{rest!r} is not a weight in grams; write fake:450")
        return FakeScale(int(rest))
    raise _bad_uri(uri, f"unknown scheme {scheme!r}; use serial:, fake: or none")
