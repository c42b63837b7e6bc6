"""The customer on a receipt: their short number only, never their name, phone, e-mail or
address (docs/loyalty.md "Customers on the receipt")."""

from __future__ import annotations

from typing import Any

from pos_app.domain.receipt_lines import columns

_LABEL = {"tr": "Müşteri no", "en": "Customer no"}


def customer_number(customer_id: str) -> str:
    """What the receipt and the screens show of a customer id: its last 8 characters."""
    return customer_id.replace("-", "")[-8:].upper()


def customer_lines(document: dict[str, Any], language: str, width: int) -> list[str]:
    """``Müşteri no: 1A2B3C4D`` when the sale or return was rung for a customer."""
    customer_id = document.get("customer_id")
    if not customer_id:
        return []
    label = _LABEL.get(language, _LABEL["en"])
    return [columns(f"{label}:", customer_number(str(customer_id)), width)]
