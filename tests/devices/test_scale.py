"""The 8217 scale: every reply form, the status bits, bad replies, URIs, and a real round trip
through a pseudo-terminal with pyserial on one end and a thread acting as the scale."""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pos_app.devices.scale import (
    FakeScale,
    ScaleError,
    SerialScale,
    Weighing,
    describe,
    open_scale,
    parse_reply,
)
from pos_app.errors import UserError


@pytest.mark.parametrize(
    ("reply", "grams"),
    [
        (b"\x0201.234\r", 1234),
        (b"\x0200.450\r", 450),
        (b"\x0215.000\r", 15000),
        (b"\x02012.345\r", 12345),  # the 6-digit form
        (b"\x02000.001\r", 1),
        (b"\x02999.999\r", 999999),
    ],
)
def test_weight_replies(reply: bytes, grams: int) -> None:
    assert parse_reply(reply) == Weighing(grams)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (0x62, "scale.overload"),  # bit 1
        (0x64, "scale.zero"),  # bit 2 under zero
        (0x68, "scale.zero"),  # bit 3 outside zero capture range
        (0x70, "scale.zero"),  # bit 4 centre of zero: nothing on the scale
        (0x63, "scale.overload"),  # over capacity wins over motion: waiting cannot help
        (0xE2, "scale.overload"),  # bit 7 is parity and ignored
        (0x60, "scale.unavailable"),  # a status with no reason
        (0x22, "scale.unavailable"),  # bit 6 clear: not a status byte
    ],
)
def test_status_replies(status: int, code: str) -> None:
    with pytest.raises(ScaleError) as caught:
        parse_reply(bytes([0x02, ord("?"), status, 0x0D]))
    assert caught.value.code == code


@pytest.mark.parametrize("status", [0x61, 0x71, 0xE1])
def test_motion_is_none_so_the_caller_asks_again(status: int) -> None:
    assert parse_reply(bytes([0x02, ord("?"), status, 0x0D])) is None


def test_zero_weight_is_scale_zero() -> None:
    with pytest.raises(ScaleError) as caught:
        parse_reply(b"\x0200.000\r")
    assert caught.value.code == "scale.zero"


@pytest.mark.parametrize(
    ("reply", "shown"),
    [
        (b"", "nothing"),
        (b"\x02", "02"),
        (b"\x021.2\r", "02 31 2E 32 0D"),  # too few digits
        (b"\x0201.23\r", "02 30 31 2E 32 33 0D"),  # 2 decimals: the scale is in lb
        (b"\x0201234\r", "02 30 31 32 33 34 0D"),  # no decimal point
        (b"\x021234.567\r", "02 31 32 33 34 2E 35 36 37 0D"),  # 7 digits
        (b"01.234\r", "30 31 2E 32 33 34 0D"),  # no STX
        (b"\x0201.234", "02 30 31 2E 32 33 34"),  # no CR (cut short)
        (b"\x02-1.234\r", "02 2D 31 2E 32 33 34 0D"),
        (b"\x02?\r", "02 3F 0D"),  # status without its byte
        (b"\x02?ab\r", "02 3F 61 62 0D"),
        (b"\xff\xfe\xfd\xfc", "FF FE FD FC"),
    ],
)
def test_garbage_is_unavailable_naming_the_bytes(reply: bytes, shown: str) -> None:
    with pytest.raises(ScaleError) as caught:
        parse_reply(reply)
    assert caught.value.code == "scale.unavailable"
    assert shown in caught.value.message


def test_describe() -> None:
    assert describe(b"\x02?a\r") == "02 3F 61 0D"
    assert describe(b"") == "nothing"


# -- the fake ----------------------------------------------------------------------------


def test_fake_scale_states() -> None:
    scale = FakeScale(450)
    assert scale.read_weight() == Weighing(450)
    scale.set_unstable()
    for _ in range(3):
        with pytest.raises(ScaleError, match="not steady"):
            scale.read_weight()
    scale.set_weight(1200)
    assert scale.read_weight().weight_milli == 1200
    scale.set_unstable(reads=2)
    codes = []
    for _ in range(3):
        try:
            codes.append(str(scale.read_weight().weight_milli))
        except ScaleError as exc:
            codes.append(exc.code)
    assert codes == ["scale.unstable", "scale.unstable", "1200"]
    scale.set_overload()
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.code == "scale.overload"
    scale.set_weight(0)
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.code == "scale.zero"
    scale.set_weight(300)
    scale.disconnect()
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.code == "scale.unavailable"
    scale.reconnect()
    assert scale.read_weight().weight_milli == 300
    assert scale.reads == 12
    scale.close()
    assert scale.closed


# -- URIs --------------------------------------------------------------------------------


def test_open_scale_uris() -> None:
    assert open_scale("") is None
    assert open_scale(" none ") is None
    fake = open_scale("fake:450")
    assert isinstance(fake, FakeScale)
    assert fake.read_weight().weight_milli == 450
    serial_scale = open_scale("serial:/dev/ttyUSB0?baud=19200&bits=8&parity=n&timeout=0.5")
    assert isinstance(serial_scale, SerialScale)
    assert (serial_scale.port, serial_scale.baudrate) == ("/dev/ttyUSB0", 19200)
    assert (serial_scale.bytesize, serial_scale.parity, serial_scale.timeout_s) == (8, "N", 0.5)
    plain = open_scale("serial:///dev/ttyS0")
    assert isinstance(plain, SerialScale)
    assert (plain.port, plain.baudrate, plain.bytesize, plain.parity) == (
        "/dev/ttyS0",
        9600,
        7,
        "E",
    )


@pytest.mark.parametrize(
    ("uri", "named"),
    [
        ("ttyUSB0", "no scheme"),
        ("usb:04b8", "unknown scheme 'usb'"),
        ("serial:", "no port"),
        ("serial:/dev/ttyUSB0?baud=12345", "baud=12345"),
        ("serial:/dev/ttyUSB0?baud", "'baud' has no value"),
        ("serial:/dev/ttyUSB0?bits=6", "bits=6"),
        ("serial:/dev/ttyUSB0?parity=X", "parity=X"),
        ("serial:/dev/ttyUSB0?timeout=abc", "timeout=abc"),
        ("serial:/dev/ttyUSB0?speed=9600", "unknown option 'speed'"),
        ("fake:heavy", "'heavy' is not a weight"),
        ("fake:-5", "'-5' is not a weight"),
    ],
)
def test_bad_uris(uri: str, named: str) -> None:
    with pytest.raises(UserError) as caught:
        open_scale(uri)
    assert caught.value.code == "scale.bad_uri"
    assert named in caught.value.message


# -- over a wire -------------------------------------------------------------------------


# Linux pseudo-terminals refuse 7 data bits with parity on some kernels (EINVAL from
# tcsetattr), so the wire tests use 8N1; the protocol bytes are 7-bit ASCII either way.
PTY_LINE: dict[str, Any] = {"bytesize": 8, "parity": "N"}


class PtyScale:
    """A thread on a pseudo-terminal's master end answering each ``W`` with the next reply."""

    def __init__(self, replies: list[bytes]) -> None:
        self.master, self.slave = os.openpty()
        self.port = os.ttyname(self.slave)
        self.replies = list(replies)
        self.requests = b""
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 64)
            except OSError:
                return
            self.requests += data
            for _ in range(data.count(b"W")):
                if self.replies:
                    os.write(self.master, self.replies.pop(0))

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=2)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty_scale() -> Iterator[Callable[[list[bytes]], PtyScale]]:
    made: list[PtyScale] = []

    def make(replies: list[bytes]) -> PtyScale:
        made.append(PtyScale(replies))
        return made[-1]

    yield make
    for scale in made:
        scale.stop()


def test_round_trip_through_a_pty(pty_scale: Callable[[list[bytes]], PtyScale]) -> None:
    device = pty_scale([b"\x0201.234\r", b"\x02?p\r"])
    scale = SerialScale(device.port, **PTY_LINE, timeout_s=0.5)
    try:
        assert scale.read_weight() == Weighing(1234)
        with pytest.raises(ScaleError) as caught:
            scale.read_weight()
        assert caught.value.code == "scale.zero"
    finally:
        scale.close()
    assert device.requests == b"WW"


def test_motion_is_asked_again_until_steady(pty_scale: Callable[[list[bytes]], PtyScale]) -> None:
    device = pty_scale([b"\x02?a\r", b"\x02?a\r", b"\x0200.875\r"])
    scale = SerialScale(device.port, **PTY_LINE, timeout_s=0.5)
    try:
        assert scale.read_weight(timeout_s=3.0) == Weighing(875)
    finally:
        scale.close()
    assert device.requests == b"WWW"


def test_motion_past_the_timeout_is_unstable(pty_scale: Callable[[list[bytes]], PtyScale]) -> None:
    device = pty_scale([b"\x02?a\r"] * 50)
    scale = SerialScale(device.port, **PTY_LINE, timeout_s=0.5)
    started = time.monotonic()
    try:
        with pytest.raises(ScaleError) as caught:
            scale.read_weight(timeout_s=1.0)
    finally:
        scale.close()
    assert caught.value.code == "scale.unstable"
    assert time.monotonic() - started < 1.5
    assert 2 <= device.requests.count(b"W") <= 5


def test_a_silent_scale_is_unavailable(pty_scale: Callable[[list[bytes]], PtyScale]) -> None:
    device = pty_scale([])
    scale = SerialScale(device.port, **PTY_LINE, timeout_s=0.3)
    try:
        with pytest.raises(ScaleError) as caught:
            scale.read_weight(timeout_s=1.0)
    finally:
        scale.close()
    assert caught.value.code == "scale.unavailable"
    assert "did not answer" in caught.value.message
    assert device.port in caught.value.message


def test_garbage_on_the_wire_names_the_bytes(pty_scale: Callable[[list[bytes]], PtyScale]) -> None:
    device = pty_scale([b"ST,GS,+0001.23kg\r"])
    scale = SerialScale(device.port, **PTY_LINE, timeout_s=0.5)
    try:
        with pytest.raises(ScaleError) as caught:
            scale.read_weight()
    finally:
        scale.close()
    assert caught.value.code == "scale.unavailable"
    assert "53 54 2C" in caught.value.message


def test_a_missing_port_is_unavailable(tmp_path: os.PathLike[str]) -> None:
    scale = SerialScale(f"{tmp_path}/ttyUSB9", timeout_s=0.2)
    with pytest.raises(ScaleError) as caught:
        scale.read_weight()
    assert caught.value.code == "scale.unavailable"
    assert "ttyUSB9" in caught.value.message


def test_the_loop_url_hears_itself_and_refuses_it() -> None:
    """pyserial's loop:// echoes the ``W``: not a reply, and the message shows the byte."""
    scale = SerialScale("loop://", timeout_s=0.2)
    try:
        with pytest.raises(ScaleError) as caught:
            scale.read_weight(timeout_s=0.5)
    finally:
        scale.close()
    assert caught.value.code == "scale.unavailable"
    assert "57" in caught.value.message
