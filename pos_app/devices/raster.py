"""Image mode: receipt blocks drawn from a TrueType font into 1-bit raster images.

For printers with no usable code page (or a script the code page lacks, docs/printing.md) the text
is drawn here and sent as ``GS v 0`` raster images, so every Turkish letter prints whatever the
printer's character tables hold. Barcodes stay hardware CODE128 (scanners read them best), so a
job is one image per run of consecutive non-barcode blocks with the barcodes between them. A
profile without hardware barcodes gets them drawn into the image (python-escpos's own fallback
is unreadable, see :func:`encode_image_receipt`).

The text sits on a character grid of ``columns`` cells: the font is sized so one cell is
``width_px // columns`` pixels wide, and the grid is centred on the paper. A large (double height
and width) line uses cells twice as wide, so it holds half the columns, as on the printer.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qrcode
from PIL import Image, ImageDraw, ImageFont

from pos_app.devices.escpos_dummy import escpos_printer, raster_image
from pos_app.domain.receipt import Barcode, Block, QrCode, Rule, Text
from pos_app.domain.text import printable


def _bundled_font_dir() -> Path | None:
    """python-barcode (a python-escpos dependency) ships DejaVuSansMono.ttf (no bold, no ₺)."""
    spec = importlib.util.find_spec("barcode")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "fonts"


# Where fonts are looked for, in order (Debian's fonts-dejavu-core: truetype/dejavu).
FONT_DIRS: tuple[Path, ...] = tuple(
    folder for folder in (Path("/usr/share/fonts"), _bundled_font_dir()) if folder is not None
)
REGULAR_FONT = "DejaVuSansMono.ttf"
BOLD_FONT = "DejaVuSansMono-Bold.ttf"

_INK_THRESHOLD = 128  # grey levels below this print (anti-aliased glyph edges are cut here)
_LINE_GAP = 4  # pixels between text lines
_RULE_THICKNESS = 2
_QR_MAX_BOX = 8  # dots per QR module
_QR_QUIET = 4  # modules of white above and below a QR code
_BARCODE_HEIGHT = 64  # dots, as the printer's own CODE128 (GS h default in python-escpos)
_BARCODE_GAP = 4  # dots between the bars and the data printed below them
_BARCODE_QUIET = 10  # modules of white needed on each side
_TO_INK = [0 if value < _INK_THRESHOLD else 255 for value in range(256)]

AnyFont = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True)
class _Face:
    """One font at one size, on cells ``advance`` pixels wide."""

    regular: AnyFont
    bold: AnyFont | None  # None: draw the regular font twice, one pixel apart
    advance: int
    ascent: int
    line_height: int
    monospace: bool  # whole lines can be drawn at once; otherwise letter by letter


@dataclass(frozen=True)
class _Fonts:
    normal: _Face
    large: _Face
    columns: int
    left: int  # x of the grid's first cell
    grid_width: int


@functools.lru_cache(maxsize=8)
def _find_font(name: str) -> Path | None:
    for folder in FONT_DIRS:
        direct = folder / "truetype" / "dejavu" / name
        if direct.is_file():
            return direct
        if folder.is_dir():
            found = next(folder.rglob(name), None)
            if found is not None:
                return found
    return None


def _truetype(path: Path, size: float) -> ImageFont.FreeTypeFont:
    # The basic layout rounds advances to whole pixels: every cell on the grid is the same.
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _fit_truetype(path: Path, advance: int) -> ImageFont.FreeTypeFont:
    """The largest size (in quarter points) whose cell is at most ``advance`` pixels wide."""
    probe = _truetype(path, 100)
    size = max(1.0, round((advance + 0.5) * 100 / probe.getlength("0") * 4) / 4)
    font = _truetype(path, size)
    while size > 1 and font.getlength("0") > advance:
        size -= 0.25
        font = _truetype(path, size)
    return font


def _face(advance: int) -> _Face:
    regular: AnyFont
    bold: AnyFont | None = None
    regular_path = _find_font(REGULAR_FONT)
    if regular_path is not None:
        truetype = _fit_truetype(regular_path, advance)
        regular = truetype
        bold_path = _find_font(BOLD_FONT)
        if bold_path is not None:
            bold = _truetype(bold_path, truetype.size)
            if bold.getlength("0") != truetype.getlength("0"):
                bold = _fit_truetype(bold_path, advance)
        monospace = truetype.getlength("0") == advance
    else:
        # No DejaVu: Pillow's own font (proportional, and without the Turkish letters).
        regular = ImageFont.load_default(size=advance * 1.6)
        monospace = False
    bbox = regular.getbbox("ÇĞİÖŞÜçğıöşüjy|")
    ascent = max(0, -int(bbox[1]))  # glyphs reaching above the font's ascender line
    height = int(bbox[3]) + ascent
    if isinstance(regular, ImageFont.FreeTypeFont):
        font_ascent, font_descent = regular.getmetrics()
        height = max(height, font_ascent + font_descent)
    return _Face(regular, bold, advance, ascent, height + _LINE_GAP, monospace)


@functools.lru_cache(maxsize=16)
def _fonts(columns: int, width_px: int) -> _Fonts:
    if columns < 2 or width_px < columns:
        raise ValueError(f"cannot fit {columns} columns into {width_px} px")
    cell = width_px // columns
    grid = cell * columns
    return _Fonts(_face(cell), _face(cell * 2), columns, (width_px - grid) // 2, grid)


def _clean(text: str) -> str:
    # The form the layout measured (NFC: a decomposed İ or ş is one letter in one cell; TL
    # for ₺, ... for …): a line laid out for the columns fills at most one row of cells.
    return printable(text)


def _chunks(text: str, size: int) -> list[str]:
    """A line too long for the paper continues on the next, as the printer would wrap it."""
    if not text:
        return [""]
    return [text[start : start + size] for start in range(0, len(text), size)]


@dataclass(frozen=True)
class _Row:
    height: int
    block: Block
    text: str = ""
    matrix: tuple[tuple[bool, ...], ...] = ()
    box: int = 0  # dots per QR or barcode module
    bars: str = ""  # CODE128 modules, "1" = bar


def _qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def _code128(data: str) -> str:
    from barcode.codex import Code128  # type: ignore[import-untyped]  # python-escpos needs it

    bars: str = Code128(data).build()[0]
    return bars


def _rows(blocks: Sequence[Block], fonts: _Fonts, width_px: int, barcodes: bool) -> Iterator[_Row]:
    for block in blocks:
        if isinstance(block, Text):
            face = fonts.large if block.large else fonts.normal
            per_line = fonts.columns // 2 if block.large else fonts.columns
            for chunk in _chunks(_clean(block.text), per_line):
                yield _Row(face.line_height, block, chunk)
        elif isinstance(block, Rule):
            yield _Row(fonts.normal.line_height, block)
        elif isinstance(block, QrCode):
            matrix = _qr_matrix(block.data)
            box = max(1, min(_QR_MAX_BOX, (width_px * 6 // 10) // len(matrix)))
            if len(matrix) > width_px:
                raise ValueError(f"QR code of {len(matrix)} modules is wider than {width_px} px")
            yield _Row((len(matrix) + 2 * _QR_QUIET) * box, block, matrix=matrix, box=box)
        elif isinstance(block, Barcode) and barcodes:
            bars = _code128(block.data)
            box = 2 if (len(bars) + 2 * _BARCODE_QUIET) * 2 <= width_px else 1
            if len(bars) + 2 * _BARCODE_QUIET > width_px:
                raise ValueError(f"barcode {block.data!r} is too long for {width_px} px")
            height = _BARCODE_HEIGHT + _BARCODE_GAP + fonts.normal.line_height
            yield _Row(height, block, text=_clean(block.data), box=box, bars=bars)
        # Otherwise a Barcode is printed by the printer itself between images.


def _draw_text(draw: ImageDraw.ImageDraw, fonts: _Fonts, text: str, block: Text, top: int) -> None:
    face = fonts.large if block.large else fonts.normal
    text_width = len(text) * face.advance
    if block.align == "center":
        x = fonts.left + (fonts.grid_width - text_width) // 2
    elif block.align == "right":
        x = fonts.left + fonts.grid_width - text_width
    else:
        x = fonts.left
    y = top + face.ascent
    font = face.bold if block.bold and face.bold is not None else face.regular
    fake_bold = block.bold and face.bold is None
    if face.monospace:
        pieces = [(x, text)]
    else:  # one letter per cell, centred in it
        pieces = [
            (round(x + index * face.advance + (face.advance - font.getlength(letter)) / 2), letter)
            for index, letter in enumerate(text)
            if not letter.isspace()
        ]
    for left, piece in pieces:
        draw.text((left, y), piece, font=font, fill=0, anchor="la")
        if fake_bold:
            draw.text((left + 1, y), piece, font=font, fill=0, anchor="la")


def _draw_qr(canvas: Image.Image, row: _Row, top: int, width_px: int) -> None:
    modules = len(row.matrix)
    pixels = bytes(0 if cell else 255 for line in row.matrix for cell in line)
    small = Image.frombytes("L", (modules, modules), pixels)
    size = modules * row.box
    code = small.resize((size, size), Image.Resampling.NEAREST)
    canvas.paste(code, ((width_px - size) // 2, top + _QR_QUIET * row.box))


def _draw_barcode(draw: ImageDraw.ImageDraw, fonts: _Fonts, row: _Row, top: int) -> None:
    """CODE128 bars of whole dots (scanners need even modules) with the data below."""
    left = (fonts.left * 2 + fonts.grid_width - len(row.bars) * row.box) // 2
    bottom = top + _BARCODE_HEIGHT - 1
    for index, module in enumerate(row.bars):
        if module == "1":
            x = left + index * row.box
            draw.rectangle((x, top, x + row.box - 1, bottom), fill=0)
    label = Text(row.text, "center")
    _draw_text(draw, fonts, row.text, label, top + _BARCODE_HEIGHT + _BARCODE_GAP)


def render_blocks(
    blocks: Sequence[Block], *, columns: int, width_px: int, barcodes: bool = False
) -> Image.Image:
    """The blocks as one 1-bit image ``width_px`` wide.

    Barcode blocks are left out (the printer draws those, see :func:`encode_image_receipt`)
    unless ``barcodes``: for printers without hardware barcodes they are drawn too.
    """
    fonts = _fonts(columns, width_px)
    rows = list(_rows(blocks, fonts, width_px, barcodes))
    canvas = Image.new("L", (width_px, sum(row.height for row in rows)), 255)
    draw = ImageDraw.Draw(canvas)
    top = 0
    for row in rows:
        if isinstance(row.block, Text):
            _draw_text(draw, fonts, row.text, row.block, top)
        elif isinstance(row.block, Rule):
            y = top + (row.height - _RULE_THICKNESS) // 2
            right = fonts.left + fonts.grid_width - 1
            draw.rectangle((fonts.left, y, right, y + _RULE_THICKNESS - 1), fill=0)
        elif isinstance(row.block, QrCode):
            _draw_qr(canvas, row, top, width_px)
        elif isinstance(row.block, Barcode):
            _draw_barcode(draw, fonts, row, top)
        top += row.height
    return canvas.point(_TO_INK, "1")


def _hardware_barcode(printer: Any, data: str) -> None:
    printer.set(align="center", bold=False, double_height=False, double_width=False)
    # CODE128 needs its code set prefix; the library does not check it.
    with contextlib.redirect_stdout(io.StringIO()):  # it prints which renderer it used
        printer.barcode("{B" + data, "CODE128", function_type="B", pos="BELOW", width=2)
    printer.set(align="left")


def encode_image_receipt(
    blocks: Sequence[Block],
    *,
    columns: int,
    width_px: int,
    profile: str,
    logo: bytes | None = None,
) -> bytes:
    """A whole receipt job in image mode: INIT, the logo, images and hardware barcodes, cut.

    No text is sent, so no code page is selected and nothing can turn into ``?``. A profile
    without hardware barcodes gets them drawn in the image: python-escpos's own fallback
    (python-barcode) draws bars of uneven width that scanners do not read, and would take a
    ``{B`` prefix as data.
    """
    printer = escpos_printer(profile, width_px=width_px)
    printer.hw("INIT")
    if logo:
        printer._raw(logo)
    hardware = bool(printer.profile.supports("barcodeB"))
    run: list[Block] = []

    def flush() -> None:
        if run:
            image = render_blocks(run, columns=columns, width_px=width_px, barcodes=not hardware)
            if image.height:
                raster_image(printer, image)
            run.clear()

    for block in blocks:
        if hardware and isinstance(block, Barcode):
            flush()
            _hardware_barcode(printer, block.data)
        else:
            run.append(block)
    flush()
    printer.cut()
    output: bytes = printer.output
    return output
