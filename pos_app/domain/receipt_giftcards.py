"""Gift cards and store-credit cards on the receipt (docs/loyalty.md "Gift cards at the till").

On the receipt (stored in its print job, reprinted as a copy) a card is named by its last
four symbols only, with what a payment left on it. The code itself prints only on the slip
of a card this sale made (``receipt_slips``), laid out from memory and never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SLIP_KIND = "value_card_slip"

LABELS: dict[str, dict[str, str]] = {
    "tr": {
        "gift_card": "HEDİYE KARTI",
        "card": "Kart",
        "left": "Kalan bakiye",
        "gift_title": "HEDİYE KARTI",
        "store_credit_title": "MAĞAZA KREDİSİ",
        "amount": "Tutar",
        "receipt": "Fiş",
        "keep": "Bu kodu saklayın: mağazada ve çevrimiçi harcanabilir. "
        "Kaybolan kod yeniden yazdırılamaz.",
    },
    "en": {
        "gift_card": "GIFT CARD",
        "card": "Card",
        "left": "Left on card",
        "gift_title": "GIFT CARD",
        "store_credit_title": "STORE CREDIT",
        "amount": "Amount",
        "receipt": "Receipt",
        "keep": "Keep this code: spend it in store or online. A lost code cannot be printed again.",
    },
}


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def _entries(document: dict[str, Any], key: str, value: str | None) -> list[dict[str, Any]]:
    return [e for e in document.get("value_cards") or [] if value and e.get(key) == value]


def card_line_texts(document: dict[str, Any], line: dict[str, Any]) -> list[str]:
    """Under a line that sold or topped up a card: the card's last four symbols."""
    labels = labels_for(document.get("language", "tr"))
    return [
        f"  {labels['card']} **** {entry['last4']}"
        for entry in _entries(document, "line_id", line.get("id"))
        if entry.get("last4")
    ]


def card_tender_rows(
    document: dict[str, Any], tender: dict[str, Any], money: Callable[[int], str]
) -> list[tuple[str, str]]:
    """A card tender as (left, right) rows: its label and amount (a gift card tender), the
    card's last four symbols and, for a payment, what it left on the card. Never the code,
    never the reservation."""
    labels = labels_for(document.get("language", "tr"))
    rows: list[tuple[str, str]] = []
    if tender["kind"] == "gift_card":
        rows.append((labels["gift_card"], money(tender["amount_minor"])))
    for entry in _entries(document, "tender_id", tender.get("tender_id")):
        if entry.get("last4"):
            rows.append((f"  {labels['card']} **** {entry['last4']}", ""))
    left = (document.get("value_card_left") or {}).get(tender.get("tender_id"))
    if left is not None:
        rows.append((f"  {labels['left']}", money(left)))
    return rows
