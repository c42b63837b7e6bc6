"""The receipt as printer-independent blocks: text lines laid out for 32, 42 or 48 columns,
the receipt number as a barcode, the e-receipt QR. The ESC/POS encoder and the on-screen
preview both draw from this, so what prints and what shows cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
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
        "exchange": "DEĞİŞİM FİŞİ",
        "x_report": "X RAPORU (ARA RAPOR)",
        "z_report": "Z RAPORU (KASA KAPANIŞ)",
        "shift": "Vardiya",
        "opened": "Açılış",
        "closed": "Kapanış",
        "printed": "Yazdırma",
        "sales": "SATIŞLAR",
        "refunds": "İADELER",
        "count": "adet",
        "net_sales": "NET SATIŞ",
        "float": "AÇILIŞ KASASI",
        "expected": "BEKLENEN NAKİT",
        "counted": "SAYILAN NAKİT",
        "over_short": "FAZLA / EKSİK",
        "no_sales": "Satışsız çekmece açma",
        "not_closed": "Vardiya açık: ara rapor",
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
        "online_payment": "ÇEVRİMİÇİ İADE",
        "returned_from": "İade edilen web siparişi",
        "change": "PARA ÜSTÜ",
        "given": "VERİLEN",
        "code": "Onay",
        "override": "Fiyat değişti",
        "discount": "İndirim",
        "scan": "E-fişiniz için okutun",
        "footer": "İade ve değişim: fiş ile 14 gün içinde.",
        "thanks": "Teşekkür ederiz",
        "delivery": "ADRESE TESLİMAT",
        "pickup_at": "MAĞAZADAN TESLİM",
        "remote_delivery": "Adrese gönderilecek",
        "remote_pickup": "Teslim",
        "for": "Alıcı",
        "unconfirmed": "Çevrimdışı alındı: stok, sipariş merkeze ulaşınca kesinleşir.",
        "confirmed": "Sipariş hazır olunca size haber verilecek.",
        "web_order": "WEB SİPARİŞİ",
        "collected": "teslim edildi",
    },
    "en": {
        "receipt": "RECEIPT",
        "refund": "REFUND",
        "exchange": "EXCHANGE SLIP",
        "x_report": "X REPORT (MID-SHIFT)",
        "z_report": "Z REPORT (SHIFT CLOSE)",
        "shift": "Shift",
        "opened": "Opened",
        "closed": "Closed",
        "printed": "Printed",
        "sales": "SALES",
        "refunds": "REFUNDS",
        "count": "count",
        "net_sales": "NET SALES",
        "float": "OPENING FLOAT",
        "expected": "EXPECTED CASH",
        "counted": "COUNTED CASH",
        "over_short": "OVER / SHORT",
        "no_sales": "Drawer opened without a sale",
        "not_closed": "Shift still open: interim report",
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
        "online_payment": "ONLINE REFUND",
        "returned_from": "Returned from web order",
        "change": "CHANGE",
        "given": "GIVEN",
        "code": "Approval",
        "override": "Price changed",
        "discount": "Discount",
        "scan": "Scan for your e-receipt",
        "footer": "Returns and exchanges within 14 days with this receipt.",
        "thanks": "Thank you",
        "delivery": "HOME DELIVERY",
        "pickup_at": "PICK UP IN STORE",
        "remote_delivery": "To be delivered",
        "remote_pickup": "Pick up at",
        "for": "For",
        "unconfirmed": "Taken offline: availability is not guaranteed until the order syncs.",
        "confirmed": "We will let you know when your order is ready.",
        "web_order": "WEB ORDER",
        "collected": "collected",
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

    blocks = _heading(document, width, store, labels)
    title = "refund" if refund else "receipt"
    if refund and document.get("exchange_id"):
        title = "exchange"
    blocks.append(Text(labels[title], "center", bold=True))
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
    web_return = document.get("web_return")
    if isinstance(web_return, dict) and web_return.get("number"):  # services.web_returns
        for part in wrap(f"{labels['returned_from']}: {web_return['number']}", width):
            blocks.append(Text(part))
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
        if line.get("remote") and document.get("web_order"):
            blocks.append(Text(f"  > {_destination(document['web_order'], labels)}"))
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
    blocks.extend(_vat_table(document["taxes"], labels, money, width))
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
    blocks.extend(_remote_blocks(document, labels, width))
    blocks.append(Barcode(document["receipt_no"]))
    token = document.get("receipt_token")
    if token and ereceipt_base_url:
        blocks.append(QrCode(f"{ereceipt_base_url.rstrip('/')}/r/{token}"))
        blocks.append(Text(labels["scan"], "center"))
    for line in wrap(labels["footer"], width):
        blocks.append(Text(line, "center"))
    blocks.append(Text(labels["thanks"], "center", bold=True))
    return blocks


def _destination(web_order: dict[str, Any], labels: dict[str, str]) -> str:
    if web_order.get("fulfilment") == "delivery":
        return labels["remote_delivery"]
    return f"{labels['remote_pickup']}: {web_order.get('store_code') or ''}"


def _remote_blocks(document: dict[str, Any], labels: dict[str, str], width: int) -> list[Block]:
    """What is delivered where (endless aisle), or which web order this sale paid for."""
    blocks: list[Block] = []
    web = document.get("web_order")
    if web:
        delivery = web.get("fulfilment") == "delivery"
        blocks.append(Text(labels["delivery" if delivery else "pickup_at"], "center", bold=True))
        customer = (web.get("customer") or {}).get("name", "")
        blocks.extend(Text(line) for line in wrap(f"{labels['for']}: {customer}", width))
        if delivery:
            where = web.get("delivery_address", "")
        else:
            where = " ".join(
                part for part in (web.get("store_code"), web.get("store_name")) if part
            )
        blocks.extend(Text(line) for line in wrap(where, width))
        note = labels["confirmed" if web.get("availability_confirmed") else "unconfirmed"]
        blocks.extend(Text(line, bold=True) for line in wrap(note, width))
        blocks.append(Rule())
    pickup = document.get("pickup_payment")
    if pickup:
        text = f"{labels['web_order']} {pickup.get('number', '')}: {labels['collected']}"
        blocks.extend(Text(line, "center", bold=True) for line in wrap(text, width))
        blocks.append(Rule())
    return blocks


def _vat_table(
    taxes: list[dict[str, int]],
    labels: dict[str, str],
    money: Callable[[int], str],
    width: int,
) -> list[Block]:
    """Net and VAT per rate, under a heading row."""
    rows: list[Block] = [
        Text(three_columns(f"{labels['vat']} %", labels["net"], labels["vat"], width))
    ]
    for band in taxes:
        net, vat = money(band["net_minor"]), money(band["tax_minor"])
        rows.append(Text(three_columns(f"%{band['rate_percent']}", net, vat, width)))
    return rows


def _heading(
    document: dict[str, Any], width: int, store: StoreInfo, labels: dict[str, str]
) -> list[Block]:
    blocks: list[Block] = []
    if document.get("copy"):
        blocks.append(Text(labels["copy"], "center", bold=True))
    # Double width halves the line: a long store name wraps rather than being cut.
    for line in wrap(store.name, width // 2):
        blocks.append(Text(line, "center", bold=True, large=True))
    for line in wrap(store.address, width):
        blocks.append(Text(line, "center"))
    if store.tax_number:
        blocks.append(Text(f"{labels['tax_no']}: {store.tax_number}", "center"))
    blocks.append(Rule())
    return blocks


def report_layout(
    report: dict[str, Any], *, width: int, store: StoreInfo, timezone: str
) -> list[Block]:
    """A shift report: X (mid-shift, the shift stays open) or Z (at the close)."""
    if width not in WIDTHS:
        raise ValueError(f"receipt width must be one of {WIDTHS}, not {width}")
    language = report.get("language", "tr")
    labels = _LABELS.get(language, _LABELS["en"])
    zone = ZoneInfo(timezone)

    def money(minor: int) -> str:
        return money_text(minor, language)

    def when(value: str) -> str:
        return datetime.fromisoformat(value).astimezone(zone).strftime("%d.%m.%Y %H:%M")

    blocks = _heading(report, width, store, labels)
    blocks.append(Text(labels[report["kind"]], "center", bold=True))
    blocks.append(
        Text(
            columns(
                f"{labels['till']} {report['terminal_code']}",
                f"{labels['cashier']}: {report.get('cashier_name', '')}",
                width,
            )
        )
    )
    blocks.append(Text(columns(labels["opened"], when(report["opened_at"]), width)))
    if report.get("closed_at"):
        blocks.append(Text(columns(labels["closed"], when(report["closed_at"]), width)))
    else:
        blocks.append(Text(labels["not_closed"]))
    blocks.append(Text(columns(labels["printed"], when(report["printed_at"]), width)))
    blocks.append(Rule())
    blocks.append(
        Text(
            columns(
                f"{labels['sales']} ({report['sales_count']} {labels['count']})",
                money(report["sales_total_minor"]),
                width,
            )
        )
    )
    blocks.append(
        Text(
            columns(
                f"{labels['refunds']} ({report['refunds_count']} {labels['count']})",
                money(report["refunds_total_minor"]),
                width,
            )
        )
    )
    net = report["sales_total_minor"] + report["refunds_total_minor"]
    blocks.append(Text(columns(labels["net_sales"], money(net), width), bold=True))
    blocks.append(Rule())
    for tender in report["tenders"]:
        label = labels.get(tender["kind"], tender["kind"])
        blocks.append(Text(columns(label, money(tender["amount_minor"]), width)))
    blocks.append(Rule())
    blocks.extend(_vat_table(report["taxes"], labels, money, width))
    blocks.append(Rule())
    blocks.append(Text(columns(labels["float"], money(report["opening_float_minor"]), width)))
    blocks.append(Text(columns(labels["expected"], money(report["expected_cash_minor"]), width)))
    if report.get("counted_cash_minor") is not None:
        blocks.append(Text(columns(labels["counted"], money(report["counted_cash_minor"]), width)))
        blocks.append(
            Text(
                columns(labels["over_short"], money(report["over_short_minor"]), width),
                bold=True,
            )
        )
    blocks.append(Text(columns(labels["no_sales"], str(report["no_sale_count"]), width)))
    return blocks


TURKISH_SAMPLE = "ÇĞİÖŞÜ çğıöşü"


def test_page(
    *, width: int, profile: str, code_page: str, slot: int | None, uri: str, qr_data: str
) -> list[Block]:
    """The installer's test page: does the code page slot print every Turkish letter?"""
    slot_text = "?" if slot is None else str(slot)
    blocks: list[Block] = [
        Text("TEST", "center", bold=True, large=True),
        Text(uri[:width], "center"),
        Text(columns("Profile / Profil", profile, width)),
        Text(columns("Code page / Kod sayfası", f"{code_page} @ {slot_text}", width)),
        Text(columns("Width / Genişlik", str(width), width)),
        Rule(),
        Text(f"{code_page} {slot_text}: {TURKISH_SAMPLE}", bold=True),
        Text("Pijamalı hasta yağız şoföre çabucak güvendi."),
        Text("The quick brown fox jumps over the lazy dog."),
        Text("0123456789 TL %1 %10 %20"),
        Rule(),
    ]
    blocks.extend(
        Text(line)
        for line in wrap(
            "Yukarıdaki harfler ÇĞİÖŞÜ çğıöşü ile aynı değilse kod sayfası yuvası yanlış. "
            "If the letters above differ from the sample, the code page slot is wrong.",
            width,
        )
    )
    blocks.extend(
        [
            Text(columns("L", "R", width)),
            Text("-" * width),
            Barcode("S01-T01-000123"),
            QrCode(qr_data),
        ]
    )
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
            out.append("[QR]".center(width).rstrip())
            out.extend(block.data[i : i + width] for i in range(0, len(block.data), width))
        elif block.align == "center":
            out.append(block.text.center(width).rstrip())
        elif block.align == "right":
            out.append(block.text.rjust(width))
        else:
            out.append(block.text)
    return "\n".join(out)
