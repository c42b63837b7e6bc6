"""Staff badges on paper: the badge's document (the store, the holder's name and role, the
code as CODE128; ``domain.receipt.badge_layout``), printed on the receipt printer or written
as a PNG for a card printer.

A badge is printed outside the print queue (``PrintService.print_alone``): a queued job keeps
its document in ``print_job.document_json`` for reprints, and the badge code is a credential
that must not be kept anywhere but on the card (the ``user`` table has only its hash).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos_app.devices.raster import render_blocks
from pos_app.domain.receipt import StoreInfo, badge_layout
from pos_app.errors import UserError
from pos_app.services.printing import DirectPrint, PrintService
from pos_app.services.users import StaffUser

# A PNG wide enough for the code's bars two pixels each (22 characters of CODE128).
PNG_WIDTH_PX = 800
PNG_COLUMNS = 32


def badge_document(user: StaffUser, code: str) -> dict[str, Any]:
    return {"kind": "badge", "name": user.name, "role": user.role.value, "code": code}


def check_png_target(path: Path) -> None:
    """Refuse a PNG path that cannot be written before a badge is issued for it."""
    if path.suffix.lower() != ".png":
        raise UserError("badge.png_name", f"{path}: a badge image is written as a .png file")
    if not path.parent.is_dir():
        raise UserError("badge.png_folder", f"{path.parent} is not a folder")


def write_badge_png(path: Path, document: dict[str, Any], store: StoreInfo) -> None:
    """The badge as a black-and-white PNG (the barcode drawn as the printer would)."""
    check_png_target(path)
    blocks = badge_layout(document, width=PNG_COLUMNS, store=store)
    image = render_blocks(blocks, columns=PNG_COLUMNS, width_px=PNG_WIDTH_PX, barcodes=True)
    try:
        image.save(path, format="PNG")
    except OSError as error:
        raise UserError("badge.png_write", f"Cannot write {path}: {error}") from None


def print_badge(printing: PrintService, document: dict[str, Any], timeout_s: float) -> DirectPrint:
    """Print the badge on the configured receipt printer now, outside the queue."""
    if printing.config_error is not None:
        raise printing.config_error
    if printing.renderer.setup is None:
        raise UserError(
            "print.not_available",
            "No receipt printer is configured (set POS_PRINTER), so the badge cannot print; "
            "write it as an image with --png FILE",
        )
    return printing.print_alone(document, timeout_s=timeout_s)
