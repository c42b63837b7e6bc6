"""The receipt as printer-independent blocks: text lines laid out for 32, 42 or 48 columns,
the receipt number as a barcode, the e-receipt QR. The ESC/POS encoder and the on-screen
preview both draw from this, so what prints and what shows cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

WIDTHS = (32, 42, 48)  # characters per line: 58 mm Font A, 80 mm Font B-ish, 80 mm Font A

_LABELS: dict[str, dict[str, str]] = {
    "tr": {
        "receipt": "FİŞ",
        "refund": "İADE FİŞİ",
        "copy": "*** KOPYA ***",
        "cashier": "Kasiyer",
        "till": "Kasa",
        "tax_no": "Vergi No",
        "subtotal": "ARA TOPLAM",
        "discounts": "İNDİRİMLER",
        "rounding": "YUVARLAMA",
        "total": "TOPLAM",
        "vat": "KDV",
        "net": "MATRAH",
        "cash": "NAKİT",
        "card": "KART",
        "store_credit": "MAĞAZA KREDİSİ",
        "exchange_credit": "DEĞİŞİM ALACAĞI",
        "change": "PARA ÜSTÜ",
        "given": "VERİLEN",
        "code": "Onay",
        "override": "Fiyat değişti",
        "discount": "İndirim",
        "scan": "E-fişiniz için okutun",
        "footer": "İade ve değişim: fiş ile 14 gün içinde.",
        "thanks": "Teşekkür ederiz",
    },
    "en": {
        "receipt": "RECEIPT",
        "refund": "REFUND",
        "copy": "*** COPY ***",
        "cashier": "Cashier",
        "till": "Till",
        "tax_no": "Tax no",
        "subtotal": "SUBTOTAL",
        "discounts": "DISCOUNTS",
        "rounding": "ROUNDING",
        "total": "TOTAL",
        "vat": "VAT",
        "net": "NET",
        "cash": "CASH",
        "card": "CARD",
        "store_credit": "STORE CREDIT",
        "exchange_credit": "EXCHANGE CREDIT",
        "change": "CHANGE",
        "given": "GIVEN",
        "code": "Approval",
        "override": "Price changed",
        "discount": "Discount",
        "scan": "Scan for your e-receipt",
        "footer": "Returns and exchanges within 14 days with this receipt.",
        "thanks": "Thank you",
    },
}


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    align: str = "left"  # left | center | right
    bold: bool = False
    large: bool = False  # double height and width: the total


@dataclass(frozen=True, slots=True)
class Rule:
    """A full-width separator line."""


@dataclass(frozen=True, slots=True)
class Barcode:
    data: str  # CODE128, scanned for returns


@dataclass(frozen=True, slots=True)
class QrCode:
    data: str


Block = Text | Rule | Barcode | QrCode


@dataclass(frozen=True, slots=True)
class StoreInfo:
    name: str
    address: str = ""
    tax_number: str = ""


def money_text(minor: int, language: str) -> str:
    """``1.234,56 TL`` / ``1,234.56 TL``: no code page has ``₺``, so receipts print TL."""
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), 100)
    grouped = f"{units:,}"
    if language == "tr":
        return f"{sign}{grouped.replace(',', '.')},{cents:02d} TL"
    return f"{sign}{grouped}.{cents:02d} TL"


def quantity_text(qty_milli: int, by_weight: bool, language: str) -> str:
    quantity = Decimal(abs(qty_milli)) / 1000
    if by_weight:
        text = f"{quantity:.3f} kg"
        return text.replace(".", ",") if language == "tr" else text
    return str(int(quantity))


def columns(left: str, right: str, width: int) -> str:
    """``left`` and ``right`` on one line; a long ``left`` is cut so ``right`` always fits."""
    room = width - len(right) - 1
    if room < 1:
        return right[-width:]
    if len(left) > room:
        left = left[: room - 1] + "…" if room > 1 else left[:room]
    return f"{left}{' ' * (width - len(left) - len(right))}{right}"


def three_columns(first: str, second: str, third: str, width: int) -> str:
    """A short left column, then two right-aligned amounts sharing the rest (the VAT table)."""
    lead = 6
    half = (width - lead) // 2
    return f"{first[:lead]:<{lead}}{second:>{half}}{third:>{width - lead - half}}"


def wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def layout(
    document: dict[str, Any],
    *,
    width: int,
    store: StoreInfo,
    timezone: str,
    ereceipt_base_url: str = "",
) -> list[Block]:
    """Lay out a sale's or refund's receipt document (as stored in its print job)."""
    if width not in WIDTHS:
        raise ValueError(f"receipt width must be one of {WIDTHS}, not {width}")
    language = document.get("language", "tr")
    labels = _LABELS.get(language, _LABELS["en"])
    refund = document["kind"] == "return"

    def money(minor: int) -> str:
        return money_text(minor, language)

    blocks: list[Block] = []
    if document.get("copy"):
        blocks.append(Text(labels["copy"], "center", bold=True))
    blocks.append(Text(store.name, "center", bold=True, large=True))
    for line in wrap(store.address, width):
        blocks.append(Text(line, "center"))
    if store.tax_number:
        blocks.append(Text(f"{labels['tax_no']}: {store.tax_number}", "center"))
    blocks.append(Rule())
    blocks.append(Text(labels["refund" if refund else "receipt"], "center", bold=True))
    when = datetime.fromisoformat(document["completed_at"]).astimezone(ZoneInfo(timezone))
    blocks.append(Text(columns(when.strftime("%d.%m.%Y %H:%M"), document["receipt_no"], width)))
    blocks.append(
        Text(
            columns(
                f"{labels['cashier']}: {document.get('cashier_name', '')}",
                f"{labels['till']} {document['terminal_code']}",
                width,
            )
        )
    )
    blocks.append(Rule())
    for line in document["lines"]:
        names = line.get("names") or {}
        name = names.get(language) or line["name"]
        qty = quantity_text(line["qty_milli"], line["sold_by_weight"], language)
        unit = money(line["unit_price_minor"]) + (" /kg" if line["sold_by_weight"] else "")
        blocks.append(Text(columns(name, f"%{line['vat_rate']}", width)))
        blocks.append(Text(columns(f"  {qty} x {unit}", money(line["gross_minor"]), width)))
        if line.get("override_reason") and not refund:
            original = money(line["list_price_minor"])
            blocks.append(
                Text(
                    columns(f"  {labels['override']} ({original})", line["override_reason"], width)
                )
            )
        if line["line_discount_minor"]:
            blocks.append(
                Text(columns(f"  {labels['discount']}", money(-line["line_discount_minor"]), width))
            )
    blocks.append(Rule())
    if document["line_discounts_minor"] or document["cart_discount_minor"]:
        blocks.append(Text(columns(labels["subtotal"], money(document["subtotal_minor"]), width)))
        reductions = document["line_discounts_minor"] + document["cart_discount_minor"]
        blocks.append(Text(columns(labels["discounts"], money(-reductions), width)))
    if document["rounding_minor"]:
        blocks.append(Text(columns(labels["rounding"], money(document["rounding_minor"]), width)))
    blocks.append(
        Text(
            columns(labels["total"], money(document["total_minor"]), width // 2),
            bold=True,
            large=True,
        )
    )
    blocks.append(Text(three_columns(f"{labels['vat']} %", labels["net"], labels["vat"], width)))
    for band in document["taxes"]:
        blocks.append(
            Text(
                three_columns(
                    f"%{band['rate_percent']}",
                    money(band["net_minor"]),
                    money(band["tax_minor"]),
                    width,
                )
            )
        )
    blocks.append(Text(columns(labels["vat"], money(document["tax_minor"]), width)))
    blocks.append(Rule())
    for tender in document["tenders"]:
        label = labels.get(tender["kind"], tender["kind"])
        blocks.append(Text(columns(label, money(tender["amount_minor"]), width)))
        if tender.get("approval_code"):
            blocks.append(Text(f"  {labels['code']}: {tender['approval_code']}"))
        if tender.get("tendered_minor"):
            blocks.append(
                Text(columns(f"  {labels['given']}", money(tender["tendered_minor"]), width))
            )
        if tender.get("change_minor"):
            blocks.append(
                Text(columns(labels["change"], money(tender["change_minor"]), width), bold=True)
            )
    blocks.append(Rule())
    blocks.append(Barcode(document["receipt_no"]))
    token = document.get("receipt_token")
    if token and ereceipt_base_url:
        blocks.append(QrCode(f"{ereceipt_base_url.rstrip('/')}/r/{token}"))
        blocks.append(Text(labels["scan"], "center"))
    for line in wrap(labels["footer"], width):
        blocks.append(Text(line, "center"))
    blocks.append(Text(labels["thanks"], "center", bold=True))
    return blocks


def as_text(blocks: list[Block], width: int) -> str:
    """A plain-text rendering (for the on-screen preview and tests)."""
    out = []
    for block in blocks:
        if isinstance(block, Rule):
            out.append("-" * width)
        elif isinstance(block, Barcode):
            out.append(f"[barcode {block.data}]".center(width).rstrip())
        elif isinstance(block, QrCode):
            out.extend(line.center(width).rstrip() for line in wrap(f"[QR {block.data}]", width))
        elif block.align == "center":
            out.append(block.text.center(width).rstrip())
        elif block.align == "right":
            out.append(block.text.rjust(width))
        else:
            out.append(block.text)
    return "\n".join(out)
