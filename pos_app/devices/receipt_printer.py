"""The configured receipt printer: where it is, how it prints, and jobs rendered for it.

Settings name the printer (``printer`` URI, ``printer_profile``, paper width, code page and
slot, native or image QR, image mode, logo); ``ReceiptRenderer`` turns a stored receipt or
report document into that printer's bytes, or into text for the on-screen preview when no
printer is configured.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_app.config import Settings
from pos_app.devices.escpos_encoder import ReceiptEncoder
from pos_app.devices.printer_uri import PrinterTarget, parse_printer_uri
from pos_app.domain.receipt import (
    Block,
    StoreInfo,
    as_text,
    layout,
    report_layout,
    test_page,
)
from pos_app.domain.receipt_giftcards import SLIP_KIND
from pos_app.domain.receipt_slips import slip_layout

log = logging.getLogger(__name__)

DEFAULT_PROFILE = "TM-T20II"  # Epson numbering (CP857 at 13), the most common
WIDTH_PX = {80: 576, 58: 384}


@dataclass(frozen=True, slots=True)
class PrinterSetup:
    target: PrinterTarget
    uri: str
    profile: str
    columns: int
    width_px: int
    code_page: str
    slot: int | None
    native_qr: bool
    image_mode: bool
    logo: Path | None


def printer_setup(settings: Settings) -> PrinterSetup | None:
    """The configured printer, or None; a wrong URI or profile raises a ``UserError``."""
    if not settings.printer.strip():
        return None
    target = parse_printer_uri(settings.printer, settings.printer_profile or DEFAULT_PROFILE)
    columns = settings.printer_columns or (48 if settings.printer_width_mm == 80 else 32)
    logo = Path(settings.receipt_logo).expanduser() if settings.receipt_logo else None
    return PrinterSetup(
        target=target,
        uri=settings.printer,
        profile=target.profile or DEFAULT_PROFILE,
        columns=columns,
        width_px=WIDTH_PX[settings.printer_width_mm],
        code_page=settings.printer_code_page,
        slot=settings.printer_code_page_slot,
        native_qr=settings.printer_qr == "native",
        image_mode=settings.printer_image_mode,
        logo=logo,
    )


def store_info(settings: Settings, store_code: str) -> StoreInfo:
    return StoreInfo(
        settings.store_name or store_code, settings.store_address, settings.store_tax_number
    )


class ReceiptRenderer:
    """Documents to blocks, and blocks to the configured printer's bytes."""

    def __init__(
        self,
        setup: PrinterSetup | None,
        *,
        store: StoreInfo,
        timezone: str,
        ereceipt_base_url: str,
        cache_dir: Path,
    ) -> None:
        self.setup = setup
        self.store = store
        self.timezone = timezone
        self.ereceipt_base_url = ereceipt_base_url
        self._cache_dir = cache_dir
        self._logo: bytes | None = None
        self._encoder = self.check(setup)

    @staticmethod
    def check(setup: PrinterSetup | None) -> ReceiptEncoder | None:
        """The text encoder for ``setup``; a profile or code page it cannot use raises."""
        if setup is None or setup.image_mode:
            return None
        return ReceiptEncoder(
            setup.profile, code_page=setup.code_page, slot=setup.slot, native_qr=setup.native_qr
        )

    @property
    def code_page_slot(self) -> int | None:
        return self._encoder.slot if self._encoder else None

    @property
    def columns(self) -> int:
        return self.setup.columns if self.setup else 42

    def blocks(self, document: dict[str, Any], columns: int | None = None) -> list[Block]:
        width = columns or self.columns
        kind = document.get("kind")
        if kind in ("x_report", "z_report"):
            return report_layout(document, width=width, store=self.store, timezone=self.timezone)
        if kind == SLIP_KIND:
            return slip_layout(document, width=width, store=self.store)
        if kind == "test":
            setup = self.setup
            return test_page(
                width=width,
                profile=setup.profile if setup else "-",
                code_page=setup.code_page if setup else "CP857",
                slot=self.code_page_slot,
                uri=setup.uri if setup else "",
                qr_data=f"{self.ereceipt_base_url.rstrip('/')}/r/test",
            )
        return layout(
            document,
            width=width,
            store=self.store,
            timezone=self.timezone,
            ereceipt_base_url=self.ereceipt_base_url,
        )

    def preview(self, document: dict[str, Any]) -> str:
        """The receipt as text, laid out as it prints (the on-screen preview)."""
        return as_text(self.blocks(document), self.columns)

    def logo_bytes(self) -> bytes | None:
        """The logo, pre-sized and dithered once, then cached (memory and disk)."""
        setup = self.setup
        if setup is None or setup.logo is None:
            return None
        if self._logo is None:
            from pos_app.devices.logo import LogoCache

            cache = LogoCache(self._cache_dir / "logo")
            self._logo = cache.logo_bytes(
                setup.logo, width_px=setup.width_px, profile=setup.profile
            )
        return self._logo

    def render(self, document: dict[str, Any]) -> bytes:
        """The printer's bytes for a document (a printer must be configured)."""
        setup = self.setup
        if setup is None:
            raise RuntimeError("no printer configured")
        blocks = self.blocks(document)
        logo = self.logo_bytes() if document.get("kind") in ("sale", "return") else None
        if setup.image_mode:
            from pos_app.devices.raster import encode_image_receipt

            return encode_image_receipt(
                blocks,
                columns=setup.columns,
                width_px=setup.width_px,
                profile=setup.profile,
                logo=logo,
            )
        assert self._encoder is not None
        return self._encoder.encode(blocks, setup.columns, logo=logo)

    def drawer_kick(self) -> bytes:
        if self.setup is None:
            raise RuntimeError("no printer configured")
        encoder = self._encoder or ReceiptEncoder(
            self.setup.profile, code_page="CP857", slot=self.setup.slot or 0
        )
        return encoder.drawer_kick()
