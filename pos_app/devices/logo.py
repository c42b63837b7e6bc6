"""The receipt logo: an image file turned once into ESC/POS raster bytes, then cached.

The logo is pre-sized to the printable width (docs/printing.md: 576 px at 80 mm, 384 px at 58 mm),
dithered to 1 bit and centred on a white canvas exactly that wide, so the printer never scales or
aligns it. The bytes go into each job right after INIT (``ReceiptEncoder.encode(logo=...)`` and
``encode_image_receipt(logo=...)``). They are kept in memory and on disk, keyed by the file's
contents and the settings, so a changed file or printer renders again and nothing else does.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from pos_app.devices.escpos_dummy import escpos_printer, raster_image
from pos_app.errors import UserError
from sync.private_files import make_private_dir

log = logging.getLogger(__name__)

# Part of every cache key: bump it when the rendering changes so old cache files are not used.
FORMAT_VERSION = 1
_RASTER = b"\x1dv0"  # GS v 0: what every cached logo starts with


def prepare_logo(image: Image.Image, *, width_px: int, max_height_px: int) -> Image.Image:
    """``image`` flattened onto white, scaled down (never up) into ``width_px`` x
    ``max_height_px``, Floyd–Steinberg dithered to 1 bit and centred on a white canvas exactly
    ``width_px`` wide."""
    if width_px < 1 or max_height_px < 1:
        raise ValueError(f"logo box must be positive, not {width_px}x{max_height_px}")
    upright = ImageOps.exif_transpose(image)  # phone photos carry their rotation in EXIF
    rgba = upright.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)
    grey = flat.convert("L")
    scale = min(width_px / grey.width, max_height_px / grey.height, 1.0)
    size = (max(1, int(grey.width * scale)), max(1, int(grey.height * scale)))
    if size != grey.size:
        grey = grey.resize(size, Image.Resampling.LANCZOS)
    dithered = grey.convert("1")  # Floyd–Steinberg is PIL's default for L -> 1
    canvas = Image.new("1", (width_px, dithered.height), 1)
    canvas.paste(dithered, ((width_px - dithered.width) // 2, 0))
    return canvas


def encode_logo(image: Image.Image, *, profile: str) -> bytes:
    """A prepared logo as ``GS v 0`` raster bytes (no INIT, no cut: part of a job)."""
    printer = escpos_printer(profile, width_px=image.width)
    raster_image(printer, image)
    output: bytes = printer.output
    return output


def _unreadable(path: Path, reason: str) -> UserError:
    message = f"Cannot use {path} as the receipt logo: {reason}"
    return UserError("printer.logo_unreadable", message, path=str(path))


class LogoCache:
    """Logo bytes per (file contents, width, profile, height), in memory and in ``cache_dir``."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._memory: dict[str, bytes] = {}

    def logo_bytes(
        self, path: Path, *, width_px: int, profile: str, max_height_px: int = 200
    ) -> bytes:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _unreadable(path, error.strerror or type(error).__name__) from error
        key = hashlib.sha256(
            data + f"\0{width_px}\0{profile}\0{max_height_px}\0v{FORMAT_VERSION}".encode()
        ).hexdigest()
        cached = self._memory.get(key)
        if cached is not None:
            return cached
        file = self.cache_dir / f"{key}.escpos"
        cached = self._read(file)
        if cached is None:
            try:
                with Image.open(io.BytesIO(data)) as image:
                    image.load()
                    prepared = prepare_logo(image, width_px=width_px, max_height_px=max_height_px)
            except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as e:
                # PIL says "cannot identify image file", "image file is truncated", ...
                raise _unreadable(path, str(e) or type(e).__name__) from e
            cached = encode_logo(prepared, profile=profile)
            self._write(file, cached)
        self._memory[key] = cached
        return cached

    @staticmethod
    def _read(file: Path) -> bytes | None:
        try:
            cached = file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("logo cache %s unreadable, rendering again: %s", file, error)
            return None
        if not cached.startswith(_RASTER):
            log.warning("logo cache %s is not a raster image, rendering again", file)
            return None
        return cached

    def _write(self, file: Path, data: bytes) -> None:
        """Best effort: a cache that cannot be written only costs a render next time."""
        try:
            make_private_dir(self.cache_dir)
            handle, temporary = tempfile.mkstemp(dir=self.cache_dir, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, file)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            log.warning("cannot write logo cache %s: %s", file, error)
