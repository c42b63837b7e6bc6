"""Receipt blocks to ESC/POS bytes with python-escpos's ``Dummy`` (the bytes are stored with
the job and sent later, docs/printing.md).

Turkish is printed right: every job starts with INIT and then forces the profile's slot of
CP857 (``ESC t n``); the magic encoder never guesses, so a Turkish letter never becomes ``?``.
Text is sent in its printable form (``pos_app.domain.text.printable``), the one the layout
measured: one byte per column, and never a control character from a name.
"""

from __future__ import annotations

import contextlib
import io
import logging
from typing import Any

from pos_app.devices.escpos_dummy import dummy_printer, raster_image
from pos_app.domain.receipt import Barcode, Block, QrCode, Rule, Text
from pos_app.domain.text import printable
from pos_app.errors import UserError

log = logging.getLogger(__name__)

CODE_PAGE_CHANGE = b"\x1bt"


def _style(printer: object, align: str, *, bold: bool, large: bool) -> None:
    """Set every attribute every time: python-escpos 3.1 leaves double size on unless told
    ``normal_textsize`` (a receipt printed half in double width otherwise)."""
    printer.set(  # type: ignore[attr-defined]
        align=align,
        bold=bold,
        normal_textsize=not large,
        double_height=large,
        double_width=large,
    )


class ReceiptEncoder:
    """Encodes receipts and drawer kicks for one printer profile."""

    def __init__(
        self,
        profile: str,
        *,
        code_page: str = "CP857",
        slot: int | None = None,
        native_qr: bool = True,
    ):
        printer = dummy_printer(profile)
        pages = printer.profile.profile_data.get("codePages", {})  # type: ignore[attr-defined]
        slots = [int(number) for number, name in pages.items() if name == code_page]
        if not slots and slot is None:
            raise UserError(
                "printer.code_page_missing",
                f"Profile {profile} has no slot for {code_page}: set the slot, choose another "
                "profile or print receipts as images",
                profile=profile,
                code_page=code_page,
            )
        try:
            "ÇĞİÖŞÜçğıöşü".encode(code_page)
        except LookupError:
            raise UserError(
                "printer.code_page_missing",
                f"{code_page} is not a code page this app can print Turkish with; use CP857",
                profile=profile,
                code_page=code_page,
            ) from None
        self.profile = profile
        self.code_page = code_page
        # An installer's slot wins: vendors number the same code page differently.
        self.slot = slot if slot is not None else slots[0]
        self._profile_slot = slots[0] if slots else None
        self.native_qr = native_qr
        self._hardware_barcodes = bool(printer.profile.supports("barcodeB"))  # type: ignore[attr-defined]

    def _start(self) -> object:
        """A job that starts with INIT and then the forced code page (docs/printing.md)."""
        printer = dummy_printer(self.profile)
        printer.hw("INIT")  # type: ignore[attr-defined]
        magic = printer.magic  # type: ignore[attr-defined]
        if self._profile_slot == self.slot:
            printer.charcode(self.code_page)  # type: ignore[attr-defined]
        else:
            # The profile has no (or another) slot: say ours and keep the encoder on the page.
            printer._raw(CODE_PAGE_CHANGE + bytes([self.slot]))  # type: ignore[attr-defined]
            magic.encoding = self.code_page
            magic.disabled = True
        return printer

    def _text(self, printer: object, text: str) -> None:
        if self._profile_slot == self.slot:
            printer.text(text)  # type: ignore[attr-defined]
        else:
            printer._raw(text.encode(self.code_page, errors="replace"))  # type: ignore[attr-defined]

    def _barcode(self, printer: object, data: str, width: int) -> None:
        p: Any = printer
        if self._hardware_barcodes:
            # CODE128 needs its code set prefix; the library does not check it.
            with contextlib.redirect_stdout(io.StringIO()):  # it prints otherwise
                p.barcode("{B" + data, "CODE128", function_type="B", pos="BELOW", width=2)
            return
        # No hardware CODE128 (many 58 mm printers): the library's software fallback draws
        # uneven bars scanners cannot read, so draw whole-dot bars as an image instead.
        from pos_app.devices.raster import render_blocks

        pixels = p.profile.profile_data.get("media", {}).get("width", {}).get("pixels")
        width_px = pixels if isinstance(pixels, int) else (384 if width <= 32 else 576)
        image = render_blocks([Barcode(data)], columns=width, width_px=width_px, barcodes=True)
        raster_image(p, image)

    def encode(self, blocks: list[Block], width: int, *, logo: bytes | None = None) -> bytes:
        """One receipt as bytes: INIT, forced code page, logo, the blocks, feed and cut."""
        printer = self._start()
        p = printer  # python-escpos is untyped; keep the calls readable
        if logo:
            p._raw(logo)  # type: ignore[attr-defined]
        for block in blocks:
            if isinstance(block, Rule):
                _style(p, "left", bold=False, large=False)
                self._text(p, "-" * width + "\n")
            elif isinstance(block, Text):
                _style(p, block.align, bold=block.bold, large=block.large)
                # Printable again, whatever made the block: NFC (a stored decomposed "Ş" is one
                # letter of the code page) and no control character (a name holding ESC p or
                # GS V must not open the drawer or cut; a newline must not add a line).
                self._text(p, printable(block.text) + "\n")
            elif isinstance(block, Barcode):
                _style(p, "center", bold=False, large=False)
                self._barcode(p, block.data, width)
            elif isinstance(block, QrCode):
                _style(p, "center", bold=False, large=False)
                p.qr(block.data, native=self.native_qr, size=6, center=not self.native_qr)  # type: ignore[attr-defined]
        p.cut()  # type: ignore[attr-defined]
        output: bytes = p.output  # type: ignore[attr-defined]
        return output

    def drawer_kick(self) -> bytes:
        """The drawer as its own small job (never part of a receipt, so a reprint cannot kick)."""
        printer = self._start()
        printer.cashdraw(2)  # type: ignore[attr-defined]
        output: bytes = printer.output  # type: ignore[attr-defined]
        return output
