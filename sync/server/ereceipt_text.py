"""The e-receipt page's words and number formats in Turkish and English (``ereceipt``)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

LABELS: dict[str, dict[str, str]] = {
    "tr": {
        "receipt": "FİŞ",
        "refund": "İADE",
        "exchange": "İADE · DEĞİŞİM",
        "title": "Fiş",
        "refund_title": "İade fişi",
        "date": "Tarih",
        "time": "Saat",
        "receipt_no": "Fiş no",
        "original_receipt": "Orijinal fiş",
        "no_receipt": "Yok (fişsiz iade)",
        "web_order": "Web siparişi",
        "till": "Kasa",
        "tax_no": "Vergi No",
        "items": "Ürünler",
        "returned_items": "İade edilen ürünler",
        "discount": "İndirim",
        "subtotal": "Ara toplam",
        "line_discounts": "Ürün indirimleri",
        "cart_discount": "Sepet indirimi",
        "vat_added": "KDV",
        "rounding": "Yuvarlama",
        "total": "Toplam",
        "refund_total": "İade toplamı",
        "vat_heading": "KDV dökümü",
        "vat": "KDV",
        "rate": "Oran",
        "net": "Matrah",
        "total_vat": "Toplam KDV",
        "payment": "Ödeme",
        "refund_payment": "İade ödemesi",
        "cash": "Nakit",
        "card": "Kart",
        "store_credit": "Mağaza kredisi",
        "exchange_credit": "Değişim alacağı",
        "online_payment": "Çevrimiçi ödemeye iade",
        "loyalty": "Puan",
        "gift_card": "Hediye kartı",
        "other": "Diğer",
        "delivery_heading": "Adrese teslimat",
        "pickup_heading": "Mağazadan teslim",
        "remote_delivery": "Adrese gönderilecek",
        "remote_pickup": "Teslim",
        "unconfirmed": "Çevrimdışı alındı: stok, sipariş merkeze ulaşınca kesinleşir.",
        "confirmed": "Sipariş hazır olunca size haber verilecek.",
        "web_order_collected": "Web siparişi {number} teslim edildi",
        "given": "Verilen",
        "change": "Para üstü",
        "footer": "İade ve değişim: fiş ile 14 gün içinde.",
        "thanks": "Teşekkür ederiz",
        "print_link": "PDF olarak kaydet / yazdır",
        "print_button": "Yazdır veya PDF olarak kaydet",
        "print_hint": "PDF olarak kaydetmek için yazdırma penceresinde “PDF olarak kaydet”i seçin.",
        "print_nojs": "Yazdırmak veya PDF olarak kaydetmek için tarayıcınızın menüsünden "
        "“Yazdır”ı seçin.",
        "back": "Fişe dön",
        "note": "Bu bağlantıyı bilen herkes fişinizi görebilir; yalnızca güvendiğiniz "
        "kişilerle paylaşın.",
        "pending_title": "Fişiniz hazırlanıyor",
        "pending_lead": "Fişiniz birkaç dakika içinde burada olacak.",
        "pending_text": "Bu sayfa kendiliğinden yenilenir; açık bırakmanız yeterli.",
    },
    "en": {
        "receipt": "RECEIPT",
        "refund": "REFUND",
        "exchange": "REFUND · EXCHANGE",
        "title": "Receipt",
        "refund_title": "Refund receipt",
        "date": "Date",
        "time": "Time",
        "receipt_no": "Receipt no",
        "original_receipt": "Original receipt",
        "no_receipt": "None (return without a receipt)",
        "web_order": "Web order",
        "till": "Till",
        "tax_no": "Tax no",
        "items": "Items",
        "returned_items": "Returned items",
        "discount": "Discount",
        "subtotal": "Subtotal",
        "line_discounts": "Item discounts",
        "cart_discount": "Basket discount",
        "vat_added": "VAT",
        "rounding": "Rounding",
        "total": "Total",
        "refund_total": "Refund total",
        "vat_heading": "VAT breakdown",
        "vat": "VAT",
        "rate": "Rate",
        "net": "Net",
        "total_vat": "Total VAT",
        "payment": "Payment",
        "refund_payment": "Refunded to",
        "cash": "Cash",
        "card": "Card",
        "store_credit": "Store credit",
        "exchange_credit": "Exchange credit",
        "online_payment": "Back to the online payment",
        "loyalty": "Points",
        "gift_card": "Gift card",
        "other": "Other",
        "delivery_heading": "Home delivery",
        "pickup_heading": "Pick up in store",
        "remote_delivery": "To be delivered",
        "remote_pickup": "Pick up at",
        "unconfirmed": "Taken offline: availability is not guaranteed until the order syncs.",
        "confirmed": "We will let you know when your order is ready.",
        "web_order_collected": "Web order {number} collected",
        "given": "Tendered",
        "change": "Change",
        "footer": "Returns and exchanges within 14 days with this receipt.",
        "thanks": "Thank you",
        "print_link": "Save as PDF / print",
        "print_button": "Print or save as PDF",
        "print_hint": "To get a PDF, choose “Save as PDF” in the print dialog.",
        "print_nojs": "To print or save as PDF, choose “Print” in your browser's menu.",
        "back": "Back to receipt",
        "note": "Anyone with this link can see your receipt; share it only with people you trust.",
        "pending_title": "Your receipt is on its way",
        "pending_lead": "Your receipt will appear here shortly.",
        "pending_text": "This page refreshes by itself; just keep it open.",
    },
}

MONTHS = {
    "tr": (
        "Ocak",
        "Şubat",
        "Mart",
        "Nisan",
        "Mayıs",
        "Haziran",
        "Temmuz",
        "Ağustos",
        "Eylül",
        "Ekim",
        "Kasım",
        "Aralık",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

# A web page can show the lira sign (paper cannot: no printer code page has it, so receipts
# print TL), so the page shows money as the till's screens do (pos_app.ui.i18n.format_money).
_SYMBOLS = {"TRY": "₺", "EUR": "€", "USD": "$"}  # as pos_app.ui.i18n.CURRENCY_SYMBOLS


def format_money(minor: int, currency: str, language: str) -> str:
    """``1.234,56 ₺`` in Turkish, ``₺1,234.56`` in English; a currency without a symbol
    here by its code (``1.234,56 CHF``, ``CHF 1,234.56``)."""
    sign = "-" if minor < 0 else ""
    units, cents = divmod(abs(minor), 100)
    grouped = f"{units:,}"
    symbol = _SYMBOLS.get(currency)
    if language == "tr":
        return f"{sign}{grouped.replace(',', '.')},{cents:02d} {symbol or currency}"
    if symbol is None:
        return f"{sign}{currency} {grouped}.{cents:02d}"
    return f"{sign}{symbol}{grouped}.{cents:02d}"


def format_percent(value: Decimal | int, language: str) -> str:
    """``%20`` in Turkish, ``20%`` in English."""
    text = f"{Decimal(value).normalize():f}"
    if language == "tr":
        return "%" + text.replace(".", ",")
    return text + "%"


def format_quantity(qty_milli: int, by_weight: bool, language: str) -> str:
    """Pieces as a whole number; weights (grams) in kg with three decimals."""
    qty = Decimal(abs(qty_milli)) / 1000
    if by_weight:
        text = f"{qty:.3f} kg"
        return text.replace(".", ",") if language == "tr" else text
    text = f"{qty.normalize():f}"
    return text.replace(".", ",") if language == "tr" else text


def format_date(when: datetime, language: str) -> str:
    return f"{when.day} {MONTHS[language][when.month - 1]} {when.year}"
