"""Receipt blocks to ESC/POS bytes with python-escpos's ``Dummy`` (the bytes are stored with
the job and sent later, PRINTING.md).

Turkish is printed right: every job starts with INIT and then forces the profile's slot of
CP857 (``ESC t n``); the magic encoder never guesses, so a Turkish letter never becomes ``?``.
"""

from __future__ import annotations

import logging

from pos_app.domain.receipt import Barcode, Block, QrCode, Rule, Text
from pos_app.errors import UserError

log = logging.getLogger(__name__)

# Characters the layout may use that no receipt code page holds.
_SUBSTITUTES = str.maketrans({"₺": "TL", "…": "...", "·": "-", "★": "*"})


def _dummy(profile: str) -> object:
    # Imported here: python-escpos configures logging and prints at import (PRINTING.md).
    from escpos.printer import Dummy

    try:
        return Dummy(profile=profile)
    except Exception as error:  # the library raises its own classes for unknown profiles
        raise UserError(
            "printer.unknown_profile", f"Unknown printer profile {profile!r}", profile=profile
        ) from error


class ReceiptEncoder:
    """Encodes receipts and drawer kicks for one printer profile."""

    def __init__(self, profile: str, *, code_page: str = "CP857", native_qr: bool = True):
        printer = _dummy(profile)
        pages = printer.profile.profile_data.get("codePages", {})  # type: ignore[attr-defined]
        slots = [int(slot) for slot, name in pages.items() if name == code_page]
        if not slots:
            raise UserError(
                "printer.code_page_missing",
                f"Profile {profile} has no slot for {code_page}: choose another profile or "
                "print receipts as images",
                profile=profile,
                code_page=code_page,
            )
        self.profile = profile
        self.code_page = code_page
        self.slot = slots[0]
        self.native_qr = native_qr

    def _start(self) -> object:
        printer = _dummy(self.profile)
        printer.hw("INIT")  # type: ignore[attr-defined]
        printer.charcode(self.code_page)  # type: ignore[attr-defined]
        return printer

    def encode(self, blocks: list[Block], width: int) -> bytes:
        """One receipt as bytes: INIT, forced code page, the blocks, feed and cut."""
        printer = self._start()
        p = printer  # python-escpos is untyped; keep the calls readable
        for block in blocks:
            if isinstance(block, Rule):
                p.set(align="left", bold=False, double_height=False, double_width=False)  # type: ignore[attr-defined]
                p.text("-" * width + "\n")  # type: ignore[attr-defined]
            elif isinstance(block, Text):
                p.set(  # type: ignore[attr-defined]
                    align=block.align,
                    bold=block.bold,
                    double_height=block.large,
                    double_width=block.large,
                )
                p.text(block.text.translate(_SUBSTITUTES) + "\n")  # type: ignore[attr-defined]
            elif isinstance(block, Barcode):
                p.set(align="center", bold=False, double_height=False, double_width=False)  # type: ignore[attr-defined]
                # CODE128 needs its code set prefix; the library does not check it.
                p.barcode(  # type: ignore[attr-defined]
                    "{B" + block.data, "CODE128", function_type="B", pos="BELOW", width=2
                )
            elif isinstance(block, QrCode):
                p.set(align="center", bold=False, double_height=False, double_width=False)  # type: ignore[attr-defined]
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
