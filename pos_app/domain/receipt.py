"""The receipt as printer-independent blocks: text lines laid out for 32, 42 or 48 columns,
the receipt number as a barcode, the e-receipt QR. The ESC/POS encoder and the on-screen
preview both draw from this, so what prints and what shows cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pos_app.domain import receipt_giftcards
from pos_app.domain.receipt_customer import customer_lines
from pos_app.domain.receipt_lines import (
    columns,
    columns_lines,
    fits_three_columns,
    indented_wrap,
    three_columns,
    wrap,
)
from pos_app.domain.receipt_points import points_lines, tender_points_lines
from pos_app.domain.text import printable

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
        "sales_n": "SATIŞLAR ({n} adet)",
        "refunds_n": "İADELER ({n} adet)",
        "net_sales": "NET SATIŞ",
        "float": "AÇILIŞ KASASI",
        "expected": "BEKLENEN NAKİT",
        "counted": "SAYILAN NAKİT",
        "over_short": "FAZLA / EKSİK",
        "over": "FAZLA",
        "short": "EKSİK",
        "z_no": "Z No",
        "approved_by": "Onaylayan",
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
        "loyalty": "PUAN",
        "exchange_credit": "DEĞİŞİM ALACAĞI",
        "online_payment": "ÇEVRİMİÇİ İADE",
        "returned_from": "İade edilen web siparişi",
        "original_receipt": "Orijinal fiş",
        "no_receipt": "Fişsiz iade",
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
        "sales_n": "SALES ({n})",
        "refunds_n": "REFUNDS ({n})",
        "net_sales": "NET SALES",
        "float": "OPENING FLOAT",
        "expected": "EXPECTED CASH",
        "counted": "COUNTED CASH",
        "over_short": "OVER / SHORT",
        "over": "OVER",
        "short": "SHORT",
        "z_no": "Z No",
        "approved_by": "Approved by",
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
        "loyalty": "POINTS",
        "exchange_credit": "EXCHANGE CREDIT",
        "online_payment": "ONLINE REFUND",
        "returned_from": "Returned from web order",
        "original_receipt": "Original receipt",
        "no_receipt": "Return without a receipt",
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
    """One line as it prints: ``text`` is kept in its printable form (``printable``), one
    character per column (two for ``large``), so the layout measures what the paper shows."""

    text: str
    align: str = "left"  # left | center | right
    bold: bool = False
    large: bool = False  # double height and width (half the columns): the store name, total

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", printable(self.text))


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


def percent_text(rate: int, language: str) -> str:
    """A VAT rate: ``%10`` in Turkish, ``10%`` in English."""
    return f"%{rate}" if language == "tr" else f"{rate}%"


def quantity_text(qty_milli: int, by_weight: bool, language: str) -> str:
    quantity = Decimal(abs(qty_milli)) / 1000
    if by_weight:
        text = f"{quantity:.3f} kg"
        return text.replace(".", ",") if language == "tr" else text
    return str(int(quantity))


def text_lines(parts: list[str], align: str = "left", *, bold: bool = False) -> list[Block]:
    """Laid-out lines (``columns_lines``, ``wrap``) as text blocks."""
    return [Text(part, align, bold=bold) for part in parts]


def total_blocks(label: str, amount: str, width: int) -> list[Block]:
    """The total in double size, which has half the columns: on one line when both fit,
    else the label and the amount on lines of their own (``9.999.999,99 TL`` at 32 columns);
    an amount too wide even alone prints bold at normal size."""
    label, amount = printable(label), printable(amount)
    half = width // 2
    if len(label) + 1 + len(amount) <= half:
        return [Text(columns(label, amount, half), bold=True, large=True)]
    if len(label) <= half and len(amount) <= half:
        return [Text(label, bold=True, large=True), Text(amount, "right", bold=True, large=True)]
    return text_lines(columns_lines(label, amount, width), bold=True)


def fit(blocks: list[Block], width: int) -> list[Block]:
    """Every text line within the paper: one longer than its columns (half of them for
    double size) is wrapped here rather than by the printer, mid-word and unseen by the
    preview. The layout measures its lines; this is the guarantee for free text."""
    fitted: list[Block] = []
    for block in blocks:
        room = width // 2 if isinstance(block, Text) and block.large else width
        if isinstance(block, Text) and len(block.text) > room:
            fitted.extend(replace(block, text=part) for part in indented_wrap(block.text, room))
        else:
            fitted.append(block)
    return fitted


def layout(
    document: dict[str, Any],
    *,
    width: int,
    store: StoreInfo,
    timezone: str,
    ereceipt_base_url: str = "",
) -> list[Block]:
    """Lay out a sale's or refund's receipt document (as stored in its print job), or a
    staff badge (``badge_layout``)."""
    if width not in WIDTHS:
        raise ValueError(f"receipt width must be one of {WIDTHS}, not {width}")
    if document.get("kind") == "badge":
        return badge_layout(document, width=width, store=store)
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
    blocks.extend(
        text_lines(columns_lines(when.strftime("%d.%m.%Y %H:%M"), document["receipt_no"], width))
    )
    blocks.append(
        Text(
            columns(
                f"{labels['cashier']}: {document.get('cashier_name', '')}",
                f"{labels['till']} {document['terminal_code']}",
                width,
            )
        )
    )
    blocks.extend(Text(part) for part in customer_lines(document, language, width))
    blocks.extend(Text(part) for part in wrap(_refund_origin(document, labels), width))
    blocks.append(Rule())
    for line in document["lines"]:
        names = line.get("names") or {}
        name = names.get(language) or line["name"]
        qty = quantity_text(line["qty_milli"], line["sold_by_weight"], language)
        unit = money(line["unit_price_minor"]) + (" /kg" if line["sold_by_weight"] else "")
        blocks.append(Text(columns(name, percent_text(line["vat_rate"], language), width)))
        # Prices and amounts are never cut: one that does not fit goes on a line of its own.
        gross = money(line["gross_minor"])
        blocks.extend(text_lines(columns_lines(f"  {qty} x {unit}", gross, width)))
        if line.get("override_reason") and not refund:
            original = money(line["list_price_minor"])
            override = f"  {labels['override']} ({original})"
            blocks.extend(text_lines(columns_lines(override, line["override_reason"], width)))
        if line["line_discount_minor"]:
            discount = money(-line["line_discount_minor"])
            blocks.extend(text_lines(columns_lines(f"  {labels['discount']}", discount, width)))
        if line.get("remote") and document.get("web_order"):
            where = f"  > {_destination(document['web_order'], labels)}"
            blocks.extend(text_lines(indented_wrap(where, width)))
        if document.get("value_cards"):
            blocks.extend(Text(text) for text in receipt_giftcards.card_line_texts(document, line))
    blocks.append(Rule())
    if document["line_discounts_minor"] or document["cart_discount_minor"]:
        subtotal = money(document["subtotal_minor"])
        blocks.extend(text_lines(columns_lines(labels["subtotal"], subtotal, width)))
        reductions = document["line_discounts_minor"] + document["cart_discount_minor"]
        blocks.extend(text_lines(columns_lines(labels["discounts"], money(-reductions), width)))
    if document["rounding_minor"]:
        rounding = money(document["rounding_minor"])
        blocks.extend(text_lines(columns_lines(labels["rounding"], rounding, width)))
    blocks.extend(total_blocks(labels["total"], money(document["total_minor"]), width))
    blocks.extend(_vat_table(document["taxes"], labels, money, width, language))
    blocks.extend(text_lines(columns_lines(labels["vat"], money(document["tax_minor"]), width)))
    blocks.append(Rule())
    for tender in document["tenders"]:
        cards: list[Block] = []
        if tender["kind"] == "gift_card" or document.get("value_cards"):
            for left, right in receipt_giftcards.card_tender_rows(document, tender, money):
                cards.extend(text_lines(columns_lines(left, right, width)))
            if tender["kind"] == "gift_card":
                blocks.extend(cards)
                continue
        label = labels.get(tender["kind"], tender["kind"])
        blocks.extend(text_lines(columns_lines(label, money(tender["amount_minor"]), width)))
        blocks.extend(text_lines(tender_points_lines(tender, language)))
        if tender.get("approval_code") and tender["kind"] != "loyalty":  # not a reservation id
            code = f"  {labels['code']}: {tender['approval_code']}"
            blocks.extend(text_lines(indented_wrap(code, width)))
        if tender.get("tendered_minor"):
            given = money(tender["tendered_minor"])
            blocks.extend(text_lines(columns_lines(f"  {labels['given']}", given, width)))
        if tender.get("change_minor"):
            change = money(tender["change_minor"])
            blocks.extend(text_lines(columns_lines(labels["change"], change, width), bold=True))
        blocks.extend(cards)  # a store-credit card issued by a refund: its last four
    blocks.extend(text_lines(points_lines(document.get("points_summary"), language, width)))
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
    return fit(blocks, width)


def badge_layout(document: dict[str, Any], *, width: int, store: StoreInfo) -> list[Block]:
    """A staff badge (``pos users badge``): the store, the holder's name and role, and the
    badge code as a CODE128 barcode that a kiosk's scanner reads to open service mode."""
    return fit(
        [
            Text(store.name, "center"),
            Rule(),
            Text(document["name"], "center", bold=True, large=True),
            Text(document.get("role", ""), "center"),
            Barcode(document["code"]),
        ],
        width,
    )


def _refund_origin(document: dict[str, Any], labels: dict[str, str]) -> str:
    """What a refund takes back: the web order, the original receipt, or no receipt ("" on
    a sale, and on a refund printed before its document named the original receipt)."""
    web_return = document.get("web_return")
    if isinstance(web_return, dict) and web_return.get("number"):  # services.web_returns
        return f"{labels['returned_from']}: {web_return['number']}"
    if document.get("kind") != "return" or "original_receipt_no" not in document:
        return ""
    if document["original_receipt_no"]:
        return f"{labels['original_receipt']}: {document['original_receipt_no']}"
    return labels["no_receipt"]


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
    language: str,
) -> list[Block]:
    """Net and VAT per rate, under a heading row; when an amount is too wide for its column
    (large amounts at 32 columns), each rate on a line of its own with its net and VAT below."""
    heading = (f"{labels['vat']} %", labels["net"], labels["vat"])
    bands = [
        (
            percent_text(band["rate_percent"], language),
            money(band["net_minor"]),
            money(band["tax_minor"]),
        )
        for band in taxes
    ]
    if all(fits_three_columns(*row, width) for row in (heading, *bands)):
        return [Text(three_columns(*row, width)) for row in (heading, *bands)]
    rows: list[Block] = []
    for rate, net, vat in bands:
        rows.append(Text(f"{labels['vat']} {rate}"))
        rows.extend(text_lines(columns_lines(f"  {labels['net']}", net, width)))
        rows.extend(text_lines(columns_lines(f"  {labels['vat']}", vat, width)))
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
    if report.get("z_no"):  # services.shifts: the till's running Z number
        blocks.append(Text(f"{labels['z_no']}: {report['z_no']:04d}", "center", bold=True))
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
    # Counts and amounts are never cut: one that does not fit goes on a line of its own.
    blocks.extend(
        text_lines(
            columns_lines(
                labels["sales_n"].format(n=report["sales_count"]),
                money(report["sales_total_minor"]),
                width,
            )
        )
    )
    blocks.extend(
        text_lines(
            columns_lines(
                labels["refunds_n"].format(n=report["refunds_count"]),
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
    blocks.extend(_vat_table(report["taxes"], labels, money, width, language))
    blocks.append(Rule())
    blocks.append(Text(columns(labels["float"], money(report["opening_float_minor"]), width)))
    blocks.append(Text(columns(labels["expected"], money(report["expected_cash_minor"]), width)))
    if report.get("counted_cash_minor") is not None:
        blocks.append(Text(columns(labels["counted"], money(report["counted_cash_minor"]), width)))
        # The word says which way (no minus sign): SHORT 6,971.26 TL, OVER 3.00 TL.
        difference = report["over_short_minor"]
        word = "short" if difference < 0 else "over" if difference > 0 else "over_short"
        blocks.append(Text(columns(labels[word], money(abs(difference)), width), bold=True))
        if report.get("approved_by"):  # a count off by more than the limit: who approved
            blocks.append(Text(columns(f"  {labels['approved_by']}", report["approved_by"], width)))
    blocks.append(Text(columns(labels["no_sales"], str(report["no_sale_count"]), width)))
    return fit(blocks, width)


TURKISH_SAMPLE = "ÇĞİÖŞÜ çğıöşü"


def test_page(
    *, width: int, profile: str, code_page: str, slot: int | None, uri: str, qr_data: str
) -> list[Block]:
    """The installer's test page: does the code page slot print every Turkish letter?"""
    slot_text = "?" if slot is None else str(slot)
    blocks: list[Block] = [
        Text("TEST", "center", bold=True, large=True),
        Text(printable(uri)[:width], "center"),
        *text_lines(columns_lines("Profile / Profil", profile, width)),
        *text_lines(columns_lines("Code page / Kod sayfası", f"{code_page} @ {slot_text}", width)),
        *text_lines(columns_lines("Width / Genişlik", str(width), width)),
        Rule(),
        # The check line stays whole where it fits (24 columns); the sentences wrap at 32.
        *text_lines(wrap(f"{code_page} {slot_text}: {TURKISH_SAMPLE}", width), bold=True),
        *text_lines(wrap("Pijamalı hasta yağız şoföre çabucak güvendi.", width)),
        *text_lines(wrap("The quick brown fox jumps over the lazy dog.", width)),
        Text("0123456789 TL %1 %10 %20"),
        Rule(),
    ]
    blocks.extend(
        text_lines(
            wrap(
                "Yukarıdaki harfler ÇĞİÖŞÜ çğıöşü ile aynı değilse kod sayfası yuvası yanlış. "
                "If the letters above differ from the sample, the code page slot is wrong.",
                width,
            )
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
    return fit(blocks, width)


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
