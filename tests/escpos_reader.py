"""A small ESC/POS interpreter for tests: what a printer makes of the bytes our encoder sends.

It understands exactly the commands ``pos_app.devices.escpos_encoder`` and
``pos_app.devices.raster`` emit (through python-escpos 3.1) and refuses anything else, so a new
command shows up as a test failure rather than being misread:

    ESC @, ESC t n, ESC ! n, GS ! n, ESC E n, ESC G n, ESC a n, ESC - n, ESC M n, GS B n,
    ESC { n, ESC d n, ESC J n, ESC p m t1 t2, GS V m [n], GS h n, GS w n, GS f n, GS H n,
    GS k m ..., GS ( k, GS ( L, GS v 0, ESC * m, LF.

Text is decoded with CP857 (the only code page the encoder selects) and measured in columns of
the printer's Font A: a character printed in double width takes two. A control character inside
text (anything below 0x20 but LF, or DEL) is recorded as ``stray``: a printer would take it as
(the start of) a command.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, LF = 0x1B, 0x1D, 0x0A

# Commands with a fixed number of parameter bytes after their two-byte prefix.
_FIXED = {
    (ESC, ord("@")): 0,
    (ESC, ord("t")): 1,
    (ESC, ord("!")): 1,
    (GS, ord("!")): 1,
    (ESC, ord("E")): 1,
    (ESC, ord("G")): 1,
    (ESC, ord("a")): 1,
    (ESC, ord("-")): 1,
    (ESC, ord("M")): 1,
    (GS, ord("B")): 1,
    (ESC, ord("{")): 1,
    (ESC, ord("d")): 1,
    (ESC, ord("J")): 1,
    (ESC, ord("p")): 3,
    (GS, ord("h")): 1,
    (GS, ord("w")): 1,
    (GS, ord("f")): 1,
    (GS, ord("H")): 1,
}


class UnknownCommand(AssertionError):
    """The bytes hold a command this reader (and so, the tests) does not know."""


@dataclass
class Line:
    """One printed text line: its text and its width in Font A columns."""

    text: str
    columns: int
    large: bool  # any of it in double width


@dataclass
class Printout:
    lines: list[Line] = field(default_factory=list)
    images: list[tuple[int, int]] = field(default_factory=list)  # raster (width, height) dots
    barcodes: list[bytes] = field(default_factory=list)
    qr_codes: list[bytes] = field(default_factory=list)
    drawer_kicks: int = 0
    cuts: int = 0
    stray: list[int] = field(default_factory=list)  # control bytes found inside text
    code_pages: list[int] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def widest(self) -> Line | None:
        return max(self.lines, key=lambda line: line.columns, default=None)


def read(data: bytes) -> Printout:
    """Interpret ``data`` as a printer would; raises ``UnknownCommand`` on anything else."""
    out = Printout()
    width = 1  # character width multiplier
    text = bytearray()
    columns = 0
    large = False
    i = 0

    def end_line() -> None:
        nonlocal text, columns, large
        out.lines.append(Line(bytes(text).decode("cp857"), columns, large))
        text, columns, large = bytearray(), 0, False

    def end_pending() -> None:
        if text:
            end_line()

    def word(at: int) -> int:
        return data[at] + 256 * data[at + 1]

    while i < len(data):
        byte = data[i]
        if byte == LF:
            end_line()
            i += 1
            continue
        if byte not in (ESC, GS):
            if byte < 0x20 or byte == 0x7F:
                out.stray.append(byte)
            else:
                text.append(byte)
                columns += width
                large = large or width > 1
            i += 1
            continue
        if i + 1 >= len(data):
            raise UnknownCommand(f"a lone {byte:#04x} at the end (offset {i})")
        key = (byte, data[i + 1])
        if key in _FIXED:
            size = _FIXED[key]
            params = data[i + 2 : i + 2 + size]
            if len(params) != size:
                raise UnknownCommand(f"{data[i : i + 2]!r} cut short at offset {i}")
            if key == (ESC, ord("@")):
                end_pending()
                width = 1
            elif key == (ESC, ord("t")):
                out.code_pages.append(params[0])
            elif key == (ESC, ord("!")):
                width = 2 if params[0] & 0x20 else 1
            elif key == (GS, ord("!")):
                width = (params[0] >> 4 & 0x07) + 1
            elif key in ((ESC, ord("d")), (ESC, ord("J"))):
                end_pending()
            elif key == (ESC, ord("p")):
                out.drawer_kicks += 1
            i += 2 + size
        elif key == (GS, ord("V")):
            end_pending()
            out.cuts += 1
            i += 4 if data[i + 2] in (65, 66) else 3
        elif key == (GS, ord("k")):
            end_pending()
            kind = data[i + 2]
            if kind <= 6:  # function A: NUL-terminated
                stop = data.index(0, i + 3)
                out.barcodes.append(data[i + 3 : stop])
                i = stop + 1
            else:  # function B: length byte
                length = data[i + 3]
                out.barcodes.append(data[i + 4 : i + 4 + length])
                i += 4 + length
        elif key == (GS, ord("(")):
            end_pending()
            sub, length = data[i + 2], word(i + 3)
            body = data[i + 5 : i + 5 + length]
            if sub == ord("k") and body[:3] == b"1P0":
                out.qr_codes.append(body[3:])
            elif sub not in (ord("k"), ord("L")):
                raise UnknownCommand(f"GS ( {chr(sub)!r} at offset {i}")
            i += 5 + length
        elif key == (GS, ord("v")) and data[i + 2] == ord("0"):
            end_pending()
            row_bytes, height = word(i + 4), word(i + 6)
            out.images.append((row_bytes * 8, height))
            i += 8 + row_bytes * height
        elif key == (ESC, ord("*")):
            end_pending()
            mode, count = data[i + 2], word(i + 3)
            i += 5 + count * (3 if mode in (32, 33) else 1)
        else:
            raise UnknownCommand(f"{data[i : i + 2]!r} at offset {i}")
    end_pending()
    return out
