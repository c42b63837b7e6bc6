"""Image mode: receipts drawn from a font into 1-bit rasters, barcodes left to the printer."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import qrcode
from PIL import Image, ImageChops

from pos_app.devices import raster
from pos_app.devices.raster import encode_image_receipt, render_blocks
from pos_app.domain.receipt import Barcode, Block, QrCode, Rule, StoreInfo, Text, layout
from pos_app.errors import UserError

INIT = b"\x1b@"
RASTER = b"\x1dv0"
CUT = b"\x1dV\x00"
TURKISH = "ÇĞİÖŞÜ çğıöşü"
URL = "https://r.example/r/0f3c9a7e5b2d4c18"


def split_job(job: bytes) -> tuple[bytes, list[Image.Image]]:
    """The job's bytes with each ``GS v 0`` payload cut out (its command kept as a marker), and
    the rasters as images, consecutive fragments joined into one (black = ink)."""
    rest = bytearray()
    images: list[Image.Image] = []
    joined = False  # the last thing seen was a raster: a following one continues it
    index = 0
    while index < len(job):
        if job.startswith(RASTER, index):
            width_bytes = job[index + 4] | job[index + 5] << 8
            height = job[index + 6] | job[index + 7] << 8
            start = index + 8
            payload = job[start : start + width_bytes * height]
            assert len(payload) == width_bytes * height, "truncated raster"
            image = Image.frombytes("1", (width_bytes * 8, height), payload, "raw", "1;I")
            if joined:
                above = images.pop()
                both = Image.new("1", (image.width, above.height + height), 1)
                both.paste(above, (0, 0))
                both.paste(image, (0, above.height))
                image = both
            else:
                rest += RASTER
            images.append(image)
            joined = True
            index = start + len(payload)
        else:
            rest.append(job[index])
            joined = False
            index += 1
    return bytes(rest), images


def ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of the black pixels (None: blank)."""
    box: tuple[int, int, int, int] | None = ImageChops.invert(image.convert("L")).getbbox()
    return box


def ink_count(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


def same(first: Image.Image, second: Image.Image) -> bool:
    return first.size == second.size and first.tobytes() == second.tobytes()


def render(
    *blocks: Block, columns: int = 48, width_px: int = 576, barcodes: bool = False
) -> Image.Image:
    return render_blocks(list(blocks), columns=columns, width_px=width_px, barcodes=barcodes)


def receipt(width: int) -> list[Block]:
    """A laid-out sale of about thirty lines, with its barcode and e-receipt QR."""
    lines = [
        {
            "name": name,
            "names": {"tr": name},
            "qty_milli": qty,
            "sold_by_weight": by_weight,
            "unit_price_minor": price,
            "gross_minor": price * qty // 1000,
            "vat_rate": 10,
            "line_discount_minor": 0,
        }
        for name, qty, by_weight, price in [
            ("Süt 1 L Tam Yağlı", 2000, False, 3450),
            ("Siyah Çay 1 kg", 1000, False, 18990),
            ("Elma Amasya", 1255, True, 4500),
            ("Beyaz Peynir Ezine", 1000, False, 21900),
            ("Zeytinyağı Sızma 1 L", 1000, False, 38900),
            ("Ekmek Tam Buğday", 3000, False, 1500),
        ]
    ]
    total = sum(line["gross_minor"] for line in lines)
    document = {
        "kind": "sale",
        "language": "tr",
        "completed_at": "2025-03-14T09:26:53+00:00",
        "receipt_no": "S01-T01-000123",
        "receipt_token": "0f3c9a7e5b2d4c18",
        "cashier_name": "Ayşe Yılmaz",
        "terminal_code": "T01",
        "lines": lines,
        "line_discounts_minor": 0,
        "cart_discount_minor": 0,
        "subtotal_minor": total,
        "rounding_minor": 0,
        "total_minor": total,
        "taxes": [{"rate_percent": 10, "net_minor": total * 10 // 11, "tax_minor": total // 11}],
        "tax_minor": total // 11,
        "tenders": [
            {"kind": "card", "amount_minor": 50000, "approval_code": "A1B2C3"},
            {
                "kind": "cash",
                "amount_minor": total - 50000,
                "tendered_minor": 100000,
                "change_minor": 150000 - total,
            },
        ],
    }
    store = StoreInfo("Örnek Market Şişli", "Halaskargazi Cad. No: 1, Şişli İstanbul", "123")
    return layout(
        document,
        width=width,
        store=store,
        timezone="Europe/Istanbul",
        ereceipt_base_url="https://r.example",
    )


@pytest.fixture
def no_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on a machine without DejaVu: Pillow's own font."""
    monkeypatch.setattr(raster, "FONT_DIRS", (tmp_path,))
    raster._find_font.cache_clear()
    raster._fonts.cache_clear()
    yield
    raster._find_font.cache_clear()
    raster._fonts.cache_clear()


@pytest.mark.parametrize(("columns", "width_px"), [(32, 384), (42, 576), (48, 576)])
def test_one_bit_and_as_wide_as_the_paper(columns: int, width_px: int) -> None:
    image = render_blocks(receipt(columns), columns=columns, width_px=width_px)
    assert image.mode == "1"
    assert image.width == width_px
    assert image.height > 25 * 20
    box = ink(image)
    assert box is not None and box[0] >= 0 and box[2] <= width_px


def test_turkish_letters_print_as_themselves() -> None:
    line = render(Text(TURKISH))
    assert ink(line) is not None
    missing = render(Text("\u0378"))  # unassigned: the font's "no such glyph" box
    assert ink(missing) is not None
    for turkish, plain in zip("ÇĞİÖŞÜçğıöşü", "CGIOSUcgiosu", strict=True):
        letter = render(Text(turkish))
        assert ink(letter) is not None, turkish
        assert not same(letter, render(Text(plain))), turkish
        assert not same(letter, missing), f"{turkish} has no glyph"


def test_alignment_left_centre_right() -> None:
    cell = 576 // 48
    left, centre, right = (
        ink(render(Text("ABCD", align))) for align in ("left", "center", "right")
    )
    assert left is not None and centre is not None and right is not None
    assert left[0] < cell
    assert abs((centre[0] + centre[2]) / 2 - 288) <= cell / 2
    assert right[2] > 576 - cell
    assert centre[0] > 200 and right[0] > 400 and left[2] < 100


def test_columns_fill_the_width_and_large_takes_two() -> None:
    for columns, width_px in [(48, 576), (32, 384), (42, 576)]:
        cell = width_px // columns
        margin = (width_px - cell * columns) // 2  # 42 columns of 13 px leave 30 px of 576
        full = ink(render(Text("0" * columns), columns=columns, width_px=width_px))
        assert full is not None and full[0] < margin + cell
        assert full[2] > width_px - margin - cell
        large = render(Text("0" * (columns // 2), large=True), columns=columns, width_px=width_px)
        wide = ink(large)
        assert wide is not None and wide[0] < margin + cell
        assert wide[2] > width_px - margin - cell
        ratio = (wide[3] - wide[1]) / (full[3] - full[1])
        assert 1.7 < ratio < 2.3, ratio
    # A line longer than the paper goes on on the next line, as the printer does.
    one = render(Text("0" * 48))
    assert render(Text("0" * 49)).height == 2 * one.height
    assert render(Text("0" * 25, large=True)).height == 2 * render(Text("0", large=True)).height


def test_bold_is_darker() -> None:
    assert ink_count(render(Text(TURKISH, bold=True))) > 1.2 * ink_count(render(Text(TURKISH)))


def test_rule_is_a_line_across() -> None:
    image = render(Rule())
    box = ink(image)
    assert box is not None and box[0] < 12 and box[2] > 576 - 12
    assert 1 <= box[3] - box[1] <= 4  # a line, not a block
    assert ink_count(image) >= 576 - 2 * 12


def test_lira_sign_prints_as_tl() -> None:
    assert same(render(Text("1.234,56 ₺", "right")), render(Text("1.234,56 TL", "right")))


def test_barcodes_are_not_drawn() -> None:
    with_barcode = render(Text("a"), Barcode("S01-T01-000123"), Text("b"))
    assert same(with_barcode, render(Text("a"), Text("b")))


def qr_modules(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


@pytest.mark.parametrize("width_px", [384, 576])
def test_qr_is_the_codes_modules_centred(width_px: int) -> None:
    image = render(QrCode(URL), columns=32 if width_px == 384 else 48, width_px=width_px)
    box = ink(image)
    assert box is not None
    modules = qr_modules(URL)
    size = box[2] - box[0]
    assert size == box[3] - box[1] and size % len(modules) == 0
    step = size // len(modules)
    assert step >= 3  # a thermal printer's dot is too small for one-dot modules
    assert abs((box[0] + box[2]) / 2 - width_px / 2) <= 1
    assert box[1] >= 4 * step and image.height - box[3] >= 4 * step  # quiet zone
    pixels = image.convert("L").load()
    assert pixels is not None
    seen = [
        [
            pixels[box[0] + x * step + step // 2, box[1] + y * step + step // 2] == 0
            for x in range(len(modules))
        ]
        for y in range(len(modules))
    ]
    assert seen == modules


HAVE_PYZBAR = importlib.util.find_spec("pyzbar") is not None
ZBARIMG = shutil.which("zbarimg")


@pytest.mark.skipif(
    not HAVE_PYZBAR and ZBARIMG is None,
    reason="neither zbarimg (Debian zbar-tools) nor pyzbar is installed to decode the QR code",
)
@pytest.mark.parametrize(("columns", "width_px"), [(32, 384), (48, 576)])
def test_qr_and_drawn_barcode_decode(tmp_path: Path, columns: int, width_px: int) -> None:
    blocks = [Text("E-fişiniz"), QrCode(URL), Rule(), Barcode("S01-T01-000123")]
    image = render(*blocks, columns=columns, width_px=width_px, barcodes=True).convert("L")
    if HAVE_PYZBAR:
        from pyzbar import pyzbar  # type: ignore[import-not-found]

        found = sorted(symbol.data.decode() for symbol in pyzbar.decode(image))
    else:
        assert ZBARIMG is not None
        file = tmp_path / "receipt.png"
        image.save(file)
        done = subprocess.run(
            [ZBARIMG, "--raw", "-q", str(file)], capture_output=True, text=True, timeout=60
        )
        found = sorted(done.stdout.split())
    assert found == sorted([URL, "S01-T01-000123"])


def test_without_dejavu_pillows_font_still_renders(no_fonts: None) -> None:
    assert raster._find_font(raster.REGULAR_FONT) is None
    image = render(Text("Fiş 12,50 TL"), Text("TOPLAM", "right", bold=True, large=True), Rule())
    assert image.mode == "1" and image.width == 576
    box = ink(image)
    assert box is not None and box[2] > 576 - 3 * 12


def test_job_is_init_images_hardware_barcode_and_cut() -> None:
    blocks = receipt(48)
    job = encode_image_receipt(blocks, columns=48, width_px=576, profile="TM-T20II")
    assert job.startswith(INIT)
    rest, images = split_job(job)
    assert rest.endswith(CUT)
    # Nothing is sent as text: no code page to pick, nothing to turn into "?".
    assert b"?" not in rest
    assert b"\x1bt" not in rest
    assert "₺".encode() not in job
    assert not any(ord(letter) > 127 for letter in rest.decode("latin-1") if letter.isalpha())
    # One image for the blocks before the barcode, the CODE128 (code set B), one image after.
    barcode = b"\x1dk" + bytes([73, 16]) + b"{BS01-T01-000123"
    assert rest.count(RASTER) == 2 and rest.count(b"\x1dk") == 1
    assert rest.index(RASTER) < rest.index(barcode) < rest.rindex(RASTER)
    cut_at = blocks.index(Barcode("S01-T01-000123"))
    before = render_blocks(blocks[:cut_at], columns=48, width_px=576)
    after = render_blocks(blocks[cut_at + 1 :], columns=48, width_px=576)
    assert len(images) == 2
    assert same(images[0], before) and same(images[1], after)
    assert before.height > 256  # sent in fragments, joined again above


def test_logo_goes_right_after_init() -> None:
    logo = RASTER + b"\x00\x01\x00\x01\x00\xff"  # an 8x1 black line
    job = encode_image_receipt([Text("a")], columns=32, width_px=384, profile="NT-5890K", logo=logo)
    assert job.startswith(INIT + logo)
    rest, images = split_job(job[len(INIT + logo) :])
    assert rest == RASTER + b"\x1bd\x06"  # no cutter on this profile: only the feed
    assert same(images[0], render(Text("a"), columns=32, width_px=384))


def bar_widths(modules: str) -> list[int]:
    """Run lengths of a bar/space pattern, starting with a bar."""
    runs = [len(run) for run in re.findall(r"1+|0+", modules.strip("0"))]
    return runs


def test_profile_without_hardware_barcodes_gets_them_drawn() -> None:
    blocks = receipt(32)
    job = encode_image_receipt(blocks, columns=32, width_px=384, profile="NT-5890K")
    rest, images = split_job(job)
    assert b"\x1dk" not in rest and b"{B" not in rest
    assert rest == INIT + RASTER + b"\x1bd\x06"  # one image; no cutter on this profile
    assert same(images[0], render_blocks(blocks, columns=32, width_px=384, barcodes=True))
    # Find the bars and read them back: even 2-dot modules, the plain data's CODE128.
    from barcode.codex import Code128

    expected = Code128("S01-T01-000123").build()[0]
    alone = render(Barcode("S01-T01-000123"), columns=32, width_px=384, barcodes=True)
    box = ink(alone)
    assert box is not None
    row = alone.convert("L").crop((0, box[1] + 10, 384, box[1] + 11)).tobytes()
    modules = "".join("1" if value == 0 else "0" for value in row)
    assert bar_widths(modules) == [2 * run for run in bar_widths(expected)]
    assert modules.index("1") >= 20 and 384 - modules.rindex("1") > 20  # quiet zones
    assert render(Barcode("S01-T01-000123"), columns=32, width_px=384).height == 0


def test_wrong_profile_or_width_is_refused() -> None:
    with pytest.raises(UserError) as unknown:
        encode_image_receipt([Text("a")], columns=32, width_px=384, profile="no-such-printer")
    assert unknown.value.code == "printer.unknown_profile"
    with pytest.raises(ValueError, match="576 px"):
        encode_image_receipt([Text("a")], columns=48, width_px=576, profile="NT-5890K")
