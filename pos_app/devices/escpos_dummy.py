"""python-escpos's ``Dummy`` printer, the byte buffer that text mode (``escpos_encoder``),
image mode (``raster``) and the stored logo (``logo``) all encode through.

Its own module so those three share it without importing each other. PIL is only named for
types here: importing this module loads neither PIL nor python-escpos.
"""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING, Any

from pos_app.errors import UserError

if TYPE_CHECKING:
    from PIL import Image

# Some printers print garbage after tall images: send them in small slices (docs/printing.md).
FRAGMENT_HEIGHT = 256


def dummy_printer(profile: str) -> object:
    """A python-escpos ``Dummy`` for ``profile``; an unknown profile is the installer's error."""
    # Imported here: python-escpos configures logging and prints at import (docs/printing.md).
    with contextlib.redirect_stdout(io.StringIO()):
        from escpos.printer import Dummy

    try:
        return Dummy(profile=profile)
    except Exception as error:  # the library raises its own classes for unknown profiles
        raise UserError(
            "printer.unknown_profile", f"Unknown printer profile {profile!r}", profile=profile
        ) from error


def escpos_printer(profile: str, *, width_px: int) -> Any:
    """A python-escpos ``Dummy`` for ``profile``, refusing images wider than its paper."""
    printer: Any = dummy_printer(profile)
    pixels = printer.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    if isinstance(pixels, int) and width_px > pixels:
        raise ValueError(
            f"images {width_px} px wide do not fit profile {profile}'s {pixels} px paper"
        )
    return printer


def raster_image(printer: Any, image: Image.Image) -> None:
    """``GS v 0`` raster in small fragments (the library prints to stdout for some profiles)."""
    with contextlib.redirect_stdout(io.StringIO()):
        printer.image(image, impl="bitImageRaster", fragment_height=FRAGMENT_HEIGHT)
