"""The slip of a card a sale made (an e-gift card, store credit from a return): its code as a
QR, a barcode and in display form. Printed from memory straight to the printer, never stored
(``services.value_card_slips``, docs/loyalty.md "Gift cards at the till")."""

from __future__ import annotations

from typing import Any

from pos_app.domain.receipt import (
    Barcode,
    Block,
    QrCode,
    Rule,
    StoreInfo,
    Text,
    fit,
    money_text,
    text_lines,
)
from pos_app.domain.receipt_giftcards import SLIP_KIND, labels_for
from pos_app.domain.receipt_lines import columns_lines, wrap


def slip_document(
    code: str, display: str, card_kind: str, amount_minor: int, receipt_no: str, language: str
) -> dict[str, Any]:
    """The slip of a card this sale made: printed from memory, never stored."""
    return {
        "kind": SLIP_KIND,
        "code": code,
        "display": display,
        "card_kind": card_kind,
        "amount_minor": amount_minor,
        "receipt_no": receipt_no,
        "language": language,
    }


def slip_layout(document: dict[str, Any], *, width: int, store: StoreInfo) -> list[Block]:
    """The card's code as a QR and a barcode (scanned at a till or a kiosk, typed online in
    its display form), the amount it was loaded with and the receipt that made it."""
    language = document.get("language", "tr")
    labels = labels_for(language)
    title = labels[
        "store_credit_title" if document["card_kind"] == "store_credit" else "gift_title"
    ]
    blocks: list[Block] = [
        Text(store.name, "center", bold=True),
        Rule(),
        Text(title, "center", bold=True, large=True),
        QrCode(document["code"]),
        Text(document["display"], "center", bold=True),
        Barcode(document["code"]),
        *text_lines(
            columns_lines(labels["amount"], money_text(document["amount_minor"], language), width)
        ),
        Text(f"{labels['receipt']}: {document['receipt_no']}"),
        Rule(),
        *(Text(part, "center") for part in wrap(labels["keep"], width)),
    ]
    return fit(blocks, width)
